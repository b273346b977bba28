"""The care pages K4-K7: page logic on small frames (kpi/presentation/views_zorg.py), and each page run
through Streamlit's AppTest on the demo database, its headline figures checked against
kpi.reports.report.build_report for the same selection."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
import pytest

from kpi.core import norms
from kpi.core.params import Filters
from kpi.presentation import views_zorg as vz
from tests.apptest import open_app

D = dt.date.fromisoformat
P = D("2025-06-30")

# ================================================================ page logic on small frames


def werkers(*rows) -> pl.DataFrame:
    """(medewerker, team, soort, cluster, fte, caseload) → a k4_caseload-like frame."""
    frame = pl.DataFrame(rows, schema=["medewerker_id", "team_id", "team_soort", "cluster_id", "fte", "caseload"],
                         orient="row")
    return frame.with_columns(
        peildatum=pl.lit(P), team_naam=pl.col("team_id"), cluster_naam=pl.col("cluster_id"),
        norm=pl.lit(norms.CASELOAD_NORM),
    ).with_columns(caseload_per_fte=pl.col("caseload") / pl.col("fte")).with_columns(
        boven_norm=pl.col("caseload_per_fte") > pl.col("norm"))


WERKERS = werkers(
    ("W1", "T1", "jb", "UTR", 1.0, 13),   # 13 per fte: above
    ("W2", "T1", "jb", "UTR", 0.5, 6),    # exactly 12: not above
    ("W3", "T2", "jb", "ZHL", 0.8, 10),   # 12.5: above
    ("W4", "T2", "jb", "ZHL", 1.0, 0),    # employed without cases
    ("W5", "JR1", "jr", "UTR", 1.0, 14),  # JR: separate
)


def test_caseload_kerncijfers_is_sum_over_sum_for_jb_only():
    k = vz.caseload_kerncijfers(WERKERS)
    assert k["medewerkers"] == 4 and k["boven_norm"] == 2
    assert k["caseload_per_fte"] == pytest.approx(29 / 3.3)
    assert k["aandeel_boven_norm"] == pytest.approx(50.0)
    jr = vz.caseload_kerncijfers(WERKERS, "jr")
    assert (jr["medewerkers"], jr["boven_norm"]) == (1, 1)


def test_caseload_kerncijfers_without_workers():
    k = vz.caseload_kerncijfers(WERKERS.head(0))
    assert k["medewerkers"] == 0 and k["caseload_per_fte"] is None


def test_caseload_per_cluster_highest_first():
    per = vz.caseload_per(WERKERS, "cluster")
    assert per["naam"].to_list() == ["UTR", "ZHL"]
    assert per["caseload_per_fte"].to_list() == pytest.approx([19 / 1.5, 10 / 1.8])
    assert vz.caseload_per(WERKERS.head(0), "team").is_empty()


def test_caseload_bins_are_right_closed_so_the_norm_bin_holds_no_one_above_it():
    bins = vz.caseload_bins(WERKERS)
    rows = {(r["van"], r["tot"]): (r["aantal"], r["groep"]) for r in bins.iter_rows(named=True)}
    assert rows[(0.0, 1.0)] == (1, "Binnen de norm")      # 0 per fte falls in the first bin
    assert rows[(11.0, 12.0)] == (1, "Binnen de norm")    # exactly 12
    assert rows[(12.0, 13.0)] == (2, "Boven de norm")     # 12.5 and 13
    assert bins["aantal"].sum() == 4                       # JR not in it


def test_werkers_boven_norm_sorted_highest_first():
    assert vz.werkers_boven_norm(WERKERS)["medewerker_id"].to_list() == ["W1", "W3"]
    assert vz.werkers_boven_norm(WERKERS, "jr")["medewerker_id"].to_list() == ["W5"]


def test_caseload_trend_per_month_with_spc_columns():
    earlier = WERKERS.with_columns(peildatum=pl.lit(D("2025-05-31")), caseload=pl.lit(6, pl.Int64),
                                   caseload_per_fte=6 / pl.col("fte"), boven_norm=pl.lit(False))
    analyse = vz.caseload_trend(pl.concat([earlier, WERKERS]))
    # the share of workers above the norm has no norm of its own (K4's 12 per fte is not a %)
    assert analyse.norm is None and analyse.richting == "lager_beter"
    trend = analyse.punten
    assert trend["maand"].to_list() == [D("2025-05-31"), P]
    assert trend["percentage"].to_list() == pytest.approx([0.0, 50.0])
    assert {"gemiddelde", "ondergrens", "bovengrens", "signaal", "variatie"} <= set(trend.columns)


def test_capaciteit_lang_two_series():
    cap = pl.DataFrame({"peildatum": [P], "fte_in_dienst": [10.0], "jeugdigen_met_vaste_jzw": [120],
                        "jeugdigen_zonder_vaste_jzw": [24], "fte_nodig": [12.0], "capaciteitsgat": [2.0]})
    lang = vz.capaciteit_lang(cap)
    assert dict(zip(lang["reeks"], lang["fte"])) == {"Nodig bij 1:12": 12.0, "In dienst": 10.0}
    assert vz.capaciteit_kerncijfers(cap)["capaciteitsgat"] == 2.0


def k5(*rows) -> pl.DataFrame:
    """(maatregel, cluster, vereist, geregistreerd, gevalideerd, laatste_gevalideerd, startdatum,
    niet_gezien_180, onbekend)"""
    frame = pl.DataFrame(rows, schema=["maatregel_id", "cluster_id", "vereist", "geregistreerd", "gevalideerd",
                                       "laatste_gevalideerd", "startdatum", "niet_gezien_180",
                                       "woonsituatie_onbekend"], orient="row")
    return frame.with_columns(
        peildatum=pl.lit(P), cluster_naam=pl.col("cluster_id"), team_id=pl.lit("T"), team_naam=pl.lit("T"),
        medewerker_id=pl.lit(None, pl.String),
        voldoet_geregistreerd=pl.col("geregistreerd") >= pl.col("vereist"),
        voldoet_gevalideerd=pl.col("gevalideerd") >= pl.col("vereist"),
    )


K5 = k5(
    ("M1", "UTR", 4, 4, 4, D("2025-06-01"), D("2020-01-01"), False, False),  # complies both ways
    ("M2", "UTR", 4, 4, 1, D("2024-11-01"), D("2020-01-01"), True, False),   # only on registration
    ("M3", "ZHL", 4, 2, 2, None, D("2024-06-01"), True, True),               # never seen alone, unknown home
    ("M4", "ZHL", 2, 3, 2, D("2025-05-01"), D("2025-01-01"), False, False),  # complies both ways
)


def test_kind_alleen_kerncijfers_shows_the_registration_gap():
    k = vz.kind_alleen_kerncijfers(K5)
    assert (k["populatie"], k["voldoet_geregistreerd"], k["voldoet_gevalideerd"]) == (4, 3, 2)
    assert k["pct_geregistreerd"] == 75.0 and k["pct_gevalideerd"] == 50.0
    assert k["verschil_pp"] == 25.0 and k["verschil_maatregelen"] == 1
    assert (k["registraties"], k["registraties_niet_gevalideerd"]) == (13, 4)
    assert (k["niet_gezien_180"], k["woonsituatie_onbekend"]) == (2, 1)


def test_kind_alleen_kerncijfers_empty():
    k = vz.kind_alleen_kerncijfers(K5.head(0))
    assert k["populatie"] == 0 and k["pct_gevalideerd"] is None


def test_kind_alleen_per_cluster_and_long_form():
    per = vz.kind_alleen_per(K5, "cluster")
    assert dict(zip(per["naam"], per["pct_gevalideerd"])) == {"UTR": 50.0, "ZHL": 50.0}
    assert dict(zip(per["naam"], per["pct_geregistreerd"])) == {"UTR": 100.0, "ZHL": 50.0}
    lang = vz.twee_reeksen(per, {"pct_geregistreerd": "Geregistreerd", "pct_gevalideerd": "Gevalideerd"})
    assert lang.height == 4 and set(lang["reeks"]) == {"Geregistreerd", "Gevalideerd"}


def test_niet_gezien_lijst_longest_first_and_never_counts_from_the_start():
    lijst = vz.niet_gezien_lijst(K5)
    assert lijst["maatregel_id"].to_list() == ["M3", "M2"]  # 394 days since start, then 241 since last contact
    assert lijst["dagen_niet_gezien"].to_list() == [394, 241]
    assert lijst["laatst_gezien"].to_list() == ["nooit", "01-11-2024"]
    assert lijst["medewerker_id"].to_list() == ["geen", "geen"]


def test_niet_voldaan_lists_the_registration_gap_first():
    lijst = vz.kind_alleen_niet_voldaan(K5)
    assert lijst["maatregel_id"].to_list() == ["M2", "M3"]
    assert lijst["registratieverschil"].to_list() == ["ja", "nee"]
    assert lijst["tekort"].to_list() == [3, 2]


def test_kind_alleen_trend_validated_with_spc_and_registered_beside_it():
    earlier = K5.with_columns(peildatum=pl.lit(D("2025-05-31")), voldoet_gevalideerd=pl.lit(True))
    trend = vz.kind_alleen_trend(pl.concat([earlier, K5])).punten
    assert trend["percentage"].to_list() == [100.0, 50.0]
    assert trend["pct_geregistreerd"].to_list() == [75.0, 75.0]


def test_jr_figures_and_list():
    jr = pl.DataFrame({"maatregel_id": ["J1", "J2", "J3"], "cluster_id": ["UTR"] * 3, "cluster_naam": ["U"] * 3,
                       "peildatum": [P] * 3, "startdatum": [D("2025-01-01"), D("2025-01-01"), D("2025-06-01")],
                       "voldoet": [True, False, False], "dagen_sinds_contact": [3, 40, None],
                       "laatste_contact": [D("2025-06-27"), D("2025-05-21"), None],
                       "medewerker_id": ["A", None, "B"]})
    k = vz.jr_kerncijfers(jr)
    assert (k["populatie"], k["voldoet"]) == (3, 1) and k["pct"] == pytest.approx(100 / 3)
    lijst = vz.jr_niet_voldaan(jr)
    assert lijst["maatregel_id"].to_list() == ["J2", "J3"]  # longest without contact first
    assert lijst["laatst"].to_list() == ["21-05-2025", "nooit"]
    assert lijst["dagen_zonder_contact"].to_list() == [40, 29]  # never: counted from the start
    assert lijst["medewerker_id"].to_list() == ["geen", "B"]


def k6(*rows) -> pl.DataFrame:
    """(maatregel, cluster, werkwijze, op_lijst, kleurcode, plaats, wachtdagen, triage_te_laat)"""
    frame = pl.DataFrame(rows, schema=["maatregel_id", "cluster_naam", "werkwijze", "op_lijst", "kleurcode",
                                       "plaats", "wachtdagen", "triage_te_laat"], orient="row")
    return frame.with_columns(
        peildatum=pl.lit(P), startdatum=pl.lit(D("2025-01-01")), triage_uiterlijk=pl.lit(D("2025-01-08")),
        medewerker_id=pl.lit(None, pl.String),
        kleur_rang=pl.col("kleurcode").replace_strict(norms.KLEUR_RANG),
        met_vaste_jzw=pl.col("werkwijze") == "vast",
        op_monitorlijst=pl.col("op_lijst").is_not_null(),
        in_doorstroom=pl.col("werkwijze") == "in_doorstroom",
    )


K6 = k6(
    ("A1", "Utrecht", "vast", None, "rood", None, None, False),
    ("A2", "Utrecht", "monitorlijst", D("2025-03-01"), "groen", 3, 121, False),
    ("A3", "Utrecht", "monitorlijst", D("2025-05-01"), "rood", 2, 60, False),
    ("A4", "Utrecht", "monitorlijst", D("2025-06-20"), "geen", 1, 10, True),
    ("A5", "Zuid", "monitorlijst", D("2025-04-01"), "oranje", 1, 90, False),
    ("A6", "Zuid", "in_doorstroom", None, "groen", None, None, False),
    ("A7", "Zuid", "geen", None, "geen", None, None, True),
)


def test_vaste_jzw_kerncijfers_as_the_report_counts_them():
    k = vz.vaste_jzw_kerncijfers(K6)
    assert (k["lopend"], k["met_vaste_jzw"], k["monitorlijst"], k["in_doorstroom"]) == (7, 1, 4, 1)
    assert (k["zonder_werkwijze"], k["triage_te_laat"]) == (1, 2)
    assert k["mediaan_wachtdagen"] == 75.0 and k["max_wachtdagen"] == 121


def test_werkwijze_verdeling_has_all_four_in_order():
    verdeling = vz.werkwijze_verdeling(K6.filter(pl.col("werkwijze") != "in_doorstroom"))
    assert verdeling["werkwijze"].to_list() == ["vast", "monitorlijst", "in_doorstroom", "geen"]
    assert verdeling["aantal"].to_list() == [1, 4, 0, 1]
    assert verdeling["percentage"].sum() == pytest.approx(100.0)


def test_kleur_telling_counts_the_list_with_zeros():
    totaal = vz.kleur_telling(K6)
    assert dict(zip(totaal["kleurcode"], totaal["aantal"])) == {"geen": 1, "rood": 1, "oranje": 1, "groen": 1}
    per = vz.kleur_telling(K6, ["cluster_naam"])
    zuid = per.filter(pl.col("cluster_naam") == "Zuid")
    assert zuid["aantal"].to_list() == [0, 0, 1, 0]  # geen, rood, oranje, groen
    assert zuid["symbool"].to_list() == ["■", "▲", "◆", "●"]


def test_wachtrij_is_in_queue_order_per_cluster():
    rij = vz.wachtrij(K6)
    assert rij["maatregel_id"].to_list() == ["A4", "A3", "A2", "A5"]
    assert rij["kleur"].to_list() == ["■ Nog geen kleurcode", "▲ Rood", "● Groen", "◆ Oranje"]
    per = vz.wachtrij_per_cluster(K6)
    assert per.row(0, named=True) == {"cluster_naam": "Utrecht", "op_lijst": 3, "geen": 1, "rood": 1, "oranje": 0,
                                      "groen": 1, "mediaan_wachtdagen": 60.0, "max_wachtdagen": 121}


def test_voogdij_and_vots_on_the_list_are_flagged():
    rows = K6.with_columns(soort=pl.when(pl.col("maatregel_id") == "A3").then(pl.lit("voogdij"))
                           .when(pl.col("maatregel_id") == "A7").then(pl.lit("VOTS")).otherwise(pl.lit("OTS")))
    assert vz.uitgesloten_op_lijst(rows)["maatregel_id"].to_list() == ["A3"]  # A7 is not on the list


def test_alarm_and_triage_lists():
    assert vz.zonder_werkwijze_lijst(K6)["maatregel_id"].to_list() == ["A7"]
    triage = vz.triage_te_laat_lijst(K6)
    assert triage["maatregel_id"].to_list() == ["A4", "A7"]
    assert triage["dagen_over_termijn"].to_list() == [173, 173]
    assert vz.zonder_werkwijze_lijst(K6.head(0)).is_empty()


STROOM = pl.DataFrame({
    "week_start": [D("2025-06-16")] * 4 + [D("2025-06-23")] * 4,
    "week_einde": [D("2025-06-22")] * 4 + [D("2025-06-29")] * 4,
    "cluster_id": ["UTR", "UTR", "ZHL", "ZHL"] * 2,
    "kleurcode": ["rood", "groen", "rood", "groen"] * 2,
    "kleur_rang": [1, 3, 1, 3] * 2,
    "voorraad": [1, 2, 3, 4, 2, 2, 3, 5],
    "instroom": [1, 0, 0, 1, 1, 0, 0, 1],
    "uitstroom": [0, 0, 1, 0, 0, 0, 0, 0],
})


def test_stroom_sums_over_clusters():
    voorraad = vz.stroom_voorraad(STROOM)
    assert voorraad.filter(pl.col("week_start") == D("2025-06-16"))["voorraad"].to_list() == [4, 6]
    in_uit = vz.stroom_in_uit(STROOM)
    assert in_uit.filter(pl.col("reeks") == "Instroom")["aantal"].to_list() == [2, 2]
    assert vz.stroom_totalen(STROOM) == {"instroom": 4, "uitstroom": 1, "voorraad_begin": 10,
                                         "voorraad_eind": 12, "weken": 2}


def test_doorlooptijd_per_kleur_only_counts_days_of_those_who_got_a_worker():
    doorloop = pl.DataFrame({"kleur_bij_instroom": ["rood", "rood", "rood", "groen"],
                             "met_vaste_jzw": [True, True, False, True],
                             "dagen_tot_vaste_jzw": [10, 20, 300, 100]})
    per = vz.doorlooptijd_per_kleur(doorloop)
    assert per["kleurcode"].to_list() == ["geen", "rood", "oranje", "groen"]
    rood = per.filter(pl.col("kleurcode") == "rood").row(0, named=True)
    assert (rood["met_vaste_jzw"], rood["zonder_vaste_jzw"], rood["mediaan"]) == (2, 1, 15.0)
    assert per.filter(pl.col("kleurcode") == "oranje")["met_vaste_jzw"].item() == 0


def test_doorlooptijd_zaken_readable_most_recent_first():
    doorloop = pl.DataFrame({"maatregel_id": ["A", "B"], "van_lijst": [D("2025-05-01"), D("2025-06-01")],
                             "kleur_bij_instroom": ["geen", "rood"], "kleur_bij_uitstroom": ["oranje", "rood"],
                             "met_vaste_jzw": [False, True], "vaste_medewerker_id": [None, "W1"]})
    zaken = vz.doorlooptijd_zaken(doorloop)
    assert zaken["maatregel_id"].to_list() == ["B", "A"]
    assert zaken["kleur_in"].to_list() == ["▲ Rood", "■ Nog geen kleurcode"]
    assert zaken["naar_vaste_jzw"].to_list() == ["ja", "nee"]
    assert zaken["vaste_medewerker_id"].to_list() == ["W1", "geen"]


def test_vaste_jzw_trend_and_werkwijze_series():
    earlier = K6.with_columns(peildatum=pl.lit(D("2025-05-31")))
    trend = vz.vaste_jzw_trend(pl.concat([earlier, K6])).punten
    assert trend["percentage"].to_list() == pytest.approx([100 / 7] * 2)
    lang = vz.werkwijze_trend(trend)
    assert set(lang["reeks"]) == {"Monitorlijst", "In- en doorstroomteam", "Geen werkwijze"}


K7 = pl.DataFrame({
    "maatregel_id": ["D1", "D2", "D3", "D4"], "cluster_id": ["UTR", "UTR", "ZHL", "ZHL"],
    "cluster_naam": ["U", "U", "Z", "Z"], "team_naam": ["T"] * 4, "medewerker_id": ["X", "X", "Y", "Y"],
    "peildatum": [P] * 4,
    "dagen_in_team": [41, 42, 200, 400],
    "in_team_sinds": [P - dt.timedelta(days=d) for d in (41, 42, 200, 400)],
    "laatste_contact": [None, D("2025-06-01"), D("2025-01-01"), D("2025-03-01")],
    "dagen_sinds_contact": [None, 29, 180, 121],
    "contact_ok": [False, True, False, False],
    "laatste_casuistiek": [None, None, D("2025-01-01"), None],
    "dagen_sinds_casuistiek": [None, None, 180, None],
    "casuistiek_ok": [True, True, True, False],
    "aantal_werkers_365": [0, 1, 3, 9],
})


def test_in_doorstroom_kerncijfers():
    k = vz.in_doorstroom_kerncijfers(K7)
    assert (k["populatie"], k["contact_ok"], k["casuistiek_ok"], k["beide_ok"]) == (4, 1, 3, 1)
    assert k["pct_contact"] == 25.0 and k["pct_casuistiek"] == 75.0
    assert k["mediaan_dagen_in_team"] == 121.0 and k["geen_contact_ooit"] == 1


def test_in_doorstroom_per_cluster():
    per = vz.in_doorstroom_per(K7, "cluster")
    assert dict(zip(per["naam"], per["pct_contact"])) == {"U": 50.0, "Z": 0.0}


def test_time_in_team_buckets_include_their_lower_bound():
    verdeling = vz.tijd_in_team_verdeling(K7)
    assert verdeling["duur"].to_list() == [label for *_, label in vz.TIJD_IN_TEAM]
    assert verdeling["aantal"].to_list() == [1, 1, 0, 1, 1]  # 41 | 42 | - | 200 | 400


def test_workers_per_family_with_an_open_top_category():
    verdeling = vz.werkers_verdeling(K7)
    assert verdeling["werkers"].to_list()[-1] == "8 of meer"
    assert dict(zip(verdeling["werkers"], verdeling["aantal"])) == {
        "0": 1, "1": 1, "2": 0, "3": 1, "4": 0, "5": 0, "6": 0, "7": 0, "8 of meer": 1}


def test_rule_breach_lists_longest_without_first():
    contact = vz.contact_niet_gehaald(K7)
    assert contact["maatregel_id"].to_list() == ["D3", "D4", "D1"]
    assert contact["laatst"].to_list() == ["01-01-2025", "01-03-2025", "nooit"]
    assert contact["dagen_zonder_contact"].to_list() == [180, 121, 41]  # never: since entering the team
    casus = vz.casuistiek_niet_gehaald(K7)
    assert casus["maatregel_id"].to_list() == ["D4"] and casus["dagen_zonder_bespreking"].to_list() == [400]


def test_in_doorstroom_alle_readable():
    alle = vz.in_doorstroom_alle(K7)
    assert alle["contact_tekst"].to_list() == ["nee", "ja", "nee", "nee"]
    assert alle["laatst_casuistiek"].to_list()[0] == "nooit"


def test_in_doorstroom_trend_two_rules():
    contact, casus = vz.in_doorstroom_trend(K7)
    assert contact.punten["percentage"].to_list() == [25.0] and casus.punten["percentage"].to_list() == [75.0]
    assert contact.zin == "Te weinig maanden om een trend te beoordelen (1; minstens 6 nodig)."
    leeg = vz.in_doorstroom_trend(K7.head(0))
    assert leeg[0].punten.is_empty() and leeg[1].punten.is_empty()
    assert leeg[0].zin == "Geen gegevens om een trend te beoordelen."



def test_p_reeks_leaves_out_months_without_cases():
    frame = pl.DataFrame({"maand": [D("2025-04-30"), D("2025-05-31")], "totaal": [0, 10], "ok": [0, 5]})
    assert vz.p_reeks("k7", frame, "ok").punten["maand"].to_list() == [D("2025-05-31")]


def test_nu_en_kwartaal_eerder():
    # the value at P (last month of the series) and the same view a quarter earlier: never the month before
    reeks = pl.DataFrame({"maand": [D("2025-05-31"), D("2025-04-30"), P], "x": [2.0, 1.0, 3.0]})
    vorig = pl.DataFrame({"maand": [D("2025-03-31")], "x": [0.5]})
    assert vz.nu_en_kwartaal_eerder(reeks, vorig, "x") == (3.0, 0.5)
    assert vz.nu_en_kwartaal_eerder(reeks.head(0), vorig.head(0), "x") == (None, None)


def test_zonder_vaste_jzw_lijst_alarm_first():
    lijst = vz.zonder_vaste_jzw_lijst(K6)
    assert lijst["maatregel_id"].to_list()[0] == "A7"
    assert lijst.height == 6 and "A1" not in lijst["maatregel_id"].to_list()
    assert lijst["werkwijze_label"].to_list()[0] == "Geen werkwijze"


def test_kind_alleen_alle_has_both_verdicts():
    alle = vz.kind_alleen_alle(K5)
    assert alle.height == 4
    assert dict(zip(alle["maatregel_id"], alle["voldoet_val_tekst"])) == {"M1": "ja", "M2": "nee", "M3": "nee",
                                                                          "M4": "ja"}



# ================================================================ chart builders (kpi/presentation/charts_zorg.py)


def _data(chart) -> list[dict]:
    spec = chart.to_dict()  # also validates the Vega-Lite spec
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def test_every_chart_builds_a_valid_spec_with_the_dutch_locale():
    from kpi.presentation import charts_zorg as cz

    reeks = vz.caseload_trend(WERKERS)
    charts = [
        cz.caseload_histogram(vz.caseload_bins(WERKERS), 12, "norm 1:12"),
        cz.norm_staven(vz.caseload_per(WERKERS, "cluster"), "naam", "caseload_per_fte", "Caseload per fte", 12, "n"),
        cz.lijn(reeks.punten, "caseload_per_fte", "Caseload per fte", 12, "norm"),
        cz.spc(vz.kind_alleen_trend(K5).punten, "%", extra="pct_geregistreerd", extra_label="geregistreerd"),
        cz.paar_staven(vz.twee_reeksen(vz.kind_alleen_per(K5, "cluster"),
                                       {"pct_geregistreerd": "Geregistreerd", "pct_gevalideerd": "Gevalideerd"}),
                       "%", cz.REEKS_KLEUR),
        cz.twee_cijfers(pl.DataFrame({"reeks": ["Geregistreerd", "Gevalideerd"], "waarde": [80.0, 70.0]}), "%",
                        cz.REEKS_KLEUR),
        cz.kleur_staven(vz.kleur_telling(K6, ["cluster_naam"]), "cluster_naam"),
        cz.kleur_lijnen(vz.stroom_voorraad(STROOM), "week_einde", "voorraad", "Op de lijst"),
        cz.stroom_staven(vz.stroom_in_uit(STROOM)),
        cz.werkwijze_staven(vz.werkwijze_verdeling(K6)),
        cz.staven(vz.tijd_in_team_verdeling(K7), "duur", "aantal", "Tijd", "Maatregelen"),
    ]
    from kpi.presentation.widgets import vega_lite

    for chart in charts:
        chart.to_dict()  # validates against the Vega-Lite schema
        spec = vega_lite(chart)  # what the pages draw
        assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_colour_segments_carry_symbol_and_count_when_wide_enough():
    from kpi.presentation import charts_zorg as cz

    frame = vz.kleur_telling(pl.concat([K6] + [K6.filter(pl.col("maatregel_id") == "A2")] * 30), ["cluster_naam"])
    texts = {(r["cluster_naam"], r["kleur"]): r["tekst"] for r in _data(cz.kleur_staven(frame, "cluster_naam"))
             if "tekst" in r}
    assert texts[("Utrecht", "Groen")] == "● 31"
    assert texts[("Utrecht", "Rood")] == ""  # 1 of 33: too narrow for a label, the table has it
    assert ("Zuid", "Rood") not in texts  # zero: no segment at all


def test_doorlooptijd_chart_only_colours_with_workers_and_names_them():
    from kpi.presentation import charts_zorg as cz

    per = vz.doorlooptijd_per_kleur(pl.DataFrame({"kleur_bij_instroom": ["rood", "groen"],
                                                  "met_vaste_jzw": [True, True], "dagen_tot_vaste_jzw": [5, 50]}))
    labels = {r["label"] for r in _data(cz.doorlooptijd(per)) if "label" in r}
    assert labels == {"▲ Rood", "● Groen"}


def test_werkwijze_bar_text_has_count_and_share_with_a_decimal_comma():
    from kpi.presentation import charts_zorg as cz

    rows = pl.concat([K6.filter(pl.col("werkwijze") == "vast")] * 999 + [K6.filter(pl.col("werkwijze") == "geen")])
    texts = [r["tekst"] for r in _data(cz.werkwijze_staven(vz.werkwijze_verdeling(rows))) if "tekst" in r]
    assert "999 (99,9%)" in texts and "1 (0,1%)" in texts

# ================================================================ the pages on the demo database



def rapport(demo, **filters) -> dict:
    from kpi.presentation.state import standaard_periode
    from kpi.reports.report import build_report

    peildatum = demo.exportdatum
    van, tot = standaard_periode(peildatum)
    return build_report(demo, peildatum, van, tot, Filters(**filters))



def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def getal(text: str) -> float:
    """'1.234,5 fte' → 1234.5 (Dutch notation)."""
    found = re.search(r"-?[\d.]+(,\d+)?", text)
    assert found, text
    return float(found.group(0).replace(".", "").replace(",", "."))


def pct(teller: int, noemer: int) -> float:
    return 100.0 * teller / noemer


PAGINAS = ["pages/k4_caseload.py", "pages/k5_kind_alleen.py", "pages/k6_wachtrij.py", "pages/k7_in_doorstroom.py"]


@pytest.mark.parametrize("cluster", [None, "UTR"])
def test_k4_page_shows_the_report_figures(demo, demo_db, monkeypatch, cluster):
    at = open_app(demo_db, monkeypatch, "pages/k4_caseload.py", **({"cluster": cluster} if cluster else {}))
    k4 = rapport(demo, cluster=cluster)["k4_caseload"]
    m = metrics(at)
    assert getal(m["Caseload per fte"]) == pytest.approx(k4["caseload_per_fte"], abs=0.051)
    assert getal(m["Boven de norm"]) == k4["boven_norm"]
    assert getal(m["Capaciteitsgat"]) == pytest.approx(k4["capaciteitsgat_fte"], abs=0.051)
    assert getal(m["Jeugdigen zonder vaste jzw"]) == k4["jeugdigen_zonder_vaste_jzw"]
    assert getal(m["Caseload per fte (JR)"]) == pytest.approx(k4["jr"]["caseload_per_fte"], abs=0.051)
    assert getal(m["Boven de norm (JR)"]) == k4["jr"]["boven_norm"]
    captions = " ".join(c.value for c in at.caption)
    assert f"van {k4['medewerkers']:,} jeugdzorgwerkers".replace(",", ".") in captions


def test_k4_page_says_a_municipality_filter_does_not_apply(demo, demo_db, monkeypatch):
    gemeente = demo.sql("select gemeente_code from gemeenten order by 1 limit 1").item()
    at = open_app(demo_db, monkeypatch, "pages/k4_caseload.py", gemeente=gemeente)
    assert any("geldt niet voor caseload" in i.value for i in at.info)
    # the figures are those of the whole organisation, as without the filter
    assert getal(metrics(at)["Boven de norm"]) == rapport(demo)["k4_caseload"]["boven_norm"]


@pytest.mark.parametrize("cluster", [None, "UTR"])
def test_k5_page_shows_the_report_figures(demo, demo_db, monkeypatch, cluster):
    at = open_app(demo_db, monkeypatch, "pages/k5_kind_alleen.py", **({"cluster": cluster} if cluster else {}))
    k5 = rapport(demo, cluster=cluster)["k5_kind_alleen"]
    m = metrics(at)
    assert getal(m["Voldoet (gevalideerd)"]) == pytest.approx(
        pct(k5["voldoet_gevalideerd"], k5["populatie"]), abs=0.051)
    assert getal(m["Voldoet (geregistreerd)"]) == pytest.approx(
        pct(k5["voldoet_geregistreerd"], k5["populatie"]), abs=0.051)
    assert getal(m[f"> {norms.K5_NIET_GEZIEN_DAGEN} dagen niet gezien"]) == k5["niet_gezien_180_dagen"]
    assert getal(m["Woonsituatie onbekend"]) == k5["woonsituatie_onbekend"]
    assert getal(m["JR: contact in 4 weken"]) == pytest.approx(pct(k5["jr"]["voldoet"], k5["jr"]["populatie"]),
                                                               abs=0.051)
    assert any("Waarom twee cijfers?" in md.value for md in at.markdown)


@pytest.mark.parametrize("cluster", [None, "UTR"])
def test_k6_page_shows_the_report_figures(demo, demo_db, monkeypatch, cluster):
    at = open_app(demo_db, monkeypatch, "pages/k6_wachtrij.py", **({"cluster": cluster} if cluster else {}))
    k6 = rapport(demo, cluster=cluster)["k6_vaste_jzw"]
    m = metrics(at)
    assert getal(m["Met vaste jeugdzorgwerker"]) == pytest.approx(pct(k6["met_vaste_jzw"], k6["lopend"]), abs=0.051)
    assert getal(m["Op de monitorlijst"]) == k6["monitorlijst"]
    assert getal(m["In- en doorstroomteam"]) == k6["in_doorstroom"]
    assert getal(m["Te laat voor triage"]) == k6["triage_te_laat"]
    if k6["zonder_werkwijze"]:
        assert any(f"{k6['zonder_werkwijze']} lopende maatregelen hebben geen enkele werkwijze" in e.value
                   for e in at.error)
    else:
        assert not at.error
    tegels = " ".join(md.value for md in at.markdown if "border-left" in md.value)
    for code, label in (("rood", "▲ Rood"), ("oranje", "◆ Oranje"), ("groen", "● Groen"),
                        ("geen", "■ Nog geen kleurcode")):
        assert re.search(rf"{label}.*?>{k6['kleur'][code]}<", tegels), (code, k6["kleur"][code])
    if cluster:
        queue = next(df.value for df in at.dataframe if "Plaats in de rij" in df.value.columns)
        assert queue["Maatregel"].tolist() == k6["wachtrij"]
        assert queue["Plaats in de rij"].tolist() == sorted(queue["Plaats in de rij"].tolist())


@pytest.mark.parametrize("cluster", [None, "UTR", "RRY"])
def test_k7_page_shows_the_report_figures(demo, demo_db, monkeypatch, cluster):
    at = open_app(demo_db, monkeypatch, "pages/k7_in_doorstroom.py", **({"cluster": cluster} if cluster else {}))
    k7 = rapport(demo, cluster=cluster)["k7_in_doorstroom"]
    m = metrics(at)
    if not k7["populatie"]:
        assert any("Geen maatregelen in het in- en doorstroomteam" in i.value for i in at.info)
    else:
        assert getal(m["Maatregelen in het team"]) == k7["populatie"]
        assert getal(m["Contact binnen 6 weken"]) == pytest.approx(
            pct(k7["contact_binnen_6_weken"], k7["populatie"]), abs=0.051)
        assert getal(m["Casuïstiek binnen half jaar"]) == pytest.approx(
            pct(k7["casuistiek_binnen_half_jaar"], k7["populatie"]), abs=0.051)
        assert getal(m["Mediaan tijd in het team"]) == pytest.approx(k7["mediaan_dagen_in_team"], abs=0.5)


@pytest.mark.parametrize("pagina", PAGINAS)
def test_pages_say_so_when_there_is_nothing_at_the_peildatum(demo_db, monkeypatch, pagina):
    at = open_app(demo_db, monkeypatch, pagina, peildatum="2000-01-03")
    assert at.info, "een lege selectie moet dat melden"


@pytest.mark.parametrize("pagina", PAGINAS)
def test_every_number_has_its_case_list_with_dutch_headers(demo_db, monkeypatch, pagina):
    at = open_app(demo_db, monkeypatch, pagina, cluster="RRY")  # a cluster with cases on every page
    assert at.dataframe, "geen zaaklijst"
    for frame in at.dataframe:
        for column in frame.value.columns:
            assert "_" not in column, f"{pagina}: kolom {column} heeft geen Nederlandse kop"
    assert len(at.get("download_button")) >= 2 * len(at.dataframe)

