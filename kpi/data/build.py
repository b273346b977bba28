"""The one build step: a database file, and the SQL objects every query reads.

A file holds the contract tables (sql/schema.sql), `kalender`, `import_log`, `meta` and the derived
tables, all written by `build_database` when a file is built (every import, every rebuild, every test
database). The derived tables are declared here, as configuration:
- MODELS: query files of sql/intermediate materialised as a table of the same name: the deadline
  facts of every deadline KPI (registry: Kpi.termijn) and the colour per day;
- SERIES: monthly series (registry: Kpi.series, plus the row sets behind K4 capaciteit), whose rows at
  the month ends of STORED_MONTHS months up to the export date are stored as `stored_<name>`, with
  the selection columns of their rows (params.SELECTION_COLUMNS), computed with every filter off and scope ALLES.

The same step creates, in the file, the SQL objects every query reads (`install`): a view per
query file of sql/staging and per model of sql/intermediate that is not materialised, the macros of
sql/intermediate, and, from the declarations, normen() (the norms), stored_peildata() (the stored
month ends) and per series the macro series_<name>(s, peildata): the stored rows for the stored
peildata (selected with the membership macro of int_selectie.sql, as live rows are) plus the live
rows of its source for the other peildata, inside SQL.

One build version per file (`version`: a hash of all SQL, the norms, this module, the calendar and
the declarations) is written to meta, so the objects in a file always match the code that reads it:
a file of another build or schema version is outdated and rebuilt from its own contract tables
(kpi/data/importer.py `herbouw`), never answered by other code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import duckdb
import polars as pl

from kpi.core import kalender, params, registry
from kpi.core.registry import ENTITY_MEDEWERKER, ENTITY_MAATREGEL, Series
from kpi.data import contract

ROOT = Path(__file__).resolve().parents[2]
SQL_DIR = ROOT / "sql"
SCHEMA_VERSION = "4"  # 4: one build version, derived tables declared in kpi/data/build.py
KALENDER_JAREN_NA_EXPORT = 2
STORED_MONTHS = registry.TREND_MAANDEN + 12  # month ends stored before the export date
# Peildata per query while storing a series: about this many (measure, peildatum) pairs, which bounds
# the memory of the joins (scale 5: ~140,000 measures, 10 peildata per query) while a small file takes
# one query per series.
PAIRS_PER_QUERY = 1_500_000
META_VERSION = "build_versie"
META_STORED_PEILDATA = "stored_peildata"
ATTACHED = "gi"  # the file, attached in an in-memory connection and used as the default database

MODELS: tuple[str, ...] = (*(k.termijn for k in registry.KPIS if k.termijn), "int_kleur_per_dag")
# The row sets behind K4 capaciteit (sql/intermediate/int_caseload.sql) first: int_caseload reads one.
SERIES: tuple[Series, ...] = (
    Series("vaste_zaken", "int_vaste_zaken", ("medewerker_id", "jeugdige_id"), None),
    Series("zonder_vaste", "int_zonder_vaste", ("maatregel_id", "jeugdige_id"), None),
    *registry.SERIES.values(),
)
MEMBERSHIP = {ENTITY_MAATREGEL: "in_selectie", ENTITY_MEDEWERKER: "in_selectie_medewerker"}


class BuildError(Exception):
    """A database file that cannot be built, with a message in Dutch."""


# --------------------------------------------------------------------------- SQL files


@lru_cache(maxsize=None)
def load_sql(name: str) -> str:
    """The text of sql/<name>.sql (name may contain a sub folder: 'kpi/k1_eerste_contact')."""
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        raise FileNotFoundError(f"Geen SQL-bestand {path.relative_to(ROOT)}")
    return path.read_text(encoding="utf-8")


def without_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)


def statements(sql: str) -> list[str]:
    return [s.strip() for s in without_comments(sql).split(";") if s.strip()]


def is_model(name: str) -> bool:
    """A query file (one select: a view, or a table when materialised), not a file of macros."""
    return not without_comments(load_sql(name)).lstrip().lower().startswith("create ")


def stored_table(series: Series) -> str:
    return f"stored_{series.name}"


def selection_columns(series: Series) -> tuple[str, ...]:
    """The selection columns its stored rows carry (none for rows no selection applies to)."""
    return params.SELECTION_COLUMNS[series.entity] if series.entity else ()


@lru_cache(maxsize=None)
def version() -> str:
    """The build version: a hash of everything a file's derived tables and the SQL reading them
    depend on besides the data."""
    digest = hashlib.sha256(f"{SCHEMA_VERSION}/{MODELS}/{SERIES}/{params.SELECTION_COLUMNS}/{STORED_MONTHS}".encode())
    for path in sorted(SQL_DIR.rglob("*.sql")):
        digest.update(f"{path.relative_to(SQL_DIR)}\n".encode() + path.read_bytes())
    digest.update(json.dumps(params.NORMEN, sort_keys=True).encode())
    for module in (Path(__file__), ROOT / "kpi" / "core" / "kalender.py"):
        digest.update(module.read_bytes())
    return digest.hexdigest()


def window(exportdatum: dt.date) -> list[dt.date]:
    """The stored peildata: month ends from exportdatum - STORED_MONTHS months up to the export
    date, plus the export date itself when it is not a month end."""
    return kalender.maandeinden(kalender.plus_maanden(exportdatum, -STORED_MONTHS), exportdatum)


# --------------------------------------------------------------------------- SQL objects


def _literal(value) -> str:
    """A norm as an SQL literal (numbers keep their Python type: int -> INTEGER, float -> DOUBLE)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value!r}::double"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"'{k}': {_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"norm van onbekend type: {value!r}")


def _series_macro(series: Series) -> str:
    """series_<name>: the stored rows for the stored peildata, the source's rows for the others.

    The live rows are a CTE named by query_table only when some peildata are not stored (DuckDB
    evaluates the name when it binds the query, with the parameters' values): binding the source's
    macro costs milliseconds, and an unused CTE is never bound."""
    kolommen = ", ".join(("peildatum", *series.columns))
    if series.entity is None:
        args, stored_where, live = "peildata", "", f"{series.source}(live_peildata(peildata))"
    else:
        args = "s, peildata"
        stored_where = f" and {MEMBERSHIP[series.entity]}(s)"
        live = f"{series.source}(s, live_peildata(peildata))"
    return (f"create macro series_{series.name}({args}) as table\n"
            f"    with live as (select {kolommen} from {live}),\n"
            f"    geen as (select {kolommen} from {stored_table(series)} where false)\n"
            f"    select {kolommen} from {stored_table(series)}\n"
            f"    where peildatum in (select unnest(peildata)){stored_where}\n"
            f"    union all\n"
            f"    select * from query_table(if(len(live_peildata(peildata)) > 0, 'live', 'geen'))")


def _stored_peildata_macro(stored_peildata: list[dt.date]) -> str:
    datums = ", ".join(f"date '{d.isoformat()}'" for d in stored_peildata)
    return f"create or replace macro stored_peildata() as [{datums}]::date[]"


def _ddl() -> list[tuple[str, dict]]:
    """Every statement that creates the SQL objects and the (empty) derived tables of a new file, in
    file order; `install` finds the order their references need."""
    result: list[tuple[str, dict]] = []
    for path in sorted((SQL_DIR / "staging").glob("*.sql")):
        result.append((f"create view {path.stem} as {load_sql('staging/' + path.stem)}", {}))
    for path in sorted((SQL_DIR / "intermediate").glob("*.sql")):
        name = f"intermediate/{path.stem}"
        if not is_model(name):
            result += [(s, {}) for s in statements(load_sql(name))]
        elif path.stem not in MODELS:
            result.append((f"create view {path.stem} as {load_sql(name)}", {}))
        else:
            result.append((f"create table {path.stem} as {load_sql(name)}", {}))
    result.append((f"create macro normen() as {_literal(params.NORMEN)}", {}))
    result.append((_stored_peildata_macro([]), {}))  # while the series are stored, every read is live
    result.append(("create macro live_peildata(peildata) as "
                   "list_filter(peildata, lambda d: not list_contains(stored_peildata(), d))", {}))
    for series in SERIES:  # an empty table of the right columns and types, filled by build_database
        columns = ", ".join(("peildatum", *selection_columns(series), *series.columns))
        source = f"{series.source}($selectie, []::date[])" if series.entity else f"{series.source}([]::date[])"
        result.append((f"create table {stored_table(series)} as select {columns} from {source}",
                       {"selectie": params.selectie()} if series.entity else {}))
        result.append((_series_macro(series), {}))
    return result


def install(con: duckdb.DuckDBPyConnection) -> None:
    """Create the SQL objects and the empty derived tables in the file `con` uses (`connect`).
    A statement that refers to an object not created yet is tried again after the others."""
    todo = _ddl()
    while todo:
        failed, last_error = [], None
        for statement, values in todo:
            try:
                con.execute(statement, values)
            except duckdb.CatalogException as error:
                failed.append((statement, values))
                last_error = error
        if len(failed) == len(todo):
            raise BuildError(f"SQL-objecten konden niet worden aangemaakt: {last_error}") from last_error
        todo = failed


def connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """An in-memory connection with the file attached as ATTACHED and used as the default database
    (a cursor of it needs `USE` again: `USE_FILE`)."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"attach '{_sql_literal(str(path))}' as {ATTACHED}{' (read_only)' if read_only else ''}")
    except duckdb.Error:
        con.close()
        raise
    con.execute(USE_FILE)
    return con


USE_FILE = f"use {ATTACHED}"


# --------------------------------------------------------------------------- build


DTYPES = {contract.STR: pl.String, contract.DATE: pl.Date, contract.BOOL: pl.Boolean,
          contract.INT: pl.Int32, contract.DECIMAL: pl.Float64}


def conform(table: contract.Table, frame: pl.DataFrame | None) -> pl.DataFrame:
    """`frame` with exactly the table's columns and types (absent optional ones NULL)."""
    frame = frame if frame is not None else pl.DataFrame()
    return pl.DataFrame([
        (frame[c.name] if c.name in frame.columns else pl.Series([None] * frame.height))
        .cast(DTYPES[c.type]).alias(c.name)
        for c in table.columns
    ])


def build_database(path: Path, tables: dict[str, pl.DataFrame], exportdatum: dt.date,
                   log_rows: list[dict] | None = None,
                   voortgang: Callable[[float, str], None] | None = None) -> None:
    """Write a new database file at `path` from typed, validated frames, with every derived table.

    `tables` maps contract table names to frames with the contract's columns (missing optional
    columns are added as NULL). The file must not exist yet: callers write to a temporary name and
    swap it in. `voortgang(fraction, text)` hears how far the derived tables are.
    """
    path = Path(path)
    if path.exists():
        raise BuildError(f"Bestand {path} bestaat al; er wordt altijd een nieuw bestand geschreven.")
    con = duckdb.connect(str(path))
    try:
        con.execute(load_sql("schema"))
        for table in contract.TABLES:
            _insert(con, table.name, conform(table, tables.get(table.name)), table.column_names)
        first = dt.date.fromisoformat(contract.EARLIEST_DATE)
        last = dt.date(exportdatum.year + KALENDER_JAREN_NA_EXPORT, 12, 31)
        dagen = pl.DataFrame(kalender.kalender_rows(first, last),
                             schema=["datum", "werkdag", "werkdag_nr", "feestdag"], orient="row")
        _insert(con, "kalender", dagen, dagen.columns)
        for row in log_rows or []:
            con.execute(
                "insert into import_log values (?, ?, ?, ?, ?, ?, ?, ?)",
                [row["import_id"], row["geimporteerd_op"], row.get("gebruiker"), row["bron"],
                 row["exportdatum"], row["resultaat"], json.dumps(row["bestanden"]),
                 json.dumps(row["waarschuwingen"])],
            )
        con.execute("checkpoint")
    finally:
        con.close()
    _derived(path, exportdatum, voortgang)


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, columns) -> None:
    if frame.height:
        con.register("bron", frame.to_arrow())
        names = ", ".join(columns)
        con.execute(f"insert into {table} ({names}) select {names} from bron")
        con.unregister("bron")


def _derived(path: Path, exportdatum: dt.date, voortgang: Callable[[float, str], None] | None) -> None:
    """The derived tables and meta of the new file at `path` (contract tables and kalender written)."""
    melden = voortgang or (lambda fraction, text: None)
    peildata = window(exportdatum)
    con = connect(path, read_only=False)
    try:
        melden(0.0, "afgeleide tabellen berekenen")
        install(con)
        aantal = con.execute("select count(*) from maatregelen").fetchone()[0]
        per_query = max(1, PAIRS_PER_QUERY // max(1, aantal))
        alles = params.selectie()
        for i, series in enumerate(SERIES):
            melden(i / len(SERIES), f"maandreeksen berekenen: {series.name}")
            columns = ", ".join(("peildatum", *selection_columns(series), *series.columns))
            for start in range(0, len(peildata), per_query):
                blok = peildata[start:start + per_query]
                source = (f"{series.source}($selectie, $peildata::date[])" if series.entity
                          else f"{series.source}($peildata::date[])")
                con.execute(f"insert into {stored_table(series)} select {columns} from {source}",
                            {"selectie": alles, "peildata": blok} if series.entity else {"peildata": blok})
        meta = {"schema_versie": SCHEMA_VERSION, "exportdatum": exportdatum.isoformat(),
                "gebouwd_op": dt.datetime.now().isoformat(timespec="seconds"), META_VERSION: version(),
                META_STORED_PEILDATA: json.dumps([d.isoformat() for d in peildata])}
        con.execute(_stored_peildata_macro(peildata))
        con.executemany("insert into meta values (?, ?)", list(meta.items()))
        melden(1.0, "maandreeksen opslaan")
        con.execute(f"checkpoint {ATTACHED}")
    finally:
        con.close()


def outdated(meta: dict) -> bool:
    """A file built by other code (another build or schema version) must be rebuilt."""
    return meta.get("schema_versie") != SCHEMA_VERSION or meta.get(META_VERSION) != version()


def read_meta(path: Path) -> dict:
    """The meta rows of a database file (read-only)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return dict(con.execute("select sleutel, waarde from meta").fetchall())
    finally:
        con.close()


def stored_peildata(meta: dict) -> list[dt.date]:
    return [dt.date.fromisoformat(d) for d in json.loads(meta.get(META_STORED_PEILDATA) or "[]")]


def read_tables(path: Path) -> tuple[dict[str, pl.DataFrame], dt.date]:
    """The contract tables and the export date of an existing file (of any schema version), to
    build a current file from: a table or optional column it lacks is empty."""
    meta = read_meta(path)
    con = duckdb.connect(str(path), read_only=True)
    try:
        present = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
        frames = {t.name: conform(t, con.sql(f"select * from {t.name}").pl() if t.name in present else None)
                  for t in contract.TABLES}
    finally:
        con.close()
    return frames, dt.date.fromisoformat(meta["exportdatum"])


def _sql_literal(text: str) -> str:
    return text.replace("'", "''")
