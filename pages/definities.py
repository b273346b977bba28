"""Definities: the definition of every KPI from kpi.core.registry, the common rules and the choices made."""

import streamlit as st

from kpi.core.registry import KPIS
from kpi.data import auth
from kpi.presentation import annotaties as notities
from kpi.presentation import queries, sections, state
from kpi.presentation import format as fmt
from kpi.presentation import views_termijn as vt
from kpi.reports import snapshot

s = sections.kop("Definities", "Hoe ieder cijfer op dit dashboard tot stand komt, zodat u het met de hand kunt "
                         "narekenen. De tekst komt uit dezelfde bron als de berekening.")

gebruiker = st.session_state.get(state.GEBRUIKER_KEY)
if gebruiker is not None and gebruiker.rol == auth.GEMEENTE:
    # A municipality reads the snapshot's definitions in plain Dutch (the same text as the workbook's
    # Definities sheet), not the technical ones with field names and internal documents.
    for titel, tekst in snapshot.definities():
        st.subheader(titel, anchor=False)
        st.text(tekst)
    st.stop()

st.markdown(" · ".join(f"[{k.key.upper()} {k.korte_titel}](#{k.key})" for k in KPIS)
            + " · [Algemene regels](#algemene-regels) · [Gemaakte keuzes](#gemaakte-keuzes)")

st.header("Algemene regels", anchor="algemene-regels")
st.markdown(vt.ALGEMENE_REGELS)

kan_naar_pagina = state.mag_zaken_zien()
gebruiker = st.session_state.get(state.GEBRUIKER_KEY)
clusters = sorted(auth.bekende_codes(queries.database())[0]) if notities.mag_schrijven(gebruiker) else []
for kpi in KPIS:
    with st.container(border=True):
        st.subheader(f"{kpi.key.upper()} · {kpi.titel}", anchor=kpi.key)
        st.markdown(f"**Norm:** {kpi.norm_tekst} ({fmt.norm_kort(kpi)}).")
        st.markdown(kpi.definitie)
        if kan_naar_pagina:
            st.page_link(kpi.pagina, label=f"Naar {kpi.korte_titel} ({kpi.key.upper()})",
                         icon=":material/arrow_forward:")
        notities.lijst(notities.voor(s.scope, kpi.key), kpi.key)
        notities.formulier(kpi.key, gebruiker, clusters)

st.header("Gemaakte keuzes", anchor="gemaakte-keuzes")
documenten = vt.keuze_documenten()
if not documenten:
    st.info("Er is (nog) geen document met keuzes (docs/keuzes*.md).")
for titel, pad, tekst in documenten:
    with st.expander(f"{titel} ({pad})"):
        st.markdown(tekst)
