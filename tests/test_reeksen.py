"""Precomputed monthly series (kpi/reeksen.py): engine.reeks reading the stored rows
gives exactly what the live KPI query gives (rows, order, values, dtypes), for every
function and selection, on a small generated database and on the demo database."""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from kpi import calendar, db as kdb, engine, reeksen
from kpi.params import Filters, Scope
from tests.builders import D, make_db

FUNCTIES = reeksen.functies()

SELECTIES = {
    "alles": (Filters(), Scope()),
    "cluster": (Filters(cluster="UTR"), Scope()),
    "team": (Filters(team="UTR-JB1"), Scope()),
    "gemeente": (Filters(gemeente="GM0599"), Scope()),
    "soort": (Filters(soort="voogdij"), Scope()),
    "soort_jr": (Filters(soort="JR"), Scope()),
    "gebiedsmanager": (Filters(), Scope(clusters=("UTR",))),
    "gebiedsmanager_filter_buiten": (Filters(cluster="ZHL"), Scope(clusters=("UTR",))),
    "gemeentelijk": (Filters(), Scope(gemeente="GM0344")),
    "geen_clusters": (Filters(), Scope(clusters=())),
}


def _dag(rng: random.Random, van: dt.date, tot: dt.date) -> dt.date:
    return van + dt.timedelta(days=rng.randrange((tot - van).days + 1))


def _rijen(seed: int = 7) -> dict[str, list[dict]]:
    """~80 measures over both clusters, all soorten, assignments that change over time,
    contacts, verblijf, colours, monitorlijst and casuistiek between 2020 and 2025."""
    rng = random.Random(seed)
    begin, eind = D("2020-06-01"), D("2025-09-30")
    teams = ["UTR-JB1", "UTR-JR", "UTR-ID", "ZHL-JB1", "ZHL-JR"]
    werkers = []
    for i in range(12):
        team = teams[i % len(teams)]
        werkers.append({"medewerker_id": f"W{i:02d}", "functie": "jeugdzorgwerker" if i < 10 else "gebiedsmanager",
                        "team_id": team, "fte": rng.choice([0.5, 0.8, 1.0]),
                        "in_dienst": _dag(rng, D("2019-01-01"), D("2023-01-01")),
                        "uit_dienst": _dag(rng, D("2023-06-01"), D("2026-01-01")) if i % 4 == 0 else None})
    maatregelen, toewijzingen, contacten, verblijf = [], [], [], []
    kleuren, lijst, casuistiek = [], [], []
    for i in range(80):
        mid = f"M{i:03d}"
        soort = rng.choice(["OTS", "OTS", "voogdij", "JR", "VOTS"])
        team = rng.choice(["UTR-JR", "ZHL-JR"]) if soort == "JR" else rng.choice(["UTR-JB1", "UTR-ID", "ZHL-JB1"])
        start = _dag(rng, begin, D("2025-08-01"))
        einde = _dag(rng, start + dt.timedelta(days=30), D("2026-06-01")) if rng.random() < 0.5 else None
        maatregelen.append({"maatregel_id": mid, "soort": soort, "team_id": team, "startdatum": start,
                            "einddatum": einde, "gemeente_code": rng.choice(["GM0344", "GM0599"]),
                            "jeugdige_id": f"J{i % 70:03d}"})  # a few young people with two measures
        dag = start
        while dag < eind:
            volgende = dag + dt.timedelta(days=rng.randrange(60, 500))
            rol = rng.choice(["vast", "vast", "in_doorstroom"])
            toewijzingen.append({"maatregel_id": mid, "medewerker_id": rng.choice(werkers[:10])["medewerker_id"],
                                 "rol": rol, "van": dag, "tot": volgende if volgende < eind else None})
            dag = volgende + dt.timedelta(days=rng.choice([0, 0, 20]))
        for _ in range(rng.randrange(0, 25)):
            contacten.append({"maatregel_id": mid, "datum": _dag(rng, start, eind),
                              "medewerker_id": rng.choice(werkers[:10])["medewerker_id"],
                              "vorm": rng.choice(["face_to_face", "face_to_face", "telefonisch", "overleg"]),
                              "met_jeugdige": rng.random() < 0.7, "kind_alleen": rng.random() < 0.5,
                              "andere_aanwezigen": rng.choice([None, False, True]),
                              "door": rng.choice([None, "jeugdzorgwerker", "pleegzorgwerker"])})
        if rng.random() < 0.9:
            verblijf.append({"maatregel_id": mid, "van": start, "tot": None,
                             "woonsituatie": rng.choice(["thuis", "pleeggezin", "gezinshuis", "instelling"])})
        for _ in range(rng.randrange(0, 4)):
            kleuren.append({"maatregel_id": mid, "datum": _dag(rng, start, eind),
                            "kleurcode": rng.choice(["rood", "oranje", "groen"])})
        if rng.random() < 0.4:
            op = _dag(rng, start, eind)
            lijst.append({"maatregel_id": mid, "op_lijst": op,
                          "van_lijst": _dag(rng, op, D("2026-01-01")) if rng.random() < 0.5 else None})
        for _ in range(rng.randrange(0, 4)):
            casuistiek.append({"maatregel_id": mid, "datum": _dag(rng, start, eind)})
    return {"medewerkers": werkers, "maatregelen": maatregelen, "toewijzingen": toewijzingen,
            "contacten": contacten, "verblijf": verblijf, "veiligheidsinschattingen": kleuren,
            "monitorlijst": lijst, "casuistiekbesprekingen": casuistiek}


@pytest.fixture(scope="module")
def klein(tmp_path_factory):
    db = make_db(tmp_path_factory.mktemp("reeksen"), **_rijen())
    yield db
    db.close()


@pytest.fixture(scope="module")
def klein_midden_maand(tmp_path_factory):
    """Export date not a month end: it is precomputed itself, next to the month ends."""
    db = make_db(tmp_path_factory.mktemp("reeksen_mid"), exportdatum="2025-09-17", **_rijen(11))
    yield db
    db.close()


def _gelijk(db, function, peildata, filters=Filters(), scope=Scope()) -> pl.DataFrame:
    vooraf = engine.reeks(db, function, peildata, filters, scope)
    live = engine.reeks(db, function, peildata, filters, scope, live=True)
    assert_frame_equal(vooraf, live, check_row_order=True, check_dtypes=True, check_exact=True)
    return vooraf


# ------------------------------------------------------------------ small database


def test_venster():
    ends = reeksen.venster(D("2025-09-30"))
    assert ends[0] == D("2021-09-30") and ends[-1] == D("2025-09-30")
    assert len(ends) == engine.TREND_MAANDEN + reeksen.EXTRA_MAANDEN + 1
    mid = reeksen.venster(D("2025-09-17"))
    assert mid[0] == D("2021-09-30") and mid[-2:] == [D("2025-08-31"), D("2025-09-17")]


def test_tables_hold_the_window(klein):
    for function in FUNCTIES:
        assert reeksen.voorberekend(klein, function) == frozenset(reeksen.venster(klein.exportdatum))
        datums = klein.sql(f"select distinct peildatum from {reeksen.tabel(function)}")["peildatum"]
        assert set(datums) <= set(reeksen.venster(klein.exportdatum))
    assert reeksen.voorberekend(klein, "capaciteit") == frozenset()


@pytest.mark.parametrize("selectie", SELECTIES)
@pytest.mark.parametrize("function", FUNCTIES)
def test_precomputed_equals_live(klein, function, selectie):
    rows = _gelijk(klein, function, engine.maandeinden(klein.exportdatum), *SELECTIES[selectie])
    if selectie == "alles":
        assert rows.height > 0, function  # the fixture gives every function rows


@pytest.mark.parametrize("function", FUNCTIES)
def test_mid_month_peildatum_mixes_stored_and_live(klein, function):
    peildata = engine.maandeinden(D("2025-08-15"))  # month ends stored, 2025-08-15 live
    vooraf = frozenset(reeksen.voorberekend(klein, function))
    assert peildata[-1] not in vooraf and set(peildata[:-1]) <= vooraf
    for filters, scope in (SELECTIES["alles"], SELECTIES["cluster"], SELECTIES["gemeentelijk"]):
        rows = _gelijk(klein, function, peildata, filters, scope)
        assert rows["peildatum"].is_sorted()


@pytest.mark.parametrize("function", FUNCTIES)
def test_peildata_outside_the_window_and_unsorted(klein, function):
    # before the window (live), inside it (stored), after the export date (live), out of order
    peildata = [D("2025-06-30"), D("2019-12-31"), D("2026-03-31"), D("2021-09-30"), D("2025-09-30")]
    _gelijk(klein, function, peildata, *SELECTIES["alles"])
    _gelijk(klein, function, peildata, *SELECTIES["team"])
    _gelijk(klein, function, [D("2025-06-30"), D("2025-06-30")])  # duplicates: live, as before


@pytest.mark.parametrize("function", FUNCTIES)
def test_export_date_not_a_month_end(klein_midden_maand, function):
    db = klein_midden_maand
    assert D("2025-09-17") in reeksen.voorberekend(db, function)
    for selectie in ("alles", "cluster", "soort", "gemeentelijk"):
        _gelijk(db, function, engine.maandeinden(db.exportdatum), *SELECTIES[selectie])
    _gelijk(db, function, engine.maandeinden(D("2025-09-30")))  # 09-30 after the export date: live


def test_stored_rows_are_what_is_read(klein):
    """The precomputed path really reads the table (not the live query)."""
    peildata = engine.maandeinden(klein.exportdatum)
    stored = klein.sql("select count(*) as n from reeks_vaste_jzw where peildatum in "
                       "(select unnest($peildata::date[]))", {"peildata": peildata})["n"][0]
    assert engine.reeks(klein, "vaste_jzw", peildata).height == stored


def _kopie(klein, tmp_path, naam):
    pad = tmp_path / naam
    shutil.copyfile(klein.path, pad)  # a finished file (checkpointed, no .wal)
    return pad


def test_database_without_the_tables_computes_live(klein, tmp_path):
    pad = _kopie(klein, tmp_path, "oud.duckdb")
    con = duckdb.connect(str(pad))
    for function in FUNCTIES:
        con.execute(f"drop table {reeksen.tabel(function)}")
    con.execute("delete from meta where sleutel like 'reeks%'")
    con.execute("update meta set waarde = '1' where sleutel = 'schema_versie'")  # as before the series
    con.close()
    oud = kdb.Database(pad)  # a version-1 file (e.g. a restored backup) still opens
    try:
        for function in FUNCTIES:
            assert reeksen.voorberekend(oud, function) == frozenset()
            peildata = engine.maandeinden(oud.exportdatum)
            for filters, scope in (SELECTIES["alles"], SELECTIES["gebiedsmanager"]):
                assert_frame_equal(engine.reeks(oud, function, peildata, filters, scope),
                                   engine.reeks(klein, function, peildata, filters, scope, live=True))
    finally:
        oud.close()


def test_series_of_other_code_are_not_used(klein, tmp_path):
    """A stored series computed with other SQL or norms (a stale hash) falls back to live."""
    pad = _kopie(klein, tmp_path, "anders.duckdb")
    con = duckdb.connect(str(pad))
    con.execute("update meta set waarde = 'andere code' where sleutel = ?", [reeksen.META_SLEUTEL + "kind_alleen"])
    con.execute("update reeks_kind_alleen set voldoet_gevalideerd = not voldoet_gevalideerd")
    con.close()
    anders = kdb.Database(pad)
    try:
        assert reeksen.voorberekend(anders, "kind_alleen") == frozenset()
        assert reeksen.voorberekend(anders, "vaste_jzw")
        peildata = engine.maandeinden(anders.exportdatum)
        assert_frame_equal(engine.reeks(anders, "kind_alleen", peildata),
                           engine.reeks(klein, "kind_alleen", peildata, live=True))
    finally:
        anders.close()


def test_build_without_series(tmp_path):
    from tests.builders import _frame, org
    from kpi import contract

    rows = {**org(), **_rijen(3)}
    frames = {t.name: _frame(t, rows.get(t.name, [])) for t in contract.TABLES}
    kdb.build_database(tmp_path / "zonder.duckdb", frames, D("2025-09-30"), reeksen=False)
    zonder = kdb.Database(tmp_path / "zonder.duckdb")
    try:
        assert all(reeksen.voorberekend(zonder, f) == frozenset() for f in FUNCTIES)
        assert engine.reeks(zonder, "vaste_jzw", engine.maandeinden(zonder.exportdatum)).height > 0
    finally:
        zonder.close()


def test_schema_declares_the_trend_columns_with_key_and_order():
    schema = (kdb.SQL_DIR / "schema.sql").read_text()
    for function in FUNCTIES:
        block = re.search(rf"create table {reeksen.tabel(function)} \((.*?)\n\);", schema, re.S)
        assert block, function
        columns = re.findall(r"^\s+(\w+) \w+", block.group(1), re.M)
        kolommen = engine.REEKS[function][1]
        kenmerken = list(reeksen.KENMERKEN) if reeksen.sleutel_kolom(function) == "maatregel_id" else []
        assert columns == [kolommen[0], reeksen.sleutel_kolom(function), reeksen.VOLGORDE, *kenmerken,
                           *kolommen[1:]], function
    assert sorted(p.stem for p in (kdb.SQL_DIR / "reeks").glob("*.sql")) == sorted(FUNCTIES)


# ------------------------------------------------------------------ demo database


DEMO_SELECTIES = {
    "alles": (Filters(), Scope()),
    "cluster": (Filters(cluster="ZHL"), Scope()),
    "team": (Filters(team="UTR-JB1"), Scope()),
    "gemeente": (Filters(gemeente="GM1171"), Scope()),
    "soort": (Filters(soort="OTS"), Scope()),
    "gebiedsmanager": (Filters(), Scope(clusters=("UTR",))),
    "gemeentelijk": (Filters(), Scope(gemeente="GM1171")),
}


@pytest.mark.parametrize("selectie", DEMO_SELECTIES)
@pytest.mark.parametrize("function", FUNCTIES)
def test_demo_precomputed_equals_live(demo, function, selectie):
    assert set(engine.maandeinden(demo.exportdatum)) <= reeksen.voorberekend(demo, function)
    filters, scope = DEMO_SELECTIES[selectie]
    if selectie in ("alles", "gebiedsmanager"):
        peildata = engine.maandeinden(demo.exportdatum)
    else:  # a shorter series keeps the suite quick; the mid-month P mixes stored and live
        peildata = engine.maandeinden(calendar.plus_maanden(demo.exportdatum, -1) - dt.timedelta(days=10), 14)
    rows = _gelijk(demo, function, peildata, filters, scope)
    if selectie == "alles":
        assert rows.height > 0


def test_empty_database(tmp_path):
    """No measures or workers: empty stored series, with the live query's dtypes."""
    leeg = make_db(tmp_path)
    try:
        for function in FUNCTIES:
            assert reeksen.voorberekend(leeg, function)
            assert _gelijk(leeg, function, engine.maandeinden(leeg.exportdatum)).is_empty()
    finally:
        leeg.close()


# ------------------------------------------------------------------ rows behind K4 capaciteit


@pytest.fixture(scope="module")
def klein_live_capaciteit(klein, tmp_path_factory):
    """The same file without the stored capaciteit rows (their meta keys gone): live macros."""
    pad = tmp_path_factory.mktemp("capaciteit") / "live.duckdb"
    shutil.copyfile(klein.path, pad)
    con = duckdb.connect(str(pad))
    con.execute("delete from meta where sleutel in (?, ?)", [reeksen.META_SLEUTEL + n for n in reeksen.RIJEN])
    con.close()
    db = kdb.Database(pad)
    yield db
    db.close()


def test_capaciteit_rows_are_stored_for_the_window(klein):
    for naam, table in reeksen.RIJEN.items():
        datums = set(klein.sql(f"select distinct peildatum from {table}")["peildatum"])
        assert datums and datums <= set(reeksen.venster(klein.exportdatum)), naam
        peildata = engine.maandeinden(klein.exportdatum)
        stored = klein.sql(f"select count(*) as n from {table} where peildatum in (select unnest($p::date[]))",
                           {"p": peildata})["n"][0]
        read = klein.sql(f"select count(*) as n from {naam}_op($p::date[])", {"p": peildata})["n"][0]
        live = klein.sql(f"select count(*) as n from {naam}_live($p::date[])", {"p": peildata})["n"][0]
        assert stored == read == live > 0, naam


@pytest.mark.parametrize("selectie", SELECTIES)
def test_capaciteit_from_stored_rows_equals_live(klein, klein_live_capaciteit, selectie):
    filters, scope = SELECTIES[selectie]
    for peildata in (engine.maandeinden(klein.exportdatum),  # stored
                     engine.maandeinden(D("2025-08-15")),  # stored month ends and a live mid-month P
                     [D("2019-12-31"), D("2026-03-31"), D("2025-06-30")]):  # outside the window, unsorted
        vooraf = engine.capaciteit(klein, peildata, filters, scope)
        live = engine.capaciteit(klein_live_capaciteit, peildata, filters, scope)
        assert_frame_equal(vooraf, live, check_exact=True)
        assert vooraf.height == len(peildata)
    if selectie == "alles":
        assert engine.capaciteit(klein, [klein.exportdatum])["jeugdigen_met_vaste_jzw"][0] > 0


def test_capaciteit_rows_of_other_code_are_not_used(klein, tmp_path):
    pad = _kopie(klein, tmp_path, "anders_capaciteit.duckdb")
    con = duckdb.connect(str(pad))
    con.execute("update meta set waarde = 'andere code' where sleutel = ?", [reeksen.META_SLEUTEL + "vaste_zaken"])
    con.execute("delete from reeks_vaste_zaken")
    con.close()
    anders = kdb.Database(pad)
    try:
        peildata = engine.maandeinden(anders.exportdatum)
        assert_frame_equal(engine.capaciteit(anders, peildata), engine.capaciteit(klein, peildata))
    finally:
        anders.close()


# ------------------------------------------------------------------ counted series (the K5-K7 tiles)

TELLERS = {"kind_alleen": {"a": ("voldoet_gevalideerd",), "b": ("voldoet_geregistreerd",)},
           "kind_alleen_jr": {"a": ("voldoet",)},
           "vaste_jzw": {"a": ("met_vaste_jzw",), "b": ("op_monitorlijst",)},
           "in_doorstroom": {"a": ("contact_ok", "casuistiek_ok"), "b": ("contact_ok",)}}


@pytest.mark.parametrize("selectie", ["alles", "cluster", "gemeentelijk", "soort"])
@pytest.mark.parametrize("function", TELLERS)
def test_counted_series_count_the_rows(klein, function, selectie):
    """engine.reeks(..., tellers=...) gives per peildatum the number of rows and of rows whose
    columns are all true: the rows' own counts, stored and live peildata mixed."""
    filters, scope = SELECTIES[selectie]
    peildata = engine.maandeinden(D("2025-08-15"))  # stored month ends and a live mid-month P
    tellers = TELLERS[function]
    rows = engine.reeks(klein, function, peildata, filters, scope)
    expected = (rows.group_by("peildatum", maintain_order=True)
                .agg(totaal=pl.len().cast(pl.Int64),
                     **{naam: pl.all_horizontal(cols).sum().cast(pl.Int64) for naam, cols in tellers.items()}))
    got = engine.reeks(klein, function, peildata, filters, scope, tellers=tellers)
    assert_frame_equal(got, expected, check_dtypes=False)
    if selectie == "alles":
        assert got.height > 0 and got["totaal"].sum() == rows.height
