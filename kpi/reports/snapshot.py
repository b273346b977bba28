"""Quarterly snapshot for a municipality: its figures, their suppression and the workbook.

kpi-definities.md, "Quarterly snapshot for a municipality". For gemeente G
and quarter Q, evaluated at P = the last day of Q or the export date if that
is earlier:

- running measures at P by soort;
- K1-K3 for measures of G whose deadline fell in Q (and on or before P);
- K5 at P: population, compliance as registered and as validated;
- measures without a fixed worker at P by colour code; measures on the
  monitorlijst and their median waiting time;
- open help requests at P (not started, not refused, on running measures);
- complaints received in Q about measures of G (K8 ontvangen; klachten.md, "Roles": the count only).

Every query runs with Filters(gemeente=G) *and* Scope(gemeente=G), so the
query layer (sql/intermediate/int_selectie.sql) guarantees that nothing of another municipality
and no worker data gets in (the Gemeentesnapshot page passes the user's own
scope instead). Only aggregates leave this module: never a case list, never
an id. Small numbers are suppressed by kpi/reports/suppression.py, which also audits
the result by linear programming, with what a reader knows from the
definitions declared here as data: GROEPEN (total = sum of parts) and DELEN
(part <= whole). `tabel_voor` is the one list of published figures that the
workbook, the PDF and the page all render. The previous quarter, the trend and the cluster and GI
comparison (`Snapshot.context`) are kpi/reports/snapshot_context.py, the tagged PDF
kpi/reports/snapshot_pdf.py, and the batch that writes every municipality's files
(`python -m kpi snapshots --kwartaal 2025Q2 --out DIR`) kpi/reports/snapshot_batch.py.
docs/snapshot.md describes it.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import polars as pl

from kpi.core import kalender, norms
from kpi.core.kleuren import BLAUW
from kpi.core.labels import KLEURCODE_LABELS, SOORT_LABELS, STATUS_LABELS
from kpi.core.organisatie import organisatie
from kpi.core.params import KLACHTEN_GEEN, KLACHTEN_LIJST, Filters, Scope
from kpi.core.registry import KPI_BY_KEY, SNAPSHOT_TERMIJN_KPIS
from kpi.data import contract
from kpi.data.db import Database
from kpi.metrics import engine
from kpi.reports import suppression as sup

Date = dt.date

# The name of the organisation on every snapshot. The data contract has no
# field for it, so it is set here, in one place.

SOORTEN = contract.SOORTEN_MAATREGEL  # OTS, VOTS, voogdij, JR
KLEUREN = ("rood", "oranje", "groen", "geen")  # display order; 'geen' = not triaged yet
TERMIJNEN = SNAPSHOT_TERMIJN_KPIS  # k1, k2, k3: the deadline KPIs with a snapshot text
STATUSSEN = engine.STATUSSEN  # tijdig, te_laat, verlopen

K5_LABEL = {"voldoet": "Voldoet aan de norm", "voldoet_niet": "Voldoet niet"}
MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december")

# --------------------------------------------------------------------------- the figures as data

# Every count of a snapshot. Each one that is published is subject to the "<5" rule.
AANTALLEN: tuple[str, ...] = (
    "lopend.totaal", *(f"lopend.{s}" for s in SOORTEN),
    *(f"{k}.{s}" for k in TERMIJNEN for s in (*STATUSSEN, "niet_tijdig", "totaal")),
    "k5.populatie", "k5.voldoet_geregistreerd", "k5.voldoet_niet_geregistreerd",
    "k5.voldoet_gevalideerd", "k5.voldoet_niet_gevalideerd",
    "zonder.totaal", *(f"zonder.{k}" for k in KLEUREN),
    "monitorlijst.aantal",
    "hulp.open",
    "klachten.ontvangen",
)

# Dutch names of the counts, for the list of relations on the Definities sheet.
NAAM = {
    "lopend.totaal": "lopende maatregelen", **{f"lopend.{x}": f"lopende {x}" for x in SOORTEN},
    **{f"{k}.{x}": f"{KPI_BY_KEY[k].korte_titel.lower()} {STATUS_LABELS[x].split(' (')[0].lower()}"
       for k in TERMIJNEN for x in (*STATUSSEN, "niet_tijdig", "totaal")},
    "k5.populatie": "kinderen met een jaarnorm voor kind-alleen-contact",
    "k5.voldoet_geregistreerd": "voldoet volgens registratie",
    "k5.voldoet_niet_geregistreerd": "voldoet niet volgens registratie",
    "k5.voldoet_gevalideerd": "voldoet gevalideerd", "k5.voldoet_niet_gevalideerd": "voldoet niet gevalideerd",
    "zonder.totaal": "zonder vaste jeugdzorgwerker",
    **{f"zonder.{k}": f"zonder vaste jeugdzorgwerker, {KLEURCODE_LABELS[k].lower()}" for k in KLEUREN},
    "monitorlijst.aantal": "op de monitorlijst",
    "hulp.open": "openstaande hulpaanvragen",
    "klachten.ontvangen": "ontvangen klachten",
}

# Percentages and medians with the count they are taken over.
AFGELEID: tuple[sup.Afgeleid, ...] = (
    *(sup.Afgeleid(f"{k}.percentage", sup.PERCENTAGE, noemer=f"{k}.totaal", teller=f"{k}.tijdig")
      for k in TERMIJNEN),
    sup.Afgeleid("k5.percentage_geregistreerd", sup.PERCENTAGE, noemer="k5.populatie",
                 teller="k5.voldoet_geregistreerd"),
    sup.Afgeleid("k5.percentage_gevalideerd", sup.PERCENTAGE, noemer="k5.populatie",
                 teller="k5.voldoet_gevalideerd"),
    sup.Afgeleid("monitorlijst.mediaan_wachtdagen", sup.MEDIAAN, noemer="monitorlijst.aantal"),
)

# What a reader knows from the definitions (kpi-definities.md and the Definities sheet), as data.
# Every "total = sum of parts" ...
GROEPEN: tuple[sup.Groep, ...] = (
    sup.Groep("Lopende maatregelen naar soort", "lopend.totaal", tuple(f"lopend.{s}" for s in SOORTEN)),
    *(sup.Groep(KPI_BY_KEY[k].titel, f"{k}.totaal", tuple(f"{k}.{s}" for s in STATUSSEN)) for k in TERMIJNEN),
    *(sup.Groep(f"{KPI_BY_KEY[k].titel}: niet tijdig", f"{k}.niet_tijdig", (f"{k}.te_laat", f"{k}.verlopen"))
      for k in TERMIJNEN),
    sup.Groep("Zonder vaste jeugdzorgwerker naar kleurcode", "zonder.totaal",
              tuple(f"zonder.{k}" for k in KLEUREN)),
    sup.Groep("Kind-alleen-contact volgens registratie", "k5.populatie",
              ("k5.voldoet_geregistreerd", "k5.voldoet_niet_geregistreerd")),
    sup.Groep("Kind-alleen-contact gevalideerd", "k5.populatie",
              ("k5.voldoet_gevalideerd", "k5.voldoet_niet_gevalideerd")),
)
# ... and every sub-population (part <= sum of wholes). An `aanname` is what the texts suggest but the
# definitions do not guarantee: audited when it holds for the figures (docs/snapshot.md).
DELEN: tuple[sup.Deel, ...] = (
    sup.Deel("Kind-alleen-contact geldt voor lopende OTS en voogdij", "k5.populatie",
             ("lopend.OTS", "lopend.voogdij")),
    sup.Deel("Een gevalideerd contact is ook geregistreerd", "k5.voldoet_gevalideerd",
             ("k5.voldoet_geregistreerd",)),
    sup.Deel("Zonder vaste jeugdzorgwerker zijn lopende maatregelen", "zonder.totaal", ("lopend.totaal",)),
    sup.Deel("De monitorlijst telt lopende maatregelen", "monitorlijst.aantal", ("lopend.totaal",)),
    sup.Deel("Wie op de monitorlijst staat, heeft meestal geen vaste jeugdzorgwerker", "monitorlijst.aantal",
             ("zonder.totaal",), aanname=True),
)
# Kept shown where possible: the totals of each section.
HOOFDCIJFERS = ("lopend.totaal", *(f"{k}.totaal" for k in TERMIJNEN), "k5.populatie", "zonder.totaal")


def _termijn_tabel(key: str, samen: bool) -> sup.Tabel:
    """The cells of one deadline KPI on their own (they are related to no other figure), merged or not."""
    delen = ("niet_tijdig",) if samen else ("te_laat", "verlopen")
    return sup.Tabel(tuple(f"{key}.{s}" for s in ("tijdig", *delen, "totaal")),
                     tuple(a for a in AFGELEID if a.noemer == f"{key}.totaal"),
                     tuple(g for g in GROEPEN if g.totaal.split(".")[0] == key), (), HOOFDCIJFERS)


def _informatie(weergave: dict[str, sup.Weergave]) -> int:
    """How much a suppressed deadline KPI still says: the percentage above all, then per count 2 for a
    number and 1 for '<5'."""
    return sum(10 if k.endswith(".percentage") else 2 if w.reden is None else 1 if w.tekst == sup.KLEIN else 0
               for k, w in weergave.items() if w.reden is None or w.tekst == sup.KLEIN)


def samengevoegd(cijfers: dict, key: str) -> bool:
    """Whether a deadline KPI shows "niet tijdig" instead of "te laat" and "verlopen": only when one of
    the two is 1..4, and then when that, after suppression, shows more (the percentage first, then
    numbers before "<5"); a tie keeps them apart. Depends on this KPI's own figures only."""
    if not (sup.is_klein(cijfers[f"{key}.te_laat"]) or sup.is_klein(cijfers[f"{key}.verlopen"])):
        return False
    return _samen_meer(key, *(cijfers[f"{key}.{s}"] for s in (*STATUSSEN, "niet_tijdig", "totaal", "percentage")))


@functools.lru_cache(maxsize=4096)
def _samen_meer(key: str, *waarden) -> bool:
    """Whether the KPI with these figures says more merged than apart (cached: asked by every output)."""
    cijfers = dict(zip((f"{key}.{s}" for s in (*STATUSSEN, "niet_tijdig", "totaal", "percentage")), waarden))
    samen, apart = (sup.afscherm(cijfers, _termijn_tabel(key, s)).weergave for s in (True, False))
    return _informatie(samen) > _informatie(apart)


def termijn_cellen(cijfers: dict, key: str) -> tuple[str, ...]:
    """The published counts of a deadline KPI, in table order."""
    delen = ("niet_tijdig",) if samengevoegd(cijfers, key) else ("te_laat", "verlopen")
    return tuple(f"{key}.{s}" for s in ("tijdig", *delen, "totaal"))


def tabel_voor(cijfers: dict) -> sup.Tabel:
    """The published figures of one snapshot and the relations between them: the one list that the
    workbook, the PDF and the Gemeente page render (each shows exactly `Tabel.getoond`)."""
    termijn = {c for k in TERMIJNEN for c in termijn_cellen(cijfers, k)}
    aantallen = tuple(c for c in AANTALLEN if c.split(".")[0] not in TERMIJNEN or c in termijn)
    return sup.Tabel(aantallen, AFGELEID, GROEPEN, DELEN, HOOFDCIJFERS)


@dataclass(frozen=True)
class Snapshot:
    """The figures of one municipality and quarter (unsuppressed) and how they are shown."""

    gemeente_code: str
    gemeente_naam: str
    kwartaal: str
    van: Date
    tot: Date
    peildatum: Date
    exportdatum: Date
    cijfers: dict[str, int | float | None]  # before suppression: never written to a file as such
    scope: Scope | None = None  # whose measures: None = the official Scope(gemeente=gemeente_code)
    # History and comparisons (kpi/reports/snapshot_context.py: `met_context`); None: the quarter alone.
    context: object | None = None

    @property
    def officieel(self) -> bool:
        """Whether these are the figures the municipality receives: every measure of the municipality
        (its own scope, or a scope without limits), not only those of some clusters' teams."""
        return self.scope is None or (self.scope.clusters is None
                                      and self.scope.gemeente in (None, self.gemeente_code))

    @property
    def compleet(self) -> bool:
        """False when the export ends inside the quarter (P < last day of Q)."""
        return self.peildatum == self.tot

    @cached_property
    def tabel(self) -> sup.Tabel:
        return tabel_voor(self.cijfers)

    @cached_property
    def afscherming(self) -> sup.Afscherming:
        """Suppression and its audit (kpi/reports/suppression.py)."""
        return sup.afscherm(self.cijfers, self.tabel)

    @property
    def weergave(self) -> dict[str, sup.Weergave]:
        """Every published figure as shown, and nothing else."""
        return self.afscherming.weergave

    @property
    def controle(self) -> sup.Controle:
        return self.afscherming.controle

    def tekst(self, key: str) -> str:
        return self.weergave[key].tekst

    def as_dict(self) -> dict:
        """JSON-ready: the suppressed figures only (what leaves the GI)."""
        return {
            "gemeente_code": self.gemeente_code, "gemeente_naam": self.gemeente_naam,
            "kwartaal": self.kwartaal, "van": self.van.isoformat(), "tot": self.tot.isoformat(),
            "peildatum": self.peildatum.isoformat(), "exportdatum": self.exportdatum.isoformat(),
            "cijfers": {k: {"waarde": w.waarde, "tekst": w.tekst} for k, w in self.weergave.items()},
        }


def kwartaal_naam(kwartaal: str) -> str:
    """'2025q2' -> '2025Q2' (validated)."""
    van, _ = kalender.kwartaal_grenzen(kwartaal)
    return f"{van.year}Q{(van.month + 2) // 3}"


def peildatum_voor(db: Database, kwartaal: str) -> tuple[Date, Date, Date]:
    """(van, tot, P) of a quarter: P = last day of Q, or the export date if earlier."""
    van, tot = kalender.kwartaal_grenzen(kwartaal)
    if db.exportdatum < van:
        raise ValueError(f"Kwartaal {kwartaal_naam(kwartaal)} begint na de exportdatum "
                         f"{db.exportdatum.isoformat()}: er zijn nog geen cijfers.")
    return van, tot, min(tot, db.exportdatum)


def gemeente_lijst(db: Database) -> list[tuple[str, str]]:
    """(gemeente_code, naam) of every municipality in the data, by code."""
    return db.sql("select gemeente_code, naam from gemeenten order by gemeente_code").rows()


def gemeente_naam(db: Database, gemeente_code: str) -> str:
    """The name of a municipality; ValueError when the code is unknown."""
    rows = db.sql("select naam from gemeenten where gemeente_code = $gemeente",
                  {"gemeente": gemeente_code}).rows()
    if not rows:
        raise ValueError(f"Onbekende gemeente '{gemeente_code}'.")
    return rows[0][0]


def _rond(value, digits: int = 1) -> float | None:
    return None if value is None else round(float(value), digits)


def _pct(teller: int, noemer: int) -> float | None:
    return _rond(100.0 * teller / noemer) if noemer else None


def _cijfers(k6: pl.DataFrame, termijnen: dict[str, dict], k5: pl.DataFrame,
             aanvragen: pl.DataFrame, klachten: pl.DataFrame) -> dict[str, int | float | None]:
    """The figures of one municipality from its K6 and K5 rows at P, its K1-K3 counts, its
    help requests and its complaints (the rows of exactly that municipality and scope)."""
    cijfers: dict[str, int | float | None] = {}
    per_soort = dict(k6.group_by("soort").len().iter_rows())
    cijfers["lopend.totaal"] = k6.height
    for soort in SOORTEN:
        cijfers[f"lopend.{soort}"] = int(per_soort.get(soort, 0))

    for key in TERMIJNEN:
        figure = termijnen[key]
        for status in (*STATUSSEN, "totaal"):
            cijfers[f"{key}.{status}"] = int(figure[status])
        cijfers[f"{key}.niet_tijdig"] = int(figure["te_laat"]) + int(figure["verlopen"])
        cijfers[f"{key}.percentage"] = _rond(figure["percentage"])

    populatie = k5.height
    cijfers["k5.populatie"] = populatie
    for wijze in ("geregistreerd", "gevalideerd"):
        voldoet = int(k5[f"voldoet_{wijze}"].sum())
        cijfers[f"k5.voldoet_{wijze}"] = voldoet
        cijfers[f"k5.voldoet_niet_{wijze}"] = populatie - voldoet
        cijfers[f"k5.percentage_{wijze}"] = _pct(voldoet, populatie)

    zonder = k6.filter(~pl.col("met_vaste_jzw"))
    per_kleur = dict(zonder.group_by("kleurcode").len().iter_rows())
    cijfers["zonder.totaal"] = zonder.height
    for kleur in KLEUREN:
        cijfers[f"zonder.{kleur}"] = int(per_kleur.get(kleur, 0))
    op_lijst = k6.filter(pl.col("op_monitorlijst"))
    cijfers["monitorlijst.aantal"] = op_lijst.height
    cijfers["monitorlijst.mediaan_wachtdagen"] = _rond(op_lijst["wachtdagen"].median())

    cijfers["hulp.open"] = aanvragen.filter((pl.col("status") == "open") & pl.col("maatregel_lopend")).height
    cijfers["klachten.ontvangen"] = klachten.filter(pl.col("ontvangen")).height
    return cijfers


def klachten_scope(scope: Scope) -> Scope:
    """The scope for the snapshot's complaint count: a municipality sees no complaint data in the
    dashboard (KLACHTEN_GEEN), but its snapshot may show its own clients' complaint count under the
    snapshot's suppression (klachten.md, "Roles"); only the count leaves this module."""
    return replace(scope, klachten=KLACHTEN_LIJST) if scope.klachten == KLACHTEN_GEEN else scope


def snapshot_figures(db: Database, gemeente_code: str, kwartaal: str, scope: Scope | None = None) -> Snapshot:
    """The snapshot of `gemeente_code` for `kwartaal` ('2025Q2'), before suppression.

    `scope` None is the official snapshot: Scope(gemeente=G). A page passes the user's own scope
    (an area manager: only the measures of teams in their clusters), so the page never counts
    more than the user may see elsewhere.
    """
    van, tot, peildatum = peildatum_voor(db, kwartaal)
    naam = gemeente_naam(db, gemeente_code)
    filters = Filters(gemeente=gemeente_code)
    scope = Scope(gemeente=gemeente_code) if scope is None else scope
    k6 = engine.vaste_jzw(db, [peildatum], filters, scope)
    termijnen = {key: engine.deadline_kpi(db, key, peildatum, van, tot, filters, scope) for key in TERMIJNEN}
    k5 = engine.kind_alleen(db, [peildatum], filters, scope)
    aanvragen = engine.hulp_aanvragen(db, peildatum, filters, scope)
    klachten = engine.klachten(db, peildatum, van, tot, filters, klachten_scope(scope))
    cijfers = _cijfers(k6, termijnen, k5, aanvragen, klachten)
    return Snapshot(gemeente_code, naam, kwartaal_naam(kwartaal), van, tot, peildatum, db.exportdatum, cijfers,
                    scope)


def alle_snapshots(db: Database, kwartaal: str) -> dict[str, Snapshot]:
    """The official snapshot of every municipality for `kwartaal`, from one query per figure for all
    municipalities at once (about a second per quarter on the demo data instead of minutes).

    The same figures as `snapshot_figures(db, G, kwartaal)` (tests/test_sdc_demo.py compares them);
    used to audit the suppression of every municipality and quarter. The batch that writes the
    files keeps the scoped queries per municipality.
    """
    van, tot, peildatum = peildatum_voor(db, kwartaal)
    k6 = engine.vaste_jzw(db, [peildatum])
    geteld = {key: {r["gemeente_code"]: r for r in engine.count_deadlines(
        db, key, peildatum, van, tot, by=("gemeente_code",)).iter_rows(named=True)} for key in TERMIJNEN}
    k5 = engine.kind_alleen(db, [peildatum])
    aanvragen = engine.hulp_aanvragen(db, peildatum)
    klachten = engine.klachten(db, peildatum, van, tot).filter(pl.col("gemeente_code").is_not_null())
    leeg = {s: 0 for s in (*STATUSSEN, "totaal")} | {"percentage": None}
    frames = {"k6": k6, "k5": k5, "hulp": aanvragen, "klachten": klachten}
    per = {naam: dict(frame.partition_by("gemeente_code", as_dict=True, include_key=True))
           for naam, frame in frames.items()}
    result = {}
    for code, naam in gemeente_lijst(db):
        deel = {k: v.get((code,), frames[k].clear()) for k, v in per.items()}
        termijnen = {key: geteld[key].get(code, leeg) for key in TERMIJNEN}
        cijfers = _cijfers(deel["k6"], termijnen, deel["k5"], deel["hulp"], deel["klachten"])
        result[code] = Snapshot(code, naam, kwartaal_naam(kwartaal), van, tot, peildatum, db.exportdatum, cijfers,
                                Scope(gemeente=code))
    return result


# --------------------------------------------------------------------------- texts


def datum(day: Date) -> str:
    """30 juni 2025."""
    return f"{day.day} {MAANDEN[day.month - 1]} {day.year}"


def kwartaal_tekst(snapshot: Snapshot) -> str:
    nummer = (snapshot.van.month + 2) // 3
    return f"{nummer}e kwartaal {snapshot.van.year} ({datum(snapshot.van)} t/m {datum(snapshot.tot)})"


def peildatum_tekst(snapshot: Snapshot) -> str:
    if snapshot.compleet:
        return (f"De cijfers zijn de stand op de laatste dag van het kwartaal, {datum(snapshot.peildatum)}. "
                f"Alleen wat op of vóór die dag is geregistreerd telt mee.")
    return (f"Let op: de gegevens lopen tot de exportdatum {datum(snapshot.exportdatum)}, vóór het einde van "
            f"het kwartaal. Alle cijfers zijn de stand op die dag; het kwartaal is nog niet compleet.")


UITLEG = {
    "lopend": "Maatregelen van de gemeente die op de peildatum lopen, naar soort.",
    "termijnen": ("Maatregelen waarvan de wettelijke termijn in het kwartaal verstreek. Tijdig: op of vóór de "
                  "deadline. Te laat: na de deadline, maar vóór de peildatum. Verlopen: op de peildatum nog "
                  "niet gebeurd. De norm is dat alles tijdig gebeurt (100%). Is te laat of verlopen 1 tot en "
                  f"met {norms.ONDERDRUK_MAX}, dan staan die twee soms samen als 'niet tijdig' (in de tabel: "
                  "'samen'): als er zo meer cijfers te zien zijn dan apart."),
    "zonder": ("Lopende maatregelen zonder vaste jeugdzorgwerker, naar de kleurcode van de laatste "
               "veiligheidsinschatting. Rood krijgt als eerste een vaste jeugdzorgwerker, dan oranje, dan "
               "groen. 'Nog geen kleurcode': de inschatting is nog niet gemaakt."),
    "monitorlijst": ("Op de monitorlijst staan maatregelen die wachten op een vaste jeugdzorgwerker; de "
                     "wachttijd is het aantal dagen op de lijst tot de peildatum."),
    "hulp": ("Aanvragen voor hulp bij een zorgaanbieder die op de peildatum nog niet zijn gestart en niet "
             "zijn afgewezen, voor lopende maatregelen."),
    "klachten": ("Klachten over een maatregel van de gemeente die de GI in het kwartaal heeft ontvangen, op of "
                 "vóór de peildatum. Eén klacht kan over meer onderwerpen gaan en telt één keer."),
    "privacy": ("Deze rapportage bevat alleen totalen: geen namen, geen dossiernummers en geen gegevens "
                "over medewerkers."),
}
VOETNOTEN = {
    sup.KLEIN: f"<5 = een aantal van 1 tot en met {norms.ONDERDRUK_MAX}.",
    sup.AANVULLEND: ("× = niet getoond (dit kan ook 0 zijn), zodat een afgeschermd aantal of percentage niet "
                     "uit de andere cijfers terug te rekenen is."),
    sup.NIET_GETOOND: (f"– = niet getoond: minder dan {norms.MIN_NOEMER_PERCENTAGE} maatregelen, "
                       f"of de teller of noemer is afgeschermd."),
}

OVER_DE_CIJFERS = (
    ("Bron", "De registratie van de gecertificeerde instelling, zoals die op de exportdatum is aangeleverd. "
             "Een maatregel telt mee voor de gemeente die bij de maatregel is geregistreerd."),
    ("Peildatum", "De laatste dag van het kwartaal, of de exportdatum als die eerder ligt. Alleen wat op of vóór "
                  "de peildatum is gebeurd telt mee; daardoor is elk cijfer later opnieuw te maken."),
    ("Termijnen", f"Werkdagen zijn maandag tot en met vrijdag, zonder de nationale feestdagen. Een maatregel telt "
                  f"mee in het kwartaal waarin de deadline valt. Een maatregel die vóór de deadline eindigde "
                  f"zonder dat de stap was gezet, telt niet mee. Het eerste contact telt vanaf de kennisgeving "
                  f"aan de GI als die bekend is."),
    ("Kind alleen", f"De jaarnorm geldt naar rato van de dagen dat de maatregel in het afgelopen jaar liep "
                    f"(afgerond naar beneden); kinderen voor wie dat nog 0 gesprekken is, tellen niet mee. Een "
                    f"kind in een pleeggezin moet minstens {norms.K5_PLEEGGEZIN_JZW_DEEL} keer door de "
                    f"jeugdzorgwerker gezien zijn."),
    ("Vaste jeugdzorgwerker", "Een maatregel heeft een vaste jeugdzorgwerker als er op de peildatum een vaste "
                              "toewijzing loopt. Zonder vaste jeugdzorgwerker staat een gezin op de monitorlijst, "
                              "in het in- en doorstroomteam, of (nog) nergens."),
    ("Definities", "Alle definities staan in het Excel-bestand bij deze rapportage, op het blad 'Definities'."),
    ("Privacy", UITLEG["privacy"]),
)


def relatie_tekst(relatie: sup.Groep | sup.Deel) -> str:
    """A relation in plain Dutch: 'lopende maatregelen = lopende OTS + ...' or 'x is hoogstens y'."""
    if isinstance(relatie, sup.Groep):
        return f"{NAAM[relatie.totaal]} = {' + '.join(NAAM[d] for d in relatie.delen)}"
    geheel = " + ".join(NAAM[g] for g in relatie.geheel)
    tekst = f"{NAAM[relatie.deel]} is hoogstens {geheel}"
    return tekst + (" (meestal: een maatregel kan er door een registratiefout in allebei staan)"
                    if relatie.aanname else "")


# The KPI definitions for a municipal reader: plain Dutch, no field names, no internal documents (the
# technical definitions, kpi.core.registry, are for the GI's own staff on the Definities page).
GEMEENTE_DEFINITIES = {
    "k1": (f"Binnen {norms.K1_WERKDAGEN} werkdagen nadat de gecertificeerde instelling (GI) over de maatregel is "
           f"geïnformeerd, spreekt een jeugdzorgwerker de jeugdige of een ouder persoonlijk. Zo staat het in het "
           f"Besluit Jeugdwet. Is niet bekend wanneer de GI werd geïnformeerd, dan telt de startdatum van de "
           f"maatregel. Werkdagen zijn maandag tot en met vrijdag, zonder de nationale feestdagen; de dag zelf "
           f"telt niet mee. Een gesprek per telefoon of video telt hier niet als eerste contact."),
    "k2": (f"Binnen zes weken ({norms.K2_DAGEN} dagen) na de start van de maatregel is het plan van aanpak "
           f"vastgesteld. Dat is de norm van de inspectie."),
    "k3": (f"Binnen {norms.K3_MAANDEN} maanden na de start van de maatregel is passende hulp begonnen. Hulp die al "
           f"vóór de maatregel liep telt mee. Maatregelen waarvoor geen hulp nodig is, tellen niet mee."),
    "k5": ("Kinderen met een ondertoezichtstelling of voogdij moeten een aantal keer per jaar alleen, zonder "
           "ouders of anderen erbij, met hun jeugdzorgwerker praten: thuis en in een pleeggezin 4 keer (in een "
           "pleeggezin minstens 2 keer door de eigen jeugdzorgwerker), in een gezinshuis of instelling 4 keer bij "
           "een ondertoezichtstelling en 6 keer bij voogdij. Voor een maatregel die korter dan een jaar loopt, "
           "geldt een deel van die norm. 'Volgens registratie' telt elk gesprek dat de jeugdzorgwerker als "
           "kind-alleen heeft vastgelegd; 'gevalideerd' alleen de gesprekken die ook echt persoonlijk en zonder "
           "anderen erbij waren. Het verschil zegt iets over hoe goed er wordt vastgelegd."),
    "k6": ("Elke maatregel hoort een vaste jeugdzorgwerker te hebben. Heeft een gezin die (nog) niet, dan staat "
           "het op de monitorlijst, wordt het tijdelijk geholpen door het in- en doorstroomteam, of geen van "
           "beide. De kleurcode komt uit de laatste veiligheidsinschatting: rood krijgt als eerste een vaste "
           "jeugdzorgwerker, dan oranje, dan groen. De wachttijd is het aantal dagen op de monitorlijst tot de "
           "peildatum."),
}


def definities() -> list[tuple[str, str]]:
    """(title, plain text) of everything a snapshot reader needs to check a figure."""
    groepen = "\n".join(f"- {relatie_tekst(r)}" for r in (*GROEPEN, *DELEN))
    return [
        ("Peildatum en kwartaal",
         "Het kwartaal loopt van de eerste tot de laatste dag van de drie maanden. De peildatum is de laatste "
         "dag van het kwartaal, of de exportdatum als die eerder ligt. Alleen gebeurtenissen op of vóór de "
         "peildatum tellen mee, zodat een cijfer later opnieuw te maken is. Termijn-KPI's (eerste contact, "
         "plan van aanpak, hulp gestart) tellen de maatregelen van de gemeente waarvan de deadline in het "
         "kwartaal én op of vóór de peildatum ligt; de andere cijfers zijn de stand op de peildatum."),
        ("Lopende maatregelen",
         "Een maatregel loopt op de peildatum P als de startdatum op of vóór P ligt en de einddatum leeg is of "
         "na P ligt. Een maatregel hoort bij de gemeente die in de registratie bij de maatregel staat."),
        *((KPI_BY_KEY[k].titel, tekst) for k, tekst in GEMEENTE_DEFINITIES.items()),
        ("Openstaande hulpaanvragen",
         "Hulpaanvragen van lopende maatregelen die op of vóór de peildatum zijn gedaan, op de peildatum nog "
         "niet zijn gestart en niet zijn afgewezen. Geteld wordt het aantal aanvragen (een maatregel kan er "
         "meer hebben)."),
        ("Ontvangen klachten",
         "Klachten bij de GI over een maatregel van de gemeente, ontvangen in het kwartaal en op of vóór de "
         "peildatum, bij het klachtenbureau, via een ombudsman of via het tuchtcollege. Een klacht telt één "
         "keer, ook als ze over meer onderwerpen gaat. Klachten die niet over een maatregel gaan, tellen niet "
         "mee. Een gezin kan meer klachten indienen, en ook over een maatregel die al is beëindigd; daarom "
         "hangt dit aantal niet samen met de andere cijfers."),
        ("Afscherming van kleine aantallen", sup.REGEL + "\n\n" + "\n".join(VOETNOTEN.values())),
        ("Wat uit de definities volgt",
         "Deze verbanden tussen de cijfers volgen uit de definities. Ook wie ze allemaal tegelijk gebruikt, "
         "kan geen afgeschermd aantal preciezer terugrekenen dan het teken zegt, en geen verborgen "
         "percentage uitrekenen:\n" + groepen),
        ("Privacy", UITLEG["privacy"]),
    ]


# --------------------------------------------------------------------------- Excel


def secties(snapshot: Snapshot) -> list[tuple[str, list[tuple[str, str]], str]]:
    """The sections of a snapshot as in the Cijfers sheet: (title, [(label, key)], explanation). Where a
    section has a percentage, it leads: that is what a municipal reader compares."""
    rijen = [("Lopende maatregelen op de peildatum",
              [(SOORT_LABELS[s], f"lopend.{s}") for s in SOORTEN] + [("Totaal", "lopend.totaal")], UITLEG["lopend"])]
    for k in TERMIJNEN:
        kpi = KPI_BY_KEY[k]
        rijen.append((f"{kpi.titel} (deadline in het kwartaal)",
                      [(STATUS_LABELS["percentage"], f"{k}.percentage")]
                      + [(STATUS_LABELS[c.split(".")[1]], c) for c in termijn_cellen(snapshot.cijfers, k)],
                      kpi.snapshot_tekst + " " + (UITLEG["termijnen"] if k == TERMIJNEN[0] else
                                                  "Tijdig, te laat en verlopen: zie hierboven.")))
    rijen.append(("Kind-alleen-contact (OTS en voogdij)", [
        ("Percentage dat voldoet, volgens registratie", "k5.percentage_geregistreerd"),
        ("Percentage dat voldoet, gevalideerd", "k5.percentage_gevalideerd"),
        ("Voldoet aan de norm, volgens registratie", "k5.voldoet_geregistreerd"),
        ("Voldoet niet, volgens registratie", "k5.voldoet_niet_geregistreerd"),
        ("Voldoet aan de norm, gevalideerd", "k5.voldoet_gevalideerd"),
        ("Voldoet niet, gevalideerd", "k5.voldoet_niet_gevalideerd"),
        ("Totaal (kinderen met een jaarnorm)", "k5.populatie"),
    ], KPI_BY_KEY["k5"].snapshot_tekst))
    rijen.append(("Maatregelen zonder vaste jeugdzorgwerker, naar kleurcode",
                  [(KLEURCODE_LABELS[c], f"zonder.{c}") for c in KLEUREN] + [("Totaal", "zonder.totaal")],
                  UITLEG["zonder"]))
    rijen.append(("Monitorlijst", [("Op de monitorlijst", "monitorlijst.aantal"),
                                   ("Mediane wachttijd op de lijst (dagen)", "monitorlijst.mediaan_wachtdagen")],
                  UITLEG["monitorlijst"]))
    rijen.append(("Hulp", [("Openstaande hulpaanvragen", "hulp.open")], UITLEG["hulp"]))
    rijen.append(("Klachten", [("Ontvangen klachten in het kwartaal", "klachten.ontvangen")], UITLEG["klachten"]))
    return rijen


# --------------------------------------------------------------------------- history and comparison
# The context itself (which quarters, which levels, the joint audit) is kpi/reports/snapshot_context.py.

VERGELIJKING_UITLEG = (
    "Vorig kwartaal en verloop: de cijfers zoals de snapshot van dat kwartaal ze toonde, met dezelfde "
    "afscherming. Cluster en hele GI: alleen de percentages, met het aantal waarover ze gaan ('van …'; in "
    "Excel bij 'Totaal'); '–' = die vergelijking staat er niet, omdat er te weinig maatregelen zijn of omdat "
    "een afgeschermd aantal van de gemeente anders uit het verschil terug te rekenen zou zijn.")
VERLOOP_UITLEG = (
    "Elk kwartaal zoals de snapshot van dat kwartaal het toonde, met dezelfde afscherming ('<5', '×', '–'). "
    "'(samen)': dat kwartaal toonde te laat en verlopen samen als niet tijdig; '(apart)': dat kwartaal "
    "toonde ze apart.")
# The percentages compared with the previous quarter, the cluster and the GI (snapshot_context.VERGELEKEN), and
# the headline figures of the trend on the PDF's third page.
VERGELEKEN_PERCENTAGES = (*(f"{k}.percentage" for k in TERMIJNEN), "k5.percentage_geregistreerd",
                          "k5.percentage_gevalideerd")
VERGELEKEN_LABELS = {**{f"{k}.percentage": f"{KPI_BY_KEY[k].korte_titel}: % tijdig" for k in TERMIJNEN},
                     "k5.percentage_geregistreerd": "Kind alleen: % voldoet, volgens registratie",
                     "k5.percentage_gevalideerd": "Kind alleen: % voldoet, gevalideerd"}
VERLOOP_KERN = (("Lopende maatregelen", "lopend.totaal"),
                *((VERGELEKEN_LABELS[f"{k}.percentage"], f"{k}.percentage") for k in TERMIJNEN),
                *((f"{KPI_BY_KEY[k].korte_titel}: aantal met deadline", f"{k}.totaal") for k in TERMIJNEN),
                (VERGELEKEN_LABELS["k5.percentage_geregistreerd"], "k5.percentage_geregistreerd"),
                (VERGELEKEN_LABELS["k5.percentage_gevalideerd"], "k5.percentage_gevalideerd"),
                ("Kinderen met een jaarnorm kind alleen", "k5.populatie"),
                ("Zonder vaste jeugdzorgwerker", "zonder.totaal"),
                ("Op de monitorlijst", "monitorlijst.aantal"))
AFWEZIG = {"niet_tijdig": "(apart)", "te_laat": "(samen)", "verlopen": "(samen)"}


def verloop_tekst(context, kwartaal: str, key: str) -> str:
    """A figure of a trend quarter as that quarter's snapshot showed it; a deadline count that quarter did
    not publish (merged, or apart) as '(samen)' / '(apart)'."""
    w = context.verloop[kwartaal].get(key)
    if w is not None:
        return w.tekst
    return AFWEZIG.get(key.split(".")[-1], "")


def kolommen(snapshot: Snapshot) -> list[tuple[str, object]]:
    """The comparison columns beside a figure: (heading, key -> Weergave or None), [] without a context."""
    context = snapshot.context
    if context is None:
        return []
    result = []
    if context.vorig:
        def vorig(key: str) -> sup.Weergave:
            w = context.verloop[context.vorig].get(key)
            return w if w is not None else sup.Weergave(None, verloop_tekst(context, context.vorig, key), "anders")
        result.append((f"Vorig kwartaal ({context.vorig})", vorig))
    for niveau in context.niveaus:
        result.append((niveau.naam, lambda key, code=niveau.code: context.vergelijking(code, key)))
    return result


def verloop_regels(snapshot: Snapshot) -> list[tuple[str, list[tuple[str, str]]]]:
    """The rows of the trend: the snapshot's sections, a deadline KPI with all its statuses (a quarter may
    have merged them, or not)."""
    result = []
    for titel, regels, _ in secties(snapshot):
        k = regels[-1][1].split(".")[0]
        if k in TERMIJNEN:
            regels = [(STATUS_LABELS["percentage"], f"{k}.percentage")] + [
                (STATUS_LABELS[x], f"{k}.{x}") for x in ("tijdig", "te_laat", "verlopen", "niet_tijdig", "totaal")]
        result.append((titel, regels))
    return result


def write_excel(snapshot: Snapshot, target: Path | io.BytesIO) -> None:
    """Sheets 'Cijfers' (suppressed figures) and 'Definities'; the same snapshot gives the same bytes."""
    import xlsxwriter

    org = organisatie().naam
    wb = xlsxwriter.Workbook(str(target) if isinstance(target, Path) else target, {"in_memory": True})
    stamp = dt.datetime.combine(snapshot.exportdatum, dt.time())
    wb.set_properties({
        "title": f"Kwartaalsnapshot {snapshot.gemeente_naam} {snapshot.kwartaal}",
        "author": org, "company": org, "created": stamp,
        "comments": "Geaggregeerde cijfers; kleine aantallen afgeschermd.",
    })
    f_titel = wb.add_format({"bold": True, "font_size": 14, "font_color": BLAUW})
    f_sub = wb.add_format({"font_size": 10, "font_color": "#444444"})
    f_sectie = wb.add_format({"bold": True, "font_size": 11, "bottom": 1, "bottom_color": BLAUW})
    f_label = wb.add_format({"indent": 1})
    f_totaal = wb.add_format({"indent": 1, "bold": True})
    f_int = wb.add_format({"num_format": "#,##0", "align": "right"})
    f_int_b = wb.add_format({"num_format": "#,##0", "align": "right", "bold": True})
    f_pct = wb.add_format({"num_format": "0.0%", "align": "right"})
    f_dec = wb.add_format({"num_format": "0.#", "align": "right"})
    f_tekst = wb.add_format({"align": "right", "font_color": "#555555"})
    f_uitleg = wb.add_format({"text_wrap": True, "valign": "top", "font_color": "#444444", "font_size": 9})
    f_voet = wb.add_format({"italic": True, "font_size": 9, "font_color": "#444444", "text_wrap": True,
                            "valign": "top"})

    context = snapshot.context
    # With a context: the previous quarter and the levels to compare with between the figure and its explanation.
    extra = kolommen(snapshot)
    uitleg_kolom = 2 + len(extra)

    def waarde(rij: int, kolom: int, key: str, w: sup.Weergave | None, vet: bool = False, blad=None) -> None:
        blad = blad or ws
        if w is None or w.verborgen:
            blad.write_string(rij, kolom, "" if w is None else w.tekst, f_tekst)
        elif key.endswith(("percentage", "percentage_geregistreerd", "percentage_gevalideerd")):
            blad.write_number(rij, kolom, w.waarde / 100, f_pct)
        elif key.endswith("mediaan_wachtdagen"):
            blad.write_number(rij, kolom, w.waarde, f_dec)
        else:
            blad.write_number(rij, kolom, w.waarde, f_int_b if vet else f_int)

    ws = wb.add_worksheet("Cijfers")
    ws.set_column(0, 0, 48)
    ws.set_column(1, 1 + len(extra), 12)
    ws.set_column(uitleg_kolom, uitleg_kolom, 70)
    ws.write(0, 0, f"Kwartaalsnapshot jeugdbescherming — gemeente {snapshot.gemeente_naam} "
                   f"({snapshot.gemeente_code})", f_titel)
    ws.write(1, 0, org, f_sub)
    info = [("Kwartaal", f"{snapshot.kwartaal}: {kwartaal_tekst(snapshot)}"),
            ("Peildatum", datum(snapshot.peildatum)),
            ("Exportdatum van de gegevens", datum(snapshot.exportdatum))]
    row = 3
    for label, value in info:
        ws.write(row, 0, label, f_label)
        ws.write(row, 1, value)
        row += 1
    ws.merge_range(row, 0, row, uitleg_kolom, peildatum_tekst(snapshot), f_uitleg)
    ws.set_row(row, 28)
    row += 2
    for titel, regels, uitleg in secties(snapshot):
        ws.write(row, 0, titel, f_sectie)
        ws.write(row, 1, "Cijfer", f_sectie)
        for i, (kop, _) in enumerate(extra):
            ws.write(row, 2 + i, kop, f_sectie)
        ws.write(row, uitleg_kolom, "Toelichting", f_sectie)
        start = row + 1
        for label, key in regels:
            row += 1
            totaal = label.startswith("Totaal")
            ws.write(row, 0, label, f_totaal if totaal else f_label)
            waarde(row, 1, key, snapshot.weergave[key], totaal)
            for i, (_, cel) in enumerate(extra):
                waarde(row, 2 + i, key, cel(key), totaal)
        if row > start:
            ws.merge_range(start, uitleg_kolom, row, uitleg_kolom, uitleg, f_uitleg)
        else:
            ws.write(start, uitleg_kolom, uitleg, f_uitleg)
        row += 2
    ws.write(row, 0, "Afscherming van kleine aantallen", f_sectie)
    for kolom in range(1, uitleg_kolom + 1):
        ws.write(row, kolom, "", f_sectie)
    for text in (sup.REGEL, *VOETNOTEN.values(), *(VERGELIJKING_UITLEG,) * bool(extra), UITLEG["privacy"]):
        row += 1
        ws.merge_range(row, 0, row, uitleg_kolom, text, f_voet)
        ws.set_row(row, 15 * (1 + len(text) // 140))
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)

    if context is not None and len(context.kwartalen) > 1:
        wv = wb.add_worksheet("Verloop")
        wv.set_column(0, 0, 48)
        wv.set_column(1, len(context.kwartalen), 10)
        wv.write(0, 0, f"Verloop over {len(context.kwartalen)} kwartalen — gemeente {snapshot.gemeente_naam}", f_titel)
        wv.merge_range(1, 0, 1, len(context.kwartalen), VERLOOP_UITLEG, f_uitleg)
        wv.set_row(1, 45)
        row = 3
        for titel, regels in verloop_regels(snapshot):
            wv.write(row, 0, titel, f_sectie)
            for i, q in enumerate(context.kwartalen):
                wv.write(row, 1 + i, q, f_sectie)
            for label, key in regels:
                row += 1
                wv.write(row, 0, label, f_label)
                for i, q in enumerate(context.kwartalen):
                    w = context.verloop[q].get(key)
                    waarde(row, 1 + i, key, sup.Weergave(None, verloop_tekst(context, q, key), "anders")
                           if w is None else w, blad=wv)
            row += 2
        wv.set_landscape()
        wv.set_paper(9)
        wv.fit_to_pages(1, 0)

    wd = wb.add_worksheet("Definities")
    wd.set_column(0, 0, 34)
    wd.set_column(1, 1, 110)
    f_kop = wb.add_format({"bold": True, "valign": "top", "text_wrap": True})
    f_def = wb.add_format({"text_wrap": True, "valign": "top"})
    wd.write(0, 0, "Definities van de cijfers in de kwartaalsnapshot", f_titel)
    row = 2
    for titel, tekst in definities():
        wd.write(row, 0, titel, f_kop)
        wd.write(row, 1, tekst, f_def)
        regels = sum(1 + len(p) // 120 for p in tekst.split("\n"))
        wd.set_row(row, min(409, 15 * regels))
        row += 1
    wb.close()


# --------------------------------------------------------------------------- PDF

PDF_PAGINAS = 2  # a third with the history and comparisons (Snapshot.context)


class PaginaFout(RuntimeError):
    """The PDF did not come out at exactly PDF_PAGINAS pages."""


__all__ = ["GROEPEN", "DELEN", "AANTALLEN", "AFGELEID", "Snapshot", "snapshot_figures", "alle_snapshots",
           "tabel_voor", "write_excel", "gemeente_lijst", "gemeente_naam", "secties"]
