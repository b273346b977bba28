"""One registry of KPIs: key, Dutch title, norm, direction, kind, filters, SQL, series, page,
definition.

The engine, the build step (kpi/data/build.py), the Definities page, the Overzicht tiles, the report and
the tests all read from here: every list of "the deadline KPIs", "the trend columns" or "the KPIs
about workers" is derived from it. A test checks that every KPI has all its parts (SQL files, test
cases, definition text, page). docs/architectuur.md has the recipe for a new KPI.
"""

from __future__ import annotations

from dataclasses import dataclass

from kpi.core import norms
from kpi.core.params import FILTERS, Filters, Scope

TREND_MAANDEN = 36  # a trend shows this many month ends, the last one being the peildatum
HOGER_BETER = "hoger_beter"
LAGER_BETER = "lager_beter"

# Kinds of KPI: how the engine evaluates it.
TERMIJN = "termijn"  # a deadline per measure; counted by the month of the deadline (K1-K3)
OP_PEILDATUM = "op_peildatum"  # measures at each peildatum; trend over month ends (K5-K7)
MEDEWERKER = "medewerker"  # workers at each peildatum, selected by their own team (K4)
# Complaints received, judged and due in a period, as known at P; the complaint's own selection rule
# (selectie_klachten, int_selectie.sql) and four terms per complaint (int_klacht.sql); no series (K8)
KLACHTEN = "klachten"
KINDS = (TERMIJN, OP_PEILDATUM, MEDEWERKER, KLACHTEN)

# Whose selection columns a series row carries (params.SELECTION_COLUMNS); None: rows no selection applies to.
ENTITY_MAATREGEL, ENTITY_MEDEWERKER = "maatregel", "medewerker"


@dataclass(frozen=True)
class Series:
    """A monthly series of an at-peildatum query: the columns a trend reads of its rows at each
    peildatum. The build step stores the rows at a file's month ends (table stored_<name>); queries
    read them through the macro series_<name>(s, peildata), which computes the other peildata
    live with `source` (kpi/data/build.py)."""

    name: str  # engine.series(db, name, ...); SQL objects stored_<name> and series_<name>
    source: str  # table macro (s, peildata) giving the rows live, e.g. "int_kind_alleen"
    columns: tuple[str, ...]  # the trend columns (besides peildatum)
    entity: str | None  # ENTITY_MAATREGEL, ENTITY_MEDEWERKER, or None (then source takes only peildata)


@dataclass(frozen=True)
class Tegel:
    """The Overzicht tile of an at-peildatum KPI: the share of measures whose `teller` columns are
    all true at P (a quarter earlier, and per month end), counted in the database from `series`;
    `extra` adds other shares at P, shown small: (label, columns that must all be true)."""

    maat: str  # what the big number measures, e.g. "% met vaste jeugdzorgwerker"
    series: str  # Series.name
    teller: tuple[str, ...]
    extra: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Kpi:
    key: str
    titel: str
    korte_titel: str
    norm: float | None  # target value of the headline figure
    norm_tekst: str
    richting: str  # HOGER_BETER or LAGER_BETER
    eenheid: str  # "%", "per fte", "kinderen"
    kind: str  # TERMIJN, OP_PEILDATUM, MEDEWERKER or KLACHTEN
    sql: tuple[str, ...]  # query files under sql/, the case rows first, e.g. "kpi/k1_eerste_contact"
    pagina: str  # file under pages/
    pagina_titel: str  # its title in the navigation (app.py adds " (K1)")
    url_path: str  # its address, e.g. /eerste-contact
    definitie: str  # Dutch, Markdown
    filters: tuple[str, ...] = FILTERS  # the filters that apply (the others are NULL in $selectie)
    geen_cijfer_bij: tuple[str, ...] = ()  # with one of these filters (or a scope on it): no figure at all
    termijn: str | None = None  # TERMIJN: the deadline facts, sql/intermediate/<termijn>.sql (materialised)
    series: tuple[Series, ...] = ()  # the monthly series its trends read (stored at month ends)
    tegel: Tegel | None = None  # OP_PEILDATUM: its Overzicht tile (TERMIJN and MEDEWERKER tiles are by kind)
    snapshot_tekst: str | None = None  # its explanation in the municipal snapshot; None: not in the snapshot

    @property
    def naam(self) -> str:
        """The name of its case-rows query ("k1_eerste_contact"): the KPI's name in the JSON report."""
        return self.sql[0].rsplit("/", 1)[-1]


KPIS: tuple[Kpi, ...] = (
    Kpi(
        key="k1", titel="Eerste contact binnen 5 werkdagen", korte_titel="Eerste contact",
        norm=100.0, norm_tekst=f"wettelijk: binnen {norms.K1_WERKDAGEN} werkdagen (Besluit Jeugdwet)",
        richting=HOGER_BETER, eenheid="%", kind=TERMIJN, sql=("kpi/k1_eerste_contact",),
        termijn="int_termijn_k1", pagina="pages/k1_eerste_contact.py",
        pagina_titel="Eerste contact", url_path="eerste-contact",
        snapshot_tekst=f"Eerste gesprek met de jeugdige of een ouder binnen {norms.K1_WERKDAGEN} werkdagen "
                       f"(Besluit Jeugdwet). Telefoon en video tellen niet mee.",
        definitie=f"""
**Termijn.** Het eerste contact moet plaatsvinden binnen {norms.K1_WERKDAGEN} werkdagen na de
kennisgeving van de maatregel aan de GI (`kennisgeving_op`, Besluit Jeugdwet art. 4.2.1-4.2.3);
ontbreekt die datum, dan na de `startdatum`. De deadline is de {norms.K1_WERKDAGEN}e werkdag ná die
datum (de dag zelf telt niet mee). Werkdagen zijn maandag tot en met vrijdag, behalve de Nederlandse
nationale feestdagen (pakket `holidays`, NL). Voorbeeld: start vrijdag 3-1-2025 → deadline vrijdag
10-1-2025; start op zaterdag → maandag is werkdag 1.

**Gebeurtenis.** Het eerste contact met `vorm = face_to_face` met de jeugdige of een ouder, op of na de
startdatum. Telefoon en video tellen niet voor de wettelijke KPI; ze staan apart als lijn
"inclusief telefonisch/video".

**Telling.** Een maatregel telt mee in periode [van, tot] als de deadline in die periode valt en op of
vóór de peildatum ligt. Tijdig = contact op of vóór de deadline; te laat = contact na de deadline,
op of vóór de peildatum; verlopen = geen contact op of vóór de peildatum. KPI = tijdig / (tijdig + te
laat + verlopen). Een maatregel die op of vóór de deadline eindigde zonder contact telt niet mee.
Maatregelen waarvan de deadline nog komt staan in de lijst "binnenkort verlopen" (binnen
{norms.BINNENKORT_WERKDAGEN} werkdagen). Ook getoond: werkdagen tot het eerste contact in groepen
0-5, 6-10, >10 en geen.

**Interne afwijkende termijn** (alleen náást de wettelijke, nooit in plaats daarvan):
{norms.K1_WERKDAGEN_INTERN} werkdagen, voor maatregelen met als eerste kleurcode oranje of groen die
binnen {norms.K1_MONITORLIJST_BINNEN_WERKDAGEN} werkdagen na de start op de monitorlijst kwamen.
Alle soorten maatregelen tellen mee.""",
    ),
    Kpi(
        key="k2", titel="Plan van aanpak binnen 6 weken", korte_titel="Plan van aanpak",
        norm=100.0, norm_tekst=f"binnen {norms.K2_DAGEN} dagen na de start",
        richting=HOGER_BETER, eenheid="%", kind=TERMIJN, sql=("kpi/k2_plan_van_aanpak",),
        termijn="int_termijn_k2", pagina="pages/k2_plan_van_aanpak.py",
        pagina_titel="Plan van aanpak", url_path="plan-van-aanpak",
        snapshot_tekst=f"Plan van aanpak vastgesteld binnen zes weken ({norms.K2_DAGEN} dagen) na de start.",
        definitie=f"""
**Termijn.** `startdatum` + {norms.K2_DAGEN} kalenderdagen (de norm van de inspectie: zes weken na de
uitspraak).

**Gebeurtenis.** De vroegste `plannen.vastgesteld_op` op of na de startdatum.

**Telling.** Zoals bij alle termijn-KPI's: de maatregel telt mee als de deadline in de gekozen periode
valt en op of vóór de peildatum ligt; tijdig, te laat of verlopen naar de situatie op de peildatum;
een maatregel die op of vóór de deadline eindigde zonder plan telt niet mee.""",
    ),
    Kpi(
        key="k3", titel="Hulp gestart binnen 3 maanden", korte_titel="Hulpinzet",
        norm=100.0, norm_tekst=f"binnen {norms.K3_MAANDEN} maanden na de start",
        richting=HOGER_BETER, eenheid="%", kind=TERMIJN, sql=("kpi/k3_hulp", "kpi/k3_aanvragen"),
        termijn="int_termijn_k3", pagina="pages/k3_hulpinzet.py",
        pagina_titel="Hulpinzet", url_path="hulpinzet",
        snapshot_tekst=f"Passende hulp gestart binnen {norms.K3_MAANDEN} maanden na de start.",
        definitie=f"""
**Termijn.** `startdatum` + {norms.K3_MAANDEN} maanden: dezelfde dag van de maand; is die maand
korter, dan de laatste dag (30-11-2025 → 28-2-2026).

**Gebeurtenis.** De vroegste `hulp.gestart_op` van de maatregel (hulp die al vóór de start liep telt
mee). Maatregelen in `geen_hulp_nodig` tellen niet mee.

**Telling.** Zoals bij alle termijn-KPI's (deadline in de periode en op of vóór de peildatum).

**Ook getoond.** Wachttijd bij aanbieders (`gestart_op - aangevraagd_op`, mediaan en 90e percentiel
in dagen), openstaande aanvragen (niet gestart, niet afgewezen) met hun leeftijd, en afgewezen
aanvragen. De export kent geen datum van afwijzing: een afgewezen aanvraag geldt als afgewezen op de
peildatum.""",
    ),
    Kpi(
        key="k4", titel="Caseload ten opzichte van de norm 1:12", korte_titel="Caseload",
        norm=norms.CASELOAD_NORM, norm_tekst=f"maximaal {norms.CASELOAD_NORM:g} jeugdigen per fte",
        richting=LAGER_BETER, eenheid="per fte", kind=MEDEWERKER, sql=("kpi/k4_caseload", "kpi/k4_capaciteit"),
        filters=("cluster", "team"), geen_cijfer_bij=("gemeente",),
        series=(Series("caseload", "int_caseload", ("team_soort", "fte", "caseload", "boven_norm", "caseload_per_fte",
                                                   "norm"), ENTITY_MEDEWERKER),),
        pagina="pages/k4_caseload.py",
        pagina_titel="Caseload", url_path="caseload",
        definitie=f"""
**Wie.** Jeugdzorgwerkers in teams van soort `jb` die op de peildatum in dienst zijn (`in_dienst` ≤ P
en `uit_dienst` leeg of na P). JR-teams staan apart met hun eigen norm
({norms.CASELOAD_NORM_JR:g}); in- en doorstroomteams vallen onder K7. Filters op cluster of team
selecteren medewerkers op hun eigen team; een gemeentefilter geldt hier niet.

**Caseload.** Het aantal verschillende jeugdigen met een lopende maatregel waarop deze medewerker op
de peildatum een lopende toewijzing met `rol = vast` heeft. Caseload per fte = caseload / fte. Een
medewerker zit boven de norm als caseload / fte > {norms.CASELOAD_NORM:g}.

**Team, cluster, organisatie.** Som van de caseloads / som van de fte; aantal en aandeel medewerkers
boven de norm; de verdeling.

**Capaciteitsgat.** Benodigde fte = (jeugdigen met een vaste jeugdzorgwerker + jeugdigen in lopende
OTS-, VOTS- en voogdijmaatregelen zonder vaste jeugdzorgwerker) / norm; gat = benodigde fte − fte in
dienst. Jeugdigen worden één keer geteld, ook met meer maatregelen.""",
    ),
    Kpi(
        key="k5", titel="Kind-alleen-contact", korte_titel="Kind alleen gezien",
        norm=100.0, norm_tekst="iedere maatregel haalt zijn jaarnorm",
        richting=HOGER_BETER, eenheid="%", kind=OP_PEILDATUM, sql=("kpi/k5_kind_alleen", "kpi/k5_jr"),
        series=(Series("kind_alleen", "int_kind_alleen", ("voldoet_gevalideerd", "voldoet_geregistreerd"),
                       ENTITY_MAATREGEL),
                Series("kind_alleen_jr", "int_kind_alleen_jr", ("voldoet",), ENTITY_MAATREGEL)),
        pagina="pages/k5_kind_alleen.py",
        pagina_titel="Kind-alleen-contact", url_path="kind-alleen",
        snapshot_tekst=("Kinderen met een OTS of voogdij moeten een aantal keer per jaar alleen gesproken worden "
                       "(thuis en pleeggezin 4 keer, gezinshuis en instelling: OTS 4, voogdij 6 keer). "
                       "'Volgens registratie' telt elk contact dat als kind-alleen is geregistreerd; "
                       "'gevalideerd' alleen een gesprek van persoon tot persoon met het kind, zonder anderen erbij. "
                       "Het verschil laat zien hoe betrouwbaar de registratie is."),
        tegel=Tegel("% haalt jaarnorm (gevalideerd)", "kind_alleen", ("voldoet_gevalideerd",),
                    extra=(("volgens registratie", ("voldoet_geregistreerd",)),)),
        definitie=f"""
**Populatie.** Lopende maatregelen van soort OTS of voogdij op de peildatum P.

**Venster.** W = [max(startdatum, P − {norms.K5_VENSTER_DAGEN} dagen), P]; blootstelling = aantal dagen
in W.

**Norm per jaar** naar woonsituatie op P en soort: thuis 4; pleeggezin 4, waarvan minstens
{norms.K5_PLEEGGEZIN_JZW_DEEL} door de jeugdzorgwerker; gezinshuis en instelling: OTS 4, voogdij 6.
Onbekende woonsituatie: {norms.K5_NORM_ONBEKEND}, en de zaak staat op de lijst met
registratieproblemen.

**Vereist** = afgerond naar beneden (norm × blootstelling / {norms.K5_JAAR_DAGEN}); in een pleeggezin
ook het jeugdzorgwerkerdeel: afgerond naar beneden ({norms.K5_PLEEGGEZIN_JZW_DEEL} × blootstelling /
{norms.K5_JAAR_DAGEN}). Maatregelen met vereist = 0 tellen niet mee.

**Geregistreerd**: contacten in W met `kind_alleen = true`. **Gevalideerd**: daarvan alleen die ook
`met_jeugdige = true`, `vorm = face_to_face` en niet `andere_aanwezigen = true` hebben. Een maatregel
voldoet als het aantal het vereiste haalt (en in een pleeggezin ook het jeugdzorgwerkerdeel).

Beide percentages staan naast elkaar: het verschil is een registratieprobleem dat het dashboard
zichtbaar maakt in plaats van verbergt. Ook: dagen sinds het laatste gevalideerde contact en de lijst
van kinderen die langer dan {norms.K5_NIET_GEZIEN_DAGEN} dagen niet alleen zijn gezien.

**JR** (apart): lopende JR-maatregelen van minstens {norms.K5_JR_DAGEN} dagen met een contact met de
jongere (`met_jeugdige`, elke vorm behalve `overleg`) in de laatste {norms.K5_JR_DAGEN} dagen tot en
met P.""",
    ),
    Kpi(
        key="k6", titel="Vaste jeugdzorgwerker, monitorlijst en wachtrij", korte_titel="Vaste jeugdzorgwerker",
        norm=100.0, norm_tekst="iedere maatregel een vaste jeugdzorgwerker",
        richting=HOGER_BETER, eenheid="%", kind=OP_PEILDATUM,
        sql=("kpi/k6_vaste_jzw", "kpi/k6_stroom", "kpi/k6_doorlooptijd"),
        series=(Series("vaste_jzw", "int_vaste_jzw", ("met_vaste_jzw", "werkwijze", "op_monitorlijst"),
                       ENTITY_MAATREGEL),),
        pagina="pages/k6_wachtrij.py",
        pagina_titel="Wachtrij", url_path="wachtrij",
        tegel=Tegel("% met vaste jeugdzorgwerker", "vaste_jzw", ("met_vaste_jzw",)),
        definitie=f"""
**Met vaste jeugdzorgwerker**: lopende maatregel met een lopende toewijzing `rol = vast`.
**Op de monitorlijst**: een lopende periode op de monitorlijst. **In het in- en doorstroomteam**:
geen vaste jeugdzorgwerker en een lopende toewijzing `rol = in_doorstroom`. **Zonder vaste
jeugdzorgwerker**: op de lijst, in het in- en doorstroomteam, of geen van beide (die laatste groep is
een alarmsignaal).

**Kleurcode op P**: de laatste veiligheidsinschatting gedateerd op of vóór P; geen → `geen`. Een
maatregel zonder kleurcode waarvan de start meer dan {norms.TRIAGE_WERKDAGEN} werkdagen vóór P ligt,
is te laat voor triage.

**Wachtrij** per cluster op P, voor maatregelen op de monitorlijst: eerst op kleur (geen eerst, want
die moet nog getrieerd worden; dan rood, oranje, groen), dan op datum op de lijst, dan op
maatregelnummer. De plaats in die volgorde is de plaats in de rij. Wachttijd = P − `op_lijst` in dagen.
Ook: voorraad per kleur per week, in- en uitstroom per week, en dagen op de lijst tot een vaste
jeugdzorgwerker voor de maatregelen die de lijst verlieten, naar kleur bij binnenkomst.""",
    ),
    Kpi(
        key="k7", titel="Werkafspraken in- en doorstroomteam", korte_titel="In- en doorstroomteam",
        norm=100.0, norm_tekst=f"contact binnen {norms.K7_CONTACT_DAGEN} dagen, casuïstiek binnen "
                               f"{norms.K7_CASUISTIEK_DAGEN} dagen",
        richting=HOGER_BETER, eenheid="%", kind=OP_PEILDATUM, sql=("kpi/k7_in_doorstroom",),
        series=(Series("in_doorstroom", "int_in_doorstroom", ("contact_ok", "casuistiek_ok", "dagen_in_team"),
                       ENTITY_MAATREGEL),),
        pagina="pages/k7_in_doorstroom.py",
        pagina_titel="In- en doorstroomteam", url_path="in-doorstroom",
        tegel=Tegel("% aan beide werkafspraken", "in_doorstroom", ("contact_ok", "casuistiek_ok"),
                    extra=(("contact ≤ 6 weken", ("contact_ok",)), ("casuïstiek ≤ ½ jaar", ("casuistiek_ok",)))),
        definitie=f"""
**Populatie**: maatregelen in het in- en doorstroomteam op P (zie K6).

**Contactregel**: het laatste contact van welke vorm ook (met jeugdige, ouders of betrokken
hulpverleners) ligt hooguit {norms.K7_CONTACT_DAGEN} dagen vóór P.

**Casuïstiekregel**: een casuïstiekbespreking hooguit {norms.K7_CASUISTIEK_DAGEN} dagen vóór P, of de
maatregel zit korter dan {norms.K7_CASUISTIEK_DAGEN} dagen in het team.

**Tijd in het team**: vanaf het begin van de ononderbroken in-/doorstroomperiode die P omvat
(overlappende of aansluitende toewijzingen `rol = in_doorstroom` samengevoegd).

Ook: het aantal verschillende medewerkers dat in de laatste {norms.K7_WERKERS_DAGEN} dagen contact had
met het gezin.""",
    ),
    Kpi(
        key="k8", titel="Klachten: van registratie tot reactie van het bestuur", korte_titel="Klachten",
        norm=None, norm_tekst=f"termijnen van de klachtroute: verslag binnen {norms.KLACHT_VERSLAG_DAGEN} dagen, "
                              f"hoorzitting binnen {norms.KLACHT_HOORZITTING_DAGEN}, uitspraak binnen "
                              f"{norms.KLACHT_UITSPRAAK_DAGEN}, reactie bestuur binnen "
                              f"{norms.KLACHT_REACTIE_BESTUUR_DAGEN}",
        richting=LAGER_BETER, eenheid="per 100 jeugdigen", kind=KLACHTEN,
        sql=("kpi/k8_klachten", "kpi/k8_onderdelen", "kpi/k8_begeleiding"), pagina="pages/k8_klachten.py",
        pagina_titel="Klachten", url_path="klachten",
        definitie=f"""
**Selectie.** Het team van een klacht is het team waarover de klacht gaat (`team_id`), anders het team
van de maatregel; het cluster is het cluster van dat team. Filters op cluster en team gebruiken dat team.
Filters op gemeente en soort gebruiken de maatregel van de klacht: klachten zonder maatregel (vrijwillig
kader) vallen dan weg.

**Ontvangen**: klachten met `ontvangen_op` in de periode [van, tot] en op of vóór de peildatum P.
**Per 100 jeugdigen** = ontvangen × 100 / het aantal verschillende jeugdigen met een maatregel van de
selectie die op minstens één dag van [van, min(tot, P)] liep. Per onderdeel: de onderdelen van de
ontvangen klachten per categorie; per indiener, ondersteuning en kanaal: de ontvangen klachten.

**Termijnen** (de regel van K1-K3: de deadline valt in de periode en op of vóór P; tijdig = de stap op of
vóór de deadline, te laat = erna maar op of vóór P, verlopen = geen stap op of vóór P; een klacht die op of
vóór de deadline zonder die stap werd afgesloten telt niet mee):
verslag van het klachtgesprek binnen {norms.KLACHT_VERSLAG_DAGEN} dagen na het gesprek; hoorzitting binnen
{norms.KLACHT_HOORZITTING_DAGEN} dagen nadat de klachtencommissie de klacht ontving; uitspraak binnen
{norms.KLACHT_UITSPRAAK_DAGEN} dagen na de hoorzitting; reactie van het bestuur binnen
{norms.KLACHT_REACTIE_BESTUUR_DAGEN} dagen na de uitspraak. Een stap die nog niet is begonnen (of pas na P)
heeft geen deadline.

**Oordelen**: de onderdelen van klachten met een uitspraak in de periode (op of vóór P), per oordeel.
% gegrond = gegrond / (gegrond + ongegrond); leeg als er geen zijn.

**Open op P**: ontvangen op of vóór P en niet afgesloten op of vóór P, met hun stadium (de laatste stap van
de route op of vóór P) en leeftijd in dagen. **Zonder vaste jeugdzorgwerker**: ontvangen klachten over een
maatregel die op de dag van ontvangst geen lopende toewijzing met `rol = vast` had (klachten zonder
maatregel tellen niet mee). Dit is samenhang, geen oorzaak.""",
    ),
)

KPI_BY_KEY: dict[str, Kpi] = {k.key: k for k in KPIS}
TERMIJN_KPIS: tuple[str, ...] = tuple(k.key for k in KPIS if k.kind == TERMIJN)
# The deadline KPIs the municipal snapshot shows (its PDF has room for three: docs/snapshot.md).
SNAPSHOT_TERMIJN_KPIS: tuple[str, ...] = tuple(k for k in TERMIJN_KPIS if KPI_BY_KEY[k].snapshot_tekst)
SERIES: dict[str, Series] = {s.name: s for k in KPIS for s in k.series}
KPI_OF_SERIES: dict[str, Kpi] = {s.name: k for k in KPIS for s in k.series}


def heeft_cijfer(kpi: Kpi, filters: Filters, scope: Scope) -> bool:
    """False when a filter (or a scope) the KPI has no figure for is set: K4 is about workers, who
    do not belong to a municipality, so it is left out for a municipality rather than shown for
    everyone."""
    return not any(getattr(filters, f, None) is not None or getattr(scope, f, None) is not None
                   for f in kpi.geen_cijfer_bij)


def niet_van_toepassing(kpi: Kpi, filters: Filters) -> tuple[str, ...]:
    """The chosen filters that do not apply to the KPI (left out of its selection, or, for
    `geen_cijfer_bij`, no figure at all), in the order of params.FILTERS."""
    return tuple(f for f in FILTERS if getattr(filters, f) is not None and f not in kpi.filters)
