"""Statistical process control for the monthly KPI series, after NHS England's "Making Data Count".

A trend is only called a change when it is more than noise. The method is the one NHS boards
read (Making Data Count, MDC; implemented for R by the NHS-R community as NHSRplotthedots), with
Laney's p′ chart where the denominators are large. docs/trends.md explains it in plain words.

- **Chart.** XmR (individual values, limits mean ± 2.66 × average moving range) for a continuous
  measure (caseload per fte) and for counts; a p-chart for a proportion (p̄ ± 3·√(p̄(1−p̄)/nᵢ));
  Laney's p′ chart (the p-chart limits times σz) when the proportion is over-dispersed:
  σz > LANEY_DREMPEL in the baseline. See `kies_kaart`.
- **Baseline.** Centre and limits come from the first BASIS_PUNTEN points of a segment and stay
  fixed after that. A new segment starts at a *herijking* (rebase): a known break (a registration
  migration) or a sustained shift that someone confirmed; `bevestig_na` confirms a shift
  automatically once it has lasted that many points. Points in `uitsluiten` (an abnormal period)
  are left out of the baseline; they are judged against the limits, but take no part in a run
  (shift, trend, two of three), which they interrupt. A segment with fewer points has
  *voorlopige* (trial) limits from all its points.
- **Rules** (MDC; the numbers NHSRplotthedots uses), within a segment: a point outside the limits; a trend
  of TREND_LENGTE points each higher (or each lower) than the one before; two out of three points
  beyond 2σ ("close to a limit") on the same side of the mean; a shift of RUN_LENGTE points on
  one side of the mean. Every point of a run is flagged; a point gets the first rule
  of that list that fires.
- **Icons.** The variation of the last point (gewone variatie; verbetering, zorg or — without a
  good direction — bijzondere variatie, each hoog or laag) and the assurance against the norm
  (haalt de norm / haalt de norm niet / wisselend), from where the norm lies relative to the
  current limits.

`analyseer` is the one entry point; `kpi_analyse` judges a KPI's series with the KPI's own
direction, norm and unit from the registry and the dashboard's settings (BEVESTIG_NA, and a note on
the KPIs whose months overlap).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import polars as pl

from kpi.core.registry import HOGER_BETER, KPI_BY_KEY, LAGER_BETER

NEUTRAAL = "neutraal"  # a measure without a good direction (HOGER_BETER / LAGER_BETER come from the registry)

# ------------------------------------------------------------------------------------ constants

SIGMA = 3.0  # limits at 3 sigma
XMR_FACTOR = 2.66  # 3 / d2 with d2 = 1.128: XmR limits are mean ± 2.66 × average moving range
D2 = 1.128  # unbiasing constant of a moving range of two (Laney's σz = average MR of z / 1.128)
MR_SCREEN = 3.267  # D4: a moving range above 3.267 × the average is left out (Nelson 1982)
BASIS_PUNTEN = 12  # baseline: the first 12 points of a segment (a year of months)
RUN_LENGTE = 7  # MDC "shift": 7 points in a row on one side of the mean
TREND_LENGTE = 7  # MDC "trend": 7 points in a row, each higher (or each lower) than the one before
LANEY_DREMPEL = 1.2  # p′ instead of p when the baseline's σz exceeds this (over-dispersion)
MIN_PUNTEN = 6  # fewer months: no verdict
BEVESTIG_NA = BASIS_PUNTEN  # a shift that has lasted a year is the new process: the limits follow it
# KPIs whose consecutive months share most of their cases (K5 counts contacts in the 364 days
# before each month end; K6 is a stock of long-running measures): a signal there is a slow drift of
# the level, never one month's event. docs/trends.md, "Months that overlap".
OVERLAPPENDE_MAANDEN = frozenset({"k5", "k6"})
OVERLAP_ZIN = ("De maanden overlappen grotendeels (dezelfde maatregelen tellen maand na maand mee): dit is "
               "een langzame verschuiving van het niveau, geen uitschieter van één maand.")

# Chart kinds
XMR, P, P_LANEY = "xmr", "p", "p′"
KAART_LABEL = {XMR: "XmR-kaart", P: "p-kaart", P_LANEY: "p′-kaart (Laney)"}

# Rules, in the order in which they name a point (the first that fires)
BUITEN, TREND, TWEE_VAN_DRIE, VERSCHUIVING = "buiten_grenzen", "trend", "twee_van_drie", "verschuiving"
REGEL_LABEL = {
    BUITEN: "punt buiten de procesgrenzen",
    TREND: f"{TREND_LENGTE} of meer maanden op rij stijgend of dalend",
    TWEE_VAN_DRIE: "2 van 3 maanden dicht bij een procesgrens, aan dezelfde kant",
    VERSCHUIVING: f"{RUN_LENGTE} of meer maanden op rij aan één kant van het gemiddelde",
}

# Variation (per point; the icon is the last point's)
GEWONE_VARIATIE = "gewone_variatie"
VERBETERING_HOOG, VERBETERING_LAAG = "verbetering_hoog", "verbetering_laag"
ZORG_HOOG, ZORG_LAAG = "zorg_hoog", "zorg_laag"
BIJZONDER_HOOG, BIJZONDER_LAAG = "bijzonder_hoog", "bijzonder_laag"
VARIATIE_LABEL = {
    GEWONE_VARIATIE: "Gewone variatie",
    VERBETERING_HOOG: "Verbetering (hoger)",
    VERBETERING_LAAG: "Verbetering (lager)",
    ZORG_HOOG: "Zorgelijk (hoger)",
    ZORG_LAAG: "Zorgelijk (lager)",
    BIJZONDER_HOOG: "Bijzondere variatie (hoger)",
    BIJZONDER_LAAG: "Bijzondere variatie (lager)",
}
VARIATIE_UITLEG = {
    GEWONE_VARIATIE: "Alleen gewone variatie: de cijfers schommelen zoals ze altijd doen; geen aanwijzing "
                     "voor een echte verandering.",
    VERBETERING_HOOG: "Bijzondere variatie in de goede richting: hoger dan gewone variatie kan verklaren.",
    VERBETERING_LAAG: "Bijzondere variatie in de goede richting: lager dan gewone variatie kan verklaren.",
    ZORG_HOOG: "Bijzondere variatie in de verkeerde richting: hoger dan gewone variatie kan verklaren.",
    ZORG_LAAG: "Bijzondere variatie in de verkeerde richting: lager dan gewone variatie kan verklaren.",
    BIJZONDER_HOOG: "Bijzondere variatie: hoger dan gewone variatie kan verklaren (hoger is hier niet "
                    "beter of slechter).",
    BIJZONDER_LAAG: "Bijzondere variatie: lager dan gewone variatie kan verklaren (lager is hier niet "
                    "beter of slechter).",
}

# Assurance against the norm
HAALT_NORM, HAALT_NORM_NIET, WISSELEND = "haalt_norm", "haalt_norm_niet", "wisselend"
ZEKERHEID_LABEL = {HAALT_NORM: "Haalt de norm", HAALT_NORM_NIET: "Haalt de norm niet", WISSELEND: "Wisselend"}
ZEKERHEID_UITLEG = {
    HAALT_NORM: "De norm ligt buiten de procesgrenzen, aan de goede kant: zolang het proces niet "
                "verandert, wordt de norm elke maand gehaald.",
    HAALT_NORM_NIET: "De norm ligt buiten de procesgrenzen, aan de verkeerde kant: zonder een andere "
                     "werkwijze wordt de norm niet gehaald.",
    WISSELEND: "De norm ligt tussen de procesgrenzen: door gewone variatie wordt hij de ene maand wel "
               "en de andere niet gehaald.",
}

# Per point (column `signaal`): SIGNAAL when any rule fires
SIGNAAL, GEWOON = "signaal", "gewone variatie"


# ------------------------------------------------------------------------------------ results


@dataclass(frozen=True)
class Analyse:
    """One series judged. `punten` has one row per input row (sorted by month), with the input
    columns and: waarde (percentage too for a proportion), kaart, segment, in_basis, voorlopig,
    gemiddelde, ondergrens, bovengrens, regel, kant ("hoog"/"laag"), variatie, signaal."""

    punten: pl.DataFrame
    kaart: str | None  # XMR, P or P_LANEY (of the current segment); None without data
    sigma_z: float | None  # Laney's σz of the current baseline (proportions only)
    variatie: str | None  # the icon: the last point's variation; None with too few points
    zekerheid: str | None  # HAALT_NORM / HAALT_NORM_NIET / WISSELEND; None without norm or direction
    zin: str  # one Dutch sentence for a board member
    gemiddelde: float | None = None  # current centre line
    ondergrens: float | None = None  # current limits (of the last point)
    bovengrens: float | None = None
    voorlopig: bool = False  # the current limits are trial limits (fewer than BASIS_PUNTEN points)
    sinds: dt.date | None = None  # first month of the current segment, when it is not the series' first
    herijkingen: tuple = ()  # the months where a new segment starts (given or confirmed)
    herijk_voorstel: dt.date | None = None  # start of an ongoing shift, not yet confirmed
    norm: float | None = None
    richting: str = NEUTRAAL
    eenheid: str = ""

    @property
    def kaart_label(self) -> str:
        return KAART_LABEL.get(self.kaart, "")

    @property
    def variatie_label(self) -> str:
        return VARIATIE_LABEL.get(self.variatie, "")

    @property
    def variatie_uitleg(self) -> str:
        return VARIATIE_UITLEG.get(self.variatie, "")

    @property
    def zekerheid_label(self) -> str:
        return ZEKERHEID_LABEL.get(self.zekerheid, "")

    @property
    def zekerheid_uitleg(self) -> str:
        return ZEKERHEID_UITLEG.get(self.zekerheid, "")


@dataclass(frozen=True)
class _Limieten:
    """A segment's centre and spread: the limits of point i are centre ± k·spread(i)."""

    kaart: str
    centrum: float
    spreiding: list[float]  # one sigma per point of the segment (same value for XmR)
    sigma_z: float | None
    voorlopig: bool


# ------------------------------------------------------------------------------------ entry point


def analyseer(frame: pl.DataFrame, *, waarde: str | None = None, teller: str | None = None,
              noemer: str | None = None, maand: str = "maand", richting: str = NEUTRAAL,
              norm: float | None = None, eenheid: str | None = None, onderwerp: str = "",
              kaart: str | None = None, basis_punten: int | None = BASIS_PUNTEN,
              herijkingen: Iterable[dt.date] = (), uitsluiten: Iterable = (),
              bevestig_na: int | None = None, screenen: bool = True) -> Analyse:
    """Judge one monthly series.

    Give `waarde` (a continuous measure or a count: XmR chart) or `teller` and `noemer` (a
    proportion: p or p′ chart, values in %). `richting` is HOGER_BETER, LAGER_BETER or NEUTRAAL;
    `norm` is in the unit of the values (100.0 for 100 %). `kaart` forces a chart kind.
    `basis_punten`: the baseline length (None: every point of a segment, as NHSRplotthedots
    without fix_after_n_points); `herijkingen`: months at which a new segment starts (known
    breaks, confirmed shifts); `uitsluiten`: months (dates, or (van, tot) pairs, inclusive) kept
    out of the baseline; `bevestig_na`: confirm a shift automatically once it has lasted this
    many points (None: never);
    `screenen`: leave moving ranges above 3.267 × their average out of the limits (Nelson 1982,
    the NHSRplotthedots default; False gives the MDC Excel tool's and Laney's original limits).
    """
    if (waarde is None) == (teller is None and noemer is None) or (teller is None) != (noemer is None):
        raise ValueError("Geef óf een waardekolom, óf een teller en een noemer.")
    if kaart not in (None, XMR, P, P_LANEY) or (kaart in (P, P_LANEY) and teller is None):
        raise ValueError(f"Onbekende of ongeschikte kaartsoort: {kaart!r}.")
    if richting not in (HOGER_BETER, LAGER_BETER, NEUTRAAL):
        raise ValueError(f"Onbekende richting: {richting!r}.")
    aandeel = teller is not None
    eenheid = ("%" if aandeel else "") if eenheid is None else eenheid
    rows = frame.sort(maand, maintain_order=True) if maand in frame.columns else frame
    dates = rows[maand].to_list() if maand in rows.columns else None

    if aandeel:
        counts, sizes = rows[teller].to_list(), rows[noemer].to_list()
        values = [None if x is None or not n else 100.0 * x / n for x, n in zip(counts, sizes)]
    else:
        counts, sizes = None, None
        values = [None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)
                  for v in rows[waarde].to_list()]
    usable = [i for i, v in enumerate(values) if v is not None]
    excluded = _uitgesloten(dates, uitsluiten)
    starts = {_index_vanaf(dates, d, len(values)) for d in herijkingen}

    while True:
        segments = _segmenten(usable, starts)
        per_point = _leeg(len(values))
        limits = [_limieten(seg, values, counts, sizes, excluded, kaart, basis_punten, screenen, aandeel)
                  for seg in segments]
        for seg_no, (seg, lim) in enumerate(zip(segments, limits)):
            _beoordeel_segment(seg_no, seg, lim, values, excluded, basis_punten, richting, per_point)
        nieuw = _bevestigde_verschuiving(segments, per_point, values, excluded, bevestig_na) if bevestig_na else None
        if nieuw is None or nieuw in starts:
            break
        starts.add(nieuw)

    punten = _punten(rows, values, per_point, aandeel)
    return _samenvatting(punten, segments, limits, dates, values, excluded, richting, norm, eenheid, onderwerp)


def kies_kaart(teller: Sequence[int], noemer: Sequence[int], screenen: bool = True) -> tuple[str, float | None]:
    """The chart for a proportion and Laney's σz of these points (the baseline): p′ when σz >
    LANEY_DREMPEL (more month-to-month variation than the binomial model allows), else p. σz is
    the average moving range of zᵢ = (pᵢ − p̄)/√(p̄(1−p̄)/nᵢ), divided by 1.128 (Laney 2002)."""
    sigma_z = _sigma_z(list(teller), list(noemer), screenen)
    return _soort(sigma_z), sigma_z


def _soort(sigma_z: float | None) -> str:
    return P_LANEY if sigma_z is not None and sigma_z > LANEY_DREMPEL else P


def zekerheid(ondergrens: float | None, bovengrens: float | None, norm: float | None,
              richting: str) -> str | None:
    """MDC assurance: where the norm lies relative to the process limits."""
    if norm is None or richting == NEUTRAAL or ondergrens is None or bovengrens is None:
        return None
    if norm > bovengrens:
        return HAALT_NORM_NIET if richting == HOGER_BETER else HAALT_NORM
    if norm < ondergrens:
        return HAALT_NORM if richting == HOGER_BETER else HAALT_NORM_NIET
    return WISSELEND


def variatie(kant: str | None, richting: str) -> str:
    """MDC point type: the variation code of a point flagged `kant` ("hoog"/"laag"/None)."""
    if kant is None:
        return GEWONE_VARIATIE
    if richting == NEUTRAAL:
        return BIJZONDER_HOOG if kant == "hoog" else BIJZONDER_LAAG
    goed = (kant == "hoog") == (richting == HOGER_BETER)
    if kant == "hoog":
        return VERBETERING_HOOG if goed else ZORG_HOOG
    return VERBETERING_LAAG if goed else ZORG_LAAG


# ------------------------------------------------------------------------------------ per KPI


def kpi_analyse(key: str, frame: pl.DataFrame, *, waarde: str | None = None, teller: str | None = None,
                noemer: str | None = None, onderwerp: str = "", overlappend: bool | None = None,
                met_norm: bool = True, **opties) -> Analyse:
    """`analyseer` for one KPI's monthly series: direction, norm and unit from the registry, the
    baseline fixed after BASIS_PUNTEN months, a shift confirmed (limits recalculated) once it has
    lasted BEVESTIG_NA months. Months without a denominator are left out (nothing to judge). On a
    series whose months overlap (`overlappend`; default: the KPI is in OVERLAPPENDE_MAANDEN) a
    signal's sentence says what it is. `met_norm=False` for a series that is not the KPI's headline
    figure (K4's share of workers above the norm): no norm, no assurance."""
    kpi = KPI_BY_KEY[key]
    rows = frame.filter(pl.col(noemer) > 0) if noemer else frame
    opties.setdefault("bevestig_na", BEVESTIG_NA)
    result = analyseer(rows.drop("percentage", strict=False) if teller else rows, waarde=waarde, teller=teller,
                       noemer=noemer, richting=kpi.richting, norm=kpi.norm if met_norm else None,
                       eenheid=None if teller else kpi.eenheid, onderwerp=onderwerp, **opties)
    overlappend = key in OVERLAPPENDE_MAANDEN if overlappend is None else overlappend
    if overlappend and result.variatie not in (None, GEWONE_VARIATIE):
        result = replace(result, zin=f"{result.zin} {OVERLAP_ZIN}")
    return result


# ------------------------------------------------------------------------------------ limits


def _segmenten(usable: list[int], starts: set[int]) -> list[list[int]]:
    segments: list[list[int]] = []
    for i in usable:
        if not segments or i in starts or any(segments[-1][-1] < s <= i for s in starts):
            segments.append([])
        segments[-1].append(i)
    return segments


def _basis(seg: list[int], excluded: set[int], basis_punten: int | None) -> list[int]:
    """The points that set a segment's limits: its first `basis_punten` points outside `excluded`
    (None: all of them)."""
    return [i for i in seg if i not in excluded][:basis_punten]


def _limieten(seg, values, counts, sizes, excluded, kaart, basis_punten, screenen, aandeel) -> _Limieten | None:
    basis = _basis(seg, excluded, basis_punten)
    if not basis:
        return None
    voorlopig = basis_punten is not None and len(basis) < basis_punten
    if not aandeel or kaart == XMR:
        centre = sum(values[i] for i in basis) / len(basis)
        mr = _gemiddelde_mr(_aangrenzend(seg, basis, lambda i: values[i]), screenen)
        return None if mr is None else _Limieten(XMR, centre, [mr * XMR_FACTOR / SIGMA] * len(seg), None, voorlopig)
    p_bar = sum(counts[i] for i in basis) / sum(sizes[i] for i in basis)
    sigma_z = _sigma_z_punten(seg, basis, counts, sizes, p_bar, screenen)
    soort = kaart or _soort(sigma_z)
    factor = sigma_z if soort == P_LANEY and sigma_z is not None else 1.0
    spread = [100.0 * factor * math.sqrt(p_bar * (1 - p_bar) / sizes[i]) for i in seg]
    return _Limieten(soort, 100.0 * p_bar, spread, sigma_z, voorlopig)


def _aangrenzend(seg: list[int], basis: list[int], value) -> list[float]:
    """Moving ranges between baseline points that follow each other in the segment."""
    in_basis = set(basis)
    return [abs(value(b) - value(a)) for a, b in zip(seg, seg[1:]) if a in in_basis and b in in_basis]


def _gemiddelde_mr(ranges: list[float], screenen: bool) -> float | None:
    if not ranges:
        return None
    mean = sum(ranges) / len(ranges)
    if screenen:
        kept = [r for r in ranges if r < MR_SCREEN * mean]
        mean = sum(kept) / len(kept) if kept else mean
    return mean


def _z(count: int, size: int, p_bar: float) -> float:
    return (count / size - p_bar) / math.sqrt(p_bar * (1 - p_bar) / size)


def _sigma_z_punten(seg, basis, counts, sizes, p_bar, screenen) -> float | None:
    if not 0 < p_bar < 1:
        return None
    mr = _gemiddelde_mr(_aangrenzend(seg, basis, lambda i: _z(counts[i], sizes[i], p_bar)), screenen)
    return None if mr is None else mr / D2


def _sigma_z(teller: list[int], noemer: list[int], screenen: bool) -> float | None:
    points = [i for i, n in enumerate(noemer) if n]
    if not points:
        return None
    p_bar = sum(teller[i] for i in points) / sum(noemer[i] for i in points)
    return _sigma_z_punten(points, points, teller, noemer, p_bar, screenen)


# ------------------------------------------------------------------------------------ rules


def _leeg(n: int) -> dict[str, list]:
    return {k: [None] * n for k in ("kaart", "segment", "in_basis", "voorlopig", "gemiddelde", "ondergrens",
                                    "bovengrens", "regel", "kant", "variatie")}


def _beoordeel_segment(seg_no, seg, lim: _Limieten | None, values, excluded, basis_punten, richting, out) -> None:
    basis = set(_basis(seg, excluded, basis_punten))
    for i in seg:
        out["segment"][i], out["in_basis"][i] = seg_no, i in basis
    if lim is None:
        return
    ys = [values[i] for i in seg]
    upper = [min(100.0, lim.centrum + SIGMA * s) if lim.kaart != XMR else lim.centrum + SIGMA * s
             for s in lim.spreiding]
    lower = [max(0.0, lim.centrum - SIGMA * s) if lim.kaart != XMR else lim.centrum - SIGMA * s
             for s in lim.spreiding]
    side = [_kant(lim.centrum, y) for y in ys]
    outside = [y > hi or y < lo for y, lo, hi in zip(ys, lower, upper)]
    beyond = [abs(y - lim.centrum) > 2 * s for y, s in zip(ys, lim.spreiding)]
    found = {BUITEN: [side[k] if outside[k] else 0 for k in range(len(seg))],
             TREND: [0] * len(seg), TWEE_VAN_DRIE: [0] * len(seg), VERSCHUIVING: [0] * len(seg)}
    for stretch in _stukken(seg, excluded):  # an excluded period is judged point by point only
        for rule, flags in ((TREND, _trend([ys[k] for k in stretch], TREND_LENGTE)),
                            (TWEE_VAN_DRIE, _twee_van_drie([beyond[k] for k in stretch], [side[k] for k in stretch])),
                            (VERSCHUIVING, _verschuiving([side[k] for k in stretch], RUN_LENGTE))):
            for k, flag in zip(stretch, flags):
                found[rule][k] = flag
    for k, i in enumerate(seg):
        rules = [r for r in (BUITEN, TREND, TWEE_VAN_DRIE, VERSCHUIVING) if found[r][k]]
        kant = None if not rules else ("hoog" if found[rules[0]][k] > 0 else "laag")
        out["kaart"][i], out["voorlopig"][i] = lim.kaart, lim.voorlopig
        out["gemiddelde"][i], out["ondergrens"][i], out["bovengrens"][i] = lim.centrum, lower[k], upper[k]
        out["regel"][i], out["kant"][i] = (rules[0] if rules else None), kant
        out["variatie"][i] = variatie(kant, richting)


def _stukken(seg: list[int], excluded: set[int]) -> list[list[int]]:
    """Positions in `seg` of the stretches between excluded points."""
    stretches: list[list[int]] = [[]]
    for k, i in enumerate(seg):
        if i in excluded:
            stretches.append([])
        else:
            stretches[-1].append(k)
    return [s for s in stretches if s]


def _verschuiving(side: list[int], length: int) -> list[int]:
    """+1/−1 for each point of a run of at least `length` points on one side of the mean."""
    flags = [0] * len(side)
    for start, run, kant in _lopen(side):
        if kant and run >= length:
            flags[start:start + run] = [kant] * run
    return flags


def _trend(ys: list[float], length: int) -> list[int]:
    """+1/−1 for each point of `length` or more points each higher (lower) than the one before;
    an equal neighbour ends a trend (as in NHSRplotthedots)."""
    steps = [_kant(a, b) for a, b in zip(ys, ys[1:])]
    flags = [0] * len(ys)
    for start, run, kant in _lopen(steps):
        if kant and run + 1 >= length:
            flags[start:start + run + 1] = [kant] * (run + 1)
    return flags


def _twee_van_drie(beyond: list[int], side: list[int]) -> list[int]:
    """+1/−1 for each point beyond 2σ (`beyond`) in three consecutive points of which at least two
    lie beyond 2σ on the same side of the mean (MDC: two out of three points close to a limit)."""
    flags = [0] * len(beyond)
    for k in range(len(beyond) - 2):
        window = range(k, k + 3)
        for kant in (1, -1):
            if sum(1 for j in window if beyond[j] and side[j] == kant) >= 2:
                for j in window:
                    if beyond[j] and side[j] == kant:
                        flags[j] = kant
    return flags


def _bevestigde_verschuiving(segments, per_point, values, excluded, bevestig_na: int) -> int | None:
    """The first point of a shift of at least `bevestig_na` points that does not open its segment."""
    for seg in segments:
        for start, length, kant in _zijlopen(seg, per_point["gemiddelde"], values, excluded):
            if kant and start > 0 and length >= bevestig_na:
                return seg[start]
    return None


def _zijlopen(seg, centres, values, excluded) -> list[tuple[int, int, int]]:
    """(position in seg, length, side) of each run of points on one side of the centre line,
    within the stretches between excluded points."""
    runs = []
    for stretch in _stukken(seg, excluded):
        sides = [_kant(centres[seg[k]], values[seg[k]]) for k in stretch]
        runs += [(stretch[start], length, kant) for start, length, kant in _lopen(sides)]
    return runs


def _kant(centre: float | None, y: float | None) -> int:
    if centre is None or y is None or y == centre:
        return 0
    return 1 if y > centre else -1


def _lopen(sides: list[int]) -> list[tuple[int, int, int]]:
    """(start, length, side) of each maximal run of equal sides."""
    runs, start = [], 0
    for k in range(1, len(sides) + 1):
        if k == len(sides) or sides[k] != sides[start]:
            runs.append((start, k - start, sides[start]))
            start = k
    return runs


# ------------------------------------------------------------------------------------ output


def _punten(rows: pl.DataFrame, values, out, aandeel: bool) -> pl.DataFrame:
    columns = {
        "waarde": pl.Series(values, dtype=pl.Float64),
        "kaart": pl.Series(out["kaart"], dtype=pl.String),
        "segment": pl.Series(out["segment"], dtype=pl.Int64),
        "in_basis": pl.Series(out["in_basis"], dtype=pl.Boolean),
        "voorlopig": pl.Series(out["voorlopig"], dtype=pl.Boolean),
        "gemiddelde": pl.Series(out["gemiddelde"], dtype=pl.Float64),
        "ondergrens": pl.Series(out["ondergrens"], dtype=pl.Float64),
        "bovengrens": pl.Series(out["bovengrens"], dtype=pl.Float64),
        "regel": pl.Series(out["regel"], dtype=pl.String),
        "kant": pl.Series(out["kant"], dtype=pl.String),
        "variatie": pl.Series(out["variatie"], dtype=pl.String),
        "signaal": pl.Series([SIGNAAL if r else GEWOON for r in out["regel"]], dtype=pl.String),
    }
    if aandeel:
        columns["percentage"] = columns["waarde"]
    return rows.drop([c for c in columns if c in rows.columns]).with_columns(**columns)


def _samenvatting(punten, segments, limits, dates, values, excluded, richting, norm, eenheid, onderwerp) -> Analyse:
    starts = tuple(dates[seg[0]] for seg in segments[1:]) if dates else ()
    common = {"punten": punten, "norm": norm, "richting": richting, "eenheid": eenheid, "herijkingen": starts}
    usable = [i for seg in segments for i in seg]
    if len(usable) < MIN_PUNTEN:
        zin = ("Geen gegevens om een trend te beoordelen." if not usable else
               f"Te weinig maanden om een trend te beoordelen ({len(usable)}; minstens {MIN_PUNTEN} nodig).")
        return Analyse(kaart=None, sigma_z=None, variatie=None, zekerheid=None, zin=zin, **common)
    seg, lim = segments[-1], limits[-1]
    last = seg[-1]
    row = punten.row(last, named=True)
    if lim is None:
        return Analyse(kaart=None, sigma_z=None, variatie=None, zekerheid=None,
                       zin="Te weinig maanden sinds de herijking om een trend te beoordelen.", **common)
    runs = _zijlopen(seg, punten["gemiddelde"].to_list(), values, excluded)
    run_start, run, kant = runs[-1] if runs else (0, 0, 0)
    lopend = run_start + run == len(seg)  # the run goes on to the last month
    voorstel = seg[run_start] if kant and lopend and run_start > 0 and run >= RUN_LENGTE else None
    assurance = zekerheid(row["ondergrens"], row["bovengrens"], norm, richting)
    analyse = Analyse(
        kaart=lim.kaart, sigma_z=lim.sigma_z, variatie=row["variatie"], zekerheid=assurance, zin="",
        gemiddelde=lim.centrum, ondergrens=row["ondergrens"], bovengrens=row["bovengrens"], voorlopig=lim.voorlopig,
        sinds=dates[seg[0]] if dates and len(segments) > 1 else None,
        herijk_voorstel=dates[voorstel] if dates and voorstel is not None else None,
        **common)
    last_stretch = [seg[k] for k in (_stukken(seg, excluded) or [[]])[-1]]
    return replace(analyse, zin=_zin(analyse, row["regel"], [values[i] for i in last_stretch], onderwerp))


def _zin(a: Analyse, rule: str | None, ys: list[float], onderwerp: str) -> str:
    """One Dutch sentence: the variation of the last month and what it means for the norm
    (`ys`: the values of the current segment since its last excluded month)."""
    of = f" in {onderwerp}" if onderwerp else ""
    centre = _getal(a.gemiddelde, a.eenheid)
    if a.variatie == GEWONE_VARIATIE:
        head = f"Gewone variatie{of} rond {centre}"
    else:
        soort = {"verbetering": "Verbetering", "zorg": "Let op", "bijzonder": "Bijzondere variatie"}
        head = f"{soort[a.variatie.split('_')[0]]}{of}: {_reden(rule, a, ys, centre)}"
    if a.voorlopig:
        head += " (voorlopige grenzen)"
    norm = None if a.norm is None else _getal(a.norm, a.eenheid, kort=True)
    if a.variatie == GEWONE_VARIATIE:
        tail = {
            HAALT_NORM: f"; de norm van {norm} wordt steeds gehaald",
            HAALT_NORM_NIET: f"; de norm van {norm} wordt met dit proces niet gehaald",
            WISSELEND: f"; de norm van {norm} wordt de ene maand wel en de andere niet gehaald",
        }.get(a.zekerheid, ": geen aanwijzing voor een echte verandering")
    else:  # the limits describe the process as it was before this change
        tail = {
            HAALT_NORM: f"; tot nu toe haalde dit proces de norm van {norm} steeds",
            HAALT_NORM_NIET: f"; tot nu toe haalde dit proces de norm van {norm} niet",
            WISSELEND: f"; tot nu toe haalde dit proces de norm van {norm} de ene maand wel en de andere niet",
        }.get(a.zekerheid, "")
    return f"{head}{tail}."


def _reden(rule: str, a: Analyse, ys: list[float], centre: str) -> str:
    """Why the last month is special (flagged by `rule`), in words."""
    hoog = a.variatie.endswith("hoog")
    if rule == BUITEN:
        return f"de laatste maand ligt {'boven de bovengrens' if hoog else 'onder de ondergrens'} " \
               f"van de gewone variatie rond {centre}"
    if rule == TREND:
        run = _lopen([_kant(a_, b) for a_, b in zip(ys, ys[1:])])[-1][1] + 1
        return f"{run} maanden op rij {'gestegen' if hoog else 'gedaald'} (gemiddelde {centre})"
    if rule == TWEE_VAN_DRIE:
        return f"2 van de laatste 3 maanden dicht bij de {'bovengrens' if hoog else 'ondergrens'} " \
               f"(gemiddelde {centre})"
    run = _lopen([_kant(a.gemiddelde, y) for y in ys])[-1][1]
    return f"al {run} maanden op rij {'boven' if hoog else 'onder'} het gemiddelde van {centre}"


def _getal(value: float, eenheid: str, kort: bool = False) -> str:
    """A figure in Dutch notation with its unit: 57% or 13,2 per fte (`kort`: 12 per fte)."""
    decimals = 0 if eenheid == "%" or (kort and float(value).is_integer()) else 1
    text = f"{value:.{decimals}f}".replace(".", ",")
    return f"{text}%" if eenheid == "%" else f"{text} {eenheid}".rstrip()


def _index_vanaf(dates, day: dt.date, n: int) -> int:
    """The first row at or after `day` (n when there is none)."""
    if dates is None:
        raise ValueError("Een herijking of uitsluiting vraagt een maandkolom.")
    return next((i for i, d in enumerate(dates) if d is not None and d >= day), n)


def _uitgesloten(dates, uitsluiten: Iterable) -> set[int]:
    """Rows within the months or (van, tot) periods (inclusive) of `uitsluiten`."""
    periods = [(u, u) if isinstance(u, dt.date) else tuple(u) for u in uitsluiten]
    if not periods:
        return set()
    if dates is None:
        raise ValueError("Een herijking of uitsluiting vraagt een maandkolom.")
    return {i for i, d in enumerate(dates) if d is not None and any(van <= d <= tot for van, tot in periods)}
