"""app.py in Streamlit's AppTest, logged in as a demo user (local login mode)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from kpi.data import db as kdb

APP = Path(__file__).resolve().parent.parent / "app.py"
BESTUUR = "bestuur@demo.jb"  # config/toegang.toml: role bestuur, sees everything


def open_app(database: Path, monkeypatch, pagina: str | None = None, login: str = BESTUUR,
             **query) -> AppTest:
    """Run the app on `database` as `login` with URL parameters `query`; then, with `pagina`,
    switch to that page (the first run registers the pages of st.navigation). Fails on an
    exception in either run."""
    monkeypatch.setenv(kdb.DB_ENV, str(database))
    monkeypatch.setenv("JB_AUTH", "lokaal")
    monkeypatch.setenv("JB_DEMO", "1")  # the demo users on a test database (synthetic data)
    monkeypatch.delenv("JB_TOEGANG", raising=False)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["jb_login"] = login
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if pagina:
        at.switch_page(pagina)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    return at
