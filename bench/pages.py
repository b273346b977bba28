"""Page run times with Streamlit's AppTest (app.py, logged in as bestuur), one process per
database: `python -m bench.pages DB [RUNS]` prints JSON. Cold = a run of the page with every
cache empty (cache_data and cache_resource cleared, so the database is opened again too; the
session is already logged in and Python's modules are loaded), median (and max) over
KOUD_RUNS such runs; warm = a rerun of the same page (median and p95 over RUNS reruns)."""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KOUD_RUNS = 3
PAGES = ["overzicht", "k1_eerste_contact", "k2_plan_van_aanpak", "k3_hulpinzet", "k4_caseload",
         "k5_kind_alleen", "k6_wachtrij", "k7_in_doorstroom", "k8_klachten", "gemeente", "definities"]


def main() -> None:
    db, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5
    os.environ["JB_DATABASE"] = db
    os.environ["JB_AUTH"] = "lokaal"
    os.environ["JB_DEMO"] = "1"  # the demo users on a generated (synthetic) benchmark database
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from bench.kpis import p95
    from kpi.presentation import cache

    def leeg_caches() -> None:
        cache.wis_caches()  # the KPI figures, tiles and chart specs
        st.cache_resource.clear()  # and the database handle: opened again

    result = []
    for page in PAGES:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.session_state["jb_login"] = "bestuur@demo.jb"
        # AppTest's first run always lands on the default page (Overzicht): do it, then empty
        # every cache and measure the page itself.
        at.run()
        leeg_caches()
        at.switch_page(f"pages/{page}.py")
        colds = []
        fouten = []
        for i in range(KOUD_RUNS):
            if i:
                leeg_caches()
            t = time.perf_counter()
            at.run()
            colds.append(time.perf_counter() - t)
            fouten += [e.value for e in at.exception]
        warm = []
        for _ in range(runs):
            t = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - t)
        fouten += [e.value for e in at.exception]
        row = {"pagina": page, "cold_s": statistics.median(colds), "cold_max_s": max(colds), "cold_runs_s": colds,
               "warm_median_s": statistics.median(warm), "warm_p95_s": p95(warm),
               "fouten": fouten[:3]}
        print(json.dumps(row), file=sys.stderr, flush=True)
        result.append(row)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
