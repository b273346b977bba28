"""KPI functions: case lists, figures at any level, trends.

Every function takes the database, the peildatum and the user's filters and
scope, runs the KPI's SQL (case level) and aggregates. The scope is applied
inside the SQL (sql/macros.sql), so nothing here can widen it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl

from kpi import calendar, norms
from kpi.db import Database, load_sql
from kpi.params import ALLES, Filters, Scope, query_params
from kpi.registry import KPI_BY_KEY

Date = dt.date
STATUSSEN = ("tijdig", "te_laat", "verlopen")
DEADLINE_KPIS = ("k1", "k2", "k3")
TREND_MAANDEN = 36


def _pct(teller: pl.Expr, noemer: pl.Expr) -> pl.Expr:
    return pl.when(noemer > 0).then(100.0 * teller / noemer).otherwise(None)


# ---------------------------------------------------------------- K1-K3 deadlines


def alleen(sql: str, kolommen: Sequence[str]) -> str:
    """Only these columns of a query's rows: DuckDB then skips the work for the rest (names,
    worker). Column names come from our own code, never from a user."""
    if not all(k.isidentifier() for k in kolommen):
        raise ValueError(f"ongeldige kolomnamen: {kolommen}")
    return f"select {', '.join(dict.fromkeys(kolommen))} from (\n{sql}\n) as rij"


def ongeordend(sql: str) -> str:
    """The query without its final ORDER BY (every sql/kpi and sql/reeks file ends with one, at the
    start of a line): when its rows are counted, sorting them first is work for nothing."""
    head, sep, _ = sql.rpartition("\norder by ")
    return head if sep else sql


def deadline_cases(db: Database, key: str, peildatum: Date, van: Date, tot: Date,
                   filters: Filters = Filters(), scope: Scope = ALLES) -> pl.DataFrame:
    """Case rows of K1, K2 or K3 with deadline in [van, tot] (status 'open' when after P)."""
    if key not in DEADLINE_KPIS:
        raise ValueError(f"{key} is geen termijn-KPI")
    return db.query(KPI_BY_KEY[key].sql[0], query_params(peildatum, filters, scope, van=van, tot=tot))


def deadline_telling(cases: pl.DataFrame, by: Sequence[str] = ()) -> pl.DataFrame:
    """tijdig / te_laat / verlopen / totaal / percentage per group (deadlines on or before P)."""
    counted = cases.filter(pl.col("status").is_in(STATUSSEN))
    aggs = [pl.col("status").eq(s).sum().cast(pl.Int64).alias(s) for s in STATUSSEN]
    if by:
        result = counted.group_by(list(by)).agg(aggs).sort(list(by))
    else:
        result = counted.select(aggs)
    return result.with_columns(totaal=pl.sum_horizontal(*STATUSSEN)).with_columns(
        percentage=_pct(pl.col("tijdig"), pl.col("totaal")))


def deadline_kpi(db: Database, key: str, peildatum: Date, van: Date, tot: Date,
                 filters: Filters = Filters(), scope: Scope = ALLES) -> dict:
    """The organisation-level figure: {'tijdig', 'te_laat', 'verlopen', 'totaal', 'percentage'}
    (deadline_telling of deadline_cases, counted in the database)."""
    return deadline_geteld(db, key, peildatum, van, tot, filters, scope).row(0, named=True)


def _beoordeeld(key: str, kolommen: Sequence[str]) -> str:
    """The rows deadline_cases counts, as a query of only `kolommen`: the KPI file's own CTEs up to
    `beoordeeld` (status and vervalt per measure), without its final select, which adds names and
    the fixed worker at P (sql/kpi/k1-k3 all end with that select, after a blank line)."""
    if key not in DEADLINE_KPIS:
        raise ValueError(f"{key} is geen termijn-KPI")
    if not all(k.isidentifier() for k in kolommen):
        raise ValueError(f"ongeldige kolomnamen: {kolommen}")
    ctes, sep, _ = load_sql(KPI_BY_KEY[key].sql[0]).rpartition("\n)\n\nselect\n")
    if not sep:
        raise ValueError(f"{KPI_BY_KEY[key].sql[0]}.sql eindigt niet met de verwachte select")
    return f"{ctes}\n)\n\nselect {', '.join(dict.fromkeys(kolommen))} from beoordeeld where not vervalt"


def deadline_geteld(db: Database, key: str, peildatum: Date, van: Date, tot: Date, filters: Filters = Filters(),
                    scope: Scope = ALLES, by: Sequence[str] = (), per_maand: bool = False) -> pl.DataFrame:
    """deadline_telling(deadline_cases(...), by), with the month of the deadline first when
    `per_maand`: the same counts without moving the case rows out of the database."""
    sql = _beoordeeld(key, ("deadline", "status", *by))
    groep = [*(["date_trunc('month', deadline)::date as maand"] if per_maand else []), *by]
    namen = [*(["maand"] if per_maand else []), *by]
    telling = ", ".join(f"count(*) filter (where status = '{s}')::bigint as {s}" for s in STATUSSEN)
    group_by = f"group by {', '.join(namen)} order by {', '.join(namen)}" if namen else ""
    rows = db.sql(f"""
        select {''.join(g + ', ' for g in groep)}{telling}
        from ({sql}) as zaak
        where status in {STATUSSEN}
        {group_by}""", query_params(peildatum, filters, scope, van=van, tot=tot))
    return rows.with_columns(totaal=pl.sum_horizontal(*STATUSSEN)).with_columns(
        percentage=_pct(pl.col("tijdig"), pl.col("totaal")))


def trend_start(peildatum: Date, maanden: int = TREND_MAANDEN) -> Date:
    return calendar.plus_maanden(Date(peildatum.year, peildatum.month, 1), -(maanden - 1))


def deadline_trend(db: Database, key: str, peildatum: Date, filters: Filters = Filters(),
                   scope: Scope = ALLES, by: Sequence[str] = (), maanden: int = TREND_MAANDEN) -> pl.DataFrame:
    """Monthly series by the month of the deadline, up to the peildatum (deadline_telling per
    month and `by`; 36 months are ~100,000 case rows at scale 5, counted in the database)."""
    return deadline_geteld(db, key, peildatum, trend_start(peildatum, maanden), peildatum, filters, scope, by,
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
    return db.query("kpi/k3_aanvragen", query_params(peildatum, filters, scope, gestart_vanaf=gestart_vanaf))


def wachttijd(aanvragen: pl.DataFrame, van: Date, tot: Date, by: Sequence[str] = ()) -> pl.DataFrame:
    """Waiting time at providers for requests started in [van, tot]: median and p90 in days."""
    started = aanvragen.filter((pl.col("status") == "gestart") & pl.col("gestart_op").is_between(van, tot))
    aggs = [pl.len().alias("gestart"),
            pl.col("wachtdagen").median().alias("mediaan_dagen"),
            pl.col("wachtdagen").quantile(0.9, interpolation="linear").alias("p90_dagen")]
    return started.group_by(list(by)).agg(aggs).sort(list(by)) if by else started.select(aggs)


# ---------------------------------------------------------------- K4 caseload


def caseload(db: Database, peildata: Sequence[Date], filters: Filters = Filters(),
             scope: Scope = ALLES) -> pl.DataFrame:
    """One row per jeugdzorgwerker of a jb or jr team employed at each peildatum."""
    return db.query("kpi/k4_caseload", query_params(
        peildata[-1], Filters(cluster=filters.cluster, team=filters.team), scope, peildata=list(peildata)))


def caseload_telling(rows: pl.DataFrame, by: Sequence[str] = ()) -> pl.DataFrame:
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
    return db.query("kpi/k4_capaciteit", query_params(
        peildata[-1], Filters(cluster=filters.cluster, team=filters.team), scope, peildata=list(peildata)))


def maandeinden(peildatum: Date, maanden: int = TREND_MAANDEN) -> list[Date]:
    """Month ends of the trend window, the last one being the peildatum."""
    return calendar.maandeinden(trend_start(peildatum, maanden), peildatum)


# ---------------------------------------------------------------- K5-K7 (at each peildatum)


def _at(db: Database, sql: str, peildata: Sequence[Date], filters: Filters, scope: Scope,
        kolommen: Sequence[str] | None = None) -> pl.DataFrame:
    """The rows of sql/<sql>.sql at each peildatum; with `kolommen` only those, unsorted (for
    figures that count: DuckDB then skips the work for names and other columns)."""
    text = load_sql(sql) if kolommen is None else alleen(ongeordend(load_sql(sql)), kolommen)
    return db.sql(text, query_params(peildata[-1], filters, scope, peildata=list(peildata)))


def kind_alleen(db: Database, peildata: Sequence[Date], filters: Filters = Filters(),
                scope: Scope = ALLES, kolommen: Sequence[str] | None = None) -> pl.DataFrame:
    """K5 case rows: running OTS/voogdij with a required number of child-alone contacts."""
    return _at(db, "kpi/k5_kind_alleen", peildata, filters, scope, kolommen)


def kind_alleen_jr(db: Database, peildata: Sequence[Date], filters: Filters = Filters(),
                   scope: Scope = ALLES, kolommen: Sequence[str] | None = None) -> pl.DataFrame:
    return _at(db, "kpi/k5_jr", peildata, filters, scope, kolommen)


def vaste_jzw(db: Database, peildata: Sequence[Date], filters: Filters = Filters(),
              scope: Scope = ALLES, kolommen: Sequence[str] | None = None) -> pl.DataFrame:
    """K6 case rows: every running measure with its way of working, colour and queue place."""
    return _at(db, "kpi/k6_vaste_jzw", peildata, filters, scope, kolommen)


def in_doorstroom(db: Database, peildata: Sequence[Date], filters: Filters = Filters(),
                  scope: Scope = ALLES, kolommen: Sequence[str] | None = None) -> pl.DataFrame:
    """K7 case rows: measures in the in-/doorstroom team with the two work rules."""
    return _at(db, "kpi/k7_in_doorstroom", peildata, filters, scope, kolommen)


# ---------------------------------------------------------------- monthly series (trends)
# A trend over the month ends needs a few columns of the case rows, not the rows
# themselves: 36 month ends of K6 at national scale are ~1.5 million rows. These
# are the columns the trend views (kpi/views_termijn.py, kpi/views_zorg.py) read.
REEKS: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "caseload": ("kpi/k4_caseload", ("peildatum", "team_soort", "fte", "caseload", "boven_norm",
                                     "caseload_per_fte", "norm")),
    "capaciteit": ("kpi/k4_capaciteit", None),
    "kind_alleen": ("kpi/k5_kind_alleen", ("peildatum", "voldoet_gevalideerd", "voldoet_geregistreerd")),
    "kind_alleen_jr": ("kpi/k5_jr", ("peildatum", "voldoet")),
    "vaste_jzw": ("kpi/k6_vaste_jzw", ("peildatum", "met_vaste_jzw", "werkwijze", "op_monitorlijst")),
    "in_doorstroom": ("kpi/k7_in_doorstroom", ("peildatum", "contact_ok", "casuistiek_ok", "dagen_in_team")),
}
WERKER_KPIS = ("caseload", "capaciteit")  # workers are selected by cluster and team only


def reeks(db: Database, function: str, peildata: Sequence[Date], filters: Filters = Filters(),
          scope: Scope = ALLES, live: bool = False, tellers: dict[str, Sequence[str]] | None = None) -> pl.DataFrame:
    """The rows of engine.<function> at each peildatum, only the columns a trend reads
    (same rows and values as the full function; DuckDB skips the rest of the work).

    Peildata whose rows were precomputed when the file was built (kpi/reeksen.py) are
    read from the file through sql/reeks/<function>.sql, which applies the filters and
    the scope; the others (or all, with `live=True`) are computed by the KPI query.

    With `tellers` ({name: boolean columns}) the rows are counted in the database instead:
    one row per peildatum with `totaal` and per name the number of rows where all its
    columns are true (a K5-K7 share over 36 month ends without moving millions of rows)."""
    from kpi import reeksen

    if function in WERKER_KPIS:
        filters = Filters(cluster=filters.cluster, team=filters.team)
    peildata = list(peildata)
    vooraf = frozenset() if live or len(set(peildata)) != len(peildata) else reeksen.voorberekend(db, function)
    bewaard = [p for p in peildata if p in vooraf]
    if not bewaard:
        return live_reeks(db, function, peildata, filters, scope, tellers=tellers)
    sql = load_sql(f"reeks/{function}")
    if tellers is not None:
        sql = _geteld(ongeordend(sql), tellers)
    rows = db.sql(sql, query_params(peildata[-1], filters, scope, peildata=bewaard))
    rest = [p for p in peildata if p not in vooraf]
    if rest:
        rows = pl.concat([rows, live_reeks(db, function, rest, filters, scope, tellers=tellers)]).sort(
            "peildatum", maintain_order=True)
    return rows


def _geteld(sql: str, tellers: dict[str, Sequence[str]]) -> str:
    """The rows of `sql` counted per peildatum (see reeks)."""
    names = [*tellers, *(c for columns in tellers.values() for c in columns)]
    if not all(n.isidentifier() for n in names) or not all(tellers.values()):
        raise ValueError(f"ongeldige tellers: {tellers}")
    counts = "".join(f", count(*) filter (where {' and '.join(columns)})::bigint as {name}"
                     for name, columns in tellers.items())
    return (f"select peildatum, count(*)::bigint as totaal{counts}\nfrom (\n{sql}\n) as rij\n"
            f"group by peildatum order by peildatum")


def live_reeks(db: Database, function: str, peildata: Sequence[Date], filters: Filters = Filters(),
               scope: Scope = ALLES, extra: Sequence[str] = (),
               tellers: dict[str, Sequence[str]] | None = None) -> pl.DataFrame:
    """engine.reeks computed by the KPI query itself (plus `extra` columns: kpi/reeksen.py)."""
    name, kolommen = REEKS[function]
    if function in WERKER_KPIS:
        filters = Filters(cluster=filters.cluster, team=filters.team)
    sql = load_sql(name) if tellers is None else ongeordend(load_sql(name))
    if kolommen:
        sql = alleen(sql, (*kolommen, *extra))
    if tellers is not None:
        sql = _geteld(sql, tellers)
    return db.sql(sql, query_params(peildata[-1], filters, scope, peildata=list(peildata)))


def monitorlijst_stroom(db: Database, peildatum: Date, van: Date, tot: Date, filters: Filters = Filters(),
                        scope: Scope = ALLES) -> pl.DataFrame:
    return db.query("kpi/k6_stroom", query_params(peildatum, filters, scope, van=van, tot=tot))


def doorlooptijd_monitorlijst(db: Database, peildatum: Date, van: Date, tot: Date,
                              filters: Filters = Filters(), scope: Scope = ALLES) -> pl.DataFrame:
    return db.query("kpi/k6_doorlooptijd", query_params(peildatum, filters, scope, van=van, tot=tot))
