"""The complaints year report (kpi/reports/klachtenjaar.py, `python -m kpi klachtenjaar`) on the
hand-made complaints of tests/test_k8.py, export date 2025-12-31: 2025 is counted up to its last day,
so the steps dated after 2025-09-30 there now count. Checked: the numbers of each table, the PDF
(PDF/UA: tagged, Dutch, a title; its text holds the numbers) and the Excel workbook (title rows, the
same numbers)."""

from __future__ import annotations

import io

import polars as pl
import pypdf
import pytest

from kpi.cli import main
from kpi.reports import klachtenjaar as kj
from tests.test_k8 import gi  # noqa: F401 - the fixture with the hand-made complaints


@pytest.fixture(scope="module")
def verslag(gi):  # noqa: F811
    return kj.bereken(gi, 2025)


def kolommen(verslag, naam: str) -> dict[str, list]:
    frame = verslag.tabel(naam)
    return {r[0]: list(r[1:]) for r in frame.iter_rows()}


def test_three_years_side_by_side(verslag):
    assert verslag.jaren == (2023, 2024, 2025) and verslag.tabel("Totaal").columns == ["Totaal", "2023", "2024", "2025"]
    assert kolommen(verslag, "Totaal") == {
        "Klachten ontvangen": [0, 1, 14],  # 2024: R0; 2025: all but R0, R2 (2025-10-01) included now
        "Jeugdigen in begeleiding": [2, 3, 3],  # 2023 J-MA, J-MC; 2024 + J-MB; 2025 J-MA, J-MB, J-MD
        "Klachtonderdelen": [0, 1, 17],  # the 16 parts of the K8 period and R2's
        "Open aan het eind van het jaar": [0, 1, 9],  # 2025: V2, V3, V6, V7, H2, H3, R1, R2, R0
        "Over een kind zonder vaste jeugdzorgwerker": [0, 0, 3],  # V3, V4, H2
    }
    per_100 = kolommen(verslag, "Per 100 jeugdigen")
    # UTR 2024: R0 of J-MA and J-MC; 2025: 10 of J-MA and J-MD; ZHL: none in care in 2023, 4 of J-MB, J-MA
    assert per_100 == {"Organisatie": [0.0, 33.3, 466.7], "Utrecht/Flevoland": [0.0, 50.0, 500.0],
                       "Zuid-Holland": [None, 0.0, 200.0]}


def test_kinds_rulings_and_terms(verslag):
    assert kolommen(verslag, "Soort maatregel") == {"OTS": [0, 1, 10], "VOTS": [0, 0, 0], "Voogdij": [0, 0, 3],
                                                    "Jeugdreclassering": [0, 0, 0], "Zonder maatregel": [0, 0, 1]}
    # rulings dated in 2025: H1 (gegrond, ongegrond, niet-ontvankelijk) and H3 (gegrond, 2025-10-01)
    assert kolommen(verslag, "Commissie") == {"Gegrond": [0, 0, 2], "Ongegrond": [0, 0, 1],
                                              "Niet-ontvankelijk": [0, 0, 1]}
    termijnen = kolommen(verslag, "Termijnen")
    assert [termijnen[f"Verslag klachtgesprek: {s}"][2] for s in ("tijdig", "te laat", "verlopen")] == [1, 2, 3]
    assert [termijnen[f"Uitspraak commissie: {s}"][2] for s in ("tijdig", "te laat", "verlopen")] == [1, 1, 0]
    assert [termijnen[f"Reactie bestuur: {s}"][2] for s in ("tijdig", "te laat", "verlopen")] == [0, 1, 1]
    pct = kolommen(verslag, "Percentages")
    assert pct["Gegrond (van gegrond en ongegrond)"] == [None, None, 66.7]
    assert pct["Verslag klachtgesprek tijdig"] == [None, None, 16.7]
    assert kolommen(verslag, "Categorie")["Communicatie"] == [0, 1, 6]


def test_pdf_is_tagged_dutch_and_holds_the_numbers(verslag):
    lezer = pypdf.PdfReader(io.BytesIO(kj.pdf(verslag)))
    root = lezer.trailer["/Root"]
    assert root["/Lang"] == "nl" and "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert lezer.metadata.title == "Jaaroverzicht klachten 2025"
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()  # declared PDF/UA
    tekst = " ".join(page.extract_text() for page in lezer.pages)
    assert "Klachten per 100 jeugdigen, per cluster" in tekst and "466,7" in tekst and "2025 t/m" not in tekst


def test_excel_has_title_rows_and_the_same_numbers(verslag):
    data = kj.excel(verslag)
    titel = pl.read_excel(io.BytesIO(data), sheet_name="Totaal", has_header=False)
    assert titel[0, 0] == "Klachten in het jaar" and titel[1, 0].startswith("Jaaroverzicht klachten 2025")
    tabel = pl.read_excel(io.BytesIO(data), sheet_name="Totaal", read_options={"header_row": 3})
    assert tabel.columns == ["Totaal", "2023", "2024", "2025"]
    assert tabel.row(0) == ("Klachten ontvangen", 0, 1, 14)


def test_command_line_writes_both_files(gi, tmp_path, monkeypatch, capsys):  # noqa: F811
    assert main(["klachtenjaar", "--jaar", "2025", "--out", str(tmp_path / "uit"), "--db", str(gi.path)]) == 0
    assert sorted(p.name for p in (tmp_path / "uit").iterdir()) == ["klachten_2025.pdf", "klachten_2025.xlsx"]
    assert main(["klachtenjaar", "--jaar", "2026", "--out", str(tmp_path), "--db", str(gi.path)]) == 1
    assert "kies een jaar tot en met 2025" in capsys.readouterr().err
