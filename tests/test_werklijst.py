"""Werklijst (kpi.metrics.werklijst, sql/werklijst/werklijst.sql) against hand-computed cases.

Peildatum P = Friday 2025-05-23 (also the export date). "Due soon" ends on the 10th working day
after P: Mon 26, Tue 27, Wed 28, (Thu 29 Hemelvaartsdag), Fri 30, Mon 2, Tue 3, Wed 4, Thu 5,
Fri 6 June, (Mon 9 Tweede Pinksterdag), Tue 10 June = H: 18 calendar days, 10 working days,
across two holidays. The deadline is the last day on which the action is still on time.

Per reason the four cases of the issue: due today (deadline P: 0 days), overdue by one day
(deadline Thu 22 May: -1 day, -1 working day), due in 10 working days across a holiday (deadline
H, or for K1 and K6, whose terms are 5 working days from a start on or before P, the 5th working day
after P: Mon 2 June, 10 days, 5 working days, across Hemelvaart), and not yet due (deadline after H:
not listed). Complaints (K8, KLACHT_CASES) the same, keyed by their klacht_id. Each reason's rows
are checked among its own measures only (every measure of the fixture may also be on the list for
another reason).
"""

from __future__ import annotations

import polars as pl
import pytest

from kpi.core import kalender
from kpi.core.params import KLACHTEN_GEEN, KLACHTEN_LIJST, Filters, Scope, query_params
from kpi.core.registry import TERMIJN_KPIS
from kpi.metrics import engine, klachten
from kpi.metrics import werklijst as wl
from tests.builders import D, make_db

P = D("2025-05-23")
H = D("2025-06-10")
LANG = "2024-01-01"  # a start long before P (K5: a full window; K7: long in the team)

VANDAAG = ("2025-05-23", 0, 0, "vandaag")
TE_LAAT = ("2025-05-22", -1, -1, "verlopen")
TIEN = ("2025-06-10", 18, 10, "binnenkort")
VIJF = ("2025-06-02", 10, 5, "binnenkort")
NULL = (None, None, None, "verlopen")


def ka(datum: str) -> dict:
    """A validated child-alone contact."""
    return {"datum": datum, "kind_alleen": True, "vorm": "face_to_face", "met_jeugdige": True}


# reason: [(maatregel_id, what it tests, measure columns, extra rows per table, expected
#           (deadline, dagen, werkdagen, urgentie) or None = not on the list for this reason)]
CASES = {
    "k1": [  # deadline: the 5th working day after the start (no face-to-face contact yet)
        ("K1-VANDAAG", "start Fri 16 May: deadline Fri 23 May = P", {"startdatum": "2025-05-16"}, {}, VANDAAG),
        ("K1-TE-LAAT", "start Thu 15 May: deadline Thu 22 May, a day overdue", {"startdatum": "2025-05-15"}, {},
         TE_LAAT),
        ("K1-FEESTDAG", "start P: deadline Mon 2 June, 5 working days across Hemelvaart",
         {"startdatum": "2025-05-23"}, {}, VIJF),
        ("K1-GEDAAN", "contact before the deadline: nothing to do", {"startdatum": "2025-05-16"},
         {"contacten": [{"datum": "2025-05-20"}]}, None),
        ("K1-GEEINDIGD", "overdue but ended on P: nothing to do", {"startdatum": "2025-05-15", "einddatum": "2025-05-23"},
         {}, None),
    ],
    "k2": [  # deadline: start + 42 days (no plan yet)
        ("K2-VANDAAG", "start 11 April: deadline P", {"startdatum": "2025-04-11"}, {}, VANDAAG),
        ("K2-TE-LAAT", "start 10 April: deadline 22 May", {"startdatum": "2025-04-10"}, {}, TE_LAAT),
        ("K2-TIEN", "start 29 April: deadline 10 June = H, 10 working days across two holidays",
         {"startdatum": "2025-04-29"}, {}, TIEN),
        ("K2-LATER", "start 30 April: deadline 11 June, after H", {"startdatum": "2025-04-30"}, {}, None),
        ("K2-GEDAAN", "plan made: nothing to do", {"startdatum": "2025-04-10"},
         {"plannen": [{"vastgesteld_op": "2025-05-01"}]}, None),
    ],
    "k3": [  # deadline: start + 3 months (no help started)
        ("K3-VANDAAG", "start 23 February: deadline P", {"startdatum": "2025-02-23"}, {}, VANDAAG),
        ("K3-TE-LAAT", "start 22 February: deadline 22 May", {"startdatum": "2025-02-22"}, {}, TE_LAAT),
        ("K3-TIEN", "start 10 March: deadline 10 June = H", {"startdatum": "2025-03-10"}, {}, TIEN),
        ("K3-LATER", "start 11 March: deadline 11 June", {"startdatum": "2025-03-11"}, {}, None),
    ],
    "k5": [  # OTS at home (norm 4), full window: 4 validated contacts, the oldest c0 leaves the window
        # [d - 364, d] on d = c0 + 365, so the norm is met without a new contact up to c0 + 364
        ("K5-VANDAAG", "oldest contact 24 May 2024: met up to P", {"soort": "OTS", "startdatum": LANG},
         {"contacten": [ka("2024-05-24"), ka("2024-09-01"), ka("2025-01-10"), ka("2025-04-01")]}, VANDAAG),
        ("K5-TE-LAAT", "oldest contact 23 May 2024: met up to 22 May, below the norm at P",
         {"soort": "OTS", "startdatum": LANG},
         {"contacten": [ka("2024-05-23"), ka("2024-09-01"), ka("2025-01-10"), ka("2025-04-01")]}, TE_LAAT),
        ("K5-TIEN", "oldest contact 11 June 2024: met up to 10 June 2025 = H", {"soort": "OTS", "startdatum": LANG},
         {"contacten": [ka("2024-06-11"), ka("2024-09-01"), ka("2025-01-10"), ka("2025-04-01")]}, TIEN),
        ("K5-LATER", "oldest contact 12 June 2024: met up to 11 June 2025", {"soort": "OTS", "startdatum": LANG},
         {"contacten": [ka("2024-06-12"), ka("2024-09-01"), ka("2025-01-10"), ka("2025-04-01")]}, None),
        ("K5-LANG", "two contacts: below the norm for more than the month looked back", {"soort": "OTS",
                                                                                       "startdatum": LANG},
         {"contacten": [ka("2025-01-10"), ka("2025-04-01")]}, NULL),
    ],
    "k5_jr": [  # JR: a contact with the young person less than 28 days before: met up to L + 27
        ("JR-VANDAAG", "last contact 26 April: met up to P", {"soort": "JR", "startdatum": LANG, "team_id": "UTR-JR"},
         {"contacten": [{"datum": "2025-04-26"}]}, VANDAAG),
        ("JR-TE-LAAT", "last contact 25 April: met up to 22 May", {"soort": "JR", "startdatum": LANG,
                                                                   "team_id": "UTR-JR"},
         {"contacten": [{"datum": "2025-04-25"}]}, TE_LAAT),
        ("JR-TIEN", "last contact 14 May: met up to 10 June = H", {"soort": "JR", "startdatum": LANG,
                                                                  "team_id": "UTR-JR"},
         {"contacten": [{"datum": "2025-05-14"}]}, TIEN),
        ("JR-LATER", "last contact 15 May: met up to 11 June", {"soort": "JR", "startdatum": LANG, "team_id": "UTR-JR"},
         {"contacten": [{"datum": "2025-05-15"}]}, None),
    ],
    "k6_triage": [  # no colour code: triage due on the 5th working day after the start
        ("K6-VANDAAG", "start 16 May: triage due P", {"startdatum": "2025-05-16"}, {}, VANDAAG),
        ("K6-TE-LAAT", "start 15 May: triage due 22 May", {"startdatum": "2025-05-15"}, {}, TE_LAAT),
        ("K6-FEESTDAG", "start P: triage due 2 June, across Hemelvaart", {"startdatum": "2025-05-23"}, {}, VIJF),
        ("K6-GEKLEURD", "colour code given: nothing to do", {"startdatum": "2025-05-15"},
         {"veiligheidsinschattingen": [{"datum": "2025-05-20", "kleurcode": "groen"}]}, None),
    ],
    "k6_werkwijze": [
        ("K6-GEEN", "no fixed worker, not on the list, not in the team: the alarm group",
         {"startdatum": "2025-05-01"}, {"toewijzingen": []}, NULL),
    ],
    "k7_contact": [  # in the team since LANG; last contact L: on time up to L + 42
        ("K7-VANDAAG", "last contact 11 April: due P", {"startdatum": LANG}, {"contacten": [{"datum": "2025-04-11"}]},
         VANDAAG),
        ("K7-TE-LAAT", "last contact 10 April: due 22 May", {"startdatum": LANG},
         {"contacten": [{"datum": "2025-04-10"}]}, TE_LAAT),
        ("K7-TIEN", "last contact 29 April: due 10 June = H", {"startdatum": LANG},
         {"contacten": [{"datum": "2025-04-29"}]}, TIEN),
        ("K7-LATER", "last contact 30 April: due 11 June", {"startdatum": LANG},
         {"contacten": [{"datum": "2025-04-30"}]}, None),
        ("K7-NOOIT", "never a contact: the KPI fails it, no deadline", {"startdatum": LANG}, {}, NULL),
    ],
    "k7_casuistiek": [  # last case conference Lc: on time up to Lc + 182; none: in the team + 181
        ("K7C-VANDAAG", "conference 22 Nov 2024: due P", {"startdatum": LANG},
         {"casuistiekbesprekingen": [{"datum": "2024-11-22"}]}, VANDAAG),
        ("K7C-TE-LAAT", "conference 21 Nov 2024: due 22 May", {"startdatum": LANG},
         {"casuistiekbesprekingen": [{"datum": "2024-11-21"}]}, TE_LAAT),
        ("K7C-TIEN", "conference 10 Dec 2024: due 10 June = H", {"startdatum": LANG},
         {"casuistiekbesprekingen": [{"datum": "2024-12-10"}]}, TIEN),
        ("K7C-LATER", "conference 11 Dec 2024: due 11 June", {"startdatum": LANG},
         {"casuistiekbesprekingen": [{"datum": "2024-12-11"}]}, None),
        ("K7C-NIEUW", "no conference, in the team since 23 Nov 2024: 181 days at P, due P",
         {"startdatum": "2024-11-23"}, {"in_team_sinds": "2024-11-23"}, VANDAAG),
    ],
}


def _rows() -> dict[str, list[dict]]:
    tables: dict[str, list[dict]] = {"maatregelen": [], "toewijzingen": [], "contacten": [], "plannen": [],
                                     "veiligheidsinschattingen": [], "casuistiekbesprekingen": [], "verblijf": []}
    for reden, cases in CASES.items():
        for mid, _, measure, extra, _ in cases:
            m = {"maatregel_id": mid, **measure}
            if reden in ("k1", "k2", "k3", "k6_triage", "k6_werkwijze"):
                m.setdefault("soort", "VOTS")  # not in K5
            tables["maatregelen"].append(m)
            if reden.startswith("k7"):
                van = extra.get("in_team_sinds", m["startdatum"])
                tables["toewijzingen"].append({"maatregel_id": mid, "medewerker_id": "W2", "rol": "in_doorstroom",
                                               "van": van})
            elif "toewijzingen" not in extra:
                tables["toewijzingen"].append({"maatregel_id": mid, "medewerker_id": "W1", "rol": "vast",
                                               "van": m["startdatum"]})
            if reden == "k5":
                tables["verblijf"].append({"maatregel_id": mid, "van": LANG, "woonsituatie": "thuis"})
            for table, rows in extra.items():
                if table in tables:
                    tables[table] += [{"maatregel_id": mid, **r} for r in rows]
    return tables


def klacht(klacht_id: str, **kolommen) -> dict:
    """A complaint about measure K2-LATER (team JB Utrecht 1, fixed worker W1), received 1 April."""
    return {"klacht_id": klacht_id, "ontvangen_op": "2025-04-01", "maatregel_id": "K2-LATER",
            "kanaal": "klachtenbureau", "indiener": "moeder", "ondersteuning": "geen", **kolommen}


# K8: a complaint open at P with a term of its route without its step (the view K8 counts):
# (klacht_id, what it tests, complaint columns, expected as in CASES)
KLACHT_CASES = [
    ("KL-VANDAAG", "conversation 9 May: report due 9 + 14 = 23 May = P", {"klachtgesprek_op": "2025-05-09"}, VANDAAG),
    ("KL-TE-LAAT", "conversation 8 May: report due 22 May, a day overdue", {"klachtgesprek_op": "2025-05-08"},
     TE_LAAT),
    ("KL-TIEN", "committee received 29 April: hearing due 29 April + 42 = 10 June = H, across two holidays",
     {"commissie_ontvangen_op": "2025-04-29"}, TIEN),
    ("KL-LATER", "committee received 30 April: hearing due 11 June, after H", {"commissie_ontvangen_op": "2025-04-30"},
     None),
    ("KL-GEDAAN", "report sent before its deadline: nothing to do",
     {"klachtgesprek_op": "2025-05-08", "verslag_op": "2025-05-20"}, None),
    ("KL-DICHT", "report overdue (K8 counts it), but the complaint was closed on 20 May: nothing to do",
     {"klachtgesprek_op": "2025-05-01", "afgesloten_op": "2025-05-20", "afloop": "opgelost"}, None),
]
KLACHTEN = [klacht(k, **kolommen) for k, _, kolommen, _ in KLACHT_CASES]
ONDERDELEN = [{"klacht_id": k["klacht_id"], "onderdeel_nr": 1, "categorie": "communicatie"} for k in KLACHTEN]


@pytest.fixture(scope="module")
def wl_db(tmp_path_factory):
    return make_db(tmp_path_factory.mktemp("werklijst"), exportdatum="2025-05-23", klachten=KLACHTEN,
                   klachtonderdelen=ONDERDELEN, **_rows())


@pytest.fixture(scope="module")
def lijst(wl_db):
    return wl.werklijst(wl_db, P)


def test_horizon_is_ten_working_days_across_two_holidays(wl_db):
    assert kalender.feestdag(D("2025-05-29")) and kalender.feestdag(D("2025-06-09"))
    assert wl.horizon(wl_db, P) == H


# every case: (reden, the id column, id, what it tests, expected); complaints by their klacht_id
ALLE_CASES = [(r, "maatregel_id", c[0], c[1], c[4]) for r, cases in CASES.items() for c in cases] + [
    ("k8", "klacht_id", c[0], c[1], c[3]) for c in KLACHT_CASES]


@pytest.mark.parametrize("reden, kolom, id_, what, expected", ALLE_CASES, ids=[c[2] for c in ALLE_CASES])
def test_werklijst_case(lijst, reden, kolom, id_, what, expected):
    rows = lijst.filter((pl.col("reden") == reden) & (pl.col(kolom) == id_))
    if expected is None:
        assert rows.is_empty(), what
        return
    assert rows.height == 1, what
    row = rows.row(0, named=True)
    deadline, dagen, werkdagen, urgentie = expected
    assert (row["deadline"], row["dagen"], row["werkdagen"], row["urgentie"]) == (
        D(deadline) if deadline else None, dagen, werkdagen, urgentie), what


def test_klacht_columns_for_the_board(lijst):
    """The board sees complaints at case level: the measure, the young person and the fixed worker."""
    row = lijst.filter(pl.col("klacht_id") == "KL-TE-LAAT").row(0, named=True)
    assert (row["reden_label"], row["maatregel_id"], row["jeugdige_id"], row["medewerker_id"], row["team_naam"],
            row["toelichting_label"]) == ("K8 klacht: termijn van de route", "K2-LATER", "J-K2-LATER", "W1",
                                          "JB Utrecht 1", "klacht: verslag klachtgesprek")
    assert lijst.filter(pl.col("klacht_id") == "KL-TIEN")["toelichting_label"].to_list() == [
        "klacht: hoorzitting commissie"]


def test_klacht_for_an_area_manager_has_no_measure_or_young_person(wl_db):
    """An area manager (KLACHTEN_LIJST) gets the same three complaints, without measure, young-person
    or worker id (the worker would point at the case); a municipality gets no complaints at all."""
    gm = wl.werklijst(wl_db, P, scope=Scope(clusters=("UTR",), klachten=KLACHTEN_LIJST)).filter(pl.col("reden") == "k8")
    assert sorted(gm["klacht_id"]) == ["KL-TE-LAAT", "KL-TIEN", "KL-VANDAAG"]
    assert gm.select("maatregel_id", "jeugdige_id", "medewerker_id").null_count().row(0) == (3, 3, 3)
    assert gm["team_naam"].to_list() == ["JB Utrecht 1"] * 3
    gemeente = wl.werklijst(wl_db, P, scope=Scope(gemeente="GM0344", klachten=KLACHTEN_GEEN))
    assert gemeente.filter(pl.col("reden") == "k8").is_empty()


def test_klachten_page_due_soon_is_the_werklijst_s(wl_db, lijst):
    """The Klachten page's "binnenkort verlopen" ends where the Werklijst's does: KL-TIEN's hearing is
    due on H, the 10th working day across two holidays (14 calendar days, its old end, stopped on 6 June)."""
    from kpi.presentation import views_klachten as vk

    zaken = engine.klachten(wl_db, P, P, P)
    binnenkort = vk.binnenkort_verlopen(zaken, P, wl.horizon(wl_db, P))
    assert binnenkort["klacht_id"].to_list() == ["KL-TIEN"]
    assert set(binnenkort["klacht_id"]) == set(lijst.filter((pl.col("reden") == "k8")
                                                            & (pl.col("urgentie") == "binnenkort"))["klacht_id"])


def test_werklijst_columns_and_notes(lijst):
    k5 = {r["maatregel_id"]: r for r in lijst.filter(pl.col("reden") == "k5").to_dicts()}
    assert k5["K5-TE-LAAT"]["contacten_nodig"] == 1
    assert k5["K5-TE-LAAT"]["toelichting_label"] == "nu onder de norm: nog 1 contact nodig"
    assert k5["K5-LANG"]["contacten_nodig"] == 2
    assert k5["K5-LANG"]["toelichting_label"] == "nu onder de norm (al meer dan 31 dagen): nog 2 contacten nodig"
    assert k5["K5-VANDAAG"]["toelichting_label"] == "zakt onder de norm zonder nieuw contact: nog 1 contact nodig"
    k1 = lijst.filter(pl.col("maatregel_id") == "K1-TE-LAAT", pl.col("reden") == "k1").row(0, named=True)
    assert (k1["team_naam"], k1["cluster_naam"], k1["medewerker_id"], k1["reden_label"], k1["urgentie_label"]) == (
        "JB Utrecht 1", "Utrecht/Flevoland", "W1", "K1 Eerste contact", "Verlopen")
    k7 = lijst.filter(pl.col("maatregel_id") == "K7-NOOIT", pl.col("reden") == "k7_contact").row(0, named=True)
    assert (k7["medewerker_id"], k7["toelichting_label"]) == ("W2", "nog nooit contact")


def test_urgent_first(lijst):
    """Overdue without a date first, then the oldest deadline; today; then due soon."""
    urgentie = lijst["urgentie"].to_list()
    rang = [("verlopen", "vandaag", "binnenkort").index(u) for u in urgentie]
    assert rang == sorted(rang)
    werkdagen = lijst.filter(pl.col("werkdagen").is_not_null())["werkdagen"].to_list()
    assert werkdagen == sorted(werkdagen)
    assert lijst["deadline"][0] is None


def test_count_per_reason_and_groups(lijst):
    per = {r["reden"]: r for r in wl.per_reden(lijst).to_dicts()}
    assert list(per) == list(wl.REDEN_LABEL)
    ons = lijst.filter(pl.col("maatregel_id").str.starts_with("K2-"), pl.col("reden") == "k2")
    assert ons.height == 3
    assert per["k2"]["totaal"] == lijst.filter(pl.col("reden") == "k2").height
    team = wl.groepeer(lijst, "team")
    assert team["totaal"].sum() == lijst.height
    assert set(wl.groepeer(lijst, "medewerker")["medewerker_id"].drop_nulls()) >= {"W1", "W2"}


def test_scope_applies(wl_db):
    """The list is scoped like every page: a ZHL area manager sees nothing of UTR."""
    assert wl.werklijst(wl_db, P, scope=Scope(clusters=("ZHL",))).is_empty()
    assert not wl.werklijst(wl_db, P, Filters(cluster="UTR")).is_empty()


# --------------------------------------------------------------------------- the same definitions as the KPIs


def test_overdue_matches_the_kpis_on_the_demo(demo):
    """On the demo data, what the list calls overdue is exactly what the KPI queries count as
    failing at P: K1-K3 verlopen (running), K5 and K5 JR not met, K6 without way of working and
    triage late, K7 rules broken."""
    p = demo.exportdatum
    lijst = wl.werklijst(demo, p)

    def verlopen(reden: str, urgentie: str = "verlopen") -> set[str]:
        return set(lijst.filter((pl.col("reden") == reden) & (pl.col("urgentie") == urgentie))["maatregel_id"])

    for key in TERMIJN_KPIS:  # every deadline KPI of the registry
        # a deadline KPI already counts a deadline on P without the event as verlopen; the list
        # shows it as due today (it can still be done on time today)
        cases = engine.deadline_cases(demo, key, p, D("1900-01-01"), p)
        running = cases.filter((pl.col("status") == "verlopen")
                               & (pl.col("einddatum").is_null() | (pl.col("einddatum") > p)))
        assert verlopen(key) | verlopen(key, "vandaag") == set(running["maatregel_id"]), key
        assert verlopen(key, "vandaag") == set(running.filter(pl.col("deadline") == p)["maatregel_id"]), key
    k5 = demo.query("kpi/k5_kind_alleen", query_params(p))
    assert verlopen("k5") == set(k5.filter(~pl.col("voldoet_gevalideerd"))["maatregel_id"])
    jr = demo.query("kpi/k5_jr", query_params(p))
    assert verlopen("k5_jr") == set(jr.filter(~pl.col("voldoet"))["maatregel_id"])
    k6 = demo.query("kpi/k6_vaste_jzw", query_params(p))
    assert verlopen("k6_werkwijze") == set(k6.filter(pl.col("werkwijze") == "geen")["maatregel_id"])
    assert verlopen("k6_triage") == set(k6.filter(pl.col("triage_te_laat"))["maatregel_id"])
    k7 = demo.query("kpi/k7_in_doorstroom", query_params(p))
    assert verlopen("k7_contact") == set(k7.filter(~pl.col("contact_ok"))["maatregel_id"])
    assert verlopen("k7_casuistiek") == set(k7.filter(~pl.col("casuistiek_ok"))["maatregel_id"])
    # K8: the complaints open at P with a term verlopen (overdue, or due on P: shown as today)
    zaken = engine.klachten(demo, p, p, p).filter(pl.col("open_op_peildatum"))
    k8 = lijst.filter((pl.col("reden") == "k8") & pl.col("urgentie").is_in(["verlopen", "vandaag"]))
    assert set(k8["klacht_id"]) == set(zaken.filter(pl.any_horizontal(
        pl.col(f"{t}_status") == "verlopen" for t in klachten.TERMIJNEN))["klacht_id"])
    assert not k8.is_empty()


# --------------------------------------------------------------------------- page and Excel


def test_excel_has_title_selection_and_text(wl_db):
    """The Excel export opens with a title and the selection, then the table; text stays text."""
    import io
    import zipfile

    from kpi.presentation.werklijst import KOLOMMEN
    from kpi.reports.downloads import excel_bytes

    lijst = wl.werklijst(wl_db, P).select([pl.col(k).alias(v) for k, v in KOLOMMEN.items()])
    data = excel_bytes(lijst, "werklijst", "Werklijst, peildatum 23-05-2025",
                       ["Peildatum: 23-05-2025", "=HYPERLINK(\"http://x\")"])
    gelezen = pl.read_excel(io.BytesIO(data), has_header=False)
    kolom = gelezen.to_series(0).to_list()
    assert kolom[:3] == ["Werklijst, peildatum 23-05-2025", "Peildatum: 23-05-2025", "=HYPERLINK(\"http://x\")"]
    assert kolom[3] == "Urgentie" and gelezen.height == 4 + lijst.height
    assert "<f>" not in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()


def test_count_tables_in_dutch():
    """The count per reason and per group: 1405 as "1.405" (it showed "1405"), an empty name as "–"
    (it showed "None"); the rows keep their order."""
    from kpi.presentation.werklijst import TELLING_KOLOMMEN, telling_tabel

    per = pl.DataFrame({"team_naam": ["JB Utrecht 1", None], "verlopen": [1405, 0], "vandaag": [3, 0],
                        "binnenkort": [12, 1], "totaal": [1420, 1]})
    tabel = telling_tabel(per, {"team_naam": "Team", **TELLING_KOLOMMEN})
    assert tabel.rows() == [("JB Utrecht 1", "1.405", "3", "12", "1.420"), ("–", "0", "0", "1", "1")]


def test_list_shows_no_none(lijst):
    """Empty cells of the list are "–", never "None" (a table shows an empty number or date as "None"):
    no worker, no complaint, no known deadline. On screen the deadline and days are Dutch text
    (-1.405 would have shown as -1405); the downloads keep numbers and dates, empty stays empty."""
    from kpi.presentation.werklijst import leeg_als_streep, op_scherm

    download = leeg_als_streep(lijst)
    assert download.filter(pl.col("reden") == "k1")["klacht_id"].unique().to_list() == ["–"]
    assert set(download.filter(pl.col("maatregel_id") == "K6-GEEN")["medewerker_id"]) == {"–"}  # no worker
    assert download.select(pl.col(pl.String).null_count()).sum_horizontal().item() == 0
    assert download.schema["werkdagen"] == pl.Int32 and download.schema["deadline"] == pl.Date
    scherm = op_scherm(lijst)
    assert scherm.null_count().select(["deadline", "dagen", "werkdagen", "medewerker_id"]).row(0) == (0, 0, 0, 0)
    te_laat = scherm.filter(pl.col("maatregel_id") == "K1-TE-LAAT", pl.col("reden") == "k1").row(0, named=True)
    assert (te_laat["deadline"], te_laat["dagen"], te_laat["werkdagen"]) == ("22-05-2025", "-1", "-1")
    nooit = scherm.filter(pl.col("maatregel_id") == "K7-NOOIT", pl.col("reden") == "k7_contact").row(0, named=True)
    assert (nooit["deadline"], nooit["dagen"], nooit["werkdagen"]) == ("–", "–", "–")
    lang = pl.DataFrame({"deadline": [D("2008-09-10")], "dagen": [-6152], "werkdagen": [-4274]})
    assert op_scherm(lang).row(0) == ("10-09-2008", "-6.152", "-4.274")


def test_page_runs_for_an_area_manager(demo_db, monkeypatch):
    from tests.apptest import open_app

    at = open_app(demo_db, monkeypatch, "pages/werklijst.py", "gm.utrecht@demo.jb")
    assert [t.value for t in at.title] == ["Werklijst"]
    assert at.dataframe, "the count per reason and the list"
    telling = at.dataframe[0].value
    assert "K8 klacht: termijn van de route" in set(telling["Reden"])
    assert all(isinstance(v, str) and v.replace(".", "").isdigit() for v in telling["Totaal"])
    tabel = at.dataframe[-1].value
    assert set(tabel["Cluster"]) == {"Utrecht/Flevoland"}  # scoped: only his own cluster
    klachten_rijen = tabel[tabel["Klacht"] != "–"]
    assert len(klachten_rijen) > 0, "the demo has complaints due in Utrecht"
    # an area manager sees complaints without measure, young-person or worker id
    assert set(klachten_rijen["Maatregel"]) == set(klachten_rijen["Jeugdige (pseudoniem)"]) == {"–"}
    assert set(klachten_rijen["Medewerker"]) == {"–"}
    for kolom in ("Medewerker", "Uiterlijk", "Werkdagen (negatief: over tijd)", "Dagen (negatief: over tijd)", "Soort"):
        assert not tabel[kolom].isna().any() and "None" not in set(tabel[kolom]), kolom
    at.radio(key="werklijst-groep").set_value("team").run()
    assert not at.exception
