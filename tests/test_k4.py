"""K4 caseload against hand-computed cases (kpi-definities.md, K4)."""

from __future__ import annotations

import pytest

from kpi.core.params import Filters, Scope, query_params
from tests.builders import D, make_db

P = D("2025-06-30")

# medewerker, functie, team, fte, in_dienst, uit_dienst, young people with a running
# fixed assignment at P, expected (in K4?, caseload, per fte, above norm), what
WORKERS = [
    ("W1", "jeugdzorgwerker", "UTR-JB1", 1.0, "2020-01-01", None, 13, (True, 13, 13.0, True),
     "13 young people on 1.0 FTE: above 12"),
    ("W2", "jeugdzorgwerker", "UTR-JB1", 0.5, "2020-01-01", None, 6, (True, 6, 12.0, False),
     "6 on 0.5 FTE is exactly the norm: not above"),
    ("W3", "jeugdzorgwerker", "UTR-JB1", 0.8, "2020-01-01", None, 10, (True, 10, 12.5, True),
     "10 on 0.8 FTE (one young person has two measures: counted once)"),
    ("W4", "jeugdzorgwerker", "UTR-JB1", 1.0, "2020-01-01", "2025-06-30", 0, (False,),
     "left on the peildatum: not employed at P"),
    ("W5", "jeugdzorgwerker", "UTR-JB1", 1.0, "2025-07-01", None, 0, (False,), "starts after P"),
    ("W6", "gedragswetenschapper", "UTR-JB1", 1.0, "2020-01-01", None, 0, (False,), "not a youth worker"),
    ("W7", "jeugdzorgwerker", "UTR-JR", 1.0, "2020-01-01", None, 3, (True, 3, 3.0, False),
     "JR team: shown separately"),
    ("W8", "jeugdzorgwerker", "UTR-ID", 1.0, "2020-01-01", None, 0, (False,), "in_doorstroom team: K7"),
    ("W9", "jeugdzorgwerker", "ZHL-JB1", 1.0, "2020-01-01", None, 0, (True, 0, 0.0, False),
     "employed without cases"),
]


def _rows():
    medewerkers, maatregelen, toewijzingen = [], [], []
    for wid, functie, team, fte, start, end, young, *_ in WORKERS:
        medewerkers.append({"medewerker_id": wid, "functie": functie, "team_id": team, "fte": fte,
                            "in_dienst": start, "uit_dienst": end})
        for i in range(young):
            mid = f"{wid}-M{i}"
            maatregelen.append({"maatregel_id": mid, "jeugdige_id": f"{wid}-J{i}",
                                "startdatum": "2025-01-01", "soort": "JR" if team == "UTR-JR" else "OTS",
                                "team_id": team})
            toewijzingen.append({"maatregel_id": mid, "medewerker_id": wid, "van": "2025-01-01", "rol": "vast"})
    # W3: a second running measure of young person W3-J0 (counted once).
    maatregelen.append({"maatregel_id": "W3-M0b", "jeugdige_id": "W3-J0", "startdatum": "2025-02-01"})
    toewijzingen.append({"maatregel_id": "W3-M0b", "medewerker_id": "W3", "van": "2025-02-01", "rol": "vast"})
    # Assignments that do not count for W2 at P, each on a young person of its own:
    not_counted = [
        ("X1", "2025-01-01", None, {"tot": "2025-06-30"}),            # assignment ended on P
        ("X2", "2025-01-01", "2025-06-30", {}),                       # measure ended on P
        ("X3", "2025-01-01", None, {"rol": "in_doorstroom"}),         # not a fixed worker
        ("X4", "2025-01-01", None, {"van": "2025-07-01"}),            # assignment starts after P
        ("X5", "2025-07-01", None, {"van": "2025-07-01"}),            # measure starts after P
    ]
    for mid, start, end, change in not_counted:
        maatregelen.append({"maatregel_id": mid, "startdatum": start, "einddatum": end})
        toewijzingen.append({"maatregel_id": mid, "medewerker_id": "W2", "van": "2025-01-01", "rol": "vast",
                             **change})
    # Running measures without any fixed worker (for the capacity gap).
    maatregelen.append({"maatregel_id": "Z1", "startdatum": "2025-03-01"})
    maatregelen.append({"maatregel_id": "Z2", "startdatum": "2025-03-01", "team_id": "ZHL-JB1",
                        "gemeente_code": "GM0599"})
    maatregelen.append({"maatregel_id": "Z3", "startdatum": "2025-03-01", "soort": "JR", "team_id": "UTR-JR"})
    return medewerkers, maatregelen, toewijzingen


@pytest.fixture(scope="module")
def k4_db(tmp_path_factory):
    medewerkers, maatregelen, toewijzingen = _rows()
    return make_db(tmp_path_factory.mktemp("k4"), medewerkers=medewerkers, maatregelen=maatregelen,
                   toewijzingen=toewijzingen)


def caseload(db, filters=Filters(), scope=Scope()):
    return db.query("kpi/k4_caseload", query_params(P, filters, scope))


@pytest.mark.parametrize("case", WORKERS, ids=[w[0] for w in WORKERS])
def test_k4_worker(k4_db, case):
    wid, *_, expected, what = case
    rows = caseload(k4_db).filter(medewerker_id=wid).to_dicts()
    assert bool(rows) == expected[0], what
    if rows:
        row = rows[0]
        assert (row["caseload"], row["caseload_per_fte"], row["boven_norm"]) == pytest.approx(
            expected[1:]), what


def test_k4_filters_select_workers_by_team(k4_db):
    assert caseload(k4_db, Filters(cluster="ZHL"))["medewerker_id"].to_list() == ["W9"]
    assert caseload(k4_db, Filters(team="UTR-JR"))["medewerker_id"].to_list() == ["W7"]
    assert caseload(k4_db, scope=Scope(clusters=("ZHL",)))["medewerker_id"].to_list() == ["W9"]
    assert caseload(k4_db, scope=Scope(gemeente="GM0344")).is_empty()  # a municipality never sees workers


def test_k4_capacity_gap(k4_db):
    row = k4_db.query("kpi/k4_capaciteit", query_params(P)).row(0, named=True)
    # jb workers employed at P: W1 1.0, W2 0.5, W3 0.8, W9 1.0
    assert row["fte_in_dienst"] == pytest.approx(3.3)
    # young people in their caseloads: 13 + 6 + 10
    assert row["jeugdigen_met_vaste_jzw"] == 29
    # running OTS/VOTS/voogdij without a fixed worker at P: X1 (assignment ended), X3
    # (in_doorstroom only), X4 (assignment starts later), Z1, Z2; not X2 (ended), X5
    # (starts later), Z3 (JR)
    assert row["jeugdigen_zonder_vaste_jzw"] == 5
    assert row["fte_nodig"] == pytest.approx(34 / 12)
    assert row["capaciteitsgat"] == pytest.approx(34 / 12 - 3.3)
    zhl = k4_db.query("kpi/k4_capaciteit", query_params(P, Filters(cluster="ZHL"))).row(0, named=True)
    assert (zhl["fte_in_dienst"], zhl["jeugdigen_met_vaste_jzw"], zhl["jeugdigen_zonder_vaste_jzw"]) == (
        1.0, 0, 1)
