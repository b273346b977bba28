"""The suppression audit over the whole demo (seed 42): every municipality, every quarter the
Gemeentesnapshot page offers (kalender.kwartalen_tot of the export date).

The figures come from `snapshot.alle_snapshots` (one query per figure for all municipalities at once);
test_grouped_figures_equal_the_scoped_ones checks them against the scoped queries of the batch.
"""

from __future__ import annotations

import collections
import dataclasses
import random

import pytest

from kpi.core import kalender
from kpi.reports import snapshot, snapshot_batch, snapshot_context
from kpi.reports import suppression as sup


def test_grouped_figures_equal_the_scoped_ones(demo):
    kwartalen = kalender.kwartalen_tot(demo.exportdatum)
    rng = random.Random(10)
    for kwartaal in (kwartalen[0], kwartalen[5], kwartalen[-1]):
        alle = snapshot.alle_snapshots(demo, kwartaal)
        assert len(alle) == 340
        for code in rng.sample(sorted(alle), 4):
            assert alle[code].cijfers == snapshot.snapshot_figures(demo, code, kwartaal).cijfers, (kwartaal, code)


@pytest.mark.slow
def test_every_municipality_and_quarter_of_the_demo_passes_the_audit(demo):
    """Every declared relation holds for the true figures (else RelatieFout), and every snapshot passes
    its audit: no "<5" narrowed, no "×" narrower than 5, no hidden percentage that follows."""
    tel = collections.Counter()
    for kwartaal in kalender.kwartalen_tot(demo.exportdatum):
        for s in snapshot.alle_snapshots(demo, kwartaal).values():
            assert s.controle.veilig, snapshot_batch.controle_tekst(s)
            for key in s.tabel.aantallen:
                w = s.weergave[key]
                assert w.verborgen or not sup.is_klein(s.cijfers[key]), (s.gemeente_code, kwartaal, key)
            tel["snapshots"] += 1
            tel["verborgen"] += len(s.controle.intervallen)
            tel["klachten"] += s.cijfers["klachten.ontvangen"]
            tel["klachten <5"] += s.tekst("klachten.ontvangen") == sup.KLEIN
    assert tel["snapshots"] == 12 * 340
    assert tel["verborgen"] > 0
    assert tel["klachten"] > 0 and tel["klachten <5"] > 0  # the complaint cells were audited with real values


def test_cluster_and_gi_are_the_sums_of_their_municipalities(demo):
    """The levels a snapshot is compared with: the cluster (its municipalities' official figures added up)
    and the GI (all of them); the percentages from those sums."""
    kwartaal = kalender.kwartalen_tot(demo.exportdatum)[1]
    alle = snapshot.alle_snapshots(demo, kwartaal)
    leden = [c for c, cluster in demo.sql("select gemeente_code, cluster_id from gemeenten").rows() if cluster == "UTR"]
    cluster, gi = snapshot_context.niveaus_voor(demo, leden[0], alle)
    assert (cluster.code, cluster.naam, gi.code) == ("cluster", "Cluster Utrecht/Flevoland", "gi")
    for key in ("k1.totaal", "k1.tijdig", "k5.populatie", "k5.voldoet_gevalideerd"):
        assert cluster.cijfers[key] == sum(alle[c].cijfers[key] for c in leden) > 0, key
        assert gi.cijfers[key] == sum(s.cijfers[key] for s in alle.values()), key
    assert cluster.cijfers["k1.percentage"] == round(100 * cluster.cijfers["k1.tijdig"] / cluster.cijfers["k1.totaal"], 1)


@pytest.mark.slow
def test_every_municipality_and_quarter_passes_the_audit_with_history_and_comparison(demo):
    """Issue 14: with the previous quarter, the trend and the cluster and GI comparisons as published, no
    hidden figure of any municipality in any quarter can be narrowed (the joint audit; a cluster's
    comparison only where all its municipalities' snapshots side by side pass too), and the
    municipality's own suppression is unchanged."""
    kwartalen = kalender.kwartalen_tot(demo.exportdatum)
    alle = {q: snapshot.alle_snapshots(demo, q) for q in kwartalen}
    tel = collections.Counter()
    for kwartaal in kwartalen:
        niveaus = snapshot_context.niveaus_alle(demo, alle[kwartaal])  # each cluster audited side by side
        tel["cluster_weggelaten"] += sum(len(snapshot_context.FAMILIES) - len(n[0].toegestaan)
                                         for n in {n[0].naam: n for n in niveaus.values() if len(n) > 1}.values())
        for s in alle[kwartaal].values():
            context = snapshot_context.met_context(demo, s, alle, niveaus).context
            assert context.controle.veilig, snapshot_batch.controle_tekst(dataclasses.replace(s, context=context))
            assert context.eigen_status == s.afscherming.status
            tel["snapshots"] += 1
            tel["vergelijkingen"] += len(context.getoond)
            tel["weggelaten"] += sum(1 for n in context.niveaus for f in snapshot_context.FAMILIES
                                     if (n.code, f) not in context.getoond)
    assert tel["snapshots"] == 12 * 340
    assert tel["vergelijkingen"] > 0
    print(dict(tel))
