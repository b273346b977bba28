"""K1 Eerste contact binnen 5 werkdagen: headline, trend, clusters, distribution, case lists."""

import streamlit as st

from kpi.core import norms
from kpi.metrics import engine
from kpi.presentation import charts
from kpi.presentation import cache, queries, sections, widgets
from kpi.presentation import views_termijn as vt

s, cases = sections.termijn_pagina(
    "k1", f"Heeft de jeugdige of een ouder binnen {norms.K1_WERKDAGEN} werkdagen na de kennisgeving een "
          f"face-to-face gesprek gehad? Dat is de wettelijke termijn (Besluit Jeugdwet).")

st.subheader("Hoe snel was het eerste contact?")
counted = cache.afgeleid(vt.geteld, cases)
if not widgets.leeg(counted, "Geen getelde maatregelen in deze periode."):
    left, right = st.columns([3, 2])
    with left:
        widgets.grafiek_van(charts.verdeling, cache.afgeleid(vt.k1_verdeling, cases), "groep", "aantal",
                            "Werkdagen tot eerste contact", "Aantal maatregelen",
                            volgorde=list(vt.BUCKET_LABELS.values()), kleuren=charts.BUCKET_KLEUR)
    with right:
        st.caption(f"Werkdagen van de kennisgeving (of de start) tot het eerste face-to-face contact met de jeugdige "
                   f"of een ouder. **0-5** is binnen de wettelijke termijn; **geen contact** betekent: nog geen "
                   f"contact op de peildatum (verlopen).")

    st.markdown("**De wettelijke termijn, met daarnaast de interne termijn en telefoon/video**")
    widgets.k1_varianten_tabel(cache.afgeleid(vt.k1_varianten, cases))
    st.caption(f"Alleen de eerste regel is de KPI; de andere twee tellen dezelfde maatregelen anders. Intern "
               f"hanteert de GI {norms.K1_WERKDAGEN_INTERN} werkdagen voor maatregelen met kleurcode oranje of groen "
               f"die binnen {norms.K1_MONITORLIJST_BINNEN_WERKDAGEN} werkdagen op de monitorlijst kwamen. Die "
               f"afwijking staat hier alleen náást de wettelijke termijn, zodat zichtbaar blijft wat ze scheelt. "
               f"'Nog open': de interne deadline ligt na de peildatum. Per maatregel staan de drie statussen in "
               f"'Alle getelde zaken'.")
    with st.expander("Trend van de drie regels"):
        trend_cases = queries.deadline_cases("k1", s.met(van=engine.trend_start(s.peildatum), tot=s.peildatum))
        labels = [label for _, label in vt.K1_VARIANTEN]
        widgets.grafiek_van(charts.lijnen, cache.afgeleid(vt.k1_varianten_trend, trend_cases), "lijn", "percentage",
                            "% tijdig", labels, nadruk=labels[0], norm=100.0, norm_label="norm 100%",
                            legenda_onder=True)
        st.caption("Per maand van de wettelijke deadline. De dikke lijn is de KPI.")

sections.termijn_lijsten("k1", s, cases, "Eerste contact", extra_kolommen={
    "werkdagen_tot_contact": "Werkdagen tot contact",
    "bucket": "Groep",
    "eerste_kleurcode": "Eerste kleurcode",
    "interne_termijn": "Interne termijn van toepassing",
    "deadline_intern": "Interne deadline",
    "status_intern": "Status interne termijn",
    "contact_incl_afstand_op": "Eerste contact incl. telefoon/video",
    "status_incl_afstand": "Status incl. telefoon/video",
})
