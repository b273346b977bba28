"""K8 Klachten (../shared/spec/klachten.md, "Definitions"): the figures of a selection and period,
from the case rows of kpi/metrics/engine.py (complaints, their parts, the young people in care).

`k8_cijfers` gives the figures of `python -m kpi report --json` (key k8_klachten) with every key of the
spec, zeros included; the page and the year report count the same rows per group.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl

from kpi.core.params import ALLES, Filters, Scope
from kpi.data import contract
from kpi.data.db import Database
from kpi.metrics import engine

Date = dt.date
STATUSSEN = engine.STATUSSEN
# The four terms of the route, in order (int_klacht.sql: <term>_deadline, <term>_status, <term>_in_periode).
TERMIJNEN = ("verslag", "hoorzitting", "uitspraak", "reactie_bestuur")
# Dutch labels, shared by the page and the year report
CATEGORIE_LABELS = {"methodisch": "Methodisch", "communicatie": "Communicatie", "procesmatig": "Procesmatig",
                    "bejegening_partijdigheid": "Bejegening: partijdigheid",
                    "bejegening_niet_gehoord": "Bejegening: niet gehoord",
                    "bejegening_houding": "Bejegening: houding", "rapportage": "Rapportage", "privacy": "Privacy",
                    "overig": "Overig"}
OORDEEL_LABELS = {"gegrond": "Gegrond", "ongegrond": "Ongegrond", "niet_ontvankelijk": "Niet-ontvankelijk"}
TERMIJN_LABELS = {"verslag": "Verslag klachtgesprek", "hoorzitting": "Hoorzitting commissie",
                  "uitspraak": "Uitspraak commissie", "reactie_bestuur": "Reactie bestuur"}
PER_WAARDE = {"indiener": contract.INDIENERS, "ondersteuning": contract.ONDERSTEUNINGEN, "kanaal": contract.KANALEN}


def per_100(aantal: int, jeugdigen: int) -> float | None:
    """Complaints per 100 young people; None when there are none in care."""
    return 100.0 * aantal / jeugdigen if jeugdigen else None


def pct_gegrond(gegrond: int, ongegrond: int) -> float | None:
    """Well-founded parts as a share of the parts judged on their merits; None when there are none."""
    return 100.0 * gegrond / (gegrond + ongegrond) if gegrond + ongegrond else None


def _tel(waarden: pl.Series, alle: Sequence[str]) -> dict[str, int]:
    counts = dict(waarden.value_counts().iter_rows())
    return {w: int(counts.get(w, 0)) for w in alle}


def termijn_counts(zaken: pl.DataFrame, termijn: str) -> dict[str, int]:
    """tijdig / te_laat / verlopen of one term: deadlines in the period and on or before P."""
    telt = zaken.filter(pl.col(f"{termijn}_in_periode"))[f"{termijn}_status"]
    return _tel(telt, STATUSSEN)


def cijfers(zaken: pl.DataFrame, onderdelen: pl.DataFrame, jeugdigen: int) -> dict:
    """The K8 figures of case rows (engine.klachten), their parts (engine.klachtonderdelen) and the
    number of young people in care (unrounded: the report rounds)."""
    ontvangen = zaken.filter(pl.col("ontvangen"))
    oordelen = _tel(onderdelen.filter(pl.col("beoordeeld_in_periode"))["oordeel"].drop_nulls(), contract.OORDELEN)
    return {
        "ontvangen": ontvangen.height,
        "jeugdigen_in_begeleiding": jeugdigen,
        "per_100_jeugdigen": per_100(ontvangen.height, jeugdigen),
        "onderdelen": _tel(onderdelen.filter(pl.col("ontvangen"))["categorie"], contract.KLACHT_CATEGORIEEN),
        **{kolom: _tel(ontvangen[kolom], alle) for kolom, alle in PER_WAARDE.items()},
        "termijnen": {t: termijn_counts(zaken, t) for t in TERMIJNEN},
        "oordelen": oordelen,
        "pct_gegrond": pct_gegrond(oordelen["gegrond"], oordelen["ongegrond"]),
        "open_op_peildatum": int(zaken["open_op_peildatum"].sum()),
        "zonder_vaste_jzw": int(ontvangen["zonder_vaste_jzw"].fill_null(False).sum()),
    }


def k8_cijfers(db: Database, peildatum: Date, van: Date, tot: Date, filters: Filters = Filters(),
               scope: Scope = ALLES) -> dict:
    """The K8 figures of a selection and period (the report's k8_klachten, unrounded)."""
    zaken = engine.klachten(db, peildatum, van, tot, filters, scope)
    onderdelen = engine.klachtonderdelen(db, peildatum, van, tot, filters, scope)
    jeugdigen = int(engine.jeugdigen_in_begeleiding(db, peildatum, van, tot, filters, scope)["jeugdigen"][0])
    return cijfers(zaken, onderdelen, jeugdigen)
