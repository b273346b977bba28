"""Overzicht: one tile per KPI (in the registry's order: the deadline KPIs, then those at the
peildatum), the capacity gap, and who waits without a fixed worker."""

import polars as pl
import streamlit as st

from kpi.core.labels import FILTER_LABELS
from kpi.core.registry import KPIS, TERMIJN, heeft_cijfer, niet_van_toepassing
from kpi.presentation import charts, queries, sections, widgets
from kpi.presentation import format as fmt
from kpi.presentation import views_termijn as vt
from kpi.reports import bestuurspakket

s = sections.kop("Overzicht", "Alle KPI's op een rij: het cijfer, de norm, het verschil met vorig kwartaal en de trend "
                              "van de laatste 12 maanden. Klik op 'Details en zaaklijsten' voor de zaken achter een "
                              "cijfer.")


def tegel(kpi) -> None:
    """The KPI's tile, by its kind (its figure, or why there is none for this selection)."""
    if not heeft_cijfer(kpi, s.filters, s.scope):
        sections.niet_per_gemeente(kpi.key)
        return
    tile = widgets.probeer(queries.tile_figures, kpi.key, s, melding=f"{kpi.key.upper()} kan nu niet worden berekend.")
    if tile:
        anders = [FILTER_LABELS[f] for f in niet_van_toepassing(kpi, s.filters) if f not in kpi.geen_cijfer_bij]
        sections.kpi_tegel(tile, opmerking=f"Het filter op {' en '.join(anders)} geldt niet voor "
                                           f"{kpi.korte_titel.lower()}." if anders else None)


def in_rijen(blokken: list, rows: pl.DataFrame | None = None) -> None:
    """KPI tiles (and the capacity and waiting blocks) three to a row."""
    for start in range(0, len(blokken), 3):
        for col, blok in zip(st.columns(3), blokken[start:start + 3]):
            with col:
                if blok == "capaciteit":
                    sections.capaciteit_blok(s)
                elif blok == "wachten":
                    if rows is not None:
                        sections.wachten_blok(vt.zonder_vaste_jzw(rows))
                else:
                    tegel(blok)


st.subheader("Termijnen: deadline in de gekozen periode")
in_rijen([k for k in KPIS if k.kind == TERMIJN])
st.subheader(f"Op de peildatum {fmt.nl_datum(s.peildatum)}")
rows = widgets.probeer(queries.op_peildatum, "vaste_jzw", s, melding="K6 (vaste jeugdzorgwerker) kan nu niet worden "
                                                                     "berekend.")
in_rijen([*(k for k in KPIS if k.kind != TERMIJN), "capaciteit", "wachten"], rows)

st.subheader("Hoe lang wachten kinderen op de monitorlijst?")
if rows is not None:
    per_kleur = vt.wachten_per_kleur(rows)
    if not widgets.leeg(per_kleur.filter(pl.col("aantal") > 0), "Niemand op de monitorlijst voor deze selectie."):
        left, right = st.columns([2, 1])
        with left:
            widgets.grafiek_van(charts.wachten_per_kleur, per_kleur)
        right.caption("Mediaan van het aantal dagen sinds de maatregel op de monitorlijst kwam, per kleurcode op de "
                      "peildatum. Rood krijgt als eerste een vaste jeugdzorgwerker, dan oranje, dan groen; bij 'Nog "
                      "geen kleurcode' is er nog geen veiligheidsinschatting en moet de maatregel eerst getrieerd "
                      "worden.")
        right.page_link("pages/k6_wachtrij.py", label="Naar de wachtrij per cluster (K6)",
                        icon=":material/arrow_forward:")

if s.scope.clusters is None and s.scope.gemeente is None:  # the whole organisation: board and administrators
    st.subheader("Bestuurspakket")
    st.caption(f"Eén toegankelijke PDF voor de bestuursvergadering: alle KPI's tegen hun norm, de trends met hun "
               f"variatie en zekerheid, de notities, clusters naast elkaar en funnelplots per cluster en team. Altijd "
               f"de hele organisatie, peildatum {fmt.nl_datum(s.peildatum)}, termijnen over "
               f"{fmt.nl_datum(s.van)} t/m {fmt.nl_datum(s.tot)} (de filters gelden hier niet).")
    st.download_button("Download bestuurspakket (PDF)",
                       lambda: bestuurspakket.pdf_bytes(bestuurspakket.verzamel(queries.database(), s.peildatum,
                                                                                s.van, s.tot)),
                       file_name=bestuurspakket.bestandsnaam(s.peildatum), mime="application/pdf",
                       key="bestuurspakket", icon=":material/picture_as_pdf:")
