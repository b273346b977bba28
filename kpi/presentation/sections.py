"""Page sections: the page header with data freshness, the Overzicht tiles and blocks, and the
parts of a deadline page (K1-K3: headline, trend, comparison, case lists). Views in
kpi/presentation/views_termijn.py compute; these functions only draw."""

from __future__ import annotations

import altair as alt
import polars as pl
import streamlit as st

from kpi.core import norms
from kpi.core.registry import KPI_BY_KEY, heeft_cijfer
from kpi.metrics import engine
from kpi.presentation import annotaties, charts
from kpi.presentation import views_termijn as vt
from kpi.presentation.cache import afgeleid
from kpi.presentation.format import VORIG_KWARTAAL, md_tekst, nl_dagen, nl_datum, nl_getal, nl_pct, nl_verschil, nl_waarde, \
    norm_kort, pijl, selectie_tekst
from kpi.presentation.queries import binnenkort_verlopen, database, db_key, deadline_cases, deadline_trend, \
    namen, op_peildatum, versheid
from kpi.presentation.state import Selectie, geteld_selectie, huidige_selectie, vorig_kwartaal
from kpi.presentation.widgets import grafiek_van, leeg, norm_badge, probeer, spc_grafiek, spc_regel, zaaklijst, \
    zaaklijst_tab


SPC_UITLEG = ("Per maand, 36 maanden tot de peildatum (bij K1-K3 de maand van de deadline, los van de gekozen "
              "periode). Grijze band: de gewone variatie (procesgrenzen uit de eerste 12 maanden). Een gekleurd "
              "punt is bijzondere variatie: een maand buiten de grenzen, 7 maanden op rij stijgend of dalend, 2 van "
              "3 maanden dicht bij een grens of 7 maanden op rij aan één kant van het gemiddelde. Alleen dan "
              "spreken we van een verandering. Uitleg: Definities.")


def kop(titel: str, uitleg: str | None = None) -> Selectie:
    """Page title, the data freshness line and the active selection; returns the selection."""
    s = huidige_selectie()
    db = database()
    fresh = versheid(db, db_key(db))
    st.title(titel)
    filters = selectie_tekst(s.filters, s.scope, namen(s.scope), waarde=md_tekst)
    st.caption(
        f"Peildatum **{nl_datum(s.peildatum)}** · periode {nl_datum(s.van)} t/m {nl_datum(s.tot)} · "
        f"{filters} · export van {nl_datum(fresh['exportdatum'])}, geïmporteerd "
        f"{nl_datum(fresh['geimporteerd_op'])}")
    if uitleg:
        st.markdown(uitleg)
    return s


def kpi_tegel(t, opmerking: str | None = None) -> None:
    """One Overzicht tile (views_termijn.Tegel): big number, norm verdict, change against the
    previous quarter, sparkline, SPC verdict and a link to the KPI's page. `extra` values: an int
    is a count, a float a percentage."""
    with st.container(border=True):
        st.markdown(f"**{t.key.upper()} · {t.titel}**")
        delta = nl_verschil(t.verschil, t.eenheid)
        st.metric(t.maat, "–" if t.te_klein else nl_waarde(t.waarde, t.eenheid), delta=delta, delta_color="off",
                  delta_arrow=pijl(delta),
                  delta_description=VORIG_KWARTAAL if t.verschil is not None else None,
                  help=f"Norm: {t.norm_tekst}. Het verschil met vorig kwartaal is dezelfde KPI, één kwartaal "
                       f"eerder berekend; of het een echte verandering is, zegt de trendregel eronder.")
        norm_badge(t.oordeel, None if t.te_klein else norm_kort(KPI_BY_KEY[t.key]))
        details = [f"n = {nl_getal(t.noemer)}"] if t.noemer is not None else []
        if t.te_klein:
            details.append(f"minimaal {nl_getal(norms.MIN_N_OORDEEL)} voor een percentage en een oordeel")
        details += [f"{k}: {nl_pct(v) if isinstance(v, float) else nl_getal(v)}"
                    for k, v in t.extra.items() if v is not None]
        if details:
            st.caption(" · ".join(details))
        if t.reeks.height > 1:
            domein = [0, 100] if t.eenheid == "%" else [0, max(2 * (t.norm or 0), float(t.reeks["waarde"].max() or 0))]
            # an image of our own, not a chart element: no toolbar with four keyboard stops per tile
            st.html(charts.sparkline_html(t.reeks, domein=domein, norm=t.norm, eenheid=t.eenheid))
        spc_regel(t.spc)
        if opmerking:
            st.caption(f":material/info: {opmerking}")
        st.page_link(t.pagina, label="Details en zaaklijsten", icon=":material/arrow_forward:")


def termijn_pagina(key: str, vraag: str) -> tuple[Selectie, pl.DataFrame]:
    """The top of a deadline page (K1-K3): the header with the KPI's title and the question it answers,
    the headline, the trend and the comparison. Returns the selection and the period's case rows."""
    s = kop(f"{KPI_BY_KEY[key].titel} ({key.upper()})", vraag)
    cases = termijn_kop(key, s)
    termijn_trend(key, s)
    termijn_vergelijking(key, s, cases)
    return s, cases


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


def spc_trend(analyse, titel_y: str, key: str, toelichting: str = "", **kwargs) -> None:
    """A monthly KPI series of the K4-K7 pages as every trend shows it: its SPC sentence and chart
    (widgets.spc_grafiek), the explanation of the method, and the notes on this KPI under it."""
    spc_grafiek(analyse, titel_y, notities=annotaties.bij_grafiek(key), **kwargs)
    st.caption(f"{SPC_UITLEG} {toelichting}".strip())
    annotaties.onder_grafiek(key)


def termijn_trend(key: str, s: Selectie) -> None:
    """Monthly % on time (by month of the deadline) with the SPC limits and the norm."""
    kpi = KPI_BY_KEY[key]
    trend = deadline_trend(key, s)
    st.subheader("Trend per maand")
    if leeg(trend.filter(pl.col("totaal") > 0), "Geen maatregelen met een deadline in de trendperiode."):
        return
    analyse = afgeleid(vt.deadline_analyse, key, trend)
    spc_regel(vt.spc_oordeel(analyse))
    notities = annotaties.bij_trend(key, s)
    grafiek_van(charts.spc_trend, analyse.punten, "percentage", "% tijdig", norm=kpi.norm,
                norm_label=norm_kort(kpi), notities=annotaties.laag_data(notities), legenda_onder=True)
    annotaties.lijst(notities, key)
    st.caption(SPC_UITLEG)
    with st.expander("Cijfers per maand"):
        table = afgeleid(vt.maandtabel, analyse.punten)
        zaaklijst(table, f"{key}_per_maand", {"maand_tekst": "Maand", "tijdig": "Tijdig", "te_laat": "Te laat",
                                              "verlopen": "Verlopen", "totaal": "Geteld",
                                              "percentage": "% tijdig", "beoordeling": "Beoordeling (SPC)"},
                  key=f"{key}-maand")


def termijn_vergelijking(key: str, s: Selectie, cases: pl.DataFrame) -> None:
    """% on time per cluster (or per team within a cluster) with the norm, and the status mix."""
    kpi = KPI_BY_KEY[key]
    groep, naam = vt.vergelijk_groep(s.filters.cluster, s.filters.team, s.scope.clusters)
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
         vt.lijst_kolommen({"dagen_na_deadline": "Kalenderdagen over deadline", "loopt_tekst": "Loopt nog"}),
         f"Geen {gebeurtenis.lower()} op of vóór de peildatum. Lopende maatregelen eerst, de oudste bovenaan: "
         f"hier kunt u vandaag op handelen."),
        (f"Binnenkort verlopen ({nl_getal(binnenkort.height)})", binnenkort, "binnenkort_verlopen",
         vt.lijst_kolommen({"dagen_tot_deadline": "Kalenderdagen tot deadline"}),
         f"Lopende maatregelen met de deadline in de komende {norms.BINNENKORT_WERKDAGEN} werkdagen en nog "
         f"geen {gebeurtenis.lower()}; los van de gekozen periode. De eerstvolgende deadline bovenaan."),
        (f"Te laat ({nl_getal(te_laat.height)})", te_laat, "te_laat",
         vt.lijst_kolommen({"gebeurtenis_op": gebeurtenis, "dagen_te_laat": "Kalenderdagen te laat"}),
         f"{gebeurtenis} na de deadline (maar op of vóór de peildatum); het grootste verschil bovenaan."),
        (f"Alle getelde zaken ({nl_getal(alle.height)})", alle, "alle_zaken",
         {**vt.lijst_kolommen({"status_label": "Status", "gebeurtenis_op": gebeurtenis}), **(extra_kolommen or {})},
         "Iedere maatregel die in de cijfers bovenaan meetelt, met zijn status: zo is elk getal na te tellen."),
    ]
    for tab, (title, frame, naam, columns, uitleg) in zip(st.tabs([t[0] for t in tabs]), tabs):
        with tab:
            zaaklijst_tab(afgeleid(_met_medewerker_tekst, frame), f"{key}_{naam}", columns, key=f"{key}-{naam}",
                          uitleg=uitleg)


def capaciteit_blok(s: Selectie) -> None:
    """Capacity gap in FTE at P (K4 definition), with the previous quarter."""
    with st.container(border=True):
        _capaciteit(s)


def _capaciteit(s: Selectie) -> None:
    kpi = KPI_BY_KEY["k4"]
    st.markdown("**Capaciteitsgat**")
    if not heeft_cijfer(kpi, s.filters, s.scope):
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
               f"(waarvan {nl_getal(row['jeugdigen_zonder_vaste_jzw'])} jeugdigen in een lopende OTS, VOTS of "
               f"voogdij zonder vaste jeugdzorgwerker: geteld per kind, niet per maatregel) bij "
               f"{nl_getal(kpi.norm)} per fte. In dienst: **{nl_getal(row['fte_in_dienst'], 1)} fte**.")
    st.page_link(kpi.pagina, label="Naar caseload (K4)", icon=":material/arrow_forward:")


def wachten_blok(cijfers: dict) -> None:
    """Running measures without a fixed worker at P: how many, where, and how long on the list."""
    with st.container(border=True):
        _wachten(cijfers)


def _wachten(cijfers: dict) -> None:
    st.markdown("**Zonder vaste jeugdzorgwerker**")
    st.metric("lopende maatregelen (alle soorten)", nl_getal(cijfers["zonder"]),
              help="Lopende maatregelen op de peildatum (OTS, VOTS, voogdij en JR) zonder lopende toewijzing aan een "
                   "vaste jeugdzorgwerker, geteld per maatregel (K6). Het capaciteitsgat telt jeugdigen in een "
                   "OTS, VOTS of voogdij: een ander getal, omdat een kind meer maatregelen kan hebben.")
    st.caption(f"{nl_getal(cijfers['kinderen_zonder'])} kinderen met zo'n maatregel, van "
               f"{nl_getal(cijfers['lopend'])} lopende maatregelen. Op de monitorlijst: "
               f"**{nl_getal(cijfers['monitorlijst'])}** (mediaan {nl_dagen(cijfers['mediaan_wachtdagen'])} wachten); "
               f"in het in- en doorstroomteam: "
               f"**{nl_getal(cijfers['in_doorstroom'])}**.")
    if cijfers["geen"]:
        st.badge(f"alarm: {nl_getal(cijfers['geen'])} niet in beeld", icon=":material/error:", color="red",
                 help="Zonder vaste jeugdzorgwerker, niet op de monitorlijst en niet in het in- en doorstroomteam.")
        st.caption("Niet op de monitorlijst en niet in het in- en doorstroomteam: niemand volgt deze kinderen.")
    else:
        st.badge("iedereen zonder vaste jzw is in beeld", icon=":material/check_circle:", color="blue")
    st.page_link(KPI_BY_KEY["k6"].pagina, label="Naar de wachtrij (K6)", icon=":material/arrow_forward:")


def niet_per_gemeente(key: str) -> None:
    """Tile for a worker-based KPI when a municipality is selected."""
    kpi = KPI_BY_KEY[key]
    with st.container(border=True):
        st.markdown(f"**{kpi.key.upper()} · {kpi.korte_titel}**")
        st.info(f"{kpi.korte_titel} gaat over medewerkers en hun team, niet over een gemeente. Kies bij Gemeente "
                f"'Alle' om dit cijfer te zien.")
        st.page_link(kpi.pagina, label="Details en zaaklijsten", icon=":material/arrow_forward:")
