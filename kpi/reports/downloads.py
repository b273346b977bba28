"""The files the app offers for download: CSV and Excel of a table, safe to open in a spreadsheet.

Every CSV the app writes goes through `csv_bytes`, which first neutralises text a
spreadsheet would run as a formula (CSV injection, as OWASP describes it): a text
cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a single
quote in front (`'=HYPERLINK(...)`), so Excel and LibreOffice show it as text.
Numbers are left alone: numeric columns, and text that is just a number (`-3`,
`+4,5`), which a spreadsheet reads as that number and never as a formula. Excel
files (`excel_bytes`, xlsxwriter through polars) store text cells as text already,
never as formulas (a test reads a workbook back), so they get no quote.

Both are Dutch and self-describing: decimal commas, dates as dd-mm-jjjj, yes/no as ja/nee (never
`true`/`false`); a workbook opens with title rows (what the table is, the peildatum, the selection),
a frozen header row and a filter on every column; `bestandsnaam` gives a file name that says what
is in it.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import polars as pl
import xlsxwriter

FORMULE_BEGIN = r"^[=+\-@\t\r]"  # OWASP: what a spreadsheet may read as the start of a formula
_GETAL = r"^[+-]?[0-9]+([.,][0-9]+)?$"


def neutraliseer_formules(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with every text cell that a spreadsheet would read as a formula prefixed with a single quote."""
    tekst = [naam for naam, soort in frame.schema.items() if soort in (pl.String, pl.Categorical, pl.Enum)]

    def veilig(naam: str) -> pl.Expr:
        waarde = pl.col(naam).cast(pl.String)
        formule = waarde.str.contains(FORMULE_BEGIN) & ~waarde.str.contains(_GETAL)
        return pl.when(formule).then(pl.lit("'") + waarde).otherwise(waarde).alias(naam)

    return frame.with_columns(veilig(naam) for naam in tekst)


DATUM = "%d-%m-%Y"
DATUM_TIJD = "%d-%m-%Y %H:%M"
JA_NEE = {True: "ja", False: "nee"}


def nederlands(frame: pl.DataFrame) -> pl.DataFrame:
    """yes/no columns as ja/nee (an empty cell stays empty)."""
    return frame.with_columns(
        pl.col(naam).replace_strict(JA_NEE, return_dtype=pl.String)
        for naam, soort in frame.schema.items() if soort == pl.Boolean)


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """CSV that Dutch Excel opens correctly (UTF-8 with BOM, semicolons, decimal commas, dates as
    dd-mm-jjjj, ja/nee), formulas neutralised."""
    tekst = neutraliseer_formules(nederlands(frame)).write_csv(
        separator=";", decimal_comma=True, date_format=DATUM, datetime_format=DATUM_TIJD)
    return b"\xef\xbb\xbf" + tekst.encode("utf-8")


def excel_bytes(frame: pl.DataFrame, sheet: str = "zaken", titel: str | None = None,
                toelichting: tuple[str, ...] = ()) -> bytes:
    """An xlsx workbook with `frame` on one sheet (text stays text): `titel` and `toelichting`
    (e.g. "Peildatum 30-09-2025", "Selectie: cluster Utrecht") in the rows above the table, a frozen
    header row, a filter on every column, dates as dd-mm-jjjj and numbers with a decimal comma in a
    Dutch Excel."""
    buffer = io.BytesIO()
    kop = [regel for regel in (titel, *toelichting) if regel]
    start = len(kop) + 1 if kop else 0  # one empty row between the title rows and the table
    # text stays text: never a formula or a link (xlsxwriter's defaults would make both)
    with xlsxwriter.Workbook(buffer, {"strings_to_formulas": False, "strings_to_urls": False,
                                      "strings_to_numbers": False}) as workbook:
        blad = workbook.add_worksheet(sheet[:31])
        vet = workbook.add_format({"bold": True, "font_size": 13})
        for rij, regel in enumerate(kop):
            blad.write_string(rij, 0, regel, vet if rij == 0 else None)
        nederlands(frame).write_excel(
            workbook, worksheet=blad, position=(start, 0), autofit=True, autofilter=True,
            freeze_panes=(start + 1, 0), table_style=None,
            dtype_formats={pl.Date: "dd-mm-yyyy", pl.Datetime: "dd-mm-yyyy hh:mm"})
    return buffer.getvalue()


def bestandsnaam(naam: str, peildatum: dt.date, selectie: str = "") -> str:
    """A file name that says what is in it: 'k1-verlopen_peildatum-30-09-2025_cluster-utrecht'
    (no extension; only letters, digits and dashes, so every system accepts it)."""
    def veilig(tekst: str) -> str:
        return re.sub(r"[^0-9a-z]+", "-", tekst.lower()).strip("-")
    delen = [veilig(naam), f"peildatum-{peildatum.strftime('%d-%m-%Y')}", veilig(selectie)]
    return "_".join(deel for deel in delen if deel)
