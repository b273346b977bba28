"""JB-stuurinformatie: router, login and shared filters.

Run: `python -m kpi serve` (the README's first command, scripts/demo.sh, does it for you).
The sidebar choice (peildatum, period, cluster, team, gemeente, soort) lives
in the URL, so every view can be shared as a link and reopens the same, also
for someone who still has to log in. Before the login the browser gets nothing
about the pages (no navigation at all); which page the link asked for is kept
on the server (local login) or in the browser tab (OIDC, which reloads the app).

What may run is decided in this order (docs/toegang.md): the login configuration
(`auth.instelling`), the access file, the login itself, then the database. A
configuration that cannot be used shows everyone a Dutch message and no data. When
the database cannot be opened, or the access file does not fit its data, only the
functional administrator gets a page: Gegevens, to restore or import. Any other
failure is caught here, logged with its traceback and shown as a Dutch message
with a code (kpi/core/fouten.py).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import streamlit as st

from kpi.core import fouten
from kpi.core.labels import SOORT_LABELS
from kpi.core.params import Filters
from kpi.core.registry import KPIS
from kpi.data import auth
from kpi.data.db import DatabaseError, default_database_path
from kpi.presentation import cache, patches, queries, state
from kpi.presentation import format as fmt

st.set_page_config(page_title="JB-stuurinformatie", page_icon="📊", layout="wide")

patches.no_pages_directory()  # never the legacy pages/ folder mode (kpi serve switches it off first)

LOG = fouten.logger("app")

KPI_PAGES = [
    st.Page("pages/overzicht.py", title="Overzicht", icon=":material/home:", url_path="overzicht"),
    st.Page("pages/werklijst.py", title="Werklijst", icon=":material/checklist:", url_path="werklijst"),
    *(st.Page(k.pagina, title=f"{k.pagina_titel} ({k.key.upper()})", url_path=k.url_path) for k in KPIS),
]
SNAPSHOT_PAGE = st.Page("pages/gemeente.py", title="Gemeentesnapshot", icon=":material/account_balance:", url_path="gemeente")
DEFINITIES_PAGE = st.Page("pages/definities.py", title="Definities", icon=":material/menu_book:", url_path="definities")
KWALITEIT_PAGE = st.Page("pages/datakwaliteit.py", title="Datakwaliteit", icon=":material/fact_check:", url_path="datakwaliteit")
GEGEVENS_PAGE = st.Page("pages/gegevens.py", title="Gegevens", icon=":material/upload_file:", url_path="gegevens")


def _start() -> None:
    """The app root. st.navigation serves its default page at '/' and no longer at its own path, so
    no real page is the default: '/' runs this hidden page, which the router sends on to the role's
    first page (so /overzicht, /gemeente and every other page keep their own URL)."""


START_PAGE = st.Page(_start, title="Start", url_path="start", default=True, visibility="hidden")


def pages_for(gebruiker: auth.Gebruiker) -> dict[str, list]:
    """The navigation a role gets; a municipality never reaches a KPI page or case list."""
    if gebruiker.rol == auth.GEMEENTE:
        return {"Gemeente": [SNAPSHOT_PAGE, DEFINITIES_PAGE]}
    pages = {"KPI's": KPI_PAGES, "Rapportage": [SNAPSHOT_PAGE, KWALITEIT_PAGE, DEFINITIES_PAGE]}
    if gebruiker.rol == auth.BEHEER:
        pages["Beheer"] = [GEGEVENS_PAGE]
    return pages


LOGIN_KEY = "jb_login"  # e-mail of the demo user (local mode)
GEVRAAGD_KEY = "jb_gevraagd"  # (url path, query parameters) a link asked for before the login
TERUG_KEY = "jb_na_inloggen"  # sessionStorage key in the browser tab (OIDC)
UITGELOGD_KEY = "jb_uitgelogd"


# ----------------------------------------------------------------- configuration and login


def _weiger(melding: str, details: str | None = None) -> None:
    """Show that the configuration lets nobody in, and stop: no page, no data."""
    st.title("JB-stuurinformatie")
    st.error(f"**Toegang is niet goed ingesteld; het dashboard toont geen gegevens.** {melding}",
             icon=":material/lock:")
    if details:
        st.text(details)  # as text: values from the access file are never rendered as markdown
    st.caption("De functioneel beheerder kan dit herstellen; zie docs/toegang.md.")
    st.stop()


@st.cache_resource(ttl=3600, max_entries=64, show_spinner=False)
def _log_eenmaal(tekst: str) -> str:
    """Log a refused configuration once an hour, not on every run of every visitor; returns its code."""
    code = fouten.code()
    LOG.error("%s [%s]", tekst, code)
    return code


def _stempel(pad: Path) -> tuple | None:
    try:
        stat = pad.stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


@cache.frame_cache(max_entries=8)
def _lees_toegang(pad: str, stempel: tuple | None) -> auth.Toegang:
    """The access file, validated once per version of the file (an edit takes effect on the next run)."""
    toegang = auth.controleer(Path(pad))
    if toegang.geldig:
        LOG.info("Toegangsbestand %s: %d gebruikers", pad, len(toegang.gebruikers))
    return toegang


def _toegang(instelling: auth.Instelling) -> auth.Toegang:
    toegang = _lees_toegang(str(instelling.pad), _stempel(instelling.pad))
    if not toegang.geldig:
        _log_eenmaal(auth.fouttekst(toegang, str(instelling.pad)))
        _weiger("Het toegangsbestand bevat fouten, dus niemand kan inloggen. Controleer het met "
                "'python -m kpi toegang check BESTAND'.", auth.fouttekst(toegang))
    return toegang


def _instelling() -> auth.Instelling:
    try:
        return auth.instelling()
    except auth.ToegangFout as error:
        _log_eenmaal(f"Inlogconfiguratie geweigerd: {error}")
        _weiger(str(error))
        raise  # not reached: _weiger stops the run


def inloggen(instelling: auth.Instelling) -> auth.Gebruiker:
    """The logged-in user with a role, or stop the run with a login screen or a message."""
    toegang = _toegang(instelling)
    if instelling.modus == auth.OIDC:
        probleem = auth.oidc_fout()
        if probleem:
            _log_eenmaal(f"OIDC-login niet mogelijk: {probleem[1]}")
            _weiger(probleem[0])
        if not st.user.is_logged_in:
            _onthoud_pagina(oidc=True)
            st.title("JB-stuurinformatie")
            st.write("Log in met uw account van de organisatie.")
            if st.button("Inloggen", type="primary"):
                st.login()
            st.stop()
        email = st.user.get("email")
    else:
        email = st.session_state.get(LOGIN_KEY)
        if not email:
            _vergeet_navigatie()
            _onthoud_pagina()
            _lokaal_inlogscherm(toegang.gebruikers)
            st.stop()
    gebruiker = auth.gebruiker_voor(email, toegang.gebruikers)
    if gebruiker is None:
        LOG.warning("Inlog zonder rol in het toegangsbestand: %s", email)
        st.title("Geen toegang")
        st.error("Voor uw account is geen rol ingesteld, dus u ziet geen gegevens. Vraag de functioneel "
                 "beheerder om u een rol te geven (bestuur, gebiedsmanager, gemeente of beheer).")
        st.text(f"Ingelogd als: {email or 'onbekend (de inlog gaf geen e-mailadres)'}")
        _uitlogknop(instelling.modus)
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
        st.session_state.pop(LOGIN_KEY, None)
        st.session_state.pop(state.GEBRUIKER_KEY, None)
        st.session_state[UITGELOGD_KEY] = True
        if mode == auth.OIDC:
            st.logout()  # sends the browser to the provider's logout; a rerun would drop that message
            st.stop()
        st.rerun()


def _leeg() -> None:
    """The only page the browser knows of after a logout (st.navigation clears the old menu)."""


def _vergeet_navigatie() -> None:
    """After a logout in the same session the browser still holds the menu of the user who left: replace
    it by one hidden, empty page. (A fresh session never had a menu: nothing to replace.)"""
    if st.session_state.pop(UITGELOGD_KEY, False):
        st.session_state[GEVRAAGD_KEY] = ("", {})
        st.navigation([st.Page(_leeg, title="Inloggen", url_path="inloggen", default=True)], position="hidden")


# ----------------------------------------------------------------- a shared link survives the login


def _gevraagde_pagina() -> str:
    """The URL path the browser asked for ('' for the root)."""
    return patches.requested_page()


def _alle_paden() -> set[str]:
    return {p.url_path for p in (*KPI_PAGES, SNAPSHOT_PAGE, KWALITEIT_PAGE, DEFINITIES_PAGE, GEGEVENS_PAGE)}


def _onthoud_pagina(oidc: bool = False) -> None:
    """Before the login: remember the page and filters the URL asked for, without calling st.navigation
    (which would send the browser the page names). Local login keeps them in the session; the OIDC login
    leaves the app for the identity provider and comes back at '/', so the browser tab keeps them
    (sessionStorage) for `_terug_naar_link`."""
    if GEVRAAGD_KEY not in st.session_state:
        pad = _gevraagde_pagina()
        st.session_state[GEVRAAGD_KEY] = (pad if pad in _alle_paden() else "", st.query_params.to_dict())
    pad, query = st.session_state[GEVRAAGD_KEY]
    if oidc:
        from urllib.parse import quote, urlencode

        doel = quote(pad) + (f"?{urlencode(query)}" if query else "")  # url-encoded: no quotes, no '<'
        opslag = (f"sessionStorage.setItem({json.dumps(TERUG_KEY)}, {json.dumps(doel)})" if doel
                  else f"sessionStorage.removeItem({json.dumps(TERUG_KEY)})")  # nothing asked: forget older links
        st.html(f"<script>{opslag};</script>", unsafe_allow_javascript=True)


def _terug_naar_link() -> None:
    """After an OIDC login, once per session: reopen the link this tab asked for before it logged in.
    Only a path below the app's own root is followed (never another site)."""
    if st.session_state.get("jb_terug_gedaan"):
        return
    st.session_state["jb_terug_gedaan"] = True
    st.html(f"""<script>
(() => {{
  const doel = sessionStorage.getItem({json.dumps(TERUG_KEY)});
  if (!doel) return;
  sessionStorage.removeItem({json.dumps(TERUG_KEY)});
  const basis = new URL(document.baseURI);
  const url = new URL(doel, basis);
  if (url.origin !== location.origin || doel.startsWith("/") || doel.includes("//")) return;
  if (url.pathname + url.search !== location.pathname + location.search) location.replace(url.href);
}})();
</script>""", unsafe_allow_javascript=True)


def _navigatie(secties: dict[str, list]):
    """st.navigation for a logged-in user: the hidden start page plus the role's pages; a link asked
    for before the login, or the root, goes on to its page.

    One flat list, in the order of the sections: with section headers Streamlit puts each section in a
    <div> inside the <ul>, which is no valid list for a screen reader (axe-core: list, listitem;
    docs/toegankelijkheid.md). Expanded: Streamlit would otherwise hide every page after the tenth
    behind "View more"."""
    eigen = [p for pages in secties.values() for p in pages]
    page = st.navigation([START_PAGE, *eigen], expanded=True)  # every page, no "View more"
    gevraagd = st.session_state.pop(GEVRAAGD_KEY, None)
    if gevraagd:
        pad, query = gevraagd
        doel = next((p for p in eigen if pad and p.url_path == pad), None)
        if doel is not None and doel.url_path != page.url_path:
            st.switch_page(doel, query_params=query)
        if page.url_path == "":
            st.switch_page(eigen[0], query_params=query)
    if page.url_path == "":
        st.switch_page(eigen[0], query_params=st.query_params.to_dict())
    return page


# ----------------------------------------------------------------- filters


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
        st.session_state[PERIODE_BIJ] = st.session_state.get("f_peildatum", exportdatum)
    for key in state.FILTER_KEYS:
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


PERIODE_BIJ = "jb_periode_bij"  # the peildatum the period widget was last set for


def _periode_volgt(peildatum: dt.date) -> None:
    """The K1-K3 period follows the peildatum: a new peildatum resets it to the quarter up to P, and
    a period that ends after P (from a link, or left from an earlier peildatum) is never kept."""
    periode = st.session_state.get("f_periode")
    te_laat = isinstance(periode, tuple) and len(periode) == 2 and periode[1] > peildatum
    if st.session_state.get(PERIODE_BIJ) != peildatum or te_laat or periode is None:
        st.session_state["f_periode"] = state.standaard_periode(peildatum)
    st.session_state[PERIODE_BIJ] = peildatum


def _select(label: str, key: str, options: list[str], labels: dict[str, str]) -> str | None:
    """A selectbox with 'Alle' first; a value from the URL that is not allowed falls back to Alle."""
    if st.session_state.get(key) not in (None, *options):
        st.session_state[key] = None
    return st.sidebar.selectbox(label, [None, *options], key=key,
                                format_func=lambda v: "Alle" if v is None else labels.get(v, v))


def sidebar(db, gebruiker: auth.Gebruiker) -> state.Selectie:
    exportdatum = db.exportdatum
    _from_url(exportdatum)
    _volg_nieuwe_export(exportdatum)
    scope = gebruiker.scope
    if gebruiker.rol == auth.GEMEENTE:
        van, tot = state.standaard_periode(exportdatum)
        return state.Selectie(peildatum=exportdatum, van=van, tot=tot,
                              filters=Filters(gemeente=gebruiker.gemeente), scope=scope)
    lists = queries.keuzelijsten(db, queries.db_key(db), scope)

    st.sidebar.header("Selectie")
    st.session_state.setdefault("f_peildatum", exportdatum)
    peildatum = st.sidebar.date_input("Peildatum", min_value=dt.date(2000, 1, 1), max_value=exportdatum,
                                      key="f_peildatum", format="DD-MM-YYYY",
                                      help="De datum waarop de cijfers gelden. Alleen gebeurtenissen op "
                                           "of vóór deze datum tellen mee.")
    default_van, default_tot = state.standaard_periode(peildatum)
    _periode_volgt(peildatum)
    periode = st.sidebar.date_input("Periode (deadline K1-K3)", min_value=dt.date(2000, 1, 1),
                                    max_value=peildatum, key="f_periode", format="DD-MM-YYYY",
                                    help="K1-K3 tellen maatregelen waarvan de deadline in deze periode "
                                         "valt (en op of vóór de peildatum). Verandert de peildatum, dan "
                                         "wordt dit het kwartaal tot en met de peildatum.")
    van, tot = (periode if isinstance(periode, tuple) and len(periode) == 2 else (default_van, default_tot))

    clusters = dict(lists["clusters"].iter_rows())
    cluster = _select("Cluster", "f_cluster", list(clusters), clusters)
    teams = lists["teams"] if cluster is None else lists["teams"].filter(cluster_id=cluster)
    team_labels = {t: n for t, n, *_ in teams.iter_rows()}
    team = _select("Team", "f_team", list(team_labels), team_labels)
    gemeenten = lists["gemeenten"] if cluster is None else lists["gemeenten"].filter(cluster_id=cluster)
    gemeente_labels = {g: f"{n} ({g})" for g, n, *_ in gemeenten.iter_rows()}
    gemeente = _select("Gemeente", "f_gemeente", list(gemeente_labels), gemeente_labels)
    soort = _select("Soort maatregel", "f_soort", list(SOORT_LABELS), SOORT_LABELS)

    selectie = state.Selectie(peildatum=peildatum, van=van, tot=tot,
                              filters=Filters(cluster=cluster, team=team, gemeente=gemeente, soort=soort),
                              scope=scope)
    _to_url(selectie, exportdatum)
    return selectie


def _bewaar_filters() -> None:
    """On a page without the sidebar (Gegevens): keep the filter widgets' values for the next page."""
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith("f_")]:
        st.session_state[key] = st.session_state[key]


def _to_url(s: state.Selectie, exportdatum: dt.date) -> None:
    """Write the selection to the URL (defaults left out, so links stay short)."""
    wanted = {}
    if s.peildatum != exportdatum:
        wanted["peildatum"] = s.peildatum.isoformat()
    if (s.van, s.tot) != state.standaard_periode(s.peildatum):
        wanted.update(van=s.van.isoformat(), tot=s.tot.isoformat())
    wanted.update({k: v for k, v in vars(s.filters).items() if v})
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


# ----------------------------------------------------------------- the database


@st.cache_resource(ttl=3600, max_entries=64, show_spinner=False)
def _log_database(tekst: str, stempel: tuple | None) -> str:
    """Log that the database cannot be used, once per file version and hour; returns the code."""
    code = fouten.code()
    LOG.error("Database niet te gebruiken [%s]: %s", code, tekst)
    return code


def _open_database():
    """(the shared Database, None) or (None, Dutch message for the screen, technical detail, code)."""
    try:
        db = queries.database()
    except DatabaseError as error:
        code = _log_database(str(error), _stempel(default_database_path()))
        return None, (error.melding, f"Technisch: {fouten.zonder_paden(error.detail)}" if error.detail else None,
                      code)
    return db, None


@cache.frame_cache(max_entries=8)
def _verwijzingen(pad: str, stempel: tuple | None, db_key: tuple, _db) -> list[str]:
    """Clusters and municipality codes of the access file that the database does not know."""
    clusters, gemeenten = auth.bekende_codes(_db)
    return auth.verwijzingen(_lees_toegang(pad, stempel), clusters, gemeenten)


def _beperkt(gebruiker: auth.Gebruiker, melding: str, details: str | None, code: str | None) -> None:
    """The data cannot be shown. Everyone gets a Dutch message; the functional administrator also the
    details and the Gegevens page (restore, import), which works without an open database."""
    if not gebruiker.is_beheer:
        st.title("JB-stuurinformatie")
        st.error("**De gegevens zijn op dit moment niet beschikbaar.** De functioneel beheerder kan een vorige "
                 f"versie terugzetten of een nieuwe export laden. Meld het als dit zo blijft (code {code}).",
                 icon=":material/error:")
        st.stop()
    st.error(f"**De gegevens kunnen nu niet worden getoond.** {melding} Zet hieronder bij 'Vorige database "
             f"terugzetten' een backup terug, importeer een nieuwe export, of gebruik op de server "
             f"'python -m kpi restore'. (code {code} in het serverlog)", icon=":material/error:")
    if details:
        st.text(details)


# ----------------------------------------------------------------- the run


def main() -> None:
    instelling = _instelling()
    gebruiker = inloggen(instelling)
    st.session_state[state.GEBRUIKER_KEY] = gebruiker
    db, probleem = _open_database()
    if probleem is None and not instelling.demogebruikers:
        toegang_fouten = _verwijzingen(str(instelling.pad), _stempel(instelling.pad), queries.db_key(db), db)
        if toegang_fouten:
            tekst = "\n".join(f"- {f}" for f in toegang_fouten)
            code = _log_eenmaal(f"Toegangsbestand {instelling.pad} past niet bij de database {db.path}:\n{tekst}")
            probleem = ("Het toegangsbestand noemt clusters of gemeenten die niet in de huidige gegevens staan.",
                        tekst, code)
    if probleem and not gebruiker.is_beheer:
        _uitlogknop(instelling.modus)
        _beperkt(gebruiker, *probleem)
    page = _navigatie({"Beheer": [GEGEVENS_PAGE]} if probleem else pages_for(gebruiker))
    st.sidebar.caption(f"Ingelogd: **{fmt.md_tekst(gebruiker.naam)}** · {auth.ROL_LABELS[gebruiker.rol]}")
    _uitlogknop(instelling.modus)
    if probleem:
        _beperkt(gebruiker, *probleem)
    if page.url_path == GEGEVENS_PAGE.url_path:
        _bewaar_filters()  # Gegevens needs no selection, and so works whatever the data holds
    else:
        st.session_state[state.SELECTIE_KEY] = sidebar(db, gebruiker)
    if instelling.modus == auth.OIDC:
        _terug_naar_link()  # here, in the run that draws the page: an earlier run may end in a page switch
    page.run()


try:
    main()
except Exception as error:  # noqa: BLE001 - Streamlit's stop and rerun are BaseExceptions and pass through
    _gebruiker = st.session_state.get(state.GEBRUIKER_KEY)
    fouten.toon(error, "Er ging iets mis bij het tonen van deze pagina; de gegevens zelf zijn niet veranderd. "
                       "Probeer het opnieuw of kies een andere pagina.",
                beheerder=bool(getattr(_gebruiker, "is_beheer", False)))
