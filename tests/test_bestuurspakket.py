"""The board pack (kpi.reports.bestuurspakket): rendered as PDF/UA on the demo data, with the
figures of the report and the KPI queries, the notes, the cluster matrix and the funnels."""

from __future__ import annotations

import datetime as dt
import io
import re
import zlib

import pytest

from kpi.core.params import Filters
from kpi.data import annotaties as an
from kpi.metrics import engine
from kpi.metrics import funnel as fm
from kpi.reports import bestuurspakket as bp
from kpi.reports.report import build_report

NOTITIE = an.Annotatie("n1", "k1", dt.date(2024, 9, 1), dt.date(2024, 10, 31),
                       "sep-okt 2024: migratie <script>x</script>", None, "Demo bestuurder", dt.datetime(2025, 10, 1, 9))


@pytest.fixture(scope="module")
def pakket(demo):
    p = demo.exportdatum
    return bp.verzamel(demo, p, dt.date(p.year, 7, 1), p, annotaties=[NOTITIE])


@pytest.fixture(scope="module")
def pdf(pakket):
    return bp.pdf_bytes(pakket)


@pytest.fixture(scope="module")
def tekst(pdf):
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(io.BytesIO(pdf))
    # pdfium gives a hyphen at a line break as U+FFFE
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document))).replace("\ufffe", "-")


def test_figures_match_the_report(demo, pakket):
    """Each KPI's figure is the report's (python -m kpi report) for the same peildatum and period."""
    rapport = build_report(demo, pakket.peildatum, pakket.van, pakket.tot)
    cijfer = {c.kpi.key: c for c in pakket.cijfers}
    assert [c.kpi.key for c in pakket.cijfers] == ["k1", "k2", "k3", "k4", "k5", "k6", "k7"]
    for key, naam in (("k1", "k1_eerste_contact"), ("k2", "k2_plan_van_aanpak"), ("k3", "k3_hulp")):
        assert round(cijfer[key].waarde, 1) == rapport[naam]["percentage"]
        assert cijfer[key].toelichting.startswith(f"{rapport[naam]['tijdig']} van {rapport[naam]['totaal']} ")
    k4 = rapport["k4_caseload"]
    assert cijfer["k4"].waarde == pytest.approx(k4["som_caseload"] / k4["fte"], rel=1e-3)
    k5 = rapport["k5_kind_alleen"]
    assert cijfer["k5"].waarde == pytest.approx(100 * k5["voldoet_gevalideerd"] / k5["populatie"])
    k6 = rapport["k6_vaste_jzw"]
    assert cijfer["k6"].waarde == pytest.approx(100 * k6["met_vaste_jzw"] / k6["lopend"])
    k7 = engine.in_doorstroom(demo, [pakket.peildatum], columns=("contact_ok", "casuistiek_ok"))
    assert cijfer["k7"].waarde == pytest.approx(100 * (k7["contact_ok"] & k7["casuistiek_ok"]).sum() / k7.height)
    for c in pakket.cijfers:  # every trend judged, ending at the peildatum's month
        assert c.analyse is not None and c.analyse.variatie is not None
        assert c.analyse.punten["maand"].max() <= pakket.peildatum
    assert cijfer["k1"].annotaties == [NOTITIE] and cijfer["k2"].annotaties == []


def test_cluster_matrix_matches_a_filtered_report(demo, pakket):
    """A cluster's row is what the report gives for that cluster as a filter."""
    clusters = dict(demo.sql("select naam, cluster_id from clusters").iter_rows())
    assert sorted(pakket.matrix["cluster_naam"]) == sorted(clusters)
    rij = pakket.matrix.row(0, named=True)
    rapport = build_report(demo, pakket.peildatum, pakket.van, pakket.tot,
                           Filters(cluster=clusters[rij["cluster_naam"]]))
    assert round(rij["k1"], 1) == rapport["k1_eerste_contact"]["percentage"]
    k5 = rapport["k5_kind_alleen"]
    assert rij["k5"] == pytest.approx(100 * k5["voldoet_gevalideerd"] / k5["populatie"])
    assert rij["k4"] == pytest.approx(rapport["k4_caseload"]["som_caseload"] / rapport["k4_caseload"]["fte"], rel=1e-3)


def test_funnels_per_cluster_and_team(pakket):
    """K1-K3 and K5 per cluster and per team; the target is the organisation's figure, and the
    units add up to it."""
    assert [(f.kpi.key, f.niveau) for f in pakket.funnels] == [
        (k, n) for k in ("k1", "k2", "k3", "k5") for n in ("cluster", "team")]
    cijfer = {c.kpi.key: c for c in pakket.cijfers}
    for f in pakket.funnels:
        e = f.funnel.eenheden
        assert f.funnel.doel * 100 == pytest.approx(cijfer[f.kpi.key].waarde)
        assert e["teller"].sum() / e["noemer"].sum() == pytest.approx(f.funnel.doel)
        assert set(e["oordeel"].drop_nulls()) <= set(fm.OORDELEN)
    assert pakket.funnels[0].funnel.eenheden.height == pakket.matrix.height


def _ontpakt(pdf: bytes) -> bytes:
    """The PDF with its compressed streams (object streams, metadata) inflated, to search in."""
    delen = [pdf]
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            delen.append(zlib.decompress(m.group(1)))
        except zlib.error:
            pass
    return b"".join(delen)


def test_pdf_is_tagged_pdf_ua_in_dutch(pdf):
    """PDF/UA-1: identified in the XMP metadata, Dutch, tagged (structure tree, marked content),
    a title, and every chart a Figure with a text alternative."""
    assert pdf.startswith(b"%PDF-")
    inhoud = _ontpakt(pdf)
    assert b'pdfuaid="http://www.aiim.org/pdfua/ns/id' in inhoud
    assert b"/Lang (nl)" in inhoud and b"/StructTreeRoot" in inhoud and b"/Marked true" in inhoud
    assert b"/Title (Bestuurspakket" in inhoud
    # 7 trends and 8 funnels (an alternative with a non-Latin character, τ², is stored as UTF-16)
    # (K5's and K6's say their months overlap: "één" makes theirs UTF-16 too)
    utf16 = b"/Alt <FEFF" + "Lijngrafiek van".encode("utf-16-be").hex().upper().encode()
    assert inhoud.count(b"/Alt (Lijngrafiek van") + inhoud.upper().count(utf16.upper()) == 7
    assert len(re.findall(rb"/Alt [(<]", inhoud)) == 15


def test_pdf_holds_the_figures_notes_and_funnels(pakket, tekst):
    """The text of the PDF (line breaks inside table cells ignored) has every KPI with its
    figure, the note as written, every cluster and the funnels' descriptions."""
    platte = "".join(tekst.split())

    def staat(iets: str) -> bool:
        return "".join(iets.split()) in platte

    assert staat("Bestuurspakket JB-stuurinformatie")
    for c in pakket.cijfers:
        assert staat(c.kpi.titel) and staat(bp._waarde(c)), c.kpi.key
    assert staat("sep-okt 2024: migratie <script>x</script>")  # the note, as text
    for naam in pakket.matrix["cluster_naam"]:
        assert staat(naam), naam
    assert staat("Funnelplot van Eerste contact: 8 clusters tegen hun omvang")


def test_html_escapes_data(pakket):
    document = bp.html_pakket(pakket)
    assert "<script>" not in document and "&lt;script&gt;" in document
    assert document.startswith('<!DOCTYPE html><html lang="nl">')


def test_cli_writes_the_pack(demo_db, tmp_path, capsys):
    from kpi.cli import main

    assert main(["bestuurspakket", "--db", str(demo_db), "--out", str(tmp_path)]) == 0
    [pad] = list(tmp_path.glob("*.pdf"))
    assert pad.name.startswith("bestuurspakket-") and pad.read_bytes().startswith(b"%PDF-")
    assert "Bestuurspakket geschreven" in capsys.readouterr().out


def test_overzicht_offers_the_pack_to_the_board_only(demo_db, monkeypatch):
    from tests.apptest import open_app

    bestuur = open_app(demo_db, monkeypatch, "pages/overzicht.py")
    assert "Bestuurspakket" in [h.value for h in bestuur.subheader]
    gm = open_app(demo_db, monkeypatch, "pages/overzicht.py", login="gm.utrecht@demo.jb")
    assert "Bestuurspakket" not in [h.value for h in gm.subheader]


def test_trend_svg_text_alternative(pakket):
    svg, alt = bp.trend_svg(pakket.cijfers[0])
    assert svg.startswith("<svg") and alt.startswith("Lijngrafiek van Eerste contact binnen 5 werkdagen per maand")


def test_damaged_notes_file_gives_a_pack_without_notes(tmp_path):
    """A notes file that cannot be read does not stop the pack: it has no notes and says why."""
    from tests.builders import make_db

    database = make_db(tmp_path, maatregelen=[{"maatregel_id": "M1", "startdatum": "2025-01-06"}])
    an.pad_voor(database.path).write_text("[{kapot")
    pakket = bp.verzamel(database, database.exportdatum)
    assert pakket.melding and "beschadigd" in pakket.melding
    assert all(c.annotaties == [] for c in pakket.cijfers)
    assert "Let op:" in bp.html_pakket(pakket)
    assert bp.pdf_bytes(pakket).startswith(b"%PDF-")
