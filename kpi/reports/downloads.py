"""The files the app offers for download: CSV and Excel of a table, safe to open in a spreadsheet.

Every CSV the app writes goes through `csv_bytes`, which first neutralises text a
spreadsheet would run as a formula (CSV injection, as OWASP describes it): a text
cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a single
quote in front (`'=HYPERLINK(...)`), so Excel and LibreOffice show it as text.
Numbers are left alone: numeric columns, and text that is just a number (`-3`,
`+4,5`), which a spreadsheet reads as that number and never as a formula. Excel
files (`excel_bytes`, xlsxwriter through polars) store text cells as text already,
never as formulas (a test reads a workbook back), so they get no quote.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

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


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """CSV that Dutch Excel opens correctly (UTF-8 with BOM, semicolons), formulas neutralised."""
    return b"\xef\xbb\xbf" + neutraliseer_formules(frame).write_csv(separator=";").encode("utf-8")


def excel_bytes(frame: pl.DataFrame, sheet: str = "zaken", titel: str | None = None,
                regels: Sequence[str] = ()) -> bytes:
    """An xlsx workbook with `frame` on one sheet (text stays text). With a `titel`: first the
    title (bold), then one line per item of `regels` (the selection, the peildatum), an empty row,
    and then the table; titles and lines are written as text, never as a formula."""
    buffer = io.BytesIO()
    if titel is None:
        frame.write_excel(buffer, worksheet=sheet[:31], autofit=True)
        return buffer.getvalue()
    # as polars opens its own workbooks: a text cell is never read as a formula or a link
    with xlsxwriter.Workbook(buffer, {"strings_to_formulas": False, "strings_to_urls": False,
                                     "nan_inf_to_errors": True}) as workbook:
        blad = workbook.add_worksheet(sheet[:31])
        blad.write_string(0, 0, titel, workbook.add_format({"bold": True, "font_size": 14}))
        for rij, regel in enumerate(regels, start=1):
            blad.write_string(rij, 0, regel)
        frame.write_excel(workbook, worksheet=blad, position=(len(regels) + 2, 0), autofit=True)
    return buffer.getvalue()
