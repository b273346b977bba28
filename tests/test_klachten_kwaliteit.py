"""Data-quality checks on complaints (sql/kwaliteit/klachten.sql, kpi/metrics/datakwaliteit_klachten.py)
against hand-made cases: for each check a complaint it must find and one it must not, then the
selection (a complaint's team decides its cluster, its measure the municipality), the window and
no look-ahead. Peildatum P = 2025-09-30 and the window 2024-10-01 t/m P (the 12 months of the
Datakwaliteit trend) unless a case says otherwise. Choices: docs/klachten.md.
"""

from __future__ import annotations

import polars as pl
import pytest

from kpi.core.params import Filters, Scope, query_params
from kpi.data.db import Database
from kpi.data.generator import generate
from kpi.data.importer import importeer
from kpi.metrics import datakwaliteit as dk
from kpi.metrics.datakwaliteit_klachten import KLACHT_CONTROLES, KLACHTEN_SQL
from tests.builders import D, make_db

P = D("2025-09-30")
VAN = D("2024-10-01")


def klacht(klacht_id: str, ontvangen_op: str, **kolommen) -> dict:
    """A complaint to the klachtenbureau by a mother, without support, unless kolommen say otherwise."""
    return {"klacht_id": klacht_id, "ontvangen_op": ontvangen_op, "kanaal": "klachtenbureau", "indiener": "moeder",
            "ondersteuning": "geen", **kolommen}


def commissie(klacht_id: str, ontvangen_op: str, **kolommen) -> dict:
    """A complaint straight to the committee: received, hearing, ruling, response, closed with a ruling."""
    return klacht(klacht_id, ontvangen_op, commissie_ontvangen_op="2025-02-01", hoorzitting_op="2025-03-01",
                  uitspraak_op="2025-03-20", reactie_bestuur_op="2025-04-10", afgesloten_op="2025-04-10",
                  afloop="uitspraak", **kolommen)


MAATREGELEN = [
    {"maatregel_id": "MA", "startdatum": "2023-01-01"},  # UTR-JB1, GM0344, OTS, running
    {"maatregel_id": "MB", "startdatum": "2022-01-01", "einddatum": "2024-06-30", "team_id": "ZHL-JB1",
     "gemeente_code": "GM0599", "soort": "voogdij"},
    {"maatregel_id": "MC", "startdatum": "2023-01-01", "einddatum": "2024-09-30"},
]

# (klacht, what it tests, {check key: found}); a check not named does not find it.
CASES = [
    ("S1", "report sent two days after the complaint was closed", {"klacht_stap_na_afsluiten": True}),
    ("S2", "report sent on the day it was closed", {}),
    ("G1", "klachtgesprek four days after the committee received it", {"klacht_gesprek_na_commissie": True}),
    ("G2", "klachtgesprek before the committee received it", {}),
    ("U1", "a ruling, none of its two parts judged", {"klacht_uitspraak_zonder_oordeel": True}),
    ("U2", "a ruling, one of its two parts judged", {}),
    ("A1", "closed with afloop 'uitspraak' but no ruling", {"klacht_afloop_uitspraak_zonder_uitspraak": True}),
    ("A2", "closed with afloop 'opgelost', no ruling", {}),
    ("L1", "received 366 days after its measure ended", {"klacht_lang_na_einde": True}),
    ("L2", "received 365 days after its measure ended (on the threshold)", {}),
    ("L3", "no measure: not in the population of lang_na_einde", {}),
]
KLACHTEN = [
    klacht("S1", "2025-02-01", maatregel_id="MA", klachtgesprek_op="2025-02-20", verslag_op="2025-03-12",
           afgesloten_op="2025-03-10", afloop="opgelost"),
    klacht("S2", "2025-02-01", maatregel_id="MA", klachtgesprek_op="2025-02-20", verslag_op="2025-03-10",
           afgesloten_op="2025-03-10", afloop="opgelost"),
    klacht("G1", "2025-01-15", maatregel_id="MA", klachtgesprek_op="2025-02-05", commissie_ontvangen_op="2025-02-01"),
    klacht("G2", "2025-01-15", maatregel_id="MA", klachtgesprek_op="2025-01-25", commissie_ontvangen_op="2025-02-01"),
    commissie("U1", "2025-01-20", maatregel_id="MA"),
    commissie("U2", "2025-01-20", maatregel_id="MA"),
    klacht("A1", "2025-04-01", maatregel_id="MA", afgesloten_op="2025-05-01", afloop="uitspraak"),
    klacht("A2", "2025-04-01", maatregel_id="MA", afgesloten_op="2025-05-01", afloop="opgelost"),
    klacht("L1", "2025-07-01", maatregel_id="MB"),
    klacht("L2", "2025-09-30", maatregel_id="MC"),
    klacht("L3", "2025-07-01", team_id="UTR-JB1"),
]
ONDERDELEN = ([{"klacht_id": k, "onderdeel_nr": 1, "categorie": "communicatie"} for k, *_ in CASES]
              + [{"klacht_id": "U1", "onderdeel_nr": 2, "categorie": "methodisch"},
                 {"klacht_id": "U2", "onderdeel_nr": 2, "categorie": "methodisch", "oordeel": "ongegrond"}])


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    return make_db(tmp_path_factory.mktemp("klachten"), maatregelen=MAATREGELEN, klachten=KLACHTEN,
                   klachtonderdelen=ONDERDELEN)


def rijen(database, peildatum=P, filters=Filters(), scope=Scope(), van=VAN) -> pl.DataFrame:
    return database.query(KLACHTEN_SQL, query_params(peildatum, filters, scope, van=van, tot=peildatum))


def gevonden(rows: pl.DataFrame, check) -> set[str]:
    return set(rows.filter(pl.col(check.vlag))["klacht_id"])


@pytest.mark.parametrize("check", KLACHT_CONTROLES, ids=lambda c: c.key)
def test_each_check_finds_its_cases_and_no_others(database, check):
    verwacht = {k for k, _, uitkomst in CASES if uitkomst.get(check.key)}
    assert verwacht, "every check has a case it must find"
    assert gevonden(rijen(database), check) == verwacht


def test_populations_the_shares_are_of(database):
    rows = rijen(database)
    populatie = {c.populatie: set(rows.filter(pl.col(c.populatie))["klacht_id"]) for c in KLACHT_CONTROLES}
    assert populatie == {
        "afgesloten": {"S1", "S2", "U1", "U2", "A1", "A2"},
        "naar_commissie": {"G1", "G2", "U1", "U2"},
        "met_uitspraak": {"U1", "U2"},
        "met_maatregel": {"S1", "S2", "G1", "G2", "U1", "U2", "A1", "A2", "L1", "L2"},
    }


def test_figures_through_the_datakwaliteit_functions(database):
    # The checks are Controle entries like the others: markeer/kerncijfer give their figure and share.
    rows = rijen(database)
    figures = {c.key: dk.kerncijfer(c, dk.markeer(c, rows), P) for c in KLACHT_CONTROLES}
    assert figures == {
        "klacht_stap_na_afsluiten": {"bevindingen": 1, "populatie": 6, "percentage": 100 / 6},
        "klacht_gesprek_na_commissie": {"bevindingen": 1, "populatie": 4, "percentage": 25.0},
        "klacht_uitspraak_zonder_oordeel": {"bevindingen": 1, "populatie": 2, "percentage": 50.0},
        "klacht_afloop_uitspraak_zonder_uitspraak": {"bevindingen": 1, "populatie": 6, "percentage": 100 / 6},
        "klacht_lang_na_einde": {"bevindingen": 1, "populatie": 10, "percentage": 10.0},
    }
    for c in KLACHT_CONTROLES:
        assert {col for col, _ in c.kolommen} <= set(rows.columns), c.key


def test_case_columns(database):
    rows = rijen(database).filter(pl.col("klacht_id").is_in(["S1", "L1", "L3"])).sort("klacht_id")
    assert rows.select("klacht_id", "laatste_stap_op", "dagen_na_einde", "cluster_id", "team_id",
                       "jeugdige_id").rows() == [
        ("L1", None, 366, "ZHL", "ZHL-JB1", "J-MB"),
        ("L3", None, None, "UTR", "UTR-JB1", None),
        ("S1", D("2025-03-12"), None, "UTR", "UTR-JB1", "J-MA"),
    ]


def test_no_look_ahead(tmp_path):
    # At P = 2025-03-11 the report of S1 (12-03) is not there yet: nothing after the closing.
    # A1 closes on 2025-05-01, after this P: its afloop is not known yet either.
    db = make_db(tmp_path, maatregelen=MAATREGELEN, klachten=KLACHTEN, klachtonderdelen=ONDERDELEN)
    rows = rijen(db, peildatum=D("2025-03-11"), van=D("2024-04-01"))
    assert set(rows["klacht_id"]) == {"S1", "S2", "G1", "G2", "U1", "U2"}  # received on or before P
    s1 = rows.filter(pl.col("klacht_id") == "S1").row(0, named=True)
    assert (s1["verslag_op"], s1["afgesloten"], s1["stap_na_afsluiten"]) == (None, True, False)
    u1 = rows.filter(pl.col("klacht_id") == "U1").row(0, named=True)
    assert (u1["uitspraak_op"], u1["uitspraak_zonder_oordeel"], u1["afgesloten"]) == (None, False, False)


# --------------------------------------------------------------------------- the selection

SELECTIE_KLACHTEN = [
    klacht("T1", "2025-05-01", maatregel_id="MA"),  # UTR through its measure
    klacht("T2", "2025-05-01", maatregel_id="MA", team_id="ZHL-JB1"),  # its team overrides the measure's: ZHL
    klacht("T3", "2025-05-01", team_id="UTR-JB1"),  # no measure
    klacht("T4", "2025-05-01", maatregel_id="MB"),  # ZHL, GM0599, voogdij
    klacht("T5", "2024-09-30", maatregel_id="MA"),  # the day before the window
]


@pytest.fixture(scope="module")
def selectie_db(tmp_path_factory):
    return make_db(tmp_path_factory.mktemp("selectie"), maatregelen=MAATREGELEN, klachten=SELECTIE_KLACHTEN,
                   klachtonderdelen=[{"klacht_id": k["klacht_id"], "onderdeel_nr": 1, "categorie": "overig"}
                                     for k in SELECTIE_KLACHTEN])


@pytest.mark.parametrize("filters, scope, verwacht", [
    (Filters(), Scope(), {"T1", "T2", "T3", "T4"}),
    (Filters(cluster="UTR"), Scope(), {"T1", "T3"}),  # T2 is about a ZHL team
    (Filters(cluster="ZHL"), Scope(), {"T2", "T4"}),
    (Filters(team="UTR-JB1"), Scope(), {"T1", "T3"}),
    (Filters(gemeente="GM0344"), Scope(), {"T1", "T2"}),  # T2 by its measure's municipality; T3 has none
    (Filters(soort="voogdij"), Scope(), {"T4"}),
    (Filters(), Scope(clusters=("ZHL",)), {"T2", "T4"}),
    (Filters(), Scope(gemeente="GM0599"), {"T4"}),
], ids=["alles", "cluster UTR", "cluster ZHL", "team", "gemeente", "soort", "scope cluster", "scope gemeente"])
def test_selection_by_the_complaints_team_and_its_measure(selectie_db, filters, scope, verwacht):
    assert set(rijen(selectie_db, filters=filters, scope=scope)["klacht_id"]) == verwacht


def test_team_and_cluster_of_a_complaint(selectie_db):
    rows = rijen(selectie_db).sort("klacht_id")
    assert rows.select("klacht_id", "cluster_naam", "team_naam").rows() == [
        ("T1", "Utrecht/Flevoland", "JB Utrecht 1"), ("T2", "Zuid-Holland", "JB Zuid-Holland 1"),
        ("T3", "Utrecht/Flevoland", "JB Utrecht 1"), ("T4", "Zuid-Holland", "JB Zuid-Holland 1")]


def test_the_demo_data_problems_are_found_and_nothing_else(tmp_path):
    # The generator writes KLACHT_DATAFOUTEN cases of each problem at scale 1 (at least one): at
    # scale 0.1 one of each, and its other complaints pass every check.
    generate(tmp_path / "export", seed=3, scale=0.1)
    assert importeer(tmp_path / "export", tmp_path / "demo.duckdb", vandaag=P).geslaagd
    rows = rijen(Database(tmp_path / "demo.duckdb"), van=D("2000-01-01"))
    assert {c.key: len(gevonden(rows, c)) for c in KLACHT_CONTROLES} == {c.key: 1 for c in KLACHT_CONTROLES}
