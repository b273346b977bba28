"""Kind-alleen-contact (K5): registered versus validated compliance side by side, the gap
explained, per cluster and team, the children not seen alone, data problems, and JR."""

from __future__ import annotations

import polars as pl
import streamlit as st

from kpi.core import norms
from kpi.presentation import charts_zorg as cz
from kpi.presentation import cache, queries, sections, state, widgets
from kpi.presentation import format as fmt
from kpi.presentation import views_termijn as vt
from kpi.presentation import views_zorg as vz
from kpi.presentation.widgets import cijfer_tegel as tegel

NIET_GEZIEN = norms.K5_NIET_GEZIEN_DAGEN
JR_DAGEN = norms.K5_JR_DAGEN
TWEE = {"Geregistreerd": cz.REEKS_KLEUR["Geregistreerd"], "Gevalideerd": cz.REEKS_KLEUR["Gevalideerd"]}

ZAAK = {"maatregel_id": "Maatregel"}
WIE = {"medewerker_id": "Medewerker", "team_naam": "Team", "cluster_naam": "Cluster",
       "jeugdige_id": "Jeugdige (pseudoniem)", "soort": "Soort", "startdatum": "Startdatum"}
NIET_GEZIEN_KOLOMMEN = {**ZAAK, "dagen_niet_gezien": "Dagen niet alleen gezien",
                        "laatst_gezien": "Laatst alleen gezien", **WIE, "woonsituatie": "Woonsituatie",
                        "geregistreerd": "Geregistreerd (12 mnd)", "gevalideerd": "Gevalideerd (12 mnd)"}
NIET_VOLDAAN_KOLOMMEN = {**ZAAK, "registratieverschil": "Haalt norm alleen op registratie",
                         "vereist": "Vereist", "geregistreerd": "Geregistreerd", "gevalideerd": "Gevalideerd",
                         "tekort": "Tekort", "laatst_gezien": "Laatst alleen gezien",
                         "dagen_niet_gezien": "Dagen niet alleen gezien", **WIE,
                         "woonsituatie": "Woonsituatie", "norm": "Norm per jaar"}
ONBEKEND_KOLOMMEN = {**ZAAK, **WIE, "gemeente_naam": "Gemeente", "vereist": "Vereist (norm 4)",
                     "gevalideerd": "Gevalideerd"}
ALLE_KOLOMMEN = {**ZAAK, "voldoet_val_tekst": "Voldoet (gevalideerd)", "voldoet_reg_tekst": "Voldoet (registratie)",
                 "vereist": "Vereist", "geregistreerd": "Geregistreerd", "gevalideerd": "Gevalideerd",
                 "jzw_deel": "Pleeggezin: door jzw (gevalideerd van vereist)",
                 "woonsituatie": "Woonsituatie", "norm": "Norm per jaar", "blootstelling_dagen": "Dagen in venster",
                 "laatst_gezien": "Laatst alleen gezien", **WIE}
JR_KOLOMMEN = {**ZAAK, "laatst": "Laatste contact", "dagen_zonder_contact": "Dagen zonder contact", **WIE,
               "dagen_lopend": "Dagen lopend"}
PER_GROEP_KOLOMMEN = {"naam": "Naam", "populatie": "Maatregelen", "voldoet_geregistreerd": "Voldoet (registratie)",
                      "pct_geregistreerd": "% registratie", "voldoet_gevalideerd": "Voldoet (gevalideerd)",
                      "pct_gevalideerd": "% gevalideerd"}


def kerncijfers(k: dict, trend: pl.DataFrame, vorig: pl.DataFrame) -> None:
    now, before = vz.nu_en_kwartaal_eerder(trend, vorig, "percentage")
    c1, c2, c3, c4 = st.columns(4)
    tegel(c1, "Voldoet (gevalideerd)", fmt.nl_pct(k["pct_gevalideerd"], 1),
          f"{fmt.nl_getal(k['voldoet_gevalideerd'])} van {fmt.nl_getal(k['populatie'])} maatregelen · norm: iedere "
          "maatregel", "Maatregelen die hun jaarnorm halen met contacten waarbij het kind écht alleen werd gezien: "
          "met de jeugdige, face-to-face en niemand anders erbij. Dit is de KPI.",
          fmt.nl_verschil(vz.verschil(now, before), "%"))
    tegel(c2, "Voldoet (geregistreerd)", fmt.nl_pct(k["pct_geregistreerd"], 1),
          f"{fmt.nl_getal(k['voldoet_geregistreerd'])} van {fmt.nl_getal(k['populatie'])} maatregelen",
          "Maatregelen die hun jaarnorm halen als we elk contact meetellen dat als 'kind alleen' is geregistreerd.")
    tegel(c3, f"> {NIET_GEZIEN} dagen niet gezien", fmt.nl_getal(k["niet_gezien_180"]),
          "kinderen niet alleen gezien (gevalideerd)",
          f"Het laatste gevalideerde kind-alleen-contact (of, zonder contact, de start) is meer dan {NIET_GEZIEN} "
          "dagen geleden. De lijst staat onder het tabblad met deze naam.")
    tegel(c4, "Woonsituatie onbekend", fmt.nl_getal(k["woonsituatie_onbekend"]),
          "van de OTS- en voogdijmaatregelen in dit cijfer",
          f"Geen lopende verblijfsperiode op de peildatum; gerekend met norm {norms.K5_NORM_ONBEKEND} per jaar. "
          "Telt alleen de maatregelen in K5 (lopende OTS en voogdij met een vereist aantal contacten); "
          "Datakwaliteit telt alle lopende maatregelen zonder woonsituatie, ook VOTS en JR.")


def verschil_uitleg(k: dict) -> None:
    """Both figures side by side and what the gap means, in plain Dutch."""
    left, right = st.columns([2, 3])
    with left:
        frame = pl.DataFrame({"reeks": ["Geregistreerd", "Gevalideerd"],
                              "waarde": [k["pct_geregistreerd"] or 0.0, k["pct_gevalideerd"] or 0.0]})
        widgets.grafiek_van(cz.twee_cijfers, frame, "% maatregelen dat de jaarnorm haalt", TWEE, hoogte="content")
    with right:
        pp = k["verschil_pp"]
        st.markdown(
            f"**Waarom twee cijfers?** Volgens de registratie haalt {fmt.nl_pct(k['pct_geregistreerd'])} van de "
            f"maatregelen de norm, na controle {fmt.nl_pct(k['pct_gevalideerd'])}: een verschil van "
            f"**{fmt.nl_getal(pp, 1)} procentpunt** ({fmt.nl_getal(k['verschil_maatregelen'])} maatregelen). "
            f"Van de {fmt.nl_getal(k['registraties'])} contacten van deze maatregelen (lopende OTS en voogdij) die "
            f"in het afgelopen jaar als 'kind alleen' zijn geregistreerd, tellen er "
            f"{fmt.nl_getal(k['registraties_niet_gevalideerd'])} niet mee: er was iemand "
            "anders bij (een ouder, pleegouder of hulpverlener), het contact was via video of telefoon, of de "
            "jeugdige was er niet bij. De inspectie stelde in 2025 vast dat zulke registraties voorkomen. "
            "Het dashboard telt daarom het gevalideerde cijfer als KPI en laat het verschil zien in plaats van "
            "het te verbergen. Datakwaliteit telt dezelfde fout over alle soorten maatregelen (ook VOTS en JR) "
            "en over de contacten in de gekozen periode, en komt daarom op een ander aantal uit.")
        st.page_link("pages/datakwaliteit.py", label="Welke registraties dat zijn, per team en per zaak: "
                     "Datakwaliteit", icon=":material/fact_check:")


def per_groep(rows: pl.DataFrame, s: state.Selectie) -> None:
    groep = vt.vergelijk_niveau(s.filters.cluster, s.filters.team, s.scope.clusters)
    per = cache.afgeleid(vz.kind_alleen_per, rows, groep)
    st.subheader(f"Per {groep}: geregistreerd en gevalideerd")
    st.caption("Twee balken per " + groep + ": lichtblauw volgens de registratie, donkerblauw na controle. "
               "Een groot verschil wijst op een registratieprobleem in dat " + groep + ".")
    widgets.grafiek_van(cz.paar_staven,
                        vz.twee_reeksen(per, {"pct_geregistreerd": "Geregistreerd", "pct_gevalideerd": "Gevalideerd"}),
                        "% maatregelen dat de jaarnorm haalt", TWEE, hoogte="content")
    if groep == "cluster":
        st.markdown("**Per team**")
        per = cache.afgeleid(vz.kind_alleen_per, rows, "team")
    widgets.zaaklijst(per.with_columns(pl.col("pct_geregistreerd").round(1), pl.col("pct_gevalideerd").round(1)),
                      f"kind-alleen-per-{groep}", PER_GROEP_KOLOMMEN, key="k5-per")


def trend(analyse) -> None:
    if widgets.leeg(analyse.punten, "Geen trend voor deze selectie."):
        return
    st.subheader("Voldoet per maand")
    sections.spc_trend(analyse, "% maatregelen dat de norm haalt", "k5", "Paars gestippeld: volgens de registratie.",
                       extra="pct_geregistreerd", extra_label="geregistreerd")


def jeugdreclassering(s: state.Selectie) -> None:
    jr = queries.op_peildatum("kind_alleen_jr", s)
    st.markdown(f"Bij jeugdreclassering is de norm anders: **de jongere elke {JR_DAGEN // 7} weken zien**. Telt: "
                f"een contact met de jongere (ook telefoon of video, geen overleg) in de laatste {JR_DAGEN} dagen, "
                f"voor JR-maatregelen die minstens {JR_DAGEN} dagen lopen.")
    if widgets.leeg(jr, "Geen lopende JR-maatregelen (van minstens vier weken) in deze selectie."):
        return
    k = cache.afgeleid(vz.jr_kerncijfers, jr)
    reeks = cache.afgeleid(vz.jr_trend, queries.maandreeks("kind_alleen_jr", s))
    vorig = cache.afgeleid(vz.jr_trend, queries.reeks_op("kind_alleen_jr", state.vorig_kwartaal(s)))
    now, before = vz.nu_en_kwartaal_eerder(reeks.punten, vorig.punten, "percentage")
    c1, c2 = st.columns([1, 3])
    with c1:
        tegel(st, "JR: contact in 4 weken", fmt.nl_pct(k["pct"], 1),
              f"{fmt.nl_getal(k['voldoet'])} van {fmt.nl_getal(k['populatie'])} JR-maatregelen",
              "Lopende JR-maatregelen met een contact met de jongere in de laatste 28 dagen.",
              fmt.nl_verschil(vz.verschil(now, before), "%"))
    with c2:
        widgets.spc_grafiek(reeks, "% JR met contact in 4 weken")
    groep = vt.vergelijk_niveau(s.filters.cluster, s.filters.team, s.scope.clusters)
    per = cache.afgeleid(vz.jr_per, jr, groep)
    st.markdown(f"**Per {groep}**")
    widgets.grafiek_van(cz.paar_staven, vz.twee_reeksen(per, {"percentage": "Contact in 4 weken"}),
                        "% JR-maatregelen", {"Contact in 4 weken": cz.BLAUW},
                        hoogte="content")
    st.markdown(f"**JR-maatregelen zonder contact in de laatste {JR_DAGEN} dagen** (het langst zonder contact "
                "bovenaan; zonder enig contact telt vanaf de start)")
    widgets.zaaklijst(cache.afgeleid(vz.jr_niet_voldaan, jr), "jr-zonder-contact", JR_KOLOMMEN, key="k5-jr")


def main() -> None:
    s = sections.kop("Kind-alleen-contact (K5)",
                     "Ziet de jeugdzorgwerker het kind **alleen**, zo vaak als de norm vraagt? Norm per jaar naar "
                     "woonsituatie: thuis en pleeggezin 4 (in een pleeggezin minstens 2 door de jeugdzorgwerker), "
                     "gezinshuis en instelling 4 bij OTS en 6 bij voogdij. Het venster is het afgelopen jaar; een "
                     "maatregel die korter loopt, heeft naar rato minder contacten nodig. Alleen OTS en voogdij; "
                     "jeugdreclassering staat in een eigen tabblad.")
    rows = queries.op_peildatum("kind_alleen", s)
    reeks = cache.afgeleid(vz.kind_alleen_trend, queries.maandreeks("kind_alleen", s))
    vorig = cache.afgeleid(vz.kind_alleen_trend, queries.reeks_op("kind_alleen", state.vorig_kwartaal(s)))
    tabs_namen = ["Per cluster en team", "Trend", f"Niet alleen gezien > {NIET_GEZIEN} dagen",
                  "Haalt de norm niet", "Woonsituatie onbekend", "Jeugdreclassering", "Alle maatregelen"]
    if rows.is_empty():
        st.info("Geen lopende OTS- of voogdijmaatregelen met een vereist aantal contacten in deze selectie.")
        with st.expander("Jeugdreclassering", expanded=True):
            jeugdreclassering(s)
        return
    k = cache.afgeleid(vz.kind_alleen_kerncijfers, rows)
    kerncijfers(k, reeks.punten, vorig.punten)
    verschil_uitleg(k)

    tabs = st.tabs(tabs_namen)
    with tabs[0]:
        per_groep(rows, s)
    with tabs[1]:
        trend(reeks)
    with tabs[2]:
        lijst = cache.afgeleid(vz.niet_gezien_lijst, rows)
        st.markdown(f"**{fmt.nl_getal(lijst.height)} kinderen** zijn meer dan {NIET_GEZIEN} dagen niet alleen "
                    "gezien (alleen gevalideerde contacten tellen; nooit gezien telt vanaf de start). Langst "
                    "geleden bovenaan: hier kunt u vandaag op handelen.")
        widgets.zaaklijst(lijst, "niet-alleen-gezien-180-dagen", NIET_GEZIEN_KOLOMMEN, key="k5-180")
    with tabs[3]:
        lijst = cache.afgeleid(vz.kind_alleen_niet_voldaan, rows)
        alleen_reg = int(lijst["alleen_geregistreerd"].sum()) if lijst.height else 0
        st.markdown(f"**{fmt.nl_getal(lijst.height)} maatregelen** halen de norm niet na controle. Bij "
                    f"{fmt.nl_getal(alleen_reg)} daarvan lijkt het volgens de registratie wel goed "
                    "('Haalt norm alleen op registratie' = ja): die staan bovenaan.")
        widgets.zaaklijst(lijst, "kind-alleen-norm-niet-gehaald", NIET_VOLDAAN_KOLOMMEN, key="k5-niet")
    with tabs[4]:
        lijst = cache.afgeleid(vz.woonsituatie_onbekend_lijst, rows)
        st.markdown(f"**{fmt.nl_getal(lijst.height)} maatregelen** hebben op de peildatum geen lopende "
                    "verblijfsperiode. Daardoor is de norm onzeker (er is gerekend met "
                    f"{norms.K5_NORM_ONBEKEND} per jaar). Dit is een registratieprobleem: vul de woonsituatie aan "
                    "in het bronsysteem.")
        widgets.zaaklijst(lijst, "woonsituatie-onbekend", ONBEKEND_KOLOMMEN, key="k5-onbekend")
    with tabs[5]:
        jeugdreclassering(s)
    with tabs[6]:
        st.markdown(f"Alle **{fmt.nl_getal(rows.height)} maatregelen** die in de cijfers bovenaan meetellen, met "
                    "beide oordelen.")
        widgets.zaaklijst(cache.afgeleid(vz.kind_alleen_alle, rows), "kind-alleen-alle-maatregelen", ALLE_KOLOMMEN,
                          key="k5-alle")


main()
