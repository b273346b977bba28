"""K8 Klachten (../shared/spec/klachten.md, "Definitions") on hand-made cases: the complaints, parts
and young people of a selection and period, as known at P. Peildatum P = 2025-09-30, period
2025-01-01 t/m P, export date 2025-12-31 (so a step dated after P exists and must not count).

Measures: MA (UTR-JB1, GM0344, OTS, fixed worker since 2023), MB (ZHL-JB1, GM0599, voogdij, never a
fixed worker), ME (ZHL-JB1, GM0344, the same young person as MA, from 2025-01-01), MC (ended
2024-12-31: not in care in the period), MD (starts after P). Young people in care in the period:
J-MA and J-MB = 2 (UTR-JB1: J-MA; ZHL-JB1: J-MB and J-MA).
"""

from __future__ import annotations

import polars as pl
import pytest

from kpi.core.params import KLACHTEN_GEEN, KLACHTEN_LIJST, Filters, Scope
from kpi.metrics import engine
from kpi.metrics import klachten as k8
from tests.builders import D, make_db

P = D("2025-09-30")
VAN, TOT = D("2025-01-01"), P

MAATREGELEN = [
    {"maatregel_id": "MA", "startdatum": "2023-01-01"},
    {"maatregel_id": "MB", "startdatum": "2024-01-01", "team_id": "ZHL-JB1", "gemeente_code": "GM0599",
     "soort": "voogdij"},
    {"maatregel_id": "ME", "jeugdige_id": "J-MA", "startdatum": "2025-01-01", "team_id": "ZHL-JB1"},
    {"maatregel_id": "MC", "startdatum": "2020-01-01", "einddatum": "2024-12-31"},
    {"maatregel_id": "MD", "startdatum": "2025-10-01"},
]
TOEWIJZINGEN = [{"maatregel_id": "MA", "medewerker_id": "W1", "van": "2023-01-01", "rol": "vast"}]


def klacht(klacht_id: str, ontvangen_op: str, **kolommen) -> dict:
    """A complaint to the klachtenbureau by a mother, without support, unless kolommen say otherwise."""
    return {"klacht_id": klacht_id, "ontvangen_op": ontvangen_op, "kanaal": "klachtenbureau", "indiener": "moeder",
            "ondersteuning": "geen", **kolommen}


GESPREK = {"klachtgesprek_op": "2025-03-01"}  # report due 2025-03-15
# (complaint, what it tests)
KLACHTEN = [
    klacht("V1", "2025-02-20", maatregel_id="MA", **GESPREK, verslag_op="2025-03-15", afgesloten_op="2025-03-20",
           afloop="opgelost"),  # report on the deadline day: tijdig
    klacht("V2", "2025-02-20", maatregel_id="MA", **GESPREK, verslag_op="2025-03-16"),  # a day late: te_laat
    klacht("V3", "2025-02-20", maatregel_id="MB", indiener="vader", **GESPREK),  # no report: verlopen
    klacht("V4", "2025-02-20", maatregel_id="MB", **GESPREK, afgesloten_op="2025-03-10",
           afloop="opgelost"),  # closed before the deadline without a report: left out
    klacht("V5", "2025-02-20", maatregel_id="MA", **GESPREK, verslag_op="2025-10-05", afgesloten_op="2025-10-05",
           afloop="opgelost"),  # report and closing after P: verlopen and open at P
    klacht("V6", "2025-09-20", maatregel_id="MA", klachtgesprek_op="2025-10-02"),  # conversation after P: no deadline
    klacht("V7", "2025-09-20", maatregel_id="MA", klachtgesprek_op="2025-09-20"),  # due 2025-10-04: not yet counted
    klacht("H1", "2025-01-20", maatregel_id="MA", indiener="ouders", ondersteuning="vertrouwenspersoon",
           commissie_ontvangen_op="2025-02-01", hoorzitting_op="2025-03-15", uitspraak_op="2025-04-12",
           reactie_bestuur_op="2025-05-11", afgesloten_op="2025-05-11", afloop="uitspraak"),
    # hearing and ruling on their deadline days (tijdig), the board's response a day late (te_laat)
    klacht("H2", "2025-05-25", maatregel_id="MB", indiener="jeugdige", ondersteuning="advocaat",
           commissie_ontvangen_op="2025-06-01"),  # no hearing by 2025-07-13: verlopen
    klacht("H3", "2025-07-25", maatregel_id="MA", commissie_ontvangen_op="2025-08-01", hoorzitting_op="2025-08-20",
           uitspraak_op="2025-10-01"),  # ruling after P: verlopen, its oordeel not known at P
    klacht("R1", "2025-09-30", maatregel_id="MA", indiener="pleegouders", kanaal="kinderombudsman"),  # received on P
    klacht("R2", "2025-10-01", maatregel_id="MA"),  # received after P: not there
    klacht("R0", "2024-12-31", maatregel_id="MA"),  # before the period: not received in it, but open at P
    klacht("T1", "2025-04-01", maatregel_id="MA", team_id="ZHL-JB1", indiener="vader", ondersteuning="familie_kennis",
           afgesloten_op="2025-04-10", afloop="ingetrokken"),  # its team overrides the measure's team
    klacht("N1", "2025-04-01", team_id="UTR-JB1", indiener="grootouders", ondersteuning="hulpverlener",
           kanaal="nationale_ombudsman", afgesloten_op="2025-05-01", afloop="opgelost"),  # no measure
]
DELEN = {"V1": ["communicatie"], "V2": ["communicatie", "methodisch"], "V3": ["bejegening_niet_gehoord"],
         "V4": ["procesmatig"], "V5": ["rapportage"], "V6": ["communicatie"], "V7": ["communicatie"],
         "H1": [("communicatie", "gegrond"), ("bejegening_houding", "ongegrond"), ("privacy", "niet_ontvankelijk")],
         "H2": ["privacy"], "H3": [("methodisch", "gegrond")], "R1": ["overig"], "R2": ["overig"],
         "R0": ["communicatie"], "T1": ["communicatie"], "N1": ["overig"]}
ONDERDELEN = [{"klacht_id": k, "onderdeel_nr": i, "categorie": d if isinstance(d, str) else d[0],
               "oordeel": None if isinstance(d, str) else d[1]}
              for k, delen in DELEN.items() for i, d in enumerate(delen, start=1)]


@pytest.fixture(scope="module")
def gi(tmp_path_factory):
    database = make_db(tmp_path_factory.mktemp("k8"), exportdatum="2025-12-31", maatregelen=MAATREGELEN,
                       toewijzingen=TOEWIJZINGEN, klachten=KLACHTEN, klachtonderdelen=ONDERDELEN)
    yield database
    database.close()


def test_figures_of_the_organisation(gi):
    # received: the 13 complaints of 2025-01-01..P (not R0 before it, not R2 after P)
    assert k8.k8_cijfers(gi, P, VAN, TOT) == {
        "ontvangen": 13,
        "jeugdigen_in_begeleiding": 2,
        "per_100_jeugdigen": 650.0,
        "onderdelen": {"methodisch": 2, "communicatie": 6, "procesmatig": 1, "bejegening_partijdigheid": 0,
                       "bejegening_niet_gehoord": 1, "bejegening_houding": 1, "rapportage": 1, "privacy": 2,
                       "overig": 2},
        "indiener": {"moeder": 7, "vader": 2, "ouders": 1, "jeugdige": 1, "pleegouders": 1, "grootouders": 1,
                     "overig": 0},
        "ondersteuning": {"geen": 9, "vertrouwenspersoon": 1, "advocaat": 1, "hulpverlener": 1, "familie_kennis": 1},
        "kanaal": {"klachtenbureau": 11, "kinderombudsman": 1, "nationale_ombudsman": 1, "tuchtcollege": 0},
        "termijnen": {
            "verslag": {"tijdig": 1, "te_laat": 1, "verlopen": 2},  # V1; V2; V3, V5 (V4 left out, V6/V7 not due)
            "hoorzitting": {"tijdig": 2, "te_laat": 0, "verlopen": 1},  # H1, H3; H2
            "uitspraak": {"tijdig": 1, "te_laat": 0, "verlopen": 1},  # H1; H3 (ruling after P)
            "reactie_bestuur": {"tijdig": 0, "te_laat": 1, "verlopen": 0},  # H1 (H3 has no ruling at P)
        },
        "oordelen": {"gegrond": 1, "ongegrond": 1, "niet_ontvankelijk": 1},  # H1 only: H3's ruling is after P
        "pct_gegrond": 50.0,
        "open_op_peildatum": 9,  # V2, V3, V5, V6, V7, H2, H3, R1, R0
        "zonder_vaste_jzw": 3,  # V3, V4, H2 (MB); N1 has no measure and is not counted
    }


def test_term_status_per_complaint(gi):
    zaken = engine.klachten(gi, P, VAN, TOT).sort("klacht_id")
    status = {r["klacht_id"]: (r["verslag_deadline"], r["verslag_status"])
              for r in zaken.filter(pl.col("klacht_id").str.starts_with("V")).iter_rows(named=True)}
    assert status == {
        "V1": (D("2025-03-15"), "tijdig"),
        "V2": (D("2025-03-15"), "te_laat"),
        "V3": (D("2025-03-15"), "verlopen"),
        "V4": (D("2025-03-15"), None),  # closed 2025-03-10 without a report: left out
        "V5": (D("2025-03-15"), "verlopen"),  # the report of 2025-10-05 is not known at P
        "V6": (None, None),  # the conversation is after P: no deadline
        "V7": (D("2025-10-04"), "open"),  # due after P: not counted, but "binnenkort verlopen"
    }
    h = {r["klacht_id"]: tuple(r[f"{t}_status"] for t in k8.TERMIJNEN)
         for r in zaken.filter(pl.col("klacht_id").str.starts_with("H")).iter_rows(named=True)}
    assert h == {"H1": (None, "tijdig", "tijdig", "te_laat"), "H2": (None, "verlopen", None, None),
                 "H3": (None, "tijdig", "verlopen", None)}


def test_open_complaints_stage_and_age(gi):
    zaken = engine.klachten(gi, P, VAN, TOT).filter(pl.col("open_op_peildatum")).sort("klacht_id")
    assert zaken.select("klacht_id", "stadium", "stadium_op", "leeftijd_dagen").rows() == [
        ("H2", "commissie", D("2025-06-01"), 128),
        ("H3", "hoorzitting", D("2025-08-20"), 67),  # the ruling of 2025-10-01 is after P
        ("R0", "ontvangen", D("2024-12-31"), 273),
        ("R1", "ontvangen", D("2025-09-30"), 0),  # received on P
        ("V2", "verslag", D("2025-03-16"), 222),
        ("V3", "klachtgesprek", D("2025-03-01"), 222),
        ("V5", "klachtgesprek", D("2025-03-01"), 222),  # report after P; closed after P: open
        ("V6", "ontvangen", D("2025-09-20"), 10),  # conversation after P
        ("V7", "klachtgesprek", D("2025-09-20"), 10),
    ]


@pytest.mark.parametrize("filters, verwacht, jeugdigen", [
    # cluster and team by the complaint's team: T1 (about MA, team ZHL-JB1) is ZHL's; N1 (no measure) UTR's
    (Filters(cluster="UTR"), {"V1", "V2", "V5", "V6", "V7", "H1", "H3", "R1", "N1"}, 1),
    (Filters(team="ZHL-JB1"), {"V3", "V4", "H2", "T1"}, 2),
    # municipality and kind by the complaint's measure: N1 (no measure) drops out; T1 is MA's (GM0344)
    (Filters(gemeente="GM0344"), {"V1", "V2", "V5", "V6", "V7", "H1", "H3", "R1", "T1"}, 1),
    (Filters(gemeente="GM0599"), {"V3", "V4", "H2"}, 1),
    (Filters(soort="voogdij"), {"V3", "V4", "H2"}, 1),
])
def test_selection_follows_the_complaint_rule(gi, filters, verwacht, jeugdigen):
    zaken = engine.klachten(gi, P, VAN, TOT, filters)
    assert set(zaken.filter(pl.col("ontvangen"))["klacht_id"]) == verwacht
    figures = k8.k8_cijfers(gi, P, VAN, TOT, filters)
    assert figures["ontvangen"] == len(verwacht) and figures["jeugdigen_in_begeleiding"] == jeugdigen
    assert figures["per_100_jeugdigen"] == pytest.approx(len(verwacht) * 100 / jeugdigen)
    onderdelen = engine.klachtonderdelen(gi, P, VAN, TOT, filters)
    assert set(onderdelen["klacht_id"]) <= set(zaken["klacht_id"])


def test_young_people_per_team_are_distinct_within_the_team(gi):
    per_team = engine.jeugdigen_in_begeleiding(gi, P, VAN, TOT, by=("team_id",))
    assert per_team.rows() == [("UTR-JB1", 1), ("ZHL-JB1", 2)]  # J-MA counts in both teams, once overall


def test_empty_period_and_empty_scope(gi):
    # 2024 H1: no complaint received; in care: J-MA, J-MB (from 2024-01-01), J-MC (ended 2024-12-31)
    leeg = k8.k8_cijfers(gi, P, D("2024-01-01"), D("2024-06-30"))
    assert (leeg["ontvangen"], leeg["jeugdigen_in_begeleiding"], leeg["per_100_jeugdigen"]) == (0, 3, 0.0)
    assert leeg["pct_gegrond"] is None and leeg["open_op_peildatum"] == 9  # open at P whatever the period
    niets = k8.k8_cijfers(gi, P, VAN, TOT, scope=Scope(clusters=()))
    assert niets["jeugdigen_in_begeleiding"] == 0 and niets["per_100_jeugdigen"] is None and niets["ontvangen"] == 0


def test_complaint_level_of_the_scope(gi):
    # case level: measure and young-person ids; the list level (area manager) the same rows without
    # them; none: no complaint at all (a municipality)
    zaken = engine.klachten(gi, P, VAN, TOT, scope=Scope(clusters=("ZHL",)))
    lijst = engine.klachten(gi, P, VAN, TOT, scope=Scope(clusters=("ZHL",), klachten=KLACHTEN_LIJST))
    assert set(zaken["klacht_id"]) == set(lijst["klacht_id"]) == {"V3", "V4", "H2", "T1"}
    assert set(zaken["maatregel_id"]) == {"MA", "MB"} and set(zaken["jeugdige_id"]) == {"J-MA", "J-MB"}
    assert lijst["maatregel_id"].null_count() == lijst["jeugdige_id"].null_count() == lijst.height
    assert lijst["met_maatregel"].all() and lijst["zonder_vaste_jzw"].sum() == 3  # figures unchanged
    for functie in (engine.klachten, engine.klachtonderdelen):
        assert functie(gi, P, VAN, TOT, scope=Scope(gemeente="GM0599", klachten=KLACHTEN_GEEN)).height == 0
        assert functie(gi, P, VAN, TOT, scope=Scope(klachten=KLACHTEN_GEEN)).height == 0


def test_without_complaint_tables(tmp_path):
    gi = make_db(tmp_path, maatregelen=MAATREGELEN[:1])
    figures = k8.k8_cijfers(gi, P, VAN, TOT)
    assert figures["ontvangen"] == 0 and figures["per_100_jeugdigen"] == 0.0 and figures["pct_gegrond"] is None
    assert figures["termijnen"]["verslag"] == {"tijdig": 0, "te_laat": 0, "verlopen": 0}
    gi.close()


def test_report_json_key(gi):
    # python -m kpi report --json: the key k8_klachten with exactly the keys, rounded to one
    # decimal, null when the denominator is 0; and it survives JSON
    import json

    from kpi.reports.report import build_report

    k8_json = json.loads(json.dumps(build_report(gi, P, VAN, TOT)))["k8_klachten"]
    assert list(k8_json) == ["ontvangen", "jeugdigen_in_begeleiding", "per_100_jeugdigen", "onderdelen", "indiener",
                             "ondersteuning", "kanaal", "termijnen", "oordelen", "pct_gegrond", "open_op_peildatum",
                             "zonder_vaste_jzw"]
    assert list(k8_json["termijnen"]) == ["verslag", "hoorzitting", "uitspraak", "reactie_bestuur"]
    assert all(list(v) == ["tijdig", "te_laat", "verlopen"] for v in k8_json["termijnen"].values())
    assert (k8_json["ontvangen"], k8_json["per_100_jeugdigen"], k8_json["pct_gegrond"]) == (13, 650.0, 50.0)
    # ZHL-JB1 in H1 2025: V3, V4, H2, T1 received, young people J-MB and J-MA: 200.0; no ruling: null
    zhl = build_report(gi, P, VAN, D("2025-06-30"), Filters(team="ZHL-JB1"))["k8_klachten"]
    assert (zhl["ontvangen"], zhl["per_100_jeugdigen"], zhl["pct_gegrond"]) == (4, 200.0, None)
    # one decimal: 2024-01-01..2025-02-19 received R0 and H1; in care J-MA, J-MB, J-MC: 200 / 3 = 66.7
    thirds = build_report(gi, P, D("2024-01-01"), D("2025-02-19"))["k8_klachten"]
    assert (thirds["ontvangen"], thirds["jeugdigen_in_begeleiding"], thirds["per_100_jeugdigen"]) == (2, 3, 66.7)


def test_page_views(gi):
    # kpi/presentation/views_klachten.py on the same cases (P = 2025-09-30)
    from kpi.presentation import views_klachten as vk

    zaken = engine.klachten(gi, P, VAN, TOT)
    reeks = vk.per_kwartaal(zaken, P)
    assert reeks.height == 12 and reeks["label"][0] == "K4 2022" and reeks["label"][-1] == "K3 2025"
    # 2024 Q4: R0; Q1: V1-V5, H1; Q2: H2, T1, N1; Q3: H3, V6, V7, R1 (R2 is after P)
    assert reeks["aantal"].to_list()[-4:] == [1, 6, 3, 4] and reeks["aantal"].sum() == 14
    # V7's report is due 2025-10-04, within 10 working days of P, and not sent: the only one
    # (the 10th working day after P is 14 October: werklijst.horizon, the Werklijst's "due soon")
    from kpi.metrics import werklijst

    horizon = werklijst.horizon(gi, P)
    assert horizon == D("2025-10-14")
    assert vk.binnenkort_verlopen(zaken, P, horizon).select("klacht_id", "termijn", "deadline", "dagen").rows() == [
        ("V7", "Verslag klachtgesprek", D("2025-10-04"), 4)]
    assert vk.binnenkort_verlopen(zaken, P, D("2025-10-03")).is_empty()  # due soon ends before V7's deadline
    jeugdigen = engine.jeugdigen_in_begeleiding(gi, P, VAN, TOT, by=("team_id", "team_naam"))
    assert vk.per_groep(zaken, jeugdigen, "team_id").select("team_id", "ontvangen", "jeugdigen", "per_100").rows() == [
        ("UTR-JB1", 9, 1, 900.0), ("ZHL-JB1", 4, 2, 200.0)]
    # the funnel: complaints per young person against the pooled rate 13 / 3, per 100
    trechter = vk.funnel_per_groep(vk.per_groep(zaken, jeugdigen, "team_id").rename({"team_naam": "naam"}))
    assert trechter.eenheden.select("eenheid", "waarde").rows() == [("JB Utrecht 1", 900.0),
                                                                    ("JB Zuid-Holland 1", 200.0)]
    assert trechter.doel * trechter.schaal == pytest.approx(1300 / 3)
    # UTR-JB1 above the caseload norm (13 per fte), ZHL-JB1 at 10 per fte
    caseload = pl.DataFrame({"team_id": ["UTR-JB1", "ZHL-JB1"], "caseload": [13, 10], "fte": [1.0, 1.0]})
    assert vk.naast_caseload(zaken, jeugdigen, caseload).select("groep", "teams", "ontvangen", "per_100").rows() == [
        ("Teams boven de norm", 1, 9, 900.0), ("Teams op of onder de norm", 1, 4, 200.0)]


def test_term_trend_per_quarter(gi):
    from kpi.presentation import views_klachten as vk

    trend = vk.termijn_trend(engine.klachten(gi, P, VAN, TOT), P)
    # 2025 Q1: reports due 03-15 (V1 tijdig, V2 te laat, V3 and V5 verlopen), H1's hearing due 03-15 (tijdig);
    # Q2: H1's ruling (04-12, tijdig) and response (05-10, te laat); Q3: H2's hearing (verlopen), H3's hearing
    # (tijdig) and ruling (verlopen)
    assert trend.select("label", "termijn", "tijdig", "totaal").rows() == [
        ("K1 2025", "Hoorzitting commissie", 1, 1), ("K1 2025", "Verslag klachtgesprek", 1, 4),
        ("K2 2025", "Reactie bestuur", 0, 1), ("K2 2025", "Uitspraak commissie", 1, 1),
        ("K3 2025", "Hoorzitting commissie", 1, 2), ("K3 2025", "Uitspraak commissie", 0, 1)]
