"""Chart builders of the Datakwaliteit page (plain functions: small frame → Altair chart).

Frames come from kpi.metrics.datakwaliteit (per_groep, trend). One colour (Okabe-Ito blue), the
count printed at every bar and point, so nothing depends on telling colours apart.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from kpi.presentation.charts import BLAUW, GRIJS
from kpi.presentation.charts_zorg import HOOGTE


def _label(frame: pl.DataFrame, met_aandeel: bool) -> pl.DataFrame:
    """'12' or '12 · 3,4%' for every row."""
    count = pl.col("bevindingen").cast(pl.String)
    if not met_aandeel:
        return frame.with_columns(label=count)
    share = pl.col("percentage").round(1).cast(pl.String).str.replace(".", ",", literal=True)
    return frame.with_columns(label=pl.when(pl.col("percentage").is_null()).then(count).otherwise(
        count + pl.lit(" · ") + share + pl.lit("%")))


def groep_staven(frame: pl.DataFrame, titel: str, noemer: str | None) -> alt.LayerChart:
    """Horizontal bars per cluster or team (frame: naam, bevindingen, populatie, percentage) in the
    frame's order, the count (and share of `noemer`) printed at the bar end."""
    data = _label(frame, noemer is not None)
    tooltip = [alt.Tooltip("naam:N", title="Naam"), alt.Tooltip("bevindingen:Q", title=titel)]
    if noemer:
        tooltip += [alt.Tooltip("populatie:Q", title=noemer[0].upper() + noemer[1:]),
                    alt.Tooltip("percentage:Q", title="Aandeel (%)", format=".1f")]
    top = float(data["bevindingen"].max() or 1)
    base = alt.Chart(data).encode(
        y=alt.Y("naam:N", title=None, sort=data["naam"].to_list(), axis=alt.Axis(labelLimit=260)),
        # room at the right for the printed label
        x=alt.X("bevindingen:Q", title=titel, scale=alt.Scale(domain=[0, top * 1.3]),
                axis=alt.Axis(format="d", tickMinStep=1)),
        tooltip=tooltip,
    )
    return (base.mark_bar(color=BLAUW) + base.mark_text(align="left", dx=4, fontSize=11).encode(
        text="label:N")).properties(height=alt.Step(24))


def trend_lijn(frame: pl.DataFrame, titel_y: str, noemer: str | None) -> alt.LayerChart:
    """Findings per month (frame: maand, bevindingen, populatie, percentage) as a line with points
    and the count above each point; months without findings are drawn as 0."""
    data = frame.with_columns(label=pl.col("bevindingen").cast(pl.String))
    tooltip = [alt.Tooltip("maand:T", title="Maand", format="%B %Y"), alt.Tooltip("bevindingen:Q", title=titel_y)]
    if noemer:
        tooltip += [alt.Tooltip("populatie:Q", title=noemer[0].upper() + noemer[1:]),
                    alt.Tooltip("percentage:Q", title="Aandeel (%)", format=".1f")]
    top = float(data["bevindingen"].max() or 0)
    base = alt.Chart(data).encode(
        x=alt.X("maand:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount="month")),
        y=alt.Y("bevindingen:Q", title=titel_y, scale=alt.Scale(domain=[0, max(top * 1.15, 4)]),
                axis=alt.Axis(format="d", tickMinStep=1)),
        tooltip=tooltip,
    )
    line = base.mark_line(color=BLAUW) + base.mark_point(filled=True, color=BLAUW, size=50)
    text = base.mark_text(dy=-10, fontSize=11, color=GRIJS).encode(text="label:N")
    return (line + text).properties(height=HOOGTE - 60)
