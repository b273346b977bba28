"""bench/results.md from bench/out/results.json (plus the hand-written bench/analyse.md)."""

from __future__ import annotations

from pathlib import Path

ANALYSE = Path(__file__).resolve().parent / "analyse.md"


def _s(x) -> str:
    return "–" if x is None else (f"{x:.2f}" if x >= 0.1 else f"{x * 1000:.0f} ms")


def _tijd(x) -> str:
    """_s with its unit, for running text: '0.91 s' or '45 ms'."""
    text = _s(x)
    return text if text.endswith("ms") or text == "–" else f"{text} s"


def _mb(x) -> str:
    return "–" if x is None else f"{x / 2**20:,.0f} MB"


def _ok(ok: bool | None) -> str:
    return "–" if ok is None else ("gehaald" if ok else "**niet gehaald**")


def doelen(res: dict) -> list[tuple[str, str, bool | None]]:
    s = res["schalen"]
    out = []
    s5, s20, s1 = s.get("5", {}), s.get("20", {}), s.get("1", {})
    if "paginas" in s5:
        w = max(p["warm_median_s"] for p in s5["paginas"])
        c = max(p["cold_s"] for p in s5["paginas"])
        out.append(("schaal 5: elke pagina warm < 0,5 s", f"traagste {_tijd(w)}", w < 0.5))
        out.append(("schaal 5: elke pagina koud < 1,5 s (mediaan van 3 koude runs)", f"traagste {_tijd(c)}", c < 1.5))
    if "kpi" in s5:
        r = s5["kpi"]["report"]["warm_median_s"]
        out.append(("schaal 5: volledig rapport < 1 s", f"{_tijd(r)} warm, {_tijd(s5['kpi']['report']['cold_s'])} koud",
                    r < 1))
    if "import" in s5:
        out.append(("schaal 5: import < 60 s", f"{s5['import']['seconden']:.0f} s", s5["import"]["seconden"] < 60))
    if "geheugen" in s5:
        m = s5["geheugen"]["rss_piek_bytes"]
        out.append(("schaal 5: app-geheugen < 1,5 GB", _mb(m), m < 1.5 * 2**30))
    if "paginas" in s20:
        w = max(p["warm_median_s"] for p in s20["paginas"])
        out.append(("schaal 20: elke pagina warm < 1,5 s", f"traagste {_tijd(w)}", w < 1.5))
    if "kpi" in s5:
        rows = [k for k in s5["kpi"]["kpis"] if "36 mnd" not in k["kpi"]]
        worst = max(rows, key=lambda k: k["kpi_per_scan"])
        out.append(("schaal 5: elke KPI-query ≤ 5× scan", f"slechtste {worst['kpi']} {worst['kpi_per_scan']:.1f}×",
                    worst["kpi_per_scan"] <= 5))
        worst = min(s5["kpi"]["pandas"], key=lambda k: k["pandas_per_ons"])
        out.append(("schaal 5: ≥ 10× sneller dan pandas (laden + rekenen)",
                    f"slechtste {worst['kpi']} {worst['pandas_per_ons']:.1f}×", worst["pandas_per_ons"] >= 10))
        worst = min(s5["kpi"]["pandas"], key=lambda k: k["pandas_rekenen_per_ons"])
        out.append(("ter informatie (geen doel): pandas alleen rekenen, tabellen al in het geheugen",
                    f"slechtste {worst['kpi']} {worst['pandas_rekenen_per_ons']:.1f}×", None))
    if "gelijktijdig" in s1:
        g = s1["gelijktijdig"]
        out.append((f"{g['sessies']} gelijktijdige sessies: geen fouten", f"{g['fouten']} fouten in {g['paginas']} pagina's",
                    g["fouten"] == 0))
        out.append((f"{g['sessies']} gelijktijdige sessies zonder denktijd (doorklikken): p95 < 2 s",
                    f"p95 {_tijd(g['p95_s'])}", g["p95_s"] < 2))
    if "gelijktijdig_denktijd" in s1:
        g = s1["gelijktijdig_denktijd"]
        a, b = g["denktijd_s"]
        out.append((f"{g['sessies']} gelijktijdige sessies met denktijd {a:g}-{b:g} s: geen fouten",
                    f"{g['fouten']} fouten in {g['paginas']} pagina's", g["fouten"] == 0))
        out.append((f"{g['sessies']} gelijktijdige sessies met denktijd {a:g}-{b:g} s: p95 < 2 s",
                    f"p95 {_tijd(g['p95_s'])}", g["p95_s"] < 2))
    return out


def schrijf(res: dict) -> str:
    m = res["machine"]
    lines = ["# Benchmark: snel op landelijke schaal", "",
             f"Herhalen: `.venv/bin/python -m bench` (alles; schalen kiezen met `--scales 1,5`, onderdelen overslaan "
             f"met `--skip import,kpi,pages,memory,concurrency`, `--sessions`, `--seconds`). Gedraaid: "
             f"`{res.get('commando', '')}`. Ruwe cijfers: `bench/out/results.json` (niet in git).", "",
             "## Machine", "",
             f"{m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, {m['os']}; Python {m['python']}, DuckDB "
             f"{m['duckdb']}, polars {m['polars']}, pandas {m['pandas']}, Streamlit {m['streamlit']}. Gemeten "
             f"{m['datum']}.", ""]
    if res.get("omstandigheden"):
        lines += [f"**Omstandigheden:** {res['omstandigheden']}", ""]
    lines += ["## Doelen", "", "| doel | gemeten | |", "|---|---|---|"]
    lines += [f"| {d} | {g} | {_ok(ok)} |" for d, g, ok in doelen(res)]
    lines.append("")
    if ANALYSE.exists():
        lines += [ANALYSE.read_text(encoding="utf-8").strip(), ""]
    for key, r in sorted(res["schalen"].items(), key=lambda kv: float(kv[0])):
        lines += [f"## Schaal {key}", ""]
        if "import" in r:
            i = r["import"]
            lines += [f"Import: **{i['seconden']:.1f} s**, databasebestand {_mb(i['bytes'])}, piekgeheugen van de "
                      f"import {_mb(i['piek_rss_bytes'])}.", ""]
        if "kpi" in r:
            k = r["kpi"]
            rep = k["report"]
            lines += [f"Peildatum {k['peildatum']}. Database openen (attach + views + macros): {_tijd(k['open_s'])}. "
                      f"Volledig rapport (`build_report`, wat `python -m kpi report` doet): koud {_tijd(rep['cold_s'])}, "
                      f"warm mediaan {_tijd(rep['warm_median_s'])}, p95 {_tijd(rep['warm_p95_s'])}.", "",
                      "| KPI-query (engine, zoals de pagina's) | koud | warm mediaan | warm p95 | scan-ondergrens | KPI / scan |",
                      "|---|---|---|---|---|---|"]
            for q in k["kpis"]:
                lines.append(f"| {q['kpi']} | {_s(q['cold_s'])} | {_s(q['warm_median_s'])} | {_s(q['warm_p95_s'])} | "
                             f"{_s(q['scan_median_s'])} | {q['kpi_per_scan']:.1f}× |")
            lines += ["", "Tijden in seconden, tenzij ms. Koud = eerste query op een vers geopende `Database`. "
                          "Scan = `min()` over precies de kolommen die de query leest (zie results.json).", "",
                      "Wij = de weg van de tegels naar dezelfde kopcijfers (geteld in de database; bij K4-K7 uit de "
                      "bij de import opgeslagen maandeinde-rijen, want de standaardpeildatum is er een).", "",
                      "| pandas-vergelijking (kopcijfers, gelijk geasserteerd) | pandas laden | pandas rekenen | wij | "
                      "pandas (laden+rekenen) / wij | pandas rekenen / wij |", "|---|---|---|---|---|---|"]
            for p in k["pandas"]:
                lines.append(f"| {p['kpi']} `{p['cijfers']}` | {_s(p['pandas_laden_s'])} | {_s(p['pandas_rekenen_s'])} | "
                             f"{_s(p['ons_s'])} | {p['pandas_per_ons']:.1f}× | {p['pandas_rekenen_per_ons']:.1f}× |")
            lines.append("")
        if "paginas" in r:
            lines += ["| pagina (AppTest, bestuur) | koud mediaan | koud max | warm mediaan | warm p95 | fouten |",
                      "|---|---|---|---|---|---|"]
            for p in r["paginas"]:
                lines.append(f"| {p['pagina']} | {_s(p['cold_s'])} | {_s(p.get('cold_max_s'))} | "
                             f"{_s(p['warm_median_s'])} | {_s(p['warm_p95_s'])} | "
                             f"{len(p['fouten'])} {'; '.join(str(f)[:80] for f in p['fouten'])} |")
            lines += ["", "Koud = een run met lege caches (ook de database wordt opnieuw geopend), mediaan en maximum "
                          "van drie zulke runs; warm = dezelfde pagina opnieuw.", ""]
        if "geheugen" in r:
            g = r["geheugen"]
            lines += [f"Geheugen van `kpi serve` terwijl één sessie alle pagina's {g['runs']} runs lang afloopt "
                      f"(websocket-client, `bench/wsclient.py`): start {_mb(g['rss_start_bytes'])}, **piek "
                      f"{_mb(g['rss_piek_bytes'])}** (VmHWM). Fouten: {len(g['fouten'])}.", ""]
        for naam in ("gelijktijdig", "gelijktijdig_denktijd"):
            if naam not in r:
                continue
            g = r[naam]
            denk = g.get("denktijd_s") or [0, 0]
            wanneer = ("direct na elke afgeronde pagina" if not denk[1]
                       else f"na een denktijd van {denk[0]:g}-{denk[1]:g} s")
            lines += [f"**{g['sessies']} gelijktijdige sessies**, {g['seconden']:g} s, één `kpi serve` op loopback, "
                      f"elke sessie kiest {wanneer} een willekeurige volgende pagina: {g['paginas']} "
                      f"pagina-runs, **{g['fouten']} fouten**, mediaan {_tijd(g['p50_s'])}, **p95 {_tijd(g['p95_s'])}**, "
                      f"max {_tijd(g['max_s'])}, piekgeheugen server {_mb(g['rss_piek_bytes'])}."
                      + (f" Voorbeelden: {g['fout_voorbeelden']}" if g["fout_voorbeelden"] else ""), ""]
    return "\n".join(lines) + "\n"
