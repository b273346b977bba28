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
from pathlib import Path

import pytest

from kpi.serve import gereed

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
    ("werklijst", "Werklijst"),
    ("eerste-contact", "Eerste contact (K1)"),
    ("plan-van-aanpak", "Plan van aanpak (K2)"),
    ("hulpinzet", "Hulpinzet (K3)"),
    ("caseload", "Caseload (K4)"),
    ("kind-alleen", "Kind-alleen-contact (K5)"),
    ("wachtrij", "Wachtrij (K6)"),
    ("in-doorstroom", "In- en doorstroomteam (K7)"),
    ("gemeente", "Gemeentesnapshot"),
    ("datakwaliteit", "Datakwaliteit"),
    ("definities", "Definities"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(demo_db):
    yield from _serve(demo_db, ARTIFACTS / "server.log")


def _serve(database: Path, log: Path, port: int | None = None, args: tuple[str, ...] = (), **env: str | None):
    """Start `python -m kpi serve` on a free port against `database`; yields its URL.

    By default with the demo users (JB_AUTH=lokaal, JB_DEMO=1: a copy of the demo data is no demo
    database); `env` sets or (None) removes other JB_* variables, `args` adds Streamlit options."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} ontbreekt: scripts/test.sh installeert Debian's chromium.")
    port = port or _free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out = log.open("w")
    omgeving = {k: v for k, v in os.environ.items() if not k.startswith("JB_")}
    for naam, waarde in {"JB_DATABASE": str(database), "JB_AUTH": "lokaal", "JB_DEMO": "1", **env}.items():
        if waarde is not None:
            omgeving[naam] = waarde
    proc = subprocess.Popen(
        [sys.executable, "-m", "kpi", "serve", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         *args], cwd=ROOT, env=omgeving, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    if not gereed(url, pauze=0.5):
        proc.terminate()
        pytest.fail("streamlit startte niet:\n" + log.read_text())
    yield url
    proc.terminate()
    proc.wait(timeout=10)
    out.close()


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


@pytest.fixture(scope="module")
def vers_server(demo_db):
    """A server of its own, so that the test below is really its first visitor."""
    yield from _serve(demo_db, ARTIFACTS / "server_vers.log")


def test_first_visitor_of_a_fresh_server_opens_overzicht(browser, vers_server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
    try:
        pg = context.new_page()
        login(pg, vers_server, "Demo bestuurder", "overzicht?gemeente=GM1171")
        wait_for_path(pg, "overzicht")
        wait_idle(pg, "Overzicht")
        assert pg.url.endswith("/overzicht?gemeente=GM1171")
        assert "Page not found" not in pg.locator("body").inner_text()
        no_exception(pg)
    finally:
        context.close()


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


# every page's path and title ("gemeente" is also a role in the demo picker, "Gemeentesnapshot" is the page)
PAGINANAMEN = [*(path for path, _ in PAGES if path != "gemeente"), *(title for _, title in PAGES), "gegevens",
               "Gegevens"]


def _websocket_tekst(pg) -> list[bytes]:
    """Collect every message the server sends over the websocket (protobuf: names appear as bytes)."""
    berichten: list[bytes] = []
    pg.on("websocket", lambda ws: ws.on("framereceived", lambda f: berichten.append(
        f if isinstance(f, bytes) else f.encode())))
    return berichten


@pytest.mark.parametrize("pad, gevraagd", [("", None), ("wachtrij?cluster=RRY", "wachtrij")])
def test_nothing_about_the_pages_reaches_the_browser_before_login(page, server, pad, gevraagd):
    """The navigation used to be sent before the login (hidden, but with every page's name and path)."""
    berichten = _websocket_tekst(page)
    page.goto(f"{server}/{pad}")
    wait_idle(page, "Demomodus")
    page.wait_for_timeout(500)
    alles = b"".join(berichten)
    assert alles, "geen websocketberichten gezien"
    gelekt = [naam for naam in PAGINANAMEN if naam.encode() in alles and naam != gevraagd]
    assert not gelekt
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    if gevraagd:  # the link itself stays in the address bar, for after the login
        assert page.url.endswith("/wachtrij?cluster=RRY")
    screenshot(page, ARTIFACTS / f"inloggen_lokaal{'_link' if gevraagd else ''}.png")


def test_every_page_url_opens_after_login(page, server):
    """/overzicht used to give 'Page not found' (the default page lived at '/' only)."""
    for path, title in PAGES:
        login(page, server, "Demo bestuurder", f"{path}?cluster=UTR")
        wait_for_path(page, path)
        wait_idle(page)
        kop = page.locator("h1").first.inner_text().replace("\u00ad", "")  # soft hyphens (Gemeente-snapshot)
        assert (f"({title.split('(')[1]}" in kop) if "(" in title else kop == title, (path, kop)
        assert "Page not found" not in page.locator("body").inner_text()
        assert "cluster=UTR" in page.url
        no_exception(page)


def test_logout_forgets_the_menu(page, server):
    login(page, server, "Demo functioneel beheerder")
    wait_idle(page, "Overzicht")
    assert page.locator('[data-testid="stSidebarNav"]').get_by_text("Gegevens").count() == 1
    page.get_by_role("button", name="Uitloggen").click()
    wait_idle(page, "Demomodus")
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0


def test_no_deploy_button_and_no_developer_menu(page, server):
    login(page, server, "Demo bestuurder")
    wait_idle(page, "Overzicht")
    assert page.locator('[data-testid="stMainMenu"], [data-testid="stAppDeployButton"]').count() == 0
    assert "Deploy" not in page.locator("body").inner_text()


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


# --------------------------------------------------------------------------- import through the Gegevens page


@pytest.fixture(scope="module")
def upload_server(demo_db, tmp_path_factory):
    """A server of its own on a copy of the demo database, so the other browser tests keep the demo data."""
    import shutil

    database = tmp_path_factory.mktemp("upload") / "gi.duckdb"
    shutil.copy2(demo_db, database)
    for url in _serve(database, ARTIFACTS / "server_upload.log"):
        yield url, database


@pytest.fixture(scope="module")
def upload_zips(tmp_path_factory):
    """(valid, broken): a small export with another seed and export date, and the same with one bad date."""
    import datetime as dt
    import zipfile

    from kpi.data.generator import generate

    basis = tmp_path_factory.mktemp("zips")
    generate(basis / "export", seed=7, scale=0.2, exportdatum=dt.date(2025, 6, 30))
    zips = []
    for naam, kapot in (("export_juni.zip", False), ("export_fout.zip", True)):
        with zipfile.ZipFile(basis / naam, "w", zipfile.ZIP_DEFLATED) as zf:
            for pad in sorted((basis / "export").iterdir()):
                data = pad.read_bytes()
                if kapot and pad.name == "maatregelen.csv":
                    regels = data.decode("utf-8").split("\n")
                    kop = regels[0].split(",")
                    velden = regels[3].split(",")
                    velden[kop.index("startdatum")] = "31-02-2025"
                    regels[3] = ",".join(velden)
                    data = "\n".join(regels).encode("utf-8")
                zf.writestr(f"export/{pad.name}", data)
        zips.append(basis / naam)
    return zips


def _sha256(pad: Path) -> str:
    import hashlib

    return hashlib.sha256(pad.read_bytes()).hexdigest()


def _upload(pg, zip_pad: Path) -> None:
    pg.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(zip_pad))
    pg.get_by_text(zip_pad.name).first.wait_for(timeout=30_000)
    wait_idle(pg)
    pg.get_by_role("button", name="Controleren en importeren").click()


def test_upload_replaces_the_data_and_a_broken_export_changes_nothing(browser, upload_server, upload_zips):
    url, database = upload_server
    geldig, kapot = upload_zips
    contexten = [browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL") for _ in range(2)]
    try:
        bestuur, beheer = (c.new_page() for c in contexten)
        fouten: list[str] = []
        for pg in (bestuur, beheer):
            pg.on("pageerror", lambda e: fouten.append(str(e)))

        login(bestuur, url, "Demo bestuurder")
        wait_idle(bestuur, "Overzicht")
        assert "export van 30-09-2025" in bestuur.locator("body").inner_text()

        login(beheer, url, "Demo functioneel beheerder")
        open_page(beheer, "Gegevens", "gegevens")
        no_exception(beheer)
        beheer.screenshot(path=str(ARTIFACTS / "gegevens_voor_import.png"), full_page=True)

        # a valid export: while it loads, the other user keeps working
        _upload(beheer, geldig)
        open_page(bestuur, "Caseload (K4)", "caseload")
        no_exception(bestuur)
        beheer.get_by_text("Import geslaagd.").wait_for(timeout=120_000)
        wait_idle(beheer)
        no_exception(beheer)
        beheer.screenshot(path=str(ARTIFACTS / "gegevens_import_geslaagd.png"), full_page=True)
        tekst = beheer.locator("body").inner_text()
        assert "exportdatum 30-06-2025" in tekst, tekst
        na_import = _sha256(database)

        open_page(bestuur, "Overzicht", "overzicht")
        no_exception(bestuur)
        assert "export van 30-06-2025" in bestuur.locator("body").inner_text()
        bestuur.screenshot(path=str(ARTIFACTS / "gegevens_bestuur_ziet_nieuwe_data.png"), full_page=True)

        # a broken export: a report with file, row, column and value; the database file stays as it is
        _upload(beheer, kapot)
        beheer.get_by_text("Import afgewezen").first.wait_for(timeout=120_000)
        wait_idle(beheer)
        no_exception(beheer)
        cellen = [c.strip() for c in beheer.locator('[data-testid="stTable"] tbody tr').first.locator(
            "td, th").all_inner_texts()]
        # file, row (data row 3 is spreadsheet row 4), column, value, problem, how to fix it
        assert cellen[-6:-1] == ["maatregelen.csv", "4", "startdatum", "31-02-2025", "geen geldige datum"], cellen
        assert cellen[-1].startswith("Gebruik JJJJ-MM-DD")
        assert _sha256(database) == na_import
        beheer.screenshot(path=str(ARTIFACTS / "gegevens_import_afgewezen.png"), full_page=True)
        beheer.get_by_role("heading", name="Vorige database terugzetten").scroll_into_view_if_needed()
        beheer.screenshot(path=str(ARTIFACTS / "gegevens_geschiedenis.png"))

        open_page(bestuur, "Wachtrij (K6)", "wachtrij")
        no_exception(bestuur)
        assert "30-06-2025" in bestuur.locator("body").inner_text()
        assert not fouten, fouten
    finally:
        for c in contexten:
            c.close()
