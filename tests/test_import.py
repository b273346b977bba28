"""The import of an export folder (kpi/data/importer.py, docs/import.md).

Every test of a rejected folder checks the exact Dutch message (file, row,
column, value) and that the existing database file is byte-identical after.
`schrijf_export` writes a small valid folder with all contract tables; a test
changes one thing in it and says what the import should answer.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kpi.data import build, contract, db, importer
from kpi.data.importer import ImportResultaat, Melding, importeer, lees_export, restore_previous
from tests.builders import org

VANDAAG = dt.date(2025, 10, 1)
LAATSTE_DATUM = dt.date(2025, 9, 26)  # the latest date in geldige_tabellen()


def geldige_tabellen() -> dict[str, list[dict[str, str]]]:
    """A handful of rows per table, ISO dates and true/false, every reference resolving."""
    organisatie = org()  # tests/builders.py, three of its teams
    return {
        "clusters": organisatie["clusters"],
        "teams": [t for t in organisatie["teams"] if t["team_id"] in ("UTR-JB1", "UTR-ID", "ZHL-JR")],
        "gemeenten": organisatie["gemeenten"],
        "medewerkers": [
            {"medewerker_id": "W1", "functie": "jeugdzorgwerker", "team_id": "UTR-JB1", "fte": "1.0",
             "in_dienst": "2020-01-01", "uit_dienst": ""},
            {"medewerker_id": "W2", "functie": "jeugdzorgwerker", "team_id": "UTR-ID", "fte": "0.8",
             "in_dienst": "2021-03-01", "uit_dienst": "2025-06-30"},
            {"medewerker_id": "W3", "functie": "gedragswetenschapper", "team_id": "ZHL-JR", "fte": "0.9",
             "in_dienst": "2019-05-01", "uit_dienst": ""},
        ],
        "maatregelen": [
            {"maatregel_id": "M1", "jeugdige_id": "J1", "soort": "OTS", "startdatum": "2025-01-10",
             "einddatum": "", "gemeente_code": "GM0344", "team_id": "UTR-JB1",
             "kennisgeving_op": "2025-01-13", "geboortejaar": "2012"},
            {"maatregel_id": "M2", "jeugdige_id": "J2", "soort": "VOTS", "startdatum": "2025-03-01",
             "einddatum": "2025-06-01", "gemeente_code": "GM0599", "team_id": "ZHL-JR",
             "kennisgeving_op": "2025-03-03", "geboortejaar": "2015"},
            {"maatregel_id": "M3", "jeugdige_id": "J3", "soort": "voogdij", "startdatum": "2024-05-06",
             "einddatum": "", "gemeente_code": "GM0344", "team_id": "UTR-JB1",
             "kennisgeving_op": "", "geboortejaar": ""},
            {"maatregel_id": "M4", "jeugdige_id": "J4", "soort": "JR", "startdatum": "2025-07-15",
             "einddatum": "", "gemeente_code": "GM0599", "team_id": "ZHL-JR",
             "kennisgeving_op": "2025-07-16", "geboortejaar": "2009"},
        ],
        "verblijf": [
            {"maatregel_id": "M1", "van": "2025-01-10", "tot": "", "woonsituatie": "thuis"},
            {"maatregel_id": "M3", "van": "2024-05-06", "tot": "2025-02-01", "woonsituatie": "pleeggezin"},
            {"maatregel_id": "M3", "van": "2025-02-01", "tot": "", "woonsituatie": "gezinshuis"},
        ],
        "toewijzingen": [
            {"maatregel_id": "M1", "medewerker_id": "W1", "van": "2025-01-14", "tot": "", "rol": "vast"},
            {"maatregel_id": "M2", "medewerker_id": "W3", "van": "2025-03-04", "tot": "2025-06-01", "rol": "vast"},
            {"maatregel_id": "M3", "medewerker_id": "W2", "van": "2024-05-07", "tot": "2025-06-30",
             "rol": "in_doorstroom"},
        ],
        "contacten": [
            {"contact_id": "C1", "maatregel_id": "M1", "medewerker_id": "W1", "datum": "2025-01-15",
             "vorm": "face_to_face", "met_jeugdige": "true", "met_ouders": "true", "kind_alleen": "false",
             "andere_aanwezigen": "false", "door": "jeugdzorgwerker", "aanvangsgesprek": "true"},
            {"contact_id": "C2", "maatregel_id": "M1", "medewerker_id": "W1", "datum": "2025-09-26",
             "vorm": "telefonisch", "met_jeugdige": "false", "met_ouders": "true", "kind_alleen": "false",
             "andere_aanwezigen": "", "door": "", "aanvangsgesprek": ""},
            {"contact_id": "C3", "maatregel_id": "M3", "medewerker_id": "", "datum": "2025-04-02",
             "vorm": "face_to_face", "met_jeugdige": "true", "met_ouders": "false", "kind_alleen": "true",
             "andere_aanwezigen": "false", "door": "pleegzorgwerker", "aanvangsgesprek": "false"},
            {"contact_id": "C4", "maatregel_id": "M2", "medewerker_id": "W3", "datum": "2025-03-05",
             "vorm": "video", "met_jeugdige": "true", "met_ouders": "true", "kind_alleen": "false",
             "andere_aanwezigen": "true", "door": "jeugdzorgwerker", "aanvangsgesprek": "true"},
        ],
        "plannen": [
            {"maatregel_id": "M1", "vastgesteld_op": "2025-02-20"},
            {"maatregel_id": "M3", "vastgesteld_op": "2024-06-10"},
        ],
        "hulp": [
            {"hulp_id": "H1", "maatregel_id": "M1", "hulpvorm": "ambulante gezinsbegeleiding",
             "aangevraagd_op": "2025-02-21", "gestart_op": "2025-04-01", "afgewezen": "false"},
            {"hulp_id": "H2", "maatregel_id": "M3", "hulpvorm": "pleegzorg", "aangevraagd_op": "2024-06-11",
             "gestart_op": "", "afgewezen": "true"},
        ],
        "veiligheidsinschattingen": [
            {"maatregel_id": "M1", "datum": "2025-01-15", "kleurcode": "oranje"},
            {"maatregel_id": "M2", "datum": "2025-03-05", "kleurcode": "rood"},
        ],
        "monitorlijst": [
            {"maatregel_id": "M4", "op_lijst": "2025-07-16", "van_lijst": ""},
            {"maatregel_id": "M2", "op_lijst": "2025-03-01", "van_lijst": "2025-03-04"},
        ],
        "casuistiekbesprekingen": [
            {"maatregel_id": "M3", "datum": "2025-05-12"},
        ],
        "geen_hulp_nodig": [
            {"maatregel_id": "M4"},
        ],
    }


# --------------------------------------------------------------------------- writing folders


def kolommen_van(tabel: str, rijen: list[dict[str, str]]) -> list[str]:
    """The contract's columns the rows have (all when there are no rows), then any extra ones."""
    kolommen = [k for k in contract.TABLES_BY_NAME[tabel].column_names if not rijen or any(k in r for r in rijen)]
    for rij in rijen:
        kolommen += [k for k in rij if k not in kolommen]
    return kolommen


def schrijf_csv(pad: Path, tabel: str, rijen: list[dict[str, str]], scheiding: str = ",") -> Path:
    kolommen = kolommen_van(tabel, rijen)
    with open(pad, "w", encoding="utf-8", newline="") as bestand:
        schrijver = csv.writer(bestand, delimiter=scheiding)
        schrijver.writerow(kolommen)
        schrijver.writerows([rij.get(k, "") for k in kolommen] for rij in rijen)
    return pad


def getypeerd(tabel: str, rijen: list[dict[str, str]]) -> pl.DataFrame:
    """The rows as a typed frame, as a parquet or Excel export would hold them."""
    t = contract.TABLES_BY_NAME[tabel]
    tekst = pl.DataFrame({k: [rij.get(k) or None for rij in rijen] for k in t.column_names},
                         schema={k: pl.String for k in t.column_names})
    return tekst.select(
        pl.col(c.name).str.to_date("%Y-%m-%d") if c.type == contract.DATE
        else pl.col(c.name) == "true" if c.type == contract.BOOL
        else pl.col(c.name).cast(pl.Float64) if c.type in (contract.DECIMAL, contract.INT)
        else pl.col(c.name)
        for c in t.columns)


def schrijf_export(map: Path, tabellen: dict[str, list[dict[str, str]]] | None = None,
                   formaten: dict[str, str] | None = None, scheiding: str = ",") -> Path:
    """Write every table to `map`: csv (default), or 'parquet' / 'xlsx' per table."""
    map.mkdir(parents=True, exist_ok=True)
    for tabel, rijen in (tabellen or geldige_tabellen()).items():
        formaat = (formaten or {}).get(tabel, "csv")
        if formaat == "csv":
            schrijf_csv(map / f"{tabel}.csv", tabel, rijen, scheiding)
        elif formaat == "parquet":
            getypeerd(tabel, rijen).write_parquet(map / f"{tabel}.parquet")
        else:
            getypeerd(tabel, rijen).write_excel(map / f"{tabel}.xlsx", worksheet="export")
    return map


def nederlands(tabellen: dict[str, list[dict[str, str]]]) -> dict[str, list[dict[str, str]]]:
    """The same rows with DD-MM-YYYY dates and ja/nee booleans."""
    def omzetten(tabel: str, kolom: str, waarde: str) -> str:
        soort = contract.TABLES_BY_NAME[tabel].column(kolom).type
        if soort == contract.DATE and waarde:
            return dt.date.fromisoformat(waarde).strftime("%d-%m-%Y")
        if soort == contract.BOOL and waarde:
            return {"true": "Ja", "false": "nee"}[waarde]
        if soort == contract.DECIMAL:
            return waarde.replace(".", ",")
        return waarde
    return {t: [{k: omzetten(t, k, v) for k, v in rij.items()} for rij in rijen] for t, rijen in tabellen.items()}


def sha256(pad: Path) -> str:
    return hashlib.sha256(pad.read_bytes()).hexdigest()


def map_inhoud(map: Path) -> list[str]:
    return sorted(str(p.relative_to(map)) for p in map.rglob("*"))


@pytest.fixture(scope="module")
def eerste_import(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(folder, database): the valid folder imported once by user 'test'."""
    basis = tmp_path_factory.mktemp("eerste")
    map, database = schrijf_export(basis / "eerste"), basis / "gi.duckdb"
    resultaat = importeer(map, database, gebruiker="test", vandaag=VANDAAG)
    assert resultaat.geslaagd, resultaat.rapport()
    return map, database


@pytest.fixture
def bestaande_db(tmp_path: Path, eerste_import: tuple[Path, Path]) -> Path:
    """A copy of that database in its own folder, for a test to import into."""
    database = tmp_path / "data" / "gi.duckdb"
    database.parent.mkdir()
    shutil.copy2(eerste_import[1], database)
    return database


def importeer_fout(map: Path, database: Path) -> ImportResultaat:
    """Import a folder that must be rejected; the database and its folder stay exactly as they were."""
    voor, inhoud = sha256(database), map_inhoud(database.parent)
    resultaat = importeer(map, database, gebruiker="test", vandaag=VANDAAG)
    assert not resultaat.geslaagd
    assert resultaat.fouten
    assert resultaat.database is None
    assert sha256(database) == voor
    assert map_inhoud(database.parent) == inhoud
    assert resultaat.rapport().startswith("Import afgewezen:")
    return resultaat


def teksten(resultaat: ImportResultaat) -> list[str]:
    return [m.tekst() for m in resultaat.fouten]


def met_fout(tabel: str, rij: int, **waarden: str) -> dict[str, list[dict[str, str]]]:
    """The valid tables with values of data row `rij` (0 = first) of `tabel` changed."""
    tabellen = geldige_tabellen()
    tabellen[tabel][rij].update(waarden)
    return tabellen


# --------------------------------------------------------------------------- a valid folder


def test_valid_folder_with_semicolons_dutch_dates_parquet_and_xlsx_loads(tmp_path: Path) -> None:
    map = schrijf_export(tmp_path / "export", nederlands(geldige_tabellen()), scheiding=";")
    for tabel, formaat in (("medewerkers", "parquet"), ("maatregelen", "xlsx")):
        (map / f"{tabel}.csv").unlink()
        schrijf_export(map, {tabel: geldige_tabellen()[tabel]}, formaten={tabel: formaat})
    assert (map / "teams.csv").read_text(encoding="utf-8").splitlines()[1] == "UTR-JB1;UTR;JB Utrecht 1;jb"
    database = tmp_path / "gi.duckdb"

    resultaat = importeer(map, database, gebruiker="anna", vandaag=VANDAAG)

    assert resultaat.geslaagd, resultaat.rapport()
    assert resultaat.fouten == [] and resultaat.waarschuwingen == []
    assert resultaat.rijen == {t: len(geldige_tabellen().get(t, [])) for t in contract.TABLE_NAMES}  # no complaints
    assert resultaat.exportdatum == LAATSTE_DATUM
    assert resultaat.database == database
    assert resultaat.rapport().startswith("Import geslaagd: 34 rijen in 16 tabellen, exportdatum 26-09-2025.")
    con = duckdb.connect(str(database), read_only=True)
    try:
        assert con.execute("select count(*) from contacten").fetchone() == (4,)
        assert con.execute("select datum, met_jeugdige, kind_alleen, door from contacten where contact_id = 'C3'"
                       ).fetchone() == (dt.date(2025, 4, 2), True, True, "pleegzorgwerker")
        assert con.execute("select medewerker_id from contacten where contact_id = 'C3'").fetchone() == (None,)
        assert con.execute("select fte, uit_dienst from medewerkers where medewerker_id = 'W2'"
                       ).fetchone() == (0.8, dt.date(2025, 6, 30))
        assert con.execute("select startdatum, einddatum, geboortejaar from maatregelen where maatregel_id = 'M2'"
                       ).fetchone() == (dt.date(2025, 3, 1), dt.date(2025, 6, 1), 2015)
        assert con.execute("select waarde from meta where sleutel = 'exportdatum'").fetchone() == ("2025-09-26",)
    finally:
        con.close()
    assert db.Database(database).exportdatum == LAATSTE_DATUM


def test_lees_export_returns_frames_typed_as_db_conform(tmp_path: Path) -> None:
    frames, fouten, waarschuwingen, exportdatum = lees_export(schrijf_export(tmp_path / "export"), vandaag=VANDAAG)
    assert fouten == [] and waarschuwingen == [] and exportdatum == LAATSTE_DATUM
    assert set(frames) == set(contract.TABLE_NAMES)
    for tabel in contract.TABLES:
        assert frames[tabel.name].schema == build.conform(tabel, None).schema
    assert frames["maatregelen"]["geboortejaar"].to_list() == [2012, 2015, None, 2009]


def test_optional_table_may_be_absent_and_other_files_are_warned(tmp_path: Path) -> None:
    map = schrijf_export(tmp_path / "export")
    (map / "geen_hulp_nodig.csv").unlink()
    (map / "notities.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (map / "LEESMIJ.txt").write_text("export van 1 oktober", encoding="utf-8")

    resultaat = importeer(map, tmp_path / "gi.duckdb", vandaag=VANDAAG)

    assert resultaat.geslaagd, resultaat.rapport()
    assert resultaat.rijen["geen_hulp_nodig"] == 0
    assert resultaat.waarschuwingen == [
        "notities.csv: geen tabel van het gegevenscontract; het bestand wordt overgeslagen."]


def test_unknown_extra_column_is_a_warning_and_still_loads(tmp_path: Path) -> None:
    tabellen = geldige_tabellen()
    for rij in tabellen["contacten"]:
        rij["opmerking"] = "vrije tekst"
    map = schrijf_export(tmp_path / "export", tabellen)

    resultaat = importeer(map, tmp_path / "gi.duckdb", vandaag=VANDAAG)

    assert resultaat.geslaagd, resultaat.rapport()
    assert resultaat.waarschuwingen == [
        "contacten.csv: kolom 'opmerking' hoort niet bij het gegevenscontract en wordt genegeerd."]
    assert "Waarschuwingen:\n  - contacten.csv: kolom 'opmerking'" in resultaat.rapport()
    assert resultaat.rijen["contacten"] == 4


def test_header_only_event_table_is_allowed(tmp_path: Path) -> None:
    tabellen = geldige_tabellen()
    tabellen["casuistiekbesprekingen"] = []
    resultaat = importeer(schrijf_export(tmp_path / "export", tabellen), tmp_path / "gi.duckdb", vandaag=VANDAAG)
    assert resultaat.geslaagd, resultaat.rapport()
    assert resultaat.rijen["casuistiekbesprekingen"] == 0


def test_column_names_and_values_are_trimmed_and_empty_rows_skipped(tmp_path: Path) -> None:
    map = schrijf_export(tmp_path / "export")
    (map / "clusters.csv").write_text(
        "Cluster_ID , Naam,REGIO\nUTR , Utrecht/Flevoland ,noord\n,,\nZHL,Zuid-Holland,zuid\n", encoding="utf-8")
    frames, fouten, _, _ = lees_export(map, vandaag=VANDAAG)
    assert fouten == []
    assert frames["clusters"].rows() == [("UTR", "Utrecht/Flevoland", "noord"), ("ZHL", "Zuid-Holland", "zuid")]


def test_csv_with_bom_crlf_and_quoted_separators_loads(tmp_path: Path) -> None:
    map = schrijf_export(tmp_path / "export")
    (map / "gemeenten.csv").write_bytes(
        b"\xef\xbb\xbfgemeente_code;naam;cluster_id\r\nGM0344;Utrecht;UTR\r\n"
        b'GM0599;"Rotterdam; ""de Maasstad""";ZHL\r\n')
    frames, fouten, _, _ = lees_export(map, vandaag=VANDAAG)
    assert fouten == []
    assert frames["gemeenten"]["naam"].to_list() == ["Utrecht", 'Rotterdam; "de Maasstad"']


# --------------------------------------------------------------------------- rejected folders


def test_missing_required_column(tmp_path: Path, bestaande_db: Path) -> None:
    tabellen = geldige_tabellen()
    for rij in tabellen["maatregelen"]:
        del rij["startdatum"]
    resultaat = importeer_fout(schrijf_export(tmp_path / "export", tabellen), bestaande_db)
    assert teksten(resultaat) == [
        "maatregelen.csv, rij 1, kolom startdatum: verplichte kolom ontbreekt. Oplossing: Voeg de kolom "
        "startdatum toe aan de kopregel (rij 1). Controleer ook de spelling en het scheidingsteken "
        "(komma of puntkomma)."]


def test_missing_optional_column_is_fine(tmp_path: Path) -> None:
    tabellen = geldige_tabellen()
    for rij in tabellen["maatregelen"]:
        del rij["kennisgeving_op"], rij["geboortejaar"]
    frames, fouten, _, _ = lees_export(schrijf_export(tmp_path / "export", tabellen), vandaag=VANDAAG)
    assert fouten == []
    assert frames["maatregelen"]["geboortejaar"].null_count() == 4


def test_bad_dates(tmp_path: Path, bestaande_db: Path) -> None:
    tabellen = met_fout("maatregelen", 1, startdatum="31-02-2024")
    tabellen["contacten"][2]["datum"] = "gisteren"
    resultaat = importeer_fout(schrijf_export(tmp_path / "export", tabellen), bestaande_db)
    oplossing = ("Oplossing: Gebruik JJJJ-MM-DD (bijv. 2024-03-31) of DD-MM-JJJJ (bijv. 31-03-2024) en "
                 "controleer of de dag bestaat.")
    assert teksten(resultaat) == [
        f"maatregelen.csv, rij 3, kolom startdatum, waarde '31-02-2024': geen geldige datum. {oplossing}",
        f"contacten.csv, rij 4, kolom datum, waarde 'gisteren': geen geldige datum. {oplossing}",
    ]
    assert [(m.bestand, m.rij, m.kolom, m.waarde) for m in resultaat.fouten] == [
        ("maatregelen.csv", 3, "startdatum", "31-02-2024"), ("contacten.csv", 4, "datum", "gisteren")]


def test_dates_before_2000_and_in_the_future(tmp_path: Path, bestaande_db: Path) -> None:
    tabellen = met_fout("medewerkers", 2, in_dienst="1999-12-31")
    tabellen["plannen"][1]["vastgesteld_op"] = "02-10-2025"
    resultaat = importeer_fout(schrijf_export(tmp_path / "export", tabellen), bestaande_db)
    assert teksten(resultaat) == [
        "medewerkers.csv, rij 4, kolom in_dienst, waarde '1999-12-31': datum ligt vóór 01-01-2000. Oplossing: "
        "Controleer de datum; datums vóór 1 januari 2000 horen niet in de export.",
        "plannen.csv, rij 3, kolom vastgesteld_op, waarde '02-10-2025': datum ligt in de toekomst "
        "(na 01-10-2025). Oplossing: Controleer de datum; een export bevat alleen datums tot en met de dag "
        "van de import.",
    ]
    assert resultaat.exportdatum == LAATSTE_DATUM


# Wrong values, and one message each naming file, row, column and value:
# ([(table, row index, change), ...], messages).
FOUTEN = [
    pytest.param([("teams", 2, {"cluster_id": "AMS"})],
                 ["teams.csv, rij 4, kolom cluster_id, waarde 'AMS': onbekende cluster_id: komt niet voor in "
                  "clusters.csv. Oplossing: Voeg de ontbrekende cluster_id toe aan clusters.csv of corrigeer de "
                  "waarde."],
                 id="unknown_cluster"),
    pytest.param([("verblijf", 1, {"tot": "2024-05-01"})],
                 ["verblijf.csv, rij 3, kolom tot, waarde '2024-05-01': tot ligt vóór van (2024-05-06). Oplossing: "
                  "Een periode eindigt op of na het begin: corrigeer van of tot."],
                 id="end_before_start"),
    pytest.param([("maatregelen", 0, {"soort": "ots"}), ("veiligheidsinschattingen", 1, {"kleurcode": "paars"})],
                 ["maatregelen.csv, rij 2, kolom soort, waarde 'ots': waarde niet toegestaan. Oplossing: Gebruik een "
                  "van de toegestane waarden: 'OTS', 'VOTS', 'voogdij', 'JR' (let op hoofdletters).",
                  "veiligheidsinschattingen.csv, rij 3, kolom kleurcode, waarde 'paars': waarde niet toegestaan. "
                  "Oplossing: Gebruik een van de toegestane waarden: 'rood', 'oranje', 'groen' (let op hoofdletters)."],
                 id="wrong_enumeration"),
]


@pytest.mark.parametrize("wijzigingen, meldingen", FOUTEN)
def test_each_wrong_value_gives_its_message(tmp_path: Path, bestaande_db: Path, wijzigingen, meldingen) -> None:
    (tabel, rij, wijziging), *verder = wijzigingen
    tabellen = met_fout(tabel, rij, **wijziging)
    for tabel, rij, wijziging in verder:
        tabellen[tabel][rij].update(wijziging)
    resultaat = importeer_fout(schrijf_export(tmp_path / "export", tabellen), bestaande_db)
    assert teksten(resultaat) == meldingen


def test_optional_reference_must_resolve_when_given(tmp_path: Path, bestaande_db: Path) -> None:
    tabellen = met_fout("contacten", 1, medewerker_id="W9")  # C3 has no medewerker_id: that is fine
    resultaat = importeer_fout(schrijf_export(tmp_path / "export", tabellen), bestaande_db)
    assert [(m.bestand, m.rij, m.kolom, m.waarde, m.probleem) for m in resultaat.fouten] == [
        ("contacten.csv", 3, "medewerker_id", "W9", "onbekende medewerker_id: komt niet voor in medewerkers.csv")]


def test_duplicate_id(tmp_path: Path, bestaande_db: Path) -> None:
    tabellen = met_fout("maatregelen", 3, maatregel_id="M2")
    tabellen["monitorlijst"] = tabellen["monitorlijst"][1:]
    tabellen["geen_hulp_nodig"] = []
    resultaat = importeer_fout(schrijf_export(tmp_path / "export", tabellen), bestaande_db)
    assert teksten(resultaat) == [
        "maatregelen.csv, rij 5, kolom maatregel_id, waarde 'M2': maatregel_id komt meer dan eens voor "
        "(ook in rij 3). Oplossing: Elke maatregel_id mag maar één keer voorkomen: verwijder de dubbele rij "
        "of geef haar een eigen maatregel_id."]


def test_types_required_values_and_fte(tmp_path: Path, bestaande_db: Path) -> None:
    tabellen = met_fout("medewerkers", 0, fte="1,5", functie="")
    tabellen["medewerkers"][1]["fte"] = "veel"
    tabellen["maatregelen"][0]["geboortejaar"] = "2012,5"
    tabellen["contacten"][0]["met_ouders"] = "misschien"
    resultaat = importeer_fout(schrijf_export(tmp_path / "export", tabellen), bestaande_db)
    assert [(m.bestand, m.rij, m.kolom, m.waarde, m.probleem) for m in resultaat.fouten] == [
        ("medewerkers.csv", 2, "functie", None, "waarde ontbreekt"),
        ("medewerkers.csv", 3, "fte", "veel", "geen getal"),
        ("medewerkers.csv", 2, "fte", "1,5", "fte moet groter dan 0 en hoogstens 1,2 zijn"),
        ("maatregelen.csv", 2, "geboortejaar", "2012,5", "geen geheel getal"),
        ("contacten.csv", 2, "met_ouders", "misschien", "geen geldige ja/nee-waarde"),
    ]
    assert resultaat.fouten[0].tekst() == (
        "medewerkers.csv, rij 2, kolom functie: waarde ontbreekt. Oplossing: Vul de kolom functie in; "
        "deze is verplicht.")


def test_id_formats(tmp_path: Path, bestaande_db: Path) -> None:
    """A CBS code is GM + 4 digits; other ids are letters and digits in groups joined by one - _ or .,
    at most 40 characters: no path characters, spaces, control characters or formula starts."""
    tabellen = met_fout("gemeenten", 0, gemeente_code="GM/../../x0006")
    tabellen["gemeenten"][1]["gemeente_code"] = "GM599"
    for maatregel in tabellen["maatregelen"]:  # the references still resolve: only the format is wrong
        maatregel["gemeente_code"] = {"GM0344": "GM/../../x0006", "GM0599": "GM599"}[maatregel["gemeente_code"]]
    tabellen["contacten"][0]["contact_id"] = "C1/../x"
    tabellen["contacten"][1]["contact_id"] = "C 2"
    tabellen["contacten"][2]["contact_id"] = "=HYPERLINK(x)"
    tabellen["contacten"][3]["contact_id"] = "C" * 41
    tabellen["hulp"][0]["hulp_id"] = "H1\tH"
    resultaat = importeer_fout(schrijf_export(tmp_path / "export", tabellen), bestaande_db)
    oplossing_gm = ("Oplossing: Een gemeente_code bestaat uit de CBS-code: GM en vier cijfers (bijv. GM0344): geen "
                    "spaties, schuine strepen of andere tekens. Controleer of de export de juiste waarde in deze "
                    "kolom zet.")
    assert teksten(resultaat)[:2] == [
        f"gemeenten.csv, rij 2, kolom gemeente_code, waarde 'GM/../../x0006': geen geldige CBS-gemeentecode. "
        f"{oplossing_gm}",
        f"gemeenten.csv, rij 3, kolom gemeente_code, waarde 'GM599': geen geldige CBS-gemeentecode. {oplossing_gm}",
    ]
    assert [(m.bestand, m.rij, m.kolom, m.waarde, m.probleem) for m in resultaat.fouten[2:]] == [
        ("maatregelen.csv", 2, "gemeente_code", "GM/../../x0006", "geen geldige CBS-gemeentecode"),
        ("maatregelen.csv", 3, "gemeente_code", "GM599", "geen geldige CBS-gemeentecode"),
        ("maatregelen.csv", 4, "gemeente_code", "GM/../../x0006", "geen geldige CBS-gemeentecode"),
        ("maatregelen.csv", 5, "gemeente_code", "GM599", "geen geldige CBS-gemeentecode"),
        ("contacten.csv", 2, "contact_id", "C1/../x", "geen geldige contact_id"),
        ("contacten.csv", 3, "contact_id", "C 2", "geen geldige contact_id"),
        ("contacten.csv", 4, "contact_id", "=HYPERLINK(x)", "geen geldige contact_id"),
        ("contacten.csv", 5, "contact_id", "C" * 41, "geen geldige contact_id"),
        ("hulp.csv", 2, "hulp_id", "H1\tH", "geen geldige hulp_id"),
    ]
    assert resultaat.fouten[-1].tekst().startswith(
        "hulp.csv, rij 2, kolom hulp_id, waarde 'H1\\tH': geen geldige hulp_id. Oplossing: Een hulp_id bestaat uit "
        "alleen letters en cijfers, eventueel in groepjes gescheiden door één '-', '_' of '.' (bijv. MR000123 of "
        "NRD-JB1), hoogstens 40 tekens: geen spaties")


def test_ids_in_every_allowed_form_load(tmp_path: Path) -> None:
    tabellen = geldige_tabellen()
    tabellen["contacten"][0]["contact_id"] = "2024.17_a-B"
    tabellen["contacten"][1]["contact_id"] = "C" * 40
    resultaat = importeer(schrijf_export(tmp_path / "export", tabellen), tmp_path / "gi.duckdb", vandaag=VANDAAG)
    assert resultaat.geslaagd, resultaat.rapport()


# --------------------------------------------------------------------------- likely personal data

BSN = "123456782"  # 9·1 + 8·2 + 7·3 + 6·4 + 5·5 + 4·6 + 3·7 + 2·8 - 2 = 154 = 14·11: passes the eleven test
GEEN_BSN = "123456789"  # 9·1 + ... + 2·8 - 9 = 147, not a multiple of 11


def met_persoonsgegevens() -> dict[str, list[dict[str, str]]]:
    """A BSN as jeugdige_id (M2), a nine-digit id that is no BSN (M1), a name and a birth date in hulpvorm."""
    tabellen = met_fout("maatregelen", 1, jeugdige_id=BSN)
    tabellen["maatregelen"][0]["jeugdige_id"] = GEEN_BSN
    tabellen["hulp"][1]["hulpvorm"] = "fam. Jansen, geb. 12-03-2012"
    return tabellen


def test_personal_data_rejects_the_export_with_masked_values(tmp_path: Path, bestaande_db: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(importer.PERSOONSGEGEVENS_ENV, raising=False)  # the default: reject
    resultaat = importeer_fout(schrijf_export(tmp_path / "export", met_persoonsgegevens()), bestaande_db)
    oplossing = ("Oplossing: Een export bevat alleen pseudoniemen: geen BSN, namen of geboortedatums. Laat de "
                 "export in het bronsysteem aanpassen (een pseudoniem als id, geen namen of datums in vrije tekst) "
                 "en importeer opnieuw. De waarde staat hier gemaskeerd.")
    assert teksten(resultaat) == [
        f"maatregelen.csv, rij 3, kolom jeugdige_id, waarde '•••••••••': mogelijk persoonsgegevens: een BSN "
        f"(voldoet aan de elfproef). {oplossing}",
        f"hulp.csv, rij 3, kolom hulpvorm, waarde 'fam. [naam], geb. [datum]': mogelijk persoonsgegevens: een "
        f"geboortedatum en een naam. {oplossing}",
    ]
    rapport = resultaat.rapport()
    assert BSN not in rapport and "Jansen" not in rapport and "12-03-2012" not in rapport


def test_personal_data_can_be_imported_with_a_warning(tmp_path: Path, bestaande_db: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(importer.PERSOONSGEGEVENS_ENV, "waarschuwen")
    resultaat = importeer(schrijf_export(tmp_path / "export", met_persoonsgegevens()), bestaande_db,
                          vandaag=VANDAAG)
    assert resultaat.geslaagd
    assert [w.split(": mogelijk")[0] for w in resultaat.waarschuwingen] == [
        "maatregelen.csv, rij 3, kolom jeugdige_id, waarde '•••••••••'",
        "hulp.csv, rij 3, kolom hulpvorm, waarde 'fam. [naam], geb. [datum]'"]
    assert "Jansen" not in resultaat.rapport()
    # the call's own choice wins over the environment
    map = schrijf_export(tmp_path / "weer", met_persoonsgegevens())
    assert not importeer(map, bestaande_db, vandaag=VANDAAG, persoonsgegevens=importer.WEIGEREN).geslaagd


def test_unknown_setting_for_personal_data_rejects(tmp_path: Path, bestaande_db: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(importer.PERSOONSGEGEVENS_ENV, "negeren")
    resultaat = importeer_fout(schrijf_export(tmp_path / "export", met_persoonsgegevens()), bestaande_db)
    assert len(resultaat.fouten) == 2
    assert resultaat.waarschuwingen == [
        "JB_PERSOONSGEGEVENS heeft de onbekende waarde 'negeren' (kies 'weigeren' of 'waarschuwen'); een export "
        "met mogelijke persoonsgegevens wordt daarom geweigerd."]


@pytest.mark.parametrize("hulpvorm, gevonden", [
    ("ambulante gezinsbehandeling", None), ("jeugd-GGZ", None), ("familietherapie", None), ("0-4 jaar", None),
    ("traject 2024-2025", None), ("MST 2x per week", None),
    ("dhr.Jansen", "een naam"), ("mevrouw de Vries", "een naam"), ("Familie Bakker", "een naam"),
    ("de heer van Dijk", "een naam"), ("12 maart 2012", "een geboortedatum"), ("geboren 2012", "een geboortedatum"),
    ("2012-03-12", "een geboortedatum"), ("BSN 1234.56.782", "een BSN (voldoet aan de elfproef)"),
    ("nummer 123456789", None),
])
def test_what_counts_as_personal_data_in_free_text(hulpvorm: str, gevonden: str | None) -> None:
    from kpi.data import persoonsgegevens as pg

    uitkomst = pl.DataFrame({"t": [hulpvorm]}).select(pg.gevonden(pl.col("t"), vrije_tekst=True)).item()
    assert uitkomst == gevonden


def test_missing_file(tmp_path: Path, bestaande_db: Path) -> None:
    map = schrijf_export(tmp_path / "export")
    (map / "plannen.csv").unlink()
    resultaat = importeer_fout(map, bestaande_db)
    assert teksten(resultaat) == [
        "plannen: bestand ontbreekt: verwacht plannen.csv, plannen.parquet of plannen.xlsx. Oplossing: Zet de "
        "tabel plannen in de exportmap; deze tabel is verplicht."]


def test_missing_table_is_one_error_not_one_per_reference(tmp_path: Path, bestaande_db: Path) -> None:
    map = schrijf_export(tmp_path / "export")
    (map / "maatregelen.csv").unlink()
    resultaat = importeer_fout(map, bestaande_db)
    assert [(m.bestand, m.probleem) for m in resultaat.fouten] == [
        ("maatregelen", "bestand ontbreekt: verwacht maatregelen.csv, maatregelen.parquet of maatregelen.xlsx")]


def test_empty_file(tmp_path: Path, bestaande_db: Path) -> None:
    tabellen = geldige_tabellen()
    tabellen["teams"] = []
    map = schrijf_export(tmp_path / "export", tabellen)
    (map / "hulp.csv").write_bytes(b"")
    resultaat = importeer_fout(map, bestaande_db)
    assert teksten(resultaat)[:2] == [
        "teams.csv: het bestand bevat geen gegevens, alleen een kopregel; de tabel teams mag niet leeg zijn. "
        "Oplossing: Exporteer de tabel opnieuw met alle rijen.",
        "hulp.csv: het bestand is leeg (0 bytes). Oplossing: Exporteer de tabel opnieuw; ook een tabel zonder "
        "gegevens heeft een kopregel met de kolomnamen.",
    ]
    # with no teams, every team_id elsewhere is unknown, and is reported too
    assert {(m.bestand, m.kolom) for m in resultaat.fouten[2:]} == {
        ("medewerkers.csv", "team_id"), ("maatregelen.csv", "team_id")}


def test_wrong_encoding(tmp_path: Path, bestaande_db: Path) -> None:
    tabellen = geldige_tabellen()
    tabellen["gemeenten"].append({"gemeente_code": "GM1952", "naam": "Hoogezand–Sappemeer", "cluster_id": "ZHL"})
    map = schrijf_export(tmp_path / "export", tabellen)
    tekst = (map / "gemeenten.csv").read_text(encoding="utf-8")
    (map / "gemeenten.csv").write_bytes(tekst.encode("cp1252"))
    resultaat = importeer_fout(map, bestaande_db)
    assert teksten(resultaat) == [
        "gemeenten.csv, rij 4, kolom naam, waarde 'Hoogezand–Sappemeer': tekst is geen geldige UTF-8 (het "
        "bestand is waarschijnlijk opgeslagen als ANSI/Windows-1252). Oplossing: Sla het bestand op als UTF-8, "
        "in Excel met 'Opslaan als' > 'CSV UTF-8 (door komma's gescheiden)', en importeer de map opnieuw."]


def test_ragged_rows(tmp_path: Path, bestaande_db: Path) -> None:
    map = schrijf_export(tmp_path / "export")
    regels = (map / "plannen.csv").read_text(encoding="utf-8").splitlines()
    (map / "plannen.csv").write_text("\n".join([regels[0], "M1", regels[2]]) + "\n", encoding="utf-8")
    regels = (map / "casuistiekbesprekingen.csv").read_text(encoding="utf-8").splitlines()
    (map / "casuistiekbesprekingen.csv").write_text(regels[0] + "\n" + regels[1] + ",extra\n", encoding="utf-8")
    resultaat = importeer_fout(map, bestaande_db)
    assert [(m.bestand, m.rij, m.kolom, m.probleem) for m in resultaat.fouten] == [
        ("plannen.csv", 2, None, "rij heeft 1 velden, de kopregel heeft 2"),
        ("plannen.csv", 2, "vastgesteld_op", "waarde ontbreekt"),
        ("casuistiekbesprekingen.csv", 2, None, "rij heeft 3 velden, de kopregel heeft 2"),
    ]


def test_unreadable_xlsx_and_parquet(tmp_path: Path, bestaande_db: Path) -> None:
    map = schrijf_export(tmp_path / "export")
    (map / "hulp.csv").unlink()
    (map / "hulp.xlsx").write_bytes(b"dit is geen zip-bestand")
    (map / "plannen.csv").unlink()
    (map / "plannen.parquet").write_bytes(b"PAR1 kapot")
    resultaat = importeer_fout(map, bestaande_db)
    assert [(m.bestand, m.rij, m.kolom) for m in resultaat.fouten] == [("plannen.parquet", None, None),
                                                                       ("hulp.xlsx", None, None)]
    assert resultaat.fouten[0].probleem.startswith("het bestand kan niet als Parquet worden gelezen (")
    assert resultaat.fouten[1].probleem.startswith("het bestand kan niet als Excel-werkmap (xlsx) worden gelezen (")


def test_same_table_twice(tmp_path: Path, bestaande_db: Path) -> None:
    map = schrijf_export(tmp_path / "export", formaten={"plannen": "xlsx"})
    schrijf_csv(map / "plannen.csv", "plannen", geldige_tabellen()["plannen"])
    resultaat = importeer_fout(map, bestaande_db)
    assert teksten(resultaat) == [
        "plannen.csv, plannen.xlsx: tabel plannen is meer dan eens aangeleverd. Oplossing: Laat precies één "
        "bestand per tabel in de exportmap staan."]


def test_parquet_and_xlsx_rows_are_numbered_like_a_spreadsheet(tmp_path: Path, bestaande_db: Path) -> None:
    tabellen = met_fout("medewerkers", 2, fte="0")
    tabellen["maatregelen"][3]["soort"] = "XYZ"
    map = schrijf_export(tmp_path / "export", tabellen, formaten={"medewerkers": "parquet", "maatregelen": "xlsx"})
    resultaat = importeer_fout(map, bestaande_db)
    assert [(m.bestand, m.rij, m.kolom, m.waarde) for m in resultaat.fouten] == [
        ("medewerkers.parquet", 4, "fte", "0"), ("maatregelen.xlsx", 5, "soort", "XYZ")]


def test_several_errors_in_several_files_all_at_once(tmp_path: Path, bestaande_db: Path) -> None:
    tabellen = met_fout("maatregelen", 0, startdatum="31-02-2024", soort="OTZ")
    tabellen["contacten"][1]["maatregel_id"] = "M99"
    tabellen["contacten"][3]["contact_id"] = "C1"
    tabellen["toewijzingen"][0]["medewerker_id"] = "W7"
    for rij in tabellen["hulp"]:
        del rij["hulpvorm"]
    map = schrijf_export(tmp_path / "export", tabellen)
    (map / "veiligheidsinschattingen.csv").write_bytes(b"")

    resultaat = importeer_fout(map, bestaande_db)

    assert [(m.bestand, m.rij, m.kolom, m.waarde) for m in resultaat.fouten] == [
        ("maatregelen.csv", 2, "soort", "OTZ"),
        ("maatregelen.csv", 2, "startdatum", "31-02-2024"),
        ("contacten.csv", 5, "contact_id", "C1"),
        ("hulp.csv", 1, "hulpvorm", None),
        ("veiligheidsinschattingen.csv", None, None, None),
        ("toewijzingen.csv", 2, "medewerker_id", "W7"),
        ("contacten.csv", 3, "maatregel_id", "M99"),
    ]
    rapport = resultaat.rapport()
    assert rapport.startswith("Import afgewezen: 7 fouten in 5 bestanden. De database is niet gewijzigd;")
    assert "\n\ncontacten.csv (2 fouten):\n  - contacten.csv, rij 5, kolom contact_id, waarde 'C1'" in rapport
    assert "\n  - contacten.csv, rij 3, kolom maatregel_id, waarde 'M99': onbekende maatregel_id" in rapport


def test_long_lists_are_capped_with_a_count(tmp_path: Path, bestaande_db: Path) -> None:
    tabellen = geldige_tabellen()
    basis = tabellen["contacten"][0]
    tabellen["contacten"] = [{**basis, "contact_id": f"C{i}", "datum": "1-13-2025"} for i in range(120)]
    resultaat = importeer_fout(schrijf_export(tmp_path / "export", tabellen), bestaande_db)
    assert len(resultaat.fouten) == importer.MAX_RIJEN_PER_FOUT + 1
    assert [m.rij for m in resultaat.fouten[:3]] == [2, 3, 4]
    laatste = resultaat.fouten[-1]
    assert (laatste.rij, laatste.kolom, laatste.aantal) == (None, "datum", 70)
    assert laatste.tekst().startswith(
        "contacten.csv, kolom datum: en nog 70 rijen met dezelfde fout (geen geldige datum; 120 in totaal). "
        "Oplossing: Gebruik JJJJ-MM-DD")
    assert resultaat.aantal_fouten == 120
    assert resultaat.rapport().startswith("Import afgewezen: 120 fouten in 1 bestand.")


def test_not_a_folder(tmp_path: Path, bestaande_db: Path) -> None:
    resultaat = importeer_fout(tmp_path / "bestaat-niet", bestaande_db)
    assert resultaat.fouten[0].probleem == "de exportmap bestaat niet of is geen map"


# --------------------------------------------------------------------------- writing, log, backups


def test_import_log_carries_history_over_two_imports(tmp_path: Path, bestaande_db: Path,
                                                     eerste_import: tuple[Path, Path]) -> None:
    tabellen = geldige_tabellen()
    for rij in tabellen["plannen"]:
        rij["extra"] = "x"
    tweede = schrijf_export(tmp_path / "tweede", tabellen)
    resultaat = importeer(tweede, bestaande_db, gebruiker="bert", vandaag=VANDAAG)
    assert resultaat.geslaagd, resultaat.rapport()

    con = duckdb.connect(str(bestaande_db), read_only=True)
    try:
        log = con.sql("select import_id, gebruiker, bron, exportdatum, resultaat, bestanden, waarschuwingen "
                      "from import_log order by import_id").pl()
    finally:
        con.close()
    assert log["import_id"].to_list() == [1, 2]
    assert log["gebruiker"].to_list() == ["test", "bert"]
    assert log["bron"].to_list() == [str(eerste_import[0].resolve()), str(tweede.resolve())]
    assert log["exportdatum"].to_list() == [LAATSTE_DATUM, LAATSTE_DATUM]
    assert log["resultaat"].to_list() == ["geslaagd", "geslaagd"]
    bestanden = json.loads(log["bestanden"][1])
    assert [b["tabel"] for b in bestanden] == list(geldige_tabellen())  # the files given: no complaints
    plannen = next(b for b in bestanden if b["tabel"] == "plannen")
    assert plannen == {"tabel": "plannen", "bestand": "plannen.csv", "sha256": sha256(tweede / "plannen.csv"),
                       "rijen": 2}
    assert json.loads(log["waarschuwingen"][0]) == []
    assert json.loads(log["waarschuwingen"][1]) == [
        "plannen.csv: kolom 'extra' hoort niet bij het gegevenscontract en wordt genegeerd."]


def test_previous_file_is_backed_up_and_restore_previous_swaps_it_back(tmp_path: Path, bestaande_db: Path) -> None:
    eerste = sha256(bestaande_db)
    tabellen = geldige_tabellen()
    tabellen["casuistiekbesprekingen"].append({"maatregel_id": "M1", "datum": "2025-09-30"})
    assert importeer(schrijf_export(tmp_path / "tweede", tabellen), bestaande_db, vandaag=VANDAAG).geslaagd
    tweede = sha256(bestaande_db)
    backups = sorted((bestaande_db.parent / "backups").iterdir())
    assert [sha256(b) for b in backups] == [eerste]
    assert backups[0].name.startswith("gi-") and backups[0].suffix == ".duckdb"
    assert db.Database(bestaande_db).exportdatum == dt.date(2025, 9, 30)

    bewaard = restore_previous(bestaande_db)

    assert sha256(bestaande_db) == eerste
    assert sha256(bewaard) == tweede
    assert [sha256(b) for b in (bestaande_db.parent / "backups").iterdir()] == [tweede]
    assert db.Database(bestaande_db).exportdatum == LAATSTE_DATUM
    restore_previous(bestaande_db)  # a second call swaps back: undo, then redo
    assert sha256(bestaande_db) == tweede
    assert sorted(p.name for p in bestaande_db.parent.iterdir()) == ["backups", "gi.duckdb"]


def test_restore_previous_without_backup(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="Er is geen backup van gi.duckdb"):
        restore_previous(tmp_path / "gi.duckdb")


def test_open_database_sees_new_file_after_import(tmp_path: Path, bestaande_db: Path) -> None:
    lezer = db.Database(bestaande_db)
    tabellen = geldige_tabellen()
    tabellen["plannen"].append({"maatregel_id": "M2", "vastgesteld_op": "2025-09-29"})
    assert importeer(schrijf_export(tmp_path / "tweede", tabellen), bestaande_db, vandaag=VANDAAG).geslaagd
    assert lezer.sql("select count(*) as n from plannen")["n"].item() == 2  # still the old file
    assert lezer.refresh()
    assert lezer.sql("select count(*) as n from plannen")["n"].item() == 3
    lezer.close()


def test_failed_write_leaves_database_and_folder_untouched(tmp_path: Path, bestaande_db: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def half_geschreven(pad: Path, *args: object, **kwargs: object) -> None:
        Path(pad).write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build, "build_database", half_geschreven)
    resultaat = importeer_fout(schrijf_export(tmp_path / "export"), bestaande_db)
    assert teksten(resultaat) == [
        "gi.duckdb: de nieuwe database kon niet worden geschreven ([Errno 28] No space left on device). "
        "Oplossing: Controleer of de map schrijfbaar is en er genoeg schijfruimte is, en importeer opnieuw; "
        "de bestaande database is niet gewijzigd."]


def test_concurrent_imports_take_turns_and_keep_the_whole_log(tmp_path: Path, bestaande_db: Path) -> None:
    mappen = [schrijf_export(tmp_path / naam) for naam in ("a", "b")]
    with ThreadPoolExecutor(max_workers=2) as pool:
        resultaten = list(pool.map(lambda m: importeer(m, bestaande_db, vandaag=VANDAAG), mappen))
    assert all(r.geslaagd for r in resultaten)
    con = duckdb.connect(str(bestaande_db), read_only=True)
    try:
        assert con.execute("select import_id from import_log order by 1").fetchall() == [(1,), (2,), (3,)]
    finally:
        con.close()
    assert len(list((bestaande_db.parent / "backups").iterdir())) == 2


def test_files_left_by_an_interrupted_import_are_removed(tmp_path: Path, bestaande_db: Path) -> None:
    achtergelaten = bestaande_db.parent / ".gi.duckdb.import-0123abcd.tmp"
    achtergelaten.write_bytes(b"half")
    assert importeer(schrijf_export(tmp_path / "export"), bestaande_db, vandaag=VANDAAG).geslaagd
    assert sorted(p.name for p in bestaande_db.parent.iterdir()) == ["backups", "gi.duckdb"]


def test_progress_is_reported_up_to_done(tmp_path: Path) -> None:
    stappen: list[tuple[float, str]] = []
    resultaat = importeer(schrijf_export(tmp_path / "export"), tmp_path / "gi.duckdb", vandaag=VANDAAG,
                          voortgang=lambda fractie, tekst: stappen.append((fractie, tekst)))
    assert resultaat.geslaagd
    fracties = [f for f, _ in stappen]
    assert fracties == sorted(fracties) and 0 <= fracties[0] and fracties[-1] == 1.0
    assert ("maatregelen.csv gecontroleerd" in {t for _, t in stappen})
    assert stappen[-1] == (1.0, "import geslaagd")


def test_melding_tekst_shows_control_characters_on_one_line() -> None:
    melding = Melding("a.csv", 3, "naam", "x\ny", "kapot", "Herstel het.")
    assert melding.tekst() == "a.csv, rij 3, kolom naam, waarde 'x\\ny': kapot. Oplossing: Herstel het."


# --------------------------------------------------------------------------- property: never an exception


@pytest.fixture(scope="module")
def sjabloon(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A valid folder and a database made from it, copied by every example."""
    basis = tmp_path_factory.mktemp("sjabloon")
    map = schrijf_export(basis / "export", formaten={"medewerkers": "parquet", "hulp": "xlsx"})
    database = basis / "db" / "gi.duckdb"
    assert importeer(map, database, vandaag=VANDAAG).geslaagd
    return map, database


TABELLEN = st.sampled_from(contract.TABLE_NAMES)
MUTATIES = st.one_of(
    st.tuples(st.just("cel"), TABELLEN, st.integers(0, 5), st.integers(0, 12),
              st.text(st.characters(codec="utf-8"), max_size=12)),
    st.tuples(st.just("bytes_in_cel"), TABELLEN, st.integers(0, 5), st.integers(0, 12), st.binary(max_size=8)),
    st.tuples(st.just("kolom_weg"), TABELLEN, st.integers(0, 12)),
    st.tuples(st.just("afkappen"), TABELLEN, st.floats(0, 1)),
    st.tuples(st.just("inhoud"), TABELLEN, st.binary(max_size=200)),
    st.tuples(st.just("weg"), TABELLEN),
)


def muteer(map: Path, mutatie: tuple) -> None:
    """Apply one random change to the file of one table in `map`."""
    soort, tabel = mutatie[0], mutatie[1]
    pad = next(map.glob(f"{tabel}.*"), None)
    if pad is None:
        return
    if soort in ("cel", "bytes_in_cel", "kolom_weg") and pad.suffix == ".csv":
        regels = pad.read_bytes().split(b"\n")
        kop = regels[0].split(b",")
        if soort == "kolom_weg":
            index = mutatie[2] % len(kop)
            regels = [b",".join(v for i, v in enumerate(r.split(b",")) if i != index) if r else r
                      for r in regels]
        elif len(regels) > 2:
            rij = 1 + mutatie[2] % (len(regels) - 2)
            velden = regels[rij].split(b",")
            nieuw = mutatie[4].encode("utf-8") if soort == "cel" else mutatie[4]
            velden[mutatie[3] % len(velden)] = nieuw
            regels[rij] = b",".join(velden)
        pad.write_bytes(b"\n".join(regels))
    elif soort == "afkappen":
        data = pad.read_bytes()
        pad.write_bytes(data[: int(len(data) * mutatie[2])])
    elif soort == "inhoud":
        pad.write_bytes(mutatie[2])
    elif soort == "weg":
        pad.unlink()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutaties=st.lists(MUTATIES, min_size=1, max_size=3))
@example(mutaties=[("inhoud", "clusters", b"\r\x00")])  # a carriage return inside the header line
@example(mutaties=[("afkappen", "contacten", 0.97)])  # the last row cut short
def test_random_damage_never_raises_and_never_changes_the_database(sjabloon: tuple[Path, Path],
                                                                   mutaties: list[tuple]) -> None:
    bron, bron_db = sjabloon
    with tempfile.TemporaryDirectory() as tijdelijk:
        map = Path(tijdelijk) / "export"
        shutil.copytree(bron, map)
        database = Path(tijdelijk) / "db" / "gi.duckdb"
        database.parent.mkdir()
        shutil.copy2(bron_db, database)
        voor = sha256(database)
        for mutatie in mutaties:
            muteer(map, mutatie)

        resultaat = importeer(map, database, vandaag=VANDAAG)

        assert isinstance(resultaat, ImportResultaat)
        rapport = resultaat.rapport()
        if resultaat.geslaagd:
            assert rapport.startswith("Import geslaagd")
            assert len(list((database.parent / "backups").iterdir())) == 1
        else:
            assert rapport.startswith("Import afgewezen")
            assert resultaat.fouten and all(m.probleem and m.oplossing for m in resultaat.fouten)
            assert all("\n" not in m.tekst() for m in resultaat.fouten)
            assert sha256(database) == voor
            assert sorted(p.name for p in database.parent.iterdir()) == ["gi.duckdb"]
