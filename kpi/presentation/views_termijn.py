"""View logic of the Overzicht page and the deadline pages (K1-K3).

Plain functions on polars frames (no Streamlit here, so everything is
unit-testable): the KPI tiles of the Overzicht, the SPC verdict in words, the
comparison per cluster or team, the K1 legal/internal/phone lines, histograms
aggregated before charting, and the case lists a manager acts on.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from kpi.core import kalender, norms
from kpi.core.labels import BUCKET_LABELS, KLEURCODE_LABELS, STATUS_LABELS
from kpi.core.registry import HOGER_BETER, KPI_BY_KEY, LAGER_BETER
from kpi.data.db import ROOT
from kpi.metrics import engine, spc

Date = dt.date
KWARTAAL_MAANDEN = 3
SPARKLINE_MAANDEN = 12
DOCS_DIR = ROOT / "docs"

STATUS_VOLGORDE = {"Tijdig": 1, "Te laat": 2, "Verlopen": 3}

# The three K1 lines: only the legal one is the KPI.
K1_VARIANTEN = (
    ("status", f"Wettelijk: {norms.K1_WERKDAGEN} werkdagen, face-to-face (de KPI)"),
    ("status_intern", f"Intern: {norms.K1_WERKDAGEN_INTERN} werkdagen voor oranje/groen op de monitorlijst"),
    ("status_incl_afstand", "Inclusief telefonisch/video"),
)


# ---------------------------------------------------------------- periods


def kwartaal_terug(day: Date, kwartalen: int = 1) -> Date:
    """The same point `kwartalen` quarters earlier; a month end stays a month end."""
    earlier = kalender.plus_maanden(day, -KWARTAAL_MAANDEN * kwartalen)
    if day.day == _cal.monthrange(day.year, day.month)[1]:
        return Date(earlier.year, earlier.month, _cal.monthrange(earlier.year, earlier.month)[1])
    return earlier


def geteld_tot(peildatum: Date, tot: Date) -> Date:
    """End of the counted period: a deadline after P is never counted (kpi-definities, K1-K3)."""
    return min(peildatum, tot)


# ---------------------------------------------------------------- norm and SPC verdicts


@dataclass(frozen=True)
class Normoordeel:
    code: str  # "voldoet" | "onder_norm" | "boven_norm" | "geen"
    label: str  # Dutch text shown next to the colour
    icoon: str  # Material icon, so the colour is never the only signal
    kleur: str  # st.badge colour (blue = good, orange = not good: safe for colour-blind readers)


def normoordeel(waarde: float | None, norm: float | None, richting: str) -> Normoordeel:
    """Does the figure meet the norm? (text, icon and colour together)."""
    if waarde is None or norm is None:
        return Normoordeel("geen", "geen gegevens", ":material/help:", "gray")
    if richting == LAGER_BETER:
        if waarde <= norm:
            return Normoordeel("voldoet", "binnen norm", ":material/check_circle:", "blue")
        return Normoordeel("boven_norm", "boven norm", ":material/warning:", "orange")
    if waarde >= norm:
        return Normoordeel("voldoet", "voldoet aan norm", ":material/check_circle:", "blue")
    return Normoordeel("onder_norm", "onder norm", ":material/warning:", "orange")


@dataclass(frozen=True)
class SpcOordeel:
    """The trend verdict of a series (kpi.metrics.spc.Analyse) as a tile or page shows it."""

    code: str  # spc.SIGNAAL (special cause in the last month) | spc.GEWOON | "geen"
    kort: str  # the MDC variation label ("Gewone variatie", "Zorgelijk (lager)", ...) or "te weinig gegevens"
    zin: str  # one Dutch sentence for a board member
    variatie: str | None = None  # spc.GEWONE_VARIATIE, spc.ZORG_LAAG, ...
    zekerheid: str | None = None  # spc.HAALT_NORM, ... (None without norm)
    zekerheid_label: str = ""


def spc_oordeel(analyse: spc.Analyse) -> SpcOordeel:
    """The SPC verdict in words (MDC): a 'verandering' only when the last month is special cause."""
    if analyse.variatie is None:
        return SpcOordeel("geen", "te weinig gegevens", analyse.zin)
    code = spc.GEWOON if analyse.variatie == spc.GEWONE_VARIATIE else spc.SIGNAAL
    return SpcOordeel(code, analyse.variatie_label, analyse.zin, analyse.variatie, analyse.zekerheid,
                      analyse.zekerheid_label)


def deadline_analyse(key: str, trend: pl.DataFrame) -> spc.Analyse:
    """SPC of a monthly deadline series (engine.deadline_trend without groups): % on time per month
    of the deadline, months without a counted measure left out."""
    return spc.kpi_analyse(key, trend.sort("maand"), teller="tijdig", noemer="totaal")


# ---------------------------------------------------------------- Overzicht tiles


@dataclass(frozen=True)
class Tegel:
    """One KPI tile of the Overzicht: numbers only; the page formats them."""

    key: str
    titel: str
    maat: str  # what the number is, e.g. "% tijdig"
    eenheid: str  # "%" or "per fte"
    waarde: float | None
    vorig: float | None  # same KPI a quarter earlier
    norm: float | None
    norm_tekst: str
    oordeel: Normoordeel
    spc: SpcOordeel
    reeks: pl.DataFrame  # maand, waarde (for the sparkline)
    noemer: int | None = None  # measures / workers behind the figure (below norms.MIN_N_OORDEEL: no verdict)
    extra: dict = field(default_factory=dict)  # a second figure shown small
    pagina: str = ""

    @property
    def te_klein(self) -> bool:
        """Too few measures (or workers) to show a figure or judge it (norms.MIN_N_OORDEEL)."""
        return self.noemer is not None and 0 < self.noemer < norms.MIN_N_OORDEEL

    @property
    def verschil(self) -> float | None:
        return None if self.waarde is None or self.vorig is None else self.waarde - self.vorig


def te_klein_oordeel(noemer: int) -> Normoordeel:
    """No verdict on a handful of cases: one measure more or less would swing the percentage."""
    return Normoordeel("te_klein", "te weinig voor een oordeel", ":material/info:", "gray")


def _tegel(key: str, maat: str, waarde, vorig, analyse: spc.Analyse, reeks: pl.DataFrame,
           noemer: int | None, eenheid: str = "%", extra: dict | None = None) -> Tegel:
    kpi = KPI_BY_KEY[key]
    klein = noemer is not None and 0 < noemer < norms.MIN_N_OORDEEL
    if klein:  # below the minimum n: no figure, no change, no verdict (the tile says why)
        waarde, vorig, extra = None, None, {}
    return Tegel(key=key, titel=kpi.korte_titel, maat=maat, eenheid=eenheid, waarde=waarde, vorig=vorig,
                 norm=kpi.norm, norm_tekst=kpi.norm_tekst,
                 oordeel=te_klein_oordeel(noemer) if klein else normoordeel(waarde, kpi.norm, kpi.richting),
                 spc=SpcOordeel("geen", "te weinig gegevens", f"Te weinig maatregelen voor een oordeel over de "
                                f"trend (minimaal {norms.MIN_N_OORDEEL} in de periode).") if klein
                 else spc_oordeel(analyse),
                 reeks=reeks.tail(SPARKLINE_MAANDEN), noemer=noemer, extra=extra or {}, pagina=kpi.pagina)


def deadline_tegel(key: str, telling: pl.DataFrame, telling_vorig: pl.DataFrame, trend: pl.DataFrame) -> Tegel:
    """K1-K3 tile: % on time in the period, the previous quarter (each engine.deadline_counts
    without groups) and the monthly trend."""
    now = telling.row(0, named=True)
    before = telling_vorig.row(0, named=True)
    analyse = deadline_analyse(key, trend)
    reeks = analyse.punten.select("maand", waarde="percentage")
    return _tegel(key, "% tijdig", now["percentage"], before["percentage"], analyse, reeks, now["totaal"],
                  extra={"te laat": now["te_laat"], "verlopen": now["verlopen"]})


def aandeel_uit_telling(telling: pl.DataFrame, teller: str) -> pl.DataFrame:
    """Per peildatum (as maand): teller, totaal, percentage, from engine.series(..., counts=...)."""
    return (telling.select(maand="peildatum", teller=pl.col(teller).cast(pl.Int64),
                           totaal=pl.col("totaal").cast(pl.Int64))
            .with_columns(percentage=100.0 * pl.col("teller") / pl.col("totaal")))


def _waarde_op(reeks: pl.DataFrame, kolom: str, peildatum: Date):
    row = reeks.filter(pl.col("maand") == peildatum)
    return row[kolom][0] if row.height else None


def aandeel_tegel(key: str, maat: str, reeks: pl.DataFrame, vorig: pl.DataFrame, peildatum: Date,
                  extra: dict | None = None) -> Tegel:
    """K5-K7 tile from an aandeel_uit_telling over month ends (the last being P) and the one of P minus a quarter."""
    analyse = spc.kpi_analyse(key, reeks, teller="teller", noemer="totaal")
    waarde = _waarde_op(reeks, "percentage", peildatum)
    before = vorig["percentage"][0] if vorig.height else None
    return _tegel(key, maat, waarde, before, analyse, reeks.select("maand", waarde="percentage"),
                  _waarde_op(reeks, "totaal", peildatum), extra=extra)


def caseload_reeks(rows: pl.DataFrame) -> pl.DataFrame:
    """K4 per peildatum for jb teams: caseload per fte, workers and how many above the norm."""
    jb = rows.filter(pl.col("team_soort") == "jb")
    if jb.is_empty():
        return pl.DataFrame(schema={"maand": pl.Date, "caseload_per_fte": pl.Float64, "medewerkers": pl.Int64,
                                    "boven_norm": pl.Int64})
    return (engine.caseload_counts(jb, ("peildatum",))
            .select(maand="peildatum", caseload_per_fte="caseload_per_fte", medewerkers="medewerkers",
                    boven_norm="boven_norm"))


def caseload_tegel(reeks: pl.DataFrame, vorig: pl.DataFrame, peildatum: Date) -> Tegel:
    """K4 tile: caseload per fte (lower is better), with the SPC verdict on that same figure (an
    XmR chart of the caseload per fte per month end)."""
    analyse = spc.kpi_analyse("k4", reeks.filter(pl.col("medewerkers") > 0), waarde="caseload_per_fte")
    waarde = _waarde_op(reeks, "caseload_per_fte", peildatum)
    before = vorig["caseload_per_fte"][0] if vorig.height else None
    boven = _waarde_op(reeks, "boven_norm", peildatum)
    werkers = _waarde_op(reeks, "medewerkers", peildatum)
    extra = {"medewerkers boven norm": boven} if boven is not None else {}
    return _tegel("k4", "jeugdigen per fte (jb-teams)", waarde, before, analyse,
                  reeks.select("maand", waarde="caseload_per_fte"), werkers, eenheid="per fte", extra=extra)


# ---------------------------------------------------------------- shortage: who waits, how long


def zonder_vaste_jzw(rows: pl.DataFrame) -> dict:
    """Running measures without a fixed worker at P (engine.vaste_jzw rows of one peildatum)."""
    zonder = rows.filter(pl.col("werkwijze") != "vast")
    per = dict(zonder.group_by("werkwijze").len().iter_rows())
    lijst = rows.filter(pl.col("op_monitorlijst"))
    return {
        "lopend": rows.height,
        "zonder": zonder.height,
        "kinderen_zonder": zonder["jeugdige_id"].n_unique() if zonder.height else 0,
        "monitorlijst": int(per.get("monitorlijst", 0)),
        "in_doorstroom": int(per.get("in_doorstroom", 0)),
        "geen": int(per.get("geen", 0)),
        "mediaan_wachtdagen": lijst["wachtdagen"].median() if lijst.height else None,
        "triage_te_laat": int(rows["triage_te_laat"].sum()) if "triage_te_laat" in rows.columns else 0,
    }


def wachten_per_kleur(rows: pl.DataFrame) -> pl.DataFrame:
    """Measures on the monitorlijst at P by colour: number, median and longest waiting days."""
    order = pl.DataFrame({"kleurcode": list(norms.KLEUR_RANG)}).with_columns(
        rang=pl.col("kleurcode").replace_strict(norms.KLEUR_RANG, return_dtype=pl.Int64))
    lijst = rows.filter(pl.col("op_monitorlijst"))
    counts = lijst.group_by("kleurcode").agg(
        aantal=pl.len().cast(pl.Int64),
        mediaan_dagen=pl.col("wachtdagen").median(),
        max_dagen=pl.col("wachtdagen").max().cast(pl.Int64),
    )
    return (order.join(counts, on="kleurcode", how="left")
            .with_columns(pl.col("aantal").fill_null(0),
                          kleur=pl.col("kleurcode").replace_strict(KLEURCODE_LABELS, return_dtype=pl.String))
            .sort("rang"))


# ---------------------------------------------------------------- deadline pages


def geteld(cases: pl.DataFrame) -> pl.DataFrame:
    """Measures in the KPI (status tijdig, te laat or verlopen) with a Dutch status label."""
    return cases.filter(pl.col("status").is_in(engine.STATUSSEN)).with_columns(
        status_label=pl.col("status").replace_strict(STATUS_LABELS, return_dtype=pl.String))


def vergelijking(cases: pl.DataFrame, groep: str) -> pl.DataFrame:
    """% on time per cluster or team, with the count behind it and a Dutch bar label."""
    telling = engine.deadline_counts(cases, (groep,))
    return telling.filter(pl.col("totaal") > 0).with_columns(
        label=pl.format("{}% (n={})", pl.col("percentage").round(0).cast(pl.Int64), pl.col("totaal")))


def vergelijk_niveau(cluster: str | None, team: str | None, clusters: tuple[str, ...] | None = None) -> str:
    """'cluster' for more than one cluster in scope, 'team' within one cluster: a chosen cluster or
    team, or a user whose scope (`clusters`: Scope.clusters, None = all) is a single cluster."""
    if cluster is None and team is None and (clusters is None or len(clusters) != 1):
        return "cluster"
    return "team"


def vergelijk_groep(cluster: str | None, team: str | None,
                    clusters: tuple[str, ...] | None = None) -> tuple[str, str]:
    """The name column and label to compare on (vergelijk_niveau): cluster_naam or team_naam."""
    niveau = vergelijk_niveau(cluster, team, clusters)
    return f"{niveau}_naam", niveau.capitalize()


def status_per_groep(cases: pl.DataFrame, groep: str) -> pl.DataFrame:
    """Long frame groep, status (Dutch), aantal, volgorde: for stacked status bars."""
    counted = geteld(cases)
    if counted.is_empty():
        return pl.DataFrame(schema={groep: pl.String, "status": pl.String, "aantal": pl.Int64,
                                    "volgorde": pl.Int64})
    return (counted.group_by(groep, "status_label").agg(aantal=pl.len().cast(pl.Int64))
            .rename({"status_label": "status"})
            .with_columns(volgorde=pl.col("status").replace_strict(STATUS_VOLGORDE, return_dtype=pl.Int64))
            .sort(groep, "volgorde"))


def k1_varianten(cases: pl.DataFrame) -> pl.DataFrame:
    """The legal K1 figure with the internal term and the phone/video line beside it.

    Same measures for all three lines: those counted for the legal KPI. Under the
    internal term a deadline may still lie ahead at P: such measures are 'nog open'.
    """
    counted = cases.filter(pl.col("status").is_in(engine.STATUSSEN))
    rows = []
    for kolom, label in K1_VARIANTEN:
        telling = engine.deadline_counts(counted.with_columns(status=pl.col(kolom))).row(0, named=True)
        rows.append({"lijn": label, "kolom": kolom, "tijdig": telling["tijdig"], "te_laat": telling["te_laat"],
                     "verlopen": telling["verlopen"],
                     "nog_open": int(counted[kolom].is_in(["open", "gedaan_voor_deadline"]).sum()),
                     "totaal": telling["totaal"], "percentage": telling["percentage"],
                     "telt_voor_kpi": kolom == "status"})
    return pl.DataFrame(rows, schema={"lijn": pl.String, "kolom": pl.String, "tijdig": pl.Int64,
                                      "te_laat": pl.Int64, "verlopen": pl.Int64, "nog_open": pl.Int64,
                                      "totaal": pl.Int64, "percentage": pl.Float64, "telt_voor_kpi": pl.Boolean})


def k1_varianten_trend(cases: pl.DataFrame) -> pl.DataFrame:
    """Monthly % on time for the three K1 lines (cases over the trend window)."""
    counted = cases.filter(pl.col("status").is_in(engine.STATUSSEN)).with_columns(
        maand=pl.col("deadline").dt.truncate("1mo"))
    frames = []
    for kolom, label in K1_VARIANTEN:
        telling = engine.deadline_counts(counted.with_columns(status=pl.col(kolom)), ("maand",))
        frames.append(telling.select("maand", "percentage", "totaal", lijn=pl.lit(label)))
    return pl.concat(frames) if frames else pl.DataFrame()


def k1_verdeling(cases: pl.DataFrame) -> pl.DataFrame:
    """engine.k1_buckets with Dutch labels."""
    return engine.k1_buckets(cases).with_columns(
        groep=pl.col("bucket").replace_strict(BUCKET_LABELS, return_dtype=pl.String))


def dagen_histogram(values: pl.Series, stap: int, grens: int, maximum: int | None = None) -> pl.DataFrame:
    """Counts per bin of `stap` days and per side of the term: van, tot, label, termijn, aantal.

    A value counts as 'binnen termijn' when it is at most `grens` (so a bin that straddles the
    term has two stacked parts). Values above `maximum` go into one last bin "meer dan maximum", so
    one outlier does not stretch the axis. Nulls are left out (the caller counts them separately).
    """
    values = values.drop_nulls()
    schema = {"van": pl.Int64, "tot": pl.Int64, "label": pl.String, "termijn": pl.String, "aantal": pl.Int64}
    if values.is_empty():
        return pl.DataFrame(schema=schema)
    maximum = maximum if maximum is not None else int(values.max())
    top_bin = (maximum // stap + 1) * stap  # first bin edge above `maximum`
    bins = (pl.DataFrame({"dagen": values.cast(pl.Int64)})
            .with_columns(van=pl.min_horizontal((pl.col("dagen") // stap) * stap, pl.lit(top_bin)),
                          termijn=pl.when(pl.col("dagen") <= grens).then(pl.lit("binnen termijn"))
                          .otherwise(pl.lit("na termijn")))
            .group_by("van", "termijn").agg(aantal=pl.len().cast(pl.Int64)).sort("van", "termijn"))
    return bins.with_columns(
        tot=pl.col("van") + stap,
        label=pl.when(pl.col("van") >= top_bin).then(pl.format("meer dan {}", pl.lit(top_bin - 1)))
        .otherwise(pl.format("{}-{}", pl.col("van"), pl.col("van") + stap - 1)),
    ).select(list(schema))


# ---------------------------------------------------------------- K3 help requests


def open_aanvragen(aanvragen: pl.DataFrame) -> pl.DataFrame:
    """Open requests (not started, not refused at P) of running measures, oldest first."""
    return (aanvragen.filter((pl.col("status") == "open") & pl.col("maatregel_lopend"))
            .sort("leeftijd_dagen", descending=True, nulls_last=True))


def afgewezen_aanvragen(aanvragen: pl.DataFrame) -> pl.DataFrame:
    """Refused requests of running measures (the export has no date of refusal)."""
    return aanvragen.filter((pl.col("status") == "afgewezen") & pl.col("maatregel_lopend")).sort(
        "aangevraagd_op", descending=True)


def gestarte_aanvragen(aanvragen: pl.DataFrame, van: Date, tot: Date) -> pl.DataFrame:
    """Requests started in [van, tot]: the ones behind the waiting-time figures."""
    return aanvragen.filter((pl.col("status") == "gestart") & pl.col("gestart_op").is_between(van, tot)).sort(
        "wachtdagen", descending=True)


def wachttijd_per_hulpvorm(aanvragen: pl.DataFrame, van: Date, tot: Date) -> pl.DataFrame:
    """engine.wachttijd per hulpvorm, longest median first."""
    result = engine.wachttijd(aanvragen, van, tot, ("hulpvorm",))
    return result.filter(pl.col("gestart") > 0).sort("mediaan_dagen", descending=True)


def open_samenvatting(open_rows: pl.DataFrame, peildatum: Date) -> dict:
    """Number of open requests, their median age, and how many are open longer than the K3 term
    (requested more than three months before P: the same calendar rule as the K3 deadline)."""
    if open_rows.is_empty():
        return {"aantal": 0, "mediaan_leeftijd": None, "langer_dan_termijn": 0}
    older = open_rows.filter(pl.col("aangevraagd_op").dt.offset_by(f"{norms.K3_MAANDEN}mo") < peildatum)
    return {"aantal": open_rows.height, "mediaan_leeftijd": open_rows["leeftijd_dagen"].median(),
            "langer_dan_termijn": older.height}


# ---------------------------------------------------------------- case lists


def verlopen_lijst(cases: pl.DataFrame, peildatum: Date) -> pl.DataFrame:
    """Measures without the event at P: running ones first, longest overdue first."""
    return (cases.filter(pl.col("status") == "verlopen")
            .with_columns(loopt=pl.col("einddatum").is_null() | (pl.col("einddatum") > peildatum))
            .with_columns(loopt_tekst=pl.when(pl.col("loopt")).then(pl.lit("ja"))
                          .otherwise(pl.format("nee, geëindigd {}", pl.col("einddatum").dt.strftime("%d-%m-%Y"))))
            .sort(["loopt", "dagen_na_deadline"], descending=[True, True]))


def te_laat_lijst(cases: pl.DataFrame) -> pl.DataFrame:
    """Measures where the event came after the deadline, with how many days late."""
    return (cases.filter(pl.col("status") == "te_laat")
            .with_columns(dagen_te_laat=(pl.col("gebeurtenis_op") - pl.col("deadline")).dt.total_days())
            .sort("dagen_te_laat", descending=True))


def binnenkort_lijst(rows: pl.DataFrame) -> pl.DataFrame:
    """engine.binnenkort_verlopen rows, the most urgent first."""
    return rows.sort(["deadline", "maatregel_id"])


# Code columns of a case list and the Dutch words they are shown (and exported) with, never the code
CODE_LABELS = {"status_intern": STATUS_LABELS, "status_incl_afstand": STATUS_LABELS, "bucket": BUCKET_LABELS,
               "eerste_kleurcode": KLEURCODE_LABELS}


def met_labels(frame: pl.DataFrame) -> pl.DataFrame:
    """The code columns of CODE_LABELS in Dutch words ('te_laat' → 'Te laat'); an unknown code stays."""
    return frame.with_columns(
        pl.col(kolom).replace_strict(labels, default=pl.col(kolom), return_dtype=pl.String)
        for kolom, labels in CODE_LABELS.items() if kolom in frame.columns)


def alle_zaken(cases: pl.DataFrame) -> pl.DataFrame:
    """Every measure counted in the KPI with its status (traceability of every figure), codes in words."""
    return met_labels(geteld(cases)).sort(["deadline", "maatregel_id"])


def maandtabel(punten: pl.DataFrame) -> pl.DataFrame:
    """The monthly series judged by SPC (spc.Analyse.punten) as a table, most recent month first,
    with the variation of each month in words."""
    return punten.sort("maand", descending=True).with_columns(
        maand_tekst=pl.col("maand").dt.strftime("%m-%Y"), percentage=pl.col("percentage").round(1),
        beoordeling=pl.col("variatie").replace_strict(spc.VARIATIE_LABEL, default=None, return_dtype=pl.String))


ZAAK_KOLOMMEN = {"maatregel_id": "Maatregel", "deadline": "Deadline"}
ZAAK_KOLOMMEN_ACHTER = {
    "team_naam": "Team",
    "medewerker_id": "Medewerker",
    "soort": "Soort",
    "cluster_naam": "Cluster",
    "startdatum": "Start",
}


def lijst_kolommen(midden: dict[str, str]) -> dict[str, str]:
    """Column order of a case list: measure and deadline, then the list's own columns, then who
    holds the case (team, worker) and the rest."""
    return {**ZAAK_KOLOMMEN, **midden, **ZAAK_KOLOMMEN_ACHTER}


# ---------------------------------------------------------------- Definities page

ALGEMENE_REGELS = f"""
- **Peildatum P.** De datum waarop de cijfers gelden. Standaard de exportdatum (de laatste datum in de
  data). Alleen gebeurtenissen op of vóór P tellen mee; zo is een cijfer voor een eerdere peildatum
  altijd opnieuw te maken.
- **Lopend op P.** Een maatregel loopt als `startdatum` ≤ P en de `einddatum` leeg is of ná P ligt.
  Hetzelfde geldt voor alle perioden (verblijf, toewijzingen, monitorlijst): `van` ≤ P en `tot` leeg
  of ná P.
- **Werkdag.** Maandag tot en met vrijdag, behalve de Nederlandse nationale feestdagen (pakket
  `holidays`, NL). "Binnen N werkdagen na datum S": de deadline is de N-de werkdag ná S; S zelf telt
  niet mee.
- **Drie maanden** = dezelfde dag drie maanden later (is die maand korter: de laatste dag).
  **Zes weken** = {norms.K2_DAGEN} kalenderdagen.
- **Periode (K1-K3).** Een maatregel telt mee als de deadline in de gekozen periode valt én op of vóór
  de peildatum ligt. Standaard is de periode het kwartaal waarin de peildatum valt, tot en met de
  peildatum; kiest u een andere peildatum, dan gaat de periode mee. Een periode eindigt nooit na de
  peildatum. Maatregelen waarvan de deadline nog komt, staan in de lijst "binnenkort verlopen"
  (deadline binnen {norms.BINNENKORT_WERKDAGEN} werkdagen).
- **K4-K7** gelden op de peildatum zelf; de trend toont dezelfde KPI op iedere maandultimo.
- **Filters** (cluster, team, gemeente, soort maatregel) selecteren maatregelen op hun eigen
  kenmerken; voor caseload selecteren ze medewerkers op hun team (een gemeentefilter geldt daar niet).
- **Vergelijking met vorig kwartaal.** Overal (Overzicht en de pagina's K1-K7) dezelfde KPI, berekend
  voor de periode en peildatum precies één kwartaal eerder. Een verschil zegt nog niet of er iets
  veranderd is; dat zegt de trendregel.
- **Kleine aantallen.** Bij minder dan {norms.MIN_N_OORDEEL} maatregelen (of medewerkers) toont een
  tegel geen percentage en geen oordeel over de norm: één zaak meer of minder zou het beeld omgooien.
- **Trend en verandering.** Een trend heet pas een *verandering* als de statistische procescontrole
  (SPC, zoals de NHS die gebruikt in *Making Data Count*) bijzondere variatie vindt. De procesgrenzen
  komen uit de eerste {spc.BASIS_PUNTEN} maanden van de reeks en liggen daarna vast (p-kaart; Laney's
  p′-kaart als de maanden meer verschillen dan toeval verklaart; XmR-kaart voor caseload per fte).
  Bijzondere variatie is: een maand buiten de procesgrenzen; {spc.TREND_LENGTE} maanden op rij stijgend
  of dalend; 2 van 3 maanden dicht bij dezelfde grens; of {spc.RUN_LENGTE} maanden op rij aan één kant
  van het gemiddelde. Houdt een verschuiving {spc.BEVESTIG_NA} maanden aan, dan is dat het nieuwe
  niveau en worden de grenzen opnieuw berekend. Anders is het *gewone variatie*. Bij K5 en K6 tellen
  opeenvolgende maanden grotendeels dezelfde maatregelen: een signaal daar is een langzame verschuiving
  van het niveau.
"""


def keuze_documenten(docs: Path = DOCS_DIR) -> list[tuple[str, str, str]]:
    """docs/keuzes*.md as (title, path, Markdown): the choices made where the definitions are
    silent. Links between the files become plain text (they do not work inside the app)."""
    result = []
    for path in sorted(docs.glob("keuzes*.md"), key=lambda p: (p.name != "keuzes.md", p.name)):
        text = path.read_text(encoding="utf-8")
        first, _, rest = text.partition("\n")
        title = first.lstrip("# ").strip() if first.startswith("#") else path.stem
        body = rest if first.startswith("#") else text
        body = re.sub(r"\[([^\]]+)\]\((?!https?:)[^)]+\)", r"\1", body)
        body = re.sub(r"^(#{1,4}) ", lambda m: "#" * min(6, len(m.group(1)) + 2) + " ", body, flags=re.M)
        result.append((title, f"docs/{path.name}", body.strip()))
    return result
