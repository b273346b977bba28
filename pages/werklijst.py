"""Werklijst: every case that needs action today or soon, for area managers and team leads, in
one list (reason, deadline, working days left or overdue, team, worker) instead of seven pages."""

from __future__ import annotations

import polars as pl
import streamlit as st

from kpi.core import norms
from kpi.metrics import werklijst as wl
from kpi.presentation import format as fmt
from kpi.presentation import sections, widgets
from kpi.presentation import werklijst as vw

GROEPEREN = {None: "Geen (urgentste eerst)", "team": "Per team", "medewerker": "Per medewerker"}


def main() -> None:
    s = sections.kop("Werklijst",
               "Alle zaken waarop gehandeld moet worden, met de reden, de uiterste datum en hoeveel werkdagen er "
               f"nog zijn (of hoeveel te laat): verlopen, vandaag, of binnen {norms.BINNENKORT_WERKDAGEN} "
               "werkdagen. De lijst komt uit dezelfde definities als de KPI-pagina's, ook voor de klachten "
               "(een termijn van de klachtroute).")
    rows = vw.werklijst(s)
    vw.tellingen(rows)
    links, midden, rechts = st.columns([2, 1, 1])
    redenen = links.multiselect("Reden", list(wl.REDEN_LABEL), default=list(wl.REDEN_LABEL),
                                format_func=wl.REDEN_LABEL.get, key="werklijst-redenen")
    urgenties = midden.multiselect("Urgentie", list(wl.URGENTIE_VOLGORDE), default=list(wl.URGENTIE_VOLGORDE),
                                   format_func=wl.URGENTIE_LABEL.get, key="werklijst-urgentie")
    op = rechts.radio("Groeperen", list(GROEPEREN), format_func=GROEPEREN.get, key="werklijst-groep")
    gekozen = rows.filter(pl.col("reden").is_in(redenen) & pl.col("urgentie").is_in(urgenties))
    if widgets.leeg(gekozen, "Geen zaken die actie vragen voor deze selectie."):
        return
    if op:
        st.subheader(GROEPEREN[op])
        vw.groepen(gekozen, op)
    st.subheader(f"Zaken ({fmt.nl_getal(gekozen.height)})")
    vw.lijst(gekozen, s, redenen, urgenties, op)


main()
