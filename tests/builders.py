"""Small readable databases for tests.

`make_db(tmp_path, maatregelen=[...], contacten=[...], ...)` writes a database
through the same `build.build_database` the import uses. Rows are dicts with only the
columns a test cares about; `org()` supplies two clusters, their teams and
municipalities, so a fixture lists just its cases.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import polars as pl

from kpi.data import build, contract, db

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
    return build.conform(table, pl.DataFrame(records, infer_schema_length=None) if records else None)


def make_db(tmp_path: Path, exportdatum: str = "2025-09-30", name: str = "test.duckdb",
            **tables: list[dict]) -> db.Database:
    """A database with `org()` plus the given rows; returns it opened read-only."""
    rows = {**org(), **tables}
    frames = {t.name: _frame(t, rows.get(t.name, [])) for t in contract.TABLES}
    path = Path(tmp_path) / name
    build.build_database(path, frames, D(exportdatum))
    return db.Database(path)


def _dag(rng: random.Random, van: dt.date, tot: dt.date) -> dt.date:
    return van + dt.timedelta(days=rng.randrange((tot - van).days + 1))


def gemengd(seed: int = 7) -> dict[str, list[dict]]:
    """~80 random measures over both clusters, both municipalities and every soort, with assignments
    that change over time (vast, in_doorstroom, sometimes overlapping), workers who leave, contacts,
    plans, help requests, verblijf, colours, monitorlijst and casuistiek between 2020 and 2025: rows
    for every query, inside and outside every selection (not hand-computed: for tests that compare
    two ways of getting the same rows)."""
    rng = random.Random(seed)
    begin, eind = D("2020-06-01"), D("2025-09-30")
    teams = ["UTR-JB1", "UTR-JR", "UTR-ID", "ZHL-JB1", "ZHL-JR"]
    werkers = []
    for i in range(12):
        team = teams[i % len(teams)]
        werkers.append({"medewerker_id": f"W{i:02d}", "functie": "jeugdzorgwerker" if i < 10 else "gebiedsmanager",
                        "team_id": team, "fte": rng.choice([0.5, 0.8, 1.0]),
                        "in_dienst": _dag(rng, D("2019-01-01"), D("2023-01-01")),
                        "uit_dienst": _dag(rng, D("2023-06-01"), D("2026-01-01")) if i % 4 == 0 else None})
    maatregelen, toewijzingen, contacten, verblijf = [], [], [], []
    kleuren, lijst, casuistiek, plannen, hulp, geen_hulp = [], [], [], [], [], []
    for i in range(80):
        mid = f"M{i:03d}"
        soort = rng.choice(["OTS", "OTS", "voogdij", "JR", "VOTS"])
        team = rng.choice(["UTR-JR", "ZHL-JR"]) if soort == "JR" else rng.choice(["UTR-JB1", "UTR-ID", "ZHL-JB1"])
        start = _dag(rng, begin, D("2025-08-01"))
        einde = _dag(rng, start + dt.timedelta(days=30), D("2026-06-01")) if rng.random() < 0.5 else None
        maatregelen.append({"maatregel_id": mid, "soort": soort, "team_id": team, "startdatum": start,
                            "einddatum": einde, "gemeente_code": rng.choice(["GM0344", "GM0599"]),
                            "kennisgeving_op": start + dt.timedelta(days=rng.choice([0, 1, 3])),
                            "jeugdige_id": f"J{i % 70:03d}"})  # a few young people with two measures
        dag = start
        while dag < eind:
            volgende = dag + dt.timedelta(days=rng.randrange(60, 500))
            rol = rng.choice(["vast", "vast", "in_doorstroom"])
            toewijzingen.append({"maatregel_id": mid, "medewerker_id": rng.choice(werkers[:10])["medewerker_id"],
                                 "rol": rol, "van": dag, "tot": volgende if volgende < eind else None})
            dag = volgende + dt.timedelta(days=rng.choice([0, 0, 20, -30]))  # -30: two at once
        for _ in range(rng.randrange(0, 25)):
            contacten.append({"maatregel_id": mid, "datum": _dag(rng, start, eind),
                              "medewerker_id": rng.choice(werkers[:10])["medewerker_id"],
                              "vorm": rng.choice(["face_to_face", "face_to_face", "telefonisch", "overleg"]),
                              "met_jeugdige": rng.random() < 0.7, "met_ouders": rng.random() < 0.3,
                              "kind_alleen": rng.random() < 0.5, "andere_aanwezigen": rng.choice([None, False, True]),
                              "door": rng.choice([None, "jeugdzorgwerker", "pleegzorgwerker"])})
        if rng.random() < 0.9:
            verblijf.append({"maatregel_id": mid, "van": start, "tot": None,
                             "woonsituatie": rng.choice(["thuis", "pleeggezin", "gezinshuis", "instelling"])})
        for _ in range(rng.randrange(0, 4)):
            kleuren.append({"maatregel_id": mid, "datum": _dag(rng, start, eind),
                            "kleurcode": rng.choice(["rood", "oranje", "groen"])})
        if rng.random() < 0.4:
            op = _dag(rng, start, eind)
            lijst.append({"maatregel_id": mid, "op_lijst": op,
                          "van_lijst": _dag(rng, op, D("2026-01-01")) if rng.random() < 0.5 else None})
        for _ in range(rng.randrange(0, 4)):
            casuistiek.append({"maatregel_id": mid, "datum": _dag(rng, start, eind)})
        for _ in range(rng.randrange(0, 3)):
            plannen.append({"maatregel_id": mid, "vastgesteld_op": _dag(rng, start - dt.timedelta(days=20), eind)})
        for j in range(rng.randrange(0, 3)):
            aangevraagd = _dag(rng, start - dt.timedelta(days=30), eind)
            gestart = _dag(rng, aangevraagd - dt.timedelta(days=10), eind) if rng.random() < 0.6 else None
            hulp.append({"hulp_id": f"H{i:03d}{j}", "maatregel_id": mid, "hulpvorm": rng.choice(["ambulant", "verblijf"]),
                         "aangevraagd_op": aangevraagd, "gestart_op": gestart,
                         "afgewezen": gestart is None and rng.random() < 0.3})
        if rng.random() < 0.1:
            geen_hulp.append({"maatregel_id": mid})
    return {"medewerkers": werkers, "maatregelen": maatregelen, "toewijzingen": toewijzingen,
            "contacten": contacten, "verblijf": verblijf, "veiligheidsinschattingen": kleuren,
            "monitorlijst": lijst, "casuistiekbesprekingen": casuistiek, "plannen": plannen, "hulp": hulp,
            "geen_hulp_nodig": geen_hulp}
