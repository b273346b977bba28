"""The municipal snapshots as files: every municipality's workbook and tagged PDF of a quarter, written
only when every snapshot (with its history and comparisons, kpi/reports/snapshot_context.py) passes its
audit, with a manifest (`python -m kpi snapshots`). The figures and their suppression are
kpi/reports/snapshot.py; docs/snapshot.md describes both."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import re
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from kpi.core.organisatie import organisatie
from kpi.data.db import Database, default_database_path
from kpi.reports import snapshot_context, snapshot_pdf
from kpi.reports import suppression as sup
from kpi.reports.snapshot import TERMIJNEN, Snapshot, alle_snapshots, gemeente_lijst, kwartaal_naam, peildatum_voor, \
    samengevoegd, snapshot_figures, write_excel

MANIFEST = "manifest.json"
BATCH_WORKERS = 4  # threads computing figures in the batch


# --------------------------------------------------------------------------- batch


class _Voortgang:
    """A plain text progress bar on stderr."""

    def __init__(self, totaal: int, actief: bool, breedte: int = 30):
        self.totaal, self.actief, self.breedte, self.start = totaal, actief, breedte, time.monotonic()

    def __call__(self, gedaan: int, tekst: str) -> None:
        if not self.actief:
            return
        deel = gedaan / self.totaal if self.totaal else 1.0
        balk = "#" * int(deel * self.breedte)
        verstreken = time.monotonic() - self.start
        print(f"\r[{balk:<{self.breedte}}] {gedaan}/{self.totaal} {verstreken:5.0f}s {tekst[:40]:<40}",
              end="", file=sys.stderr, flush=True)

    def klaar(self) -> None:
        if self.actief:
            print(file=sys.stderr, flush=True)


VEILIGE_CODE = re.compile(r"[A-Za-z0-9_-]{1,40}")  # what a gemeente_code may be to become part of a file name


class AfschermingsFout(ValueError):
    """A snapshot fails the audit of its suppression: it is not written."""


def bestandsnaam(kwartaal: str, gemeente_code: str, ext: str) -> str:
    """'2025Q2_GM0344.xlsx'; ValueError (in Dutch) when the code is not a safe file name."""
    if not VEILIGE_CODE.fullmatch(gemeente_code):
        raise ValueError(f"Gemeentecode {gemeente_code!r} is geen veilige bestandsnaam (alleen letters, cijfers, "
                         f"'-' en '_'); er is niets geschreven.")
    return f"{kwartaal_naam(kwartaal)}_{gemeente_code}{ext}"


def _onveilig(snapshot: Snapshot) -> tuple[sup.Interval, ...]:
    """The hidden figures a reader can narrow too much: in the snapshot itself, or with its comparisons."""
    eigen = snapshot.controle.onveilig
    return eigen + (snapshot.context.controle.onveilig if snapshot.context is not None else ())


def veilig(snapshot: Snapshot) -> bool:
    """Whether the snapshot passes its audit, with its history and comparisons as published."""
    return not _onveilig(snapshot)


def controle_tekst(snapshot: Snapshot) -> str:
    """Why a snapshot fails its audit, in Dutch."""
    delen = [f"{i.key} ({i.teken}: {i.laagste:g} t/m {i.hoogste:g})" for i in _onveilig(snapshot)]
    return (f"{snapshot.gemeente_code} {snapshot.gemeente_naam}: een lezer kan afgeschermde cijfers te precies "
            f"terugrekenen: {', '.join(delen)}")


def _controle_manifest(snapshot: Snapshot) -> dict:
    """The audit of one snapshot as recorded in the manifest: per hidden count and hidden percentage the
    interval a reader can deduce (LP, HiGHS), and which deadline KPIs show 'niet tijdig'."""
    result = {"gemeente_code": snapshot.gemeente_code, "veilig": veilig(snapshot),
              "samengevoegd": [k for k in TERMIJNEN if samengevoegd(snapshot.cijfers, k)],
              "verborgen": snapshot.controle.as_list()}
    if snapshot.context is not None:
        result["context"] = snapshot.context.as_manifest()
    return result


def _bestanden(snapshot: Snapshot) -> list[tuple[str, bytes]]:
    """The workbook and the PDF of one snapshot, in memory: [(file name, bytes)]."""
    if not veilig(snapshot):
        raise AfschermingsFout(controle_tekst(snapshot))
    result = []
    for ext, schrijf in ((".xlsx", write_excel), (".pdf", snapshot_pdf.write_pdf)):
        buffer = io.BytesIO()
        schrijf(snapshot, buffer)
        result.append((bestandsnaam(snapshot.kwartaal, snapshot.gemeente_code, ext), buffer.getvalue()))
    return result


def _schrijf(snapshot: Snapshot, bestanden: list[tuple[str, bytes]], out_dir: Path) -> list[dict]:
    """Write the files of one snapshot (each via a .tmp name); their manifest entries."""
    entries = []
    for naam, data in bestanden:
        path = out_dir / naam
        if path.resolve().parent != out_dir.resolve():
            raise ValueError(f"{naam} valt buiten de uitvoermap; er is niets geschreven.")
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        entries.append({"gemeente_code": snapshot.gemeente_code, "gemeente_naam": snapshot.gemeente_naam,
                        "bestand": path.name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)})
    return entries


def write_snapshots(db: Database, kwartaal: str, out_dir: Path, gemeenten: Sequence[str] | None = None,
                    progress: bool = True, workers: int = BATCH_WORKERS) -> dict:
    """Write <kwartaal>_<code>.xlsx and .pdf per municipality and manifest.json; returns the manifest.

    First every snapshot is computed, suppressed, audited and rendered in memory (the figures in
    `workers` threads: DuckDB runs queries outside the GIL, each query on its own cursor; the rest in
    this thread, meanwhile), with its history and comparison (kpi/reports/snapshot_context.py: the official
    figures of every municipality for each trend quarter are computed once). Only when every snapshot
    passes its audit, and the joint audit with its comparisons, are the files written. A code that is not
    a safe file name, an organisation file that cannot be used (kpi.core.organisatie), or a snapshot that
    fails its audit, stops the batch before anything is written (ValueError, in Dutch).
    """
    kwartaal = kwartaal_naam(kwartaal)
    van, tot, peildatum = peildatum_voor(db, kwartaal)
    alle = dict(gemeente_lijst(db))
    codes = list(alle) if gemeenten is None else list(dict.fromkeys(gemeenten))
    onbekend = [c for c in codes if c not in alle]
    if onbekend:
        raise ValueError(f"Onbekende gemeente(n): {', '.join(onbekend)}")
    for code in codes:
        bestandsnaam(kwartaal, code, ".pdf")
    out_dir = Path(out_dir)
    organisatie()  # a missing or wrong organisation file stops the batch before anything is computed
    voortgang = _Voortgang(len(codes), progress)
    begin = time.monotonic()
    voortgang(0, "")
    klaar: list[tuple[Snapshot, list[tuple[str, bytes]]]] = []
    fout: list[Snapshot] = []
    # History and comparisons: the official snapshots of every municipality for each trend quarter, once.

    alle = {q: alle_snapshots(db, q) for q in snapshot_context.trend_kwartalen(db, kwartaal)}
    niveaus = snapshot_context.niveaus_alle(db, alle[kwartaal])
    pool = ThreadPoolExecutor(max_workers=max(1, workers))
    try:
        for i, snapshot in enumerate(pool.map(lambda code: snapshot_figures(db, code, kwartaal), codes)):
            voortgang(i, f"{snapshot.gemeente_code} {snapshot.gemeente_naam}")
            snapshot = snapshot_context.met_context(db, snapshot, alle, niveaus)
            if veilig(snapshot):
                klaar.append((snapshot, [] if fout else _bestanden(snapshot)))
            else:
                fout.append(snapshot)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    voortgang(len(codes), "klaar")
    voortgang.klaar()
    if fout:
        raise AfschermingsFout("De controle op afscherming faalt; er is niets geschreven.\n"
                               + "\n".join(controle_tekst(s) for s in fout))
    out_dir.mkdir(parents=True, exist_ok=True)
    bestanden = [entry for snapshot, data in klaar for entry in _schrijf(snapshot, data, out_dir)]
    manifest = {
        "kwartaal": kwartaal,
        "periode": {"van": van.isoformat(), "tot": tot.isoformat()},
        "peildatum": peildatum.isoformat(),
        "exportdatum": db.exportdatum.isoformat(),
        "compleet_kwartaal": peildatum == tot,
        "gegenereerd_op": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "duur_seconden": round(time.monotonic() - begin, 1),
        "database": db.path.name,
        "gemeenten": len(codes),
        "bestanden": bestanden,
        "afscherming": [_controle_manifest(s) for s, _ in klaar],
    }
    (out_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return manifest


def batch_cli(args: argparse.Namespace) -> int:
    """`python -m kpi snapshots --kwartaal 2025Q2 --out DIR [--db FILE] [--gemeente GM0344 ...]`."""
    database = Database(args.db or default_database_path())
    try:
        manifest = write_snapshots(database, args.kwartaal, args.out, args.gemeente, progress=True)
    except ValueError as error:
        print(f"Fout: {error}", file=sys.stderr)
        return 1
    finally:
        database.close()
    print(f"{manifest['gemeenten']} gemeenten, {len(manifest['bestanden'])} bestanden in {args.out} "
          f"(kwartaal {manifest['kwartaal']}, peildatum {manifest['peildatum']}, "
          f"{manifest['duur_seconden']:g} s)")
    return 0
