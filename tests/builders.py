"""Small readable databases for tests.

`make_db(tmp_path, maatregelen=[...], contacten=[...], ...)` writes a database
through the same `build_database` the import uses. Rows are dicts with only the
columns a test cares about; `org()` supplies two clusters, their teams and
municipalities, so a fixture lists just its cases.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from kpi import contract, db

D = dt.date.fromisoformat


def org() -> dict[str, list[dict]]:
    """Two clusters (UTR, ZHL), each a jb, jr and in_doorstroom team and one municipality."""
    return {
        "clusters": [
            {"cluster_id": "UTR", "naam": "Utrecht/Flevoland", "regio": "noord"},
            {"cluster_id": "ZHL", "naam": "Zuid-Holland", "regio": "zuid"},
        ],
        "teams": [
            {"team_id": "UTR-JB1", "cluster_id": "UTR", "naam": "JB Utrecht 1", "soort": "jb"},
            {"team_id": "UTR-JR", "cluster_id": "UTR", "naam": "JR Utrecht", "soort": "jr"},
            {"team_id": "UTR-ID", "cluster_id": "UTR", "naam": "Team Extra Utrecht", "soort": "in_doorstroom"},
            {"team_id": "ZHL-JB1", "cluster_id": "ZHL", "naam": "JB Zuid-Holland 1", "soort": "jb"},
            {"team_id": "ZHL-JR", "cluster_id": "ZHL", "naam": "JR Zuid-Holland", "soort": "jr"},
        ],
        "gemeenten": [
            {"gemeente_code": "GM0344", "naam": "Utrecht", "cluster_id": "UTR"},
            {"gemeente_code": "GM0599", "naam": "Rotterdam", "cluster_id": "ZHL"},
        ],
    }


MAATREGEL_DEFAULTS = {"soort": "OTS", "gemeente_code": "GM0344", "team_id": "UTR-JB1"}
CONTACT_DEFAULTS = {"vorm": "face_to_face", "met_jeugdige": True, "met_ouders": False,
                    "kind_alleen": False}


def _frame(table: contract.Table, rows: list[dict]) -> pl.DataFrame:
    records = []
    for i, row in enumerate(rows):
        record = {}
        for column in table.columns:
            value = row.get(column.name)
            if column.type == contract.DATE and isinstance(value, str):
                value = D(value)
            record[column.name] = value
        if table.name == "maatregelen":
            record = {**record, **{k: v for k, v in MAATREGEL_DEFAULTS.items() if row.get(k) is None}}
            record["jeugdige_id"] = row.get("jeugdige_id") or f"J-{row['maatregel_id']}"
        if table.name == "contacten":
            record = {**record, **{k: v for k, v in CONTACT_DEFAULTS.items() if row.get(k) is None}}
            record["contact_id"] = row.get("contact_id") or f"C{i + 1}"
        records.append(record)
    return db.conform(table, pl.DataFrame(records, infer_schema_length=None) if records else None)


def make_db(tmp_path: Path, exportdatum: str = "2025-09-30", name: str = "test.duckdb",
            **tables: list[dict]) -> db.Database:
    """A database with `org()` plus the given rows; returns it opened read-only."""
    rows = {**org(), **tables}
    frames = {t.name: _frame(t, rows.get(t.name, [])) for t in contract.TABLES}
    path = Path(tmp_path) / name
    db.build_database(path, frames, D(exportdatum))
    return db.Database(path)
