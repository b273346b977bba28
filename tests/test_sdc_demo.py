"""The suppression audit over the whole demo (seed 42): every municipality, every quarter the
Gemeentesnapshot page offers (kalender.kwartalen_tot of the export date).

The figures come from `snapshot.alle_snapshots` (one query per figure for all municipalities at once);
test_grouped_figures_equal_the_scoped_ones checks them against the scoped queries of the batch.
"""

from __future__ import annotations

import collections
import random

import pytest

from kpi.core import kalender
from kpi.reports import snapshot
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
            assert s.controle.veilig, snapshot.controle_tekst(s)
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
