"""Altair chart builders: plain functions from a polars frame to a chart.

Colours are Okabe-Ito (safe for colour-blind readers) and never carry meaning
alone: statuses and colour codes also get a shape or a text label. The norm is
drawn on every chart that has one.
"""

from __future__ import annotations

import altair as alt
import polars as pl

# Okabe-Ito
BLAUW, ORANJE, VERMILJOEN, GROENBLAUW, GEEL, HEMELBLAUW, PAARS, GRIJS = (
    "#0072B2", "#E69F00", "#D55E00", "#009E73", "#F0E442", "#56B4E9", "#CC79A7", "#999999")

STATUS_KLEUR = {"Tijdig": BLAUW, "Te laat": ORANJE, "Verlopen": VERMILJOEN}
STATUS_VORM = {"Tijdig": "circle", "Te laat": "triangle-up", "Verlopen": "square"}
KLEURCODE_KLEUR = {"Rood": VERMILJOEN, "Oranje": ORANJE, "Groen": GROENBLAUW, "Geen": GRIJS}
KLEURCODE_VORM = {"Rood": "triangle-up", "Oranje": "diamond", "Groen": "circle", "Geen": "square"}
NORM_KLEUR = "#333333"
HOOGTE = 280

alt.data_transformers.disable_max_rows()


def _scale(mapping: dict[str, str]) -> alt.Scale:
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
        text = base.mark_text(align="left", dx=4, dy=-HOOGTE / 2 + 10, color=NORM_KLEUR).encode(
            x="norm:Q", text="label:N")
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


def spc_trend(frame: pl.DataFrame, y: str, titel_y: str, norm: float | None = None,
              norm_label: str = "norm", x: str = "maand") -> alt.LayerChart:
    """Trend with the process mean and limits (kpi.spc.signalen output columns: gemiddelde,
    ondergrens, bovengrens, signaal). Points outside the limits or in a run are marked."""
    base = alt.Chart(frame).encode(x=alt.X(f"{x}:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0)))
    band = base.mark_area(opacity=0.12, color=GRIJS).encode(y="ondergrens:Q", y2="bovengrens:Q")
    mean = base.mark_line(color=GRIJS, strokeDash=[2, 2]).encode(y="gemiddelde:Q")
    line = base.mark_line(color=BLAUW).encode(y=alt.Y(f"{y}:Q", title=titel_y, scale=alt.Scale(domain=[0, 100])))
    points = base.mark_point(filled=True, size=60).encode(
        y=f"{y}:Q",
        color=alt.Color("signaal:N", title=None, scale=alt.Scale(
            domain=["gewone variatie", "signaal"], range=[BLAUW, VERMILJOEN]), legend=alt.Legend(orient="bottom")),
        shape=alt.Shape("signaal:N", title=None, scale=alt.Scale(
            domain=["gewone variatie", "signaal"], range=["circle", "diamond"])),
        tooltip=[alt.Tooltip(f"{x}:T", title="Maand", format="%B %Y"),
                 alt.Tooltip(f"{y}:Q", title=titel_y, format=".1f"),
                 alt.Tooltip("totaal:Q", title="Aantal maatregelen"),
                 alt.Tooltip("signaal:N", title="Beoordeling")],
    )
    chart = (band + mean + line + points).properties(height=HOOGTE)
    if norm is not None:
        chart = chart + norm_lijn(norm, norm_label)
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
        color=alt.Color("status:N", title=None, scale=_scale(STATUS_KLEUR), legend=alt.Legend(orient="bottom")),
        order=alt.Order("volgorde:Q"),
        tooltip=[f"{categorie}:N", "status:N", "aantal:Q"],
    ).properties(height=max(120, 26 * frame.select(pl.col(categorie).n_unique()).item()))


def verdeling(frame: pl.DataFrame, categorie: str, waarde: str, titel_x: str, titel_y: str,
              volgorde: list[str] | None = None, kleuren: dict[str, str] | None = None) -> alt.LayerChart:
    """Vertical bars for a distribution over ordered categories, counts printed on top."""
    color = (alt.Color(f"{categorie}:N", scale=_scale(kleuren), legend=None) if kleuren
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
