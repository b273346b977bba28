"""Precomputed monthly series ("voorberekende maandreeksen") for the at-P KPIs K4-K7.

A trend evaluates an at-P query at 36 month ends (`engine.reeks`); at national
scale the joins grow 36x and a cold page spends seconds there. Month ends on or
before the export date are fixed facts of a database file, so `schrijf()` computes
them once when the file is built (`db.build_database`, hence every import and every
test database): for each function of `engine.REEKS` with a column list, the rows at
every month end of `venster(exportdatum)` (TREND_MAANDEN + 12 months back, up to the
export date, plus the export date itself), WITHOUT filters and with scope ALLES, with
the trend columns plus the key (`maatregel_id`, or `medewerker_id` for caseload) and
`volgorde` (the row's place in the live query's order). Tables `reeks_<function>`
(sql/schema.sql); meta rows `reeksen_peildata` (JSON list) and
`reeks_sleutel_<function>` (a hash of the code that computed them).

Reading (`engine.reeks`): precomputed peildata are read with sql/reeks/<function>.sql,
which selects rows with the rule of selectie_maatregelen (macro in_selectie, on the
measure's cluster, team, municipality and kind stored with each row: a filter instead of
a join of up to 1.5 million rows) or through selectie_medewerkers, so filters and access
scope are enforced in the query layer exactly as in the live query; other peildata are
computed live and the two parts are concatenated in peildatum order.

Why filtering afterwards gives the live result: in these five queries the value of a
row depends only on that measure's (or worker's) own data, never on which other
measures or workers are selected:
- K4 caseload: a worker's caseload counts every running measure with a running
  rol = vast assignment to that worker, read from `maatregelen` itself (not from the
  selection); fte, team_soort and norm are the worker's own. The filter (cluster, team)
  and the scope only decide which workers are rows (a municipal scope: none).
- K5 kind_alleen / K5 JR: population, window, norm, counts and `voldoet*` are joins on
  the measure's own maatregel_id (verblijf, toewijzingen, contacten).
- K6 vaste_jzw: met_vaste_jzw, op_monitorlijst and werkwijze come from the measure's
  own assignments and monitorlijst rows. Only `plaats` (the place in the cluster's
  queue) depends on other measures; it is not a trend column, and the order it
  induces (kleur_rang, op_lijst, maatregel_id within cluster) is the same on any subset,
  so the stored `volgorde` still gives the live order.
- K7 in_doorstroom: population, islands, contacts and casuistiek are per measure.
The live queries order by peildatum and then by the row's own attributes (a total
order), so the order restricted to a selection is the live order of that selection.

A file without the meta rows (built before, or by other code: the hash covers the KPI
SQL, the staging views, the macros, the norms and the columns) uses the live path.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import duckdb
import polars as pl

from kpi import calendar, engine
from kpi.db import SQL_DIR, Database, load_sql
from kpi.params import ALLES, NORM_PARAMS, Filters

VERSIE = "2"  # raise when the way the tables are computed changes (2: selection attributes)
EXTRA_MAANDEN = 12  # the window reaches this many months before the trend of P = exportdatum
# Peildata per query while building: about this many (measure, peildatum) pairs, which
# bounds the memory of the joins (scale 5: ~140,000 measures, 10 peildata per query, ~0.5 GB) while a
# small file takes one query per function.
PAREN_PER_QUERY = 1_500_000
META_PEILDATA = "reeksen_peildata"
META_SLEUTEL = "reeks_sleutel_"
VOLGORDE = "volgorde"
KENMERKEN = ("cluster_id", "team_id", "gemeente_code", "soort")  # what in_selectie selects measures on


def functies() -> tuple[str, ...]:
    """The functions of engine.REEKS that return rows (not the aggregate capaciteit)."""
    return tuple(f for f, (_, kolommen) in engine.REEKS.items() if kolommen)


def tabel(function: str) -> str:
    return f"reeks_{function}"


def sleutel_kolom(function: str) -> str:
    return "medewerker_id" if function in engine.WERKER_KPIS else "maatregel_id"


def venster(exportdatum: dt.date) -> list[dt.date]:
    """Month ends from the first one >= exportdatum - (TREND_MAANDEN + 12) months up to
    the last one <= exportdatum, plus exportdatum itself when it is not a month end."""
    begin = calendar.plus_maanden(exportdatum, -(engine.TREND_MAANDEN + EXTRA_MAANDEN))
    return calendar.maandeinden(begin, exportdatum)


@lru_cache(maxsize=None)
def sleutel(function: str) -> str:
    """Hash of everything the stored rows of `function` depend on besides the data."""
    name, kolommen = engine.REEKS[function]
    digest = hashlib.sha256(f"{VERSIE}/{function}/{kolommen}/{sleutel_kolom(function)}".encode())
    for text in (load_sql(name), load_sql("macros"),
                 *(p.read_text(encoding="utf-8") for p in sorted((SQL_DIR / "staging").glob("*.sql"))),
                 json.dumps(NORM_PARAMS, sort_keys=True, default=str)):
        digest.update(text.encode())
    return digest.hexdigest()


@lru_cache(maxsize=64)
def _datums(text: str) -> frozenset[dt.date]:
    return frozenset(dt.date.fromisoformat(d) for d in json.loads(text))


def voorberekend(db: Database, function: str) -> frozenset[dt.date]:
    """The peildata whose rows of `function` are stored in db's file (empty: use live)."""
    text = db.meta.get(META_PEILDATA)
    if not text or function not in functies() or db.meta.get(META_SLEUTEL + function) != sleutel(function):
        return frozenset()
    return _datums(text)


# Row sets behind K4 capaciteit (an aggregate over the selection, so not a series of rows
# itself): macro name -> table. Their rows depend on no filter or scope.
RIJEN = {"vaste_zaken": "reeks_vaste_zaken", "zonder_vaste": "reeks_zonder_vaste"}


@lru_cache(maxsize=None)
def sleutel_rijen(naam: str) -> str:
    """Hash of the code the stored rows of macro `naam`_live come from."""
    return hashlib.sha256(f"{VERSIE}/{naam}/{RIJEN[naam]}/{load_sql('macros')}".encode()).hexdigest()


def bereken_rijen(db: Database, naam: str, peildata: list[dt.date], per_query: int) -> pl.DataFrame:
    delen = [db.sql(f"select * from {naam}_live($peildata::date[])", {"peildata": peildata[i:i + per_query]})
             for i in range(0, len(peildata), per_query)]
    return pl.concat(delen) if delen else pl.DataFrame()


def installeer(con: duckdb.DuckDBPyConnection, meta: dict, schema: str, target: str) -> None:
    """When the file holds rows of RIJEN computed by this code, redefine <naam>_op (sql/macros.sql:
    the live rows) as the stored rows for the stored peildata plus the live rows for the others.
    Called by Database each time a file is opened."""
    text = meta.get(META_PEILDATA)
    if not text:
        return
    datums = ", ".join(f"date '{dt.date.fromisoformat(d).isoformat()}'" for d in json.loads(text))
    for naam, table in RIJEN.items():
        if meta.get(META_SLEUTEL + naam) != sleutel_rijen(naam):
            continue
        con.execute(f"""
            create or replace macro {target}.{naam}_op(peildata) as table
                select *
                from {schema}.{table}
                where peildatum between list_min(peildata) and list_max(peildata)
                  and list_contains(peildata, peildatum)
                union all by name
                select *
                from {naam}_live(list_filter(peildata, lambda d: not list_contains([{datums}], d)))""")


def blok(db: Database) -> int:
    """How many peildata one query computes while building (see PAREN_PER_QUERY)."""
    aantal = db.sql("select count(*) as n from maatregelen")["n"][0]
    return max(1, PAREN_PER_QUERY // max(1, aantal))


def bereken(db: Database, function: str, peildata: list[dt.date], per_query: int | None = None) -> pl.DataFrame:
    """The stored rows: the live query without filters, scope ALLES, with key and volgorde."""
    per_query = per_query or blok(db)
    delen = [engine.live_reeks(db, function, peildata[i:i + per_query], Filters(), ALLES,
                               extra=(sleutel_kolom(function),))
             for i in range(0, len(peildata), per_query)]
    rows = pl.concat(delen) if delen else pl.DataFrame()
    rows = rows.with_columns(pl.int_range(pl.len(), dtype=pl.Int32).alias(VOLGORDE))
    if sleutel_kolom(function) == "maatregel_id":  # the measure's own attributes, for in_selectie
        kenmerken = db.sql(f"select maatregel_id, {', '.join(KENMERKEN)} from stg_maatregelen")
        rows = rows.join(kenmerken, on="maatregel_id", how="left", maintain_order="left")
    return rows


def schrijf(path: Path, exportdatum: dt.date,
            voortgang: Callable[[float, str], None] | None = None) -> None:
    """Compute the series on the fresh file at `path` (read-only) and write them into it;
    `voortgang(fraction, text)` hears after each function."""
    peildata = venster(exportdatum)
    db = Database(path)
    try:
        per_query = blok(db)
        frames = {}
        for i, function in enumerate(functies()):
            if voortgang:
                voortgang(i / len(functies()), f"maandreeksen berekenen: {function}")
            frames[function] = bereken(db, function, peildata, per_query)
        if voortgang:
            voortgang(1.0, "maandreeksen berekenen: capaciteit")
        rijen = {naam: bereken_rijen(db, naam, peildata, per_query) for naam in RIJEN}
    finally:
        db.close()
    if voortgang:
        voortgang(1.0, "maandreeksen opslaan")
    con = duckdb.connect(str(path))
    try:
        con.execute("begin")
        for function, rows in frames.items():
            kolommen = ", ".join(rows.columns)
            con.register("bron", rows.to_arrow())
            con.execute(f"insert into {tabel(function)} ({kolommen}) select {kolommen} from bron")
            con.unregister("bron")
            con.execute("insert into meta values (?, ?)", [META_SLEUTEL + function, sleutel(function)])
        for naam, rows in rijen.items():
            con.register("bron", rows.to_arrow())
            con.execute(f"insert into {RIJEN[naam]} by name select * from bron")
            con.unregister("bron")
            con.execute("insert into meta values (?, ?)", [META_SLEUTEL + naam, sleutel_rijen(naam)])
        con.execute("insert into meta values (?, ?)",
                    [META_PEILDATA, json.dumps([d.isoformat() for d in peildata])])
        con.execute("commit")
        con.execute("checkpoint")
    finally:
        con.close()
