"""The Werklijst page's parts: the cached list, the count per reason, the grouped views and the
table with its downloads (the Excel file opens with a title and the selection)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from kpi.core import norms
from kpi.core.params import Filters, Scope
from kpi.data.db import Database
from kpi.metrics import werklijst as wl
from kpi.presentation import dashboard as ui
from kpi.reports.downloads import csv_bytes, excel_bytes

KOLOMMEN = {
    "urgentie_label": "Urgentie", "reden_label": "Reden", "deadline": "Uiterlijk",
    "werkdagen": "Werkdagen (– = over tijd)", "dagen": "Dagen (– = over tijd)", "toelichting_label": "Toelichting",
    "team_naam": "Team", "medewerker_id": "Medewerker", "maatregel_id": "Maatregel",
    "jeugdige_id": "Jeugdige (pseudoniem)", "soort": "Soort", "cluster_naam": "Cluster",
}
GROEP_KOLOMMEN = {
    "team": {"cluster_naam": "Cluster", "team_naam": "Team"},
    "medewerker": {"team_naam": "Team", "medewerker_id": "Medewerker"},
}
TELLING_KOLOMMEN = {"verlopen": "Verlopen", "vandaag": "Vandaag", "binnenkort": "Binnenkort", "totaal": "Totaal"}


@ui.frame_cache
def _werklijst(_db: Database, key_db: tuple, peildatum: dt.date, filters: Filters, scope: Scope) -> pl.DataFrame:
    return wl.werklijst(_db, peildatum, filters, scope)


def werklijst(s: ui.Selectie) -> pl.DataFrame:
    db = ui.database()
    return _werklijst(db, ui._key(db), s.peildatum, s.filters, s.scope)


def selectie_regels(s: ui.Selectie, redenen: list[str], urgenties: list[str]) -> list[str]:
    """The lines under the title of the Excel file: what the list shows (plain text)."""
    filters = ", ".join(f"{k}: {v}" for k, v in vars(s.filters).items() if v) or "geen filters"
    bereik = ("gemeente " + s.scope.gemeente if s.scope.gemeente else
              "clusters " + ", ".join(s.scope.clusters) if s.scope.clusters is not None else "hele organisatie")
    return [f"Peildatum: {ui.nl_datum(s.peildatum)}",
            f"Selectie: {filters} (bereik: {bereik})",
            f"Redenen: {', '.join(wl.REDEN_LABEL[r] for r in redenen)}",
            f"Urgentie: {', '.join(wl.URGENTIE_LABEL[u] for u in urgenties)}",
            f"Binnenkort: uiterlijk op de {norms.BINNENKORT_WERKDAGEN}e werkdag na de peildatum"]


def tellingen(rows: pl.DataFrame) -> None:
    """The count per reason on top: overdue, today, soon."""
    per = wl.per_reden(rows)
    totaal = {u: int(per[u].sum()) for u in (*wl.URGENTIE_VOLGORDE, "totaal")}
    c1, c2, c3 = st.columns(3)
    ui.cijfer_tegel(c1, "Verlopen", ui.nl_getal(totaal["verlopen"]), "termijn voorbij of norm niet gehaald",
                    "Acties waarvan de termijn voor de peildatum lag, of die de KPI nu al niet haalt.")
    ui.cijfer_tegel(c2, "Vandaag", ui.nl_getal(totaal["vandaag"]), "uiterlijk op de peildatum",
                    "Acties die vandaag nog op tijd kunnen.")
    ui.cijfer_tegel(c3, "Binnenkort", ui.nl_getal(totaal["binnenkort"]),
                    f"binnen {norms.BINNENKORT_WERKDAGEN} werkdagen",
                    f"Acties met een termijn in de komende {norms.BINNENKORT_WERKDAGEN} werkdagen.")
    tabel = per.select([pl.col("reden_label").alias("Reden"),
                        *[pl.col(k).alias(v) for k, v in TELLING_KOLOMMEN.items()]])
    st.dataframe(tabel.to_arrow(), hide_index=True, width="stretch", key="werklijst-tellingen")


def groepen(rows: pl.DataFrame, op: str) -> None:
    """How many actions per team or per worker, the most overdue first."""
    per = wl.groepeer(rows, op)
    kolommen = {**GROEP_KOLOMMEN[op], **TELLING_KOLOMMEN}
    st.dataframe(per.select([pl.col(k).alias(v) for k, v in kolommen.items()]).to_arrow(), hide_index=True,
                 width="stretch", key=f"werklijst-per-{op}")


def lijst(rows: pl.DataFrame, s: ui.Selectie, redenen: list[str], urgenties: list[str], op: str | None) -> None:
    """The actions (urgent first, or per team or worker), sortable, with CSV and Excel downloads."""
    if op:
        sleutel = list(GROEP_KOLOMMEN[op])
        rows = rows.sort([*sleutel, "werkdagen", "deadline"], nulls_last=False)
    shown = rows.select([pl.col(k).alias(v) for k, v in KOLOMMEN.items()])
    opmaak = {naam: st.column_config.DateColumn(format="DD-MM-YYYY") if dtype == pl.Date
              else st.column_config.NumberColumn(format="localized")
              for naam, dtype in shown.schema.items() if dtype == pl.Date or dtype.is_numeric()}
    st.dataframe(shown.to_arrow(compat_level=pl.CompatLevel.oldest()), hide_index=True, width="stretch",
                 key="werklijst-tabel", column_config=opmaak)
    naam = f"werklijst-{s.peildatum.isoformat()}"
    titel = f"Werklijst JB-stuurinformatie, peildatum {ui.nl_datum(s.peildatum)}"
    links, rechts, _ = st.columns([1, 1, 4])
    links.download_button("Download CSV", lambda: csv_bytes(shown), file_name=f"{naam}.csv", mime="text/csv",
                          key="werklijst-csv")
    rechts.download_button(
        "Download Excel", lambda: excel_bytes(shown, "werklijst", titel, selectie_regels(s, redenen, urgenties)),
        file_name=f"{naam}.xlsx", mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="werklijst-xlsx")
