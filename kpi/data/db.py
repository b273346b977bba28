"""The read side: one database file, opened read-only, queried by name.

A file holds the contract tables, the working-day calendar, the import log, `meta`, the derived
tables of the build step and the views and macros the queries use (kpi/data/build.py). A file built by
other code (another build version) is not read: it is rebuilt, so its SQL objects always match the
code that queries them.

Queries are `.sql` files under sql/, loaded by name, or a select from a named macro, run with named
parameters (`$peildatum`, `$selectie`, ...), never built from values by string formatting. A query runs
as one statement (bound once: binding the macros of an at-P query costs milliseconds); a caller that
shapes the result further (columns, filter, order) composes DuckDB relations on it (`compose`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from kpi.data import build
from kpi.data.build import ROOT, SQL_DIR, load_sql  # noqa: F401 (where callers find them)
from kpi.core.fouten import eerste_regel

DATA_DIR = ROOT / "data"
DEMO_DB = DATA_DIR / "demo.duckdb"
DB_ENV = "JB_DATABASE"  # path of the database file the dashboard reads
_PARAM = re.compile(r"(?<![\w$])\$([a-z_][a-z0-9_]*)")

Relation = duckdb.DuckDBPyRelation
# Database.sql reads a statement's rows as Arrow; DuckDB warns that this copies them once, which costs
# less than binding the statement a second time (what a relation does).
warnings.filterwarnings("ignore", message="Arrow output on a DB-API result", category=UserWarning)


class DatabaseError(Exception):
    """A database file that cannot be used, with a message in Dutch.

    `melding` says what is wrong without any server path (what a user may see); `str()`
    adds the file and the technical detail, for the command line and the server log.
    """

    def __init__(self, melding: str, pad: Path | None = None, detail: str | None = None):
        self.melding, self.pad, self.detail = melding, pad, detail
        tekst = melding if pad is None else f"{melding} (bestand {pad})"
        super().__init__(f"{tekst} Detail: {detail}" if detail else tekst)


class OutdatedDatabase(DatabaseError):
    """A file built by another version of the code (kpi/data/build.py): it must be rebuilt."""


def sql_parameters(sql: str) -> set[str]:
    """Names of the $parameters a query uses (comments stripped first)."""
    return set(_PARAM.findall(build.without_comments(sql)))


def default_database_path() -> Path:
    """The database the dashboard and CLI open when none is given."""
    return Path(os.environ.get(DB_ENV) or DEMO_DB)


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

    Each query runs on its own cursor. When the file is replaced by a new import (a new inode),
    `refresh()` reattaches it, so readers move to the new data between queries and never see a
    half-written file. An outdated file (other build or schema version) is rebuilt by `rebuild`
    (kpi/data/importer.py rebuild: a new file from its own contract tables, swapped in) and then opened;
    without `herbouw` it raises OutdatedDatabase.
    """

    def __init__(self, path: Path | str, rebuild: Callable[[Path], object] | None = None):
        self.path = Path(path)
        self._rebuild = rebuild
        if not self.path.is_file():
            raise DatabaseError(
                "De database bestaat niet. Maak de demo met 'python -m kpi demo' of importeer een export "
                "met 'python -m kpi import MAP'.", self.path)
        self._lock = threading.Lock()
        self._open()

    def _open(self) -> None:
        con, meta = self._attach()
        if build.outdated(meta):
            con.close()
            if self._rebuild is None:
                raise OutdatedDatabase(
                    "De database is gemaakt door een andere versie van het dashboard en moet opnieuw worden "
                    "opgebouwd: open het dashboard, of voer 'python -m kpi herbouw --db BESTAND' uit.", self.path)
            self._rebuild(self.path)
            con, meta = self._attach()
            if build.outdated(meta):
                con.close()
                raise OutdatedDatabase("De database is na het opnieuw opbouwen nog steeds verouderd.", self.path)
        self.meta = meta
        self._con = con
        self._stamp = _stamp(self.path)

    def _attach(self) -> tuple[duckdb.DuckDBPyConnection, dict]:
        try:
            con = build.connect(self.path, read_only=True)
        except duckdb.Error as error:
            raise DatabaseError("Het databasebestand is beschadigd of geen database van dit dashboard.",
                                self.path, eerste_regel(error)) from error
        try:
            return con, dict(con.execute("select sleutel, waarde from meta").fetchall())
        except duckdb.Error as error:  # a truncated file, or a file without the table meta
            con.close()
            raise DatabaseError("Het databasebestand is beschadigd of onvolledig: de tabel meta kan niet "
                                "worden gelezen.", self.path, eerste_regel(error)) from error

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
        cur.execute(build.USE_FILE)
        return cur

    def sql(self, text: str, params: dict | None = None,
            compose: Callable[[Relation], Relation] | None = None) -> pl.DataFrame:
        """Run SQL text with named parameters (only those the text uses are passed); `compose`
        shapes the relation before it runs (e.g. `lambda r: r.select("a").order("a")`)."""
        used = sql_parameters(text)
        given = params or {}
        missing = used - given.keys()
        if missing:
            raise KeyError(f"Parameters ontbreken voor de query: {', '.join(sorted(missing))}")
        values = {k: given[k] for k in used}
        cur = self.cursor()
        try:
            if compose is not None:
                return compose(cur.sql(text, params=values)).pl()
            # One statement, bound once (a relation binds when it is made and again when it runs).
            return pl.from_arrow(cur.execute(text, values).to_arrow_reader().read_all())
        finally:
            cur.close()

    def query(self, name: str, params: dict | None = None,
              compose: Callable[[Relation], Relation] | None = None) -> pl.DataFrame:
        """Run sql/<name>.sql with named parameters (see `sql`)."""
        return self.sql(load_sql(name), params, compose)

    def close(self) -> None:
        self._con.close()
