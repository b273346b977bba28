"""Overzicht: one tile per KPI (in the registry's order: the deadline KPIs, then those at the
peildatum), the capacity gap, and who waits without a fixed worker."""

import polars as pl
import streamlit as st

from kpi.core.labels import FILTER_LABELS
from kpi.core.registry import KPIS, MEDEWERKER, TERMIJN, heeft_cijfer, niet_van_toepassing
from kpi.presentation import charts, queries, sections, widgets
from kpi.presentation import format as fmt
from kpi.presentation import views_termijn as vt

s = sections.kop("Overzicht", "Alle KPI's op een rij: het cijfer, de norm, het verschil met vorig kwartaal en de trend "
                              "van de laatste 12 maanden. Klik op 'Details en zaaklijsten' voor de zaken achter een "
                              "cijfer.")


def tegel(kpi) -> None:
    """The KPI's tile, by its kind (its figure, or why there is none for this selection)."""
    if not heeft_cijfer(kpi, s.filters, s.scope):
        sections.niet_per_gemeente(kpi.key)
        return
    if kpi.kind == TERMIJN:
        functie, args, kwargs = queries.termijn_tegel, (kpi.key, s), {}
    elif kpi.kind == MEDEWERKER:
        functie, args, kwargs = queries.caseload_tegel, (s,), {}
    else:
        t = kpi.tegel
        functie, args, kwargs = queries.aandeel_tegel, (kpi.key, t.series, t.maat, t.teller, s), \
            {"extra": dict(t.extra) if t.extra else None}
    tile = widgets.probeer(functie, *args, melding=f"{kpi.key.upper()} kan nu niet worden berekend.", **kwargs)
    if tile:
        anders = [FILTER_LABELS[f] for f in niet_van_toepassing(kpi, s.filters) if f not in kpi.geen_cijfer_bij]
        sections.kpi_tegel(tile, opmerking=f"Het filter op {' en '.join(anders)} geldt niet voor "
                                           f"{kpi.korte_titel.lower()}." if anders else None)


st.subheader("Termijnen: deadline in de gekozen periode")
for col, kpi in zip(st.columns(3), [k for k in KPIS if k.kind == TERMIJN]):
    with col:
        tegel(kpi)

st.subheader(f"Op de peildatum {fmt.nl_datum(s.peildatum)}")
rows = None
blokken = [*(k for k in KPIS if k.kind != TERMIJN), "capaciteit", "wachten"]
for start in range(0, len(blokken), 3):
    for col, blok in zip(st.columns(3), blokken[start:start + 3]):
        if blok == "wachten":
            rows = widgets.probeer(queries.op_peildatum, "vaste_jzw", s,
                                   melding="K6 (vaste jeugdzorgwerker) kan nu niet worden berekend.")
        with col:
            if blok == "capaciteit":
                sections.capaciteit_blok(s)
            elif blok == "wachten":
                if rows is not None:
                    sections.wachten_blok(vt.zonder_vaste_jzw(rows))
            else:
                tegel(blok)

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
