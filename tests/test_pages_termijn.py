"""Overzicht, K1-K3 and Definities: the view logic on small frames (kpi/presentation/views_termijn.py), and
each page run through Streamlit's AppTest on the demo database with its figures checked against
kpi.reports.report.build_report / kpi.metrics.engine for the same selection."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from kpi.core import norms
from kpi.core.params import Filters
from kpi.core.registry import HOGER_BETER, KPIS, LAGER_BETER, TERMIJN_KPIS
from kpi.metrics import engine, spc
from kpi.presentation import views_termijn as vt
from tests.apptest import open_app

D = dt.date.fromisoformat
P = D("2025-06-30")

# ================================================================ view logic on small frames


@pytest.mark.parametrize("day, expected, why", [
    ("2025-09-30", "2025-06-30", "quarter end to quarter end"),
    ("2025-06-30", "2025-03-31", "a month end stays a month end (31 March, not 30)"),
    ("2025-05-31", "2025-02-28", "month end into a short month"),
    ("2025-05-15", "2025-02-15", "same day number"),
    ("2025-07-01", "2025-04-01", "quarter start"),
])
def test_kwartaal_terug(day, expected, why):
    assert vt.kwartaal_terug(D(day)) == D(expected), why


def test_geteld_tot_cuts_the_period_at_the_peildatum():
    assert vt.geteld_tot(P, D("2025-09-30")) == P
    assert vt.geteld_tot(P, D("2025-03-31")) == D("2025-03-31")


@pytest.mark.parametrize("waarde, norm, richting, code", [
    (100.0, 100.0, HOGER_BETER, "voldoet"),
    (55.0, 100.0, HOGER_BETER, "onder_norm"),
    (12.0, 12.0, LAGER_BETER, "voldoet"),
    (13.5, 12.0, LAGER_BETER, "boven_norm"),
    (None, 100.0, HOGER_BETER, "geen"),
])
def test_normoordeel_has_text_and_icon_besides_colour(waarde, norm, richting, code):
    oordeel = vt.normoordeel(waarde, norm, richting)
    assert oordeel.code == code
    assert oordeel.label and oordeel.icoon.startswith(":material/")


def maanden(n: int, start: str = "2023-01-01") -> list[dt.date]:
    first = D(start)
    return [dt.date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1) for i in range(n)]


def analyse(tijdig: list[int], totaal: int = 100, key: str = "k1") -> spc.Analyse:
    frame = pl.DataFrame({"maand": maanden(len(tijdig)), "tijdig": tijdig, "totaal": [totaal] * len(tijdig)})
    return vt.deadline_analyse(key, frame)


def test_spc_oordeel_noise_is_not_a_change():
    oordeel = vt.spc_oordeel(analyse([50, 45] * 6))
    assert (oordeel.code, oordeel.kort) == (spc.GEWOON, "Gewone variatie")
    # p̄ = 570/1200 = 47.5 %; K1's norm of 100 % lies above the upper limit: not met by this process
    assert oordeel.zin == "Gewone variatie rond 48%; de norm van 100% wordt met dit proces niet gehaald."
    assert oordeel.zekerheid == spc.HAALT_NORM_NIET


def test_spc_oordeel_a_low_last_month_is_a_concern():
    # 20 % is below the lower limit 45.25 - 3·4.98 = 30.3 % (higher is better for K1): Zorgelijk (lager)
    oordeel = vt.spc_oordeel(analyse([50, 45] * 5 + [48, 20]))
    assert (oordeel.code, oordeel.variatie, oordeel.kort) == (spc.SIGNAAL, spc.ZORG_LAAG, "Zorgelijk (lager)")
    assert oordeel.zin.startswith("Let op: de laatste maand ligt onder de ondergrens")


def test_spc_oordeel_an_old_outlier_is_ordinary_variation_now():
    # the outlier is 8 months back; the last month is ordinary variation
    assert vt.spc_oordeel(analyse([50, 45, 48, 20, 50, 45, 50, 45, 50, 45, 48, 47])).code == spc.GEWOON


def test_spc_oordeel_too_few_months_and_no_cases_say_different_things():
    assert vt.spc_oordeel(analyse([50])).code == "geen"
    assert vt.spc_oordeel(analyse([50])).zin.startswith("Te weinig maanden")
    # no counted measure at all: not "too few months" but "no data"
    assert vt.spc_oordeel(analyse([0, 0, 0], totaal=0)).zin == "Geen gegevens om een trend te beoordelen."


def test_the_fixed_baseline_does_not_let_a_dip_flag_the_ordinary_months_before_it():
    # Bug 3: 12 ordinary months around 60 %, then a dip of 6 months at 40 %, then 60 % again. With the
    # limits over all months the dip pulled the mean down and the ordinary months above it became a
    # run; with the baseline fixed on the first 12 months only the dip is special cause.
    tijdig = [60, 62, 58, 61, 59, 60, 62, 58, 61, 59, 60, 60] + [40] * 6 + [60, 61, 59, 60, 62, 58]
    result = analyse(tijdig)
    regels = result.punten["regel"].to_list()
    assert regels[:12] == [None] * 12 and all(r is not None for r in regels[12:18])
    assert regels[18:] == [None] * 6 and result.variatie == spc.GEWONE_VARIATIE


def test_a_shift_that_lasts_a_year_becomes_the_new_level():
    # 12 months at 50 %, then 14 at 70 %: after BEVESTIG_NA (12) months the shift is confirmed, the
    # limits are recalculated from the new months and the last month is ordinary variation again
    tijdig = [50, 52, 48, 51, 49, 50, 52, 48, 51, 49, 50, 50] + [70, 72, 68, 71, 69, 70, 72, 68, 71, 69, 70, 70, 71, 69]
    result = analyse(tijdig)
    assert result.herijkingen == (maanden(26)[12],)
    assert result.gemiddelde == pytest.approx(sum(tijdig[12:24]) / 12)
    assert result.variatie == spc.GEWONE_VARIATIE


def test_overlapping_months_say_what_a_signal_is():
    # K6 (a stock of long-running measures): a signal's sentence says it is a slow drift of the level
    shifted = [50] * 12 + [60] * 8
    frame = pl.DataFrame({"maand": maanden(20), "met": shifted, "totaal": [100] * 20})
    k6 = spc.kpi_analyse("k6", frame, teller="met", noemer="totaal")
    assert k6.variatie == spc.VERBETERING_HOOG and k6.zin.endswith(spc.OVERLAP_ZIN)
    assert not vt.deadline_analyse("k1", frame.rename({"met": "tijdig"})).zin.endswith(spc.OVERLAP_ZIN)


def zaken(*rows) -> pl.DataFrame:
    """(maatregel, status, deadline, gebeurtenis, cluster, team, einddatum) → a deadline case frame."""
    frame = pl.DataFrame(rows, schema=["maatregel_id", "status", "deadline", "gebeurtenis_op", "cluster_naam",
                                       "team_naam", "einddatum"], orient="row")
    return frame.with_columns(
        pl.col("deadline").str.to_date(), pl.col("gebeurtenis_op").str.to_date(), pl.col("einddatum").str.to_date(),
    ).with_columns(dagen_na_deadline=(pl.lit(P) - pl.col("deadline")).dt.total_days(),
                   medewerker_id=pl.lit("W1"), soort=pl.lit("OTS"), startdatum=pl.col("deadline"))


ZAKEN = zaken(
    ("M1", "tijdig", "2025-05-02", "2025-05-01", "Utrecht", "JB 1", None),
    ("M2", "tijdig", "2025-05-20", "2025-05-20", "Utrecht", "JB 2", None),
    ("M3", "te_laat", "2025-06-02", "2025-06-10", "Utrecht", "JB 1", None),
    ("M4", "verlopen", "2025-04-01", None, "Zuid-Holland", "JB 3", None),            # longest overdue, running
    ("M5", "verlopen", "2025-03-01", None, "Zuid-Holland", "JB 3", "2025-05-01"),   # ended: after running ones
    ("M6", "verlopen", "2025-06-20", None, "Zuid-Holland", "JB 3", None),
    ("M7", "open", "2025-07-03", None, "Utrecht", "JB 1", None),                    # deadline after P: not counted
)


def test_deadline_tegel_value_previous_quarter_and_trend(monkeypatch):
    monkeypatch.setattr(norms, "MIN_N_OORDEEL", 1)  # 6 measures: judged here (see the next test)
    trend = pl.DataFrame({"maand": maanden(3, "2025-04-01"), "tijdig": [1, 1, 0], "te_laat": [0, 0, 1],
                          "verlopen": [1, 0, 1], "totaal": [2, 1, 2]})
    tile = vt.deadline_tegel("k1", engine.deadline_counts(ZAKEN),
                             engine.deadline_counts(ZAKEN.filter(pl.col("status") == "tijdig")), trend)
    assert tile.waarde == pytest.approx(100 * 2 / 6)  # M7 is open: not in the KPI
    assert tile.vorig == pytest.approx(100.0)
    assert tile.verschil == pytest.approx(100 * 2 / 6 - 100)
    assert (tile.noemer, tile.extra) == (6, {"te laat": 1, "verlopen": 3})
    assert tile.oordeel.code == "onder_norm" and tile.pagina == "pages/k1_eerste_contact.py"
    assert tile.reeks["waarde"].to_list() == pytest.approx([50.0, 100.0, 0.0])


def test_deadline_tegel_below_the_minimum_n_shows_no_figure_and_no_verdict():
    # Bug 5: 6 counted measures (< norms.MIN_N_OORDEEL = 10): no percentage, no change, no norm verdict
    trend = pl.DataFrame({"maand": maanden(3, "2025-04-01"), "tijdig": [1, 1, 0], "te_laat": [0, 0, 1],
                          "verlopen": [1, 0, 1], "totaal": [2, 1, 2]})
    tile = vt.deadline_tegel("k1", engine.deadline_counts(ZAKEN),
                             engine.deadline_counts(ZAKEN.filter(pl.col("status") == "tijdig")), trend)
    assert tile.te_klein and tile.noemer == 6
    assert (tile.waarde, tile.verschil, tile.extra) == (None, None, {})
    assert (tile.oordeel.code, tile.oordeel.label) == ("te_klein", "te weinig voor een oordeel")
    # nor a verdict on the trend of a handful of measures a month
    assert tile.spc.code == "geen" and tile.spc.zin.startswith("Te weinig maatregelen voor een oordeel over de trend")


def test_deadline_tegel_without_cases_says_no_data():
    leeg = engine.deadline_counts(ZAKEN.head(0))
    tile = vt.deadline_tegel("k2", leeg, leeg, pl.DataFrame(
        schema={"maand": pl.Date, "tijdig": pl.Int64, "te_laat": pl.Int64, "verlopen": pl.Int64, "totaal": pl.Int64}))
    assert tile.waarde is None and tile.verschil is None and tile.oordeel.code == "geen"
    assert tile.spc.code == "geen"


AT_P = pl.DataFrame({
    "peildatum": [D("2025-05-31")] * 2 + [P] * 4,
    "jeugdige_id": ["J1", "J2", "J1", "J2", "J3", "J3"],
    "ok": [True, False, True, True, False, True],
    "ok2": [True, True, False, True, True, True],
})


# AT_P counted per peildatum, as engine.series(..., counts={"ok": ("ok",)}) gives it:
# 31 May: 2 rows, 1 ok; P: 4 rows, 3 ok.
TELLING = pl.DataFrame({"peildatum": [D("2025-05-31"), P], "totaal": [2, 4], "ok": [1, 3]})


def test_aandeel_uit_telling_per_peildatum():
    reeks = vt.aandeel_uit_telling(TELLING, "ok")
    assert reeks["maand"].to_list() == [D("2025-05-31"), P]
    assert reeks["teller"].to_list() == [1, 3] and reeks["totaal"].to_list() == [2, 4]
    assert reeks["percentage"].to_list() == pytest.approx([50.0, 75.0])
    assert vt.aandeel_uit_telling(TELLING.head(0), "ok").is_empty()


def test_aandeel_tegel_takes_the_value_at_p_and_the_previous_quarter(monkeypatch):
    monkeypatch.setattr(norms, "MIN_N_OORDEEL", 1)  # 4 measures: judged here
    reeks = vt.aandeel_uit_telling(TELLING, "ok")
    vorig = vt.aandeel_uit_telling(TELLING.filter(pl.col("peildatum") < P), "ok")
    tile = vt.aandeel_tegel("k6", "% met vaste jeugdzorgwerker", reeks, vorig, P, extra={"x": 12.5})
    assert (tile.waarde, tile.vorig, tile.noemer) == (75.0, 50.0, 4)
    assert tile.verschil == pytest.approx(25.0) and tile.extra == {"x": 12.5}
    empty = vt.aandeel_tegel("k7", "%", vt.aandeel_uit_telling(TELLING.head(0), "ok"), TELLING.head(0), P)
    assert empty.waarde is None and empty.oordeel.code == "geen"


def test_caseload_tegel_jb_only_lower_is_better(monkeypatch):
    monkeypatch.setattr(norms, "MIN_N_OORDEEL", 1)  # 2 workers: judged here
    rows = pl.DataFrame({
        "peildatum": [P, P, P, D("2025-03-31")],
        "team_soort": ["jb", "jb", "jr", "jb"],
        "medewerker_id": ["W1", "W2", "W3", "W1"],
        "fte": [1.0, 0.5, 1.0, 1.0], "caseload": [15, 6, 30, 10],
        "boven_norm": [True, False, True, False], "caseload_per_fte": [15.0, 12.0, 30.0, 10.0],
        "norm": [norms.CASELOAD_NORM] * 4,
    })
    reeks = vt.caseload_reeks(rows)
    tile = vt.caseload_tegel(reeks, vt.caseload_reeks(rows.filter(pl.col("peildatum") < P)), P)
    assert tile.waarde == pytest.approx(21 / 1.5)  # sum over sum, the jr worker left out
    assert tile.vorig == pytest.approx(10.0)
    assert tile.oordeel.code == "boven_norm" and tile.extra == {"medewerkers boven norm": 1}
    assert tile.noemer == 2


def k6_rows() -> pl.DataFrame:
    return pl.DataFrame({
        "jeugdige_id": ["J1", "J2", "J3", "J3", "J4", "J5", "J6"],
        "werkwijze": ["vast", "monitorlijst", "monitorlijst", "in_doorstroom", "geen", "monitorlijst", "vast"],
        "op_monitorlijst": [False, True, True, False, False, True, False],
        "kleurcode": ["rood", "rood", "groen", "oranje", "geen", "groen", "groen"],
        "wachtdagen": [None, 10, 30, None, None, 50, None],
        "triage_te_laat": [False, False, False, False, True, False, False],
    })


def test_zonder_vaste_jzw_counts_where_they_are_and_how_long_they_wait():
    cijfers = vt.zonder_vaste_jzw(k6_rows())
    assert (cijfers["lopend"], cijfers["zonder"], cijfers["kinderen_zonder"]) == (7, 5, 4)
    assert (cijfers["monitorlijst"], cijfers["in_doorstroom"], cijfers["geen"]) == (3, 1, 1)
    assert cijfers["mediaan_wachtdagen"] == 30 and cijfers["triage_te_laat"] == 1


def test_wachten_per_kleur_every_colour_in_queue_order():
    per = vt.wachten_per_kleur(k6_rows())
    assert per["kleur"].to_list() == ["Nog geen kleurcode", "Rood", "Oranje", "Groen"]
    assert per["aantal"].to_list() == [0, 1, 0, 2]
    assert per["mediaan_dagen"].to_list()[1:] == [10.0, None, 40.0]


def test_vergelijking_per_group_with_n_in_the_label():
    per = vt.vergelijking(ZAKEN, "cluster_naam")
    assert per["cluster_naam"].to_list() == ["Utrecht", "Zuid-Holland"]
    assert per["label"].to_list() == ["67% (n=3)", "0% (n=3)"]
    assert vt.vergelijk_groep(None, None) == ("cluster_naam", "Cluster")
    assert vt.vergelijk_groep("UTR", None)[0] == vt.vergelijk_groep("UTR", "UTR-JB1")[0] == "team_naam"


def test_status_per_groep_long_frame_for_stacked_bars():
    frame = vt.status_per_groep(ZAKEN, "cluster_naam")
    rows = {(r["cluster_naam"], r["status"]): r["aantal"] for r in frame.iter_rows(named=True)}
    assert rows == {("Utrecht", "Tijdig"): 2, ("Utrecht", "Te laat"): 1, ("Zuid-Holland", "Verlopen"): 3}
    assert vt.status_per_groep(ZAKEN.head(0), "cluster_naam").is_empty()


def k1_zaken() -> pl.DataFrame:
    return pl.DataFrame({
        "maatregel_id": ["A", "B", "C", "D", "E"],
        "deadline": [D("2025-05-02"), D("2025-05-09"), D("2025-06-02"), D("2025-06-27"), D("2025-07-04")],
        "status": ["tijdig", "te_laat", "verlopen", "te_laat", "open"],
        "status_intern": ["tijdig", "tijdig", "verlopen", "open", "open"],  # B, D had the internal 10 days
        "status_incl_afstand": ["tijdig", "tijdig", "tijdig", "te_laat", "open"],
        "bucket": ["0-5", "6-10", "geen", ">10", "geen"],
    })


def test_k1_varianten_same_measures_three_ways():
    lines = vt.k1_varianten(k1_zaken())
    legal, intern, phone = lines.iter_rows(named=True)
    assert legal["telt_voor_kpi"] and not intern["telt_voor_kpi"] and not phone["telt_voor_kpi"]
    assert (legal["tijdig"], legal["te_laat"], legal["verlopen"], legal["totaal"]) == (1, 2, 1, 4)
    assert (intern["tijdig"], intern["verlopen"], intern["nog_open"], intern["totaal"]) == (2, 1, 1, 3)
    assert phone["percentage"] == pytest.approx(75.0)


def test_k1_varianten_trend_per_month_and_line():
    trend = vt.k1_varianten_trend(k1_zaken())
    legal = trend.filter(pl.col("lijn") == vt.K1_VARIANTEN[0][1]).sort("maand")
    assert legal["maand"].to_list() == [D("2025-05-01"), D("2025-06-01")]
    assert legal["percentage"].to_list() == pytest.approx([50.0, 0.0])


def test_k1_verdeling_in_fixed_order_with_dutch_labels():
    frame = vt.k1_verdeling(k1_zaken())
    assert frame["groep"].to_list() == list(vt.BUCKET_LABELS.values())
    assert frame["aantal"].to_list() == [1, 1, 1, 1]  # E is open: not counted


def test_dagen_histogram_weekly_bins_split_at_the_term_and_overflow_bin():
    values = pl.Series([0, 6, 7, 41, 42, 43, 48, 300, None])
    bins = vt.dagen_histogram(values, stap=7, grens=42, maximum=139)
    rows = {(r["van"], r["termijn"]): r["aantal"] for r in bins.iter_rows(named=True)}
    assert rows[(0, "binnen termijn")] == 2
    assert rows[(35, "binnen termijn")] == 1
    assert rows[(42, "binnen termijn")] == 1 and rows[(42, "na termijn")] == 2  # day 42 is still on time
    assert rows[(140, "na termijn")] == 1
    assert bins.filter(pl.col("van") == 140)["label"][0] == "meer dan 139"
    assert bins.filter(pl.col("van") == 7)["label"][0] == "7-13"
    assert bins["aantal"].sum() == 8
    assert vt.dagen_histogram(pl.Series([None], dtype=pl.Int64), 7, 42).is_empty()


AANVRAGEN = pl.DataFrame({
    "hulp_id": ["H1", "H2", "H3", "H4", "H5", "H6"],
    "hulpvorm": ["ambulant", "ambulant", "diagnostiek", "ambulant", "verblijf", "ambulant"],
    "aangevraagd_op": [D("2025-01-10"), D("2025-03-31"), D("2025-04-01"), D("2025-02-01"), D("2025-05-01"),
                       D("2024-01-01")],
    "gestart_op": [D("2025-04-10"), None, None, D("2025-05-01"), None, None],
    "status": ["gestart", "open", "open", "gestart", "afgewezen", "open"],
    "maatregel_lopend": [True, True, True, True, True, False],
    "wachtdagen": [90, None, None, 89, None, None],
    "leeftijd_dagen": [None, 91, 90, None, None, 546],
})


def test_open_and_refused_requests_of_running_measures():
    open_rows = vt.open_aanvragen(AANVRAGEN)
    assert open_rows["hulp_id"].to_list() == ["H2", "H3"]  # H6: measure ended; oldest first
    assert vt.afgewezen_aanvragen(AANVRAGEN)["hulp_id"].to_list() == ["H5"]
    samen = vt.open_samenvatting(open_rows, P)
    # requested 31 March: three months later is 30 June (= P), not before P; 1 April neither
    assert (samen["aantal"], samen["mediaan_leeftijd"], samen["langer_dan_termijn"]) == (2, 90.5, 0)
    assert vt.open_samenvatting(open_rows, D("2025-07-01"))["langer_dan_termijn"] == 1
    assert vt.open_samenvatting(open_rows.head(0), P)["aantal"] == 0


def test_started_requests_and_waiting_time_per_form():
    assert vt.gestarte_aanvragen(AANVRAGEN, D("2025-04-01"), P)["hulp_id"].to_list() == ["H1", "H4"]
    per = vt.wachttijd_per_hulpvorm(AANVRAGEN, D("2025-04-01"), P)
    assert per["hulpvorm"].to_list() == ["ambulant"] and per["mediaan_dagen"][0] == pytest.approx(89.5)


def test_case_lists_for_acting_today():
    verlopen = vt.verlopen_lijst(ZAKEN, P)
    assert verlopen["maatregel_id"].to_list() == ["M4", "M6", "M5"]  # running first, longest overdue first
    assert verlopen["loopt_tekst"].to_list() == ["ja", "ja", "nee, geëindigd 01-05-2025"]
    te_laat = vt.te_laat_lijst(ZAKEN)
    assert te_laat["maatregel_id"].to_list() == ["M3"] and te_laat["dagen_te_laat"].to_list() == [8]
    alle = vt.alle_zaken(ZAKEN)
    assert alle.height == 6 and "M7" not in alle["maatregel_id"].to_list()
    assert set(alle["status_label"]) == {"Tijdig", "Te laat", "Verlopen"}
    binnenkort = vt.binnenkort_lijst(ZAKEN.filter(pl.col("status") == "open"))
    assert binnenkort["maatregel_id"].to_list() == ["M7"]


def test_all_cases_show_codes_in_words():
    # issue 12: exports carried raw codes (te_laat, 0-5, rood); the list shows and exports the words
    cases = ZAKEN.with_columns(status_intern=pl.col("status"), status_incl_afstand=pl.lit("gedaan_voor_deadline"),
                               bucket=pl.lit("geen"), eerste_kleurcode=pl.lit("rood"))
    alle = vt.alle_zaken(cases)
    assert dict(zip(alle["maatregel_id"], alle["status_intern"]))["M3"] == "Te laat"
    assert set(alle["status_incl_afstand"]) == {"Gedaan, deadline nog niet bereikt"}
    assert set(alle["bucket"]) == {"geen contact"} and set(alle["eerste_kleurcode"]) == {"Rood"}


def test_lijst_kolommen_puts_the_case_and_its_deadline_first():
    columns = list(vt.lijst_kolommen({"dagen_na_deadline": "Dagen over deadline"}))
    assert columns[:3] == ["maatregel_id", "deadline", "dagen_na_deadline"]
    assert {"team_naam", "medewerker_id"} <= set(columns)


def test_maandtabel_newest_first_rounded_with_the_variation_in_words():
    table = vt.maandtabel(pl.DataFrame({"maand": maanden(2, "2025-05-01"), "percentage": [50.123, 60.0],
                                        "variatie": [spc.GEWONE_VARIATIE, spc.ZORG_LAAG]}))
    assert table["maand_tekst"].to_list() == ["06-2025", "05-2025"]
    assert table["percentage"].to_list() == [60.0, 50.1]
    assert table["beoordeling"].to_list() == ["Zorgelijk (lager)", "Gewone variatie"]  # never a raw code


def test_keuze_documenten_titles_links_and_headings(tmp_path):
    text = "# Keuzes\n\nZie [K5](keuzes-k5-k7.md) en [site](https://x.nl).\n\n## K1\n- a\n"
    (tmp_path / "keuzes.md").write_text(text, encoding="utf-8")
    (tmp_path / "keuzes-k5-k7.md").write_text("# Keuzes K5-K7\n\ntekst\n", encoding="utf-8")
    (tmp_path / "import.md").write_text("# Import\n", encoding="utf-8")
    docs = vt.keuze_documenten(tmp_path)
    assert [(t, p) for t, p, _ in docs] == [("Keuzes", "docs/keuzes.md"), ("Keuzes K5-K7", "docs/keuzes-k5-k7.md")]
    body = docs[0][2]
    assert "Zie K5 en [site](https://x.nl)." in body  # a link between files becomes text; a web link stays
    assert "#### K1" in body


def test_algemene_regels_use_the_named_norms():
    assert f"{norms.K2_DAGEN} kalenderdagen" in vt.ALGEMENE_REGELS
    assert f"{norms.BINNENKORT_WERKDAGEN} werkdagen" in vt.ALGEMENE_REGELS
    assert f"{spc.RUN_LENGTE} maanden" in vt.ALGEMENE_REGELS


# ================================================================ the pages on the demo database



def selectie(demo, van: dt.date | None = None, tot: dt.date | None = None) -> tuple[dt.date, dt.date, dt.date]:
    from kpi.presentation.state import standaard_periode

    peildatum = demo.exportdatum
    default_van, default_tot = standaard_periode(peildatum)
    return peildatum, van or default_van, tot or default_tot


def rapport(demo, van=None, tot=None, **filters) -> dict:
    from kpi.reports.report import build_report

    peildatum, van, tot = selectie(demo, van, tot)
    return build_report(demo, peildatum, van, tot, Filters(**filters))



def metric_waarden(at, label: str) -> list[str]:
    return [m.value for m in at.metric if m.label == label]


def nl(value, decimals: int = 0) -> str:
    from kpi.presentation.format import nl_getal

    return nl_getal(value, decimals)


def nl_pct(value) -> str:
    from kpi.presentation.format import nl_pct as fmt

    return fmt(value)


TERMIJN_PAGINAS = [("k1", "pages/k1_eerste_contact.py", "k1_eerste_contact"),
                   ("k2", "pages/k2_plan_van_aanpak.py", "k2_plan_van_aanpak"),
                   ("k3", "pages/k3_hulpinzet.py", "k3_hulp")]


@pytest.mark.parametrize("cluster", [None, "UTR"])
@pytest.mark.parametrize("key, pagina, naam", TERMIJN_PAGINAS)
def test_deadline_page_headline_equals_the_report(demo_db, demo, monkeypatch, key, pagina, naam, cluster):
    query = {"cluster": cluster} if cluster else {}
    at = open_app(demo_db, monkeypatch, pagina, **query)
    figure = rapport(demo, cluster=cluster)[naam]
    exact = engine.deadline_kpi(demo, key, *selectie(demo), Filters(cluster=cluster))
    assert metric_waarden(at, "% tijdig") == [nl_pct(exact["percentage"])]
    assert round(exact["percentage"], 1) == figure["percentage"]
    assert metric_waarden(at, "Tijdig") == [nl(figure["tijdig"])]
    assert metric_waarden(at, "Te laat") == [nl(figure["te_laat"])]
    assert metric_waarden(at, "Verlopen") == [nl(figure["verlopen"])]
    assert metric_waarden(at, "Geteld") == [nl(figure["totaal"])]
    # every counted measure is in the list 'Alle getelde zaken', and the tab says how many
    assert any(t.label == f"Alle getelde zaken ({nl(figure['totaal'])})" for t in at.tabs)
    assert any(t.label == f"Verlopen ({nl(figure['verlopen'])})" for t in at.tabs)
    assert any(t.label == f"Te laat ({nl(figure['te_laat'])})" for t in at.tabs)
    binnenkort = engine.binnenkort_verlopen(demo, key, demo.exportdatum, Filters(cluster=cluster))
    assert any(t.label == f"Binnenkort verlopen ({nl(binnenkort.height)})" for t in at.tabs)
    heading = "Vergelijking per team" if cluster else "Vergelijking per cluster"
    assert heading in [h.value for h in at.subheader]


def test_k1_page_shows_the_internal_term_only_beside_the_legal_one(demo_db, demo, monkeypatch):
    at = open_app(demo_db, monkeypatch, "pages/k1_eerste_contact.py")
    table = next(df.value for df in at.dataframe if "Regel" in df.value.columns)
    assert table["Regel"].iloc[0].startswith("Wettelijk") and "(de KPI)" in table["Regel"].iloc[0]
    assert table["Regel"].iloc[1].startswith("Intern")
    exact = engine.deadline_kpi(demo, "k1", *selectie(demo))
    assert table["Tijdig"].iloc[0] == nl(exact["tijdig"])


def test_k3_page_requests_equal_the_engine(demo_db, demo, monkeypatch):
    at = open_app(demo_db, monkeypatch, "pages/k3_hulpinzet.py")
    peildatum, van, tot = selectie(demo)
    aanvragen = engine.hulp_aanvragen(demo, peildatum)
    wacht = engine.wachttijd(aanvragen, van, tot).row(0, named=True)
    assert metric_waarden(at, "Hulp gestart in de periode") == [nl(wacht["gestart"])]
    assert metric_waarden(at, "Mediaan wachttijd") == [f"{nl(wacht['mediaan_dagen'])} dagen"]
    assert metric_waarden(at, "Openstaande aanvragen") == [nl(vt.open_aanvragen(aanvragen).height)]
    assert metric_waarden(at, "Afgewezen aanvragen") == [nl(vt.afgewezen_aanvragen(aanvragen).height)]


def test_deadline_page_with_an_empty_period_says_so(demo_db, monkeypatch):
    at = open_app(demo_db, monkeypatch, "pages/k2_plan_van_aanpak.py", van="2001-01-01", tot="2001-03-31")
    assert metric_waarden(at, "Geteld") == ["0"] and metric_waarden(at, "% tijdig") == ["–"]
    assert any("Geen maatregelen met een deadline" in i.value for i in at.info)


def test_overzicht_tiles_equal_the_report(demo_db, demo, monkeypatch):
    at = open_app(demo_db, monkeypatch, "pages/overzicht.py")
    assert not at.warning, [w.value for w in at.warning]
    report = rapport(demo)
    exact = [engine.deadline_kpi(demo, key, *selectie(demo))["percentage"] for key in TERMIJN_KPIS]
    assert metric_waarden(at, "% tijdig") == [nl_pct(v) for v in exact]

    peildatum = demo.exportdatum
    jb = engine.caseload(demo, [peildatum]).filter(pl.col("team_soort") == "jb")
    per_fte = engine.caseload_counts(jb).row(0, named=True)["caseload_per_fte"]
    assert metric_waarden(at, "jeugdigen per fte (jb-teams)") == [f"{nl(per_fte, 1)} per fte"]
    k5 = report["k5_kind_alleen"]
    assert metric_waarden(at, "% haalt jaarnorm (gevalideerd)") == [
        nl_pct(100 * k5["voldoet_gevalideerd"] / k5["populatie"])]
    k6 = report["k6_vaste_jzw"]
    assert metric_waarden(at, "% met vaste jeugdzorgwerker") == [nl_pct(100 * k6["met_vaste_jzw"] / k6["lopend"])]
    k7 = engine.in_doorstroom(demo, [peildatum])
    both = (k7["contact_ok"] & k7["casuistiek_ok"]).sum()
    assert metric_waarden(at, "% aan beide werkafspraken") == [nl_pct(100 * both / k7.height)]
    assert metric_waarden(at, "fte tekort bij de norm 1:12") == [nl(report["k4_caseload"]["capaciteitsgat_fte"], 1)]
    assert metric_waarden(at, "lopende maatregelen (alle soorten)") == [nl(k6["lopend"] - k6["met_vaste_jzw"])]


def test_overzicht_with_a_municipality_leaves_caseload_out(demo_db, demo, monkeypatch):
    gemeente = demo.sql("select gemeente_code from gemeenten order by gemeente_code limit 1")["gemeente_code"][0]
    at = open_app(demo_db, monkeypatch, "pages/overzicht.py", gemeente=gemeente)
    assert metric_waarden(at, "jeugdigen per fte (jb-teams)") == []
    assert any("niet over een gemeente" in i.value for i in at.info)
    report = rapport(demo, gemeente=gemeente)
    exact = [engine.deadline_kpi(demo, key, *selectie(demo), Filters(gemeente=gemeente))["percentage"]
             for key in TERMIJN_KPIS]
    counts = [engine.deadline_kpi(demo, key, *selectie(demo), Filters(gemeente=gemeente))["totaal"]
              for key in TERMIJN_KPIS]
    # a tile on fewer than norms.MIN_N_OORDEEL measures shows no percentage (bug 5 of issue 12)
    assert metric_waarden(at, "% tijdig") == [nl_pct(v) if n >= norms.MIN_N_OORDEEL else "–"
                                              for v, n in zip(exact, counts)]
    assert "k4_caseload" not in report


def test_overzicht_says_which_filter_does_not_apply_to_a_tile(demo_db, monkeypatch):
    # K4 selects workers by cluster and team only (registry Kpi.filters): with a soort chosen its tile
    # stays, with a note; the other tiles say nothing.
    at = open_app(demo_db, monkeypatch, "pages/overzicht.py", soort="OTS")
    notes = [c.value for c in at.caption if "geldt niet voor" in c.value]
    assert notes == [":material/info: Het filter op soort maatregel geldt niet voor caseload."]
    assert len(metric_waarden(at, "jeugdigen per fte (jb-teams)")) == 1


def test_definities_shows_every_kpi_from_the_registry(demo_db, monkeypatch):
    at = open_app(demo_db, monkeypatch, "pages/definities.py")
    headings = [h.value for h in at.subheader]
    for kpi in KPIS:
        assert f"{kpi.key.upper()} · {kpi.titel}" in headings
    text = "\n".join(m.value for m in at.markdown)
    for kpi in KPIS:
        assert kpi.definitie.strip()[:60] in text
    assert vt.ALGEMENE_REGELS.strip()[:60] in text
    assert "Algemene regels" in [h.value for h in at.header]
    pages = [link.proto.page for link in at.get("page_link")]
    assert pages == [kpi.pagina.removeprefix("pages/").removesuffix(".py") for kpi in KPIS]


def test_definities_for_a_municipality_has_no_links_to_kpi_pages(demo_db, monkeypatch):
    at = open_app(demo_db, monkeypatch, "pages/definities.py", "gemeente.gm1171@demo.jb")
    # issue 12: a municipality reads the snapshot's plain definitions (tests/test_gemeente_pagina.py)
    assert KPIS[0].titel in [h.value for h in at.subheader]
    assert not [link for link in at.get("page_link") if link.proto.page.startswith("k")]


@pytest.mark.parametrize("rol", ["bestuur", "beheer"])
def test_a_tile_whose_sql_is_missing_warns_instead_of_crashing(rol, caplog):
    """Everyone gets a Dutch warning with a code; only functional administration also sees what failed
    (without server paths); the server log has the code and the traceback."""
    from streamlit.testing.v1 import AppTest

    def script():
        import streamlit as st

        from kpi.data import auth
        from kpi.presentation import state, widgets

        st.session_state[state.GEBRUIKER_KEY] = auth.Gebruiker("x@gi.nl", "X", st.session_state["rol"])

        def missing():
            raise FileNotFoundError("Geen SQL-bestand /srv/jb/sql/kpi/k5_kind_alleen.sql")

        result = widgets.probeer(missing, melding="K5 kan nu niet worden berekend.")
        st.write(f"resultaat: {result}")

    at = AppTest.from_function(script, default_timeout=30)
    at.session_state["rol"] = rol
    at.run()
    assert not at.exception
    waarschuwing = at.warning[0].value
    assert waarschuwing.startswith("K5 kan nu niet worden berekend. Blijft dit gebeuren, meld dan code F-")
    code = waarschuwing.split("code ")[1].split(" ")[0]
    technisch = [t.value for t in at.text]
    assert technisch == ([] if rol == "bestuur" else
                         ["Technisch (alleen voor functioneel beheer): FileNotFoundError: Geen SQL-bestand "
                          "k5_kind_alleen.sql"])
    assert "/srv/jb" not in waarschuwing + " ".join(technisch)
    assert at.markdown[0].value == "resultaat: None"
    regel = next(r for r in caplog.records if code in r.getMessage())
    assert "/srv/jb/sql/kpi/k5_kind_alleen.sql" in regel.getMessage() and regel.exc_info
