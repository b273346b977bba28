"""K1-K3 deadline KPIs against hand-computed cases (kpi-definities.md).

Each case says what it tests; the expected status was worked out by hand with
a 2025 calendar. Dutch holidays 2025 used below: Good Friday 18 Apr, Easter
Monday 21 Apr, Liberation Day Mon 5 May (lustrum year), Ascension Thu 29 May,
Whit Monday 9 Jun.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kpi.core.params import Filters, Scope, query_params
from kpi.metrics import engine
from tests.builders import D, make_db

P = D("2025-06-30")
VAN, TOT = D("2025-01-01"), D("2025-06-30")

# maatregel, start, kennisgeving, einde, contacts [(datum, vorm, met_jeugdige, met_ouders)],
# expected (deadline, status, werkdagen, bucket), what it tests
F2F, TEL = "face_to_face", "telefonisch"
K1_CASES = [
    ("M01", "2025-01-03", None, None, [("2025-01-10", F2F, True, False)],
     ("2025-01-10", "tijdig", 5, "0-5"), "start Friday: deadline next Friday, contact on it"),
    ("M02", "2025-01-03", None, None, [("2025-01-11", F2F, True, False)],
     ("2025-01-10", "te_laat", 6, "6-10"), "contact on the Saturday after the deadline"),
    ("M03", "2025-04-17", None, None, [("2025-04-28", F2F, True, False)],
     ("2025-04-28", "tijdig", 5, "0-5"), "Good Friday and Easter Monday skipped"),
    ("M04", "2025-04-30", None, None, [("2025-05-09", F2F, True, False)],
     ("2025-05-08", "te_laat", 6, "6-10"), "Liberation Day 2025 skipped"),
    ("M05", "2025-05-27", None, None, [],
     ("2025-06-04", "verlopen", None, "geen"), "Ascension skipped, no contact"),
    ("M06", "2025-06-04", None, None, [("2025-06-05", TEL, True, True), ("2025-06-20", F2F, True, False)],
     ("2025-06-12", "te_laat", 11, ">10"), "Whit Monday skipped; phone does not count"),
    ("M07", "2025-02-03", "2025-02-05", None, [("2025-02-12", F2F, True, False)],
     ("2025-02-12", "tijdig", 5, "0-5"), "term runs from kennisgeving_op, not startdatum"),
    ("M09", "2025-06-02", None, None, [("2025-07-01", F2F, True, False)],
     ("2025-06-10", "verlopen", None, "geen"), "contact after the peildatum is ignored"),
    ("M10", "2025-03-10", None, None, [("2025-03-07", F2F, True, False)],
     ("2025-03-17", "verlopen", None, "geen"), "contact before the start is ignored"),
    ("M12", "2025-01-13", None, None, [("2025-01-14", F2F, False, True)],
     ("2025-01-20", "tijdig", 1, "0-5"), "a parent alone counts"),
    ("M13", "2025-01-13", None, None, [("2025-01-14", F2F, False, False)],
     ("2025-01-20", "verlopen", None, "geen"), "neither young person nor parent: no first contact"),
    ("M15", "2025-01-24", None, None, [("2025-02-03", F2F, True, False)],
     ("2025-01-31", "te_laat", 6, "6-10"), "deadline on a month end"),
    ("M16", "2025-03-03", None, "2025-03-20", [],
     ("2025-03-10", "verlopen", None, "geen"), "ended after the deadline without contact"),
]
LEFT_OUT = [
    ("M08", "2025-03-03", None, "2025-03-05", [], "ended before its deadline without contact"),
    ("M11", "2025-06-27", None, None, [], "deadline 2025-07-04 after the period and P"),
]
ZHL_CASE = ("M14", "2025-01-13", "tijdig")  # cluster ZHL, contact 2025-01-15
# Internal term: first colour oranje and on the list within 5 working days.
INTERN = [
    ("M17", "oranje", "te_laat", "tijdig", "2025-03-17"),
    ("M18", "rood", "te_laat", "te_laat", "2025-03-10"),
]


def _k1_db(tmp_path):
    maatregelen, contacten = [], []
    for mid, start, kennis, einde, contacts, *_ in K1_CASES + LEFT_OUT:
        maatregelen.append({"maatregel_id": mid, "startdatum": start, "kennisgeving_op": kennis,
                            "einddatum": einde})
        for datum, vorm, jeugdige, ouders in contacts:
            contacten.append({"maatregel_id": mid, "datum": datum, "vorm": vorm,
                              "met_jeugdige": jeugdige, "met_ouders": ouders})
    maatregelen.append({"maatregel_id": "M14", "startdatum": "2025-01-13", "team_id": "ZHL-JB1",
                        "gemeente_code": "GM0599"})
    contacten.append({"maatregel_id": "M14", "datum": "2025-01-15"})
    veiligheid, lijst = [], []
    for mid, kleur, *_ in INTERN:
        maatregelen.append({"maatregel_id": mid, "startdatum": "2025-03-03"})
        contacten.append({"maatregel_id": mid, "datum": "2025-03-14"})
        veiligheid.append({"maatregel_id": mid, "datum": "2025-03-04", "kleurcode": kleur})
        veiligheid.append({"maatregel_id": mid, "datum": "2025-03-20", "kleurcode": "groen"})
        lijst.append({"maatregel_id": mid, "op_lijst": "2025-03-07", "van_lijst": "2025-03-14"})
    return make_db(tmp_path, maatregelen=maatregelen, contacten=contacten,
                   veiligheidsinschattingen=veiligheid, monitorlijst=lijst)


@pytest.fixture(scope="module")
def k1_db(tmp_path_factory):
    return _k1_db(tmp_path_factory.mktemp("k1"))


def k1(db, filters=Filters(), scope=Scope(), van=VAN, tot=TOT, peildatum=P):
    return db.query("kpi/k1_eerste_contact", query_params(peildatum, filters, scope, van=van, tot=tot))


@pytest.mark.parametrize("case", K1_CASES, ids=[c[0] for c in K1_CASES])
def test_k1_case(k1_db, case):
    mid, *_, (deadline, status, werkdagen, bucket), what = case
    row = k1(k1_db).filter(maatregel_id=mid).to_dicts()
    assert len(row) == 1, what
    row = row[0]
    assert (row["deadline"], row["status"], row["werkdagen_tot_contact"], row["bucket"]) == (
        D(deadline), status, werkdagen, bucket), what


def test_k1_left_out(k1_db):
    ids = set(k1(k1_db)["maatregel_id"])
    for mid, *_, what in LEFT_OUT:
        assert mid not in ids, what


def test_k1_totals_and_filters(k1_db):
    counts = k1(k1_db)["status"].value_counts().to_dict(as_series=False)
    assert dict(zip(counts["status"], counts["count"])) == {"tijdig": 5, "te_laat": 6, "verlopen": 5}
    zhl = k1(k1_db, Filters(cluster="ZHL"))
    assert zhl.select("maatregel_id", "status").rows() == [("M14", "tijdig")]
    assert k1(k1_db, scope=Scope(clusters=("ZHL",)))["maatregel_id"].to_list() == ["M14"]
    assert k1(k1_db, Filters(cluster="UTR"), scope=Scope(clusters=("ZHL",))).is_empty()
    assert k1(k1_db, scope=Scope(gemeente="GM0599"))["maatregel_id"].to_list() == ["M14"]
    assert k1(k1_db, Filters(soort="voogdij")).is_empty()
    february = k1(k1_db, van=D("2025-02-01"), tot=D("2025-02-28"))
    assert february.select("maatregel_id", "status").rows() == [("M07", "tijdig")]


def test_k1_phone_shown_separately(k1_db):
    row = k1(k1_db).filter(maatregel_id="M06").row(0, named=True)
    assert row["status"] == "te_laat"
    assert row["contact_incl_afstand_op"] == D("2025-06-05")
    assert row["status_incl_afstand"] == "tijdig"


@pytest.mark.parametrize("mid, kleur, legal, intern, deadline_intern", INTERN)
def test_k1_internal_term_only_beside_legal(k1_db, mid, kleur, legal, intern, deadline_intern):
    row = k1(k1_db).filter(maatregel_id=mid).row(0, named=True)
    assert row["deadline"] == D("2025-03-10")  # the legal term is always the KPI
    assert row["status"] == legal
    assert row["interne_termijn"] == (kleur == "oranje")
    assert (row["status_intern"], row["deadline_intern"]) == (intern, D(deadline_intern))


def test_k1_earlier_peildatum_is_reproducible(k1_db):
    # At P = 2025-01-31 the contact of M15 (3 Feb) had not happened yet.
    rows = k1(k1_db, van=D("2025-01-01"), tot=D("2025-01-31"), peildatum=D("2025-01-31"))
    assert dict(rows.select("maatregel_id", "status").rows()) == {
        "M01": "tijdig", "M02": "te_laat", "M12": "tijdig", "M13": "verlopen",
        "M14": "tijdig", "M15": "verlopen"}


def test_k1_open_deadline_is_not_counted(k1_db):
    # M11's deadline (4 Jul) is after P: it is returned with status open when
    # the period reaches it ("binnenkort verlopen"), never as verlopen.
    rows = k1(k1_db, van=P + dt.timedelta(days=1), tot=D("2025-07-14"))
    assert rows.select("maatregel_id", "status", "deadline").rows() == [
        ("M11", "open", D("2025-07-04"))]



def test_done_before_a_deadline_after_p_is_not_in_the_kpi(tmp_path):
    """Only deadlines D <= P count, also when the event already happened (period reaching past P)."""
    from kpi.metrics import engine

    db = make_db(tmp_path, maatregelen=[
        # start Wed 25 Jun, deadline Wed 2 Jul (> P); contact Thu 26 Jun: done, deadline still ahead
        {"maatregel_id": "V1", "startdatum": "2025-06-25"},
        # start Mon 23 Jun, deadline Mon 30 Jun (= P); contact 24 Jun: tijdig, counted
        {"maatregel_id": "V2", "startdatum": "2025-06-23"},
        # start Fri 27 Jun, deadline Fri 4 Jul (> P); no contact: open, listed as binnenkort verlopen
        {"maatregel_id": "V3", "startdatum": "2025-06-27"},
    ], contacten=[{"maatregel_id": "V1", "datum": "2025-06-26"}, {"maatregel_id": "V2", "datum": "2025-06-24"}])
    van, tot = D("2025-06-01"), D("2025-07-31")
    rows = dict(engine.deadline_cases(db, "k1", P, van, tot).select("maatregel_id", "status").rows())
    assert rows == {"V1": "gedaan_voor_deadline", "V2": "tijdig", "V3": "open"}
    assert engine.deadline_kpi(db, "k1", P, van, tot) == {
        "tijdig": 1, "te_laat": 0, "verlopen": 0, "totaal": 1, "percentage": 100.0}
    assert engine.binnenkort_verlopen(db, "k1", P)["maatregel_id"].to_list() == ["V3"]


# ----------------------------------------------------------------------------- K2

# maatregel, start, einde, plans, expected (deadline, status) or None when left out, what
K2_CASES = [
    ("P01", "2024-12-01", None, ["2025-01-12"], ("2025-01-12", "tijdig"), "plan on the 42nd day"),
    ("P02", "2024-12-01", None, ["2025-01-13"], ("2025-01-12", "te_laat"), "plan on the 43rd day"),
    ("P03", "2025-01-01", None, ["2024-12-20"], ("2025-02-12", "verlopen"), "plan before the start"),
    ("P04", "2025-05-01", None, ["2025-07-01"], ("2025-06-12", "verlopen"), "plan after the peildatum"),
    ("P05", "2025-03-01", "2025-04-01", [], None, "ended before the deadline without plan"),
    ("P06", "2025-03-01", "2025-04-12", [], None, "ended on the deadline without plan"),
    ("P07", "2025-03-01", "2025-04-13", [], ("2025-04-12", "verlopen"), "ended after the deadline"),
    ("P08", "2025-05-20", None, [], None, "deadline 2025-07-01 after the period"),
    ("P09", "2025-01-10", None, ["2025-02-20", "2025-01-25"], ("2025-02-21", "tijdig"),
     "the earliest of several plans"),
]


def test_k2_cases(tmp_path):
    db = make_db(
        tmp_path,
        maatregelen=[{"maatregel_id": m, "startdatum": s, "einddatum": e} for m, s, e, *_ in K2_CASES],
        plannen=[{"maatregel_id": m, "vastgesteld_op": p} for m, _, _, plans, *_ in K2_CASES for p in plans],
    )
    rows = db.query("kpi/k2_plan_van_aanpak", query_params(P, van=VAN, tot=TOT))
    got = {r["maatregel_id"]: (r["deadline"], r["status"]) for r in rows.to_dicts()}
    expected = {m: (D(e[0]), e[1]) for m, *_, e, _ in K2_CASES if e}
    assert got == expected


# ----------------------------------------------------------------------------- K3

# maatregel, start, einde, requests [(aangevraagd, gestart, afgewezen)], expected or None, what
K3_CASES = [
    ("H01", "2024-11-30", None, [("2024-12-15", "2025-02-28", None)], ("2025-02-28", "tijdig"),
     "30 Nov + 3 months = 28 Feb (shorter month); help on the deadline"),
    ("H02", "2024-11-30", None, [("2024-12-01", "2025-03-01", None)], ("2025-02-28", "te_laat"),
     "help the day after"),
    ("H03", "2025-01-31", None, [("2024-12-01", "2025-01-15", None)], ("2025-04-30", "tijdig"),
     "help already running before the start counts; 31 Jan + 3 months = 30 Apr"),
    ("H04", "2025-02-15", None, [], None, "listed in geen_hulp_nodig"),
    ("H05", "2025-02-15", None, [("2025-02-20", None, None), ("2025-03-01", "2025-07-10", None)],
     ("2025-05-15", "verlopen"), "help started only after the peildatum"),
    ("H06", "2025-03-31", None, [("2025-04-01", "2025-06-30", None)], ("2025-06-30", "tijdig"),
     "deadline on the peildatum itself"),
    ("H07", "2024-12-31", "2025-03-01", [("2025-01-05", None, True)], None,
     "ended before its deadline without help"),
    ("H08", "2023-11-30", None, [], None, "deadline 2024-02-29, outside the period"),
]


@pytest.fixture(scope="module")
def k3_db(tmp_path_factory):
    hulp = [
        {"hulp_id": f"{m}-{i}", "maatregel_id": m, "hulpvorm": "ambulant", "aangevraagd_op": a,
         "gestart_op": g, "afgewezen": af}
        for m, _, _, requests, *_ in K3_CASES for i, (a, g, af) in enumerate(requests)
    ]
    return make_db(
        tmp_path_factory.mktemp("k3"),
        maatregelen=[{"maatregel_id": m, "startdatum": s, "einddatum": e} for m, s, e, *_ in K3_CASES],
        hulp=hulp, geen_hulp_nodig=[{"maatregel_id": "H04"}],
    )


def test_k3_cases(k3_db):
    rows = k3_db.query("kpi/k3_hulp", query_params(P, van=VAN, tot=TOT))
    got = {r["maatregel_id"]: (r["deadline"], r["status"]) for r in rows.to_dicts()}
    assert got == {m: (D(e[0]), e[1]) for m, *_, e, _ in K3_CASES if e}


def test_k3_leap_year_month_end(k3_db):
    rows = k3_db.query("kpi/k3_hulp", query_params(P, van=D("2024-02-01"), tot=D("2024-02-29")))
    assert rows.select("maatregel_id", "deadline", "status").rows() == [
        ("H08", D("2024-02-29"), "verlopen")]


def test_k3_requests_waiting_and_open(k3_db):
    rows = k3_db.query("kpi/k3_aanvragen", query_params(P))
    got = {r["hulp_id"]: (r["status"], r["wachtdagen"], r["leeftijd_dagen"]) for r in rows.to_dicts()}
    assert got == {
        "H01-0": ("gestart", 75, None),     # 15 Dec -> 28 Feb
        "H02-0": ("gestart", 90, None),     # 1 Dec -> 1 Mar
        "H03-0": ("gestart", 45, None),     # 1 Dec -> 15 Jan
        "H05-0": ("open", None, 130),       # 20 Feb -> P
        "H05-1": ("open", None, 121),       # started 10 Jul, after P: still open at P
        "H06-0": ("gestart", 90, None),     # 1 Apr -> 30 Jun
        "H07-0": ("afgewezen", None, None),
    }


def test_k3_requests_started_before_a_date_can_be_left_out(k3_db):
    # The K3 page shows the waiting time of the chosen period: requests started before its start
    # are not needed. Open and refused requests stay, whatever their date.
    rows = engine.hulp_aanvragen(k3_db, P, gestart_vanaf=D("2025-02-28"))
    assert {r["hulp_id"]: r["status"] for r in rows.to_dicts()} == {
        "H01-0": "gestart",     # started 28 Feb: on the bound, kept
        "H02-0": "gestart",     # 1 Mar
        "H05-0": "open",
        "H05-1": "open",        # started after P: open at P, kept
        "H06-0": "gestart",     # 30 Jun
        "H07-0": "afgewezen",
    }                           # H03-0 started 15 Jan: left out
    assert rows.columns == engine.hulp_aanvragen(k3_db, P).columns
