"""K8 Klachten for the page: frames and figures from the case rows of kpi/metrics/engine.py (no
Streamlit here; pages/k8_klachten.py draws them). Counting rules are those of kpi/metrics/klachten.py."""

from __future__ import annotations

import datetime as dt

import polars as pl

from kpi.core import kalender, norms
from kpi.core.registry import LAGER_BETER
from kpi.metrics import funnel as fm
from kpi.metrics import klachten as k8
from kpi.metrics import spc

Date = dt.date
KWARTALEN = 12  # the quarterly volume: three years
TERMIJN_DAGEN = {"verslag": norms.KLACHT_VERSLAG_DAGEN, "hoorzitting": norms.KLACHT_HOORZITTING_DAGEN,
                 "uitspraak": norms.KLACHT_UITSPRAAK_DAGEN, "reactie_bestuur": norms.KLACHT_REACTIE_BESTUUR_DAGEN}
STADIUM_LABELS = {"ontvangen": "Ontvangen", "klachtgesprek": "Klachtgesprek", "verslag": "Verslag verstuurd",
                  "commissie": "Bij de klachtencommissie", "hoorzitting": "Hoorzitting geweest",
                  "uitspraak": "Uitspraak gedaan", "reactie_bestuur": "Reactie bestuur verstuurd"}


def kwartaal_start(day: Date) -> Date:
    return Date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def kwartalen(peildatum: Date, aantal: int = KWARTALEN) -> list[Date]:
    """The first days of the last `aantal` quarters up to the one holding P."""
    laatste = kwartaal_start(peildatum)
    return [kalender.plus_maanden(laatste, -3 * i) for i in reversed(range(aantal))]


def per_kwartaal(zaken: pl.DataFrame, peildatum: Date) -> pl.DataFrame:
    """Complaints received per quarter (all quarters of the window, zeros included; the last one runs
    to P): kwartaal (its first day), label ("K3 2025"), aantal."""
    alle = pl.DataFrame({"kwartaal": kwartalen(peildatum)})
    geteld = (zaken.with_columns(kwartaal=pl.col("ontvangen_op").dt.truncate("1q"))
              .group_by("kwartaal").agg(aantal=pl.len().cast(pl.Int64)))
    return (alle.join(geteld, on="kwartaal", how="left").with_columns(pl.col("aantal").fill_null(0)).sort("kwartaal")
            .with_columns(label=pl.format("K{} {}", pl.col("kwartaal").dt.quarter(), pl.col("kwartaal").dt.year())))


def kwartaal_analyse(reeks: pl.DataFrame) -> spc.Analyse:
    """The quarterly volume judged with the trend method of the other pages (an XmR chart of counts)."""
    return spc.analyseer(reeks, waarde="aantal", maand="kwartaal", richting=LAGER_BETER,
                         eenheid="", onderwerp="het aantal klachten per kwartaal")


def categorieen_per_kwartaal(onderdelen: pl.DataFrame, peildatum: Date) -> pl.DataFrame:
    """Parts per category per quarter of receipt (the quarters of per_kwartaal): kwartaal, one column
    per category (its Dutch label), zeros included, and label ("K3 2025")."""
    alle = pl.DataFrame({"kwartaal": kwartalen(peildatum)})
    geteld = (onderdelen.filter(pl.col("ontvangen_op") >= alle["kwartaal"][0])
              .with_columns(kwartaal=pl.col("ontvangen_op").dt.truncate("1q"))
              .group_by("kwartaal").agg(*(pl.col("categorie").eq(c).sum().cast(pl.Int64).alias(label)
                                          for c, label in k8.CATEGORIE_LABELS.items())))
    return (alle.join(geteld, on="kwartaal", how="left").fill_null(0).sort("kwartaal")
            .with_columns(label=pl.format("K{} {}", pl.col("kwartaal").dt.quarter(), pl.col("kwartaal").dt.year())))


def per_groep(zaken: pl.DataFrame, jeugdigen: pl.DataFrame, groep: str) -> pl.DataFrame:
    """Complaints received in the period per cluster or team (`groep`: cluster_id or team_id) against
    the young people in care there: id, naam, ontvangen, jeugdigen, per_100."""
    naam = groep.replace("_id", "_naam")
    ontvangen = zaken.filter(pl.col("ontvangen")).group_by(groep).agg(ontvangen=pl.len().cast(pl.Int64))
    return (jeugdigen.select(groep, naam, "jeugdigen").join(ontvangen, on=groep, how="full", coalesce=True)
            .with_columns(pl.col("ontvangen").fill_null(0), pl.col("jeugdigen").fill_null(0))
            .with_columns(per_100=pl.when(pl.col("jeugdigen") > 0)
                          .then(100.0 * pl.col("ontvangen") / pl.col("jeugdigen")))
            .sort(groep))


def funnel_per_groep(per: pl.DataFrame) -> fm.Funnel | None:
    """The funnel of per_groep's rows (renamed naam): complaints received (Poisson) per young person in
    care, per 100, against the selection's own rate; None without young people in care."""
    met = per.filter(pl.col("jeugdigen") > 0)
    if met.is_empty():
        return None
    return fm.funnel(met["naam"].to_list(), met["ontvangen"].to_list(), met["jeugdigen"].to_list(),
                     soort=fm.FREQUENTIE, richting=LAGER_BETER, schaal=100.0)


def termijn_tabel(cijfers: dict) -> pl.DataFrame:
    """The four terms: termijn, dagen, tijdig, te_laat, verlopen, totaal, percentage tijdig."""
    rows = []
    for t in k8.TERMIJNEN:
        c = cijfers["termijnen"][t]
        totaal = sum(c.values())
        rows.append({"termijn": k8.TERMIJN_LABELS[t], "dagen": TERMIJN_DAGEN[t], **c, "totaal": totaal,
                     "percentage": 100.0 * c["tijdig"] / totaal if totaal else None})
    return pl.DataFrame(rows)


def termijn_trend(zaken: pl.DataFrame, peildatum: Date) -> pl.DataFrame:
    """Per quarter of the deadline (the quarters of per_kwartaal, deadlines on or before P) and term:
    kwartaal, label, termijn, tijdig, totaal, percentage (tijdig of tijdig + te laat + verlopen)."""
    eerste = kwartalen(peildatum)[0]
    delen = [zaken.filter(pl.col(f"{t}_status").is_in(k8.STATUSSEN) & (pl.col(f"{t}_deadline") >= eerste))
             .select(kwartaal=pl.col(f"{t}_deadline").dt.truncate("1q"), termijn=pl.lit(k8.TERMIJN_LABELS[t]),
                     tijdig=pl.col(f"{t}_status") == "tijdig")
             for t in k8.TERMIJNEN]
    return (pl.concat(delen).group_by("kwartaal", "termijn")
            .agg(tijdig=pl.col("tijdig").sum().cast(pl.Int64), totaal=pl.len().cast(pl.Int64))
            .with_columns(percentage=100.0 * pl.col("tijdig") / pl.col("totaal"),
                          label=pl.format("K{} {}", pl.col("kwartaal").dt.quarter(), pl.col("kwartaal").dt.year()))
            .sort("kwartaal", "termijn"))


def binnenkort_verlopen(zaken: pl.DataFrame, peildatum: Date, horizon: Date) -> pl.DataFrame:
    """Open complaints whose next term falls due after P and on or before `horizon` (the last day of
    "due soon": werklijst.horizon, BINNENKORT_WERKDAGEN working days of the file's calendar, as on the
    Werklijst) without its step: klacht_id, termijn, deadline, dagen."""
    delen = [zaken.filter(pl.col("open_op_peildatum") & (pl.col(f"{t}_status") == "open")
                          & (pl.col(f"{t}_deadline") <= horizon))
             .select("klacht_id", "cluster_naam", "team_naam", pl.lit(k8.TERMIJN_LABELS[t]).alias("termijn"),
                     pl.col(f"{t}_deadline").alias("deadline"))
             for t in k8.TERMIJNEN]
    return (pl.concat(delen).with_columns(dagen=(pl.col("deadline") - pl.lit(peildatum)).dt.total_days())
            .sort("deadline", "klacht_id"))


def open_klachten(zaken: pl.DataFrame) -> pl.DataFrame:
    """The open complaints at P, oldest first, with their stage in words."""
    return (zaken.filter(pl.col("open_op_peildatum"))
            .with_columns(stadium_tekst=pl.col("stadium").replace_strict(STADIUM_LABELS))
            .sort("leeftijd_dagen", "klacht_id", descending=[True, False]))


def oordelen(onderdelen: pl.DataFrame) -> pl.DataFrame:
    """Parts judged in the period per category and oordeel: categorie, oordeel, aantal."""
    return (onderdelen.filter(pl.col("beoordeeld_in_periode") & pl.col("oordeel").is_not_null())
            .with_columns(categorie=pl.col("categorie").replace_strict(k8.CATEGORIE_LABELS),
                          oordeel=pl.col("oordeel").replace_strict(k8.OORDEEL_LABELS))
            .group_by("categorie", "oordeel").agg(aantal=pl.len().cast(pl.Int64)).sort("categorie", "oordeel"))


def verdeling(cijfers: dict, sleutel: str, labels: dict[str, str] | None = None) -> pl.DataFrame:
    """One of the counted keys (onderdelen, indiener, ondersteuning, kanaal) as rows: waarde, aantal."""
    return pl.DataFrame({"waarde": [(labels or {}).get(k, k.replace("_", " ")) for k in cijfers[sleutel]],
                         "aantal": list(cijfers[sleutel].values())})


def naast_caseload(zaken: pl.DataFrame, jeugdigen: pl.DataFrame, caseload: pl.DataFrame) -> pl.DataFrame:
    """Complaints per 100 young people for teams above vs at or below the caseload norm at P (K4: sum
    of caseloads / sum of FTE of the team's workers): groep, teams, ontvangen, jeugdigen, per_100."""
    teams = (caseload.group_by("team_id").agg(pl.col("caseload").sum(), pl.col("fte").sum())
             .with_columns(boven=pl.col("caseload") / pl.col("fte") > norms.CASELOAD_NORM))
    per_team = per_groep(zaken, jeugdigen, "team_id").join(teams.select("team_id", "boven"), on="team_id")
    return (per_team.group_by("boven").agg(teams=pl.len().cast(pl.Int64), ontvangen=pl.col("ontvangen").sum(),
                                          jeugdigen=pl.col("jeugdigen").sum())
            .with_columns(groep=pl.when(pl.col("boven")).then(pl.lit("Teams boven de norm"))
                          .otherwise(pl.lit("Teams op of onder de norm")),
                          per_100=pl.when(pl.col("jeugdigen") > 0)
                          .then(100.0 * pl.col("ontvangen") / pl.col("jeugdigen")))
            .sort("boven", descending=True).drop("boven"))

