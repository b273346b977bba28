"""K5 kind-alleen-contact and the JR contact figure against hand-computed cases.

kpi-definities.md, K5; choices in docs/keuzes-k5-k7.md. Peildatum P = 2025-09-30:
P - 364 = 2024-10-01 (first day of a full window), P - 365 = 2024-09-30,
P - 180 = 2025-04-03, P - 28 = 2025-09-02. Exposure = days in W, both ends
included, so a full window has 365 days and required = norm.
"""

from __future__ import annotations

import pytest

from kpi.core.params import Filters, Scope, query_params
from tests.builders import D, make_db

P = D("2025-09-30")
LANG = "2023-01-01"  # start of a measure whose window is the full year
PZW = "pleegzorgwerker"


def ka(datum, **kw):
    """A child-alone contact that validates, unless kw changes it."""
    return {"datum": datum, "kind_alleen": True, "vorm": "face_to_face", "met_jeugdige": True,
            "andere_aanwezigen": False, **kw}


VIER = [ka("2024-11-01"), ka("2025-01-15"), ka("2025-04-01"), ka("2025-07-01")]

# id, what it tests, measure columns, woonsituatie from the start (str) or verblijf rows
# [(van, tot, woonsituatie)], contacts,
# expected (woonsituatie, norm, blootstelling_dagen, vereist, vereist_jzw, geregistreerd,
#           gevalideerd, voldoet_geregistreerd, voldoet_gevalideerd) or None = not in K5,
# further expected columns
CASES = [
    ("A01", "thuis, full window: 4 validated contacts reach 4",
     {}, "thuis", VIER,
     ("thuis", 4, 365, 4, None, 4, 4, True, True),
     {"laatste_gevalideerd": D("2025-07-01"), "dagen_sinds_gevalideerd": 91, "niet_gezien_180": False,
      "woonsituatie_onbekend": False}),
    ("A02", "a contact exactly on P - 364 (2024-10-01) is in the window",
     {}, "thuis", [ka("2024-10-01"), ka("2025-01-15"), ka("2025-04-01"), ka("2025-07-01")],
     ("thuis", 4, 365, 4, None, 4, 4, True, True), {}),
    ("A03", "a contact on P - 365 (2024-09-30) is outside the window",
     {}, "thuis", [ka("2024-09-30"), ka("2025-01-15"), ka("2025-04-01"), ka("2025-07-01")],
     ("thuis", 4, 365, 4, None, 3, 3, False, False), {}),
    ("A04", "started 100 days before P: exposure 101, required floor(4*101/365) = 1; start day counts",
     {"startdatum": "2025-06-22"}, "thuis", [ka("2025-06-22")],
     ("thuis", 4, 101, 1, None, 1, 1, True, True),
     {"venster_start": D("2025-06-22"), "dagen_sinds_gevalideerd": 100}),
    ("A05", "started 90 days before P: exposure 91, required floor(364/365) = 0: left out",
     {"startdatum": "2025-07-02"}, "thuis", [], None, {}),
    ("A06", "started 91 days before P: exposure 92, required floor(368/365) = 1; never seen, not 180 days",
     {"startdatum": "2025-07-01"}, "thuis", [],
     ("thuis", 4, 92, 1, None, 0, 0, False, False),
     {"laatste_gevalideerd": None, "dagen_sinds_gevalideerd": None, "niet_gezien_180": False}),
    ("A07", "voogdij in a gezinshuis: norm 6, 5 contacts fall short",
     {"soort": "voogdij"}, "gezinshuis", VIER + [ka("2025-03-01")],
     ("gezinshuis", 6, 365, 6, None, 5, 5, False, False), {}),
    ("A08", "voogdij in an instelling, started 60 days ago: exposure 61, floor(6*61/365) = 1",
     {"soort": "voogdij", "startdatum": "2025-08-01"}, "instelling", [ka("2025-09-01")],
     ("instelling", 6, 61, 1, None, 1, 1, True, True), {}),
    ("A09", "OTS in an instelling: norm 4",
     {}, "instelling", VIER,
     ("instelling", 4, 365, 4, None, 4, 4, True, True), {}),
    ("A10", "pleeggezin: 4 reached but only 1 by the jeugdzorgwerker: does not comply",
     {}, "pleeggezin",
     [ka("2024-11-01"), ka("2025-01-15", door=PZW), ka("2025-04-01", door=PZW), ka("2025-07-01", door=PZW)],
     ("pleeggezin", 4, 365, 4, 2, 4, 4, False, False),
     {"geregistreerd_jzw": 1, "gevalideerd_jzw": 1}),
    ("A11", "pleeggezin: 2 by the jeugdzorgwerker (door empty = jeugdzorgwerker) and 2 by pleegzorg",
     {}, "pleeggezin",
     [ka("2024-11-01", door="jeugdzorgwerker"), ka("2025-01-15", door=None), ka("2025-04-01", door=PZW),
      ka("2025-07-01", door=PZW)],
     ("pleeggezin", 4, 365, 4, 2, 4, 4, True, True),
     {"geregistreerd_jzw": 2, "gevalideerd_jzw": 2}),
    ("A12", "pleeggezin: 4 validated in total, but one of the 2 jzw contacts was by video",
     {}, "pleeggezin",
     [ka("2024-11-01"), ka("2025-01-15", vorm="video"), ka("2025-03-01", door=PZW),
      ka("2025-04-01", door=PZW), ka("2025-07-01", door=PZW)],
     ("pleeggezin", 4, 365, 4, 2, 5, 4, True, False),
     {"geregistreerd_jzw": 2, "gevalideerd_jzw": 1}),
    ("A13", "pleeggezin started 100 days ago: required 1, jzw part floor(2*101/365) = 0",
     {"startdatum": "2025-06-22"}, "pleeggezin", [ka("2025-07-01", door=PZW)],
     ("pleeggezin", 4, 101, 1, 0, 1, 1, True, True),
     {"geregistreerd_jzw": 0, "gevalideerd_jzw": 0}),
    ("A14", "no verblijf row: woonsituatie onbekend, norm 4, listed as a data problem",
     {}, [], VIER,
     ("onbekend", 4, 365, 4, None, 4, 4, True, True), {"woonsituatie_onbekend": True}),
    ("A15", "verblijf row ending on P is not running at P: onbekend; never seen alone",
     {}, [(LANG, "2025-09-30", "thuis")], [],
     ("onbekend", 4, 365, 4, None, 0, 0, False, False),
     {"woonsituatie_onbekend": True, "laatste_gevalideerd": None, "niet_gezien_180": True}),
    ("A16", "registered vs validated: others present, video, without the young person do not validate;"
            " andere_aanwezigen empty does; a contact not registered as child-alone never counts",
     {}, "thuis",
     [ka("2024-11-01", andere_aanwezigen=True), ka("2025-01-15", vorm="video"),
      ka("2025-04-01", met_jeugdige=False), ka("2025-07-01", andere_aanwezigen=None),
      {"datum": "2025-08-01"}],
     ("thuis", 4, 365, 4, None, 4, 1, True, False),
     {"laatste_gevalideerd": D("2025-07-01")}),
    ("A17", "events after P are ignored: a contact on 2025-10-01 and a move to an instelling then",
     {"soort": "voogdij"}, [(LANG, "2025-10-01", "thuis"), ("2025-10-01", None, "instelling")],
     [ka("2024-11-01"), ka("2025-01-15"), ka("2025-04-01"), ka("2025-10-01")],
     ("thuis", 4, 365, 4, None, 3, 3, False, False),
     {"laatste_gevalideerd": D("2025-04-01"), "dagen_sinds_gevalideerd": 182, "niet_gezien_180": True}),
    ("A18", "last validated 181 days before P: on the not-seen-for-180-days list (a later video does not help)",
     {}, "thuis", [ka("2025-04-02"), ka("2025-08-01", vorm="video")],
     ("thuis", 4, 365, 4, None, 2, 1, False, False),
     {"dagen_sinds_gevalideerd": 181, "niet_gezien_180": True}),
    ("A19", "last validated exactly 180 days before P: not on the list",
     {}, "thuis", [ka("2025-04-03")],
     ("thuis", 4, 365, 4, None, 1, 1, False, False),
     {"dagen_sinds_gevalideerd": 180, "niet_gezien_180": False}),
    ("A20", "a validated contact before the window counts for days-since (517), not for the count",
     {}, "thuis", [ka("2024-05-01")],
     ("thuis", 4, 365, 4, None, 0, 0, False, False),
     {"laatste_gevalideerd": D("2024-05-01"), "dagen_sinds_gevalideerd": 517, "niet_gezien_180": True}),
    ("A21", "never seen alone, running 181 days: on the list; exposure 182 -> required 1",
     {"startdatum": "2025-04-02"}, "thuis", [],
     ("thuis", 4, 182, 1, None, 0, 0, False, False), {"niet_gezien_180": True}),
    ("A22", "never seen alone, running exactly 180 days: not on the list",
     {"startdatum": "2025-04-03"}, "thuis", [],
     ("thuis", 4, 181, 1, None, 0, 0, False, False), {"niet_gezien_180": False}),
    ("A23", "ends the day after P: still running at P",
     {"einddatum": "2025-10-01"}, "thuis", VIER,
     ("thuis", 4, 365, 4, None, 4, 4, True, True), {}),
    ("X01", "VOTS is not in K5", {"soort": "VOTS"}, "thuis", VIER, None, {}),
    ("X02", "JR is not in K5 (separate figure)", {"soort": "JR", "team_id": "UTR-JR"}, "thuis", VIER, None, {}),
    ("X03", "ended on P: not running", {"einddatum": "2025-09-30"}, "thuis", VIER, None, {}),
    ("X04", "starts after P", {"startdatum": "2025-10-01"}, "thuis", [], None, {}),
]

CORE = ("woonsituatie", "norm", "blootstelling_dagen", "vereist", "vereist_jzw", "geregistreerd",
        "gevalideerd", "voldoet_geregistreerd", "voldoet_gevalideerd")


def _k5_rows():
    maatregelen, verblijf, contacten = [], [], []
    for mid, _, measure, woon, contacts, *_ in CASES:
        row = {"maatregel_id": mid, "startdatum": LANG, **measure}
        maatregelen.append(row)
        periods = [(row["startdatum"], None, woon)] if isinstance(woon, str) else woon
        verblijf += [{"maatregel_id": mid, "van": van, "tot": tot, "woonsituatie": w} for van, tot, w in periods]
        contacten += [{"maatregel_id": mid, **c} for c in contacts]
    # A ZHL measure, for the filters.
    maatregelen.append({"maatregel_id": "Z01", "startdatum": LANG, "team_id": "ZHL-JB1",
                        "gemeente_code": "GM0599"})
    verblijf.append({"maatregel_id": "Z01", "van": LANG, "woonsituatie": "thuis"})
    toewijzingen = [
        {"maatregel_id": "A01", "medewerker_id": "W1", "van": LANG, "rol": "vast"},
        {"maatregel_id": "A02", "medewerker_id": "W3", "van": LANG, "rol": "in_doorstroom"},
        {"maatregel_id": "A03", "medewerker_id": "W1", "van": LANG, "tot": "2025-09-30", "rol": "vast"},
    ]
    return {"maatregelen": maatregelen, "verblijf": verblijf, "contacten": contacten,
            "toewijzingen": toewijzingen}


@pytest.fixture(scope="module")
def k5_db(tmp_path_factory):
    return make_db(tmp_path_factory.mktemp("k5"), **_k5_rows())


@pytest.fixture(scope="module")
def k5(k5_db):
    frame = k5_db.query("kpi/k5_kind_alleen", query_params(P))
    return {r["maatregel_id"]: r for r in frame.to_dicts()}


@pytest.mark.parametrize("mid, what, measure, woon, contacts, expected, extra",
                         CASES, ids=[c[0] for c in CASES])
def test_k5_case(k5, mid, what, measure, woon, contacts, expected, extra):
    if expected is None:
        assert mid not in k5, what
        return
    row = k5[mid]
    assert tuple(row[c] for c in CORE) == expected, what
    for column, value in extra.items():
        assert row[column] == value, f"{what}: {column}"
    assert row["peildatum"] == P


def test_k5_columns_and_descriptions(k5):
    row = k5["A01"]
    assert row["cluster_id"] == "UTR" and row["cluster_naam"] == "Utrecht/Flevoland"
    assert row["team_naam"] == "JB Utrecht 1" and row["gemeente_naam"] == "Utrecht"
    assert row["jeugdige_id"] == "J-A01" and row["startdatum"] == D(LANG)
    # worker to address: the fixed worker, else the in_doorstroom worker, else none
    assert (row["medewerker_id"], row["medewerker_rol"]) == ("W1", "vast")
    assert (k5["A02"]["medewerker_id"], k5["A02"]["medewerker_rol"]) == ("W3", "in_doorstroom")
    assert k5["A03"]["medewerker_id"] is None  # assignment ended on P


def test_k5_filters_and_scope(k5_db):
    utr = k5_db.query("kpi/k5_kind_alleen", query_params(P, Filters(cluster="UTR")))
    assert "Z01" not in utr["maatregel_id"].to_list() and "A01" in utr["maatregel_id"].to_list()
    zhl = k5_db.query("kpi/k5_kind_alleen", query_params(P, scope=Scope(clusters=("ZHL",))))
    assert zhl["maatregel_id"].to_list() == ["Z01"]
    voogdij = k5_db.query("kpi/k5_kind_alleen", query_params(P, Filters(soort="voogdij")))
    assert sorted(voogdij["maatregel_id"].to_list()) == ["A07", "A08", "A17"]


def test_k5_several_peildata_equal_separate_calls(k5_db):
    dates = [D("2025-06-30"), D("2025-07-31"), P]
    together = k5_db.query("kpi/k5_kind_alleen", query_params(P, peildata=dates))
    for day in dates:
        alone = k5_db.query("kpi/k5_kind_alleen", query_params(day))
        assert together.filter(together["peildatum"] == day).sort("maatregel_id").equals(
            alone.sort("maatregel_id"))


def test_k5_earlier_peildatum(k5_db):
    """At 2025-06-30 the window is [2024-07-01, 2025-06-30]: A01's 2025-07-01 contact is in the future."""
    rows = {r["maatregel_id"]: r for r in
            k5_db.query("kpi/k5_kind_alleen", query_params(D("2025-06-30"))).to_dicts()}
    assert (rows["A01"]["geregistreerd"], rows["A01"]["voldoet_gevalideerd"]) == (3, False)
    assert rows["A01"]["laatste_gevalideerd"] == D("2025-04-01")
    assert "A04" not in rows  # starts 2025-06-22: exposure 9 days, required 0


# --------------------------------------------------------------------------- JR

# id, what it tests, measure columns, contacts, expected (laatste_contact, dagen_sinds_contact,
# voldoet) or None = not in the JR figure
JR_CASES = [
    ("J01", "contact 27 days before P (2025-09-03): in the last 28 days",
     {}, [{"datum": "2025-09-03"}], ("2025-09-03", 27, True)),
    ("J02", "contact exactly 28 days before P (2025-09-02): outside the last 28 days",
     {}, [{"datum": "2025-09-02"}], ("2025-09-02", 28, False)),
    ("J03", "contact on P itself", {}, [{"datum": "2025-09-30"}], ("2025-09-30", 0, True)),
    ("J04", "only an 'overleg' contact: does not count",
     {}, [{"datum": "2025-09-20", "vorm": "overleg"}], (None, None, False)),
    ("J05", "a phone call with the young person counts (any vorm but overleg)",
     {}, [{"datum": "2025-09-20", "vorm": "telefonisch"}], ("2025-09-20", 10, True)),
    ("J06", "a contact with the parents only does not count",
     {}, [{"datum": "2025-09-20", "met_jeugdige": False, "met_ouders": True}], (None, None, False)),
    ("J07", "running exactly 28 days (start 2025-09-02): in the figure; start-day contact is 28 days old",
     {"startdatum": "2025-09-02"}, [{"datum": "2025-09-02"}], ("2025-09-02", 28, False)),
    ("J08", "running 27 days (start 2025-09-03): not yet in the figure",
     {"startdatum": "2025-09-03"}, [{"datum": "2025-09-03"}], None),
    ("J09", "a contact after P is ignored; the one before is 60 days old",
     {}, [{"datum": "2025-08-01"}, {"datum": "2025-10-01"}], ("2025-08-01", 60, False)),
    ("J10", "ended on P: not running", {"einddatum": "2025-09-30"}, [{"datum": "2025-09-20"}], None),
    ("J11", "an OTS measure is not in the JR figure", {"soort": "OTS", "team_id": "UTR-JB1"},
     [{"datum": "2025-09-20"}], None),
]


@pytest.fixture(scope="module")
def jr_db(tmp_path_factory):
    maatregelen, contacten = [], []
    for mid, _, measure, contacts, _ in JR_CASES:
        maatregelen.append({"maatregel_id": mid, "startdatum": "2025-01-01", "soort": "JR",
                            "team_id": "UTR-JR", **measure})
        contacten += [{"maatregel_id": mid, **c} for c in contacts]
    return make_db(tmp_path_factory.mktemp("jr"), maatregelen=maatregelen, contacten=contacten)


@pytest.mark.parametrize("mid, what, measure, contacts, expected", JR_CASES, ids=[c[0] for c in JR_CASES])
def test_jr_case(jr_db, mid, what, measure, contacts, expected):
    rows = {r["maatregel_id"]: r for r in jr_db.query("kpi/k5_jr", query_params(P)).to_dicts()}
    if expected is None:
        assert mid not in rows, what
        return
    laatste, dagen, voldoet = expected
    row = rows[mid]
    assert (row["laatste_contact"], row["dagen_sinds_contact"], row["voldoet"]) == (
        D(laatste) if laatste else None, dagen, voldoet), what


def test_jr_several_peildata_equal_separate_calls(jr_db):
    dates = [D("2025-08-31"), P]
    together = jr_db.query("kpi/k5_jr", query_params(P, peildata=dates))
    for day in dates:
        alone = jr_db.query("kpi/k5_jr", query_params(day))
        assert together.filter(together["peildatum"] == day).sort("maatregel_id").equals(
            alone.sort("maatregel_id"))
