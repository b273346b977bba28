"""The work list (werklijst): every case that needs action at the peildatum, with its reason, its
deadline and the (working) days left or overdue, for area managers and team leads.

One query (sql/werklijst/werklijst.sql) reads the same intermediate macros as the KPI pages, so
the list cannot count differently from them; docs/werklijst.md says per reason what is listed.
The complaints (K8) come from the view the K8 figures use (klachten_op, sql/intermediate/int_klacht.sql),
through their own selection rule and the user's complaint level (Scope.klachten).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from kpi.core import norms
from kpi.core.labels import WERKLIJST_REDENEN, WERKLIJST_TOELICHTING, WERKLIJST_URGENTIE
from kpi.core.params import ALLES, Filters, Scope, query_params
from kpi.core.registry import KPIS, TERMIJN
from kpi.data.db import Database
from kpi.metrics import klachten

Date = dt.date

# Reasons in the order of the count on top: every deadline KPI of the registry (its actions are its
# termijn_zaken rows), then the at-peildatum reasons of sql/werklijst/werklijst.sql (labels.py).
REDEN_LABEL = {**{k.key: f"{k.key.upper()} {k.korte_titel}" for k in KPIS if k.kind == TERMIJN},
               **WERKLIJST_REDENEN}
TERUG_DAGEN = 31  # K5 below the norm: since when is looked up this many days back (else "langer")
URGENTIE_LABEL = WERKLIJST_URGENTIE
URGENTIE_VOLGORDE = tuple(URGENTIE_LABEL)
# a complaint's term: its step still to take ("klacht: verslag klachtgesprek"), in K8's words
TOELICHTING_LABEL = {**WERKLIJST_TOELICHTING,
                     **{f"klacht_{t}": f"klacht: {label.lower()}" for t, label in klachten.TERMIJN_LABELS.items()}}
SCHEMA = {
    "reden": pl.String, "klacht_id": pl.String, "maatregel_id": pl.String, "jeugdige_id": pl.String, "soort": pl.String,
    "cluster_id": pl.String, "cluster_naam": pl.String, "team_id": pl.String, "team_naam": pl.String,
    "medewerker_id": pl.String, "deadline": pl.Date, "dagen": pl.Int32, "werkdagen": pl.Int32,
    "urgentie": pl.String, "contacten_nodig": pl.Int32, "toelichting": pl.String,
}


def horizon(db: Database, peildatum: Date) -> Date:
    """The last day of "due soon": the BINNENKORT_WERKDAGEN-th working day after the peildatum, in the
    file's own calendar (the one the deadlines were computed with)."""
    return db.sql("select werkdag_plus($peildatum, $n) as tot",
                  {"peildatum": peildatum, "n": norms.BINNENKORT_WERKDAGEN})["tot"][0]


# A deadline KPI's actions at P: overdue ('verlopen': the deadline on or before P without the event)
# or due by $tot ('open'), of measures still running at P; the same case rows as its page.
_TERMIJN_ACTIES = """
select $reden as reden, null::varchar as klacht_id, maatregel_id, jeugdige_id, soort, cluster_id, cluster_naam,
       team_id, team_naam,
       medewerker_id, deadline, null::integer as contacten_nodig, status as toelichting
from termijn_zaken($feiten, $selectie, $peildatum, $van, $tot)
where status in ('verlopen', 'open') and (einddatum is null or einddatum > $peildatum)
"""
VAN_ALTIJD = Date(1900, 1, 1)  # every deadline up to $tot


def werklijst(db: Database, peildatum: Date, filters: Filters = Filters(), scope: Scope = ALLES) -> pl.DataFrame:
    """Every action at the peildatum for the selection, urgent first (overdue, oldest deadline
    first; then today; then due soon), with the days and working days to the deadline and Dutch
    labels for the reason, urgency and note."""
    tot = horizon(db, peildatum)
    eerste = peildatum - dt.timedelta(days=TERUG_DAGEN)
    # up to the day after `tot`: a measure first failing that day is due on `tot`
    dagen = [eerste + dt.timedelta(days=i) for i in range((tot - eerste).days + 2)]
    delen = [db.sql(_TERMIJN_ACTIES, query_params(peildatum, filters, scope, van=VAN_ALTIJD, tot=tot,
                                                  applicable=kpi.filters, feiten=kpi.termijn, reden=kpi.key))
             for kpi in KPIS if kpi.kind == TERMIJN]
    delen.append(db.query("werklijst/werklijst", query_params(peildatum, filters, scope, tot=tot, peildata=dagen)))
    kolommen = [k for k in SCHEMA if k not in ("dagen", "werkdagen", "urgentie")]
    rows = pl.concat([d.cast({k: SCHEMA[k] for k in kolommen}).select(kolommen) for d in delen])
    return _termijn(db, rows, peildatum).with_columns(
        reden_label=pl.col("reden").replace_strict(REDEN_LABEL, default=pl.col("reden")),
        urgentie_label=pl.col("urgentie").replace_strict(URGENTIE_LABEL, default=pl.col("urgentie")),
        toelichting_label=_toelichting(),
    ).select([*SCHEMA, "reden_label", "urgentie_label", "toelichting_label"]).sort(
        ["werkdagen", "deadline", "reden", "maatregel_id", "klacht_id"], nulls_last=False)


def _termijn(db: Database, rows: pl.DataFrame, peildatum: Date) -> pl.DataFrame:
    """dagen (deadline - P), werkdagen (in the file's working days; negative: overdue) and urgentie
    ('verlopen': the deadline before P or none; 'vandaag'; 'binnenkort')."""
    van = min([peildatum, *rows["deadline"].drop_nulls().to_list()])
    tot = max([peildatum, *rows["deadline"].drop_nulls().to_list()])
    kalender = db.sql("select datum, werkdag_nr::integer as werkdag_nr from kalender where datum between $van and $tot",
                      {"van": van, "tot": tot})
    nr = dict(kalender.iter_rows())
    return rows.join(kalender.rename({"datum": "deadline", "werkdag_nr": "_nr"}), on="deadline", how="left").with_columns(
        dagen=(pl.col("deadline") - pl.lit(peildatum)).dt.total_days().cast(pl.Int32),
        werkdagen=(pl.col("_nr") - nr.get(peildatum)).cast(pl.Int32),
        urgentie=pl.when(pl.col("deadline").is_null() | (pl.col("deadline") < peildatum)).then(pl.lit("verlopen"))
        .when(pl.col("deadline") == peildatum).then(pl.lit("vandaag")).otherwise(pl.lit("binnenkort")),
    ).drop("_nr")


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
