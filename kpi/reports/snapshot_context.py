"""History and context of a municipal snapshot (issue 14): each figure beside the previous quarter, a trend
of the last quarters, and the percentages beside those of the cluster and of the GI as a whole.

What is published and why it is safe (docs/snapshot.md, "History and comparison"):

- **Previous quarter and trend.** The figures of a past quarter are that quarter's own snapshot, computed
  by the same code (`snapshot_figures` / `alle_snapshots`, `afscherm`: deterministic), and shown exactly as
  that snapshot shows them: a cell suppressed then stays suppressed, a cell not published then (a merged
  deadline KPI) is not shown. Nothing new is published about the past. The published figures are stock
  counts at the peildatum and flows within the quarter; no inflow or outflow is published, so there is no
  linear relation between quarters for a reader to use.
- **Cluster and GI.** Only the percentages (K1-K3 % tijdig, K5 % registered and validated) are compared,
  each with its denominator ("van 1.234"). A reader then knows, besides the municipality's own table:
  level.noemer (shown), the rounding of level.percentage, and level = inner + rest with the rest a
  non-negative table of the same kind (rest.tijdig <= rest.totaal, rest.gevalideerd <= rest.geregistreerd
  <= rest.populatie), where inner is the municipality (cluster) or the cluster (GI; the municipality when it
  is its cluster's only one). These cells and relations are added to the municipality's table and the
  whole is audited with `suppression.controleer`: the differencing attack (cluster - municipality) is a
  linear programme over exactly these relations. A comparison that would let a reader narrow any hidden
  figure is not shown ("–"); the municipality's own cells keep their suppression.

- **A cluster's snapshots side by side.** A cluster is compared on a KPI only when the snapshots of all its
  municipalities, each as published, with the cluster's figures and "cluster = the sum of its
  municipalities" pass the audit too (`cluster_samen`); else that comparison is "–" for all of them.

Not covered (docs/snapshot.md): all municipalities' snapshots side by side with the GI's figures.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from kpi.core import kalender, norms
from kpi.data.db import Database
from kpi.reports import snapshot as snap
from kpi.reports import suppression as sup

HISTORIE = 8  # quarters in the trend, the snapshot's own included
CLUSTER, GI = "cluster", "gi"

# Per compared KPI: its denominator, its numerators, and the "part <= whole" chain of the rest of a level.
FAMILIES: dict[str, tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]]] = {
    **{k: (f"{k}.totaal", (f"{k}.tijdig",), ((f"{k}.tijdig", f"{k}.totaal"),)) for k in snap.TERMIJNEN},
    "k5": ("k5.populatie", ("k5.voldoet_geregistreerd", "k5.voldoet_gevalideerd"),
           (("k5.voldoet_gevalideerd", "k5.voldoet_geregistreerd"), ("k5.voldoet_geregistreerd", "k5.populatie"))),
}
# The compared percentages, each with its family.
VERGELEKEN: tuple[sup.Afgeleid, ...] = tuple(a for a in snap.AFGELEID if a.key in snap.VERGELEKEN_PERCENTAGES)


def _familie(key: str) -> str:
    return key.split(".")[0]


def _cel(niveau: str, key: str) -> str:
    return f"{niveau}.{key}"


def _rest(niveau: str, key: str) -> str:
    return f"{niveau}.rest.{key}"


@dataclass(frozen=True)
class Niveau:
    """A level to compare with: the municipality's cluster, or the GI as a whole."""

    code: str  # CLUSTER or GI
    naam: str  # "Cluster Utrecht/Flevoland", "Hele GI"
    cijfers: dict[str, int | float | None]  # the level's counts and percentages of the compared families
    # The families this level may be compared on at all (None: all): a cluster's comparison that would let
    # its municipalities' snapshots, put side by side, narrow a hidden figure is shown to none of them.
    toegestaan: frozenset[str] | None = None


@dataclass(frozen=True)
class Context:
    """The history and comparisons of one snapshot, as published."""

    kwartalen: tuple[str, ...]  # the trend, oldest first; the last one is the snapshot's own quarter
    verloop: dict[str, dict[str, sup.Weergave]]  # per quarter: that quarter's own published figures
    niveaus: tuple[Niveau, ...]  # () when there is nothing to compare with (a scope that is not official)
    eigen_cijfers: dict[str, int | float | None]  # the municipality's figures (for the joint audit)
    eigen_status: dict[str, str]  # the municipality's own suppression (unchanged)
    eigen_tabel: sup.Tabel
    eigen_controle: sup.Controle  # the snapshot's own audit

    @property
    def vorig(self) -> str | None:
        """The previous quarter, when it is in the trend."""
        return self.kwartalen[-2] if len(self.kwartalen) > 1 else None

    def vorige_tekst(self, key: str) -> str:
        """A figure of the previous quarter as that snapshot showed it."""
        return snap.verloop_tekst(self, self.vorig, key) if self.vorig else ""

    @cached_property
    def _besluit(self) -> tuple[frozenset[tuple[str, str]], sup.Tabel, sup.Controle]:
        return _kies(self)

    @property
    def getoond(self) -> frozenset[tuple[str, str]]:
        """(level, family) pairs whose comparison is published."""
        return self._besluit[0]

    @property
    def tabel(self) -> sup.Tabel:
        """The municipality's table with every published comparison cell and its relations."""
        return self._besluit[1]

    @cached_property
    def controle(self) -> sup.Controle:
        """The joint audit: every hidden figure of the snapshot with the comparisons as published. The
        blocks without a comparison cell are the snapshot's own, with its own audit."""
        gedeeld = self._besluit[2].intervallen
        geteld = {i.key for i in gedeeld}
        eigen = self.eigen_controle.intervallen
        volgorde = {k: i for i, k in enumerate(self.tabel.getoond)}
        return sup.Controle(tuple(sorted((*gedeeld, *(i for i in eigen if i.key not in geteld)),
                                         key=lambda i: volgorde[i.key])))

    def vergelijking(self, niveau: str, key: str) -> sup.Weergave | None:
        """A compared percentage ('k1.percentage') or its denominator ('k1.totaal') of a level as
        published; None when the figure has no comparison, a hidden one when it is not shown."""
        familie = _familie(key)
        if familie not in FAMILIES or (key not in {a.key for a in VERGELEKEN} and key != FAMILIES[familie][0]):
            return None
        n = next((n for n in self.niveaus if n.code == niveau), None)
        if n is None:
            return None
        if (niveau, familie) not in self.getoond:
            return sup.Weergave(None, sup.NIET_GETOOND, sup.REDEN_NOEMER)
        waarde = n.cijfers[key]
        if key == FAMILIES[familie][0]:
            return sup.Weergave(waarde, sup.getal(waarde))
        return sup.Weergave(waarde, sup.getal(waarde, sup.PERCENTAGE_DECIMALEN) + "%")

    def vergelijking_tekst(self, niveau: str, key: str) -> str:
        """'84,1% van 1.234', '–' (not shown) or '' (no comparison for this figure)."""
        w = self.vergelijking(niveau, key)
        if w is None:
            return ""
        if w.verborgen:
            return w.tekst
        noemer = self.vergelijking(niveau, next(a.noemer for a in VERGELEKEN if a.key == key))
        return f"{w.tekst} van {noemer.tekst}" if key != FAMILIES[_familie(key)][0] else w.tekst

    def as_manifest(self) -> dict:
        """The audit of the new cells, for the batch manifest."""
        return {"kwartalen": list(self.kwartalen),
                "vergelijking": [{"niveau": n.code, "naam": n.naam,
                                  "kpis": [f for f in FAMILIES if (n.code, f) in self.getoond]}
                                 for n in self.niveaus],
                "veilig": self.controle.veilig, "verborgen": self.controle.as_list()}


# --------------------------------------------------------------------------- the joint table


def _niveau_tabel(eigen: sup.Tabel, cijfers: Mapping, niveaus: Sequence[Niveau],
                  getoond: frozenset[tuple[str, str]]) -> tuple[sup.Tabel, dict]:
    """The municipality's table plus, per published (level, family): the level's denominator (a shown
    count), its numerators (known only through the shown percentages), and the rest of the level (inner
    + rest = level, the rest a non-negative table of the same kind). Returns the table and all values."""
    waarden = dict(cijfers)
    aantallen, afgeleid, groepen, delen = list(eigen.aantallen), list(eigen.afgeleid), list(eigen.groepen), list(
        eigen.delen)
    for i, niveau in enumerate(niveaus):
        for familie, (noemer, tellers, keten) in FAMILIES.items():
            if (niveau.code, familie) not in getoond:
                continue
            # The inner level: the previous level whose comparison of this family is shown, else the municipality.
            binnen = next((n.code for n in reversed(niveaus[:i]) if (n.code, familie) in getoond), None)
            for key in (noemer, *tellers):
                inner = _cel(binnen, key) if binnen else key
                waarden[_cel(niveau.code, key)] = int(niveau.cijfers[key])
                waarden[_rest(niveau.code, key)] = int(niveau.cijfers[key]) - int(waarden[inner])
                groepen.append(sup.Groep(f"{niveau.naam}: {key}", _cel(niveau.code, key),
                                         (inner, _rest(niveau.code, key))))
            for deel, geheel in keten:
                delen.append(sup.Deel(f"{niveau.naam}, de rest: {deel} <= {geheel}", _rest(niveau.code, deel),
                                      (_rest(niveau.code, geheel),)))
            aantallen.append(_cel(niveau.code, noemer))
            for a in VERGELEKEN:
                if a.noemer == noemer:
                    key = _cel(niveau.code, a.key)
                    waarden[key] = niveau.cijfers[a.key]
                    afgeleid.append(sup.Afgeleid(key, sup.PERCENTAGE, noemer=_cel(niveau.code, a.noemer),
                                                 teller=_cel(niveau.code, a.teller)))
    return sup.Tabel(tuple(aantallen), tuple(afgeleid), tuple(groepen), tuple(delen), eigen.hoofdcijfers), waarden


def _kies(context: Context) -> tuple[frozenset[tuple[str, str]], sup.Tabel, sup.Controle]:
    """Which comparisons are published: every (level, family) whose level has a denominator of at least
    MIN_NOEMER_PERCENTAGE, unless the joint audit then fails; then they are added one by one (GI before
    cluster, K1..K5), each kept only when the audit with everything kept so far still passes."""
    kandidaten = [(n.code, f) for n in sorted(context.niveaus, key=lambda n: n.code != GI) for f in FAMILIES
                  if n.cijfers[FAMILIES[f][0]] >= norms.MIN_NOEMER_PERCENTAGE
                  and (n.toegestaan is None or f in n.toegestaan)]

    def probeer(getoond: frozenset) -> tuple[sup.Controle, sup.Tabel]:
        tabel, waarden = _niveau_tabel(context.eigen_tabel, context.eigen_cijfers, context.niveaus, getoond)
        nieuw = [c for c in tabel.cellen if c.split(".")[0] in (CLUSTER, GI)]
        return sup.controleer(waarden, context.eigen_status, tabel, alleen=nieuw), tabel

    alles = frozenset(kandidaten)
    controle, tabel = probeer(alles)
    if controle.veilig:
        return alles, tabel, controle
    getoond: frozenset = frozenset()
    for kandidaat in kandidaten:
        if probeer(getoond | {kandidaat})[0].veilig:
            getoond = getoond | {kandidaat}
    controle, tabel = probeer(getoond)
    return getoond, tabel, controle


# --------------------------------------------------------------------------- building


def trend_kwartalen(db: Database, kwartaal: str) -> tuple[str, ...]:
    """The HISTORIE quarters up to and including `kwartaal` that the Gemeentesnapshot page offers, oldest
    first."""
    aangeboden = kalender.kwartalen_tot(db.exportdatum)
    kwartaal = snap.kwartaal_naam(kwartaal)
    if kwartaal not in aangeboden:
        return (kwartaal,)
    i = aangeboden.index(kwartaal)
    return tuple(reversed(aangeboden[i:i + HISTORIE]))


def _clusters(db: Database) -> dict[str, tuple[str, str]]:
    """gemeente_code -> (cluster_id, cluster name)."""
    rows = db.sql("select g.gemeente_code, g.cluster_id, c.naam from gemeenten g join clusters c using (cluster_id)"
                  ).rows()
    return {code: (cid, naam) for code, cid, naam in rows}


def _som(alle: Mapping[str, snap.Snapshot], codes: Sequence[str]) -> dict:
    """The compared counts of these municipalities added up, and the percentages of the sums."""
    keys = [k for f in FAMILIES.values() for k in (f[0], *f[1])]
    c: dict = {k: sum(int(alle[code].cijfers[k]) for code in codes if code in alle) for k in keys}
    for a in VERGELEKEN:
        c[a.key] = snap._pct(c[a.teller], c[a.noemer])
    return c


def _voorvoegsel(p: str, key: str) -> str:
    return f"{p}:{key}"


def cluster_samen(alle: Mapping[str, snap.Snapshot], leden: Sequence[str], cijfers: Mapping) -> frozenset[str]:
    """The families on which the cluster may be compared: those for which the snapshots of all its
    municipalities side by side, with the cluster's percentage and denominator (cluster = the sum of its
    municipalities, exactly), still pass the audit. Each member's table as published (its own suppression),
    its keys prefixed with its code; audited are only the blocks with the cluster's cells."""
    result = set()
    for familie, (noemer, tellers, _) in FAMILIES.items():
        if cijfers[noemer] < norms.MIN_NOEMER_PERCENTAGE:
            continue
        aantallen, afgeleid, groepen, delen, waarden, status = [], [], [], [], {}, {}
        for m in leden:
            s, v = alle[m], functools.partial(_voorvoegsel, m)
            aantallen += [v(k) for k in s.tabel.aantallen]
            afgeleid += [sup.Afgeleid(v(a.key), a.soort, v(a.noemer), a.teller and v(a.teller)) for a in s.tabel.afgeleid]
            groepen += [sup.Groep(v(g.naam), v(g.totaal), tuple(map(v, g.delen))) for g in s.tabel.groepen]
            delen += [sup.Deel(v(d.naam), v(d.deel), tuple(map(v, d.geheel)), d.aanname) for d in s.tabel.delen]
            waarden |= {v(k): w for k, w in s.cijfers.items()}
            status |= {v(k): t for k, t in s.afscherming.status.items()}
        for key in (noemer, *tellers):
            waarden[_cel(CLUSTER, key)] = int(cijfers[key])
            groepen.append(sup.Groep(f"cluster: {key}", _cel(CLUSTER, key),
                                     tuple(_voorvoegsel(m, key) for m in leden)))
        aantallen.append(_cel(CLUSTER, noemer))
        for a in VERGELEKEN:
            if a.noemer == noemer:
                waarden[_cel(CLUSTER, a.key)] = cijfers[a.key]
                afgeleid.append(sup.Afgeleid(_cel(CLUSTER, a.key), sup.PERCENTAGE, _cel(CLUSTER, noemer),
                                             _cel(CLUSTER, a.teller)))
        tabel = sup.Tabel(tuple(aantallen), tuple(afgeleid), tuple(groepen), tuple(delen))
        if sup.controleer(waarden, status, tabel, alleen=[_cel(CLUSTER, noemer)]).veilig:
            result.add(familie)
    return frozenset(result)


def niveaus_alle(db: Database, alle: Mapping[str, snap.Snapshot]) -> dict[str, tuple[Niveau, ...]]:
    """Per municipality: its cluster (unless it is the cluster's only municipality) and the GI, each with
    the sum of its municipalities' official figures for the compared families; the cluster with the
    families it may be compared on (`cluster_samen`), decided once per cluster."""
    clusters = _clusters(db)
    gi = Niveau(GI, "Hele GI", _som(alle, list(alle)))
    leden: dict[str, list[str]] = {}
    for code, (cid, _) in clusters.items():
        leden.setdefault(cid, []).append(code)
    per_cluster: dict[str, Niveau] = {}
    for cid, codes in leden.items():
        if len(codes) > 1:
            cijfers = _som(alle, codes)
            naam = clusters[codes[0]][1]
            per_cluster[cid] = Niveau(CLUSTER, f"Cluster {naam}", cijfers, cluster_samen(alle, codes, cijfers))
    return {code: ((per_cluster[cid],) if cid in per_cluster else ()) + (gi,) for code, (cid, _) in clusters.items()}


def niveaus_voor(db: Database, gemeente_code: str, alle: Mapping[str, snap.Snapshot]) -> tuple[Niveau, ...]:
    """`niveaus_alle` for one municipality (only its own cluster is audited)."""
    clusters = _clusters(db)
    cid, naam = clusters[gemeente_code]
    codes = [code for code, (c, _) in clusters.items() if c == cid]
    result = []
    if len(codes) > 1:
        cijfers = _som(alle, codes)
        result.append(Niveau(CLUSTER, f"Cluster {naam}", cijfers, cluster_samen(alle, codes, cijfers)))
    result.append(Niveau(GI, "Hele GI", _som(alle, list(alle))))
    return tuple(result)


def context_voor(snapshot: snap.Snapshot, verleden: Mapping[str, snap.Snapshot], kwartalen: Sequence[str],
                 niveaus: Sequence[Niveau]) -> Context:
    """The context of `snapshot` from the snapshots of the trend quarters (same municipality and scope,
    `verleden[kwartaal]`) and the levels to compare with (none for a scope that is not official)."""
    verloop = {q: (snapshot if q == snapshot.kwartaal else verleden[q]).weergave for q in kwartalen}
    return Context(tuple(kwartalen), verloop, tuple(niveaus) if snapshot.officieel else (),
                   dict(snapshot.cijfers), dict(snapshot.afscherming.status), snapshot.tabel, snapshot.controle)


def met_context(db: Database, snapshot: snap.Snapshot,
                alle: Mapping[str, Mapping[str, snap.Snapshot]] | None = None,
                niveaus: Mapping[str, tuple[Niveau, ...]] | None = None) -> snap.Snapshot:
    """`snapshot` with its context. `alle[kwartaal]` (optional) holds the official snapshots of every
    municipality per quarter (`alle_snapshots`: the batch computes them once); without it the past
    quarters are computed with the snapshot's own scope, and the levels from `alle_snapshots`. `niveaus`
    (optional): `niveaus_alle` of the snapshot's quarter, computed once for a batch."""
    kwartalen = trend_kwartalen(db, snapshot.kwartaal)
    scope = snapshot.scope
    verleden = {}
    for q in kwartalen[:-1]:
        if alle is not None and q in alle and snapshot.officieel:
            verleden[q] = alle[q][snapshot.gemeente_code]
        else:
            verleden[q] = snap.snapshot_figures(db, snapshot.gemeente_code, q, scope)
    eigen: tuple[Niveau, ...] = ()
    if snapshot.officieel and niveaus is not None:
        eigen = niveaus[snapshot.gemeente_code]
    elif snapshot.officieel:
        huidig = alle[snapshot.kwartaal] if alle is not None and snapshot.kwartaal in alle else snap.alle_snapshots(
            db, snapshot.kwartaal)
        eigen = niveaus_voor(db, snapshot.gemeente_code, huidig)
    return replace(snapshot, context=context_voor(snapshot, verleden, kwartalen, eigen))
