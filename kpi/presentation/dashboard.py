"""What every Streamlit page shares: the database, the filter state in the URL,
cached KPI calls, the page header with data freshness, and case-list downloads.

Pages stay thin: they read `huidige_selectie()`, call the cached functions
here (which call kpi.metrics.engine), and draw with kpi.presentation.charts.
"""

from __future__ import annotations

import copy
import datetime as dt
import inspect
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, replace

import altair as alt
import polars as pl
import streamlit as st
from streamlit.runtime.caching.cache_errors import UnhashableParamError

from kpi.core import fouten, norms
from kpi.core.params import ALLES, Filters, Scope
from kpi.core.registry import KPI_BY_KEY, LAGER_BETER
from kpi.data import importer
from kpi.data.db import Database, default_database_path
from kpi.metrics import engine
from kpi.presentation import charts
from kpi.presentation import views_termijn as vt
from kpi.reports.downloads import csv_bytes, excel_bytes

Date = dt.date
TTL = 600
MAX_ENTRIES = 256
FILTER_KEYS = ("cluster", "team", "gemeente", "soort")
SOORT_LABELS = {"OTS": "OTS", "VOTS": "VOTS", "voogdij": "Voogdij", "JR": "Jeugdreclassering"}
STATUS_LABELS = {"tijdig": "Tijdig", "te_laat": "Te laat", "verlopen": "Verlopen", "open": "Nog open",
                 "gedaan_voor_deadline": "Gedaan, deadline nog niet bereikt"}


# ----------------------------------------------------------------- database


# KPI frames are cached as shared objects (st.cache_resource), not copied on every hit as
# st.cache_data does (it unpickles the frame each time: ~0.4 s per run for the case lists at
# national scale, and more CPU per concurrent user). Safe because polars frames are never
# changed in place here: views derive new frames from them.
_FIGUUR_CACHES: dict[str, object] = {}


class GedeeldeCache:
    """What st.cache_resource does for a KPI function, keyed on its arguments themselves.

    The arguments of these functions are hashable values (dates, strings, tuples, the frozen
    Filters and Scope; `_`-prefixed ones, like the database handle, are left out of the key), so a
    dict lookup finds an entry. Streamlit hashes every argument of every call its own way
    (inspect.signature plus pickling): under 25 concurrent sessions that was a fifth of a warm
    run (bench/analyse.md). As in Streamlit: one computation per key at a time (others wait for
    its result), a time to live, and at most `max_entries` entries (least recently used go)."""

    def __init__(self, f, ttl: float, max_entries: int):
        self.f = f
        self.ttl, self.max_entries = ttl, max_entries
        names = list(inspect.signature(f).parameters)
        self._overslaan = frozenset(i for i, name in enumerate(names) if name.startswith("_"))
        self._items: OrderedDict = OrderedDict()  # key -> (time, value)
        self._lock = threading.Lock()
        self._bezig: dict = {}  # key -> lock held while one thread computes it

    def _sleutel(self, args: tuple, kwargs: dict) -> tuple:
        return (tuple(a for i, a in enumerate(args) if i not in self._overslaan),
                tuple(sorted((k, v) for k, v in kwargs.items() if not k.startswith("_"))))

    def _lees(self, key):
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            if time.monotonic() - item[0] > self.ttl:
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return item

    def __call__(self, *args, **kwargs):
        key = self._sleutel(args, kwargs)
        if (item := self._lees(key)) is not None:
            return item[1]
        with self._lock:
            bezig = self._bezig.setdefault(key, threading.Lock())
        with bezig:
            if (item := self._lees(key)) is not None:  # computed while we waited
                return item[1]
            try:
                value = self.f(*args, **kwargs)
            except BaseException:
                with self._lock:
                    self._bezig.pop(key, None)
                raise
            with self._lock:  # stored and no longer "being computed" in one step
                self._items[key] = (time.monotonic(), value)
                while len(self._items) > self.max_entries:
                    self._items.popitem(last=False)
                self._bezig.pop(key, None)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def frame_cache(function=None, *, max_entries: int = MAX_ENTRIES, inhoud: bool = False):
    """Cache a KPI function for every session (GedeeldeCache, with the dashboard's ttl), remembered
    by name so that wis_caches() can empty it and a page script, which decorates its functions
    again on every run, keeps its entries. With `inhoud`, for arguments Python cannot hash
    (frames, whose content is the key): st.cache_resource, which hashes them by content."""
    def decorate(f):
        naam = f"{f.__module__}.{f.__qualname__}"
        cached = _FIGUUR_CACHES.get(naam)
        if isinstance(cached, GedeeldeCache) and not inhoud:
            cached.f = f  # the same code, decorated again by a page run
            return cached
        cached = (st.cache_resource(ttl=TTL, max_entries=max_entries, show_spinner=False)(f) if inhoud
                  else GedeeldeCache(f, TTL, max_entries))
        _FIGUUR_CACHES[naam] = cached
        return cached
    return decorate(function) if function else decorate


def _afgeleid(sleutel: tuple, _functie, _args: tuple, _kwargs: dict, _frames: tuple):
    return _frames, _functie(*_args, **_kwargs)  # the entry holds its input frames


_AFGELEID = GedeeldeCache(_afgeleid, TTL, 2 * MAX_ENTRIES)
_FIGUUR_CACHES[f"{__name__}._afgeleid"] = _AFGELEID


def afgeleid(functie, *args, **kwargs):
    """functie(*args, **kwargs), computed once for the same input frames and equal other
    arguments. The KPI frames come from the shared caches, so the same selection gives the same
    frame objects; a view of them (a count, a list, a chart's table) then needs no work on the
    next run. Frames are keyed by identity; an entry holds its input frames, so their ids cannot
    be reused by other frames while it exists. Other arguments must be hashable."""
    def sleutel(value):
        return ("frame", id(value)) if isinstance(value, pl.DataFrame) else value

    frames = tuple(a for a in (*args, *kwargs.values()) if isinstance(a, pl.DataFrame))
    key = (functie.__module__, functie.__qualname__, tuple(sleutel(a) for a in args),
           tuple(sorted((k, sleutel(v)) for k, v in kwargs.items())))
    return _AFGELEID(key, functie, args, kwargs, frames)[1]


def wis_caches() -> None:
    """Drop every cached figure and chart (after an import or restore; entries are keyed by the
    database file anyway, so this only frees memory sooner). The database handle stays."""
    st.cache_data.clear()
    for cached in _FIGUUR_CACHES.values():
        cached.clear()


@st.cache_resource(show_spinner=False)
def _database(path: str) -> Database:
    # An outdated file (made by another version of the code) is rebuilt first (kpi/data/build.py).
    return Database(path, rebuild=importer.rebuild)


def database() -> Database:
    """The shared read-only database; moves to a newly imported file between runs."""
    db = _database(str(default_database_path()))
    db.refresh()
    return db


def _key(db: Database) -> tuple:
    """Cache key part that changes when the database file is replaced."""
    return (db.stamp.path, db.stamp.inode, db.stamp.mtime_ns)


# ----------------------------------------------------------------- selection


@dataclass(frozen=True)
class Selectie:
    """The sidebar choice: peildatum, period and filters, plus the user's scope."""

    peildatum: Date
    van: Date
    tot: Date
    filters: Filters = Filters()
    scope: Scope = ALLES

    def met(self, **changes) -> "Selectie":
        return replace(self, **changes)

    def filters_zonder(self, *keys: str) -> Filters:
        return replace(self.filters, **{k: None for k in keys})


def standaard_periode(peildatum: Date) -> tuple[Date, Date]:
    """The last full quarter up to the peildatum... or the quarter running at P."""
    start = Date(peildatum.year, 3 * ((peildatum.month - 1) // 3) + 1, 1)
    return start, peildatum


SELECTIE_KEY = "jb_selectie"
GEBRUIKER_KEY = "jb_gebruiker"


def huidige_selectie() -> Selectie:
    """The selection app.py made for this run.

    Until some session has called st.navigation, Streamlit treats the pages/ folder the legacy
    way and runs e.g. /overzicht directly, without app.py (no login, no scope, no filters). Such a
    run has no selection: switch that legacy mode off and run again, through the router."""
    if SELECTIE_KEY not in st.session_state:
        try:
            from streamlit.runtime.pages_manager import PagesManager

            PagesManager.uses_pages_directory = False  # what st.navigation itself sets
        except ImportError:  # a Streamlit without it: go to the main page (URL filters kept)
            st.switch_page("app.py", query_params=st.query_params.to_dict())
        st.rerun()
    return st.session_state[SELECTIE_KEY]


# ----------------------------------------------------------------- cached KPI calls
# Small, hashable arguments only; the db key makes a new import a cache miss.


@frame_cache
def _deadline_cases(_db: Database, key_db: tuple, key: str, peildatum: Date, van: Date, tot: Date,
                    filters: Filters, scope: Scope) -> pl.DataFrame:
    return engine.deadline_cases(_db, key, peildatum, van, tot, filters, scope)


def deadline_cases(key: str, s: Selectie, filters: Filters | None = None) -> pl.DataFrame:
    db = database()
    return _deadline_cases(db, _key(db), key, s.peildatum, s.van, s.tot, filters or s.filters, s.scope)


@frame_cache
def _deadline_trend(_db: Database, key_db: tuple, key: str, peildatum: Date, filters: Filters,
                    scope: Scope, by: tuple[str, ...]) -> pl.DataFrame:
    return engine.deadline_trend(_db, key, peildatum, filters, scope, by)


def deadline_trend(key: str, s: Selectie, by: tuple[str, ...] = (), filters: Filters | None = None) -> pl.DataFrame:
    db = database()
    return _deadline_trend(db, _key(db), key, s.peildatum, filters or s.filters, s.scope, by)


@frame_cache
def _binnenkort(_db: Database, key_db: tuple, key: str, peildatum: Date, filters: Filters,
                scope: Scope) -> pl.DataFrame:
    return engine.binnenkort_verlopen(_db, key, peildatum, filters, scope)


def binnenkort_verlopen(key: str, s: Selectie) -> pl.DataFrame:
    db = database()
    return _binnenkort(db, _key(db), key, s.peildatum, s.filters, s.scope)


@frame_cache
def _at_peildata(_db: Database, key_db: tuple, function: str, peildata: tuple[Date, ...],
                 filters: Filters, scope: Scope) -> pl.DataFrame:
    return getattr(engine, function)(_db, list(peildata), filters, scope)


def op_peildatum(function: str, s: Selectie, filters: Filters | None = None) -> pl.DataFrame:
    """engine.<function> (caseload, capaciteit, kind_alleen, kind_alleen_jr, vaste_jzw,
    in_doorstroom) at the peildatum."""
    db = database()
    return _at_peildata(db, _key(db), function, (s.peildatum,), filters or s.filters, s.scope)


@frame_cache
def _reeks(_db: Database, key_db: tuple, function: str, peildata: tuple[Date, ...],
           filters: Filters, scope: Scope, tellers: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> pl.DataFrame:
    if function not in engine.SERIES:  # K4 capaciteit: one aggregate row per peildatum (its inputs are stored)
        return getattr(engine, function)(_db, list(peildata), filters, scope)
    return engine.series(_db, function, list(peildata), filters, scope, counts=dict(tellers) if tellers else None)


def reeks_op(function: str, s: Selectie) -> pl.DataFrame:
    """The trend columns of engine.<function> at the selection's peildatum only (e.g. a quarter
    earlier, for a tile's change): read from the stored month-end series when it has that date."""
    db = database()
    return _reeks(db, _key(db), function, (s.peildatum,), s.filters, s.scope)


def maandreeks(function: str, s: Selectie, filters: Filters | None = None) -> pl.DataFrame:
    """The same at every month end of the trend window (the last one is P), with only the
    columns the trends read (registry.Series): the cache holds megabytes, not case lists."""
    db = database()
    return _reeks(db, _key(db), function, tuple(engine.maandeinden(s.peildatum)), filters or s.filters, s.scope)


def maandtelling(function: str, s: Selectie, tellers: dict[str, tuple[str, ...]],
                 maanden: bool = True) -> pl.DataFrame:
    """engine.series counted per peildatum (`tellers`: name -> boolean columns that must all be true) at
    every month end of the trend window, or (maanden=False) at the peildatum only."""
    db = database()
    peildata = tuple(engine.maandeinden(s.peildatum)) if maanden else (s.peildatum,)
    return _reeks(db, _key(db), function, peildata, s.filters, s.scope, tuple(tellers.items()))


@frame_cache
def _period_query(_db: Database, key_db: tuple, function: str, peildatum: Date, van: Date, tot: Date,
                  filters: Filters, scope: Scope) -> pl.DataFrame:
    return getattr(engine, function)(_db, peildatum, van, tot, filters, scope)


def over_periode(function: str, s: Selectie, van: Date | None = None, tot: Date | None = None) -> pl.DataFrame:
    """engine.<function> (monitorlijst_stroom, doorlooptijd_monitorlijst) over [van, tot]."""
    db = database()
    return _period_query(db, _key(db), function, s.peildatum, van or s.van, tot or s.tot, s.filters, s.scope)


@frame_cache
def _hulp_aanvragen(_db: Database, key_db: tuple, peildatum: Date, filters: Filters, scope: Scope,
                    gestart_vanaf: Date) -> pl.DataFrame:
    return engine.hulp_aanvragen(_db, peildatum, filters, scope, gestart_vanaf)


def hulp_aanvragen(s: Selectie) -> pl.DataFrame:
    db = database()
    return _hulp_aanvragen(db, _key(db), s.peildatum, s.filters, s.scope, s.van)


@frame_cache(max_entries=8)
def keuzelijsten(_db: Database, key_db: tuple, scope: Scope) -> dict[str, pl.DataFrame]:
    """Clusters, teams and municipalities the user may choose from (within the scope)."""
    clusters = _db.sql("select cluster_id, naam from clusters order by naam")
    teams = _db.sql("select team_id, naam, cluster_id, soort from teams order by naam")
    gemeenten = _db.sql("select gemeente_code, naam, cluster_id from gemeenten order by naam")
    if scope.clusters is not None:
        allowed = list(scope.clusters)
        clusters = clusters.filter(pl.col("cluster_id").is_in(allowed))
        teams = teams.filter(pl.col("cluster_id").is_in(allowed))
        gemeenten = gemeenten.filter(pl.col("cluster_id").is_in(allowed))
    if scope.gemeente is not None:
        gemeenten = gemeenten.filter(pl.col("gemeente_code") == scope.gemeente)
    return {"clusters": clusters, "teams": teams, "gemeenten": gemeenten}


@st.cache_data(ttl=TTL, max_entries=8, show_spinner=False)
def versheid(_db: Database, key_db: tuple) -> dict:
    """Export date and the time of the latest import, for every page header."""
    last = _db.sql("select max(geimporteerd_op) as t from import_log")["t"][0]
    return {"exportdatum": _db.exportdatum, "geimporteerd_op": last}


# ----------------------------------------------------------------- page parts


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


def bereik_tekst(scope: Scope) -> str:
    """What an unfiltered selection covers for this user: not 'the whole organisation' for an
    area manager, whose figures are those of his clusters only. Markdown-safe (md_tekst)."""
    if scope.gemeente:
        return f"gemeente {md_tekst(scope.gemeente)}"
    if scope.clusters is not None:
        return f"uw cluster{'s' if len(scope.clusters) != 1 else ''}: {', '.join(map(md_tekst, scope.clusters))}"
    return "hele organisatie"


def kop(titel: str, uitleg: str | None = None) -> Selectie:
    """Page title, the data freshness line and the active selection; returns the selection."""
    s = huidige_selectie()
    db = database()
    fresh = versheid(db, _key(db))
    st.title(titel)
    filters = (", ".join(f"{k}: {md_tekst(v)}" for k, v in vars(s.filters).items() if v)
               or bereik_tekst(s.scope))
    st.caption(
        f"Peildatum **{nl_datum(s.peildatum)}** · periode {nl_datum(s.van)} t/m {nl_datum(s.tot)} · "
        f"{filters} · export van {nl_datum(fresh['exportdatum'])}, geïmporteerd "
        f"{nl_datum(fresh['geimporteerd_op'])}")
    if uitleg:
        st.markdown(uitleg)
    return s


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
              hoogte: int | None = None) -> None:
    """A sortable case list with CSV and Excel download. `kolommen` maps column → Dutch header."""
    if leeg(frame):
        return
    shown, tabel = afgeleid(_weergave, frame, tuple(kolommen.items()))
    # Dates as 31-12-2025; numbers in the reader's locale (a Dutch browser: 1.592 and 13,4), as the
    # tiles and charts write them; the values themselves stay numbers, so columns sort as numbers.
    opmaak = {name: st.column_config.DateColumn(format="DD-MM-YYYY") if dtype == pl.Date
              else st.column_config.NumberColumn(format="localized")
              for name, dtype in shown.schema.items() if dtype == pl.Date or dtype.is_numeric()}
    st.dataframe(tabel, hide_index=True, width="stretch", height=hoogte or "auto", key=f"{key}-tabel",
                 column_config=opmaak)
    left, right, _ = st.columns([1, 1, 4])
    # Files are built only when someone clicks, not on every rerun.
    left.download_button("Download CSV", lambda: csv_bytes(shown),
                         file_name=f"{naam}.csv", mime="text/csv", key=f"{key}-csv")
    right.download_button("Download Excel", lambda: excel_bytes(shown, naam), file_name=f"{naam}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"{key}-xlsx")


# ----------------------------------------------------------------- Overzicht tiles and deadline pages
# (views in kpi/presentation/views_termijn.py compute; these functions only draw)


VORIG_KWARTAAL = "t.o.v. vorig kwartaal"


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


def norm_badge(oordeel, norm_tekst: str | None = None) -> None:
    """The norm verdict as text + icon + colour (views_termijn.Normoordeel)."""
    st.badge(oordeel.label + (f" · {norm_tekst}" if norm_tekst else ""), icon=oordeel.icoon, color=oordeel.kleur)


def spc_regel(oordeel) -> None:
    """The SPC verdict in one line: 'verandering' (bold) only with a signal (views_termijn.SpcOordeel)."""
    if oordeel.code == "signaal":
        st.caption(f":material/insights: **{oordeel.zin}**")
    else:
        st.caption(f":material/horizontal_rule: {oordeel.zin}")


def cijfer_tegel(kolom, label: str, waarde: str, onderschrift: str, help: str, delta: str | None = None) -> None:
    """A headline figure with the norm or its context written under it."""
    with kolom.container(border=True):
        st.metric(label, waarde, delta, delta_color="off", help=help,
                  delta_arrow=pijl(delta),
                  delta_description="t.o.v. vorige maand" if delta else None)
        st.caption(onderschrift)


def kpi_tegel(t, opmerking: str | None = None) -> None:
    """One Overzicht tile (views_termijn.Tegel): big number, norm verdict, change against the
    previous quarter, sparkline, SPC verdict and a link to the KPI's page. `extra` values: an int
    is a count, a float a percentage."""
    with st.container(border=True):
        st.markdown(f"**{t.key.upper()} · {t.titel}**")
        delta = nl_verschil(t.verschil, t.eenheid)
        st.metric(t.maat, nl_waarde(t.waarde, t.eenheid), delta=delta, delta_color="off",
                  delta_arrow=pijl(delta),
                  delta_description=VORIG_KWARTAAL if t.verschil is not None else None,
                  help=f"Norm: {t.norm_tekst}. Het verschil met vorig kwartaal is dezelfde KPI, één kwartaal "
                       f"eerder berekend; of het een echte verandering is, zegt de trendregel eronder.")
        norm_badge(t.oordeel, norm_kort(KPI_BY_KEY[t.key]))
        details = [f"n = {nl_getal(t.noemer)}"] if t.noemer is not None else []
        details += [f"{k}: {nl_pct(v) if isinstance(v, float) else nl_getal(v)}"
                    for k, v in t.extra.items() if v is not None]
        if details:
            st.caption(" · ".join(details))
        if t.reeks.height > 1:
            domein = [0, 100] if t.eenheid == "%" else [0, max(2 * (t.norm or 0), float(t.reeks["waarde"].max() or 0))]
            grafiek_van(charts.tegel_sparkline, t.reeks, domein=domein, norm=t.norm, hoogte=charts.SPARKLINE_HOOGTE)
        spc_regel(t.spc)
        if opmerking:
            st.caption(f":material/info: {opmerking}")
        st.page_link(t.pagina, label="Details en zaaklijsten", icon=":material/arrow_forward:")


def zaaklijst_tab(frame: pl.DataFrame, naam: str, kolommen: dict[str, str], key: str, uitleg: str,
                  leeg_tekst: str = "Geen zaken voor deze selectie.") -> None:
    """A case list with a one-line explanation, and a clear message when it is empty."""
    st.caption(uitleg)
    if frame.is_empty():
        st.info(leeg_tekst)
        return
    zaaklijst(frame, naam, kolommen, key)


def norm_kort(kpi) -> str:
    """'norm 100%' or 'norm ≤ 12 per fte' (from the registry)."""
    if kpi.norm is None:
        return ""
    if kpi.eenheid == "%":
        return f"norm {nl_pct(kpi.norm)}"
    return f"norm {'≤' if kpi.richting == LAGER_BETER else '≥'} {nl_getal(kpi.norm)} {kpi.eenheid}"


def geteld_selectie(s: Selectie) -> Selectie:
    """The selection whose deadlines count: the period, cut off at the peildatum."""
    return s.met(tot=vt.geteld_tot(s.peildatum, s.tot))


def vorig_kwartaal(s: Selectie) -> Selectie:
    """Peildatum and period one quarter earlier (for 'change against the previous quarter')."""
    return s.met(peildatum=vt.kwartaal_terug(s.peildatum), van=vt.kwartaal_terug(s.van),
                 tot=vt.kwartaal_terug(s.tot))


@frame_cache
def _tegel(_db: Database, key_db: tuple, naam: str, peildatum: Date, van: Date, tot: Date, filters: Filters,
           scope: Scope, _bereken):
    return _bereken()


def _gedeelde_tegel(naam: str, s: Selectie, bereken):
    """A tile's figures, computed once per selection for everyone (`naam` names the tile: one
    definition each): the views behind a tile aggregate up to 36 months of rows."""
    db = database()
    return _tegel(db, _key(db), naam, s.peildatum, s.van, s.tot, s.filters, s.scope, bereken)


def termijn_tegel(key: str, s: Selectie):
    """K1-K3 tile: the period's figure, the same a quarter earlier, the monthly trend."""
    def telling(t: Selectie) -> pl.DataFrame:
        return engine.count_deadlines(database(), key, t.peildatum, t.van, t.tot, t.filters, t.scope)
    return _gedeelde_tegel(f"termijn/{key}", s, lambda: vt.deadline_tegel(
        key, telling(geteld_selectie(s)), telling(geteld_selectie(vorig_kwartaal(s))), deadline_trend(key, s)))


def caseload_tegel(s: Selectie):
    """K4 tile: caseload per fte of the jb teams at P, a quarter earlier and per month end."""
    def bereken():
        reeks = vt.caseload_reeks(maandreeks("caseload", s))
        vorig = vt.caseload_reeks(reeks_op("caseload", vorig_kwartaal(s)))
        return vt.caseload_tegel(reeks, vorig, s.peildatum)
    return _gedeelde_tegel("caseload", s, bereken)


def aandeel_tegel(key: str, functie: str, maat: str, teller: tuple[str, ...], s: Selectie,
                  extra: dict[str, tuple[str, ...]] | None = None):
    """K5-K7 tile: share of measures whose `teller` columns are all true at P, a quarter earlier
    and per month end; `extra` adds other shares at P (shown small). Counted in the database."""
    def bereken():
        tellers = {"teller": teller, **{f"extra_{i}": columns for i, columns in enumerate((extra or {}).values())}}
        telling = maandtelling(functie, s, tellers)
        reeks = vt.aandeel_uit_telling(telling, "teller")
        vorig = vt.aandeel_uit_telling(maandtelling(functie, vorig_kwartaal(s), tellers, maanden=False), "teller")
        extra_values = {}
        for i, label in enumerate(extra or {}):
            share = vt.aandeel_uit_telling(telling.filter(pl.col("peildatum") == s.peildatum), f"extra_{i}")
            extra_values[label] = float(share["percentage"][0]) if share.height else None
        return vt.aandeel_tegel(key, maat, reeks, vorig, s.peildatum, extra=extra_values)
    return _gedeelde_tegel(f"aandeel/{key}/{functie}/{teller}/{extra}", s, bereken)


# ----------------------------------------------------------------- deadline pages (K1-K3)


def termijn_kop(key: str, s: Selectie) -> pl.DataFrame:
    """Headline of a deadline KPI: % on time with the norm, the counts, what counts; returns the
    period's case rows (deadline in the period and on or before P)."""
    kpi = KPI_BY_KEY[key]
    sel = geteld_selectie(s)
    cases = deadline_cases(key, sel)
    now = afgeleid(engine.deadline_counts, cases).row(0, named=True)
    vorig = deadline_cases(key, geteld_selectie(vorig_kwartaal(s)))
    before = afgeleid(engine.deadline_counts, vorig).row(0, named=True)
    if s.tot > s.peildatum:
        st.caption(f"Deadlines na de peildatum tellen nog niet mee: geteld t/m {nl_datum(s.peildatum)}.")
    if not now["totaal"]:
        st.info(f"Geen maatregelen met een deadline tussen {nl_datum(sel.van)} en {nl_datum(sel.tot)} voor "
                f"deze selectie, dus geen percentage. De trend en de lijst 'binnenkort verlopen' staan hieronder.")
    cols = st.columns([2, 1, 1, 1, 1])
    with cols[0]:
        change = None if now["percentage"] is None or before["percentage"] is None \
            else now["percentage"] - before["percentage"]
        delta = nl_verschil(change, "%")
        st.metric("% tijdig", nl_pct(now["percentage"]), delta=delta, delta_color="off",
                  delta_arrow=pijl(delta),
                  delta_description=VORIG_KWARTAAL if change is not None else None,
                  help=f"Tijdig / (tijdig + te laat + verlopen). Vorig kwartaal: {nl_pct(before['percentage'])} "
                       f"({nl_datum(vorig_kwartaal(s).van)} t/m {nl_datum(geteld_selectie(vorig_kwartaal(s)).tot)}).")
        norm_badge(vt.normoordeel(now["percentage"], kpi.norm, kpi.richting), norm_kort(kpi))
    cols[1].metric("Tijdig", nl_getal(now["tijdig"]), help="Gebeurtenis op of vóór de deadline.")
    cols[2].metric("Te laat", nl_getal(now["te_laat"]), help="Gebeurtenis na de deadline, op of vóór de peildatum.")
    cols[3].metric("Verlopen", nl_getal(now["verlopen"]), help="Geen gebeurtenis op of vóór de peildatum.")
    cols[4].metric("Geteld", nl_getal(now["totaal"]),
                   help="Maatregelen met de deadline in de periode en op of vóór de peildatum.")
    st.caption(f"**Wat telt:** {kpi.norm_tekst}. Een maatregel telt mee als de deadline tussen "
               f"{nl_datum(sel.van)} en {nl_datum(sel.tot)} valt. Maatregelen waarvan de deadline nog komt, staan "
               f"onderaan bij 'binnenkort verlopen'.")
    with st.expander("Volledige definitie"):
        st.markdown(kpi.definitie)
    return cases


def termijn_trend(key: str, s: Selectie) -> None:
    """Monthly % on time (by month of the deadline) with the SPC limits and the norm."""
    kpi = KPI_BY_KEY[key]
    trend = deadline_trend(key, s)
    st.subheader("Trend per maand")
    if leeg(trend.filter(pl.col("totaal") > 0), "Geen maatregelen met een deadline in de trendperiode."):
        return
    kaart = afgeleid(vt.deadline_kaart, trend)
    spc_regel(afgeleid(vt.spc_oordeel, kaart, kpi.richting))
    grafiek_van(charts.spc_trend, kaart, "percentage", "% tijdig", norm=kpi.norm, norm_label=norm_kort(kpi),
                legenda_onder=True)
    st.caption("Per maand van de deadline, 36 maanden tot de peildatum (los van de gekozen periode). Grijze band: "
               "de gewone variatie (procesgrenzen, gemiddelde ± 3σ). Een ruit is een signaal: een maand buiten de "
               "grenzen of 8 maanden op rij aan één kant van het gemiddelde. Alleen dan spreken we van een "
               "verandering.")
    with st.expander("Cijfers per maand"):
        table = afgeleid(vt.maandtabel, kaart)
        zaaklijst(table, f"{key}_per_maand", {"maand_tekst": "Maand", "tijdig": "Tijdig", "te_laat": "Te laat",
                                              "verlopen": "Verlopen", "totaal": "Geteld",
                                              "percentage": "% tijdig", "signaal": "SPC"}, key=f"{key}-maand")


def termijn_vergelijking(key: str, s: Selectie, cases: pl.DataFrame) -> None:
    """% on time per cluster (or per team within a cluster) with the norm, and the status mix."""
    kpi = KPI_BY_KEY[key]
    groep, naam = vt.vergelijk_groep(s.filters.cluster, s.filters.team)
    st.subheader(f"Vergelijking per {naam.lower()}")
    per = afgeleid(vt.vergelijking, cases, groep)
    if leeg(per, "Geen getelde maatregelen om te vergelijken."):
        return
    total = afgeleid(engine.deadline_counts, cases).row(0, named=True)["percentage"]
    left, right = st.columns(2)
    with left:
        grafiek_van(charts.vergelijk_n, per, groep, titel="% tijdig", norm=kpi.norm, norm_label=norm_kort(kpi),
                    gemiddelde=total)
        st.caption(f"Balk: % tijdig met het aantal getelde maatregelen (n). Gestippeld: de hele selectie "
                   f"({nl_pct(total)}); gestreept: de {norm_kort(kpi)}. Bij een kleine n zegt een verschil weinig.")
    with right:
        order = per.sort("percentage", descending=True)[groep].to_list()  # same order as the bars on the left
        grafiek_van(_status_staven_op_volgorde, afgeleid(vt.status_per_groep, cases, groep), groep,
                    "Aandeel maatregelen", order, legenda_onder=True)
        st.caption("Hoe de maatregelen verdeeld zijn over tijdig, te laat en verlopen.")


def _status_staven_op_volgorde(frame: pl.DataFrame, groep: str, titel: str, volgorde: list[str]) -> alt.Chart:
    """charts.status_staven with the categories in the given order (that of the bars beside it)."""
    return charts.status_staven(frame, groep, titel).encode(
        y=alt.Y(f"{groep}:N", title=None, sort=volgorde, axis=alt.Axis(labelLimit=220))).properties(
        height=alt.Step(charts.STAP))


def _met_medewerker_tekst(frame: pl.DataFrame) -> pl.DataFrame:
    return (frame.with_columns(pl.col("medewerker_id").fill_null("geen vaste jzw"))
            if "medewerker_id" in frame.columns else frame)


def termijn_lijsten(key: str, s: Selectie, cases: pl.DataFrame, gebeurtenis: str,
                    extra_kolommen: dict[str, str] | None = None) -> None:
    """The case lists behind every number: verlopen, binnenkort verlopen, te laat, all counted."""
    st.subheader("Zaaklijsten")
    verlopen = afgeleid(vt.verlopen_lijst, cases, s.peildatum)
    binnenkort = afgeleid(vt.binnenkort_lijst, binnenkort_verlopen(key, s))
    te_laat = afgeleid(vt.te_laat_lijst, cases)
    alle = afgeleid(vt.alle_zaken, cases)
    tabs = [
        (f"Verlopen ({nl_getal(verlopen.height)})", verlopen, "verlopen",
         vt.lijst_kolommen({"dagen_na_deadline": "Dagen over deadline", "loopt_tekst": "Loopt nog"}),
         f"Geen {gebeurtenis.lower()} op of vóór de peildatum. Lopende maatregelen eerst, de oudste bovenaan: "
         f"hier kunt u vandaag op handelen."),
        (f"Binnenkort verlopen ({nl_getal(binnenkort.height)})", binnenkort, "binnenkort_verlopen",
         vt.lijst_kolommen({"dagen_tot_deadline": "Dagen tot deadline"}),
         f"Lopende maatregelen met de deadline in de komende {norms.BINNENKORT_WERKDAGEN} werkdagen en nog "
         f"geen {gebeurtenis.lower()}; los van de gekozen periode. De eerstvolgende deadline bovenaan."),
        (f"Te laat ({nl_getal(te_laat.height)})", te_laat, "te_laat",
         vt.lijst_kolommen({"gebeurtenis_op": gebeurtenis, "dagen_te_laat": "Dagen te laat"}),
         f"{gebeurtenis} na de deadline (maar op of vóór de peildatum); het grootste verschil bovenaan."),
        (f"Alle getelde zaken ({nl_getal(alle.height)})", alle, "alle_zaken",
         {**vt.lijst_kolommen({"status_label": "Status", "gebeurtenis_op": gebeurtenis}), **(extra_kolommen or {})},
         "Iedere maatregel die in de cijfers bovenaan meetelt, met zijn status: zo is elk getal na te tellen."),
    ]
    for tab, (title, frame, naam, columns, uitleg) in zip(st.tabs([t[0] for t in tabs]), tabs):
        with tab:
            zaaklijst_tab(afgeleid(_met_medewerker_tekst, frame), f"{key}_{naam}", columns, key=f"{key}-{naam}",
                          uitleg=uitleg)


# ----------------------------------------------------------------- Overzicht: the shortage


def capaciteit_blok(s: Selectie) -> None:
    """Capacity gap in FTE at P (K4 definition), with the previous quarter."""
    with st.container(border=True):
        _capaciteit(s)


def _capaciteit(s: Selectie) -> None:
    kpi = KPI_BY_KEY["k4"]
    st.markdown("**Capaciteitsgat**")
    if s.filters.gemeente:
        st.info("Het capaciteitsgat gaat over teams en medewerkers, niet over een gemeente. Kies bij Gemeente "
                "'Alle' om het te zien.")
        return
    now = probeer(op_peildatum, "capaciteit", s, melding="Het capaciteitsgat kan nu niet worden berekend.")
    if now is None:
        return
    if leeg(now, "Geen gegevens over capaciteit voor deze selectie."):
        return
    before = probeer(op_peildatum, "capaciteit", vorig_kwartaal(s), melding="Vorig kwartaal ontbreekt.")
    row = now.row(0, named=True)
    change = (row["capaciteitsgat"] - before["capaciteitsgat"][0]) if before is not None and before.height else None
    st.metric(f"fte tekort bij de norm 1:{nl_getal(kpi.norm)}", nl_getal(row["capaciteitsgat"], 1),
              delta=nl_verschil(change, "fte"),
              delta_color="off", delta_description=VORIG_KWARTAAL if change is not None else None,
              help="Benodigde fte = (jeugdigen met een vaste jeugdzorgwerker + jeugdigen in een lopende OTS, VOTS "
                   "of voogdij zonder vaste jeugdzorgwerker) / norm; gat = benodigde fte − fte in dienst "
                   "(jeugdzorgwerkers in jb-teams).")
    jeugdigen = row["jeugdigen_met_vaste_jzw"] + row["jeugdigen_zonder_vaste_jzw"]
    st.caption(f"Nodig: **{nl_getal(row['fte_nodig'], 1)} fte** voor {nl_getal(jeugdigen)} jeugdigen "
               f"({nl_getal(row['jeugdigen_zonder_vaste_jzw'])} zonder vaste jeugdzorgwerker) bij "
               f"{nl_getal(kpi.norm)} per fte. In dienst: **{nl_getal(row['fte_in_dienst'], 1)} fte**.")
    st.page_link(kpi.pagina, label="Naar caseload (K4)", icon=":material/arrow_forward:")


def wachten_blok(cijfers: dict) -> None:
    """Running measures without a fixed worker at P: how many, where, and how long on the list."""
    with st.container(border=True):
        _wachten(cijfers)


def _wachten(cijfers: dict) -> None:
    st.markdown("**Zonder vaste jeugdzorgwerker**")
    st.metric("lopende maatregelen", nl_getal(cijfers["zonder"]),
              help="Lopende maatregelen op de peildatum zonder lopende toewijzing aan een vaste jeugdzorgwerker.")
    st.caption(f"{nl_getal(cijfers['kinderen_zonder'])} kinderen, van {nl_getal(cijfers['lopend'])} lopende "
               f"maatregelen. Op de monitorlijst: **{nl_getal(cijfers['monitorlijst'])}** (mediaan "
               f"{nl_getal(cijfers['mediaan_wachtdagen'])} dagen wachten); in het in- en doorstroomteam: "
               f"**{nl_getal(cijfers['in_doorstroom'])}**.")
    if cijfers["geen"]:
        st.badge(f"alarm: {nl_getal(cijfers['geen'])} niet in beeld", icon=":material/error:", color="red",
                 help="Zonder vaste jeugdzorgwerker, niet op de monitorlijst en niet in het in- en doorstroomteam.")
        st.caption("Niet op de monitorlijst en niet in het in- en doorstroomteam: niemand volgt deze kinderen.")
    else:
        st.badge("iedereen zonder vaste jzw is in beeld", icon=":material/check_circle:", color="blue")
    st.page_link(KPI_BY_KEY["k6"].pagina, label="Naar de wachtrij (K6)", icon=":material/arrow_forward:")


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


def mag_zaken_zien() -> bool:
    """False for a municipality (no KPI pages, no case lists); True without a login (tests)."""
    gebruiker = st.session_state.get(GEBRUIKER_KEY)
    return gebruiker is None or getattr(gebruiker, "ziet_zaken", True)


def niet_per_gemeente(key: str) -> None:
    """Tile for a worker-based KPI when a municipality is selected."""
    kpi = KPI_BY_KEY[key]
    with st.container(border=True):
        st.markdown(f"**{kpi.key.upper()} · {kpi.korte_titel}**")
        st.info(f"{kpi.korte_titel} gaat over medewerkers en hun team, niet over een gemeente. Kies bij Gemeente "
                f"'Alle' om dit cijfer te zien.")
        st.page_link(kpi.pagina, label="Details en zaaklijsten", icon=":material/arrow_forward:")



def vega_lite(chart: alt.TopLevelMixin) -> dict:
    """The chart as a Vega-Lite spec with its data inline and the Dutch locale, made the way
    st.altair_chart makes it but without validating it against the schema on every run.
    Under Streamlit's lock for Altair's global settings: a conversion in another session's thread
    must not pick up our data, nor we theirs (that race broke a page under load)."""
    from streamlit.elements.vega_charts import _altair_globals_lock

    from kpi.presentation.charts_zorg import NL_LOCALE

    with _altair_globals_lock, alt.theme.enable("none"), alt.data_transformers.enable("default", max_rows=None):
        spec = chart.to_dict(validate=False)
    # Dutch month names and decimal commas in every chart (a chart may bring its own locale).
    spec.setdefault("config", {}).setdefault("locale", copy.deepcopy(NL_LOCALE))
    return spec


def grafiek(chart: alt.TopLevelMixin | dict, legenda_onder: bool = False, hoogte: int | str | None = None) -> None:
    """Draw an Altair chart (or its spec). With a fixed chart height, leave room for the axes (and
    a legend below): Streamlit gives a chart exactly the height it is given and squeezes the plot
    to fit its axes and legend in it. `hoogte` overrides ("content": as high as the chart wants)."""
    # Streamlit moves the data out of the spec it is given: always hand it a copy of our own.
    spec = copy.deepcopy(chart) if isinstance(chart, dict) else vega_lite(chart)
    if hoogte is None:
        height = spec.get("height")
        hoogte = height + 60 + (50 if legenda_onder else 0) if isinstance(height, int) else "content"
    st.vega_lite_chart(spec=spec, width="stretch", height=hoogte)


@frame_cache(max_entries=4 * MAX_ENTRIES, inhoud=True)  # one entry per chart and selection
def _grafiek_spec(_bouwer, naam: str, args: tuple, kwargs: dict) -> dict:
    return met_arrow_data(vega_lite(_bouwer(*args, **kwargs)))


def met_arrow_data(spec: dict) -> dict:
    """The spec with its inline datasets as Arrow IPC bytes, the form st.vega_lite_chart sends
    them in: given rows, Streamlit converts them (through pandas) on every run; given bytes, it
    passes them on. Done once per cached spec."""
    from streamlit import dataframe_util

    if spec.get("datasets"):
        spec = {**spec, "datasets": {naam: rows if isinstance(rows, bytes)
                                     else dataframe_util.convert_anything_to_arrow_bytes(rows)
                                     for naam, rows in spec["datasets"].items()}}
    return spec


def grafiek_van(bouwer, *args, legenda_onder: bool = False, hoogte: int | str | None = None, **kwargs) -> None:
    """grafiek(bouwer(*args, **kwargs)), with the finished spec cached per builder and arguments:
    building a chart through Altair's API costs more than everything else on a warm page run
    (bench/results.md), and the same figures give the same chart."""
    try:
        spec = _grafiek_spec(bouwer, f"{bouwer.__module__}.{bouwer.__qualname__}", args, kwargs)
    except UnhashableParamError:  # an argument Streamlit cannot hash: build it every run
        spec = vega_lite(bouwer(*args, **kwargs))
    grafiek(spec, legenda_onder=legenda_onder, hoogte=hoogte)
