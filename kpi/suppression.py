"""Small-number suppression (afscherming) for reports that leave the GI.

kpi-definities.md, "Quarterly snapshot for a municipality": a count from 1 to
4 is shown as "<5", and a percentage whose denominator is below 10 is not
shown. On top of that no hidden number may be worked out from the others in
the same report: for every group "total = sum of parts" (declared as data by
the report, see `kpi.snapshot.GROEPEN`) the hidden cells must stay
undetermined. That is complementary suppression:

1. primary: every count 1..ONDERDRUK_MAX is hidden as "<5";
2. audit: what can a reader deduce? A shown cell is its value, "<5" is 1..4,
   "×" is at least 1 (a zero is never hidden). Each group's equation narrows
   these intervals; this is repeated over all groups until nothing changes.
   A hidden cell whose interval is one value can be recovered;
3. among the groups with a recoverable cell, take the first that still has a
   shown non-zero cell and hide its smallest one as "×" (a part before the
   total at equal value). When only "<5" cells are left (e.g. a total of 4
   with four parts of 1: "<5" itself gives them away) the total is shown as
   "×" instead of "<5";
4. repeat from 2 until no hidden cell can be recovered.

The interval audit is exact when no two groups share more than one cell and
the groups form no cycle (a Berge-acyclic hypergraph); `controleer_groepen`
checks that, and the tests also check the outcome by brute force.

A percentage (or a median) is shown only when its denominator (or base) is at
least MIN_NOEMER_PERCENTAGE and neither numerator nor denominator is hidden,
because a percentage with a shown denominator gives its numerator back.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kpi import norms

KLEIN = "<5"  # a count from 1 to ONDERDRUK_MAX
AANVULLEND = "×"  # hidden so that a small count cannot be worked out (never 0)
NIET_GETOOND = "–"  # percentage or median with a too small (or hidden) base

# Why a cell is not shown.
REDEN_KLEIN = "klein"
REDEN_AANVULLEND = "aanvullend"
REDEN_NOEMER = "noemer"

AANTAL = "aantal"
PERCENTAGE = "percentage"
MEDIAAN = "mediaan"

Getal = int | float | None


@dataclass(frozen=True)
class Groep:
    """A total and the parts that add up to it, all counts of the same report."""

    naam: str
    totaal: str
    delen: tuple[str, ...]

    @property
    def cellen(self) -> tuple[str, ...]:
        return (self.totaal, *self.delen)


@dataclass(frozen=True)
class Afgeleid:
    """A percentage (teller / noemer) or a median over `noemer` cases."""

    key: str
    soort: str  # PERCENTAGE or MEDIAAN
    noemer: str
    teller: str | None = None


@dataclass(frozen=True)
class Weergave:
    """How a figure is shown: `waarde` is None when it is hidden."""

    waarde: Getal
    tekst: str
    reden: str | None = None

    @property
    def verborgen(self) -> bool:
        return self.reden is not None


# --------------------------------------------------------------------------- the rule


def is_klein(waarde: int) -> bool:
    return 1 <= waarde <= norms.ONDERDRUK_MAX


def controleer_groepen(groepen: Sequence[Groep]) -> None:
    """Raise when the groups are not Berge-acyclic (then the audit may miss a recovery)."""
    # Incidence graph cells <-> groups must be a forest: edges = nodes - components.
    parent: dict[object, object] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for groep in groepen:
        if len(set(groep.cellen)) != len(groep.cellen):
            raise ValueError(f"Groep {groep.naam} noemt een cel twee keer")
        for cel in groep.cellen:
            a, b = find(("groep", groep.naam)), find(("cel", cel))
            if a == b:
                raise ValueError(f"Groepen vormen een kring via {cel} ({groep.naam})")
            parent[a] = b


def intervallen(waarden: Mapping[str, int], status: Mapping[str, str],
                groepen: Sequence[Groep]) -> dict[str, tuple[float, float]]:
    """What a reader can deduce about each cell of the groups: (lowest, highest) value."""
    lo: dict[str, float] = {}
    hi: dict[str, float] = {}
    for groep in groepen:
        for cel in groep.cellen:
            teken = status.get(cel)
            if teken is None:
                lo[cel] = hi[cel] = waarden[cel]
            elif teken == KLEIN:
                lo[cel], hi[cel] = 1, norms.ONDERDRUK_MAX
            else:
                lo[cel], hi[cel] = 1, math.inf
    veranderd = True
    while veranderd:
        veranderd = False
        for groep in groepen:
            t, delen = groep.totaal, groep.delen
            nieuw = {t: (max(lo[t], sum(lo[d] for d in delen)), min(hi[t], sum(hi[d] for d in delen)))}
            for d in delen:
                andere = [o for o in delen if o != d]
                nieuw[d] = (max(lo[d], lo[t] - sum(hi[o] for o in andere)),
                            min(hi[d], hi[t] - sum(lo[o] for o in andere)))
            for cel, (a, b) in nieuw.items():
                if (a, b) != (lo[cel], hi[cel]):
                    if a > b:
                        raise ValueError(f"Groep {groep.naam} klopt niet: {cel} = {waarden.get(cel)}")
                    lo[cel], hi[cel] = a, b
                    veranderd = True
    return {cel: (lo[cel], hi[cel]) for cel in lo}


def herleidbaar(waarden: Mapping[str, int], status: Mapping[str, str],
                groepen: Sequence[Groep]) -> set[str]:
    """Hidden cells whose value a reader can work out from the shown ones."""
    grenzen = intervallen(waarden, status, groepen)
    return {cel for cel in status if cel in grenzen and grenzen[cel][0] == grenzen[cel][1]}


def onderdruk(waarden: Mapping[str, int], groepen: Sequence[Groep]) -> dict[str, str]:
    """The hidden counts: key -> KLEIN ("<5") or AANVULLEND ("×")."""
    for groep in groepen:
        som = sum(waarden[d] for d in groep.delen)
        if som != waarden[groep.totaal]:
            raise ValueError(f"Groep {groep.naam}: delen tellen op tot {som}, totaal is "
                             f"{waarden[groep.totaal]}")
    status = {k: KLEIN for k, v in waarden.items() if v is not None and is_klein(v)}
    while True:
        bloot = herleidbaar(waarden, status, groepen)
        if not bloot:
            return status
        betrokken = [g for g in groepen if bloot & set(g.cellen)]
        status[_nog_verbergen(betrokken, waarden, status)] = AANVULLEND


def _nog_verbergen(betrokken: Sequence[Groep], waarden: Mapping[str, int], status: Mapping[str, str]) -> str:
    """The next cell to hide as "×": the smallest shown non-zero cell of the first group that has one
    (a part before the total at equal value); else a "<5" cell, the total first."""
    for groep in betrokken:
        volgorde = {cel: i for i, cel in enumerate(groep.cellen[1:])} | {groep.totaal: len(groep.delen)}
        kandidaten = [c for c in groep.cellen if c not in status and waarden[c] > 0]
        if kandidaten:
            return min(kandidaten, key=lambda c: (waarden[c], volgorde[c]))
    for groep in betrokken:
        klein = [c for c in groep.cellen if status.get(c) == KLEIN]
        if klein:
            return klein[0]
    raise RuntimeError(f"Geen cel meer om te verbergen in {', '.join(g.naam for g in betrokken)}")


# --------------------------------------------------------------------------- display


def getal(waarde: float, decimalen: int = 0) -> str:
    """Dutch number: 1.234 and 12,5."""
    tekst = f"{waarde:,.{decimalen}f}"
    return tekst.replace(",", "_").replace(".", ",").replace("_", ".")


def weergave(cijfers: Mapping[str, Getal], aantallen: Sequence[str], afgeleid: Sequence[Afgeleid],
             groepen: Sequence[Groep]) -> dict[str, Weergave]:
    """Every figure as shown in a report that leaves the GI."""
    waarden = {k: int(cijfers[k]) for k in aantallen}
    status = onderdruk(waarden, groepen)
    result: dict[str, Weergave] = {}
    for key in aantallen:
        if key in status:
            reden = REDEN_KLEIN if status[key] == KLEIN else REDEN_AANVULLEND
            result[key] = Weergave(None, status[key], reden)
        else:
            result[key] = Weergave(waarden[key], getal(waarden[key]))
    for a in afgeleid:
        waarde = cijfers[a.key]
        basis = waarden[a.noemer] if a.noemer in waarden else int(cijfers[a.noemer])
        verborgen = (waarde is None or basis < norms.MIN_NOEMER_PERCENTAGE
                     or a.noemer in status or (a.teller is not None and a.teller in status))
        if verborgen:
            result[a.key] = Weergave(None, NIET_GETOOND, REDEN_NOEMER)
        elif a.soort == PERCENTAGE:
            result[a.key] = Weergave(waarde, getal(waarde, 1) + "%")
        else:
            result[a.key] = Weergave(waarde, getal(waarde, 1 if waarde % 1 else 0))
    return result


REGEL = (
    f"Kleine aantallen zijn afgeschermd, zodat geen kind of gezin herkenbaar is. Een aantal van 1 tot "
    f"en met {norms.ONDERDRUK_MAX} staat er als '{KLEIN}'. Een percentage of mediaan over minder dan "
    f"{norms.MIN_NOEMER_PERCENTAGE} maatregelen staat er niet ('{NIET_GETOOND}'); dat geldt ook als de "
    f"teller of noemer is afgeschermd. Waar een afgeschermd aantal uit de andere cijfers terug te "
    f"rekenen zou zijn (totaal min de andere delen), is ook het kleinste andere aantal, of het totaal, "
    f"verborgen ('{AANVULLEND}')."
)
