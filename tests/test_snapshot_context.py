"""History and comparisons of the municipal snapshot (issue 14, kpi/reports/snapshot_context.py).

- The previous quarter and the trend are each quarter's own snapshot, as that snapshot showed it.
- The cluster and GI percentages (with their denominators) join the municipality's table with
  "level = inner + rest" as relations; a comparison that would let a reader narrow a hidden figure by
  differencing (GI - municipality) is not shown, and the joint audit passes.
"""

from __future__ import annotations

import io

import pytest

from kpi.core.params import Scope
from kpi.reports import snapshot, snapshot_batch, snapshot_pdf
from kpi.reports import snapshot_context as sc
from kpi.reports import suppression as sup
from tests.builders import D
from tests.test_sdc import cijfers
from tests.test_snapshot import KWARTAAL, _render, _xlsx_cells
from tests.test_snapshot import db  # noqa: F401  (the fixture: Utrecht and Rotterdam)


def _snapshot(c: dict, kwartaal: str = "2025Q2") -> snapshot.Snapshot:
    van, tot = D("2025-04-01"), D("2025-06-30")
    return snapshot.Snapshot("GM0001", "Aarle", kwartaal, van, tot, tot, D("2025-09-30"), c)


def _gi(**tellingen) -> sc.Niveau:
    """The GI's figures of the compared KPIs (large and harmless unless given)."""
    c = {"k1.totaal": 500, "k1.tijdig": 400, "k2.totaal": 300, "k2.tijdig": 200, "k3.totaal": 300,
         "k3.tijdig": 250, "k5.populatie": 400, "k5.voldoet_geregistreerd": 300, "k5.voldoet_gevalideerd": 250}
    c |= {k.replace("_", ".", 1): v for k, v in tellingen.items()}
    for a in sc.VERGELEKEN:
        c[a.key] = round(100 * c[a.teller] / c[a.noemer], 1)
    return sc.Niveau(sc.GI, "Hele GI", c)


# The municipality of the differencing example: K1 with 7 on time, 0 late, 3 expired. Its own snapshot
# shows tijdig ×, te laat ×, verlopen <5, totaal 10 (percentage –): a reader knows tijdig from 0 to 9.
AARLE = cijfers(lopend=(30, 3, 12, 5), k1=(7, 0, 3), k2=(20, 5, 5), k3=(30, 5, 11), k5=(40, 31, 25),
                zonder=(5, 6, 9, 5), monitorlijst=15, hulp=7)


def test_differencing_gi_minus_municipality_would_reveal_a_count():
    """The GI has one K1 deadline more than the municipality, and 63,6% of 11 on time: 7. Shown beside
    the municipality, a reader gets tijdig = 7 - (0 or 1), so 6 or 7 (its × says 0 to 9), and te laat
    0 to 3. The audit finds this, so the GI's K1 is not shown ('–'); K2, K3 and K5 are."""
    s = _snapshot(AARLE)
    assert [s.tekst(k) for k in ("k1.tijdig", "k1.te_laat", "k1.verlopen", "k1.totaal", "k1.percentage")] == [
        "×", "×", "<5", "10", "–"]
    gi = _gi(k1_totaal=11, k1_tijdig=7)
    assert gi.cijfers["k1.percentage"] == 63.6

    # Without the protection: the comparison shown, the reader narrows two hidden counts.
    tabel, waarden = sc._niveau_tabel(s.tabel, s.cijfers, (gi,), frozenset({(sc.GI, "k1")}))
    onveilig = {i.key: (i.laagste, i.hoogste) for i in sup.controleer(waarden, s.afscherming.status, tabel).onveilig}
    assert onveilig == {"k1.tijdig": (6, 7), "k1.te_laat": (0, 3)}

    # With it.
    context = sc.context_voor(s, {}, ("2025Q2",), (gi,))
    assert context.getoond == {(sc.GI, "k2"), (sc.GI, "k3"), (sc.GI, "k5")}
    assert context.vergelijking_tekst(sc.GI, "k1.percentage") == "–"
    assert context.vergelijking_tekst(sc.GI, "k2.percentage") == "66,7% van 300"
    assert context.vergelijking_tekst(sc.GI, "k5.percentage_gevalideerd") == "62,5% van 400"
    assert context.vergelijking_tekst(sc.GI, "lopend.totaal") == ""  # counts are not compared
    assert context.controle.veilig
    grenzen = {i.key: (i.laagste, i.hoogste) for i in context.controle.intervallen}
    assert grenzen["k1.tijdig"] == (0, 9) and grenzen["k1.te_laat"] == (0, 9)
    # The municipality's own cells keep their suppression.
    assert context.eigen_status == s.afscherming.status


def test_the_cluster_sits_between_the_municipality_and_the_gi():
    """With a cluster, the GI's rest is the GI minus the cluster: cluster 63,6% of 11 would reveal the
    same as above and is not shown; the GI (K1 400 of 500) is, over municipality + rest."""
    s = _snapshot(AARLE)
    cluster = sc.Niveau(sc.CLUSTER, "Cluster Noord", _gi(k1_totaal=11, k1_tijdig=7).cijfers)
    context = sc.context_voor(s, {}, ("2025Q2",), (cluster, _gi()))
    assert (sc.CLUSTER, "k1") not in context.getoond and (sc.GI, "k1") in context.getoond
    assert context.controle.veilig
    assert context.vergelijking_tekst(sc.CLUSTER, "k1.percentage") == "–"
    assert context.vergelijking_tekst(sc.GI, "k1.percentage") == "80,0% van 500"


@pytest.fixture(scope="module")
def utrecht(db):
    return sc.met_context(db, snapshot.snapshot_figures(db, "GM0344", KWARTAAL))


def test_previous_quarter_and_trend_are_each_quarters_own_snapshot(db, utrecht):
    """Every figure of a past quarter is that quarter's own published figure, with its own suppression:
    nothing new about the past."""
    context = utrecht.context
    assert context.kwartalen == ("2023Q3", "2023Q4", "2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2")
    assert context.vorig == "2025Q1"
    for q in context.kwartalen:
        assert context.verloop[q] == snapshot.snapshot_figures(db, "GM0344", q).weergave, q
    vorig = snapshot.snapshot_figures(db, "GM0344", "2025Q1")
    # 2025Q1: the 12 OTS started on 3 March run (shown), the 3 voogdij start in June.
    assert (vorig.tekst("lopend.OTS"), vorig.tekst("lopend.voogdij")) == ("12", "0")
    assert [context.vorige_tekst(k) for k in ("lopend.OTS", "lopend.voogdij")] == ["12", "0"]
    assert utrecht.tekst("lopend.voogdij") == "<5"


def test_a_deadline_kpi_merged_in_another_quarter():
    """A quarter that showed 'niet tijdig' has no te laat in its snapshot: '(samen)', never a number."""
    nu = _snapshot(cijfers(k3=(30, 5, 11)))
    toen = _snapshot(cijfers(k3=(30, 3, 11)), "2025Q1")
    assert snapshot.samengevoegd(toen.cijfers, "k3") and not snapshot.samengevoegd(nu.cijfers, "k3")
    context = sc.context_voor(nu, {"2025Q1": toen}, ("2025Q1", "2025Q2"), ())
    assert [context.vorige_tekst(f"k3.{x}") for x in ("tijdig", "te_laat", "verlopen", "totaal")] == [
        "30", "(samen)", "(samen)", "44"]
    assert snapshot.verloop_tekst(context, "2025Q1", "k3.niet_tijdig") == "14"
    assert snapshot.verloop_tekst(context, "2025Q2", "k3.niet_tijdig") == "(apart)"


def test_a_scope_that_is_not_official_gets_history_but_no_comparison(db):
    s = sc.met_context(db, snapshot.snapshot_figures(db, "GM0344", KWARTAAL, Scope(clusters=("UTR",))))
    assert len(s.context.kwartalen) == 8 and s.context.niveaus == ()
    assert s.context.controle == s.controle


def test_workbook_and_pdf_with_history_and_comparison(utrecht):
    """Utrecht beside the GI (Utrecht and Rotterdam): only K3 is shown (78,1% of 32); the workbook has
    the columns and the Verloop sheet, the PDF a third page."""
    context = utrecht.context
    assert [n.naam for n in context.niveaus] == ["Hele GI"]  # each municipality is its cluster's only one
    assert context.getoond == {(sc.GI, "k3")}
    buffer = io.BytesIO()
    snapshot.write_excel(utrecht, buffer)
    cellen = _xlsx_cells(buffer.getvalue())
    assert list(cellen) == ["Cijfers", "Verloop", "Definities"]
    assert "Vorig kwartaal (2025Q1)" in cellen["Cijfers"] and "Hele GI" in cellen["Cijfers"]
    assert any(abs(float(c) - 0.781) < 1e-9 for c in cellen["Cijfers"] if c.startswith("0.78"))  # GI K3: 78,1%
    assert "32" in cellen["Cijfers"]  # ... of 32
    assert "2023Q3" in cellen["Verloop"] and not any(c in ("1", "2", "3", "4") for c in cellen["Verloop"])
    buffer = io.BytesIO()
    assert snapshot_pdf.write_pdf(utrecht, buffer) == 3
    paginas, tekst = _render(buffer.getvalue(), "snapshot_context")
    assert paginas == 3
    assert "Vergelijking" in tekst and "78,1% van 32" in tekst and "Verloop over 8 kwartalen" in tekst


def test_a_clusters_snapshots_side_by_side_would_reveal_a_count():
    """Two municipalities of one cluster: Aarle as above (K1 tijdig × from 0 to 9, totaal 10) and Bommel with
    K1 15 on time, 0 late, 10 expired, all shown. The cluster: 22 of 35, 62,9%. Aarle's snapshot alone is
    safe beside it (the rest, 25 deadlines, could hold 0 to 22 on time), but whoever has both snapshots
    gets Aarle's tijdig = 22 - 15 = 7. So the cluster is compared on K2, K3 and K5 only, for both."""
    aarle, bommel = _snapshot(AARLE), _snapshot(cijfers(lopend=(30, 3, 12, 5), k1=(15, 0, 10), k2=(20, 5, 5),
                                                        k3=(30, 5, 11), k5=(40, 31, 25), zonder=(5, 6, 9, 5),
                                                        monitorlijst=15, hulp=7))
    assert [bommel.tekst(k) for k in ("k1.tijdig", "k1.te_laat", "k1.verlopen", "k1.totaal")] == ["15", "0", "10", "25"]
    alle = {"GM0001": aarle, "GM0002": bommel}
    cijfers_cluster = sc._som(alle, list(alle))
    assert (cijfers_cluster["k1.tijdig"], cijfers_cluster["k1.totaal"], cijfers_cluster["k1.percentage"]) == (22, 35, 62.9)

    # Aarle's snapshot alone: the comparison passes the audit.
    alleen = sc.context_voor(aarle, {}, ("2025Q2",), (sc.Niveau(sc.CLUSTER, "Cluster Noord", cijfers_cluster),))
    assert (sc.CLUSTER, "k1") in alleen.getoond and alleen.controle.veilig

    # Side by side: not.
    assert sc.cluster_samen(alle, list(alle), cijfers_cluster) == {"k2", "k3", "k5"}
    cluster = sc.Niveau(sc.CLUSTER, "Cluster Noord", cijfers_cluster, sc.cluster_samen(alle, list(alle), cijfers_cluster))
    for s in (aarle, bommel):
        context = sc.context_voor(s, {}, ("2025Q2",), (cluster,))
        assert context.vergelijking_tekst(sc.CLUSTER, "k1.percentage") == "–"
        assert context.vergelijking_tekst(sc.CLUSTER, "k2.percentage") == "66,7% van 60"
