"""Datakwaliteit: where the registration cannot be trusted. One tile per check, then one
check in detail: what it means, per cluster and team, the monthly trend and the case list.
The checks and their figures come from kpi/metrics/datakwaliteit.py (docs/datakwaliteit.md)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from kpi.metrics import datakwaliteit as dk
from kpi.presentation import charts_kwaliteit as ck
from kpi.presentation import charts_zorg as cz
from kpi.presentation import cache, queries, sections, state, widgets
from kpi.presentation import format as fmt

PER_RIJ = 5
KEUZE_KEY = "dk_controle"


@cache.frame_cache
def _bron(_db, key_db: tuple, sql: str, peildatum, filters, scope) -> pl.DataFrame:
    return dk.bron(_db, sql, peildatum, filters, scope)


def rijen(c: dk.Controle, s: state.Selectie) -> pl.DataFrame:
    """The check's marked rows over the trend window (its SQL cached; K6 shared by three checks)."""
    db = queries.database()
    return dk.markeer(c, _bron(db, queries.db_key(db), c.sql, s.peildatum, s.filters, s.scope))


def geteld(c: dk.Controle, s: state.Selectie) -> str:
    """When a check counts, in a few words."""
    if c.soort == dk.STAND:
        return f"op {fmt.nl_datum(s.peildatum)}"
    if c.soort == dk.GEGEVENS:
        return f"t/m {fmt.nl_datum(s.peildatum)}"
    van, tot = dk.venster(s.peildatum)
    return f"{fmt.nl_datum(van)} t/m {fmt.nl_datum(tot)}"


def aandeel_tekst(c: dk.Controle, k: dict) -> str:
    """'Op de peildatum: 0,2% van 8.297 lopende maatregelen' / 'In 12 maanden: ...'."""
    wanneer = {dk.STAND: "Op de peildatum", dk.GEGEVENS: "Tot en met de peildatum"}.get(
        c.soort, f"In {dk.TREND_MAANDEN} maanden")
    if c.noemer is None or k["percentage"] is None:
        return f"{wanneer}, aantal {c.eenheid}"
    return f"{wanneer}: {fmt.nl_pct(k['percentage'], 1)} van {fmt.nl_getal(k['populatie'])} {c.noemer}"


def zichtbare_controles() -> tuple[dk.Controle, ...]:
    """Every check for a role that sees case lists; the complaint checks only for the complaints officer
    (complaints at case level, no other cases); none for a municipality."""
    if state.mag_zaken_zien():
        return dk.CONTROLES
    if getattr(st.session_state.get(state.GEBRUIKER_KEY), "ziet_klachten", False):
        return dk.KLACHT_CONTROLES
    return ()


def tegels(controles: tuple[dk.Controle, ...], cijfers: dict[str, dict]) -> None:
    """One tile per check: the count, its share and whether there is anything to do."""
    for start in range(0, len(controles), PER_RIJ):
        for kolom, c in zip(st.columns(PER_RIJ), controles[start:start + PER_RIJ]):
            k = cijfers[c.key]
            with kolom.container(border=True, height="stretch"):
                st.markdown(f"**{c.korte_titel}**", help=f"{c.groep} · {c.titel}. {c.betekenis}")
                st.metric(c.korte_titel, fmt.nl_getal(k["bevindingen"]), label_visibility="collapsed")
                st.caption(aandeel_tekst(c, k))
                if k["bevindingen"]:
                    st.badge("nakijken", icon=":material/search:", color="orange")
                else:
                    st.badge("in orde", icon=":material/check_circle:", color="blue")


def uitleg(c: dk.Controle, s: state.Selectie) -> None:
    left, middle, right = st.columns(3)
    left.markdown(f"**Wat betekent het?**  \n{c.betekenis}")
    middle.markdown(f"**Waarom doet het ertoe?**  \n{c.waarom}")
    right.markdown(f"**Hoe los je het op?**  \n{c.oplossen}")
    if c.soort == dk.STAND:
        st.caption(f"Geteld op de peildatum {fmt.nl_datum(s.peildatum)}: de toestand van die dag. De trend telt op "
                   f"elke maandultimo van de laatste {dk.TREND_MAANDEN} maanden.")
    elif c.soort == dk.GEGEVENS:
        st.caption(f"Geteld: alle {c.eenheid} met een datum tot en met {fmt.nl_datum(s.peildatum)}, de hele "
                   f"geschiedenis (ook van beëindigde maatregelen). Geen trend: elke bevinding moet weg, hoe oud "
                   f"ook.")
    else:
        van, tot = dk.venster(s.peildatum)
        st.caption(f"Geteld: {c.eenheid} met een datum van {fmt.nl_datum(van)} t/m {fmt.nl_datum(tot)} (de laatste "
                   f"{dk.TREND_MAANDEN} maanden tot de peildatum). De trend telt per maand van die datum.")


def per_groep(c: dk.Controle, rows: pl.DataFrame, s: state.Selectie) -> None:
    titel = f"Aantal {c.eenheid}"
    clusters = dk.per_groep(c, rows, s.peildatum, "cluster")
    teams = dk.per_groep(c, rows, s.peildatum, "team")
    left, right = st.columns(2)
    with left:
        st.markdown("**Per cluster**")
        widgets.grafiek_van(ck.groep_staven, clusters, titel, c.noemer, hoogte="content")
    with right:
        top = teams.head(15)
        st.markdown("**Per team**" + (f" (de {top.height} met de meeste)" if teams.height > top.height else ""))
        widgets.grafiek_van(ck.groep_staven, top, titel, c.noemer, hoogte="content")
    note = " Achter het aantal: het aandeel van de " + c.noemer + " in die groep." if c.noemer else ""
    st.caption("Alleen clusters en teams met bevindingen." + note)


def trend(c: dk.Controle, rows: pl.DataFrame, s: state.Selectie) -> None:
    if not c.heeft_trend:
        return
    reeks = dk.trend(c, rows, s.peildatum)
    st.markdown(f"**Per maand** ({'op elke maandultimo' if c.soort == dk.STAND else 'naar de maand van de datum'})")
    if not reeks["bevindingen"].sum():
        st.caption(f"Geen bevindingen in de laatste {dk.TREND_MAANDEN} maanden.")
        return
    widgets.grafiek_van(ck.trend_lijn, reeks, f"Aantal {c.eenheid}", c.noemer, hoogte="content")


def matrix(controles: tuple[dk.Controle, ...], cijfers_rijen: dict[str, pl.DataFrame], s: state.Selectie) -> None:
    """All checks side by side, per cluster (or per team within a chosen cluster)."""
    groep = "team" if s.filters.cluster or s.filters.team else "cluster"
    frames = []
    for c in controles:
        per = dk.per_groep(c, cijfers_rijen[c.key], s.peildatum, groep)
        frames.append(per.select("naam", pl.col("bevindingen").alias(c.korte_titel)))
    table = frames[0]
    for frame in frames[1:]:
        table = table.join(frame, on="naam", how="full", coalesce=True)
    if table.is_empty():
        st.info("Geen bevindingen voor deze selectie.")
        return
    table = table.fill_null(0).sort("naam")
    widgets.zaaklijst(table, f"datakwaliteit-per-{groep}",
                      {"naam": groep.capitalize(), **{c.korte_titel: c.korte_titel for c in controles}},
                      key="dk-matrix")


def main() -> None:
    s = sections.kop("Datakwaliteit",
                     "Waar kan de registratie niet worden vertrouwd? Elke controle zoekt zaken waarvan de registratie "
                     "zichzelf tegenspreekt of onvolledig is. De controles houden de import niet tegen: ze laten zien "
                     "waar de cijfers op de andere pagina's minder zeker zijn en welke zaken in het bronsysteem "
                     "verbeterd moeten worden.")
    controles = zichtbare_controles()
    if not controles:
        st.error("Deze pagina toont zaken en medewerkers en is niet beschikbaar voor gemeenten.")
        st.stop()
    alle = {c.key: rijen(c, s) for c in controles}
    cijfers = {c.key: dk.kerncijfer(c, alle[c.key], s.peildatum) for c in controles}
    tegels(controles, cijfers)
    totaal = sum(k["bevindingen"] for k in cijfers.values())
    if not totaal:
        st.info("Geen bevindingen voor deze selectie.")
    with st.expander("Alle controles per " + ("team" if s.filters.cluster or s.filters.team else "cluster")):
        matrix(controles, alle, s)

    st.divider()
    keys = [c.key for c in controles]
    if st.session_state.get(KEUZE_KEY) not in keys:
        st.session_state[KEUZE_KEY] = keys[0]
    key = st.selectbox("Controle in detail", keys, key=KEUZE_KEY, format_func=lambda k: (
        f"{dk.CONTROLE_BY_KEY[k].titel} ({fmt.nl_getal(cijfers[k]['bevindingen'])})"))
    c = dk.CONTROLE_BY_KEY[key]
    rows = alle[key]
    st.subheader(c.titel)
    uitleg(c, s)
    lijst = dk.zaaklijst(c, rows, s.peildatum)
    if lijst.is_empty():
        st.info(f"Geen bevindingen voor deze selectie ({geteld(c, s)}).")
    else:
        per_groep(c, rows, s)
    trend(c, rows, s)
    if lijst.height:
        st.markdown(f"**Zaaklijst: {fmt.nl_getal(lijst.height)} {c.eenheid}** ({geteld(c, s)})")
        widgets.zaaklijst(lijst, f"datakwaliteit-{c.key}", dk.kolommen(c), key=f"dk-{c.key}")


main()
