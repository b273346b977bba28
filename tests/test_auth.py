"""Roles and scope: enforced in the query layer, whatever the filters ask for."""

from pathlib import Path

import pytest

from kpi import auth, engine
from kpi.params import Filters, Scope
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
