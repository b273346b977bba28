"""Statistical process control for monthly KPI series.

A trend is only called a change when it is more than noise: a point outside
the process limits, or a run of RUN_LENGTE points on one side of the mean.
Proportions (K1-K3, K5, K6) use a p-chart: centre line p̄ = Σ events / Σ
cases, limits p̄ ± 3·√(p̄(1−p̄)/nᵢ) per month, clipped to [0, 100] %.
"""

from __future__ import annotations

import math

import polars as pl

SIGMA = 3.0
RUN_LENGTE = 8  # points in a row on one side of the centre line
SIGNAAL, GEWOON = "signaal", "gewone variatie"


def p_kaart(frame: pl.DataFrame, teller: str, noemer: str) -> pl.DataFrame:
    """Add percentage, gemiddelde, ondergrens, bovengrens (all in %) and signaal to a monthly frame."""
    n_total = frame[noemer].sum()
    if not frame.height or not n_total:
        return frame.with_columns(percentage=pl.lit(None, pl.Float64), gemiddelde=pl.lit(None, pl.Float64),
                                  ondergrens=pl.lit(None, pl.Float64), bovengrens=pl.lit(None, pl.Float64),
                                  signaal=pl.lit(GEWOON))
    p = frame[teller].sum() / n_total
    rows = []
    for count, n in zip(frame[teller].to_list(), frame[noemer].to_list()):
        spread = SIGMA * math.sqrt(p * (1 - p) / n) if n else None
        rows.append({
            "percentage": 100.0 * count / n if n else None,
            "gemiddelde": 100.0 * p,
            "ondergrens": None if spread is None else 100.0 * max(0.0, p - spread),
            "bovengrens": None if spread is None else 100.0 * min(1.0, p + spread),
        })
    result = pl.concat([frame.drop("percentage", strict=False), pl.DataFrame(rows)], how="horizontal")
    return result.with_columns(signaal=pl.Series(_signalen(result)))


def _signalen(frame: pl.DataFrame) -> list[str]:
    values = frame["percentage"].to_list()
    low, high, mean = frame["ondergrens"].to_list(), frame["bovengrens"].to_list(), frame["gemiddelde"].to_list()
    flags = [v is not None and lo is not None and (v < lo or v > hi)
             for v, lo, hi in zip(values, low, high)]
    sides = [None if v is None or v == m else (v > m) for v, m in zip(values, mean)]
    start = 0
    for i in range(1, len(sides) + 1):
        if i == len(sides) or sides[i] != sides[start] or sides[i] is None:
            if sides[start] is not None and i - start >= RUN_LENGTE:
                for j in range(start, i):
                    flags[j] = True
            start = i
    return [SIGNAAL if f else GEWOON for f in flags]


def heeft_signaal(frame: pl.DataFrame, laatste: int = 3) -> bool:
    """True when one of the last `laatste` months is a signal."""
    return SIGNAAL in frame.tail(laatste)["signaal"].to_list()
