"""Roles and scope: enforced in the query layer, whatever the filters ask for."""

from pathlib import Path

import pytest

from kpi.core.params import Filters, Scope
from kpi.data import auth
from kpi.metrics import engine
from tests.builders import D, make_db

P = D("2025-06-30")


@pytest.fixture(scope="module")
def users():
    return auth.laad_toegang(auth.DEFAULT_TOEGANG)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return make_db(
        tmp_path_factory.mktemp("auth"),
        medewerkers=[
            {"medewerker_id": "W-UTR", "functie": "jeugdzorgwerker", "team_id": "UTR-JB1", "fte": 1.0,
             "in_dienst": "2020-01-01"},
            {"medewerker_id": "W-ZHL", "functie": "jeugdzorgwerker", "team_id": "ZHL-JB1", "fte": 1.0,
             "in_dienst": "2020-01-01"},
        ],
        maatregelen=[
            {"maatregel_id": "M-UTR", "startdatum": "2025-06-02"},
            {"maatregel_id": "M-ZHL", "startdatum": "2025-06-02", "team_id": "ZHL-JB1", "gemeente_code": "GM0599"},
        ],
    )


def test_demo_users_and_roles(users):
    assert users["gm.utrecht@demo.jb"].scope.clusters == ("UTR",)
    assert users["bestuur@demo.jb"].scope.clusters is None
    assert users["gemeente.gm1171@demo.jb"].scope.gemeente == "GM1171"
    assert not users["gemeente.gm1171@demo.jb"].ziet_zaken
    assert auth.gebruiker_voor("onbekend@demo.jb", users) is None
    assert auth.gebruiker_voor(None, users) is None
    assert auth.gebruiker_voor("  GM.Utrecht@Demo.JB ", users).rol == auth.GEBIEDSMANAGER


def test_area_manager_cannot_reach_another_cluster(db, users):
    scope = users["gm.utrecht@demo.jb"].scope
    for filters in (Filters(), Filters(cluster="ZHL"), Filters(team="ZHL-JB1"), Filters(gemeente="GM0599")):
        cases = engine.deadline_cases(db, "k1", P, D("2025-01-01"), P, filters, scope)
        assert set(cases["maatregel_id"]) <= {"M-UTR"}, filters
        workers = engine.caseload(db, [P], filters, scope)
        assert set(workers["medewerker_id"]) <= {"W-UTR"}, filters
    assert engine.deadline_cases(db, "k1", P, D("2025-01-01"), P, Filters(cluster="ZHL"), scope).is_empty()


def test_municipality_sees_only_its_own_measures_and_no_workers(db, users):
    scope = Scope(gemeente="GM0344")  # a municipal user of the fixture's municipality
    cases = engine.deadline_cases(db, "k1", P, D("2025-01-01"), P, Filters(gemeente="GM0599"), scope)
    assert cases.is_empty()
    assert engine.deadline_cases(db, "k1", P, D("2025-01-01"), P, Filters(), scope)["maatregel_id"].to_list() == [
        "M-UTR"]
    assert engine.caseload(db, [P], Filters(), scope).is_empty()


def test_bad_configuration_is_reported_in_dutch(tmp_path):
    bad = tmp_path / "toegang.toml"
    bad.write_text('[[gebruiker]]\nemail = "x@y"\nrol = "gebiedsmanager"\n')
    with pytest.raises(auth.ToegangFout, match="minstens één cluster"):
        auth.laad_toegang(bad)
    bad.write_text('[[gebruiker]]\nemail = "x@y"\nrol = "koning"\n')
    with pytest.raises(auth.ToegangFout, match="onbekend"):
        auth.laad_toegang(bad)
    with pytest.raises(auth.ToegangFout, match="ontbreekt"):
        auth.laad_toegang(Path(tmp_path / "nee.toml"))


def test_demo_login_is_never_the_silent_default_in_production(tmp_path, monkeypatch):
    monkeypatch.delenv(auth.AUTH_ENV, raising=False)
    monkeypatch.delenv(auth.TOEGANG_ENV, raising=False)
    assert auth.auth_mode() == auth.LOKAAL  # the demo access file
    productie = tmp_path / "toegang.toml"
    productie.write_text('[[gebruiker]]\nemail = "a@gi.nl"\nnaam = "A"\nrol = "bestuur"\n', encoding="utf-8")
    monkeypatch.setenv(auth.TOEGANG_ENV, str(productie))
    assert auth.auth_mode() == auth.OIDC
    monkeypatch.setenv(auth.AUTH_ENV, "lokaal")  # explicitly asked for, e.g. a test environment
    assert auth.auth_mode() == auth.LOKAAL
    monkeypatch.setenv(auth.AUTH_ENV, "wachtwoord")
    with pytest.raises(auth.ToegangFout, match="JB_AUTH moet"):
        auth.auth_mode()


# --------------------------------------------------------------------------- who may log in how (docs/toegang.md)

EIGEN = '[[gebruiker]]\nemail = "a@gi.nl"\nnaam = "A"\nrol = "bestuur"\n'


@pytest.mark.parametrize("database, toegang, jb_auth, jb_demo, verwacht", [
    # the demo database: the picker with the demo users, unless asked otherwise
    ("demo", None, None, None, auth.LOKAAL),
    ("demo", None, "oidc", None, auth.OIDC),
    ("demo", "eigen", None, None, auth.OIDC),
    ("demo", "eigen", "lokaal", None, auth.LOKAAL),
    # any other database: an access file of its own, and OIDC
    ("prod", None, None, None, "geen toegangsbestand ingesteld"),
    ("prod", None, "lokaal", None, "geen toegangsbestand ingesteld"),
    ("prod", None, "oidc", None, "geen toegangsbestand ingesteld"),
    ("prod", "demo", None, None, "geen toegangsbestand ingesteld"),  # the demo users are no access file
    ("prod", "eigen", None, None, auth.OIDC),
    ("prod", "eigen", "oidc", None, auth.OIDC),
    ("prod", "eigen", "lokaal", None, "alleen op de demo-database"),
    # the explicit demo switch (synthetic data on another file)
    ("prod", None, None, "1", auth.LOKAAL),
    ("prod", "eigen", "lokaal", "1", auth.LOKAAL),
    ("prod", "eigen", None, "1", auth.OIDC),
    # typos are refused, never guessed
    ("prod", "eigen", "wachtwoord", None, "JB_AUTH moet"),
    ("demo", None, None, "misschien", "JB_DEMO moet"),
])
def test_login_configuration_table(tmp_path, monkeypatch, database, toegang, jb_auth, jb_demo, verwacht):
    """Each row of the table in docs/toegang.md: the login mode, or the Dutch refusal."""
    from kpi.data import db as kdb

    eigen = tmp_path / "toegang.toml"
    eigen.write_text(EIGEN, encoding="utf-8")
    omgeving = {kdb.DB_ENV: None if database == "demo" else str(tmp_path / "prod.duckdb"),
                auth.TOEGANG_ENV: {None: None, "eigen": str(eigen), "demo": str(auth.DEFAULT_TOEGANG)}[toegang],
                auth.AUTH_ENV: jb_auth, auth.DEMO_ENV: jb_demo}
    for naam, waarde in omgeving.items():
        if waarde is None:
            monkeypatch.delenv(naam, raising=False)
        else:
            monkeypatch.setenv(naam, waarde)
    if verwacht in (auth.LOKAAL, auth.OIDC):
        assert auth.instelling().modus == verwacht
    else:
        with pytest.raises(auth.ToegangFout, match=verwacht):
            auth.instelling()


# --------------------------------------------------------------------------- strict validation of the access file

FOUTEN_TOML = '''\
[[gebruiker]]
email = "J.Jansen@GI.nl"
naam = "J. Jansen"
rol = "gemeente"
gemeente = "GM0344"

[[gebruiker]]
email = "j.jansen@gi.nl "
rol = "bestuur"

[[gebruiker]]
email = "gm@gi.nl"
rol = "gebiedsmanager"
clusters = "UTR"

[[gebruiker]]
email = "g2@gi.nl"
rol = "gemeente"
gemeente = 344
cluster = ["UTR"]

[[gebruiker]]
email = "x@gi.nl"
rol = "Bestuur"

[[gebruiker]]
email = "gm2@gi.nl"
rol = "gebiedsmanager"
clusters = ["UTR", "XYZ"]

[[gebruiker]]
email = "g3@gi.nl"
rol = "gemeente"
gemeente = "GM9999"
'''


def test_access_file_errors_all_at_once_with_their_line(tmp_path):
    """Case-differing duplicates no longer let the last entry win, a string of clusters is no longer
    split into letters, and every error names its line; with the database's ids, unknown clusters and
    municipality codes are errors too."""
    pad = tmp_path / "toegang.toml"
    pad.write_text(FOUTEN_TOML, encoding="utf-8")
    toegang = auth.controleer(pad, clusters={"UTR", "ZHL"}, gemeenten={"GM0344", "GM0599"})
    assert toegang.fouten == [
        "regel 8: dit e-mailadres staat al bij de gebruiker op regel 1 (hoofdletters en spaties tellen niet "
        "mee). Elk adres mag één keer voorkomen: voeg de twee samen.",
        'regel 14: clusters moet een lijst zijn, zoals clusters = ["UTR"]; nu staat er één tekst.',
        'regel 19: de gemeentecode moet een tekst tussen aanhalingstekens zijn, zoals gemeente = "GM0344"; nu '
        "staat er het getal 344.",
        "regel 20: onbekende sleutel 'cluster' (bedoelt u 'clusters'?); toegestaan zijn email, naam, rol, "
        "clusters, gemeente.",
        "regel 24: onbekende rol 'Bestuur' (bedoelt u 'bestuur'?); kies uit bestuur, gebiedsmanager, gemeente, "
        "beheer, klachtenfunctionaris.",
        "regel 29: cluster 'XYZ' bestaat niet in de huidige gegevens (bekend: UTR, ZHL).",
        "regel 34: gemeente 'GM9999' bestaat niet in de huidige gegevens.",
    ]
    assert toegang.gebruikers == {}  # an invalid file lets nobody in
    with pytest.raises(auth.ToegangFout) as fout:
        auth.laad_toegang(pad)
    assert str(fout.value).startswith("Het toegangsbestand toegang.toml heeft 5 fouten:\n- regel 8: ")
    # without the database only the file itself is checked (5 errors, not 7)
    assert len(fout.value.fouten) == 5


@pytest.mark.parametrize("tekst, fout", [
    ('[[gebruiker]]\nemail = "a@gi.nl"\nrol = "gemeente"\ngemeente = "G0344"\n',
     "regel 4: 'G0344' is geen CBS-gemeentecode (GM met vier cijfers, zoals \"GM0344\")."),
    ('[[gebruiker]]\nemail = "a@gi.nl"\nrol = "bestuur"\nclusters = ["UTR"]\n',
     "regel 4: clusters geldt alleen voor de rol gebiedsmanager, niet voor bestuur."),
    ('[[gebruiker]]\nemail = "a gi.nl"\nrol = "bestuur"\n',
     "regel 2: het e-mailadres is ongeldig (verwacht naam@domein, zonder spaties)."),
    ('[[gebruiker]]\nrol = "bestuur"\n', 'regel 1: het e-mailadres ontbreekt (email = "naam@organisatie.nl").'),
    ('[gebruiker]\nemail = "a@gi.nl"\nrol = "bestuur"\n',
     "regel 1: elke gebruiker staat onder een eigen kop [[gebruiker]] (met dubbele haken)."),
    ('# niemand\n', "het toegangsbestand bevat geen enkele gebruiker ([[gebruiker]]), dus niemand heeft toegang"),
    ('[[gebruiker]]\nemail = "a@gi.nl\nrol = "bestuur"\n',
     "regel 2, kolom 17: het bestand is geen geldige TOML (Illegal character '\\n'). Controleer "
     "aanhalingstekens, haken en 'sleutel = waarde'."),
])
def test_single_access_file_errors(tmp_path, tekst, fout):
    pad = tmp_path / "toegang.toml"
    pad.write_text(tekst, encoding="utf-8")
    assert auth.controleer(pad).fouten == [fout]


def test_toegang_check_command(tmp_path, capsys, db):
    """`python -m kpi toegang check FILE`: exit 0 when fine, 1 with the error list (against --db)."""
    from kpi.cli import main

    goed = tmp_path / "goed.toml"
    goed.write_text('[[gebruiker]]\nemail = "gm@gi.nl"\nrol = "gebiedsmanager"\nclusters = ["UTR"]\n\n'
                    '[[gebruiker]]\nemail = "gem@gi.nl"\nrol = "gemeente"\ngemeente = "GM0599"\n', encoding="utf-8")
    assert main(["toegang", "check", str(goed), "--db", str(db.path)]) == 0
    uit = capsys.readouterr().out
    assert f"Toegangsbestand {goed} is in orde: 2 gebruikers (1 gebiedsmanager, 1 gemeente)" in uit
    fout = tmp_path / "fout.toml"
    fout.write_text(FOUTEN_TOML, encoding="utf-8")
    assert main(["toegang", "check", str(fout), "--db", str(db.path)]) == 1
    regels = capsys.readouterr().err.splitlines()
    assert regels[0] == f"Het toegangsbestand {fout} heeft 7 fouten:"
    assert regels[1].startswith("- regel 8: dit e-mailadres") and regels[7].startswith("- regel 34: gemeente")


def test_demo_access_file_fits_the_demo_data(demo_db, capsys):
    """The built-in demo users name clusters and a municipality of the demo data (the app relies on it)."""
    from kpi.cli import main

    assert main(["toegang", "check", str(auth.DEFAULT_TOEGANG), "--db", str(demo_db)]) == 0, capsys.readouterr()
