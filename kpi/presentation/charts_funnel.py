"""The funnel plot (kpi.metrics.funnel) as an Altair chart, with a Dutch text alternative.

Each unit is a point: its figure against its size. The 95 % limits are dashed, the 99.8 % limits
solid, the target a grey rule. A unit's verdict has a colour and a shape (never the colour alone),
and units outside the limits carry their name, so the chart can be read without colour.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from kpi.metrics import funnel as fm
from kpi.presentation.charts import BLAUW, GRIJS, HOOGTE, NORM_KLEUR, ORANJE, VERMILJOEN, norm_lijn

OORDEEL_KORT = {
    fm.BINNEN: "binnen de grenzen",
    fm.BOVEN_95: "boven 95%-grens", fm.ONDER_95: "onder 95%-grens",
    fm.BOVEN_998: "boven 99,8%-grens", fm.ONDER_998: "onder 99,8%-grens",
}
_VOLGORDE = [OORDEEL_KORT[o] for o in (fm.BINNEN, fm.BOVEN_95, fm.ONDER_95, fm.BOVEN_998, fm.ONDER_998)]
_KLEUR = [BLAUW, ORANJE, ORANJE, VERMILJOEN, VERMILJOEN]
_VORM = ["circle", "triangle-up", "triangle-down", "square", "diamond"]


def funnel_grafiek(funnel: fm.Funnel, titel_x: str = "Aantal maatregelen",
                   titel_y: str = "Percentage", norm: float | None = None,
                   norm_label: str = "norm") -> alt.LayerChart:
    """The funnel: limit curves over the units' range, the target, the units as points. `norm`
    (in the unit of display) is drawn as well when it differs from the target."""
    punten = funnel.eenheden.filter(pl.col("oordeel").is_not_null()).with_columns(
        oordeel_kort=pl.col("oordeel").replace_strict(OORDEEL_KORT, default=None),
        naam=pl.when(pl.col("oordeel") != fm.BINNEN).then(pl.col("eenheid")).otherwise(pl.lit("")),
    )
    kleinste = punten["noemer"].min() if not punten.is_empty() else 1.0
    curven = funnel.grenzen(van=max(1.0, (kleinste or 1.0) * 0.5))
    lang = curven.unpivot(index="noemer", on=["ondergrens_95", "bovengrens_95", "ondergrens_998",
                                             "bovengrens_998"], variable_name="grens", value_name="waarde")
    lang = lang.with_columns(niveau=pl.when(pl.col("grens").str.ends_with("998"))
                             .then(pl.lit("99,8%-grens")).otherwise(pl.lit("95%-grens")))
    x = alt.X("noemer:Q", title=titel_x, scale=alt.Scale(zero=False))
    grenzen = alt.Chart(lang).mark_line(color=GRIJS).encode(
        x=x, y=alt.Y("waarde:Q", title=titel_y),
        detail="grens:N",
        strokeDash=alt.StrokeDash("niveau:N", title=None, scale=alt.Scale(
            domain=["95%-grens", "99,8%-grens"], range=[[5, 4], [1, 0]]), legend=alt.Legend(orient="bottom")),
    )
    doel = alt.Chart(pl.DataFrame({"doel": [funnel.doel * funnel.schaal]})).mark_rule(
        color=NORM_KLEUR, strokeDash=[2, 2]).encode(y="doel:Q")
    schaal_kleur = alt.Scale(domain=_VOLGORDE, range=_KLEUR)
    schaal_vorm = alt.Scale(domain=_VOLGORDE, range=_VORM)
    basis = alt.Chart(punten).encode(x=x, y=alt.Y("waarde:Q", title=titel_y))
    stippen = basis.mark_point(filled=True, size=70).encode(
        color=alt.Color("oordeel_kort:N", title=None, scale=schaal_kleur, legend=alt.Legend(orient="bottom")),
        shape=alt.Shape("oordeel_kort:N", title=None, scale=schaal_vorm),
        tooltip=[alt.Tooltip("eenheid:N", title="Eenheid"),
                 alt.Tooltip("waarde:Q", title=titel_y, format=".1f"),
                 alt.Tooltip("noemer:Q", title=titel_x, format=",.0f"),
                 alt.Tooltip("oordeel_label:N", title="Oordeel")],
    )
    namen = basis.mark_text(align="left", dx=7, dy=-7).encode(text="naam:N")
    grafiek = (grenzen + doel + stippen + namen).properties(height=HOOGTE)
    if norm is not None and abs(norm - funnel.doel * funnel.schaal) > 1e-9:
        grafiek = grafiek + norm_lijn(norm, norm_label)
    return grafiek


funnel_tekst = fm.beschrijving  # the text alternative lives with the funnel (the board pack uses it too)
