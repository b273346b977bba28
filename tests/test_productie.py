"""Production mode: who gets in on which configuration, failures without tracebacks or server paths,
and a restore that the functional administrator can always reach (page and command line).

AppTest runs app.py as a server would, with the environment of each case; the browser versions of
these screens (with screenshots) are in tests/test_productie_browser.py and tests/test_oidc_browser.py.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from kpi.cli import main as cli
from kpi.data import db, importer, upload
from kpi.serve import gereed
from tests.builders import make_db
from tests.test_import import VANDAAG, geldige_tabellen, schrijf_export, sha256

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
GEEN_DETAILS = "Toegang is niet goed ingesteld; het dashboard toont geen gegevens."


@pytest.fixture(autouse=True)
def verse_caches():
    """Each case starts as a fresh server would: the app logs a refused configuration once per hour, and
    caches the access file and the database handle, all in st.cache_resource."""
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def start(monkeypatch, database: Path | None, login: str | None = None, **env: str | None) -> AppTest:
    """app.py on `database` with exactly the JB_* variables given (the others unset), run once."""
    for naam in (db.DB_ENV, "JB_TOEGANG", "JB_AUTH", "JB_DEMO"):
        monkeypatch.delenv(naam, raising=False)
    if database is not None:
        monkeypatch.setenv(db.DB_ENV, str(database))
    for naam, waarde in env.items():
        if waarde is not None:
            monkeypatch.setenv(naam, waarde)
    at = AppTest.from_file(str(APP), default_timeout=60)
    if login:
        at.session_state["jb_login"] = login
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def prod_db(tmp_path: Path) -> Path:
    """A small database that is not the demo (tests/builders.py: clusters UTR, ZHL; GM0344, GM0599)."""
    database = make_db(tmp_path, name="prod.duckdb")
    database.close()
    return database.path


def alle_tekst(at: AppTest) -> str:
    return " ".join(str(e.value) for kind in ("title", "error", "warning", "info", "text", "markdown", "caption",
                                              "success") for e in getattr(at, kind))


def gelogd(caplog, *delen: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if all(d in r.getMessage() for d in delen)]


# --------------------------------------------------------------------------- 1. the demo picker only on the demo


def test_production_database_without_access_file_gets_no_picker_and_no_data(tmp_path, monkeypatch, caplog):
    """JB_DATABASE=prod.duckdb without JB_TOEGANG used to show the demo picker, functional admin included."""
    database = prod_db(tmp_path)
    for login in (None, "beheer@demo.jb"):  # also a session that claims the demo admin
        at = start(monkeypatch, database, login)
        assert not at.selectbox and not at.button  # no picker, no login at all
        assert GEEN_DETAILS in at.error[0].value
        assert "Er is geen toegangsbestand ingesteld voor deze gegevens" in at.error[0].value
        assert not [t.value for t in at.title if t.value != "JB-stuurinformatie"]
    assert gelogd(caplog, "Inlogconfiguratie geweigerd", "geen toegangsbestand")


def test_demo_database_keeps_its_picker(demo_db, monkeypatch):
    at = start(monkeypatch, None)  # JB_DATABASE unset: data/demo.duckdb
    kiezer = at.selectbox(key="login_keuze")
    assert kiezer.options == [
        "Demo bestuurder (Bestuur en directie)", "Demo gebiedsmanager Utrecht/Flevoland (Gebiedsmanager)",
        "Demo gebiedsmanager Zuid-Holland en Rotterdam Rijnmond (Gebiedsmanager)",
        "Demo gemeente Holvliet (GM1171) (Gemeente)", "Demo functioneel beheerder (Functioneel beheer)",
        "Demo klachtenfunctionaris (Klachtenfunctionaris)"]


def test_picker_on_production_data_is_refused_even_when_asked_for(tmp_path, monkeypatch):
    database = prod_db(tmp_path)
    eigen = tmp_path / "toegang.toml"
    eigen.write_text('[[gebruiker]]\nemail = "a@gi.nl"\nrol = "bestuur"\n', encoding="utf-8")
    at = start(monkeypatch, database, **{"JB_TOEGANG": str(eigen), "JB_AUTH": "lokaal"})
    assert not at.selectbox
    assert "Inloggen met een keuzelijst (JB_AUTH=lokaal) kan alleen op de demo-database" in at.error[0].value
    # the explicit demo switch allows it (synthetic data on another file)
    at = start(monkeypatch, database, **{"JB_TOEGANG": str(eigen), "JB_AUTH": "lokaal", "JB_DEMO": "1"})
    assert at.selectbox(key="login_keuze").options == ["a@gi.nl (Bestuur en directie)"]


# --------------------------------------------------------------------------- 6. an invalid access file: nobody


def test_invalid_access_file_refuses_everyone_with_the_errors(tmp_path, monkeypatch, caplog):
    """An integer municipality code used to crash the municipality's page with a traceback; a duplicate in
    other case let the last entry win. Now nobody gets in, everyone sees the numbered errors."""
    database = prod_db(tmp_path)
    pad = tmp_path / "toegang.toml"
    pad.write_text('[[gebruiker]]\nemail = "gemeente@gi.nl"\nrol = "gemeente"\ngemeente = 344\n\n'
                   '[[gebruiker]]\nemail = "A@gi.nl"\nrol = "gemeente"\ngemeente = "GM0344"\n\n'
                   '[[gebruiker]]\nemail = "a@gi.nl"\nrol = "bestuur"\n', encoding="utf-8")
    for login in (None, "a@gi.nl"):
        at = start(monkeypatch, database, login,
                   **{"JB_TOEGANG": str(pad), "JB_AUTH": "lokaal", "JB_DEMO": "1"})
        assert not at.selectbox and "Het toegangsbestand bevat fouten" in at.error[0].value
        assert [t.value for t in at.text] == [
            "Het toegangsbestand toegang.toml heeft 2 fouten:\n"
            '- regel 4: de gemeentecode moet een tekst tussen aanhalingstekens zijn, zoals gemeente = "GM0344"; '
            "nu staat er het getal 344.\n"
            "- regel 12: dit e-mailadres staat al bij de gebruiker op regel 6 (hoofdletters en spaties tellen "
            "niet mee). Elk adres mag één keer voorkomen: voeg de twee samen."]
        assert str(tmp_path) not in alle_tekst(at)
    assert gelogd(caplog, str(pad), "regel 4: de gemeentecode")


def test_access_file_that_does_not_fit_the_data(tmp_path, monkeypatch, caplog):
    """Clusters or codes the database does not know: no data for anyone; the administrator gets the errors and
    the Gegevens page (a wrong import is the usual cause)."""
    database = prod_db(tmp_path)
    pad = tmp_path / "toegang.toml"
    pad.write_text('[[gebruiker]]\nemail = "gm@gi.nl"\nrol = "gebiedsmanager"\nclusters = ["UTR", "RRY"]\n\n'
                   '[[gebruiker]]\nemail = "beheer@gi.nl"\nrol = "beheer"\n', encoding="utf-8")
    env = {"JB_TOEGANG": str(pad), "JB_AUTH": "lokaal", "JB_DEMO": "1"}
    at = start(monkeypatch, database, "gm@gi.nl", **env)
    assert at.error[0].value.startswith("**De gegevens zijn op dit moment niet beschikbaar.**")
    assert not at.dataframe and not at.metric
    at = start(monkeypatch, database, "beheer@gi.nl", **env)
    assert "Het toegangsbestand noemt clusters of gemeenten die niet in de huidige gegevens staan." in at.error[0].value
    assert [t.value for t in at.text][0] == "- regel 4: cluster 'RRY' bestaat niet in de huidige gegevens (bekend: UTR, ZHL)."
    assert [t.value for t in at.title] == ["Gegevens"]
    assert gelogd(caplog, "past niet bij de database", "regel 4: cluster 'RRY'")


# --------------------------------------------------------------------------- 3. failures: Dutch, no path, logged


@pytest.mark.skipif(any(p.is_file() for p in (ROOT / ".streamlit" / "secrets.toml",
                                                 Path.home() / ".streamlit" / "secrets.toml")),
                    reason="a local secrets.toml gives this machine an [auth] section")
def test_oidc_without_auth_secrets(tmp_path, monkeypatch, caplog):
    """Used to show a login button whose click ended in a traceback."""
    database = prod_db(tmp_path)
    pad = tmp_path / "toegang.toml"
    pad.write_text('[[gebruiker]]\nemail = "a@gi.nl"\nrol = "bestuur"\n', encoding="utf-8")
    at = start(monkeypatch, database, **{"JB_TOEGANG": str(pad)})
    assert not at.button
    assert ("Inloggen via de organisatie is nog niet ingesteld op de server (de sectie [auth] van de "
            "Streamlit-secrets ontbreekt of is onvolledig).") in at.error[0].value
    assert gelogd(caplog, "OIDC-login niet mogelijk", "secrets.toml")


@pytest.fixture
def met_backup(tmp_path) -> Path:
    """data/gi.duckdb imported twice: the current file has export date 29-09-2025, its backup 26-09-2025."""
    database = tmp_path / "data" / "gi.duckdb"
    assert importer.importeer(schrijf_export(tmp_path / "e1"), database, gebruiker="cli", vandaag=VANDAAG).geslaagd
    tabellen = geldige_tabellen()
    tabellen["plannen"].append({"maatregel_id": "M2", "vastgesteld_op": "2025-09-29"})
    assert importer.importeer(schrijf_export(tmp_path / "e2", tabellen), database, gebruiker="beheer@demo.jb",
                              vandaag=VANDAAG).geslaagd
    return database


def beschadig(database: Path, hoe: str) -> None:
    if hoe == "afgekapt":
        data = database.read_bytes()
        database.write_bytes(data[: len(data) // 2])
    else:  # a DuckDB file without the table meta
        database.unlink()
        import duckdb

        con = duckdb.connect(str(database))
        con.execute("create table maatregelen (maatregel_id varchar)")
        con.close()
    with pytest.raises(db.DatabaseError):
        db.Database(database)


@pytest.mark.parametrize("hoe", ["afgekapt", "zonder_meta"])
def test_broken_database_users_get_a_dutch_message_and_the_admin_restores(met_backup, monkeypatch, caplog, hoe):
    database = met_backup
    backup = importer.backups(database)[-1]
    terug = sha256(backup)
    beschadig(database, hoe)
    env = {"JB_DEMO": "1"}  # the demo users, on this synthetic test file

    at = start(monkeypatch, database, "bestuur@demo.jb", **env)
    assert at.error[0].value.startswith("**De gegevens zijn op dit moment niet beschikbaar.** De functioneel "
                                        "beheerder kan een vorige versie terugzetten")
    assert "code F-" in at.error[0].value
    assert str(database.parent) not in alle_tekst(at) and "gi.duckdb" not in alle_tekst(at)
    assert not at.text  # no technical detail for a non-administrator
    assert gelogd(caplog, "Database niet te gebruiken", str(database))

    at = start(monkeypatch, database, "beheer@demo.jb", **env)
    melding = at.error[0].value
    assert melding.startswith("**De gegevens kunnen nu niet worden getoond.** Het databasebestand is beschadigd")
    assert "python -m kpi restore" in melding
    assert at.text[0].value.startswith("Technisch: ") and str(database.parent) not in at.text[0].value
    assert [t.value for t in at.title] == ["Gegevens"]
    keuze = at.selectbox(key="gegevens-backup")
    assert keuze.options[0].startswith("exportdatum 26-09-2025, geïmporteerd")
    next(b for b in at.button if b.label == "Vorige database terugzetten…").click().run()
    next(b for b in at.button if b.label == "Ja, terugzetten").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert sha256(database) == terug
    assert any("De vorige database is teruggezet: exportdatum 26-09-2025" in s.value for s in at.success)
    assert not at.error  # the database opens again: the normal navigation is back
    assert upload.lees_pogingen(database)[-1]["actie"] == "terugzetten"


@pytest.mark.parametrize("login", ["bestuur@demo.jb", "beheer@demo.jb"])
def test_unexpected_failure_in_a_page_is_caught_logged_and_told_in_dutch(demo_db, monkeypatch, caplog, login):
    from kpi.presentation import sections

    def kapot(*args, **kwargs):
        raise RuntimeError("kapot bij het lezen van /srv/jb/data/geheim.duckdb")

    monkeypatch.setattr(sections, "versheid", kapot)  # what the page header reads
    at = start(monkeypatch, None, login)
    melding = at.error[0].value
    assert melding.startswith("Er ging iets mis bij het tonen van deze pagina; de gegevens zelf zijn niet "
                              "veranderd. Probeer het opnieuw of kies een andere pagina. Blijft dit gebeuren, "
                              "meld dan code F-")
    code = melding.split("code ")[1].split(" ")[0]
    assert "/srv/jb" not in alle_tekst(at)
    assert [t.value for t in at.text] == ([] if login.startswith("bestuur") else [
        "Technisch (alleen voor functioneel beheer): RuntimeError: kapot bij het lezen van geheim.duckdb"])
    regel = next(r for r in caplog.records if code in r.getMessage())
    assert regel.exc_info and "/srv/jb/data/geheim.duckdb" in regel.getMessage()


def test_streamlit_shows_no_error_details_and_no_developer_menu():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"] == {"showErrorDetails": "none", "toolbarMode": "minimal"}


ALLEEN_LEZEN = r'''
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from kpi.data import upload
database = Path(sys.argv[2])
r = upload.importeer_upload([upload.Upload.van_pad(p) for p in sorted(Path(sys.argv[3]).iterdir())], database, "beheer")
print(json.dumps({"geslaagd": r.geslaagd, "fouten": [m.tekst() for m in r.resultaat.fouten]}))
'''


def test_import_into_a_read_only_folder(met_backup, tmp_path):
    """The attempts log could not be written and the upload crashed with a traceback; the importer's
    message held the server path. Run as an unprivileged process (root ignores file modes: without
    CAP_DAC_OVERRIDE it does not)."""
    database = met_backup
    voor = sha256(database)
    export = schrijf_export(tmp_path / "e3")
    for pad in (tmp_path, database.parent, export, *export.iterdir()):
        pad.chmod(0o755 if pad.is_dir() else 0o644)
    database.parent.chmod(0o555)
    opdracht = [sys.executable, "-c", ALLEEN_LEZEN, str(ROOT), str(database), str(export)]
    if os.geteuid() == 0:
        opdracht = ["setpriv", "--bounding-set=-dac_override,-dac_read_search",
                    "--inh-caps=-dac_override,-dac_read_search", *opdracht]
    try:
        klaar = subprocess.run(opdracht, capture_output=True, text=True, timeout=120)
    finally:
        database.parent.chmod(0o755)
    assert klaar.returncode == 0, klaar.stderr
    uitkomst = json.loads(klaar.stdout.strip().splitlines()[-1])
    assert not uitkomst["geslaagd"]
    [fout] = uitkomst["fouten"]
    assert fout.startswith("gi.duckdb: de nieuwe database kon niet worden geschreven (geen schrijfrechten in de "
                           "map van de database). Oplossing: Controleer of de map schrijfbaar is")
    assert str(database.parent) not in fout
    assert sha256(database) == voor
    # the server log has the details: the path, and that the attempt could not be recorded
    assert "Permission denied" in klaar.stderr and str(database.parent) in klaar.stderr
    assert "importpoging niet vastgelegd" in klaar.stderr


# --------------------------------------------------------------------------- 4. restore on the command line


def test_restore_command_lists_and_restores_the_newest_or_a_chosen_backup(met_backup, capsys):
    database = met_backup
    nieuwste = sha256(database)
    assert cli(["restore", "--db", str(database), "--lijst"]) == 0
    regels = capsys.readouterr().out.splitlines()
    assert regels[0] == f"Backups van {database} (1 = nieuwste; 'python -m kpi restore' zet nummer 1 terug):"
    assert len(regels) == 2 and "exportdatum 26-09-2025, geïmporteerd" in regels[1] and "door cli" in regels[1]

    assert cli(["restore", "--db", str(database), "--gebruiker", "j.beheer"]) == 0
    assert "Teruggezet: " in capsys.readouterr().out
    assert db.Database(database).exportdatum.isoformat() == "2025-09-26"
    assert upload.lees_pogingen(database)[-1]["actie"] == "terugzetten"
    assert upload.lees_pogingen(database)[-1]["gebruiker"] == "j.beheer"

    # the replaced version is now the newest backup: restoring it by name undoes the restore
    naam = upload.backups(database)[0].pad.name
    assert cli(["restore", "--db", str(database), "--backup", naam]) == 0
    assert sha256(database) == nieuwste
    capsys.readouterr()
    assert cli(["restore", "--db", str(database), "--backup", "9"]) == 1
    assert "Backup '9' bestaat niet; kies een nummer (1-1)" in capsys.readouterr().err


def test_restore_command_refuses_an_unreadable_backup_and_a_missing_one(met_backup, tmp_path, capsys):
    database = met_backup
    backup = importer.backups(database)[-1]
    backup.write_bytes(b"geen database")
    voor = sha256(database)
    assert cli(["restore", "--db", str(database), "--lijst"]) == 0
    assert "onleesbaar" in capsys.readouterr().out
    assert cli(["restore", "--db", str(database)]) == 1
    assert f"De backup {backup.name} kan niet worden gelezen en wordt niet teruggezet" in capsys.readouterr().err
    assert sha256(database) == voor
    leeg = make_db(tmp_path, name="los.duckdb").path
    assert cli(["restore", "--db", str(leeg)]) == 1
    assert "Er is geen backup van los.duckdb" in capsys.readouterr().err


# --------------------------------------------------------------------------- 2. scripts/demo.sh listens on localhost only


def _luistert(poort: int) -> set[str]:
    """The local addresses a TCP socket listens on for `poort` (from /proc/net/tcp and tcp6)."""
    adressen = set()
    for bestand in ("/proc/net/tcp", "/proc/net/tcp6"):
        for regel in Path(bestand).read_text().splitlines()[1:]:
            lokaal, toestand = regel.split()[1], regel.split()[3]
            adres, p = lokaal.rsplit(":", 1)
            if toestand == "0A" and int(p, 16) == poort:  # 0A = LISTEN
                adressen.add({"0100007F": "127.0.0.1", "00000000": "0.0.0.0"}.get(adres, adres))
    return adressen


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("adres, extra, verwacht", [
    (None, [], {"127.0.0.1"}),  # the README's first command
    ("0.0.0.0", [], {"0.0.0.0"}),  # JB_ADRES
    (None, ["--server.address", "0.0.0.0"], {"0.0.0.0"}),  # an option of one's own wins
])
def test_demo_script_listens_on_localhost_unless_told_otherwise(demo_db, adres, extra, verwacht):
    poort = _vrije_poort()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JB_")}
    if adres:
        env["JB_ADRES"] = adres
    proc = subprocess.Popen(["scripts/demo.sh", "--server.port", str(poort), "--browser.gatherUsageStats", "false",
                             *extra], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        # http://localhost:8501 in the README: localhost must reach it
        if not gereed(f"http://localhost:{poort}", 120, 0.5, lambda: proc.poll() is None):
            assert proc.poll() is None, proc.stdout.read().decode()
            pytest.fail("scripts/demo.sh startte niet")
        assert _luistert(poort) == verwacht
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=20)
