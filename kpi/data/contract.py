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


# Id formats. Every id column has one (`Column.formaat`), checked by the import as a full match:
# a CBS municipality code is GM + 4 digits; any other id is 1 to ID_MAX_LENGTE letters and digits,
# in groups joined by one '-', '_' or '.' (MR000001, NRD-JB1, J049098, 2024.17_a). So an id never
# holds a path character ('/', '\\', '..'), a space, a control character, a quote or a formula
# start, and an id may be used in a file name or a URL without further escaping.
ID_MAX_LENGTE = 40
ID_FORMAAT = r"^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$"
GEMEENTE_CODE_FORMAAT = r"^GM[0-9]{4}$"
FORMAAT_UITLEG = {
    ID_FORMAAT: (f"alleen letters en cijfers, eventueel in groepjes gescheiden door één '-', '_' of '.' "
                 f"(bijv. MR000123 of NRD-JB1), hoogstens {ID_MAX_LENGTE} tekens"),
    GEMEENTE_CODE_FORMAAT: "de CBS-code: GM en vier cijfers (bijv. GM0344)",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    required: bool = True
    allowed: tuple[str, ...] = ()
    references: str | None = None  # "table.column"
    meaning: str = ""
    formaat: str | None = None  # an id: the regular expression (FORMAAT_UITLEG) its values must match
    vrije_tekst: bool = False  # free text: the import looks for likely personal data in it

    @property
    def is_id(self) -> bool:
        return self.formaat is not None


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
# Complaints (../shared/spec/klachten.md).
KANALEN = ("klachtenbureau", "kinderombudsman", "nationale_ombudsman", "tuchtcollege")
INDIENERS = ("moeder", "vader", "ouders", "jeugdige", "pleegouders", "grootouders", "overig")
ONDERSTEUNINGEN = ("geen", "vertrouwenspersoon", "advocaat", "hulpverlener", "familie_kennis")
AFLOPEN = ("opgelost", "ingetrokken", "uitspraak", "verwezen")
KLACHT_CATEGORIEEN = ("methodisch", "communicatie", "procesmatig", "bejegening_partijdigheid",
                      "bejegening_niet_gehoord", "bejegening_houding", "rapportage", "privacy", "overig")
OORDELEN = ("gegrond", "ongegrond", "niet_ontvankelijk")

FTE_MIN_EXCLUSIVE = 0.0
FTE_MAX = 1.2
EARLIEST_DATE = "2000-01-01"

MAATREGEL = "maatregelen.maatregel_id"

TABLES: tuple[Table, ...] = (
    Table("clusters", (
        Column("cluster_id", STR, meaning="bijv. UTR", formaat=ID_FORMAAT),
        Column("naam", STR, meaning="bijv. Utrecht/Flevoland"),
        Column("regio", STR, allowed=REGIOS),
    ), key="cluster_id", meaning="clusters van de GI"),
    Table("teams", (
        Column("team_id", STR, formaat=ID_FORMAAT),
        Column("cluster_id", STR, references="clusters.cluster_id", formaat=ID_FORMAAT),
        Column("naam", STR),
        Column("soort", STR, allowed=SOORTEN_TEAM),
    ), key="team_id", meaning="teams per cluster"),
    Table("gemeenten", (
        Column("gemeente_code", STR, meaning="CBS-code, bijv. GM0344", formaat=GEMEENTE_CODE_FORMAAT),
        Column("naam", STR),
        Column("cluster_id", STR, references="clusters.cluster_id", formaat=ID_FORMAAT),
    ), key="gemeente_code", meaning="gemeenten en het cluster dat ze bedient"),
    Table("medewerkers", (
        Column("medewerker_id", STR, formaat=ID_FORMAAT),
        Column("functie", STR, allowed=FUNCTIES),
        Column("team_id", STR, references="teams.team_id", formaat=ID_FORMAAT),
        Column("fte", DECIMAL, meaning="0 < fte <= 1,2"),
        Column("in_dienst", DATE),
        Column("uit_dienst", DATE, required=False),
    ), key="medewerker_id", period=("in_dienst", "uit_dienst"), meaning="medewerkers"),
    Table("maatregelen", (
        Column("maatregel_id", STR, formaat=ID_FORMAAT),
        Column("jeugdige_id", STR, meaning="pseudoniem van de jeugdige", formaat=ID_FORMAAT),
        Column("soort", STR, allowed=SOORTEN_MAATREGEL),
        Column("startdatum", DATE, meaning="datum uitspraak"),
        Column("einddatum", DATE, required=False),
        Column("gemeente_code", STR, references="gemeenten.gemeente_code", formaat=GEMEENTE_CODE_FORMAAT),
        Column("team_id", STR, references="teams.team_id", formaat=ID_FORMAAT),
        Column("kennisgeving_op", DATE, required=False),
        Column("geboortejaar", INT, required=False),
    ), key="maatregel_id", period=("startdatum", "einddatum"), meaning="maatregelen"),
    Table("verblijf", (
        Column("maatregel_id", STR, references=MAATREGEL, formaat=ID_FORMAAT),
        Column("van", DATE),
        Column("tot", DATE, required=False),
        Column("woonsituatie", STR, allowed=WOONSITUATIES),
    ), period=("van", "tot"), meaning="woonsituatie als perioden"),
    Table("toewijzingen", (
        Column("maatregel_id", STR, references=MAATREGEL, formaat=ID_FORMAAT),
        Column("medewerker_id", STR, references="medewerkers.medewerker_id", formaat=ID_FORMAAT),
        Column("van", DATE),
        Column("tot", DATE, required=False),
        Column("rol", STR, allowed=ROLLEN),
    ), period=("van", "tot"), meaning="wie de zaak draagt, als perioden"),
    Table("contacten", (
        Column("contact_id", STR, formaat=ID_FORMAAT),
        Column("maatregel_id", STR, references=MAATREGEL, formaat=ID_FORMAAT),
        Column("medewerker_id", STR, required=False, references="medewerkers.medewerker_id",
               formaat=ID_FORMAAT),
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
        Column("maatregel_id", STR, references=MAATREGEL, formaat=ID_FORMAAT),
        Column("vastgesteld_op", DATE),
    ), meaning="versies van het plan van aanpak"),
    Table("hulp", (
        Column("hulp_id", STR, formaat=ID_FORMAAT),
        Column("maatregel_id", STR, references=MAATREGEL, formaat=ID_FORMAAT),
        Column("hulpvorm", STR, vrije_tekst=True),
        Column("aangevraagd_op", DATE),
        Column("gestart_op", DATE, required=False),
        Column("afgewezen", BOOL, required=False),
    ), key="hulp_id", meaning="hulpaanvragen"),
    Table("veiligheidsinschattingen", (
        Column("maatregel_id", STR, references=MAATREGEL, formaat=ID_FORMAAT),
        Column("datum", DATE),
        Column("kleurcode", STR, allowed=KLEURCODES),
    ), meaning="kleurcode-triage als historie"),
    Table("monitorlijst", (
        Column("maatregel_id", STR, references=MAATREGEL, formaat=ID_FORMAAT),
        Column("op_lijst", DATE),
        Column("van_lijst", DATE, required=False),
    ), period=("op_lijst", "van_lijst"), meaning="perioden op de monitorlijst"),
    Table("casuistiekbesprekingen", (
        Column("maatregel_id", STR, references=MAATREGEL, formaat=ID_FORMAAT),
        Column("datum", DATE),
    ), meaning="casuïstiekbesprekingen"),
    Table("geen_hulp_nodig", (
        Column("maatregel_id", STR, required=False, references=MAATREGEL, formaat=ID_FORMAAT),
    ), optional=True, meaning="maatregelen waarvan het plan zegt dat geen hulp nodig is"),
    # Complaints: optional, but only as a pair (KLACHT_TABELLEN). The rules between their columns and
    # rows (route dates in order, parts numbered 1..n, ...) are in importer._klacht_regels and
    # importer._controleer_klachten; docs/klachten.md.
    Table("klachten", (
        Column("klacht_id", STR, formaat=ID_FORMAAT),
        Column("ontvangen_op", DATE, meaning="datum waarop de klacht is geregistreerd"),
        Column("kanaal", STR, allowed=KANALEN),
        Column("maatregel_id", STR, required=False, references=MAATREGEL, formaat=ID_FORMAAT,
               meaning="leeg bij een cliënt zonder maatregel (vrijwillig kader)"),
        Column("team_id", STR, required=False, references="teams.team_id", formaat=ID_FORMAAT,
               meaning="het team waarover de klacht gaat; leeg: het team van de maatregel"),
        Column("indiener", STR, allowed=INDIENERS),
        Column("ondersteuning", STR, allowed=ONDERSTEUNINGEN),
        Column("bemiddelaar", BOOL, required=False, meaning="een klachtbemiddelaar was betrokken"),
        Column("wisseling_gevraagd", BOOL, required=False, meaning="de cliënt vroeg om een andere jeugdzorgwerker"),
        Column("klachtgesprek_op", DATE, required=False),
        Column("verslag_op", DATE, required=False, meaning="verslag van het klachtgesprek naar de cliënt"),
        Column("commissie_ontvangen_op", DATE, required=False),
        Column("hoorzitting_op", DATE, required=False),
        Column("uitspraak_op", DATE, required=False),
        Column("reactie_bestuur_op", DATE, required=False, meaning="reactie van het bestuur op de uitspraak"),
        Column("afgesloten_op", DATE, required=False, meaning="leeg: de klacht loopt nog"),
        Column("afloop", STR, required=False, allowed=AFLOPEN, meaning="verplicht als afgesloten_op is ingevuld"),
    ), key="klacht_id", optional=True, meaning="klachten (het klachtdossier hoort niet bij het kinddossier)"),
    Table("klachtonderdelen", (
        Column("klacht_id", STR, references="klachten.klacht_id", formaat=ID_FORMAAT),
        Column("onderdeel_nr", INT, meaning="1..n per klacht, doorlopend"),
        Column("categorie", STR, allowed=KLACHT_CATEGORIEEN),
        Column("oordeel", STR, required=False, allowed=OORDELEN,
               meaning="oordeel van de klachtencommissie; leeg: niet beoordeeld"),
    ), optional=True, meaning="onderdelen van een klacht, per categorie"),
)

# Optional only together: an export has both complaint tables or neither (every complaint has a part).
KLACHT_TABELLEN = ("klachten", "klachtonderdelen")
# The route of a complaint, per chain in order: a date needs the one before it, and may not lie before it.
KLACHT_ROUTES = (("klachtgesprek_op", "verslag_op"),
                 ("commissie_ontvangen_op", "hoorzitting_op", "uitspraak_op", "reactie_bestuur_op"))

TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
TABLE_NAMES: tuple[str, ...] = tuple(t.name for t in TABLES)

FILE_EXTENSIONS = (".csv", ".parquet", ".xlsx")

TRUE_VALUES = ("true", "1", "ja")
FALSE_VALUES = ("false", "0", "nee")
