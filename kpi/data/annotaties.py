"""Annotations: dated notes on a KPI (optionally one cluster), e.g. "sep-okt 2024: migration to the
new registration system", written by the board or an administrator.

They are kept outside the imported data, in a small JSON file beside the database
(`data/demo.duckdb` → `data/demo.annotaties.json`), so an import, which replaces the database
file, keeps them. Every write takes a lock, writes a new file and swaps it in atomically; each
note records who wrote it and when. A note is shown as text, never as markdown (docs/annotaties.md).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from kpi.core.params import Scope
from kpi.core.registry import KPI_BY_KEY
from kpi.data import auth

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no lock
    fcntl = None

MAX_TEKST = 500  # characters
ACHTERVOEGSEL = ".annotaties.json"
MAG_SCHRIJVEN = (auth.BESTUUR, auth.BEHEER)


class AnnotatieFout(ValueError):
    """A note that cannot be stored, with a Dutch message for the screen."""


@dataclass(frozen=True)
class Annotatie:
    id: str
    kpi: str  # registry key, k1..k7
    van: dt.date
    tot: dt.date | None  # None: one day
    tekst: str
    cluster: str | None  # None: the whole organisation
    door: str  # the writer's name (and e-mail)
    op: dt.datetime  # when written

    @property
    def periode(self) -> str:
        if self.tot is None or self.tot == self.van:
            return self.van.strftime("%d-%m-%Y")
        return f"{self.van.strftime('%d-%m-%Y')} t/m {self.tot.strftime('%d-%m-%Y')}"

    def naar_json(self) -> dict:
        uit = asdict(self)
        uit.update(van=self.van.isoformat(), tot=self.tot.isoformat() if self.tot else None,
                   op=self.op.isoformat(timespec="seconds"))
        return uit

    @classmethod
    def uit_json(cls, rij: dict) -> "Annotatie":
        return cls(id=str(rij["id"]), kpi=str(rij["kpi"]), van=dt.date.fromisoformat(rij["van"]),
                   tot=dt.date.fromisoformat(rij["tot"]) if rij.get("tot") else None, tekst=str(rij["tekst"]),
                   cluster=rij.get("cluster") or None, door=str(rij["door"]),
                   op=dt.datetime.fromisoformat(rij["op"]))


def pad_voor(database: Path) -> Path:
    """The annotation file beside a database file."""
    database = Path(database)
    return database.with_name(database.stem + ACHTERVOEGSEL)


def lees(pad: Path) -> list[Annotatie]:
    """Every note, the oldest period first; no file: none. A damaged file raises AnnotatieFout (it is
    never overwritten by a later write: see voeg_toe)."""
    try:
        tekst = Path(pad).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    try:
        rijen = json.loads(tekst)
        return sorted((Annotatie.uit_json(r) for r in rijen), key=lambda a: (a.van, a.op))
    except (ValueError, KeyError, TypeError) as error:
        raise AnnotatieFout(f"Het bestand met notities ({Path(pad).name}) is beschadigd en kan niet worden "
                            "gelezen; de notities worden niet getoond.") from error


def zichtbaar(annotaties: list[Annotatie], scope: Scope, kpi: str | None = None,
              cluster: str | None = None) -> list[Annotatie]:
    """The notes a user with `scope` may see (organisation-wide ones, and those of a cluster in the
    scope; a municipality only organisation-wide ones), of one KPI, and with `cluster` only the
    organisation-wide ones and those of that cluster."""
    def mag(a: Annotatie) -> bool:
        if a.cluster is None:
            return True
        if scope.gemeente:
            return False
        return scope.clusters is None or a.cluster in scope.clusters

    return [a for a in annotaties if mag(a) and (kpi is None or a.kpi == kpi)
            and (cluster is None or a.cluster in (None, cluster))]


@contextlib.contextmanager
def _slot(pad: Path) -> Iterator[None]:
    """One writer at a time (a lock file beside the notes; flock releases on close)."""
    if fcntl is None:
        yield
        return
    fd = os.open(pad.with_name(pad.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _schrijf(pad: Path, annotaties: list[Annotatie]) -> None:
    """Write a new file beside the old one and swap it in: a reader sees the old or the new file."""
    tijdelijk = pad.with_name(f".{pad.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(tijdelijk, "w", encoding="utf-8") as uit:
            json.dump([a.naar_json() for a in annotaties], uit, ensure_ascii=False, indent=1)
            uit.flush()
            os.fsync(uit.fileno())
        os.replace(tijdelijk, pad)
    finally:
        tijdelijk.unlink(missing_ok=True)


def _controleer(kpi: str, van: dt.date, tot: dt.date | None, tekst: str, cluster: str | None,
                clusters: set[str] | None) -> str:
    if kpi not in KPI_BY_KEY:
        raise AnnotatieFout(f"Onbekende KPI: {kpi}.")
    if tot is not None and tot < van:
        raise AnnotatieFout("De einddatum van de periode ligt vóór de begindatum.")
    tekst = " ".join(str(tekst).split())
    if not tekst:
        raise AnnotatieFout("De notitie is leeg.")
    if len(tekst) > MAX_TEKST:
        raise AnnotatieFout(f"De notitie is te lang ({len(tekst)} tekens; hooguit {MAX_TEKST}).")
    if cluster is not None and clusters is not None and cluster not in clusters:
        raise AnnotatieFout(f"Onbekend cluster: {cluster}.")
    return tekst


def voeg_toe(pad: Path, *, rol: str, door: str, kpi: str, van: dt.date, tekst: str,
             tot: dt.date | None = None, cluster: str | None = None, clusters: set[str] | None = None,
             nu: dt.datetime | None = None) -> Annotatie:
    """Store a new note by a user with role `rol` (only the board and administrators may);
    `clusters`: the known cluster codes, to refuse an unknown one. Returns the note."""
    if rol not in MAG_SCHRIJVEN:
        raise AnnotatieFout("Alleen bestuur en beheer kunnen notities toevoegen.")
    tekst = _controleer(kpi, van, tot, tekst, cluster, clusters)
    pad = Path(pad)
    nieuw = Annotatie(id=uuid.uuid4().hex[:12], kpi=kpi, van=van, tot=tot if tot != van else None, tekst=tekst,
                      cluster=cluster, door=door, op=(nu or dt.datetime.now()).replace(microsecond=0))
    with _slot(pad):
        _schrijf(pad, [*lees(pad), nieuw])
    return nieuw


def verwijder(pad: Path, annotatie_id: str, *, rol: str) -> bool:
    """Remove a note (board and administrators); False when there was no such note."""
    if rol not in MAG_SCHRIJVEN:
        raise AnnotatieFout("Alleen bestuur en beheer kunnen notities verwijderen.")
    pad = Path(pad)
    with _slot(pad):
        alle = lees(pad)
        over = [a for a in alle if a.id != annotatie_id]
        if len(over) == len(alle):
            return False
        _schrijf(pad, over)
    return True
