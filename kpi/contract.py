"""The data contract (../shared/spec/data-contract.md) as data.

One declaration per table: its columns with type, whether required, allowed
values, and the foreign keys and period rules the import must check. The
importer, the generator, `sql/schema.sql` (checked by a test) and the docs all
read from here, so a column is described in one place only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

STR = "str"
DATE = "date"
BOOL = "bool"
INT = "int"
DECIMAL = "decimal"

# DuckDB type per contract type.
SQL_TYPES = {STR: "varchar", DATE: "date", BOOL: "boolean", INT: "integer", DECIMAL: "double"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    required: bool = True
    allowed: tuple[str, ...] = ()
    references: str | None = None  # "table.column"
    meaning: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: str | None = None  # unique id column
    period: tuple[str, str] | None = None  # (start column, end column): end >= start
    optional: bool = False  # the whole table may be absent
    meaning: str = ""

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


SOORTEN_MAATREGEL = ("OTS", "VOTS", "voogdij", "JR")
SOORTEN_TEAM = ("jb", "jr", "in_doorstroom")
FUNCTIES = ("jeugdzorgwerker", "gedragswetenschapper", "gebiedsmanager")
WOONSITUATIES = ("thuis", "pleeggezin", "gezinshuis", "instelling")
ROLLEN = ("vast", "in_doorstroom")
VORMEN = ("face_to_face", "telefonisch", "video", "overleg")
DOOR = ("jeugdzorgwerker", "pleegzorgwerker")
KLEURCODES = ("rood", "oranje", "groen")
REGIOS = ("noord", "zuid")

FTE_MIN_EXCLUSIVE = 0.0
FTE_MAX = 1.2
EARLIEST_DATE = "2000-01-01"

MAATREGEL = "maatregelen.maatregel_id"

TABLES: tuple[Table, ...] = (
    Table("clusters", (
        Column("cluster_id", STR, meaning="bijv. UTR"),
        Column("naam", STR, meaning="bijv. Utrecht/Flevoland"),
        Column("regio", STR, allowed=REGIOS),
    ), key="cluster_id", meaning="clusters van de GI"),
    Table("teams", (
        Column("team_id", STR),
        Column("cluster_id", STR, references="clusters.cluster_id"),
        Column("naam", STR),
        Column("soort", STR, allowed=SOORTEN_TEAM),
    ), key="team_id", meaning="teams per cluster"),
    Table("gemeenten", (
        Column("gemeente_code", STR, meaning="CBS-code, bijv. GM0344"),
        Column("naam", STR),
        Column("cluster_id", STR, references="clusters.cluster_id"),
    ), key="gemeente_code", meaning="gemeenten en het cluster dat ze bedient"),
    Table("medewerkers", (
        Column("medewerker_id", STR),
        Column("functie", STR, allowed=FUNCTIES),
        Column("team_id", STR, references="teams.team_id"),
        Column("fte", DECIMAL, meaning="0 < fte <= 1,2"),
        Column("in_dienst", DATE),
        Column("uit_dienst", DATE, required=False),
    ), key="medewerker_id", period=("in_dienst", "uit_dienst"), meaning="medewerkers"),
    Table("maatregelen", (
        Column("maatregel_id", STR),
        Column("jeugdige_id", STR, meaning="pseudoniem van de jeugdige"),
        Column("soort", STR, allowed=SOORTEN_MAATREGEL),
        Column("startdatum", DATE, meaning="datum uitspraak"),
        Column("einddatum", DATE, required=False),
        Column("gemeente_code", STR, references="gemeenten.gemeente_code"),
        Column("team_id", STR, references="teams.team_id"),
        Column("kennisgeving_op", DATE, required=False),
        Column("geboortejaar", INT, required=False),
    ), key="maatregel_id", period=("startdatum", "einddatum"), meaning="maatregelen"),
    Table("verblijf", (
        Column("maatregel_id", STR, references=MAATREGEL),
        Column("van", DATE),
        Column("tot", DATE, required=False),
        Column("woonsituatie", STR, allowed=WOONSITUATIES),
    ), period=("van", "tot"), meaning="woonsituatie als perioden"),
    Table("toewijzingen", (
        Column("maatregel_id", STR, references=MAATREGEL),
        Column("medewerker_id", STR, references="medewerkers.medewerker_id"),
        Column("van", DATE),
        Column("tot", DATE, required=False),
        Column("rol", STR, allowed=ROLLEN),
    ), period=("van", "tot"), meaning="wie de zaak draagt, als perioden"),
    Table("contacten", (
        Column("contact_id", STR),
        Column("maatregel_id", STR, references=MAATREGEL),
        Column("medewerker_id", STR, required=False, references="medewerkers.medewerker_id"),
        Column("datum", DATE),
        Column("vorm", STR, allowed=VORMEN),
        Column("met_jeugdige", BOOL),
        Column("met_ouders", BOOL),
        Column("kind_alleen", BOOL),
        Column("andere_aanwezigen", BOOL, required=False),
        Column("door", STR, required=False, allowed=DOOR),
        Column("aanvangsgesprek", BOOL, required=False),
    ), key="contact_id", meaning="contacten"),
    Table("plannen", (
        Column("maatregel_id", STR, references=MAATREGEL),
        Column("vastgesteld_op", DATE),
    ), meaning="versies van het plan van aanpak"),
    Table("hulp", (
        Column("hulp_id", STR),
        Column("maatregel_id", STR, references=MAATREGEL),
        Column("hulpvorm", STR),
        Column("aangevraagd_op", DATE),
        Column("gestart_op", DATE, required=False),
        Column("afgewezen", BOOL, required=False),
    ), key="hulp_id", meaning="hulpaanvragen"),
    Table("veiligheidsinschattingen", (
        Column("maatregel_id", STR, references=MAATREGEL),
        Column("datum", DATE),
        Column("kleurcode", STR, allowed=KLEURCODES),
    ), meaning="kleurcode-triage als historie"),
    Table("monitorlijst", (
        Column("maatregel_id", STR, references=MAATREGEL),
        Column("op_lijst", DATE),
        Column("van_lijst", DATE, required=False),
    ), period=("op_lijst", "van_lijst"), meaning="perioden op de monitorlijst"),
    Table("casuistiekbesprekingen", (
        Column("maatregel_id", STR, references=MAATREGEL),
        Column("datum", DATE),
    ), meaning="casuïstiekbesprekingen"),
    Table("geen_hulp_nodig", (
        Column("maatregel_id", STR, required=False, references=MAATREGEL),
    ), optional=True, meaning="maatregelen waarvan het plan zegt dat geen hulp nodig is"),
)

TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
TABLE_NAMES: tuple[str, ...] = tuple(t.name for t in TABLES)

FILE_EXTENSIONS = (".csv", ".parquet", ".xlsx")

TRUE_VALUES = ("true", "1", "ja")
FALSE_VALUES = ("false", "0", "nee")
