"""Access scope and filters are enforced in the query layer, for every query: each query file
(sql/kpi, sql/kwaliteit) and each series read runs under a cluster scope, a municipal scope, an
empty scope and each single filter, on a small database with rows inside and outside each of them.
No row outside the selection comes back and every row inside does: the result equals the
unfiltered rows filtered in Python by the rule of sql/intermediate/int_selectie.sql (a measure by
its own cluster, team, municipality and kind; a worker by the cluster and team of their team, and
never for a municipal scope). A new query file or filter is covered without changing this file."""

from __future__ import annotations

import pytest
from polars.testing import assert_frame_equal
import polars as pl

from kpi.core import registry
from kpi.core.params import ALLES, FILTERS, Filters, Scope, query_params
from kpi.data import db as kdb
from kpi.metrics import engine
from tests.builders import D, gemengd, make_db

P = D("2025-09-30")
PEILDATA = [D("2024-12-31"), D("2025-06-30"), D("2025-08-15"), P]  # stored month ends and a live date
VAN, TOT = D("2021-01-01"), P
QUERY_FILES = sorted(f"{p.parent.name}/{p.stem}" for p in [*kdb.SQL_DIR.glob("kpi/*.sql"),
                                                           *kdb.SQL_DIR.glob("kwaliteit/*.sql")])
KPI_VAN = {name: kpi for kpi in registry.KPIS for name in kpi.sql}
# Queries whose rows are aggregates (per peildatum, per week and cluster): tested on their own below.
AGGREGATEN = {"kpi/k4_capaciteit", "kpi/k6_stroom"}
# Columns that depend on who else is selected, by design: the place in a cluster's K6 queue is
# numbered over every measure of the cluster the user may see (not renumbered by a filter).
VAN_DE_SCOPE = {"kpi/k6_vaste_jzw": ("plaats",)}
# Queries that name workers of any team beside the measures: a municipal scope sees none of them.
NOEMT_MEDEWERKERS = {"kwaliteit/toewijzing_buiten_dienst"}
# Complaints follow their own rule (../shared/spec/klachten.md, "Selection": cluster and team by the
# complaint's team, municipality and kind by its measure), held case by case in test_klachten_kwaliteit
# and test_k8.
EIGEN_REGEL = {"kwaliteit/klachten", "kpi/k8_klachten", "kpi/k8_onderdelen"}


@pytest.fixture(scope="module")
def gi(tmp_path_factory):
    database = make_db(tmp_path_factory.mktemp("selectie"), **gemengd(5))
    yield database
    database.close()


def _selecties(gi) -> dict[str, tuple[Filters, Scope]]:
    """Each scope, and each filter alone with its most common value (so rows exist on both sides)."""
    result = {"scope_cluster": (Filters(), Scope(clusters=("UTR",))),
              "scope_gemeente": (Filters(), Scope(gemeente="GM0599")),
              "scope_leeg": (Filters(), Scope(clusters=())),
              "filter_buiten_scope": (Filters(cluster="ZHL"), Scope(clusters=("UTR",)))}
    for naam in FILTERS:
        kolom = Filters.__dataclass_fields__[naam].metadata["column"]
        waarde = gi.sql(f"select {kolom} as w, count(*) as n from stg_maatregelen group by 1 order by 2 desc, 1")["w"][0]
        result[f"filter_{naam}"] = (Filters(**{naam: waarde}), ALLES)
    return result


SELECTIE_NAMEN = ["scope_cluster", "scope_gemeente", "scope_leeg", "filter_buiten_scope",
                  *(f"filter_{f}" for f in FILTERS)]


def _in_selectie(rows: pl.DataFrame, gi, filters: Filters, scope: Scope, applicable, werkers: bool) -> pl.DataFrame:
    """The rows the rule lets through, judged on the attributes of the row's measure (or worker)."""
    if werkers:
        attrs = gi.sql("select medewerker_id, cluster_id as _cluster, team_id as _team from stg_medewerkers")
        rows = rows.join(attrs, on="medewerker_id", how="left")
        keep = pl.lit(scope.gemeente is None)
        if scope.clusters is not None:
            keep &= pl.col("_cluster").is_in(list(scope.clusters))
        for naam, kolom in (("cluster", "_cluster"), ("team", "_team")):
            if naam in applicable and getattr(filters, naam) is not None:
                keep &= pl.col(kolom) == getattr(filters, naam)
        return rows.filter(keep).drop("_cluster", "_team")
    kolommen = {f: Filters.__dataclass_fields__[f].metadata["column"] for f in FILTERS}
    attrs = gi.sql(f"select maatregel_id, {', '.join(f'{k} as _{k}' for k in set(kolommen.values()) | {'cluster_id', 'gemeente_code'})} "
                   f"from stg_maatregelen")
    rows = rows.join(attrs, on="maatregel_id", how="left")
    keep = pl.lit(True)
    if scope.clusters is not None:
        keep &= pl.col("_cluster_id").is_in(list(scope.clusters))
    if scope.gemeente is not None:
        keep &= pl.col("_gemeente_code") == scope.gemeente
    for naam, kolom in kolommen.items():
        if naam in applicable and getattr(filters, naam) is not None:
            keep &= pl.col(f"_{kolom}") == getattr(filters, naam)
    return rows.filter(keep).drop([c for c in rows.columns if c.startswith("_")])


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort(frame.columns, nulls_last=True)


def _run(gi, name: str, filters: Filters, scope: Scope) -> pl.DataFrame:
    kpi = KPI_VAN.get(name)
    applicable = kpi.filters if kpi else FILTERS
    return gi.query(name, query_params(P, filters, scope, van=VAN, tot=TOT, peildata=PEILDATA, applicable=applicable))


@pytest.mark.parametrize("selectie", SELECTIE_NAMEN)
@pytest.mark.parametrize("name", [q for q in QUERY_FILES if q not in AGGREGATEN | EIGEN_REGEL])
def test_query_returns_exactly_the_rows_of_the_selection(gi, name, selectie):
    filters, scope = _selecties(gi)[selectie]
    kpi = KPI_VAN.get(name)
    applicable = kpi.filters if kpi else FILTERS
    alle = _run(gi, name, Filters(), ALLES)
    assert alle.height > 0, f"{name}: the fixture gives no rows"
    werkers = "maatregel_id" not in alle.columns
    verwacht = _in_selectie(alle, gi, filters, scope, applicable, werkers)
    if name in NOEMT_MEDEWERKERS and scope.gemeente is not None:
        verwacht = verwacht.head(0)
    gekregen = _run(gi, name, filters, scope)
    weg = VAN_DE_SCOPE.get(name, ()) if scope != ALLES else ()
    assert_frame_equal(_sorted(gekregen.drop(weg)), _sorted(verwacht.drop(weg)), check_exact=True)
    if selectie.startswith("filter_") and scope == ALLES and set(applicable) >= {selectie[7:]}:
        assert 0 < verwacht.height < alle.height or alle.height == verwacht.height == 0 or name.endswith("_jr"), \
            f"{name}: the fixture has no rows on one side of {selectie}"


@pytest.mark.parametrize("selectie", SELECTIE_NAMEN)
@pytest.mark.parametrize("name", list(registry.SERIES))
def test_series_returns_exactly_the_rows_of_the_selection(gi, name, selectie):
    """engine.series (stored rows for the stored month ends, live for 2025-08-15) against the
    unfiltered live rows of its source, filtered in Python."""
    filters, scope = _selecties(gi)[selectie]
    series = registry.SERIES[name]
    kpi = registry.KPI_OF_SERIES[name]
    alle = gi.sql(f"select * from {series.source}($selectie, $peildata::date[])",
                  query_params(P, peildata=PEILDATA))
    verwacht = _in_selectie(alle, gi, filters, scope, kpi.filters, series.entity == registry.ENTITY_MEDEWERKER)
    gekregen = engine.series(gi, name, PEILDATA, filters, scope)
    assert_frame_equal(_sorted(gekregen), _sorted(verwacht.select("peildatum", *series.columns)), check_exact=True)


@pytest.mark.parametrize("selectie", SELECTIE_NAMEN)
def test_aggregates_count_only_the_selection(gi, selectie):
    filters, scope = _selecties(gi)[selectie]
    # K6 in- and outflow per week and cluster: no cluster outside the selection, counts within it
    stroom = _run(gi, "kpi/k6_stroom", filters, scope)
    alle = _run(gi, "kpi/k6_stroom", Filters(), ALLES)
    clusters = set(_in_selectie(gi.sql("select maatregel_id from stg_maatregelen"), gi, filters, scope, FILTERS, False)
                   .join(gi.sql("select maatregel_id, cluster_id from stg_maatregelen"), on="maatregel_id")["cluster_id"])
    assert set(stroom["cluster_id"]) <= clusters
    assert stroom["voorraad"].sum() <= alle["voorraad"].sum() and stroom["instroom"].sum() <= alle["instroom"].sum()
    # K4 capacity: the workers and young people of the selection's teams; none for a municipality's scope
    capaciteit = engine.capaciteit(gi, PEILDATA, filters, scope)
    werkers = engine.caseload(gi, PEILDATA, filters, scope).filter(pl.col("team_soort") == "jb")
    fte = werkers.group_by("peildatum").agg(pl.col("fte").sum())
    for row in capaciteit.iter_rows(named=True):
        assert row["fte_in_dienst"] == pytest.approx(
            fte.filter(pl.col("peildatum") == row["peildatum"])["fte"].sum())
    if scope.gemeente is not None or scope.clusters == ():
        assert capaciteit["fte_in_dienst"].sum() == 0 and capaciteit["jeugdigen_met_vaste_jzw"].sum() == 0


def test_fixture_has_rows_inside_and_outside_every_scope(gi):
    maatregelen = gi.sql("select cluster_id, gemeente_code from stg_maatregelen")
    assert set(maatregelen["cluster_id"]) == {"UTR", "ZHL"} and set(maatregelen["gemeente_code"]) == {"GM0344", "GM0599"}


@pytest.mark.parametrize("selectie", SELECTIE_NAMEN)
@pytest.mark.parametrize("key", engine.DEADLINE_KPIS)
def test_deadline_counts_count_the_case_rows_of_the_selection(gi, key, selectie):
    """The counts from the deadline facts (figure, trend, per team) are those of the selection's case rows."""
    filters, scope = _selecties(gi)[selectie]
    cases = engine.deadline_cases(gi, key, P, VAN, TOT, filters, scope).with_columns(
        maand=pl.col("deadline").dt.truncate("1mo"))
    assert engine.deadline_kpi(gi, key, P, VAN, TOT, filters, scope) == engine.deadline_counts(cases).row(0, named=True)
    trend = engine.count_deadlines(gi, key, P, VAN, TOT, filters, scope, per_maand=True)
    expected = engine.deadline_counts(cases, ("maand",)).filter(pl.col("totaal") > 0)
    assert_frame_equal(trend, expected, check_dtypes=False)
    per_team = engine.count_deadlines(gi, key, P, VAN, TOT, filters, scope, by=("team_id",), per_maand=True)
    assert_frame_equal(per_team, engine.deadline_counts(cases, ("maand", "team_id")).filter(pl.col("totaal") > 0),
                       check_dtypes=False)
