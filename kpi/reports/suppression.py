"""Statistical disclosure control (afscherming) for reports that leave the GI.

kpi-definities.md, "Quarterly snapshot for a municipality": a count from 1 to
4 is shown as "<5", and a percentage whose denominator is below 10 is not
shown. A reader who has the published figures and the definitions must not be
able to work anything more out. This module does what statistics offices do
(CBS's τ-ARGUS, the sdcTable package): describe every published figure as a
cell, with every linear relation a reader knows between the cells, then

1. primary suppression: every published count 1..ONDERDRUK_MAX is "<5";
2. audit by linear programming (HiGHS, through its Python package highspy):
   for every hidden count its lowest and highest value over everything the
   reader knows (the relations, the shown counts, "<5" = 1..4, "×" = 0 or
   more, every count >= 0, every shown percentage as the two inequalities its
   rounding implies); for every hidden percentage its lowest and highest
   value (a linear-fractional programme, Charnes-Cooper);
3. secondary suppression: while a requirement fails, an LP finds one or two
   "witness" tables that satisfy every relation and would make it hold, and
   that move the shown cells as little as possible, weighted by what hiding
   each costs (a cell; more for a total or a count behind a shown percentage;
   its value). The cells it moves are hidden as "×" (a "<5" it moves is shown
   as "×" instead) and the audit runs again. Hiding more only widens what a
   reader can deduce, so a requirement once met stays met. Then every "×" that
   is not needed is shown again (the most informative first), and a hidden
   total is traded for cheaper cells when they do, each under a full audit;
4. the final audit (`controleer`) is what the batch records and checks; it
   does not depend on how the hidden cells were chosen.

Each block of a table (a connected part: cells linked by relations) is handled
on its own, and the outcome per block is cached on its values: small
municipalities share many.

The requirements (the protection rule):
- a "<5" cell keeps a lowest value of at most 1 and a highest of at least
  ONDERDRUK_MAX: the reader knows no more than the marker says;
- a "×" cell keeps an interval at least AANVULLEND_BREEDTE wide
  (highest - lowest >= 5);
- a hidden percentage cannot be worked out: its lowest and highest value
  differ (a percentage over no case at all is not a figure and not checked).

The relations are data (`Tabel`: `Groep` total = sum of parts, `Deel` part <=
sum of wholes), declared by the report (kpi/reports/snapshot.py). `controleer_relaties`
checks every declared relation against the true figures and raises when one
does not hold: that is a bug in the figures or in the declaration. A `Deel`
with `aanname=True` is what a reader would assume from the texts but is not
guaranteed by the definitions; it is used in the audit when it holds (a
reader who assumes it then reasons correctly) and left out when it does not.

Cells may be in a relation without being published (e.g. "te laat" when the
report shows "niet tijdig"): the reader knows nothing about them but the
relations and that they are >= 0.

LP bounds are integer bounds here: the relation matrix is totally unimodular
(tests/test_sdc.py checks it), so the corners of the reader's polytope are
integer tables; the audit rounds inward to integers all the same.
"""

from __future__ import annotations

import functools
import math
import os
import sys
import threading
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from kpi.core import norms

KLEIN = "<5"  # a count from 1 to ONDERDRUK_MAX
AANVULLEND = "×"  # hidden so that nothing can be worked out from the other figures (may be 0)
NIET_GETOOND = "–"  # percentage or median with a too small (or hidden) base

# Why a cell is not shown.
REDEN_KLEIN = "klein"
REDEN_AANVULLEND = "aanvullend"
REDEN_NOEMER = "noemer"

AANTAL = "aantal"
PERCENTAGE = "percentage"
MEDIAAN = "mediaan"

# A shown percentage has one decimal: the true value lies within half a unit of it.
PERCENTAGE_DECIMALEN = 1
_AFRONDING = 0.5 * 10 ** -PERCENTAGE_DECIMALEN
_EPS = 1e-6

Getal = int | float | None


@dataclass(frozen=True)
class Groep:
    """A total and the parts that add up to it: totaal = sum(delen)."""

    naam: str
    totaal: str
    delen: tuple[str, ...]

    @property
    def cellen(self) -> tuple[str, ...]:
        return (self.totaal, *self.delen)

    def rij(self) -> dict[str, float]:
        return {self.totaal: 1.0} | {d: -1.0 for d in self.delen}

    def klopt(self, waarden: Mapping[str, int]) -> bool:
        return waarden[self.totaal] == sum(waarden[d] for d in self.delen)


@dataclass(frozen=True)
class Deel:
    """A sub-population: deel <= sum(geheel).

    `aanname`: not guaranteed by the definitions, but what a reader would assume from the texts.
    """

    naam: str
    deel: str
    geheel: tuple[str, ...]
    aanname: bool = False

    @property
    def cellen(self) -> tuple[str, ...]:
        return (self.deel, *self.geheel)

    def rij(self) -> dict[str, float]:
        rij = {g: -1.0 for g in self.geheel}
        rij[self.deel] = rij.get(self.deel, 0.0) + 1.0
        return rij

    def klopt(self, waarden: Mapping[str, int]) -> bool:
        return waarden[self.deel] <= sum(waarden[g] for g in self.geheel)


@dataclass(frozen=True)
class Afgeleid:
    """A percentage (100 * teller / noemer) or a median over `noemer` cases."""

    key: str
    soort: str  # PERCENTAGE or MEDIAAN
    noemer: str
    teller: str | None = None


@dataclass(frozen=True)
class Tabel:
    """What one report publishes, and the relations a reader knows between its counts."""

    aantallen: tuple[str, ...]  # the published counts
    afgeleid: tuple[Afgeleid, ...]  # the published percentages and medians
    groepen: tuple[Groep, ...]
    delen: tuple[Deel, ...] = ()
    hoofdcijfers: tuple[str, ...] = ()  # counts to keep shown where possible

    @property
    def cellen(self) -> tuple[str, ...]:
        """Every count of the table: the published ones and those only in a relation."""
        alle = list(self.aantallen)
        for relatie in (*self.groepen, *self.delen):
            alle += relatie.cellen
        return tuple(dict.fromkeys(alle))

    @property
    def getoond(self) -> tuple[str, ...]:
        """Every published key, counts first: what every rendering of the report shows."""
        return (*self.aantallen, *(a.key for a in self.afgeleid))


@dataclass(frozen=True)
class Weergave:
    """How a figure is shown: `waarde` is None when it is hidden."""

    waarde: Getal
    tekst: str
    reden: str | None = None

    @property
    def verborgen(self) -> bool:
        return self.reden is not None


@dataclass(frozen=True)
class Interval:
    """What a reader can work out about one hidden figure, and whether that is allowed."""

    key: str
    teken: str  # KLEIN, AANVULLEND or NIET_GETOOND (a percentage)
    laagste: float
    hoogste: float  # math.inf: no upper bound
    veilig: bool

    def as_dict(self) -> dict:
        """JSON-ready; a count's bounds as whole numbers, no upper bound as null."""
        def getal(x: float) -> float | int | None:
            return None if math.isinf(x) else (x if self.teken == NIET_GETOOND else int(x))

        return {"cel": self.key, "teken": self.teken, "laagste": getal(self.laagste),
                "hoogste": getal(self.hoogste), "veilig": self.veilig}


@dataclass(frozen=True)
class Controle:
    """The audit of one report: per hidden count and per hidden percentage what a reader can deduce."""

    intervallen: tuple[Interval, ...]

    @property
    def veilig(self) -> bool:
        return all(i.veilig for i in self.intervallen)

    @property
    def onveilig(self) -> tuple[Interval, ...]:
        return tuple(i for i in self.intervallen if not i.veilig)

    def as_list(self) -> list[dict]:
        return [i.as_dict() for i in self.intervallen]


class RelatieFout(ValueError):
    """A declared relation does not hold for the true figures: a bug, never a data problem to hide."""


# --------------------------------------------------------------------------- the rule


def is_klein(waarde: int) -> bool:
    return 1 <= waarde <= norms.ONDERDRUK_MAX


def controleer_relaties(waarden: Mapping[str, int], tabel: Tabel) -> tuple[Deel, ...]:
    """Raise RelatieFout when a relation that holds by definition does not hold for `waarden`;
    return the reader's assumptions (`Deel.aanname`) that do hold."""
    for cel in tabel.cellen:
        waarde = waarden[cel]
        if not isinstance(waarde, (int, np.integer)) or isinstance(waarde, bool) or waarde < 0:
            raise RelatieFout(f"{cel} = {waarde!r} is geen aantal")
    for groep in tabel.groepen:
        if not groep.klopt(waarden):
            raise RelatieFout(f"{groep.naam}: de delen tellen op tot {sum(waarden[d] for d in groep.delen)}, "
                              f"het totaal {groep.totaal} is {waarden[groep.totaal]}")
    for deel in tabel.delen:
        if not deel.aanname and not deel.klopt(waarden):
            raise RelatieFout(f"{deel.naam}: {deel.deel} = {waarden[deel.deel]} is groter dan "
                              f"{' + '.join(deel.geheel)} = {sum(waarden[g] for g in deel.geheel)}")
    return tuple(d for d in tabel.delen if not d.aanname or d.klopt(waarden))


def percentage_getoond(a: Afgeleid, waarden: Mapping[str, Getal], status: Mapping[str, str]) -> bool:
    """A percentage or median is shown when it exists, its base is at least MIN_NOEMER_PERCENTAGE
    and neither its denominator nor its numerator is hidden."""
    return (waarden[a.key] is not None and waarden[a.noemer] >= norms.MIN_NOEMER_PERCENTAGE
            and a.noemer not in status and (a.teller is None or a.teller not in status))


def _rest(termen: list[float], k: int) -> float:
    """The sum of all terms but the k-th (which may be the only infinite one)."""
    return math.fsum(t for i, t in enumerate(termen) if i != k)


def _veilig(teken: str, laagste: float, hoogste: float) -> bool:
    if teken == KLEIN:
        return laagste <= 1 and hoogste >= norms.ONDERDRUK_MAX
    return hoogste - laagste >= norms.AANVULLEND_BREEDTE


@dataclass(frozen=True)
class _Blok:
    """A block: one connected part of a table, cells linked by relations (audited on its own)."""

    cellen: tuple[str, ...]
    rijen: tuple[tuple[tuple[str, float], ...], ...]  # relation rows: sum(coef * cel) (=|<=) 0
    gelijk: tuple[bool, ...]  # per row: "= 0" (a group) or "<= 0" (a sub-population)
    gepubliceerd: tuple[str, ...]
    afgeleid: tuple[Afgeleid, ...]  # the percentages and medians over a count of this block
    hoofdcijfers: tuple[str, ...] = ()  # the table's headline counts in this block

    @property
    def percentages(self) -> tuple[Afgeleid, ...]:
        return tuple(a for a in self.afgeleid if a.soort == PERCENTAGE)


def _blokken(tabel: Tabel, aannames: Sequence[Deel]) -> list[_Blok]:
    """The blocks of the table (cells joined by a relation or a percentage)."""
    ouder: dict[str, str] = {c: c for c in tabel.cellen}

    def wortel(c: str) -> str:
        while ouder[c] != c:
            ouder[c] = ouder[ouder[c]]
            c = ouder[c]
        return c

    relaties = [*tabel.groepen, *aannames]
    percentages = [a for a in tabel.afgeleid if a.soort == PERCENTAGE]
    for cellen in [r.cellen for r in relaties] + [(a.teller, a.noemer) for a in percentages]:
        for c in cellen[1:]:
            ouder[wortel(c)] = wortel(cellen[0])
    groepen: dict[str, list[str]] = {}
    for c in tabel.cellen:
        groepen.setdefault(wortel(c), []).append(c)
    result = []
    for cellen in groepen.values():
        binnen = set(cellen)
        eigen = [r for r in relaties if r.cellen[0] in binnen]
        result.append(_Blok(
            tuple(cellen), tuple(tuple(r.rij().items()) for r in eigen), tuple(isinstance(r, Groep) for r in eigen),
            tuple(c for c in tabel.aantallen if c in binnen),
            tuple(a for a in tabel.afgeleid if a.noemer in binnen),
            tuple(c for c in tabel.hoofdcijfers if c in binnen)))
    return result


# --------------------------------------------------------------------------- linear programming

_BANNER = threading.Lock()
_banner_weg = False


def _highs():
    """A new HiGHS solver that prints nothing. The first one in a process prints a banner on stdout
    before any option can be set, so that one is made while stdout points to /dev/null."""
    global _banner_weg
    import highspy

    with _BANNER:
        if _banner_weg:
            solver = highspy.Highs()
        else:
            sys.stdout.flush()
            try:
                kopie = os.dup(1)
            except OSError:  # no stdout at all
                kopie = None
            try:
                if kopie is not None:
                    with open(os.devnull, "w") as leeg:
                        os.dup2(leeg.fileno(), 1)
                solver = highspy.Highs()
            finally:
                if kopie is not None:
                    os.dup2(kopie, 1)
                    os.close(kopie)
            _banner_weg = True
    solver.setOptionValue("output_flag", False)
    return solver


class _Programma:
    """One linear (or mixed-integer) programme, solved for one objective after another with HiGHS:
    rij_laag <= A x <= rij_hoog, laag <= x <= hoog; `geheel` marks the integer variables."""

    def __init__(self, A: np.ndarray, rij_laag: Sequence[float], rij_hoog: Sequence[float],
                 laag: np.ndarray, hoog: np.ndarray, geheel: Sequence[bool] | None = None):
        import highspy

        self._highspy = highspy
        self.n = A.shape[1]
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = self.n, A.shape[0]
        lp.col_cost_ = np.zeros(self.n)
        lp.col_lower_, lp.col_upper_ = np.asarray(laag, dtype=float), np.asarray(hoog, dtype=float)
        lp.row_lower_, lp.row_upper_ = np.asarray(rij_laag, dtype=float), np.asarray(rij_hoog, dtype=float)
        kolommen, rijen = np.nonzero(A.T)  # column-wise, rows ascending within a column
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.searchsorted(kolommen, np.arange(self.n + 1)).astype(np.int32)
        lp.a_matrix_.index_ = rijen.astype(np.int32)
        lp.a_matrix_.value_ = A.T[kolommen, rijen].astype(float)
        if geheel is not None:
            soort = highspy.HighsVarType
            lp.integrality_ = [soort.kInteger if g else soort.kContinuous for g in geheel]
        self.solver = _highs()
        self.solver.passModel(lp)
        self._alle = np.arange(self.n, dtype=np.int32)

    def grenzen(self, laag: np.ndarray, hoog: np.ndarray, rij_laag: np.ndarray, rij_hoog: np.ndarray) -> None:
        """New bounds on the variables and the rows (the next solve starts from the last basis)."""
        self.solver.changeColsBounds(self.n, self._alle, np.asarray(laag, dtype=float),
                                     np.asarray(hoog, dtype=float))
        m = len(rij_laag)
        self.solver.changeRowsBounds(m, np.arange(m, dtype=np.int32), np.asarray(rij_laag, dtype=float),
                                     np.asarray(rij_hoog, dtype=float))

    def minimum(self, c: np.ndarray) -> tuple[str, float, np.ndarray | None]:
        """min c·x: ('optimaal', value, x), ('onbegrensd', -inf, ray or None) or ('onmogelijk', nan, None)."""
        status = self._highspy.HighsModelStatus
        self.solver.changeColsCost(self.n, self._alle, np.asarray(c, dtype=float))
        self.solver.run()
        uitkomst = self.solver.getModelStatus()
        if uitkomst not in (status.kOptimal, status.kUnbounded, status.kInfeasible):
            # A warm start after an unbounded run can end "Unknown", and presolve may not tell unbounded
            # from infeasible: solve again from scratch, without presolve.
            self.solver.clearSolver()
            self.solver.setOptionValue("presolve", "off")
            self.solver.run()
            self.solver.setOptionValue("presolve", "choose")
            uitkomst = self.solver.getModelStatus()
        if uitkomst == status.kOptimal:
            return "optimaal", self.solver.getInfo().objective_function_value, np.array(
                self.solver.getSolution().col_value)
        if uitkomst == status.kUnbounded:
            _, heeft, straal = self.solver.getPrimalRay()
            return "onbegrensd", -math.inf, (np.array(straal) if heeft else None)
        if uitkomst == status.kInfeasible:
            return "onmogelijk", math.nan, None
        raise RuntimeError(f"LP-oplosser: {self.solver.modelStatusToString(uitkomst)}")


class _Lezer:
    """What a reader knows about the cells of one block: the relations, the shown counts, the markers of
    the hidden ones and the shown percentages, for one suppression status at a time (`zet`).

    Every table the solver finds on the way (and the true one) is kept while it stays possible: a
    bound that one of them reaches needs no programme of its own."""

    def __init__(self, blok: _Blok, waarden: Mapping[str, Getal]):
        self.blok, self.waarden = blok, waarden
        self.index = {c: i for i, c in enumerate(blok.cellen)}
        rijen = [(dict(r), 0.0 if g else -math.inf) for r, g in zip(blok.rijen, blok.gelijk)]
        self.basis = len(rijen)
        # A shown percentage p (one decimal): p - 0.05 <= 100 * teller / noemer <= p + 0.05. Two rows
        # per percentage, switched off (no bounds) while the percentage is not shown.
        for a in blok.percentages:
            p = float(f"{waarden[a.key]:.{PERCENTAGE_DECIMALEN}f}") if waarden[a.key] is not None else 0.0
            rijen.append(({a.teller: 100.0, a.noemer: -(p + _AFRONDING)}, -math.inf))
            rijen.append(({a.teller: -100.0, a.noemer: p - _AFRONDING}, -math.inf))
        self.A = np.zeros((len(rijen), len(blok.cellen)))
        for r, (coef, _) in enumerate(rijen):
            for cel, waarde in coef.items():
                self.A[r, self.index[cel]] += waarde
        self.rij_laag = np.array([r[1] for r in rijen])
        self.rij_hoog = np.zeros(len(rijen))
        self._rijen_alle = [([(j, float(c)) for j, c in enumerate(r) if c], lo) for r, (_, lo) in zip(self.A, rijen)]
        self._los_van_alles = ~self.A[:self.basis].any(axis=0)  # in no relation: its own bounds say it all
        self.tafels = [np.array([float(waarden[c]) for c in blok.cellen])]  # the truth is one
        self.stralen: list[np.ndarray] = []  # directions in which the reader's tables go on for ever
        self.status: dict[str, str] | None = None
        self._programma: _Programma | None = None

    def zet(self, status: Mapping[str, str]) -> "_Lezer":
        """The reader's knowledge for `status` (hidden published counts: KLEIN or AANVULLEND)."""
        status = {c: status[c] for c in self.blok.gepubliceerd if c in status}
        if status == self.status:
            return self
        self.status = status
        n = len(self.blok.cellen)
        self.laag, self.hoog = np.zeros(n), np.full(n, math.inf)
        for i, cel in enumerate(self.blok.cellen):
            teken = status.get(cel)
            if cel not in self.blok.gepubliceerd or teken == AANVULLEND:
                continue
            if teken == KLEIN:
                self.laag[i], self.hoog[i] = 1, norms.ONDERDRUK_MAX
            else:
                self.laag[i] = self.hoog[i] = self.waarden[cel]
        for j, a in enumerate(self.blok.percentages):
            aan = percentage_getoond(a, self.waarden, status)
            for r in (self.basis + 2 * j, self.basis + 2 * j + 1):
                self.rij_laag[r], self.rij_hoog[r] = -math.inf, (0.0 if aan else math.inf)
        self.tafels = self._mogelijk(self.tafels)
        self.stralen = [r for r in self.stralen if self._richting(r)]
        self._grenzen: dict[str, list[float | None]] = {}
        self._buiten: tuple[list[float], list[float]] | None = None
        self._rijen = [(termen, lo, hi) for (termen, lo), hi in zip(self._rijen_alle, self.rij_hoog.tolist())
                       if math.isfinite(hi) or math.isfinite(lo)]
        if self._programma is not None:
            self._programma.grenzen(self.laag, self.hoog, self.rij_laag, self.rij_hoog)
        return self

    def _mogelijk(self, tafels: Sequence[np.ndarray]) -> list[np.ndarray]:
        """The tables a reader with this status cannot rule out."""
        if not tafels:
            return []
        T = np.array(tafels)
        marge = 1e-6 * (1 + np.abs(self.A).sum(axis=1))
        R = T @ self.A.T
        ok = (np.all(T >= self.laag - 1e-6, axis=1) & np.all(T <= self.hoog + 1e-6, axis=1)
              & np.all(R >= self.rij_laag - marge, axis=1) & np.all(R <= self.rij_hoog + marge, axis=1))
        return [t for t, goed in zip(tafels, ok) if goed]

    def _richting(self, straal: np.ndarray) -> bool:
        """Whether every table plus any multiple of `straal` stays possible (a ray of the reader's
        polytope): checked here, whatever the solver said."""
        grootste = np.abs(straal).max(initial=0.0)
        if grootste <= _EPS:
            return False
        d = straal / grootste
        Ad = self.A @ d
        return bool(np.all(d >= -_EPS) and np.all(d[np.isfinite(self.hoog)] <= _EPS)
                    and np.all(Ad[np.isfinite(self.rij_hoog)] <= 1e-6)
                    and np.all(Ad[np.isfinite(self.rij_laag)] >= -1e-6))

    def _optimum(self, c: np.ndarray) -> float:
        """min c·x over the reader's tables; keeps the table (or the ray) the solver finds."""
        if self._programma is None:
            self._programma = _Programma(self.A, self.rij_laag, self.rij_hoog, self.laag, self.hoog)
        soort, waarde, x = self._programma.minimum(c)
        if soort == "onmogelijk":
            raise RelatieFout(f"De gepubliceerde cijfers zijn onderling tegenstrijdig ({self.blok.gepubliceerd})")
        if soort == "optimaal":
            self.tafels.append(x)
        elif x is not None and self._richting(x):
            self.stralen.append(x)
        return waarde

    def buiten(self) -> tuple[list[float], list[float]]:
        """Bounds that every reader's table keeps (bound propagation over the rows): wider than or equal
        to the true ones, so a requirement these already break is broken. No programme needed."""
        if self._buiten is None:
            laag, hoog = self.laag.tolist(), self.hoog.tolist()
            for _ in range(4 * len(laag)):
                veranderd = False
                for termen, lo, hi in self._rijen:
                    mins = [c * (laag[j] if c > 0 else hoog[j]) for j, c in termen]
                    maxs = [c * (hoog[j] if c > 0 else laag[j]) for j, c in termen]
                    som_min, som_max = sum(mins), sum(maxs)
                    for k, (j, c) in enumerate(termen):
                        # c * x_j lies in [lo - (max of the rest), hi - (min of the rest)]
                        rest_max = som_max - maxs[k] if math.isfinite(som_max) else _rest(maxs, k)
                        rest_min = som_min - mins[k] if math.isfinite(som_min) else _rest(mins, k)
                        onder, boven = lo - rest_max, hi - rest_min
                        if c < 0:
                            onder, boven = boven, onder
                        onder, boven = onder / c, boven / c
                        if onder == onder and onder > laag[j] + 1e-9:  # (nan: inf - inf, no bound)
                            laag[j], veranderd = onder, True
                        if boven == boven and boven < hoog[j] - 1e-9:
                            hoog[j], veranderd = boven, True
                if not veranderd:
                    break
            self._buiten = ([math.ceil(x - 1e-6) for x in laag],
                            [math.floor(x + 1e-6) if math.isfinite(x) else x for x in hoog])
        return self._buiten

    def zeker_te_smal(self, eis: tuple[str, str, str]) -> bool:
        """Whether the propagated bounds alone already break `eis` (a count; percentages: never)."""
        soort, key, teken = eis
        if soort != AANTAL:
            return False
        laag, hoog = self.buiten()
        i = self.index[key]
        return not _veilig(teken, laag[i], hoog[i])

    def _bekend(self, i: int, kant: int) -> float | None:
        """A bound of cell i that the kept tables and rays already prove (None: not yet)."""
        if self._los_van_alles[i]:
            return float(self.laag[i] if kant == 0 else self.hoog[i])
        if kant == 0:
            return float(self.laag[i]) if min(t[i] for t in self.tafels) <= self.laag[i] + _EPS else None
        if math.isfinite(self.hoog[i]):
            return float(self.hoog[i]) if max(t[i] for t in self.tafels) >= self.hoog[i] - _EPS else None
        return math.inf if any(r[i] > _EPS for r in self.stralen) else None

    def grens(self, cel: str, kant: int) -> float:
        """The lowest (kant 0) or highest (kant 1) value of `cel` a reader can deduce, as an integer."""
        grenzen = self._grenzen.setdefault(cel, [None, None])
        if grenzen[kant] is None:
            i = self.index[cel]
            grens = self._bekend(i, kant)
            if grens is None:
                c = np.zeros(len(self.blok.cellen))
                c[i] = 1.0 if kant == 0 else -1.0
                waarde = self._optimum(c)
                grens = (float(math.ceil(waarde - _EPS)) if kant == 0 else
                         math.inf if math.isinf(waarde) else float(math.floor(-waarde + _EPS)))
            grenzen[kant] = grens
        return grenzen[kant]

    def grenzen(self, cel: str) -> tuple[float, float]:
        return self.grens(cel, 0), self.grens(cel, 1)

    def verhouding(self, a: Afgeleid) -> tuple[float, float]:
        """The lowest and highest value (in %) of teller / noemer over the reader's tables with noemer >= 1.

        Charnes-Cooper: with y = x / noemer and s = 1 / noemer the ratio is linear: optimise y_teller
        subject to A y (=|<=) 0, laag * s <= y <= hoog * s, y_noemer = 1, 0 <= s <= 1."""
        n = len(self.blok.cellen)
        rijen = [np.hstack([self.A, np.zeros((self.A.shape[0], 1))])]
        laag, hoog = list(self.rij_laag), list(self.rij_hoog)
        for i in range(n):
            rij = np.zeros(n + 1)
            rij[i], rij[n] = 1.0, -self.laag[i]
            rijen.append(rij[None, :])
            laag.append(0.0)
            hoog.append(math.inf)
            if not math.isinf(self.hoog[i]):
                rij = np.zeros(n + 1)
                rij[i], rij[n] = 1.0, -self.hoog[i]
                rijen.append(rij[None, :])
                laag.append(-math.inf)
                hoog.append(0.0)
        onder, boven = np.zeros(n + 1), np.full(n + 1, math.inf)
        onder[self.index[a.noemer]] = boven[self.index[a.noemer]] = 1.0
        boven[n] = 1.0
        programma = _Programma(np.vstack(rijen), laag, hoog, onder, boven)
        c = np.zeros(n + 1)
        c[self.index[a.teller]] = 1.0
        uitkomst = []
        for teken in (1.0, -1.0):
            soort, waarde, y = programma.minimum(teken * c)
            if soort == "onbegrensd" and teken < 0:  # the numerator is not bounded by the denominator
                uitkomst.append(math.inf)
                continue
            if soort != "optimaal":
                raise RelatieFout(f"Verhouding {a.key}: {soort}")
            if y[n] > _EPS:
                self.tafels.append(y[:n] / y[n])  # a table of the reader's with this ratio
            uitkomst.append(100.0 * teken * waarde)
        return uitkomst[0], uitkomst[1]

    def eisen(self) -> list[tuple[str, str, str]]:
        """What must be protected: every hidden published count (with its marker) and every hidden
        percentage over at least one case."""
        eisen = [(AANTAL, c, self.status[c]) for c in self.blok.gepubliceerd if c in self.status]
        eisen += [(PERCENTAGE, a.key, NIET_GETOOND) for a in self.blok.percentages
                  if not percentage_getoond(a, self.waarden, self.status) and self.waarden[a.noemer] > 0]
        return eisen

    def gehaald(self, eis: tuple[str, str, str]) -> bool:
        """Whether `eis` is met; solves only what the tables found so far (or the propagated bounds)
        leave open."""
        soort, key, teken = eis
        if self.zeker_te_smal(eis):
            return False
        if soort == PERCENTAGE:
            a = next(p for p in self.blok.percentages if p.key == key)
            t, n = self.index[a.teller], self.index[a.noemer]
            t0, n0 = self.waarden[a.teller], self.waarden[a.noemer]

            def getuige() -> bool:  # a table the reader cannot rule out, with another ratio than the truth
                return any(x[n] >= 1 - _EPS and abs(x[t] * n0 - t0 * x[n]) > _EPS for x in self.tafels)

            return getuige() or self.interval(eis).veilig
        i = self.index[key]
        if teken == KLEIN:
            return self.grens(key, 0) <= 1 and self.grens(key, 1) >= norms.ONDERDRUK_MAX

        def breed() -> bool:
            return (max(x[i] for x in self.tafels) - min(x[i] for x in self.tafels) >= norms.AANVULLEND_BREEDTE - _EPS
                    or self._bekend(i, 1) == math.inf)

        return breed() or self.interval(eis).veilig

    def intervallen(self) -> list[Interval]:
        """The audit of the current status: every requirement with the reader's exact interval."""
        return [self.interval(e) for e in self.eisen()]

    def interval(self, eis: tuple[str, str, str]) -> Interval:
        soort, key, teken = eis
        if soort == AANTAL:
            laagste, hoogste = self.grenzen(key)
            return Interval(key, teken, laagste, hoogste, _veilig(teken, laagste, hoogste))
        a = next(p for p in self.blok.percentages if p.key == key)
        laagste, hoogste = self.verhouding(a)
        return Interval(key, teken, round(laagste, 4), round(hoogste, 4), hoogste - laagste > _EPS)


def controleer(waarden: Mapping[str, Getal], status: Mapping[str, str], tabel: Tabel,
               alleen: Collection[str] | None = None) -> Controle:
    """The audit: per hidden count and hidden percentage what a reader can deduce, and whether that is
    within the rule. Independent of how `status` was found. `alleen`: audit only the blocks that hold one
    of these cells (the others are audited elsewhere: a block's audit depends on that block alone)."""
    intervallen = [i for blok in _blokken(tabel, controleer_relaties(waarden, tabel))
                   if alleen is None or not set(alleen).isdisjoint(blok.cellen)
                   for i in _Lezer(blok, waarden).zet(status).intervallen()]
    return _controle(intervallen, tabel)


def _controle(intervallen: Sequence[Interval], tabel: Tabel) -> Controle:
    volgorde = {k: i for i, k in enumerate(tabel.getoond)}
    return Controle(tuple(sorted(intervallen, key=lambda i: volgorde[i.key])))


# --------------------------------------------------------------------------- secondary suppression

_KOSTEN_CEL = 10_000.0  # every extra hidden cell: fewest cells first
# A headline count, or a count behind a shown percentage: worth four ordinary cells, so the headline
# goes only when no combination of up to four other cells protects the table (2025Q2 demo: the K5
# population hidden in 17 instead of 51 municipalities, at 8 more hidden cells in all).
_KOSTEN_HOOFDCIJFER = 40_000.0
_KOSTEN_OPWAARDEREN = 6_000.0  # a "<5" shown as "×" instead (loses "at most 4", hides nothing new)


def _kosten(cel: str, waarden: Mapping[str, Getal], status: Mapping[str, str], blok: _Blok) -> float:
    """What hiding `cel` costs: a cell, more for a headline or a count behind a shown percentage, and its
    value (the least informative cell goes first); the place in the table breaks ties."""
    volgnummer = blok.gepubliceerd.index(cel)
    if status.get(cel) == KLEIN:
        return _KOSTEN_OPWAARDEREN + volgnummer / 100
    kosten = _KOSTEN_CEL + min(float(waarden[cel]), _KOSTEN_HOOFDCIJFER - 1) + volgnummer / 100
    if cel in blok.hoofdcijfers:
        kosten += _KOSTEN_HOOFDCIJFER
    for a in blok.afgeleid:
        if cel in (a.teller, a.noemer) and percentage_getoond(a, waarden, status):
            kosten += _KOSTEN_HOOFDCIJFER
    return kosten


def _herstel(blok: _Blok, waarden: Mapping[str, Getal], status: Mapping[str, str], eis: tuple[str, str, str],
             vast: frozenset[str] = frozenset()) -> list[str]:
    """Cells to hide (shown ones) or to show as "×" ("<5" ones) so that the reader gets a counterexample
    to `eis`: one or two witness tables that satisfy every relation and the markers, and deviate from the
    shown cells as little as possible, weighted by what hiding each cell costs (an LP; the cells it
    moves are the ones to hide). Cells in `vast` stay as they are; [] when nothing helps."""
    soort, doel, teken = eis
    cellen = blok.cellen
    n = len(cellen)
    kandidaten = [c for c in blok.gepubliceerd if c != doel and status.get(c) != AANVULLEND and c not in vast]
    if not kandidaten:
        return []
    kosten = np.array([_kosten(c, waarden, status, blok) for c in kandidaten])
    index = {c: i for i, c in enumerate(cellen)}

    def model(getuigen: int) -> tuple:
        """Variables: x per witness (n each), then per candidate its deviation from what is shown."""
        breedte = getuigen * n + len(kandidaten)
        laag, hoog = np.zeros(breedte), np.full(breedte, math.inf)
        rijen, rl, rh = [], [], []

        def rij(coef: dict[int, float], lo: float, hi: float) -> None:
            r = np.zeros(breedte)
            for i, v in coef.items():
                r[i] += v
            rijen.append(r)
            rl.append(lo)
            rh.append(hi)

        for k in range(getuigen):
            o = k * n
            for coef, gelijk in zip(blok.rijen, blok.gelijk):
                rij({o + index[c]: v for c, v in coef}, 0.0 if gelijk else -math.inf, 0.0)
            for i, cel in enumerate(cellen):
                if cel not in blok.gepubliceerd or status.get(cel) == AANVULLEND:
                    continue
                if cel in kandidaten:
                    z = getuigen * n + kandidaten.index(cel)
                    lo, hi = ((1.0, float(norms.ONDERDRUK_MAX)) if status.get(cel) == KLEIN
                              else (float(waarden[cel]),) * 2)
                    rij({o + i: 1.0, z: -1.0}, -math.inf, hi)
                    rij({o + i: 1.0, z: 1.0}, lo, math.inf)
                elif status.get(cel) == KLEIN:
                    laag[o + i], hoog[o + i] = 1.0, norms.ONDERDRUK_MAX
                else:
                    laag[o + i] = hoog[o + i] = waarden[cel]
        c = np.concatenate([np.zeros(getuigen * n), kosten])
        return rij, rijen, rl, rh, laag, hoog, c

    pogingen = []
    if soort == AANTAL:
        rij, rijen, rl, rh, laag, hoog, c = model(2)
        d = index[doel]
        if teken == KLEIN:
            rij({d: 1.0}, -math.inf, 1.0)
            rij({n + d: 1.0}, float(norms.ONDERDRUK_MAX), math.inf)
        else:
            rij({n + d: 1.0, d: -1.0}, float(norms.AANVULLEND_BREEDTE), math.inf)
        pogingen.append((rijen, rl, rh, laag, hoog, c))
    else:
        a = next(p for p in blok.percentages if p.key == doel)
        t, nn = waarden[a.teller], waarden[a.noemer]
        for richting in (1.0, -1.0):
            rij, rijen, rl, rh, laag, hoog, c = model(1)
            # noemer* x_teller - teller* x_noemer >= 1 (or <= -1): another ratio than the true one
            rij({index[a.teller]: richting * nn, index[a.noemer]: -richting * t}, 1.0, math.inf)
            rij({index[a.noemer]: 1.0}, 1.0, math.inf)
            pogingen.append((rijen, rl, rh, laag, hoog, c))
    beste: tuple[float, list[str]] | None = None
    for rijen, rl, rh, laag, hoog, c in pogingen:
        soort_uitkomst, waarde, x = _Programma(np.array(rijen), rl, rh, laag, hoog).minimum(c)
        if soort_uitkomst != "optimaal":
            continue
        gekozen = [kandidaten[i] for i, d in enumerate(x[len(x) - len(kandidaten):]) if d > _EPS]
        if beste is None or waarde < beste[0]:
            beste = (waarde, gekozen)
    if beste is None:
        return kandidaten  # no witness at all (cannot happen with everything hidden): hide every candidate
    return beste[1]  # [] when the requirement holds as it is


def _per_blok(waarden: Mapping[str, Getal], tabel: Tabel) -> list[tuple[_Blok, tuple, tuple]]:
    """Per block: the block, its hidden cells and their audit (cached)."""
    result = []
    for blok in _blokken(tabel, controleer_relaties(waarden, tabel)):
        sleutel = tuple(waarden[c] for c in blok.cellen) + tuple(waarden[a.key] for a in blok.afgeleid)
        result.append((blok, *_beveilig(blok, sleutel)))
    return result


def onderdruk(waarden: Mapping[str, Getal], tabel: Tabel) -> dict[str, str]:
    """The hidden counts: key -> KLEIN ("<5") or AANVULLEND ("×")."""
    status = {k: v for _, verborgen, _ in _per_blok(waarden, tabel) for k, v in verborgen}
    return {k: status[k] for k in tabel.aantallen if k in status}


Eis = tuple[str, str, str]  # (AANTAL or PERCENTAGE, key, marker)


def _aanvullen(lezer: _Lezer, status: Mapping[str, str], oorzaak: dict[str, Eis],
               vast: frozenset[str] = frozenset()) -> dict[str, str] | None:
    """Hide more until every requirement is met (secondary suppression); None when that cannot be done
    without touching a cell of `vast`. Records in `oorzaak` which requirement each new cell is for."""
    status = dict(status)
    gehaald: set[Eis] = set()
    while True:
        lezer.zet(status)
        fout = None
        for eis in lezer.eisen():
            if eis in gehaald:
                continue
            if lezer.gehaald(eis):
                gehaald.add(eis)  # more hiding only widens what a reader can deduce: stays met
            else:
                fout = eis
                break
        if fout is None:
            return status
        extra = _herstel(lezer.blok, lezer.waarden, status, fout, vast)
        if not extra:
            if lezer.interval(fout).veilig:  # met after all (the quick check was too strict)
                gehaald.add(fout)
                continue
            return None
        for cel in extra:
            status[cel] = AANVULLEND
            oorzaak[cel] = fout


def _terug(status: Mapping[str, str], cel: str, primair: Mapping[str, str]) -> dict[str, str]:
    """`status` with `cel` shown again (a small count: as "<5" again)."""
    return {k: v for k, v in status.items() if k != cel} | ({cel: KLEIN} if cel in primair else {})


def _snoeien(lezer: _Lezer, status: dict[str, str], primair: Mapping[str, str],
             oorzaak: Mapping[str, Eis]) -> dict[str, str]:
    """Show again every "×" that is not needed, the most informative first, each under a full audit
    (the requirement the cell was hidden for is checked first: it is the one most likely to fail)."""
    aanvullend = [c for c in lezer.blok.gepubliceerd if status.get(c) == AANVULLEND]
    waarde = {c: _kosten(c, lezer.waarden, _terug(status, c, primair), lezer.blok) for c in aanvullend}
    for cel in sorted(aanvullend, key=lambda c: -waarde[c]):
        proef = _terug(status, cel, primair)
        lezer.zet(proef)
        if all(lezer.gehaald(e) for e in sorted(lezer.eisen(), key=lambda e: e != oorzaak.get(cel))):
            status = proef
    return status


@functools.lru_cache(maxsize=8192)
def _beveilig(blok: _Blok, sleutel: tuple) -> tuple[tuple[tuple[str, str], ...], tuple]:
    """Primary and secondary suppression of one block, for the values in `sleutel` (small blocks often
    have the same values: a cache of the outcome): the hidden cells, and their audit (the reader's
    exact intervals, `controleer` for this block)."""
    waarden = dict(zip((*blok.cellen, *(a.key for a in blok.afgeleid)), sleutel))
    primair = {k: KLEIN for k in blok.gepubliceerd if is_klein(waarden[k])}
    oorzaak: dict[str, Eis] = {}
    lezer = _Lezer(blok, waarden)
    status = _aanvullen(lezer, primair, oorzaak)
    if status is None:
        raise RuntimeError(f"Geen afscherming gevonden voor {', '.join(blok.gepubliceerd)}")
    status = _snoeien(lezer, status, primair, oorzaak)
    # Keep a headline count where possible: a hidden total is traded for cheaper cells when they do.
    for cel in [c for c in blok.gepubliceerd if c in blok.hoofdcijfers and c not in primair and c in status]:
        if status.get(cel) != AANVULLEND:
            continue
        proef = _aanvullen(lezer, _terug(status, cel, primair), oorzaak, vast=frozenset({cel}))
        if proef is None:
            continue
        nieuw = [c for c in proef if proef[c] != status.get(c)]
        if sum(_kosten(c, waarden, status, blok) for c in nieuw) < _kosten(
                cel, waarden, _terug(status, cel, primair), blok):
            status = _snoeien(lezer, proef, primair, oorzaak)
    return tuple(sorted(status.items())), tuple(lezer.zet(status).intervallen())


# --------------------------------------------------------------------------- display


def getal(waarde: float, decimalen: int = 0) -> str:
    """Dutch number: 1.234 and 12,5."""
    tekst = f"{waarde:,.{decimalen}f}"
    return tekst.replace(",", "_").replace(".", ",").replace("_", ".")


@dataclass(frozen=True)
class Afscherming:
    """A report after suppression: how each published figure is shown, and the audit."""

    status: dict[str, str]
    weergave: dict[str, Weergave]
    controle: Controle


def afscherm(cijfers: Mapping[str, Getal], tabel: Tabel) -> Afscherming:
    """Suppress, render and audit every published figure of a report that leaves the GI.

    The audit is the reader's exact intervals for the final status, computed with the same reader model
    as `controleer` (at the end of the search, where its tables are at hand); for a status that
    `onderdruk` did not produce, `controleer` itself."""
    status = onderdruk(cijfers, tabel)
    intervallen: list[Interval] = []
    for blok, verborgen, gecontroleerd in _per_blok(cijfers, tabel):
        eigen = {k: v for k, v in status.items() if k in blok.gepubliceerd}
        intervallen += gecontroleerd if dict(verborgen) == eigen else _Lezer(blok, cijfers).zet(eigen).intervallen()
    result: dict[str, Weergave] = {}
    for key in tabel.aantallen:
        if key in status:
            reden = REDEN_KLEIN if status[key] == KLEIN else REDEN_AANVULLEND
            result[key] = Weergave(None, status[key], reden)
        else:
            result[key] = Weergave(int(cijfers[key]), getal(int(cijfers[key])))
    for a in tabel.afgeleid:
        waarde = cijfers[a.key]
        if not percentage_getoond(a, cijfers, status):
            result[a.key] = Weergave(None, NIET_GETOOND, REDEN_NOEMER)
        elif a.soort == PERCENTAGE:
            result[a.key] = Weergave(waarde, getal(waarde, PERCENTAGE_DECIMALEN) + "%")
        else:
            result[a.key] = Weergave(waarde, getal(waarde, 1 if waarde % 1 else 0))
    return Afscherming(status, result, _controle(intervallen, tabel))


REGEL = (
    f"Kleine aantallen zijn afgeschermd, zodat geen kind of gezin herkenbaar is. Een aantal van 1 tot "
    f"en met {norms.ONDERDRUK_MAX} staat er als '{KLEIN}'. Een percentage of mediaan over minder dan "
    f"{norms.MIN_NOEMER_PERCENTAGE} maatregelen staat er niet ('{NIET_GETOOND}'); dat geldt ook als de "
    f"teller of noemer is afgeschermd. Omdat cijfers optellen tot een totaal, of een deel zijn van een "
    f"ander cijfer, zijn waar nodig ook andere cijfers verborgen ('{AANVULLEND}'), soms ook een 0. Zo valt "
    f"uit alle cijfers samen een afgeschermd aantal niet preciezer terug te rekenen dan '{KLEIN}' zegt, en "
    f"een verborgen percentage niet uit te rekenen. Dat is voor elke rapportage met een rekenprogramma "
    f"nagegaan."
)
