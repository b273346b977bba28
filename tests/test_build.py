"""The one build step (kpi/data/build.py): derived tables hold what their SQL gives, stored series rows read
through series_<name> equal the live rows at any peildatum and selection, one build version per
file, and an outdated file is rebuilt from its own tables (kpi/data/importer.py herbouw), never read by
other code."""

from __future__ import annotations

import datetime as dt
import errno
import shutil

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from kpi.core import registry
from kpi.core.params import Filters, Scope, query_params, selectie
from kpi.data import build, db as kdb, importer
from kpi.metrics import engine
from tests.builders import D, gemengd, make_db

SELECTIES = {
    "alles": (Filters(), Scope()),
    "cluster": (Filters(cluster="UTR"), Scope()),
    "team": (Filters(team="UTR-JB1"), Scope()),
    "gemeente": (Filters(gemeente="GM0599"), Scope()),
    "soort": (Filters(soort="voogdij"), Scope()),
    "gebiedsmanager": (Filters(), Scope(clusters=("UTR",))),
    "gebiedsmanager_filter_buiten": (Filters(cluster="ZHL"), Scope(clusters=("UTR",))),
    "gemeentelijk": (Filters(), Scope(gemeente="GM0344")),
    "geen_clusters": (Filters(), Scope(clusters=())),
}


@pytest.fixture(scope="module")
def klein(tmp_path_factory):
    database = make_db(tmp_path_factory.mktemp("build"), **gemengd())
    yield database
    database.close()


@pytest.fixture(scope="module")
def klein_midden_maand(tmp_path_factory):
    """Export date not a month end: it is stored itself, next to the month ends."""
    database = make_db(tmp_path_factory.mktemp("build_mid"), exportdatum="2025-09-17", **gemengd(11))
    yield database
    database.close()


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort(frame.columns, nulls_last=True)


def _live(database, series: registry.Series, peildata, filters=Filters(), scope=Scope()) -> pl.DataFrame:
    """The series' rows computed by its source macro for every peildatum (nothing stored read)."""
    kpi = registry.KPI_OF_SERIES[series.name]
    params = query_params(peildata[-1], filters, scope, peildata=sorted(set(peildata)), applicable=kpi.filters)
    columns = ", ".join(("peildatum", *series.columns))
    return database.sql(f"select {columns} from {series.source}($selectie, $peildata::date[])", params)


def _gelijk(database, name, peildata, filters=Filters(), scope=Scope()) -> pl.DataFrame:
    series = registry.SERIES[name]
    read = engine.series(database, name, peildata, filters, scope)
    assert_frame_equal(_sorted(read), _sorted(_live(database, series, peildata, filters, scope)),
                       check_dtypes=True, check_exact=True)
    return read


# ------------------------------------------------------------------ derived tables


def test_window():
    ends = build.window(D("2025-09-30"))
    assert ends[0] == D("2021-09-30") and ends[-1] == D("2025-09-30")
    assert len(ends) == build.STORED_MONTHS + 1
    mid = build.window(D("2025-09-17"))
    assert mid[0] == D("2021-09-30") and mid[-2:] == [D("2025-08-31"), D("2025-09-17")]


def test_meta_holds_the_build_version_and_the_stored_peildata(klein):
    assert klein.meta["build_versie"] == build.version()
    assert klein.meta["schema_versie"] == build.SCHEMA_VERSION
    assert build.stored_peildata(klein.meta) == build.window(klein.exportdatum)


def test_every_declared_table_is_in_the_file(klein):
    tables = set(klein.sql("select table_name from duckdb_tables() where database_name = 'gi'")["table_name"])
    assert set(build.MODELS) <= tables
    assert {build.stored_table(s) for s in build.SERIES} <= tables
    # and nothing else besides the contract tables, kalender, import_log and meta
    from kpi.data import contract
    assert tables == {*build.MODELS, *(build.stored_table(s) for s in build.SERIES),
                      *(t.name for t in contract.TABLES), "kalender", "import_log", "meta"}


@pytest.mark.parametrize("model", build.MODELS)
def test_materialised_models_hold_what_their_sql_gives(klein, model):
    stored = klein.sql(f"select * from {model}")
    live = klein.sql(build.load_sql(f"intermediate/{model}"))
    assert stored.height > 0
    assert_frame_equal(_sorted(stored), _sorted(live), check_exact=True)


def test_deadline_facts_of_every_deadline_kpi_are_materialised():
    assert [k.termijn for k in registry.KPIS if k.kind == registry.TERMIJN] == [
        m for m in build.MODELS if m.startswith("int_termijn_")]


# ------------------------------------------------------------------ stored series = live rows


@pytest.mark.parametrize("selectie_naam", SELECTIES)
@pytest.mark.parametrize("name", registry.SERIES)
def test_stored_series_equal_live(klein, name, selectie_naam):
    rows = _gelijk(klein, name, engine.maandeinden(klein.exportdatum), *SELECTIES[selectie_naam])
    if selectie_naam == "alles":
        assert rows.height > 0, name  # the fixture gives every series rows


@pytest.mark.parametrize("name", registry.SERIES)
def test_mid_month_peildatum_mixes_stored_and_live(klein, name):
    peildata = engine.maandeinden(D("2025-08-15"))  # month ends stored, 2025-08-15 live
    assert peildata[-1] not in build.stored_peildata(klein.meta)
    for selectie_naam in ("alles", "cluster", "gemeentelijk"):
        _gelijk(klein, name, peildata, *SELECTIES[selectie_naam])


@pytest.mark.parametrize("name", registry.SERIES)
def test_peildata_outside_the_window_unsorted_and_twice(klein, name):
    # before the window (live), inside it (stored), after the export date (live), out of order, twice
    peildata = [D("2025-06-30"), D("2019-12-31"), D("2026-03-31"), D("2021-09-30"), D("2025-09-30"), D("2025-06-30")]
    rows = _gelijk(klein, name, peildata, *SELECTIES["alles"])
    assert rows.filter(pl.col("peildatum") == D("2025-06-30")).height == _live(
        klein, registry.SERIES[name], [D("2025-06-30")]).height  # each peildatum once
    _gelijk(klein, name, peildata, *SELECTIES["team"])


@pytest.mark.parametrize("name", registry.SERIES)
def test_export_date_not_a_month_end(klein_midden_maand, name):
    database = klein_midden_maand
    assert D("2025-09-17") in build.stored_peildata(database.meta)
    for selectie_naam in ("alles", "cluster", "soort", "gemeentelijk"):
        _gelijk(database, name, engine.maandeinden(database.exportdatum), *SELECTIES[selectie_naam])


def test_stored_rows_are_what_is_read(klein):
    """At stored peildata the series reads the stored table, not the live query."""
    peildata = engine.maandeinden(klein.exportdatum)
    plan = klein.sql("explain select * from series_vaste_jzw($s, $p::date[])",
                     {"s": selectie(), "p": peildata})["explain_value"][0]
    assert "stored_vaste_jzw" in plan and "gi.main.toewijzingen" not in plan  # the live branch is pruned
    mixed = klein.sql("explain select * from series_vaste_jzw($s, $p::date[])",
                      {"s": selectie(), "p": [*peildata, D("2025-08-15")]})["explain_value"][0]
    assert "gi.main.toewijzingen" in mixed


@pytest.mark.parametrize("selectie_naam", SELECTIES)
def test_capaciteit_reads_the_stored_rows_as_live(klein, selectie_naam):
    filters, scope = SELECTIES[selectie_naam]
    for peildata in (engine.maandeinden(klein.exportdatum), engine.maandeinden(D("2025-08-15")),
                     [D("2019-12-31"), D("2026-03-31"), D("2025-06-30")]):
        rows = engine.capaciteit(klein, peildata, filters, scope)
        assert rows.height == len(peildata)
        for naam in ("vaste_zaken", "zonder_vaste"):
            read = klein.sql(f"select * from series_{naam}($p::date[])", {"p": peildata})
            live = klein.sql(f"select * from int_{naam}($p::date[])", {"p": peildata})
            assert_frame_equal(_sorted(read), _sorted(live), check_exact=True)
    if selectie_naam == "alles":
        assert engine.capaciteit(klein, [klein.exportdatum])["jeugdigen_met_vaste_jzw"][0] > 0


def test_counted_series_count_the_rows(klein):
    counts = {"kind_alleen": {"a": ("voldoet_gevalideerd",), "b": ("voldoet_geregistreerd",)},
              "kind_alleen_jr": {"a": ("voldoet",)},
              "vaste_jzw": {"a": ("met_vaste_jzw",), "b": ("op_monitorlijst",)},
              "in_doorstroom": {"a": ("contact_ok", "casuistiek_ok"), "b": ("contact_ok",)}}
    peildata = engine.maandeinden(D("2025-08-15"))  # stored month ends and a live mid-month P
    for name, tellers in counts.items():
        for selectie_naam in ("alles", "cluster", "gemeentelijk", "soort"):
            filters, scope = SELECTIES[selectie_naam]
            rows = engine.series(klein, name, peildata, filters, scope)
            expected = (rows.group_by("peildatum").agg(
                totaal=pl.len().cast(pl.Int64),
                **{naam: pl.all_horizontal(cols).sum().cast(pl.Int64) for naam, cols in tellers.items()})
                .sort("peildatum"))
            got = engine.series(klein, name, peildata, filters, scope, counts=tellers)
            assert_frame_equal(got, expected, check_dtypes=False)


def test_empty_database(tmp_path):
    """No measures or workers: empty stored series, every query still runs."""
    leeg = make_db(tmp_path)
    try:
        for name in registry.SERIES:
            assert _gelijk(leeg, name, engine.maandeinden(leeg.exportdatum)).is_empty()
    finally:
        leeg.close()


# ------------------------------------------------------------------ build version and rebuild


def _kopie(database, tmp_path, naam="gi.duckdb"):
    map = tmp_path / naam.replace(".duckdb", "")
    map.mkdir()
    pad = map / naam
    shutil.copyfile(database.path, pad)  # a finished file (checkpointed, no .wal)
    return pad


def _verouder(pad, schema_versie=None):
    """The file as another version of the code would have left it."""
    con = duckdb.connect(str(pad))
    con.execute("update meta set waarde = 'andere code' where sleutel = 'build_versie'")
    con.execute("update stored_kind_alleen set voldoet_gevalideerd = not voldoet_gevalideerd")
    if schema_versie:
        con.execute("update meta set waarde = ? where sleutel = 'schema_versie'", [schema_versie])
        con.execute("delete from meta where sleutel = 'build_versie'")
        con.execute("drop table int_termijn_k1")
        con.execute("create table termijn_k1 as select 1 as oud")
    con.close()


def test_outdated_file_is_not_read_without_rebuilding(klein, tmp_path):
    pad = _kopie(klein, tmp_path)
    _verouder(pad)
    with pytest.raises(kdb.OutdatedDatabase, match="andere versie van het dashboard.*python -m kpi herbouw"):
        kdb.Database(pad)


@pytest.mark.parametrize("schema_versie", [None, "3"])
def test_outdated_file_is_rebuilt_from_its_own_tables(klein, tmp_path, schema_versie):
    pad = _kopie(klein, tmp_path)
    _verouder(pad, schema_versie)
    herbouwd = kdb.Database(pad, rebuild=importer.rebuild)
    try:
        assert herbouwd.meta["build_versie"] == build.version() and herbouwd.exportdatum == klein.exportdatum
        assert len(importer.backups(pad)) == 1  # the outdated file is kept, as after an import
        tables = set(herbouwd.sql("select table_name from duckdb_tables() where database_name = 'gi'")["table_name"])
        assert "termijn_k1" not in tables and "int_termijn_k1" in tables
        for table in ("maatregelen", "contacten", "import_log"):
            assert_frame_equal(herbouwd.sql(f"select * from {table}"), klein.sql(f"select * from {table}"))
        peildata = engine.maandeinden(klein.exportdatum)
        assert_frame_equal(_sorted(engine.series(herbouwd, "kind_alleen", peildata)),
                           _sorted(engine.series(klein, "kind_alleen", peildata)))
        assert engine.deadline_kpi(herbouwd, "k1", D("2025-09-30"), D("2024-01-01"), D("2025-09-30")) == \
            engine.deadline_kpi(klein, "k1", D("2025-09-30"), D("2024-01-01"), D("2025-09-30"))
    finally:
        herbouwd.close()
    importer.rebuild(pad)  # current now: nothing is done
    assert len(importer.backups(pad)) == 1


def test_rebuild_that_cannot_be_written_says_so_in_dutch(klein, tmp_path, monkeypatch):
    pad = _kopie(klein, tmp_path)
    _verouder(pad)
    voor = pad.read_bytes()

    def alleen_lezen(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(build, "build_database", alleen_lezen)
    with pytest.raises(kdb.DatabaseError) as fout:
        kdb.Database(pad, rebuild=importer.rebuild)
    tekst = str(fout.value)
    assert tekst.startswith("De database gi.duckdb is gemaakt door een andere versie van het dashboard")
    assert "python -m kpi herbouw" in tekst and "Traceback" not in tekst and str(tmp_path) not in tekst
    assert pad.read_bytes() == voor and not importer.backups(pad)
    assert [p.name for p in pad.parent.iterdir()] == ["gi.duckdb"]  # no half-written file left


def test_build_version_covers_sql_norms_and_build_code(monkeypatch, tmp_path):
    base = build.version()
    kopie = tmp_path / "sql"
    shutil.copytree(build.SQL_DIR, kopie)
    (kopie / "kpi" / "k2_plan_van_aanpak.sql").write_text("select 1\n")
    monkeypatch.setattr(build, "SQL_DIR", kopie)
    build.version.cache_clear()
    try:
        assert build.version() != base
        monkeypatch.setattr(build, "SQL_DIR", build.ROOT / "sql")
        build.version.cache_clear()
        assert build.version() == base
        monkeypatch.setitem(build.params.NORMEN, "k2_dagen", 43)
        build.version.cache_clear()
        assert build.version() != base
    finally:
        build.version.cache_clear()
