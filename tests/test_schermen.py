"""Issue 12, the screens through the app (AppTest on the demo database): what a board member or an
area manager sees must be one consistent story. Each test fails on the code before its fix."""

from __future__ import annotations

import datetime as dt

from tests.apptest import open_app
from tests.builders import make_db

D = dt.date.fromisoformat


def kop_tekst(at) -> str:
    return " ".join(c.value for c in at.caption)


def test_period_follows_a_changed_peildatum(demo_db, monkeypatch):
    # Bug 1: the peildatum moved to 31-10-2024 while the period stayed at the export's quarter, so K1
    # counted "deadline tussen 01-07-2025 en 31-10-2024". The period must follow: the quarter up to P.
    at = open_app(demo_db, monkeypatch, "pages/k1_eerste_contact.py")
    at.date_input(key="f_peildatum").set_value(D("2024-10-31")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.date_input(key="f_periode").value == (D("2024-10-01"), D("2024-10-31"))
    s = at.session_state["jb_selectie"]
    assert (s.van, s.tot) == (D("2024-10-01"), D("2024-10-31"))
    assert "periode 01-10-2024 t/m 31-10-2024" in kop_tekst(at)
    assert "tussen 01-10-2024 en 31-10-2024" in kop_tekst(at)


def test_a_period_never_ends_after_the_peildatum(demo_db, monkeypatch):
    # A link with a period past its peildatum: the period is cut back to the quarter up to P.
    at = open_app(demo_db, monkeypatch, "pages/k1_eerste_contact.py", peildatum="2024-10-31",
                  van="2025-07-01", tot="2025-09-30")
    s = at.session_state["jb_selectie"]
    assert s.tot <= s.peildatum and (s.van, s.tot) == (D("2024-10-01"), D("2024-10-31"))


def metric(at, label: str):
    return [m for m in at.metric if m.label == label]


def teksten(at) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info])


def test_every_change_is_against_the_previous_quarter_with_one_wording(demo_db, monkeypatch):
    # Bug 2: Overzicht compared with the previous quarter, the K5 page with the previous month, so K5
    # read +0,6 on one and -0,6 on the other. One baseline (previous quarter), one label.
    overzicht = open_app(demo_db, monkeypatch, "pages/overzicht.py")
    tegel = next(m for m in overzicht.metric if m.label == "% haalt jaarnorm (gevalideerd)")
    pagina = open_app(demo_db, monkeypatch, "pages/k5_kind_alleen.py")
    [k5] = metric(pagina, "Voldoet (gevalideerd)")
    assert tegel.proto.delta_description == "t.o.v. vorig kwartaal"
    # same change, in the same words: "+0,6 procentpunt" on both; the page's tile says the baseline in
    # its caption (in four columns the description beside the change was cut off: "t.o.v. vorige m…")
    assert k5.delta == tegel.delta and tegel.delta.endswith("procentpunt")
    assert "Verschil t.o.v. vorig kwartaal." in teksten(pagina) and "vorige maand" not in teksten(pagina)
    for pad in ("pages/k4_caseload.py", "pages/k6_wachtrij.py", "pages/k7_in_doorstroom.py"):
        at = open_app(demo_db, monkeypatch, pad)
        assert [m for m in at.metric if m.delta] and "Verschil t.o.v. vorig kwartaal." in teksten(at), pad
        assert "vorige maand" not in teksten(at), pad


def test_a_tile_on_a_handful_of_measures_does_not_judge(demo_db, monkeypatch):
    # Bug 5: with municipality Veekerk (GM1990) K1 counts 3 measures in the quarter, all on time:
    # "100% · +33,3 procentpunt · voldoet aan norm". Below norms.MIN_N_OORDEEL (10) the tile says so.
    at = open_app(demo_db, monkeypatch, "pages/overzicht.py", gemeente="GM1990")
    [k1] = [m for m in at.metric if m.label == "% tijdig"][:1]
    assert k1.value == "–" and not k1.delta
    tekst = teksten(at)
    assert "te weinig voor een oordeel" in tekst and "n = 3 · minimaal 10 voor een percentage en een oordeel" in tekst
    assert "voldoet aan norm" not in tekst  # K1 and K2 count 3 measures each, K3 none
    # nor a trend verdict on a handful of measures a month (it read "Verbetering: al 11 maanden ...")
    assert "Te weinig maatregelen voor een oordeel over de trend" in tekst and "Verbetering" not in tekst


def test_an_area_manager_of_one_cluster_compares_teams(demo_db, monkeypatch):
    # Bug 6: the area manager of Utrecht saw "Vergelijking per cluster" with a single bar.
    at = open_app(demo_db, monkeypatch, "pages/k1_eerste_contact.py", "gm.utrecht@demo.jb")
    koppen = [h.value for h in at.subheader]
    assert "Vergelijking per team" in koppen and "Vergelijking per cluster" not in koppen



def test_trend_signals_use_a_fixed_baseline_so_ordinary_months_are_ordinary(demo_db, monkeypatch):
    # Bug 3: with limits over all 36 months the autumn-2024 dip pulled K2's mean down and eight
    # ordinary 2022-23 months were flagged. Limits now come from the first 12 months and stay fixed.
    at = open_app(demo_db, monkeypatch, "pages/k2_plan_van_aanpak.py")
    tabel = next(df.value for df in at.dataframe if "Beoordeling (SPC)" in df.value.columns)
    per_maand = dict(zip(tabel["Maand"], tabel["Beoordeling (SPC)"]))
    vroeg = [m for m in per_maand if m.endswith(("2022", "2023"))]
    assert len(vroeg) >= 12 and {per_maand[m] for m in vroeg} == {"Gewone variatie"}
    # the dip itself is special cause, in the wrong direction
    assert per_maand["10-2024"] == "Zorgelijk (lager)"
    assert "Gewone variatie rond 60%; de norm van 100% wordt met dit proces niet gehaald." in teksten(at)


def test_figures_with_a_similar_name_each_say_their_population(demo_db, monkeypatch):
    # Bug 4: "Zonder vaste jeugdzorgwerker 332" (measures, every kind) beside "280 zonder vaste jzw"
    # (young people in OTS, VOTS or voogdij) without saying why they differ.
    at = open_app(demo_db, monkeypatch, "pages/overzicht.py")
    assert metric(at, "lopende maatregelen (alle soorten)")
    tekst = teksten(at)
    assert "jeugdigen in een lopende OTS, VOTS of voogdij zonder vaste jeugdzorgwerker: geteld per kind" in tekst
    # the K4 tile's trend sentence is about the caseload the tile shows, not about another share
    assert "Gewone variatie rond 13,5 per fte" in tekst and "aandeel medewerkers" not in tekst
    k5 = open_app(demo_db, monkeypatch, "pages/k5_kind_alleen.py")
    assert "contacten van deze maatregelen (lopende OTS en voogdij)" in teksten(k5)


def test_the_gegevens_table_never_says_none(tmp_path, monkeypatch):
    # issue 12: the import summary printed "None" where there was no previous import to compare with
    make_db(tmp_path, maatregelen=[{"maatregel_id": "M1", "startdatum": "2025-05-01"}]).close()
    at = open_app(tmp_path / "test.duckdb", monkeypatch, "pages/gegevens.py", "beheer@demo.jb")
    samenvatting = next(df.value for df in at.dataframe if "Tabel" in df.value.columns)
    waarden = {str(v) for kolom in samenvatting.columns for v in samenvatting[kolom].tolist()}
    assert "None" not in waarden and "nan" not in waarden and "–" in waarden
