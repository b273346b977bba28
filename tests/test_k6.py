"""K6 fixed worker, monitorlijst, colour queue, weekly flow and time to a fixed
worker, against hand-computed cases (kpi-definities.md, K6; docs/keuzes-k5-k7.md).

Peildatum P = 2025-06-30 (a Monday). Dutch holidays used: Good Friday
18 Apr 2025, Easter Monday 21 Apr 2025 (King's Day 26 Apr falls on a Saturday).
"""

from __future__ import annotations

import pytest

from kpi.core.params import Filters, Scope, query_params
from tests.builders import D, make_db

P = D("2025-06-30")
START = "2025-01-01"

# id, what it tests, measure columns, assignments [(medewerker, rol, van, tot)],
# monitorlijst [(op_lijst, van_lijst)], colours [(datum, kleurcode)],
# expected (met_vaste_jzw, op_monitorlijst, in_doorstroom, werkwijze, kleurcode, triage_te_laat,
#           wachtdagen, plaats)
CASES = [
    ("V01", "a running fixed worker",
     {}, [("W1", "vast", "2025-01-02", None)], [], [("2025-01-05", "groen")],
     (True, False, False, "vast", "groen", False, None, None)),
    ("V02", "fixed worker ended before P (2025-06-01), on the list since then",
     {}, [("W1", "vast", "2025-01-02", "2025-06-01")], [("2025-06-01", None)], [("2025-01-05", "oranje")],
     (False, True, False, "monitorlijst", "oranje", False, 29, 8)),
    ("V03", "fixed worker whose assignment ends on P: not running at P, nothing else: alarm",
     {}, [("W1", "vast", "2025-01-02", "2025-06-30")], [], [("2025-01-05", "groen")],
     (False, False, False, "geen", "groen", False, None, None)),
    ("V04", "in the in-/doorstroom team",
     {}, [("W2", "in_doorstroom", "2025-02-01", None)], [], [("2025-01-05", "rood")],
     (False, False, True, "in_doorstroom", "rood", False, None, None)),
    ("V05", "fixed worker and on the list: counts as vast, still in the queue (data problem)",
     {}, [("W1", "vast", "2025-05-01", None)], [("2025-05-01", None)], [("2025-04-01", "rood")],
     (True, True, False, "vast", "rood", False, 60, 5)),
    ("V06", "alarm group: no fixed worker, not on the list, not in the in-/doorstroom team",
     {}, [], [], [("2025-01-05", "rood")],
     (False, False, False, "geen", "rood", False, None, None)),
    ("V07", "fixed worker starting after P does not count; in_doorstroom ended on P neither",
     {}, [("W1", "vast", "2025-07-01", None), ("W2", "in_doorstroom", "2025-02-01", "2025-06-30")], [],
     [("2025-01-05", "groen")],
     (False, False, False, "geen", "groen", False, None, None)),
    ("V08", "on the list and in the in-/doorstroom team: werkwijze monitorlijst, in_doorstroom true",
     {}, [("W2", "in_doorstroom", "2025-02-01", None)], [("2025-06-20", None)], [("2025-06-25", "groen")],
     (False, True, True, "monitorlijst", "groen", False, 10, 11)),
    # The UTR queue at P, hand-sorted: geen (Q1); rood Q3 02-01, Q2 03-01, Q7 04-01, V05 05-01;
    # oranje Q4a 01-15, Q4b 01-15 (tie on op_lijst: maatregel_id), V02 06-01;
    # groen Q5 01-01, Q6 01-10, V08 06-20.
    ("Q1", "no colour: rank 0, first in line; start Thu 2025-06-19, triage due 2025-06-26 < P: late",
     {"startdatum": "2025-06-19"}, [], [("2025-06-20", None)], [],
     (False, True, False, "monitorlijst", "geen", True, 10, 1)),
    ("Q2", "rood, on the list since 2025-03-01",
     {}, [], [("2025-03-01", None)], [("2025-01-05", "rood")],
     (False, True, False, "monitorlijst", "rood", False, 121, 3)),
    ("Q3", "rood, on the list since 2025-02-01: before Q2",
     {}, [], [("2025-02-01", None)], [("2025-01-05", "rood")],
     (False, True, False, "monitorlijst", "rood", False, 149, 2)),
    ("Q4b", "oranje, same op_lijst as Q4a: after Q4a by maatregel_id (inserted first)",
     {}, [], [("2025-01-15", None)], [("2025-01-05", "oranje")],
     (False, True, False, "monitorlijst", "oranje", False, 166, 7)),
    ("Q4a", "oranje, same op_lijst as Q4b: before it",
     {}, [], [("2025-01-15", None)], [("2025-01-05", "oranje")],
     (False, True, False, "monitorlijst", "oranje", False, 166, 6)),
    ("Q5", "groen at P; the change to rood on 2025-07-01 (after P) is ignored",
     {}, [], [("2025-01-01", None)], [("2025-01-05", "groen"), ("2025-07-01", "rood")],
     (False, True, False, "monitorlijst", "groen", False, 180, 9)),
    ("Q6", "rood, then groen before P: groen (the latest dated <= P)",
     {}, [], [("2025-01-10", None)], [("2025-02-01", "rood"), ("2025-05-01", "groen")],
     (False, True, False, "monitorlijst", "groen", False, 171, 10)),
    ("Q7", "groen and rood on the same day: the most severe (rood)",
     {}, [], [("2025-04-01", None)], [("2025-04-01", "groen"), ("2025-04-01", "rood")],
     (False, True, False, "monitorlijst", "rood", False, 90, 4)),
    ("Q8", "left the list before P (2025-06-15)",
     {}, [], [("2025-02-01", "2025-06-15")], [("2025-01-05", "rood")],
     (False, False, False, "geen", "rood", False, None, None)),
    ("Q9", "left the list on P: not on the list at P",
     {}, [], [("2025-02-01", "2025-06-30")], [("2025-01-05", "rood")],
     (False, False, False, "geen", "rood", False, None, None)),
    ("Q10", "goes on the list after P",
     {}, [], [("2025-07-01", None)], [("2025-01-05", "rood")],
     (False, False, False, "geen", "rood", False, None, None)),
    ("Z1", "cluster ZHL has its own queue: place 1",
     {"team_id": "ZHL-JB1", "gemeente_code": "GM0599"}, [], [("2025-01-01", None)], [("2025-01-05", "rood")],
     (False, True, False, "monitorlijst", "rood", False, 180, 1)),
]
NOT_RUNNING = [
    ("N1", "ended on P", {"einddatum": "2025-06-30"}),
    ("N2", "starts after P", {"startdatum": "2025-07-01"}),
]
COLUMNS = ("met_vaste_jzw", "op_monitorlijst", "in_doorstroom", "werkwijze", "kleurcode", "triage_te_laat",
           "wachtdagen", "plaats")


def _rows(cases, not_running=()):
    maatregelen, toewijzingen, lijst, kleuren = [], [], [], []
    for mid, _, measure, assignments, periods, colours, _ in cases:
        maatregelen.append({"maatregel_id": mid, "startdatum": START, **measure})
        toewijzingen += [{"maatregel_id": mid, "medewerker_id": w, "rol": rol, "van": van, "tot": tot}
                         for w, rol, van, tot in assignments]
        lijst += [{"maatregel_id": mid, "op_lijst": op, "van_lijst": af} for op, af in periods]
        kleuren += [{"maatregel_id": mid, "datum": d, "kleurcode": k} for d, k in colours]
    for mid, _, measure in not_running:
        maatregelen.append({"maatregel_id": mid, "startdatum": START, **measure})
        lijst.append({"maatregel_id": mid, "op_lijst": "2025-06-01"})
    return {"maatregelen": maatregelen, "toewijzingen": toewijzingen, "monitorlijst": lijst,
            "veiligheidsinschattingen": kleuren}


@pytest.fixture(scope="module")
def k6_db(tmp_path_factory):
    return make_db(tmp_path_factory.mktemp("k6"), **_rows(CASES, NOT_RUNNING))


@pytest.fixture(scope="module")
def k6(k6_db):
    return {r["maatregel_id"]: r for r in k6_db.query("kpi/k6_vaste_jzw", query_params(P)).to_dicts()}


@pytest.mark.parametrize("mid, what, measure, assignments, periods, colours, expected",
                         CASES, ids=[c[0] for c in CASES])
def test_k6_case(k6, mid, what, measure, assignments, periods, colours, expected):
    row = k6[mid]
    assert tuple(row[c] for c in COLUMNS) == expected, what
    assert row["peildatum"] == P


@pytest.mark.parametrize("mid, what, measure", NOT_RUNNING, ids=[c[0] for c in NOT_RUNNING])
def test_k6_not_running(k6, mid, what, measure):
    assert mid not in k6, what


def test_k6_workers_and_colour_date(k6):
    assert (k6["V01"]["vaste_medewerker_id"], k6["V01"]["medewerker_id"]) == ("W1", "W1")
    assert (k6["V04"]["vaste_medewerker_id"], k6["V04"]["doorstroom_medewerker_id"]) == (None, "W2")
    assert k6["V04"]["medewerker_id"] == "W2"
    assert k6["Q6"]["kleur_datum"] == D("2025-05-01")
    assert k6["Q1"]["kleur_datum"] is None and k6["Q1"]["kleur_rang"] == 0
    assert [k6[m]["kleur_rang"] for m in ("Q2", "V02", "Q5")] == [1, 2, 3]
    assert k6["V02"]["op_lijst"] == D("2025-06-01")


def test_k6_queue_order(k6_db):
    frame = k6_db.query("kpi/k6_vaste_jzw", query_params(P, Filters(cluster="UTR")))
    queue = frame.filter(frame["op_monitorlijst"]).sort("plaats")["maatregel_id"].to_list()
    assert queue == ["Q1", "Q3", "Q2", "Q7", "V05", "Q4a", "Q4b", "V02", "Q5", "Q6", "V08"]


def test_k6_filters_and_scope(k6_db):
    zhl = k6_db.query("kpi/k6_vaste_jzw", query_params(P, scope=Scope(clusters=("ZHL",))))
    assert zhl["cluster_id"].unique().to_list() == ["ZHL"] and zhl["maatregel_id"].to_list() == ["Z1"]
    utr = k6_db.query("kpi/k6_vaste_jzw", query_params(P, Filters(cluster="UTR")))
    assert "Z1" not in utr["maatregel_id"].to_list()
    assert k6_db.query("kpi/k6_vaste_jzw", query_params(P, scope=Scope(clusters=()))).height == 0


def test_k6_filter_keeps_the_cluster_place(tmp_path):
    """A gemeente or soort filter shows the place in the whole cluster queue; a
    municipal scope only numbers what that scope may see."""
    cases = [c for c in CASES if c[0] in ("Q2", "Q3", "Q1")]
    rows = _rows(cases)
    rows["maatregelen"][[m["maatregel_id"] for m in rows["maatregelen"]].index("Q2")]["gemeente_code"] = "GM0599"
    db = make_db(tmp_path, **rows)
    filtered = db.query("kpi/k6_vaste_jzw", query_params(P, Filters(gemeente="GM0599")))
    assert filtered.select("maatregel_id", "plaats").rows() == [("Q2", 3)]
    scoped = db.query("kpi/k6_vaste_jzw", query_params(P, scope=Scope(gemeente="GM0599")))
    assert scoped.select("maatregel_id", "plaats").rows() == [("Q2", 1)]


# Triage: start Thu 2025-04-17. Working days after it: Tue 22, Wed 23, Thu 24, Fri 25,
# Mon 28 April (Good Friday 18 and Easter Monday 21 are holidays): due 2025-04-28.
# T2 gets its colour on 2025-04-30.
TRIAGE = [
    ("2025-04-25", False, False, "would be late without the holidays (due Thu 24)"),
    ("2025-04-28", False, False, "on the due day: not late yet"),
    ("2025-04-29", True, True, "the day after: late; T2's colour of 04-30 is after P"),
    ("2025-04-30", True, False, "T2 has its colour now"),
]


def test_k6_triage_around_easter(tmp_path):
    db = make_db(tmp_path, maatregelen=[{"maatregel_id": "T1", "startdatum": "2025-04-17"},
                                        {"maatregel_id": "T2", "startdatum": "2025-04-17"}],
                 veiligheidsinschattingen=[{"maatregel_id": "T2", "datum": "2025-04-30", "kleurcode": "groen"}])
    dates = [D(p) for p, *_ in TRIAGE]
    frame = db.query("kpi/k6_vaste_jzw", query_params(dates[-1], peildata=dates))
    late = {(r["peildatum"], r["maatregel_id"]): r["triage_te_laat"] for r in frame.to_dicts()}
    for p, t1, t2, what in TRIAGE:
        assert (late[(D(p), "T1")], late[(D(p), "T2")]) == (t1, t2), what
    assert set(frame["triage_uiterlijk"].to_list()) == {D("2025-04-28")}


def test_k6_several_peildata_equal_separate_calls(k6_db):
    dates = [D("2025-03-31"), D("2025-05-31"), P]
    together = k6_db.query("kpi/k6_vaste_jzw", query_params(P, peildata=dates))
    for day in dates:
        alone = k6_db.query("kpi/k6_vaste_jzw", query_params(day))
        assert together.filter(together["peildatum"] == day).sort("maatregel_id").equals(
            alone.sort("maatregel_id"))


# --------------------------------------------------------------------------- weekly flow

# Weeks Mon-Sun from 2025-06-09; P = Mon 2025-06-30 ends the last week.
# id, measure columns, (op_lijst, van_lijst), colours
STROOM = [
    ("S1", {}, ("2025-06-01", "2025-06-18"), [("2025-05-01", "rood")]),
    ("S2", {}, ("2025-06-10", None), [("2025-06-12", "groen")]),  # no colour yet when it entered
    ("S3", {}, ("2025-06-25", "2025-07-02"), [("2025-06-20", "oranje"), ("2025-07-01", "rood")]),
    ("S4", {}, ("2025-06-30", None), []),  # enters on P
    ("S5", {"einddatum": "2025-06-20"}, ("2025-05-01", None), [("2025-04-01", "groen")]),  # measure ends
    ("S6", {}, ("2025-05-01", "2025-06-15"), [("2025-05-01", "rood")]),  # leaves on a Sunday
    ("S7", {"team_id": "ZHL-JB1", "gemeente_code": "GM0599"}, ("2025-06-01", None), []),
    ("S8", {}, ("2025-07-01", None), []),  # enters after P
]
# (week_start, cluster, kleur): (voorraad, instroom, uitstroom); every other row is zero
STROOM_EXPECTED = {
    ("2025-06-09", "UTR", "rood"): (1, 0, 1),    # S1 in stock; S6 left on Sunday 15th (rood)
    ("2025-06-09", "UTR", "groen"): (2, 0, 0),   # S2 (groen since 12th), S5 (measure still running)
    ("2025-06-09", "UTR", "geen"): (0, 1, 0),    # S2 entered on the 10th without colour
    ("2025-06-16", "UTR", "groen"): (1, 0, 0),   # S2; S5's measure ended on the 20th
    ("2025-06-16", "UTR", "rood"): (0, 0, 1),    # S1 left on the 18th
    ("2025-06-23", "UTR", "groen"): (1, 0, 0),
    ("2025-06-23", "UTR", "oranje"): (1, 1, 0),  # S3 entered oranje
    ("2025-06-30", "UTR", "groen"): (1, 0, 0),
    ("2025-06-30", "UTR", "oranje"): (1, 0, 0),  # S3: rood of 07-01 is after P
    ("2025-06-30", "UTR", "geen"): (1, 1, 0),    # S4 entered on P
    **{(w, "ZHL", "geen"): (1, 0, 0) for w in ("2025-06-09", "2025-06-16", "2025-06-23", "2025-06-30")},
}


@pytest.fixture(scope="module")
def stroom_db(tmp_path_factory):
    maatregelen, lijst, kleuren = [], [], []
    for mid, measure, (op, af), colours in STROOM:
        maatregelen.append({"maatregel_id": mid, "startdatum": START, **measure})
        lijst.append({"maatregel_id": mid, "op_lijst": op, "van_lijst": af})
        kleuren += [{"maatregel_id": mid, "datum": d, "kleurcode": k} for d, k in colours]
    return make_db(tmp_path_factory.mktemp("stroom"), maatregelen=maatregelen, monitorlijst=lijst,
                   veiligheidsinschattingen=kleuren)


def test_k6_stroom(stroom_db):
    frame = stroom_db.query("kpi/k6_stroom", query_params(P, van=D("2025-06-09"), tot=P))
    assert frame.height == 4 * 2 * 4  # weeks x clusters x colours (geen, rood, oranje, groen)
    for r in frame.to_dicts():
        key = (r["week_start"].isoformat(), r["cluster_id"], r["kleurcode"])
        assert (r["voorraad"], r["instroom"], r["uitstroom"]) == STROOM_EXPECTED.get(key, (0, 0, 0)), key
    ends = dict(frame.select("week_start", "week_einde").unique().rows())
    assert ends[D("2025-06-23")] == D("2025-06-29") and ends[D("2025-06-30")] == P  # current week ends at P


def test_k6_stroom_whole_weeks_and_filter(stroom_db):
    frame = stroom_db.query("kpi/k6_stroom", query_params(P, Filters(cluster="ZHL"), van=D("2025-06-11"),
                                                          tot=D("2025-06-20")))
    assert sorted(set(frame["week_start"].to_list())) == [D("2025-06-09"), D("2025-06-16")]
    assert set(frame["cluster_id"].to_list()) == {"ZHL"}


# --------------------------------------------------------------------------- days until a fixed worker

# Periods that left the list with van_lijst in [2025-06-01, 2025-07-31] and on or before P.
# id, what it tests, measure columns, (op_lijst, van_lijst), vast assignments [(van, tot)], colours,
# expected (kleur_bij_instroom, kleur_bij_uitstroom, eerste_vaste_jzw, met_vaste_jzw, dagen_op_lijst,
#           dagen_tot_vaste_jzw) or None = not in the list
DOORLOOP = [
    ("D1", "rood at entry (colour dated on op_lijst), fixed worker the day it left",
     {}, ("2025-03-01", "2025-06-10"), [("2025-06-10", None)], [("2025-03-01", "rood")],
     ("rood", "rood", "2025-06-10", True, 101, 101)),
    ("D2", "triaged after entry (05-05): its first colour groen counts as colour at entry;"
           " measure ended, no fixed worker",
     {"einddatum": "2025-06-05"}, ("2025-05-01", "2025-06-05"), [], [("2025-05-05", "groen"), ("2025-05-20", "rood")],
     ("groen", "rood", None, False, 35, 35)),
    ("D3", "left before the period", {}, ("2025-03-01", "2025-05-31"), [], [], None),
    ("D4", "leaves after P (in the period)", {}, ("2025-03-01", "2025-07-01"), [], [], None),
    ("D5", "still on the list", {}, ("2025-03-01", None), [], [], None),
    ("D6", "fixed worker only after leaving the list: days on the list count",
     {}, ("2025-06-02", "2025-06-12"), [("2025-06-20", None)], [("2025-06-01", "groen")],
     ("groen", "groen", "2025-06-20", False, 10, 10)),
    ("D7", "fixed worker a week before leaving the list",
     {}, ("2025-06-01", "2025-06-15"), [("2025-06-08", None)], [("2025-05-20", "oranje")],
     ("oranje", "oranje", "2025-06-08", True, 14, 7)),
    ("D8", "a fixed worker from before op_lijst does not count",
     {}, ("2025-05-01", "2025-06-20"), [("2025-01-01", "2025-04-30")], [("2025-04-01", "oranje")],
     ("oranje", "oranje", None, False, 50, 50)),
    ("D9", "first colour only after leaving the list: geen at entry and at exit",
     {}, ("2025-06-01", "2025-06-10"), [], [("2025-06-11", "rood")],
     ("geen", "geen", None, False, 9, 9)),
]


def test_k6_doorlooptijd(tmp_path):
    maatregelen, lijst, toewijzingen, kleuren = [], [], [], []
    for mid, _, measure, (op, af), vast, colours, _ in DOORLOOP:
        maatregelen.append({"maatregel_id": mid, "startdatum": START, **measure})
        lijst.append({"maatregel_id": mid, "op_lijst": op, "van_lijst": af})
        toewijzingen += [{"maatregel_id": mid, "medewerker_id": "W1", "rol": "vast", "van": v, "tot": t}
                         for v, t in vast]
        kleuren += [{"maatregel_id": mid, "datum": d, "kleurcode": k} for d, k in colours]
    db = make_db(tmp_path, maatregelen=maatregelen, monitorlijst=lijst, toewijzingen=toewijzingen,
                 veiligheidsinschattingen=kleuren)
    frame = db.query("kpi/k6_doorlooptijd", query_params(P, van=D("2025-06-01"), tot=D("2025-07-31")))
    rows = {r["maatregel_id"]: r for r in frame.to_dicts()}
    columns = ("kleur_bij_instroom", "kleur_bij_uitstroom", "eerste_vaste_jzw", "met_vaste_jzw",
               "dagen_op_lijst", "dagen_tot_vaste_jzw")
    for mid, what, *_, expected in DOORLOOP:
        if expected is None:
            assert mid not in rows, what
            continue
        eerste = D(expected[2]) if expected[2] else None
        assert tuple(rows[mid][c] for c in columns) == (*expected[:2], eerste, *expected[3:]), what
    assert [rows[m]["kleur_rang"] for m in ("D1", "D2", "D9")] == [1, 3, 0]
    assert [rows[m]["kleur_na_instroom"] for m in ("D1", "D2", "D9")] == [False, True, False]
