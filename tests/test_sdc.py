"""Statistical disclosure control of the municipal snapshot (kpi/reports/suppression.py, issue 10).

The attacker has the workbook, the PDF and the definitions. Everything such a
reader knows is declared in kpi/reports/snapshot.py (GROEPEN, DELEN, the shown
percentages); these tests check that what the audit says a reader can deduce
is what an integer brute force or an integer programme finds, and that the
protection rule holds:
  "<5"  the reader's lowest value is at most 1 and the highest at least 4;
  "×"   the reader's interval is at least 5 wide;
  "–"   a hidden percentage takes at least two values.
Figure sets are written by hand with `cijfers(...)`, a helper that fills in
every total, merged cell and percentage the way kpi/reports/snapshot.py computes them.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kpi.core import norms
from kpi.reports import snapshot
from kpi.reports import suppression as sup

TERMIJNEN = snapshot.TERMIJNEN


def cijfers(lopend=(0, 0, 0, 0), k1=(0, 0, 0), k2=(0, 0, 0), k3=(0, 0, 0), k5=(0, 0, 0),
            zonder=(0, 0, 0, 0), monitorlijst=0, hulp=0, klachten=0) -> dict:
    """A full figure set: lopend = (OTS, VOTS, voogdij, JR); kN = (tijdig, te laat, verlopen);
    k5 = (population, complies as registered, complies validated); zonder = (rood, oranje, groen, geen)."""
    c: dict = dict(zip((f"lopend.{s}" for s in snapshot.SOORTEN), lopend))
    c["lopend.totaal"] = sum(lopend)
    for key, (tijdig, te_laat, verlopen) in zip(TERMIJNEN, (k1, k2, k3)):
        totaal = tijdig + te_laat + verlopen
        c |= {f"{key}.tijdig": tijdig, f"{key}.te_laat": te_laat, f"{key}.verlopen": verlopen,
              f"{key}.niet_tijdig": te_laat + verlopen, f"{key}.totaal": totaal,
              f"{key}.percentage": round(100 * tijdig / totaal, 1) if totaal else None}
    populatie, geregistreerd, gevalideerd = k5
    c |= {"k5.populatie": populatie, "k5.voldoet_geregistreerd": geregistreerd,
          "k5.voldoet_niet_geregistreerd": populatie - geregistreerd, "k5.voldoet_gevalideerd": gevalideerd,
          "k5.voldoet_niet_gevalideerd": populatie - gevalideerd,
          "k5.percentage_geregistreerd": round(100 * geregistreerd / populatie, 1) if populatie else None,
          "k5.percentage_gevalideerd": round(100 * gevalideerd / populatie, 1) if populatie else None}
    c |= dict(zip((f"zonder.{k}" for k in snapshot.KLEUREN), zonder))
    c["zonder.totaal"] = sum(zonder)
    c |= {"monitorlijst.aantal": monitorlijst, "monitorlijst.mediaan_wachtdagen": 40.0 if monitorlijst else None,
          "hulp.open": hulp, "klachten.ontvangen": klachten}
    return c


def _grenzen(controle: sup.Controle) -> dict[str, tuple[float, float]]:
    return {i.key: (i.laagste, i.hoogste) for i in controle.intervallen}


def _primair(c: dict, tabel: sup.Tabel) -> dict[str, str]:
    """The suppression before this issue in its simplest form: only the counts of 1-4 hidden."""
    return {k: sup.KLEIN for k in tabel.aantallen if sup.is_klein(c[k])}


def _beschermd(interval: sup.Interval) -> bool:
    """The protection rule, written out once more."""
    if interval.teken == sup.KLEIN:
        return interval.laagste <= 1 and interval.hoogste >= norms.ONDERDRUK_MAX
    if interval.teken == sup.AANVULLEND:
        return interval.hoogste - interval.laagste >= norms.AANVULLEND_BREEDTE
    return interval.hoogste > interval.laagste


# --------------------------------------------------------------------------- the issue's examples


def test_the_example_from_the_issue_is_no_longer_recoverable():
    """Running total 12, voogdij 6, OTS 4, VOTS 1 and JR 1 each "<5", K5 population 10. Since the
    K5 population is at most OTS + voogdij, OTS >= 4, so OTS = 4, and VOTS + JR = 2 gives 1 and 1."""
    c = cijfers(lopend=(4, 1, 6, 1), k5=(10, 7, 5))
    tabel = snapshot.tabel_voor(c)
    oud = sup.controleer(c, _primair(c, tabel), tabel)
    assert _grenzen(oud)["lopend.OTS"] == (4, 4)
    assert _grenzen(oud)["lopend.VOTS"] == (1, 1) and _grenzen(oud)["lopend.JR"] == (1, 1)
    assert not oud.veilig

    a = sup.afscherm(c, tabel)
    assert a.controle.veilig and all(_beschermd(i) for i in a.controle.intervallen)
    grenzen = _grenzen(a.controle)
    for cel in ("lopend.OTS", "lopend.VOTS", "lopend.JR"):
        assert a.weergave[cel].tekst in (sup.KLEIN, sup.AANVULLEND)
        laagste, hoogste = grenzen[cel]
        assert laagste <= 1 and hoogste >= 4, cel


@pytest.mark.parametrize("k1, wat", [
    ((3, 0, 0), "'<5', 0, 0 and total '<5': 100% on time"),
    ((0, 0, 2), "0, 0, '<5' and total '<5': 0% on time"),
    ((7, 1, 0), "tijdig 7 and total 8 shown (te laat '<5'): 87.5%"),
    ((8, 0, 0), "8, 0, 0 of 8: nothing small, yet 100% over fewer than 10"),
])
def test_a_hidden_percentage_cannot_be_worked_out(k1, wat):
    c = cijfers(k1=k1)
    tabel = snapshot.tabel_voor(c)
    oud = sup.controleer(c, _primair(c, tabel), tabel)
    assert _grenzen(oud)["k1.percentage"][0] == _grenzen(oud)["k1.percentage"][1], wat
    a = sup.afscherm(c, tabel)
    assert a.weergave["k1.percentage"].tekst == sup.NIET_GETOOND
    laagste, hoogste = _grenzen(a.controle)["k1.percentage"]
    assert hoogste > laagste and a.controle.veilig, wat


def test_merging_late_and_expired_when_it_shows_more():
    """K3 with 44 deadlines, 3 late, 11 expired: "te laat" alone is "<5"; tijdig, totaal and the
    percentage would give it away. Apart, te laat and verlopen must both go ("×"); merged into "niet
    tijdig" 14, tijdig 30 of 44, the 14 and 68,2% can all be shown: merged says more."""
    c = cijfers(k3=(30, 3, 11))
    tabel = snapshot.tabel_voor(c)
    assert snapshot.samengevoegd(c, "k3") and not snapshot.samengevoegd(c, "k1")
    assert snapshot.termijn_cellen(c, "k3") == ("k3.tijdig", "k3.niet_tijdig", "k3.totaal")
    assert "k3.te_laat" not in tabel.aantallen and "k3.verlopen" not in tabel.aantallen
    a = sup.afscherm(c, tabel)
    assert {k: a.weergave[k].tekst for k in ("k3.tijdig", "k3.niet_tijdig", "k3.totaal", "k3.percentage")} == {
        "k3.tijdig": "30", "k3.niet_tijdig": "14", "k3.totaal": "44", "k3.percentage": "68,2%"}
    assert a.controle.veilig and not a.controle.intervallen

    gesplitst = sup.Tabel(tuple(k for k in snapshot.AANTALLEN if not k.endswith(".niet_tijdig")), tabel.afgeleid,
                          tabel.groepen, tabel.delen, tabel.hoofdcijfers)
    assert sup.controleer(c, _primair(c, gesplitst), gesplitst).onveilig  # "<5" alone: 44 - 30 - 11 = 3
    b = sup.afscherm(c, gesplitst)
    assert [b.weergave[f"k3.{s}"].tekst for s in ("tijdig", "te_laat", "verlopen", "totaal", "percentage")] == [
        "30", "×", "×", "44", "68,2%"]


@pytest.mark.parametrize("k1, samen, getoond, wat", [
    ((30, 3, 11), True, ["30", "14", "44"], "merged: 14 instead of two '×'"),
    ((12, 7, 1), True, ["12", "8", "20"], "verlopen 1: merged 8"),
    ((9, 2, 1), False, ["×", "<5", "<5", "12"], "merged would be '<5' and '×': apart says more"),
    ((9, 0, 4), False, ["×", "0", "×", "13"], "apart shows te laat 0"),
    ((12, 0, 0), False, ["12", "0", "0", "12"], "nothing small: nothing to merge"),
    ((9, 5, 7), False, ["9", "5", "7", "21"], "nothing small"),
])
def test_merge_rule(k1, samen, getoond, wat):
    c = cijfers(k1=k1)
    assert snapshot.samengevoegd(c, "k1") is samen, wat
    a = sup.afscherm(c, snapshot.tabel_voor(c))
    assert [a.weergave[k].tekst for k in snapshot.termijn_cellen(c, "k1")] == getoond, wat


# --------------------------------------------------------------------------- the relations


def test_every_declared_relation_holds_or_fails_loudly():
    c = cijfers(lopend=(4, 1, 6, 1), k5=(10, 7, 5), zonder=(1, 2, 0, 0), monitorlijst=3)
    tabel = snapshot.tabel_voor(c)
    assert sup.controleer_relaties(c, tabel) == snapshot.DELEN  # all hold, the assumption too
    with pytest.raises(sup.RelatieFout, match="groter dan"):
        sup.controleer_relaties(c | {"k5.populatie": 11, "k5.voldoet_niet_geregistreerd": 4,
                                     "k5.voldoet_niet_gevalideerd": 6}, tabel)  # 11 > OTS 4 + voogdij 6
    with pytest.raises(sup.RelatieFout, match="groter dan"):
        sup.controleer_relaties(c | {"k5.voldoet_gevalideerd": 8, "k5.voldoet_niet_gevalideerd": 2}, tabel)
    with pytest.raises(sup.RelatieFout, match="tellen op"):
        sup.controleer_relaties(c | {"lopend.totaal": 13}, tabel)
    with pytest.raises(sup.RelatieFout, match="geen aantal"):
        sup.controleer_relaties(c | {"hulp.open": -1}, tabel)
    # "On the monitorlijst <= without a fixed worker" is an assumption of the reader, not a definition
    # (a measure with both is a data problem): it is left out of the audit when it does not hold.
    beide = c | {"monitorlijst.aantal": 4}
    assert [d.naam for d in sup.controleer_relaties(beide, tabel)] == [d.naam for d in snapshot.DELEN[:-1]]
    assert sup.afscherm(beide, snapshot.tabel_voor(beide)).controle.veilig


def _totaal_unimodulair(A: np.ndarray) -> bool:
    """Ghouila-Houri: every set of rows can be signed so that every column sums to -1, 0 or 1."""
    for grootte in range(1, A.shape[0] + 1):
        for rijen in itertools.combinations(range(A.shape[0]), grootte):
            if not any(np.all(np.abs((A[list(rijen)] * np.array((1, *tekens))[:, None]).sum(axis=0)) <= 1)
                       for tekens in itertools.product((1, -1), repeat=grootte - 1)):
                return False
    return True


def test_the_relations_are_totally_unimodular_so_lp_bounds_are_integer_bounds():
    """The audit solves linear programmes; a reader reasons in whole numbers. With a totally unimodular
    relation matrix (and integer shown values and markers) every corner of the reader's polytope is an
    integer table, so the LP bounds are exactly what a reader can deduce. A new relation that breaks
    this must come with an integer audit."""
    cellen = snapshot.tabel_voor(cijfers()).cellen
    index = {c: i for i, c in enumerate(cellen)}
    rijen = []
    for relatie in (*snapshot.GROEPEN, *snapshot.DELEN):
        rij = np.zeros(len(cellen), dtype=int)
        for cel, coef in relatie.rij().items():
            rij[index[cel]] = coef
        rijen.append(rij)
    A = np.array(rijen)
    # The check is exponential in the rows: per connected group of rows.
    samen = [{i} for i in range(len(A))]
    for i, j in itertools.combinations(range(len(A)), 2):
        if np.any(A[i] & A[j]):
            a, b = next(s for s in samen if i in s), next(s for s in samen if j in s)
            if a is not b:
                samen.remove(b)
                a |= b
    assert max(len(s) for s in samen) <= 10
    for s in samen:
        assert _totaal_unimodulair(A[sorted(s)]), sorted(s)
    assert not _totaal_unimodulair(np.array([[1, 1, 0], [0, 1, 1], [1, 0, 1]]))  # the check can fail


# --------------------------------------------------------------------------- exhaustively and by brute force


def _k_tafels(c: dict, tabel: sup.Tabel, status: dict, getoond: dict, cap: int) -> dict[str, np.ndarray]:
    """Every K1 table (tijdig, te laat, verlopen up to `cap`) a reader of `getoond` cannot rule out, as
    columns."""
    t, l, v = (a.ravel() for a in np.meshgrid(*[np.arange(cap + 1)] * 3, indexing="ij"))
    w = {"k1.tijdig": t, "k1.te_laat": l, "k1.verlopen": v, "k1.niet_tijdig": l + v, "k1.totaal": t + l + v}
    ok = np.ones(t.shape, dtype=bool)
    for cel in (k for k in tabel.aantallen if k.startswith("k1.")):
        teken = status.get(cel)
        if teken is None:
            ok &= w[cel] == c[cel]
        elif teken == sup.KLEIN:
            ok &= (w[cel] >= 1) & (w[cel] <= 4)
    if "k1.percentage" in getoond:
        with np.errstate(divide="ignore", invalid="ignore"):
            ok &= (w["k1.totaal"] > 0) & (np.abs(100 * t / w["k1.totaal"] - getoond["k1.percentage"]) <= 0.05 + 1e-9)
    return {k: a[ok] for k, a in w.items()}


def test_deadline_rows_exhaustively_against_brute_force():
    """Every K1 row with tijdig, te laat and verlopen from 0 to 7: the audit's intervals are exactly what a
    brute force over all whole-number tables finds, and the rule holds for every hidden figure."""
    cap = 16
    for t, l, v in itertools.product(range(8), repeat=3):
        c = cijfers(k1=(t, l, v))
        tabel = snapshot.tabel_voor(c)
        a = sup.afscherm(c, tabel)
        status = {k: x for k, x in a.status.items() if k.startswith("k1.")}
        getoond = {"k1.percentage": c["k1.percentage"]} if not a.weergave["k1.percentage"].verborgen else {}
        tafels = _k_tafels(c, tabel, status, getoond, cap)
        assert np.any(np.all([tafels[k] == c[k] for k in tafels], axis=0))  # the truth is among them
        for i in (i for i in a.controle.intervallen if i.key.startswith("k1.")):
            assert _beschermd(i), (t, l, v, i)
            if i.teken == sup.NIET_GETOOND:
                n = tafels["k1.totaal"] > 0
                verhoudingen = 100 * tafels["k1.tijdig"][n] / tafels["k1.totaal"][n]
                assert verhoudingen.max() > verhoudingen.min(), (t, l, v)
                # the audit's range is the closure (a ratio can approach 100% as tijdig grows)
                assert i.laagste <= verhoudingen.min() + 1e-3 and i.hoogste >= verhoudingen.max() - 1e-3
                continue
            assert i.laagste == tafels[i.key].min(), (t, l, v, i)
            assert i.hoogste == tafels[i.key].max() or (math.isinf(i.hoogste) and tafels[i.key].max() >= cap), i


def _ilp_grenzen(c: dict, tabel: sup.Tabel, status: dict, cel: str) -> tuple[float, float]:
    """What a reader deduces of `cel` in whole numbers: an integer programme built straight from the
    declared relations (not the audit's own model)."""
    cellen = list(tabel.cellen)
    index = {k: i for i, k in enumerate(cellen)}
    laag, hoog = np.zeros(len(cellen)), np.full(len(cellen), math.inf)
    for k in tabel.aantallen:
        if status.get(k) == sup.KLEIN:
            laag[index[k]], hoog[index[k]] = 1, 4
        elif k not in status:
            laag[index[k]] = hoog[index[k]] = c[k]
    rijen, rl, rh = [], [], []
    for relatie in (*tabel.groepen, *sup.controleer_relaties(c, tabel)):
        rij = np.zeros(len(cellen))
        for k, coef in relatie.rij().items():
            rij[index[k]] += coef
        rijen.append(rij)
        rl.append(0.0 if isinstance(relatie, sup.Groep) else -math.inf)
        rh.append(0.0)
    for a in tabel.afgeleid:
        if a.soort == sup.PERCENTAGE and sup.percentage_getoond(a, c, status):
            p = c[a.key]
            for coef_t, coef_n in ((100.0, -(p + 0.05)), (-100.0, p - 0.05)):
                rij = np.zeros(len(cellen))
                rij[index[a.teller]], rij[index[a.noemer]] = coef_t, coef_n
                rijen.append(rij)
                rl.append(-math.inf)
                rh.append(0.0)
    programma = sup._Programma(np.array(rijen), rl, rh, laag, hoog, [True] * len(cellen))
    doel = np.zeros(len(cellen))
    doel[index[cel]] = 1.0
    _, laagste, _ = programma.minimum(doel)
    soort, hoogste, _ = programma.minimum(-doel)
    return laagste, (math.inf if soort == "onbegrensd" else -hoogste)


@st.composite
def kleine_gemeente(draw) -> dict:
    """A small municipality whose figures respect the definitions: sub-populations within their
    populations, parts adding up, validated within registered."""
    n = st.integers(0, 6)
    lopend = (draw(n), draw(st.integers(0, 3)), draw(n), draw(st.integers(0, 3)))
    totaal = sum(lopend)
    populatie = draw(st.integers(0, lopend[0] + lopend[2]))
    geregistreerd = draw(st.integers(0, populatie))
    gevalideerd = draw(st.integers(0, geregistreerd))
    zonder = []
    for _ in snapshot.KLEUREN:
        zonder.append(draw(st.integers(0, totaal - sum(zonder))))
    termijn = st.tuples(st.integers(0, 12), st.integers(0, 5), st.integers(0, 5))
    return cijfers(lopend, draw(termijn), draw(termijn), draw(termijn), (populatie, geregistreerd, gevalideerd),
                   tuple(zonder), draw(st.integers(0, sum(zonder))), draw(st.integers(0, 6)))


@given(kleine_gemeente())
@settings(max_examples=120, deadline=None)
def test_every_suppressed_cell_of_a_small_population_is_protected(c):
    tabel = snapshot.tabel_voor(c)
    a = sup.afscherm(c, tabel)
    for key in tabel.aantallen:  # no small count shown, nothing shown that is not the truth
        w = a.weergave[key]
        assert w.verborgen or (not sup.is_klein(c[key]) and w.waarde == c[key]), key
    for afgeleid in tabel.afgeleid:
        if not a.weergave[afgeleid.key].verborgen:
            assert c[afgeleid.noemer] >= norms.MIN_NOEMER_PERCENTAGE
    assert a.controle.veilig
    verborgen = {i.key for i in a.controle.intervallen}
    assert verborgen >= set(a.status)
    for i in a.controle.intervallen:
        assert _beschermd(i), i
        if i.teken != sup.NIET_GETOOND:  # the LP bounds are the whole-number bounds
            assert (i.laagste, i.hoogste) == _ilp_grenzen(c, tabel, a.status, i.key), i


@pytest.mark.parametrize("klachten, getoond, grenzen", [
    (0, "0", None),  # 0 is shown: it is related to nothing, so it gives nothing away
    (1, sup.KLEIN, (1, 4)),
    (4, sup.KLEIN, (1, 4)),
    (5, "5", None),
])
def test_complaints_received_are_suppressed_on_their_own(klachten, getoond, grenzen):
    """Issue 13: klachten.ontvangen is in no relation (a family can complain more than once, also about a
    measure that ended), so it is its own block: 1..4 is "<5" with the interval 1..4, and no other cell is
    hidden for it (the other figures here are all shown)."""
    c = cijfers(lopend=(30, 0, 0, 0), klachten=klachten)
    a = sup.afscherm(c, snapshot.tabel_voor(c))
    assert a.weergave["klachten.ontvangen"].tekst == getoond and a.controle.veilig
    assert {i.key: (i.laagste, i.hoogste) for i in a.controle.intervallen} == (
        {"klachten.ontvangen": grenzen} if grenzen else {})
    assert not any(r for r in (*snapshot.GROEPEN, *snapshot.DELEN) if "klachten.ontvangen" in r.cellen)


def test_an_empty_municipality_shows_zeros():
    a = sup.afscherm(cijfers(), snapshot.tabel_voor(cijfers()))
    assert not a.status and a.controle.veilig and not a.controle.intervallen
    assert a.weergave["lopend.totaal"].tekst == "0" and a.weergave["k1.percentage"].tekst == sup.NIET_GETOOND


# --------------------------------------------------------------------------- texts


def test_the_rule_and_the_symbols_say_what_is_guaranteed():
    assert "'<5'" in sup.REGEL and "'×'" in sup.REGEL and "soms ook een 0" in sup.REGEL
    assert "rekenprogramma" in sup.REGEL
    assert "ook 0" in snapshot.VOETNOTEN[sup.AANVULLEND]
    definities = dict(snapshot.definities())["Wat uit de definities volgt"]
    assert ("kinderen met een jaarnorm voor kind-alleen-contact is hoogstens lopende OTS + lopende voogdij"
            in definities)
    assert "voldoet gevalideerd is hoogstens voldoet volgens registratie" in definities
    assert "eerste contact niet tijdig = eerste contact te laat + eerste contact verlopen" in definities
    assert "(meestal" in definities  # the assumption is marked as one
