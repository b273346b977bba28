"""JB-stuurinformatie: router and shared filters.

Run: `streamlit run app.py` (the README's first command does it for you).
The sidebar choice (peildatum, period, cluster, team, gemeente, soort) lives
in the URL, so every view can be shared as a link and reopens the same.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from kpi import auth
from kpi import dashboard as ui
from kpi.db import DatabaseError
from kpi.params import Filters

st.set_page_config(page_title="JB-stuurinformatie", page_icon="📊", layout="wide")

KPI_PAGES = [
    st.Page("pages/overzicht.py", title="Overzicht", icon=":material/home:", url_path="overzicht", default=True),
    st.Page("pages/k1_eerste_contact.py", title="Eerste contact (K1)", url_path="eerste-contact"),
    st.Page("pages/k2_plan_van_aanpak.py", title="Plan van aanpak (K2)", url_path="plan-van-aanpak"),
    st.Page("pages/k3_hulpinzet.py", title="Hulpinzet (K3)", url_path="hulpinzet"),
    st.Page("pages/k4_caseload.py", title="Caseload (K4)", url_path="caseload"),
    st.Page("pages/k5_kind_alleen.py", title="Kind-alleen-contact (K5)", url_path="kind-alleen"),
    st.Page("pages/k6_wachtrij.py", title="Wachtrij (K6)", url_path="wachtrij"),
    st.Page("pages/k7_in_doorstroom.py", title="In- en doorstroomteam (K7)", url_path="in-doorstroom"),
]
SNAPSHOT_PAGE = st.Page("pages/gemeente.py", title="Gemeentesnapshot", icon=":material/account_balance:", url_path="gemeente")
DEFINITIES_PAGE = st.Page("pages/definities.py", title="Definities", icon=":material/menu_book:", url_path="definities")
KWALITEIT_PAGE = st.Page("pages/datakwaliteit.py", title="Datakwaliteit", icon=":material/fact_check:", url_path="datakwaliteit")
GEGEVENS_PAGE = st.Page("pages/gegevens.py", title="Gegevens", icon=":material/upload_file:", url_path="gegevens")


def pages_for(gebruiker: auth.Gebruiker) -> dict[str, list]:
    """The navigation a role gets; a municipality never reaches a KPI page or case list."""
    if gebruiker.rol == auth.GEMEENTE:
        return {"Gemeente": [st.Page("pages/gemeente.py", title="Gemeentesnapshot", icon=":material/account_balance:",
                                     url_path="gemeente", default=True), DEFINITIES_PAGE]}
    pages = {"KPI's": KPI_PAGES, "Rapportage": [SNAPSHOT_PAGE, KWALITEIT_PAGE, DEFINITIES_PAGE]}
    if gebruiker.rol == auth.BEHEER:
        pages["Beheer"] = [GEGEVENS_PAGE]
    return pages


LOGIN_KEY = "jb_login"  # e-mail of the demo user (local mode)


def _onthoud_pagina() -> None:
    """Resolve the requested page without running it, so the URL (page and filters) survives the login."""
    st.navigation([*KPI_PAGES, SNAPSHOT_PAGE, KWALITEIT_PAGE, DEFINITIES_PAGE, GEGEVENS_PAGE], position="hidden")


def inloggen() -> auth.Gebruiker | None:
    """The logged-in user with a role, or stop the run with a login screen or a message."""
    try:
        mode = auth.auth_mode()
        users = auth.laad_toegang()
    except auth.ToegangFout as error:
        st.error(f"Toegang is niet goed ingesteld. {error}")
        st.stop()
    if mode == auth.OIDC:
        if not st.user.is_logged_in:
            _onthoud_pagina()
            st.title("JB-stuurinformatie")
            st.write("Log in met uw account van de organisatie.")
            st.button("Inloggen", on_click=st.login, type="primary")
            st.stop()
        email = st.user.get("email")
    else:
        email = st.session_state.get(LOGIN_KEY)
        if not email:
            _onthoud_pagina()
            _lokaal_inlogscherm(users)
            st.stop()
    gebruiker = auth.gebruiker_voor(email, users)
    if gebruiker is None:
        st.title("Geen toegang")
        st.error(f"Voor {ui.md_tekst(email)} is geen rol ingesteld, dus u ziet geen gegevens. Vraag de functioneel "
                 f"beheerder om u een rol te geven (bestuur, gebiedsmanager, gemeente of beheer).")
        _uitlogknop(mode)
        st.stop()
    return gebruiker


def _lokaal_inlogscherm(users: dict[str, auth.Gebruiker]) -> None:
    st.title("JB-stuurinformatie")
    st.info("Demomodus: kies een voorbeeldgebruiker. In productie logt u in via het account van de "
            "organisatie (zie README, 'Inloggen').")
    with st.form("inloggen"):
        email = st.selectbox("Gebruiker", list(users), format_func=lambda e: f"{users[e].naam} "
                             f"({auth.ROL_LABELS[users[e].rol]})", key="login_keuze")
        if st.form_submit_button("Inloggen", type="primary"):
            st.session_state[LOGIN_KEY] = email
            st.rerun()


def _uitlogknop(mode: str) -> None:
    if st.sidebar.button("Uitloggen", key="uitloggen"):
        if mode == auth.OIDC:
            st.logout()
        st.session_state.pop(LOGIN_KEY, None)
        st.rerun()


def _parse_date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _from_url(exportdatum: dt.date) -> None:
    """Seed the widgets from the URL once per session."""
    if st.session_state.get("jb_url_gelezen"):
        return
    params = st.query_params
    peildatum = _parse_date(params.get("peildatum"))
    if peildatum and dt.date(2000, 1, 1) <= peildatum <= exportdatum:
        st.session_state["f_peildatum"] = peildatum
    van, tot = _parse_date(params.get("van")), _parse_date(params.get("tot"))
    if van and tot and van <= tot:
        st.session_state["f_periode"] = (van, tot)
    for key in ui.FILTER_KEYS:
        if params.get(key):
            st.session_state[f"f_{key}"] = params.get(key)
    st.session_state["jb_url_gelezen"] = True


def _volg_nieuwe_export(exportdatum: dt.date) -> None:
    """After an import or restore the export date moves: a peildatum left at the old export date, or now
    past the new one, follows it (a date_input with a value past max_value would fail)."""
    vorige = st.session_state.get("jb_exportdatum")
    st.session_state["jb_exportdatum"] = exportdatum
    if vorige is None or vorige == exportdatum:
        return
    peildatum = st.session_state.get("f_peildatum")
    if peildatum is None or peildatum == vorige or peildatum > exportdatum:
        st.session_state.pop("f_peildatum", None)
        st.session_state.pop("f_periode", None)
    elif isinstance(periode := st.session_state.get("f_periode"), tuple) and max(periode) > exportdatum:
        st.session_state.pop("f_periode", None)


def _select(label: str, key: str, options: list[str], labels: dict[str, str]) -> str | None:
    """A selectbox with 'Alle' first; a value from the URL that is not allowed falls back to Alle."""
    if st.session_state.get(key) not in (None, *options):
        st.session_state[key] = None
    return st.sidebar.selectbox(label, [None, *options], key=key,
                                format_func=lambda v: "Alle" if v is None else labels.get(v, v))


def sidebar(db, gebruiker: auth.Gebruiker) -> ui.Selectie:
    exportdatum = db.exportdatum
    _from_url(exportdatum)
    _volg_nieuwe_export(exportdatum)
    scope = gebruiker.scope
    if gebruiker.rol == auth.GEMEENTE:
        van, tot = ui.standaard_periode(exportdatum)
        return ui.Selectie(peildatum=exportdatum, van=van, tot=tot,
                           filters=Filters(gemeente=gebruiker.gemeente), scope=scope)
    lists = ui.keuzelijsten(db, ui._key(db), scope)

    st.sidebar.header("Selectie")
    st.session_state.setdefault("f_peildatum", exportdatum)
    peildatum = st.sidebar.date_input("Peildatum", min_value=dt.date(2000, 1, 1), max_value=exportdatum,
                                      key="f_peildatum", format="DD-MM-YYYY",
                                      help="De datum waarop de cijfers gelden. Alleen gebeurtenissen op "
                                           "of vóór deze datum tellen mee.")
    default_van, default_tot = ui.standaard_periode(peildatum)
    st.session_state.setdefault("f_periode", (default_van, default_tot))
    periode = st.sidebar.date_input("Periode (deadline K1-K3)", min_value=dt.date(2000, 1, 1),
                                    max_value=exportdatum, key="f_periode", format="DD-MM-YYYY",
                                    help="K1-K3 tellen maatregelen waarvan de deadline in deze periode "
                                         "valt (en op of vóór de peildatum).")
    van, tot = (periode if isinstance(periode, tuple) and len(periode) == 2 else (default_van, default_tot))

    clusters = dict(lists["clusters"].iter_rows())
    cluster = _select("Cluster", "f_cluster", list(clusters), clusters)
    teams = lists["teams"] if cluster is None else lists["teams"].filter(cluster_id=cluster)
    team_labels = {t: n for t, n, *_ in teams.iter_rows()}
    team = _select("Team", "f_team", list(team_labels), team_labels)
    gemeenten = lists["gemeenten"] if cluster is None else lists["gemeenten"].filter(cluster_id=cluster)
    gemeente_labels = {g: f"{n} ({g})" for g, n, *_ in gemeenten.iter_rows()}
    gemeente = _select("Gemeente", "f_gemeente", list(gemeente_labels), gemeente_labels)
    soort = _select("Soort maatregel", "f_soort", list(ui.SOORT_LABELS), ui.SOORT_LABELS)

    selectie = ui.Selectie(peildatum=peildatum, van=van, tot=tot,
                           filters=Filters(cluster=cluster, team=team, gemeente=gemeente, soort=soort),
                           scope=scope)
    _to_url(selectie, exportdatum)
    return selectie


def _to_url(s: ui.Selectie, exportdatum: dt.date) -> None:
    """Write the selection to the URL (defaults left out, so links stay short)."""
    wanted = {}
    if s.peildatum != exportdatum:
        wanted["peildatum"] = s.peildatum.isoformat()
    if (s.van, s.tot) != ui.standaard_periode(s.peildatum):
        wanted.update(van=s.van.isoformat(), tot=s.tot.isoformat())
    wanted.update({k: v for k, v in vars(s.filters).items() if v})
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


def main() -> None:
    gebruiker = inloggen()
    page = st.navigation(pages_for(gebruiker))
    st.session_state[ui.GEBRUIKER_KEY] = gebruiker
    st.sidebar.caption(f"Ingelogd: **{ui.md_tekst(gebruiker.naam)}** · {auth.ROL_LABELS[gebruiker.rol]}")
    _uitlogknop(auth.auth_mode())
    try:
        db = ui.database()
    except DatabaseError as error:
        st.error(f"De database kan niet worden geopend. {error}")
        st.stop()
    st.session_state[ui.SELECTIE_KEY] = sidebar(db, gebruiker)
    page.run()


main()
