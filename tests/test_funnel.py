"""Funnel plots (kpi.metrics.funnel): a published worked example first, then hand-computed cases.

Published source: Public Health England's funnel-plot methodology for proportions, as
implemented and tested in the R package PHEindicatormethods (github.com/ukhsa-collaboration/
PHEindicatormethods, function `phe_funnels`, test tests/testthat/testFunnels.R "confidence limits
calculate correctly", reference table tests/testthat/testdata_funnel_prop_outputs.csv). PHE's
limits are the normal approximation to the binomial, target ± z·sqrt(p(1-p)/n), which is
Spiegelhalter's (2005) normal limit: the columns Lower2s0025limit and Lower3s0001limit are our
95 % and 99.8 % limits (in %), for the pooled target 80.642448 % of PHE's 302 areas.
"""

import math

import pytest

from kpi.core.registry import HOGER_BETER, LAGER_BETER
from kpi.metrics import funnel as f

PHE_DOEL = 0.80642448
# Population, Lower2s0025limit, Upper2s0025limit, Lower3s0001limit, Upper3s0001limit (%), rows of
# testdata_funnel_prop_outputs.csv as published (limits kept within 0..100).
PHE_RIJEN = [
    (1, 3.204264, 100, 0, 100),
    (10, 56.154344, 100, 42.03259, 100),
    (18, 62.390093, 98.894803, 51.864359, 100),
    (41, 68.548635, 92.73626, 61.574398, 99.710497),
    (100 + 2, 72.974925, 88.309971, 68.553233, 92.731663),
    (1008, 78.203374, 83.081521, 76.796814, 84.488082),
    (9998, 79.867989, 81.416907, 79.421375, 81.863521),
    (110000, 80.408963, 80.875933, 80.274317, 81.010578),
]


@pytest.mark.parametrize("n, onder95, boven95, onder998, boven998", PHE_RIJEN)
def test_normal_limits_reproduce_phe_published_table(n, onder95, boven95, onder998, boven998):
    """PHE's published funnel limits for a proportion (6 decimals, in %), from our NORMAAL
    method at PHE's target."""
    r = f.funnel(["x"], [0], [1], doel=PHE_DOEL, methode=f.NORMAAL)
    assert r.grens(n, 95, False) == pytest.approx(onder95, abs=1e-5)
    assert r.grens(n, 95, True) == pytest.approx(boven95, abs=1e-5)
    assert r.grens(n, 998, False) == pytest.approx(onder998, abs=1e-5)
    assert r.grens(n, 998, True) == pytest.approx(boven998, abs=1e-5)


def test_exact_binomial_limits_by_hand():
    """Spiegelhalter's interpolated exact limit, n = 10 at target 0.5. F(1) = 11/1024, F(2) =
    56/1024, so the 2.5 % quantile is r = 2, α = (56/1024 - 0.025) / (45/1024) = 0.675556 and the
    lower limit (2 - α)/10 = 0.132444. Upper: F(7) = 968/1024, F(8) = 1013/1024, r = 8,
    α = (1013/1024 - 0.975) / (45/1024) = 0.324444, (8 - α)/10 = 0.767556 (interpolation makes the
    two limits no mirror images of each other around 0.5)."""
    alfa_onder = (56 / 1024 - 0.025) / (45 / 1024)
    alfa_boven = (1013 / 1024 - 0.975) / (45 / 1024)
    assert f.grens(f.AANDEEL, 0.5, 10, 0.025, False) == pytest.approx((2 - alfa_onder) / 10, abs=1e-12)
    assert f.grens(f.AANDEEL, 0.5, 10, 0.025, True) == pytest.approx((8 - alfa_boven) / 10, abs=1e-12)
    assert f.grens(f.AANDEEL, 0.5, 10, 0.025, False) == pytest.approx(0.132444, abs=1e-6)
    assert f.grens(f.AANDEEL, 0.5, 10, 0.025, True) == pytest.approx(0.767556, abs=1e-6)


def test_exact_poisson_limits_by_hand():
    """A rate of 0.02 events per case, 100 cases: Poisson with mean 2. F(4) = 0.947347, F(5) =
    0.983436: the 97.5 % quantile is 5, α = (F(5) - 0.975)/(F(5) - F(4)) = 0.233762, the upper limit
    (5 - α)/100 = 0.0476624 (4.766 per 100 cases). F(0) = e^-2 = 0.135 ≥ 0.025: the lower limit is
    below zero and is kept at 0."""
    F = [sum(math.exp(-2) * 2 ** k / math.factorial(k) for k in range(r + 1)) for r in range(6)]
    alfa = (F[5] - 0.975) / (F[5] - F[4])
    assert f.grens(f.FREQUENTIE, 0.02, 100, 0.025, True) == pytest.approx((5 - alfa) / 100, abs=1e-12)
    assert f.grens(f.FREQUENTIE, 0.02, 100, 0.025, True) == pytest.approx(0.0476624, abs=1e-7)
    assert f.grens(f.FREQUENTIE, 0.02, 100, 0.025, False) == 0.0


def test_normal_rate_limits():
    """Rate limits by the normal approximation: target ± z·sqrt(target/n). 0.1 per case, 400 cases:
    sd sqrt(0.1/400) = 0.0158114, 95 %: 0.1 ± 1.959964 × 0.0158114 = 0.069010 .. 0.130990."""
    r = f.funnel(["a"], [40], [400], soort=f.FREQUENTIE, doel=0.1, methode=f.NORMAAL)
    assert r.grens(400, 95, False) == pytest.approx(6.9010, abs=1e-4)
    assert r.grens(400, 95, True) == pytest.approx(13.0990, abs=1e-4)


def test_chi2_tail():
    """Published χ² percentiles: 95th of 1 df is 3.841459, of 10 df 18.307038, of 100 df 124.342."""
    assert f.chi2_overschrijding(3.841459, 1) == pytest.approx(0.05, abs=1e-6)
    assert f.chi2_overschrijding(18.307038, 10) == pytest.approx(0.05, abs=1e-6)
    assert f.chi2_overschrijding(124.342, 100) == pytest.approx(0.05, abs=1e-5)


# Ten units of 100 cases at target 0.5 (sd 0.05): z = -3, -2, -1, 0, 0, 0, 1, 2, 3, 4.
TIEN = [str(i) for i in range(10)]
TIEN_TELLER = [35, 40, 45, 50, 50, 50, 55, 60, 65, 70]


def test_overdispersion_phi_winsorised():
    """Winsorised at the 10th and 90th percentile (type 7: positions 1.9 and 9.1 of 10): -2.1 and
    3.1, so the z become -2.1, -2, -1, 0, 0, 0, 1, 2, 3, 3.1; Σz² = 33.02, φ = 3.302. I·φ = 33.02 is
    above χ²(10 df, given target) 95th percentile 18.31: over-dispersed."""
    r = f.funnel(TIEN, TIEN_TELLER, [100] * 10, doel=0.5)
    assert r.phi == pytest.approx(3.302)
    assert r.overdispersie_p < 0.05
    assert r.overdispersie is None  # not asked: the limits stay the plain ones
    assert r.eenheden["oordeel"].to_list()[-1] == f.BOVEN_998


def test_overdispersion_multiplicative():
    """Multiplicative: 0.5 ± 1.959964 × sqrt(3.302) × 0.05 = 0.5 ± 0.178078; only the unit at 70 %
    (z = 4 / sqrt(3.302) = 2.2013) is outside, above the 95 % limit and inside the 99.8 % one."""
    r = f.funnel(TIEN, TIEN_TELLER, [100] * 10, doel=0.5, overdispersie=f.MULTIPLICATIEF)
    assert r.overdispersie == f.MULTIPLICATIEF
    assert r.grens(100, 95, True) == pytest.approx(50 + 17.8078, abs=1e-3)
    assert r.eenheden["oordeel"].to_list() == [f.BINNEN] * 9 + [f.BOVEN_95]
    assert r.eenheden["z"].to_list()[-1] == pytest.approx(4 / math.sqrt(3.302))


def test_overdispersion_additive():
    """Additive: w = 400 each, Σw = 4000, Σw²/Σw = 400, τ² = (33.02 - 9) / 3600 = 0.00667222;
    limits 0.5 ± 1.959964 × sqrt(0.0025 + 0.00667222) = 0.5 ± 0.187710."""
    r = f.funnel(TIEN, TIEN_TELLER, [100] * 10, doel=0.5, overdispersie=f.ADDITIEF)
    assert r.tau2 == pytest.approx(24.02 / 3600)
    assert r.grens(100, 95, True) == pytest.approx(50 + 18.7710, abs=1e-3)
    assert r.grens(100, 95, False) == pytest.approx(50 - 18.7710, abs=1e-3)
    assert r.eenheden["oordeel"].to_list() == [f.BINNEN] * 9 + [f.BOVEN_95]


def test_no_adjustment_without_overdispersion():
    """Units that differ as chance allows (z = -1, 0, 1) are not adjusted even when asked."""
    r = f.funnel(["a", "b", "c"], [45, 50, 55], [100] * 3, doel=0.5, overdispersie=f.ADDITIEF)
    assert r.overdispersie is None and r.tau2 == 0.0


def test_pooled_target_and_verdicts_with_direction():
    """Without a target the pooled figure: (90 + 160 + 5) / (100 + 200 + 10) = 255/310 = 82.26 %.
    Cluster A (90 %, 100 cases) is above the 95 % exact limit; with HOGER_BETER that is better
    than expected, with LAGER_BETER worse (exact 95 % limits at 100 cases: 74.00 .. 88.92 %). The
    small unit C (5 of 10, 50 %) is just below its wide 95 % limit (50.76 %) but far inside the
    99.8 % one (32.00 %): a warning, not an alarm. B (80 %, 200 cases) is inside."""
    args = (["A", "B", "C"], [90, 160, 5], [100, 200, 10])
    r = f.funnel(*args, richting=HOGER_BETER)
    assert r.doel == pytest.approx(255 / 310)
    oordeel = dict(zip(r.eenheden["eenheid"], r.eenheden["oordeel"]))
    assert oordeel["A"] == f.BOVEN_95
    assert oordeel["B"] == f.BINNEN
    assert oordeel["C"] == f.ONDER_95
    label = dict(zip(r.eenheden["eenheid"], r.eenheden["oordeel_label"]))
    assert label["A"] == "Beter dan verwacht (boven de 95%-grens)"
    lager = f.funnel(*args, richting=LAGER_BETER)
    assert lager.eenheden["oordeel_label"][0] == "Slechter dan verwacht (boven de 95%-grens)"
    assert r.eenheden["ondergrens_95"][2] == pytest.approx(50.7627, abs=1e-4)
    assert r.buiten(95)["eenheid"].to_list() == ["C", "A"]  # the farthest (largest |z|) first
    assert r.buiten(998).is_empty()


def test_unit_without_cases_has_no_verdict():
    """A team with no cases in the period gets no value and no verdict, and does not count."""
    r = f.funnel(["a", "b"], [0, 5], [0, 10], doel=0.5)
    assert r.eenheden["oordeel"].to_list() == [None, f.BINNEN]


def test_curves_cover_the_units_and_narrow():
    """The curves run from 1 to 110 % of the largest unit, narrowing as the unit grows."""
    r = f.funnel(["a", "b"], [80, 900], [100, 1000], doel=0.85)
    g = r.grenzen(punten=50)
    assert g["noemer"].min() == 1 and g["noemer"].max() == 1100
    breedte = (g["bovengrens_95"] - g["ondergrens_95"]).to_list()
    assert breedte[-1] < breedte[len(breedte) // 2] < breedte[0]
    assert (g["ondergrens_998"] <= g["ondergrens_95"]).all()


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="Ongeldige teller"):
        f.funnel(["a"], [11], [10])
    with pytest.raises(ValueError, match="Onbekende soort"):
        f.funnel(["a"], [1], [10], soort="x")


# ------------------------------------------------------------------------------------ chart


def test_chart_has_curves_points_and_names_of_outliers():
    """The chart carries every unit, names only the ones outside, and is valid Vega-Lite."""
    from kpi.presentation.charts_funnel import funnel_grafiek

    r = f.funnel(["A", "B", "C"], [90, 160, 5], [100, 200, 10], richting=HOGER_BETER)
    spec = funnel_grafiek(r, norm=85.0).to_dict()
    lagen = spec["layer"]
    datasets = spec["datasets"].values()
    punten = next(d for d in datasets if d and "oordeel_kort" in d[0])
    assert {p["eenheid"]: p["naam"] for p in punten} == {"A": "A", "B": "", "C": "C"}
    assert {p["oordeel_kort"] for p in punten} == {"boven 95%-grens", "binnen de grenzen", "onder 95%-grens"}
    assert len(lagen) == 5  # curves, target, points, names, norm


def test_text_alternative():
    """The text names the target, the method and each unit outside, the farthest first."""
    from kpi.presentation.charts_funnel import funnel_tekst

    r = f.funnel(["A", "B", "C"], [90, 160, 5], [100, 200, 10], richting=HOGER_BETER)
    tekst = funnel_tekst(r, "K1 eerste contact", "clusters")
    assert tekst == (
        "Funnelplot van K1 eerste contact: 3 clusters tegen hun omvang. Doel 82,3% (het gemiddelde "
        "van alle clusters); grenzen 95% en 99,8% (exact). Buiten de grenzen: C (50,0% bij 10: "
        "slechter dan verwacht (onder de 95%-grens)); A (90,0% bij 100: beter dan verwacht (boven "
        "de 95%-grens)). Binnen de grenzen: 1 van de 3.")
    rustig = f.funnel(["a", "b"], [50, 51], [100, 100])
    assert "Alle eenheden liggen binnen de grenzen" in funnel_tekst(rustig, "x")
