"""Klachten (K8): complaints as management information, from registration to the board's response
(../shared/spec/klachten.md). What a role sees of complaints is decided in the query layer
(Scope.klachten): an area manager gets the figures and open complaints of their clusters without
measure or young-person ids; a municipality never reaches this page."""

from __future__ import annotations

import polars as pl
import streamlit as st

from kpi.core import norms
from kpi.core.params import KLACHTEN_ZAKEN
from kpi.metrics import engine
from kpi.metrics import klachten as k8
from kpi.metrics import werklijst
from kpi.presentation import cache, queries, sections, state, widgets
from kpi.presentation import charts_funnel as cf
from kpi.presentation import charts_klachten as ck8
from kpi.presentation import format as fmt
from kpi.presentation import views_klachten as vk
from kpi.presentation.widgets import cijfer_tegel as tegel
from kpi.reports import klachtenjaar

OPEN_KOLOMMEN = {"klacht_id": "Klacht", "stadium_tekst": "Stadium", "stadium_op": "Sinds",
                 "leeftijd_dagen": "Leeftijd (dagen)", "ontvangen_op": "Ontvangen", "cluster_naam": "Cluster",
                 "team_naam": "Team"}
ZAAK_KOLOMMEN = {"maatregel_id": "Maatregel", "jeugdige_id": "Jeugdige (pseudoniem)"}
GROEP_KOLOMMEN = {"naam": "Naam", "ontvangen": "Klachten ontvangen", "jeugdigen": "Jeugdigen in begeleiding",
                  "per_100": "Per 100 jeugdigen"}
BINNENKORT_KOLOMMEN = {"klacht_id": "Klacht", "termijn": "Termijn", "deadline": "Deadline",
                       "dagen": "Dagen tot deadline", "cluster_naam": "Cluster", "team_naam": "Team"}
GEEN_KLACHTEN = (
    "**Deze gegevens bevatten geen klachten.** Voeg aan de export de tabellen `klachten` en "
    "`klachtonderdelen` toe (zie het gegevenscontract in de documentatie: docs/klachten.md); daarna toont deze "
    "pagina het aantal klachten, de termijnen van de klachtroute, de oordelen van de klachtencommissie en de open "
    "klachten.")


@cache.frame_cache
def _gegevens(_db, key_db: tuple, peildatum, van, tot, filters, scope) -> dict:
    jeugdigen = {by: engine.jeugdigen_in_begeleiding(_db, peildatum, van, tot, filters, scope,
                                                     by=(by, by.replace("_id", "_naam")))
                 for by in ("cluster_id", "team_id")}
    return {"er_zijn_klachten": engine.heeft_klachten(_db),
            "zaken": engine.klachten(_db, peildatum, van, tot, filters, scope),
            "horizon": werklijst.horizon(_db, peildatum),  # "due soon" ends here, as on the Werklijst
            "onderdelen": engine.klachtonderdelen(_db, peildatum, van, tot, filters, scope),
            "jeugdigen": int(engine.jeugdigen_in_begeleiding(_db, peildatum, van, tot, filters,
                                                             scope)["jeugdigen"][0]),
            **{f"jeugdigen_{by}": frame for by, frame in jeugdigen.items()}}


def kerncijfers(c: dict) -> None:
    t1, t2, t3, t4 = st.columns(4)
    tegel(t1, "Klachten ontvangen", fmt.nl_getal(c["ontvangen"]), "in de gekozen periode",
          "Klachten met een datum van ontvangst in de periode, op of vóór de peildatum.")
    tegel(t2, "Per 100 jeugdigen", fmt.nl_getal(c["per_100_jeugdigen"], 1),
          f"{fmt.nl_getal(c['jeugdigen_in_begeleiding'])} jeugdigen in begeleiding",
          "Ontvangen klachten × 100 / het aantal verschillende jeugdigen met een maatregel die in de periode liep.")
    tegel(t3, "Open op de peildatum", fmt.nl_getal(c["open_op_peildatum"]), "ontvangen en nog niet afgesloten",
          "Klachten ontvangen op of vóór de peildatum en op de peildatum nog niet afgesloten.")
    beoordeeld = c["oordelen"]["gegrond"] + c["oordelen"]["ongegrond"]
    te_weinig = 0 < beoordeeld < norms.MIN_N_OORDEEL  # issue 12: a small n is not a percentage
    tegel(t4, "% gegrond", "–" if te_weinig else fmt.nl_pct(c["pct_gegrond"], 1),
          (f"{fmt.nl_getal(beoordeeld)} inhoudelijk beoordeelde onderdelen: te weinig voor een percentage "
           f"(minimaal {norms.MIN_N_OORDEEL})") if te_weinig else
          f"{fmt.nl_getal(c['oordelen']['gegrond'])} van {fmt.nl_getal(beoordeeld)} inhoudelijk beoordeelde onderdelen",
          "Gegrond / (gegrond + ongegrond), voor onderdelen met een uitspraak van de klachtencommissie in de periode.")


def volume(d: dict, s: state.Selectie) -> None:
    st.subheader("Klachten per kwartaal")
    reeks = cache.afgeleid(vk.per_kwartaal, d["zaken"], s.peildatum)
    analyse = cache.afgeleid(vk.kwartaal_analyse, reeks)
    st.caption("Ontvangen klachten per kwartaal, met het gemiddelde en de procesgrenzen (grijs): alleen een punt "
               "buiten de band of een lange reeks aan één kant is een signaal. Het laatste kwartaal loopt tot de "
               f"peildatum. {analyse.zin}")
    widgets.grafiek_van(ck8.spc_aantallen, analyse.punten, "label", "aantal", "Klachten", legenda_onder=True)
    st.subheader("Onderdelen per categorie en kwartaal")
    per_cat = cache.afgeleid(vk.categorieen_per_kwartaal, d["onderdelen"], s.peildatum)
    widgets.zaaklijst(per_cat, "klachten_categorie_kwartaal", {"label": "Kwartaal", **{
        label: label for label in k8.CATEGORIE_LABELS.values()}}, key="k8-cat")


def per_groep(d: dict) -> None:
    st.subheader("Per 100 jeugdigen per cluster en team")
    st.caption("Een kaal aantal of een rangorde zegt weinig zonder de omvang. De funnelplot zet het aantal klachten "
               "per 100 jeugdigen af tegen het aantal jeugdigen in begeleiding, met grenzen rond het gemiddelde van "
               "de selectie: wijd voor een klein team, smal voor een groot. Alleen een punt buiten de grenzen wijkt "
               "meer af dan toeval verklaart.")
    for groep, titel, meervoud in (("cluster_id", "Cluster", "clusters"), ("team_id", "Team", "teams")):
        per = cache.afgeleid(vk.per_groep, d["zaken"], d[f"jeugdigen_{groep}"], groep)
        per = per.rename({groep.replace("_id", "_naam"): "naam"})
        st.markdown(f"**Per {titel.lower()}**")
        trechter = cache.afgeleid(vk.funnel_per_groep, per)
        if trechter is not None:
            widgets.grafiek_van(cf.funnel_grafiek, trechter, titel_x="Jeugdigen in begeleiding",
                                titel_y="Klachten per 100 jeugdigen", legenda_onder=True)
            st.caption(fmt.md_tekst(cf.funnel_tekst(trechter, f"klachten per 100 jeugdigen per {titel.lower()}",
                                                    meervoud, eenheid="")))
        widgets.zaaklijst(per.with_columns(pl.col("per_100").round(1)), f"klachten_per_{titel.lower()}",
                          GROEP_KOLOMMEN, key=f"k8-per-{groep}")


def route(d: dict, c: dict, s: state.Selectie) -> None:
    st.subheader("De klachtroute en haar termijnen")
    st.caption("Per termijn de klachten waarvan de deadline in de periode valt (op of vóór de peildatum), zoals bij "
               "K1-K3.")
    termijnen = vk.termijn_tabel(c)
    kolommen = st.columns(4)
    for kolom, rij in zip(kolommen, termijnen.iter_rows(named=True)):
        tegel(kolom, rij["termijn"], fmt.nl_pct(rij["percentage"], 0),
              f"{fmt.nl_getal(rij['tijdig'])} van {fmt.nl_getal(rij['totaal'])} binnen {rij['dagen']} dagen",
              f"Te laat: {rij['te_laat']}; verlopen (nog niet gedaan): {rij['verlopen']}.")
    trend = cache.afgeleid(vk.termijn_trend, d["zaken"], s.peildatum)
    if not trend.is_empty():
        st.markdown("**% tijdig per kwartaal van de deadline**")
        kleuren = dict(zip(k8.TERMIJN_LABELS.values(), ck8.TERMIJN_KLEUR_VOLGORDE))
        widgets.grafiek_van(ck8.termijn_lijnen, trend, kleuren, legenda_onder=True)
        st.caption("Kwartalen met weinig deadlines (vooral bij de klachtencommissie) schommelen sterk.")
    st.markdown("**Binnenkort verlopen**")
    st.caption(f"Open klachten waarvan een termijn binnen {norms.BINNENKORT_WERKDAGEN} werkdagen na de peildatum "
               "verloopt, zonder dat de stap is gezet.")
    widgets.zaaklijst(cache.afgeleid(vk.binnenkort_verlopen, d["zaken"], s.peildatum, d["horizon"]),
                      "klachten_binnenkort_verlopen", BINNENKORT_KOLOMMEN, key="k8-binnenkort")


def commissie(d: dict) -> None:
    st.subheader("Oordelen van de klachtencommissie")
    per = cache.afgeleid(vk.oordelen, d["onderdelen"])
    if widgets.leeg(per, "Geen uitspraken van de klachtencommissie in de periode."):
        return
    widgets.zaaklijst(per, "klachten_oordelen",
                      {"categorie": "Categorie", "oordeel": "Oordeel", "aantal": "Onderdelen"}, key="k8-oordelen")


def open_lijst(d: dict, s: state.Selectie) -> None:
    st.subheader("Open klachten")
    kolommen = {**OPEN_KOLOMMEN, **(ZAAK_KOLOMMEN if s.scope.klachten == KLACHTEN_ZAKEN else {})}
    widgets.zaaklijst(cache.afgeleid(vk.open_klachten, d["zaken"]), "open_klachten", kolommen, key="k8-open")


def naast_kpis(d: dict, c: dict, s: state.Selectie) -> None:
    st.subheader("Klachten naast de KPI's")
    st.info("Dit is samenhang, geen oorzaak: teams met een hoge caseload of kinderen zonder vaste jeugdzorgwerker "
            "kunnen ook om andere redenen meer klachten krijgen.", icon=":material/info:")
    ontvangen_met_maatregel = int(d["zaken"].filter(pl.col("ontvangen") & pl.col("met_maatregel")).height)
    st.markdown(f"Van de **{fmt.nl_getal(ontvangen_met_maatregel)}** ontvangen klachten over een maatregel gingen er "
                f"**{fmt.nl_getal(c['zonder_vaste_jzw'])}** over een kind zonder vaste jeugdzorgwerker op de dag "
                "van ontvangst.")
    if s.filters.gemeente is not None:
        st.caption("De caseload hoort bij teams, niet bij een gemeente: kies bij Gemeente 'Alle' voor de vergelijking.")
        return
    caseload = queries.op_peildatum("caseload", s)
    vergelijking = cache.afgeleid(vk.naast_caseload, d["zaken"], d["jeugdigen_team_id"], caseload)
    widgets.zaaklijst(vergelijking.with_columns(pl.col("per_100").round(1)), "klachten_naast_caseload",
                      {"groep": "Teams", "teams": "Aantal teams", "ontvangen": "Klachten ontvangen",
                       "jeugdigen": "Jeugdigen in begeleiding", "per_100": "Per 100 jeugdigen"}, key="k8-caseload")


def jaaroverzicht(s: state.Selectie) -> None:
    st.subheader("Jaaroverzicht van het klachtenbureau")
    st.caption("Drie jaar naast elkaar: per soort maatregel, indiener, ondersteuning, categorie, oordelen van de "
               "commissie, termijnen, per cluster per 100 jeugdigen en open aan het eind van het jaar. Voor uw "
               "bereik, zonder de filters van de zijbalk.")
    db = queries.database()
    laatste = db.exportdatum.year
    jaar = st.selectbox("Jaar", list(range(laatste, laatste - 10, -1)), key="k8-jaar")
    links, rechts, _ = st.columns([1, 1, 4])
    # Built only when someone clicks (as the case lists' downloads).
    links.download_button("Download PDF", lambda: klachtenjaar.pdf(klachtenjaar.bereken(db, jaar, scope=s.scope)),
                          file_name=f"klachten_{jaar}.pdf", mime="application/pdf", key="k8-jaar-pdf")
    rechts.download_button("Download Excel",
                           lambda: klachtenjaar.excel(klachtenjaar.bereken(db, jaar, scope=s.scope)),
                           file_name=f"klachten_{jaar}.xlsx", key="k8-jaar-xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def main() -> None:
    s = sections.kop("Klachten (K8)", "Klachten van ouders, jeugdigen en pleegouders: hoeveel, waarover, hoe snel "
                                      "de klachtroute loopt en wat de klachtencommissie vond.")
    db = queries.database()
    d = _gegevens(db, queries.db_key(db), s.peildatum, s.van, s.tot, s.filters, s.scope)
    if not d["er_zijn_klachten"]:
        st.info(GEEN_KLACHTEN, icon=":material/info:")
        return
    c = cache.afgeleid(k8.cijfers, d["zaken"], d["onderdelen"], d["jeugdigen"])
    kerncijfers(c)
    tabs = st.tabs(["Volume", "Per cluster en team", "Route en termijnen", "Commissie", "Open klachten",
                    "Naast de KPI's", "Jaaroverzicht"])
    with tabs[0]:
        volume(d, s)
    with tabs[1]:
        per_groep(d)
    with tabs[2]:
        route(d, c, s)
    with tabs[3]:
        commissie(d)
    with tabs[4]:
        open_lijst(d, s)
    with tabs[5]:
        naast_kpis(d, c, s)
    with tabs[6]:
        jaaroverzicht(s)


main()
