"""Filters, access scope, the selection struct and the named parameters of every query.

The selection is one SQL parameter, `$selectie`: a STRUCT built here (`selectie`) from the user's
Filters and Scope, with the filters that do not apply to a KPI set to NULL. One macro family in
sql/intermediate/int_selectie.sql decides membership from it. Adding a filter: a field here (with the
column it selects on), its clause in `in_selectie` (int_selectie.sql) and the sidebar (app.py); see
docs/architectuur.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, fields

from kpi.core import norms


@dataclass(frozen=True)
class Filters:
    """User filters; None = all. Each selects measures on one of their own columns (metadata
    'column': what `in_selectie` compares it with, and what the stored series rows carry)."""

    cluster: str | None = field(default=None, metadata={"column": "cluster_id"})
    team: str | None = field(default=None, metadata={"column": "team_id"})
    gemeente: str | None = field(default=None, metadata={"column": "gemeente_code"})
    soort: str | None = field(default=None, metadata={"column": "soort"})


FILTERS: tuple[str, ...] = tuple(f.name for f in fields(Filters))


# What a user may see of complaints (../shared/spec/klachten.md, "Roles"; int_selectie.sql
# selectie_klachten): every column; aggregates and the open-complaint list without measure or
# young-person ids; nothing.
KLACHTEN_ZAKEN, KLACHTEN_LIJST, KLACHTEN_GEEN = "zaken", "lijst", "geen"


@dataclass(frozen=True)
class Scope:
    """What a user may see, applied inside every query (int_selectie.sql).

    clusters None = every cluster; an empty tuple = none. gemeente set = only
    that municipality, and never workers. klachten: how much of the complaints
    (KLACHTEN_ZAKEN, KLACHTEN_LIJST or KLACHTEN_GEEN).
    """

    clusters: tuple[str, ...] | None = None
    gemeente: str | None = None
    klachten: str = KLACHTEN_ZAKEN


ALLES = Scope()

# The columns the membership macros read from a row (int_selectie.sql): a stored series row carries
# them, so it is selected by the same rule as a live one. Workers: the cluster and team of their team.
SCOPE_COLUMNS = ("cluster_id", "gemeente_code")
SELECTION_COLUMNS = {
    "maatregel": tuple(dict.fromkeys((*SCOPE_COLUMNS, *(f.metadata["column"] for f in fields(Filters))))),
    "medewerker": ("cluster_id", "team_id"),
}

# Every norm of kpi/core/norms.py for SQL, by its name in lower case: the macro normen() returns them as
# one struct (kpi/data/build.py), e.g. normen().k2_dagen. K5_NORM (per woonsituatie and soort) becomes the
# list k5_normen of {woonsituatie, soort, norm}, used as unnest(normen().k5_normen).
NORMEN = {
    **{naam.lower(): waarde for naam, waarde in vars(norms).items()
       if naam.isupper() and type(waarde) in (int, float)},
    "k5_normen": [{"woonsituatie": w, "soort": s, "norm": n} for (w, s), n in norms.K5_NORM.items()],
}


def selectie(filters: Filters = Filters(), scope: Scope = ALLES,
             applicable: Iterable[str] = FILTERS) -> dict:
    """The $selectie struct: every filter (NULL when not set or not in `applicable`, the filters that
    apply to the KPI: registry.Kpi.filters), the clusters, the municipality and the complaint level
    of the scope."""
    applicable = frozenset(applicable)
    return {
        **{naam: getattr(filters, naam) if naam in applicable else None for naam in FILTERS},
        "scope_clusters": list(scope.clusters) if scope.clusters is not None else None,
        "scope_gemeente": scope.gemeente,
        "scope_klachten": scope.klachten,
    }


def query_params(peildatum: dt.date, filters: Filters = Filters(), scope: Scope = ALLES,
                 van: dt.date | None = None, tot: dt.date | None = None,
                 peildata: list[dt.date] | None = None, applicable: Iterable[str] = FILTERS,
                 **extra) -> dict:
    """All named parameters; `Database` passes only those a query uses."""
    return {
        "peildatum": peildatum,
        "peildata": peildata if peildata is not None else [peildatum],
        "van": van,
        "tot": tot,
        "selectie": selectie(filters, scope, applicable),
        "gestart_vanaf": None,  # K3 requests: no lower bound unless given (sql/kpi/k3_aanvragen.sql)
        **extra,
    }
