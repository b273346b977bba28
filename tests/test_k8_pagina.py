"""The Klachten page (K8) through the app on the demo database, per role (../shared/spec/klachten.md,
"Roles"): the board and the complaints officer see complaints at case level; an area manager the
figures and open complaints of their own clusters without measure or young-person ids; a municipality
never reaches the page; the complaints officer reaches nothing else. The ids are NULL in the query
layer already (tests/test_k8.py, test_complaint_level_of_the_scope); here the app is checked."""

from __future__ import annotations

import polars as pl
import pytest

from kpi.core.params import KLACHTEN_GEEN, KLACHTEN_LIJST, KLACHTEN_ZAKEN, Scope
from kpi.data import auth
from kpi.metrics.datakwaliteit_klachten import KLACHT_CONTROLES
from tests.apptest import open_app
from tests.builders import make_db

PAGINA = "pages/k8_klachten.py"
GM_UTRECHT, GEMEENTE, KLACHTEN = "gm.utrecht@demo.jb", "gemeente.gm1171@demo.jb", "klachten@demo.jb"


def open_klachten(at) -> pl.DataFrame:
    return next(pl.from_pandas(f.value) for f in at.dataframe if "Stadium" in f.value.columns)


def test_board_sees_complaints_at_case_level(demo_db, monkeypatch):
    at = open_app(demo_db, monkeypatch, PAGINA)
    assert [t.value for t in at.title] == ["Klachten (K8)"]
    lijst = open_klachten(at)
    assert lijst.height > 0 and {"Maatregel", "Jeugdige (pseudoniem)"} <= set(lijst.columns)
    assert lijst["Maatregel"].drop_nulls().len() > 0
    # per cluster and team as a funnel plot, with its text alternative
    tekst = " ".join(c.value for c in at.caption)
    assert "Funnelplot van klachten per 100 jeugdigen per cluster" in tekst and "per team" in tekst


def test_area_manager_sees_own_clusters_without_ids(demo_db, monkeypatch):
    at = open_app(demo_db, monkeypatch, PAGINA, GM_UTRECHT, cluster="RRY")
    lijst = open_klachten(at)
    assert lijst.height > 0
    assert set(lijst["Cluster"]) == {"Utrecht/Flevoland"}
    assert not {"Maatregel", "Jeugdige (pseudoniem)"} & set(lijst.columns)
    shown = {str(v) for f in at.dataframe for c in f.value.columns for v in f.value[c].tolist()}
    assert not any(v.startswith(("MR", "J0")) for v in shown)  # no measure or young-person id anywhere


def test_municipality_never_reaches_the_page(demo_db, monkeypatch):
    at = open_app(demo_db, monkeypatch, None, GEMEENTE)
    with pytest.raises(Exception):  # not in this role's navigation: no such page
        at.switch_page(PAGINA).run()


def test_complaints_officer_gets_complaints_only(demo_db, monkeypatch):
    at = open_app(demo_db, monkeypatch, None, KLACHTEN)
    assert [t.value for t in at.title] == ["Klachten (K8)"]  # the first page of the role
    assert {"Maatregel", "Jeugdige (pseudoniem)"} <= set(open_klachten(at).columns)
    for pagina in ("pages/overzicht.py", "pages/k1_eerste_contact.py", "pages/gemeente.py"):
        with pytest.raises(Exception):
            at.switch_page(pagina).run()


def test_the_role_is_known_to_the_access_file_check(tmp_path):
    goed, fout = tmp_path / "goed.toml", tmp_path / "fout.toml"
    goed.write_text('[[gebruiker]]\nemail = "k@x.nl"\nrol = "klachtenfunctionaris"\n', encoding="utf-8")
    fout.write_text('[[gebruiker]]\nemail = "k@x.nl"\nrol = "klachtenfunctionaris"\nclusters = ["UTR"]\n',
                    encoding="utf-8")
    toegang = auth.controleer(goed)
    assert toegang.geldig and toegang.gebruikers["k@x.nl"].scope == Scope(klachten=KLACHTEN_ZAKEN)
    fouten = auth.controleer(fout).fouten
    assert len(fouten) == 1 and "clusters geldt alleen voor de rol gebiedsmanager, niet voor klachtenfunctionaris" \
        in fouten[0]


def test_scope_per_role():
    def scope(rol, **kw):
        return auth.Gebruiker(email="x@x.nl", naam="x", rol=rol, **kw).scope

    assert scope(auth.BESTUUR).klachten == scope(auth.KLACHTENFUNCTIONARIS).klachten == KLACHTEN_ZAKEN
    assert scope(auth.GEBIEDSMANAGER, clusters=("UTR",)) == Scope(clusters=("UTR",), klachten=KLACHTEN_LIJST)
    assert scope(auth.BEHEER).klachten == KLACHTEN_LIJST
    assert scope(auth.GEMEENTE, gemeente="GM1171").klachten == KLACHTEN_GEEN


def test_year_report_downloadable_on_the_page(demo_db, monkeypatch):
    at = open_app(demo_db, monkeypatch, PAGINA)
    assert at.selectbox(key="k8-jaar").value == 2025
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download PDF" in labels and "Download Excel" in labels


@pytest.fixture(scope="module")
def stap_na_afsluiten(tmp_path_factory):
    """Two complaints whose report was sent after closing: one about UTR, one about ZHL (tests/builders.py)."""
    maatregelen = [{"maatregel_id": "MA", "startdatum": "2023-01-01"},
                   {"maatregel_id": "MB", "startdatum": "2023-01-01", "team_id": "ZHL-JB1", "gemeente_code": "GM0599"}]
    klachten = [{"klacht_id": f"S{m}", "ontvangen_op": "2025-02-01", "kanaal": "klachtenbureau", "indiener": "moeder",
                 "ondersteuning": "geen", "maatregel_id": m, "klachtgesprek_op": "2025-02-20",
                 "verslag_op": "2025-03-12", "afgesloten_op": "2025-03-10", "afloop": "opgelost"} for m in ("MA", "MB")]
    onderdelen = [{"klacht_id": k["klacht_id"], "onderdeel_nr": 1, "categorie": "communicatie"} for k in klachten]
    database = make_db(tmp_path_factory.mktemp("dk_klachten"), maatregelen=maatregelen, klachten=klachten,
                       klachtonderdelen=onderdelen)
    database.close()
    return database.path


@pytest.mark.parametrize("login, verwacht", [("bestuur@demo.jb", [("SMA", "MA"), ("SMB", "MB")]),
                                             (KLACHTEN, [("SMA", "MA"), ("SMB", "MB")]),
                                             (GM_UTRECHT, [("SMA", None)])])
def test_complaint_checks_on_the_datakwaliteit_page(stap_na_afsluiten, monkeypatch, login, verwacht):
    # The complaint checks are on the page like the others; their case list starts with the complaint and
    # names the measure and young person only for a role that sees complaints at case level.
    at = open_app(stap_na_afsluiten, monkeypatch, "pages/datakwaliteit.py", login)
    at.selectbox(key="dk_controle").set_value("klacht_stap_na_afsluiten").run()
    assert not at.exception, [e.value for e in at.exception]
    lijst = next(pl.from_pandas(f.value) for f in at.dataframe if "Klacht" in f.value.columns)
    assert lijst.columns[:3] == ["Klacht", "Cluster", "Team"]
    assert [(r["Klacht"], r.get("Maatregel")) for r in lijst.sort("Klacht").to_dicts()] == verwacht
    assert ("Jeugdige (pseudoniem)" in lijst.columns) == (login != GM_UTRECHT)
    # the complaints officer gets the complaint checks only (no case list of other measures)
    keuzes = at.selectbox(key="dk_controle").options
    assert (len(keuzes) == len(KLACHT_CONTROLES)) == (login == KLACHTEN)


def test_without_complaint_tables_the_page_says_what_to_add(tmp_path, monkeypatch):
    database = make_db(tmp_path, maatregelen=[{"maatregel_id": "MA", "startdatum": "2023-01-01"}])
    database.close()
    at = open_app(database.path, monkeypatch, PAGINA)
    tekst = " ".join(i.value for i in at.info)
    assert "Deze gegevens bevatten geen klachten" in tekst and "klachtonderdelen" in tekst
    assert not at.dataframe


def test_few_judged_parts_give_no_percentage(demo_db, monkeypatch):
    """Issue 12 (small numbers look like successes), on the Klachten page too: the demo's quarter up to
    30-09-2025 has 4 judged parts (0 well-founded); below norms.MIN_N_OORDEEL the tile says so instead
    of '0,0%'. The quarters are named as on the chart ('K3 2025'), not by their first day."""
    at = open_app(demo_db, monkeypatch, PAGINA)
    tegel = next(m for m in at.metric if m.label == "% gegrond")
    assert tegel.value == "–"
    assert "4 inhoudelijk beoordeelde onderdelen: te weinig voor een percentage (minimaal 10)" in \
        " ".join(c.value for c in at.caption)
    categorieen = next(pl.from_pandas(f.value) for f in at.dataframe if "Communicatie" in f.value.columns)
    assert categorieen["Kwartaal"][-1] == "K3 2025"
