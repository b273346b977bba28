"""The work list (werklijst): every case that needs action at the peildatum, with its reason, its
deadline and the (working) days left or overdue, for area managers and team leads.

One query (sql/werklijst/werklijst.sql) reads the same intermediate macros as the KPI pages, so
the list cannot count differently from them; docs/werklijst.md says per reason what is listed.
The complaint stages (K8) are not on it yet: the complaint metrics are built on another branch.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from kpi.core import norms
from kpi.core.labels import WERKLIJST_REDENEN, WERKLIJST_TOELICHTING, WERKLIJST_URGENTIE
from kpi.core.params import ALLES, Filters, Scope, query_params
from kpi.core.registry import TERMIJN_KPIS
from kpi.data.db import Database

Date = dt.date

# Reasons in the order of the count on top (labels: kpi/core/labels.py); every deadline KPI has one.
REDEN_LABEL = WERKLIJST_REDENEN
assert set(TERMIJN_KPIS) <= set(REDEN_LABEL), "every deadline KPI has a reason on the work list"
TERUG_DAGEN = 31  # K5 below the norm: since when is looked up this many days back (else "langer")
URGENTIE_LABEL = WERKLIJST_URGENTIE
URGENTIE_VOLGORDE = tuple(URGENTIE_LABEL)
TOELICHTING_LABEL = WERKLIJST_TOELICHTING
SCHEMA = {
    "reden": pl.String, "maatregel_id": pl.String, "jeugdige_id": pl.String, "soort": pl.String,
    "cluster_id": pl.String, "cluster_naam": pl.String, "team_id": pl.String, "team_naam": pl.String,
    "medewerker_id": pl.String, "deadline": pl.Date, "dagen": pl.Int32, "werkdagen": pl.Int32,
    "urgentie": pl.String, "contacten_nodig": pl.Int32, "toelichting": pl.String,
}


def horizon(db: Database, peildatum: Date) -> Date:
    """The last day of "due soon": the BINNENKORT_WERKDAGEN-th working day after the peildatum, in the
    file's own calendar (the one the deadlines were computed with)."""
    return db.sql("select werkdag_plus($peildatum, $n) as tot",
                  {"peildatum": peildatum, "n": norms.BINNENKORT_WERKDAGEN})["tot"][0]


def werklijst(db: Database, peildatum: Date, filters: Filters = Filters(), scope: Scope = ALLES) -> pl.DataFrame:
    """Every action at the peildatum for the selection, urgent first (overdue, oldest deadline
    first; then today; then due soon), with Dutch labels for the reason, urgency and note."""
    tot = horizon(db, peildatum)
    eerste = peildatum - dt.timedelta(days=TERUG_DAGEN)
    # up to the day after `tot`: a measure first failing that day is due on `tot`
    dagen = [eerste + dt.timedelta(days=i) for i in range((tot - eerste).days + 2)]
    rows = db.query("werklijst/werklijst", query_params(peildatum, filters, scope, tot=tot, peildata=dagen))
    rows = rows.cast({k: v for k, v in SCHEMA.items() if k in rows.columns}).select(list(SCHEMA))
    return rows.with_columns(
        reden_label=pl.col("reden").replace_strict(REDEN_LABEL, default=pl.col("reden")),
        urgentie_label=pl.col("urgentie").replace_strict(URGENTIE_LABEL, default=pl.col("urgentie")),
        toelichting_label=_toelichting(),
    ).sort(["werkdagen", "deadline", "reden", "maatregel_id"], nulls_last=False)


def _toelichting() -> pl.Expr:
    """The note in Dutch; for K5 with the number of contacts still needed (and, below the norm
    for longer than was looked back, that it has been so for more than TERUG_DAGEN days)."""
    tekst = pl.col("toelichting").replace_strict(TOELICHTING_LABEL, default=pl.col("toelichting"))
    tekst = (pl.when((pl.col("toelichting") == "onder_norm") & pl.col("deadline").is_null())
             .then(tekst + pl.lit(f" (al meer dan {TERUG_DAGEN} dagen)")).otherwise(tekst))
    nodig = pl.col("contacten_nodig")
    return (pl.when(nodig.is_not_null())
            .then(tekst + pl.lit(": nog ") + nodig.cast(pl.String)
                  + pl.when(nodig == 1).then(pl.lit(" contact nodig")).otherwise(pl.lit(" contacten nodig")))
            .otherwise(tekst))


def per_reden(rows: pl.DataFrame) -> pl.DataFrame:
    """The count on top: per reason (every reason, also at 0), how many overdue, today and due soon."""
    basis = pl.DataFrame({"reden": list(REDEN_LABEL), "reden_label": list(REDEN_LABEL.values())})
    telling = rows.group_by("reden").agg(
        *[(pl.col("urgentie") == u).sum().cast(pl.Int64).alias(u) for u in URGENTIE_VOLGORDE],
        totaal=pl.len().cast(pl.Int64))
    return (basis.join(telling, on="reden", how="left")
            .with_columns(pl.col([*URGENTIE_VOLGORDE, "totaal"]).fill_null(0)))


def groepeer(rows: pl.DataFrame, op: str) -> pl.DataFrame:
    """Per team (`op` = "team") or per worker ("medewerker"): how many actions, overdue first."""
    sleutel = {"team": ["cluster_naam", "team_naam"], "medewerker": ["team_naam", "medewerker_id"]}[op]
    return (rows.group_by(sleutel).agg(
        *[(pl.col("urgentie") == u).sum().cast(pl.Int64).alias(u) for u in URGENTIE_VOLGORDE],
        totaal=pl.len().cast(pl.Int64))
        .sort(["verlopen", "vandaag", "totaal", *sleutel], descending=[True, True, True, False, False],
              nulls_last=True))
