"""Gemeentesnapshot: the quarterly KPI snapshot of one municipality, preview and download.

A municipal user only ever gets its own municipality; others choose among the
municipalities of their scope. Figures are aggregated and suppressed
(kpi.reports.snapshot, kpi.reports.suppression): no case, no worker, no id. The figures are
computed with the user's own scope, as on every other page: an area manager
sees only the measures of the teams in their clusters (and is told so); the
official snapshot (every measure of the municipality, `kpi snapshots`) is
only offered for download to users whose scope covers the whole municipality.
"""

import io

import polars as pl
import streamlit as st

from kpi.core import kalender
from kpi.core.params import Scope
from kpi.data import auth
from kpi.presentation import cache, queries, state
from kpi.presentation import format as fmt
from kpi.reports import snapshot, snapshot_batch, snapshot_context, snapshot_pdf
from kpi.reports import suppression as sup


@cache.frame_cache
def _figuren(_db, key_db: tuple, gemeente: str, kwartaal: str, scope: Scope) -> snapshot.Snapshot:
    """The snapshot of a municipality and quarter within `scope` (figures only: never changed after
    building)."""
    return snapshot_context.met_context(_db, snapshot.snapshot_figures(_db, gemeente, kwartaal, scope))


s = state.huidige_selectie()
gebruiker: auth.Gebruiker = st.session_state[state.GEBRUIKER_KEY]
db = queries.database()

# A soft hyphen at the compound boundary: on a phone "Gemeente-/snapshot", never "Gemeentesnapsh/ot".
st.title("Gemeente\u00adsnapshot")
st.caption("Kwartaalcijfers per gemeente, zoals de gemeente ze ontvangt: geaggregeerd, zonder "
           "persoonsgegevens, kleine aantallen onderdrukt.")

if gebruiker.rol == auth.GEMEENTE:
    gemeenten = {gebruiker.gemeente: snapshot.gemeente_naam(db, gebruiker.gemeente)}
else:
    lijst = queries.keuzelijsten(db, queries.db_key(db), s.scope)["gemeenten"]
    gemeenten = dict(lijst.select("gemeente_code", "naam").iter_rows())
if not gemeenten:
    st.info("Er zijn geen gemeenten binnen uw bereik.")
    st.stop()

kwartalen = kalender.kwartalen_tot(db.exportdatum)
links, rechts = st.columns([2, 1])
codes = list(gemeenten)
voorkeur = s.filters.gemeente if s.filters.gemeente in gemeenten else codes[0]
# One municipality (a municipal user): no choice to offer, and a disabled list is unreadable grey (WCAG 1.4.3);
# the name is in the line under the title.
gemeente = (codes[0] if len(codes) == 1 else
            links.selectbox("Gemeente", codes, index=codes.index(voorkeur), format_func=lambda c: f"{gemeenten[c]} ({c})"))
kwartaal = (rechts if len(codes) > 1 else links).selectbox("Kwartaal", kwartalen, index=0)

figuren = _figuren(db, queries.db_key(db), gemeente, kwartaal, s.scope)
# Data as plain text (st.text parses no Markdown or HTML): a name like ![t](http://...) stays those characters.
st.text(f"{figuren.gemeente_naam} · {snapshot.kwartaal_tekst(figuren)} · export van {fmt.nl_datum(figuren.exportdatum)}")
if not figuren.officieel:
    st.info(f"U ziet alleen de maatregelen van deze gemeente die teams in {fmt.bereik_tekst(s.scope, queries.namen(s.scope))} uitvoeren. "
            f"De gemeente ontvangt de officiële snapshot met alle maatregelen van de gemeente; die is hier "
            f"niet te downloaden.")
if not figuren.compleet:
    st.warning(snapshot.peildatum_tekst(figuren))

# Each figure with its label, in reading order, wrapping row by row: on a phone one under the other in the
# same order (columns would run down column by column), never a label cut off (a metric is as wide as
# METRIC_BREEDTE, the longest label wraps).
METRIC_BREEDTE = 250
for titel, rijen, uitleg in snapshot.secties(figuren):
    with st.container(border=True):
        st.subheader(titel)
        with st.container(horizontal=True, gap="medium"):
            for label, key in rijen:
                st.metric(label, figuren.tekst(key), width=METRIC_BREEDTE)
        st.caption(uitleg)

# Issue 14: the percentages beside the previous quarter, the cluster and the GI, and the trend; every cell as
# published (the comparisons under the joint audit of kpi/reports/snapshot_context.py). Plain text cells.
context = figuren.context
kolommen = snapshot.kolommen(figuren)
if kolommen:
    with st.container(border=True):
        st.subheader("Vergelijking")
        rijen = {"Percentage": [snapshot.VERGELEKEN_LABELS[k] for k in snapshot.VERGELEKEN_PERCENTAGES],
                 f"Gemeente {figuren.kwartaal}": [figuren.tekst(k) for k in snapshot.VERGELEKEN_PERCENTAGES]}
        if context.vorig:
            rijen[f"Vorig kwartaal ({context.vorig})"] = [context.vorige_tekst(k) for k in snapshot.VERGELEKEN_PERCENTAGES]
        for niveau in context.niveaus:
            rijen[niveau.naam] = [context.vergelijking_tekst(niveau.code, k) for k in snapshot.VERGELEKEN_PERCENTAGES]
        st.dataframe(pl.DataFrame(rijen), hide_index=True)
        st.caption(snapshot.VERGELIJKING_UITLEG)
if len(context.kwartalen) > 1:
    with st.container(border=True):
        st.subheader(f"Verloop over {len(context.kwartalen)} kwartalen")
        rijen = {"Cijfer": [label for label, _ in snapshot.VERLOOP_KERN]}
        for q in context.kwartalen:
            rijen[q] = [snapshot.verloop_tekst(context, q, key) for _, key in snapshot.VERLOOP_KERN]
        st.dataframe(pl.DataFrame(rijen), hide_index=True)
        st.caption(snapshot.VERLOOP_UITLEG)

st.caption(sup.REGEL)
with st.expander("Wat betekenen deze cijfers?"):
    for titel, tekst in snapshot.definities():
        st.subheader(titel, anchor=False)
        st.text(tekst)  # plain text: the rule's symbols (<5, ×) stay as they are


def _bestand(schrijf) -> bytes:
    buffer = io.BytesIO()
    schrijf(figuren, buffer)
    return buffer.getvalue()


if figuren.officieel:
    naam = f"{figuren.kwartaal}_{figuren.gemeente_code}"
    a, b, _ = st.columns([1, 1, 3])
    a.download_button("Download Excel", lambda: _bestand(snapshot.write_excel), file_name=f"{naam}.xlsx",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    b.download_button("Download PDF", lambda: _bestand(snapshot_pdf.write_pdf), file_name=f"{naam}.pdf",
                      mime="application/pdf")
