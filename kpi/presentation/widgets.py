"""Drawing blocks the pages share: case lists with downloads, empty states, headline figures,
verdict badges, charts (with the chart-spec cache) and a guard that turns a failing part into a
Dutch warning."""

from __future__ import annotations

import copy

import altair as alt
import polars as pl
import streamlit as st

from kpi.core import fouten
from kpi.presentation import charts_zorg, patches
from kpi.presentation.cache import MAX_ENTRIES, afgeleid, frame_cache
from kpi.presentation.charts_zorg import NL_LOCALE
from kpi.presentation.format import VORIG_KWARTAAL, nl_datum, nl_getal, nl_pct, pijl, selectie_tekst
from kpi.presentation.queries import namen
from kpi.presentation.state import GEBRUIKER_KEY, SELECTIE_KEY
from kpi.presentation.views_termijn import spc_oordeel
from kpi.reports.downloads import bestandsnaam, csv_bytes, excel_bytes


def leeg(frame: pl.DataFrame, tekst: str = "Geen zaken voor deze selectie.") -> bool:
    """Show an empty-state message; True when there is nothing to draw."""
    if frame.is_empty():
        st.info(tekst)
        return True
    return False


def _weergave(frame: pl.DataFrame, kolommen: tuple[tuple[str, str], ...]):
    """The columns a list shows, under their Dutch headers, and the same as an Arrow table (which
    Streamlit serialises directly, instead of going through pandas)."""
    shown = frame.select([pl.col(c).alias(label) for c, label in kolommen if c in frame.columns])
    return shown, shown.to_arrow(compat_level=pl.CompatLevel.oldest())


def zaaklijst(frame: pl.DataFrame, naam: str, kolommen: dict[str, str], key: str,
              hoogte: int | None = None, titel: str | None = None, regels: tuple[str, ...] = (),
              download: pl.DataFrame | None = None) -> None:
    """A sortable case list with CSV and Excel download. `kolommen` maps column → Dutch header;
    with a `titel` the Excel file opens with it and the lines `regels` (e.g. the selection). The
    downloads hold `download` when given (the same rows, e.g. with numbers and dates where the
    screen shows them as Dutch text), else what the screen shows."""
    if leeg(frame):
        return
    shown, tabel = afgeleid(_weergave, frame, tuple(kolommen.items()))
    export = shown if download is None else afgeleid(_weergave, download, tuple(kolommen.items()))[0]
    # Dates as 31-12-2025; numbers in the reader's locale (a Dutch browser: 1.592 and 13,4), as the
    # tiles and charts write them; the values themselves stay numbers, so columns sort as numbers.
    opmaak = {name: st.column_config.DateColumn(format="DD-MM-YYYY") if dtype == pl.Date
              else st.column_config.NumberColumn(format="localized")
              for name, dtype in shown.schema.items() if dtype == pl.Date or dtype.is_numeric()}
    st.dataframe(tabel, hide_index=True, width="stretch", height=hoogte or "auto", key=f"{key}-tabel",
                 column_config=opmaak)
    left, right, _ = st.columns([1, 1, 4])
    bestand, standaard_titel, toelichting = _beschrijving(naam)
    titel, toelichting = titel or standaard_titel, regels or toelichting
    # Files are built only when someone clicks, not on every rerun.
    left.download_button("Download CSV", lambda: csv_bytes(export),
                         file_name=f"{bestand}.csv", mime="text/csv", key=f"{key}-csv")
    right.download_button("Download Excel", lambda: excel_bytes(export, naam, titel, toelichting),
                          file_name=f"{bestand}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"{key}-xlsx")


def _beschrijving(naam: str) -> tuple[str, str, tuple[str, ...]]:
    """A download's file name (with peildatum and selection), title and title rows, from the
    page's selection (none outside a KPI page: then the list's name only)."""
    s = st.session_state.get(SELECTIE_KEY)
    titel = naam.replace("_", " ").replace("-", " ").strip().capitalize()
    if s is None:
        return naam, titel, ()
    selectie = selectie_tekst(s.filters, s.scope, namen(s.scope))
    toelichting = (f"Peildatum {nl_datum(s.peildatum)} · periode {nl_datum(s.van)} t/m {nl_datum(s.tot)}",
                   f"Selectie: {selectie}")
    return bestandsnaam(naam, s.peildatum, selectie), titel, toelichting


def zaaklijst_tab(frame: pl.DataFrame, naam: str, kolommen: dict[str, str], key: str, uitleg: str,
                  leeg_tekst: str = "Geen zaken voor deze selectie.") -> None:
    """A case list with a one-line explanation, and a clear message when it is empty."""
    st.caption(uitleg)
    if frame.is_empty():
        st.info(leeg_tekst)
        return
    zaaklijst(frame, naam, kolommen, key)


def probeer(functie, *args, melding: str = "Dit onderdeel kan nu niet worden berekend.", **kwargs):
    """Run a KPI call; when its SQL or columns are not there (yet), warn instead of crashing (details in
    the server log, and for the functional administrator on screen: kpi/core/fouten.py)."""
    try:
        return functie(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - any failure of one tile must not break the page
        gebruiker = st.session_state.get(GEBRUIKER_KEY)
        fouten.toon(error, melding, beheerder=bool(getattr(gebruiker, "is_beheer", False)), naam="pagina",
                    waarschuwing=True, icoon=":material/construction:")
        return None


def norm_badge(oordeel, norm_tekst: str | None = None) -> None:
    """The norm verdict as text + icon + colour (views_termijn.Normoordeel)."""
    st.badge(oordeel.label + (f" · {norm_tekst}" if norm_tekst else ""), icon=oordeel.icoon, color=oordeel.kleur)


def spc_regel(oordeel) -> None:
    """The SPC verdict in one line: 'verandering' (bold) only with a signal (views_termijn.SpcOordeel)."""
    if oordeel.code == "signaal":
        st.caption(f":material/insights: **{oordeel.zin}**")
    else:
        st.caption(f":material/horizontal_rule: {oordeel.zin}")


def spc_grafiek(analyse, titel_y: str, **kwargs) -> None:
    """A monthly KPI series judged by SPC (kpi.metrics.spc.Analyse): its sentence, then its chart
    (charts_zorg.spc: limits, and each month marked with its variation)."""
    spc_regel(spc_oordeel(analyse))
    grafiek_van(charts_zorg.spc, analyse.punten, titel_y, hoogte="content", **kwargs)


def cijfer_tegel(kolom, label: str, waarde: str, onderschrift: str, help: str, delta: str | None = None) -> None:
    """A headline figure with the norm or its context written under it; a change (`delta`) is against
    the previous quarter, said in the caption (a tile in four columns has no room beside the change,
    and a cut-off "t.o.v. vor…" says nothing)."""
    with kolom.container(border=True):
        st.metric(label, waarde, delta, delta_color="off", help=help, delta_arrow=pijl(delta))
        st.caption(f"Verschil {VORIG_KWARTAAL}. {onderschrift}" if delta else onderschrift)


def k1_varianten_tabel(frame: pl.DataFrame) -> None:
    """The K1 legal line with the internal term and phone/video beside it (views_termijn.k1_varianten)."""
    shown = pl.DataFrame({
        "Regel": frame["lijn"],
        "% tijdig": [nl_pct(v, 1) for v in frame["percentage"].to_list()],
        "Tijdig": [nl_getal(v) for v in frame["tijdig"].to_list()],
        "Te laat": [nl_getal(v) for v in frame["te_laat"].to_list()],
        "Verlopen": [nl_getal(v) for v in frame["verlopen"].to_list()],
        "Nog open": [nl_getal(v) for v in frame["nog_open"].to_list()],
        "Geteld": [nl_getal(v) for v in frame["totaal"].to_list()],
    })
    st.dataframe(shown, hide_index=True, width="stretch", column_config={
        "Regel": st.column_config.TextColumn(width="large"),
        **{c: st.column_config.TextColumn(width="small") for c in shown.columns[1:]}})


def vega_lite(chart: alt.TopLevelMixin) -> dict:
    """The chart as a Vega-Lite spec with its data inline and the Dutch locale, made the way
    st.altair_chart makes it but without validating it against the schema on every run.
    Under Streamlit's lock for Altair's global settings: a conversion in another session's thread
    must not pick up our data, nor we theirs (that race broke a page under load)."""
    with patches.altair_globals_lock, alt.theme.enable("none"), alt.data_transformers.enable("default", max_rows=None):
        spec = chart.to_dict(validate=False)
    # Dutch month names and decimal commas in every chart (a chart may bring its own locale).
    spec.setdefault("config", {}).setdefault("locale", copy.deepcopy(NL_LOCALE))
    # A text alternative (WCAG 1.1.1): the chart's own description, else one made from the spec.
    spec.setdefault("description", beschrijving(spec))
    return spec


MARK_NAAM = {"bar": "Staafdiagram", "line": "Lijngrafiek", "point": "Puntgrafiek", "circle": "Puntgrafiek",
             "square": "Puntgrafiek", "area": "Vlakgrafiek", "rect": "Kleurentabel", "arc": "Cirkeldiagram",
             "tick": "Streepjesgrafiek", "boxplot": "Boxplot"}


def _onderdelen(spec: dict):
    yield spec
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for deel in spec.get(key, []) or []:
            yield from _onderdelen(deel)
    if isinstance(spec.get("spec"), dict):
        yield from _onderdelen(spec["spec"])


def _tekst(waarde) -> str | None:
    if isinstance(waarde, str):
        return waarde
    if isinstance(waarde, dict):
        return _tekst(waarde.get("text"))
    if isinstance(waarde, list):
        return " ".join(str(w) for w in waarde)
    return None


def beschrijving(spec: dict) -> str:
    """A short Dutch text alternative for a Vega-Lite spec: the kind of chart, what it shows (title, axis
    titles) and how many points, e.g. "Lijngrafiek: % tijdig per maand (24 punten)". Screen readers read it
    as the chart's label (st.vega_lite_chart's `alt`)."""
    delen = list(_onderdelen(spec))
    soorten = []
    for deel in delen:
        mark = deel.get("mark")
        naam = MARK_NAAM.get(mark.get("type") if isinstance(mark, dict) else mark)
        if naam and naam not in soorten:
            soorten.append(naam)
    assen: dict[str, str] = {}
    for deel in delen:
        for kanaal in ("y", "x"):
            enc = (deel.get("encoding") or {}).get(kanaal)
            if isinstance(enc, dict) and kanaal not in assen:
                titel = _tekst(enc.get("title")) if "title" in enc else enc.get("field")
                if titel and enc.get("axis", {}) is not None:
                    assen[kanaal] = titel
    titel = next((t for t in (_tekst(d.get("title")) for d in delen) if t), None)
    wat = titel or " per ".join(assen[k] for k in ("y", "x") if k in assen)
    rijen = max((len(r) for r in (spec.get("datasets") or {}).values() if isinstance(r, list)), default=0)
    tekst = " en ".join(soorten[:2]) or "Grafiek"
    if wat:
        tekst += f": {wat}"
    return tekst + (f" ({rijen} gegevenspunten)." if rijen else ".")


def grafiek(chart: alt.TopLevelMixin | dict, legenda_onder: bool = False, hoogte: int | str | None = None) -> None:
    """Draw an Altair chart (or its spec). With a fixed chart height, leave room for the axes (and
    a legend below): Streamlit gives a chart exactly the height it is given and squeezes the plot
    to fit its axes and legend in it. `hoogte` overrides ("content": as high as the chart wants)."""
    # Streamlit moves the data out of the spec it is given: always hand it a copy of our own.
    spec = copy.deepcopy(chart) if isinstance(chart, dict) else vega_lite(chart)
    if hoogte is None:
        height = spec.get("height")
        hoogte = height + 60 + (50 if legenda_onder else 0) if isinstance(height, int) else "content"
    st.vega_lite_chart(spec=spec, width="stretch", height=hoogte, alt=spec.get("description") or beschrijving(spec))


@frame_cache(max_entries=4 * MAX_ENTRIES, inhoud=True)  # one entry per chart and selection
def _grafiek_spec(_bouwer, naam: str, args: tuple, kwargs: dict) -> dict:
    return met_arrow_data(vega_lite(_bouwer(*args, **kwargs)))


def met_arrow_data(spec: dict) -> dict:
    """The spec with its inline datasets as Arrow IPC bytes, the form st.vega_lite_chart sends
    them in: given rows, Streamlit converts them (through pandas) on every run; given bytes, it
    passes them on. Done once per cached spec."""
    if spec.get("datasets"):
        spec = {**spec, "datasets": {naam: rows if isinstance(rows, bytes)
                                     else patches.arrow_bytes(rows)
                                     for naam, rows in spec["datasets"].items()}}
    return spec


def grafiek_van(bouwer, *args, legenda_onder: bool = False, hoogte: int | str | None = None, **kwargs) -> None:
    """grafiek(bouwer(*args, **kwargs)), with the finished spec cached per builder and arguments:
    building a chart through Altair's API costs more than everything else on a warm page run
    (bench/results.md), and the same figures give the same chart."""
    try:
        spec = _grafiek_spec(bouwer, f"{bouwer.__module__}.{bouwer.__qualname__}", args, kwargs)
    except patches.UnhashableParamError:  # an argument Streamlit cannot hash: build it every run
        spec = vega_lite(bouwer(*args, **kwargs))
    grafiek(spec, legenda_onder=legenda_onder, hoogte=hoogte)
