"""KPI functions: case rows, counts at any level, monthly series (trends).

Every function takes the database, the peildatum (or peildata) and the user's filters and scope and
runs one statement: a KPI's query file as it is (sql/kpi: the case rows, in the case list's order),
or a select from a named macro of sql/intermediate (the counts of a deadline KPI, termijn_counts; a
series, series_<name>), where the database aggregates. Only the columns a figure counts are read by
composing a DuckDB relation on the KPI's macro (`columns`). The filters that do not apply to a KPI
are NULL in its selection struct (registry.Kpi.filters, params.selectie) and the scope is applied
inside the SQL (int_selectie.sql), so nothing here can widen it. Which KPIs are deadline KPIs, which
series a trend reads and with which columns all come from kpi/core/registry.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl

from kpi.core import kalender, norms, registry
from kpi.core.params import ALLES, Filters, Scope, query_params
from kpi.core.registry import KPI_BY_KEY, TREND_MAANDEN
from kpi.data.db import Database, Relation

Date = dt.date
STATUSSEN = ("tijdig", "te_laat", "verlopen")
DEADLINE_KPIS = registry.TERMIJN_KPIS
SERIES = registry.SERIES

# A deadline KPI at P from its deadline facts (int_termijn.sql): its counts per month, or its rows.
_TERMIJN_COUNTS = "select * from termijn_counts($feiten, $selectie, $peildatum, $van, $tot)"
_TERMIJN_OP = "select * from termijn_op($feiten, $selectie, $peildatum, $van, $tot)"


def _pct(teller: pl.Expr, noemer: pl.Expr) -> pl.Expr:
    return pl.when(noemer > 0).then(100.0 * teller / noemer).otherwise(None)


def _params(key: str, peildatum: Date, filters: Filters, scope: Scope, **extra) -> dict:
    """The query parameters of KPI `key`: its selection struct has only the filters that apply to it."""
    return query_params(peildatum, filters, scope, applicable=KPI_BY_KEY[key].filters, **extra)


def _columns(columns: Sequence[str]) -> list[str]:
    if not all(c.isidentifier() for c in columns):
        raise ValueError(f"ongeldige kolomnamen: {columns}")
    return list(dict.fromkeys(columns))


# ---------------------------------------------------------------- deadline KPIs (K1-K3)


def _termijn_kpi(key: str) -> registry.Kpi:
    kpi = KPI_BY_KEY.get(key)
    if kpi is None or kpi.kind != registry.TERMIJN:
        raise ValueError(f"{key} is geen termijn-KPI")
    return kpi


def deadline_cases(db: Database, key: str, peildatum: Date, van: Date, tot: Date,
                   filters: Filters = Filters(), scope: Scope = ALLES) -> pl.DataFrame:
    """Case rows of a deadline KPI with deadline in [van, tot] (status 'open' when after P)."""
    kpi = _termijn_kpi(key)
    return db.query(kpi.sql[0], _params(key, peildatum, filters, scope, van=van, tot=tot))


def deadline_counts(cases: pl.DataFrame, by: Sequence[str] = ()) -> pl.DataFrame:
    """tijdig / te_laat / verlopen / totaal / percentage per group (deadlines on or before P), of case rows."""
    counted = cases.filter(pl.col("status").is_in(STATUSSEN))
    aggs = [pl.col("status").eq(s).sum().cast(pl.Int64).alias(s) for s in STATUSSEN]
    if by:
        result = counted.group_by(list(by)).agg(aggs).sort(list(by))
    else:
        result = counted.select(aggs)
    return _with_percentage(result)


def _with_percentage(counts: pl.DataFrame) -> pl.DataFrame:
    return counts.with_columns(totaal=pl.sum_horizontal(*STATUSSEN)).with_columns(
        percentage=_pct(pl.col("tijdig"), pl.col("totaal")))


def count_deadlines(db: Database, key: str, peildatum: Date, van: Date, tot: Date, filters: Filters = Filters(),
                    scope: Scope = ALLES, by: Sequence[str] = (), per_maand: bool = False) -> pl.DataFrame:
    """deadline_counts of the case rows, counted in the database (from the deadline facts, without
    the names and the fixed worker a case list adds), with the month of the deadline first when
    `per_maand`. Per month: termijn_counts; per other columns (`by`) a relation on termijn_op."""
    kpi = _termijn_kpi(key)
    params = _params(key, peildatum, filters, scope, van=van, tot=tot, feiten=kpi.termijn)
    sums = [pl.col(s).sum().cast(pl.Int64) for s in STATUSSEN]
    if not by:
        per = db.sql(_TERMIJN_COUNTS, params)
        return _with_percentage(per.sort("maand") if per_maand else per.select(sums))
    groep = [*(["maand"] if per_maand else []), *_columns(by)]
    counts = ", ".join(f"count(*) filter (where status = '{s}')::bigint as {s}" for s in STATUSSEN)

    def tel(rows: Relation) -> Relation:
        return (rows.filter(f"status in {STATUSSEN}")
                .project(", ".join(["date_trunc('month', deadline)::date as maand", *_columns(by), "status"]))
                .aggregate(", ".join([*groep, counts]), ", ".join(groep)).order(", ".join(groep)))

    return _with_percentage(db.sql(_TERMIJN_OP, params, tel))


def deadline_kpi(db: Database, key: str, peildatum: Date, van: Date, tot: Date,
                 filters: Filters = Filters(), scope: Scope = ALLES) -> dict:
    """The organisation-level figure: {'tijdig', 'te_laat', 'verlopen', 'totaal', 'percentage'}."""
    return count_deadlines(db, key, peildatum, van, tot, filters, scope).row(0, named=True)


def trend_start(peildatum: Date, maanden: int = TREND_MAANDEN) -> Date:
    return kalender.plus_maanden(Date(peildatum.year, peildatum.month, 1), -(maanden - 1))


def deadline_trend(db: Database, key: str, peildatum: Date, filters: Filters = Filters(),
                   scope: Scope = ALLES, by: Sequence[str] = (), maanden: int = TREND_MAANDEN) -> pl.DataFrame:
    """Monthly counts by the month of the deadline, up to the peildatum (per month and `by`)."""
    return count_deadlines(db, key, peildatum, trend_start(peildatum, maanden), peildatum, filters, scope, by,
                           per_maand=True)


def binnenkort_verlopen(db: Database, key: str, peildatum: Date, filters: Filters = Filters(),
                        scope: Scope = ALLES) -> pl.DataFrame:
    """Running measures whose deadline is within the next 10 working days, event not yet there."""
    # the file's own working-day calendar (the one the deadlines were computed with)
    tot = db.sql("select werkdag_plus($peildatum, $n) as tot",
                 {"peildatum": peildatum, "n": norms.BINNENKORT_WERKDAGEN})["tot"][0]
    cases = deadline_cases(db, key, peildatum, peildatum + dt.timedelta(days=1), tot, filters, scope)
    return cases.filter(
        (pl.col("status") == "open")
        & (pl.col("einddatum").is_null() | (pl.col("einddatum") > peildatum))
    ).with_columns(dagen_tot_deadline=(pl.col("deadline") - pl.lit(peildatum)).dt.total_days())


def k1_buckets(cases: pl.DataFrame) -> pl.DataFrame:
    """Working days until first contact, in buckets 0-5, 6-10, >10, geen (deadlines on or before P)."""
    counted = cases.filter(pl.col("status").is_in(STATUSSEN))
    order = pl.DataFrame({"bucket": list(norms.K1_BUCKETS)})
    counts = counted.group_by("bucket").agg(aantal=pl.len().cast(pl.Int64))
    result = order.join(counts, on="bucket", how="left").with_columns(pl.col("aantal").fill_null(0))
    return result.with_columns(percentage=_pct(pl.col("aantal"), pl.col("aantal").sum()))


# ---------------------------------------------------------------- K3 help requests


def hulp_aanvragen(db: Database, peildatum: Date, filters: Filters = Filters(),
                   scope: Scope = ALLES, gestart_vanaf: Date | None = None) -> pl.DataFrame:
    """Help requests made on or before P with their state at P; with `gestart_vanaf`, those started
    (on or before P) before that date are left out."""
    return db.query("kpi/k3_aanvragen", _params("k3", peildatum, filters, scope, gestart_vanaf=gestart_vanaf))


def wachttijd(aanvragen: pl.DataFrame, van: Date, tot: Date, by: Sequence[str] = ()) -> pl.DataFrame:
    """Waiting time at providers for requests started in [van, tot]: median and p90 in days."""
    started = aanvragen.filter((pl.col("status") == "gestart") & pl.col("gestart_op").is_between(van, tot))
    aggs = [pl.len().alias("gestart"),
            pl.col("wachtdagen").median().alias("mediaan_dagen"),
            pl.col("wachtdagen").quantile(0.9, interpolation="linear").alias("p90_dagen")]
    return started.group_by(list(by)).agg(aggs).sort(list(by)) if by else started.select(aggs)


# ---------------------------------------------------------------- at each peildatum (K4-K7)


def _op(db: Database, key: str, sql: str, peildata: Sequence[Date], filters: Filters, scope: Scope,
        columns: Sequence[str] | None = None, source: str | None = None) -> pl.DataFrame:
    """The rows of the query file `sql` at each peildatum; with `columns` only those, unsorted, from
    the KPI's macro `source` (the same rows without the case list's worker and order: DuckDB then
    skips the work for the rest)."""
    params = _params(key, peildata[-1], filters, scope, peildata=list(peildata))
    if columns is None:
        return db.query(sql, params)
    return db.sql(f"select * from {_identifier(source)}($selectie, $peildata::date[])", params,
                  lambda rows: rows.select(*_columns(columns)))


def _identifier(name: str) -> str:
    if not name.isidentifier():
        raise ValueError(f"ongeldige naam: {name}")
    return name


def caseload(db: Database, peildata: Sequence[Date], filters: Filters = Filters(),
             scope: Scope = ALLES, columns: Sequence[str] | None = None) -> pl.DataFrame:
    """One row per jeugdzorgwerker of a jb or jr team employed at each peildatum."""
    return _op(db, "k4", "kpi/k4_caseload", peildata, filters, scope, columns, SERIES["caseload"].source)


def caseload_counts(rows: pl.DataFrame, by: Sequence[str] = ()) -> pl.DataFrame:
    """Sum of caseloads / sum of FTE, workers and share above the norm, per group."""
    aggs = [
        pl.len().cast(pl.Int64).alias("medewerkers"),
        pl.col("fte").sum().alias("fte"),
        pl.col("caseload").sum().cast(pl.Int64).alias("caseload"),
        pl.col("boven_norm").sum().cast(pl.Int64).alias("boven_norm"),
        pl.col("caseload_per_fte").max().alias("max_per_fte"),
        pl.col("norm").first().alias("norm"),
    ]
    result = rows.group_by(list(by)).agg(aggs).sort(list(by)) if by else rows.select(aggs)
    return result.with_columns(
        caseload_per_fte=pl.when(pl.col("fte") > 0).then(pl.col("caseload") / pl.col("fte")),
        aandeel_boven_norm=_pct(pl.col("boven_norm"), pl.col("medewerkers")),
    )


def capaciteit(db: Database, peildata: Sequence[Date], filters: Filters = Filters(),
               scope: Scope = ALLES) -> pl.DataFrame:
    """Capacity gap in FTE (jb side) at each peildatum."""
    return _op(db, "k4", "kpi/k4_capaciteit", peildata, filters, scope)


def maandeinden(peildatum: Date, maanden: int = TREND_MAANDEN) -> list[Date]:
    """Month ends of the trend window, the last one being the peildatum."""
    return kalender.maandeinden(trend_start(peildatum, maanden), peildatum)


def kind_alleen(db: Database, peildata: Sequence[Date], filters: Filters = Filters(),
                scope: Scope = ALLES, columns: Sequence[str] | None = None) -> pl.DataFrame:
    """K5 case rows: running OTS/voogdij with a required number of child-alone contacts; with
    `columns` only those, unsorted (for figures that count: DuckDB then skips the rest)."""
    return _op(db, "k5", "kpi/k5_kind_alleen", peildata, filters, scope, columns, SERIES["kind_alleen"].source)


def kind_alleen_jr(db: Database, peildata: Sequence[Date], filters: Filters = Filters(),
                   scope: Scope = ALLES, columns: Sequence[str] | None = None) -> pl.DataFrame:
    return _op(db, "k5", "kpi/k5_jr", peildata, filters, scope, columns, SERIES["kind_alleen_jr"].source)


def vaste_jzw(db: Database, peildata: Sequence[Date], filters: Filters = Filters(),
              scope: Scope = ALLES, columns: Sequence[str] | None = None) -> pl.DataFrame:
    """K6 case rows: every running measure with its way of working, colour and queue place."""
    return _op(db, "k6", "kpi/k6_vaste_jzw", peildata, filters, scope, columns, SERIES["vaste_jzw"].source)


def in_doorstroom(db: Database, peildata: Sequence[Date], filters: Filters = Filters(),
                  scope: Scope = ALLES, columns: Sequence[str] | None = None) -> pl.DataFrame:
    """K7 case rows: measures in the in-/doorstroom team with the two work rules."""
    return _op(db, "k7", "kpi/k7_in_doorstroom", peildata, filters, scope, columns, SERIES["in_doorstroom"].source)


def monitorlijst_stroom(db: Database, peildatum: Date, van: Date, tot: Date, filters: Filters = Filters(),
                        scope: Scope = ALLES) -> pl.DataFrame:
    return db.query("kpi/k6_stroom", _params("k6", peildatum, filters, scope, van=van, tot=tot))


def doorlooptijd_monitorlijst(db: Database, peildatum: Date, van: Date, tot: Date,
                              filters: Filters = Filters(), scope: Scope = ALLES) -> pl.DataFrame:
    return db.query("kpi/k6_doorlooptijd", _params("k6", peildatum, filters, scope, van=van, tot=tot))


# ---------------------------------------------------------------- monthly series (trends)
# A trend over the month ends needs a few columns of the rows, not the rows themselves: 36 month
# ends of K6 at national scale are ~1.5 million rows. registry.Series names those columns; the
# macro series_<name> reads them (stored rows for a file's month ends, the live query for the other
# peildata: kpi/data/build.py).


def series(db: Database, name: str, peildata: Sequence[Date], filters: Filters = Filters(),
           scope: Scope = ALLES, counts: dict[str, Sequence[str]] | None = None) -> pl.DataFrame:
    """The trend columns of series `name` (registry.SERIES) at each peildatum (each once), unsorted.

    With `counts` ({name: boolean columns}) the rows are counted in the database instead: one row per
    peildatum, in order, with `totaal` and per name the number of rows where all its columns are true
    (a K5-K7 share over 36 month ends without moving millions of rows). The query is composed from
    the series' name and its declared columns only."""
    if name not in SERIES:
        raise ValueError(f"geen reeks: {name}")
    key = registry.KPI_OF_SERIES[name].key
    peildata = sorted(set(peildata))
    params = _params(key, peildata[-1], filters, scope, peildata=peildata)
    source = f"series_{_identifier(name)}($selectie, $peildata::date[])"
    if counts is None:
        return db.sql(f"select * from {source}", params)
    if not counts or not all(counts.values()) or not all(
            c in SERIES[name].columns for columns in counts.values() for c in columns):
        raise ValueError(f"ongeldige tellingen: {counts}")
    aggs = "".join(f", count(*) filter (where {' and '.join(columns)})::bigint as {_identifier(naam)}"
                   for naam, columns in counts.items())
    return db.sql(f"select peildatum, count(*)::bigint as totaal{aggs} from {source} "
                  f"group by peildatum order by peildatum", params)


# ---------------------------------------------------------------- K8 complaints
# Complaints follow their own selection rule (selectie_klachten, int_selectie.sql) and the user's
# complaint level (Scope.klachten): without case level the measure and young-person ids are NULL.


def klachten(db: Database, peildatum: Date, van: Date, tot: Date, filters: Filters = Filters(),
             scope: Scope = ALLES) -> pl.DataFrame:
    """K8 case rows: every complaint of the selection received on or before P as known at P, with
    its stage, age, four terms and the period flags (sql/kpi/k8_klachten.sql)."""
    return db.query("kpi/k8_klachten", _params("k8", peildatum, filters, scope, van=van, tot=tot))


def klachtonderdelen(db: Database, peildatum: Date, van: Date, tot: Date, filters: Filters = Filters(),
                     scope: Scope = ALLES) -> pl.DataFrame:
    """The parts of those complaints with their categorie and oordeel as known at P."""
    return db.query("kpi/k8_onderdelen", _params("k8", peildatum, filters, scope, van=van, tot=tot))


def jeugdigen_in_begeleiding(db: Database, peildatum: Date, van: Date, tot: Date, filters: Filters = Filters(),
                             scope: Scope = ALLES, by: Sequence[str] = ()) -> pl.DataFrame:
    """Distinct young people with a measure of the selection running on a day of [van, min(tot, P)]
    (the denominator of K8 per 100 jeugdigen), counted in the database, per `by` (e.g. team_id)."""
    groep = _columns(by)
    aggregaat = ", ".join([*groep, "count(distinct jeugdige_id)::bigint as jeugdigen"])

    def tel(rows: Relation) -> Relation:
        return rows.aggregate(aggregaat, ", ".join(groep)).order(", ".join(groep)) if groep \
            else rows.aggregate(aggregaat)

    return db.query("kpi/k8_begeleiding", _params("k8", peildatum, filters, scope, van=van, tot=tot), tel)


def heeft_klachten(db: Database) -> bool:
    """Whether the file holds complaints at all (both tables are optional in an export)."""
    return bool(db.sql("select exists (select 1 from klachten) as er_zijn")["er_zijn"][0])
