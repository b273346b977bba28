"""The OIDC login (st.login) against a real OpenID Connect provider, in a real browser.

The test starts the provider itself on localhost: tests/oidc/provider.mjs, npm's certified
`oidc-provider` (pinned in tests/oidc/package-lock.json, installed by scripts/test.sh with `npm ci`),
with a login form that checks a password per user. The dashboard runs on a copy of the demo data as
production does: its own access file (JB_TOEGANG), no JB_AUTH (so OIDC), and the `[auth]` secrets in a
file of the test (`--secrets.files`), never in the repository's .streamlit/secrets.toml. Each role logs
in through the provider's form and sees its own navigation and scope; someone the provider knows but
the access file does not, sees no data.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import urllib.request

import pytest

from tests.test_browser import (ARTIFACTS, ROOT, _free_port, _serve, no_exception,
                                screenshot, wait_for_path, wait_idle)

pytestmark = pytest.mark.browser

OIDC = ROOT / "tests" / "oidc"
CLIENT_ID, CLIENT_SECRET = "jb-dashboard", "test-geheim-van-de-client"
# e-mail (as the provider spells it), name, password, role in the access file (None: not in it)
GEBRUIKERS = {
    "bestuur": ("Bestuur@GI.test", "Test bestuurder", "wachtwoord-bestuur"),
    "gebiedsmanager": ("gm.utrecht@gi.test", "Test gebiedsmanager Utrecht", "wachtwoord-gm"),
    "gemeente": ("holvliet@gemeente.test", "Test gemeente Holvliet", "wachtwoord-gemeente"),
    "beheer": ("beheer@gi.test", "Test functioneel beheerder", "wachtwoord-beheer"),
    "geen rol": ("onbekend@gi.test", "Test zonder rol", "wachtwoord-onbekend"),
}
TOEGANG = """\
[[gebruiker]]
email = "bestuur@gi.test"
naam = "Test bestuurder"
rol = "bestuur"

[[gebruiker]]
email = "gm.utrecht@gi.test"
naam = "Test gebiedsmanager Utrecht"
rol = "gebiedsmanager"
clusters = ["UTR"]

[[gebruiker]]
email = "holvliet@gemeente.test"
naam = "Test gemeente Holvliet"
rol = "gemeente"
gemeente = "GM1171"

[[gebruiker]]
email = "beheer@gi.test"
naam = "Test functioneel beheerder"
rol = "beheer"
"""


@pytest.fixture(scope="module")
def poorten() -> tuple[int, int]:
    return _free_port(), _free_port()  # the provider, the dashboard


@pytest.fixture(scope="module")
def idp(tmp_path_factory, poorten):
    """The identity provider: `node tests/oidc/provider.mjs` on localhost; yields its URL."""
    node = shutil.which("node")
    if node is None or not (OIDC / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("node of tests/oidc/node_modules ontbreekt: scripts/test.sh installeert ze (npm ci).")
    idp_poort, app_poort = poorten
    config = tmp_path_factory.mktemp("idp") / "config.json"
    config.write_text(json.dumps({
        "port": idp_poort, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
        "redirect_uri": f"http://127.0.0.1:{app_poort}/oauth2callback",
        "users": [{"email": e, "name": n, "password": w} for e, n, w in GEBRUIKERS.values()],
    }), encoding="utf-8")
    log = (ARTIFACTS / "oidc_provider.log").open("w")
    proc = subprocess.Popen([node, str(OIDC / "provider.mjs"), str(config)], cwd=OIDC, stdout=log,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{idp_poort}"
    einde = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=2)
            break
        except OSError:
            if time.monotonic() > einde or proc.poll() is not None:
                proc.terminate()
                pytest.fail("de OIDC-provider startte niet:\n" + (ARTIFACTS / "oidc_provider.log").read_text())
            time.sleep(0.3)
    yield url
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


@pytest.fixture(scope="module")
def app(demo_db, idp, poorten, tmp_path_factory):
    """The dashboard in production mode on a copy of the demo data, logging in through `idp`."""
    map = tmp_path_factory.mktemp("productie")
    database = map / "productie.duckdb"
    shutil.copy2(demo_db, database)
    toegang = map / "toegang.toml"
    toegang.write_text(TOEGANG, encoding="utf-8")
    secrets = map / "secrets.toml"
    app_poort = poorten[1]
    secrets.write_text(f"""[auth]
redirect_uri = "http://127.0.0.1:{app_poort}/oauth2callback"
cookie_secret = "een-lange-willekeurige-tekenreeks-alleen-voor-deze-test"
client_id = "{CLIENT_ID}"
client_secret = "{CLIENT_SECRET}"
server_metadata_url = "{idp}/.well-known/openid-configuration"
""", encoding="utf-8")
    yield from _serve(database, ARTIFACTS / "server_oidc.log", port=app_poort, args=("--secrets.files", str(secrets)),
                      JB_AUTH=None, JB_DEMO=None, JB_TOEGANG=str(toegang))


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
    yield ctx
    ctx.close()


def oidc_login(pg, app: str, idp: str, rol: str, pad: str = "", wachtwoord: str | None = None) -> None:
    """Through the dashboard's login button and the provider's own form, back to the dashboard."""
    email, _, geheim = GEBRUIKERS[rol]
    pg.goto(f"{app}/{pad}")
    wait_idle(pg, "Log in met uw account van de organisatie")
    pg.get_by_role("button", name="Inloggen").click()
    pg.wait_for_url(re.compile(re.escape(idp) + r"/interaction/"), timeout=30_000)
    pg.get_by_label("E-mailadres").fill(email)
    pg.get_by_label("Wachtwoord").fill(wachtwoord or geheim)
    pg.get_by_role("button", name="Inloggen").click()
    if wachtwoord is None:
        pg.wait_for_url(re.compile(re.escape(app) + "/"), timeout=30_000)
        wait_idle(pg)


def navigatie(pg) -> list[str]:
    nav = pg.locator('[data-testid="stSidebarNav"]')
    return [t.strip().splitlines()[-1] for t in nav.locator("a").all_inner_texts()] if nav.count() else []  # no icon


def test_login_screen_and_the_providers_form(context, app, idp):
    pg = context.new_page()
    pg.goto(app)
    wait_idle(pg, "Log in met uw account van de organisatie")
    assert navigatie(pg) == []
    screenshot(pg, ARTIFACTS / "oidc_inlogscherm.png")
    pg.get_by_role("button", name="Inloggen").click()
    pg.wait_for_url(re.compile(re.escape(idp) + r"/interaction/"), timeout=30_000)
    pg.screenshot(path=str(ARTIFACTS / "oidc_provider_formulier.png"))


@pytest.mark.parametrize("rol", list(GEBRUIKERS))
def test_each_role_logs_in_through_the_provider_and_sees_its_own(context, app, idp, rol):
    pg = context.new_page()
    oidc_login(pg, app, idp, rol)
    no_exception(pg)
    tekst = pg.locator("body").inner_text()
    menu = navigatie(pg)
    kpi_paginas = {"Overzicht", "Eerste contact (K1)", "Caseload (K4)", "Wachtrij (K6)"}
    if rol == "geen rol":
        assert "Geen toegang" in tekst and "onbekend@gi.test" in tekst
        assert menu == [] and pg.locator('[data-testid="stDataFrame"], [data-testid="stMetric"]').count() == 0
    else:
        naam = GEBRUIKERS[rol][1]
        assert f"Ingelogd: {naam}" in tekst
    if rol in ("bestuur", "beheer"):
        wait_for_path(pg, "overzicht")
        assert kpi_paginas <= set(menu)
        assert ("Gegevens" in menu) == (rol == "beheer")
        assert "hele organisatie" in tekst
    if rol == "gebiedsmanager":
        wait_for_path(pg, "overzicht")
        assert kpi_paginas <= set(menu) and "Gegevens" not in menu
        assert "uw cluster: Utrecht/Flevoland" in tekst and "Rotterdam Rijnmond" not in tekst
    if rol == "gemeente":
        wait_for_path(pg, "gemeente")
        assert menu == ["Gemeentesnapshot", "Definities"]
        # aggregates only: the two tables are the comparison and the 8-quarter trend (issue 14), no case list
        assert "Holvliet" in tekst and "Vergelijking" in tekst and "Verloop over" in tekst
        assert pg.locator('[data-testid="stDataFrame"]').count() == 2
    screenshot(pg, ARTIFACTS / f"oidc_{rol.replace(' ', '_')}.png")


def test_wrong_password_is_refused_by_the_provider(context, app, idp):
    pg = context.new_page()
    oidc_login(pg, app, idp, "bestuur", wachtwoord="fout")
    pg.get_by_text("Onbekend e-mailadres of verkeerd wachtwoord.").wait_for(timeout=10_000)
    assert pg.url.startswith(idp)


def test_shared_link_survives_the_oidc_login_and_pages_open_by_url(context, app, idp):
    """The provider sends the browser back to the app's root; the tab reopens the link it asked for."""
    pg = context.new_page()
    oidc_login(pg, app, idp, "bestuur", "wachtrij?cluster=RRY&peildatum=2025-06-30")
    wait_for_path(pg, "wachtrij")
    wait_idle(pg, "Wachtrij")
    assert pg.url.endswith("/wachtrij?cluster=RRY&peildatum=2025-06-30")
    from playwright.sync_api import expect

    expect(pg.locator('[data-testid="stSidebar"]').get_by_role("combobox", name="Cluster")).to_have_value(
        "Rotterdam Rijnmond")
    no_exception(pg)
    # logged in (the cookie): a new tab opens any page by its URL, /overzicht too
    for pad, kop in (("overzicht", "Overzicht"), ("datakwaliteit", "Datakwaliteit")):
        tab = context.new_page()
        tab.goto(f"{app}/{pad}?cluster=UTR")
        wait_idle(tab, kop)
        assert tab.url.endswith(f"/{pad}?cluster=UTR")
        assert "Page not found" not in tab.locator("body").inner_text()
        no_exception(tab)


def test_logout_ends_the_session(context, app, idp):
    pg = context.new_page()
    oidc_login(pg, app, idp, "beheer")
    wait_for_path(pg, "overzicht")
    pg.get_by_role("button", name="Uitloggen").click()
    pg.wait_for_url(re.compile(re.escape(idp) + "/session/end"), timeout=30_000)
    pg.locator("button[autofocus], button[type=submit]").first.click()  # the provider asks to confirm
    pg.wait_for_url(re.compile(re.escape(app) + "/"), timeout=30_000)
    pg.goto(f"{app}/overzicht")
    wait_idle(pg, "Log in met uw account van de organisatie")
    assert navigatie(pg) == []
