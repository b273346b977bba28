"""K2 Plan van aanpak binnen 6 weken: headline, trend, clusters, days until plan, case lists."""

import polars as pl
import streamlit as st

from kpi.core import norms
from kpi.presentation import charts
from kpi.presentation import sections, widgets
from kpi.presentation import format as fmt
from kpi.presentation import views_termijn as vt

s, cases = sections.termijn_pagina(
    "k2", f"Is het plan van aanpak binnen {norms.K2_DAGEN} dagen (zes weken) na de start van de maatregel "
          f"vastgesteld?")

st.subheader("Hoeveel dagen tot het plan?")
counted = vt.geteld(cases)
if not widgets.leeg(counted, "Geen getelde maatregelen in deze periode."):
    bins = vt.dagen_histogram(counted["dagen_tot_plan"], stap=7, grens=norms.K2_DAGEN, maximum=20 * 7 - 1)
    zonder = counted.filter(pl.col("dagen_tot_plan").is_null()).height
    left, right = st.columns([2, 1])
    with left:
        if not widgets.leeg(bins, "Nog geen enkel plan vastgesteld in deze selectie."):
            widgets.grafiek_van(charts.dagen_histogram, bins, "Dagen van start tot plan van aanpak (per week)",
                                norm=norms.K2_DAGEN, norm_label=f"{norms.K2_DAGEN} dagen",
                                legenda_onder=True)
    with right:
        with_plan = counted.filter(pl.col("dagen_tot_plan").is_not_null())
        st.metric("Mediaan dagen tot plan", fmt.nl_getal(with_plan["dagen_tot_plan"].median()),
                  help="Over de getelde maatregelen die een plan hebben (op of vóór de peildatum).")
        st.metric("Nog geen plan op de peildatum", fmt.nl_getal(zonder), help="Deze maatregelen zijn verlopen.")
        st.caption(f"Iedere staaf is één week. Blauw: plan binnen {norms.K2_DAGEN} dagen (tijdig); oranje: later. "
                   f"De laatste staaf telt alles daarboven.")

sections.termijn_lijsten("k2", s, cases, "Plan vastgesteld", extra_kolommen={"dagen_tot_plan": "Dagen tot plan"})
