"""Start the dashboard: `python -m kpi serve [streamlit options]`.

The same as `streamlit run app.py`, with one difference: Streamlit treats a
folder called `pages/` next to the main script as a legacy multipage app until
the first session has called `st.navigation`. On a freshly started server, the
first visitor who opens a shared link (`/wachtrij?cluster=RRY`) would then get
"Page not found", and a page file could run without the router. This launcher
switches that legacy mode off before the server starts, so every run goes
through app.py (login, scope, filters) from the first request on.
"""

from __future__ import annotations

from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"


def serve(streamlit_args: list[str]) -> int:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False  # what st.navigation sets on its first call
    try:
        cli.main(["run", str(APP), *streamlit_args], prog_name="streamlit", standalone_mode=False)
    except SystemExit as stop:
        return int(stop.code or 0)
    return 0
