"""The Gemeentesnapshot page through the app (AppTest, tests/apptest.py): the user's scope, and data as text.

Database: Utrecht (GM0344, cluster UTR) has nine running OTS measures since 3 March 2025: six handled by
team UTR-JB1, three by ZHL-JB1 of cluster Zuid-Holland. None has a fixed worker or a colour code.
The demo area manager of Utrecht (gm.utrecht@demo.jb, clusters UTR) sees the six of his own teams on
every page, so also here; the board sees all nine, the official snapshot.
"""

from __future__ import annotations

import pytest

from kpi.core.params import Scope
from kpi.reports import snapshot
from tests.apptest import BESTUUR, open_app
from tests.builders import make_db

PAGINA = "pages/gemeente.py"
GM_UTRECHT = "gm.utrecht@demo.jb"
KWARTAAL = "2025Q3"  # the newest quarter, the page's default
NAAM = "![t](http://example.invalid/x.png)"


def _maatregelen() -> list[dict]:
    return ([{"maatregel_id": f"U{i}", "startdatum": "2025-03-03", "team_id": "UTR-JB1"} for i in range(6)]
            + [{"maatregel_id": f"Z{i}", "startdatum": "2025-03-03", "team_id": "ZHL-JB1"} for i in range(3)])


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    database = make_db(tmp_path_factory.mktemp("pagina"), maatregelen=_maatregelen())
    yield database
    database.close()


def _metrics(at) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for metric in at.metric:
        result.setdefault(metric.label, []).append(metric.value)
    return result


def test_figures_within_and_without_a_scope(database):
    eigen = snapshot.snapshot_figures(database, "GM0344", KWARTAAL, Scope(clusters=("UTR",)))
    officieel = snapshot.snapshot_figures(database, "GM0344", KWARTAAL)
    assert (eigen.cijfers["lopend.totaal"], officieel.cijfers["lopend.totaal"]) == (6, 9)
    assert (eigen.cijfers["zonder.geen"], officieel.cijfers["zonder.geen"]) == (6, 9)
    assert not eigen.officieel and officieel.officieel
    assert snapshot.snapshot_figures(database, "GM0344", KWARTAAL, Scope()).officieel  # the board: all of it


def test_area_manager_sees_only_the_measures_of_his_clusters(database, monkeypatch):
    at = open_app(database.path, monkeypatch, PAGINA, GM_UTRECHT)
    # one municipality in scope: nothing to choose, so no (disabled, unreadable grey) list; the name is in the text
    assert [s.label for s in at.selectbox] == ["Kwartaal"]
    assert at.text[0].value.startswith("Utrecht · ")
    eigen = snapshot.snapshot_figures(database, "GM0344", KWARTAAL, Scope(clusters=("UTR",)))
    metrics = _metrics(at)
    assert metrics["OTS (ondertoezichtstelling)"] == ["6"] == [eigen.tekst("lopend.OTS")]
    assert len(at.metric) == len(eigen.tabel.getoond)  # every published figure, nothing else
    melding = " ".join(i.value for i in at.info)
    assert "alleen de maatregelen van deze gemeente die teams in uw cluster: Utrecht\\/Flevoland uitvoeren" in melding
    assert not at.get("download_button")  # the official snapshot holds other clusters' measures

    at = open_app(database.path, monkeypatch, PAGINA, BESTUUR)
    gemeente = at.selectbox[0]
    gemeente.set_value("GM0344").run()
    assert _metrics(at)["OTS (ondertoezichtstelling)"] == ["9"]
    assert not at.info and len(at.get("download_button")) == 2


def test_a_municipality_name_is_shown_as_text(tmp_path, monkeypatch):
    """A name like ![t](http://...) in the data is never Markdown (the browser would fetch the image and
    show a link): it is in a plain text element, and in no Markdown element at all."""
    gemeenten = [{"gemeente_code": "GM0344", "naam": NAAM, "cluster_id": "UTR"},
                 {"gemeente_code": "GM0599", "naam": "Rotterdam", "cluster_id": "ZHL"}]
    database = make_db(tmp_path, gemeenten=gemeenten, maatregelen=_maatregelen())
    try:
        at = open_app(database.path, monkeypatch, PAGINA, GM_UTRECHT)
        bestuur = open_app(database.path, monkeypatch, PAGINA, BESTUUR)
    finally:
        database.close()
    assert at.text[0].value == (f"{NAAM} · 3e kwartaal 2025 (1 juli 2025 t/m 30 september 2025) · "
                                f"export van 30-09-2025")
    assert not any(NAAM in t.value for t in at.text[1:])
    for element in (*at.markdown, *at.caption, *at.info, *at.warning, *at.subheader, *at.title):
        assert "example.invalid" not in element.value
    assert bestuur.selectbox[0].options == [f"{NAAM} (GM0344)", "Rotterdam (GM0599)"]  # option labels: plain text


GEMEENTE_HOLVLIET = "gemeente.gm1171@demo.jb"  # config/toegang.toml: role gemeente, GM1171
TECHNISCH = ("kennisgeving_op", "rol = vast", "rol = ", "docs/", "keuzes.md", "face_to_face", "_op`", "`")


def test_a_municipality_sees_its_complaint_count_only_in_the_snapshot(demo, demo_db, monkeypatch):
    """Issue 13: a municipal user has no complaint access (no Klachten page: tests/test_browser.py), yet the
    snapshot on the page shows the official complaint count under its suppression: Holvliet received 3
    complaints in 2025Q3 (the page's default quarter) about its measures, shown as "<5".""" 
    officieel = snapshot.snapshot_figures(demo, "GM1171", "2025Q3")
    assert officieel.cijfers["klachten.ontvangen"] == 3
    at = open_app(demo_db, monkeypatch, PAGINA, GEMEENTE_HOLVLIET)
    assert _metrics(at)["Ontvangen klachten in het kwartaal"] == ["<5"]
    assert "Klachten" in [h.value for h in at.subheader]


def test_a_municipality_reads_percentages_first_and_plain_definitions(demo_db, monkeypatch):
    """Issue 12: on the Gemeentesnapshot page each section with a percentage starts with it, the metrics run
    in reading order (no columns), and the definitions (page and Definities page) are plain Dutch."""
    at = open_app(demo_db, monkeypatch, PAGINA, GEMEENTE_HOLVLIET)
    labels = [m.label for m in at.metric]
    termijn = labels.index("% tijdig")
    assert labels[termijn + 1] == "Tijdig"  # the percentage leads its section
    k5 = labels.index("Percentage dat voldoet, volgens registratie")
    assert labels[k5 + 1] == "Percentage dat voldoet, gevalideerd"
    assert not any(c.get("metric") for c in at.columns)  # one flowing row per section, not columns that stack column by column on a phone
    teksten = " ".join(t.value for t in at.text)
    assert "Binnen 5 werkdagen nadat de gecertificeerde instelling" in teksten
    for technisch in TECHNISCH:
        assert technisch not in teksten, technisch

    at.switch_page("pages/definities.py").run()
    assert not at.exception
    teksten = " ".join(t.value for t in at.text)
    assert "Binnen 5 werkdagen nadat de gecertificeerde instelling" in teksten
    alles = teksten + " ".join(m.value for m in at.markdown)
    for technisch in TECHNISCH:
        assert technisch not in alles, technisch
    assert "Gemaakte keuzes" not in [h.value for h in at.header]


def test_the_page_shows_the_comparison_and_the_trend_as_published(demo_db, monkeypatch):
    """Issue 14: the municipal user sees its percentages beside the previous quarter, its cluster and the
    GI, and the trend of the headline figures: exactly the texts of the snapshot's context (the
    comparisons under the joint audit, tests/test_snapshot_context.py), as plain text in tables."""
    from kpi.core import kalender
    from kpi.data.db import Database
    from kpi.reports import snapshot_context

    at = open_app(demo_db, monkeypatch, PAGINA, GEMEENTE_HOLVLIET)
    tabellen = [d.value for d in at.dataframe]
    assert len(tabellen) == 2
    vergelijking, verloop = tabellen
    database = Database(demo_db)
    try:
        kwartaal = kalender.kwartalen_tot(database.exportdatum)[0]  # the page's default
        s = snapshot_context.met_context(database, snapshot.snapshot_figures(database, "GM1171", kwartaal))
    finally:
        database.close()
    context = s.context
    assert list(vergelijking.columns) == ["Percentage", f"Gemeente {kwartaal}", f"Vorig kwartaal ({context.vorig})",
                                          *(n.naam for n in context.niveaus)]
    assert list(vergelijking["Hele GI"]) == [context.vergelijking_tekst("gi", k)
                                             for k in snapshot.VERGELEKEN_PERCENTAGES]
    assert all(t.endswith(tuple("0123456789")) for t in vergelijking["Hele GI"] if t != "–")  # "53,6% van 1.744"
    assert list(verloop.columns) == ["Cijfer", *context.kwartalen] and len(context.kwartalen) == 8
    assert list(verloop[kwartaal]) == [s.tekst(key) for _, key in snapshot.VERLOOP_KERN]
