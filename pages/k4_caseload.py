"""Caseload (K4): caseload per FTE against the 1:12 norm, the workers above it,
the capacity gap, and the JR teams with their own norm."""

from __future__ import annotations

import polars as pl
import streamlit as st

from kpi.core import norms
from kpi.core.labels import FILTER_LABELS
from kpi.core.registry import KPI_BY_KEY, niet_van_toepassing
from kpi.presentation import charts_zorg as cz
from kpi.presentation import cache, queries, sections, state, widgets
from kpi.presentation import format as fmt
from kpi.presentation import views_termijn as vt
from kpi.presentation import views_zorg as vz
from kpi.presentation.widgets import cijfer_tegel as tegel

NORM = norms.CASELOAD_NORM
NORM_JR = norms.CASELOAD_NORM_JR
NORM_LABEL = f"norm 1:{NORM:g}"

WERKER_KOLOMMEN = {
    "medewerker_id": "Medewerker (pseudoniem)", "team_naam": "Team", "cluster_naam": "Cluster",
    "fte": "Fte", "caseload": "Caseload (jeugdigen)", "per_fte": "Caseload per fte",
}
TEAM_KOLOMMEN = {
    "naam": "Team", "cluster_naam": "Cluster", "medewerkers": "Jeugdzorgwerkers", "fte": "Fte",
    "caseload": "Caseload (som)", "per_fte": "Caseload per fte", "boven_norm": "Boven de norm",
    "aandeel": "Boven de norm (%)",
}


def _werkers_tabel(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(per_fte=pl.col("caseload_per_fte").round(1), fte=pl.col("fte").round(2))


def _groep_tabel(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(per_fte=pl.col("caseload_per_fte").round(1), fte=pl.col("fte").round(1),
                              aandeel=pl.col("aandeel_boven_norm").round(0))


def kerncijfers(k: dict, cap: dict, trend: pl.DataFrame, vorig: pl.DataFrame) -> None:
    now, before = vz.nu_en_kwartaal_eerder(trend, vorig, "caseload_per_fte")
    c1, c2, c3, c4 = st.columns(4)
    tegel(c1, "Caseload per fte", fmt.nl_getal(k["caseload_per_fte"], 1),
          f"Norm: hooguit **{NORM:g}** jeugdigen per fte",
          "Som van de caseloads gedeeld door de som van de fte van alle jeugdzorgwerkers in JB-teams op de "
          "peildatum.", fmt.nl_verschil(vz.verschil(now, before), "per fte"))
    tegel(c2, "Boven de norm", fmt.nl_getal(k["boven_norm"]),
          f"van {fmt.nl_getal(k['medewerkers'])} jeugdzorgwerkers ({fmt.nl_pct(k['aandeel_boven_norm'])})",
          f"Jeugdzorgwerkers in JB-teams met meer dan {NORM:g} jeugdigen per fte. De lijst staat onder "
          "'Boven de norm'.")
    tegel(c3, "Capaciteitsgat", f"{fmt.nl_getal(cap['capaciteitsgat'], 1)} fte",
          f"nodig {fmt.nl_getal(cap['fte_nodig'], 1)} · in dienst {fmt.nl_getal(cap['fte_in_dienst'], 1)} fte",
          f"Benodigde fte bij 1:{NORM:g} min de fte in dienst (jeugdzorgwerkers in JB-teams). Positief = tekort.")
    tegel(c4, "Jeugdigen zonder vaste jzw", fmt.nl_getal(cap["jeugdigen_zonder_vaste_jzw"]),
          f"naast {fmt.nl_getal(cap['jeugdigen_met_vaste_jzw'])} met een vaste jeugdzorgwerker",
          "Jeugdigen in een lopende OTS, VOTS of voogdij zonder vaste jeugdzorgwerker (op de monitorlijst, in "
          "het in- en doorstroomteam of nergens): zie Wachtrij (K6).")


def capaciteit_tekst(cap: dict) -> None:
    met, zonder = cap["jeugdigen_met_vaste_jzw"], cap["jeugdigen_zonder_vaste_jzw"]
    gap = cap["capaciteitsgat"]
    tekst = (f"**Wat betekent het tekort voor kinderen?** {fmt.nl_getal(met)} jeugdigen hebben een vaste "
             f"jeugdzorgwerker en {fmt.nl_getal(zonder)} jeugdigen in een lopende OTS, VOTS of voogdij hebben "
             f"er geen. Om hen allemaal een vaste jeugdzorgwerker te geven bij de afgesproken caseload van "
             f"{NORM:g} per fte is **{fmt.nl_getal(cap['fte_nodig'], 1)} fte** nodig; in dienst is "
             f"{fmt.nl_getal(cap['fte_in_dienst'], 1)} fte. ")
    if gap > 0:
        tekst += f"Dat is een **tekort van {fmt.nl_getal(gap, 1)} fte**."
    else:
        tekst += f"Er is genoeg capaciteit (overschot {fmt.nl_getal(-gap, 1)} fte)."
    st.markdown(tekst)


def verdeling(werkers: pl.DataFrame, s: state.Selectie) -> None:
    left, right = st.columns(2)
    with left:
        st.subheader("Verdeling caseload per fte")
        st.caption("Aantal jeugdzorgwerkers per caseload per fte. Rechts van de stippellijn zit een "
                   "medewerker boven de norm.")
        widgets.grafiek_van(cz.caseload_histogram, cache.afgeleid(vz.caseload_bins, werkers), NORM, NORM_LABEL,
                            hoogte="content")
    with right:
        groep = vt.vergelijk_niveau(s.filters.cluster, s.filters.team, s.scope.clusters)
        per = cache.afgeleid(vz.caseload_per, werkers, groep)
        st.subheader(f"Per {groep}")
        st.caption(f"Som van de caseloads / som van de fte per {groep}; blauw = binnen de norm, oranjerood = boven "
                   "de norm (zie de legenda).")
        widgets.grafiek_van(cz.norm_staven, per.with_columns(pl.col("caseload_per_fte").round(1)), "naam",
                            "caseload_per_fte", "Caseload per fte", NORM, NORM_LABEL,
                            hoogte="content")
    st.subheader("Per team")
    teams = cache.afgeleid(vz.caseload_per, werkers, "team")
    widgets.zaaklijst(_groep_tabel(teams), "caseload-per-team", TEAM_KOLOMMEN, key="k4-teams")


def trend(analyse, cap_reeks: pl.DataFrame) -> None:
    reeks = analyse.punten
    if widgets.leeg(reeks, "Geen trend: er zijn geen jeugdzorgwerkers in deze selectie."):
        return
    left, right = st.columns(2)
    with left:
        st.subheader("Caseload per fte per maand")
        widgets.grafiek_van(cz.lijn, reeks, "caseload_per_fte", "Caseload per fte", NORM, NORM_LABEL, nul=False,
                            hoogte="content")
    with right:
        st.subheader("Aandeel boven de norm")
        sections.spc_trend(analyse, "Boven de norm (% medewerkers)", "k4")
    st.subheader("Capaciteit: fte nodig en in dienst")
    st.caption(f"Per maandeinde: benodigde fte bij 1:{NORM:g} en fte in dienst (JB-teams). Het verschil is "
               "het capaciteitsgat.")
    left, right = st.columns(2)
    with left:
        widgets.grafiek_van(cz.reeks_lijnen, cache.afgeleid(vz.capaciteit_lang, cap_reeks), "fte", "Fte", "reeks",
                            {f"Nodig bij 1:{NORM:g}": cz.VERMILJOEN, "In dienst": cz.BLAUW},
                            nul=False, hoogte="content")
    with right:
        gat = cap_reeks.select(pl.col("peildatum").alias("maand"), "capaciteitsgat")
        widgets.grafiek_van(cz.lijn, gat, "capaciteitsgat", "Capaciteitsgat (fte)", kleur=cz.VERMILJOEN,
                            hoogte="content")


def boven_norm(werkers: pl.DataFrame) -> None:
    lijst = cache.afgeleid(vz.werkers_boven_norm, werkers)
    st.markdown(f"**{len(lijst)} jeugdzorgwerkers** in JB-teams hebben meer dan {NORM:g} jeugdigen per fte, "
                "de hoogste caseload bovenaan.")
    widgets.zaaklijst(_werkers_tabel(lijst), "caseload-boven-norm", WERKER_KOLOMMEN, key="k4-boven")


def jeugdreclassering(werkers: pl.DataFrame) -> None:
    k = cache.afgeleid(vz.caseload_kerncijfers, werkers, "jr")
    st.markdown(f"JR-teams hebben een eigen norm: **{NORM_JR:g} jongeren per fte**. Ze tellen niet mee in "
                "de cijfers van de JB-teams hierboven.")
    if k["medewerkers"] == 0:
        st.info("Geen jeugdzorgwerkers in JR-teams in deze selectie.")
        return
    c1, c2, c3 = st.columns(3)
    tegel(c1, "Caseload per fte (JR)", fmt.nl_getal(k["caseload_per_fte"], 1),
          f"Norm: hooguit **{NORM_JR:g}** jongeren per fte", "Som van de caseloads / som van de fte in JR-teams.")
    tegel(c2, "Boven de norm (JR)", fmt.nl_getal(k["boven_norm"]),
          f"van {fmt.nl_getal(k['medewerkers'])} jeugdreclasseerders ({fmt.nl_pct(k['aandeel_boven_norm'])})",
          f"Jeugdzorgwerkers in JR-teams met meer dan {NORM_JR:g} jongeren per fte.")
    tegel(c3, "Fte in dienst (JR)", fmt.nl_getal(k["fte"], 1), "jeugdzorgwerkers in JR-teams",
          "Fte van de jeugdzorgwerkers in JR-teams die op de peildatum in dienst zijn.")
    per = cache.afgeleid(vz.caseload_per, werkers, "team", "jr")
    widgets.grafiek_van(cz.norm_staven, per.with_columns(pl.col("caseload_per_fte").round(1)), "naam",
                        "caseload_per_fte", "Caseload per fte", NORM_JR, f"norm 1:{NORM_JR:g}",
                        hoogte="content")
    st.markdown("**JR-werkers boven de norm**")
    widgets.zaaklijst(_werkers_tabel(cache.afgeleid(vz.werkers_boven_norm, werkers, "jr")), "caseload-jr-boven-norm",
                      WERKER_KOLOMMEN, key="k4-jr-boven")


def main() -> None:
    s = sections.kop("Caseload (K4)",
                     f"Hoeveel jeugdigen heeft een jeugdzorgwerker per fulltime werkweek? De afspraak met gemeenten "
                     f"is **1 jeugdzorgwerker op {NORM:g} jeugdigen**. Alleen jeugdzorgwerkers van JB-teams; JR-teams "
                     "staan apart onderaan met hun eigen norm, het in- en doorstroomteam staat op de pagina K7.")
    anders = [FILTER_LABELS[f] for f in niet_van_toepassing(KPI_BY_KEY["k4"], s.filters)]
    if anders:
        binnen = fmt.selectie_tekst(s.filters_zonder("gemeente", "soort"), s.scope, queries.namen(s.scope),
                                    waarde=fmt.md_tekst)
        st.info(f"Het filter op {' en '.join(anders)} geldt niet voor caseload: medewerkers horen "
                f"bij een team, niet bij een gemeente of soort maatregel. De cijfers hieronder gelden voor alle "
                f"jeugdzorgwerkers binnen de selectie ({binnen}).")
    if s.scope.gemeente is not None:
        st.info("Caseloadcijfers gaan over medewerkers en zijn niet beschikbaar in een gemeenteweergave.")
        return

    werkers = queries.op_peildatum("caseload", s)
    if widgets.leeg(werkers, "Geen jeugdzorgwerkers in dienst op de peildatum in deze selectie."):
        return
    jb = werkers.filter(pl.col("team_soort") == "jb")
    cap = cache.afgeleid(vz.capaciteit_kerncijfers, queries.op_peildatum("capaciteit", s))
    reeks = cache.afgeleid(vz.caseload_trend, queries.maandreeks("caseload", s))
    vorig = cache.afgeleid(vz.caseload_trend, queries.reeks_op("caseload", state.vorig_kwartaal(s)))
    kerncijfers(cache.afgeleid(vz.caseload_kerncijfers, werkers), cap, reeks.punten, vorig.punten)
    capaciteit_tekst(cap)

    tabs = st.tabs(["Verdeling en teams", "Trend", "Boven de norm", "Jeugdreclassering", "Alle jeugdzorgwerkers"])
    with tabs[0]:
        if not widgets.leeg(jb, "Geen jeugdzorgwerkers in JB-teams in deze selectie."):
            verdeling(werkers, s)
    with tabs[1]:
        trend(reeks, queries.maandreeks("capaciteit", s))
    with tabs[2]:
        boven_norm(werkers)
    with tabs[3]:
        jeugdreclassering(werkers)
    with tabs[4]:
        st.caption("Alle jeugdzorgwerkers van JB- en JR-teams in deze selectie, met hun caseload op de peildatum.")
        widgets.zaaklijst(_werkers_tabel(werkers.sort(["cluster_naam", "team_naam", "medewerker_id"])),
                          "caseload-alle-medewerkers", WERKER_KOLOMMEN, key="k4-alle")


main()
