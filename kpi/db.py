"""The DuckDB store: building a database file and querying it.

A database file holds only the contract tables, the working-day calendar,
the import log, `meta`, the deadline facts of K1-K3 (`termijn_*`, kpi/termijnen.py)
and the precomputed monthly series (`reeks_*`, kpi/reeksen.py). Views (sql/staging) and macros (sql/macros.sql) are
installed in memory each time a file is opened, so they always match the code
that queries them and the data file itself is opened read-only.

Queries are `.sql` files under sql/, loaded by name and run with named
parameters (`$peildatum`, `$cluster`, ...), never built by string formatting.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb
import polars as pl

from kpi import calendar, contract, termijnen
from kpi.fouten import eerste_regel

ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = ROOT / "sql"
DATA_DIR = ROOT / "data"
DEMO_DB = DATA_DIR / "demo.duckdb"
DB_ENV = "JB_DATABASE"  # path of the database file the dashboard reads

SCHEMA_VERSION = "3"  # 2: precomputed monthly series (kpi/reeksen.py); 3: deadline facts (kpi/termijnen.py)
# Versions this code reads: an older file (e.g. a backup restored after an upgrade) only lacks
# the precomputed tables, and the queries then compute the same rows live.
LEESBARE_VERSIES = ("1", "2", SCHEMA_VERSION)
KALENDER_JAREN_NA_EXPORT = 2
_ATTACHED = "gi"
_SEARCH_PATH = f"{_ATTACHED}.main,memory.main"
_PARAM = re.compile(r"(?<![\w$])\$([a-z_][a-z0-9_]*)")


class DatabaseError(Exception):
    """A database file that cannot be used, with a message in Dutch.

    `melding` says what is wrong without any server path (what a user may see); `str()`
    adds the file and the technical detail, for the command line and the server log.
    """

    def __init__(self, melding: str, pad: Path | None = None, detail: str | None = None):
        self.melding, self.pad, self.detail = melding, pad, detail
        tekst = melding if pad is None else f"{melding} (bestand {pad})"
        super().__init__(f"{tekst} Detail: {detail}" if detail else tekst)


@lru_cache(maxsize=None)
def load_sql(name: str) -> str:
    """The text of sql/<name>.sql (name may contain a sub folder: 'kpi/k1_eerste_contact')."""
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        raise FileNotFoundError(f"Geen SQL-bestand {path.relative_to(ROOT)}")
    return path.read_text(encoding="utf-8")


def sql_parameters(sql: str) -> set[str]:
    """Names of the $parameters a query uses (comments stripped first)."""
    without_comments = re.sub(r"--[^\n]*", "", sql)
    return set(_PARAM.findall(without_comments))


def default_database_path() -> Path:
    """The database the dashboard and CLI open when none is given."""
    return Path(os.environ.get(DB_ENV) or DEMO_DB)


# --------------------------------------------------------------------------- build


def build_database(path: Path, tables: dict[str, pl.DataFrame], exportdatum: dt.date,
                   log_rows: list[dict] | None = None, reeksen: bool = True,
                   voortgang: Callable[[float, str], None] | None = None) -> None:
    """Write a new database file at `path` from typed, validated frames.

    `tables` maps contract table names to frames with exactly the contract's
    columns (missing optional columns are added as NULL). The file must not
    exist yet: callers write to a temporary name and swap it in. With `reeksen`
    the trend series of K4-K7 up to the export date are then computed on the
    finished file and stored in it (kpi/reeksen.py).
    """
    path = Path(path)
    if path.exists():
        raise DatabaseError(f"Bestand {path} bestaat al; de import schrijft altijd een nieuw bestand.")
    con = duckdb.connect(str(path))
    try:
        con.execute(load_sql("schema"))
        for table in contract.TABLES:
            frame = conform(table, tables.get(table.name))
            if frame.height:
                con.register("bron", frame.to_arrow())
                columns = ", ".join(table.column_names)
                con.execute(f"insert into {table.name} ({columns}) select {columns} from bron")
                con.unregister("bron")
        first = dt.date.fromisoformat(contract.EARLIEST_DATE)
        last = dt.date(exportdatum.year + KALENDER_JAREN_NA_EXPORT, 12, 31)
        kalender = pl.DataFrame(calendar.kalender_rows(first, last),
                                schema=["datum", "werkdag", "werkdag_nr", "feestdag"], orient="row")
        con.register("bron", kalender.to_arrow())
        con.execute("insert into kalender select * from bron")
        con.unregister("bron")
        meta = {"schema_versie": SCHEMA_VERSION, "exportdatum": exportdatum.isoformat(),
                "gebouwd_op": dt.datetime.now().isoformat(timespec="seconds")}
        con.executemany("insert into meta values (?, ?)", list(meta.items()))
        termijnen.schrijf(con)
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
    if reeksen:
        from kpi import reeksen as voorberekend

        voorberekend.schrijf(path, exportdatum, voortgang)


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


# --------------------------------------------------------------------------- query


@dataclass(frozen=True)
class FileStamp:
    path: str
    inode: int
    mtime_ns: int


def _stamp(path: Path) -> FileStamp:
    stat = path.stat()
    return FileStamp(str(path), stat.st_ino, stat.st_mtime_ns)


class Database:
    """A read-only view of one database file, safe to share between threads.

    Each query runs on its own cursor. When the file is replaced by a new
    import (a new inode), `refresh()` reattaches it, so readers move to the
    new data between queries and never see a half-written file.
    """

    def __init__(self, path: Path | str):
        self.path = Path(path)
        if not self.path.is_file():
            raise DatabaseError(
                "De database bestaat niet. Maak de demo met 'python -m kpi demo' of importeer een export "
                "met 'python -m kpi import MAP'.", self.path)
        self._lock = threading.Lock()
        self._open()

    def _open(self) -> None:
        con = duckdb.connect(":memory:")
        try:
            con.execute(f"attach '{_sql_literal(str(self.path))}' as {_ATTACHED} (read_only)")
        except duckdb.Error as error:
            con.close()
            raise DatabaseError("Het databasebestand is beschadigd of geen database van dit dashboard.",
                                self.path, eerste_regel(error)) from error
        try:
            con.execute(f"set search_path = '{_SEARCH_PATH}'")
            version = dict(con.execute("select sleutel, waarde from meta").fetchall())
        except duckdb.Error as error:  # a truncated file, or a file without the table meta
            con.close()
            raise DatabaseError("Het databasebestand is beschadigd of onvolledig: de tabel meta kan niet "
                                "worden gelezen.", self.path, eerste_regel(error)) from error
        if version.get("schema_versie") not in LEESBARE_VERSIES:
            con.close()
            raise DatabaseError(
                f"De database heeft schemaversie {version.get('schema_versie')}, deze versie van het dashboard "
                f"verwacht {SCHEMA_VERSION}. Importeer de export opnieuw.", self.path)
        try:
            for view in sorted((SQL_DIR / "staging").glob("*.sql")):
                con.execute(f"create view memory.main.{view.stem} as {load_sql('staging/' + view.stem)}")
            for statement in _statements(load_sql("macros")):
                con.execute(statement.replace("create macro ", "create macro memory.main.", 1))
            termijnen.installeer(con, version, f"{_ATTACHED}.main", "memory.main")
            from kpi import reeksen

            reeksen.installeer(con, version, f"{_ATTACHED}.main", "memory.main")
        except duckdb.Error as error:  # tables missing or damaged
            con.close()
            raise DatabaseError("Het databasebestand is beschadigd of onvolledig: het mist tabellen of kolommen "
                                "van het dashboard.", self.path, eerste_regel(error)) from error
        self.meta = version
        self._con = con
        self._stamp = _stamp(self.path)

    @property
    def exportdatum(self) -> dt.date:
        return dt.date.fromisoformat(self.meta["exportdatum"])

    @property
    def stamp(self) -> FileStamp:
        return self._stamp

    def refresh(self) -> bool:
        """Reattach when the file was replaced; True when it was."""
        try:
            current = _stamp(self.path)
        except FileNotFoundError:
            return False
        if current == self._stamp:
            return False
        with self._lock:
            if current != self._stamp:
                old = self._con
                self._open()
                old.close()
        return True

    def cursor(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            cur = self._con.cursor()
        cur.execute(f"set search_path = '{_SEARCH_PATH}'")
        return cur

    def sql(self, text: str, params: dict | None = None) -> pl.DataFrame:
        """Run SQL text with named parameters; only those the text uses are passed."""
        used = sql_parameters(text)
        given = params or {}
        missing = used - given.keys()
        if missing:
            raise KeyError(f"Parameters ontbreken voor de query: {', '.join(sorted(missing))}")
        cur = self.cursor()
        try:
            return cur.sql(text, params={k: given[k] for k in used}).pl()
        finally:
            cur.close()

    def query(self, name: str, params: dict | None = None) -> pl.DataFrame:
        """Run sql/<name>.sql with named parameters."""
        return self.sql(load_sql(name), params)

    def close(self) -> None:
        self._con.close()


def _statements(text: str) -> list[str]:
    without_comments = re.sub(r"--[^\n]*", "", text)
    return [s.strip() for s in without_comments.split(";") if s.strip()]


def _sql_literal(text: str) -> str:
    return text.replace("'", "''")

