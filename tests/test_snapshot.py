"""Quarterly municipal snapshot: figures, suppression, Excel, PDF and the batch.

kpi-definities.md, last section; docs/snapshot.md. Quarter 2025Q2, export
date 2025-09-30, so P = 2025-06-30. Dutch holidays used: Whit Monday 9 June.

GM0344 (Utrecht), a small municipality where suppression matters:
  A01-A12  OTS, start Mon 2025-03-03, running. K1 deadline 03-10 (Q1, not
           counted); K2 deadline 04-14; K3 deadline 06-03 (both in Q2).
           Plans: A01-A09 04-01 (tijdig), A10-A11 05-01 (te laat), A12 none.
           Help:  A01-A10 started 05-01 (tijdig), A11 started 06-20 (te laat),
                  A12 requested 04-01, not started (verlopen, and an open request).
           K5 (exposure 120 days, required floor(4*120/365) = 1): A01-A07 a
           validated child-alone contact, A08-A10 one with others present
           (registered only), A11-A12 none.
           A01-A08 a fixed worker; A09-A12 on the monitorlijst since 03-10
           (112 days at P), colour A09-A10 rood, A11-A12 groen.
  B01-B03  voogdij, start Mon 2025-06-02, running, in the in-/doorstroom team,
           colour groen. K1 deadline 06-10 (Whit Monday skipped), contact 06-04:
           tijdig. Exposure 29 days: not in K5. K2/K3 deadlines in Q3.
  C01-C05  OTS, start Mon 2025-04-07, ended 05-16. K1 deadline 04-14, contact
           04-09: tijdig. K2 deadline 05-19 after the end without a plan: left out.
  Requests not counted as open: A01 refused, C01 on an ended measure, A02
           requested after P.

GM0599 (Rotterdam), large enough that everything is shown:
  Z01-Z20  OTS, start Mon 2025-01-06, running; K3 deadline 04-06: Z01-Z15 help
           started 03-01, Z16-Z20 an open request. Z01-Z12 on the monitorlijst
           since 01-06 + i days (waits 175 ... 164, median 169.5), colour
           Z01-Z06 rood, Z07-Z12 oranje; Z13-Z20 a fixed worker. K5: exposure
           176 days, required 1, no contacts.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import io
import itertools
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpi import cli, norms, snapshot
from kpi import suppression as sup
from kpi.params import Filters, Scope
from kpi.report import build_report
from tests.builders import D, make_db

KWARTAAL = "2025Q2"
P = D("2025-06-30")
SHOTS = Path("/tmp/shots")


def _ids(prefix: str, n: int) -> list[str]:
    return [f"{prefix}{i:02d}" for i in range(1, n + 1)]


def _snapshot_db(tmp_path: Path, exportdatum: str = "2025-09-30", name: str = "snapshot.duckdb"):
    A, B, C, Z = _ids("A", 12), _ids("B", 3), _ids("C", 5), _ids("Z", 20)
    maatregelen = (
        [{"maatregel_id": m, "soort": "OTS", "startdatum": "2025-03-03"} for m in A]
        + [{"maatregel_id": m, "soort": "voogdij", "startdatum": "2025-06-02"} for m in B]
        + [{"maatregel_id": m, "soort": "OTS", "startdatum": "2025-04-07", "einddatum": "2025-05-16"} for m in C]
        + [{"maatregel_id": m, "soort": "OTS", "startdatum": "2025-01-06", "gemeente_code": "GM0599",
            "team_id": "ZHL-JB1"} for m in Z]
    )
    medewerkers = [
        {"medewerker_id": "W1", "functie": "jeugdzorgwerker", "team_id": "UTR-JB1", "fte": 1.0,
         "in_dienst": "2020-01-01"},
        {"medewerker_id": "W2", "functie": "jeugdzorgwerker", "team_id": "UTR-ID", "fte": 1.0,
         "in_dienst": "2020-01-01"},
        {"medewerker_id": "W3", "functie": "jeugdzorgwerker", "team_id": "ZHL-JB1", "fte": 1.0,
         "in_dienst": "2020-01-01"},
    ]
    toewijzingen = (
        [{"maatregel_id": m, "medewerker_id": "W1", "van": "2025-03-03", "rol": "vast"} for m in A[:8]]
        + [{"maatregel_id": m, "medewerker_id": "W2", "van": "2025-06-02", "rol": "in_doorstroom"} for m in B]
        + [{"maatregel_id": m, "medewerker_id": "W3", "van": "2025-01-06", "rol": "vast"} for m in Z[12:]]
    )
    monitorlijst = (
        [{"maatregel_id": m, "op_lijst": "2025-03-10"} for m in A[8:]]
        + [{"maatregel_id": m, "op_lijst": f"2025-01-{6 + i:02d}"} for i, m in enumerate(Z[:12])]
    )
    veiligheid = (
        [{"maatregel_id": m, "datum": "2025-03-05", "kleurcode": "rood"} for m in A[8:10]]
        + [{"maatregel_id": m, "datum": "2025-03-05", "kleurcode": "groen"} for m in A[10:]]
        + [{"maatregel_id": m, "datum": "2025-06-04", "kleurcode": "groen"} for m in B]
        + [{"maatregel_id": m, "datum": "2025-01-08", "kleurcode": "rood" if i < 6 else "oranje"}
           for i, m in enumerate(Z[:12])]
    )
    plannen = ([{"maatregel_id": m, "vastgesteld_op": "2025-04-01"} for m in A[:9]]
               + [{"maatregel_id": m, "vastgesteld_op": "2025-05-01"} for m in A[9:11]])
    hulp = (
        [{"hulp_id": f"H{m}", "maatregel_id": m, "hulpvorm": "ambulant", "aangevraagd_op": "2025-04-01",
          "gestart_op": "2025-05-01"} for m in A[:10]]
        + [{"hulp_id": "HA11", "maatregel_id": "A11", "hulpvorm": "ambulant", "aangevraagd_op": "2025-04-01",
            "gestart_op": "2025-06-20"},
           {"hulp_id": "HA12", "maatregel_id": "A12", "hulpvorm": "ambulant", "aangevraagd_op": "2025-04-01"},
           {"hulp_id": "HA01x", "maatregel_id": "A01", "hulpvorm": "pleegzorg", "aangevraagd_op": "2025-04-02",
            "afgewezen": True},
           {"hulp_id": "HC01", "maatregel_id": "C01", "hulpvorm": "ambulant", "aangevraagd_op": "2025-04-10"},
           {"hulp_id": "HA02x", "maatregel_id": "A02", "hulpvorm": "ambulant", "aangevraagd_op": "2025-07-05"}]
        + [{"hulp_id": f"H{m}", "maatregel_id": m, "hulpvorm": "ambulant", "aangevraagd_op": "2025-01-20",
            "gestart_op": "2025-03-01"} for m in Z[:15]]
        + [{"hulp_id": f"H{m}", "maatregel_id": m, "hulpvorm": "ambulant", "aangevraagd_op": "2025-02-20"}
           for m in Z[15:]]
    )
    kind_alleen = {"kind_alleen": True, "vorm": "face_to_face", "met_jeugdige": True}
    contacten = (
        [{"maatregel_id": m, "datum": "2025-05-15", **kind_alleen, "andere_aanwezigen": False} for m in A[:7]]
        + [{"maatregel_id": m, "datum": "2025-05-15", **kind_alleen, "andere_aanwezigen": True} for m in A[7:10]]
        + [{"maatregel_id": m, "datum": "2025-06-04"} for m in B]
        + [{"maatregel_id": m, "datum": "2025-04-09"} for m in C]
    )
    verblijf = [{"maatregel_id": m["maatregel_id"], "van": m["startdatum"], "woonsituatie": "thuis"}
                for m in maatregelen]
    return make_db(tmp_path, exportdatum=exportdatum, name=name, maatregelen=maatregelen,
                   medewerkers=medewerkers, toewijzingen=toewijzingen, monitorlijst=monitorlijst,
                   veiligheidsinschattingen=veiligheid, plannen=plannen, hulp=hulp, contacten=contacten,
                   verblijf=verblijf)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    database = _snapshot_db(tmp_path_factory.mktemp("snapshot"))
    yield database
    database.close()


@pytest.fixture(scope="module")
def utrecht(db):
    return snapshot.snapshot_figures(db, "GM0344", KWARTAAL)


@pytest.fixture(scope="module")
def rotterdam(db):
    return snapshot.snapshot_figures(db, "GM0599", KWARTAAL)


# --------------------------------------------------------------------------- figures

UTRECHT = {
    "lopend.totaal": 15, "lopend.OTS": 12, "lopend.VOTS": 0, "lopend.voogdij": 3, "lopend.JR": 0,
    "k1.tijdig": 8, "k1.te_laat": 0, "k1.verlopen": 0, "k1.totaal": 8, "k1.percentage": 100.0,
    "k2.tijdig": 9, "k2.te_laat": 2, "k2.verlopen": 1, "k2.totaal": 12, "k2.percentage": 75.0,
    "k3.tijdig": 10, "k3.te_laat": 1, "k3.verlopen": 1, "k3.totaal": 12, "k3.percentage": 83.3,
    "k5.populatie": 12, "k5.voldoet_geregistreerd": 10, "k5.voldoet_niet_geregistreerd": 2,
    "k5.voldoet_gevalideerd": 7, "k5.voldoet_niet_gevalideerd": 5,
    "k5.percentage_geregistreerd": 83.3, "k5.percentage_gevalideerd": 58.3,
    "zonder.totaal": 7, "zonder.rood": 2, "zonder.oranje": 0, "zonder.groen": 5, "zonder.geen": 0,
    "monitorlijst.aantal": 4, "monitorlijst.mediaan_wachtdagen": 112.0,
    "hulp.open": 1,
}
# As shown: "<5" for 1-4; "×" where a "<5" could be worked out from its group;
# "–" for a percentage over fewer than 10 or with a hidden numerator.
UTRECHT_GETOOND = {
    "lopend.totaal": "15", "lopend.OTS": "×", "lopend.VOTS": "0", "lopend.voogdij": "<5", "lopend.JR": "0",
    "k1.tijdig": "8", "k1.te_laat": "0", "k1.verlopen": "0", "k1.totaal": "8", "k1.percentage": "–",
    "k2.tijdig": "9", "k2.te_laat": "<5", "k2.verlopen": "<5", "k2.totaal": "12", "k2.percentage": "75,0%",
    "k3.tijdig": "×", "k3.te_laat": "<5", "k3.verlopen": "<5", "k3.totaal": "12", "k3.percentage": "–",
    "k5.populatie": "12", "k5.voldoet_geregistreerd": "×", "k5.voldoet_niet_geregistreerd": "<5",
    "k5.voldoet_gevalideerd": "7", "k5.voldoet_niet_gevalideerd": "5",
    "k5.percentage_geregistreerd": "–", "k5.percentage_gevalideerd": "58,3%",
    "zonder.totaal": "7", "zonder.rood": "<5", "zonder.oranje": "0", "zonder.groen": "×", "zonder.geen": "0",
    "monitorlijst.aantal": "<5", "monitorlijst.mediaan_wachtdagen": "–",
    "hulp.open": "<5",
}
ROTTERDAM = {
    "lopend.totaal": 20, "lopend.OTS": 20, "lopend.VOTS": 0, "lopend.voogdij": 0, "lopend.JR": 0,
    "k1.tijdig": 0, "k1.te_laat": 0, "k1.verlopen": 0, "k1.totaal": 0, "k1.percentage": None,
    "k2.tijdig": 0, "k2.te_laat": 0, "k2.verlopen": 0, "k2.totaal": 0, "k2.percentage": None,
    "k3.tijdig": 15, "k3.te_laat": 0, "k3.verlopen": 5, "k3.totaal": 20, "k3.percentage": 75.0,
    "k5.populatie": 20, "k5.voldoet_geregistreerd": 0, "k5.voldoet_niet_geregistreerd": 20,
    "k5.voldoet_gevalideerd": 0, "k5.voldoet_niet_gevalideerd": 20,
    "k5.percentage_geregistreerd": 0.0, "k5.percentage_gevalideerd": 0.0,
    "zonder.totaal": 12, "zonder.rood": 6, "zonder.oranje": 6, "zonder.groen": 0, "zonder.geen": 0,
    "monitorlijst.aantal": 12, "monitorlijst.mediaan_wachtdagen": 169.5,
    "hulp.open": 5,
}


def test_peildatum_is_the_last_day_of_the_quarter(utrecht):
    assert (utrecht.van, utrecht.tot, utrecht.peildatum, utrecht.exportdatum) == (
        D("2025-04-01"), P, P, D("2025-09-30"))
    assert utrecht.compleet and utrecht.gemeente_naam == "Utrecht"


def test_peildatum_is_the_export_date_inside_the_quarter(tmp_path):
    database = _snapshot_db(tmp_path, exportdatum="2025-08-15")
    try:
        s = snapshot.snapshot_figures(database, "GM0344", "2025q3")
        assert (s.kwartaal, s.van, s.tot, s.peildatum, s.compleet) == (
            "2025Q3", D("2025-07-01"), D("2025-09-30"), D("2025-08-15"), False)
        assert "nog niet compleet" in snapshot.peildatum_tekst(s)
        assert snapshot.write_pdf(s, io.BytesIO()) == 2
        with pytest.raises(ValueError, match="na de exportdatum"):
            snapshot.snapshot_figures(database, "GM0344", "2025Q4")
    finally:
        database.close()


def test_unknown_municipality_and_quarter(db):
    with pytest.raises(ValueError, match="Onbekende gemeente"):
        snapshot.snapshot_figures(db, "GM9999", KWARTAAL)
    with pytest.raises(ValueError, match="kwartaal"):
        snapshot.snapshot_figures(db, "GM0344", "2025-06")


def test_small_municipality_figures(utrecht):
    assert utrecht.cijfers == UTRECHT


def test_large_municipality_figures(rotterdam):
    assert rotterdam.cijfers == ROTTERDAM


def test_small_municipality_as_shown(utrecht):
    assert {k: w.tekst for k, w in utrecht.weergave.items()} == UTRECHT_GETOOND
    reden = {k: w.reden for k, w in utrecht.weergave.items()}
    assert reden["lopend.voogdij"] == sup.REDEN_KLEIN  # 3
    assert reden["lopend.OTS"] == sup.REDEN_AANVULLEND  # else voogdij = 15 - 12 - 0 - 0
    assert reden["k1.percentage"] == sup.REDEN_NOEMER  # 8 < 10, while its counts are shown
    assert reden["k3.tijdig"] == sup.REDEN_AANVULLEND  # else te laat + verlopen = 2 gives 1 and 1
    assert reden["k2.tijdig"] is None  # te laat + verlopen = 3: each 1 or 2, not recoverable
    assert reden["zonder.groen"] == sup.REDEN_AANVULLEND  # else rood = 7 - 5


def test_large_municipality_shows_everything(rotterdam):
    shown = {k: w.tekst for k, w in rotterdam.weergave.items()}
    assert shown["k3.percentage"] == "75,0%"
    assert shown["monitorlijst.mediaan_wachtdagen"] == "169,5"
    assert shown["k5.percentage_gevalideerd"] == "0,0%"
    assert shown["k1.percentage"] == "–"  # no deadline in the quarter: no percentage
    assert all(not w.verborgen for k, w in rotterdam.weergave.items() if not k.startswith(("k1.", "k2.")))


@pytest.mark.parametrize("gemeente", ["GM0344", "GM0599"])
def test_figures_equal_the_report(db, gemeente):
    s = snapshot.snapshot_figures(db, gemeente, KWARTAAL)
    report = build_report(db, s.peildatum, s.van, s.tot, Filters(gemeente=gemeente), Scope(gemeente=gemeente))
    for key, name in (("k1", "k1_eerste_contact"), ("k2", "k2_plan_van_aanpak"), ("k3", "k3_hulp")):
        for field in ("tijdig", "te_laat", "verlopen", "totaal", "percentage"):
            assert s.cijfers[f"{key}.{field}"] == report[name][field], (key, field)
    k5, k6 = report["k5_kind_alleen"], report["k6_vaste_jzw"]
    assert s.cijfers["k5.populatie"] == k5["populatie"]
    assert s.cijfers["k5.voldoet_geregistreerd"] == k5["voldoet_geregistreerd"]
    assert s.cijfers["k5.voldoet_gevalideerd"] == k5["voldoet_gevalideerd"]
    assert s.cijfers["lopend.totaal"] == k6["lopend"]
    assert s.cijfers["zonder.totaal"] == k6["lopend"] - k6["met_vaste_jzw"]
    assert s.cijfers["monitorlijst.aantal"] == k6["monitorlijst"]
    assert s.cijfers["monitorlijst.mediaan_wachtdagen"] == k6["mediaan_wachtdagen"]
    assert report["peildatum"] == s.peildatum.isoformat() and "k4_caseload" not in report


def test_every_group_adds_up(utrecht, rotterdam):
    for s in (utrecht, rotterdam):
        for groep in snapshot.GROEPEN:
            assert s.cijfers[groep.totaal] == sum(s.cijfers[d] for d in groep.delen), groep.naam


def test_no_identifier_leaves_the_snapshot(utrecht):
    text = json.dumps(utrecht.as_dict())
    for ident in ("A01", "J-A01", "W1", "HA12"):
        assert ident not in text
    assert set(utrecht.as_dict()["cijfers"]) == set(snapshot.AANTALLEN) | {a.key for a in snapshot.AFGELEID}


# --------------------------------------------------------------------------- suppression

GROEP = sup.Groep("g", "t", ("a", "b", "c", "d"))


def _shown(waarden, groepen=(GROEP,)):
    return sup.onderdruk(waarden, groepen)


@pytest.mark.parametrize("delen, verwacht, wat", [
    ((12, 0, 3, 0), {"c": sup.KLEIN, "a": sup.AANVULLEND}, "one small part: the smallest other part goes too"),
    ((12, 7, 3, 0), {"c": sup.KLEIN, "b": sup.AANVULLEND}, "next-smallest part, not the largest"),
    ((3, 0, 0, 0), {"a": sup.KLEIN, "t": sup.KLEIN}, "part = total, both 1-4: neither is known"),
    ((3, 2, 0, 0), {"a": sup.KLEIN, "b": sup.KLEIN}, "total 5 of two '<5' parts: each 1..4"),
    ((4, 4, 0, 0), {"a": sup.KLEIN, "b": sup.KLEIN, "t": sup.AANVULLEND}, "8 = 4 + 4: only the total is left"),
    ((1, 1, 1, 1), {"a": sup.KLEIN, "b": sup.KLEIN, "c": sup.KLEIN, "d": sup.KLEIN, "t": sup.AANVULLEND},
     "total 4 of four parts '<5': each must be 1, so the total is shown as ×"),
    ((1, 1, 1, 0), {"a": sup.KLEIN, "b": sup.KLEIN, "c": sup.KLEIN, "t": sup.KLEIN}, "3 of three parts: 1-2 each"),
    ((9, 0, 0, 0), {}, "nothing small: nothing hidden"),
    ((0, 0, 0, 0), {}, "zeros are shown"),
    ((5, 1, 0, 0), {"b": sup.KLEIN, "a": sup.AANVULLEND}, "5 + 1 = 6: 5 hidden, then 1..4 and 2..5"),
])
def test_complementary_suppression_cases(delen, verwacht, wat):
    waarden = dict(zip(GROEP.delen, delen)) | {"t": sum(delen)}
    assert _shown(waarden) == verwacht, wat


def _brute_force_recoverable(waarden: dict, status: dict, groepen, cap: int) -> set[str]:
    """Hidden cells that take one value only over every assignment a reader cannot rule out.

    A reader knows shown cells exactly, "<5" = 1..4, "×" >= 1, and every group's sum;
    values are tried up to `cap` (above every true value, so the truth is among them).
    """
    verborgen = sorted(status)
    bereik = {k: range(1, norms.ONDERDRUK_MAX + 1) if status[k] == sup.KLEIN else range(1, cap + 1)
              for k in verborgen}
    mogelijk: dict[str, set] = {k: set() for k in verborgen}
    for combinatie in itertools.product(*(bereik[k] for k in verborgen)):
        w = {**waarden, **dict(zip(verborgen, combinatie))}
        if all(w[g.totaal] == sum(w[d] for d in g.delen) for g in groepen):
            for k in verborgen:
                mogelijk[k].add(w[k])
    return {k for k, values in mogelijk.items() if len(values) <= 1}


@given(st.lists(st.integers(0, 9), min_size=2, max_size=4))
@settings(max_examples=400, deadline=None)
def test_no_small_count_shown_and_none_recoverable_in_a_group(delen):
    groep = sup.Groep("g", "t", tuple("abcd"[: len(delen)]))
    waarden = dict(zip(groep.delen, delen)) | {"t": sum(delen)}
    status = sup.onderdruk(waarden, [groep])
    assert all(not sup.is_klein(v) for k, v in waarden.items() if k not in status)
    assert all(waarden[k] > 0 for k in status)  # a zero is never hidden
    assert not _brute_force_recoverable(waarden, status, [groep], cap=waarden["t"] + 1)
    assert not sup.herleidbaar(waarden, status, [groep])


K5_GROEPEN = [g for g in snapshot.GROEPEN if g.totaal == "k5.populatie"]


def test_k5_exhaustively():
    """Every population up to 14 and every registered >= validated split: two groups share the total."""
    for populatie in range(15):
        for geregistreerd in range(populatie + 1):
            for gevalideerd in range(geregistreerd + 1):
                waarden = {"k5.populatie": populatie, "k5.voldoet_geregistreerd": geregistreerd,
                           "k5.voldoet_niet_geregistreerd": populatie - geregistreerd,
                           "k5.voldoet_gevalideerd": gevalideerd,
                           "k5.voldoet_niet_gevalideerd": populatie - gevalideerd}
                status = sup.onderdruk(waarden, K5_GROEPEN)
                assert all(not sup.is_klein(v) for k, v in waarden.items() if k not in status)
                assert not _brute_force_recoverable(waarden, status, K5_GROEPEN, cap=populatie + 1), waarden


@given(st.data())
@settings(max_examples=150, deadline=None)
def test_whole_snapshot_never_shows_or_gives_away_a_small_count(data):
    cijfers: dict = {}
    for groep in snapshot.GROEPEN:
        if groep.totaal == "k5.populatie":
            continue
        delen = data.draw(st.lists(st.integers(0, 7), min_size=len(groep.delen), max_size=len(groep.delen)))
        cijfers |= dict(zip(groep.delen, delen)) | {groep.totaal: sum(delen)}
    populatie = data.draw(st.integers(0, 14))
    geregistreerd = data.draw(st.integers(0, populatie))
    gevalideerd = data.draw(st.integers(0, geregistreerd))
    cijfers |= {"k5.populatie": populatie, "k5.voldoet_geregistreerd": geregistreerd,
                "k5.voldoet_niet_geregistreerd": populatie - geregistreerd,
                "k5.voldoet_gevalideerd": gevalideerd, "k5.voldoet_niet_gevalideerd": populatie - gevalideerd,
                "monitorlijst.aantal": data.draw(st.integers(0, 12)), "hulp.open": data.draw(st.integers(0, 6))}
    for a in snapshot.AFGELEID:
        noemer = cijfers[a.noemer]
        cijfers[a.key] = (round(100 * cijfers[a.teller] / noemer, 1) if a.teller else 30.0) if noemer else None
    shown = sup.weergave(cijfers, snapshot.AANTALLEN, snapshot.AFGELEID, snapshot.GROEPEN)
    for key, w in shown.items():
        if key in snapshot.AANTALLEN:
            assert w.verborgen or not sup.is_klein(w.waarde), key
            assert w.tekst in (sup.KLEIN, sup.AANVULLEND) or int(w.tekst.replace(".", "")) == cijfers[key]
    for a in snapshot.AFGELEID:
        if not shown[a.key].verborgen:
            assert cijfers[a.noemer] >= norms.MIN_NOEMER_PERCENTAGE
            assert not shown[a.noemer].verborgen and (a.teller is None or not shown[a.teller].verborgen)
    status = {k: w.tekst for k, w in shown.items() if k in snapshot.AANTALLEN and w.verborgen}
    for groep in snapshot.GROEPEN:
        cellen = set(groep.cellen)
        verbonden = [g for g in snapshot.GROEPEN if set(g.cellen) & cellen]
        sub = {k: v for k, v in status.items() if any(k in g.cellen for g in verbonden)}
        cap = max(cijfers[g.totaal] for g in verbonden) + 1
        assert not _brute_force_recoverable(cijfers, sub, verbonden, cap), groep.naam


def test_groups_are_acyclic_so_the_audit_is_exact():
    sup.controleer_groepen(snapshot.GROEPEN)
    with pytest.raises(ValueError, match="kring"):
        sup.controleer_groepen([sup.Groep("x", "p", ("r", "n")), sup.Groep("y", "p", ("v", "m")),
                                sup.Groep("z", "r", ("v", "d"))])


def test_groups_must_add_up():
    with pytest.raises(ValueError, match="tellen op"):
        sup.onderdruk({"t": 5, "a": 1, "b": 1, "c": 1, "d": 1}, [GROEP])


# --------------------------------------------------------------------------- Excel


def _xlsx_cells(data: bytes) -> dict[str, list[str]]:
    """Shared strings and numbers per sheet, read from the zip (no extra dependency)."""
    import re

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        strings = re.findall(r"<t[^>]*>([^<]*)</t>", z.read("xl/sharedStrings.xml").decode())
        workbook = z.read("xl/workbook.xml").decode()
        sheets = re.findall(r'<sheet name="([^"]+)"', workbook)
        result = {}
        for i, name in enumerate(sheets, start=1):
            xml = z.read(f"xl/worksheets/sheet{i}.xml").decode()
            cells = []
            for attributes, value in re.findall(r'<c r="[A-Z]+\d+"([^>]*)><v>([^<]*)</v>', xml):
                cells.append(html.unescape(strings[int(value)]) if 't="s"' in attributes else value)
            result[name] = cells
        return result


def test_excel(utrecht):
    buffer = io.BytesIO()
    snapshot.write_excel(utrecht, buffer)
    cells = _xlsx_cells(buffer.getvalue())
    assert list(cells) == ["Cijfers", "Definities"]
    cijfers = cells["Cijfers"]
    assert "Voogdij" in cijfers and "<5" in cijfers and "×" in cijfers and "–" in cijfers
    assert "0.75" in cijfers and "0.583" in cijfers  # shown percentages are numbers
    assert not any(c in ("2", "3", "1", "4") for c in cijfers)  # no small count as a number
    definities = " ".join(cells["Definities"])
    assert "Eerste contact binnen 5 werkdagen" in definities and "<5" in definities
    assert "**" not in definities and "`" not in definities
    buffer2 = io.BytesIO()
    snapshot.write_excel(utrecht, buffer2)
    assert buffer.getvalue() == buffer2.getvalue()


# --------------------------------------------------------------------------- PDF


def _render(data: bytes, name: str) -> tuple[int, str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        SHOTS.mkdir(parents=True, exist_ok=True)
        text = []
        for i, page in enumerate(pdf, start=1):
            page.render(scale=1.6).to_pil().save(SHOTS / f"{name}_p{i}.png")
            text.append(page.get_textpage().get_text_range())
        return len(pdf), "\n".join(text)
    finally:
        pdf.close()


@pytest.mark.parametrize("fixture", ["utrecht", "rotterdam"])
def test_pdf_has_two_pages_and_the_figures(request, fixture):
    s = request.getfixturevalue(fixture)
    buffer = io.BytesIO()
    assert snapshot.write_pdf(s, buffer) == 2
    pages, text = _render(buffer.getvalue(), "snapshot" if fixture == "utrecht" else f"snapshot_{fixture}")
    assert pages == 2
    for needle in (snapshot.GI_NAAM, f"Gemeente {s.gemeente_naam}", s.gemeente_code, "30 juni 2025",
                   "30 september 2025", "Afscherming van kleine aantallen", "pagina 2 van 2"):
        assert needle in text, needle
    for ident in ("A01", "Z01", "W1", "W3", "HA12"):
        assert ident not in text
    other = io.BytesIO()
    snapshot.write_pdf(s, other)
    assert other.getvalue() == buffer.getvalue()  # reproducible bytes


def test_pdf_small_municipality_shows_the_symbols(utrecht):
    buffer = io.BytesIO()
    snapshot.write_pdf(utrecht, buffer)
    _, text = _render(buffer.getvalue(), "snapshot")
    assert "<5" in text and "×" in text and "–" in text and "75,0%" in text


# --------------------------------------------------------------------------- batch


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_batch_manifest_and_reproducible(db, tmp_path, capsys):
    first = snapshot.write_snapshots(db, KWARTAAL, tmp_path / "a", progress=True)
    err = capsys.readouterr().err
    assert "2/2" in err and "[" in err
    second = snapshot.write_snapshots(db, "2025q2", tmp_path / "b", progress=False)
    assert capsys.readouterr().err == ""
    names = [f["bestand"] for f in first["bestanden"]]
    assert names == ["2025Q2_GM0344.xlsx", "2025Q2_GM0344.pdf", "2025Q2_GM0599.xlsx", "2025Q2_GM0599.pdf"]
    on_disk = json.loads((tmp_path / "a" / "manifest.json").read_text())
    assert on_disk == first
    assert (first["kwartaal"], first["peildatum"], first["exportdatum"]) == ("2025Q2", "2025-06-30", "2025-09-30")
    assert first["gegenereerd_op"] and first["gemeenten"] == 2
    for entry in first["bestanden"]:
        assert _sha(tmp_path / "a" / entry["bestand"]) == entry["sha256"]
    assert [f["sha256"] for f in first["bestanden"]] == [f["sha256"] for f in second["bestanden"]]
    assert not list((tmp_path / "a").glob("*.tmp"))


def test_command_line_selected_municipality(db, tmp_path, capsys):
    out = tmp_path / "out"
    assert cli.main(["snapshots", "--kwartaal", KWARTAAL, "--out", str(out), "--db", str(db.path),
                     "--gemeente", "GM0599"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["2025Q2_GM0599.pdf", "2025Q2_GM0599.xlsx", "manifest.json"]
    assert "1 gemeenten" in capsys.readouterr().out
    args = argparse.Namespace(kwartaal=KWARTAAL, out=out, db=db.path, gemeente=["GM9999"])
    assert snapshot.batch_cli(args) == 1
    assert "Onbekende gemeente" in capsys.readouterr().err
    args.gemeente, args.kwartaal = None, "2026Q1"
    assert snapshot.batch_cli(args) == 1
    assert "na de exportdatum" in capsys.readouterr().err
