"""Shared fixtures: the demo database, built once through the real generator and import."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpi.data import db as kdb


@pytest.fixture(scope="session")
def demo_db() -> Path:
    """data/demo.duckdb, (re)built by `python -m kpi demo` when missing or out of date."""
    from kpi.cli import build_demo

    assert build_demo() == 0, "de demo-database kon niet worden gebouwd"
    return kdb.DEMO_DB


@pytest.fixture(scope="session")
def demo(demo_db):
    """The demo database, opened once (read-only) for the whole session."""
    database = kdb.Database(demo_db)
    yield database
    database.close()


@pytest.fixture(scope="session")
def browser():
    """One Chromium (Debian's, through Playwright) for every browser test module of the session."""
    from playwright.sync_api import sync_playwright

    from tests.test_browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Expose each phase's report on the test item (the browser fixture prints logs on failure)."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
