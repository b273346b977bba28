"""Roles through the app itself: URL parameters and page switches cannot widen a scope.

The query layer is tested in test_auth.py; here the same promises are checked
through app.py (AppTest on the demo database): a gebiedsmanager of Utrecht who
opens a link for Rotterdam Rijnmond sees only Utrecht, and a municipality
never reaches a case list, a worker or another municipality.
"""

from __future__ import annotations

import pytest

from tests.apptest import open_app

GM_UTRECHT, GEMEENTE = "gm.utrecht@demo.jb", "gemeente.gm1171@demo.jb"
UTRECHT, RIJNMOND = "Utrecht/Flevoland", "Rotterdam Rijnmond"
KPI_PAGES = ["pages/overzicht.py", "pages/k1_eerste_contact.py", "pages/k4_caseload.py", "pages/k6_wachtrij.py",
             "pages/werklijst.py"]


def cell_values(at) -> set[str]:
    values: set[str] = set()
    for frame in at.dataframe:
        for column in frame.value.columns:
            values.update(str(v) for v in frame.value[column].tolist())
    return values


@pytest.mark.parametrize("pagina", KPI_PAGES)
def test_area_manager_link_to_another_cluster_shows_only_its_own(demo_db, monkeypatch, pagina):
    at = open_app(demo_db, monkeypatch, None, GM_UTRECHT, cluster="RRY", team="RRY-JB1", gemeente="GM1380")
    # The link's filters lie outside the scope: they fall back to 'Alle' (= all of Utrecht).
    cluster = at.selectbox(key="f_cluster")
    assert cluster.value is None and cluster.options == ["Alle", UTRECHT]
    assert at.selectbox(key="f_team").value is None
    assert at.selectbox(key="f_gemeente").value is None
    assert "cluster" not in at.query_params and "gemeente" not in at.query_params
    assert at.session_state["jb_selectie"].scope.clusters == ("UTR",)
    at.switch_page(pagina)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = cell_values(at)
    assert RIJNMOND not in shown
    assert not any(v.startswith("RRY") for v in shown)


def test_municipality_gets_no_kpi_page_and_no_case_list(demo_db, monkeypatch):
    at = open_app(demo_db, monkeypatch, None, GEMEENTE, gemeente="GM1380", cluster="RRY")
    assert [h.value.replace("\u00ad", "") for h in at.title] == ["Gemeentesnapshot"]  # soft hyphen: pages/gemeente.py
    # its own municipality only: no list to choose from (issue 12: a disabled list was unreadable grey)
    assert [k.label for k in at.selectbox] == ["Kwartaal"]
    assert at.text[0].value.startswith("Holvliet · ")
    # aggregates only: no case list, no worker; the tables are the comparison and the trend (issue 14)
    assert [df.value.columns[0] for df in at.dataframe] == ["Percentage", "Cijfer"]
    assert not any(c.endswith("_id") or c in ("Jeugdige", "Medewerker", "Maatregel")
                   for df in at.dataframe for c in df.value.columns)
    for pagina in KPI_PAGES:
        with pytest.raises(Exception):  # not in this role's navigation: no such page
            at.switch_page(pagina).run()


def test_an_area_manager_is_not_told_he_sees_the_whole_organisation(demo_db, monkeypatch):
    at = open_app(demo_db, monkeypatch, "pages/k5_kind_alleen.py", GM_UTRECHT)
    kop = " ".join(c.value for c in at.caption)
    assert "uw cluster: Utrecht\\/Flevoland" in kop and "hele organisatie" not in kop
    at = open_app(demo_db, monkeypatch, "pages/k5_kind_alleen.py")
    assert "hele organisatie" in " ".join(c.value for c in at.caption)
