"""Import through the Gegevens page: the upload layer (kpi/data/upload.py) and the page itself.

Every refused upload must give a Dutch message and leave the database byte for
byte as it was (sha256 before and after). Uploading through AppTest is not
supported, so the page tests cover access and the restore button; the upload
itself is tested here on kpi.data.upload and in the browser (tests/test_browser.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import zipfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpi.data import contract, db, importer, upload
from kpi.data.upload import Upload
from kpi.reports import downloads
from tests.apptest import open_app
from tests.test_import import VANDAAG, geldige_tabellen, met_fout, schrijf_export, sha256

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return schrijf_export(tmp_path_factory.mktemp("export") / "export")


@pytest.fixture(scope="module")
def basis_db(tmp_path_factory: pytest.TempPathFactory, export: Path) -> Path:
    database = tmp_path_factory.mktemp("basis") / "gi.duckdb"
    assert importer.importeer(export, database, gebruiker="cli", vandaag=VANDAAG).geslaagd
    return database


@pytest.fixture
def database(tmp_path: Path, basis_db: Path) -> Path:
    pad = tmp_path / "data" / "gi.duckdb"
    pad.parent.mkdir()
    shutil.copy2(basis_db, pad)
    return pad


def zip_van(bestanden: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for naam, data in bestanden.items():
            zf.writestr(naam, data)
    return buffer.getvalue()


def export_bestanden(map: Path, prefix: str = "") -> dict[str, bytes]:
    return {f"{prefix}{p.name}": p.read_bytes() for p in sorted(map.iterdir())}


def weigert(uploads: list[Upload], database: Path) -> upload.UploadResultaat:
    """The upload is refused with Dutch messages, the database and its backups untouched, the attempt logged."""
    voor = sha256(database)
    backups = sorted(p.name for p in (database.parent / "backups").glob("*")) if (
        database.parent / "backups").is_dir() else []
    resultaat = upload.importeer_upload(uploads, database, "beheer@demo.jb", vandaag=VANDAAG)
    assert not resultaat.geslaagd
    assert resultaat.resultaat.fouten
    assert all(m.probleem and m.oplossing for m in resultaat.resultaat.fouten)
    assert sha256(database) == voor
    assert (sorted(p.name for p in (database.parent / "backups").glob("*")) if (
        database.parent / "backups").is_dir() else []) == backups
    laatste = upload.lees_pogingen(database)[-1]
    assert laatste["resultaat"] == "afgewezen" and laatste["gebruiker"] == "beheer@demo.jb"
    assert resultaat.rapport().startswith("Import afgewezen")
    return resultaat


def problemen(resultaat: upload.UploadResultaat) -> list[str]:
    return [m.probleem for m in resultaat.resultaat.fouten]


# --------------------------------------------------------------------------- valid uploads


def test_valid_zip_is_imported_summarised_and_logged(tmp_path: Path, database: Path, export: Path) -> None:
    tabellen = geldige_tabellen()
    tabellen["plannen"].append({"maatregel_id": "M2", "vastgesteld_op": "2025-09-29"})
    tweede = schrijf_export(tmp_path / "tweede", tabellen)
    data = zip_van(export_bestanden(tweede))
    stappen: list[float] = []

    resultaat = upload.importeer_upload([Upload.van_bytes("export.zip", data)], database, "beheer@demo.jb",
                                        voortgang=lambda f, t: stappen.append(f), vandaag=VANDAAG)

    assert resultaat.geslaagd, resultaat.rapport()
    assert stappen == sorted(stappen) and stappen[-1] == 1.0
    assert resultaat.uploads == [{"bestand": "export.zip", "grootte": len(data),
                                  "sha256": hashlib.sha256(data).hexdigest()}]
    s = upload.samenvatting(database)
    assert s.exportdatum == dt.date(2025, 9, 29)
    assert s.laatste_datum == dt.date(2025, 9, 29) and s.eerste_datum == dt.date(2019, 5, 1)
    assert s.gebruiker == "beheer@demo.jb"
    plannen = s.tabellen.filter(tabel="plannen").row(0, named=True)
    assert plannen == {"tabel": "plannen", "rijen": 3, "vorige": 2, "verschil": 1}
    assert s.tabellen.filter(tabel="clusters")["verschil"].item() == 0

    historie = upload.geschiedenis(database)
    assert historie["actie"].to_list() == ["Import (upload)", "Import"]
    assert historie["gebruiker"].to_list() == ["beheer@demo.jb", "cli"]
    assert historie["huidig"].to_list() == [True, False]
    assert "export.zip (sha256 " in historie["bestanden"][0]
    lezer = db.Database(database)
    try:
        bron = lezer.sql("select bron from import_log order by import_id desc limit 1")["bron"].item()
    finally:
        lezer.close()
    assert bron == "upload: export.zip"


def test_zip_with_nested_folders_and_mac_clutter_is_flattened(database: Path, export: Path) -> None:
    bestanden = export_bestanden(export, "Export JB/2025-09/")
    bestanden["__MACOSX/Export JB/._clusters.csv"] = b"\x00\x05\x16\x07"
    bestanden["Export JB/.DS_Store"] = b"\x00\x00"
    bestanden["Export JB/LEESMIJ.txt"] = b"zie handleiding"
    resultaat = upload.importeer_upload([Upload.van_bytes("export.zip", zip_van(bestanden))], database,
                                        "beheer@demo.jb", vandaag=VANDAAG)
    assert resultaat.geslaagd, resultaat.rapport()
    assert any("LEESMIJ.txt" in w and "overgeslagen" in w for w in resultaat.resultaat.waarschuwingen)


def test_separate_files_are_imported(database: Path, export: Path) -> None:
    uploads = [Upload.van_pad(p) for p in sorted(export.iterdir())]
    resultaat = upload.importeer_upload(uploads, database, "beheer@demo.jb", vandaag=VANDAAG)
    assert resultaat.geslaagd, resultaat.rapport()
    assert {b["bestand"] for b in resultaat.uploads} == {p.name for p in export.iterdir()}


# --------------------------------------------------------------------------- refused uploads


def test_zip_slip_entry_is_refused_and_nothing_is_written_outside(tmp_path: Path, database: Path,
                                                                  export: Path) -> None:
    bestanden = export_bestanden(export)
    bestanden["../../ontsnapt.csv"] = b"a,b\n1,2\n"
    resultaat = weigert([Upload.van_bytes("export.zip", zip_van(bestanden))], database)
    assert problemen(resultaat) == ["het zip-bestand bevat een onveilig pad ('../../ontsnapt.csv') dat buiten "
                                    "de uitpakmap zou schrijven"]
    assert not list(tmp_path.rglob("ontsnapt.csv"))
    assert not list(Path(tempfile.gettempdir()).glob("ontsnapt.csv"))


@pytest.mark.parametrize("pad", ["/etc/clusters.csv", "C:/export/clusters.csv", "export\\..\\..\\x.csv"])
def test_absolute_and_backslash_paths_are_refused(database: Path, export: Path, pad: str) -> None:
    bestanden = export_bestanden(export)
    bestanden[pad] = b"x"
    resultaat = weigert([Upload.van_bytes("export.zip", zip_van(bestanden))], database)
    assert problemen(resultaat)[0].startswith("het zip-bestand bevat een onveilig pad")


def test_random_bytes_named_zip(database: Path) -> None:
    resultaat = weigert([Upload.van_bytes("export.zip", bytes(range(256)) * 10)], database)
    assert problemen(resultaat) == ["het bestand heet .zip maar is geen zip-bestand"]


def test_text_named_zip(database: Path) -> None:
    resultaat = weigert([Upload.van_bytes("export.zip", b"cluster_id,naam\nUTR,Utrecht\n")], database)
    assert problemen(resultaat) == ["het bestand heet .zip maar is geen zip-bestand maar tekst"]


def test_png_image(database: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(100)
    resultaat = weigert([Upload.van_bytes("scherm.png", png)], database)
    assert problemen(resultaat) == ["dit bestandstype (.png) wordt niet ingelezen; het bestand is een "
                                    "afbeelding (PNG)"]
    resultaat = weigert([Upload.van_bytes("maatregelen.csv", png)], database)
    assert problemen(resultaat) == ["het bestand heet .csv maar is een afbeelding (PNG)"]
    resultaat = weigert([Upload.van_bytes("export.zip", png)], database)
    assert problemen(resultaat) == ["het bestand heet .zip maar is een afbeelding (PNG)"]


def test_empty_file_and_nothing_chosen(database: Path) -> None:
    assert problemen(weigert([Upload.van_bytes("export.zip", b"")], database)) == ["het bestand is leeg (0 bytes)"]
    assert problemen(weigert([], database)) == ["er is geen bestand gekozen"]


def test_zip_without_export_files(database: Path) -> None:
    resultaat = weigert([Upload.van_bytes("export.zip", zip_van({"foto.jpg": b"\xff\xd8\xff", "a/b.zip": b"PK"}))],
                        database)
    assert problemen(resultaat) == ["er staat geen enkel exportbestand (.csv, .parquet of .xlsx) in de upload"]
    assert any("een zip in een zip wordt niet uitgepakt" in w for w in resultaat.resultaat.waarschuwingen)


def test_oversized_upload_is_refused_without_reading_it(tmp_path: Path, database: Path) -> None:
    def nooit_lezen():
        raise AssertionError("een te groot bestand mag niet worden gelezen")

    twee_gb = 2 * 1024**3
    resultaat = weigert([Upload("export.zip", twee_gb, nooit_lezen)], database)
    assert problemen(resultaat) == ["het bestand is 2.048 MB; het maximum is 500 MB per bestand"]
    assert upload.lees_pogingen(database)[-1]["bestanden"] == [
        {"bestand": "export.zip", "grootte": twee_gb, "sha256": None}]

    ijl = tmp_path / "groot.zip"  # a sparse file: 2 GB on paper, nothing on disk
    with open(ijl, "wb") as f:
        f.truncate(twee_gb)
    assert problemen(weigert([Upload.van_pad(ijl)], database))[0].startswith("het bestand is 2.048 MB")


def test_zip_bomb_caps(monkeypatch: pytest.MonkeyPatch, database: Path, export: Path) -> None:
    monkeypatch.setattr(upload, "MAX_UITGEPAKT_BYTES", 1000)
    resultaat = weigert([Upload.van_bytes("export.zip", zip_van(export_bestanden(export)))], database)
    assert problemen(resultaat)[0].startswith("uitgepakt is de export ")
    # the bytes are also counted while unpacking (a zip's declared sizes can lie): separate files
    resultaat = weigert([Upload.van_pad(p) for p in sorted(export.iterdir())], database)
    assert problemen(resultaat)[0].startswith("uitgepakt is de export groter dan")

    monkeypatch.setattr(upload, "MAX_UITGEPAKT_BYTES", 10**9)
    monkeypatch.setattr(upload, "MAX_BESTANDEN", 5)
    resultaat = weigert([Upload.van_bytes("export.zip", zip_van(export_bestanden(export)))], database)
    assert problemen(resultaat) == [f"het zip-bestand bevat {len(list(export.iterdir()))} bestanden; het "
                                    f"maximum is 5"]


# A child process imports the upload and reports how much its peak memory (ru_maxrss) grew during the call;
# its temporary folder is TMPDIR, so the test sees what it leaves behind.
_GEHEUGEN_SCRIPT = """
import datetime as dt, json, resource, sys
from pathlib import Path
from kpi.data import upload

def piek_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

voor = piek_mb()
resultaat = upload.importeer_upload([upload.Upload.van_pad(Path(sys.argv[1]))], Path(sys.argv[2]), "beheer@demo.jb",
                                    vandaag=dt.date(2025, 10, 1))
print(json.dumps({"groei_mb": piek_mb() - voor, "geslaagd": resultaat.geslaagd,
                  "problemen": [m.probleem for m in resultaat.resultaat.fouten]}))
"""


def importeer_in_eigen_proces(zip_pad: Path, database: Path, tijdelijk: Path) -> dict:
    tijdelijk.mkdir(exist_ok=True)
    uitvoer = subprocess.run([sys.executable, "-c", _GEHEUGEN_SCRIPT, str(zip_pad), str(database)],
                             capture_output=True, text=True, cwd=ROOT, timeout=300,
                             env={**os.environ, "TMPDIR": str(tijdelijk), "PYTHONPATH": str(ROOT)})
    assert uitvoer.returncode == 0, uitvoer.stderr[-3000:]
    return json.loads(uitvoer.stdout.strip().splitlines()[-1])


def test_zip_bomb_is_refused_before_unpacking_memory_stays_bounded_no_folder_left(
        tmp_path: Path, database: Path, export: Path) -> None:
    """A 500 MB contacten.csv of one valid line repeated packs to 2 MB (a zip bomb, under the old 2 GB
    cap). It is refused on its declared sizes before a byte is unpacked: the import process grows by
    less than 100 MB (the old code unpacked it to /tmp and read it whole: over 2 GB), and no temporary
    folder is left behind."""
    regel = b"C1,M1,W1,2025-01-15,face_to_face,true,true,false,false,jeugdzorgwerker,true\n"
    blok = regel * (1024 * 1024 // len(regel))
    bom = tmp_path / "export.zip"
    with zipfile.ZipFile(bom, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for naam, data in export_bestanden(export).items():
            if naam != "contacten.csv":
                zf.writestr(naam, data)
        with zf.open("contacten.csv", "w", force_zip64=True) as lid:
            lid.write((export / "contacten.csv").read_bytes())
            for _ in range(500):
                lid.write(blok)
    assert bom.stat().st_size < 3 * 1024 * 1024
    voor = sha256(database)

    uitkomst = importeer_in_eigen_proces(bom, database, tmp_path / "tmp")

    assert not uitkomst["geslaagd"]
    assert uitkomst["problemen"][0].startswith("'contacten.csv' pakt uit tot 500 MB uit ")
    assert uitkomst["problemen"][0].endswith("meer dan 100 keer zo groot, wat een export nooit is (mogelijk een "
                                             "'zip-bom'); het zip-bestand wordt niet uitgepakt")
    assert uitkomst["groei_mb"] < 100, uitkomst
    assert list((tmp_path / "tmp").iterdir()) == []
    assert sha256(database) == voor


def test_export_over_the_cap_is_refused_on_its_declared_size(monkeypatch: pytest.MonkeyPatch, database: Path,
                                                             export: Path) -> None:
    monkeypatch.setattr(upload, "MAX_UITGEPAKT_BYTES", 5 * 1024 * 1024)
    bestanden = export_bestanden(export) | {"contacten.csv": (export / "contacten.csv").read_bytes()
                                            + os.urandom(3 * 1024 * 1024).hex().encode()}  # 6 MB, packs 1:2
    resultaat = weigert([Upload.van_bytes("export.zip", zip_van(bestanden))], database)
    assert problemen(resultaat) == ["uitgepakt is de export 6 MB; het maximum is 5 MB"]


def test_parquet_counts_with_what_it_unpacks_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               database: Path, export: Path) -> None:
    """Parquet is compressed: 10 million equal values take 18 KB on disk and 160 MB once read as text (at
    least 16 bytes a value). That counts against the cap, before the importer reads the file."""
    monkeypatch.setattr(upload, "MAX_UITGEPAKT_BYTES", 100 * 1024 * 1024)
    bom = tmp_path / "geen_hulp_nodig.parquet"
    pl.DataFrame({"maatregel_id": ["M4"] * 10_000_000}).write_parquet(bom)
    assert bom.stat().st_size < 100_000
    uploads = [Upload.van_pad(p) for p in sorted(export.iterdir()) if p.stem != "geen_hulp_nodig"]
    resultaat = weigert([*uploads, Upload.van_pad(bom)], database)
    assert problemen(resultaat) == ["de gegevens in de upload zijn samen ongeveer 153 MB (dit bestand 153 MB); het "
                                    "maximum is 100 MB"]
    assert resultaat.resultaat.fouten[0].bestand == "geen_hulp_nodig.parquet"


def test_temporary_folders_left_by_a_crashed_run_are_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             database: Path, export: Path) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    oud = tmp_path / "jb-upload-oud"  # left by a process that was killed while unpacking
    (oud / "export").mkdir(parents=True)
    (oud / "export" / "contacten.csv").write_bytes(b"x" * 1000)
    jong = tmp_path / "jb-upload-jong"  # just made by another session, not locked yet
    jong.mkdir()
    anders = tmp_path / "iets-anders"
    anders.mkdir()
    uur_geleden = time.time() - 3600
    for pad in (oud / "export" / "contacten.csv", oud / "export", oud, anders):
        os.utime(pad, (uur_geleden, uur_geleden))
    with upload._upload_map() as bezig:  # an upload being imported right now, in another session
        os.utime(bezig, (uur_geleden, uur_geleden))
        assert upload.importeer_upload([Upload.van_pad(p) for p in sorted(export.iterdir())], database,
                                       "beheer@demo.jb", vandaag=VANDAAG).geslaagd
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["iets-anders", "jb-upload-jong", bezig.name,
                                                                     "data"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "iets-anders", "jb-upload-jong"]
    assert upload.ruim_oude_uploads() == []


def test_temporary_folder_is_removed_when_the_import_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          database: Path, export: Path) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()

    def kapot(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(importer, "importeer", kapot)
    with pytest.raises(MemoryError):
        upload.importeer_upload([Upload.van_pad(p) for p in sorted(export.iterdir())], database, "beheer@demo.jb")
    assert list((tmp_path / "tmp").iterdir()) == []


def test_encrypted_member_and_duplicate_names(database: Path, export: Path) -> None:
    data = bytearray(zip_van(export_bestanden(export)))
    centraal = data.find(b"PK\x01\x02")  # central directory: 46 fixed bytes, then the name
    while data[centraal + 46:centraal + 46 + len(b"clusters.csv")] != b"clusters.csv":
        centraal = data.find(b"PK\x01\x02", centraal + 4)
    data[centraal + 8] |= 0x1  # general purpose flag bit 0: encrypted
    resultaat = weigert([Upload.van_bytes("export.zip", bytes(data))], database)
    assert problemen(resultaat) == ["'clusters.csv' in het zip-bestand is met een wachtwoord beveiligd"]

    bestanden = export_bestanden(export, "a/") | {"b/clusters.csv": (export / "clusters.csv").read_bytes()}
    resultaat = weigert([Upload.van_bytes("export.zip", zip_van(bestanden))], database)
    assert problemen(resultaat) == ["het bestand clusters.csv staat meer dan eens in de upload ('a/clusters.csv' "
                                    "en 'b/clusters.csv')"]


def test_damaged_zip(database: Path, export: Path) -> None:
    data = bytearray(zip_van(export_bestanden(export)))
    data[200:400] = bytes(200)  # inside the compressed data of the first member
    resultaat = weigert([Upload.van_bytes("export.zip", bytes(data))], database)
    assert problemen(resultaat)[0].startswith("het zip-bestand is beschadigd of kan niet worden uitgepakt")


def test_bad_date_is_reported_with_file_row_column_value(tmp_path: Path, database: Path) -> None:
    map = schrijf_export(tmp_path / "fout", met_fout("maatregelen", 1, startdatum="31-02-2025"))
    resultaat = weigert([Upload.van_bytes("export.zip", zip_van(export_bestanden(map, "export/")))], database)
    [melding] = resultaat.resultaat.fouten
    assert (melding.bestand, melding.rij, melding.kolom, melding.waarde, melding.probleem) == (
        "maatregelen.csv", 3, "startdatum", "31-02-2025", "geen geldige datum")
    tabel = upload.fouten_tabel(resultaat.resultaat.fouten)
    assert tabel.columns == ["Bestand", "Rij", "Kolom", "Waarde", "Probleem", "Oplossing", "Aantal"]
    csv = downloads.csv_bytes(tabel).decode("utf-8-sig")
    assert csv.splitlines()[1].startswith("maatregelen.csv;3;startdatum;31-02-2025;geen geldige datum;Gebruik")
    historie = upload.geschiedenis(database)
    assert historie["resultaat"].to_list() == ["afgewezen", "geslaagd"]
    assert "maatregelen.csv, rij 3, kolom startdatum" in historie["toelichting"][0]
    assert historie["huidig"].to_list() == [False, True]


# --------------------------------------------------------------------------- restore and the demo database


def test_restore_previous_is_logged_and_history_keeps_the_undone_import(tmp_path: Path, database: Path) -> None:
    eerste = sha256(database)
    assert upload.vorige_versie(database) is None
    tabellen = geldige_tabellen()
    tabellen["casuistiekbesprekingen"].append({"maatregel_id": "M1", "datum": "2025-09-30"})
    tweede = schrijf_export(tmp_path / "tweede", tabellen)
    assert upload.importeer_upload([Upload.van_pad(p) for p in tweede.iterdir()], database, "beheer@demo.jb",
                                   vandaag=VANDAAG).geslaagd
    vorige = upload.vorige_versie(database)
    assert vorige is not None and vorige.gebruiker == "cli" and vorige.exportdatum == dt.date(2025, 9, 26)

    nu = upload.terugzetten(database, "beheer@demo.jb")

    assert sha256(database) == eerste and nu.exportdatum == dt.date(2025, 9, 26)
    historie = upload.geschiedenis(database)
    assert historie["actie"].to_list() == ["Terugzetten", "Import (upload)", "Import"]
    assert historie["huidig"].to_list() == [False, False, True]
    assert upload.samenvatting(database).exportdatum == dt.date(2025, 9, 26)


def test_command_line_imports_are_in_the_attempts_log_and_named_so(tmp_path: Path, database: Path,
                                                                   export: Path) -> None:
    """`python -m kpi import` appends to the attempts log too, rejected or not (docs/import.md said it did
    not), and the history names it a command-line import, not an upload."""
    from kpi.cli import main

    fout = schrijf_export(tmp_path / "fout", met_fout("maatregelen", 1, startdatum="31-02-2025"))
    assert main(["import", str(fout), "--db", str(database), "--gebruiker", "cli-beheer"]) == 1
    assert main(["import", str(export), "--db", str(database), "--gebruiker", "cli-beheer"]) == 0
    pogingen = upload.lees_pogingen(database)
    assert [(p["resultaat"], p["via"], p["gebruiker"]) for p in pogingen] == [
        ("afgewezen", "opdrachtregel", "cli-beheer"), ("geslaagd", "opdrachtregel", "cli-beheer")]
    assert pogingen[0]["fouten"][0].startswith("maatregelen.csv, rij 3, kolom startdatum")
    historie = upload.geschiedenis(database)
    assert historie["actie"].to_list() == ["Import (opdrachtregel)", "Import (opdrachtregel)", "Import"]
    assert historie["resultaat"].to_list() == ["geslaagd", "afgewezen", "geslaagd"]


def test_attempts_log_skips_damaged_lines(database: Path) -> None:
    upload.pogingen_pad(database).write_text('{"tijdstip": "2025-10-01 10:00:00", "resultaat": "afgewezen"}\n'
                                             "kapot{\n[1]\n", encoding="utf-8")
    assert len(upload.lees_pogingen(database)) == 1
    assert upload.geschiedenis(database).height == 2


def test_upload_limit_matches_the_streamlit_config() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == upload.MAX_UPLOAD_MB


# --------------------------------------------------------------------------- property: never a traceback


NAMEN = st.one_of(
    st.sampled_from([f"{t}.csv" for t in contract.TABLE_NAMES] + ["x.parquet", "y.xlsx", "a/b/c.csv", "../x.csv",
                                                                   "/abs.csv", "dir/", "~$lock.xlsx", ".verborgen"]),
    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=20),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(leden=st.lists(st.tuples(NAMEN, st.binary(max_size=300)), max_size=6),
       ruw=st.one_of(st.none(), st.binary(max_size=400)),
       naam=st.sampled_from(["export.zip", "maatregelen.csv", "teams.parquet", "hulp.xlsx", "foto.png", "x"]))
def test_random_uploads_never_raise_and_never_change_the_database(basis_db: Path, leden, ruw, naam) -> None:
    with tempfile.TemporaryDirectory() as tijdelijk:
        database = Path(tijdelijk) / "gi.duckdb"
        shutil.copy2(basis_db, database)
        voor = sha256(database)
        if ruw is None:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w") as zf:
                for lidnaam, data in leden:
                    zf.writestr(lidnaam, data)
            data = buffer.getvalue()
        else:
            data = ruw
        resultaat = upload.importeer_upload([Upload.van_bytes(naam, data)], database, "beheer@demo.jb",
                                            vandaag=VANDAAG)
        assert not resultaat.geslaagd  # never a whole valid export
        assert resultaat.resultaat.fouten and all(m.probleem and m.oplossing for m in resultaat.resultaat.fouten)
        assert resultaat.rapport().startswith("Import afgewezen")
        assert sha256(database) == voor
        assert sorted(p.name for p in Path(tijdelijk).iterdir()) == ["gi.duckdb", "gi.importpogingen.jsonl"]
        assert json.loads(upload.pogingen_pad(database).read_text().splitlines()[-1])["resultaat"] == "afgewezen"


# --------------------------------------------------------------------------- a large export


@pytest.fixture(scope="module")
def groot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generator's scale-5 export (national size; ~15 s to write)."""
    from kpi.data.generator import generate

    map = tmp_path_factory.mktemp("groot") / "export"
    generate(map, seed=5, scale=5)
    return map


@pytest.mark.slow
def test_large_export_reports_increasing_progress_up_to_done(groot: Path, tmp_path: Path) -> None:
    stappen: list[tuple[float, str]] = []
    resultaat = upload.importeer_upload([Upload.van_pad(p) for p in sorted(groot.iterdir())],
                                        tmp_path / "groot.duckdb", "beheer@demo.jb",
                                        voortgang=lambda f, t: stappen.append((f, t)))
    assert resultaat.geslaagd, resultaat.rapport()[:2000]
    fracties = [f for f, _ in stappen]
    assert fracties == sorted(fracties) and fracties[-1] == 1.0
    assert len({round(f, 2) for f in fracties}) > 10  # a bar that moves, not one jump
    assert stappen[-1][1] == "import geslaagd"
    assert resultaat.resultaat.rijen["contacten"] > 2_000_000


# --------------------------------------------------------------------------- the page (AppTest)


def test_page_for_beheer_shows_data_history_and_restore(tmp_path: Path, database: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    eerste = sha256(database)
    tabellen = geldige_tabellen()
    tabellen["plannen"].append({"maatregel_id": "M2", "vastgesteld_op": "2025-09-29"})
    assert upload.importeer_upload([Upload.van_pad(p) for p in schrijf_export(tmp_path / "t", tabellen).iterdir()],
                                   database, "beheer@demo.jb", vandaag=VANDAAG).geslaagd
    at = open_app(database, monkeypatch, None, "beheer@demo.jb")
    at.switch_page("pages/gegevens.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["Gegevens"]
    assert [h.value for h in at.header] == ["Nieuwe export importeren", "Huidige gegevens", "Importgeschiedenis",
                                            "Vorige database terugzetten"]
    assert {m.label: m.value for m in at.metric}["Exportdatum"] == "29-09-2025"
    assert at.dataframe[1].value["Gebruiker"].to_list() == ["beheer@demo.jb", "cli"]

    next(b for b in at.button if b.label == "Vorige database terugzetten…").click()
    at.run()
    assert any("Weet u het zeker?" in w.value for w in at.warning)
    next(b for b in at.button if b.label == "Ja, terugzetten").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert sha256(database) == eerste
    assert any("De vorige database is teruggezet: exportdatum 26-09-2025" in s.value for s in at.success)
    assert {m.label: m.value for m in at.metric}["Exportdatum"] == "26-09-2025"


@pytest.mark.parametrize("email", ["bestuur@demo.jb", "gm.utrecht@demo.jb", "gemeente.gm1171@demo.jb"])
def test_other_roles_do_not_get_the_page(demo_db: Path, monkeypatch: pytest.MonkeyPatch, email: str) -> None:
    at = open_app(demo_db, monkeypatch, None, email)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/gegevens.py")


@pytest.mark.parametrize("email", [None, "bestuur@demo.jb", "gm.utrecht@demo.jb", "gemeente.gm1171@demo.jb"])
def test_page_refuses_anyone_but_beheer_itself(database: Path, monkeypatch: pytest.MonkeyPatch,
                                               email: str | None) -> None:
    """Run the page file directly, as a URL around the router would: it stops before showing anything."""
    from streamlit.testing.v1 import AppTest

    from kpi.data import auth
    from kpi.presentation import state

    monkeypatch.setenv(db.DB_ENV, str(database))
    at = AppTest.from_file("../pages/gegevens.py", default_timeout=30)
    if email:
        at.session_state[state.GEBRUIKER_KEY] = auth.gebruiker_voor(email)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error][0].startswith("Deze pagina is alleen voor functioneel beheer")
    assert not at.title and not at.header
