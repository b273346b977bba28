"""Overzicht: one tile per KPI, the capacity gap, and who waits without a fixed worker."""

import polars as pl
import streamlit as st

from kpi.presentation import charts
from kpi.presentation import queries, sections, widgets
from kpi.presentation import format as fmt
from kpi.presentation import views_termijn as vt

s = sections.kop("Overzicht", "Alle KPI's op een rij: het cijfer, de norm, het verschil met vorig kwartaal en de trend "
                        "van de laatste 12 maanden. Klik op 'Details en zaaklijsten' voor de zaken achter een cijfer.")


def tegel(functie, *args, key: str, **kwargs) -> None:
    tile = widgets.probeer(functie, *args, melding=f"{key.upper()} kan nu niet worden berekend.", **kwargs)
    if tile:
        sections.kpi_tegel(tile, opmerking="Het filter op soort maatregel geldt niet voor caseload."
                     if key == "k4" and s.filters.soort else None)


st.subheader("Termijnen: deadline in de gekozen periode")
for col, key in zip(st.columns(3), ("k1", "k2", "k3")):
    with col:
        tegel(queries.termijn_tegel, key, s, key=key)

st.subheader(f"Op de peildatum {fmt.nl_datum(s.peildatum)}")
k4, k5, k6 = st.columns(3)
with k4:
    if s.filters.gemeente:
        sections.niet_per_gemeente("k4")
    else:
        tegel(queries.caseload_tegel, s, key="k4")
with k5:
    tegel(queries.aandeel_tegel, "k5", "kind_alleen", "% haalt jaarnorm (gevalideerd)", ("voldoet_gevalideerd",), s,
          extra={"volgens registratie": ("voldoet_geregistreerd",)}, key="k5")
with k6:
    tegel(queries.aandeel_tegel, "k6", "vaste_jzw", "% met vaste jeugdzorgwerker", ("met_vaste_jzw",), s, key="k6")

k7, gap, wait = st.columns(3)
with k7:
    tegel(queries.aandeel_tegel, "k7", "in_doorstroom", "% aan beide werkafspraken",
          ("contact_ok", "casuistiek_ok"), s,
          extra={"contact ≤ 6 weken": ("contact_ok",), "casuïstiek ≤ ½ jaar": ("casuistiek_ok",)},
          key="k7")
with gap:
    sections.capaciteit_blok(s)
rows = widgets.probeer(queries.op_peildatum, "vaste_jzw", s, melding="K6 (vaste jeugdzorgwerker) kan nu niet worden berekend.")
with wait:
    if rows is not None:
        sections.wachten_blok(vt.zonder_vaste_jzw(rows))

st.subheader("Hoe lang wachten kinderen op de monitorlijst?")
if rows is not None:
    per_kleur = vt.wachten_per_kleur(rows)
    if not widgets.leeg(per_kleur.filter(pl.col("aantal") > 0), "Niemand op de monitorlijst voor deze selectie."):
        left, right = st.columns([2, 1])
        with left:
            widgets.grafiek_van(charts.wachten_per_kleur, per_kleur)
        right.caption("Mediaan van het aantal dagen sinds de maatregel op de monitorlijst kwam, per kleurcode op de "
                      "peildatum. Rood krijgt als eerste een vaste jeugdzorgwerker, dan oranje, dan groen; 'geen' "
                      "heeft nog geen veiligheidsinschatting en moet eerst getrieerd worden.")
        right.page_link("pages/k6_wachtrij.py", label="Naar de wachtrij per cluster (K6)",
                        icon=":material/arrow_forward:")
