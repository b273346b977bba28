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
from kpi.presentation import format as fmt
from kpi.presentation import queries, widgets
from kpi.presentation.cache import frame_cache
from kpi.presentation.state import Selectie

KOLOMMEN = {
    "urgentie_label": "Urgentie", "reden_label": "Reden", "deadline": "Uiterlijk",
    "werkdagen": "Werkdagen (negatief: over tijd)", "dagen": "Dagen (negatief: over tijd)",
    "toelichting_label": "Toelichting",
    "team_naam": "Team", "medewerker_id": "Medewerker", "klacht_id": "Klacht", "maatregel_id": "Maatregel",
    "jeugdige_id": "Jeugdige (pseudoniem)", "soort": "Soort", "cluster_naam": "Cluster",
}
GROEP_KOLOMMEN = {
    "team": {"cluster_naam": "Cluster", "team_naam": "Team"},
    "medewerker": {"team_naam": "Team", "medewerker_id": "Medewerker"},
}
TELLING_KOLOMMEN = {"verlopen": "Verlopen", "vandaag": "Vandaag", "binnenkort": "Binnenkort", "totaal": "Totaal"}
LEEG = "–"  # an empty text cell (no worker, a complaint without measure): never "None"


def telling_tabel(per: pl.DataFrame, kolommen: dict[str, str]) -> pl.DataFrame:
    """A count table for the screen: the names (an empty one as LEEG) and the counts in Dutch (1.405),
    as the other count tables (fmt.nl_getal); the rows keep their order."""
    return per.select([pl.col(k).map_elements(fmt.nl_getal, return_dtype=pl.String).alias(v)
                       if k in TELLING_KOLOMMEN else pl.col(k).fill_null(LEEG).alias(v)
                       for k, v in kolommen.items()])


def _telling_opmaak(tabel: pl.DataFrame) -> dict:
    """The counts right-aligned, as numbers are."""
    return {v: st.column_config.TextColumn(alignment="right") for v in TELLING_KOLOMMEN.values() if v in tabel.columns}


def leeg_als_streep(rows: pl.DataFrame) -> pl.DataFrame:
    """Empty text cells as LEEG, so the list and its downloads never show "None" (the downloads keep
    numbers and dates as numbers and dates)."""
    return rows.with_columns(pl.col(c).fill_null(LEEG) for c, dtype in rows.schema.items() if dtype == pl.String)


def op_scherm(rows: pl.DataFrame) -> pl.DataFrame:
    """The list as the screen shows it: as leeg_als_streep, and the deadline and the (working) days as
    Dutch text (23-05-2025, -1.405), LEEG without a deadline. A table shows an empty number or date
    as "None", and cannot be told otherwise; the rows come urgent first (or per team or worker)."""
    return leeg_als_streep(rows).with_columns(
        pl.col("deadline").map_elements(fmt.nl_datum, return_dtype=pl.String).fill_null(LEEG),
        *[pl.col(c).map_elements(fmt.nl_getal, return_dtype=pl.String).fill_null(LEEG) for c in ("dagen", "werkdagen")])


@frame_cache
def _werklijst(_db: Database, key_db: tuple, peildatum: dt.date, filters: Filters, scope: Scope) -> pl.DataFrame:
    return wl.werklijst(_db, peildatum, filters, scope)


def werklijst(s: Selectie) -> pl.DataFrame:
    db = queries.database()
    return _werklijst(db, queries.db_key(db), s.peildatum, s.filters, s.scope)


def selectie_regels(s: Selectie, redenen: list[str], urgenties: list[str]) -> list[str]:
    """The lines under the title of the Excel file: what the list shows (plain text)."""
    filters = ", ".join(f"{k}: {v}" for k, v in vars(s.filters).items() if v) or "geen filters"
    bereik = ("gemeente " + s.scope.gemeente if s.scope.gemeente else
              "clusters " + ", ".join(s.scope.clusters) if s.scope.clusters is not None else "hele organisatie")
    return [f"Peildatum: {fmt.nl_datum(s.peildatum)}",
            f"Selectie: {filters} (bereik: {bereik})",
            f"Redenen: {', '.join(wl.REDEN_LABEL[r] for r in redenen)}",
            f"Urgentie: {', '.join(wl.URGENTIE_LABEL[u] for u in urgenties)}",
            f"Binnenkort: uiterlijk op de {norms.BINNENKORT_WERKDAGEN}e werkdag na de peildatum"]


def tellingen(rows: pl.DataFrame) -> None:
    """The count per reason on top: overdue, today, soon."""
    per = wl.per_reden(rows)
    totaal = {u: int(per[u].sum()) for u in (*wl.URGENTIE_VOLGORDE, "totaal")}
    c1, c2, c3 = st.columns(3)
    widgets.cijfer_tegel(c1, "Verlopen", fmt.nl_getal(totaal["verlopen"]), "termijn voorbij of norm niet gehaald",
                    "Acties waarvan de termijn voor de peildatum lag, of die de KPI nu al niet haalt.")
    widgets.cijfer_tegel(c2, "Vandaag", fmt.nl_getal(totaal["vandaag"]), "uiterlijk op de peildatum",
                    "Acties die vandaag nog op tijd kunnen.")
    widgets.cijfer_tegel(c3, "Binnenkort", fmt.nl_getal(totaal["binnenkort"]),
                    f"binnen {norms.BINNENKORT_WERKDAGEN} werkdagen",
                    f"Acties met een termijn in de komende {norms.BINNENKORT_WERKDAGEN} werkdagen.")
    tabel = telling_tabel(per, {"reden_label": "Reden", **TELLING_KOLOMMEN})
    st.dataframe(tabel.to_arrow(), hide_index=True, width="stretch", key="werklijst-tellingen",
                 column_config=_telling_opmaak(tabel))


def groepen(rows: pl.DataFrame, op: str) -> None:
    """How many actions per team or per worker, the most overdue first."""
    per = wl.groepeer(rows, op)
    tabel = telling_tabel(per, {**GROEP_KOLOMMEN[op], **TELLING_KOLOMMEN})
    st.dataframe(tabel.to_arrow(), hide_index=True, width="stretch", key=f"werklijst-per-{op}",
                 column_config=_telling_opmaak(tabel))


def lijst(rows: pl.DataFrame, s: Selectie, redenen: list[str], urgenties: list[str], op: str | None) -> None:
    """The actions (urgent first, or per team or worker) in Dutch (op_scherm), with CSV and Excel
    downloads of the same rows with their numbers and dates (the Excel file opens with a title and
    the selection)."""
    if op:
        rows = rows.sort([*GROEP_KOLOMMEN[op], "werkdagen", "deadline"], nulls_last=False)
    widgets.zaaklijst(op_scherm(rows), f"werklijst-{s.peildatum.isoformat()}", KOLOMMEN, key="werklijst",
                      titel=f"Werklijst JB-stuurinformatie, peildatum {fmt.nl_datum(s.peildatum)}",
                      regels=tuple(selectie_regels(s, redenen, urgenties)), download=leeg_als_streep(rows))
