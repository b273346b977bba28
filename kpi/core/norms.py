"""Every norm and term of the KPI definitions, named once.

../shared/spec/kpi-definities.md is the source; nothing else in the code
repeats these numbers as literals. SQL reads every number here by its name in lower case, through
the macro normen() (kpi/core/params.py NORMEN, kpi/data/build.py).
"""

from __future__ import annotations

# K1 first contact
K1_WERKDAGEN = 5  # Besluit Jeugdwet: first contact within 5 working days
K1_WERKDAGEN_INTERN = 10  # internal deviating term for oranje/groen on the monitorlijst
K1_MONITORLIJST_BINNEN_WERKDAGEN = 5  # on the list within 5 working days of start
K1_BUCKETS = ("0-5", "6-10", ">10", "geen")

# K2 plan van aanpak
K2_DAGEN = 42  # six weeks

# K3 help started
K3_MAANDEN = 3

# Deadline lists
BINNENKORT_WERKDAGEN = 10  # "binnenkort verlopen": due within the next 10 working days

# K4 caseload
CASELOAD_NORM = 12.0  # young people per FTE (agreement with municipalities, Dec 2023)
CASELOAD_NORM_JR = 12.0

# K5 child seen alone: contacts per year by woonsituatie and soort
K5_VENSTER_DAGEN = 364  # window W = [max(start, P - 364), P]
K5_JAAR_DAGEN = 365
K5_NORM = {
    ("thuis", "OTS"): 4, ("thuis", "voogdij"): 4,
    ("pleeggezin", "OTS"): 4, ("pleeggezin", "voogdij"): 4,
    ("gezinshuis", "OTS"): 4, ("gezinshuis", "voogdij"): 6,
    ("instelling", "OTS"): 4, ("instelling", "voogdij"): 6,
}
K5_NORM_ONBEKEND = 4
K5_PLEEGGEZIN_JZW_DEEL = 2  # at least 2 of them by the youth worker
K5_NIET_GEZIEN_DAGEN = 180
K5_JR_DAGEN = 28  # JR: contact with the young person every four weeks

# K6 queue
KLEUR_RANG = {"geen": 0, "rood": 1, "oranje": 2, "groen": 3}
TRIAGE_WERKDAGEN = 5

# K7 in-/doorstroom team
K7_CONTACT_DAGEN = 42
K7_CASUISTIEK_DAGEN = 182
K7_WERKERS_DAGEN = 365

# K8 complaints (../shared/spec/klachten.md): the terms of the route, in calendar days
KLACHT_VERSLAG_DAGEN = 14  # report of the klachtgesprek to the client
KLACHT_HOORZITTING_DAGEN = 42  # hearing after the committee received the complaint
KLACHT_UITSPRAAK_DAGEN = 28  # ruling after the hearing
KLACHT_REACTIE_BESTUUR_DAGEN = 28  # the board's response after the ruling
# Datakwaliteit: a complaint received more than this many days after its measure ended (docs/klachten.md)
KLACHT_NA_EINDE_DAGEN = 365

# Municipal snapshot suppression
ONDERDRUK_MAX = 4  # counts 1..4 shown as "<5"
MIN_NOEMER_PERCENTAGE = 10  # percentages with a smaller denominator are not shown
AANVULLEND_BREEDTE = 5  # a count hidden as "×" keeps a reader's interval at least this wide (max - min)


def k5_norm(woonsituatie: str | None, soort: str) -> int:
    return K5_NORM.get((woonsituatie, soort), K5_NORM_ONBEKEND)

# Dashboard tiles: below this many measures (or workers) a tile shows no percentage and no norm
# verdict, only that n is too small; the same threshold as a percentage in the municipal snapshot.
MIN_N_OORDEEL = MIN_NOEMER_PERCENTAGE
