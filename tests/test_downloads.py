"""CSV and Excel downloads (kpi/reports/downloads.py): Dutch and self-describing (issue 12, formats)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import polars as pl

from kpi.reports import downloads

FRAME = pl.DataFrame({
    "Maatregel": ["M1", "M2"],
    "Deadline": [dt.date(2023, 12, 22), dt.date(2023, 3, 15)],
    "Caseload per fte": [13.25, 1234.5],
    "Loopt": [True, False],
    "Aantal": [1234, 5],
})


def test_csv_is_dutch_decimal_comma_dates_and_ja_nee():
    # one date format (dd-mm-jjjj, not 2023-03-15), decimal commas (13,25: a Dutch Excel reads 13.25
    # as a date or a thousand), ja/nee instead of true/false, integers as they are
    assert downloads.csv_bytes(FRAME).decode("utf-8-sig").splitlines() == [
        "Maatregel;Deadline;Caseload per fte;Loopt;Aantal",
        "M1;22-12-2023;13,25;ja;1234",
        "M2;15-03-2023;1234,5;nee;5",
    ]


def _xml(data: bytes, naam: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(naam).decode()


def test_excel_has_title_rows_frozen_header_and_a_filter():
    data = downloads.excel_bytes(FRAME, "verlopen", titel="K1 eerste contact: verlopen",
                                 toelichting=("Peildatum 30-09-2025", "Selectie: cluster Utrecht"))
    # three title rows, an empty row, then the header in row 5 and the data from row 6
    top = pl.read_excel(io.BytesIO(data), has_header=False)
    assert top[:, 0].to_list()[:3] == ["K1 eerste contact: verlopen", "Peildatum 30-09-2025",
                                       "Selectie: cluster Utrecht"]
    tabel = pl.read_excel(io.BytesIO(data), read_options={"header_row": 4})
    assert tabel.columns == FRAME.columns
    assert tabel["Loopt"].to_list() == ["ja", "nee"]
    blad = _xml(data, "xl/worksheets/sheet1.xml")
    assert 'ySplit="5"' in blad and 'topLeftCell="A6"' in blad  # header row frozen
    assert '<autoFilter ref="A5:E7"/>' in _xml(data, "xl/tables/table1.xml")  # a filter on every column


def test_excel_without_title_starts_with_the_header():
    tabel = pl.read_excel(io.BytesIO(downloads.excel_bytes(FRAME)))
    assert tabel.columns == FRAME.columns and tabel["Maatregel"].to_list() == ["M1", "M2"]


def test_file_names_say_what_is_in_them():
    assert downloads.bestandsnaam("K1 verlopen", dt.date(2025, 9, 30), "cluster Utrecht/Flevoland") == (
        "k1-verlopen_peildatum-30-09-2025_cluster-utrecht-flevoland")
    assert downloads.bestandsnaam("k5_per_maand", dt.date(2025, 9, 30)) == "k5-per-maand_peildatum-30-09-2025"
