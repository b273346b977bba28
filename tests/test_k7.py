"""K7 in- en doorstroomteam work rules against hand-computed cases
(kpi-definities.md, K7 and K6; docs/keuzes-k5-k7.md).

Peildatum P = 2025-06-30: P - 42 = 2025-05-19, P - 182 = 2024-12-30,
P - 365 = 2024-06-30. In the team since 2024-01-01 = 546 days at P.
"""

from __future__ import annotations

import pytest

from kpi.core.params import Filters, Scope, query_params
from tests.builders import D, make_db

P = D("2025-06-30")
START = "2024-01-01"
ID = "in_doorstroom"
SINDS_START = [("W2", ID, START, None)]

# id, what it tests, measure columns, assignments [(medewerker, rol, van, tot)],
# contacts [(datum, medewerker, vorm)], case conferences [datum],
# expected (in_team_sinds, dagen_in_team, laatste_contact, dagen_sinds_contact, contact_ok,
#           laatste_casuistiek, casuistiek_ok, aantal_werkers_365) or None = not in K7
CASES = [
    ("T01", "contact exactly 42 days before P (2025-05-19): ok",
     {}, SINDS_START, [("2025-05-19", "W2", "face_to_face")], ["2025-03-01"],
     (START, 546, "2025-05-19", 42, True, "2025-03-01", True, 1)),
    ("T02", "contact 43 days before P (2025-05-18): not ok",
     {}, SINDS_START, [("2025-05-18", "W2", "face_to_face")], ["2025-03-01"],
     (START, 546, "2025-05-18", 43, False, "2025-03-01", True, 1)),
    ("T03", "any vorm counts: an 'overleg' with care providers only",
     {}, SINDS_START, [("2025-06-01", "W3", "overleg")], ["2025-03-01"],
     (START, 546, "2025-06-01", 29, True, "2025-03-01", True, 1)),
    ("T04", "a contact and a case conference after P are ignored",
     {}, SINDS_START, [("2025-04-01", "W2", "telefonisch"), ("2025-07-01", "W2", "face_to_face")],
     ["2024-06-01", "2025-07-01"],
     (START, 546, "2025-04-01", 90, False, "2024-06-01", False, 1)),
    ("T05", "no contact and no case conference at all",
     {}, SINDS_START, [], [],
     (START, 546, None, None, False, None, False, 0)),
    ("T06", "case conference exactly 182 days before P (2024-12-30): ok",
     {}, SINDS_START, [], ["2024-12-30"],
     (START, 546, None, None, False, "2024-12-30", True, 0)),
    ("T07", "case conference 183 days before P (2024-12-29), in the team long: not ok",
     {}, SINDS_START, [], ["2024-12-29"],
     (START, 546, None, None, False, "2024-12-29", False, 0)),
    ("T08", "no case conference, in the team 181 days (since 2024-12-31): ok",
     {}, [("W2", ID, "2024-12-31", None)], [], [],
     ("2024-12-31", 181, None, None, False, None, True, 0)),
    ("T09", "no case conference, in the team exactly 182 days (since 2024-12-30): not ok",
     {}, [("W2", ID, "2024-12-30", None)], [], [],
     ("2024-12-30", 182, None, None, False, None, False, 0)),
    ("T10", "adjoining rows merged (tot of one = van of the next): in the team since 2024-06-01",
     {}, [("W2", ID, "2024-06-01", "2025-01-01"), ("W3", ID, "2025-01-01", None)], [], [],
     ("2024-06-01", 394, None, None, False, None, False, 0)),
    ("T11", "a one-day gap (tot 2024-12-31, next van 2025-01-01) breaks the period",
     {}, [("W2", ID, "2024-06-01", "2024-12-31"), ("W3", ID, "2025-01-01", None)], [], [],
     ("2025-01-01", 180, None, None, False, None, True, 0)),
    ("T12", "overlapping and nested rows merged; the next row adjoins the longest one",
     {}, [("W2", ID, "2024-03-01", "2024-09-01"), ("W3", ID, "2024-04-01", "2024-05-01"),
          ("W4", ID, "2024-09-01", None)], [], [],
     ("2024-03-01", 486, None, None, False, None, False, 0)),
    ("T13", "a fixed-worker spell in between: in the team again since 2025-03-01",
     {}, [("W2", ID, START, "2025-01-01"), ("W1", "vast", "2025-01-01", "2025-03-01"),
          ("W3", ID, "2025-03-01", None)], [], [],
     ("2025-03-01", 121, None, None, False, None, True, 0)),
    ("T14", "workers in the last 365 days (P-364 .. P): W2 on P-364 counts, W3 on P-365 not,"
            " W4 twice counts once, no worker (foster care) and after P do not count",
     {}, SINDS_START,
     [("2024-07-01", "W2", "face_to_face"), ("2024-06-30", "W3", "face_to_face"),
      ("2025-06-01", "W4", "video"), ("2025-06-10", "W4", "face_to_face"), ("2025-06-15", None, "face_to_face"),
      ("2025-07-01", "W5", "face_to_face")], [],
     (START, 546, "2025-06-15", 15, True, None, False, 2)),
    ("T15", "also on the monitorlijst: still in the in-/doorstroom team",
     {}, SINDS_START, [], ["2025-06-01"],
     (START, 546, None, None, False, "2025-06-01", True, 0)),
    ("X01", "fixed worker at P: not in K7", {}, SINDS_START + [("W1", "vast", "2025-01-01", None)], [], [], None),
    ("X02", "in_doorstroom assignment ended on P", {}, [("W2", ID, START, "2025-06-30")], [], [], None),
    ("X03", "in_doorstroom assignment starts after P", {}, [("W2", ID, "2025-07-01", None)], [], [], None),
    ("X04", "measure ended on P", {"einddatum": "2025-06-30"}, SINDS_START, [], [], None),
]
COLUMNS = ("in_team_sinds", "dagen_in_team", "laatste_contact", "dagen_sinds_contact", "contact_ok",
           "laatste_casuistiek", "casuistiek_ok", "aantal_werkers_365")
DATES = (0, 2, 5)  # positions of dates in the expected tuple


def _rows():
    maatregelen, toewijzingen, contacten, besprekingen = [], [], [], []
    for mid, _, measure, assignments, contacts, conferences, _ in CASES:
        maatregelen.append({"maatregel_id": mid, "startdatum": START, **measure})
        toewijzingen += [{"maatregel_id": mid, "medewerker_id": w, "rol": rol, "van": van, "tot": tot}
                         for w, rol, van, tot in assignments]
        contacten += [{"maatregel_id": mid, "datum": d, "medewerker_id": w, "vorm": vorm,
                       "met_jeugdige": vorm != "overleg"} for d, w, vorm in contacts]
        besprekingen += [{"maatregel_id": mid, "datum": d} for d in conferences]
    return {"maatregelen": maatregelen, "toewijzingen": toewijzingen, "contacten": contacten,
            "casuistiekbesprekingen": besprekingen,
            "monitorlijst": [{"maatregel_id": "T15", "op_lijst": "2025-05-01"}]}


@pytest.fixture(scope="module")
def k7_db(tmp_path_factory):
    return make_db(tmp_path_factory.mktemp("k7"), **_rows())


@pytest.fixture(scope="module")
def k7(k7_db):
    return {r["maatregel_id"]: r for r in k7_db.query("kpi/k7_in_doorstroom", query_params(P)).to_dicts()}


@pytest.mark.parametrize("mid, what, measure, assignments, contacts, conferences, expected",
                         CASES, ids=[c[0] for c in CASES])
def test_k7_case(k7, mid, what, measure, assignments, contacts, conferences, expected):
    if expected is None:
        assert mid not in k7, what
        return
    want = tuple(D(v) if i in DATES and v else v for i, v in enumerate(expected))
    assert tuple(k7[mid][c] for c in COLUMNS) == want, what
    assert k7[mid]["peildatum"] == P


def test_k7_matches_k6_in_doorstroom(k7_db, k7):
    k6 = k7_db.query("kpi/k6_vaste_jzw", query_params(P))
    assert sorted(k6.filter(k6["in_doorstroom"])["maatregel_id"].to_list()) == sorted(k7)


def test_k7_columns(k7):
    row = k7["T10"]
    assert row["medewerker_id"] == "W3"  # the running in_doorstroom assignment
    assert (row["cluster_id"], row["team_naam"], row["gemeente_naam"]) == ("UTR", "JB Utrecht 1", "Utrecht")


def test_k7_earlier_peildatum(k7_db):
    """At 2024-12-31 T11's first row (tot 2024-12-31) has ended and the next has not started."""
    rows = {r["maatregel_id"]: r for r in
            k7_db.query("kpi/k7_in_doorstroom", query_params(D("2024-12-31"))).to_dicts()}
    assert "T11" not in rows
    assert rows["T10"]["in_team_sinds"] == D("2024-06-01") and rows["T10"]["dagen_in_team"] == 213


def test_k7_filters_and_scope(k7_db):
    assert k7_db.query("kpi/k7_in_doorstroom", query_params(P, scope=Scope(clusters=("ZHL",)))).height == 0
    in_k7 = [c[0] for c in CASES if c[-1] is not None]
    assert sorted(k7_db.query("kpi/k7_in_doorstroom", query_params(P, Filters(team="UTR-JB1")))
                  ["maatregel_id"].to_list()) == sorted(in_k7)
    assert k7_db.query("kpi/k7_in_doorstroom", query_params(P, Filters(team="UTR-ID"))).height == 0


def test_k7_several_peildata_equal_separate_calls(k7_db):
    dates = [D("2024-12-31"), D("2025-03-31"), P]
    together = k7_db.query("kpi/k7_in_doorstroom", query_params(P, peildata=dates))
    for day in dates:
        alone = k7_db.query("kpi/k7_in_doorstroom", query_params(day))
        assert together.filter(together["peildatum"] == day).sort("maatregel_id").equals(
            alone.sort("maatregel_id"))
