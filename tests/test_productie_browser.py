"""The refusal and failure screens of production mode in a real browser, with screenshots in
tests/artifacts/ (the AppTest versions with their exact texts are in tests/test_productie.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kpi.data import db, importer
from tests.test_browser import (ARTIFACTS, _serve, login, no_exception, screenshot,
                                wait_for_path, wait_idle)

pytestmark = pytest.mark.browser


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
    yield ctx
    ctx.close()


def _kopie(demo_db: Path, map: Path) -> Path:
    """A copy of the demo data under another name: for the app, not the demo database."""
    database = map / "data" / "productie.duckdb"
    database.parent.mkdir(parents=True)
    shutil.copy2(demo_db, database)
    return database


def _geen_gegevens(pg) -> None:
    """The screen shows no data and no navigation, and no technical detail or path."""
    tekst = pg.locator("body").inner_text()
    assert pg.locator('[data-testid="stSidebarNav"]').count() == 0
    assert pg.locator('[data-testid="stDataFrame"], [data-testid="stMetric"]').count() == 0
    assert "Traceback" not in tekst and "/tmp/" not in tekst
    no_exception(pg)


def test_production_data_without_access_file(context, demo_db, tmp_path):
    database = _kopie(demo_db, tmp_path)
    for url in _serve(database, ARTIFACTS / "server_zonder_toegang.log", JB_AUTH=None, JB_DEMO=None):
        pg = context.new_page()
        pg.goto(url)
        wait_idle(pg, "Toegang is niet goed ingesteld")
        assert "Er is geen toegangsbestand ingesteld voor deze gegevens" in pg.locator("body").inner_text()
        assert pg.get_by_role("combobox").count() == 0  # no demo picker
        _geen_gegevens(pg)
        screenshot(pg, ARTIFACTS / "weigering_geen_toegangsbestand.png")
        log = (ARTIFACTS / "server_zonder_toegang.log").read_text()
        assert "Inlogconfiguratie geweigerd" in log


def test_invalid_access_file_and_oidc_without_secrets(context, demo_db, tmp_path):
    database = _kopie(demo_db, tmp_path)
    toegang = tmp_path / "toegang.toml"
    toegang.write_text('[[gebruiker]]\nemail = "gemeente@gi.nl"\nrol = "gemeente"\ngemeente = 1171\n\n'
                       '[[gebruiker]]\nemail = "gm@gi.nl"\nrol = "gebiedsmanager"\nclusters = "UTR"\n',
                       encoding="utf-8")
    log = ARTIFACTS / "server_toegang_fout.log"
    for url in _serve(database, log, JB_AUTH=None, JB_DEMO=None, JB_TOEGANG=str(toegang)):
        pg = context.new_page()
        pg.goto(url)
        wait_idle(pg, "Het toegangsbestand bevat fouten")
        tekst = pg.locator("body").inner_text()
        assert "regel 4: de gemeentecode moet een tekst tussen aanhalingstekens zijn" in tekst
        assert "regel 9: clusters moet een lijst zijn" in tekst
        _geen_gegevens(pg)
        screenshot(pg, ARTIFACTS / "weigering_toegangsbestand_fouten.png")
    assert "regel 4: de gemeentecode" in log.read_text()  # logged at start and on the first visit

    toegang.write_text('[[gebruiker]]\nemail = "bestuur@gi.nl"\nrol = "bestuur"\n', encoding="utf-8")
    log = ARTIFACTS / "server_oidc_zonder_secrets.log"
    for url in _serve(database, log, args=("--secrets.files", str(tmp_path / "bestaat-niet.toml")), JB_AUTH=None,
                      JB_DEMO=None, JB_TOEGANG=str(toegang)):
        pg = context.new_page()
        pg.goto(url)
        wait_idle(pg, "Inloggen via de organisatie is nog niet ingesteld")
        assert pg.get_by_role("button", name="Inloggen").count() == 0
        _geen_gegevens(pg)
        screenshot(pg, ARTIFACTS / "weigering_oidc_zonder_secrets.png")
    assert "OIDC-login niet mogelijk" in log.read_text()


def test_broken_database_then_the_admin_restores_it_in_the_browser(browser, context, demo_db, tmp_path):
    database = _kopie(demo_db, tmp_path)
    (database.parent / "backups").mkdir()
    backup = database.parent / "backups" / "productie-20250930-120000-000000.duckdb"
    shutil.copy2(database, backup)
    data = database.read_bytes()
    database.write_bytes(data[: len(data) // 2])  # a truncated file
    with pytest.raises(db.DatabaseError):
        db.Database(database)
    log = ARTIFACTS / "server_kapotte_database.log"
    for url in _serve(database, log):
        bestuur = context.new_page()
        login(bestuur, url, "Demo bestuurder")
        wait_idle(bestuur, "De gegevens zijn op dit moment niet beschikbaar")
        tekst = bestuur.locator("body").inner_text()
        assert "productie.duckdb" not in tekst and "Technisch" not in tekst
        _geen_gegevens(bestuur)
        screenshot(bestuur, ARTIFACTS / "kapotte_database_bestuur.png")

        beheer_context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
        try:
            beheer = beheer_context.new_page()
            login(beheer, url, "Demo functioneel beheerder")
            wait_for_path(beheer, "gegevens")
            wait_idle(beheer, "De gegevens kunnen nu niet worden getoond")
            assert "Technisch: IO Error" in beheer.locator("body").inner_text()
            screenshot(beheer, ARTIFACTS / "kapotte_database_beheer.png")
            beheer.get_by_role("button", name="Vorige database terugzetten…").click()
            wait_idle(beheer, "Weet u het zeker?")
            beheer.get_by_role("button", name="Ja, terugzetten").click()
            wait_idle(beheer, "De vorige database is teruggezet: exportdatum 30-09-2025")
            no_exception(beheer)
            assert beheer.locator('[data-testid="stSidebarNav"]').get_by_text("Overzicht").count() == 1
            screenshot(beheer, ARTIFACTS / "kapotte_database_teruggezet.png")
        finally:
            beheer_context.close()
        assert db.Database(database).exportdatum.isoformat() == "2025-09-30"
        assert [p.name for p in importer.backups(database)][0].startswith("productie-")  # the broken file, kept

        bestuur.reload()  # the same user, a new session: the data is back
        login(bestuur, url, "Demo bestuurder")
        wait_idle(bestuur, "Overzicht")
        no_exception(bestuur)
    tekst = log.read_text()
    assert "Database niet te gebruiken" in tekst and str(database) in tekst  # the details are in the log
