"""Likely personal data in an export: a BSN used as an id, a birth date or a name in free text.

The contract says an export holds pseudonyms only, never names, a BSN or a full
birth date (../shared/spec/data-contract.md). A source system can still leak them:
a BSN exported as `jeugdige_id`, or a note like "fam. Jansen, geb. 12-03-2012" typed
into `hulpvorm`. This module recognises such values; the import
(`kpi.data.importer`) rejects or warns about them and the Datakwaliteit page lists what
is in the database (`kpi.metrics.datakwaliteit`, check `persoonsgegevens`). Both use the
polars expressions below, so there is one definition. docs/import.md lists the
rules and their limits.

- **BSN** (`bsn`): in an id column (`contract.Column.formaat`) the whole value, and
  in free text (`contract.Column.vrije_tekst`) any nine-digit number, that is nine
  digits once spaces, dots and hyphens are left out (`123456782`, `1234.56.782`) and
  passes the eleven test ("elfproef") of the BSN: 9·d1 + 8·d2 + ... + 2·d8 − d9 is a
  multiple of 11 (and not all zeros). One in eleven random nine-digit numbers passes,
  so a source system with nine-digit numeric pseudonyms would trip it; the
  generator's ids have letters (MR000001, J049098) and never do.
- **Geboortedatum** (`datum`): in free text a full date (12-03-2012, 12/3/12,
  2012-03-12, 12 maart 2012) or the words geb., geboren, geboortedatum.
- **Naam** (`naam`): in free text a title or form of address followed by a name:
  fam./dhr./mevr./mw./mej. followed by any word, familie/mevrouw/meneer/de heer
  followed by a capitalised word (with tussenvoegsels: "de heer van Dijk"). A name
  without such a word ("Jan Jansen") cannot be told from a care form without a list
  of names, and is not found.

Values are never shown whole: `maskeer` replaces what was found ("fam. [naam], geb.
[datum]", a BSN as bullets), for messages, warnings and the page.
"""

from __future__ import annotations

import re

import polars as pl

BSN, DATUM, NAAM = "bsn", "datum", "naam"
GEVONDEN, GEMASKEERD = "gevonden", "gemaskeerd"  # the columns `zoek` adds
# An id can only be a BSN when it holds nothing but digits, spaces, dots and hyphens (also the
# prefilter of sql/kwaliteit/persoonsgegevens.sql, where it is written out again).
KANDIDAAT_ID = r"^[0-9 .\-]+$"
OMSCHRIJVING = {BSN: "een BSN (voldoet aan de elfproef)", DATUM: "een geboortedatum", NAAM: "een naam"}

# The regular expressions are written in the subset that both polars (Rust regex) and Python's re
# understand: no \p{..} classes, no look-around.
_HOOFDLETTER = "A-ZÀ-ÖØ-Þ"
_LETTER = "A-Za-zÀ-ÖØ-öø-ÿ"
_SCHEIDING = r"[ .\-]"
_NEGEN_CIJFERS = r"^[0-9]{9}$"
_BSN_IN_TEKST = r"\b(?:[0-9]{9}|[0-9]{4}[ .][0-9]{2}[ .][0-9]{3})\b"
_MAANDEN = r"(?:jan|feb|mrt|maa|apr|mei|jun|jul|aug|sep|okt|nov|dec)[a-z]*\.?"
_DATUM = (r"(?i)\b(?:[0-9]{1,2}[-/.][0-9]{1,2}[-/.](?:[0-9]{4}|[0-9]{2})|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|"
          rf"[0-9]{{1,2}}\s+{_MAANDEN}\s+[0-9]{{4}})\b")
_GEBOORTE = r"(?i)\b(?:geb\.|geboren\b|geboortedatum\b|geb\s*datum\b)"
_TUSSENVOEGSELS = r"(?:(?:van|de|der|den|ter|ten|te|het|'t|v\.d\.)\s+)*"
_AFKORTING = r"(?i:\b(?:fam|dhr|mevr|mw|mej)\.)"
_AANSPREKING = r"\b(?:[Ff]amilie|[Mm]evrouw|[Mm]eneer|[Dd]e [Hh]eer)"
_NAAM = (rf"(?:{_AFKORTING}\s*{_TUSSENVOEGSELS}[{_LETTER}]|"
         rf"{_AANSPREKING}\s+{_TUSSENVOEGSELS}[{_HOOFDLETTER}][{_LETTER}])")
# For masking: the title kept (group 1 or 2), the name after it (with more capitalised words) replaced.
_VERDER = rf"(?:\s+[{_HOOFDLETTER}][{_LETTER}'\-]*)*"
_NAAM_VERVANGEN = (rf"({_AFKORTING})\s*{_TUSSENVOEGSELS}[{_LETTER}][{_LETTER}'\-]*{_VERDER}|"
                   rf"({_AANSPREKING})\s+{_TUSSENVOEGSELS}[{_HOOFDLETTER}][{_LETTER}'\-]*{_VERDER}")


def _elfproef(cijfers: pl.Expr) -> pl.Expr:
    """True for a nine-digit text that passes the BSN eleven test (not all zeros)."""
    getallen = [cijfers.str.slice(i, 1).cast(pl.Int32, strict=False) for i in range(9)]
    som = sum((9 - i) * getallen[i] for i in range(8)) - getallen[8]
    return (som % 11 == 0) & (cijfers != "000000000")


def bsn(tekst: pl.Expr) -> pl.Expr:
    """An id that is a BSN: nine digits (spaces, dots, hyphens left out) passing the eleven test."""
    cijfers = tekst.str.replace_all(_SCHEIDING, "")
    return (cijfers.str.contains(_NEGEN_CIJFERS) & _elfproef(cijfers)).fill_null(False)


def bsn_in_tekst(tekst: pl.Expr) -> pl.Expr:
    """Free text holding a nine-digit number that passes the eleven test."""
    kandidaten = tekst.str.extract_all(_BSN_IN_TEKST)
    return kandidaten.list.eval(_elfproef(pl.element().str.replace_all(_SCHEIDING, ""))).list.any().fill_null(False)


def datum_in_tekst(tekst: pl.Expr) -> pl.Expr:
    """Free text holding a full date or the words geb./geboren/geboortedatum."""
    return (tekst.str.contains(_DATUM) | tekst.str.contains(_GEBOORTE)).fill_null(False)


def naam_in_tekst(tekst: pl.Expr) -> pl.Expr:
    """Free text holding a title or form of address followed by a name."""
    return tekst.str.contains(_NAAM).fill_null(False)


def soorten(tekst: pl.Expr, vrije_tekst: bool) -> dict[str, pl.Expr]:
    """Per kind (BSN, DATUM, NAAM) the expression that flags a value of an id column
    (`vrije_tekst` False: BSN only) or of a free-text column."""
    if not vrije_tekst:
        return {BSN: bsn(tekst)}
    return {BSN: bsn_in_tekst(tekst), DATUM: datum_in_tekst(tekst), NAAM: naam_in_tekst(tekst)}


def gevonden(tekst: pl.Expr, vrije_tekst: bool) -> pl.Expr:
    """What was found in a value, in Dutch ("een naam en een geboortedatum"); null when nothing."""
    delen = [pl.when(vlag).then(pl.lit(OMSCHRIJVING[soort])) for soort, vlag in soorten(tekst, vrije_tekst).items()]
    lijst = pl.concat_list(delen).list.drop_nulls()
    return (pl.when(lijst.list.len() > 0)
            .then(pl.when(lijst.list.len() == 1).then(lijst.list.first())
                  .otherwise(lijst.list.head(lijst.list.len() - 1).list.join(", ") + pl.lit(" en ")
                             + lijst.list.last())))


def zoek(frame: pl.DataFrame, kolom: str, vrije_tekst: bool) -> pl.DataFrame:
    """The rows of `frame` whose `kolom` looks like personal data, with GEVONDEN (what, in Dutch:
    `gevonden`) and GEMASKEERD (the value, `maskeer`d). Only ids of digits and separators are judged
    (KANDIDAAT_ID), free text once per distinct value, so a large table costs little."""
    waarde = pl.col(kolom)
    if vrije_tekst:
        uniek = frame.select(waarde.drop_nulls().unique()).with_columns(gevonden(waarde, True).alias(GEVONDEN))
        treffers = frame.join(uniek.filter(pl.col(GEVONDEN).is_not_null()), on=kolom, maintain_order="left")
    else:
        treffers = (frame.filter(waarde.str.contains(KANDIDAAT_ID))
                    .with_columns(gevonden(waarde, False).alias(GEVONDEN)).filter(pl.col(GEVONDEN).is_not_null()))
    gemaskeerd = [maskeer(w, vrije_tekst) for w in treffers[kolom]]
    return treffers.with_columns(pl.Series(GEMASKEERD, gemaskeerd, dtype=pl.String))


def maskeer(waarde: str, vrije_tekst: bool) -> str:
    """The value with what looks personal replaced: an id's digits as bullets; in free text a
    nine-digit number as [nummer], a date as [datum], a name after its title as [naam]."""
    if not vrije_tekst:
        return re.sub(r"[0-9]", "•", waarde)
    tekst = re.sub(_BSN_IN_TEKST, "[nummer]", waarde)
    tekst = re.sub(_DATUM, "[datum]", tekst)
    tekst = re.sub(_NAAM_VERVANGEN, lambda m: f"{m.group(1) or m.group(2)} [naam]", tekst)
    return re.sub(r"[0-9]", "•", tekst)  # any digit left (a number in another form) is not shown either
