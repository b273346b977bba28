"""Start the dashboard: `python -m kpi serve [streamlit options]`.

The same as `streamlit run app.py`, with one difference: Streamlit treats a
folder called `pages/` next to the main script as a legacy multipage app until
the first session has called `st.navigation`. On a freshly started server, the
first visitor who opens a shared link (`/wachtrij?cluster=RRY`) would then get
"Page not found", and a page file could run without the router. This launcher
switches that legacy mode off before the server starts, so every run goes
through app.py (login, scope, filters) from the first request on. It also logs
at start whether the login configuration and the access file can be used
(`controleer_toegang`; docs/toegang.md). And it serves Streamlit's page in Dutch: Streamlit's
index.html declares `<html lang="en">`, so screen readers would read the Dutch text with English
pronunciation (WCAG 3.1.1); `nederlandse_statische_map` gives the server a copy that says `lang="nl"`
(docs/toegankelijkheid.md).
"""

from __future__ import annotations

import gc
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"


def gereed(url: str, seconden: float = 60, pauze: float = 0.3, draait: Callable[[], bool] = lambda: True) -> bool:
    """Wait until the server at `url` answers its health check: True, or False after `seconden` (or
    as soon as `draait()` says the server process has stopped). For scripts and tests that start one."""
    einde = time.monotonic() + seconden
    while time.monotonic() < einde and draait():
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
            return True
        except OSError:
            time.sleep(pauze)
    return False


def _voorbeeld():
    import datetime as dt

    import polars as pl

    return pl.DataFrame({"maand": [dt.date(2025, 1, 31)], "waarde": [80.0]})


def controleer_toegang() -> bool:
    """At start: log whether the login configuration and the access file can be used. When not, the
    dashboard still starts, but app.py shows everyone the same Dutch errors and no data (docs/toegang.md)."""
    from kpi.core.fouten import logger
    from kpi.data import auth
    from kpi.data.db import DatabaseError

    log = logger("serve")
    try:
        instelling = auth.instelling()
        toegang, opmerking = ((auth.controleer(instelling.pad), "de demogebruikers") if instelling.demogebruikers
                              else auth.controleer_tegen(instelling.pad))
    except (auth.ToegangFout, DatabaseError) as error:
        log.error("Inlogconfiguratie geweigerd; het dashboard toont niemand gegevens: %s", error)
        return False
    if not toegang.geldig:
        log.error("Het dashboard toont niemand gegevens. %s\n(%s)", auth.fouttekst(toegang, str(instelling.pad)),
                  opmerking)
        return False
    log.info("Inloggen: %s%s; toegangsbestand %s: %d gebruikers (%s)", instelling.modus,
             " (demomodus)" if instelling.demo else "", instelling.pad, len(toegang.gebruikers), opmerking)
    return True


def serve(streamlit_args: list[str]) -> int:
    from kpi.presentation import patches  # (imports streamlit.dataframe_util, see below)

    controleer_toegang()

    patches.no_pages_directory()
    patches.static_folder_in_dutch()
    # Import what the pages import lazily (Streamlit imports pandas when it draws a table or
    # chart) once, here, before the first sessions: when many sessions start their first run
    # at the same moment, their threads otherwise import pandas concurrently and some runs fail
    # with "partially initialized module 'pandas'" (bench/results.md, 25 sessions).
    import altair  # noqa: F401
    import pandas  # noqa: F401
    import pyarrow  # noqa: F401

    # Our own modules too: kpi.presentation.charts changes Altair's global data-transformer settings when it
    # is imported, which must not happen while another session converts a chart.
    import kpi.presentation.charts  # noqa: F401
    import kpi.presentation.charts_kwaliteit  # noqa: F401
    import kpi.presentation.charts_zorg  # noqa: F401
    import kpi.presentation.sections  # noqa: F401
    import kpi.presentation.widgets

    # The first chart conversion in a process loads Altair's schema machinery (~0.4 s): do it
    # now, not in the first visitor's run.
    kpi.presentation.widgets.vega_lite(kpi.presentation.charts.tegel_sparkline(_voorbeeld(), norm=80.0))
    # Everything loaded so far (modules, Altair's ~1,000 schema classes) lives as long as the
    # process: keep it out of the garbage collector's full collections, which otherwise walk
    # it again and again while sessions wait (the app turns off Streamlit's collection after
    # every run, .streamlit/config.toml; Python's own generational collection still runs).
    gc.freeze()
    from kpi.data.upload import ruim_oude_uploads

    ruim_oude_uploads()  # temporary folders of uploads a crashed server left behind
    return patches.run_streamlit(APP, streamlit_args)
