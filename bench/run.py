"""The benchmark: `python -m bench [--scales 1,5,20] [--skip import,kpi,pages,memory,concurrency]`.

Per scale: generate (bench/out/export_sN, once), import (timed, file size), every KPI query
cold/warm with its scan lower bound and the pandas way, the full report, every page (AppTest),
and at scale 5 the app's peak memory; at scale 1 the 25 concurrent sessions. Writes
bench/out/results.json and bench/results.md. Needs `.venv/bin/pip install -r bench/requirements.txt`
once (websocket client, profilers); the app and the tests do not.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PY = sys.executable
DELEN = ("import", "kpi", "pages", "memory", "concurrency")


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def machine() -> dict:
    import duckdb
    import pandas
    import polars
    import streamlit

    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    mem = next(int(l.split()[1]) for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal"))
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(mem / 1024 / 1024, 1),
            "os": platform.platform(), "python": platform.python_version(), "duckdb": duckdb.__version__,
            "polars": polars.__version__, "pandas": pandas.__version__, "streamlit": streamlit.__version__,
            "datum": dt.datetime.now().isoformat(timespec="minutes")}


def genereer(scale: float) -> Path:
    export = OUT / f"export_s{scale:g}"
    if not (export / "maatregelen.csv").exists():
        log(f"genereren schaal {scale:g}")
        subprocess.run([PY, "-m", "kpi", "generate", "--out", str(export), "--seed", "42", "--scale", str(scale)],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return export


def importeer(scale: float, export: Path) -> dict:
    db = OUT / f"s{scale:g}.duckdb"
    for old in OUT.glob(f"s{scale:g}.duckdb*"):
        old.unlink()
    t = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", PY, "-m", "kpi", "import", str(export), "--db", str(db)],
                          cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        raise RuntimeError(proc.stdout[-3000:] + proc.stderr[-3000:])
    peak_kb = int(proc.stderr.strip().splitlines()[-1])
    return {"seconden": seconds, "bytes": db.stat().st_size, "piek_rss_bytes": peak_kb * 1024}


# A person looks at a page before the next click: 3 to 10 seconds (the worst case, no think
# time at all, is measured too).
DENKTIJD = (3.0, 10.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--scales", default="1,5,20")
    parser.add_argument("--skip", default="", help=f"comma-separated: {', '.join(DELEN)}")
    parser.add_argument("--runs", type=int, default=0, help="warm repetitions (default 7 / 5 / 3 by scale)")
    parser.add_argument("--sessions", type=int, default=25)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--note", default="", help="measurement conditions, written to results.md")
    args = parser.parse_args(argv)
    skip = {s for s in args.skip.split(",") if s}
    scales = [float(s) for s in args.scales.split(",")]
    OUT.mkdir(parents=True, exist_ok=True)
    results_path = OUT / "results.json"
    results = json.loads(results_path.read_text()) if results_path.exists() else {"schalen": {}}
    results["machine"] = machine()
    results["commando"] = "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:])
    if args.note:
        results["omstandigheden"] = args.note
    from bench import kpis, load

    for scale in scales:
        key = f"{scale:g}"
        r = results["schalen"].setdefault(key, {})
        export = genereer(scale)
        db = OUT / f"s{key}.duckdb"
        if "import" not in skip or not db.exists():
            log(f"import schaal {key}")
            r["import"] = importeer(scale, export)
            log(f"  {r['import']}")
        else:  # a file built by other code (kpi/data/build.py) is rebuilt from its own tables first
            subprocess.run([PY, "-m", "kpi", "herbouw", "--db", str(db)], cwd=ROOT, check=True)
        runs = args.runs or (7 if scale <= 1 else 5 if scale <= 5 else 3)
        if "kpi" not in skip:
            log(f"KPI's schaal {key}")
            r["kpi"] = kpis.meet(db, herhalingen=runs, pandas_herhalingen=3 if scale <= 5 else 1, log=log)
        if "pages" not in skip:
            log(f"pagina's schaal {key}")
            proc = subprocess.run([PY, "-m", "bench.pages", str(db), str(runs)], cwd=ROOT, capture_output=True,
                                  text=True)
            if proc.returncode != 0:
                log(proc.stderr[-3000:])
            r["paginas"] = json.loads(proc.stdout.strip().splitlines()[-1])
            for row in r["paginas"]:
                log(f"  {row['pagina']:20s} cold {row['cold_s']:6.2f}s warm {row['warm_median_s']:6.2f}s {row['fouten']}")
        if "memory" not in skip and scale == 5:
            log(f"geheugen schaal {key}")
            r["geheugen"] = load.geheugen(db, OUT / f"serve_s{key}.log")
            log(f"  {r['geheugen']['rss_piek_bytes'] / 2**20:.0f} MB")
        if "concurrency" not in skip and scale == 1:
            log(f"{args.sessions} gelijktijdige sessies, {args.seconds:g} s, schaal {key}")
            r["gelijktijdig"] = load.gelijktijdig(db, OUT / f"serve_gelijktijdig_s{key}.log", args.sessions,
                                                  args.seconds)
            log(f"  {r['gelijktijdig']}")
            log(f"{args.sessions} gelijktijdige sessies met denktijd {DENKTIJD[0]:g}-{DENKTIJD[1]:g} s")
            r["gelijktijdig_denktijd"] = load.gelijktijdig(db, OUT / f"serve_denktijd_s{key}.log", args.sessions,
                                                           args.seconds, DENKTIJD)
            log(f"  {r['gelijktijdig_denktijd']}")
        results_path.write_text(json.dumps(results, indent=1, default=str))
    from bench.verslag import schrijf

    (ROOT / "bench" / "results.md").write_text(schrijf(results), encoding="utf-8")
    log("bench/results.md geschreven")
    return 0
