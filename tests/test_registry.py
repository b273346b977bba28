"""Every KPI has all its parts, read from the registry (style.md: one registry): its query files,
its deadline facts or series, its hand-computed test cases, its definition text and its page.
Whether the queries keep to the selection is tested on their rows: tests/test_selectie.py."""

import datetime as dt
import re

import pytest

from kpi.core import labels, norms, params, registry
from kpi.core.params import query_params
from kpi.data import build, contract, db
from kpi.metrics import engine

TESTS = db.ROOT / "tests"
QUERY_FILES = sorted([*db.SQL_DIR.glob("kpi/*.sql"), *db.SQL_DIR.glob("kwaliteit/*.sql"),
                      *db.SQL_DIR.glob("werklijst/*.sql")])
LAYER_FILES = sorted([*db.SQL_DIR.glob("staging/*.sql"), *db.SQL_DIR.glob("intermediate/*.sql")])


def _test_bestanden(key: str) -> list[str]:
    """tests/test_<key>.py, or a file test_k<a>_k<b>.py with a <= key <= b (e.g. test_k1_k3.py)."""
    n = int(key[1:])
    found = []
    for path in TESTS.glob("test_k*.py"):
        keys = [int(k) for k in re.findall(r"k(\d+)", path.stem)]
        if keys == [n] or (len(keys) == 2 and keys[0] <= n <= keys[1]):
            found.append(path.name)
    return found


@pytest.mark.parametrize("kpi", registry.KPIS, ids=lambda k: k.key)
def test_kpi_is_complete(kpi):
    assert kpi.titel and kpi.korte_titel and kpi.norm_tekst
    assert len(kpi.definitie.strip()) > 200
    assert kpi.richting in (registry.HOGER_BETER, registry.LAGER_BETER)
    assert kpi.kind in registry.KINDS
    assert kpi.sql, "at least the query of its case rows"
    for name in kpi.sql:
        assert (db.SQL_DIR / f"{name}.sql").is_file(), name
    assert set(kpi.filters) <= set(params.FILTERS) and set(kpi.geen_cijfer_bij) <= set(params.FILTERS)
    assert not set(kpi.filters) & set(kpi.geen_cijfer_bij)
    if kpi.kind == registry.TERMIJN:
        assert kpi.termijn and build.is_model(f"intermediate/{kpi.termijn}"), kpi.termijn
        assert kpi.termijn in build.MODELS and not kpi.series
    else:
        assert kpi.termijn is None and kpi.series, "a trend reads a series"
    for series in kpi.series:
        assert series.source and series.columns and series.entity in params.SELECTION_COLUMNS
    assert _test_bestanden(kpi.key), f"hand-computed test cases in tests/test_{kpi.key}.py"
    assert (db.ROOT / kpi.pagina).is_file(), kpi.pagina
    assert kpi.pagina_titel and re.fullmatch(r"[a-z]+(-[a-z]+)*", kpi.url_path), "its place in the navigation"
    assert all(f in labels.FILTER_LABELS for f in (*kpi.filters, *kpi.geen_cijfer_bij)), "its filters' labels"
    if kpi.kind == registry.TERMIJN:
        assert kpi.tegel is None  # its tile is that of every deadline KPI
    if kpi.kind == registry.OP_PEILDATUM:  # its Overzicht tile counts columns of one of its series
        series = {s.name: s for s in kpi.series}
        assert kpi.tegel and kpi.tegel.series in series, "its Overzicht tile"
        for columns in (kpi.tegel.teller, *(c for _, c in kpi.tegel.extra)):
            assert set(columns) <= set(series[kpi.tegel.series].columns), columns


def test_the_snapshot_shows_the_deadline_kpis_with_a_snapshot_text():
    from kpi.reports import snapshot

    assert snapshot.TERMIJNEN == ("k1", "k2", "k3")  # the PDF has room for these three
    assert all(registry.KPI_BY_KEY[k].kind == registry.TERMIJN and registry.KPI_BY_KEY[k].snapshot_tekst
               for k in snapshot.TERMIJNEN)


def test_pages_and_addresses_are_unique():
    for field in ("pagina", "pagina_titel", "url_path", "naam"):
        values = [getattr(k, field) for k in registry.KPIS]
        assert len(set(values)) == len(values), field


@pytest.mark.parametrize(("filters", "expected"), [
    (params.Filters(), {"k4": ()}),  # nothing chosen: nothing to say
    (params.Filters(cluster="UTR"), {"k1": (), "k4": ()}),  # K4 selects workers by cluster and team
    (params.Filters(soort="OTS", gemeente="GM0344"), {"k1": (), "k4": ("gemeente", "soort")}),
])
def test_filters_that_do_not_apply_follow_kpi_filters(filters, expected):
    for key, result in expected.items():
        assert registry.niet_van_toepassing(registry.KPI_BY_KEY[key], filters) == result


def test_keys_are_unique_and_numbered():
    keys = [k.key for k in registry.KPIS]
    assert len(set(keys)) == len(keys) and all(re.fullmatch(r"k\d+", k) for k in keys)
    assert keys == sorted(keys, key=lambda k: int(k[1:]))


def test_series_names_are_unique_and_derived_lists_follow_the_registry():
    names = [s.name for s in build.SERIES]
    assert len(set(names)) == len(names)
    assert engine.DEADLINE_KPIS == tuple(k.key for k in registry.KPIS if k.kind == registry.TERMIJN)
    assert set(engine.SERIES) == {s.name for k in registry.KPIS for s in k.series}


def test_sql_uses_only_known_parameters():
    known = set(query_params(dt.date(2025, 9, 30)))  # every one has a value by default
    assert known == {"peildatum", "peildata", "van", "tot", "selectie", "gestart_vanaf"}
    for path in QUERY_FILES:
        used = db.sql_parameters(path.read_text())
        assert used <= known, f"{path.name}: {used - known}"
    for path in LAYER_FILES:  # views and macros take no parameters: what they need is an argument
        assert not db.sql_parameters(path.read_text()), path.name


def test_query_files_read_measures_and_workers_only_through_the_selection():
    # The contract tables of measures and workers are read in the layers below (staging, the
    # selection and running-at-P macros, the deadline facts, the row sets of K4), not by a query.
    for path in QUERY_FILES:
        text = build.without_comments(path.read_text())
        assert not re.search(r"\b(from|join)\s+(stg_)?(maatregelen|medewerkers)\b(?!\s*\()", text), path.name


def test_norm_numbers_are_not_literals_in_sql():
    for path in sorted(db.SQL_DIR.rglob("*.sql")):
        text = build.without_comments(path.read_text())
        for number in (norms.K2_DAGEN, norms.K7_CASUISTIEK_DAGEN, norms.K5_VENSTER_DAGEN, norms.K5_NIET_GEZIEN_DAGEN):
            assert not re.search(rf"(?<![\w.$]){number}(?![\w.])", text), f"{path.name}: {number}"


def test_schema_matches_contract():
    schema = (db.SQL_DIR / "schema.sql").read_text()
    for table in contract.TABLES:
        block = re.search(rf"create table {table.name} \((.*?)\n\);", schema, re.S)
        assert block, table.name
        columns = re.findall(r"^\s+(\w+) (\w+)", block.group(1), re.M)
        assert [c for c, _ in columns if c != "primary"] == list(table.column_names), table.name
        for name, sql_type in columns:
            assert sql_type == contract.SQL_TYPES[table.column(name).type], (table.name, name)


def test_filters_name_their_column():
    for f in params.FILTERS:
        assert params.Filters.__dataclass_fields__[f].metadata["column"] in params.SELECTION_COLUMNS["maatregel"]


def test_sql_reads_only_norms_that_exist():
    used = {m for path in db.SQL_DIR.rglob("*.sql")
            for m in re.findall(r"normen\(\)\.(\w+)", build.without_comments(path.read_text()))}
    assert used and used <= set(params.NORMEN), used - set(params.NORMEN)
