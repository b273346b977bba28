"""The colours of charts on screen and in the municipal snapshot: Okabe-Ito (safe for
colour-blind readers), never carrying meaning alone (a shape or a label goes with them)."""

from __future__ import annotations

BLAUW, ORANJE, VERMILJOEN, GROENBLAUW, GEEL, HEMELBLAUW, PAARS, GRIJS = (
    "#0072B2", "#E69F00", "#D55E00", "#009E73", "#F0E442", "#56B4E9", "#CC79A7", "#999999")
NORM_KLEUR = "#333333"

# Per colour code (labels.KLEURCODE_LABELS), in display order.
KLEURCODE_KLEUREN = {"rood": VERMILJOEN, "oranje": ORANJE, "groen": GROENBLAUW, "geen": GRIJS}
