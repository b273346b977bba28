"""KPI latency: our queries (through kpi.metrics.engine, as the pages call them), the DuckDB scan
of just the columns each query reads (the lower bound), and the same headline counts the
way a typical Streamlit dashboard computes them (whole tables into pandas, then pandas).
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import polars as pl

from kpi.core import kalender, norms, registry
from kpi.data import contract
from kpi.data.db import SQL_DIR, Database, load_sql
from kpi.metrics import engine
from kpi.reports.report import build_report

Date = dt.date
STROOM_MAANDEN = 12  # pages/k6_wachtrij.py


def periode(P: Date) -> tuple[Date, Date]:
    """The dashboard's default period: the quarter running at P, up to P."""
    return Date(P.year, 3 * ((P.month - 1) // 3) + 1, 1), P


def gevallen(P: Date) -> list[tuple[str, str, Callable[[Database], object]]]:
    """(label, sql file, call) for every sql/kpi/*.sql, as the pages call it, plus the trends."""
    van, tot = periode(P)
    stroom_van = kalender.plus_maanden(P, -STROOM_MAANDEN) + dt.timedelta(days=1)
    maanden = engine.maandeinden(P)
    rows = [
        ("k1_eerste_contact", "kpi/k1_eerste_contact", lambda db: engine.deadline_cases(db, "k1", P, van, tot)),
        ("k2_plan_van_aanpak", "kpi/k2_plan_van_aanpak", lambda db: engine.deadline_cases(db, "k2", P, van, tot)),
        ("k3_hulp", "kpi/k3_hulp", lambda db: engine.deadline_cases(db, "k3", P, van, tot)),
        ("k3_aanvragen", "kpi/k3_aanvragen", lambda db: engine.hulp_aanvragen(db, P, gestart_vanaf=van)),
        ("k4_caseload", "kpi/k4_caseload", lambda db: engine.caseload(db, [P])),
        ("k4_capaciteit", "kpi/k4_capaciteit", lambda db: engine.capaciteit(db, [P])),
        ("k5_kind_alleen", "kpi/k5_kind_alleen", lambda db: engine.kind_alleen(db, [P])),
        ("k5_jr", "kpi/k5_jr", lambda db: engine.kind_alleen_jr(db, [P])),
        ("k6_vaste_jzw", "kpi/k6_vaste_jzw", lambda db: engine.vaste_jzw(db, [P])),
        ("k6_stroom", "kpi/k6_stroom", lambda db: engine.monitorlijst_stroom(db, P, stroom_van, P)),
        ("k6_doorlooptijd", "kpi/k6_doorlooptijd", lambda db: engine.doorlooptijd_monitorlijst(db, P, stroom_van, P)),
        ("k7_in_doorstroom", "kpi/k7_in_doorstroom", lambda db: engine.in_doorstroom(db, [P])),
        ("k8_klachten", "kpi/k8_klachten", lambda db: engine.klachten(db, P, van, tot)),
        ("k8_onderdelen", "kpi/k8_onderdelen", lambda db: engine.klachtonderdelen(db, P, van, tot)),
        ("k8_begeleiding", "kpi/k8_begeleiding",
         lambda db: engine.jeugdigen_in_begeleiding(db, P, van, tot, by=("team_id", "team_naam"))),
    ]
    for key in engine.DEADLINE_KPIS:
        sql = registry.KPI_BY_KEY[key].sql[0]
        rows.append((f"{key} trend 36 mnd", sql, lambda db, key=key: engine.deadline_trend(db, key, P)))
    for kpi in registry.KPIS:
        for series in kpi.series:
            rows.append((f"{series.name} reeks 36 mnd", kpi.sql[0],
                         lambda db, name=series.name: engine.series(db, name, maanden)))
        if kpi.key == "k4":  # its capacity gap: one aggregate row per month end (its inputs are stored)
            rows.append(("capaciteit reeks 36 mnd", "kpi/k4_capaciteit", lambda db: engine.capaciteit(db, maanden)))
    return rows


def _tijd(f: Callable[[], object]) -> float:
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# ----------------------------------------------------------------- scan lower bound

def gelezen_kolommen(sql_name: str) -> dict[str, list[str]]:
    """Table -> columns a query reads: contract tables (and kalender) named in its text or in
    the staging views / macros it uses, with the columns whose names occur in that text.
    A superset when names are shared, so the lower bound is if anything too high."""
    text = re.sub(r"--[^\n]*", "", load_sql(sql_name))
    # the views and macros a query reads (sql/staging, sql/intermediate): all of them, a superset
    text += "".join(re.sub(r"--[^\n]*", "", p.read_text())
                    for folder in ("staging", "intermediate") for p in (SQL_DIR / folder).glob("*.sql"))
    words = set(re.findall(r"[a-z_][a-z0-9_]*", text.lower()))
    tables = {t.name: t.column_names for t in contract.TABLES}
    tables["kalender"] = ["datum", "werkdag", "werkdag_nr"]
    used = {}
    for name, columns in tables.items():
        if name in words:
            cols = [c for c in columns if c in words]
            if cols:
                used[name] = cols
    return used


def scan_sql(columns: dict[str, list[str]]) -> str:
    parts = [f"(select {', '.join(f'min({c}) as {t}_{c}' for c in cols)} from {t}) as {t}"
             for t, cols in columns.items()]
    return "select * from " + ", ".join(parts)


# ----------------------------------------------------------------- the pandas way

def laad_pandas(db: Database, tabellen: list[str]) -> dict[str, pd.DataFrame]:
    cur = db.cursor()
    try:
        return {t: cur.sql(f"select * from {t}").df() for t in tabellen}
    finally:
        cur.close()


def _dag(P: Date) -> pd.Timestamp:
    return pd.Timestamp(P)


def _status_tellen(t: pd.DataFrame, event: str, P: pd.Timestamp) -> dict:
    vervalt = t["einddatum"].notna() & (t["einddatum"] <= t["deadline"]) & (
        t[event].isna() | (t[event] > t["einddatum"]))
    t = t[~vervalt & (t["deadline"] <= P)]
    tijdig = t[event].notna() & (t[event] <= t["deadline"])
    te_laat = t[event].notna() & ~tijdig
    return {"tijdig": int(tijdig.sum()), "te_laat": int(te_laat.sum()), "verlopen": int(t[event].isna().sum())}


def _maatregelen(d, P):
    m = d["maatregelen"].merge(d["teams"][["team_id", "cluster_id"]], on="team_id")
    return m[m["startdatum"] <= P]


def pandas_k1(d, P, van, tot):
    P, van, tot = _dag(P), _dag(van), _dag(tot)
    m = _maatregelen(d, P).copy()
    k = d["kalender"]
    nr = k.set_index("datum")["werkdag_nr"]
    werkdag = k[k["werkdag"]].set_index("werkdag_nr")["datum"]
    m["basis_nr"] = m["kennisgeving_op"].fillna(m["startdatum"]).map(nr)
    m["deadline"] = (m["basis_nr"] + norms.K1_WERKDAGEN).map(werkdag)
    t = m[(m["deadline"] >= van) & (m["deadline"] <= tot)]
    c = d["contacten"]
    c = c[(c["vorm"] == "face_to_face") & (c["met_jeugdige"] | c["met_ouders"]) & (c["datum"] <= P)]
    c = c.merge(t[["maatregel_id", "startdatum"]], on="maatregel_id")
    eerste = c[c["datum"] >= c["startdatum"]].groupby("maatregel_id")["datum"].min().rename("event")
    return _status_tellen(t.join(eerste, on="maatregel_id"), "event", P)


def pandas_k2(d, P, van, tot):
    P, van, tot = _dag(P), _dag(van), _dag(tot)
    m = _maatregelen(d, P).copy()
    m["deadline"] = m["startdatum"] + pd.Timedelta(days=norms.K2_DAGEN)
    t = m[(m["deadline"] >= van) & (m["deadline"] <= tot)]
    p = d["plannen"].merge(t[["maatregel_id", "startdatum"]], on="maatregel_id")
    p = p[(p["vastgesteld_op"] >= p["startdatum"]) & (p["vastgesteld_op"] <= P)]
    eerste = p.groupby("maatregel_id")["vastgesteld_op"].min().rename("event")
    return _status_tellen(t.join(eerste, on="maatregel_id"), "event", P)


def pandas_k3(d, P, van, tot):
    P, van, tot = _dag(P), _dag(van), _dag(tot)
    m = _maatregelen(d, P)
    m = m[~m["maatregel_id"].isin(d["geen_hulp_nodig"]["maatregel_id"])].copy()
    m["deadline"] = m["startdatum"] + pd.DateOffset(months=norms.K3_MAANDEN)
    t = m[(m["deadline"] >= van) & (m["deadline"] <= tot)]
    h = d["hulp"]
    h = h[h["gestart_op"] <= P]
    eerste = h[h["maatregel_id"].isin(t["maatregel_id"])].groupby("maatregel_id")["gestart_op"].min().rename("event")
    return _status_tellen(t.join(eerste, on="maatregel_id"), "event", P)


def _lopend(d, P):
    m = _maatregelen(d, P)
    return m[m["einddatum"].isna() | (m["einddatum"] > P)]


def _toewijzingen_op(d, P, rol):
    t = d["toewijzingen"]
    return t[(t["rol"] == rol) & (t["van"] <= P) & (t["tot"].isna() | (t["tot"] > P))]


def pandas_k4(d, P):
    P = _dag(P)
    w = d["medewerkers"].merge(d["teams"][["team_id", "soort"]], on="team_id")
    w = w[(w["functie"] == "jeugdzorgwerker") & (w["soort"] == "jb") & (w["in_dienst"] <= P)
          & (w["uit_dienst"].isna() | (w["uit_dienst"] > P))]
    m = d["maatregelen"]
    m = m[(m["startdatum"] <= P) & (m["einddatum"].isna() | (m["einddatum"] > P))]
    v = _toewijzingen_op(d, P, "vast").merge(m[["maatregel_id", "jeugdige_id"]], on="maatregel_id")
    caseload = v.groupby("medewerker_id")["jeugdige_id"].nunique().rename("caseload")
    w = w.join(caseload, on="medewerker_id")
    w["caseload"] = w["caseload"].fillna(0)
    return {"medewerkers": len(w), "som_caseload": int(w["caseload"].sum()),
            "boven_norm": int((w["caseload"] / w["fte"] > norms.CASELOAD_NORM).sum())}


def pandas_k6(d, P):
    P = _dag(P)
    lopend = _lopend(d, P)
    vast = _toewijzingen_op(d, P, "vast")["maatregel_id"]
    ml = d["monitorlijst"]
    ml = ml[(ml["op_lijst"] <= P) & (ml["van_lijst"].isna() | (ml["van_lijst"] > P))]["maatregel_id"]
    return {"lopend": len(lopend), "met_vaste_jzw": int(lopend["maatregel_id"].isin(vast).sum()),
            "monitorlijst": int(lopend["maatregel_id"].isin(ml).sum())}


def pandas_k7(d, P):
    P = _dag(P)
    lopend = _lopend(d, P)
    vast = _toewijzingen_op(d, P, "vast")["maatregel_id"]
    door = _toewijzingen_op(d, P, "in_doorstroom")["maatregel_id"]
    pop = lopend[~lopend["maatregel_id"].isin(vast) & lopend["maatregel_id"].isin(door)]
    c = d["contacten"]
    c = c[(c["datum"] <= P) & c["maatregel_id"].isin(pop["maatregel_id"])]
    laatste = c.groupby("maatregel_id")["datum"].max()
    ok = (P - laatste).dt.days <= norms.K7_CONTACT_DAGEN
    return {"populatie": len(pop), "contact_ok": int(ok.sum())}


# Our side: the path the dashboard's tiles take for the same headline counts (kpi/presentation/queries.py):
# the deadline counts of engine.deadline_kpi, and for the at-P KPIs engine.series at P, counted in
# the database (read from the stored month-end rows when P is one of them, as the default
# peildatum is; otherwise the same call runs the live KPI query).

def onze_k_deadline(db, key, P, van, tot):
    f = engine.deadline_kpi(db, key, P, van, tot)
    return {s: int(f[s]) for s in ("tijdig", "te_laat", "verlopen")}


def build_report_k4(db, P):
    rows = engine.series(db, "caseload", [P]).filter(pl.col("team_soort") == "jb")
    t = engine.caseload_counts(rows).row(0, named=True)
    return {"medewerkers": int(t["medewerkers"]), "som_caseload": int(t["caseload"] or 0),
            "boven_norm": int(t["boven_norm"])}


def onze_k6(db, P):
    r = engine.series(db, "vaste_jzw", [P], counts={"met_vaste_jzw": ("met_vaste_jzw",),
                                                    "monitorlijst": ("op_monitorlijst",)}).row(0, named=True)
    return {"lopend": r["totaal"], "met_vaste_jzw": r["met_vaste_jzw"], "monitorlijst": r["monitorlijst"]}


def onze_k7(db, P):
    r = engine.series(db, "in_doorstroom", [P], counts={"contact_ok": ("contact_ok",)}).row(0, named=True)
    return {"populatie": r["totaal"], "contact_ok": r["contact_ok"]}


def pandas_gevallen(P: Date):
    """(label, tables, pandas function, our function): same headline counts, asserted equal."""
    van, tot = periode(P)
    mt = ["maatregelen", "teams"]
    return [
        ("k1_eerste_contact", mt + ["kalender", "contacten"], lambda d: pandas_k1(d, P, van, tot),
         lambda db: onze_k_deadline(db, "k1", P, van, tot)),
        ("k2_plan_van_aanpak", mt + ["plannen"], lambda d: pandas_k2(d, P, van, tot),
         lambda db: onze_k_deadline(db, "k2", P, van, tot)),
        ("k3_hulp", mt + ["hulp", "geen_hulp_nodig"], lambda d: pandas_k3(d, P, van, tot),
         lambda db: onze_k_deadline(db, "k3", P, van, tot)),
        ("k4_caseload", ["medewerkers", "teams", "maatregelen", "toewijzingen"], lambda d: pandas_k4(d, P),
         lambda db: build_report_k4(db, P)),
        ("k6_vaste_jzw", mt + ["toewijzingen", "monitorlijst"], lambda d: pandas_k6(d, P), lambda db: onze_k6(db, P)),
        ("k7_in_doorstroom", mt + ["toewijzingen", "contacten"], lambda d: pandas_k7(d, P), lambda db: onze_k7(db, P)),
    ]


# ----------------------------------------------------------------- measure

def meet(path: Path, herhalingen: int = 7, pandas_herhalingen: int = 3, log=print) -> dict:
    db = Database(path)
    P = db.exportdatum
    open_s = statistics.median(_tijd(lambda: Database(path).close()) for _ in range(3))
    result = {"peildatum": P.isoformat(), "open_s": open_s, "kpis": [], "pandas": []}
    for label, sql, call in gevallen(P):
        fresh = Database(path)
        cold = _tijd(lambda: call(fresh))
        fresh.close()
        warm = [_tijd(lambda: call(db)) for _ in range(herhalingen)]
        columns = gelezen_kolommen(sql)
        scan = scan_sql(columns)
        db.sql(scan)
        scans = [_tijd(lambda: db.sql(scan)) for _ in range(herhalingen)]
        row = {"kpi": label, "sql": sql, "cold_s": cold, "warm_median_s": statistics.median(warm),
               "warm_p95_s": p95(warm), "scan_median_s": statistics.median(scans),
               "kolommen": {t: c for t, c in columns.items()}}
        row["kpi_per_scan"] = row["warm_median_s"] / row["scan_median_s"]
        result["kpis"].append(row)
        log(f"  {label:28s} cold {cold:7.3f}s warm {row['warm_median_s']:7.3f}s p95 {row['warm_p95_s']:7.3f}s "
            f"scan {row['scan_median_s']:6.3f}s x{row['kpi_per_scan']:.1f}")
    van, tot = periode(P)
    rep_cold_db = Database(path)
    rep_cold = _tijd(lambda: build_report(rep_cold_db, P, van, tot))
    rep_cold_db.close()
    rep = [_tijd(lambda: build_report(db, P, van, tot)) for _ in range(herhalingen)]
    result["report"] = {"cold_s": rep_cold, "warm_median_s": statistics.median(rep), "warm_p95_s": p95(rep)}
    log(f"  report cold {rep_cold:.3f}s warm {statistics.median(rep):.3f}s")
    for label, tables, pd_f, our_f in pandas_gevallen(P):
        load = _tijd(lambda: laad_pandas(db, tables))
        data = laad_pandas(db, tables)
        theirs = pd_f(data)
        ours = our_f(db)
        assert theirs == ours, f"{label}: pandas {theirs} != ons {ours}"
        pd_times = [_tijd(lambda: pd_f(data)) for _ in range(pandas_herhalingen)]
        our_times = [_tijd(lambda: our_f(db)) for _ in range(herhalingen)]
        row = {"kpi": label, "tabellen": tables, "cijfers": ours, "pandas_laden_s": load,
               "pandas_rekenen_s": statistics.median(pd_times), "ons_s": statistics.median(our_times)}
        row["pandas_per_ons"] = (row["pandas_laden_s"] + row["pandas_rekenen_s"]) / row["ons_s"]
        row["pandas_rekenen_per_ons"] = row["pandas_rekenen_s"] / row["ons_s"]
        result["pandas"].append(row)
        log(f"  pandas {label:22s} load {load:6.2f}s compute {row['pandas_rekenen_s']:6.3f}s ours {row['ons_s']:6.3f}s "
            f"x{row['pandas_per_ons']:.1f} (compute only x{row['pandas_rekenen_per_ons']:.1f}) = {ours}")
    db.close()
    return result
