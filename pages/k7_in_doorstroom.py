"""In- en doorstroomteam (K7): the team's own work rules (contact within 6 weeks, case
conference within half a year), how long families stay, how many different workers they
meet, and the cases where a rule is broken."""

from __future__ import annotations

import polars as pl
import streamlit as st

from kpi.core import norms
from kpi.presentation import charts_zorg as cz
from kpi.presentation import annotaties, cache, queries, sections, state, widgets
from kpi.presentation import format as fmt
from kpi.presentation import views_termijn as vt
from kpi.presentation import views_zorg as vz
from kpi.presentation.widgets import cijfer_tegel as tegel

CONTACT = norms.K7_CONTACT_DAGEN
CASUS = norms.K7_CASUISTIEK_DAGEN
REGELS = cz.REGEL_KLEUR  # {"Contact ≤ 6 weken": ..., "Casuïstiek ≤ half jaar": ...}

BASIS = {"maatregel_id": "Maatregel", "jeugdige_id": "Jeugdige (pseudoniem)", "soort": "Soort",
         "cluster_naam": "Cluster", "team_naam": "Team", "medewerker_id": "Medewerker (doorstroom)",
         "in_team_sinds": "In het team sinds", "dagen_in_team": "Dagen in het team"}
CONTACT_KOLOMMEN = {"maatregel_id": "Maatregel", "laatst": "Laatste contact",
                    "dagen_zonder_contact": "Dagen zonder contact",
                    "medewerker_id": "Medewerker (doorstroom)", "in_team_sinds": "In het team sinds",
                    "dagen_in_team": "Dagen in het team", "aantal_werkers_365": "Medewerkers in 12 mnd",
                    "jeugdige_id": "Jeugdige (pseudoniem)", "soort": "Soort", "cluster_naam": "Cluster",
                    "team_naam": "Team"}
CASUS_KOLOMMEN = {"maatregel_id": "Maatregel", "laatst": "Laatste casuïstiekbespreking",
                  "dagen_zonder_bespreking": "Dagen zonder bespreking", "in_team_sinds": "In het team sinds",
                  "dagen_in_team": "Dagen in het team", "medewerker_id": "Medewerker (doorstroom)",
                  "jeugdige_id": "Jeugdige (pseudoniem)", "soort": "Soort", "cluster_naam": "Cluster",
                  "team_naam": "Team"}
ALLE_KOLOMMEN = {"maatregel_id": "Maatregel", "contact_tekst": "Contactregel gehaald",
                 "laatst_contact": "Laatste contact", "casuistiek_tekst": "Casuïstiekregel gehaald",
                 "laatst_casuistiek": "Laatste casuïstiek", "aantal_werkers_365": "Medewerkers in 12 mnd",
                 **{k: v for k, v in BASIS.items() if k != "maatregel_id"}}
PER_GROEP_KOLOMMEN = {"naam": "Naam", "populatie": "Maatregelen", "contact_ok": "Contact ≤ 6 weken",
                      "pct_contact": "% contact", "casuistiek_ok": "Casuïstiek ≤ half jaar",
                      "pct_casuistiek": "% casuïstiek", "mediaan_dagen_in_team": "Mediaan dagen in team"}


def kerncijfers(k: dict, contact, casus, vorig) -> None:
    c_now, c_before = vz.nu_en_kwartaal_eerder(contact.punten, vorig[0].punten, "percentage")
    b_now, b_before = vz.nu_en_kwartaal_eerder(casus.punten, vorig[1].punten, "percentage")
    c1, c2, c3, c4 = st.columns(4)
    tegel(c1, "Maatregelen in het team", fmt.nl_getal(k["populatie"]),
          "zonder vaste jeugdzorgwerker, gedeelde caseload",
          "Lopende maatregelen zonder vaste jeugdzorgwerker met een lopende toewijzing aan het in- en "
          "doorstroomteam.")
    tegel(c2, "Contact binnen 6 weken", fmt.nl_pct(k["pct_contact"], 1),
          f"{fmt.nl_getal(k['contact_ok'])} van {fmt.nl_getal(k['populatie'])} · norm: iedere maatregel",
          f"Het laatste contact (elke vorm, ook telefoon of video; met jeugdige, ouders of hulpverleners) is hooguit "
          f"{CONTACT} dagen voor de peildatum.", fmt.nl_verschil(vz.verschil(c_now, c_before), "%"))
    tegel(c3, "Casuïstiek binnen half jaar", fmt.nl_pct(k["pct_casuistiek"], 1),
          f"{fmt.nl_getal(k['casuistiek_ok'])} van {fmt.nl_getal(k['populatie'])} · norm: iedere maatregel",
          f"Een casuïstiekbespreking hooguit {CASUS} dagen voor de peildatum, of de maatregel zit korter dan "
          f"{CASUS} dagen in het team.", fmt.nl_verschil(vz.verschil(b_now, b_before), "%"))
    tegel(c4, "Mediaan tijd in het team", fmt.nl_dagen(k["mediaan_dagen_in_team"]),
          f"mediaan {fmt.nl_getal(k['mediaan_werkers'])} verschillende medewerkers per gezin in 12 maanden",
          "Vanaf het begin van de ononderbroken periode in het team die de peildatum omvat.")


def per_groep(rows: pl.DataFrame, s: state.Selectie) -> None:
    groep = vt.vergelijk_niveau(s.filters.cluster, s.filters.team, s.scope.clusters)
    per = cache.afgeleid(vz.in_doorstroom_per, rows, groep)
    st.subheader(f"Werkafspraken per {groep}")
    st.caption(f"Per {groep} van de maatregel: het aandeel maatregelen dat de contactregel en de "
               "casuïstiekregel haalt.")
    regels = vz.twee_reeksen(per, {"pct_contact": "Contact ≤ 6 weken", "pct_casuistiek": "Casuïstiek ≤ half jaar"})
    widgets.grafiek_van(cz.paar_staven, regels, "% maatregelen dat de regel haalt", REGELS, hoogte="content")
    widgets.zaaklijst(per.with_columns(pl.col("pct_contact").round(1), pl.col("pct_casuistiek").round(1)),
                      f"doorstroom-per-{groep}", PER_GROEP_KOLOMMEN, key="k7-per")


def trend(contact, casus) -> None:
    if widgets.leeg(contact.punten, "Geen trend voor deze selectie."):
        return
    st.caption(sections.SPC_UITLEG)
    left, right = st.columns(2)
    with left:
        st.subheader("Contact binnen 6 weken")
        widgets.spc_grafiek(contact, "% met contact ≤ 6 weken", notities=annotaties.bij_grafiek("k7"))
    with right:
        st.subheader("Casuïstiek binnen half jaar")
        widgets.spc_grafiek(casus, "% besproken ≤ half jaar", notities=annotaties.bij_grafiek("k7"))
    annotaties.onder_grafiek("k7")
    st.subheader("Aantal maatregelen in het team")
    widgets.grafiek_van(cz.lijn, contact.punten, "totaal", "Maatregelen", y_format=".0f", hoogte="content")


def verdelingen(rows: pl.DataFrame, k: dict) -> None:
    left, right = st.columns(2)
    with left:
        st.subheader("Hoe lang zitten gezinnen in het team?")
        widgets.grafiek_van(cz.staven, cache.afgeleid(vz.tijd_in_team_verdeling, rows), "duur", "aantal",
                            "Tijd in het team", "Maatregelen", hoogte="content")
        st.caption("Vanaf het begin van de ononderbroken periode in het team tot de peildatum.")
    with right:
        st.subheader("Hoeveel verschillende medewerkers?")
        widgets.grafiek_van(cz.staven, cache.afgeleid(vz.werkers_verdeling, rows), "werkers", "aantal",
                            "Medewerkers met contact in de laatste 12 maanden", "Maatregelen",
                            kleur=cz.PAARS, hoogte="content")
        st.caption("Gezinnen in het team zien vaak steeds een andere medewerker. Geteld: verschillende medewerkers "
                   f"met een contact in de laatste {norms.K7_WERKERS_DAGEN} dagen (van alle teams).")


def main() -> None:
    s = sections.kop("In- en doorstroomteam (K7)",
                     "Gezinnen zonder vaste jeugdzorgwerker kunnen in het in- en doorstroomteam komen: een team met "
                     "een gedeelde caseload. Het team heeft twee eigen werkafspraken: **minstens elke zes weken "
                     f"contact** (ook telefonisch of via video; hooguit {CONTACT} dagen ertussen) en **minstens elk "
                     f"half jaar een casuïstiekbespreking** (hooguit {CASUS} dagen).")
    rows = queries.op_peildatum("in_doorstroom", s)
    contact, casus = cache.afgeleid(vz.in_doorstroom_trend, queries.maandreeks("in_doorstroom", s))
    if widgets.leeg(rows, "Geen maatregelen in het in- en doorstroomteam op de peildatum in deze selectie."):
        if contact.punten.height:
            trend(contact, casus)
        return
    k = cache.afgeleid(vz.in_doorstroom_kerncijfers, rows)
    vorig = cache.afgeleid(vz.in_doorstroom_trend, queries.reeks_op("in_doorstroom", state.vorig_kwartaal(s)))
    kerncijfers(k, contact, casus, vorig)
    if k["geen_contact_ooit"]:
        st.warning(f"**{fmt.nl_getal(k['geen_contact_ooit'])} maatregelen in het team hebben nog nooit contact "
                   "gehad.** Ze staan in de lijst 'Contactregel niet gehaald' met 'nooit'; hun dagen zonder contact "
                   "tellen vanaf de komst in het team.", icon=":material/warning:")

    contact_lijst = cache.afgeleid(vz.contact_niet_gehaald, rows)
    casus_lijst = cache.afgeleid(vz.casuistiek_niet_gehaald, rows)
    tabs = st.tabs([f"Contactregel niet gehaald ({fmt.nl_getal(contact_lijst.height)})",
                    f"Casuïstiek niet gehaald ({fmt.nl_getal(casus_lijst.height)})",
                    "Per cluster en team", "Trend", "Tijd in team en medewerkers", "Alle maatregelen in het team"])
    with tabs[0]:
        st.markdown(f"Maatregelen waarvan het laatste contact meer dan {CONTACT} dagen geleden is, of die nog nooit "
                    "contact hadden (hun dagen tellen vanaf de komst in het team). Het langst zonder contact "
                    "bovenaan: hier kunt u vandaag op handelen.")
        widgets.zaaklijst(contact_lijst, "doorstroom-contact-niet-gehaald", CONTACT_KOLOMMEN, key="k7-contact")
    with tabs[1]:
        st.markdown(f"Maatregelen die {CASUS} dagen of langer in het team zitten zonder casuïstiekbespreking in de "
                    f"laatste {CASUS} dagen; het langst zonder bespreking bovenaan.")
        widgets.zaaklijst(casus_lijst, "doorstroom-casuistiek-niet-gehaald", CASUS_KOLOMMEN, key="k7-casus")
    with tabs[2]:
        per_groep(rows, s)
    with tabs[3]:
        trend(contact, casus)
    with tabs[4]:
        verdelingen(rows, k)
    with tabs[5]:
        widgets.zaaklijst(cache.afgeleid(vz.in_doorstroom_alle, rows), "doorstroom-alle-maatregelen", ALLE_KOLOMMEN,
                          key="k7-alle")


main()
