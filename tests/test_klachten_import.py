"""Import of the complaint tables `klachten` and `klachtonderdelen` (../shared/spec/klachten.md,
kpi/data/contract.py, kpi/data/importer.py; the choices in docs/klachten.md).

The valid folder of tests/test_import.py gets three complaints (`met_klachten`): K1 through a
klachtgesprek, closed; K2 through the committee with rulings on its three parts, its team
overriding the measure's; K3 without a measure, still open. Each rule is tested with a row that
passes at its edge and a row that breaks it, with the exact Dutch message (file, row, column,
value); a rejected folder leaves the database byte for byte as it was (`importeer_fout`).
Row numbers: header = row 1, so K1 is row 2 of klachten.csv.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from kpi.data import contract, upload
from kpi.data.importer import importeer, lees_export
from tests.test_import import (VANDAAG, bestaande_db, eerste_import, geldige_tabellen,  # noqa: F401 (fixtures)
                               importeer_fout, schrijf_export, teksten)


def klacht(klacht_id: str, ontvangen_op: str, **kolommen: str) -> dict[str, str]:
    """A complaint row: every column present, empty unless given."""
    rij = {c: "" for c in contract.TABLES_BY_NAME["klachten"].column_names}
    rij.update(klacht_id=klacht_id, ontvangen_op=ontvangen_op, kanaal="klachtenbureau", indiener="moeder",
               ondersteuning="geen")
    rij.update(kolommen)
    return rij


def deel(klacht_id: str, onderdeel_nr: str, categorie: str = "communicatie", oordeel: str = "") -> dict[str, str]:
    return {"klacht_id": klacht_id, "onderdeel_nr": onderdeel_nr, "categorie": categorie, "oordeel": oordeel}


def met_klachten() -> dict[str, list[dict[str, str]]]:
    """The valid folder of test_import plus three valid complaints and their six parts."""
    tabellen = geldige_tabellen()
    tabellen["klachten"] = [
        klacht("K1", "2025-03-01", maatregel_id="M1", ondersteuning="vertrouwenspersoon", bemiddelaar="true",
               wisseling_gevraagd="false", klachtgesprek_op="2025-03-10", verslag_op="2025-03-20",
               afgesloten_op="2025-03-25", afloop="opgelost"),
        klacht("K2", "2025-02-01", maatregel_id="M3", team_id="UTR-ID", indiener="vader", ondersteuning="advocaat",
               commissie_ontvangen_op="2025-02-05", hoorzitting_op="2025-03-10", uitspraak_op="2025-04-01",
               reactie_bestuur_op="2025-04-20", afgesloten_op="2025-04-20", afloop="uitspraak"),
        klacht("K3", "2025-09-20", team_id="ZHL-JR", kanaal="kinderombudsman", indiener="jeugdige"),
    ]
    tabellen["klachtonderdelen"] = [
        deel("K1", "1", "communicatie"), deel("K1", "2", "bejegening_houding"),
        deel("K2", "1", "methodisch", "gegrond"), deel("K2", "2", "rapportage", "ongegrond"),
        deel("K2", "3", "privacy", "niet_ontvankelijk"),
        deel("K3", "1", "overig"),
    ]
    return tabellen


def gewijzigd(klachten: dict[int, dict[str, str]] | None = None,
              onderdelen: dict[int, dict[str, str]] | None = None) -> dict[str, list[dict[str, str]]]:
    """met_klachten() with values of some rows (0 = first data row) changed."""
    tabellen = met_klachten()
    for tabel, wijzigingen in (("klachten", klachten or {}), ("klachtonderdelen", onderdelen or {})):
        for index, waarden in wijzigingen.items():
            tabellen[tabel][index].update(waarden)
    return tabellen


def fouten_van(tabellen: dict[str, list[dict[str, str]]], map: Path) -> list[tuple]:
    """(bestand, rij, kolom, waarde, probleem) of every error when the folder is read."""
    _, fouten, _, _ = lees_export(schrijf_export(map, tabellen), vandaag=VANDAAG)
    return [(m.bestand, m.rij, m.kolom, m.waarde, m.probleem) for m in fouten]


K, O = "klachten.csv", "klachtonderdelen.csv"

# --------------------------------------------------------------------------- a valid folder


def test_complaints_and_their_parts_load_typed(tmp_path: Path) -> None:
    database = tmp_path / "gi.duckdb"
    resultaat = importeer(schrijf_export(tmp_path / "export", met_klachten()), database, vandaag=VANDAAG)
    assert resultaat.geslaagd, resultaat.rapport()
    assert resultaat.rijen["klachten"] == 3 and resultaat.rijen["klachtonderdelen"] == 6
    con = duckdb.connect(str(database), read_only=True)
    try:
        assert con.execute("select ontvangen_op, maatregel_id, team_id, bemiddelaar, wisseling_gevraagd, "
                           "verslag_op, afloop from klachten where klacht_id = 'K1'").fetchone() == (
            dt.date(2025, 3, 1), "M1", None, True, False, dt.date(2025, 3, 20), "opgelost")
        assert con.execute("select maatregel_id, team_id, afgesloten_op, afloop from klachten "
                           "where klacht_id = 'K3'").fetchone() == (None, "ZHL-JR", None, None)
        assert con.execute("select onderdeel_nr, categorie, oordeel from klachtonderdelen where klacht_id = 'K2' "
                           "order by onderdeel_nr").fetchall() == [
            (1, "methodisch", "gegrond"), (2, "rapportage", "ongegrond"), (3, "privacy", "niet_ontvankelijk")]
    finally:
        con.close()


def test_an_export_without_complaints_is_valid_and_has_empty_complaint_tables(tmp_path: Path) -> None:
    tabellen = geldige_tabellen()
    assert "klachten" not in tabellen and "klachtonderdelen" not in tabellen
    database = tmp_path / "gi.duckdb"
    resultaat = importeer(schrijf_export(tmp_path / "export", tabellen), database, vandaag=VANDAAG)
    assert resultaat.geslaagd, resultaat.rapport()
    assert resultaat.rijen["klachten"] == 0 and resultaat.rijen["klachtonderdelen"] == 0
    con = duckdb.connect(str(database), read_only=True)
    try:
        assert con.execute("select count(*) from klachten").fetchone() == (0,)
        assert con.execute("select count(*) from klachtonderdelen").fetchone() == (0,)
    finally:
        con.close()


def test_both_tables_with_only_a_header_are_valid(tmp_path: Path) -> None:
    tabellen = geldige_tabellen()
    tabellen["klachten"], tabellen["klachtonderdelen"] = [], []
    assert fouten_van(tabellen, tmp_path / "export") == []


def test_parquet_and_xlsx_complaint_tables_load(tmp_path: Path) -> None:
    # Parquet and Excel hold onderdeel_nr as a number (1.0) and the booleans as booleans.
    map = schrijf_export(tmp_path / "export", met_klachten(),
                         formaten={"klachten": "xlsx", "klachtonderdelen": "parquet"})
    frames, fouten, _, _ = lees_export(map, vandaag=VANDAAG)
    assert fouten == []
    assert frames["klachtonderdelen"]["onderdeel_nr"].to_list() == [1, 2, 1, 2, 3, 1]
    assert frames["klachten"]["bemiddelaar"].to_list() == [True, None, None]
    assert frames["klachten"]["wisseling_gevraagd"].to_list() == [False, None, None]


# --------------------------------------------------------------------------- the pair


@pytest.mark.parametrize("aanwezig, ontbreekt", [("klachten", "klachtonderdelen"), ("klachtonderdelen", "klachten")])
def test_one_complaint_table_without_the_other_is_rejected(tmp_path: Path, bestaande_db: Path, aanwezig: str,
                                                           ontbreekt: str) -> None:
    tabellen = geldige_tabellen()
    tabellen[aanwezig] = met_klachten()[aanwezig]
    resultaat = importeer_fout(schrijf_export(tmp_path / "export", tabellen), bestaande_db)
    assert teksten(resultaat) == [
        f"{ontbreekt}: bestand ontbreekt: verwacht {ontbreekt}.csv, {ontbreekt}.parquet of {ontbreekt}.xlsx naast "
        f"{aanwezig}.csv. Oplossing: De tabellen klachten en klachtonderdelen horen bij elkaar (elke klacht heeft "
        f"minstens één onderdeel): lever ze allebei aan, of geen van beide."]


# --------------------------------------------------------------------------- rules on one complaint
# (what it tests, changes to the complaints by row index, expected errors). The first case of each
# rule is the row that passes at its edge.

REGELS = [
    ("a team through the measure only", {2: {"team_id": "", "maatregel_id": "M4"}}, []),
    ("a team only (no measure)", {0: {"maatregel_id": "", "team_id": "UTR-JB1"}}, []),
    ("neither a measure nor a team", {2: {"team_id": ""}},
     [(K, 4, "team_id", None, "maatregel_id en team_id zijn allebei leeg")]),

    ("verslag on the day of the klachtgesprek", {0: {"verslag_op": "2025-03-10"}}, []),
    ("verslag before the klachtgesprek", {0: {"verslag_op": "2025-03-09"}},
     [(K, 2, "verslag_op", "2025-03-09", "verslag_op ligt vóór klachtgesprek_op (2025-03-10)")]),
    ("verslag without a klachtgesprek", {0: {"klachtgesprek_op": ""}},
     [(K, 2, "verslag_op", "2025-03-20", "verslag_op is ingevuld, maar klachtgesprek_op is leeg")]),
    ("a klachtgesprek without verslag (not sent yet)", {0: {"verslag_op": ""}}, []),

    ("every committee step on one day", {1: {"commissie_ontvangen_op": "2025-02-05", "hoorzitting_op": "2025-02-05",
                                             "uitspraak_op": "2025-02-05", "reactie_bestuur_op": "2025-02-05"}}, []),
    ("hearing before the committee received it", {1: {"hoorzitting_op": "2025-02-04"}},
     [(K, 3, "hoorzitting_op", "2025-02-04", "hoorzitting_op ligt vóór commissie_ontvangen_op (2025-02-05)")]),
    ("ruling before the hearing", {1: {"uitspraak_op": "2025-03-09"}},
     [(K, 3, "uitspraak_op", "2025-03-09", "uitspraak_op ligt vóór hoorzitting_op (2025-03-10)")]),
    ("board's response before the ruling", {1: {"reactie_bestuur_op": "2025-03-31"}},
     [(K, 3, "reactie_bestuur_op", "2025-03-31", "reactie_bestuur_op ligt vóór uitspraak_op (2025-04-01)")]),
    ("a hearing without the committee receiving it", {1: {"commissie_ontvangen_op": ""}},
     [(K, 3, "hoorzitting_op", "2025-03-10", "hoorzitting_op is ingevuld, maar commissie_ontvangen_op is leeg")]),
    ("a ruling without a hearing", {1: {"hoorzitting_op": ""}},
     [(K, 3, "uitspraak_op", "2025-04-01", "uitspraak_op is ingevuld, maar hoorzitting_op is leeg")]),
    ("a response without a ruling (and its parts' oordelen without one either)",
     {1: {"uitspraak_op": "", "afloop": "verwezen"}},
     [(K, 3, "reactie_bestuur_op", "2025-04-20", "reactie_bestuur_op is ingevuld, maar uitspraak_op is leeg"),
      *[(O, rij, "oordeel", oordeel, "oordeel is ingevuld, maar klacht K2 heeft geen uitspraak_op")
        for rij, oordeel in ((4, "gegrond"), (5, "ongegrond"), (6, "niet_ontvankelijk"))]]),

    ("klachtgesprek and committee on the day it was received",
     {0: {"klachtgesprek_op": "2025-03-01"}, 1: {"commissie_ontvangen_op": "2025-02-01"}}, []),
    ("klachtgesprek before it was received", {0: {"klachtgesprek_op": "2025-02-28"}},
     [(K, 2, "klachtgesprek_op", "2025-02-28", "klachtgesprek_op ligt vóór ontvangen_op (2025-03-01)")]),
    ("committee received it before the complaint was", {1: {"commissie_ontvangen_op": "2025-01-31"}},
     [(K, 3, "commissie_ontvangen_op", "2025-01-31", "commissie_ontvangen_op ligt vóór ontvangen_op (2025-02-01)")]),
    ("closed on the day it was received", {0: {"klachtgesprek_op": "", "verslag_op": "",
                                               "afgesloten_op": "2025-03-01", "afloop": "ingetrokken"}}, []),
    ("closed before it was received", {0: {"klachtgesprek_op": "", "verslag_op": "", "afgesloten_op": "2025-02-28"}},
     [(K, 2, "afgesloten_op", "2025-02-28", "afgesloten_op ligt vóór ontvangen_op (2025-03-01)")]),
    ("received in Dutch notation, the detail as written", {0: {"ontvangen_op": "15-03-2025"}},
     [(K, 2, "klachtgesprek_op", "2025-03-10", "klachtgesprek_op ligt vóór ontvangen_op (15-03-2025)")]),

    ("a klachtgesprek that is not a date: that error only, not 'klachtgesprek_op is leeg' too",
     {0: {"klachtgesprek_op": "gisteren"}}, [(K, 2, "klachtgesprek_op", "gisteren", "geen geldige datum")]),
    ("closed on a day that is not a date, with afloop: that error only", {0: {"afgesloten_op": "31-02-2025"}},
     [(K, 2, "afgesloten_op", "31-02-2025", "geen geldige datum")]),

    ("closed without afloop", {0: {"afloop": ""}},
     [(K, 2, "afloop", None, "afloop ontbreekt bij een klacht die is afgesloten op 2025-03-25")]),
    ("afloop on an open complaint", {2: {"afloop": "opgelost"}},
     [(K, 4, "afloop", "opgelost", "afloop is ingevuld, maar afgesloten_op is leeg")]),
    ("afloop not one of the four", {0: {"afloop": "Opgelost"}},
     [(K, 2, "afloop", "Opgelost", "waarde niet toegestaan")]),
]


@pytest.mark.parametrize("wat, wijzigingen, verwacht", REGELS, ids=[r[0] for r in REGELS])
def test_rules_on_one_complaint(tmp_path: Path, wat: str, wijzigingen: dict, verwacht: list) -> None:
    assert fouten_van(gewijzigd(klachten=wijzigingen), tmp_path / "export") == verwacht


# --------------------------------------------------------------------------- rules between the two tables
# Parts (row index in met_klachten): 0 K1/1, 1 K1/2, 2 K2/1 gegrond, 3 K2/2 ongegrond,
# 4 K2/3 niet_ontvankelijk, 5 K3/1. klachtonderdelen.csv row = index + 2.

ONDERDELEN = [
    ("parts numbered 1..n in another order", {0: {"onderdeel_nr": "2"}, 1: {"onderdeel_nr": "1"}}, []),
    ("one number twice", {1: {"onderdeel_nr": "1"}},
     [(O, 3, "onderdeel_nr", "1", "onderdeel_nr komt meer dan eens voor bij klacht K1 (ook in rij 2)")]),
    ("a gap: 1 and 3", {1: {"onderdeel_nr": "3"}},
     [(O, 3, "onderdeel_nr", "3", "onderdeel_nr is groter dan het aantal onderdelen van klacht K1 (2)")]),
    ("numbered from 0", {5: {"onderdeel_nr": "0"}}, [(O, 7, "onderdeel_nr", "0", "onderdeel_nr is kleiner dan 1")]),
    ("not a whole number", {5: {"onderdeel_nr": "1,5"}}, [(O, 7, "onderdeel_nr", "1,5", "geen geheel getal")]),
    ("a part of a ruled complaint may be left unjudged", {3: {"oordeel": ""}}, []),
    ("an oordeel on a complaint without a ruling", {0: {"oordeel": "gegrond"}},
     [(O, 2, "oordeel", "gegrond", "oordeel is ingevuld, maar klacht K1 heeft geen uitspraak_op")]),
    ("an oordeel that is not one of the three", {2: {"oordeel": "deels gegrond"}},
     [(O, 4, "oordeel", "deels gegrond", "waarde niet toegestaan")]),
    ("a category that is not one of the nine", {5: {"categorie": "bereikbaarheid"}},
     [(O, 7, "categorie", "bereikbaarheid", "waarde niet toegestaan")]),
    ("a part of an unknown complaint: one error, no follow-ups", {5: {"klacht_id": "K9"}},
     [(O, 7, "klacht_id", "K9", "onbekende klacht_id: komt niet voor in klachten.csv"),
      (K, 4, "klacht_id", "K3", "klacht heeft geen onderdelen in klachtonderdelen.csv")]),
]


@pytest.mark.parametrize("wat, wijzigingen, verwacht", ONDERDELEN, ids=[r[0] for r in ONDERDELEN])
def test_rules_on_the_parts(tmp_path: Path, wat: str, wijzigingen: dict, verwacht: list) -> None:
    assert fouten_van(gewijzigd(onderdelen=wijzigingen), tmp_path / "export") == verwacht


def test_a_complaint_without_parts(tmp_path: Path) -> None:
    tabellen = met_klachten()
    tabellen["klachtonderdelen"] = tabellen["klachtonderdelen"][:5]  # K3's only part removed
    assert fouten_van(tabellen, tmp_path / "export") == [
        (K, 4, "klacht_id", "K3", "klacht heeft geen onderdelen in klachtonderdelen.csv")]


def test_general_rules_of_the_contract_apply_to_complaints(tmp_path: Path) -> None:
    tabellen = gewijzigd(klachten={0: {"maatregel_id": "M9"}, 1: {"team_id": "UTR-JB9", "indiener": "buurvrouw"},
                                   2: {"klacht_id": "K1", "ontvangen_op": "2025-10-02"}},
                         onderdelen={5: {"klacht_id": "K/3"}})
    tabellen["klachten"].append(klacht("K4", "1999-12-31", team_id="UTR-JB1", kanaal="", ondersteuning="buurman"))
    tabellen["klachtonderdelen"].append(deel("K4", "1"))
    assert fouten_van(tabellen, tmp_path / "export") == [
        (K, 5, "ontvangen_op", "1999-12-31", "datum ligt vóór 01-01-2000"),
        (K, 4, "ontvangen_op", "2025-10-02", "datum ligt in de toekomst (na 01-10-2025)"),
        (K, 5, "kanaal", None, "waarde ontbreekt"),
        (K, 3, "indiener", "buurvrouw", "waarde niet toegestaan"),
        (K, 5, "ondersteuning", "buurman", "waarde niet toegestaan"),
        (K, 4, "klacht_id", "K1", "klacht_id komt meer dan eens voor (ook in rij 2)"),
        (O, 7, "klacht_id", "K/3", "geen geldige klacht_id"),
        (K, 2, "maatregel_id", "M9", "onbekende maatregel_id: komt niet voor in maatregelen.csv"),
        (K, 3, "team_id", "UTR-JB9", "onbekende team_id: komt niet voor in teams.csv"),
        (O, 7, "klacht_id", "K/3", "onbekende klacht_id: komt niet voor in klachten.csv"),
    ]


def test_a_missing_required_complaint_column(tmp_path: Path) -> None:
    tabellen = met_klachten()
    for rij in tabellen["klachtonderdelen"]:
        del rij["categorie"]
    assert fouten_van(tabellen, tmp_path / "export") == [(O, 1, "categorie", None, "verplichte kolom ontbreekt")]


def test_optional_complaint_columns_may_be_absent(tmp_path: Path) -> None:
    # Without the committee's columns and oordeel: every complaint went another way.
    tabellen = met_klachten()
    tabellen["klachten"] = tabellen["klachten"][::2]  # K1, K3
    tabellen["klachtonderdelen"] = [d for d in tabellen["klachtonderdelen"] if d["klacht_id"] != "K2"]
    for rij in tabellen["klachten"]:
        for kolom in ("commissie_ontvangen_op", "hoorzitting_op", "uitspraak_op", "reactie_bestuur_op", "bemiddelaar"):
            del rij[kolom]
    for rij in tabellen["klachtonderdelen"]:
        del rij["oordeel"]
    assert fouten_van(tabellen, tmp_path / "export") == []


def test_a_later_step_without_the_column_of_the_earlier_one(tmp_path: Path) -> None:
    # No klachtgesprek_op column at all: a verslag_op is a step without the one before it.
    tabellen = met_klachten()
    for rij in tabellen["klachten"]:
        del rij["klachtgesprek_op"]
    assert fouten_van(tabellen, tmp_path / "export") == [
        (K, 2, "verslag_op", "2025-03-20", "verslag_op is ingevuld, maar klachtgesprek_op is leeg")]


def test_every_error_at_once_and_the_database_untouched(tmp_path: Path, bestaande_db: Path) -> None:
    tabellen = gewijzigd(
        klachten={0: {"verslag_op": "2025-03-09", "afloop": ""},  # verslag before the klachtgesprek; no afloop
                  1: {"hoorzitting_op": "", "ontvangen_op": "2025-02-06"},  # ruling without hearing; committee first
                  2: {"team_id": "", "afloop": "verwezen"}},  # no team; afloop while open
        onderdelen={1: {"onderdeel_nr": "3", "oordeel": "gegrond"}})  # a gap; an oordeel without a ruling
    tabellen["klachten"].append(klacht("K4", "2025-05-01", team_id="UTR-JB1"))  # no parts
    tabellen["maatregelen"][0]["startdatum"] = "gisteren"  # and an error elsewhere
    resultaat = importeer_fout(schrijf_export(tmp_path / "export", tabellen), bestaande_db)
    assert [(m.bestand, m.rij, m.kolom, m.probleem) for m in resultaat.fouten] == [
        ("maatregelen.csv", 2, "startdatum", "geen geldige datum"),
        (K, 2, "verslag_op", "verslag_op ligt vóór klachtgesprek_op (2025-03-10)"),
        (K, 3, "uitspraak_op", "uitspraak_op is ingevuld, maar hoorzitting_op is leeg"),
        (K, 3, "commissie_ontvangen_op", "commissie_ontvangen_op ligt vóór ontvangen_op (2025-02-06)"),
        (K, 2, "afloop", "afloop ontbreekt bij een klacht die is afgesloten op 2025-03-25"),
        (K, 4, "afloop", "afloop is ingevuld, maar afgesloten_op is leeg"),
        (K, 4, "team_id", "maatregel_id en team_id zijn allebei leeg"),
        (K, 5, "klacht_id", "klacht heeft geen onderdelen in klachtonderdelen.csv"),
        (O, 3, "onderdeel_nr", "onderdeel_nr is groter dan het aantal onderdelen van klacht K1 (2)"),
        (O, 3, "oordeel", "oordeel is ingevuld, maar klacht K1 heeft geen uitspraak_op"),
    ]
    assert resultaat.rapport().startswith("Import afgewezen: 10 fouten in 3 bestanden. De database is niet gewijzigd")


def test_the_summary_of_a_database_file_from_before_the_complaint_tables(tmp_path: Path) -> None:
    # A file imported before complaints were in the contract (the production database at the upgrade,
    # or a backup put back) has no complaint tables: the Gegevens page still shows its summary.
    database = tmp_path / "gi.duckdb"
    assert importeer(schrijf_export(tmp_path / "export", met_klachten()), database, vandaag=VANDAAG).geslaagd
    con = duckdb.connect(str(database))
    try:
        con.execute("drop table klachtonderdelen")
        con.execute("drop table klachten")
    finally:
        con.close()
    samenvatting = upload.samenvatting(database)
    rijen = dict(samenvatting.tabellen.select("tabel", "rijen").iter_rows())
    assert rijen["klachten"] == 0 and rijen["klachtonderdelen"] == 0 and rijen["maatregelen"] == 4
    assert samenvatting.laatste_datum == dt.date(2025, 9, 26)
