"""SPC engine (kpi.metrics.spc): published worked examples first, then hand-made series.

Published sources, each named at its test:
- NHSRplotthedots (NHS-R community's implementation of NHS England's Making Data Count):
  github.com/nhs-r-community/NHSRplotthedots, vignette "Deviations from Excel defaults"
  (vignettes/deviations.Rmd, articles/deviations.html) and the test snapshots
  tests/testthat/_snaps/ptd_spc_standard.md and _snaps/ptd_spc.md, the tests
  tests/testthat/test-ptd_spc_standard.R, test-ptd_calculate_point_type.R and
  test-ptd_calculate_assurance_type.R.
- Laney's p′ chart: D. B. Laney (2002), "Improved control charts for attributes", Quality
  Engineering 14(4): 531-537; data of Mohammed, Panesar, Laney & Wilson (2013), "Statistical
  process control charts for attribute data involving very large sample sizes", BMJ Quality &
  Safety 22(4): 362-368, as tabulated in J. Anhøj, "Mastering Statistical Process Control Charts
  in Healthcare", chapter "Prime Charts for Very Large Subgroups" (github.com/anhoej/spc4hc).
"""

import datetime as dt
import math

import polars as pl
import pytest

from kpi.core.registry import HOGER_BETER, LAGER_BETER
from kpi.metrics import spc

# R: set.seed(123); rnorm(20). The first four values to 8 decimals appear in the NHSRplotthedots
# snapshot _snaps/ptd_spc_standard.md; the limits below reproduce from all twenty.
RNORM_123 = [-0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499, 0.46091621,
             -1.26506123, -0.68685285, -0.44566197, 1.22408180, 0.35981383, 0.40077145, 0.11068272,
             -0.55584113, 1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141]


def months(n: int, start: dt.date = dt.date(2022, 1, 31)) -> list[dt.date]:
    """n consecutive month ends from `start` (a month end)."""
    result, year, month = [], start.year, start.month
    for _ in range(n):
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        result.append(nxt - dt.timedelta(days=1))
        year, month = nxt.year, nxt.month
    return result


def xmr(values, **kwargs) -> spc.Analyse:
    frame = pl.DataFrame({"maand": pl.Series(months(len(values)), dtype=pl.Date),
                          "y": pl.Series(values, dtype=pl.Float64)})
    return spc.analyseer(frame, waarde="y", **kwargs)


def aandeel(tellers, noemers, **kwargs) -> spc.Analyse:
    frame = pl.DataFrame({"maand": months(len(tellers)), "teller": tellers, "totaal": noemers})
    return spc.analyseer(frame, teller="teller", noemer="totaal", **kwargs)


# ------------------------------------------------------------------ published: NHSRplotthedots (MDC)


def test_xmr_limits_match_nhsrplotthedots_snapshot():
    # _snaps/ptd_spc_standard.md, r1 (no fixed baseline: all 20 points): mean_col 0.1416238,
    # lpl -3.01138, upl 3.294627; _snaps/ptd_spc.md: 20 of 20 points common cause.
    result = xmr(RNORM_123, basis_punten=None)
    assert result.gemiddelde == pytest.approx(0.1416238, abs=5e-8)
    assert result.ondergrens == pytest.approx(-3.01138, abs=5e-6)
    assert result.bovengrens == pytest.approx(3.294627, abs=5e-7)
    assert result.punten["variatie"].to_list() == [spc.GEWONE_VARIATIE] * 20
    assert result.kaart == spc.XMR


def test_xmr_outlier_screening_matches_nhsrplotthedots_snapshot():
    # _snaps/ptd_spc_standard.md, r2 and r3: y[15] <- 10, then mean_col 0.6694159 and
    # lpl/upl -2.383666/3.722497 with screen_outliers (moving ranges >= 3.267 x average left
    # out), -4.596625/5.935457 without.
    values = RNORM_123[:14] + [10.0] + RNORM_123[15:]
    screened = xmr(values, basis_punten=None)
    assert screened.gemiddelde == pytest.approx(0.6694159, abs=5e-8)
    assert (screened.ondergrens, screened.bovengrens) == (pytest.approx(-2.383666, abs=5e-7),
                                                          pytest.approx(3.722497, abs=5e-7))
    unscreened = xmr(values, basis_punten=None, screenen=False)
    assert (unscreened.ondergrens, unscreened.bovengrens) == (pytest.approx(-4.596625, abs=5e-7),
                                                              pytest.approx(5.935457, abs=5e-7))


def test_deviations_vignette_example():
    # NHSRplotthedots vignette "Deviations from Excel defaults": data below, improvement direction
    # "increase". Screened (package default): UPL 4.6, mean 1.94, LPL -0.72; unscreened (the MDC
    # Excel tool): 6.95, 1.94, -3.06. Both charts: one special cause improvement point (the 10),
    # every other point common cause.
    data = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
    expected = [spc.GEWONE_VARIATIE] * 4 + [spc.VERBETERING_HOOG] + [spc.GEWONE_VARIATIE] * 13
    for screen, limits in ((True, (4.6, 1.94, -0.72)), (False, (6.95, 1.94, -3.06))):
        result = xmr(data, basis_punten=None, richting=HOGER_BETER, screenen=screen)
        assert (round(result.bovengrens, 2), round(result.gemiddelde, 2), round(result.ondergrens, 2)) == limits
        assert result.punten["variatie"].to_list() == expected
        assert result.punten["regel"][4] == spc.BUITEN


def test_rebase_gives_each_segment_its_own_limits():
    # _snaps/ptd_spc.md: the same 20 points in two groups of 10 (facets, or a rebase at point
    # 11): mean 0.0746, limits -2.60/2.75 and mean 0.209, limits -3.28/3.70.
    dates = months(20)
    result = spc.analyseer(pl.DataFrame({"maand": dates, "y": RNORM_123}), waarde="y",
                           basis_punten=None, herijkingen=[dates[10]])
    first = result.punten.row(0, named=True)
    assert (first["segment"], round(first["gemiddelde"], 4), round(first["ondergrens"], 2),
            round(first["bovengrens"], 2)) == (0, 0.0746, -2.60, 2.75)
    assert (round(result.gemiddelde, 3), round(result.ondergrens, 2), round(result.bovengrens, 2)) == (
        0.209, -3.28, 3.70)
    assert result.punten["segment"].to_list() == [0] * 10 + [1] * 10
    assert result.sinds == dates[10] and result.herijkingen == (dates[10],)


@pytest.mark.parametrize(("richting", "expected"), [
    (HOGER_BETER, [spc.HAALT_NORM_NIET, spc.HAALT_NORM, spc.WISSELEND]),
    (LAGER_BETER, [spc.HAALT_NORM, spc.HAALT_NORM_NIET, spc.WISSELEND]),
    ("neutraal", [None, None, None]),
])
def test_assurance_matches_nhsrplotthedots(richting, expected):
    # test-ptd_calculate_assurance_type.R: limits (1, 3), (5, 7), (1, 5) against target 4 give
    # consistent_fail, consistent_pass, inconsistent for "increase", the reverse for "decrease",
    # and nothing for "neutral".
    assert [spc.zekerheid(lo, hi, 4, richting) for lo, hi in ((1, 3), (5, 7), (1, 5))] == expected


def test_shift_rule_matches_nhsrplotthedots():
    # test-ptd_calculate_point_type.R: six points on one side are no shift; eight are, and every
    # point of the run is part of it (ptd_part_of_seven_trend).
    assert spc._verschuiving([1] * 6, spc.RUN_LENGTE) == [0] * 6
    assert spc._verschuiving([1] * 6 + [-1], spc.RUN_LENGTE) == [0] * 7
    assert spc._verschuiving([1] * 8 + [-1], spc.RUN_LENGTE) == [1] * 8 + [0]
    assert spc._verschuiving([1] + [-1] * 8 + [1], spc.RUN_LENGTE) == [0] + [-1] * 8 + [0]


def test_trend_rule_matches_nhsrplotthedots():
    # test-ptd_calculate_point_type.R: 1:6 is no trend, 1:7 is (all seven points), an equal
    # neighbour breaks it (c(1:3, 3:6)), c(2, 1:7, 3) flags the seven rising points, 7:1 falls.
    assert spc._trend([1, 2, 3, 4, 5, 6], spc.TREND_LENGTE) == [0] * 6
    assert spc._trend([1, 2, 3, 4, 5, 6, 7], spc.TREND_LENGTE) == [1] * 7
    assert spc._trend([1, 2, 3, 3, 4, 5, 6], spc.TREND_LENGTE) == [0] * 7
    assert spc._trend([2, 1, 2, 3, 4, 5, 6, 7, 3], spc.TREND_LENGTE) == [0] + [1] * 7 + [0]
    assert spc._trend([7, 6, 5, 4, 3, 2, 1], spc.TREND_LENGTE) == [-1] * 7


def test_two_of_three_only_on_the_same_side():
    # test-ptd_spc_standard.R: 1, -1, ... with points 15 and 16 set to 5.5 and -5.5: close to
    # opposite limits, so both common cause. Hand-made twin: both 5.5 (mean 0.6875, average
    # moving range 32.5/15, 2-sigma band up to 4.53, upper limit 6.45): both flagged 2-of-3.
    # (NHSRplotthedots would also want the point before them above the mean; we follow the rule
    # as MDC and Western Electric state it: two of three beyond 2 sigma on the same side.)
    data = [1, -1] * 8
    opposite = xmr(data[:14] + [5.5, -5.5], basis_punten=None)
    assert opposite.punten["regel"].to_list()[-2:] == [None, None]
    same = xmr(data[:14] + [5.5, 5.5], basis_punten=None, richting=LAGER_BETER)
    assert same.bovengrens == pytest.approx(0.6875 + 2.66 * 32.5 / 15)
    assert same.punten["regel"].to_list()[-2:] == [spc.TWEE_VAN_DRIE] * 2
    assert same.variatie == spc.ZORG_HOOG


# ------------------------------------------------------------------ published: Laney p′


def test_laney_sigma_z_by_hand():
    # Three months of 100 cases: 50, 60, 40 on time. p̄ = 0.5, σ = √(0.25/100) = 0.05, so
    # z = 0, 2, -2, moving ranges 2 and 4, σz = 3/1.128 = 2.6596 (Laney 2002): p′ limits
    # 50 ± 3 · 5 · 2.6596 = 50 ± 39.89 %.
    kind, sigma_z = spc.kies_kaart([50, 60, 40], [100, 100, 100], screenen=False)
    assert (kind, sigma_z) == (spc.P_LANEY, pytest.approx(3 / 1.128))
    result = aandeel([50, 60, 40], [100] * 3, basis_punten=None, screenen=False)
    assert result.punten["ondergrens"][0] == pytest.approx(50 - 15 * 3 / 1.128)
    assert result.punten["bovengrens"][0] == pytest.approx(50 + 15 * 3 / 1.128)


NHS_4UUR = [266501, 264225, 276532, 281461, 269071, 261215, 270409, 279778, 270483, 270320,
            267923, 271478, 255353, 256820, 261835, 259144, 255910, 260863, 264465, 260989]
NHS_BEZOEKEN = [280443, 276823, 291681, 296155, 282343, 275888, 283867, 295251, 284468, 282529,
                279618, 283932, 266629, 268091, 276803, 271578, 266005, 273520, 278574, 273772]


def test_laney_p_prime_on_the_nhs_four_hour_data():
    # Mohammed et al. 2013 (data as tabulated by Anhøj, chapter "Prime Charts for Very Large
    # Subgroups"): 20 weeks of A&E attendances seen within 4 hours, n > 266,000 a week. Published
    # findings: on a p-chart most weeks fall outside the too-narrow limits; the I chart and Laney's
    # p′ chart show only common cause variation, and the p′ limits are very close to the I
    # chart's. σz by Laney's formula (average moving range of the z-scores / 1.128, no
    # screening) on these data is 10.64.
    p_chart = aandeel(NHS_4UUR, NHS_BEZOEKEN, basis_punten=None, kaart=spc.P, screenen=False)
    assert p_chart.punten["regel"].to_list().count(spc.BUITEN) == 16
    laney = aandeel(NHS_4UUR, NHS_BEZOEKEN, basis_punten=None, screenen=False)
    assert laney.kaart == spc.P_LANEY and laney.sigma_z == pytest.approx(10.6404, abs=1e-4)
    assert laney.punten["regel"].null_count() == 20
    assert laney.variatie == spc.GEWONE_VARIATIE
    i_chart = xmr([100 * r / n for r, n in zip(NHS_4UUR, NHS_BEZOEKEN)], basis_punten=None, screenen=False)
    assert laney.punten["ondergrens"].min() == pytest.approx(i_chart.ondergrens, abs=0.05)
    assert laney.punten["bovengrens"].max() == pytest.approx(i_chart.bovengrens, abs=0.05)


def test_chart_choice():
    # a measure without a denominator: XmR; a proportion that varies as much as the binomial
    # model says (σz below 1.2): p; an over-dispersed one: p′.
    assert xmr([12.1, 12.4, 11.9, 12.3, 12.0, 12.2]).kaart == spc.XMR
    modest = aandeel([60, 66, 55, 62, 57, 63, 58, 64, 59, 61, 56, 65], [100] * 12)
    assert modest.kaart == spc.P and modest.sigma_z < spc.LANEY_DREMPEL
    assert spc.kies_kaart(NHS_4UUR, NHS_BEZOEKEN)[0] == spc.P_LANEY


# ------------------------------------------------------------------ hand-made series


# % per month around 80 with ordinary swings of a few points: no runs, no trends
VLAK_80 = [80.0, 82.1, 78.3, 81.0, 77.9, 81.8, 79.2, 82.3, 78.6, 80.7, 77.8, 81.5]


def test_flat_high_n_proportion_is_no_signal_on_p_prime():
    # K5/K6-like: n ≈ 6,000 a month, about 80 % with ordinary swings of ±2 points (the binomial
    # model allows ±0.5). A plain p-chart (limits 80 ± 1.6) flags half of the months; p′
    # (σz ≈ 5) flags none.
    noemers = [6000 + 37 * (k % 5) for k in range(36)]
    tellers = [round(VLAK_80[k % 12] / 100 * n) for k, n in enumerate(noemers)]
    p_chart = aandeel(tellers, noemers, kaart=spc.P)
    assert p_chart.punten["regel"].drop_nulls().len() >= 18
    laney = aandeel(tellers, noemers)
    assert laney.kaart == spc.P_LANEY and laney.sigma_z > 4
    assert laney.punten["signaal"].to_list() == [spc.GEWOON] * 36


# % on time per month around 60 (n = 200), ordinary ups and downs
GEWOON_60 = [121, 127, 116, 123, 114, 125, 118, 128, 116, 121, 113, 124]


def test_abnormal_dip_after_the_baseline_flags_only_the_dip():
    # K2-like, 2022-2024 with a dip to 35 % in March-August 2024. The old p-chart (limits and
    # mean over all 36 months) put the mean below the ordinary months and flagged them as runs;
    # the fixed baseline (2022) flags only the dip months.
    tellers = (GEWOON_60 * 3)[:26] + [70, 68, 72, 66, 71, 69] + GEWOON_60[:4]
    result = aandeel(tellers, [200] * 36)
    flagged = [k for k, r in enumerate(result.punten["regel"].to_list()) if r]
    assert flagged == list(range(26, 32))
    assert set(result.punten["variatie"].to_list()[26:32]) == {spc.BIJZONDER_LAAG}


def test_abnormal_dip_inside_the_baseline_is_excluded():
    # The series starts in January 2024, so the dip (March-August) lies in the first twelve months.
    # In the baseline it drags the mean to 48 % and every ordinary month after it sits above that:
    # a shift of ordinary months. Excluded from the baseline, the limits come from twelve ordinary
    # months and only the dip itself is flagged.
    tellers = GEWOON_60[:2] + [70, 68, 72, 66, 71, 69] + GEWOON_60 + GEWOON_60[:4]
    frame = pl.DataFrame({"maand": months(24, dt.date(2024, 1, 31)), "teller": tellers, "totaal": [200] * 24})
    ordinary = [k for k in range(24) if not 2 <= k < 8]

    with_dip = spc.analyseer(frame, teller="teller", noemer="totaal")
    assert any(with_dip.punten["regel"][k] for k in ordinary)

    without = spc.analyseer(frame, teller="teller", noemer="totaal",
                            uitsluiten=[(dt.date(2024, 3, 1), dt.date(2024, 8, 31))])
    assert [k for k, r in enumerate(without.punten["regel"].to_list()) if r] == list(range(2, 8))
    assert without.punten["in_basis"].to_list() == [k in ordinary[:12] for k in range(24)]
    assert without.gemiddelde == pytest.approx(100 * (sum(GEWOON_60[:2]) + sum(GEWOON_60[:10])) / 2400)


def test_sustained_shift_is_flagged_then_recalculated_after_confirmation():
    # 12 months around 50 % (n = 300), then 10 around 62 %: the new level is flagged and proposed
    # as a new baseline, not yet recalculated. Confirmed (a herijking at its first month, or
    # automatically after 10 points), the limits come from the new level and nothing is flagged.
    oud = [150, 156, 147, 153, 144, 155, 148, 157, 146, 152, 154, 143]
    nieuw = [t + 36 for t in oud[:10]]
    dates = months(22)
    frame = pl.DataFrame({"maand": dates, "teller": oud + nieuw, "totaal": [300] * 22})

    before = spc.analyseer(frame, teller="teller", noemer="totaal", richting=HOGER_BETER, norm=100.0)
    assert before.punten["regel"].to_list()[:12] == [None] * 12
    assert all(before.punten["regel"].to_list()[12:])
    assert before.herijk_voorstel == dates[12] and before.herijkingen == ()
    assert before.variatie == spc.VERBETERING_HOOG
    assert before.gemiddelde == pytest.approx(100 * sum(oud) / 3600)

    for confirmed in (spc.analyseer(frame, teller="teller", noemer="totaal", herijkingen=[dates[12]]),
                      spc.analyseer(frame, teller="teller", noemer="totaal", bevestig_na=10)):
        assert confirmed.herijkingen == (dates[12],) and confirmed.sinds == dates[12]
        assert confirmed.gemiddelde == pytest.approx(100 * sum(nieuw) / 3000)
        assert confirmed.punten["regel"].null_count() == 22
        assert confirmed.voorlopig  # ten points since the herijking: trial limits
        assert confirmed.herijk_voorstel is None

    not_yet = spc.analyseer(frame, teller="teller", noemer="totaal", bevestig_na=11)
    assert not_yet.herijkingen == () and not_yet.herijk_voorstel == dates[12]


def test_baseline_is_fixed_after_twelve_points():
    # centre and limits come from the first 12 months; later months do not move them
    later = [150, 152, 149, 151]
    result = aandeel([150, 156, 147, 153, 144, 155, 148, 157, 146, 152, 143, 154] + later, [300] * 16)
    assert result.punten["in_basis"].to_list() == [True] * 12 + [False] * 4
    assert result.punten["gemiddelde"].unique().to_list() == [pytest.approx(100 * 1805 / 3600)]
    assert not result.voorlopig


# ------------------------------------------------------------------ icons and words


def test_variation_codes_follow_the_direction():
    assert spc.variatie(None, HOGER_BETER) == spc.GEWONE_VARIATIE
    assert [spc.variatie(k, HOGER_BETER) for k in ("hoog", "laag")] == [spc.VERBETERING_HOOG, spc.ZORG_LAAG]
    assert [spc.variatie(k, LAGER_BETER) for k in ("hoog", "laag")] == [spc.ZORG_HOOG, spc.VERBETERING_LAAG]
    assert [spc.variatie(k, "neutraal") for k in ("hoog", "laag")] == [spc.BIJZONDER_HOOG, spc.BIJZONDER_LAAG]
    assert set(spc.VARIATIE_LABEL) == set(spc.VARIATIE_UITLEG)
    assert set(spc.ZEKERHEID_LABEL) == set(spc.ZEKERHEID_UITLEG) == {spc.HAALT_NORM, spc.HAALT_NORM_NIET,
                                                                        spc.WISSELEND}


def test_sentence_ordinary_variation_below_the_norm():
    # around 57 % on time (n = 300 a month): limits about 48-66 %, so 100 % is out of reach
    tellers = [171, 177, 165, 174, 168, 180, 162, 172, 175, 166, 178, 169, 173, 167]
    result = aandeel(tellers, [300] * 14, richting=HOGER_BETER, norm=100.0)
    assert (result.variatie, result.zekerheid) == (spc.GEWONE_VARIATIE, spc.HAALT_NORM_NIET)
    assert result.zin == "Gewone variatie rond 57%; de norm van 100% wordt met dit proces niet gehaald."
    assert (result.variatie_label, result.zekerheid_label) == ("Gewone variatie", "Haalt de norm niet")


def test_sentence_for_a_caseload_that_rises():
    # K4: caseload per fte (lower is better, norm 12), XmR; the last month far above the limits
    # (mean 10.36, average moving range 0.39: limits 9.32-11.40, so the norm was met every month)
    values = [10.3, 10.6, 10.1, 10.5, 10.0, 10.4, 10.3, 10.7, 10.2, 10.5, 10.1, 10.6, 13.9]
    result = xmr(values, richting=LAGER_BETER, norm=12.0, eenheid="per fte")
    assert result.variatie == spc.ZORG_HOOG and result.zekerheid == spc.HAALT_NORM
    assert result.zin == ("Let op: de laatste maand ligt boven de bovengrens van de gewone variatie rond "
                          "10,4 per fte; tot nu toe haalde dit proces de norm van 12 per fte steeds.")


def test_sentence_for_a_shift_without_norm_and_a_subject():
    values = [50, 46, 49, 45, 51, 47, 48, 52, 46, 50, 49, 47] + [53, 52, 54, 53, 52, 55, 53]
    result = xmr(values, onderwerp="het aandeel met een vaste jeugdzorgwerker", eenheid="%")
    assert result.punten["regel"].to_list()[-1] == spc.VERSCHUIVING
    assert result.zin == ("Bijzondere variatie in het aandeel met een vaste jeugdzorgwerker: al 7 maanden "
                          "op rij boven het gemiddelde van 48%.")


def test_sentence_for_a_rising_trend():
    # baseline around 48.3 (limits about 38-59), then seven months each higher than the one before,
    # all inside the limits and on both sides of the mean: only the trend rule fires
    values = [50, 46, 49, 45, 51, 47, 48, 52, 46, 50, 49, 47] + [44, 45, 46, 47, 48, 49, 50]
    result = xmr(values, richting=HOGER_BETER, eenheid="%")
    assert result.punten["regel"].to_list()[-8:] == [None] + [spc.TREND] * 7
    assert result.zin == "Verbetering: 7 maanden op rij gestegen (gemiddelde 48%)."


def test_too_few_months_and_no_data():
    assert xmr([1.0, 2.0, 3.0]).zin == "Te weinig maanden om een trend te beoordelen (3; minstens 6 nodig)."
    assert xmr([]).zin == "Geen gegevens om een trend te beoordelen."
    assert xmr([]).variatie is None
    short = xmr([5.0, 6.0, 5.5, 6.5, 5.0, 6.0])
    assert short.voorlopig and short.zin.startswith("Gewone variatie rond 5,7 (voorlopige grenzen)")


def test_months_without_cases_are_skipped():
    result = aandeel([50, 0, 45, 48, 52, 47, 49], [100, 0, 100, 100, 100, 100, 100])
    assert result.punten["waarde"][1] is None and result.punten["gemiddelde"][1] is None
    assert result.punten["signaal"][1] == spc.GEWOON
    assert result.gemiddelde == pytest.approx(291 / 6)


def test_bad_arguments_are_refused():
    frame = pl.DataFrame({"y": [1.0, 2.0]})
    with pytest.raises(ValueError):
        spc.analyseer(frame)
    with pytest.raises(ValueError):
        spc.analyseer(frame, waarde="y", kaart=spc.P)
    with pytest.raises(ValueError):
        spc.analyseer(frame, waarde="y", herijkingen=[dt.date(2024, 1, 31)])


# ------------------------------------------------------------------ the per-point columns


def test_points_keep_their_columns_and_the_outlier_is_a_signal():
    # months alternating around the mean, then 20/100: p̄ = 543/1200 = 0.4525, lower limit 30.3 %
    frame = pl.DataFrame({"tijdig": [50, 45] * 5 + [48, 20], "totaal": [100] * 12})
    result = spc.analyseer(frame, teller="tijdig", noemer="totaal").punten
    spread = 3 * math.sqrt(0.4525 * 0.5475 / 100)
    assert {"tijdig", "percentage", "gemiddelde", "ondergrens", "bovengrens", "signaal"} <= set(result.columns)
    assert result["gemiddelde"][0] == pytest.approx(45.25)
    assert result["ondergrens"][0] == pytest.approx(100 * (0.4525 - spread))
    assert result["signaal"].to_list() == [spc.GEWOON] * 11 + [spc.SIGNAAL]


def test_run_of_seven_is_a_shift_six_is_not():
    # MDC: 7 points in a row on one side of the mean (the old rule needed 8)
    six = pl.DataFrame({"tijdig": [52] * 6 + [48, 52, 48, 52, 48, 52, 48, 49], "totaal": [100] * 14})
    assert spc.SIGNAAL not in spc.analyseer(six, teller="tijdig", noemer="totaal").punten["signaal"].to_list()
    seven = pl.DataFrame({"tijdig": [52] * 7 + [48, 52, 48, 52, 48, 52, 48], "totaal": [100] * 14})
    assert spc.analyseer(seven, teller="tijdig", noemer="totaal").punten["signaal"].to_list()[:7] == [spc.SIGNAAL] * 7
