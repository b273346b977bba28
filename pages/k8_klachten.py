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
from kpi.presentation import charts
from kpi.presentation import charts_klachten as ck8
from kpi.presentation import dashboard as ui
from kpi.presentation import views_klachten as vk
from kpi.presentation.dashboard import cijfer_tegel as tegel
from kpi.reports import klachtenjaar

OPEN_KOLOMMEN = {"klacht_id": "Klacht", "stadium_tekst": "Stadium", "stadium_op": "Sinds",
                 "leeftijd_dagen": "Leeftijd (dagen)", "ontvangen_op": "Ontvangen", "cluster_naam": "Cluster",
                 "team_naam": "Team"}
ZAAK_KOLOMMEN = {"maatregel_id": "Maatregel", "jeugdige_id": "Jeugdige (pseudoniem)"}
GROEP_KOLOMMEN = {"naam": "Naam", "ontvangen": "Klachten ontvangen", "jeugdigen": "Jeugdigen in begeleiding",
                  "per_100": "Per 100 jeugdigen"}
BINNENKORT_KOLOMMEN = {"klacht_id": "Klacht", "termijn": "Termijn", "deadline": "Deadline", "dagen": "Dagen tot deadline",
                       "cluster_naam": "Cluster", "team_naam": "Team"}
TERMIJN_KOLOMMEN = {"termijn": "Termijn", "dagen": "Dagen", "tijdig": "Tijdig", "te_laat": "Te laat",
                    "verlopen": "Verlopen", "percentage": "% tijdig"}
GEEN_KLACHTEN = (
    "**Deze gegevens bevatten geen klachten.** Voeg aan de export de tabellen `klachten` en "
    "`klachtonderdelen` toe (zie het gegevenscontract in de documentatie: docs/klachten.md); daarna toont deze "
    "pagina het aantal klachten, de termijnen van de klachtroute, de oordelen van de klachtencommissie en de open "
    "klachten.")


@ui.frame_cache
def _gegevens(_db, key_db: tuple, peildatum, van, tot, filters, scope) -> dict:
    jeugdigen = {by: engine.jeugdigen_in_begeleiding(_db, peildatum, van, tot, filters, scope,
                                                     by=(by, by.replace("_id", "_naam")))
                 for by in ("cluster_id", "team_id")}
    return {"er_zijn_klachten": engine.heeft_klachten(_db),
            "zaken": engine.klachten(_db, peildatum, van, tot, filters, scope),
            "onderdelen": engine.klachtonderdelen(_db, peildatum, van, tot, filters, scope),
            "jeugdigen": int(engine.jeugdigen_in_begeleiding(_db, peildatum, van, tot, filters, scope)["jeugdigen"][0]),
            **{f"jeugdigen_{by}": frame for by, frame in jeugdigen.items()}}


def kerncijfers(c: dict) -> None:
    t1, t2, t3, t4 = st.columns(4)
    tegel(t1, "Klachten ontvangen", ui.nl_getal(c["ontvangen"]), "in de gekozen periode",
          "Klachten met een datum van ontvangst in de periode, op of vóór de peildatum.")
    tegel(t2, "Per 100 jeugdigen", ui.nl_getal(c["per_100_jeugdigen"], 1),
          f"{ui.nl_getal(c['jeugdigen_in_begeleiding'])} jeugdigen in begeleiding",
          "Ontvangen klachten × 100 / het aantal verschillende jeugdigen met een maatregel die in de periode liep.")
    tegel(t3, "Open op de peildatum", ui.nl_getal(c["open_op_peildatum"]), "ontvangen en nog niet afgesloten",
          "Klachten ontvangen op of vóór de peildatum en op de peildatum nog niet afgesloten.")
    tegel(t4, "% gegrond", ui.nl_pct(c["pct_gegrond"], 1),
          f"{ui.nl_getal(c['oordelen']['gegrond'])} van "
          f"{ui.nl_getal(c['oordelen']['gegrond'] + c['oordelen']['ongegrond'])} inhoudelijk beoordeelde onderdelen",
          "Gegrond / (gegrond + ongegrond), voor onderdelen met een uitspraak van de klachtencommissie in de periode.")


def volume(d: dict, s: ui.Selectie) -> None:
    st.subheader("Klachten per kwartaal")
    reeks = ui.afgeleid(vk.per_kwartaal, d["zaken"], s.peildatum)
    analyse = ui.afgeleid(vk.kwartaal_analyse, reeks)
    st.caption("Ontvangen klachten per kwartaal, met het gemiddelde en de procesgrenzen (grijs): alleen een punt "
               "buiten de band of een lange reeks aan één kant is een signaal. Het laatste kwartaal loopt tot de "
               f"peildatum. {analyse.zin}")
    ui.grafiek_van(ck8.spc_aantallen, analyse.punten, "label", "aantal", "Klachten", legenda_onder=True)
    st.subheader("Onderdelen per categorie en kwartaal")
    per_cat = ui.afgeleid(vk.categorieen_per_kwartaal, d["onderdelen"], s.peildatum)
    ui.zaaklijst(per_cat, "klachten_categorie_kwartaal", {"kwartaal": "Kwartaal", **{
        label: label for label in vk.CATEGORIE_LABELS.values()}}, key="k8-cat")


def per_groep(d: dict, c: dict) -> None:
    st.subheader("Per 100 jeugdigen per cluster en team")
    st.caption("Een kaal aantal of een rangorde zegt weinig zonder de omvang: hier staat het aantal klachten naast "
               "het aantal jeugdigen in begeleiding, met de lijn van de hele selectie. Kleine teams wijken door "
               "toeval meer af.")
    for groep, titel in (("cluster_id", "Cluster"), ("team_id", "Team")):
        per = ui.afgeleid(vk.per_groep, d["zaken"], d[f"jeugdigen_{groep}"], groep)
        per = per.rename({groep.replace("_id", "_naam"): "naam"}).with_columns(pl.col("per_100").round(1))
        st.markdown(f"**Per {titel.lower()}**")
        if c["per_100_jeugdigen"] is not None and per["per_100"].drop_nulls().len():
            ui.grafiek_van(charts.vergelijk, per.drop_nulls("per_100"), "naam", "per_100", "Klachten per 100 jeugdigen",
                           norm=round(c["per_100_jeugdigen"], 1), norm_label="selectie", procent=False,
                           label_format=".1f", hoogte="content")
        ui.zaaklijst(per, f"klachten_per_{titel.lower()}", GROEP_KOLOMMEN, key=f"k8-per-{groep}")


def route(d: dict, c: dict, s: ui.Selectie) -> None:
    st.subheader("De klachtroute en haar termijnen")
    st.caption("Per termijn de klachten waarvan de deadline in de periode valt (op of vóór de peildatum), zoals bij "
               "K1-K3.")
    termijnen = vk.termijn_tabel(c)
    kolommen = st.columns(4)
    for kolom, rij in zip(kolommen, termijnen.iter_rows(named=True)):
        tegel(kolom, rij["termijn"], ui.nl_pct(rij["percentage"], 0),
              f"{ui.nl_getal(rij['tijdig'])} van {ui.nl_getal(rij['totaal'])} binnen {rij['dagen']} dagen",
              f"Te laat: {rij['te_laat']}; verlopen (nog niet gedaan): {rij['verlopen']}.")
    st.markdown("**Binnenkort verlopen**")
    st.caption(f"Open klachten waarvan een termijn binnen {norms.BINNENKORT_WERKDAGEN} werkdagen na de peildatum "
               "verloopt, zonder dat de stap is gezet.")
    ui.zaaklijst(ui.afgeleid(vk.binnenkort_verlopen, d["zaken"], s.peildatum), "klachten_binnenkort_verlopen",
                 BINNENKORT_KOLOMMEN, key="k8-binnenkort")


def commissie(d: dict) -> None:
    st.subheader("Oordelen van de klachtencommissie")
    per = ui.afgeleid(vk.oordelen, d["onderdelen"])
    if ui.leeg(per, "Geen uitspraken van de klachtencommissie in de periode."):
        return
    ui.zaaklijst(per, "klachten_oordelen", {"categorie": "Categorie", "oordeel": "Oordeel", "aantal": "Onderdelen"},
                 key="k8-oordelen")


def open_lijst(d: dict, s: ui.Selectie) -> None:
    st.subheader("Open klachten")
    kolommen = {**OPEN_KOLOMMEN, **(ZAAK_KOLOMMEN if s.scope.klachten == KLACHTEN_ZAKEN else {})}
    ui.zaaklijst(ui.afgeleid(vk.open_klachten, d["zaken"]), "open_klachten", kolommen, key="k8-open")


def naast_kpis(d: dict, c: dict, s: ui.Selectie) -> None:
    st.subheader("Klachten naast de KPI's")
    st.info("Dit is samenhang, geen oorzaak: teams met een hoge caseload of kinderen zonder vaste jeugdzorgwerker "
            "kunnen ook om andere redenen meer klachten krijgen.", icon=":material/info:")
    ontvangen_met_maatregel = int(d["zaken"].filter(pl.col("ontvangen") & pl.col("met_maatregel")).height)
    st.markdown(f"Van de **{ui.nl_getal(ontvangen_met_maatregel)}** ontvangen klachten over een maatregel gingen er "
                f"**{ui.nl_getal(c['zonder_vaste_jzw'])}** over een kind zonder vaste jeugdzorgwerker op de dag "
                "van ontvangst.")
    if s.filters.gemeente is not None:
        st.caption("De caseload hoort bij teams, niet bij een gemeente: kies bij Gemeente 'Alle' voor de vergelijking.")
        return
    caseload = ui.op_peildatum("caseload", s)
    vergelijking = ui.afgeleid(vk.naast_caseload, d["zaken"], d["jeugdigen_team_id"], caseload)
    ui.zaaklijst(vergelijking.with_columns(pl.col("per_100").round(1)), "klachten_naast_caseload",
                 {"groep": "Teams", "teams": "Aantal teams", "ontvangen": "Klachten ontvangen",
                  "jeugdigen": "Jeugdigen in begeleiding", "per_100": "Per 100 jeugdigen"}, key="k8-caseload")


def jaaroverzicht(s: ui.Selectie) -> None:
    st.subheader("Jaaroverzicht van het klachtenbureau")
    st.caption("Drie jaar naast elkaar: per soort maatregel, indiener, ondersteuning, categorie, oordelen van de "
               "commissie, termijnen, per cluster per 100 jeugdigen en open aan het eind van het jaar. Voor uw "
               "bereik, zonder de filters van de zijbalk.")
    db = ui.database()
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
    s = ui.kop("Klachten (K8)", "Klachten van ouders, jeugdigen en pleegouders: hoeveel, waarover, hoe snel de "
                                "klachtroute loopt en wat de klachtencommissie vond.")
    db = ui.database()
    d = _gegevens(db, ui._key(db), s.peildatum, s.van, s.tot, s.filters, s.scope)
    if not d["er_zijn_klachten"]:
        st.info(GEEN_KLACHTEN, icon=":material/info:")
        return
    c = ui.afgeleid(k8.cijfers, d["zaken"], d["onderdelen"], d["jeugdigen"])
    kerncijfers(c)
    tabs = st.tabs(["Volume", "Per cluster en team", "Route en termijnen", "Commissie", "Open klachten",
                    "Naast de KPI's", "Jaaroverzicht"])
    with tabs[0]:
        volume(d, s)
    with tabs[1]:
        per_groep(d, c)
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
