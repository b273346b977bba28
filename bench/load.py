"""A `kpi serve` process under load: websocket sessions (bench/wsclient.py) switching pages,
with the server's resident memory sampled from /proc while they run."""

from __future__ import annotations

import asyncio
import os
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.wsclient import Sessie
from kpi.serve import gereed

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["", "eerste-contact", "plan-van-aanpak", "hulpinzet", "caseload", "kind-alleen", "wachtrij",
         "in-doorstroom", "gemeente", "definities"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`python -m kpi serve` on a free loopback port against `db`; RSS sampled every 0.2 s."""

    def __init__(self, db: Path, log: Path):
        self.db, self.log = db, log

    def __enter__(self) -> "Server":
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.out = self.log.open("w")
        env = {**os.environ, "JB_DATABASE": str(self.db), "JB_AUTH": "lokaal", "JB_DEMO": "1"}  # synthetic data
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kpi", "serve", "--server.headless", "true", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             # as in production: no reloading of changed source files (a work tree being edited
             # would otherwise make the server re-import kpi/ modules under running sessions)
             "--server.fileWatcherType", "none", "--server.runOnSave", "false"],
            cwd=ROOT, env=env, stdout=self.out, stderr=subprocess.STDOUT)
        if not gereed(self.url):
            self.__exit__()
            raise RuntimeError("kpi serve startte niet: " + self.log.read_text()[-2000:])
        self.rss_max = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _rss(self, key: str = "VmRSS") -> int:
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith(key + ":"):
                    return int(line.split()[1]) * 1024
        except FileNotFoundError:
            pass
        return 0

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.rss_max = max(self.rss_max, self._rss())
            time.sleep(0.2)

    def piek(self) -> int:
        """Peak resident memory so far (kernel high-water mark, at least the sampled maximum)."""
        return max(self.rss_max, self._rss("VmHWM"))

    def __exit__(self, *exc) -> None:
        if hasattr(self, "_stop"):
            self._stop.set()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.out.close()


async def _rondes(url: str, rondes: int) -> list[tuple[str, float, list[str]]]:
    out = []
    async with Sessie(url) as s:
        r = await s.inloggen()
        out.append(("login+overzicht", r.seconden, r.fouten))
        for _ in range(rondes):
            for page in PAGES:
                r = await s.ga_naar(page)
                out.append((page or "overzicht", r.seconden, r.fouten))
    return out


def geheugen(db: Path, log: Path, rondes: int = 2) -> dict:
    """Peak RSS of the server while one session cycles every page `rondes` times (cold caches first)."""
    with Server(db, log) as server:
        idle = server._rss()
        runs = asyncio.run(_rondes(server.url, rondes))
        return {"rss_start_bytes": idle, "rss_piek_bytes": server.piek(), "runs": len(runs),
                "fouten": [f for _, _, fs in runs for f in fs]}


async def _sessie(url: str, nr: int, tot: float, runs: list, fouten: list, start_spreiding: float,
                  denktijd: tuple[float, float] = (0.0, 0.0)) -> None:
    await asyncio.sleep(start_spreiding * nr)
    rng = random.Random(nr)
    try:
        async with Sessie(url, timeout=60) as s:
            r = await s.inloggen()
            runs.append(("overzicht", r.seconden))
            fouten.extend(r.fouten)
            while time.monotonic() < tot:
                page = rng.choice(PAGES)
                r = await s.ga_naar(page)
                runs.append((page or "overzicht", r.seconden))
                fouten.extend(f"sessie {nr} {page}: {f}" for f in r.fouten)
                if denktijd[1] > 0:  # a person reads the page before the next click
                    await asyncio.sleep(rng.uniform(*denktijd))
    except Exception as error:  # noqa: BLE001 - a broken session is a counted error
        fouten.append(f"sessie {nr}: {type(error).__name__}: {error}")


def gelijktijdig(db: Path, log: Path, sessies: int = 25, seconden: float = 120.0,
                 denktijd: tuple[float, float] = (0.0, 0.0)) -> dict:
    """`sessies` sessions against one server, each switching to a random page for `seconden`
    (sessions start 0.2 s apart): as soon as the previous page finished (denktijd (0, 0), the
    worst case), or after a think time drawn uniformly from `denktijd` seconds."""
    from bench.kpis import p95

    with Server(db, log) as server:
        runs: list = []
        fouten: list = []

        async def alle():
            tot = time.monotonic() + seconden
            await asyncio.wait_for(asyncio.gather(*(_sessie(server.url, i, tot, runs, fouten, 0.2, denktijd)
                                                    for i in range(sessies))), seconden + 180)

        asyncio.run(alle())
        tijden = [t for _, t in runs]
        return {"sessies": sessies, "seconden": seconden, "denktijd_s": list(denktijd), "paginas": len(runs), "fouten": len(fouten),
                "fout_voorbeelden": fouten[:5], "p50_s": sorted(tijden)[len(tijden) // 2] if tijden else None,
                "p95_s": p95(tijden) if tijden else None, "max_s": max(tijden) if tijden else None,
                "rss_piek_bytes": server.piek()}
