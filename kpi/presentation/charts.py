"""Altair chart builders: plain functions from a polars frame to a chart.

Colours are Okabe-Ito (safe for colour-blind readers) and never carry meaning
alone: statuses and colour codes also get a shape or a text label. The norm is
drawn on every chart that has one.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from kpi.core.kleuren import (  # noqa: F401 - the pages' charts import the palette from here
    BLAUW, GEEL, GRIJS, GROENBLAUW, HEMELBLAUW, KLEURCODE_KLEUREN, NORM_KLEUR, ORANJE, PAARS, VERMILJOEN)
from kpi.core.labels import KLEURCODE_LABELS
from kpi.presentation import patches


STATUS_KLEUR = {"Tijdig": BLAUW, "Te laat": ORANJE, "Verlopen": VERMILJOEN}
STATUS_VORM = {"Tijdig": "circle", "Te laat": "triangle-up", "Verlopen": "square"}
KLEURCODE_KLEUR = {KLEURCODE_LABELS[code]: kleur for code, kleur in KLEURCODE_KLEUREN.items()}
KLEURCODE_VORM = {KLEURCODE_LABELS[code]: vorm for code, vorm in
                  (("rood", "triangle-up"), ("oranje", "diamond"), ("groen", "circle"), ("geen", "square"))}
HOOGTE = 280

alt.data_transformers.disable_max_rows()
patches.schema_lookup_once()  # kpi/presentation/patches.py


def kleur_schaal(mapping: dict[str, str]) -> alt.Scale:
    """An ordinal scale from {category: colour (or shape)}, in the order given (legend order too)."""
    return alt.Scale(domain=list(mapping), range=list(mapping.values()))


def norm_lijn(waarde: float, label: str, as_: str = "y") -> alt.LayerChart:
    """A dashed rule with its label, e.g. the 1:12 caseload norm."""
    frame = pl.DataFrame({"norm": [waarde], "label": [label]})
    base = alt.Chart(frame)
    if as_ == "y":
        rule = base.mark_rule(strokeDash=[6, 4], color=NORM_KLEUR).encode(y="norm:Q")
        text = base.mark_text(align="left", dx=4, dy=-6, color=NORM_KLEUR).encode(
            y="norm:Q", x=alt.value(0), text="label:N")
    else:
        rule = base.mark_rule(strokeDash=[6, 4], color=NORM_KLEUR).encode(x="norm:Q")
        # inside the plot, at the top right of the rule: never cut off by the chart's edge
        text = base.mark_text(align="left", baseline="top", dx=4, dy=2, color=NORM_KLEUR).encode(
            x="norm:Q", y=alt.value(0), text="label:N")
    return rule + text


def trend(frame: pl.DataFrame, y: str, titel_y: str, norm: float | None = None,
          norm_label: str = "norm", kleur: str | None = None, procent: bool = True,
          x: str = "maand", tooltip: list[str] | None = None) -> alt.Chart:
    """Monthly line with points; one line per `kleur` group when given; norm as a dashed rule."""
    y_scale = alt.Scale(domain=[0, 100]) if procent else alt.Undefined
    enc = {
        "x": alt.X(f"{x}:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0)),
        "y": alt.Y(f"{y}:Q", title=titel_y, scale=y_scale),
        "tooltip": tooltip or [alt.Tooltip(f"{x}:T", title="Maand", format="%B %Y"),
                               alt.Tooltip(f"{y}:Q", title=titel_y, format=".1f")],
    }
    if kleur:
        enc["color"] = alt.Color(f"{kleur}:N", title=None, legend=alt.Legend(orient="bottom"))
        enc["shape"] = alt.Shape(f"{kleur}:N", title=None)
    else:
        enc["color"] = alt.value(BLAUW)
    chart = alt.Chart(frame).mark_line(point=True).encode(**enc).properties(height=HOOGTE)
    if norm is not None:
        chart = chart + norm_lijn(norm, norm_label)
    return chart


NOTITIE_KLEUR = "#555555"


def notitie_laag(notities: pl.DataFrame) -> alt.LayerChart:
    """Notes on a time axis (kpi.presentation.annotaties.frame: van, tot, periode, tekst, cluster,
    door): a yellow band over each period, a dashed line at its start and a marker at the top
    with the note as tooltip (the page lists the notes as text as well)."""
    data = notities.with_columns(tot_band=pl.col("tot") + pl.duration(days=1))
    basis = alt.Chart(data)
    band = basis.mark_rect(opacity=0.25, color=GEEL).encode(x="van:T", x2="tot_band:T")
    regel = basis.mark_rule(color=NOTITIE_KLEUR, strokeDash=[4, 3]).encode(x="van:T")
    teken = basis.mark_point(shape="triangle-down", filled=True, size=90, color=NOTITIE_KLEUR).encode(
        x="van:T", y=alt.value(6),
        tooltip=[alt.Tooltip("periode:N", title="Notitie bij"), alt.Tooltip("tekst:N", title="Notitie"),
                 alt.Tooltip("cluster:N", title="Cluster"), alt.Tooltip("door:N", title="Door")])
    return band + regel + teken


# MDC variation of a point (kpi.metrics.spc): an improvement blue, a concern orange, special cause
# without a good direction purple, ordinary variation grey; each with its own shape, never colour alone.
VARIATIE_GROEP = {"gewone_variatie": "Gewone variatie", "verbetering_hoog": "Verbetering",
                  "verbetering_laag": "Verbetering", "zorg_hoog": "Zorgelijk", "zorg_laag": "Zorgelijk",
                  "bijzonder_hoog": "Bijzondere variatie", "bijzonder_laag": "Bijzondere variatie"}
VARIATIE_KLEUR = {"Gewone variatie": GRIJS, "Verbetering": BLAUW, "Zorgelijk": ORANJE, "Bijzondere variatie": PAARS}
VARIATIE_VORM = {"Gewone variatie": "circle", "Verbetering": "triangle-up", "Zorgelijk": "diamond",
                 "Bijzondere variatie": "square"}


def spc_trend(frame: pl.DataFrame, y: str, titel_y: str, norm: float | None = None,
              norm_label: str = "norm", x: str = "maand", notities: pl.DataFrame | None = None) -> alt.LayerChart:
    """Trend with the process mean and limits of each segment (kpi.metrics.spc.Analyse.punten:
    gemiddelde, ondergrens, bovengrens, segment, variatie). Each month is marked with its MDC
    variation (colour and shape, named in the legend and the tooltip); `notities` (annotations) are
    drawn over their periods."""
    data = frame.with_columns(
        beoordeling=pl.col("variatie").replace_strict(VARIATIE_GROEP, default="Gewone variatie",
                                                      return_dtype=pl.String))
    base = alt.Chart(data).encode(x=alt.X(f"{x}:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0)))
    band = base.mark_area(opacity=0.12, color=GRIJS).encode(y="ondergrens:Q", y2="bovengrens:Q",
                                                            detail="segment:N")
    mean = base.mark_line(color=GRIJS, strokeDash=[2, 2]).encode(y="gemiddelde:Q", detail="segment:N")
    line = base.mark_line(color=BLAUW).encode(y=alt.Y(f"{y}:Q", title=titel_y, scale=alt.Scale(domain=[0, 100])))
    tooltip = [alt.Tooltip(f"{x}:T", title="Maand", format="%B %Y"),
               alt.Tooltip(f"{y}:Q", title=titel_y, format=".1f"),
               alt.Tooltip("beoordeling:N", title="Beoordeling")]
    if "totaal" in data.columns:
        tooltip.insert(2, alt.Tooltip("totaal:Q", title="Aantal"))
    # the legend names only the kinds of variation the chart shows (it stays on one line on a phone)
    aanwezig = set(data["beoordeling"].to_list())
    kleuren = {k: v for k, v in VARIATIE_KLEUR.items() if k in aanwezig} or VARIATIE_KLEUR
    vormen = {k: VARIATIE_VORM[k] for k in kleuren}
    points = base.mark_point(filled=True, size=60).encode(
        y=f"{y}:Q",
        color=alt.Color("beoordeling:N", title=None, scale=kleur_schaal(kleuren), legend=alt.Legend(orient="bottom")),
        shape=alt.Shape("beoordeling:N", title=None, scale=kleur_schaal(vormen)),
        tooltip=tooltip,
    )
    chart = (band + mean + line + points).properties(height=HOOGTE)
    if norm is not None:
        chart = chart + norm_lijn(norm, norm_label)
    if notities is not None and not notities.is_empty():
        chart = chart + notitie_laag(notities)
    return chart


def vergelijk(frame: pl.DataFrame, categorie: str, waarde: str, titel: str, norm: float | None = None,
              norm_label: str = "norm", procent: bool = True, label_format: str = ".0f") -> alt.LayerChart:
    """Horizontal bars per cluster or team, value printed at the bar end, norm as a rule."""
    x_scale = alt.Scale(domain=[0, 100]) if procent else alt.Undefined
    base = alt.Chart(frame).encode(
        y=alt.Y(f"{categorie}:N", title=None, sort="-x"),
        x=alt.X(f"{waarde}:Q", title=titel, scale=x_scale),
    )
    bars = base.mark_bar(color=BLAUW)
    labels = base.mark_text(align="left", dx=3).encode(text=alt.Text(f"{waarde}:Q", format=label_format))
    chart = (bars + labels).properties(height=max(120, 26 * frame.height))
    if norm is not None:
        chart = chart + norm_lijn(norm, norm_label, as_="x")
    return chart


def status_staven(frame: pl.DataFrame, categorie: str, titel: str = "Aantal maatregelen") -> alt.Chart:
    """Stacked bars tijdig / te laat / verlopen per category (frame: categorie, status, aantal)."""
    return alt.Chart(frame).mark_bar().encode(
        y=alt.Y(f"{categorie}:N", title=None),
        x=alt.X("aantal:Q", title=titel, stack="normalize", axis=alt.Axis(format="%")),
        color=alt.Color("status:N", title=None, scale=kleur_schaal(STATUS_KLEUR), legend=alt.Legend(orient="bottom")),
        order=alt.Order("volgorde:Q"),
        tooltip=[f"{categorie}:N", "status:N", "aantal:Q"],
    ).properties(height=max(120, 26 * frame.select(pl.col(categorie).n_unique()).item()))


def verdeling(frame: pl.DataFrame, categorie: str, waarde: str, titel_x: str, titel_y: str,
              volgorde: list[str] | None = None, kleuren: dict[str, str] | None = None) -> alt.LayerChart:
    """Vertical bars for a distribution over ordered categories, counts printed on top."""
    color = (alt.Color(f"{categorie}:N", scale=kleur_schaal(kleuren), legend=None) if kleuren
             else alt.value(BLAUW))
    base = alt.Chart(frame).encode(
        x=alt.X(f"{categorie}:N", title=titel_x, sort=volgorde, axis=alt.Axis(labelAngle=0)),
        y=alt.Y(f"{waarde}:Q", title=titel_y),
    )
    return (base.mark_bar().encode(color=color)
            + base.mark_text(dy=-6).encode(text=f"{waarde}:Q")).properties(height=HOOGTE)


def histogram(frame: pl.DataFrame, waarde: str, titel_x: str, norm: float | None = None,
              norm_label: str = "norm", stap: float = 1.0) -> alt.LayerChart:
    """Histogram of a numeric column with the norm as a vertical rule."""
    chart = alt.Chart(frame).mark_bar(color=BLAUW).encode(
        x=alt.X(f"{waarde}:Q", bin=alt.Bin(step=stap), title=titel_x),
        y=alt.Y("count():Q", title="Aantal"),
    ).properties(height=HOOGTE)
    if norm is not None:
        chart = chart + norm_lijn(norm, norm_label, as_="x")
    return chart


def sparkline(frame: pl.DataFrame, y: str, x: str = "maand") -> alt.Chart:
    """A tiny line for a KPI tile: no axes, last point marked."""
    base = alt.Chart(frame).encode(x=alt.X(f"{x}:T", axis=None), y=alt.Y(f"{y}:Q", axis=None,
                                                                        scale=alt.Scale(zero=False)))
    last = frame.tail(1)
    return (base.mark_line(color=BLAUW, strokeWidth=2)
            + alt.Chart(last).mark_point(filled=True, color=BLAUW, size=30).encode(
                x=f"{x}:T", y=f"{y}:Q")).properties(height=50, width="container")


# ---------------------------------------------------------------- Overzicht and deadline pages (K1-K3)

TERMIJN_KLEUR = {"binnen termijn": BLAUW, "na termijn": ORANJE}
STAP = 30  # px per bar on a band axis: with a step, Streamlit sizes the element to the chart
SPARKLINE_HOOGTE = 70  # passed to the chart element too: its 'content' height of a small layer can be 0
BUCKET_KLEUR = {"0-5 werkdagen": BLAUW, "6-10 werkdagen": ORANJE, "meer dan 10": VERMILJOEN,
                "geen contact": GRIJS}


def tegel_sparkline(frame: pl.DataFrame, y: str = "waarde", x: str = "maand", domein: list[float] | None = None,
                    norm: float | None = None) -> alt.LayerChart:
    """A small trend line for an Overzicht tile. A fixed domain (0-100% for percentages) keeps
    small wiggles small; the norm is a faint dashed rule; the last point is marked."""
    scale = alt.Scale(domain=domein) if domein else alt.Scale(zero=True)
    data = frame.sort(x).with_columns(norm=pl.lit(norm, dtype=pl.Float64))
    base = alt.Chart(data).encode(x=alt.X(f"{x}:T", axis=None))
    line = base.mark_line(color=BLAUW, strokeWidth=2).encode(
        y=alt.Y(f"{y}:Q", axis=None, scale=scale),
        tooltip=[alt.Tooltip(f"{x}:T", title="Maand", format="%B %Y"),
                 alt.Tooltip(f"{y}:Q", title="Waarde", format=".1f")])
    last = alt.Chart(data.tail(1)).mark_point(filled=True, color=BLAUW, size=40).encode(
        x=alt.X(f"{x}:T", axis=None), y=alt.Y(f"{y}:Q", axis=None, scale=scale))
    layers = [line, last]
    if norm is not None:
        layers.insert(0, base.mark_line(strokeDash=[4, 3], color=GRIJS, strokeWidth=1).encode(
            y=alt.Y("norm:Q", axis=None, scale=scale)))
    return alt.layer(*layers).properties(height=SPARKLINE_HOOGTE)


MAANDEN_KORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def _nl_getal(waarde: float) -> str:
    return f"{waarde:.1f}".replace(".", ",")


def sparkline_beschrijving(frame: pl.DataFrame, y: str = "waarde", x: str = "maand", norm: float | None = None,
                           eenheid: str = "") -> str:
    """The text alternative of a tile's sparkline, in Dutch: period, first, last, lowest and highest value."""
    data = frame.sort(x).drop_nulls(y)
    if data.height == 0:
        return "Trendlijn zonder gegevens."
    van, tot = data[x][0], data[x][-1]
    maand = lambda d: f"{MAANDEN_KORT[d.month - 1]} {d.year}"  # noqa: E731
    achter = eenheid if eenheid in ("", "%") else f" {eenheid}"
    w = lambda v: f"{_nl_getal(v)}{achter}"  # noqa: E731
    waarden = data[y]
    tekst = (f"Trendlijn per maand, {maand(van)} tot en met {maand(tot)}: van {w(waarden[0])} naar "
             f"{w(waarden[-1])}; laagste {w(waarden.min())}, hoogste {w(waarden.max())}")
    return tekst + (f"; norm {w(norm)}." if norm is not None else ".")


def sparkline_svg(frame: pl.DataFrame, y: str = "waarde", x: str = "maand", domein: list[float] | None = None,
                  norm: float | None = None, eenheid: str = "") -> str:
    """The tile sparkline as a small SVG image (shown by `sparkline_html` with its text alternative): the
    same line, norm and last point as `tegel_sparkline`, but no chart element, so no toolbar (Show data,
    Download as PNG, Copy, Fullscreen) that would add four keyboard stops per tile (docs/toegankelijkheid.md)."""
    data = frame.sort(x).drop_nulls(y)
    breedte, hoogte, rand = 300, SPARKLINE_HOOGTE, 6
    laag, hoog = domein if domein else (min(0.0, float(data[y].min() or 0)), float(data[y].max() or 1))
    hoog = hoog if hoog > laag else laag + 1

    def punt(i: int, v: float) -> tuple[float, float]:
        px = rand + (breedte - 2 * rand) * (i / max(data.height - 1, 1))
        py = hoogte - rand - (hoogte - 2 * rand) * (min(max(v, laag), hoog) - laag) / (hoog - laag)
        return px, py

    delen = []
    if norm is not None:
        _, ny = punt(0, norm)
        delen.append(f'<line x1="0" y1="{ny:.1f}" x2="{breedte}" y2="{ny:.1f}" stroke="{GRIJS}" stroke-width="1" '
                     f'stroke-dasharray="4 3" vector-effect="non-scaling-stroke"/>')
    punten = [punt(i, v) for i, v in enumerate(data[y].to_list())]
    if punten:
        delen.append('<polyline fill="none" stroke="{}" stroke-width="2" vector-effect="non-scaling-stroke" '
                     'points="{}"/>'.format(BLAUW, " ".join(f"{px:.1f},{py:.1f}" for px, py in punten)))
        lx, ly = punten[-1]
        delen.append(f'<circle cx="{lx:.1f}" cy="{ly:.1f}" r="3.5" fill="{BLAUW}"/>')
    return (f'<svg width="{breedte}" height="{hoogte}" viewBox="0 0 {breedte} {hoogte}" preserveAspectRatio="none" '
            f'xmlns="http://www.w3.org/2000/svg">' + "".join(delen) + "</svg>")


def sparkline_html(frame: pl.DataFrame, y: str = "waarde", x: str = "maand", domein: list[float] | None = None,
                   norm: float | None = None, eenheid: str = "") -> str:
    """The sparkline as an <img> for st.html, with the text alternative as its alt (st.html's sanitiser
    keeps an image with a data: URI, not inline SVG)."""
    import base64
    from html import escape

    svg = sparkline_svg(frame, y, x, domein, norm, eenheid)
    alt_tekst = escape(sparkline_beschrijving(frame, y, x, norm, eenheid), quote=True)
    return (f'<img src="data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode("ascii")}" '
            f'alt="{alt_tekst}" style="display:block;width:100%;height:{SPARKLINE_HOOGTE}px">')


def vergelijk_n(frame: pl.DataFrame, categorie: str, waarde: str = "percentage", label: str = "label",
                titel: str = "% tijdig", norm: float | None = None, norm_label: str = "norm",
                gemiddelde: float | None = None) -> alt.LayerChart:
    """Bars per cluster or team (% with the count behind it printed at the bar end), the norm as a
    dashed rule and the selection's own figure as a dotted rule, so a difference has a reference."""
    axis = alt.Axis(values=[0, 20, 40, 60, 80, 100], format=".0f")
    base = alt.Chart(frame).encode(
        y=alt.Y(f"{categorie}:N", title=None, sort="-x", axis=alt.Axis(labelLimit=220)),
        x=alt.X(f"{waarde}:Q", title=titel, scale=alt.Scale(domain=[0, 125]), axis=axis),
        tooltip=[alt.Tooltip(f"{categorie}:N", title="Groep"), alt.Tooltip(f"{waarde}:Q", title=titel, format=".1f"),
                 alt.Tooltip("totaal:Q", title="Aantal maatregelen")],
    )
    chart = base.mark_bar(color=BLAUW) + base.mark_text(align="left", dx=4).encode(text=f"{label}:N")
    layers = [chart]
    if gemiddelde is not None:
        avg = pl.DataFrame({"x": [gemiddelde], "label": [f"selectie {gemiddelde:.0f}%"]})
        layers.append(alt.Chart(avg).mark_rule(strokeDash=[2, 2], color=GRIJS).encode(x="x:Q"))
    if norm is not None:
        layers.append(_norm_x(norm, norm_label))
    return alt.layer(*layers).properties(height=alt.Step(STAP))


def _norm_x(waarde: float, label: str) -> alt.LayerChart:
    """A vertical dashed norm rule with its label just above the plot (works on a band y axis,
    where norm_lijn's offset text would land far outside the chart and squeeze it)."""
    frame = pl.DataFrame({"norm": [waarde], "label": [label]})
    base = alt.Chart(frame).encode(x="norm:Q")
    return (base.mark_rule(strokeDash=[6, 4], color=NORM_KLEUR)
            + base.mark_text(align="right", dx=-2, color=NORM_KLEUR).encode(y=alt.value(-8), text="label:N"))


def dagen_histogram(frame: pl.DataFrame, titel_x: str, norm: float | None = None,
                    norm_label: str = "norm") -> alt.LayerChart:
    """Pre-binned histogram (views_termijn.dagen_histogram): bars before and after the term in two
    colours named in the legend, the term as a dashed rule."""
    base = alt.Chart(frame).encode(
        x=alt.X("van:Q", title=titel_x, bin="binned", axis=alt.Axis(labelAngle=0)),
        x2="tot:Q",
        y=alt.Y("aantal:Q", title="Aantal maatregelen"),
        tooltip=[alt.Tooltip("label:N", title="Dagen"), alt.Tooltip("aantal:Q", title="Aantal"),
                 alt.Tooltip("termijn:N", title="Termijn")],
    )
    chart = base.mark_bar(stroke="white", strokeWidth=0.5).encode(
        color=alt.Color("termijn:N", title=None, scale=kleur_schaal(TERMIJN_KLEUR), legend=alt.Legend(orient="bottom")))
    chart = chart.properties(height=HOOGTE)
    if norm is not None:
        chart = chart + norm_lijn(norm, norm_label, as_="x")
    return chart


def wachttijd_punten(frame: pl.DataFrame, categorie: str = "hulpvorm") -> alt.LayerChart:
    """Median and 90th percentile of waiting days per category: two marks with their own shape and
    colour, joined by a line, so the spread is visible at a glance."""
    long = frame.select(categorie, "gestart", mediaan="mediaan_dagen", p90="p90_dagen").unpivot(
        index=[categorie, "gestart"], on=["mediaan", "p90"], variable_name="maat", value_name="dagen"
    ).with_columns(maat=pl.col("maat").replace_strict({"mediaan": "Mediaan", "p90": "90e percentiel"},
                                                      return_dtype=pl.String))
    order = frame.sort("mediaan_dagen", descending=True)[categorie].to_list()
    y = alt.Y(f"{categorie}:N", title=None, sort=order, axis=alt.Axis(labelLimit=260))
    rule = alt.Chart(frame).mark_rule(color=GRIJS).encode(y=y, x="mediaan_dagen:Q", x2="p90_dagen:Q")
    points = alt.Chart(long).mark_point(filled=True, size=110).encode(
        y=y,
        x=alt.X("dagen:Q", title="Dagen van aanvraag tot start"),
        color=alt.Color("maat:N", title=None, scale=kleur_schaal({"Mediaan": BLAUW, "90e percentiel": VERMILJOEN}),
                        legend=alt.Legend(orient="bottom")),
        shape=alt.Shape("maat:N", title=None, scale=alt.Scale(domain=["Mediaan", "90e percentiel"],
                                                              range=["circle", "triangle-right"])),
        tooltip=[alt.Tooltip(f"{categorie}:N", title="Hulpvorm"), alt.Tooltip("maat:N", title="Maat"),
                 alt.Tooltip("dagen:Q", title="Dagen", format=".0f"),
                 alt.Tooltip("gestart:Q", title="Gestarte aanvragen")],
    )
    return (rule + points).properties(height=alt.Step(STAP))


def wachten_per_kleur(frame: pl.DataFrame) -> alt.LayerChart:
    """Median waiting days on the monitorlijst per colour code; the colour name is the axis label
    and the bar text says how many wait, so colour never carries the meaning alone."""
    dagen = pl.col("mediaan_dagen").round(0).cast(pl.Int64)
    framed = frame.with_columns(tekst=pl.when(pl.col("aantal") == 0).then(pl.lit("niemand wachtend")).otherwise(
        pl.format("{} {} · {} wachtend", dagen, pl.when(dagen == 1).then(pl.lit("dag")).otherwise(pl.lit("dagen")),
                  pl.col("aantal"))),
        x_tekst=pl.col("mediaan_dagen").fill_null(0))
    base = alt.Chart(framed).encode(
        y=alt.Y("kleur:N", title=None, sort=list(KLEURCODE_KLEUR), axis=alt.Axis(labelLimit=200)),
        x=alt.X("mediaan_dagen:Q", title="Mediaan wachtdagen op de monitorlijst"),
        tooltip=[alt.Tooltip("kleur:N", title="Kleurcode"), alt.Tooltip("aantal:Q", title="Maatregelen"),
                 alt.Tooltip("mediaan_dagen:Q", title="Mediaan dagen", format=".0f"),
                 alt.Tooltip("max_dagen:Q", title="Langste wachttijd (dagen)")],
    )
    bars = base.mark_bar().encode(color=alt.Color("kleur:N", scale=kleur_schaal(KLEURCODE_KLEUR), legend=None))
    text = base.mark_text(align="left", dx=4).encode(x="x_tekst:Q", text="tekst:N")
    return (bars + text).properties(height=alt.Step(STAP))


def lijnen(frame: pl.DataFrame, lijn: str, y: str, titel_y: str, volgorde: list[str], nadruk: str | None = None,
           norm: float | None = None, norm_label: str = "norm", x: str = "maand") -> alt.LayerChart:
    """A few named monthly lines with Okabe-Ito colours and their own point shapes; the line
    `nadruk` (the official figure) is drawn thicker. Legend below, one line per entry."""
    kleuren = [BLAUW, ORANJE, GROENBLAUW, PAARS, HEMELBLAUW][:len(volgorde)]
    vormen = ["circle", "square", "triangle-up", "diamond", "cross"][:len(volgorde)]
    enc = dict(
        x=alt.X(f"{x}:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0)),
        y=alt.Y(f"{y}:Q", title=titel_y, scale=alt.Scale(domain=[0, 100])),
        color=alt.Color(f"{lijn}:N", title=None, scale=alt.Scale(domain=volgorde, range=kleuren),
                        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=600)),
        shape=alt.Shape(f"{lijn}:N", title=None, scale=alt.Scale(domain=volgorde, range=vormen)),
        strokeWidth=(alt.condition(alt.datum[lijn] == nadruk, alt.value(3), alt.value(1.5)) if nadruk
                     else alt.value(2)),
        tooltip=[alt.Tooltip(f"{x}:T", title="Maand", format="%B %Y"), alt.Tooltip(f"{lijn}:N", title="Regel"),
                 alt.Tooltip(f"{y}:Q", title=titel_y, format=".1f")],
    )
    chart = alt.Chart(frame).mark_line(point=True).encode(**enc).properties(height=HOOGTE)
    if norm is not None:
        chart = chart + norm_lijn(norm, norm_label)
    return chart
