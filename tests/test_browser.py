"""The dashboard in a real browser: Debian's Chromium driven by Playwright.

A session fixture starts `streamlit run app.py` on a free port against the
demo database and prints the server's output when a test fails. Screenshots of
every page land in tests/artifacts/ so a person can look at them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'

# url path, title in the sidebar navigation
PAGES = [
    ("overzicht", "Overzicht"),
    ("eerste-contact", "Eerste contact (K1)"),
    ("plan-van-aanpak", "Plan van aanpak (K2)"),
    ("hulpinzet", "Hulpinzet (K3)"),
    ("caseload", "Caseload (K4)"),
    ("kind-alleen", "Kind-alleen-contact (K5)"),
    ("wachtrij", "Wachtrij (K6)"),
    ("in-doorstroom", "In- en doorstroomteam (K7)"),
    ("gemeente", "Gemeentesnapshot"),
    ("definities", "Definities"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(demo_db):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} ontbreekt: scripts/test.sh installeert Debian's chromium.")
    port = _free_port()
    log = ARTIFACTS / "server.log"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out = log.open("w")
    env = {**os.environ, "JB_DATABASE": str(demo_db), "JB_AUTH": "lokaal"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kpi", "serve", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.terminate()
        pytest.fail("streamlit startte niet:\n" + log.read_text())
    yield url
    proc.terminate()
    proc.wait(timeout=10)
    out.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        print("--- streamlit-uitvoer ---\n" + (ARTIFACTS / "server.log").read_text()[-5000:])
        print("--- browserfouten ---\n" + "\n".join(errors))


def wait_idle(pg, text: str | None = None, timeout: float = 60_000) -> None:
    if text:
        pg.get_by_text(text, exact=False).first.wait_for(timeout=timeout)
    pg.wait_for_selector(IDLE, timeout=timeout)
    pg.wait_for_timeout(300)
    pg.wait_for_selector(IDLE, timeout=timeout)


def login(pg, url: str, who: str, path: str = "") -> None:
    """Local demo login: pick the user in the selectbox and press Inloggen."""
    pg.goto(f"{url}/{path}")
    wait_idle(pg, "Demomodus")
    pg.locator('[data-testid="stSelectbox"]').first.click()
    pg.get_by_role("option", name=who).first.click()
    pg.get_by_role("button", name="Inloggen").click()
    wait_idle(pg)
    pg.locator('[data-testid="stException"]').wait_for(state="detached", timeout=1000)


def screenshot(pg, path: Path) -> None:
    """The whole page: Streamlit scrolls inside its main block, so grow the viewport to fit it first."""
    size = pg.viewport_size
    height = pg.evaluate("() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 0")
    pg.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(height), 12_000))})
    wait_idle(pg)
    pg.screenshot(path=str(path), full_page=True)
    pg.set_viewport_size(size)


def no_exception(pg) -> None:
    assert pg.locator('[data-testid="stException"]').count() == 0, pg.locator(
        '[data-testid="stException"]').first.inner_text()


def open_page(pg, title: str, path: str) -> None:
    """Follow the sidebar navigation (the session, and so the login, stays)."""
    pg.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
    wait_for_path(pg, path)
    wait_idle(pg)


def wait_for_path(pg, path: str) -> None:
    """Streamlit switches pages with pushState; the default page (overzicht) is '/'."""
    pg.wait_for_function(
        "p => location.pathname.endsWith('/' + p) || (p === 'overzicht' && location.pathname === '/')",
        arg=path, timeout=30_000)


def test_shared_url_reopens_the_same_view(page, server):
    """First test on the fresh server: a shared link must work for the very first visitor too."""
    login(page, server, "Demo bestuurder", "wachtrij?cluster=RRY&peildatum=2025-06-30")
    wait_idle(page, "Wachtrij")
    from playwright.sync_api import expect

    expect(page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name="Cluster")).to_have_value(
        "Rotterdam Rijnmond")
    assert "cluster=RRY" in page.url and "peildatum=2025-06-30" in page.url
    no_exception(page)
    assert "Page not found" not in page.locator("body").inner_text()
    screenshot(page, ARTIFACTS / "gedeelde_link_wachtrij_rry.png")


def test_every_page_opens_with_screenshot(page, server):
    login(page, server, "Demo bestuurder")
    for path, title in PAGES:
        open_page(page, title, path)
        no_exception(page)
        screenshot(page, ARTIFACTS / f"pagina_{path}.png")


def test_filter_goes_into_the_url_and_survives_a_page_switch(page, server):
    login(page, server, "Demo bestuurder", "eerste-contact")
    wait_idle(page, "Eerste contact")
    cluster = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="Cluster")
    cluster.click()
    page.get_by_role("option", name="Utrecht/Flevoland").click()
    wait_idle(page)
    assert "cluster=UTR" in page.url
    open_page(page, "Caseload (K4)", "caseload")
    assert "cluster=UTR" in page.url
    no_exception(page)
    screenshot(page, ARTIFACTS / "filter_caseload_utr.png")


def test_tile_leads_to_its_page(page, server):
    login(page, server, "Demo bestuurder")
    wait_idle(page, "Overzicht")
    page.locator('[data-testid="stPageLink"] a[href*="eerste-contact"]').first.click()
    wait_for_path(page, "eerste-contact")
    wait_idle(page, "Eerste contact")
    no_exception(page)


@pytest.mark.parametrize("who, sees, hidden", [
    ("Demo gebiedsmanager Utrecht/Flevoland", "Utrecht/Flevoland", "Rotterdam Rijnmond"),
    ("Demo gemeente Holvliet (GM1171)", "Gemeentesnapshot", "Caseload (K4)"),
])
def test_roles_see_what_they_should(page, server, who, sees, hidden):
    login(page, server, who)
    wait_idle(page)
    no_exception(page)
    body = page.locator("body").inner_text()
    assert sees in body
    assert hidden not in body
    screenshot(page, ARTIFACTS / f"rol_{who.split()[1]}.png")
