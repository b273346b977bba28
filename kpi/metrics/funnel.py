"""Funnel plots for comparing units of different size, after Spiegelhalter (2005).

D. J. Spiegelhalter, "Funnel plots for comparing institutional performance", Statistics in
Medicine 24 (2005) 1185-1202, and "Handling over-dispersion of performance indicators", Quality
and Safety in Health Care 14 (2005) 347-351. docs/funnel.md explains it in plain words.

Each unit (a cluster, a team) is a point: its figure (y axis) against its size (x axis). Around
the target the control limits form a funnel: wide for a small unit, narrow for a large one, so a
small unit is not blamed for noise and a large one outside the limits stands out.

- **Kinds.** AANDEEL: a proportion, teller out of noemer cases (binomial; K1-K3, K5). FREQUENTIE:
  a rate, a count of events (teller) per case (noemer) (Poisson; complaints per 100 cases).
- **Target.** Given (a norm), or the pooled figure Σteller / Σnoemer of the units (the paper's
  "overall average").
- **Limits.** 95 % (≈ 2 sigma) and 99.8 % (≈ 3 sigma). EXACT (the paper's Appendix A.1.1): the
  quantile r_p of the binomial (or Poisson) distribution at the target, made smooth by
  interpolation α = (F(r_p) - p) / (F(r_p) - F(r_p - 1)), the limit (r_p - α) / noemer. NORMAAL:
  target ± z · sqrt(V(target) / noemer), V = target(1 - target) for a proportion and target for a
  rate. Limits are kept within the possible range (0..1 for a proportion, ≥ 0 for a rate).
- **Over-dispersion** (the paper's section 5; QSHC 2005). When the units differ more than chance
  allows, nearly every unit falls outside. z_i = (y_i - target) / s_i with s_i² = V / noemer_i;
  the z-scores are winsorised at their 10th and 90th percentile (linear interpolation between
  order statistics, R's default quantile), φ = Σ z_i² / I. The units are over-dispersed when I·φ
  exceeds the 95th percentile of χ² with I - 1 degrees of freedom (I when the target is given,
  not estimated). Then, as chosen: MULTIPLICATIEF, limits target ± z · sqrt(φ) · s; or ADDITIEF
  (random effects, DerSimonian-Laird), τ² = (I·φ - (I - 1)) / (Σw - Σw² / Σw) with w_i = 1 / s_i²,
  limits target ± z · sqrt(s² + τ²). Over-dispersed limits are normal limits, as in the paper.
- **Verdict** per unit: inside, or outside the 95 % or the 99.8 % limit, above or below; with the
  KPI's direction that becomes better or worse than expected (`OORDEEL_LABEL`).

`funnel` is the entry point; `Funnel.grenzen` gives the limit curves to draw.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from statistics import NormalDist

import polars as pl

from kpi.core.registry import HOGER_BETER, LAGER_BETER

NEUTRAAL = "neutraal"  # no good direction

# Kinds
AANDEEL, FREQUENTIE = "aandeel", "frequentie"
# Methods of the limits
EXACT, NORMAAL = "exact", "normaal"
# Over-dispersion adjustments
MULTIPLICATIEF, ADDITIEF = "multiplicatief", "additief"
OVERDISPERSIE_LABEL = {MULTIPLICATIEF: "multiplicatief (φ)", ADDITIEF: "additief (τ², random effects)"}

# The two funnels: 95 % and 99.8 % two-sided (0.025 and 0.001 in each tail)
NIVEAUS = (95, 998)
STAART = {95: 0.025, 998: 0.001}
NIVEAU_LABEL = {95: "95%", 998: "99,8%"}
WINSOR = 0.10  # z-scores winsorised at the 10th and 90th percentile
OVERDISPERSIE_ALFA = 0.05  # over-dispersed when I·φ is above the 95th percentile of χ²
VENSTER = 20.0  # exact sums run over mean ± 20 standard deviations (the mass outside is negligible)

# Verdicts (side and level)
BINNEN = "binnen"
BOVEN_95, BOVEN_998 = "boven_95", "boven_998"
ONDER_95, ONDER_998 = "onder_95", "onder_998"
OORDELEN = (ONDER_998, ONDER_95, BINNEN, BOVEN_95, BOVEN_998)
_BETER = "Beter dan verwacht"
_SLECHTER = "Slechter dan verwacht"
OORDEEL_LABEL = {
    # (verdict, direction) -> Dutch label; the limit is named so the level is clear
    **{(BINNEN, r): "Binnen de grenzen" for r in (HOGER_BETER, LAGER_BETER, NEUTRAAL)},
    (BOVEN_95, HOGER_BETER): f"{_BETER} (boven de 95%-grens)",
    (BOVEN_998, HOGER_BETER): f"{_BETER} (boven de 99,8%-grens)",
    (ONDER_95, HOGER_BETER): f"{_SLECHTER} (onder de 95%-grens)",
    (ONDER_998, HOGER_BETER): f"{_SLECHTER} (onder de 99,8%-grens)",
    (BOVEN_95, LAGER_BETER): f"{_SLECHTER} (boven de 95%-grens)",
    (BOVEN_998, LAGER_BETER): f"{_SLECHTER} (boven de 99,8%-grens)",
    (ONDER_95, LAGER_BETER): f"{_BETER} (onder de 95%-grens)",
    (ONDER_998, LAGER_BETER): f"{_BETER} (onder de 99,8%-grens)",
    (BOVEN_95, NEUTRAAL): "Hoger dan verwacht (boven de 95%-grens)",
    (BOVEN_998, NEUTRAAL): "Hoger dan verwacht (boven de 99,8%-grens)",
    (ONDER_95, NEUTRAAL): "Lager dan verwacht (onder de 95%-grens)",
    (ONDER_998, NEUTRAAL): "Lager dan verwacht (onder de 99,8%-grens)",
}


# ------------------------------------------------------------------------------------ distributions


def z_waarde(staart: float) -> float:
    """The standard normal quantile that leaves `staart` in the upper tail (0.025 → 1.959964)."""
    return NormalDist().inv_cdf(1.0 - staart)


def _log_kans(soort: str, k: int, n: float, p: float) -> float:
    """log P(Y = k): binomial(n, p) for AANDEEL, Poisson(mean n·p) for FREQUENTIE."""
    if soort == AANDEEL:
        if p <= 0.0:
            return 0.0 if k == 0 else -math.inf
        if p >= 1.0:
            return 0.0 if k == n else -math.inf
        return (math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
                + k * math.log(p) + (n - k) * math.log1p(-p))
    mu = n * p
    if mu <= 0.0:
        return 0.0 if k == 0 else -math.inf
    return k * math.log(mu) - mu - math.lgamma(k + 1)


def _exacte_grens(soort: str, doel: float, n: float, kans: float) -> float:
    """The paper's interpolated exact limit at cumulative probability `kans`, as a proportion
    (or rate): (r_p - α) / n with r_p the smallest r with F(r) ≥ kans."""
    mu = n * doel
    sd = math.sqrt(max(mu * (1.0 - doel) if soort == AANDEEL else mu, 1e-12))
    laag = max(0, math.floor(mu - VENSTER * sd))
    hoog = math.ceil(mu + VENSTER * sd) + 1
    if soort == AANDEEL:
        hoog = min(int(n), hoog)
    vorige, f = 0.0, 0.0  # F(r - 1), F(r); below `laag` the mass is negligible
    for r in range(laag, hoog + 1):
        vorige, f = f, f + math.exp(_log_kans(soort, r, n, doel))
        if f >= kans:
            alfa = (f - kans) / (f - vorige)
            return (r - alfa) / n
    return hoog / n  # all mass summed without reaching `kans` (rounding): the top of the window


def grens(soort: str, doel: float, n: float, staart: float, boven: bool, methode: str = EXACT,
          phi: float = 1.0, tau2: float = 0.0) -> float | None:
    """One control limit for a unit of size n (None for n = 0): the upper (`boven`) or lower limit
    that leaves `staart` in its tail. With φ > 1 or τ² > 0 the normal limit, widened."""
    if n <= 0:
        return None
    if methode == EXACT and phi == 1.0 and tau2 == 0.0:
        waarde = _exacte_grens(soort, doel, n, 1.0 - staart if boven else staart)
    else:
        variantie = (doel * (1.0 - doel) if soort == AANDEEL else doel) / n
        breedte = z_waarde(staart) * math.sqrt(phi * variantie + tau2)
        waarde = doel + breedte if boven else doel - breedte
    waarde = max(0.0, waarde)
    return min(1.0, waarde) if soort == AANDEEL else waarde


def _kwantiel(gesorteerd: Sequence[float], q: float) -> float:
    """R's default (type 7) quantile of sorted values: linear between order statistics."""
    h = (len(gesorteerd) - 1) * q
    onder = math.floor(h)
    boven = min(onder + 1, len(gesorteerd) - 1)
    return gesorteerd[onder] + (h - onder) * (gesorteerd[boven] - gesorteerd[onder])


def chi2_overschrijding(x: float, df: int) -> float:
    """P(χ²_df > x): the regularised upper incomplete gamma Q(df/2, x/2) (series below a + 1,
    continued fraction above; Numerical Recipes §6.2)."""
    if x <= 0:
        return 1.0
    a, x = df / 2.0, x / 2.0
    log_voor = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1.0:
        term = som = 1.0 / a
        k = a
        for _ in range(10_000):
            k += 1.0
            term *= x / k
            som += term
            if abs(term) < abs(som) * 1e-15:
                break
        return max(0.0, 1.0 - som * math.exp(log_voor))
    klein = 1e-300
    b = x + 1.0 - a
    c, d = 1.0 / klein, 1.0 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = klein if abs(d) < klein else d
        c = b + an / c
        c = klein if abs(c) < klein else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return math.exp(log_voor) * h


# ------------------------------------------------------------------------------------ result


@dataclass(frozen=True)
class Funnel:
    """Units judged against a target. `eenheden` has one row per unit (input order): eenheid,
    teller, noemer, waarde (in the unit of display: × schaal), z (adjusted for over-dispersion
    when applied), ondergrens_95, bovengrens_95, ondergrens_998, bovengrens_998 (at the unit's own
    noemer, × schaal), oordeel (OORDELEN; None for noemer 0) and oordeel_label."""

    eenheden: pl.DataFrame
    soort: str
    methode: str
    doel: float  # as a fraction (× schaal for display)
    doel_gegeven: bool  # a given target (norm) rather than the pooled figure
    schaal: float
    richting: str
    phi: float | None  # the winsorised dispersion estimate (None with fewer than 2 units)
    tau2: float  # the between-unit variance applied (0 unless ADDITIEF and over-dispersed)
    overdispersie_p: float | None  # P(χ² > I·φ): small means over-dispersed
    overdispersie: str | None  # the adjustment applied (MULTIPLICATIEF / ADDITIEF) or None

    @property
    def phi_toegepast(self) -> float:
        return self.phi if self.overdispersie == MULTIPLICATIEF and self.phi is not None else 1.0

    @property
    def methode_effectief(self) -> str:
        """The method the limits really use: over-dispersed limits are normal limits."""
        return NORMAAL if self.overdispersie else self.methode

    def grens(self, n: float, niveau: int, boven: bool) -> float | None:
        """A limit at size n, in the unit of display."""
        waarde = grens(self.soort, self.doel, n, STAART[niveau], boven, self.methode,
                       self.phi_toegepast, self.tau2)
        return None if waarde is None else waarde * self.schaal

    def grenzen(self, punten: int = 120, van: float = 1.0, tot: float | None = None) -> pl.DataFrame:
        """The limit curves from size `van` to `tot` (default: the largest unit, plus 10 %): noemer,
        doel, ondergrens_95, bovengrens_95, ondergrens_998, bovengrens_998. Sizes are spread
        evenly on a log scale (integers for a proportion), so the curve is smooth where it bends."""
        grootste = tot if tot is not None else max([1.0, *self.eenheden["noemer"].to_list()]) * 1.1
        van = min(max(van, 1e-9), grootste)
        stap = math.log(grootste / van) / max(1, punten - 1)
        ruw = [van * math.exp(stap * i) for i in range(punten)]
        maten = sorted({max(1, round(n)) for n in ruw}) if self.soort == AANDEEL else ruw
        rijen = {"noemer": [float(n) for n in maten], "doel": [self.doel * self.schaal] * len(maten)}
        for niveau in NIVEAUS:
            rijen[f"ondergrens_{niveau}"] = [self.grens(n, niveau, False) for n in maten]
            rijen[f"bovengrens_{niveau}"] = [self.grens(n, niveau, True) for n in maten]
        return pl.DataFrame(rijen, schema={k: pl.Float64 for k in rijen})

    def buiten(self, niveau: int = 95) -> pl.DataFrame:
        """The units outside the limits of `niveau`, the farthest first."""
        oordelen = (ONDER_998, BOVEN_998) if niveau == 998 else (ONDER_95, BOVEN_95, ONDER_998, BOVEN_998)
        return (self.eenheden.filter(pl.col("oordeel").is_in(oordelen))
                .sort(pl.col("z").abs(), descending=True))


# ------------------------------------------------------------------------------------ entry point


def funnel(eenheden: Sequence[str], teller: Sequence[float], noemer: Sequence[float], *,
           soort: str = AANDEEL, doel: float | None = None, methode: str = EXACT,
           overdispersie: str | None = None, richting: str = NEUTRAAL,
           schaal: float = 100.0) -> Funnel:
    """Judge units against a target.

    `teller`/`noemer` per unit: cases meeting the norm out of cases (AANDEEL), or events per case
    (FREQUENTIE). `doel` is the target as a fraction (0.9 for 90 %; events per case for a rate);
    None: the pooled figure. `methode` EXACT or NORMAAL; `overdispersie` None, MULTIPLICATIEF or
    ADDITIEF (applied only when the units are over-dispersed); `richting` HOGER_BETER,
    LAGER_BETER or NEUTRAAL; `schaal` multiplies every figure shown (100: % or per 100 cases).
    """
    if soort not in (AANDEEL, FREQUENTIE):
        raise ValueError(f"Onbekende soort funnel: {soort!r}.")
    if methode not in (EXACT, NORMAAL):
        raise ValueError(f"Onbekende methode voor de grenzen: {methode!r}.")
    if overdispersie not in (None, MULTIPLICATIEF, ADDITIEF):
        raise ValueError(f"Onbekende correctie voor overdispersie: {overdispersie!r}.")
    if richting not in (HOGER_BETER, LAGER_BETER, NEUTRAAL):
        raise ValueError(f"Onbekende richting: {richting!r}.")
    if not len(eenheden) == len(teller) == len(noemer):
        raise ValueError("Eenheden, tellers en noemers moeten even lang zijn.")
    for naam, t, n in zip(eenheden, teller, noemer):
        if n < 0 or t < 0 or (soort == AANDEEL and t > n):
            raise ValueError(f"Ongeldige teller/noemer voor {naam}: {t} van {n}.")
    if doel is not None and (doel < 0 or (soort == AANDEEL and doel > 1)):
        raise ValueError(f"Ongeldig doel: {doel}.")

    teller = [float(t) for t in teller]
    noemer = [float(n) for n in noemer]
    totaal = sum(noemer)
    doel_gegeven = doel is not None
    if doel is None:
        doel = sum(teller) / totaal if totaal > 0 else 0.0
    variantie = doel * (1.0 - doel) if soort == AANDEEL else doel

    # Over-dispersion: winsorised z-scores of the units with a size (and a variance at all)
    met_maat = [i for i, n in enumerate(noemer) if n > 0]
    phi = p_waarde = None
    tau2, toegepast = 0.0, None
    if len(met_maat) >= 2 and variantie > 0:
        s2 = {i: variantie / noemer[i] for i in met_maat}
        z = sorted((teller[i] / noemer[i] - doel) / math.sqrt(s2[i]) for i in met_maat)
        onder, boven = _kwantiel(z, WINSOR), _kwantiel(z, 1.0 - WINSOR)
        aantal = len(z)
        phi = sum(min(max(v, onder), boven) ** 2 for v in z) / aantal
        vrijheidsgraden = aantal if doel_gegeven else aantal - 1
        p_waarde = chi2_overschrijding(aantal * phi, vrijheidsgraden)
        if overdispersie is not None and p_waarde < OVERDISPERSIE_ALFA:
            toegepast = overdispersie
            if overdispersie == ADDITIEF:
                w = [1.0 / s2[i] for i in met_maat]
                noem = sum(w) - sum(v * v for v in w) / sum(w)
                tau2 = max(0.0, (aantal * phi - (aantal - 1)) / noem) if noem > 0 else 0.0

    uitkomst = Funnel(
        eenheden=pl.DataFrame(), soort=soort, methode=methode, doel=doel, doel_gegeven=doel_gegeven,
        schaal=schaal, richting=richting, phi=phi, tau2=tau2, overdispersie_p=p_waarde,
        overdispersie=toegepast)

    rijen = []
    for naam, t, n in zip(eenheden, teller, noemer):
        if n <= 0:
            rijen.append((naam, t, n, None, None, None, None, None, None, None, None))
            continue
        waarde = t / n
        s2 = variantie / n
        spreiding = math.sqrt(uitkomst.phi_toegepast * s2 + tau2)
        zi = (waarde - doel) / spreiding if spreiding > 0 else 0.0
        g = {(niveau, kant): uitkomst.grens(n, niveau, kant) for niveau in NIVEAUS for kant in (False, True)}
        getoond = waarde * schaal
        if getoond > g[998, True]:
            oordeel = BOVEN_998
        elif getoond > g[95, True]:
            oordeel = BOVEN_95
        elif getoond < g[998, False]:
            oordeel = ONDER_998
        elif getoond < g[95, False]:
            oordeel = ONDER_95
        else:
            oordeel = BINNEN
        rijen.append((naam, t, n, getoond, zi, g[95, False], g[95, True], g[998, False], g[998, True],
                      oordeel, OORDEEL_LABEL[oordeel, richting]))
    kolommen = {"eenheid": pl.Utf8, "teller": pl.Float64, "noemer": pl.Float64, "waarde": pl.Float64,
                "z": pl.Float64, "ondergrens_95": pl.Float64, "bovengrens_95": pl.Float64,
                "ondergrens_998": pl.Float64, "bovengrens_998": pl.Float64, "oordeel": pl.Utf8,
                "oordeel_label": pl.Utf8}
    frame = pl.DataFrame(rijen, schema=kolommen, orient="row")
    return replace(uitkomst, eenheden=frame)


# ------------------------------------------------------------------------------------ in words


def _getal(waarde: float, decimalen: int = 1) -> str:
    return f"{waarde:.{decimalen}f}".replace(".", ",")


def beschrijving(funnel: Funnel, onderwerp: str, eenheid_naam: str = "eenheden",
                 eenheid: str = "%") -> str:
    """The chart in words (the text alternative): the target, the limits used, and every unit
    outside them, the farthest first. Plain text, never markdown."""
    doel = f"{_getal(funnel.doel * funnel.schaal)}{eenheid}"
    herkomst = "de norm" if funnel.doel_gegeven else f"het gemiddelde van alle {eenheid_naam}"
    zinnen = [f"Funnelplot van {onderwerp}: {funnel.eenheden.height} {eenheid_naam} tegen hun omvang. "
              f"Doel {doel} ({herkomst}); grenzen 95% en 99,8% "
              f"({'exact' if funnel.methode_effectief == EXACT else 'normale benadering'})."]
    if funnel.overdispersie:
        zinnen.append("De grenzen zijn verbreed voor overdispersie, "
                      f"{OVERDISPERSIE_LABEL[funnel.overdispersie]}: de {eenheid_naam} verschillen "
                      "meer dan toeval alleen verklaart.")
    buiten = funnel.buiten(95)
    if buiten.is_empty():
        zinnen.append(f"Alle {eenheid_naam} liggen binnen de grenzen: de verschillen passen bij toeval.")
    else:
        delen = [f"{r['eenheid']} ({_getal(r['waarde'])}{eenheid} bij {int(r['noemer'])}: "
                 f"{r['oordeel_label'].lower()})" for r in buiten.iter_rows(named=True)]
        zinnen.append(f"Buiten de grenzen: {'; '.join(delen)}.")
        binnen = funnel.eenheden.filter(pl.col("oordeel") == BINNEN).height
        zinnen.append(f"Binnen de grenzen: {binnen} van de {funnel.eenheden.height}.")
    return " ".join(zinnen)
