"""Every user-facing label of a code value, once (Dutch). Screens, downloads, the data-quality
lists and the municipal snapshot read them from here. Where screens and the snapshot used to word
a label differently, the snapshot's wording is kept (its golden workbooks stay identical): a
measure without a colour code is "Nog geen kleurcode" everywhere, a soort is written out."""

from __future__ import annotations

# The filters of params.Filters as a sentence names them ("het filter op soort maatregel").
FILTER_LABELS = {"cluster": "cluster", "team": "team", "gemeente": "gemeente", "soort": "soort maatregel"}

SOORT_LABELS = {  # contract.SOORTEN_MAATREGEL
    "OTS": "OTS (ondertoezichtstelling)",
    "VOTS": "VOTS (voorlopige ondertoezichtstelling)",
    "voogdij": "Voogdij",
    "JR": "JR (jeugdreclassering)",
}

# The status of a measure for a deadline KPI, and the counts and figures made of them.
STATUS_LABELS = {
    "tijdig": "Tijdig", "te_laat": "Te laat", "verlopen": "Verlopen", "open": "Nog open",
    "gedaan_voor_deadline": "Gedaan, deadline nog niet bereikt",
    "niet_tijdig": "Niet tijdig (te laat of verlopen)", "totaal": "Totaal", "percentage": "% tijdig",
}

# The colour code of the latest safety assessment; 'geen': not triaged yet.
KLEURCODE_LABELS = {"rood": "Rood", "oranje": "Oranje", "groen": "Groen", "geen": "Nog geen kleurcode"}
# A symbol per colour code, so a colour never carries meaning alone (the shapes of the charts:
# triangle, diamond, circle, square).
KLEURCODE_SYMBOLEN = {"rood": "▲", "oranje": "◆", "groen": "●", "geen": "■"}

# How a running measure without a fixed worker is looked after (K6).
WERKWIJZE_LABELS = {
    "vast": "Vaste jeugdzorgwerker",
    "monitorlijst": "Monitorlijst",
    "in_doorstroom": "In- en doorstroomteam",
    "geen": "Geen werkwijze",
}

# K1: working days until the first contact, in groups.
BUCKET_LABELS = {"0-5": "0-5 werkdagen", "6-10": "6-10 werkdagen", ">10": "meer dan 10", "geen": "geen contact"}

# Data-quality lists: the role of an assignment, the form of a contact.
ROL_LABELS = {"vast": "vast", "in_doorstroom": "in- en doorstroom"}
VORM_LABELS = {"face_to_face": "face-to-face", "telefonisch": "telefonisch", "video": "video", "overleg": "overleg"}


# The work list (kpi/metrics/werklijst.py): why a case needs action (besides the deadline KPIs, which
# are named after their registry title), how urgent, and a note.
WERKLIJST_REDENEN = {
    "k5": "K5 kind alleen gezien",
    "k5_jr": "K5 JR contact met jongere",
    "k6_werkwijze": "K6 zonder werkwijze",
    "k6_triage": "K6 triage (kleurcode)",
    "k7_contact": "K7 contact doorstroomteam",
    "k7_casuistiek": "K7 casuïstiekbespreking",
    "k8": "K8 klacht: termijn van de route",
}
WERKLIJST_URGENTIE = {"verlopen": "Verlopen", "vandaag": "Vandaag", "binnenkort": "Binnenkort"}
WERKLIJST_TOELICHTING = {
    "verlopen": "termijn verlopen",
    "open": "termijn loopt",
    "onder_norm": "nu onder de norm",
    "straks_onder_norm": "zakt onder de norm zonder nieuw contact",
    "geen_werkwijze": f"{WERKWIJZE_LABELS['geen']}: geen vaste jeugdzorgwerker, niet op de monitorlijst, niet in "
                      "het in- en doorstroomteam",
    "geen_kleurcode": KLEURCODE_LABELS["geen"],
    "nooit_contact": "nog nooit contact",
    "contact": "contact binnen 6 weken",
    "nooit_casuistiek": "nog nooit besproken",
    "casuistiek": "bespreking binnen half jaar",
}


def kleurcode_met_symbool(kleurcode: str | None) -> str:
    """'rood' → '▲ Rood' (for tables and labels); no colour code → '■ Nog geen kleurcode'."""
    code = kleurcode or "geen"
    label = KLEURCODE_LABELS.get(code, str(kleurcode))
    return f"{KLEURCODE_SYMBOLEN.get(code, '')} {label}".strip()
