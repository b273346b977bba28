"""Deadline facts per measure ("termijnen"), stored at import for K1-K3.

A deadline KPI asks, at peildatum P, whether the first event of a measure (contact,
plan, help) happened on or before P and on or before its deadline. The deadline and
the date of the first event do not depend on P: "the first event on or before P" is
the first event when that is on or before P, and nothing otherwise. sql/termijn/<k>.sql
computes these facts for every measure; `schrijf()` stores them in the database file
when it is built (table termijn_<k>), and sql/kpi/k1-k3 read them through the view
`termijnen_<k>` and apply P. A 36-month trend then counts stored rows instead of
joining every contact of three years.

`installeer()` (each time a file is opened) points termijnen_<k> at the stored table
when the file's meta row `termijn_sleutel` matches the hash of the current SQL and
norms, and otherwise at the SQL itself: a file built before (schema version 1-2) or
by other code gets the same rows, computed on the fly.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import duckdb

from kpi.params import NORM_PARAMS

KEYS = ("k1", "k2", "k3")
META_SLEUTEL = "termijn_sleutel"
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


def tabel(key: str) -> str:
    return f"termijn_{key}"


def view(key: str) -> str:
    return f"termijnen_{key}"


def sql(key: str) -> str:
    """sql/termijn/<key>.sql with the norms written in as numbers (a view has no parameters)."""
    from kpi.db import load_sql

    def norm(match: re.Match) -> str:
        value = NORM_PARAMS[match.group(1)]
        if type(value) is not int:
            raise TypeError(f"norm {match.group(1)} is geen geheel getal: {value!r}")
        return str(value)

    return _PARAM.sub(norm, re.sub(r"--[^\n]*", "", load_sql(f"termijn/{key}")))


@lru_cache(maxsize=None)
def sleutel() -> str:
    """Hash of the code the stored facts come from (the SQL with its norms)."""
    return hashlib.sha256("\n".join(sql(k) for k in KEYS).encode()).hexdigest()


def schrijf(con: duckdb.DuckDBPyConnection) -> None:
    """Store the facts in the file `con` is building (after its contract tables and kalender)."""
    for key in KEYS:
        con.execute(f"create table {tabel(key)} as {sql(key)}")
    con.execute("insert into meta values (?, ?)", [META_SLEUTEL, sleutel()])


def installeer(con: duckdb.DuckDBPyConnection, meta: dict, schema: str, target: str) -> None:
    """Create the views termijnen_<k> in `target`: the stored tables of `schema` when they
    were computed by this code, else the SQL itself."""
    stored = meta.get(META_SLEUTEL) == sleutel()
    for key in KEYS:
        source = f"select * from {schema}.{tabel(key)}" if stored else sql(key)
        con.execute(f"create view {target}.{view(key)} as {source}")
