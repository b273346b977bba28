"""Golden outputs: the JSON report and the municipal snapshot workbooks on fixed demo data, to show
that a restructuring changes nothing a user sees.

    python -m bench.golden write   # (re)write bench/golden/ from the current code
    python -m bench.golden check   # compare the current code with bench/golden/ (exit 1 on a difference)
    python -m bench.golden check --reports   # only the JSON reports (quicker)

Data: the generator with seed 11, scale 1 (built once in bench/out/golden/). Reports: `python -m kpi
report --json` at three peildata (the export date, a mid-month date, an older month end), each with the
quarter up to P as period, for the organisation, every cluster and two municipalities; compared byte
for byte. Workbooks: the snapshot of every municipality in SNAPSHOT_GEMEENTEN for one quarter,
compared cell for cell (value and sheet layout; the zip container itself may differ).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "golden"
GOLDEN = ROOT / "bench" / "golden"
PY = sys.executable
SEED = 11
PEILDATA = (dt.date(2025, 9, 30), dt.date(2025, 5, 14), dt.date(2024, 10, 31))
GEMEENTEN = ("GM1490", "GM0739")
KWARTAAL = "2025Q2"
SNAPSHOT_GEMEENTEN = ("GM1490", "GM1587", "GM0739", "GM1929", "GM0942", "GM0382", "GM1113", "GM0598")


def database() -> Path:
    export, db = OUT / "export", OUT / "s11.duckdb"
    if not db.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        subprocess.run([PY, "-m", "kpi", "generate", "--out", str(export), "--seed", str(SEED), "--scale", "1"],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([PY, "-m", "kpi", "import", str(export), "--db", str(db)], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # a file built by other code (kpi/data/build.py) is rebuilt from its own tables first
    subprocess.run([PY, "-m", "kpi", "herbouw", "--db", str(db)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return db


def selecties() -> list[tuple[str, list[str]]]:
    import duckdb

    con = duckdb.connect(str(database()), read_only=True)
    try:
        clusters = [r[0] for r in con.execute("select cluster_id from clusters order by 1").fetchall()]
    finally:
        con.close()
    return [("organisatie", []), *((f"cluster_{c}", ["--cluster", c]) for c in clusters),
            *((f"gemeente_{g}", ["--gemeente", g]) for g in GEMEENTEN)]


def reports() -> dict[str, bytes]:
    """name -> the report's stdout bytes."""
    db = database()
    result = {}
    for peildatum in PEILDATA:
        van = dt.date(peildatum.year, 3 * ((peildatum.month - 1) // 3) + 1, 1)
        for naam, args in selecties():
            run = subprocess.run([PY, "-m", "kpi", "report", "--db", str(db), "--peildatum", peildatum.isoformat(),
                                  "--van", van.isoformat(), "--tot", peildatum.isoformat(), *args, "--json"],
                                 cwd=ROOT, check=True, capture_output=True)
            result[f"report_{peildatum.isoformat()}_{naam}.json"] = run.stdout
    return result


def workbooks(out: Path) -> dict[str, list]:
    """name -> every sheet's cells as [sheet, row, col, value] (read back with openpyxl-free zip parsing
    through polars' fastexcel reader would lose layout, so the sheet XML is compared instead)."""
    import zipfile

    args = [PY, "-m", "kpi", "snapshots", "--kwartaal", KWARTAAL, "--out", str(out), "--db", str(database())]
    for g in SNAPSHOT_GEMEENTEN:
        args += ["--gemeente", g]
    subprocess.run(args, cwd=ROOT, check=True, capture_output=True)
    result = {}
    for path in sorted(out.glob("*.xlsx")):
        with zipfile.ZipFile(path) as z:
            result[path.name] = {n: z.read(n).decode("utf-8") for n in sorted(z.namelist())
                                 if n.startswith("xl/") and n.endswith(".xml")}
    return result


def current(tmp: Path, alleen_reports: bool = False) -> dict[str, bytes]:
    files = reports()
    if alleen_reports:
        return files
    for naam, parts in workbooks(tmp).items():
        files[naam + ".json"] = (json.dumps(parts, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
    return files


def main(argv: list[str]) -> int:
    import tempfile

    mode = argv[0] if argv else "check"
    alleen_reports = "--reports" in argv  # only the JSON reports (the quick check)
    with tempfile.TemporaryDirectory() as tmp:
        files = current(Path(tmp), alleen_reports)
    if mode == "write":
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for old in GOLDEN.glob("*"):
            old.unlink()
        for naam, data in files.items():
            (GOLDEN / naam).write_bytes(data)
        print(f"{len(files)} golden files written to {GOLDEN.relative_to(ROOT)}")
        return 0
    verschil = [naam for naam, data in files.items()
                if not (GOLDEN / naam).exists() or (GOLDEN / naam).read_bytes() != data]
    ontbreekt = [p.name for p in GOLDEN.glob("*") if p.name not in files
                 and not (alleen_reports and not p.name.startswith("report_"))]
    for naam in verschil:
        print(f"VERSCHIL: {naam}")
    for naam in ontbreekt:
        print(f"ONTBREEKT: {naam}")
    print(f"{len(files) - len(verschil)} of {len(files)} identical")
    return 1 if verschil or ontbreekt else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
