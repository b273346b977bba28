"""Filters, access scope and the named parameters every KPI query receives."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kpi import norms


@dataclass(frozen=True)
class Filters:
    """User filters; None = all. They select measures by their own columns."""

    cluster: str | None = None
    team: str | None = None
    gemeente: str | None = None
    soort: str | None = None


@dataclass(frozen=True)
class Scope:
    """What a user may see, applied inside every query (sql/macros.sql).

    clusters None = every cluster; an empty tuple = none. gemeente set = only
    that municipality, and never workers.
    """

    clusters: tuple[str, ...] | None = None
    gemeente: str | None = None


ALLES = Scope()

# Norms as SQL parameters: one name each, values from kpi/norms.py.
NORM_PARAMS = {
    "k1_werkdagen": norms.K1_WERKDAGEN,
    "k1_werkdagen_intern": norms.K1_WERKDAGEN_INTERN,
    "k1_monitorlijst_werkdagen": norms.K1_MONITORLIJST_BINNEN_WERKDAGEN,
    "k2_dagen": norms.K2_DAGEN,
    "k3_maanden": norms.K3_MAANDEN,
    "caseload_norm": norms.CASELOAD_NORM,
    "caseload_norm_jr": norms.CASELOAD_NORM_JR,
    "k5_venster_dagen": norms.K5_VENSTER_DAGEN,
    "k5_jaar_dagen": norms.K5_JAAR_DAGEN,
    "k5_pleeggezin_jzw": norms.K5_PLEEGGEZIN_JZW_DEEL,
    "k5_norm_onbekend": norms.K5_NORM_ONBEKEND,
    # [{woonsituatie, soort, norm}], used as: from unnest($k5_normen) ... (see sql/kpi/k5_*.sql)
    "k5_normen": [{"woonsituatie": w, "soort": s, "norm": n} for (w, s), n in norms.K5_NORM.items()],
    "k5_niet_gezien_dagen": norms.K5_NIET_GEZIEN_DAGEN,
    "k5_jr_dagen": norms.K5_JR_DAGEN,
    "triage_werkdagen": norms.TRIAGE_WERKDAGEN,
    "k7_contact_dagen": norms.K7_CONTACT_DAGEN,
    "k7_casuistiek_dagen": norms.K7_CASUISTIEK_DAGEN,
    "k7_werkers_dagen": norms.K7_WERKERS_DAGEN,
    "klacht_na_einde_dagen": norms.KLACHT_NA_EINDE_DAGEN,
}


def query_params(peildatum: dt.date, filters: Filters = Filters(), scope: Scope = ALLES,
                 van: dt.date | None = None, tot: dt.date | None = None,
                 peildata: list[dt.date] | None = None, **extra) -> dict:
    """All named parameters; `Database.sql` passes only those a query uses."""
    return {
        "peildatum": peildatum,
        "peildata": peildata if peildata is not None else [peildatum],
        "van": van,
        "tot": tot,
        "cluster": filters.cluster,
        "team": filters.team,
        "gemeente": filters.gemeente,
        "soort": filters.soort,
        "scope_clusters": list(scope.clusters) if scope.clusters is not None else None,
        "scope_gemeente": scope.gemeente,
        "gestart_vanaf": None,  # K3 requests: no lower bound unless given (sql/kpi/k3_aanvragen.sql)
        **NORM_PARAMS,
        **extra,
    }
