"""What every Streamlit page shares: the database, the filter state in the URL,
cached KPI calls, the page header with data freshness, and case-list downloads.

Pages stay thin: they read `huidige_selectie()`, call the cached functions
here (which call kpi.engine), and draw with kpi.charts.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, replace

import polars as pl
import streamlit as st

from kpi import engine
from kpi.db import Database, default_database_path
from kpi.params import ALLES, Filters, Scope

Date = dt.date
TTL = 600
MAX_ENTRIES = 256
FILTER_KEYS = ("cluster", "team", "gemeente", "soort")
SOORT_LABELS = {"OTS": "OTS", "VOTS": "VOTS", "voogdij": "Voogdij", "JR": "Jeugdreclassering"}
STATUS_LABELS = {"tijdig": "Tijdig", "te_laat": "Te laat", "verlopen": "Verlopen", "open": "Nog open"}


# ----------------------------------------------------------------- database


@st.cache_resource(show_spinner=False)
def _database(path: str) -> Database:
    return Database(path)


def database() -> Database:
    """The shared read-only database; moves to a newly imported file between runs."""
    db = _database(str(default_database_path()))
    db.refresh()
    return db


def _key(db: Database) -> tuple:
    """Cache key part that changes when the database file is replaced."""
    return (db.stamp.path, db.stamp.inode, db.stamp.mtime_ns)


# ----------------------------------------------------------------- selection


@dataclass(frozen=True)
class Selectie:
    """The sidebar choice: peildatum, period and filters, plus the user's scope."""

    peildatum: Date
    van: Date
    tot: Date
    filters: Filters = Filters()
    scope: Scope = ALLES

    def met(self, **changes) -> "Selectie":
        return replace(self, **changes)

    def filters_zonder(self, *keys: str) -> Filters:
        return replace(self.filters, **{k: None for k in keys})


def standaard_periode(peildatum: Date) -> tuple[Date, Date]:
    """The last full quarter up to the peildatum... or the quarter running at P."""
    start = Date(peildatum.year, 3 * ((peildatum.month - 1) // 3) + 1, 1)
    return start, peildatum


SELECTIE_KEY = "jb_selectie"
GEBRUIKER_KEY = "jb_gebruiker"


def huidige_selectie() -> Selectie:
    """The selection app.py made for this run."""
    return st.session_state[SELECTIE_KEY]


# ----------------------------------------------------------------- cached KPI calls
# Small, hashable arguments only; the db key makes a new import a cache miss.


@st.cache_data(ttl=TTL, max_entries=MAX_ENTRIES, show_spinner=False)
def _deadline_cases(_db: Database, key_db: tuple, key: str, peildatum: Date, van: Date, tot: Date,
                    filters: Filters, scope: Scope) -> pl.DataFrame:
    return engine.deadline_cases(_db, key, peildatum, van, tot, filters, scope)


def deadline_cases(key: str, s: Selectie, filters: Filters | None = None) -> pl.DataFrame:
    db = database()
    return _deadline_cases(db, _key(db), key, s.peildatum, s.van, s.tot, filters or s.filters, s.scope)


@st.cache_data(ttl=TTL, max_entries=MAX_ENTRIES, show_spinner=False)
def _deadline_trend(_db: Database, key_db: tuple, key: str, peildatum: Date, filters: Filters,
                    scope: Scope, by: tuple[str, ...]) -> pl.DataFrame:
    return engine.deadline_trend(_db, key, peildatum, filters, scope, by)


def deadline_trend(key: str, s: Selectie, by: tuple[str, ...] = (), filters: Filters | None = None) -> pl.DataFrame:
    db = database()
    return _deadline_trend(db, _key(db), key, s.peildatum, filters or s.filters, s.scope, by)


@st.cache_data(ttl=TTL, max_entries=MAX_ENTRIES, show_spinner=False)
def _binnenkort(_db: Database, key_db: tuple, key: str, peildatum: Date, filters: Filters,
                scope: Scope) -> pl.DataFrame:
    return engine.binnenkort_verlopen(_db, key, peildatum, filters, scope)


def binnenkort_verlopen(key: str, s: Selectie) -> pl.DataFrame:
    db = database()
    return _binnenkort(db, _key(db), key, s.peildatum, s.filters, s.scope)


@st.cache_data(ttl=TTL, max_entries=MAX_ENTRIES, show_spinner=False)
def _at_peildata(_db: Database, key_db: tuple, function: str, peildata: tuple[Date, ...],
                 filters: Filters, scope: Scope) -> pl.DataFrame:
    return getattr(engine, function)(_db, list(peildata), filters, scope)


def op_peildatum(function: str, s: Selectie, filters: Filters | None = None) -> pl.DataFrame:
    """engine.<function> (caseload, capaciteit, kind_alleen, kind_alleen_jr, vaste_jzw,
    in_doorstroom) at the peildatum."""
    db = database()
    return _at_peildata(db, _key(db), function, (s.peildatum,), filters or s.filters, s.scope)


def maandreeks(function: str, s: Selectie, filters: Filters | None = None) -> pl.DataFrame:
    """The same at every month end of the trend window (the last one is P)."""
    db = database()
    return _at_peildata(db, _key(db), function, tuple(engine.maandeinden(s.peildatum)),
                        filters or s.filters, s.scope)


@st.cache_data(ttl=TTL, max_entries=MAX_ENTRIES, show_spinner=False)
def _period_query(_db: Database, key_db: tuple, function: str, peildatum: Date, van: Date, tot: Date,
                  filters: Filters, scope: Scope) -> pl.DataFrame:
    return getattr(engine, function)(_db, peildatum, van, tot, filters, scope)


def over_periode(function: str, s: Selectie, van: Date | None = None, tot: Date | None = None) -> pl.DataFrame:
    """engine.<function> (monitorlijst_stroom, doorlooptijd_monitorlijst) over [van, tot]."""
    db = database()
    return _period_query(db, _key(db), function, s.peildatum, van or s.van, tot or s.tot, s.filters, s.scope)


@st.cache_data(ttl=TTL, max_entries=MAX_ENTRIES, show_spinner=False)
def _hulp_aanvragen(_db: Database, key_db: tuple, peildatum: Date, filters: Filters, scope: Scope) -> pl.DataFrame:
    return engine.hulp_aanvragen(_db, peildatum, filters, scope)


def hulp_aanvragen(s: Selectie) -> pl.DataFrame:
    db = database()
    return _hulp_aanvragen(db, _key(db), s.peildatum, s.filters, s.scope)


@st.cache_data(ttl=TTL, max_entries=8, show_spinner=False)
def keuzelijsten(_db: Database, key_db: tuple, scope: Scope) -> dict[str, pl.DataFrame]:
    """Clusters, teams and municipalities the user may choose from (within the scope)."""
    clusters = _db.sql("select cluster_id, naam from clusters order by naam")
    teams = _db.sql("select team_id, naam, cluster_id, soort from teams order by naam")
    gemeenten = _db.sql("select gemeente_code, naam, cluster_id from gemeenten order by naam")
    if scope.clusters is not None:
        allowed = list(scope.clusters)
        clusters = clusters.filter(pl.col("cluster_id").is_in(allowed))
        teams = teams.filter(pl.col("cluster_id").is_in(allowed))
        gemeenten = gemeenten.filter(pl.col("cluster_id").is_in(allowed))
    if scope.gemeente is not None:
        gemeenten = gemeenten.filter(pl.col("gemeente_code") == scope.gemeente)
    return {"clusters": clusters, "teams": teams, "gemeenten": gemeenten}


@st.cache_data(ttl=TTL, max_entries=8, show_spinner=False)
def versheid(_db: Database, key_db: tuple) -> dict:
    """Export date and the time of the latest import, for every page header."""
    last = _db.sql("select max(geimporteerd_op) as t from import_log")["t"][0]
    return {"exportdatum": _db.exportdatum, "geimporteerd_op": last}


# ----------------------------------------------------------------- page parts


def nl_datum(day: Date | dt.datetime | None) -> str:
    return "–" if day is None else day.strftime("%d-%m-%Y" if isinstance(day, Date) and not isinstance(
        day, dt.datetime) else "%d-%m-%Y %H:%M")


def nl_getal(value: float | int | None, decimals: int = 0) -> str:
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def nl_pct(value: float | None, decimals: int = 0) -> str:
    return "–" if value is None else f"{nl_getal(value, decimals)}%"


def kop(titel: str, uitleg: str | None = None) -> Selectie:
    """Page title, the data freshness line and the active selection; returns the selection."""
    s = huidige_selectie()
    db = database()
    fresh = versheid(db, _key(db))
    st.title(titel)
    filters = ", ".join(f"{k}: {v}" for k, v in vars(s.filters).items() if v) or "hele organisatie"
    st.caption(
        f"Peildatum **{nl_datum(s.peildatum)}** · periode {nl_datum(s.van)} t/m {nl_datum(s.tot)} · "
        f"{filters} · export van {nl_datum(fresh['exportdatum'])}, geïmporteerd "
        f"{nl_datum(fresh['geimporteerd_op'])}")
    if uitleg:
        st.markdown(uitleg)
    return s


def leeg(frame: pl.DataFrame, tekst: str = "Geen zaken voor deze selectie.") -> bool:
    """Show an empty-state message; True when there is nothing to draw."""
    if frame.is_empty():
        st.info(tekst)
        return True
    return False


def excel_bytes(frame: pl.DataFrame, sheet: str = "zaken") -> bytes:
    buffer = io.BytesIO()
    frame.write_excel(buffer, worksheet=sheet[:31], autofit=True)
    return buffer.getvalue()


def zaaklijst(frame: pl.DataFrame, naam: str, kolommen: dict[str, str], key: str,
              hoogte: int | None = None) -> None:
    """A sortable case list with CSV and Excel download. `kolommen` maps column → Dutch header."""
    if leeg(frame):
        return
    shown = frame.select([pl.col(c).alias(label) for c, label in kolommen.items() if c in frame.columns])
    st.dataframe(shown, hide_index=True, width="stretch", height=hoogte or "auto", key=f"{key}-tabel")
    left, right, _ = st.columns([1, 1, 4])
    left.download_button("Download CSV", shown.write_csv(separator=";").encode("utf-8-sig"),
                         file_name=f"{naam}.csv", mime="text/csv", key=f"{key}-csv")
    right.download_button("Download Excel", excel_bytes(shown, naam), file_name=f"{naam}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"{key}-xlsx")
