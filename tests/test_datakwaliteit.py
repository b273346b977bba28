"""Data-quality checks (kpi/metrics/datakwaliteit.py, sql/kwaliteit/) against hand-made cases.

Each check has cases it must find and cases it must not, with the expected result next to
them. Peildatum P = 2025-09-30 unless a case says otherwise; the event window is
2024-10-01 t/m P (the 12 months of the trend). Choices: docs/datakwaliteit.md.
"""

from __future__ import annotations

import polars as pl
import pytest

from kpi.core import kalender
from kpi.core.params import ALLES, Filters, Scope
from kpi.data import db as kdb
from kpi.metrics import datakwaliteit as dk
from tests.apptest import open_app
from tests.builders import D, make_db

P = D("2025-09-30")
LANG = "2023-01-01"  # a measure that runs the whole window


def mr(maatregel_id, startdatum=LANG, **kw):
    return {"maatregel_id": maatregel_id, "startdatum": startdatum, **kw}


def ka(maatregel_id, datum, **kw):
    """A contact registered as kind alleen that validates, unless kw changes it."""
    return {"maatregel_id": maatregel_id, "datum": datum, "kind_alleen": True, "vorm": "face_to_face",
            "met_jeugdige": True, "andere_aanwezigen": False, **kw}


def vast(maatregel_id, medewerker_id, van=LANG, tot=None, rol="vast"):
    return {"maatregel_id": maatregel_id, "medewerker_id": medewerker_id, "van": van, "tot": tot, "rol": rol}


def mw(medewerker_id, in_dienst="2020-01-01", uit_dienst=None, team_id="UTR-JB1"):
    return {"medewerker_id": medewerker_id, "functie": "jeugdzorgwerker", "team_id": team_id, "fte": 1.0,
            "in_dienst": in_dienst, "uit_dienst": uit_dienst}


# ------------------------------------------------------------------ the cases
# (maatregel, what it tests, found?) per check; the rows that make each case follow.

KIND_ALLEEN = [
    ("KA1", "kind alleen with someone else present", True),
    ("KA2", "kind alleen by video", True),
    ("KA3", "kind alleen by phone", True),
    ("KA4", "kind alleen without the young person", True),
    ("KA5", "kind alleen, face to face, with the young person, nobody else: valid", False),
    ("KA6", "andere_aanwezigen empty counts as nobody else (K5's rule): valid", False),
    ("KA7", "someone else present, but not registered as kind alleen: not a kind-alleen contact", False),
    ("KA8", "invalid, but dated 2024-09-30: before the 12-month window", False),
]
KIND_ALLEEN_ROWS = dict(
    maatregelen=[mr(m) for m, *_ in KIND_ALLEEN],
    contacten=[ka("KA1", "2025-09-01", andere_aanwezigen=True), ka("KA2", "2025-08-01", vorm="video"),
               ka("KA3", "2025-08-01", vorm="telefonisch"), ka("KA4", "2024-10-01", met_jeugdige=False),
               ka("KA5", "2025-09-30"), ka("KA6", "2025-09-01", andere_aanwezigen=None),
               {"maatregel_id": "KA7", "datum": "2025-09-01", "andere_aanwezigen": True},
               ka("KA8", "2024-09-30", vorm="video")],
)

WOONSITUATIE = [
    ("WS1", "running, no verblijf at all", True),
    ("WS2", "running, verblijf from the start and still open", False),
    ("WS3", "verblijf ended on P: not running at P", True),
    ("WS4", "ended on P without any verblijf: not running at P, not counted", False),
    ("WS5", "verblijf ended, a new one starts the same day (adjoining): fine", False),
]
WOONSITUATIE_ROWS = dict(
    maatregelen=[mr("WS1"), mr("WS2"), mr("WS3"), mr("WS4", einddatum="2025-09-30"), mr("WS5")],
    verblijf=[{"maatregel_id": "WS2", "van": LANG, "woonsituatie": "thuis"},
              {"maatregel_id": "WS3", "van": LANG, "tot": "2025-09-30", "woonsituatie": "pleeggezin"},
              {"maatregel_id": "WS5", "van": LANG, "tot": "2025-06-01", "woonsituatie": "thuis"},
              {"maatregel_id": "WS5", "van": "2025-06-01", "woonsituatie": "instelling"}],
)

# Start Thursday 2025-04-17: Goede Vrijdag (18-04) and Tweede Paasdag (21-04) are no working
# days, so the 5th working day after the start is Monday 2025-04-28 (docs/keuzes-k5-k7.md).
TRIAGE_START = "2025-04-17"
TRIAGE = [
    ("KL1", "no colour code; evaluated on and after the 5th working day (with two holidays)", None),
    ("KL2", "colour code on 2025-04-29", None),
    ("KL3", "colour code on 2025-04-30: after the peildatum 29-04", None),
]
TRIAGE_EXPECTED = {  # peildatum → found
    D("2025-04-28"): set(),  # exactly the 5th working day: not late yet
    D("2025-04-29"): {"KL1", "KL3"},  # the day after: late, unless there is a colour code on or before P
}
TRIAGE_ROWS = dict(
    maatregelen=[mr(m, TRIAGE_START) for m, *_ in TRIAGE],
    veiligheidsinschattingen=[{"maatregel_id": "KL2", "datum": "2025-04-29", "kleurcode": "oranje"},
                              {"maatregel_id": "KL3", "datum": "2025-04-30", "kleurcode": "rood"}],
)

WERKWIJZE = [
    ("WW1", "fixed worker", False),
    ("WW2", "on the monitorlijst", False),
    ("WW3", "in the in-/doorstroom team", False),
    ("WW4", "nothing at all", True),
    ("WW5", "fixed worker until P (tot = P): nothing at P", True),
]
WERKWIJZE_ROWS = dict(
    maatregelen=[mr(m, soort="OTS") for m, *_ in WERKWIJZE],
    toewijzingen=[vast("WW1", "M-OK"), vast("WW3", "M-OK", rol="in_doorstroom"),
                  vast("WW5", "M-OK", tot="2025-09-30")],
    monitorlijst=[{"maatregel_id": "WW2", "op_lijst": "2025-05-01"}],
)

VAST_LIJST = [
    ("VL1", "fixed worker and a running monitorlijst period", True),
    ("VL2", "left the list on the day the fixed worker started", False),
]
VAST_LIJST_ROWS = dict(
    maatregelen=[mr(m) for m, *_ in VAST_LIJST],
    toewijzingen=[vast("VL1", "M-OK", van="2025-06-01"), vast("VL2", "M-OK", van="2025-06-01")],
    monitorlijst=[{"maatregel_id": "VL1", "op_lijst": "2025-03-01"},
                  {"maatregel_id": "VL2", "op_lijst": "2025-03-01", "van_lijst": "2025-06-01"}],
)

OVERLAP = [
    ("OV1", "two fixed workers running at P", True),
    ("OV2", "adjoining: one ends 2025-06-01, the next starts that day", False),
    ("OV3", "overlapped in February 2025 only: not at P (but in the trend)", False),
    ("OV4", "the same worker twice at P", True),
    ("OV5", "one fixed worker and one in-/doorstroom worker", False),
]
OVERLAP_ROWS = dict(
    maatregelen=[mr(m) for m, *_ in OVERLAP],
    toewijzingen=[vast("OV1", "M-OK"), vast("OV1", "M-OK2", van="2025-09-01"),
                  vast("OV2", "M-OK", tot="2025-06-01"), vast("OV2", "M-OK2", van="2025-06-01"),
                  vast("OV3", "M-OK", tot="2025-03-01"), vast("OV3", "M-OK2", van="2025-02-01"),
                  vast("OV4", "M-OK"), vast("OV4", "M-OK", van="2025-09-15"),
                  vast("OV5", "M-OK"), vast("OV5", "M-OK2", rol="in_doorstroom")],
)

DIENST = [
    ("DI1", "assignment starts on the in_dienst date (P)", False),
    ("DI2", "open assignment, the worker left on P (uit_dienst = P: not employed at P)", True),
    ("DI3", "assignment closed on the day the worker left", False),
    ("DI4", "employed since 2020", False),
    ("DI5", "assigned on 2025-09-01, in dienst from 2025-09-15: wrong before, fine at P", False),
    ("DI6", "in_doorstroom assignment to a worker who left in August", True),
]
DIENST_ROWS = dict(
    maatregelen=[mr(m) for m, *_ in DIENST],
    medewerkers=[mw("M-OK"), mw("M-OK2"), mw("M-NIEUW", in_dienst="2025-09-30"),
                 mw("M-WEG", uit_dienst="2025-09-30"), mw("M-LAAT", in_dienst="2025-09-15"),
                 mw("M-AUG", uit_dienst="2025-08-15")],
    toewijzingen=[vast("DI1", "M-NIEUW", van="2025-09-30"), vast("DI2", "M-WEG"),
                  vast("DI3", "M-WEG", tot="2025-09-30"), vast("DI3", "M-OK", van="2025-09-30"),
                  vast("DI4", "M-OK"),
                  vast("DI5", "M-LAAT", van="2025-09-01"), vast("DI6", "M-AUG", rol="in_doorstroom")],
)

PLAN = [
    ("PL1", "plan set two days before the start", True),
    ("PL2", "plan on the start date", False),
    ("PL3", "plan after the start", False),
]
PLAN_ROWS = dict(
    maatregelen=[mr(m, "2025-03-01") for m, *_ in PLAN],
    plannen=[{"maatregel_id": "PL1", "vastgesteld_op": "2025-02-27"},
             {"maatregel_id": "PL2", "vastgesteld_op": "2025-03-01"},
             {"maatregel_id": "PL3", "vastgesteld_op": "2025-04-01"}],
)

HULP = [
    ("HU1", "started the day before the request", True),
    ("HU2", "started on the day of the request", False),
    ("HU3", "not started yet", False),
    ("HU4", "started after the request", False),
]
HULP_ROWS = dict(
    maatregelen=[mr(m) for m, *_ in HULP],
    hulp=[{"hulp_id": f"H-{m}", "maatregel_id": m, "hulpvorm": "ambulant", "aangevraagd_op": "2025-05-10",
           "gestart_op": start} for m, start in (("HU1", "2025-05-09"), ("HU2", "2025-05-10"), ("HU3", None),
                                                 ("HU4", "2025-07-01"))],
)

EINDE = [
    ("EI1", "ended 2025-06-30: a contact on the end date is fine, the one the day after is not", True),
    ("EI2", "ended 2025-06-30, closing contact on the end date only", False),
    ("EI3", "running measure with contacts", False),
]
EINDE_ROWS = dict(
    maatregelen=[mr("EI1", einddatum="2025-06-30"), mr("EI2", einddatum="2025-06-30"), mr("EI3")],
    contacten=[{"maatregel_id": "EI1", "datum": "2025-06-30", "contact_id": "C-EI1-op"},
               {"maatregel_id": "EI1", "datum": "2025-07-01", "contact_id": "C-EI1-na"},
               {"maatregel_id": "EI2", "datum": "2025-06-30"},
               {"maatregel_id": "EI3", "datum": "2025-09-01"}],
)

# The same problems in the other cluster, for the scope test.
ZHL = dict(
    maatregelen=[mr(m, gemeente_code="GM0599", team_id="ZHL-JB1") for m in ("Z-KA", "Z-WS", "Z-DI")],
    contacten=[ka("Z-KA", "2025-09-01", vorm="video")],
    medewerkers=[mw("M-ZWEG", uit_dienst="2025-01-01", team_id="ZHL-JB1")],
    toewijzingen=[vast("Z-DI", "M-ZWEG")],
)

FIXTURES = (KIND_ALLEEN_ROWS, WOONSITUATIE_ROWS, TRIAGE_ROWS, WERKWIJZE_ROWS, VAST_LIJST_ROWS, OVERLAP_ROWS,
            DIENST_ROWS, PLAN_ROWS, HULP_ROWS, EINDE_ROWS, ZHL)

# Every other measure gets a verblijf, a fixed worker and a colour code from its start, so
# each check finds only the cases written for it.
ZONDER_VERBLIJF = {m for m, *_ in WOONSITUATIE} | {"Z-WS"}
ZONDER_VAST = {m for m, *_ in WERKWIJZE}
ZONDER_KLEUR = {m for m, *_ in TRIAGE}


def alle_rijen() -> dict[str, list[dict]]:
    tables: dict[str, list[dict]] = {}
    for fixture in FIXTURES:
        for table, rows in fixture.items():
            tables.setdefault(table, []).extend(rows)
    measures = tables["maatregelen"]
    have_vast = {t["maatregel_id"] for t in tables["toewijzingen"] if t["rol"] == "vast"}
    tables["verblijf"] += [{"maatregel_id": r["maatregel_id"], "van": r["startdatum"], "woonsituatie": "thuis"}
                           for r in measures if r["maatregel_id"] not in ZONDER_VERBLIJF]
    tables["toewijzingen"] += [vast(r["maatregel_id"], "M-OK", van=r["startdatum"]) for r in measures
                               if r["maatregel_id"] not in have_vast | ZONDER_VAST]
    tables["veiligheidsinschattingen"] += [{"maatregel_id": r["maatregel_id"], "datum": r["startdatum"],
                                            "kleurcode": "groen"} for r in measures
                                           if r["maatregel_id"] not in ZONDER_KLEUR]
    return tables


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    database = make_db(tmp_path_factory.mktemp("dk"), **alle_rijen())
    yield database
    database.close()


def gevonden(db, key, peildatum=P, filters=Filters(), scope=ALLES) -> set[str]:
    return set(dk.cases(db, key, peildatum, filters, scope)["maatregel_id"])


@pytest.mark.parametrize("key, cases", [
    ("kind_alleen_ongeldig", KIND_ALLEEN), ("zonder_woonsituatie", WOONSITUATIE), ("zonder_werkwijze", WERKWIJZE),
    ("vast_en_monitorlijst", VAST_LIJST), ("overlappende_vaste", OVERLAP), ("toewijzing_buiten_dienst", DIENST),
    ("plan_voor_start", PLAN), ("hulp_voor_aanvraag", HULP), ("contact_na_einde", EINDE),
])
def test_each_check_finds_its_cases_and_only_those(db, key, cases):
    found = gevonden(db, key, filters=Filters(cluster="UTR"))
    expected = {m for m, _, hit in cases if hit}
    for m, what, hit in cases:
        assert (m in found) == hit, f"{key} {m}: {what}"
    assert found == expected, f"{key}: onverwacht gevonden {found - expected}"


@pytest.mark.parametrize("peildatum, expected", TRIAGE_EXPECTED.items())
def test_colour_code_late_only_after_the_fifth_working_day_holidays_excluded(db, peildatum, expected):
    assert kalender.werkdag_plus(D(TRIAGE_START), 5) == D("2025-04-28")
    assert gevonden(db, "zonder_kleurcode", peildatum) == expected


def test_triage_case_list_shows_the_deadline(db):
    rows = dk.cases(db, "zonder_kleurcode", D("2025-04-29")).filter(pl.col("maatregel_id") == "KL1").row(0, named=True)
    assert rows["triage_uiterlijk"] == D("2025-04-28") and rows["dagen_over_termijn"] == 1


def test_assignment_before_employment_is_found_while_it_lasts(db):
    # DI5: assigned 2025-09-01, employed from 2025-09-15
    assert "DI5" in gevonden(db, "toewijzing_buiten_dienst", D("2025-09-14"))
    assert "DI5" not in gevonden(db, "toewijzing_buiten_dienst", D("2025-09-15"))


def test_kind_alleen_reasons_and_share(db):
    lijst = dk.cases(db, "kind_alleen_ongeldig", P, Filters(cluster="UTR"))
    reden = dict(zip(lijst["maatregel_id"], lijst["reden"]))
    assert reden == {"KA1": "anderen aanwezig", "KA2": "video", "KA3": "telefonisch", "KA4": "zonder jeugdige"}
    assert lijst["maatregel_id"].to_list()[0] == "KA1"  # the most recent first
    rows = dk.rijen(db, "kind_alleen_ongeldig", P, Filters(cluster="UTR"))
    k = dk.kerncijfer("kind_alleen_ongeldig", rows, P)
    # population: the kind-alleen contacts in the window, KA1-KA6 (KA7 is not one, KA8 is too early)
    assert (k["bevindingen"], k["populatie"]) == (4, 6)
    assert k["percentage"] == pytest.approx(100 * 4 / 6)


def test_contact_on_the_end_date_is_fine_the_day_after_is_not(db):
    lijst = dk.cases(db, "contact_na_einde", P)
    assert lijst["contact_id"].to_list() == ["C-EI1-na"]
    assert lijst["dagen_na_einde"].to_list() == [1]
    assert dk.kerncijfer("contact_na_einde", dk.rijen(db, "contact_na_einde", P), P)["percentage"] is None


def test_case_lists_name_the_worker_and_the_offending_values(db):
    overlap = dk.cases(db, "overlappende_vaste", P).filter(pl.col("maatregel_id") == "OV1").row(0, named=True)
    assert overlap["medewerkers"] == "M-OK, M-OK2" and overlap["overlap_sinds"] == D("2025-09-01")
    dienst = dk.cases(db, "toewijzing_buiten_dienst", P).filter(pl.col("maatregel_id") == "DI6").row(0, named=True)
    assert (dienst["medewerker_id"], dienst["rol_label"], dienst["uit_dienst"]) == ("M-AUG", "in- en doorstroom",
                                                                                     D("2025-08-15"))
    plan = dk.cases(db, "plan_voor_start", P).row(0, named=True)
    assert (plan["maatregel_id"], plan["dagen_voor_start"], plan["medewerker_id"]) == ("PL1", 2, "M-OK")
    woon = dk.cases(db, "zonder_woonsituatie", P).filter(pl.col("maatregel_id") == "WS3").row(0, named=True)
    assert (woon["laatste_verblijf_tot"], woon["laatste_woonsituatie"]) == (P, "pleeggezin")
    werkwijze = dk.cases(db, "zonder_werkwijze", P).filter(pl.col("maatregel_id") == "WW4").row(0, named=True)
    assert werkwijze["medewerker_id"] == "geen vaste jzw"
    for c in dk.CONTROLES:
        assert list(dk.cases(db, c, P).columns) == list(dk.kolommen(c)), c.key


def test_state_checks_trend_at_each_month_end(db):
    rows = dk.rijen(db, "overlappende_vaste", P, Filters(cluster="UTR"))
    trend = dk.trend("overlappende_vaste", rows, P)
    assert trend.height == dk.TREND_MAANDEN and trend["maand"][0] == D("2024-10-01")
    per = dict(zip(trend["maand"], trend["bevindingen"]))
    assert per[D("2025-02-01")] == 1  # OV3 overlapped on 2025-02-28
    assert per[D("2025-03-01")] == 0  # OV3's first period ended on 2025-03-01; OV1/OV4 not yet
    assert per[D("2025-09-01")] == 2  # at P: OV1 and OV4
    assert per[D("2025-09-01")] == dk.kerncijfer("overlappende_vaste", rows, P)["bevindingen"]


def test_event_checks_trend_by_month_of_the_event(db):
    rows = dk.rijen(db, "kind_alleen_ongeldig", P, Filters(cluster="UTR"))
    per = dict(zip(*dk.trend("kind_alleen_ongeldig", rows, P).select("maand", "bevindingen")))
    assert per[D("2024-10-01")] == 1 and per[D("2025-08-01")] == 2 and per[D("2025-09-01")] == 1
    assert sum(per.values()) == dk.kerncijfer("kind_alleen_ongeldig", rows, P)["bevindingen"]


def test_per_cluster_and_team_counts(db):
    rows = dk.rijen(db, "kind_alleen_ongeldig", P)
    per = dk.per_groep("kind_alleen_ongeldig", rows, P, "cluster")
    assert dict(zip(per["cluster_id"], per["bevindingen"])) == {"UTR": 4, "ZHL": 1}
    assert per["cluster_id"].to_list() == ["UTR", "ZHL"]  # most findings first
    teams = dk.per_groep("kind_alleen_ongeldig", rows, P, "team")
    assert dict(zip(teams["naam"], teams["bevindingen"])) == {"JB Utrecht 1": 4, "JB Zuid-Holland 1": 1}


def test_a_gebiedsmanager_of_utr_sees_no_zhl_case(db):
    utr = Scope(clusters=("UTR",))
    for c in dk.CONTROLES:
        assert not any(m.startswith("Z-") for m in gevonden(db, c, scope=utr)), c.key
        rows = dk.rijen(db, c, P, scope=utr)
        assert set(rows["cluster_id"].to_list()) <= {"UTR"}, c.key
        # a filter on the other cluster does not widen the scope
        assert gevonden(db, c, filters=Filters(cluster="ZHL"), scope=utr) == set(), c.key
    # without the scope the ZHL cases are there
    assert {"Z-KA"} <= gevonden(db, "kind_alleen_ongeldig")
    assert {"Z-WS"} <= gevonden(db, "zonder_woonsituatie")
    assert {"Z-DI"} <= gevonden(db, "toewijzing_buiten_dienst")
    assert gevonden(db, "toewijzing_buiten_dienst", scope=Scope(gemeente="GM0599")) == set()  # never workers


def test_overzicht_matches_the_case_lists(db):
    summary = dk.overzicht(db, P)
    assert summary["key"].to_list() == [c.key for c in dk.CONTROLES]
    for row in summary.iter_rows(named=True):
        assert row["bevindingen"] == dk.cases(db, row["key"], P).height, row["key"]


# ------------------------------------------------------------------ likely personal data (kpi/data/persoonsgegevens.py)

BSN = "123456782"  # passes the eleven test: 9·1 + 8·2 + ... + 2·8 - 2 = 154 = 14·11
PERSOONSGEGEVENS = [
    ("PG1", "jeugdige_id is a BSN", True),
    ("PG2", "jeugdige_id of nine digits that fails the eleven test (123456789)", False),
    ("PG3", "hulpvorm 'fam. Jansen, geb. 12-03-2012': a name and a birth date", True),
    ("PG4", "contact_id is a BSN written with dots (1234.56.782), contact in 2019: old data counts too", True),
    ("PG5", "an ordinary care form and ordinary ids", False),
    ("PG6", "a BSN in hulpvorm, but requested after P", False),
    ("PG7", "the medewerker_id of an assignment is a BSN (the worker's)", True),
]


@pytest.fixture(scope="module")
def pg_db(tmp_path_factory):
    database = make_db(
        tmp_path_factory.mktemp("pg"),
        maatregelen=[mr("PG1", jeugdige_id=BSN), mr("PG2", jeugdige_id="123456789"), mr("PG3"), mr("PG4"),
                     mr("PG5"), mr("PG6"), mr("PG7"),
                     mr("Z-PG", team_id="ZHL-JB1", gemeente_code="GM0599", jeugdige_id=BSN)],
        medewerkers=[mw("M-OK"), mw(BSN)],
        toewijzingen=[vast("PG5", "M-OK"), vast("PG7", BSN)],
        hulp=[{"hulp_id": "H3", "maatregel_id": "PG3", "hulpvorm": "fam. Jansen, geb. 12-03-2012",
               "aangevraagd_op": "2025-03-01"},
              {"hulp_id": "H5", "maatregel_id": "PG5", "hulpvorm": "ambulante gezinsbehandeling",
               "aangevraagd_op": "2025-03-01"},
              {"hulp_id": "H6", "maatregel_id": "PG6", "hulpvorm": f"BSN {BSN}", "aangevraagd_op": "2025-10-01"}],
        contacten=[{"contact_id": "1234.56.782", "maatregel_id": "PG4", "datum": "2019-05-01"},
                   {"contact_id": "C-PG5", "maatregel_id": "PG5", "datum": "2025-05-01", "medewerker_id": "M-OK"}],
        exportdatum="2025-10-01")
    yield database
    database.close()


def test_personal_data_check_finds_its_cases_and_only_those(pg_db):
    lijst = dk.cases(pg_db, "persoonsgegevens", P, Filters(cluster="UTR"))
    found = set(lijst["maatregel_id"].str.replace_all("•", "#"))
    assert found == {"PG3", "PG4", "PG7"} | {"PG1"}, found  # PG1's own id is no BSN, so it is shown
    for m, what, hit in PERSOONSGEGEVENS:
        assert (m in found) == hit, f"{m}: {what}"


def test_personal_data_is_listed_masked(pg_db):
    lijst = dk.cases(pg_db, "persoonsgegevens", P, Filters(cluster="UTR")).sort("maatregel_id")
    assert list(lijst.columns) == list(dk.kolommen("persoonsgegevens"))
    rijen = {r["maatregel_id"]: r for r in lijst.iter_rows(named=True)}
    assert (rijen["PG1"]["jeugdige_id"], rijen["PG1"]["tabel_kolom"], rijen["PG1"]["gevonden"],
            rijen["PG1"]["waarde_gemaskeerd"]) == (
        "•••••••••", "maatregelen.jeugdige_id", "een BSN (voldoet aan de elfproef)", "•••••••••")
    assert (rijen["PG3"]["tabel_kolom"], rijen["PG3"]["gevonden"], rijen["PG3"]["waarde_gemaskeerd"]) == (
        "hulp.hulpvorm", "een geboortedatum en een naam", "fam. [naam], geb. [datum]")
    assert (rijen["PG4"]["tabel_kolom"], rijen["PG4"]["waarde_gemaskeerd"], rijen["PG4"]["datum"]) == (
        "contacten.contact_id", "••••.••.•••", D("2019-05-01"))
    assert (rijen["PG7"]["tabel_kolom"], rijen["PG7"]["medewerker_id"]) == ("toewijzingen.medewerker_id", "•••••••••")
    assert BSN not in str(lijst.to_dicts()) and "Jansen" not in str(lijst.to_dicts())
    k = dk.kerncijfer("persoonsgegevens", dk.rijen(pg_db, "persoonsgegevens", P, Filters(cluster="UTR")), P)
    assert (k["bevindingen"], k["percentage"]) == (4, None)
    # on 2025-10-01 PG6's request counts as well
    assert "PG6" in set(dk.cases(pg_db, "persoonsgegevens", D("2025-10-01"))["maatregel_id"])


def test_personal_data_check_keeps_to_the_scope(pg_db):
    assert dk.cases(pg_db, "persoonsgegevens", P)["maatregel_id"].to_list().count("Z-PG") == 1
    assert "Z-PG" not in set(dk.cases(pg_db, "persoonsgegevens", P, scope=Scope(clusters=("UTR",)))["maatregel_id"])


def test_personal_data_is_on_the_page_without_its_value(pg_db, monkeypatch):
    at = open_app(pg_db.path, monkeypatch, PAGINA, peildatum="2025-09-30")
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Persoonsgegevens?"] == "5"  # PG1, PG3, PG4, PG7 and Z-PG (the whole organisation)
    at.selectbox(key="dk_controle").set_value("persoonsgegevens").run()
    assert not at.exception, [e.value for e in at.exception]
    assert [h.value for h in at.subheader] == ["Mogelijke persoonsgegevens in de gegevens"]
    lijst = at.dataframe[-1].value
    assert "Waarde (gemaskeerd)" in lijst.columns and lijst.shape[0] == 5
    assert BSN not in str(lijst.to_dict()) and "Jansen" not in str(lijst.to_dict())


# ------------------------------------------------------------------ the registry


@pytest.mark.parametrize("c", dk.CONTROLES, ids=lambda c: c.key)
def test_every_check_is_complete(c):
    assert c.titel and c.korte_titel and c.groep and c.eenheid
    assert len(c.betekenis) > 80 and len(c.waarom) > 60 and len(c.oplossen) > 60
    assert c.soort in (dk.STAND, dk.GEBEURTENIS, dk.GEGEVENS)
    assert (kdb.SQL_DIR / f"{c.sql}.sql").is_file(), c.sql
    for column, header in dk.kolommen(c).items():
        assert "_" not in header, (c.key, column)
    assert len({x.key for x in dk.CONTROLES}) == len(dk.CONTROLES)


def test_every_check_is_documented():
    text = (kdb.ROOT / "docs" / "datakwaliteit.md").read_text(encoding="utf-8")
    for c in dk.CONTROLES:
        assert f"`{c.key}`" in text, c.key


# ------------------------------------------------------------------ the page on the demo database


PAGINA = "pages/datakwaliteit.py"


def getal(text: str) -> int:
    return int(text.replace(".", ""))


@pytest.mark.parametrize("login, filters, scope", [
    ("bestuur@demo.jb", {}, ALLES),
    ("bestuur@demo.jb", {"cluster": "RRY"}, ALLES),
    ("gm.utrecht@demo.jb", {}, Scope(clusters=("UTR",))),
])
def test_page_tiles_equal_kpi_datakwaliteit(demo_db, demo, monkeypatch, login, filters, scope):
    at = open_app(demo_db, monkeypatch, PAGINA, login, **filters)
    summary = dk.overzicht(demo, demo.exportdatum, Filters(**filters), scope)
    tiles = {m.label: m.value for m in at.metric}
    for row in summary.iter_rows(named=True):
        assert getal(tiles[dk.CONTROLE_BY_KEY[row["key"]].korte_titel]) == row["bevindingen"], row["key"]
    assert at.dataframe, "geen zaaklijst"
    for frame in at.dataframe:
        for column in frame.value.columns:
            assert "_" not in column, column


def test_page_says_so_when_there_is_nothing(demo_db, monkeypatch):
    at = open_app(demo_db, monkeypatch, PAGINA, peildatum="2000-01-03")
    assert any("Geen bevindingen voor deze selectie" in i.value for i in at.info)


def test_municipality_has_no_data_quality_page():
    text = (kdb.ROOT / "app.py").read_text()
    assert 'KWALITEIT_PAGE = st.Page("pages/datakwaliteit.py"' in text
    gemeente_branch = text.split("if gebruiker.rol == auth.GEMEENTE:")[1].split("DEFINITIES_PAGE]}")[0]
    assert "KWALITEIT_PAGE" not in gemeente_branch and "datakwaliteit" not in gemeente_branch


def test_k5_page_links_here():
    assert 'st.page_link("pages/datakwaliteit.py"' in (kdb.ROOT / "pages" / "k5_kind_alleen.py").read_text()
