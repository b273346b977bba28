"""Every KPI has its SQL, its definition text and its page (style.md: one registry)."""

import datetime as dt
import re

import pytest

from kpi import contract, db, norms, registry
from kpi.params import NORM_PARAMS, query_params


@pytest.mark.parametrize("kpi", registry.KPIS, ids=lambda k: k.key)
def test_kpi_is_complete(kpi):
    assert kpi.titel and kpi.korte_titel and kpi.norm_tekst
    assert len(kpi.definitie.strip()) > 200
    assert kpi.richting in (registry.HOGER_BETER, registry.LAGER_BETER)
    for name in kpi.sql:
        assert (db.SQL_DIR / f"{name}.sql").is_file(), name
    assert (db.ROOT / kpi.pagina).is_file(), kpi.pagina
    assert kpi.pagina in (db.ROOT / "app.py").read_text()


# KPI queries, the data-quality checks (kpi/datakwaliteit.py) and the reads of the
# precomputed monthly series (sql/reeks, kpi/reeksen.py) obey the same rules.
QUERY_FILES = sorted([*db.SQL_DIR.glob("kpi/*.sql"), *db.SQL_DIR.glob("kwaliteit/*.sql"),
                      *db.SQL_DIR.glob("reeks/*.sql")])
REEKS_FILES = sorted(db.SQL_DIR.glob("reeks/*.sql"))


def test_keys_are_k1_to_k7():
    assert [k.key for k in registry.KPIS] == [f"k{i}" for i in range(1, 8)]


def test_sql_uses_only_known_parameters():
    known = {"peildatum", "peildata", "van", "tot", "cluster", "team", "gemeente", "soort",
             "scope_clusters", "scope_gemeente", "gestart_vanaf", *NORM_PARAMS}
    assert known == set(query_params(dt.date(2025, 9, 30)))  # every one has a value by default
    for path in QUERY_FILES:
        used = db.sql_parameters(path.read_text())
        assert used <= known, f"{path.name}: {used - known}"


def test_lopend_op_passes_its_filters_and_scope_to_the_scoped_macro():
    macros = re.sub(r"\s+", " ", db.load_sql("macros"))
    assert ("create macro lopend_op(peildata, p_cluster, p_team, p_gemeente, p_soort, scope_clusters, "
            "scope_gemeente) as table") in macros
    assert ("join selectie_maatregelen(p_cluster, p_team, p_gemeente, p_soort, scope_clusters, scope_gemeente) m"
            in macros)


def test_kpi_sql_reads_measures_only_through_the_scoped_macro():
    # Access scope is enforced in selectie_maatregelen / selectie_medewerkers, or, for the stored
    # series whose rows carry the measure's attributes, by the same rule (in_selectie) with every
    # filter and both scope parameters.
    in_selectie = re.compile(r"\bin_selectie\(\s*r\.cluster_id,\s*r\.team_id,\s*r\.gemeente_code,\s*r\.soort,\s*"
                             r"\$cluster,\s*\$team,\s*\$gemeente,\s*\$soort,\s*\$scope_clusters,\s*\$scope_gemeente\)")
    # lopend_op (sql/macros.sql) reads through selectie_maatregelen with the parameters it is given.
    lopend_op = "lopend_op($peildata::date[], $cluster, $team, $gemeente, $soort, $scope_clusters, $scope_gemeente)"
    for path in QUERY_FILES:
        text = re.sub(r"--[^\n]*", "", path.read_text())
        assert (re.search(r"\bselectie_(maatregelen|medewerkers)\(", text) or lopend_op in text
                or (path in REEKS_FILES and in_selectie.search(text))), path.name
        assert not re.search(r"\bfrom\s+(stg_)?maatregelen\b(?!\s*\()", text) or "k4_" in path.name, path.name


def test_norm_numbers_are_not_literals_in_sql():
    for path in QUERY_FILES:
        text = re.sub(r"--[^\n]*", "", path.read_text())
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


def test_query_file_folders_are_all_checked():
    assert REEKS_FILES and set(REEKS_FILES) <= set(QUERY_FILES)


@pytest.mark.parametrize("path", REEKS_FILES, ids=lambda p: p.stem)
def test_reeks_sql_passes_every_filter_and_the_scope(path):
    # A stored series is computed without filters and scope, so its read must pass all of
    # them to the selection rule (none replaced by null): workers through selectie_medewerkers on
    # the stored key, measures through in_selectie on the attributes stored with each row.
    from kpi import engine, reeksen

    text = re.sub(r"--[^\n]*", "", path.read_text())
    flat = re.sub(r"\s+", " ", text)
    assert path.stem in reeksen.functies()
    if path.stem in engine.WERKER_KPIS:
        assert "selectie_medewerkers($cluster, $team, $scope_clusters, $scope_gemeente)" in text, path.name
        assert re.search(r"using \(medewerker_id\)", text), path.name
    else:
        assert ("in_selectie(r.cluster_id, r.team_id, r.gemeente_code, r.soort, "
                "$cluster, $team, $gemeente, $soort, $scope_clusters, $scope_gemeente)") in flat, path.name
    assert f"from {reeksen.tabel(path.stem)} r" in text and "$peildata" in text, path.name
