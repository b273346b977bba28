"""The full KPI report as one JSON-ready object (`python -m kpi report --json`).

k1-k3 count measures whose deadline falls in [van, tot] (and on or before P);
k8 counts complaints received, deadlines due and rulings in [van, tot] (as known at P);
everything else is at the peildatum. k4 is left out when a municipality is
selected (workers are not selected by municipality); the queue of k6 is given
when a cluster is.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from kpi.core.params import ALLES, Filters, Scope
from kpi.core.registry import KPI_BY_KEY, KPIS, TERMIJN, heeft_cijfer
from kpi.data.db import Database
from kpi.metrics import engine
from kpi.metrics.klachten import k8_cijfers

Date = dt.date


def _deadline(db: Database, key: str, peildatum: Date, van: Date, tot: Date, filters: Filters,
              scope: Scope) -> dict:
    figure = engine.deadline_kpi(db, key, peildatum, van, tot, filters, scope)
    return {**{s: int(figure[s]) for s in engine.STATUSSEN}, "totaal": int(figure["totaal"]),
            "percentage": _round(figure["percentage"])}


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(float(value), digits)


def build_report(db: Database, peildatum: Date, van: Date, tot: Date, filters: Filters = Filters(),
                 scope: Scope = ALLES) -> dict:
    report: dict = {
        "peildatum": peildatum.isoformat(),
        "periode": {"van": van.isoformat(), "tot": tot.isoformat()},
        "exportdatum": db.exportdatum.isoformat(),
        "filters": {k: v for k, v in vars(filters).items() if v is not None},
    }
    for kpi in KPIS:
        if kpi.kind == TERMIJN:
            report[kpi.naam] = _deadline(db, kpi.key, peildatum, van, tot, filters, scope)

    if heeft_cijfer(KPI_BY_KEY["k4"], filters, scope):
        workers = engine.caseload(db, [peildatum], filters, scope)
        jb = engine.caseload_counts(workers.filter(pl.col("team_soort") == "jb")).row(0, named=True)
        jr = engine.caseload_counts(workers.filter(pl.col("team_soort") == "jr")).row(0, named=True)
        gap = engine.capaciteit(db, [peildatum], filters, scope).row(0, named=True)
        report["k4_caseload"] = {
            "medewerkers": int(jb["medewerkers"]),
            "fte": _round(jb["fte"] or 0.0, 2),
            "jeugdigen_met_vaste_jzw": int(gap["jeugdigen_met_vaste_jzw"]),
            "boven_norm": int(jb["boven_norm"]),
            "som_caseload": int(jb["caseload"] or 0),
            "caseload_per_fte": _round(jb["caseload_per_fte"], 2),
            "norm": jb["norm"],
            "jeugdigen_zonder_vaste_jzw": int(gap["jeugdigen_zonder_vaste_jzw"]),
            "fte_nodig": _round(gap["fte_nodig"], 1),
            "capaciteitsgat_fte": _round(gap["capaciteitsgat"], 1),
            "jr": {"medewerkers": int(jr["medewerkers"]), "fte": _round(jr["fte"] or 0.0, 2),
                   "boven_norm": int(jr["boven_norm"]), "caseload_per_fte": _round(jr["caseload_per_fte"], 2)},
        }

    # Only the columns the figures count (no names, no case-list columns).
    k5 = engine.kind_alleen(db, [peildatum], filters, scope, columns=(
        "voldoet_geregistreerd", "voldoet_gevalideerd", "niet_gezien_180", "woonsituatie_onbekend"))
    k5_jr = engine.kind_alleen_jr(db, [peildatum], filters, scope, columns=("voldoet",))
    report["k5_kind_alleen"] = {
        "populatie": k5.height,
        "voldoet_geregistreerd": int(k5["voldoet_geregistreerd"].sum()),
        "voldoet_gevalideerd": int(k5["voldoet_gevalideerd"].sum()),
        "niet_gezien_180_dagen": int(k5["niet_gezien_180"].sum()),
        "woonsituatie_onbekend": int(k5["woonsituatie_onbekend"].sum()),
        "jr": {"populatie": k5_jr.height, "voldoet": int(k5_jr["voldoet"].sum())},
    }

    k6 = engine.vaste_jzw(db, [peildatum], filters, scope, columns=(
        "maatregel_id", "met_vaste_jzw", "op_monitorlijst", "kleurcode", "in_doorstroom", "werkwijze",
        "triage_te_laat", "wachtdagen", *(("plaats",) if filters.cluster is not None else ())))
    op_lijst = k6.filter(pl.col("op_monitorlijst"))
    kleur = dict(op_lijst.group_by("kleurcode").len().iter_rows())
    report["k6_vaste_jzw"] = {
        "lopend": k6.height,
        "met_vaste_jzw": int(k6["met_vaste_jzw"].sum()),
        "monitorlijst": op_lijst.height,
        "in_doorstroom": int(k6["in_doorstroom"].sum()),
        "zonder_werkwijze": int((k6["werkwijze"] == "geen").sum()),
        "kleur": {c: int(kleur.get(c, 0)) for c in ("geen", "rood", "oranje", "groen")},
        "triage_te_laat": int(k6["triage_te_laat"].sum()),
        "mediaan_wachtdagen": _round(op_lijst["wachtdagen"].median()),
    }
    if filters.cluster is not None:
        report["k6_vaste_jzw"]["wachtrij"] = op_lijst.sort("plaats")["maatregel_id"].to_list()

    k7 = engine.in_doorstroom(db, [peildatum], filters, scope,
                              columns=("contact_ok", "casuistiek_ok", "dagen_in_team"))
    report["k7_in_doorstroom"] = {
        "populatie": k7.height,
        "contact_binnen_6_weken": int(k7["contact_ok"].sum()),
        "casuistiek_binnen_half_jaar": int(k7["casuistiek_ok"].sum()),
        "mediaan_dagen_in_team": _round(k7["dagen_in_team"].median()),
    }

    k8 = k8_cijfers(db, peildatum, van, tot, filters, scope)
    report["k8_klachten"] = {**k8, "per_100_jeugdigen": _round(k8["per_100_jeugdigen"]),
                             "pct_gegrond": _round(k8["pct_gegrond"])}
    return report
