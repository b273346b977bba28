"""A data-quality check as data (kpi/metrics/datakwaliteit.py has the registry and the functions;
kpi/metrics/datakwaliteit_klachten.py the complaint checks): its own module, so both can import it."""

from __future__ import annotations

from dataclasses import dataclass

STAND, GEBEURTENIS, GEGEVENS = "stand", "gebeurtenis", "gegevens"


@dataclass(frozen=True)
class Controle:
    key: str
    titel: str  # Dutch, the detail heading
    korte_titel: str  # Dutch, for a tile
    groep: str
    soort: str  # STAND, GEBEURTENIS or GEGEVENS
    sql: str  # name under sql/
    eenheid: str  # what one finding is, plural: "maatregelen", "contacten", ...
    betekenis: str  # what it means (Markdown)
    waarom: str  # why it matters
    oplossen: str  # how to fix it
    kolommen: tuple[tuple[str, str], ...]  # check-specific case-list columns (column, Dutch header)
    vlag: str = "bevinding"  # boolean column of the SQL's rows that marks a finding
    populatie: str | None = None  # boolean column limiting the rows the share is of (None = all)
    noemer: str | None = None  # what the share is of, in Dutch; None = no share
    basis: tuple[tuple[str, str], ...] | None = None  # the first case-list columns (None: BASIS_KOLOMMEN)

    @property
    def per_maand_van_gebeurtenis(self) -> bool:
        return self.soort == GEBEURTENIS

    @property
    def heeft_trend(self) -> bool:
        return self.soort != GEGEVENS
