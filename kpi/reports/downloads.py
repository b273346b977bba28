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

import polars as pl

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


def excel_bytes(frame: pl.DataFrame, sheet: str = "zaken") -> bytes:
    """An xlsx workbook with `frame` on one sheet (text stays text)."""
    buffer = io.BytesIO()
    frame.write_excel(buffer, worksheet=sheet[:31], autofit=True)
    return buffer.getvalue()


def excel_werkboek(bladen: list[tuple[str, str, pl.DataFrame]], kop: str | None = None) -> bytes:
    """An xlsx workbook with one sheet per (sheet name, title, frame): the title in bold on the first
    row (with `kop`, e.g. the report's name and date, on the second), the table from the fourth row
    (text stays text)."""
    import xlsxwriter

    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer) as werkboek:
        vet = werkboek.add_format({"bold": True, "font_size": 13})
        for naam, titel, frame in bladen:
            blad = werkboek.add_worksheet(naam[:31])
            blad.write_string(0, 0, titel, vet)
            if kop:
                blad.write_string(1, 0, kop)
            frame.write_excel(werkboek, worksheet=blad, position=(3, 0), autofit=True)
    return buffer.getvalue()
