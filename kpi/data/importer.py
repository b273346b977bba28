"""Import of an export folder (../shared/spec/data-contract.md) into a new database file.

1. Find one file per contract table (`NAME.csv`, `NAME.parquet` or `NAME.xlsx`).
2. Read it with every column as text, plus the row number the user sees in a
   spreadsheet (header = row 1, first data row = row 2; parquet counts the same way).
   Polars reads the file from disk; it is never held in memory as bytes.
3. Check every integrity rule of the contract with vectorised polars expressions
   (ids in their format, `contract.Column.formaat`; the complaint route and parts,
   docs/klachten.md; likely personal data,
   kpi/data/persoonsgegevens.py, rejected or with JB_PERSOONSGEGEVENS=waarschuwen a
   warning) and collect *all* problems as Dutch `Melding`s (at most
   `MAX_RIJEN_PER_FOUT` rows per file, column and rule, plus one line with the
   number left out).
4. Only a folder without a single error is written, one import at a time (a lock
   on the database folder): `build.build_database` writes a new file next to the
   target, the previous file is copied to `backups/`, and `os.replace` swaps the
   new one in. Readers never see a half-written file and a rejected folder leaves
   the database byte for byte as it was.

docs/import.md describes the rules and choices for users and maintainers.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import getpass
import hashlib
import io
import json
import os
import re
import shutil
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

try:
    import fcntl
except ImportError:  # not POSIX: imports are not serialised
    fcntl = None  # type: ignore[assignment]

from kpi.core import fouten
from kpi.data import build, contract, db
from kpi.data import persoonsgegevens as pg

Voortgang = Callable[[float, str], None]

MAX_RIJEN_PER_FOUT = 50  # rows listed per (file, column, rule); the rest is one count line
KERNTABELLEN = ("clusters", "teams", "gemeenten", "medewerkers", "maatregelen")  # may not be empty
BACKUP_MAP = "backups"
RESULTAAT_GESLAAGD = "geslaagd"
# Likely personal data (kpi/data/persoonsgegevens.py): reject the export (default) or import it with warnings.
# Set with the environment variable JB_PERSOONSGEGEVENS, or per call with importeer(persoonsgegevens=...).
PERSOONSGEGEVENS_ENV = "JB_PERSOONSGEGEVENS"
WEIGEREN, WAARSCHUWEN = "weigeren", "waarschuwen"
PERSOONSGEGEVENS_STANDAARD = WEIGEREN

_RIJ = "__rij"  # row number as the user sees it (header = 1)
_WAARDE = "__waarde"
_DETAIL = "__detail"
_GETYPEERD = "__getypeerd"
_EERSTE_DATUM = dt.date.fromisoformat(contract.EARLIEST_DATE)
_BOM = b"\xef\xbb\xbf"
_ISO_DATUM = r"^\d{4}-\d{1,2}-\d{1,2}$"
_NL_DATUM = r"^\d{1,2}-\d{1,2}-\d{4}$"
_MIDDERNACHT = r"^(\d{4}-\d{2}-\d{2})[ T]00:00(:00(\.0+)?)?$"  # an Excel date cell read as text
_NAAMLOOS = re.compile(r"^(__unnamed__\d*|)$")  # empty header cell (csv: '', xlsx: __UNNAMED__n)
_TONEN_MAX = 80  # characters of a value shown in a message
_BACKUP_STEMPEL = "%Y%m%d-%H%M%S-%f"
_TIJDELIJK = ".import-"  # .NAME.import-<uuid>.tmp: a database being written
_AANDEEL_LEZEN = 0.5  # share of the progress bar for reading and checking; writing takes about as long
_BLOK = 1024 * 1024  # files are hashed and scanned in blocks of this size
_KOP_MAX = 1024 * 1024  # the header line of a CSV is read up to this many bytes
_CEL_BYTES = 16  # memory of one value as text, at least (a polars string view)

_OPLOSSING_TYPE = {
    contract.DATE: "Gebruik JJJJ-MM-DD (bijv. 2024-03-31) of DD-MM-JJJJ (bijv. 31-03-2024) "
                   "en controleer of de dag bestaat.",
    contract.INT: "Vul een geheel getal in, bijv. 2012.",
    contract.DECIMAL: "Vul een getal in met een punt of komma, bijv. 0,8.",
    contract.BOOL: "Gebruik ja/nee, true/false of 1/0.",
}
_PROBLEEM_TYPE = {
    contract.DATE: "geen geldige datum",
    contract.INT: "geen geheel getal",
    contract.DECIMAL: "geen getal",
    contract.BOOL: "geen geldige ja/nee-waarde",
}
_OPLOSSING_PERSOONSGEGEVENS = (
    "Een export bevat alleen pseudoniemen: geen BSN, namen of geboortedatums. Laat de export in het bronsysteem "
    "aanpassen (een pseudoniem als id, geen namen of datums in vrije tekst) en importeer opnieuw. De waarde staat "
    "hier gemaskeerd.")
_OPLOSSING_ONDERDEEL_NR = "Nummer de onderdelen van elke klacht 1, 2, 3, ... zonder gaten: elk nummer één keer."
_OPLOSSING_UTF8 = ("Sla het bestand op als UTF-8, in Excel met 'Opslaan als' > 'CSV UTF-8 "
                   "(door komma's gescheiden)', en importeer de map opnieuw.")


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Melding:
    """One problem in an export, in Dutch: where it is, what is wrong and how to fix it.

    `aantal` is 1 for a problem in one place; a line standing for the rows left out
    of a long list ("en nog N rijen met dezelfde fout") has `rij` None and `aantal` N.
    """

    bestand: str
    rij: int | None
    kolom: str | None
    waarde: str | None
    probleem: str
    oplossing: str
    aantal: int = 1

    def tekst(self) -> str:
        plaats = [self.bestand]
        if self.rij is not None:
            plaats.append(f"rij {self.rij}")
        if self.kolom is not None:
            plaats.append(f"kolom {self.kolom}")
        if self.waarde is not None:
            plaats.append(f"waarde '{_toonbaar(self.waarde)}'")
        return f"{', '.join(plaats)}: {self.probleem}. Oplossing: {self.oplossing}"


@dataclass
class ImportResultaat:
    """The outcome of `importeer`: on success the new database, otherwise every problem found."""

    geslaagd: bool
    fouten: list[Melding]
    waarschuwingen: list[str]
    rijen: dict[str, int]
    exportdatum: dt.date | None
    database: Path | None

    @property
    def aantal_fouten(self) -> int:
        """Every violation counted, including the rows summarised in "en nog N rijen"."""
        return sum(m.aantal for m in self.fouten)

    def rapport(self) -> str:
        """The whole report in Dutch: errors grouped per file, then the warnings."""
        regels: list[str] = []
        if self.geslaagd:
            datum = self.exportdatum.strftime("%d-%m-%Y") if self.exportdatum else "onbekend"
            regels.append(f"Import geslaagd: {_getal(sum(self.rijen.values()))} rijen in "
                          f"{len(self.rijen)} tabellen, exportdatum {datum}.")
            if self.database is not None:
                regels.append(f"Database: {self.database}")
            regels.extend(f"  {tabel}: {_getal(n)} {'rij' if n == 1 else 'rijen'}"
                          for tabel, n in self.rijen.items())
        else:
            per_bestand: dict[str, list[Melding]] = {}
            for melding in self.fouten:
                per_bestand.setdefault(melding.bestand, []).append(melding)
            regels.append(
                f"Import afgewezen: {_aantal(self.aantal_fouten, 'fout', 'fouten')} in "
                f"{_aantal(len(per_bestand), 'bestand', 'bestanden')}. De database is niet "
                f"gewijzigd; herstel de fouten en importeer de map opnieuw.")
            for bestand, meldingen in per_bestand.items():
                aantal = sum(m.aantal for m in meldingen)
                regels += ["", f"{bestand} ({_aantal(aantal, 'fout', 'fouten')}):"]
                regels.extend(f"  - {m.tekst()}" for m in meldingen)
        if self.waarschuwingen:
            regels += ["", "Waarschuwingen:"]
            regels.extend(f"  - {w}" for w in self.waarschuwingen)
        return "\n".join(regels)


# --------------------------------------------------------------------------- public API


def lees_export(map: Path, vandaag: dt.date | None = None, voortgang: Voortgang | None = None,
                persoonsgegevens: str | None = None,
                ) -> tuple[dict[str, pl.DataFrame], list[Melding], list[str], dt.date | None]:
    """Read and validate an export folder; nothing is written.

    Returns (frames, fouten, waarschuwingen, exportdatum). `frames` holds every
    contract table typed as `build.conform` makes it, and is empty when there is any
    error. The export date is the latest valid date in the data; dates after
    `vandaag` (default: today) are errors. Likely personal data is an error or, with
    `persoonsgegevens` WAARSCHUWEN, a warning (default: `persoonsgegevens_modus()`).
    """
    export = _lees(Path(map), vandaag or dt.date.today(), voortgang, persoonsgegevens)
    return export.frames, export.fouten, export.waarschuwingen, export.exportdatum


def importeer(map: Path, database: Path, gebruiker: str | None = None,
              vandaag: dt.date | None = None, voortgang: Voortgang | None = None,
              bron: str | None = None, persoonsgegevens: str | None = None) -> ImportResultaat:
    """Import an export folder into `database`, all or nothing.

    A folder with any error is rejected whole and `database` stays byte-identical.
    Otherwise a new file is built next to it, the current file is copied to
    `backups/`, and the new file replaces it atomically. The new file's import log
    holds the old file's history plus one row for this import; its `bron` is the
    absolute folder, or `bron` when given (an upload names its files there).
    Likely personal data rejects the folder, or with `persoonsgegevens` WAARSCHUWEN
    is imported with a warning (default: `persoonsgegevens_modus()`).
    """
    map, database = Path(map), Path(database)
    melden = voortgang or _stil
    export = _lees(map, vandaag or dt.date.today(), _deel(melden, 0.0, _AANDEEL_LEZEN), persoonsgegevens)

    def afgewezen(fouten: list[Melding]) -> ImportResultaat:
        return ImportResultaat(False, fouten, export.waarschuwingen, export.rijen, export.exportdatum, None)

    if export.fouten:
        return afgewezen(export.fouten)
    assert export.exportdatum is not None  # _lees reports an export without any date as an error
    nieuw = database.with_name(f".{database.name}{_TIJDELIJK}{uuid.uuid4().hex}.tmp")
    try:
        database.parent.mkdir(parents=True, exist_ok=True)
        with _alleen(database.parent):
            _ruim_op(database)
            vorige, probleem = _vorige_importlog(database)
            if probleem:
                export.waarschuwingen.append(probleem)
            log = vorige + [{
                "import_id": max((r["import_id"] for r in vorige), default=0) + 1,
                "geimporteerd_op": dt.datetime.now().replace(microsecond=0),
                "gebruiker": gebruiker or _huidige_gebruiker(),
                "bron": bron or str(map.resolve()),
                "exportdatum": export.exportdatum,
                "resultaat": RESULTAAT_GESLAAGD,
                "bestanden": export.bestanden,
                "waarschuwingen": list(export.waarschuwingen),
            }]
            melden(_AANDEEL_LEZEN, "nieuwe database schrijven")
            # The tables take about a third of the writing time, the month-end series the rest.
            schrijven = 0.95 - _AANDEEL_LEZEN
            build.build_database(nieuw, export.frames, export.exportdatum, log, voortgang=lambda f, tekst: melden(
                _AANDEEL_LEZEN + schrijven * (0.3 + 0.7 * f), tekst))
            _controleer_aantallen(nieuw, export.rijen)
            melden(0.95, "vorige database bewaren en vervangen")
            if database.exists():
                _maak_backup(database)
            os.replace(nieuw, database)
            _sync_map(database.parent)
    except (OSError, duckdb.Error, db.DatabaseError, build.BuildError) as error:
        fouten.log_fout(error, f"import in {database} niet geschreven", "import")
        return afgewezen([Melding(
            database.name, None, None, None,
            f"de nieuwe database kon niet worden geschreven ({_schrijffout(error)})",
            "Controleer of de map schrijfbaar is en er genoeg schijfruimte is, en importeer "
            "opnieuw; de bestaande database is niet gewijzigd.")])
    finally:
        _verwijder(nieuw, nieuw.with_name(nieuw.name + ".wal"))
    melden(1.0, "import geslaagd")
    return ImportResultaat(True, [], export.waarschuwingen, export.rijen, export.exportdatum, database)


def restore_previous(database: Path, backup: Path | None = None) -> Path:
    """Put the newest backup of `database` (or the chosen `backup`, one of `backups()`) back, atomically.

    The file being replaced is first copied to `backups/` (it becomes the newest
    backup), so calling this twice swaps the two versions back: undo, then redo.
    Returns that new backup, or `database` itself when there was no file to replace.
    """
    database = Path(database)
    with _alleen(database.parent):
        backups = _backups(database)
        if not backups:
            raise FileNotFoundError(
                f"Er is geen backup van {database.name} in {database.parent / BACKUP_MAP} om terug te zetten.")
        terug = backups[-1] if backup is None else Path(backup)
        if terug not in backups:
            raise FileNotFoundError(f"{terug.name} is geen backup van {database.name} in {BACKUP_MAP}/.")
        bewaard = _maak_backup(database) if database.exists() else database
        os.replace(terug, database)
        _sync_map(database.parent)
    return bewaard


def persoonsgegevens_modus() -> tuple[str, str | None]:
    """What the import does with likely personal data: (WEIGEREN or WAARSCHUWEN, a warning or None).

    From the environment variable JB_PERSOONSGEGEVENS; unset means the default
    (WEIGEREN). An unknown value also rejects, with a warning saying so.
    """
    waarde = os.environ.get(PERSOONSGEGEVENS_ENV, "").strip().lower()
    if not waarde:
        return PERSOONSGEGEVENS_STANDAARD, None
    if waarde in (WEIGEREN, WAARSCHUWEN):
        return waarde, None
    return WEIGEREN, (f"{PERSOONSGEGEVENS_ENV} heeft de onbekende waarde '{_toonbaar(_afgekort(waarde) or '')}' "
                      f"(kies '{WEIGEREN}' of '{WAARSCHUWEN}'); een export met mogelijke persoonsgegevens wordt "
                      f"daarom geweigerd.")


def rebuild(database: Path, voortgang: Voortgang | None = None) -> None:
    """Rebuild a database file made by other code (kpi/data/build.py: another build or schema version)
    from its own contract tables and import log, the way an import writes: a new file next to it,
    the current one copied to `backups/`, the new one swapped in atomically, one at a time (when
    another process rebuilt it while this one waited, nothing is done). Raises db.DatabaseError with
    a Dutch message when the new file cannot be written (a read-only folder, a full disk); the
    current file is then left as it was."""
    database = Path(database)
    nieuw = database.with_name(f".{database.name}{_TIJDELIJK}{uuid.uuid4().hex}.tmp")
    try:
        with _alleen(database.parent):
            if not build.outdated(build.read_meta(database)):
                return
            _ruim_op(database)
            frames, exportdatum = build.read_tables(database)
            log, _ = _vorige_importlog(database)
            build.build_database(nieuw, frames, exportdatum, log, voortgang)
            _controleer_aantallen(nieuw, {tabel: frame.height for tabel, frame in frames.items()})
            _maak_backup(database)
            os.replace(nieuw, database)
            _sync_map(database.parent)
    except (OSError, duckdb.Error, build.BuildError) as error:
        raise db.DatabaseError(
            f"De database {database.name} is gemaakt door een andere versie van het dashboard en moet opnieuw "
            f"worden opgebouwd uit haar eigen tabellen, maar dat lukte niet ({_eerste_regel(error)}). De database "
            f"is niet gewijzigd. Vraag de beheerder om 'python -m kpi herbouw' uit te voeren met schrijfrechten "
            f"op de map van de database.") from error
    finally:
        _verwijder(nieuw, nieuw.with_name(nieuw.name + ".wal"))


def backups(database: Path) -> list[Path]:
    """The backups of `database` in `backups/`, oldest first; `restore_previous` puts back the last."""
    return _backups(Path(database))


# --------------------------------------------------------------------------- reading a folder


@dataclass
class _Export:
    frames: dict[str, pl.DataFrame] = field(default_factory=dict)
    fouten: list[Melding] = field(default_factory=list)
    waarschuwingen: list[str] = field(default_factory=list)
    exportdatum: dt.date | None = None
    rijen: dict[str, int] = field(default_factory=dict)
    bestanden: list[dict] = field(default_factory=list)  # import_log.bestanden


@dataclass
class _Tabel:
    """One table as read: text columns (stripped, '' = null) and their typed versions."""

    tabel: contract.Table
    bestand: str
    tekst: pl.DataFrame  # _RIJ + the contract columns present as String (after the checks: only _verwijzingskolommen)
    getypeerd: pl.DataFrame  # _RIJ + the same columns, typed as build.DTYPES


class _Verslag:
    """Collects errors and warnings; lists at most MAX_RIJEN_PER_FOUT rows per rule."""

    def __init__(self) -> None:
        self.fouten: list[Melding] = []
        self.waarschuwingen: list[str] = []

    def fout(self, bestand: str, probleem: str, oplossing: str, rij: int | None = None,
             kolom: str | None = None, waarde: str | None = None) -> None:
        self.fouten.append(Melding(bestand, rij, kolom, _afgekort(waarde), probleem, oplossing))

    def rijfouten(self, bestand: str, kolom: str | None, gevonden: pl.DataFrame, probleem: str,
                  oplossing: str, detail: str | None = None) -> None:
        """One Melding per row of `gevonden` (columns _RIJ, _WAARDE, optional _DETAIL).

        `detail` is a template for the problem of one row, with {detail} filled from
        _DETAIL; the "en nog N rijen" line uses the plain `probleem`.
        """
        totaal = gevonden.height
        if not totaal:
            return
        for rij in gevonden.bottom_k(MAX_RIJEN_PER_FOUT, by=_RIJ).sort(_RIJ).iter_rows(named=True):
            tekst = detail.format(detail=rij[_DETAIL]) if detail else probleem
            self.fout(bestand, tekst, oplossing, rij[_RIJ], kolom, rij.get(_WAARDE))
        if totaal > MAX_RIJEN_PER_FOUT:
            rest = totaal - MAX_RIJEN_PER_FOUT
            self.fouten.append(Melding(
                bestand, None, kolom, None,
                f"en nog {_aantal(rest, 'rij', 'rijen')} met dezelfde fout ({probleem}; "
                f"{_getal(totaal)} in totaal)", oplossing, rest))

    def waarschuw(self, tekst: str) -> None:
        self.waarschuwingen.append(tekst)


def _lees(map: Path, vandaag: dt.date, voortgang: Voortgang | None, persoonsgegevens: str | None) -> _Export:
    melden = voortgang or _stil
    verslag = _Verslag()
    export = _Export(fouten=verslag.fouten, waarschuwingen=verslag.waarschuwingen)
    if persoonsgegevens is None:
        persoonsgegevens, probleem = persoonsgegevens_modus()
        if probleem:
            verslag.waarschuw(probleem)
    if not map.is_dir():
        verslag.fout(str(map), "de exportmap bestaat niet of is geen map",
                     "Kies de map waarin de exportbestanden (zoals maatregelen.csv) staan.")
        return export
    bestanden = _zoek_bestanden(map, verslag)
    groottes = {naam: _grootte(pad) for naam, pad in bestanden.items()}
    totaal, klaar = max(sum(groottes.values()), 1), 0
    tabellen: dict[str, _Tabel] = {}
    for naam, pad in bestanden.items():
        melden(0.9 * klaar / totaal, f"{pad.name} lezen")
        tabel = contract.TABLES_BY_NAME[naam]
        gelezen = _lees_tabel(tabel, pad, vandaag, verslag, persoonsgegevens)
        if gelezen is not None:
            tabellen[naam], sha256 = gelezen
            export.bestanden.append({"tabel": naam, "bestand": pad.name, "sha256": sha256,
                                     "rijen": tabellen[naam].tekst.height})
        klaar += groottes[naam]
        melden(0.9 * klaar / totaal, f"{pad.name} gecontroleerd")
    melden(0.9, "verwijzingen tussen tabellen controleren")
    _controleer_verwijzingen(tabellen, verslag)
    _controleer_klachten(bestanden, tabellen, verslag)
    export.rijen = {t.name: tabellen[t.name].tekst.height if t.name in tabellen else 0
                    for t in contract.TABLES}
    export.exportdatum = _exportdatum(tabellen.values(), vandaag)
    if export.exportdatum is None and not verslag.fouten:
        verslag.fout(map.name, "de export bevat geen enkele datum",
                     "Controleer of de juiste map is gekozen; de exportdatum is de laatste datum in de gegevens.")
    if not verslag.fouten:
        export.frames = {t.name: _typeer(t, tabellen.get(t.name)) for t in contract.TABLES}
    melden(1.0, "export gelezen")
    return export


def _zoek_bestanden(map: Path, verslag: _Verslag) -> dict[str, Path]:
    """One file per contract table present; missing and doubled tables are errors."""
    per_tabel: dict[str, list[Path]] = {}
    for pad in sorted(map.iterdir()):
        if pad.name.startswith((".", "~$")) or pad.suffix.lower() not in contract.FILE_EXTENSIONS:
            continue  # hidden files, Excel lock files, anything that is not an export format
        naam = pad.stem.lower()
        if naam not in contract.TABLES_BY_NAME:
            verslag.waarschuw(f"{pad.name}: geen tabel van het gegevenscontract; het bestand wordt overgeslagen.")
        elif pad.is_file():
            per_tabel.setdefault(naam, []).append(pad)
    gevonden: dict[str, Path] = {}
    for tabel in contract.TABLES:
        paden = per_tabel.get(tabel.name, [])
        if len(paden) > 1:
            verslag.fout(", ".join(p.name for p in paden),
                         f"tabel {tabel.name} is meer dan eens aangeleverd",
                         "Laat precies één bestand per tabel in de exportmap staan.")
        elif paden:
            gevonden[tabel.name] = paden[0]
        elif not tabel.optional:
            verslag.fout(tabel.name, f"bestand ontbreekt: verwacht {tabel.name}.csv, "
                                     f"{tabel.name}.parquet of {tabel.name}.xlsx",
                         f"Zet de tabel {tabel.name} in de exportmap; deze tabel is verplicht.")
    return gevonden


def _lees_tabel(tabel: contract.Table, pad: Path, vandaag: dt.date, verslag: _Verslag,
                persoonsgegevens: str) -> tuple[_Tabel, str] | None:
    """Read and check one file; None when it could not be read at all.

    The file is read from disk by the reader of its format (never as one bytes object
    in memory) and hashed in blocks.
    """
    try:
        with open(pad, "rb") as bestand:
            sha256 = sha256_van(bestand)
    except OSError as error:
        verslag.fout(pad.name, f"het bestand kan niet worden geopend ({error.strerror or error})",
                     "Controleer of het bestand niet in een ander programma open staat en of u leesrechten heeft.")
        return None
    if _grootte(pad) == 0:
        verslag.fout(pad.name, "het bestand is leeg (0 bytes)",
                     "Exporteer de tabel opnieuw; ook een tabel zonder gegevens heeft een kopregel met de kolomnamen.")
        return None
    soort = pad.suffix.lower()
    if soort == ".csv":
        gelezen = _lees_csv(pad, verslag)
    elif soort == ".parquet":
        gelezen = _lees_parquet(pad, verslag)
    else:
        gelezen = _lees_xlsx(pad, verslag)
    if gelezen is None:
        return None
    namen, frame = gelezen
    del gelezen  # the frame as read is dropped as soon as the contract columns are taken from it
    frame = _columns(tabel, pad.name, namen, frame, verslag)
    if frame is None:
        return None
    if tabel.name in KERNTABELLEN and frame.height == 0:
        verslag.fout(pad.name, f"het bestand bevat geen gegevens, alleen een kopregel; de tabel "
                               f"{tabel.name} mag niet leeg zijn",
                     "Exporteer de tabel opnieuw met alle rijen.")
    gecontroleerd = _controleer_tabel(tabel, pad.name, frame, vandaag, verslag)
    _zoek_persoonsgegevens(tabel, pad.name, frame, persoonsgegevens, verslag)
    # Only the text the checks between tables need is kept; the typed columns are the data.
    gecontroleerd.tekst = frame.select(_RIJ, *(c for c in _verwijzingskolommen(tabel) if c in frame.columns))
    return gecontroleerd, sha256


def _verwijzingskolommen(tabel: contract.Table) -> list[str]:
    """The columns of `tabel` that a foreign key check reads: its own references and the keys others refer to."""
    doelen = {c.references.split(".")[1] for t in contract.TABLES for c in t.columns
              if c.references and c.references.split(".")[0] == tabel.name}
    return [c.name for c in tabel.columns if c.references or c.name in doelen]


def geschatte_omvang(pad: Path) -> int:
    """About how many bytes the data of an export file takes once read: a CSV its size; a parquet file
    or an xlsx workbook (both compressed) what it unpacks to, for parquet at least _CEL_BYTES a cell (every
    value becomes text). Read from the file's metadata only; an unreadable file counts its size."""
    grootte = _grootte(pad)
    try:
        if pad.suffix.lower() == ".parquet":
            meta = pq.read_metadata(pad)
            uitgepakt = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
            return max(grootte, uitgepakt, meta.num_rows * meta.num_columns * _CEL_BYTES)
        if pad.suffix.lower() == ".xlsx":
            with zipfile.ZipFile(pad) as werkmap:
                return max(grootte, sum(lid.file_size for lid in werkmap.infolist()))
    except (OSError, ValueError, zipfile.BadZipFile, pa.ArrowException):
        pass
    return grootte


def sha256_van(bron: BinaryIO) -> str:
    """The sha256 of a file read in blocks of _BLOK bytes."""
    sha = hashlib.sha256()
    while blok := bron.read(_BLOK):
        sha.update(blok)
    return sha.hexdigest()


# --------------------------------------------------------------------------- file formats


def _lees_csv(pad: Path, verslag: _Verslag) -> tuple[list[str], pl.DataFrame] | None:
    """(header names, frame of String columns) from a CSV file; comma or semicolon from the header.

    Polars reads the file itself (memory-mapped); only the header line is read here.
    Encoding errors and rows with a wrong number of fields are reported, after
    which the file is read leniently, so that its other errors are reported too.
    """
    bestand = pad.name
    with open(pad, "rb") as invoer:
        eerste = invoer.readline(_KOP_MAX)
    if eerste.startswith(_BOM):
        eerste = eerste[len(_BOM):]
    if not eerste.strip() and _alleen_witruimte(pad):
        verslag.fout(bestand, "het bestand is leeg (geen kopregel)",
                     "Exporteer de tabel opnieuw; de eerste regel moet de kolomnamen bevatten.")
        return None
    kop = eerste.decode("utf-8", errors="replace").rstrip("\r\n")
    scheiding = ";" if kop.count(";") > kop.count(",") else ","
    namen = _velden(kop, scheiding)
    codering = "utf8"
    frame = _polars_csv(pad, scheiding, codering)
    if isinstance(frame, Exception) and not _is_utf8(pad):
        _meld_codering(bestand, pad.read_bytes().removeprefix(_BOM), scheiding, verslag)
        codering = "utf8-lossy"
        frame = _polars_csv(pad, scheiding, codering)
    # A short row leaves the last column empty; when no row has it empty, no row is short.
    tellen = isinstance(frame, Exception) or (frame.width > 0 and frame.to_series(-1).null_count() > 0)
    afwijkend = _afwijkende_regels(pad, scheiding, len(namen), codering) if tellen else None
    if afwijkend is not None and afwijkend.height:
        verslag.rijfouten(bestand, None, afwijkend, "rij heeft een ander aantal velden dan de kopregel",
                          _oplossing_velden(scheiding), detail="rij heeft {detail}")
        if isinstance(frame, Exception):  # too many fields: read the rest, the file is rejected anyway
            frame = _polars_csv(pad, scheiding, codering, afgekapt=True)
    if isinstance(frame, Exception):
        if afwijkend is None or not afwijkend.height:
            tekst = pad.read_bytes().removeprefix(_BOM).decode("utf-8", errors="replace")
            _meld_onleesbare_csv(bestand, tekst, scheiding, frame, verslag)
        return None
    if len(namen) != frame.width:
        namen = frame.columns
    return namen, frame


def _blokken(pad: Path) -> Iterator[bytes]:
    """The bytes of a file in blocks of _BLOK."""
    with open(pad, "rb") as invoer:
        while blok := invoer.read(_BLOK):
            yield blok


def _alleen_witruimte(pad: Path) -> bool:
    return all(not blok.removeprefix(_BOM).strip() for blok in _blokken(pad))


def _velden(regel: str, scheiding: str) -> list[str]:
    """The fields of one CSV line (quotes respected where the line allows it)."""
    try:
        return next(csv.reader([regel], delimiter=scheiding), [])
    except csv.Error:
        return regel.split(scheiding)


def _polars_csv(pad: Path, scheiding: str, codering: str, afgekapt: bool = False) -> pl.DataFrame | Exception:
    """Every column as String; the polars error instead of raising it."""
    try:
        return pl.read_csv(pad, separator=scheiding, has_header=True, infer_schema=False, encoding=codering,
                           raise_if_empty=False, truncate_ragged_lines=afgekapt)
    except pl.exceptions.PolarsError as error:
        return error


def _is_utf8(pad: Path) -> bool:
    """The whole file is valid UTF-8 (checked block by block)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for blok in _blokken(pad):
            decoder.decode(blok)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _vrij_teken(pad: Path) -> str | None:
    """A control character that occurs nowhere in the file (to read whole lines with), or None."""
    vrij = [bytes([b]) for b in range(1, 32) if b not in (9, 10, 13)]
    for blok in _blokken(pad):
        vrij = [teken for teken in vrij if teken not in blok]
        if not vrij:
            return None
    return vrij[0].decode("ascii")


def _afwijkende_regels(pad: Path, scheiding: str, verwacht: int, codering: str) -> pl.DataFrame | None:
    """Lines whose number of fields differs from the header's (polars fills short rows with nulls).

    Vectorised over lines: quoted parts are removed before counting separators.
    Returns None when a quoted value spans lines (then lines are not rows) or no
    spare byte is left to read whole lines with.
    """
    vrij = _vrij_teken(pad)
    if vrij is None:
        return None
    try:
        regels = pl.read_csv(pad, has_header=False, separator=vrij, quote_char=None, encoding=codering,
                             infer_schema=False, new_columns=["regel"], raise_if_empty=False)
    except pl.exceptions.PolarsError:
        return None
    regel = pl.col("regel")
    regels = regels.with_row_index(_RIJ, offset=1).with_columns(
        aanhalingstekens=regel.str.count_matches('"', literal=True))
    if regels.select((pl.col("aanhalingstekens") % 2 == 1).any()).item():
        return None
    zonder_quotes = (pl.when(pl.col("aanhalingstekens") > 0)
                     .then(regel.str.replace_all(r'"[^"]*"', "")).otherwise(regel))
    velden = zonder_quotes.str.count_matches(scheiding, literal=True) + 1
    leeg = zonder_quotes.str.replace_all(rf"[\s{re.escape(scheiding)}]", "") == ""
    return (regels.filter(regel.is_not_null() & (velden != verwacht))
            .filter(~leeg)
            .select(_RIJ, pl.lit(None, pl.String).alias(_WAARDE),
                    pl.format("{} velden, de kopregel heeft {}", velden, pl.lit(verwacht)).alias(_DETAIL)))


def _meld_onleesbare_csv(bestand: str, tekst: str, scheiding: str, error: Exception, verslag: _Verslag) -> None:
    """Explain why polars could not read a CSV whose lines could not be counted: quoting or field counts."""
    kop: list[str] = []
    aantal_voor = len(verslag.fouten)
    afwijkend: list[dict] = []
    lezer = csv.reader(io.StringIO(tekst, newline=""), delimiter=scheiding, strict=True)
    try:
        for nummer, velden in enumerate(lezer, start=1):
            if nummer == 1:
                kop = velden
            elif velden and len(velden) != len(kop):
                afwijkend.append({_RIJ: nummer, _WAARDE: None,
                                  _DETAIL: f"{len(velden)} velden, de kopregel heeft {len(kop)}"})
    except csv.Error as fout:
        verslag.fout(bestand, f"het bestand is geen geldige CSV ({fout}, rond regel {lezer.line_num})",
                     "Controleer de aanhalingstekens: een waarde met een scheidingsteken of regeleinde "
                     "moet tussen dubbele aanhalingstekens staan, en een aanhalingsteken in een waarde "
                     "moet dubbel (\"\") worden geschreven.")
        return
    if afwijkend:
        schema = {_RIJ: pl.Int64, _WAARDE: pl.String, _DETAIL: pl.String}
        verslag.rijfouten(bestand, None, pl.DataFrame(afwijkend, schema=schema),
                          "rij heeft een ander aantal velden dan de kopregel", _oplossing_velden(scheiding),
                          detail="rij heeft {detail}")
    if len(verslag.fouten) == aantal_voor:
        verslag.fout(bestand, f"het bestand kan niet als CSV worden gelezen ({_eerste_regel(error)})",
                     "Sla het bestand opnieuw op als CSV (UTF-8, komma of puntkomma als scheidingsteken, "
                     "met een kopregel).")


def _meld_codering(bestand: str, data: bytes, scheiding: str, verslag: _Verslag) -> None:
    """Every field that is not valid UTF-8, with its row, column and the text as Windows-1252 shows it."""
    regels = data.split(b"\n")
    kop = _velden(regels[0].decode("cp1252", errors="replace").rstrip("\r"), scheiding)
    rijen: dict[str | None, list[dict]] = {}
    for nummer, regel in enumerate(regels, start=1):
        try:
            regel.decode("utf-8")
            continue
        except UnicodeDecodeError:
            pass
        for index, veld in enumerate(_velden(regel.decode("latin-1").rstrip("\r"), scheiding)):
            ruw = veld.encode("latin-1")
            try:
                ruw.decode("utf-8")
            except UnicodeDecodeError:
                kolom = None if nummer == 1 or index >= len(kop) else kop[index].strip().lower()
                rijen.setdefault(kolom, []).append(
                    {_RIJ: nummer, _WAARDE: ruw.decode("cp1252", errors="replace")})
    for kolom, gevonden in rijen.items():
        verslag.rijfouten(bestand, kolom, pl.DataFrame(gevonden, schema={_RIJ: pl.Int64, _WAARDE: pl.String}),
                          "tekst is geen geldige UTF-8 (het bestand is waarschijnlijk opgeslagen als "
                          "ANSI/Windows-1252)", _OPLOSSING_UTF8)


def _lees_parquet(pad: Path, verslag: _Verslag) -> tuple[list[str], pl.DataFrame] | None:
    bestand = pad.name
    try:
        frame = pl.read_parquet(pad)
    except Exception as error:  # noqa: BLE001 - any reader error means: not a readable parquet file
        verslag.fout(bestand, f"het bestand kan niet als Parquet worden gelezen ({_eerste_regel(error)})",
                     "Exporteer de tabel opnieuw als Parquet, of lever haar aan als CSV.")
        return None
    return _als_tekst(bestand, frame, verslag)


def _lees_xlsx(pad: Path, verslag: _Verslag) -> tuple[list[str], pl.DataFrame] | None:
    bestand = pad.name
    try:
        frame = pl.read_excel(pad, sheet_id=1, engine="calamine", infer_schema_length=None,
                              drop_empty_rows=False, drop_empty_cols=False, raise_if_empty=False)
    except Exception as error:  # noqa: BLE001 - fastexcel raises its own types for every kind of bad file
        verslag.fout(bestand, f"het bestand kan niet als Excel-werkmap (xlsx) worden gelezen "
                              f"({_eerste_regel(error)})",
                     "Open het bestand in Excel en sla het op als 'Excel-werkmap (*.xlsx)', of lever de "
                     "tabel aan als CSV.")
        return None
    assert isinstance(frame, pl.DataFrame)
    if frame.width == 0:
        verslag.fout(bestand, "het eerste werkblad is leeg (geen kopregel)",
                     "Zet de tabel op het eerste werkblad, met de kolomnamen in rij 1.")
        return None
    return _als_tekst(bestand, frame, verslag)


def _als_tekst(bestand: str, frame: pl.DataFrame, verslag: _Verslag) -> tuple[list[str], pl.DataFrame] | None:
    """Every column as text, as the same value would be written in a CSV.

    Dates become ISO dates (a datetime at midnight too), booleans true/false and
    whole numbers stored as floats (2012.0) plain integers.
    """
    kolommen = []
    for naam, soort in frame.schema.items():
        kolom = pl.col(naam)
        if soort == pl.String:
            expr = kolom.str.replace(_MIDDERNACHT, "$1")
        elif soort == pl.Date:
            expr = kolom.dt.to_string("%Y-%m-%d")
        elif isinstance(soort, pl.Datetime):
            expr = (pl.when(kolom.dt.time() == dt.time(0)).then(kolom.dt.to_string("%Y-%m-%d"))
                    .otherwise(kolom.dt.to_string("%Y-%m-%d %H:%M:%S")))
        elif soort.is_float():
            heel = kolom.is_finite() & (kolom == kolom.floor()) & (kolom.abs() < 1e15)
            expr = pl.when(heel).then(kolom.cast(pl.Int64).cast(pl.String)).otherwise(kolom.cast(pl.String))
        else:
            expr = kolom.cast(pl.String)
        kolommen.append(expr.alias(naam))
    try:
        return list(frame.columns), frame.select(kolommen)
    except pl.exceptions.PolarsError:
        pass
    for naam, expr in zip(frame.columns, kolommen, strict=True):  # which column(s) cannot be text
        try:
            frame.select(expr)
        except pl.exceptions.PolarsError:
            verslag.fout(bestand, f"de kolom heeft een type dat niet als tekst kan worden gelezen "
                                  f"({frame.schema[naam]})",
                         "Exporteer de kolom als tekst, getal, datum of ja/nee.", kolom=naam)
    return None


def _columns(tabel: contract.Table, bestand: str, namen: list[str], frame: pl.DataFrame,
              verslag: _Verslag) -> pl.DataFrame | None:
    """The contract columns present (names lower case), values stripped ('' = null), empty rows dropped.

    Unknown columns are warnings; missing required columns and doubled names are errors.
    """
    genormaliseerd = [n.strip().lower() for n in namen]
    dubbel = sorted({n for n in genormaliseerd if genormaliseerd.count(n) > 1 and not _NAAMLOOS.match(n)})
    for naam in dubbel:
        verslag.fout(bestand, "de kolomnaam komt meer dan eens voor in de kopregel",
                     "Geef elke kolom een eigen naam en verwijder dubbele kolommen.", rij=1, kolom=naam)
    bekend = {c.name for c in tabel.columns}
    for index, (naam, origineel) in enumerate(zip(genormaliseerd, frame.columns, strict=True), start=1):
        if naam in bekend or naam in dubbel:
            continue
        if _NAAMLOOS.match(naam):
            if frame[origineel].drop_nulls().len():
                verslag.waarschuw(f"{bestand}: kolom {index} heeft geen naam en wordt genegeerd.")
        else:
            verslag.waarschuw(f"{bestand}: kolom '{_toonbaar(_afgekort(naam) or '')}' hoort niet bij het "
                              f"gegevenscontract en wordt genegeerd.")
    for kolom in tabel.columns:
        if kolom.required and kolom.name not in genormaliseerd:
            verslag.fout(bestand, "verplichte kolom ontbreekt",
                         f"Voeg de kolom {kolom.name} toe aan de kopregel (rij 1). Controleer ook de "
                         f"spelling en het scheidingsteken (komma of puntkomma).", rij=1, kolom=kolom.name)
    if dubbel:
        return None
    aanwezig = [(origineel, naam) for origineel, naam in zip(frame.columns, genormaliseerd, strict=True)
                if naam in bekend]
    if not aanwezig:
        return frame.select(pl.int_range(2, frame.height + 2, dtype=pl.Int64).alias(_RIJ))

    def schoon(origineel: str) -> pl.Expr:
        waarde = pl.col(origineel).str.strip_chars()
        return pl.when(waarde.str.len_bytes() > 0).then(waarde)

    schoongemaakt = frame.select(
        pl.int_range(2, frame.height + 2, dtype=pl.Int64).alias(_RIJ),
        *[schoon(origineel).alias(naam) for origineel, naam in aanwezig])
    return schoongemaakt.filter(pl.any_horizontal(pl.col(naam).is_not_null() for _, naam in aanwezig))


# --------------------------------------------------------------------------- rules within a table


def _typeer_expr(kolom: contract.Column) -> pl.Expr:
    """The typed value of a text column; null where the text does not parse."""
    tekst = pl.col(kolom.name)
    if kolom.type == contract.DATE:
        return (pl.when(tekst.str.contains(_ISO_DATUM)).then(tekst.str.to_date("%Y-%m-%d", strict=False))
                .when(tekst.str.contains(_NL_DATUM)).then(tekst.str.to_date("%d-%m-%Y", strict=False)))
    if kolom.type == contract.BOOL:
        klein = tekst.str.to_lowercase()
        return (pl.when(klein.is_in(contract.TRUE_VALUES)).then(True)
                .when(klein.is_in(contract.FALSE_VALUES)).then(False))
    if kolom.type in (contract.INT, contract.DECIMAL):
        getal = tekst.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
        getal = pl.when(getal.is_finite()).then(getal)
        if kolom.type == contract.DECIMAL:
            return getal
        heel = (getal == getal.floor()) & (getal.abs() < 2**31)
        return pl.when(heel).then(getal).cast(pl.Int32, strict=False)
    return tekst


@dataclass(frozen=True)
class _Regel:
    """One rule on the rows of a table: `voorwaarde` is true for a row that breaks it."""

    kolom: str
    voorwaarde: pl.Expr
    probleem: str
    oplossing: str
    detail: pl.Expr | None = None  # per row, filled into `detail_tekst`
    detail_tekst: str | None = None


def _regels(tabel: contract.Table, aanwezig: list[contract.Column], getypeerd: dict[str, str],
            vandaag: dt.date) -> list[_Regel]:
    """The row rules of the contract for the columns present, in the order they are reported."""
    regels: list[_Regel] = []
    for kolom in aanwezig:
        tekst, waarde = pl.col(kolom.name), pl.col(getypeerd[kolom.name])
        if kolom.required:
            regels.append(_Regel(kolom.name, tekst.is_null(), "waarde ontbreekt",
                                 f"Vul de kolom {kolom.name} in; deze is verplicht."))
        if kolom.type != contract.STR:
            regels.append(_Regel(kolom.name, tekst.is_not_null() & waarde.is_null(),
                                 _PROBLEEM_TYPE[kolom.type], _OPLOSSING_TYPE[kolom.type]))
        if kolom.allowed:
            toegestaan = ", ".join(f"'{w}'" for w in kolom.allowed)
            regels.append(_Regel(kolom.name, tekst.is_not_null() & ~tekst.is_in(kolom.allowed),
                                 "waarde niet toegestaan",
                                 f"Gebruik een van de toegestane waarden: {toegestaan} (let op hoofdletters)."))
        if kolom.formaat:
            regels.append(_Regel(
                kolom.name, tekst.is_not_null() & (~tekst.str.contains(kolom.formaat)
                                                   | (tekst.str.len_chars() > contract.ID_MAX_LENGTE)),
                "geen geldige CBS-gemeentecode" if kolom.formaat == contract.GEMEENTE_CODE_FORMAAT
                else f"geen geldige {kolom.name}",
                f"Een {kolom.name} bestaat uit {contract.FORMAAT_UITLEG[kolom.formaat]}: geen spaties, "
                f"schuine strepen of andere tekens. Controleer of de export de juiste waarde in deze kolom zet."))
        if kolom.type == contract.DATE:
            regels.append(_Regel(kolom.name, waarde < _EERSTE_DATUM, f"datum ligt vóór {_EERSTE_DATUM:%d-%m-%Y}",
                                 "Controleer de datum; datums vóór 1 januari 2000 horen niet in de export."))
            regels.append(_Regel(kolom.name, waarde > vandaag, f"datum ligt in de toekomst (na {vandaag:%d-%m-%Y})",
                                 "Controleer de datum; een export bevat alleen datums tot en met de dag van de "
                                 "import."))
        if kolom.name == "fte":
            regels.append(_Regel(
                kolom.name, (waarde <= contract.FTE_MIN_EXCLUSIVE) | (waarde > contract.FTE_MAX),
                f"fte moet groter dan {_decimaal(contract.FTE_MIN_EXCLUSIVE)} en hoogstens "
                f"{_decimaal(contract.FTE_MAX)} zijn",
                "Vul de fte in als deel van een volledige werkweek: 1,0 is voltijd, 0,8 is vier dagen."))
    if tabel.period and all(c in getypeerd for c in tabel.period):
        start, einde = tabel.period
        regels.append(_Regel(einde, pl.col(getypeerd[einde]) < pl.col(getypeerd[start]),
                             f"{einde} ligt vóór {start}",
                             f"Een periode eindigt op of na het begin: corrigeer {start} of {einde}.",
                             detail=pl.col(start), detail_tekst=f"{einde} ligt vóór {start} ({{detail}})"))
    return regels + _klacht_regels(tabel, getypeerd)


def _klacht_regels(tabel: contract.Table, getypeerd: dict[str, str]) -> list[_Regel]:
    """The rules between the columns of one complaint or part row (docs/klachten.md): the route in
    order, each step after the one before it and none before ontvangen_op; afloop exactly when closed;
    a team (directly or through the measure); part numbers from 1. Absent optional columns are empty; a
    value that is not a date is reported as such, and is not empty here (no follow-up errors)."""
    if tabel.name == "klachtonderdelen" and "onderdeel_nr" in getypeerd:
        return [_Regel("onderdeel_nr", pl.col(getypeerd["onderdeel_nr"]) < 1, "onderdeel_nr is kleiner dan 1",
                       _OPLOSSING_ONDERDEEL_NR)]
    if tabel.name != "klachten":
        return []

    def waarde(kolom: str) -> pl.Expr:
        return pl.col(getypeerd[kolom]) if kolom in getypeerd else pl.lit(None)

    def ingevuld(kolom: str) -> pl.Expr:
        return pl.col(kolom).is_not_null() if kolom in getypeerd else pl.lit(False)

    regels: list[_Regel] = []
    for route in contract.KLACHT_ROUTES:
        volgorde = " <= ".join(route)
        for eerder, later in zip(route, route[1:]):
            if later not in getypeerd:
                continue
            regels.append(_Regel(later, ingevuld(later) & ~ingevuld(eerder),
                                 f"{later} is ingevuld, maar {eerder} is leeg",
                                 f"De stappen van de klachtroute volgen op elkaar ({volgorde}): vul {eerder} in, "
                                 f"of laat {later} leeg."))
            if eerder in getypeerd:
                regels.append(_Regel(later, waarde(later) < waarde(eerder), f"{later} ligt vóór {eerder}",
                                     f"De stappen van de klachtroute volgen op elkaar ({volgorde}): corrigeer "
                                     f"{eerder} of {later}.",
                                     detail=pl.col(eerder), detail_tekst=f"{later} ligt vóór {eerder} ({{detail}})"))
    if "ontvangen_op" in getypeerd:
        for kolom in (*(k for route in contract.KLACHT_ROUTES for k in route), "afgesloten_op"):
            if kolom in getypeerd:
                regels.append(_Regel(kolom, waarde(kolom) < waarde("ontvangen_op"), f"{kolom} ligt vóór ontvangen_op",
                                     f"Elke stap van de klacht (ook het afsluiten) ligt op of na de dag waarop de "
                                     f"klacht is ontvangen: corrigeer ontvangen_op of {kolom}.",
                                     detail=pl.col("ontvangen_op"),
                                     detail_tekst=f"{kolom} ligt vóór ontvangen_op ({{detail}})"))
    if "afgesloten_op" in getypeerd:
        aflopen = ", ".join(f"'{w}'" for w in contract.AFLOPEN)
        regels.append(_Regel("afloop" if "afloop" in getypeerd else "afgesloten_op",
                             ingevuld("afgesloten_op") & ~ingevuld("afloop"),
                             "afloop ontbreekt bij een afgesloten klacht",
                             f"Vul bij een afgesloten klacht de afloop in ({aflopen}), of laat afgesloten_op leeg "
                             f"als de klacht nog loopt.", detail=pl.col("afgesloten_op"),
                             detail_tekst="afloop ontbreekt bij een klacht die is afgesloten op {detail}"))
    if "afloop" in getypeerd:
        regels.append(_Regel("afloop", ingevuld("afloop") & ~ingevuld("afgesloten_op"),
                             "afloop is ingevuld, maar afgesloten_op is leeg",
                             "Een klacht zonder afgesloten_op loopt nog en heeft geen afloop: vul de datum van "
                             "afsluiten in, of laat afloop leeg."))
    kolom = next((k for k in ("team_id", "maatregel_id", "klacht_id") if k in getypeerd), None)
    if kolom:
        regels.append(_Regel(kolom, ~ingevuld("maatregel_id") & ~ingevuld("team_id"),
                             "maatregel_id en team_id zijn allebei leeg",
                             "Vul de maatregel in waarover de klacht gaat, of bij een klacht zonder maatregel "
                             "(vrijwillig kader) het team_id van het team waarover de klacht gaat."))
    return regels


def _controleer_tabel(tabel: contract.Table, bestand: str, frame: pl.DataFrame, vandaag: dt.date,
                      verslag: _Verslag) -> _Tabel:
    """Required values, types, enumerations, date range, fte, periods and unique ids.

    One parallel pass tells which rules are broken at all; only those are filtered
    for the rows to report.
    """
    aanwezig = [c for c in tabel.columns if c.name in frame.columns]
    getypeerd_naam = {c.name: f"{c.name}{_GETYPEERD}" if c.type != contract.STR else c.name for c in aanwezig}
    beide = frame.with_columns(_typeer_expr(c).alias(getypeerd_naam[c.name])
                               for c in aanwezig if c.type != contract.STR)
    regels = _regels(tabel, aanwezig, getypeerd_naam, vandaag)
    sleutel = tabel.key if tabel.key in frame.columns else None
    vlaggen = [r.voorwaarde.fill_null(False).any() for r in regels]
    if sleutel:
        vlaggen.append((pl.col(sleutel).is_not_null() & pl.col(sleutel).is_duplicated()).any())
    geraakt = beide.select(v.alias(str(i)) for i, v in enumerate(vlaggen)).row(0) if vlaggen else ()
    for regel, fout in zip(regels, geraakt, strict=False):
        if fout:
            extra = [regel.detail.alias(_DETAIL)] if regel.detail is not None else []
            rijen = beide.filter(regel.voorwaarde).select(_RIJ, pl.col(regel.kolom).alias(_WAARDE), *extra)
            verslag.rijfouten(bestand, regel.kolom, rijen, regel.probleem, regel.oplossing, regel.detail_tekst)
    if sleutel and geraakt[-1]:
        _controleer_uniek(sleutel, bestand, frame, verslag)
    getypeerd = beide.select(_RIJ, *[pl.col(getypeerd_naam[c.name]).alias(c.name) for c in aanwezig])
    return _Tabel(tabel, bestand, frame, getypeerd)


def _controleer_uniek(sleutel: str, bestand: str, frame: pl.DataFrame, verslag: _Verslag) -> None:
    ids = frame.select(_RIJ, sleutel).filter(pl.col(sleutel).is_not_null())
    dubbel = ids.filter(pl.col(sleutel).is_duplicated())
    if not dubbel.height:
        return
    eerste = dubbel.group_by(sleutel).agg(pl.col(_RIJ).min().alias("eerste"))
    later = (dubbel.join(eerste, on=sleutel).filter(pl.col(_RIJ) != pl.col("eerste"))
             .select(_RIJ, pl.col(sleutel).alias(_WAARDE), pl.col("eerste").alias(_DETAIL)))
    verslag.rijfouten(bestand, sleutel, later, f"{sleutel} komt meer dan eens voor",
                      f"Elke {sleutel} mag maar één keer voorkomen: verwijder de dubbele rij of geef haar "
                      f"een eigen {sleutel}.", detail=f"{sleutel} komt meer dan eens voor (ook in rij {{detail}})")


def _zoek_persoonsgegevens(tabel: contract.Table, bestand: str, frame: pl.DataFrame, modus: str,
                           verslag: _Verslag) -> None:
    """Likely personal data (kpi/data/persoonsgegevens.py) in the id and free-text columns: an error per
    row, or with modus WAARSCHUWEN the same lines as warnings. The value is shown masked."""
    apart = _Verslag()
    for kolom in tabel.columns:
        if not (kolom.is_id or kolom.vrije_tekst) or kolom.name not in frame.columns:
            continue
        gevonden = pg.zoek(frame.select(_RIJ, kolom.name), kolom.name, kolom.vrije_tekst)
        apart.rijfouten(bestand, kolom.name, gevonden.select(_RIJ, pl.col(pg.GEMASKEERD).alias(_WAARDE),
                                                             pl.col(pg.GEVONDEN).alias(_DETAIL)),
                        "mogelijk persoonsgegevens", _OPLOSSING_PERSOONSGEGEVENS,
                        detail="mogelijk persoonsgegevens: {detail}")
    if modus == WAARSCHUWEN:
        verslag.waarschuwingen.extend(m.tekst() for m in apart.fouten)
    else:
        verslag.fouten.extend(apart.fouten)


# --------------------------------------------------------------------------- rules between tables


def _controleer_verwijzingen(tabellen: dict[str, _Tabel], verslag: _Verslag) -> None:
    """Every foreign key value (when given) occurs in the table it refers to (anti-join).

    Skipped when the referred table or column could not be read: that is reported already.
    """
    for gelezen in tabellen.values():
        for kolom in gelezen.tabel.columns:
            if not kolom.references or kolom.name not in gelezen.tekst.columns:
                continue
            doel_tabel, doel_kolom = kolom.references.split(".")
            doel = tabellen.get(doel_tabel)
            if doel is None or doel_kolom not in doel.tekst.columns:
                continue
            sleutels = doel.tekst.select(pl.col(doel_kolom).drop_nulls().unique().alias(kolom.name))
            onbekend = (gelezen.tekst.select(_RIJ, kolom.name).filter(pl.col(kolom.name).is_not_null())
                        .join(sleutels, on=kolom.name, how="anti")
                        .select(_RIJ, pl.col(kolom.name).alias(_WAARDE)))
            verslag.rijfouten(gelezen.bestand, kolom.name, onbekend,
                              f"onbekende {doel_kolom}: komt niet voor in {doel.bestand}",
                              f"Voeg de ontbrekende {doel_kolom} toe aan {doel.bestand} of corrigeer de waarde.")


def _controleer_klachten(bestanden: dict[str, Path], tabellen: dict[str, _Tabel], verslag: _Verslag) -> None:
    """The rules between the two complaint tables (docs/klachten.md): both or neither; every complaint
    has a part; its parts are numbered 1..n, each number once; an oordeel only when the complaint has
    an uitspraak_op. Values already reported (empty, unparsable) are left out, as is a table that
    could not be read."""
    aanwezig = [t for t in contract.KLACHT_TABELLEN if t in bestanden]
    if len(aanwezig) == 1:
        ontbreekt = next(t for t in contract.KLACHT_TABELLEN if t not in bestanden)
        verslag.fout(ontbreekt, f"bestand ontbreekt: verwacht {ontbreekt}.csv, {ontbreekt}.parquet of "
                                f"{ontbreekt}.xlsx naast {bestanden[aanwezig[0]].name}",
                     "De tabellen klachten en klachtonderdelen horen bij elkaar (elke klacht heeft minstens één "
                     "onderdeel): lever ze allebei aan, of geen van beide.")
        return
    klachten, onderdelen = tabellen.get("klachten"), tabellen.get("klachtonderdelen")
    if (klachten is None or onderdelen is None or "klacht_id" not in klachten.getypeerd.columns
            or "klacht_id" not in onderdelen.getypeerd.columns):
        return
    delen = onderdelen.getypeerd.filter(pl.col("klacht_id").is_not_null())
    zonder = (klachten.getypeerd.filter(pl.col("klacht_id").is_not_null())
              .join(delen.select("klacht_id").unique(), on="klacht_id", how="anti")
              .select(_RIJ, pl.col("klacht_id").alias(_WAARDE)))
    verslag.rijfouten(klachten.bestand, "klacht_id", zonder, f"klacht heeft geen onderdelen in {onderdelen.bestand}",
                      f"Elke klacht heeft minstens één onderdeel (onderdeel_nr 1, met een categorie): voeg het "
                      f"toe aan {onderdelen.bestand}.")
    if "onderdeel_nr" in delen.columns:
        genummerd = (delen.with_columns(pl.len().over("klacht_id").alias("aantal"))
                     .filter(pl.col("onderdeel_nr") >= 1)
                     .with_columns(pl.col(_RIJ).min().over("klacht_id", "onderdeel_nr").alias("eerste")))
        dubbel = "onderdeel_nr komt meer dan eens voor bij"
        te_hoog = "onderdeel_nr is groter dan het aantal onderdelen van"
        for fout, probleem, detail in (
                (pl.col(_RIJ) != pl.col("eerste"), f"{dubbel} dezelfde klacht",
                 pl.format(f"{dubbel} klacht {{}} (ook in rij {{}})", "klacht_id", "eerste")),
                (pl.col("onderdeel_nr") > pl.col("aantal"), f"{te_hoog} de klacht",
                 pl.format(f"{te_hoog} klacht {{}} ({{}})", "klacht_id", "aantal"))):
            gevonden = genummerd.filter(fout).select(_RIJ, pl.col("onderdeel_nr").cast(pl.String).alias(_WAARDE),
                                                     detail.alias(_DETAIL))
            verslag.rijfouten(onderdelen.bestand, "onderdeel_nr", gevonden, probleem, _OPLOSSING_ONDERDEEL_NR,
                              detail="{detail}")
    if "oordeel" in delen.columns:
        uitspraak = klachten.getypeerd.select(
            "klacht_id", (pl.col("uitspraak_op") if "uitspraak_op" in klachten.getypeerd.columns
                          else pl.lit(None, pl.Date)).alias("uitspraak_op")).unique("klacht_id")
        zonder_uitspraak = (delen.filter(pl.col("oordeel").is_not_null())
                            .join(uitspraak, on="klacht_id")
                            .filter(pl.col("uitspraak_op").is_null())
                            .select(_RIJ, pl.col("oordeel").alias(_WAARDE),
                                    pl.format("oordeel is ingevuld, maar klacht {} heeft geen uitspraak_op",
                                              "klacht_id").alias(_DETAIL)))
        verslag.rijfouten(onderdelen.bestand, "oordeel", zonder_uitspraak,
                          "oordeel is ingevuld, maar de klacht heeft geen uitspraak_op",
                          f"Een oordeel is de uitspraak van de klachtencommissie over dit onderdeel: vul "
                          f"uitspraak_op in bij de klacht in {klachten.bestand}, of laat oordeel leeg.",
                          detail="{detail}")


def _exportdatum(tabellen: Iterable[_Tabel], vandaag: dt.date) -> dt.date | None:
    """The latest valid date (from 2000 up to and including `vandaag`) in any date column."""
    laatste: list[dt.date] = []
    for gelezen in tabellen:
        datums = [c.name for c in gelezen.tabel.columns
                  if c.type == contract.DATE and c.name in gelezen.getypeerd.columns]
        if datums and gelezen.getypeerd.height:
            geldig = [pl.col(c).filter(pl.col(c).is_between(_EERSTE_DATUM, vandaag)).max() for c in datums]
            laatste += [d for d in gelezen.getypeerd.select(geldig).row(0) if d is not None]
    return max(laatste, default=None)


def _typeer(tabel: contract.Table, gelezen: _Tabel | None) -> pl.DataFrame:
    """The frame `build.build_database` expects: exactly the contract columns, typed as build.DTYPES."""
    if gelezen is None:
        return build.conform(tabel, None)
    frame = gelezen.getypeerd.with_columns(
        pl.lit(None, build.DTYPES[c.type]).alias(c.name) for c in tabel.columns
        if c.name not in gelezen.getypeerd.columns)
    return build.conform(tabel, frame)


# --------------------------------------------------------------------------- database file, backups, log


def _vorige_importlog(database: Path) -> tuple[list[dict], str | None]:
    """The import_log rows of the current database file, or a warning when it cannot be read."""
    if not database.exists():
        return [], None
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"attach '{_sql_tekst(str(database))}' as vorige (read_only)")
        rijen = con.execute("select import_id, geimporteerd_op, gebruiker, bron, exportdatum, resultaat, "
                            "bestanden, waarschuwingen from vorige.import_log order by import_id").fetchall()
    except duckdb.Error as error:
        return [], (f"De importgeschiedenis van de huidige database {database.name} kon niet worden gelezen "
                    f"({_eerste_regel(error)}); de nieuwe database begint een nieuwe geschiedenis. De oude "
                    f"database staat in {BACKUP_MAP}/.")
    finally:
        con.close()
    velden = ("import_id", "geimporteerd_op", "gebruiker", "bron", "exportdatum", "resultaat",
              "bestanden", "waarschuwingen")
    log = [dict(zip(velden, rij, strict=True)) for rij in rijen]
    for rij in log:
        rij["bestanden"] = json.loads(rij["bestanden"])
        rij["waarschuwingen"] = json.loads(rij["waarschuwingen"])
    return log, None


def _controleer_aantallen(pad: Path, rijen: dict[str, int]) -> None:
    """The new file holds every row that was read, before it may replace the old one."""
    con = duckdb.connect(str(pad), read_only=True)
    try:
        for tabel, verwacht in rijen.items():
            geschreven = con.execute(f"select count(*) from {tabel}").fetchone()[0]
            if geschreven != verwacht:
                raise db.DatabaseError(f"tabel {tabel} heeft {geschreven} rijen in de nieuwe database, "
                                       f"verwacht {verwacht}")
    finally:
        con.close()


def _backups(database: Path) -> list[Path]:
    """Backups of `database`, oldest first (the timestamp in the name sorts)."""
    map = database.parent / BACKUP_MAP
    if not map.is_dir():
        return []
    patroon = re.compile(rf"{re.escape(database.stem)}-\d{{8}}-\d{{6}}-\d{{6}}{re.escape(database.suffix)}")
    return sorted(p for p in map.iterdir() if patroon.fullmatch(p.name))


@contextmanager
def _alleen(map: Path) -> Iterator[None]:
    """Hold an exclusive lock on the database folder: one import or restore at a time.

    An import waits for another one to finish, so it reads the import log the
    other one wrote. flock on the folder itself leaves no lock file behind.
    """
    if fcntl is None:
        yield
        return
    fd = os.open(map, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _ruim_op(database: Path) -> None:
    """Remove temporary files an interrupted import left behind (called under the lock)."""
    achtergelaten = [p for p in database.parent.iterdir() if p.name.startswith(f".{database.name}{_TIJDELIJK}")]
    backups = database.parent / BACKUP_MAP
    if backups.is_dir():
        achtergelaten += [p for p in backups.iterdir()
                          if p.name.startswith(f".{database.stem}-") and p.name.endswith(".tmp")]
    _verwijder(*(p for p in achtergelaten if p.is_file()))


def _maak_backup(database: Path) -> Path:
    """Copy `database` to backups/<stem>-<timestamp><suffix>; the copy appears whole or not at all."""
    map = database.parent / BACKUP_MAP
    map.mkdir(exist_ok=True)
    moment = dt.datetime.now()
    while True:
        doel = map / f"{database.stem}-{moment.strftime(_BACKUP_STEMPEL)}{database.suffix}"
        if not doel.exists():
            break
        moment += dt.timedelta(microseconds=1)
    tijdelijk = map / f".{doel.name}.{uuid.uuid4().hex}.tmp"
    try:
        shutil.copy2(database, tijdelijk)
        with open(tijdelijk, "rb+") as bestand:
            os.fsync(bestand.fileno())
        os.replace(tijdelijk, doel)
    finally:
        _verwijder(tijdelijk)
    return doel


def _sync_map(map: Path) -> None:
    """Make a rename in `map` durable (POSIX); harmless where directories cannot be opened."""
    try:
        fd = os.open(map, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _verwijder(*paden: Path) -> None:
    for pad in paden:
        try:
            pad.unlink()
        except FileNotFoundError:
            pass


def _huidige_gebruiker() -> str | None:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return None


# --------------------------------------------------------------------------- small helpers


def _stil(fractie: float, tekst: str) -> None:
    """The default progress callback: report nothing."""


def _deel(voortgang: Voortgang, van: float, tot: float) -> Voortgang:
    """A progress callback mapping 0..1 onto van..tot of `voortgang`."""
    return lambda fractie, tekst: voortgang(van + (tot - van) * fractie, tekst)


def _grootte(pad: Path) -> int:
    try:
        return pad.stat().st_size
    except OSError:
        return 0


def _oplossing_velden(scheiding: str) -> str:
    naam = "puntkomma" if scheiding == ";" else "komma"
    return (f"Elke rij moet evenveel velden hebben als de kopregel (scheidingsteken: {naam}). Zet een waarde "
            f"met een {naam} tussen dubbele aanhalingstekens, en controleer of het bestand niet is afgekapt.")


def _afgekort(waarde: str | None) -> str | None:
    if waarde is None or len(waarde) <= _TONEN_MAX:
        return waarde
    return waarde[:_TONEN_MAX] + "…"


def _toonbaar(waarde: str) -> str:
    """The value on one line: control characters shown as escapes."""
    return "".join(t if t.isprintable() else repr(t)[1:-1] for t in waarde)


def _schrijffout(error: BaseException) -> str:
    """Why writing failed, without server paths."""
    if isinstance(error, PermissionError) or "Permission denied" in str(error) or "Read-only" in str(error):
        return "geen schrijfrechten in de map van de database"
    return fouten.zonder_paden(_eerste_regel(error))


def _eerste_regel(error: BaseException) -> str:
    tekst = str(error).strip().splitlines()
    return tekst[0] if tekst else type(error).__name__


def _getal(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    return f"{_getal(n)} {enkelvoud if n == 1 else meervoud}"


def _decimaal(x: float) -> str:
    return f"{x:g}".replace(".", ",")


def _sql_tekst(tekst: str) -> str:
    return tekst.replace("'", "''")
