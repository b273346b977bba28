"""Deadline facts stored at import (kpi/termijnen.py): K1-K3 read from the stored tables give
exactly the rows the same SQL computes on the fly, at any peildatum and selection; a file
without them (an older schema version) or with facts of other code computes them live."""

from __future__ import annotations

import shutil

import duckdb
import pytest
from polars.testing import assert_frame_equal

from kpi import db as kdb, engine, termijnen
from kpi.params import Filters, Scope
from tests.builders import D
from tests.test_reeksen import SELECTIES, klein  # noqa: F401 (module fixture)

PERIODES = [  # (peildatum, van, tot): the quarter, a long window with P inside, P before the deadlines
    (D("2025-09-30"), D("2025-07-01"), D("2025-09-30")),
    (D("2024-02-29"), D("2021-01-01"), D("2025-12-31")),
    (D("2023-06-30"), D("2023-07-01"), D("2023-12-31")),
]


@pytest.fixture(scope="module")
def zonder_tabellen(klein, tmp_path_factory):  # noqa: F811
    """A copy as an older file: no termijn tables, no key, schema version 2."""
    pad = tmp_path_factory.mktemp("termijnen") / "oud.duckdb"
    shutil.copyfile(klein.path, pad)
    con = duckdb.connect(str(pad))
    for key in termijnen.KEYS:
        con.execute(f"drop table {termijnen.tabel(key)}")
    con.execute("delete from meta where sleutel = ?", [termijnen.META_SLEUTEL])
    con.execute("update meta set waarde = '2' where sleutel = 'schema_versie'")
    con.close()
    db = kdb.Database(pad)
    yield db
    db.close()


def test_stored_facts_are_the_sql(klein):  # noqa: F811
    for key in termijnen.KEYS:
        stored = klein.sql(f"select * from {termijnen.tabel(key)} order by maatregel_id")
        live = klein.sql(f"select * from ({termijnen.sql(key)}) order by maatregel_id")
        assert_frame_equal(stored, live, check_exact=True)
        assert stored.height == klein.sql("select count(*) as n from maatregelen")["n"][0]
        # and the KPI queries read the stored table
        plan = klein.sql(f"explain select * from {termijnen.view(key)}")["explain_value"][0]
        assert termijnen.tabel(key) in plan


@pytest.mark.parametrize("selectie", ["alles", "cluster", "gemeente", "soort", "gebiedsmanager", "gemeentelijk"])
@pytest.mark.parametrize("key", termijnen.KEYS)
def test_kpi_rows_equal_with_and_without_stored_facts(klein, zonder_tabellen, key, selectie):  # noqa: F811
    filters, scope = SELECTIES[selectie]
    for peildatum, van, tot in PERIODES:
        stored = engine.deadline_cases(klein, key, peildatum, van, tot, filters, scope)
        live = engine.deadline_cases(zonder_tabellen, key, peildatum, van, tot, filters, scope)
        assert_frame_equal(stored, live, check_exact=True)


def _zonder_feiten(db: kdb.Database, pad) -> kdb.Database:
    shutil.copyfile(db.path, pad)
    con = duckdb.connect(str(pad))
    con.execute("delete from meta where sleutel = ?", [termijnen.META_SLEUTEL])
    con.close()
    return kdb.Database(pad)


@pytest.mark.parametrize("key", termijnen.KEYS)
def test_demo_rows_equal_with_and_without_stored_facts(demo, tmp_path, key):
    """The demo has every status of every deadline KPI; a trend window and a mid-month P."""
    live = _zonder_feiten(demo, tmp_path / "demo.duckdb")
    try:
        for peildatum, filters in ((demo.exportdatum, Filters()), (D("2024-05-15"), Filters(cluster="ZHL"))):
            van = engine.trend_start(peildatum)
            stored = engine.deadline_cases(demo, key, peildatum, van, peildatum + (D("2025-01-31") - D("2025-01-01")),
                                           filters)
            assert_frame_equal(stored, engine.deadline_cases(live, key, peildatum, van,
                                                              peildatum + (D("2025-01-31") - D("2025-01-01")), filters),
                               check_exact=True)
            assert set(stored["status"]) >= {"tijdig", "te_laat", "verlopen", "open"}, (key, peildatum)
    finally:
        live.close()


def test_facts_of_other_code_are_not_used(klein, tmp_path):  # noqa: F811
    pad = tmp_path / "anders.duckdb"
    shutil.copyfile(klein.path, pad)
    con = duckdb.connect(str(pad))
    con.execute("update meta set waarde = 'andere code' where sleutel = ?", [termijnen.META_SLEUTEL])
    con.execute("update termijn_k2 set plan_op = null")
    con.close()
    anders = kdb.Database(pad)
    try:
        args = (D("2024-02-29"), D("2021-01-01"), D("2025-12-31"))
        assert_frame_equal(engine.deadline_cases(anders, "k2", *args), engine.deadline_cases(klein, "k2", *args))
    finally:
        anders.close()


def test_norms_are_written_in_as_whole_numbers():
    from kpi import norms

    for key in termijnen.KEYS:
        assert "$" not in termijnen.sql(key)
    assert f"kb.werkdag_nr + {norms.K1_WERKDAGEN}" in termijnen.sql("k1")
    assert f"{norms.K2_DAGEN}::integer" in termijnen.sql("k2")
