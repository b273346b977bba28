"""Page logic of the care pages K4-K7: headline figures, groupings, distributions,
trends and case lists, computed from the engine's case-level frames.

Plain polars, no Streamlit: every function takes the frame a cached call in
kpi.presentation.queries returned and gives back a small frame or dict that a page draws
as it is. Tested in tests/test_pages_zorg.py on hand-made frames.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl

from kpi.core import norms
from kpi.core.labels import KLEURCODE_LABELS, KLEURCODE_SYMBOLEN, WERKWIJZE_LABELS, kleurcode_met_symbool
from kpi.metrics import engine, spc

Date = dt.date

# ---------------------------------------------------------------- shared


KLEUREN = ("geen", "rood", "oranje", "groen")  # queue order: geen first (still needs triage)
WERKWIJZEN = ("vast", "monitorlijst", "in_doorstroom", "geen")

GROEP_LABEL = {"cluster": "cluster_naam", "team": "team_naam"}


def pct(teller: float | int | None, noemer: float | int | None) -> float | None:
    """100 * teller / noemer, None when there is nothing to divide by."""
    if not noemer or teller is None:
        return None
    return 100.0 * teller / noemer


def _met_medewerker(frame: pl.DataFrame, leeg: str = "geen") -> pl.DataFrame:
    """Case lists: a readable worker cell when nobody is assigned."""
    if "medewerker_id" not in frame.columns:
        return frame
    return frame.with_columns(pl.col("medewerker_id").fill_null(leeg))


def _datum_of_nooit(column: str) -> pl.Expr:
    """A date as dd-mm-jjjj text, or 'nooit' when there is none."""
    return pl.when(pl.col(column).is_null()).then(pl.lit("nooit")).otherwise(pl.col(column).dt.strftime("%d-%m-%Y"))


def _kleur_expr(column: str = "kleurcode") -> pl.Expr:
    return pl.col(column).fill_null("geen").replace_strict(
        {k: kleurcode_met_symbool(k) for k in KLEUREN}, default=pl.col(column))


def p_reeks(key: str, frame: pl.DataFrame, teller: str, totaal: str = "totaal", onderwerp: str = "",
            overlappend: bool | None = None, met_norm: bool = True) -> spc.Analyse:
    """A monthly frame with `maand`, `teller` and `totaal` judged by SPC as KPI `key`
    (kpi.metrics.spc.kpi_analyse): `.punten` has the month rows with percentage and the chart's
    columns, `.zin` the sentence. Months without cases are left out (no percentage to judge)."""
    return spc.kpi_analyse(key, frame.sort("maand"), teller=teller, noemer=totaal, onderwerp=onderwerp,
                           overlappend=overlappend, met_norm=met_norm)


def nu_en_kwartaal_eerder(reeks: pl.DataFrame, vorig: pl.DataFrame, kolom: str) -> tuple[float | None, float | None]:
    """(value at P, value at P one quarter earlier) for a figure's change: `reeks` the monthly
    series up to P, `vorig` the same view at the peildatum a quarter earlier (one row). The one
    baseline of every change on the dashboard (Overzicht and K1-K7 pages alike): docs/keuzes.md."""
    now = reeks.sort("maand")[kolom][-1] if reeks.height else None
    before = vorig.sort("maand")[kolom][-1] if vorig.height else None
    return now, before


def verschil(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


# ---------------------------------------------------------------- K4 caseload


def caseload_kerncijfers(werkers: pl.DataFrame, soort: str = "jb") -> dict:
    """Organisation (selection) figure for the jb or jr workers: medewerkers, fte, caseload,
    caseload_per_fte, boven_norm, aandeel_boven_norm, norm."""
    rows = werkers.filter(pl.col("team_soort") == soort)
    if rows.is_empty():
        norm = norms.CASELOAD_NORM_JR if soort == "jr" else norms.CASELOAD_NORM
        return {"medewerkers": 0, "fte": 0.0, "caseload": 0, "boven_norm": 0, "max_per_fte": None,
                "norm": norm, "caseload_per_fte": None, "aandeel_boven_norm": None}
    return engine.caseload_counts(rows).row(0, named=True)


def caseload_per(werkers: pl.DataFrame, groep: str, soort: str = "jb") -> pl.DataFrame:
    """Sum of caseloads / sum of FTE per cluster or team (groep 'cluster' or 'team'),
    with a `naam` column for the chart, highest caseload per FTE first."""
    rows = werkers.filter(pl.col("team_soort") == soort)
    key, name = f"{groep}_id", GROEP_LABEL[groep]
    if rows.is_empty():
        return pl.DataFrame(schema={key: pl.String, "naam": pl.String, "medewerkers": pl.Int64,
                                    "fte": pl.Float64, "caseload": pl.Int64, "boven_norm": pl.Int64,
                                    "caseload_per_fte": pl.Float64, "aandeel_boven_norm": pl.Float64,
                                    "norm": pl.Float64})
    by = [key, name] + (["cluster_naam"] if groep == "team" else [])
    result = engine.caseload_counts(rows, by).rename({name: "naam"})
    return result.sort("caseload_per_fte", descending=True, nulls_last=True)


def caseload_bins(werkers: pl.DataFrame, soort: str = "jb", stap: float = 1.0) -> pl.DataFrame:
    """Histogram of caseload per FTE, aggregated before charting: right-closed bins
    (a, a + stap] (0 falls in the first), so a worker exactly at the norm is in the bin
    below it and every bin above the norm holds only workers above it."""
    rows = werkers.filter(pl.col("team_soort") == soort)
    norm = rows["norm"].max() if rows.height else norms.CASELOAD_NORM
    if rows.is_empty():
        return pl.DataFrame(schema={"van": pl.Float64, "tot": pl.Float64, "aantal": pl.Int64,
                                    "groep": pl.String})
    index = ((pl.col("caseload_per_fte") / stap).ceil() - 1).clip(lower_bound=0)
    result = (rows.with_columns(bin=index.cast(pl.Int64))
              .group_by("bin").agg(aantal=pl.len().cast(pl.Int64))
              .with_columns(van=pl.col("bin") * stap, tot=(pl.col("bin") + 1) * stap)
              .sort("bin"))
    return result.select(
        pl.col("van").cast(pl.Float64), pl.col("tot").cast(pl.Float64), "aantal",
        groep=pl.when(pl.col("van") >= norm).then(pl.lit("Boven de norm")).otherwise(pl.lit("Binnen de norm")))


def werkers_boven_norm(werkers: pl.DataFrame, soort: str = "jb") -> pl.DataFrame:
    """Workers above the norm, highest caseload per FTE first."""
    return (werkers.filter((pl.col("team_soort") == soort) & pl.col("boven_norm"))
            .sort(["caseload_per_fte", "medewerker_id"], descending=[True, False]))


def caseload_trend(reeks: pl.DataFrame, soort: str = "jb") -> spc.Analyse:
    """Per month end: caseload per FTE (sum/sum) and the share of workers above the norm, judged by
    SPC (p-chart on boven_norm / medewerkers; the sentence names that share)."""
    rows = reeks.filter(pl.col("team_soort") == soort)
    if rows.is_empty():
        monthly = pl.DataFrame(schema={"maand": pl.Date, "medewerkers": pl.Int64, "totaal": pl.Int64,
                                       "boven_norm": pl.Int64, "caseload_per_fte": pl.Float64})
    else:
        monthly = engine.caseload_counts(rows, ["peildatum"]).rename({"peildatum": "maand"}).with_columns(
            totaal=pl.col("medewerkers"))
    return p_reeks("k4", monthly, "boven_norm", onderwerp="het aandeel medewerkers boven de norm", met_norm=False)


def capaciteit_kerncijfers(capaciteit: pl.DataFrame) -> dict:
    if capaciteit.is_empty():
        return {"fte_in_dienst": 0.0, "jeugdigen_met_vaste_jzw": 0, "jeugdigen_zonder_vaste_jzw": 0,
                "fte_nodig": 0.0, "capaciteitsgat": 0.0}
    return capaciteit.sort("peildatum").row(-1, named=True)


def capaciteit_lang(reeks: pl.DataFrame) -> pl.DataFrame:
    """Monthly FTE needed vs employed in long form (maand, reeks, fte) for a two-line chart."""
    if reeks.is_empty():
        return pl.DataFrame(schema={"maand": pl.Date, "reeks": pl.String, "fte": pl.Float64})
    wide = reeks.select(pl.col("peildatum").alias("maand"),
                        pl.col("fte_nodig").alias(f"Nodig bij 1:{norms.CASELOAD_NORM:g}"),
                        pl.col("fte_in_dienst").alias("In dienst"))
    return wide.unpivot(index="maand", variable_name="reeks", value_name="fte").sort(["reeks", "maand"])


# ---------------------------------------------------------------- K5 kind alleen


def kind_alleen_kerncijfers(rows: pl.DataFrame) -> dict:
    """Registered vs validated compliance, the gap, and the data problems."""
    n = rows.height
    geregistreerd = int(rows["voldoet_geregistreerd"].sum()) if n else 0
    gevalideerd = int(rows["voldoet_gevalideerd"].sum()) if n else 0
    registraties = int(rows["geregistreerd"].sum()) if n else 0
    registraties_ok = int(rows["gevalideerd"].sum()) if n else 0
    return {
        "populatie": n,
        "voldoet_geregistreerd": geregistreerd,
        "voldoet_gevalideerd": gevalideerd,
        "pct_geregistreerd": pct(geregistreerd, n),
        "pct_gevalideerd": pct(gevalideerd, n),
        "verschil_maatregelen": geregistreerd - gevalideerd,
        "verschil_pp": verschil(pct(geregistreerd, n), pct(gevalideerd, n)),
        "registraties": registraties,
        "registraties_gevalideerd": registraties_ok,
        "registraties_niet_gevalideerd": registraties - registraties_ok,
        "niet_gezien_180": int(rows["niet_gezien_180"].sum()) if n else 0,
        "woonsituatie_onbekend": int(rows["woonsituatie_onbekend"].sum()) if n else 0,
    }


def aandelen_per(rows: pl.DataFrame, groep: str, tellers: dict[str, str], sorteer: str,
                 **extra: pl.Expr) -> pl.DataFrame:
    """Per cluster or team: populatie, per teller (name -> boolean column) the count of true values and
    its share pct_<name>, and the `extra` aggregates; sorted by pct_<sorteer>, then name."""
    key, name = f"{groep}_id", GROEP_LABEL[groep]
    if rows.is_empty():
        return pl.DataFrame(schema={key: pl.String, "naam": pl.String, "populatie": pl.Int64,
                                    **{c: pl.Int64 for c in tellers.values()}, **{e: pl.Float64 for e in extra},
                                    **{f"pct_{n}": pl.Float64 for n in tellers}})
    return rows.group_by([key, name]).agg(
        populatie=pl.len().cast(pl.Int64), **{c: pl.col(c).sum().cast(pl.Int64) for c in tellers.values()}, **extra,
    ).rename({name: "naam"}).with_columns(
        **{f"pct_{n}": 100.0 * pl.col(c) / pl.col("populatie") for n, c in tellers.items()},
    ).sort([f"pct_{sorteer}", "naam"])


def kind_alleen_per(rows: pl.DataFrame, groep: str) -> pl.DataFrame:
    """Per cluster or team: populatie, registered and validated compliance (% and count)."""
    return aandelen_per(rows, groep, {"geregistreerd": "voldoet_geregistreerd", "gevalideerd": "voldoet_gevalideerd"},
                        "gevalideerd")


def twee_reeksen(frame: pl.DataFrame, kolommen: dict[str, str], categorie: str = "naam") -> pl.DataFrame:
    """Wide → long for paired bars: kolommen maps a column to its series label."""
    if frame.is_empty():
        return pl.DataFrame(schema={categorie: pl.String, "reeks": pl.String, "waarde": pl.Float64})
    return frame.select(categorie, *[pl.col(c).alias(label) for c, label in kolommen.items()]).unpivot(
        index=categorie, variable_name="reeks", value_name="waarde")


def kind_alleen_trend(reeks: pl.DataFrame) -> spc.Analyse:
    """Per month end: validated compliance judged by SPC, the registered percentage beside it."""
    if reeks.is_empty():
        return p_reeks("k5", pl.DataFrame(schema={"maand": pl.Date, "totaal": pl.Int64,
                                                  "voldoet_gevalideerd": pl.Int64,
                                                  "pct_geregistreerd": pl.Float64}), "voldoet_gevalideerd")
    monthly = reeks.group_by("peildatum").agg(
        totaal=pl.len().cast(pl.Int64),
        voldoet_gevalideerd=pl.col("voldoet_gevalideerd").sum().cast(pl.Int64),
        voldoet_geregistreerd=pl.col("voldoet_geregistreerd").sum().cast(pl.Int64),
    ).rename({"peildatum": "maand"}).with_columns(
        pct_geregistreerd=100.0 * pl.col("voldoet_geregistreerd") / pl.col("totaal"))
    return p_reeks("k5", monthly, "voldoet_gevalideerd")


def met_dagen_niet_gezien(rows: pl.DataFrame) -> pl.DataFrame:
    """Days since the child was last seen alone (validated); never seen → from the start."""
    return _met_medewerker(rows).with_columns(
        dagen_niet_gezien=(pl.col("peildatum") - pl.coalesce("laatste_gevalideerd", "startdatum")).dt.total_days(),
        laatst_gezien=_datum_of_nooit("laatste_gevalideerd"),
    )


def niet_gezien_lijst(rows: pl.DataFrame) -> pl.DataFrame:
    """Children not seen alone for more than 180 days, longest first."""
    return (met_dagen_niet_gezien(rows.filter(pl.col("niet_gezien_180")))
            .sort(["dagen_niet_gezien", "maatregel_id"], descending=[True, False]))


def kind_alleen_niet_voldaan(rows: pl.DataFrame) -> pl.DataFrame:
    """Measures below the norm after validation; `alleen_geregistreerd` marks those that do
    reach it on registrations alone (the registration gap), shown first."""
    tekort = pl.col("vereist") - pl.col("gevalideerd")
    if {"vereist_jzw", "gevalideerd_jzw"} <= set(rows.columns):
        # in a foster family the youth worker's own part can be what is missing
        tekort = pl.max_horizontal(tekort, (pl.col("vereist_jzw") - pl.col("gevalideerd_jzw")).fill_null(0))
    return (met_dagen_niet_gezien(rows.filter(~pl.col("voldoet_gevalideerd")))
            .with_columns(alleen_geregistreerd=pl.col("voldoet_geregistreerd"),
                          tekort=tekort,
                          registratieverschil=pl.when(pl.col("voldoet_geregistreerd"))
                          .then(pl.lit("ja")).otherwise(pl.lit("nee")))
            .sort(["alleen_geregistreerd", "tekort", "maatregel_id"], descending=[True, True, False]))


def kind_alleen_alle(rows: pl.DataFrame) -> pl.DataFrame:
    """Every measure in the K5 figure with both verdicts as ja/nee (the denominators)."""
    def ja_nee(column: str) -> pl.Expr:
        return pl.when(pl.col(column)).then(pl.lit("ja")).otherwise(pl.lit("nee"))
    extra = {}
    if {"vereist_jzw", "gevalideerd_jzw"} <= set(rows.columns):
        # foster family: the youth worker's own part, as text ('1 van 2'); empty elsewhere
        extra["jzw_deel"] = pl.when(pl.col("vereist_jzw").is_null()).then(pl.lit("")).otherwise(
            pl.format("{} van {}", pl.col("gevalideerd_jzw"), pl.col("vereist_jzw")))
    return met_dagen_niet_gezien(rows).with_columns(
        voldoet_reg_tekst=ja_nee("voldoet_geregistreerd"), voldoet_val_tekst=ja_nee("voldoet_gevalideerd"), **extra,
    ).sort(["cluster_naam", "team_naam", "maatregel_id"])


def woonsituatie_onbekend_lijst(rows: pl.DataFrame) -> pl.DataFrame:
    return _met_medewerker(rows.filter(pl.col("woonsituatie_onbekend"))).sort(
        ["cluster_naam", "team_naam", "maatregel_id"])


def jr_kerncijfers(jr: pl.DataFrame) -> dict:
    n = jr.height
    voldoet = int(jr["voldoet"].sum()) if n else 0
    return {"populatie": n, "voldoet": voldoet, "pct": pct(voldoet, n),
            "mediaan_dagen_sinds_contact": jr["dagen_sinds_contact"].median() if n else None}


def jr_per(jr: pl.DataFrame, groep: str) -> pl.DataFrame:
    key, name = f"{groep}_id", GROEP_LABEL[groep]
    if jr.is_empty():
        return pl.DataFrame(schema={key: pl.String, "naam": pl.String, "populatie": pl.Int64,
                                    "voldoet": pl.Int64, "percentage": pl.Float64})
    return jr.group_by([key, name]).agg(
        populatie=pl.len().cast(pl.Int64), voldoet=pl.col("voldoet").sum().cast(pl.Int64),
    ).rename({name: "naam"}).with_columns(
        percentage=100.0 * pl.col("voldoet") / pl.col("populatie")).sort(["percentage", "naam"])


def jr_trend(reeks: pl.DataFrame) -> spc.Analyse:
    """Per month end: JR measures with a contact in the last four weeks, judged by SPC (as K5)."""
    monthly = (pl.DataFrame(schema={"maand": pl.Date, "totaal": pl.Int64, "voldoet": pl.Int64}) if reeks.is_empty()
               else reeks.group_by("peildatum").agg(
                   totaal=pl.len().cast(pl.Int64), voldoet=pl.col("voldoet").sum().cast(pl.Int64),
               ).rename({"peildatum": "maand"}))
    # four weeks of contacts per month end: the months do not overlap as K5's year does
    return p_reeks("k5", monthly, "voldoet", onderwerp="contact met de jongere (JR)", overlappend=False)


def jr_niet_voldaan(jr: pl.DataFrame) -> pl.DataFrame:
    """JR measures without a contact with the young person in the last 28 days, the longest
    without contact first. `dagen_zonder_contact` counts from the last contact, or from the
    start when there never was one."""
    return _zonder_sinds(_met_medewerker(jr.filter(~pl.col("voldoet"))), "laatste_contact", "startdatum",
                         "dagen_zonder_contact")


def _zonder_sinds(frame: pl.DataFrame, laatste: str, anders: str, kolom: str) -> pl.DataFrame:
    """Add `laatst` ('nooit' or the date) and `kolom` = days since `laatste` (else since `anders`),
    most days first: the family waiting longest for contact is on top, whether it never had
    one or had one long ago."""
    if frame.is_empty():
        return frame.with_columns(laatst=pl.lit(None, pl.String), **{kolom: pl.lit(None, pl.Int64)})
    return frame.with_columns(
        laatst=_datum_of_nooit(laatste),
        **{kolom: (pl.col("peildatum") - pl.coalesce(laatste, anders)).dt.total_days()},
    ).sort([kolom, "maatregel_id"], descending=[True, False])


# ---------------------------------------------------------------- K6 wachtrij


def vaste_jzw_kerncijfers(rows: pl.DataFrame) -> dict:
    """The K6 figures as kpi.reports.report counts them, plus percentages."""
    n = rows.height
    op_lijst = rows.filter(pl.col("op_monitorlijst")) if n else rows
    met_vast = int(rows["met_vaste_jzw"].sum()) if n else 0
    return {
        "lopend": n,
        "met_vaste_jzw": met_vast,
        "pct_met_vaste_jzw": pct(met_vast, n),
        "zonder_vaste_jzw": n - met_vast,
        "monitorlijst": op_lijst.height,
        "in_doorstroom": int(rows["in_doorstroom"].sum()) if n else 0,
        "zonder_werkwijze": int((rows["werkwijze"] == "geen").sum()) if n else 0,
        "triage_te_laat": int(rows["triage_te_laat"].sum()) if n else 0,
        "mediaan_wachtdagen": op_lijst["wachtdagen"].median() if op_lijst.height else None,
        "max_wachtdagen": op_lijst["wachtdagen"].max() if op_lijst.height else None,
        # on the list while a fixed worker is also running (werkwijze counts them as 'vast')
        "lijst_en_vast": int((rows["op_monitorlijst"] & rows["met_vaste_jzw"]).sum()) if n else 0,
    }


def werkwijze_verdeling(rows: pl.DataFrame) -> pl.DataFrame:
    """Running measures by way of working (mutually exclusive), all four always present."""
    order = pl.DataFrame({"werkwijze": list(WERKWIJZEN), "volgorde": list(range(len(WERKWIJZEN)))})
    counts = rows.group_by("werkwijze").agg(aantal=pl.len().cast(pl.Int64)) if rows.height else \
        pl.DataFrame(schema={"werkwijze": pl.String, "aantal": pl.Int64})
    result = order.join(counts, on="werkwijze", how="left").with_columns(pl.col("aantal").fill_null(0))
    total = result["aantal"].sum()
    return result.with_columns(
        label=pl.col("werkwijze").replace_strict(WERKWIJZE_LABELS),
        percentage=(100.0 * pl.col("aantal") / total) if total else pl.lit(None, pl.Float64),
    ).sort("volgorde")


def kleur_telling(rows: pl.DataFrame, by: Sequence[str] = ()) -> pl.DataFrame:
    """Measures on the monitorlijst per colour code (geen, rood, oranje, groen; zeros included),
    per group when `by` is given. Columns: *by, kleurcode, kleur (label), kleur_rang, aantal."""
    on_list = rows.filter(pl.col("op_monitorlijst")) if rows.height else rows
    colours = pl.DataFrame({"kleurcode": list(KLEUREN), "kleur_rang": [norms.KLEUR_RANG[k] for k in KLEUREN]})
    if by:
        groups = on_list.select(list(by)).unique()
        grid = groups.join(colours, how="cross")
    else:
        grid = colours
    if on_list.is_empty():
        counts = pl.DataFrame(schema={**{b: rows.schema.get(b, pl.String) for b in by},
                                      "kleurcode": pl.String, "aantal": pl.Int64})
    else:
        counts = on_list.group_by([*by, "kleurcode"]).agg(aantal=pl.len().cast(pl.Int64))
    result = grid.join(counts, on=[*by, "kleurcode"], how="left").with_columns(
        pl.col("aantal").fill_null(0).cast(pl.Int64),
        kleur=pl.col("kleurcode").replace_strict(KLEURCODE_LABELS),
        symbool=pl.col("kleurcode").replace_strict(KLEURCODE_SYMBOLEN),
    )
    return result.sort([*by, "kleur_rang"])


def wachtrij(rows: pl.DataFrame) -> pl.DataFrame:
    """Measures on the monitorlijst in queue order: per cluster, by place in line."""
    on_list = rows.filter(pl.col("op_monitorlijst")) if rows.height else rows
    return on_list.with_columns(kleur=_kleur_expr()).sort(["cluster_naam", "plaats", "maatregel_id"])


# The handelingsperspectief (monitorlijst) excludes guardianship and VOTS (domain.md).
NIET_OP_LIJST = ("voogdij", "VOTS")


def uitgesloten_op_lijst(rows: pl.DataFrame) -> pl.DataFrame:
    """Measures on the monitorlijst of a kind that may not be there (voogdij, VOTS)."""
    return wachtrij(rows).filter(pl.col("soort").is_in(NIET_OP_LIJST)) if rows.height else rows


def wachtrij_per_cluster(rows: pl.DataFrame) -> pl.DataFrame:
    """Per cluster: measures on the list, per colour, median and longest waiting time."""
    on_list = rows.filter(pl.col("op_monitorlijst")) if rows.height else rows
    if on_list.is_empty():
        return pl.DataFrame(schema={"cluster_naam": pl.String, "op_lijst": pl.Int64,
                                    **{k: pl.Int64 for k in KLEUREN},
                                    "mediaan_wachtdagen": pl.Float64, "max_wachtdagen": pl.Int64})
    return on_list.group_by("cluster_naam").agg(
        op_lijst=pl.len().cast(pl.Int64),
        **{k: (pl.col("kleurcode") == k).sum().cast(pl.Int64) for k in KLEUREN},
        mediaan_wachtdagen=pl.col("wachtdagen").median(),
        max_wachtdagen=pl.col("wachtdagen").max(),
    ).sort("cluster_naam")


def triage_te_laat_lijst(rows: pl.DataFrame) -> pl.DataFrame:
    """Measures without a colour code whose triage term has passed, oldest start first."""
    if rows.is_empty():
        return rows
    return _met_medewerker(rows.filter(pl.col("triage_te_laat"))).with_columns(
        werkwijze_label=pl.col("werkwijze").replace_strict(WERKWIJZE_LABELS),
        dagen_over_termijn=(pl.col("peildatum") - pl.col("triage_uiterlijk")).dt.total_days(),
    ).sort(["startdatum", "maatregel_id"])


def zonder_werkwijze_lijst(rows: pl.DataFrame) -> pl.DataFrame:
    """The alarm group: running measures with no fixed worker, not on the list and not in
    the in-/throughflow team; oldest start first."""
    if rows.is_empty():
        return rows
    return rows.filter(pl.col("werkwijze") == "geen").with_columns(
        kleur=_kleur_expr(),
        dagen_lopend=(pl.col("peildatum") - pl.col("startdatum")).dt.total_days(),
    ).sort(["kleur_rang", "startdatum", "maatregel_id"])


def zonder_vaste_jzw_lijst(rows: pl.DataFrame) -> pl.DataFrame:
    """Every running measure without a fixed worker (the complement of the headline figure),
    by way of working (geen first), then the longest running first."""
    if rows.is_empty():
        return rows
    order = {w: i for i, w in enumerate(("geen", "monitorlijst", "in_doorstroom", "vast"))}
    return _met_medewerker(rows.filter(~pl.col("met_vaste_jzw"))).with_columns(
        werkwijze_label=pl.col("werkwijze").replace_strict(WERKWIJZE_LABELS),
        kleur=_kleur_expr(),
        dagen_lopend=(pl.col("peildatum") - pl.col("startdatum")).dt.total_days(),
        _volgorde=pl.col("werkwijze").replace_strict(order, return_dtype=pl.Int64),
    ).sort(["_volgorde", "startdatum", "maatregel_id"]).drop("_volgorde")


def stroom_voorraad(stroom: pl.DataFrame) -> pl.DataFrame:
    """Weekly stock per colour (summed over clusters): week_einde, kleur, voorraad."""
    if stroom.is_empty():
        return pl.DataFrame(schema={"week_einde": pl.Date, "kleur": pl.String, "kleur_rang": pl.Int32,
                                    "voorraad": pl.Int64})
    return stroom.group_by(["week_start", "week_einde", "kleurcode", "kleur_rang"]).agg(
        voorraad=pl.col("voorraad").sum().cast(pl.Int64),
    ).with_columns(kleur=pl.col("kleurcode").replace_strict(KLEURCODE_LABELS)).sort(["week_start", "kleur_rang"])


def stroom_in_uit(stroom: pl.DataFrame) -> pl.DataFrame:
    """Weekly inflow and outflow (all colours, all clusters) in long form: week_start, reeks, aantal."""
    if stroom.is_empty():
        return pl.DataFrame(schema={"week_start": pl.Date, "reeks": pl.String, "aantal": pl.Int64})
    weekly = stroom.group_by("week_start").agg(
        Instroom=pl.col("instroom").sum().cast(pl.Int64),
        Uitstroom=pl.col("uitstroom").sum().cast(pl.Int64),
    )
    return weekly.unpivot(index="week_start", variable_name="reeks", value_name="aantal").sort(
        ["reeks", "week_start"])


def stroom_totalen(stroom: pl.DataFrame) -> dict:
    """Inflow and outflow over the whole window, and the stock in the first and last week."""
    if stroom.is_empty():
        return {"instroom": 0, "uitstroom": 0, "voorraad_begin": 0, "voorraad_eind": 0, "weken": 0}
    weeks = stroom.group_by("week_start").agg(pl.col("voorraad").sum()).sort("week_start")
    return {"instroom": int(stroom["instroom"].sum()), "uitstroom": int(stroom["uitstroom"].sum()),
            "voorraad_begin": int(weeks["voorraad"][0]), "voorraad_eind": int(weeks["voorraad"][-1]),
            "weken": weeks.height}


def doorlooptijd_per_kleur(doorloop: pl.DataFrame) -> pl.DataFrame:
    """Days on the list until a fixed worker, per colour at entry, for the periods that ended
    with a fixed worker: aantal, p25, mediaan, p75, p90; plus how many left without one."""
    colours = pl.DataFrame({"kleurcode": list(KLEUREN), "kleur_rang": [norms.KLEUR_RANG[k] for k in KLEUREN]})
    if doorloop.is_empty():
        stats = pl.DataFrame(schema={"kleurcode": pl.String, "met_vaste_jzw": pl.Int64,
                                     "zonder_vaste_jzw": pl.Int64, "p25": pl.Float64, "mediaan": pl.Float64,
                                     "p75": pl.Float64, "p90": pl.Float64})
    else:
        days = pl.col("dagen_tot_vaste_jzw").filter(pl.col("met_vaste_jzw"))
        stats = doorloop.group_by(pl.col("kleur_bij_instroom").alias("kleurcode")).agg(
            met_vaste_jzw=pl.col("met_vaste_jzw").sum().cast(pl.Int64),
            zonder_vaste_jzw=(~pl.col("met_vaste_jzw")).sum().cast(pl.Int64),
            p25=days.quantile(0.25, interpolation="linear"),
            mediaan=days.median(),
            p75=days.quantile(0.75, interpolation="linear"),
            p90=days.quantile(0.9, interpolation="linear"),
        )
    result = colours.join(stats, on="kleurcode", how="left").with_columns(
        pl.col("met_vaste_jzw").fill_null(0), pl.col("zonder_vaste_jzw").fill_null(0),
        kleur=pl.col("kleurcode").replace_strict(KLEURCODE_LABELS))
    return result.sort("kleur_rang")


def doorlooptijd_zaken(doorloop: pl.DataFrame) -> pl.DataFrame:
    """The periods behind the waiting-time figures, most recent exit first, readable."""
    if doorloop.is_empty():
        return doorloop
    return doorloop.with_columns(
        kleur_in=_kleur_expr("kleur_bij_instroom"), kleur_uit=_kleur_expr("kleur_bij_uitstroom"),
        naar_vaste_jzw=pl.when(pl.col("met_vaste_jzw")).then(pl.lit("ja")).otherwise(pl.lit("nee")),
        vaste_medewerker_id=pl.col("vaste_medewerker_id").fill_null("geen"),
    ).sort(["van_lijst", "maatregel_id"], descending=[True, False])


def vaste_jzw_trend(reeks: pl.DataFrame) -> spc.Analyse:
    """Per month end: share with a fixed worker judged by SPC (`.punten` also holds the count per
    way of working)."""
    if reeks.is_empty():
        return p_reeks("k6", pl.DataFrame(schema={"maand": pl.Date, "totaal": pl.Int64, "met_vaste_jzw": pl.Int64,
                                                  **{f"n_{w}": pl.Int64 for w in WERKWIJZEN}}), "met_vaste_jzw")
    monthly = reeks.group_by("peildatum").agg(
        totaal=pl.len().cast(pl.Int64),
        met_vaste_jzw=pl.col("met_vaste_jzw").sum().cast(pl.Int64),
        **{f"n_{w}": (pl.col("werkwijze") == w).sum().cast(pl.Int64) for w in WERKWIJZEN},
        n_op_lijst=pl.col("op_monitorlijst").sum().cast(pl.Int64),
    ).rename({"peildatum": "maand"})
    return p_reeks("k6", monthly, "met_vaste_jzw")


def werkwijze_trend(trend: pl.DataFrame) -> pl.DataFrame:
    """Monthly count of measures without a fixed worker per way of working, long form."""
    if trend.is_empty():
        return pl.DataFrame(schema={"maand": pl.Date, "reeks": pl.String, "aantal": pl.Int64})
    columns = {f"n_{w}": WERKWIJZE_LABELS[w] for w in WERKWIJZEN if w != "vast"}
    return trend.select("maand", *[pl.col(c).alias(label) for c, label in columns.items()]).unpivot(
        index="maand", variable_name="reeks", value_name="aantal")


# ---------------------------------------------------------------- K7 in- en doorstroom

# Display buckets for time in the team (days): the domain says families stay from a
# few weeks to over a year.
TIJD_IN_TEAM = ((0, 42, "< 6 weken"), (42, 91, "6 wkn – 3 mnd"), (91, 182, "3 – 6 mnd"),
                (182, 365, "6 – 12 mnd"), (365, None, "≥ 1 jaar"))
WERKERS_MAX = 8  # "8 of meer" in the distribution of workers per family


def in_doorstroom_kerncijfers(rows: pl.DataFrame) -> dict:
    n = rows.height
    contact = int(rows["contact_ok"].sum()) if n else 0
    casus = int(rows["casuistiek_ok"].sum()) if n else 0
    beide = int((rows["contact_ok"] & rows["casuistiek_ok"]).sum()) if n else 0
    return {
        "populatie": n,
        "contact_ok": contact, "pct_contact": pct(contact, n),
        "casuistiek_ok": casus, "pct_casuistiek": pct(casus, n),
        "beide_ok": beide, "pct_beide": pct(beide, n),
        "mediaan_dagen_in_team": rows["dagen_in_team"].median() if n else None,
        "mediaan_werkers": rows["aantal_werkers_365"].median() if n else None,
        "geen_contact_ooit": int(rows["laatste_contact"].is_null().sum()) if n else 0,
    }


def in_doorstroom_per(rows: pl.DataFrame, groep: str) -> pl.DataFrame:
    """Per cluster or team: populatie, the two working agreements met (% and count), median days in the team."""
    return aandelen_per(rows, groep, {"contact": "contact_ok", "casuistiek": "casuistiek_ok"}, "contact",
                        mediaan_dagen_in_team=pl.col("dagen_in_team").median())


def tijd_in_team_verdeling(rows: pl.DataFrame) -> pl.DataFrame:
    """Measures by time in the team, in fixed buckets (all buckets present, in order)."""
    labels = [label for *_, label in TIJD_IN_TEAM]
    expr = pl.lit(None, pl.String)
    for low, high, label in reversed(TIJD_IN_TEAM):
        cond = pl.col("dagen_in_team") >= low
        if high is not None:
            cond = cond & (pl.col("dagen_in_team") < high)
        expr = pl.when(cond).then(pl.lit(label)).otherwise(expr)
    order = pl.DataFrame({"duur": labels, "volgorde": list(range(len(labels)))})
    if rows.is_empty():
        return order.with_columns(aantal=pl.lit(0, pl.Int64))
    counts = rows.with_columns(duur=expr).group_by("duur").agg(aantal=pl.len().cast(pl.Int64))
    return order.join(counts, on="duur", how="left").with_columns(
        pl.col("aantal").fill_null(0)).sort("volgorde")


def werkers_verdeling(rows: pl.DataFrame) -> pl.DataFrame:
    """Families by the number of different workers who had contact in the last 365 days:
    0, 1, ..., WERKERS_MAX - 1, and 'WERKERS_MAX of meer' (all categories present)."""
    labels = [str(i) for i in range(WERKERS_MAX)] + [f"{WERKERS_MAX} of meer"]
    order = pl.DataFrame({"werkers": labels, "volgorde": list(range(len(labels)))})
    if rows.is_empty():
        return order.with_columns(aantal=pl.lit(0, pl.Int64))
    counts = rows.with_columns(werkers=pl.when(pl.col("aantal_werkers_365") >= WERKERS_MAX)
                               .then(pl.lit(labels[-1]))
                               .otherwise(pl.col("aantal_werkers_365").cast(pl.String))
                               ).group_by("werkers").agg(aantal=pl.len().cast(pl.Int64))
    return order.join(counts, on="werkers", how="left").with_columns(
        pl.col("aantal").fill_null(0)).sort("volgorde")


def in_doorstroom_trend(reeks: pl.DataFrame) -> tuple[spc.Analyse, spc.Analyse]:
    """Per month end: (contact rule, case-conference rule), each judged by SPC."""
    if reeks.is_empty():
        empty = pl.DataFrame(schema={"maand": pl.Date, "totaal": pl.Int64, "contact_ok": pl.Int64,
                                     "casuistiek_ok": pl.Int64})
        return (p_reeks("k7", empty, "contact_ok", onderwerp="contact binnen 6 weken"),
                p_reeks("k7", empty, "casuistiek_ok", onderwerp="casuïstiekbespreking binnen een half jaar"))
    monthly = reeks.group_by("peildatum").agg(
        totaal=pl.len().cast(pl.Int64),
        contact_ok=pl.col("contact_ok").sum().cast(pl.Int64),
        casuistiek_ok=pl.col("casuistiek_ok").sum().cast(pl.Int64),
        mediaan_dagen_in_team=pl.col("dagen_in_team").median(),
    ).rename({"peildatum": "maand"})
    return (p_reeks("k7", monthly, "contact_ok", onderwerp="contact binnen 6 weken"),
            p_reeks("k7", monthly, "casuistiek_ok", onderwerp="casuïstiekbespreking binnen een half jaar"))


def contact_niet_gehaald(rows: pl.DataFrame) -> pl.DataFrame:
    """Contact rule broken, the longest without contact first (`dagen_zonder_contact`: since
    the last contact, or since entering the team when there never was one)."""
    if rows.is_empty():
        return rows
    return _zonder_sinds(_met_medewerker(rows.filter(~pl.col("contact_ok"))), "laatste_contact",
                         "in_team_sinds", "dagen_zonder_contact")


def casuistiek_niet_gehaald(rows: pl.DataFrame) -> pl.DataFrame:
    """Case-conference rule broken, the longest without one first (`dagen_zonder_bespreking`:
    since the last one, or since entering the team)."""
    if rows.is_empty():
        return rows
    return _zonder_sinds(_met_medewerker(rows.filter(~pl.col("casuistiek_ok"))), "laatste_casuistiek",
                         "in_team_sinds", "dagen_zonder_bespreking")


def in_doorstroom_alle(rows: pl.DataFrame) -> pl.DataFrame:
    """Every measure in the team with both rules as ja/nee and readable dates."""
    if rows.is_empty():
        return rows

    def ja_nee(column: str) -> pl.Expr:
        return pl.when(pl.col(column)).then(pl.lit("ja")).otherwise(pl.lit("nee"))
    return _met_medewerker(rows).with_columns(
        contact_tekst=ja_nee("contact_ok"), casuistiek_tekst=ja_nee("casuistiek_ok"),
        laatst_contact=_datum_of_nooit("laatste_contact"), laatst_casuistiek=_datum_of_nooit("laatste_casuistiek"),
    ).sort(["cluster_naam", "team_naam", "maatregel_id"])
