"""Import of an uploaded export (the Gegevens page): unpack safely, import, summarise, log.

The page hands over what the browser sent: one `.zip` with the export, or the
separate table files (`NAME.csv`, `NAME.parquet`, `NAME.xlsx`). This module

1. checks every upload before reading it (size, empty, type by its first bytes),
   and unpacks a zip into a temporary folder without trusting it: no path from
   the zip is ever used to write (members are flattened to their file name),
   unsafe paths (`../`, absolute, links) and encrypted members refuse the zip,
   and the number of files, the unpacked size (declared, and counted while
   unpacking in blocks) and how much a member grows when unpacked are capped, so a
   zip bomb is refused before it is unpacked. Parquet and xlsx count with what they
   unpack to, so memory stays bounded too. The temporary folder is removed
   afterwards, and folders a crashed run left behind are removed before the next
   upload and when the server starts;
2. imports that folder with `kpi.data.importer.importeer`, the same code path as
   `python -m kpi import` (all or nothing, backup, atomic swap, import_log);
3. records every attempt, also a rejected one, in a JSON-lines file next to the
   database (`NAME.importpogingen.jsonl`; `python -m kpi import` writes it too): a
   rejected import may not touch the database, so its import_log cannot hold it;
4. summarises the current database (rows per table, period, export date, the
   difference with the previous import) and merges the import history.

Every problem is a `kpi.data.importer.Melding` with a Dutch `probleem` and
`oplossing`; nothing here raises on bad input. docs/import.md has the limits.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
import shutil
import stat
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO, ContextManager

import duckdb
import polars as pl

from kpi.core import fouten
from kpi.data import contract, importer
from kpi.data.db import DatabaseError
from kpi.data.importer import ImportResultaat, Melding, Voortgang

try:
    import fcntl
except ImportError:  # not POSIX: appends are not serialised
    fcntl = None  # type: ignore[assignment]

MAX_UPLOAD_MB = 500  # per file; the same number is server.maxUploadSize in .streamlit/config.toml
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
# Everything unpacked from the uploads together, as the importer will hold it (importer.geschatte_omvang:
# a CSV its size, parquet and xlsx what they unpack to). The import needs about 5 times this in memory
# (measured: 1.3 GB for the 282 MB scale-5 export), so this cap bounds the memory of an upload.
MAX_UITGEPAKT_MB = 1024
MAX_UITGEPAKT_BYTES = MAX_UITGEPAKT_MB * 1024 * 1024
MAX_BESTANDEN = 200  # files in one zip
MAX_VERHOUDING = 100  # a zip member may unpack to at most this many times its packed size (CSV: 4-9 times)
TIJDELIJK_VOORVOEGSEL = "jb-upload-"  # temporary folders of uploads being imported, in tempfile.gettempdir()
OUD_NA_SECONDEN = 60  # an unlocked temporary folder older than this was left by a crashed run
POGINGEN_ACHTERVOEGSEL = ".importpogingen.jsonl"
ACTIE_IMPORT, ACTIE_TERUGZETTEN = "import", "terugzetten"
VIA_UPLOAD, VIA_OPDRACHTREGEL = "upload", "opdrachtregel"  # where an import attempt came from
_ACTIE_IMPORT = {VIA_UPLOAD: "Import (upload)", VIA_OPDRACHTREGEL: "Import (opdrachtregel)"}
RESULTAAT_AFGEWEZEN = "afgewezen"
_BLOK = 1024 * 1024  # unpacked and copied in blocks of this size
_FOUTEN_IN_LOG = 20  # error lines kept per rejected attempt in the log

_OPLOSSING_VORM = ("Upload één zip-bestand met de export, of de losse exportbestanden (één .csv, .parquet "
                   "of .xlsx per tabel, zoals maatregelen.csv).")
_OPLOSSING_GROOT = (f"Pak de export in als zip-bestand (dat is meestal tien keer kleiner); lukt het dan nog "
                    f"niet, laat de export dan op de server laden met 'python -m kpi import MAP'.")
_OPLOSSING_ZIP = ("Maak het zip-bestand opnieuw, in Windows met 'Kopiëren naar' > 'Gecomprimeerde map', "
                  "zonder wachtwoord, en upload het opnieuw.")
# First bytes of formats people upload by mistake, for a message that says what the file is.
_HANDTEKENINGEN = (
    (b"\x89PNG\r\n\x1a\n", "een afbeelding (PNG)"),
    (b"\xff\xd8\xff", "een afbeelding (JPEG)"),
    (b"GIF8", "een afbeelding (GIF)"),
    (b"%PDF", "een PDF-document"),
    (b"\xd0\xcf\x11\xe0", "een oud Office-bestand (.xls of .doc)"),
    (b"Rar!", "een RAR-archief"),
    (b"7z\xbc\xaf", "een 7-Zip-archief"),
    (b"\x1f\x8b", "een gzip-archief"),
    (b"PK\x03\x04", "een zip-bestand"),
    (b"PAR1", "een Parquet-bestand"),
)
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with members; an empty zip


# --------------------------------------------------------------------------- uploads


@dataclass(frozen=True)
class Upload:
    """One uploaded file: its name as the browser sent it, its size, and how to read it.

    `grootte` is checked before anything is read, so an oversized upload costs nothing.
    """

    naam: str
    grootte: int
    openen: Callable[[], ContextManager[BinaryIO]]

    @classmethod
    def van_pad(cls, pad: Path, naam: str | None = None, grootte: int | None = None) -> Upload:
        pad = Path(pad)
        return cls(naam or pad.name, pad.stat().st_size if grootte is None else grootte,
                   lambda: open(pad, "rb"))

    @classmethod
    def van_bytes(cls, naam: str, data: bytes) -> Upload:
        return cls(naam, len(data), lambda: io.BytesIO(data))

    @classmethod
    def van_streamlit(cls, bestand) -> Upload:
        """A `streamlit.UploadedFile` (a BytesIO Streamlit keeps in memory, at most maxUploadSize)."""
        def openen() -> ContextManager[BinaryIO]:
            bestand.seek(0)
            return contextlib.nullcontext(bestand)
        return cls(bestand.name, bestand.size, openen)

    @property
    def bestandsnaam(self) -> str:
        """The file name without any folder the browser may have sent (never used as a path as is)."""
        naam = PurePosixPath(self.naam.replace("\\", "/")).name.strip()
        return naam or "(naamloos bestand)"


@dataclass
class Uitgepakt:
    """The export folder made from the uploads, or the reasons it could not be made."""

    map: Path
    bestanden: list[dict] = field(default_factory=list)  # per upload: bestand, grootte, sha256
    fouten: list[Melding] = field(default_factory=list)
    waarschuwingen: list[str] = field(default_factory=list)


class _Te_groot(Exception):
    """Unpacking went over MAX_UITGEPAKT_BYTES."""


def pak_uit(uploads: Iterable[Upload], doel: Path, voortgang: Voortgang | None = None) -> Uitgepakt:
    """Write the export files of `uploads` flat into the new folder `doel`.

    A problem in any upload is an error; the caller then imports nothing.
    """
    doel = Path(doel)
    doel.mkdir(parents=True)
    uploads = list(uploads)
    uit = Uitgepakt(doel)
    melden = voortgang or _stil
    if not uploads:
        _fout(uit, "(geen bestand)", "er is geen bestand gekozen", _OPLOSSING_VORM)
        return uit
    for upload in uploads:
        uit.bestanden.append(beschrijf(upload))
        _controleer_upload(upload, uit)
    if uit.fouten:
        return uit
    teller = _Teller()
    totaal = max(sum(u.grootte for u in uploads), 1)
    klaar = 0
    for upload in uploads:
        melden(klaar / totaal, f"{upload.bestandsnaam} uitpakken")
        try:
            if upload.bestandsnaam.lower().endswith(".zip"):
                _pak_zip(upload, uit, teller)
            else:
                _kopieer(upload, uit, teller)
        except _Te_groot:
            _fout(uit, upload.bestandsnaam,
                  f"uitgepakt is de export groter dan {_mb(MAX_UITGEPAKT_BYTES)}; het bestand wordt niet verwerkt "
                  f"(mogelijk een 'zip-bom')", _OPLOSSING_GROOT)
        except OSError as error:
            _fout(uit, upload.bestandsnaam, f"het bestand kon niet worden gelezen of uitgepakt "
                                            f"({error.strerror or error})",
                  "Upload het bestand opnieuw; blijft dit gebeuren, controleer dan de schijfruimte van de server.")
        klaar += upload.grootte
    if not uit.fouten and not any(doel.iterdir()):
        _fout(uit, ", ".join(u.bestandsnaam for u in uploads),
              "er staat geen enkel exportbestand (.csv, .parquet of .xlsx) in de upload", _OPLOSSING_VORM)
    if not uit.fouten:
        _controleer_omvang(uit)
    melden(1.0, "uitgepakt")
    return uit


def _controleer_omvang(uit: Uitgepakt) -> None:
    """Parquet and xlsx are compressed: what they unpack to counts against MAX_UITGEPAKT_BYTES too."""
    omvang = {pad.name: importer.geschatte_omvang(pad) for pad in sorted(uit.map.iterdir())}
    if sum(omvang.values()) > MAX_UITGEPAKT_BYTES:
        grootste = max(omvang, key=omvang.__getitem__)
        _fout(uit, grootste, f"de gegevens in de upload zijn samen ongeveer {_mb(sum(omvang.values()))} "
                             f"(dit bestand {_mb(omvang[grootste])}); het maximum is {_mb(MAX_UITGEPAKT_BYTES)}",
              _OPLOSSING_GROOT)


def _controleer_upload(upload: Upload, uit: Uitgepakt) -> None:
    """Size, emptiness and type by the first bytes, before anything is unpacked."""
    naam = upload.bestandsnaam
    soort = PurePosixPath(naam.lower()).suffix
    if upload.grootte > MAX_UPLOAD_BYTES:
        _fout(uit, naam, f"het bestand is {_mb(upload.grootte)}; het maximum is {_mb(MAX_UPLOAD_BYTES)} per "
                         f"bestand", _OPLOSSING_GROOT)
        return
    if upload.grootte == 0:
        _fout(uit, naam, "het bestand is leeg (0 bytes)",
              "Upload het bestand opnieuw; controleer of de export goed is weggeschreven.")
        return
    if soort != ".zip" and soort not in contract.FILE_EXTENSIONS:
        wat = _herken(_kop(upload))
        _fout(uit, naam, f"dit bestandstype ({soort or 'zonder extensie'}) wordt niet ingelezen"
                         f"{f'; het bestand is {wat}' if wat else ''}", _OPLOSSING_VORM)
        return
    kop = _kop(upload)
    if soort == ".zip" and not kop.startswith(_ZIP):
        wat = _herken(kop) or ("geen zip-bestand maar tekst" if _is_tekst(kop) else "geen zip-bestand")
        _fout(uit, naam, f"het bestand heet .zip maar is {wat}", _OPLOSSING_ZIP)
    elif soort in (".csv", ".parquet", ".xlsx"):
        probleem = _verkeerde_inhoud(soort, kop)
        if probleem:
            _fout(uit, naam, probleem, _OPLOSSING_VORM + " Exporteer de tabel opnieuw in het juiste formaat.")


def _verkeerde_inhoud(soort: str, kop: bytes) -> str | None:
    """A message when the first bytes do not fit the extension (the importer checks the rest)."""
    wat = _herken(kop)
    if soort == ".csv" and (wat or b"\x00" in kop):
        return f"het bestand heet .csv maar is {wat or 'geen tekstbestand'}"
    if soort == ".parquet" and not kop.startswith(b"PAR1"):
        return f"het bestand heet .parquet maar is {wat or 'geen Parquet-bestand'}"
    if soort == ".xlsx" and not kop.startswith(b"PK\x03\x04"):
        return f"het bestand heet .xlsx maar is {wat or 'geen Excel-werkmap'}"
    return None


def _pak_zip(upload: Upload, uit: Uitgepakt, teller: _Teller) -> None:
    """Check every member first; only a zip without problems is unpacked (flat, counted)."""
    naam = upload.bestandsnaam
    with upload.openen() as bron:
        try:
            with zipfile.ZipFile(bron) as zf:
                leden = _kies_leden(naam, zf.infolist(), uit)
                if leden is None:
                    return
                for lid, doelnaam in leden:
                    with zf.open(lid) as inhoud, open(uit.map / doelnaam, "xb") as schrijf:
                        teller.kopieer(inhoud, schrijf)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError,
                ValueError, zlib.error) as error:
            _fout(uit, naam, f"het zip-bestand is beschadigd of kan niet worden uitgepakt ({_kort(error)})",
                  _OPLOSSING_ZIP)


def _kies_leden(naam: str, leden: list[zipfile.ZipInfo], uit: Uitgepakt) -> list[tuple[zipfile.ZipInfo, str]] | None:
    """(member, flat file name) of the export files in a zip; None when the zip is refused."""
    bestanden = [lid for lid in leden if not lid.is_dir()]
    voor = len(uit.fouten)
    if len(bestanden) > MAX_BESTANDEN:
        _fout(uit, naam, f"het zip-bestand bevat {len(bestanden)} bestanden; het maximum is {MAX_BESTANDEN}",
              "Zet alleen de exportbestanden (één per tabel) in het zip-bestand.")
        return None
    gekozen: dict[str, tuple[zipfile.ZipInfo, str]] = {}
    for lid in leden:
        pad = lid.filename.replace("\\", "/")
        delen = [d for d in pad.split("/") if d not in ("", ".")]
        if pad.startswith("/") or re.match(r"^[A-Za-z]:", pad) or ".." in delen:
            _fout(uit, naam, f"het zip-bestand bevat een onveilig pad ('{_kort(lid.filename)}') dat buiten de "
                             f"uitpakmap zou schrijven", "Maak het zip-bestand opnieuw van de exportmap zelf; "
                                                       "het wordt om veiligheidsredenen niet uitgepakt.")
            continue
        if lid.is_dir() or not delen:
            continue
        if stat.S_ISLNK(lid.external_attr >> 16):
            _fout(uit, naam, f"het zip-bestand bevat een snelkoppeling ('{_kort(lid.filename)}')",
                  "Zet de bestanden zelf in het zip-bestand, geen snelkoppelingen.")
            continue
        if lid.flag_bits & 0x1:
            _fout(uit, naam, f"'{_kort(lid.filename)}' in het zip-bestand is met een wachtwoord beveiligd",
                  _OPLOSSING_ZIP)
            continue
        bestand = delen[-1]
        if any(d.startswith(".") or d == "__MACOSX" for d in delen) or bestand.startswith("~$"):
            continue  # hidden files, macOS resource forks, Excel lock files
        soort = PurePosixPath(bestand.lower()).suffix
        if soort not in contract.FILE_EXTENSIONS:
            extra = " (een zip in een zip wordt niet uitgepakt)" if soort == ".zip" else ""
            uit.waarschuwingen.append(f"{naam}: '{_kort(lid.filename)}' is geen exportbestand en wordt "
                                      f"overgeslagen{extra}.")
            continue
        sleutel = bestand.lower()
        if sleutel in gekozen or _bezet(uit.map, bestand):
            eerder = gekozen[sleutel][0].filename if sleutel in gekozen else bestand
            _fout(uit, naam, f"het bestand {bestand} staat meer dan eens in de upload ('{_kort(eerder)}' en "
                             f"'{_kort(lid.filename)}')", "Zet precies één export in het zip-bestand, met één "
                                                          "bestand per tabel.")
            continue
        gekozen[sleutel] = (lid, bestand)
    totaal = sum(lid.file_size for lid, _ in gekozen.values())
    if totaal > MAX_UITGEPAKT_BYTES:
        _fout(uit, naam, f"uitgepakt is de export {_mb(totaal)}; het maximum is {_mb(MAX_UITGEPAKT_BYTES)}",
              _OPLOSSING_GROOT)
    for lid, _ in gekozen.values():
        if lid.file_size > _BLOK and lid.file_size > MAX_VERHOUDING * max(lid.compress_size, 1):
            _fout(uit, naam, f"'{_kort(lid.filename)}' pakt uit tot {_mb(lid.file_size)} uit "
                             f"{_mb(lid.compress_size)}: meer dan {MAX_VERHOUDING} keer zo groot, wat een export "
                             f"nooit is (mogelijk een 'zip-bom'); het zip-bestand wordt niet uitgepakt",
                  "Maak het zip-bestand opnieuw van de exportbestanden zelf.")
    return None if len(uit.fouten) > voor else list(gekozen.values())


def _kopieer(upload: Upload, uit: Uitgepakt, teller: _Teller) -> None:
    naam = upload.bestandsnaam
    if _bezet(uit.map, naam):
        _fout(uit, naam, f"het bestand {naam} is meer dan eens geüpload (of staat ook in het zip-bestand)",
              "Upload elk exportbestand één keer.")
        return
    with upload.openen() as bron, open(uit.map / naam, "xb") as schrijf:
        teller.kopieer(bron, schrijf)


def _bezet(map: Path, naam: str) -> bool:
    """A file of that name (in any case) is unpacked already."""
    return any(p.name.lower() == naam.lower() for p in map.iterdir())


def beschrijf(upload: Upload, max_bytes: int | None = MAX_UPLOAD_BYTES) -> dict:
    """Name, size and sha256 of an offered file for the attempts log; a file over `max_bytes`
    (an oversized upload) is not read. The command line's import passes no limit."""
    sha = None
    if 0 < upload.grootte and (max_bytes is None or upload.grootte <= max_bytes):
        try:
            with upload.openen() as bron:
                sha = importer.sha256_van(bron)
        except OSError:
            pass
    return {"bestand": upload.bestandsnaam, "grootte": upload.grootte, "sha256": sha}


class _Teller:
    """Copies in blocks, counting every byte against MAX_UITGEPAKT_BYTES (headers of a zip can lie)."""

    def __init__(self) -> None:
        self.bytes = 0

    def kopieer(self, bron: BinaryIO, doel: BinaryIO) -> None:
        while blok := bron.read(_BLOK):
            self.bytes += len(blok)
            if self.bytes > MAX_UITGEPAKT_BYTES:
                raise _Te_groot
            doel.write(blok)


# --------------------------------------------------------------------------- import of an upload


@dataclass
class UploadResultaat:
    """The import result plus what was uploaded and the log line written for it."""

    resultaat: ImportResultaat
    uploads: list[dict]  # bestand, grootte, sha256
    poging: dict

    @property
    def geslaagd(self) -> bool:
        return self.resultaat.geslaagd

    def rapport(self) -> str:
        return self.resultaat.rapport()


def importeer_upload(uploads: Iterable[Upload], database: Path, gebruiker: str | None,
                     voortgang: Voortgang | None = None, vandaag: dt.date | None = None) -> UploadResultaat:
    """Unpack the uploads in a temporary folder and import it with `importer.importeer`.

    The database is replaced only by a complete valid import. Every attempt is
    appended to the attempts log next to the database. Progress: unpacking takes
    the first 10%, the importer (reading, checking, writing) the rest, ending at 1.0
    when the import succeeds.
    """
    database = Path(database)
    uploads = list(uploads)
    melden = voortgang or _stil
    ruim_oude_uploads()
    with _upload_map() as tijdelijk:
        uit = pak_uit(uploads, tijdelijk / "export", _deel(melden, 0.0, 0.1))
        if uit.fouten:
            resultaat = ImportResultaat(False, uit.fouten, uit.waarschuwingen, {}, None, None)
        else:
            bron = "upload: " + ", ".join(b["bestand"] for b in uit.bestanden)
            resultaat = importer.importeer(uit.map, database, gebruiker=gebruiker, vandaag=vandaag,
                                           voortgang=_deel(melden, 0.1, 1.0), bron=bron)
            resultaat.waarschuwingen[:0] = uit.waarschuwingen
    poging = registreer_import(database, gebruiker, resultaat, uit.bestanden, via=VIA_UPLOAD)
    return UploadResultaat(resultaat, uit.bestanden, poging)


@contextlib.contextmanager
def _upload_map() -> Iterator[Path]:
    """A new temporary folder for one upload, removed afterwards whatever happens.

    It is locked (flock) while in use, so `ruim_oude_uploads` in another session or
    process leaves it alone; a process that dies releases the lock.
    """
    map = Path(tempfile.mkdtemp(prefix=TIJDELIJK_VOORVOEGSEL))
    fd = os.open(map, os.O_RDONLY)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield map
    finally:
        shutil.rmtree(map, ignore_errors=True)
        os.close(fd)


def ruim_oude_uploads(map: Path | None = None) -> list[Path]:
    """Remove the temporary upload folders a crashed or killed run left behind; returns them.

    A folder (`jb-upload-*` in `map`, default the system's temporary folder) is left
    behind when nobody holds its lock and it is older than OUD_NA_SECONDEN (a younger
    one may be about to be locked). Called before every upload and when the server
    starts (`kpi.serve`). Without flock (not POSIX) nothing is removed.
    """
    if fcntl is None:
        return []
    weg: list[Path] = []
    for pad in Path(map or tempfile.gettempdir()).glob(TIJDELIJK_VOORVOEGSEL + "*"):
        try:
            info = pad.lstat()
            if (not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid()
                    or time.time() - info.st_mtime < OUD_NA_SECONDEN):
                continue
            fd = os.open(pad, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue  # in use by a running import
        try:
            shutil.rmtree(pad, ignore_errors=True)
            weg.append(pad)
        finally:
            os.close(fd)
    return weg


def registreer_import(database: Path, gebruiker: str | None, resultaat: ImportResultaat,
                      uploads: list[dict] | None = None, via: str = VIA_OPDRACHTREGEL) -> dict:
    """Append one import attempt (either result) to the attempts log; returns the line written.
    `via`: VIA_UPLOAD from the Gegevens page, VIA_OPDRACHTREGEL from `python -m kpi import`."""
    regel = {
        "tijdstip": _nu(),
        "actie": ACTIE_IMPORT,
        "via": via,
        "gebruiker": gebruiker,
        "resultaat": importer.RESULTAAT_GESLAAGD if resultaat.geslaagd else RESULTAAT_AFGEWEZEN,
        "bestanden": uploads or [],
        "rijen": resultaat.rijen if resultaat.geslaagd else {},
        "exportdatum": resultaat.exportdatum.isoformat() if resultaat.geslaagd and resultaat.exportdatum else None,
        "aantal_fouten": resultaat.aantal_fouten,
        "fouten": [m.tekst() for m in resultaat.fouten[:_FOUTEN_IN_LOG]],
        "waarschuwingen": len(resultaat.waarschuwingen),
    }
    if resultaat.geslaagd:
        laatste = _importlog(database)[-1:]
        if laatste:
            regel["import_id"] = laatste[0]["import_id"]
            regel["geimporteerd_op"] = laatste[0]["geimporteerd_op"]
            regel["tabellen"] = laatste[0]["bestanden"]
    _schrijf_regel(pogingen_pad(database), regel)
    return regel


def pogingen_pad(database: Path) -> Path:
    """The attempts log of `database`: NAME.importpogingen.jsonl next to it."""
    database = Path(database)
    return database.with_name(database.stem + POGINGEN_ACHTERVOEGSEL)


def _schrijf_regel(pad: Path, regel: dict) -> None:
    """Append one JSON line, locked and flushed to disk, so lines never interleave or get lost."""
    tekst = json.dumps(regel, ensure_ascii=False, default=str) + "\n"
    try:
        pad.parent.mkdir(parents=True, exist_ok=True)
        with open(pad, "a", encoding="utf-8") as bestand:
            if fcntl is not None:
                fcntl.flock(bestand.fileno(), fcntl.LOCK_EX)
            bestand.write(tekst)
            bestand.flush()
            os.fsync(bestand.fileno())
    except OSError as error:  # e.g. a read-only database folder: the attempt itself was already handled
        fouten.log_fout(error, f"importpoging niet vastgelegd in {pad} ({regel.get('actie')}, "
                               f"{regel.get('resultaat')})", "upload")


def lees_pogingen(database: Path) -> list[dict]:
    """Every line of the attempts log, oldest first; a damaged line is skipped."""
    pad = pogingen_pad(database)
    if not pad.is_file():
        return []
    regels = []
    for tekst in pad.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            regel = json.loads(tekst)
        except json.JSONDecodeError:
            continue
        if isinstance(regel, dict):
            regels.append(regel)
    return regels


# --------------------------------------------------------------------------- restore


@dataclass(frozen=True)
class Versie:
    """A database file described for a person: when its data was exported and imported, by whom."""

    pad: Path
    exportdatum: dt.date | None
    geimporteerd_op: dt.datetime | None
    gebruiker: str | None
    rijen: int | None


def vorige_versie(database: Path) -> Versie | None:
    """The backup `restore_previous` would put back, or None when there is none."""
    backups = importer.backups(database)
    return _versie(backups[-1]) if backups else None


def backups(database: Path) -> list[Versie]:
    """Every backup `terugzetten` can put back, newest first (an unreadable one has no exportdatum)."""
    return [_versie(p) for p in reversed(importer.backups(database))]


def terugzetten(database: Path, gebruiker: str | None, backup: Path | None = None) -> Versie:
    """Put the previous database (or the chosen `backup`) back with importer.restore_previous and log it;
    returns the version now current. A backup that cannot be read is refused (DatabaseError)."""
    database = Path(database)
    gekozen = backup or next(iter(importer.backups(database)[-1:]), None)
    if gekozen is not None and _versie(Path(gekozen)).exportdatum is None:
        raise DatabaseError(f"De backup {Path(gekozen).name} kan niet worden gelezen en wordt niet teruggezet; "
                            f"kies een andere backup.")
    bewaard = importer.restore_previous(database, backup)
    versie = _versie(database)
    _schrijf_regel(pogingen_pad(database), {
        "tijdstip": _nu(), "actie": ACTIE_TERUGZETTEN, "gebruiker": gebruiker,
        "resultaat": importer.RESULTAAT_GESLAAGD, "bestanden": [],
        "exportdatum": versie.exportdatum.isoformat() if versie.exportdatum else None,
        "rijen": {}, "aantal_fouten": 0, "fouten": [], "waarschuwingen": 0,
        "vervangen_bewaard_als": bewaard.name,
    })
    return versie


def _versie(pad: Path) -> Versie:
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"attach '{_sql_tekst(str(pad))}' as v (read_only)")
        meta = dict(con.execute("select sleutel, waarde from v.meta").fetchall())
        laatste = con.execute("select geimporteerd_op, gebruiker, bestanden from v.import_log "
                              "order by import_id desc limit 1").fetchone()
    except duckdb.Error:
        return Versie(pad, None, None, None, None)
    finally:
        con.close()
    exportdatum = dt.date.fromisoformat(meta["exportdatum"]) if meta.get("exportdatum") else None
    if laatste is None:
        return Versie(pad, exportdatum, None, None, None)
    rijen = sum(b.get("rijen", 0) for b in json.loads(laatste[2]))
    return Versie(pad, exportdatum, laatste[0], laatste[1], rijen)


# --------------------------------------------------------------------------- summary and history


@dataclass(frozen=True)
class Samenvatting:
    """What the current database holds, and how it differs from the import before it."""

    exportdatum: dt.date | None
    eerste_datum: dt.date | None
    laatste_datum: dt.date | None
    geimporteerd_op: dt.datetime | None
    gebruiker: str | None
    tabellen: pl.DataFrame  # tabel, rijen, vorige (None without a previous import), verschil

    @property
    def totaal(self) -> int:
        return int(self.tabellen["rijen"].sum())


def samenvatting(database: Path) -> Samenvatting:
    """Rows per table, the period covered and the change against the previous import (import_log)."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"attach '{_sql_tekst(str(database))}' as gi (read_only)")
        # A file from before a table joined the contract (the complaint tables) lacks it: 0 rows.
        in_bestand = {r[0] for r in con.execute("select table_name from duckdb_tables() where database_name = 'gi'"
                                                ).fetchall()}
        aanwezig = [t for t in contract.TABLES if t.name in in_bestand]
        rijen = {t.name: 0 for t in contract.TABLES}
        rijen.update({t.name: con.execute(f"select count(*) from gi.{t.name}").fetchone()[0] for t in aanwezig})
        datums = [f"select min({c.name}) as van, max({c.name}) as tot from gi.{t.name}"
                  for t in aanwezig for c in t.columns if c.type == contract.DATE]
        van, tot = con.execute(f"select min(van), max(tot) from ({' union all '.join(datums)})").fetchone()
        meta = dict(con.execute("select sleutel, waarde from gi.meta").fetchall())
    finally:
        con.close()
    log = _importlog(database)
    laatste = log[-1] if log else None
    vorige = log[-2] if len(log) > 1 else None
    vorige_rijen = ({b["tabel"]: b["rijen"] for b in vorige["bestanden"]} if vorige else None)
    tabellen = pl.DataFrame({
        "tabel": list(rijen),
        "rijen": list(rijen.values()),
        "vorige": [vorige_rijen.get(t, 0) if vorige_rijen is not None else None for t in rijen],
    }, schema={"tabel": pl.String, "rijen": pl.Int64, "vorige": pl.Int64})
    tabellen = tabellen.with_columns(verschil=pl.col("rijen") - pl.col("vorige"))
    exportdatum = dt.date.fromisoformat(meta["exportdatum"]) if meta.get("exportdatum") else None
    return Samenvatting(exportdatum, van, tot, laatste["geimporteerd_op"] if laatste else None,
                        laatste["gebruiker"] if laatste else None, tabellen)


GESCHIEDENIS_KOLOMMEN = {
    "tijdstip": pl.Datetime("us"), "gebruiker": pl.String, "actie": pl.String, "resultaat": pl.String,
    "exportdatum": pl.Date, "rijen": pl.Int64, "bestanden": pl.String, "toelichting": pl.String,
    "huidig": pl.Boolean,
}


def geschiedenis(database: Path) -> pl.DataFrame:
    """Every import and restore, newest first: the attempts log merged with the database's import_log.

    import_log holds the successful imports behind the current file (also those
    made before the attempts log existed); the attempts log, written by the page and
    by `python -m kpi import`, adds rejected imports, restores and imports a restore
    has undone. A successful import is in both and shown once, labelled by where it
    came from (upload or command line). `huidig` marks the import whose data the
    database holds now.
    """
    log = _importlog(database)
    huidig = (log[-1]["import_id"], str(log[-1]["geimporteerd_op"])) if log else None
    rijen: list[dict] = []
    gezien: set[tuple] = set()
    for p in lees_pogingen(database):
        if p.get("import_id") is not None:
            gezien.add((p["import_id"], str(p.get("geimporteerd_op"))))
        rijen.append({
            "tijdstip": _datumtijd(p.get("tijdstip")),
            "gebruiker": p.get("gebruiker"),
            "actie": ("Terugzetten" if p.get("actie") == ACTIE_TERUGZETTEN
                      else _ACTIE_IMPORT.get(p.get("via"), "Import")),  # lines before `via`: "Import"
            "resultaat": {"geslaagd": "geslaagd", RESULTAAT_AFGEWEZEN: "afgewezen"}.get(p.get("resultaat"), "?"),
            "exportdatum": _datum(p.get("exportdatum")),
            "rijen": sum(p.get("rijen", {}).values()) if p.get("rijen") else None,
            "bestanden": _bestanden_tekst(p.get("bestanden") or []),
            "toelichting": _toelichting(p),
            "huidig": False,
            "_sleutel": (p.get("import_id"), str(p.get("geimporteerd_op"))),
        })
    for r in log:
        sleutel = (r["import_id"], str(r["geimporteerd_op"]))
        if sleutel not in gezien:
            rijen.append({
                "tijdstip": r["geimporteerd_op"], "gebruiker": r["gebruiker"], "actie": "Import",
                "resultaat": "geslaagd", "exportdatum": r["exportdatum"],
                "rijen": sum(b["rijen"] for b in r["bestanden"]),
                "bestanden": _bestanden_tekst(r["bestanden"]), "toelichting": f"bron: {r['bron']}",
                "huidig": False, "_sleutel": sleutel,
            })
    for rij in rijen:
        sleutel = rij.pop("_sleutel")
        rij["huidig"] = sleutel == huidig and rij["resultaat"] == "geslaagd" and rij["actie"] != "Terugzetten"
    frame = pl.DataFrame(rijen, schema=GESCHIEDENIS_KOLOMMEN)
    return frame.sort("tijdstip", descending=True, nulls_last=True)


def _bestanden_tekst(bestanden: list[dict]) -> str:
    return ", ".join(f"{b.get('bestand', '?')} (sha256 {b['sha256'][:12]}…)" if b.get("sha256")
                     else str(b.get("bestand", "?")) for b in bestanden)


def _toelichting(p: dict) -> str:
    if p.get("actie") == ACTIE_TERUGZETTEN:
        return f"vorige database teruggezet; de vervangen versie staat in backups/ als {p.get('vervangen_bewaard_als')}"
    if p.get("resultaat") == RESULTAAT_AFGEWEZEN:
        eerste = (p.get("fouten") or [""])[0]
        return f"{p.get('aantal_fouten', 0)} fout(en); database niet gewijzigd. Eerste: {eerste}"
    return f"{p.get('waarschuwingen', 0)} waarschuwing(en)" if p.get("waarschuwingen") else ""


def fouten_tabel(fouten: list[Melding]) -> pl.DataFrame:
    """The report as a table for the screen and the CSV/Excel download (kpi.reports.downloads)."""
    return pl.DataFrame(
        [{"Bestand": m.bestand, "Rij": m.rij, "Kolom": m.kolom, "Waarde": m.waarde, "Probleem": m.probleem,
          "Oplossing": m.oplossing, "Aantal": m.aantal} for m in fouten],
        schema={"Bestand": pl.String, "Rij": pl.Int64, "Kolom": pl.String, "Waarde": pl.String,
                "Probleem": pl.String, "Oplossing": pl.String, "Aantal": pl.Int64})


# --------------------------------------------------------------------------- helpers


def _importlog(database: Path) -> list[dict]:
    """The import_log of `database` (oldest first), or [] when it cannot be read."""
    if not Path(database).is_file():
        return []
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"attach '{_sql_tekst(str(database))}' as gi (read_only)")
        rijen = con.execute("select import_id, geimporteerd_op, gebruiker, bron, exportdatum, bestanden "
                            "from gi.import_log order by import_id").fetchall()
    except duckdb.Error:
        return []
    finally:
        con.close()
    velden = ("import_id", "geimporteerd_op", "gebruiker", "bron", "exportdatum", "bestanden")
    log = [dict(zip(velden, r, strict=True)) for r in rijen]
    for r in log:
        r["bestanden"] = json.loads(r["bestanden"])
    return log


def _fout(uit: Uitgepakt, bestand: str, probleem: str, oplossing: str) -> None:
    uit.fouten.append(Melding(bestand, None, None, None, probleem, oplossing))


def _kop(upload: Upload, n: int = 4096) -> bytes:
    try:
        with upload.openen() as bron:
            return bron.read(n)
    except OSError:
        return b""


def _herken(kop: bytes) -> str | None:
    return next((wat for teken, wat in _HANDTEKENINGEN if kop.startswith(teken)), None)


def _is_tekst(kop: bytes) -> bool:
    return b"\x00" not in kop


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f} MB".replace(",", ".") if n >= 1024 * 1024 else f"{n} bytes"


def _kort(tekst: object, maximum: int = 80) -> str:
    tekst = "".join(t if t.isprintable() else "?" for t in str(tekst))
    return tekst if len(tekst) <= maximum else tekst[:maximum] + "…"


def _nu() -> str:
    return dt.datetime.now().isoformat(sep=" ")  # microseconds: attempts in one second keep their order


def _datumtijd(tekst: object) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(tekst)) if tekst else None
    except ValueError:
        return None


def _datum(tekst: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(tekst)) if tekst else None
    except ValueError:
        return None


def _stil(fractie: float, tekst: str) -> None:
    """The default progress callback: report nothing."""


def _deel(voortgang: Voortgang, van: float, tot: float) -> Voortgang:
    return lambda fractie, tekst: voortgang(van + (tot - van) * fractie, tekst)


def _sql_tekst(tekst: str) -> str:
    return tekst.replace("'", "''")
