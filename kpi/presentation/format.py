"""Dutch text for numbers, dates, changes and norms, and data values made safe for Markdown."""

from __future__ import annotations

import datetime as dt
import re

from kpi.core.labels import SOORT_LABELS
from kpi.core.params import Filters, Scope
from kpi.core.registry import LAGER_BETER

Date = dt.date


def nl_datum(day: Date | dt.datetime | None) -> str:
    return "–" if day is None else day.strftime("%d-%m-%Y" if isinstance(day, Date) and not isinstance(
        day, dt.datetime) else "%d-%m-%Y %H:%M")


def nl_getal(value: float | int | None, decimals: int = 0) -> str:
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def nl_pct(value: float | None, decimals: int = 0) -> str:
    return "–" if value is None else f"{nl_getal(value, decimals)}%"


_MARKDOWN_LEESTEKEN = re.compile(r"[!-/:-@\[-`{-~]")  # every ASCII punctuation character


def md_tekst(waarde: object) -> str:
    """A data value as literal text inside Markdown: for st.markdown, st.caption, st.error and the
    like, and the labels, help texts, tabs, badges and page links that Streamlit renders as Markdown.

    Every ASCII punctuation character is backslash-escaped (CommonMark shows it as itself), so a
    value never becomes a link or image (`![t](http://...)`, `<http://...>`, `www.x.nl`, `a@b.nl`),
    emphasis, code, HTML, a heading or list, a table, LaTeX (`$`) or a Streamlit directive
    (`:red[...]`, `:material/...:`); line breaks and tabs become one space, so it cannot start a new
    block either. Not for inside backticks (there a backslash shows).
    """
    tekst = " ".join(str(waarde).split())
    return _MARKDOWN_LEESTEKEN.sub(lambda teken: "\\" + teken.group(), tekst)


VORIG_KWARTAAL = "t.o.v. vorig kwartaal"  # the one baseline of every change on screen (docs/keuzes.md)


def bereik_tekst(scope: Scope, namen: dict[str, dict[str, str]] | None = None) -> str:
    """What an unfiltered selection covers for this user: not 'the whole organisation' for an
    area manager, whose figures are those of his clusters only, named (`namen`: queries.namen)
    rather than coded. Markdown-safe (md_tekst)."""
    return selectie_tekst(_GEEN_FILTER, scope, namen, waarde=md_tekst)


SOORT_FILTER = "soort"
_GEEN_FILTER = Filters()


def selectie_tekst(filters, scope: Scope, namen: dict[str, dict[str, str]] | None = None,
                   waarde=str) -> str:
    """The selection in words, names instead of codes: 'cluster: Utrecht/Flevoland, soort: OTS', or
    what an unfiltered selection covers. Plain text (a file's title rows); `waarde=md_tekst` escapes
    the values for a page."""
    namen = namen or {}

    def naam(key: str, code: str) -> str:
        return waarde(SOORT_LABELS.get(code, code) if key == SOORT_FILTER else namen.get(key, {}).get(code, code))

    delen = [f"{key}: {naam(key, value)}" for key, value in vars(filters).items() if value]
    if delen:
        return ", ".join(delen)
    if scope.gemeente:
        return f"gemeente {naam('gemeente', scope.gemeente)}"
    if scope.clusters is not None:
        genoemd = [naam("cluster", c) for c in scope.clusters]
        return f"uw cluster{'s' if len(scope.clusters) != 1 else ''}: {', '.join(genoemd)}"
    return "hele organisatie"


def nl_dagen(value: float | int | None) -> str:
    """'1 dag', '12 dagen' (rounded to whole days), '–' without a value."""
    if value is None:
        return "–"
    return f"{nl_getal(value)} {'dag' if round(value) == 1 else 'dagen'}"


def nl_waarde(value: float | None, eenheid: str) -> str:
    """A headline figure: '63%' or '14,2 per fte'."""
    if value is None:
        return "–"
    return nl_pct(value) if eenheid == "%" else f"{nl_getal(value, 1)} {eenheid}"


def pijl(delta: str | None) -> str:
    """st.metric's delta_arrow for a nl_verschil text: no arrow for a change of ±0."""
    return "off" if delta and delta.startswith("±") else "auto"


def nl_verschil(value: float | None, eenheid: str) -> str | None:
    """A change with its sign ('+3,2 procentpunt', '-0,4 per fte'); st.metric reads the sign."""
    if value is None:
        return None
    unit = "procentpunt" if eenheid == "%" else eenheid
    value = round(value, 1)  # as shown: a change that rounds to 0,0 is no change ("±0,0", no arrow)
    sign = "+" if value > 0 else ("-" if value < 0 else "±")
    return f"{sign}{nl_getal(abs(value), 1)} {unit}"


def norm_kort(kpi) -> str:
    """'norm 100%' or 'norm ≤ 12 per fte' (from the registry)."""
    if kpi.norm is None:
        return ""
    if kpi.eenheid == "%":
        return f"norm {nl_pct(kpi.norm)}"
    return f"norm {'≤' if kpi.richting == LAGER_BETER else '≥'} {nl_getal(kpi.norm)} {kpi.eenheid}"
