"""Charts of the Klachten page (K8): the quarterly volume as a control chart of counts (the trend
method of the other pages, kpi/metrics/spc.py, on quarters instead of months)."""

from __future__ import annotations

import altair as alt
import polars as pl

from kpi.presentation.charts import BLAUW, GRIJS, HEMELBLAUW, ORANJE, PAARS, VARIATIE_GROEP, VARIATIE_KLEUR, \
    VARIATIE_VORM, kleur_schaal
from kpi.presentation.charts_zorg import HOOGTE


TERMIJN_KLEUR_VOLGORDE = (BLAUW, HEMELBLAUW, ORANJE, PAARS)


def spc_aantallen(punten: pl.DataFrame, x: str, y: str, titel_y: str) -> alt.LayerChart:
    """Counts per period (`x` an ordered label column) with the process mean and limits of
    spc.Analyse.punten; each point marked with its MDC variation as on the other trend charts
    (charts.spc_trend: colour and shape, named in the legend and the tooltip)."""
    data = punten.with_columns(
        beoordeling=pl.col("variatie").replace_strict(VARIATIE_GROEP, default="Gewone variatie", return_dtype=pl.String))
    volgorde = data[x].to_list()
    aanwezig = set(data["beoordeling"].to_list())
    kleuren = {k: v for k, v in VARIATIE_KLEUR.items() if k in aanwezig} or VARIATIE_KLEUR
    base = alt.Chart(data).encode(x=alt.X(f"{x}:O", title=None, sort=volgorde, axis=alt.Axis(labelAngle=0)))
    band = base.mark_area(opacity=0.12, color=GRIJS).encode(y="ondergrens:Q", y2="bovengrens:Q", detail="segment:N")
    mean = base.mark_line(color=GRIJS, strokeDash=[2, 2]).encode(y="gemiddelde:Q", detail="segment:N")
    line = base.mark_line(color=BLAUW).encode(y=alt.Y(f"{y}:Q", title=titel_y))
    points = base.mark_point(filled=True, size=60).encode(
        y=f"{y}:Q",
        color=alt.Color("beoordeling:N", title=None, scale=kleur_schaal(kleuren), legend=alt.Legend(orient="bottom")),
        shape=alt.Shape("beoordeling:N", title=None, scale=kleur_schaal({k: VARIATIE_VORM[k] for k in kleuren})),
        tooltip=[alt.Tooltip(f"{x}:O", title="Kwartaal"), alt.Tooltip(f"{y}:Q", title=titel_y),
                 alt.Tooltip("beoordeling:N", title="Beoordeling")],
    )
    return (band + mean + line + points).properties(height=HOOGTE)


def termijn_lijnen(frame: pl.DataFrame, kleuren: dict[str, str]) -> alt.Chart:
    """% on time per quarter of the deadline, one line per term (`label` ordered, `termijn` the series)."""
    volgorde = frame.unique("kwartaal").sort("kwartaal")["label"].to_list()
    vormen = dict(zip(kleuren, ["circle", "diamond", "square", "triangle-up"]))
    return alt.Chart(frame).mark_line(point=alt.OverlayMarkDef(filled=True, size=45)).encode(
        x=alt.X("label:O", title=None, sort=volgorde, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("percentage:Q", title="% tijdig", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("termijn:N", title=None, scale=alt.Scale(domain=list(kleuren), range=list(kleuren.values())),
                        legend=alt.Legend(orient="bottom")),
        shape=alt.Shape("termijn:N", title=None, scale=alt.Scale(domain=list(vormen), range=list(vormen.values()))),
        tooltip=[alt.Tooltip("label:O", title="Kwartaal"), alt.Tooltip("termijn:N", title="Termijn"),
                 alt.Tooltip("percentage:Q", title="% tijdig", format=".1f"),
                 alt.Tooltip("totaal:Q", title="Deadlines")],
    ).properties(height=HOOGTE)
