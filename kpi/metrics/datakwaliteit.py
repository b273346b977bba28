"""Data quality: where the registration cannot be trusted.

A registry of checks (one frozen dataclass each: key, Dutch title, what it means,
why it matters, how to fix it, which SQL) and the functions the page and the
tests use. Checks never block an import; they show how many cases there are per
cluster and team, the monthly trend and the case list.

Every check's SQL returns its *population* with a boolean column marking the
findings, so the share comes from the same query as the count:
- a state check (STAND) is evaluated at each of the last TREND_MAANDEN month ends
  (the last one is the peildatum) and counts at P;
- an event check (GEBEURTENIS) takes the events (contacts, plans, help requests)
  dated in the same months, counts all of them and trends by the month of the event.

- a data check (GEGEVENS) looks at every value dated on or before P, the whole
  history, and has no trend (likely personal data: it must go, however old).

Three checks reuse the K6 query (sql/kpi/k6_vaste_jzw.sql) as it is, so the
figures here and on the Wachtrij page cannot drift apart; the personal-data check
marks its rows with kpi/data/persoonsgegevens.py, as the import does. Choices:
docs/datakwaliteit.md. Plain polars, no Streamlit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import polars as pl

from kpi.core import norms
from kpi.core.labels import KLEURCODE_LABELS, ROL_LABELS, VORM_LABELS, WERKWIJZE_LABELS, kleurcode_met_symbool
from kpi.core.params import ALLES, Filters, Scope, query_params
from kpi.data import persoonsgegevens as pg
from kpi.data.db import Database
from kpi.metrics import engine
from kpi.metrics.controle import GEBEURTENIS, GEGEVENS, STAND, Controle
from kpi.metrics.datakwaliteit_klachten import KLACHT_CONTROLES

Date = dt.date
TREND_MAANDEN = 12
K6_SQL = "kpi/k6_vaste_jzw"
GROEP_KOLOM = {"cluster": ("cluster_id", "cluster_naam"), "team": ("team_id", "team_naam")}


def _k6_vlaggen(rows: pl.DataFrame) -> pl.DataFrame:
    """The K6 case rows with the flags of the three checks built on them."""
    return rows.with_columns(
        zonder_werkwijze=pl.col("werkwijze") == "geen",
        vast_en_monitorlijst=pl.col("met_vaste_jzw") & pl.col("op_monitorlijst"),
        na_triagetermijn=pl.col("triage_uiterlijk") < pl.col("peildatum"),
        dagen_lopend=(pl.col("peildatum") - pl.col("startdatum")).dt.total_days(),
        dagen_over_termijn=(pl.col("peildatum") - pl.col("triage_uiterlijk")).dt.total_days(),
    )


PERSOONSGEGEVENS_SQL = "kwaliteit/persoonsgegevens"


def _persoonsgegevens_vlaggen(rows: pl.DataFrame) -> pl.DataFrame:
    """The candidate values that look personal (kpi/data/persoonsgegevens.py), masked: findings only, the
    value itself dropped, and every id of a finding that is itself a BSN masked too."""
    gevonden = pl.concat([pg.zoek(rows.filter(pl.col("vrije_tekst") == vrij), "waarde", vrij)
                          for vrij in (False, True)])
    return gevonden.with_columns(
        bevinding=pl.lit(True),
        waarde_gemaskeerd=pl.col(pg.GEMASKEERD),
        tabel_kolom=pl.col("tabel") + "." + pl.col("kolom"),
        **{kolom: pl.when(pg.bsn(pl.col(kolom))).then(pl.col(kolom).str.replace_all("[0-9]", "•"))
           .otherwise(pl.col(kolom)) for kolom in ("maatregel_id", "jeugdige_id", "medewerker_id")},
    ).drop("waarde", pg.GEMASKEERD)


AFGELEID: dict[str, Callable[[pl.DataFrame], pl.DataFrame]] = {
    K6_SQL: _k6_vlaggen, PERSOONSGEGEVENS_SQL: _persoonsgegevens_vlaggen}

CONTROLES: tuple[Controle, ...] = (
    Controle(
        key="kind_alleen_ongeldig", titel="Kind-alleen-contact dat niet alleen was",
        korte_titel="Kind alleen, maar niet alleen", groep="Kind alleen", soort=GEBEURTENIS,
        sql="kwaliteit/kind_alleen_ongeldig", eenheid="contacten",
        noemer="kind-alleen-registraties",
        betekenis="Een contact is geregistreerd als **kind alleen**, maar volgens dezelfde registratie was er "
                  "iemand anders bij (een ouder, pleegouder of hulpverlener), was het contact telefonisch, via "
                  "video of een overleg, of was de jeugdige er niet bij.",
        waarom="K5 telt zo'n contact niet als kind-alleen-contact (gevalideerd), de registratie wel. Het verschil "
               "tussen 'geregistreerd' en 'gevalideerd' op de pagina Kind-alleen-contact komt hier vandaan. De "
               "inspectie zag in 2025 dat zulke registraties voorkomen; een kind dat niet echt alleen is "
               "gesproken, is misschien niet gehoord.",
        oplossen="Bespreek met de jeugdzorgwerker wat er gebeurde. Was het kind echt alleen, corrigeer dan het "
                 "veld dat niet klopt (aanwezigen, vorm, met jeugdige). Was het kind niet alleen, haal dan het "
                 "vinkje 'kind alleen' weg en plan een echt gesprek met het kind alleen.",
        kolommen=(("datum", "Datum contact"), ("reden", "Waarom niet geldig"), ("vorm", "Vorm"),
                  ("met_jeugdige_tekst", "Met jeugdige"), ("andere_aanwezigen_tekst", "Anderen aanwezig"),
                  ("door", "Door"), ("contact_id", "Contact")),
    ),
    Controle(
        key="zonder_woonsituatie", titel="Lopende maatregel zonder woonsituatie",
        korte_titel="Zonder woonsituatie", groep="Lopende maatregelen", soort=STAND,
        sql="kwaliteit/zonder_woonsituatie", eenheid="maatregelen", noemer="lopende maatregelen",
        betekenis="De maatregel loopt op de peildatum, maar er is geen verblijfsperiode die dan loopt: niet "
                  "bekend waar de jeugdige woont (thuis, pleeggezin, gezinshuis of instelling).",
        waarom="De norm voor kind-alleen-contact (K5) hangt af van de woonsituatie. Zonder woonsituatie rekent K5 "
               f"met {norms.K5_NORM_ONBEKEND} per jaar, en een voogdij-kind in een instelling heeft er 6 nodig. Ook "
               "de gemeente wil weten waar de kinderen wonen.",
        oplossen="Vul de verblijfsperiode aan in het bronsysteem, vanaf de datum dat de vorige eindigde (of vanaf de "
                 "start). Een periode die te vroeg is afgesloten: zet de einddatum leeg.",
        kolommen=(("startdatum", "Startdatum"), ("laatste_verblijf_tot", "Laatste verblijf tot"),
                  ("laatste_woonsituatie", "Laatste woonsituatie"), ("dagen_zonder_verblijf", "Dagen zonder")),
    ),
    Controle(
        key="zonder_kleurcode", titel="Geen kleurcode na de triagetermijn",
        korte_titel="Zonder kleurcode", groep="Lopende maatregelen", soort=STAND, sql=K6_SQL,
        eenheid="maatregelen", vlag="triage_te_laat", populatie="na_triagetermijn",
        noemer="lopende maatregelen na de triagetermijn",
        betekenis=f"De maatregel loopt, de {norms.TRIAGE_WERKDAGEN}e werkdag na de start is voorbij en er is op of "
                  "vóór de peildatum geen veiligheidsinschatting (kleurcode rood, oranje of groen). Zelfde regel als "
                  "'te laat voor triage' op de pagina Wachtrij (K6): op de uiterste dag zelf is het nog niet te laat.",
        waarom="Zonder kleurcode weet niemand hoe onveilig het kind is, en staat de maatregel vooraan in de wachtrij "
               "als 'geen'. Soms is de inschatting wel gemaakt maar niet geregistreerd.",
        oplossen=f"Is de inschatting gemaakt, registreer dan de kleurcode met de datum waarop hij is vastgesteld. Zo "
                 f"niet: laat de jeugdzorgwerker en gedragswetenschapper hem vandaag maken (binnen "
                 f"{norms.TRIAGE_WERKDAGEN} werkdagen na de start is de afspraak).",
        kolommen=(("startdatum", "Startdatum"), ("triage_uiterlijk", "Uiterlijk triage"),
                  ("dagen_over_termijn", "Dagen over termijn"), ("werkwijze_label", "Werkwijze")),
    ),
    Controle(
        key="zonder_werkwijze", titel="Lopende maatregel zonder werkwijze",
        korte_titel="Zonder werkwijze", groep="Lopende maatregelen", soort=STAND, sql=K6_SQL,
        eenheid="maatregelen", vlag="zonder_werkwijze", noemer="lopende maatregelen",
        betekenis="Geen vaste jeugdzorgwerker (toewijzing met rol 'vast'), niet op de monitorlijst en niet in het "
                  "in- en doorstroomteam: geen van de drie werkwijzen. Zelfde indeling als de pagina Wachtrij (K6).",
        waarom="Volgens de registratie volgt niemand dit kind. Dat is een alarm, of de toewijzing, de "
               "monitorlijst-periode of de in- en doorstroomtoewijzing ontbreekt in de registratie.",
        oplossen="Zoek uit wie de zaak draagt. Registreer die toewijzing (of de monitorlijst-periode) met de juiste "
                 "begindatum. Draagt niemand de zaak: wijs vandaag iemand toe of zet de zaak op de monitorlijst.",
        kolommen=(("startdatum", "Startdatum"), ("dagen_lopend", "Dagen lopend"), ("kleur", "Kleurcode")),
    ),
    Controle(
        key="vast_en_monitorlijst", titel="Vaste jeugdzorgwerker én op de monitorlijst",
        korte_titel="Vast én monitorlijst", groep="Toewijzingen", soort=STAND, sql=K6_SQL,
        eenheid="maatregelen", vlag="vast_en_monitorlijst", populatie="op_monitorlijst",
        noemer="maatregelen op de monitorlijst",
        betekenis="De maatregel heeft op de peildatum een vaste jeugdzorgwerker én een lopende periode op de "
                  "monitorlijst. De monitorlijst is juist voor zaken zónder vaste jeugdzorgwerker.",
        waarom="K6 telt de maatregel als 'met vaste jeugdzorgwerker', maar hij houdt een plaats in de wachtrij. De "
               "wachtrij en de wachttijd kloppen dan niet.",
        oplossen="Sluit de monitorlijst-periode af op de dag dat de vaste jeugdzorgwerker begon (of beëindig de "
                 "toewijzing als die ten onrechte open staat).",
        kolommen=(("vaste_medewerker_id", "Vaste jeugdzorgwerker"), ("op_lijst", "Op de lijst sinds")),
    ),
    Controle(
        key="overlappende_vaste", titel="Twee vaste jeugdzorgwerkers tegelijk",
        korte_titel="Twee vaste tegelijk", groep="Toewijzingen", soort=STAND,
        sql="kwaliteit/overlappende_vaste", eenheid="maatregelen", noemer="maatregelen met een vaste jzw",
        betekenis="Op de peildatum lopen twee of meer toewijzingen met rol 'vast' voor dezelfde maatregel (ook: "
                  "twee keer dezelfde medewerker). Toewijzingen die op elkaar aansluiten (de ene eindigt op de dag "
                  "dat de andere begint) overlappen niet.",
        waarom="De jeugdige telt dan mee in de caseload van beide medewerkers (K4): de caseload lijkt hoger en "
               "het is niet duidelijk wie verantwoordelijk is.",
        oplossen="Meestal is bij een overdracht de oude toewijzing niet afgesloten: zet de einddatum op de dag "
                 "dat de nieuwe begon.",
        kolommen=(("medewerkers", "Vaste medewerkers"), ("aantal_vast", "Aantal vast"),
                  ("overlap_sinds", "Overlap sinds")),
    ),
    Controle(
        key="toewijzing_buiten_dienst", titel="Toegewezen aan iemand die niet in dienst is",
        korte_titel="Toewijzing buiten dienst", groep="Toewijzingen", soort=STAND,
        sql="kwaliteit/toewijzing_buiten_dienst", eenheid="toewijzingen", noemer="lopende toewijzingen",
        betekenis="Een toewijzing (vast of in- en doorstroom) loopt op de peildatum, maar de medewerker is dan niet "
                  "in dienst: nog niet (in dienst ná de peildatum) of niet meer (uit dienst op of vóór de "
                  "peildatum). Een toewijzing die begint op de dag van indiensttreding is goed.",
        waarom="Het kind heeft op papier een jeugdzorgwerker die er niet is. K6 telt de zaak als 'met vaste "
               "jeugdzorgwerker', terwijl niemand hem draagt; K4 telt de caseload bij niemand.",
        oplossen="Sluit de toewijzing af op de dag van uitdiensttreding en wijs de zaak opnieuw toe (of zet hem op "
                 "de monitorlijst). Klopt de datum van in of uit dienst niet, laat die dan in het HR-systeem "
                 "corrigeren.",
        kolommen=(("rol_label", "Rol"), ("toegewezen_van", "Toegewezen van"), ("toegewezen_tot", "Toegewezen tot"),
                  ("in_dienst", "In dienst"), ("uit_dienst", "Uit dienst"), ("medewerker_team", "Team medewerker")),
    ),
    Controle(
        key="plan_voor_start", titel="Plan van aanpak vóór de start van de maatregel",
        korte_titel="Plan vóór start", groep="Datums", soort=GEBEURTENIS,
        sql="kwaliteit/plan_voor_start", eenheid="plannen", noemer="vastgestelde plannen",
        betekenis="Een plan van aanpak is vastgesteld op een datum vóór de startdatum (uitspraak) van de maatregel. "
                  "Een plan op de startdatum zelf is goed.",
        waarom="K2 telt alleen plannen op of na de start: zo'n plan telt niet, en de maatregel kan ten onrechte "
               "als 'verlopen' tellen. Vaak hoort het plan bij een vorige maatregel (bijvoorbeeld de VOTS vóór de "
               "OTS) of is de datum verkeerd ingevoerd.",
        oplossen="Controleer de datum van vaststelling. Hoort het plan bij de vorige maatregel, stel dan voor "
                 "deze maatregel een eigen plan vast (of koppel het plan aan de juiste maatregel).",
        kolommen=(("vastgesteld_op", "Plan vastgesteld"), ("startdatum", "Startdatum maatregel"),
                  ("dagen_voor_start", "Dagen vóór start")),
    ),
    Controle(
        key="hulp_voor_aanvraag", titel="Hulp gestart vóór de aanvraag",
        korte_titel="Hulp vóór aanvraag", groep="Datums", soort=GEBEURTENIS,
        sql="kwaliteit/hulp_voor_aanvraag", eenheid="hulpaanvragen", noemer="hulpaanvragen",
        betekenis="De hulp is gestart (`gestart_op`) vóór de datum waarop hij is aangevraagd (`aangevraagd_op`). "
                  "Starten op de dag van de aanvraag is goed.",
        waarom="De wachttijd bij de aanbieder (K3) wordt negatief en trekt de mediaan omlaag: de wachttijd lijkt "
               "korter dan hij is.",
        oplossen="Controleer beide datums in het bronsysteem. Liep de hulp al (bijvoorbeeld van vóór de "
                 "maatregel), registreer de aanvraag dan met de echte datum of als voortzetting.",
        kolommen=(("hulpvorm", "Hulpvorm"), ("aangevraagd_op", "Aangevraagd"), ("gestart_op", "Gestart"),
                  ("dagen_eerder_gestart", "Dagen eerder gestart"), ("hulp_id", "Aanvraag")),
    ),
    Controle(
        key="contact_na_einde", titel="Contact na het einde van de maatregel",
        korte_titel="Contact na einde", groep="Datums", soort=GEBEURTENIS,
        sql="kwaliteit/contact_na_einde", eenheid="contacten",
        betekenis="Een contact is geregistreerd op een datum ná de einddatum van de maatregel. Een afsluitend "
                  "contact op de einddatum zelf is goed.",
        waarom="Het contact hoort waarschijnlijk bij een andere (nieuwe) maatregel van dezelfde jeugdige, of de "
               "einddatum is te vroeg. Bij de juiste maatregel had het misschien meegeteld voor K1, K5 of K7.",
        oplossen="Koppel het contact aan de juiste maatregel, of corrigeer de einddatum van de maatregel als die "
                 "te vroeg is ingevoerd.",
        kolommen=(("datum", "Datum contact"), ("einddatum", "Einddatum maatregel"),
                  ("dagen_na_einde", "Dagen na einde"), ("vorm", "Vorm"), ("contact_id", "Contact")),
    ),
    Controle(
        key="persoonsgegevens", titel="Mogelijke persoonsgegevens in de gegevens",
        korte_titel="Persoonsgegevens?", groep="Privacy", soort=GEGEVENS, sql=PERSOONSGEGEVENS_SQL,
        eenheid="waarden",
        betekenis="Een waarde lijkt een persoonsgegeven: een id dat een BSN is (negen cijfers die de elfproef "
                  "halen), of in de vrije tekst van `hulpvorm` een BSN, een geboortedatum (een volledige datum of "
                  "'geb.', 'geboren') of een naam na een aanspreekvorm ('fam. Jansen', 'mevrouw de Vries'). "
                  "De waarde staat hier gemaskeerd. De import weigert zulke gegevens, tenzij de beheerder "
                  "JB_PERSOONSGEGEVENS=waarschuwen heeft gezet (docs/import.md).",
        waarom="De export hoort alleen pseudoniemen te bevatten. Een BSN of een naam in het dashboard komt in "
               "zaaklijsten, downloads en backups terecht bij iedereen die ze mag zien: dat is een datalek. "
               "Ook een oude waarde telt, daarom kijkt deze controle naar de hele geschiedenis.",
        oplossen="Laat het bronsysteem een pseudoniem exporteren in plaats van het BSN, en geen namen of "
                 "geboortedatums in vrije tekst. Importeer daarna een schone export; de vorige database met de "
                 "persoonsgegevens staat in backups/ en moet ook worden opgeruimd.",
        kolommen=(("tabel_kolom", "Waar"), ("gevonden", "Lijkt op"), ("waarde_gemaskeerd", "Waarde (gemaskeerd)"),
                  ("datum", "Datum")),
    ),
)

CONTROLES += KLACHT_CONTROLES  # the complaint registration (kpi/metrics/datakwaliteit_klachten.py)
CONTROLE_BY_KEY: dict[str, Controle] = {c.key: c for c in CONTROLES}

# The columns every case list starts with (column → Dutch header).
BASIS_KOLOMMEN = {"maatregel_id": "Maatregel", "jeugdige_id": "Jeugdige (pseudoniem)", "cluster_naam": "Cluster",
                  "team_naam": "Team", "medewerker_id": "Medewerker"}
ZAAK_IDS = ("maatregel_id", "jeugdige_id")


def controle(key: str | Controle) -> Controle:
    return key if isinstance(key, Controle) else CONTROLE_BY_KEY[key]


# ---------------------------------------------------------------- window


def peildata(peildatum: Date) -> list[Date]:
    """The month ends of the trend (the last one is the peildatum)."""
    return engine.maandeinden(peildatum, TREND_MAANDEN)


def venster(peildatum: Date) -> tuple[Date, Date]:
    """The event window: the first day of the first trend month up to the peildatum."""
    return engine.trend_start(peildatum, TREND_MAANDEN), peildatum


# ---------------------------------------------------------------- rows


def bron(db: Database, sql: str, peildatum: Date, filters: Filters = Filters(), scope: Scope = ALLES) -> pl.DataFrame:
    """The rows of one SQL over the trend window: state SQL at every month end, event SQL
    with the events dated in the window. Several checks can share one SQL (K6)."""
    van, tot = venster(peildatum)
    rows = db.query(sql, query_params(peildatum, filters, scope, van=van, tot=tot, peildata=peildata(peildatum)))
    afleiden = AFGELEID.get(sql)
    return afleiden(rows) if afleiden else rows


def markeer(check: str | Controle, rows: pl.DataFrame) -> pl.DataFrame:
    """A check's view of its SQL rows: `bevinding` (a finding), `telt_mee` (in the population the
    share is of) and `maand` (first day of the month it counts in), population rows only."""
    c = controle(check)
    datum = "peildatum" if c.soort == STAND else "datum"
    telt_mee = pl.col(c.populatie).fill_null(False) if c.populatie else pl.lit(True)
    return rows.with_columns(
        bevinding=pl.col(c.vlag).fill_null(False),
        telt_mee=telt_mee,
        maand=pl.col(datum).dt.truncate("1mo"),
    ).filter(pl.col("telt_mee") | pl.col("bevinding"))


def rijen(db: Database, check: str | Controle, peildatum: Date, filters: Filters = Filters(),
          scope: Scope = ALLES) -> pl.DataFrame:
    """The check's marked rows over the whole trend window."""
    c = controle(check)
    return markeer(c, bron(db, c.sql, peildatum, filters, scope))


def op_peildatum(check: str | Controle, rows: pl.DataFrame, peildatum: Date) -> pl.DataFrame:
    """The rows that make the figure at P: a state check at P itself, an event check the window, a data
    check all of them (its SQL takes every value dated on or before P)."""
    c = controle(check)
    if c.soort == STAND:
        return rows.filter(pl.col("peildatum") == peildatum)
    if c.soort == GEGEVENS:
        return rows
    van, tot = venster(peildatum)
    return rows.filter(pl.col("datum").is_between(van, tot))


# ---------------------------------------------------------------- figures


def _pct(teller: pl.Expr, noemer: pl.Expr) -> pl.Expr:
    return pl.when(noemer > 0).then(100.0 * teller / noemer).otherwise(None)


def telling(check: str | Controle, rows: pl.DataFrame, by: tuple[str, ...] = ()) -> pl.DataFrame:
    """Findings, population and share (None for a check without a share), per group."""
    c = controle(check)
    aggs = [pl.col("bevinding").sum().cast(pl.Int64).alias("bevindingen"),
            pl.col("telt_mee").sum().cast(pl.Int64).alias("populatie")]
    result = rows.group_by(list(by)).agg(aggs) if by else rows.select(aggs)
    share = _pct(pl.col("bevindingen"), pl.col("populatie")) if c.noemer else pl.lit(None, pl.Float64)
    return result.with_columns(percentage=share)


def kerncijfer(check: str | Controle, rows: pl.DataFrame, peildatum: Date) -> dict:
    """{'bevindingen', 'populatie', 'percentage'} at P (state) or over the window (event)."""
    return telling(check, op_peildatum(check, rows, peildatum)).row(0, named=True)


def per_groep(check: str | Controle, rows: pl.DataFrame, peildatum: Date, groep: str) -> pl.DataFrame:
    """Findings per cluster or team (with its name as `naam`), most findings first; groups without
    findings are left out."""
    key, name = GROEP_KOLOM[groep]
    per = telling(check, op_peildatum(check, rows, peildatum), (key, name)).rename({name: "naam"})
    return per.filter(pl.col("bevindingen") > 0).sort(["bevindingen", "naam"], descending=[True, False])


def trend(check: str | Controle, rows: pl.DataFrame, peildatum: Date) -> pl.DataFrame:
    """Per month of the trend (every month present, also without findings): findings, population,
    share. A state check counts at each month end, an event check by the month of the event, a data
    check (no trend on the page) by the month of its rows' dates within the trend."""
    months = pl.DataFrame({"maand": [Date(d.year, d.month, 1) for d in peildata(peildatum)]})
    per = telling(check, rows if controle(check).soort == STAND else op_peildatum(check, rows, peildatum),
                  ("maand",))
    return months.join(per, on="maand", how="left").with_columns(
        pl.col("bevindingen").fill_null(0), pl.col("populatie").fill_null(0)).sort("maand")


# ---------------------------------------------------------------- case lists


def _ja_nee(column: str) -> pl.Expr:
    return pl.when(pl.col(column).is_null()).then(pl.lit("onbekend")).when(pl.col(column)).then(
        pl.lit("ja")).otherwise(pl.lit("nee"))


def zaaklijst(check: str | Controle, rows: pl.DataFrame, peildatum: Date) -> pl.DataFrame:
    """The findings behind the figure, readable: the base columns, then the check's own."""
    c = controle(check)
    found = op_peildatum(c, rows, peildatum).filter(pl.col("bevinding"))
    extra = []
    if "met_jeugdige" in found.columns:
        extra += [_ja_nee("met_jeugdige").alias("met_jeugdige_tekst"),
                  _ja_nee("andere_aanwezigen").alias("andere_aanwezigen_tekst")]
    if "werkwijze" in found.columns:
        extra += [pl.col("werkwijze").replace_strict(WERKWIJZE_LABELS, default=pl.col("werkwijze"))
                  .alias("werkwijze_label"),
                  pl.col("kleurcode").replace_strict({k: kleurcode_met_symbool(k) for k in KLEURCODE_LABELS},
                                                    default=pl.col("kleurcode")).alias("kleur")]
    if "vorm" in found.columns:
        extra.append(pl.col("vorm").replace_strict(VORM_LABELS, default=pl.col("vorm")))
    if "rol" in found.columns:
        extra.append(pl.col("rol").replace_strict(ROL_LABELS, default=pl.col("rol")).alias("rol_label"))
    if "door" in found.columns:  # a foster-care worker outside the GI has no medewerker_id
        extra.append(pl.when(pl.col("medewerker_id").is_null() & (pl.col("door") == "pleegzorgwerker"))
                     .then(pl.lit("pleegzorgwerker")).otherwise(pl.col("medewerker_id")).alias("medewerker_id"))
    found = found.with_columns(extra) if extra else found
    found = found.with_columns(pl.col("medewerker_id").fill_null("geen vaste jzw"))
    basis = dict(c.basis) if c.basis is not None else BASIS_KOLOMMEN
    # ids the query left empty for this user (a complaint's measure and young person, for an area manager)
    leeg = [col for col in ZAAK_IDS
            if c.basis is not None and found.height and found[col].null_count() == found.height]
    columns = [col for col in (*basis, *(col for col, _ in c.kolommen if col not in basis)) if col not in leeg]
    order = [] if c.soort == STAND else ["datum"]  # events and data: the most recent first
    return found.sort([*order, "cluster_naam", "team_naam", "maatregel_id"],
                      descending=[True] * len(order) + [False, False, False]).select(columns)


def kolommen(check: str | Controle) -> dict[str, str]:
    """Case-list column → Dutch header, in the order of `zaaklijst`."""
    c = controle(check)
    return {**(dict(c.basis) if c.basis is not None else BASIS_KOLOMMEN), **dict(c.kolommen)}


def cases(db: Database, check: str | Controle, peildatum: Date, filters: Filters = Filters(),
          scope: Scope = ALLES) -> pl.DataFrame:
    """The case list of one check for a selection (findings at P, or in the window for events)."""
    return zaaklijst(check, rijen(db, check, peildatum, filters, scope), peildatum)


def overzicht(db: Database, peildatum: Date, filters: Filters = Filters(), scope: Scope = ALLES) -> pl.DataFrame:
    """One row per check: key, titel, bevindingen, populatie, percentage (each shared SQL runs once)."""
    sources: dict[str, pl.DataFrame] = {}
    rows = []
    for c in CONTROLES:
        if c.sql not in sources:
            sources[c.sql] = bron(db, c.sql, peildatum, filters, scope)
        rows.append({"key": c.key, "titel": c.titel,
                     **kerncijfer(c, markeer(c, sources[c.sql]), peildatum)})
    return pl.DataFrame(rows, schema={"key": pl.String, "titel": pl.String, "bevindingen": pl.Int64,
                                      "populatie": pl.Int64, "percentage": pl.Float64})
