"""Chart builders of the care pages K4-K7 (plain functions: small frame → Altair chart).

They build on kpi.presentation.charts (Okabe-Ito colours, norm rule, colour codes with a
shape). Colour never carries meaning alone: colour codes get their shape and
their name, series get a legend and a point shape, bars get their value as text.
Frames come aggregated from kpi.presentation.views_zorg.
"""

from __future__ import annotations

import altair as alt
# pandas is imported here on purpose, before any chart is built: Altair looks pandas up in
# sys.modules without importing it, and when two sessions start at once (threads) one can
# see the half-imported module of the other ("partially initialized module 'pandas'").
import pandas  # noqa: F401
import polars as pl

from kpi.core.labels import KLEURCODE_LABELS
from kpi.presentation import charts
from kpi.presentation.charts import BLAUW, HEMELBLAUW, KLEURCODE_KLEUR, KLEURCODE_VORM, NORM_KLEUR, PAARS, \
    VERMILJOEN, kleur_schaal

# Streamlit fits the whole chart (axes and legend included) into the height, so charts with
# a legend below get more than kpi.presentation.charts.HOOGTE.
HOOGTE = 340
MAANDEN_NL = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]

# Dutch number and date formatting inside the charts (decimal comma, month names): with it,
# the "%b %Y" axes of kpi.presentation.charts read "mrt 2025" instead of "Mar 2025". widgets.vega_lite
# puts it into every chart's spec.
NL_LOCALE = {
    "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]},
    "time": {
        "dateTime": "%a %e %B %Y %X", "date": "%d-%m-%Y", "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
        "shortDays": ["zo", "ma", "di", "wo", "do", "vr", "za"],
        "months": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                   "september", "oktober", "november", "december"],
        "shortMonths": MAANDEN_NL,
    },
}

KLEUR_TEKST = {KLEURCODE_LABELS[code]: tekst for code, tekst in
               (("rood", "white"), ("oranje", "black"), ("groen", "white"), ("geen", "black"))}
REEKS_KLEUR = {"Geregistreerd": HEMELBLAUW, "Gevalideerd": BLAUW}
REGEL_KLEUR = {"Contact ≤ 6 weken": BLAUW, "Casuïstiek ≤ half jaar": PAARS}
STROOM_KLEUR = {"Instroom": BLAUW, "Uitstroom": PAARS}
STROOM_VORM = {"Instroom": "triangle-up", "Uitstroom": "triangle-down"}
GROEP_KLEUR = {"Binnen de norm": BLAUW, "Boven de norm": VERMILJOEN}
WERKWIJZE_KLEUR = {"Vaste jeugdzorgwerker": BLAUW, "Monitorlijst": HEMELBLAUW,
                   "In- en doorstroomteam": PAARS, "Geen werkwijze": VERMILJOEN}


def _maand_x(x: str = "maand") -> alt.X:
    return alt.X(f"{x}:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0))


def _stap(rij: int = 28) -> alt.Step:
    """Height per category of a horizontal bar chart (the chart grows with the number of bars)."""
    return alt.Step(rij)


def norm_x(waarde: float, label: str) -> alt.LayerChart:
    """A vertical dashed norm rule with its label at the top inside the plot. (kpi.presentation.charts.norm_lijn
    places the label at a fixed offset, which makes Vega shrink charts of another height.)"""
    frame = pl.DataFrame({"norm": [waarde], "label": [label]})
    base = alt.Chart(frame)
    rule = base.mark_rule(strokeDash=[6, 4], color=NORM_KLEUR, strokeWidth=1.5).encode(x="norm:Q")
    text = base.mark_text(align="left", baseline="bottom", dx=4, dy=-2, color=NORM_KLEUR, fontWeight="bold").encode(
        x="norm:Q", y=alt.value(0), text="label:N")
    return rule + text


# ---------------------------------------------------------------- K4


def caseload_histogram(frame: pl.DataFrame, norm: float, norm_label: str) -> alt.LayerChart:
    """Pre-binned histogram (van, tot, aantal, groep) with the norm as a vertical rule;
    bins above the norm in vermilion (and named in the legend)."""
    bars = alt.Chart(frame).mark_bar(stroke="white", strokeWidth=0.5).encode(
        x=alt.X("van:Q", bin="binned", title="Caseload per fte (jeugdigen per fulltime werkweek)",
                axis=alt.Axis(labelAngle=0)),
        x2="tot:Q",
        y=alt.Y("aantal:Q", title="Aantal jeugdzorgwerkers"),
        color=alt.Color("groep:N", title=None, scale=kleur_schaal(GROEP_KLEUR), legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("van:Q", title="Meer dan", format=".0f"),
                 alt.Tooltip("tot:Q", title="Tot en met", format=".0f"),
                 alt.Tooltip("aantal:Q", title="Jeugdzorgwerkers"),
                 alt.Tooltip("groep:N", title="Norm")],
    )
    return (bars + norm_x(norm, norm_label)).properties(height=HOOGTE)


def norm_staven(frame: pl.DataFrame, categorie: str, waarde: str, titel: str, norm: float,
                norm_label: str, tooltip: list | None = None) -> alt.LayerChart:
    """Horizontal bars per cluster/team in the frame's order, vermilion when above the norm,
    value printed at the bar end, the norm as a dashed rule."""
    data = frame.with_columns(
        groep=pl.when(pl.col(waarde) > norm).then(pl.lit("Boven de norm")).otherwise(pl.lit("Binnen de norm")))
    base = alt.Chart(data).encode(
        y=alt.Y(f"{categorie}:N", title=None, sort=data[categorie].to_list(), axis=alt.Axis(labelLimit=260)),
        x=alt.X(f"{waarde}:Q", title=titel, axis=alt.Axis(format="d")),
    )
    bars = base.mark_bar().encode(
        color=alt.Color("groep:N", title=None, scale=kleur_schaal(GROEP_KLEUR), legend=alt.Legend(orient="bottom")),
        tooltip=tooltip or [alt.Tooltip(f"{categorie}:N", title="Naam"),
                            alt.Tooltip(f"{waarde}:Q", title=titel, format=".1f")])
    labels = base.mark_text(align="left", dx=3).encode(text=alt.Text(f"{waarde}:Q", format=".1f"))
    return (bars + labels + norm_x(norm, norm_label)).properties(height=_stap())


def reeks_lijnen(frame: pl.DataFrame, y: str, titel_y: str, reeks: str, kleuren: dict[str, str],
                 vormen: dict[str, str] | None = None, x: str = "maand", x_as: alt.X | None = None,
                 norm: float | None = None, norm_label: str = "norm", y_format: str = ".1f",
                 nul: bool = True) -> alt.Chart:
    """Lines per series with a point shape each and the legend at the bottom."""
    shapes = vormen or dict(zip(kleuren, ["circle", "diamond", "square", "triangle-up"]))
    chart = alt.Chart(frame).mark_line(point=alt.OverlayMarkDef(filled=True, size=45)).encode(
        x=x_as or _maand_x(x),
        y=alt.Y(f"{y}:Q", title=titel_y, scale=alt.Scale(zero=nul)),
        color=alt.Color(f"{reeks}:N", title=None, scale=kleur_schaal(kleuren), legend=alt.Legend(orient="bottom")),
        shape=alt.Shape(f"{reeks}:N", title=None, scale=kleur_schaal(shapes)),
        tooltip=[alt.Tooltip(f"{x}:T", title="Datum", format="%d-%m-%Y"),
                 alt.Tooltip(f"{reeks}:N", title="Reeks"),
                 alt.Tooltip(f"{y}:Q", title=titel_y, format=y_format)],
    ).properties(height=HOOGTE)
    if norm is not None:
        chart = chart + charts.norm_lijn(norm, norm_label)
    return chart


def lijn(frame: pl.DataFrame, y: str, titel_y: str, norm: float | None = None, norm_label: str = "norm",
         x: str = "maand", y_format: str = ".1f", nul: bool = True, kleur: str = BLAUW) -> alt.Chart:
    """One monthly line with points (not a proportion: no SPC), the norm as a rule."""
    chart = alt.Chart(frame).mark_line(color=kleur, point=alt.OverlayMarkDef(filled=True, color=kleur)).encode(
        x=_maand_x(x),
        y=alt.Y(f"{y}:Q", title=titel_y, scale=alt.Scale(zero=nul)),
        tooltip=[alt.Tooltip(f"{x}:T", title="Maand", format="%B %Y"),
                 alt.Tooltip(f"{y}:Q", title=titel_y, format=y_format)],
    ).properties(height=HOOGTE)
    if norm is not None:
        chart = chart + charts.norm_lijn(norm, norm_label)
    return chart


def spc(frame: pl.DataFrame, titel_y: str, norm: float | None = None, norm_label: str = "norm",
        extra: str | None = None, extra_label: str | None = None,
        notities: pl.DataFrame | None = None) -> alt.LayerChart:
    """kpi.presentation.charts.spc_trend with Dutch month labels; optionally a second, dashed line
    (e.g. the registered percentage beside the validated one) labelled at its last point, and
    annotations (`notities`)."""
    chart = charts.spc_trend(frame, "percentage", titel_y, norm=norm, norm_label=norm_label, notities=notities)
    if extra and extra in frame.columns and frame.height:
        base = alt.Chart(frame).encode(x=alt.X("maand:T"), y=alt.Y(f"{extra}:Q"))
        line = base.mark_line(color=PAARS, strokeDash=[5, 3]).encode(
            tooltip=[alt.Tooltip("maand:T", title="Maand", format="%B %Y"),
                     alt.Tooltip(f"{extra}:Q", title=extra_label or extra, format=".1f")])
        end = alt.Chart(frame.sort("maand").tail(1)).mark_text(
            align="right", dy=-10, color=PAARS, fontWeight="bold").encode(
            x="maand:T", y=f"{extra}:Q", text=alt.value(extra_label or extra))
        chart = chart + line + end
    return chart


# ---------------------------------------------------------------- K5 / K7 paired bars


def paar_staven(frame: pl.DataFrame, titel: str, kleuren: dict[str, str], categorie: str = "naam",
                procent: bool = True) -> alt.LayerChart:
    """Two bars per cluster/team (long frame: categorie, reeks, waarde) side by side,
    value printed at the bar end, series in the legend."""
    scale = alt.Scale(domain=[0, 100]) if procent else alt.Undefined
    axis = alt.Axis(values=list(range(0, 101, 10))) if procent else alt.Axis()
    base = alt.Chart(frame).encode(
        y=alt.Y(f"{categorie}:N", title=None, axis=alt.Axis(labelLimit=260)),
        yOffset=alt.YOffset("reeks:N", sort=list(kleuren)),
        x=alt.X("waarde:Q", title=titel, scale=scale, axis=axis),
    )
    bars = base.mark_bar().encode(
        color=alt.Color("reeks:N", title=None, scale=kleur_schaal(kleuren), legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip(f"{categorie}:N", title="Naam"), alt.Tooltip("reeks:N", title="Telling"),
                 alt.Tooltip("waarde:Q", title=titel, format=".1f")])
    labels = base.mark_text(align="left", dx=3, fontSize=11).encode(
        text=alt.Text("waarde:Q", format=".0f"))
    return (bars + labels).properties(height=_stap(22))


def twee_cijfers(frame: pl.DataFrame, titel: str, kleuren: dict[str, str]) -> alt.LayerChart:
    """Two big horizontal bars (reeks, waarde in %) for a side-by-side headline comparison."""
    base = alt.Chart(frame).encode(
        y=alt.Y("reeks:N", title=None, sort=list(kleuren), axis=alt.Axis(labelFontSize=13, labelLimit=300)),
        x=alt.X("waarde:Q", title=titel, scale=alt.Scale(domain=[0, 100])),
    )
    bars = base.mark_bar().encode(color=alt.Color("reeks:N", scale=kleur_schaal(kleuren), legend=None))
    labels = base.mark_text(align="left", dx=4, fontSize=14, fontWeight="bold").encode(
        text=alt.Text("waarde:Q", format=".1f"))
    return (bars + labels).properties(height=_stap(46))


# ---------------------------------------------------------------- K6 colour codes


def kleur_staven(frame: pl.DataFrame, categorie: str, titel: str = "Maatregelen op de monitorlijst") -> alt.Chart:
    """Stacked horizontal bars per category by colour code (frame from views_zorg.kleur_telling),
    each segment labelled with its shape symbol and count."""
    data = frame.filter(pl.col("aantal") > 0)
    # a label only where the segment is wide enough to hold it; the tooltip and the table have all counts
    widest = data.group_by(categorie).agg(pl.col("aantal").sum())["aantal"].max() if data.height else 0
    data = data.with_columns(tekst=pl.when(pl.col("aantal") >= 0.05 * (widest or 0))
                             .then(pl.col("symbool") + " " + pl.col("aantal").cast(pl.String)).otherwise(pl.lit("")))
    base = alt.Chart(data).encode(
        y=alt.Y(f"{categorie}:N", title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("aantal:Q", title=titel, stack="zero"),
        order=alt.Order("kleur_rang:Q"),
    )
    bars = base.mark_bar(stroke="white", strokeWidth=1).encode(
        color=alt.Color("kleur:N", title="Kleurcode", scale=kleur_schaal(KLEURCODE_KLEUR),
                        legend=alt.Legend(orient="bottom", symbolType="square")),
        tooltip=[alt.Tooltip(f"{categorie}:N", title="Groep"), alt.Tooltip("kleur:N", title="Kleurcode"),
                 alt.Tooltip("aantal:Q", title="Maatregelen")])
    text = base.mark_text(align="center", fontSize=11).encode(
        x=alt.X("midden:Q"),
        text="tekst:N",
        color=alt.Color("kleur:N", scale=kleur_schaal(KLEUR_TEKST), legend=None),
    ).transform_stack(stack="aantal", groupby=[categorie], sort=[alt.SortField("kleur_rang")],
                      as_=["begin", "eind"]).transform_calculate(midden="(datum.begin + datum.eind) / 2")
    return (bars + text).resolve_scale(color="independent").properties(height=_stap(30))


def kleur_lijnen(frame: pl.DataFrame, x: str, y: str, titel_y: str) -> alt.Chart:
    """Weekly series per colour code: colour and shape per code, legend at the bottom."""
    return alt.Chart(frame).mark_line(point=alt.OverlayMarkDef(filled=True, size=30)).encode(
        x=alt.X(f"{x}:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0)),
        y=alt.Y(f"{y}:Q", title=titel_y),
        color=alt.Color("kleur:N", title="Kleurcode", scale=kleur_schaal(KLEURCODE_KLEUR),
                        legend=alt.Legend(orient="bottom")),
        shape=alt.Shape("kleur:N", title="Kleurcode", scale=kleur_schaal(KLEURCODE_VORM)),
        tooltip=[alt.Tooltip(f"{x}:T", title="Week t/m", format="%d-%m-%Y"),
                 alt.Tooltip("kleur:N", title="Kleurcode"), alt.Tooltip(f"{y}:Q", title=titel_y)],
    ).properties(height=HOOGTE)


def stroom_staven(frame: pl.DataFrame) -> alt.Chart:
    """Weekly inflow and outflow as lines with a shape each (up = in, down = out)."""
    return reeks_lijnen(frame, "aantal", "Maatregelen per week", "reeks", STROOM_KLEUR, STROOM_VORM,
                        x="week_start", x_as=alt.X("week_start:T", title=None, axis=alt.Axis(
                            format="%b %Y", labelAngle=0)), y_format=".0f")


def doorlooptijd(frame: pl.DataFrame) -> alt.LayerChart:
    """Per colour at entry: the middle half (p25-p75) as a bar, the median as a tick with its
    value, a thin line to the 90th percentile. Colour names on the axis."""
    data = frame.filter(pl.col("met_vaste_jzw") > 0).with_columns(
        label=pl.col("kleurcode").replace_strict({"geen": "■ Geen", "rood": "▲ Rood", "oranje": "◆ Oranje",
                                                  "groen": "● Groen"}))
    order = data["label"].to_list()
    base = alt.Chart(data).encode(y=alt.Y("label:N", title="Kleur bij instroom", sort=order,
                                          axis=alt.Axis(labelFontSize=12)))
    tooltip = [alt.Tooltip("kleur:N", title="Kleur bij instroom"),
               alt.Tooltip("met_vaste_jzw:Q", title="Met vaste jzw"),
               alt.Tooltip("p25:Q", title="25e percentiel", format=".0f"),
               alt.Tooltip("mediaan:Q", title="Mediaan (dagen)", format=".0f"),
               alt.Tooltip("p75:Q", title="75e percentiel", format=".0f"),
               alt.Tooltip("p90:Q", title="90e percentiel", format=".0f")]
    whisker = base.mark_rule(color=NORM_KLEUR).encode(x=alt.X("p25:Q", title="Dagen op de lijst tot een vaste "
                                                                     "jeugdzorgwerker"), x2="p90:Q")
    box = base.mark_bar(height=22, opacity=0.85).encode(
        x="p25:Q", x2="p75:Q",
        color=alt.Color("kleur:N", scale=kleur_schaal(KLEURCODE_KLEUR), legend=None), tooltip=tooltip)
    median = base.mark_tick(color="black", thickness=3, size=26).encode(x="mediaan:Q", tooltip=tooltip)
    text = base.mark_text(align="left", dx=6, dy=-16, fontSize=11).encode(
        x="mediaan:Q", text=alt.Text("mediaan:Q", format=".0f"))
    return (whisker + box + median + text).properties(height=_stap(56))


def werkwijze_staven(frame: pl.DataFrame) -> alt.LayerChart:
    """Running measures by way of working (views_zorg.werkwijze_verdeling), count and share printed."""
    share = pl.col("percentage").round(1).cast(pl.String).str.replace(".", ",", literal=True)
    data = frame.with_columns(tekst=pl.col("aantal").cast(pl.String) + pl.lit(" (") + share + pl.lit("%)"))
    base = alt.Chart(data).encode(
        y=alt.Y("label:N", title=None, sort=data["label"].to_list(), axis=alt.Axis(labelFontSize=12, labelLimit=260)),
        x=alt.X("aantal:Q", title="Lopende maatregelen"),
    )
    bars = base.mark_bar().encode(color=alt.Color("label:N", scale=kleur_schaal(WERKWIJZE_KLEUR), legend=None),
                                  tooltip=[alt.Tooltip("label:N", title="Werkwijze"),
                                           alt.Tooltip("aantal:Q", title="Maatregelen"),
                                           alt.Tooltip("percentage:Q", title="Aandeel (%)", format=".1f")])
    return (bars + base.mark_text(align="left", dx=4).encode(text="tekst:N")).properties(height=_stap(34))


def staven(frame: pl.DataFrame, categorie: str, waarde: str, titel_x: str, titel_y: str,
           kleur: str = BLAUW) -> alt.LayerChart:
    """Vertical bars over ordered categories (order as in the frame), counts on top."""
    base = alt.Chart(frame).encode(
        x=alt.X(f"{categorie}:N", title=titel_x, sort=frame[categorie].to_list(),
                axis=alt.Axis(labelAngle=0, labelOverlap=False, labelLimit=140)),
        y=alt.Y(f"{waarde}:Q", title=titel_y),
        tooltip=[alt.Tooltip(f"{categorie}:N", title=titel_x), alt.Tooltip(f"{waarde}:Q", title=titel_y)],
    )
    return (base.mark_bar(color=kleur) + base.mark_text(dy=-7).encode(text=f"{waarde}:Q")).properties(height=HOOGTE)

