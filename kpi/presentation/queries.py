"""The database handle and the cached KPI calls every page uses (small, hashable arguments
only; the database stamp in the key makes a new import a cache miss), and the figures of the
Overzicht tiles, computed once per selection for everyone."""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from kpi.core.params import Filters, Scope
from kpi.core.registry import KPI_BY_KEY, MEDEWERKER, TERMIJN
from kpi.data import importer
from kpi.data.db import Database, default_database_path
from kpi.metrics import engine
from kpi.presentation import views_termijn as vt
from kpi.presentation.cache import frame_cache
from kpi.presentation.state import Selectie, geteld_selectie, vorig_kwartaal

Date = dt.date


@st.cache_resource(show_spinner=False)
def _database(path: str) -> Database:
    # An outdated file (made by another version of the code) is rebuilt first (kpi/data/build.py).
    return Database(path, rebuild=importer.rebuild)


def database() -> Database:
    """The shared read-only database; moves to a newly imported file between runs."""
    db = _database(str(default_database_path()))
    db.refresh()
    return db


def db_key(db: Database) -> tuple:
    """Cache key part that changes when the database file is replaced."""
    return (db.stamp.path, db.stamp.inode, db.stamp.mtime_ns)


@frame_cache
def _deadline_cases(_db: Database, key_db: tuple, key: str, peildatum: Date, van: Date, tot: Date,
                    filters: Filters, scope: Scope) -> pl.DataFrame:
    return engine.deadline_cases(_db, key, peildatum, van, tot, filters, scope)


def deadline_cases(key: str, s: Selectie, filters: Filters | None = None) -> pl.DataFrame:
    db = database()
    return _deadline_cases(db, db_key(db), key, s.peildatum, s.van, s.tot, filters or s.filters, s.scope)


@frame_cache
def _deadline_trend(_db: Database, key_db: tuple, key: str, peildatum: Date, filters: Filters,
                    scope: Scope, by: tuple[str, ...]) -> pl.DataFrame:
    return engine.deadline_trend(_db, key, peildatum, filters, scope, by)


def deadline_trend(key: str, s: Selectie, by: tuple[str, ...] = (), filters: Filters | None = None) -> pl.DataFrame:
    db = database()
    return _deadline_trend(db, db_key(db), key, s.peildatum, filters or s.filters, s.scope, by)


@frame_cache
def _binnenkort(_db: Database, key_db: tuple, key: str, peildatum: Date, filters: Filters,
                scope: Scope) -> pl.DataFrame:
    return engine.binnenkort_verlopen(_db, key, peildatum, filters, scope)


def binnenkort_verlopen(key: str, s: Selectie) -> pl.DataFrame:
    db = database()
    return _binnenkort(db, db_key(db), key, s.peildatum, s.filters, s.scope)


@frame_cache
def _at_peildata(_db: Database, key_db: tuple, function: str, peildata: tuple[Date, ...],
                 filters: Filters, scope: Scope) -> pl.DataFrame:
    return getattr(engine, function)(_db, list(peildata), filters, scope)


def op_peildatum(function: str, s: Selectie, filters: Filters | None = None) -> pl.DataFrame:
    """engine.<function> (caseload, capaciteit, kind_alleen, kind_alleen_jr, vaste_jzw,
    in_doorstroom) at the peildatum."""
    db = database()
    return _at_peildata(db, db_key(db), function, (s.peildatum,), filters or s.filters, s.scope)


@frame_cache
def _reeks(_db: Database, key_db: tuple, function: str, peildata: tuple[Date, ...],
           filters: Filters, scope: Scope, tellers: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> pl.DataFrame:
    if function not in engine.SERIES:  # K4 capaciteit: one aggregate row per peildatum (its inputs are stored)
        return getattr(engine, function)(_db, list(peildata), filters, scope)
    return engine.series(_db, function, list(peildata), filters, scope, counts=dict(tellers) if tellers else None)


def reeks_op(function: str, s: Selectie) -> pl.DataFrame:
    """The trend columns of engine.<function> at the selection's peildatum only (e.g. a quarter
    earlier, for a tile's change): read from the stored month-end series when it has that date."""
    db = database()
    return _reeks(db, db_key(db), function, (s.peildatum,), s.filters, s.scope)


def maandreeks(function: str, s: Selectie, filters: Filters | None = None) -> pl.DataFrame:
    """The same at every month end of the trend window (the last one is P), with only the
    columns the trends read (registry.Series): the cache holds megabytes, not case lists."""
    db = database()
    return _reeks(db, db_key(db), function, tuple(engine.maandeinden(s.peildatum)), filters or s.filters, s.scope)


def maandtelling(function: str, s: Selectie, tellers: dict[str, tuple[str, ...]],
                 maanden: bool = True) -> pl.DataFrame:
    """engine.series counted per peildatum (`tellers`: name -> boolean columns that must all be true) at
    every month end of the trend window, or (maanden=False) at the peildatum only."""
    db = database()
    peildata = tuple(engine.maandeinden(s.peildatum)) if maanden else (s.peildatum,)
    return _reeks(db, db_key(db), function, peildata, s.filters, s.scope, tuple(tellers.items()))


@frame_cache
def _period_query(_db: Database, key_db: tuple, function: str, peildatum: Date, van: Date, tot: Date,
                  filters: Filters, scope: Scope) -> pl.DataFrame:
    return getattr(engine, function)(_db, peildatum, van, tot, filters, scope)


def over_periode(function: str, s: Selectie, van: Date | None = None, tot: Date | None = None) -> pl.DataFrame:
    """engine.<function> (monitorlijst_stroom, doorlooptijd_monitorlijst) over [van, tot]."""
    db = database()
    return _period_query(db, db_key(db), function, s.peildatum, van or s.van, tot or s.tot, s.filters, s.scope)


@frame_cache
def _hulp_aanvragen(_db: Database, key_db: tuple, peildatum: Date, filters: Filters, scope: Scope,
                    gestart_vanaf: Date) -> pl.DataFrame:
    return engine.hulp_aanvragen(_db, peildatum, filters, scope, gestart_vanaf)


def hulp_aanvragen(s: Selectie) -> pl.DataFrame:
    db = database()
    return _hulp_aanvragen(db, db_key(db), s.peildatum, s.filters, s.scope, s.van)


@frame_cache(max_entries=8)
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


def namen(scope: Scope) -> dict[str, dict[str, str]]:
    """Names by id for the page header and file titles: {"cluster": {id: naam}, "team": ...,
    "gemeente": ...} within the user's scope."""
    db = database()
    lists = keuzelijsten(db, db_key(db), scope)
    return {"cluster": dict(lists["clusters"].select("cluster_id", "naam").iter_rows()),
            "team": dict(lists["teams"].select("team_id", "naam").iter_rows()),
            "gemeente": dict(lists["gemeenten"].select("gemeente_code", "naam").iter_rows())}


@frame_cache(max_entries=8)
def versheid(_db: Database, key_db: tuple) -> dict:
    """Export date and the time of the latest import, for every page header."""
    last = _db.sql("select max(geimporteerd_op) as t from import_log")["t"][0]
    return {"exportdatum": _db.exportdatum, "geimporteerd_op": last}


def tile_figures(key: str, s: Selectie):
    """The figures of the KPI's Overzicht tile (views_termijn.Tegel), by its kind, computed once per
    selection for everyone: the views behind a tile aggregate up to 36 months of rows."""
    db = database()
    return _tile_figures(db, db_key(db), key, s)


@frame_cache
def _tile_figures(_db: Database, key_db: tuple, key: str, s: Selectie):
    kpi = KPI_BY_KEY[key]
    if kpi.kind == TERMIJN:  # the period's figure, the same a quarter earlier, the monthly trend
        def telling(t: Selectie) -> pl.DataFrame:
            return engine.count_deadlines(_db, key, t.peildatum, t.van, t.tot, t.filters, t.scope)
        return vt.deadline_tegel(key, telling(geteld_selectie(s)), telling(geteld_selectie(vorig_kwartaal(s))),
                                 deadline_trend(key, s))
    if kpi.kind == MEDEWERKER:  # K4: caseload per fte of the jb teams at P, a quarter earlier, per month end
        reeks = vt.caseload_reeks(maandreeks("caseload", s))
        vorig = vt.caseload_reeks(reeks_op("caseload", vorig_kwartaal(s)))
        return vt.caseload_tegel(reeks, vorig, s.peildatum)
    # At the peildatum (registry.Tegel): the share of measures whose `teller` columns are all true at P,
    # a quarter earlier and per month end, and the `extra` shares at P; counted in the database.
    spec = kpi.tegel
    tellers = {"teller": spec.teller, **{f"extra_{i}": columns for i, (_, columns) in enumerate(spec.extra)}}
    telling = maandtelling(spec.series, s, tellers)
    reeks = vt.aandeel_uit_telling(telling, "teller")
    vorig = vt.aandeel_uit_telling(maandtelling(spec.series, vorig_kwartaal(s), tellers, maanden=False), "teller")
    extra_values = {}
    for i, (label, _) in enumerate(spec.extra):
        share = vt.aandeel_uit_telling(telling.filter(pl.col("peildatum") == s.peildatum), f"extra_{i}")
        extra_values[label] = float(share["percentage"][0]) if share.height else None
    return vt.aandeel_tegel(key, spec.maat, reeks, vorig, s.peildatum, extra=extra_values)
