"""Annotations on screen: the notes of a KPI as a chart layer on its trend, as a list in text, and
the form with which the board and administrators add or remove them (kpi/data/annotaties.py)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import streamlit as st

from kpi.core.params import Scope
from kpi.data import annotaties as an
from kpi.data.db import default_database_path
from kpi.presentation.state import huidige_selectie

KOLOMMEN = {"periode": "Periode", "cluster": "Cluster", "tekst": "Notitie", "door": "Geschreven door",
            "op": "Op"}


def pad() -> Path:
    """The annotation file of the database the dashboard shows."""
    return an.pad_voor(default_database_path())


def voor(scope: Scope, kpi: str | None = None, cluster: str | None = None) -> list[an.Annotatie]:
    """The notes this user may see (of one KPI); a damaged file shows a message and no notes."""
    try:
        return an.zichtbaar(an.lees(pad()), scope, kpi, cluster)
    except an.AnnotatieFout as fout:
        st.warning(str(fout), icon=":material/warning:")
        return []


def frame(annotaties: list[an.Annotatie]) -> pl.DataFrame:
    """One row per note: van, tot (van for a single day), and the columns of KOLOMMEN as text."""
    return pl.DataFrame({
        "id": [a.id for a in annotaties], "kpi": [a.kpi for a in annotaties],
        "van": [a.van for a in annotaties], "tot": [a.tot or a.van for a in annotaties],
        "periode": [a.periode for a in annotaties], "cluster": [a.cluster or "hele organisatie" for a in annotaties],
        "tekst": [a.tekst for a in annotaties], "door": [a.door for a in annotaties],
        "op": [a.op.strftime("%d-%m-%Y %H:%M") for a in annotaties],
    }, schema={"id": pl.String, "kpi": pl.String, "van": pl.Date, "tot": pl.Date, "periode": pl.String,
               "cluster": pl.String, "tekst": pl.String, "door": pl.String, "op": pl.String})


def bij_trend(kpi: str, s) -> list[an.Annotatie]:
    """The notes of `kpi` for a trend of selection `s`: its scope; with a cluster filter the
    organisation-wide notes and that cluster's."""
    return voor(s.scope, kpi, s.filters.cluster)


def laag_data(annotaties: list[an.Annotatie]) -> pl.DataFrame | None:
    """The notes as charts.spc_trend's `notities` (None without notes)."""
    return frame(annotaties) if annotaties else None


def bij_grafiek(kpi: str) -> pl.DataFrame | None:
    """The notes of `kpi` for a trend of the current selection, for charts.spc_trend's `notities`."""
    return laag_data(bij_trend(kpi, huidige_selectie()))


def onder_grafiek(kpi: str) -> None:
    """The notes of `kpi` for the current selection listed as text under its trend."""
    lijst(bij_trend(kpi, huidige_selectie()), kpi)


def lijst(annotaties: list[an.Annotatie], key: str) -> None:
    """The notes as a table of text (never markdown), the newest period first."""
    if not annotaties:
        return
    tabel = frame(annotaties).sort("van", descending=True).select(
        [pl.col(k).alias(v) for k, v in KOLOMMEN.items()])
    st.caption("Notities bij dit cijfer (gele band en ▼ in de trend):")
    st.dataframe(tabel.to_arrow(), hide_index=True, width="stretch", key=f"notities-{key}",
                 column_config={"Notitie": st.column_config.TextColumn(width="large")})


def mag_schrijven(gebruiker) -> bool:
    return gebruiker is not None and gebruiker.rol in an.MAG_SCHRIJVEN


def formulier(kpi: str, gebruiker, clusters: list[str]) -> None:
    """Add a note to `kpi` (board and administrators only), and remove one."""
    if not mag_schrijven(gebruiker):
        return
    with st.expander("Notitie toevoegen of verwijderen"):
        with st.form(f"notitie-{kpi}", clear_on_submit=True):
            links, rechts = st.columns(2)
            periode = links.date_input("Periode (één dag of van-tot)", value=(), format="DD-MM-YYYY",
                                       key=f"notitie-periode-{kpi}")
            cluster = rechts.selectbox("Cluster", [None, *clusters], key=f"notitie-cluster-{kpi}",
                                       format_func=lambda c: "Hele organisatie" if c is None else c)
            tekst = st.text_area("Notitie", max_chars=an.MAX_TEKST, key=f"notitie-tekst-{kpi}")
            if st.form_submit_button("Opslaan"):
                dagen = list(periode) if isinstance(periode, (tuple, list)) else [periode]
                if not dagen or dagen[0] is None:
                    st.error("Kies een datum of een periode.")
                else:
                    try:
                        an.voeg_toe(pad(), rol=gebruiker.rol, door=f"{gebruiker.naam} ({gebruiker.email})",
                                    kpi=kpi, van=dagen[0], tot=dagen[-1], tekst=tekst, cluster=cluster,
                                    clusters=set(clusters))
                        st.success("Notitie opgeslagen.")
                    except an.AnnotatieFout as fout:
                        st.error(str(fout))
        eigen = an.zichtbaar(_alle(), gebruiker.scope, kpi)
        if eigen:
            keuze = st.selectbox("Notitie verwijderen", [None, *[a.id for a in eigen]], key=f"notitie-weg-{kpi}",
                                 format_func=lambda i: "–" if i is None else _kort(next(a for a in eigen if a.id == i)))
            if keuze and st.button("Verwijderen", key=f"notitie-verwijder-{kpi}"):
                an.verwijder(pad(), keuze, rol=gebruiker.rol)
                st.rerun()


def _alle() -> list[an.Annotatie]:
    try:
        return an.lees(pad())
    except an.AnnotatieFout:
        return []


def _kort(a: an.Annotatie) -> str:
    tekst = a.tekst if len(a.tekst) <= 60 else a.tekst[:57] + "..."
    return f"{a.periode}: {tekst}"
