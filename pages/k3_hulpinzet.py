"""K3 Hulp gestart binnen 3 maanden: headline, trend, clusters, waiting at providers, requests, lists."""

import streamlit as st

from kpi.core import norms
from kpi.metrics import engine
from kpi.presentation import charts
from kpi.presentation import cache, queries, sections, widgets
from kpi.presentation import format as fmt
from kpi.presentation import views_termijn as vt

s, cases = sections.termijn_pagina(
    "k3", f"Is passende hulp binnen {norms.K3_MAANDEN} maanden na de start van de maatregel begonnen? Verderop: "
          f"hoe lang aanbieders laten wachten en welke aanvragen nog openstaan.")

aanvragen = queries.hulp_aanvragen(s)
tot = vt.geteld_tot(s.peildatum, s.tot)
gestart = cache.afgeleid(vt.gestarte_aanvragen, aanvragen, s.van, tot)
open_rows = cache.afgeleid(vt.open_aanvragen, aanvragen)
afgewezen = cache.afgeleid(vt.afgewezen_aanvragen, aanvragen)

st.subheader("Wachttijd bij aanbieders")
totaal = cache.afgeleid(engine.wachttijd, aanvragen, s.van, tot).row(0, named=True)
cols = st.columns(3)
cols[0].metric("Hulp gestart in de periode", fmt.nl_getal(totaal["gestart"]),
               help="Hulpaanvragen die in de gekozen periode startten (lijst: 'Gestart in de periode' hieronder).")
cols[1].metric("Mediaan wachttijd", fmt.nl_dagen(totaal['mediaan_dagen']),
               help="Dagen van aanvraag tot start; de helft wachtte korter, de helft langer.")
cols[2].metric("90% startte binnen", fmt.nl_dagen(totaal['p90_dagen']),
               help="90e percentiel: één op de tien wachtte langer.")
per_vorm = cache.afgeleid(vt.wachttijd_per_hulpvorm, aanvragen, s.van, tot)
if not widgets.leeg(per_vorm, "Geen hulp gestart in deze periode."):
    widgets.grafiek_van(charts.wachttijd_punten, per_vorm)
    st.caption("Per hulpvorm: de mediaan (rondje) en het 90e percentiel (driehoek) van de wachttijd in dagen.")

st.subheader("Openstaande en afgewezen aanvragen")
samen = vt.open_samenvatting(open_rows, s.peildatum)
cols = st.columns(4)
cols[0].metric("Openstaande aanvragen", fmt.nl_getal(samen["aantal"]),
               help="Niet gestart en niet afgewezen op de peildatum, bij lopende maatregelen.")
cols[1].metric("Mediaan leeftijd", fmt.nl_dagen(samen['mediaan_leeftijd']),
               help="Dagen sinds de aanvraag.")
cols[2].metric(f"Langer dan {norms.K3_MAANDEN} maanden open", fmt.nl_getal(samen["langer_dan_termijn"]),
               help=f"Aangevraagd meer dan {norms.K3_MAANDEN} maanden vóór de peildatum.")
cols[3].metric("Afgewezen aanvragen", fmt.nl_getal(afgewezen.height),
               help="Bij lopende maatregelen. De export kent geen datum van afwijzing.")

aanvraag = {"hulp_id": "Aanvraag", "maatregel_id": "Maatregel", "hulpvorm": "Hulpvorm",
            "aangevraagd_op": "Aangevraagd op"}
waar = {"team_naam": "Team", "cluster_naam": "Cluster", "soort": "Soort"}
lijsten = [
    ("Open aanvragen", open_rows, {**aanvraag, "leeftijd_dagen": "Dagen open", **waar},
     "Niet gestart en niet afgewezen op de peildatum, bij lopende maatregelen; de oudste bovenaan."),
    ("Afgewezen aanvragen", afgewezen, {**aanvraag, **waar}, "Afgewezen aanvragen bij lopende maatregelen."),
    ("Gestart in de periode", gestart, {**aanvraag, "gestart_op": "Gestart op", "wachtdagen": "Wachtdagen", **waar},
     "De aanvragen achter de wachttijd hierboven; de langste wachttijd bovenaan."),
]
for tab, (titel, frame, kolommen, uitleg) in zip(st.tabs([f"{t} ({fmt.nl_getal(f.height)})" for t, f, *_ in lijsten]),
                                                 lijsten):
    with tab:
        widgets.zaaklijst_tab(frame, f"k3_{titel.lower().replace(' ', '_')}", kolommen, key=f"k3-{titel}", uitleg=uitleg)

sections.termijn_lijsten("k3", s, cases, "Hulp gestart", extra_kolommen={"dagen_tot_hulp": "Dagen tot hulp"})
