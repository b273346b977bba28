"""The selection of this run: peildatum, period, filters and scope (made by app.py from the
sidebar and the URL, kept in the session), and the selections derived from it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import streamlit as st

from kpi.core.params import ALLES, Filters, Scope
from kpi.presentation import patches
from kpi.presentation import views_termijn as vt

Date = dt.date


FILTER_KEYS = ("cluster", "team", "gemeente", "soort")


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
    """The default K1-K3 period: the quarter in which P falls, up to and including P (app.py resets the
    period to this whenever the peildatum changes)."""
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
        if not patches.no_pages_directory():  # a Streamlit without it: go to the main page (URL filters kept)
            st.switch_page("app.py", query_params=st.query_params.to_dict())
        st.rerun()
    return st.session_state[SELECTIE_KEY]


def mag_zaken_zien() -> bool:
    """False for a municipality (no KPI pages, no case lists); True without a login (tests)."""
    gebruiker = st.session_state.get(GEBRUIKER_KEY)
    return gebruiker is None or getattr(gebruiker, "ziet_zaken", True)


def geteld_selectie(s: Selectie) -> Selectie:
    """The selection whose deadlines count: the period, cut off at the peildatum."""
    return s.met(tot=vt.geteld_tot(s.peildatum, s.tot))


def vorig_kwartaal(s: Selectie) -> Selectie:
    """Peildatum and period one quarter earlier (for 'change against the previous quarter')."""
    return s.met(peildatum=vt.kwartaal_terug(s.peildatum), van=vt.kwartaal_terug(s.van),
                 tot=vt.kwartaal_terug(s.tot))
