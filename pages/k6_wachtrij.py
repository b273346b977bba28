"""Wachtrij (K6): who has a fixed youth worker, who waits on the monitorlijst (per cluster,
in queue order, by colour code), the alarm group without any way of working, the weekly
flow and how long the wait for a fixed worker takes."""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from kpi.core import kalender
from kpi.core import norms
from kpi.core.labels import KLEURCODE_LABELS, kleurcode_met_symbool
from kpi.presentation import charts_zorg as cz
from kpi.presentation import cache, queries, sections, state, widgets
from kpi.presentation import format as fmt
from kpi.presentation import views_termijn as vt
from kpi.presentation import views_zorg as vz
from kpi.presentation.widgets import cijfer_tegel as tegel

STROOM_MAANDEN = 12  # weekly flow: the year up to the peildatum

BASIS = {"maatregel_id": "Maatregel", "jeugdige_id": "Jeugdige (pseudoniem)", "soort": "Soort",
         "cluster_naam": "Cluster", "team_naam": "Team", "gemeente_naam": "Gemeente", "startdatum": "Startdatum"}
WACHTRIJ_KOLOMMEN = {"cluster_naam": "Cluster", "plaats": "Plaats in de rij", "kleur": "Kleurcode",
                     "wachtdagen": "Wachtdagen", "op_lijst": "Op de lijst sinds", "maatregel_id": "Maatregel",
                     "jeugdige_id": "Jeugdige (pseudoniem)", "soort": "Soort", "team_naam": "Team",
                     "gemeente_naam": "Gemeente", "startdatum": "Startdatum", "kleur_datum": "Kleur vastgesteld op"}
ALARM_KOLOMMEN = {"maatregel_id": "Maatregel", "kleur": "Kleurcode", "dagen_lopend": "Dagen lopend", **BASIS}
TRIAGE_KOLOMMEN = {"maatregel_id": "Maatregel", "triage_uiterlijk": "Triage uiterlijk",
                   "dagen_over_termijn": "Dagen over de termijn", "werkwijze_label": "Werkwijze",
                   "medewerker_id": "Medewerker", **BASIS}
CLUSTER_KOLOMMEN = {"cluster_naam": "Cluster", "op_lijst": "Op de lijst", "geen": "■ Geen kleur", "rood": "▲ Rood",
                    "oranje": "◆ Oranje", "groen": "● Groen", "mediaan_wachtdagen": "Mediaan wachtdagen",
                    "max_wachtdagen": "Langste wachttijd (dagen)"}
ZONDER_KOLOMMEN = {"maatregel_id": "Maatregel", "werkwijze_label": "Werkwijze", "kleur": "Kleurcode",
                   "dagen_lopend": "Dagen lopend", "medewerker_id": "Medewerker (doorstroom)", **BASIS}
DOORLOOP_KOLOMMEN = {"kleur": "Kleur bij instroom", "met_vaste_jzw": "Naar vaste jzw",
                     "zonder_vaste_jzw": "Zonder vaste jzw van de lijst", "p25": "P25 (dagen)",
                     "mediaan": "Mediaan (dagen)", "p75": "P75 (dagen)", "p90": "P90 (dagen)"}
DOORLOOP_ZAKEN = {"maatregel_id": "Maatregel", "op_lijst": "Op de lijst", "van_lijst": "Van de lijst",
                  "kleur_in": "Kleur bij instroom", "kleur_uit": "Kleur bij uitstroom",
                  "naar_vaste_jzw": "Naar vaste jzw", "dagen_tot_vaste_jzw": "Dagen tot vaste jzw",
                  "vaste_medewerker_id": "Vaste medewerker", **BASIS}


def alarm(rows: pl.DataFrame, k: dict) -> None:
    """Measures without any way of working: nobody carries them. Shown first, always."""
    if k["zonder_werkwijze"] > 0:
        st.error(f"**{fmt.nl_getal(k['zonder_werkwijze'])} lopende maatregelen hebben geen enkele werkwijze**: geen "
                 "vaste jeugdzorgwerker, niet op de monitorlijst en niet in het in- en doorstroomteam. Niemand "
                 "houdt deze kinderen in beeld. Wijs vandaag een werkwijze toe.", icon=":material/error:")
        with st.expander(f"Toon de {fmt.nl_getal(k['zonder_werkwijze'])} maatregelen zonder werkwijze", expanded=True):
            st.caption("Per kleurcode in de volgorde van de wachtrij, de langst lopende eerst. Een maatregel die pas "
                       "een paar dagen loopt, kan nog op zijn werkwijze wachten; de oudste zaken zijn het ernstigst.")
            widgets.zaaklijst(cache.afgeleid(vz.zonder_werkwijze_lijst, rows), "zonder-werkwijze", ALARM_KOLOMMEN,
                              key="k6-alarm")
    else:
        st.success("Iedere lopende maatregel zonder vaste jeugdzorgwerker staat op de monitorlijst of in het in- "
                   "en doorstroomteam.", icon=":material/check_circle:")


def kerncijfers(k: dict, trend: pl.DataFrame, vorig: pl.DataFrame) -> None:
    now, before = vz.nu_en_kwartaal_eerder(trend, vorig, "percentage")
    c1, c2, c3, c4 = st.columns(4)
    tegel(c1, "Met vaste jeugdzorgwerker", fmt.nl_pct(k["pct_met_vaste_jzw"], 1),
          f"{fmt.nl_getal(k['met_vaste_jzw'])} van {fmt.nl_getal(k['lopend'])} lopende maatregelen · norm 100%",
          "Lopende maatregelen met een lopende toewijzing aan een vaste jeugdzorgwerker.",
          fmt.nl_verschil(vz.verschil(now, before), "%"))
    tegel(c2, "Op de monitorlijst", fmt.nl_getal(k["monitorlijst"]),
          f"mediaan {fmt.nl_dagen(k['mediaan_wachtdagen'])} wachten, langste {fmt.nl_dagen(k['max_wachtdagen'])}",
          "Lopende maatregelen met een lopende periode op de monitorlijst (handelingsperspectief).")
    tegel(c3, "In- en doorstroomteam", fmt.nl_getal(k["in_doorstroom"]),
          "zonder vaste jzw, gedeelde caseload (zie K7)",
          "Geen vaste jeugdzorgwerker en een lopende toewijzing aan het in- en doorstroomteam.")
    tegel(c4, "Te laat voor triage", fmt.nl_getal(k["triage_te_laat"]),
          f"geen kleurcode, start > {norms.TRIAGE_WERKDAGEN} werkdagen geleden",
          f"Lopende maatregelen zonder veiligheidsinschatting waarvan de {norms.TRIAGE_WERKDAGEN}e werkdag na de "
          "start vóór de peildatum ligt. De lijst staat onder 'Te laat voor triage'.")


def kleuren(rows: pl.DataFrame) -> None:
    """Counts per colour code on the list: the colour, its shape and its name together."""
    telling = {r["kleurcode"]: r["aantal"] for r in vz.kleur_telling(rows).iter_rows(named=True)}
    uitleg = {"geen": "nog geen veiligheidsinschatting: eerst in de rij",
              "rood": "krijgt als eerste een vaste jeugdzorgwerker",
              "oranje": "na de rode zaken", "groen": "pas als rood en oranje een vaste jzw hebben"}
    st.markdown("**Op de monitorlijst naar kleurcode**")
    for kolom, code in zip(st.columns(4), ("rood", "oranje", "groen", "geen")):
        label = kleurcode_met_symbool(code)
        kleur = cz.KLEURCODE_KLEUR[KLEURCODE_LABELS[code]]
        with kolom.container(border=True):
            st.markdown(f"<div style='border-left: 8px solid {kleur}; padding-left: 10px'>"
                        f"<span style='font-size: 0.9rem'>{label}</span><br>"
                        f"<span style='font-size: 2rem; font-weight: 600'>{fmt.nl_getal(telling.get(code, 0))}</span>"
                        f"<br><span style='font-size: 0.8rem; opacity: 0.7'>{uitleg[code]}</span></div>",
                        unsafe_allow_html=True)


def wachtrij(rows: pl.DataFrame, s: state.Selectie) -> None:
    rij = cache.afgeleid(vz.wachtrij, rows)
    if widgets.leeg(rij, "Niemand op de monitorlijst in deze selectie."):
        return
    naam = vt.vergelijk_niveau(s.filters.cluster, s.filters.team, s.scope.clusters)
    groep = f"{naam}_naam"
    st.subheader(f"Monitorlijst per {naam}")
    st.caption(f"Aantal maatregelen op de lijst per {naam}, per kleurcode (symbool en aantal staan in elk vak "
               "dat breed genoeg is; alle aantallen staan in de tabel en bij de muisaanwijzer).")
    widgets.grafiek_van(cz.kleur_staven, vz.kleur_telling(rows, [groep]), groep, hoogte="content")
    widgets.zaaklijst(cache.afgeleid(vz.wachtrij_per_cluster, rows), "wachtrij-per-cluster", CLUSTER_KOLOMMEN,
                      key="k6-clusters")
    st.subheader("De wachtrij")
    st.markdown("In de volgorde waarin de maatregelen een vaste jeugdzorgwerker krijgen, per cluster: eerst zonder "
                "kleurcode (die moeten nog getrieerd worden), dan rood, oranje en groen; binnen een kleur wie het "
                "langst op de lijst staat." + ("" if s.filters.cluster else
                                               " Kies een cluster in de zijbalk om één rij te zien."))
    uitgesloten = cache.afgeleid(vz.uitgesloten_op_lijst, rows)
    if uitgesloten.height:
        st.warning(f"**{fmt.nl_getal(uitgesloten.height)} maatregelen op de lijst zijn voogdij of VOTS.** Die zijn "
                   "uitgesloten van het handelingsperspectief: ze horen een vaste jeugdzorgwerker te hebben.",
                   icon=":material/warning:")
        with st.expander("Toon deze maatregelen"):
            widgets.zaaklijst(uitgesloten, "voogdij-vots-op-de-lijst", WACHTRIJ_KOLOMMEN, key="k6-uitgesloten")
    if s.filters.team or s.filters.gemeente or s.filters.soort:
        st.caption("Met een filter op team, gemeente of soort blijft de plaats die in de hele clusterrij: "
                   "daardoor kunnen nummers ontbreken.")
    widgets.zaaklijst(rij, "wachtrij", WACHTRIJ_KOLOMMEN, key="k6-rij", hoogte=500)


def werkwijze(rows: pl.DataFrame, k: dict) -> None:
    st.subheader("Werkwijze van alle lopende maatregelen")
    widgets.grafiek_van(cz.werkwijze_staven, cache.afgeleid(vz.werkwijze_verdeling, rows), hoogte="content")
    st.caption("Iedere lopende maatregel telt één keer: met een vaste jeugdzorgwerker, anders op de monitorlijst, "
               "anders in het in- en doorstroomteam, anders 'geen werkwijze' (het alarm bovenaan).")
    if k["lijst_en_vast"]:
        st.caption(f"{fmt.nl_getal(k['lijst_en_vast'])} maatregelen staan op de monitorlijst én hebben een vaste "
                   "jeugdzorgwerker (een registratieprobleem): hier tellen ze als 'vaste jeugdzorgwerker', in de "
                   "wachtrij staan ze ook.")


def stroom(s: state.Selectie) -> None:
    van = kalender.plus_maanden(s.peildatum, -STROOM_MAANDEN) + dt.timedelta(days=1)
    weken = queries.over_periode("monitorlijst_stroom", s, van=van, tot=s.peildatum)
    st.subheader("Monitorlijst per week")
    if widgets.leeg(weken, "Geen monitorlijstgegevens in het afgelopen jaar voor deze selectie."):
        return
    t = cache.afgeleid(vz.stroom_totalen, weken)
    st.markdown(f"In de {t['weken']} weken tot en met de peildatum kwamen **{fmt.nl_getal(t['instroom'])}** "
                f"maatregelen op de lijst en gingen er **{fmt.nl_getal(t['uitstroom'])}** af. De voorraad ging van "
                f"{fmt.nl_getal(t['voorraad_begin'])} naar {fmt.nl_getal(t['voorraad_eind'])}.")
    st.caption("Een week loopt van maandag tot en met zondag; de laatste week loopt tot de peildatum en is dus "
               "meestal onvolledig. Eindigt een maatregel terwijl hij op de lijst staat, dan verdwijnt hij uit de "
               "voorraad zonder als uitstroom te tellen.")
    left, right = st.columns(2)
    with left:
        st.markdown("**Voorraad aan het eind van de week, per kleurcode**")
        widgets.grafiek_van(cz.kleur_lijnen, cache.afgeleid(vz.stroom_voorraad, weken), "week_einde", "voorraad",
                            "Maatregelen op de lijst", hoogte="content")
    with right:
        st.markdown("**Instroom en uitstroom per week**")
        widgets.grafiek_van(cz.stroom_staven, cache.afgeleid(vz.stroom_in_uit, weken), hoogte="content")


def doorlooptijd(s: state.Selectie) -> None:
    van = kalender.plus_maanden(s.peildatum, -STROOM_MAANDEN) + dt.timedelta(days=1)
    zaken = queries.over_periode("doorlooptijd_monitorlijst", s, van=van, tot=s.peildatum)
    st.subheader("Hoe lang tot een vaste jeugdzorgwerker?")
    st.markdown(f"Voor de maatregelen die in de afgelopen {STROOM_MAANDEN} maanden van de monitorlijst gingen: "
                "het aantal dagen op de lijst tot een vaste jeugdzorgwerker, naar de kleurcode bij binnenkomst. "
                "De balk is de middelste helft, het zwarte streepje de mediaan, de lijn loopt door tot het 90e "
                "percentiel.")
    if widgets.leeg(zaken, "Niemand verliet de monitorlijst in deze periode."):
        return
    per_kleur = cache.afgeleid(vz.doorlooptijd_per_kleur, zaken)
    if per_kleur["met_vaste_jzw"].sum() > 0:
        widgets.grafiek_van(cz.doorlooptijd, per_kleur, hoogte="content")
    st.caption("Bij binnenkomst is er vaak nog geen kleurcode: de triage komt soms pas na de plaatsing op de lijst. "
               "'Zonder vaste jzw van de lijst': de periode op de lijst eindigde zonder vaste jeugdzorgwerker "
               "(bijvoorbeeld naar het in- en doorstroomteam of de maatregel eindigde); die tellen niet mee in "
               "de dagen.")
    widgets.zaaklijst(per_kleur.with_columns([pl.col(c).round(0) for c in ("p25", "mediaan", "p75", "p90")]
                                        + [pl.col("kleurcode").map_elements(kleurcode_met_symbool,
                                                                             return_dtype=pl.String).alias("kleur")]),
                 "doorlooptijd-per-kleur", DOORLOOP_KOLOMMEN, key="k6-doorloop")
    with st.expander(f"Alle {fmt.nl_getal(zaken.height)} perioden op de lijst die eindigden"):
        widgets.zaaklijst(cache.afgeleid(vz.doorlooptijd_zaken, zaken), "doorlooptijd-zaken", DOORLOOP_ZAKEN,
                          key="k6-doorloop-zaken")


def trend(analyse) -> None:
    if widgets.leeg(analyse.punten, "Geen trend voor deze selectie."):
        return
    left, right = st.columns(2)
    with left:
        st.subheader("Met vaste jeugdzorgwerker")
        sections.spc_trend(analyse, "% met vaste jeugdzorgwerker", "k6")
    with right:
        st.subheader("Zonder vaste jeugdzorgwerker")
        st.caption("Aantal lopende maatregelen per werkwijze op elk maandeinde.")
        widgets.grafiek_van(cz.reeks_lijnen, cache.afgeleid(vz.werkwijze_trend, analyse.punten), "aantal", "Maatregelen", "reeks",
                            {k: v for k, v in cz.WERKWIJZE_KLEUR.items() if k != "Vaste jeugdzorgwerker"},
                            y_format=".0f",
                            hoogte="content")


def main() -> None:
    s = sections.kop("Wachtrij (K6)",
                     "Heeft ieder kind een vaste jeugdzorgwerker? Zo niet: staat de maatregel op de **monitorlijst** "
                     "(handelingsperspectief, met een kleurcode voor de volgorde) of in het **in- en doorstroomteam**? "
                     "Wie nergens staat, is een alarmsignaal.")
    rows = queries.op_peildatum("vaste_jzw", s)
    if widgets.leeg(rows, "Geen lopende maatregelen op de peildatum in deze selectie."):
        return
    k = cache.afgeleid(vz.vaste_jzw_kerncijfers, rows)
    reeks = cache.afgeleid(vz.vaste_jzw_trend, queries.maandreeks("vaste_jzw", s))
    vorig = cache.afgeleid(vz.vaste_jzw_trend, queries.reeks_op("vaste_jzw", state.vorig_kwartaal(s)))
    alarm(rows, k)
    kerncijfers(k, reeks.punten, vorig.punten)
    kleuren(rows)

    triage = cache.afgeleid(vz.triage_te_laat_lijst, rows)
    zonder = cache.afgeleid(vz.zonder_vaste_jzw_lijst, rows)
    tabs = st.tabs(["Wachtrij", "Werkwijze", "Stroom per week", "Tijd tot vaste jzw", "Trend",
                    f"Te laat voor triage ({fmt.nl_getal(triage.height)})",
                    f"Zonder vaste jzw ({fmt.nl_getal(zonder.height)})"])
    with tabs[0]:
        wachtrij(rows, s)
    with tabs[1]:
        werkwijze(rows, k)
    with tabs[2]:
        stroom(s)
    with tabs[3]:
        doorlooptijd(s)
    with tabs[4]:
        trend(reeks)
    with tabs[5]:
        st.markdown(f"Lopende maatregelen zonder kleurcode waarvan de triagetermijn ({norms.TRIAGE_WERKDAGEN} "
                    "werkdagen na de start) voorbij is; de oudste bovenaan.")
        widgets.zaaklijst(triage, "te-laat-voor-triage", TRIAGE_KOLOMMEN, key="k6-triage")
    with tabs[6]:
        st.markdown("Alle lopende maatregelen zonder vaste jeugdzorgwerker, per werkwijze (geen werkwijze "
                    "bovenaan), de langst lopende eerst.")
        widgets.zaaklijst(zonder, "zonder-vaste-jzw", ZONDER_KOLOMMEN, key="k6-zonder")


main()
