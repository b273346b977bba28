"""The complaints office's year report (`python -m kpi klachtenjaar --jaar 2025 --out DIR`, and a
download on the Klachten page): three years side by side, from the K8 figures of each calendar year
(kpi/metrics/klachten.py): complaints per kind of measure, complainant, support and channel, parts per
category, committee rulings, terms met, per cluster per 100 young people, open at year end.

As an accessible PDF (WeasyPrint, PDF/UA-1: tagged, Dutch `lang`, a title, tables with headers and
captions) and an Excel workbook (one sheet per table with a title row: downloads.excel_werkboek).
A year still running at the export date counts up to the export date (said in the report). Only
aggregates: no complaint, measure or young-person id.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from kpi.core.params import ALLES, Filters, Scope
from kpi.data import contract
from kpi.data.db import Database
from kpi.metrics import engine
from kpi.metrics import klachten as k8
from kpi.reports.downloads import excel_werkboek

Date = dt.date
JAREN = 3
INDIENER_LABELS = {"moeder": "Moeder", "vader": "Vader", "ouders": "Beide ouders", "jeugdige": "Jeugdige",
                   "pleegouders": "Pleegouders", "grootouders": "Grootouders", "overig": "Overig"}
ONDERSTEUNING_LABELS = {"geen": "Geen", "vertrouwenspersoon": "Vertrouwenspersoon (AKJ/Jeugdstem)",
                        "advocaat": "Advocaat", "hulpverlener": "Hulpverlener", "familie_kennis": "Familie of kennis"}
KANAAL_LABELS = {"klachtenbureau": "Klachtenbureau", "kinderombudsman": "Kinderombudsman",
                 "nationale_ombudsman": "Nationale ombudsman", "tuchtcollege": "Tuchtcollege"}
STATUS_LABELS = {"tijdig": "tijdig", "te_laat": "te laat", "verlopen": "verlopen"}
SOORT_LABELS = {"OTS": "OTS", "VOTS": "VOTS", "voogdij": "Voogdij", "JR": "Jeugdreclassering"}
GEEN_MAATREGEL = "Zonder maatregel"


@dataclass(frozen=True)
class Tabel:
    naam: str  # the Excel sheet
    titel: str
    frame: pl.DataFrame  # first column the subject, then one column per year


@dataclass(frozen=True)
class Jaarverslag:
    jaar: int
    jaren: tuple[int, ...]
    peildata: tuple[Date, ...]  # per year: its last day, or the export date in a running year
    tabellen: tuple[Tabel, ...]

    def tabel(self, naam: str) -> pl.DataFrame:
        return next(t.frame for t in self.tabellen if t.naam == naam)


def _pct(teller: int, noemer: int) -> float | None:
    return round(100.0 * teller / noemer, 1) if noemer else None


def _rond(waarde: float | None) -> float | None:
    return None if waarde is None else round(waarde, 1)


def _naast_elkaar(kolommen: dict[str, list], onderwerpen: list[str], kop: str) -> pl.DataFrame:
    return pl.DataFrame({kop: onderwerpen, **kolommen}, strict=False)


def bereken(db: Database, jaar: int, filters: Filters = Filters(), scope: Scope = ALLES) -> Jaarverslag:
    """The year report of `jaar` and the two years before it, as tables (aggregates only)."""
    jaren = tuple(range(jaar - JAREN + 1, jaar + 1))
    peildata, cijfers, zaken_per_jaar, clusters = [], {}, {}, {}
    for j in jaren:
        van, tot = Date(j, 1, 1), Date(j, 12, 31)
        p = min(tot, db.exportdatum)
        peildata.append(p)
        zaken = engine.klachten(db, p, van, tot, filters, scope)
        onderdelen = engine.klachtonderdelen(db, p, van, tot, filters, scope)
        jeugdigen = engine.jeugdigen_in_begeleiding(db, p, van, tot, filters, scope, by=("cluster_id", "cluster_naam"))
        totaal = int(engine.jeugdigen_in_begeleiding(db, p, van, tot, filters, scope)["jeugdigen"][0])
        cijfers[j] = k8.cijfers(zaken, onderdelen, totaal)
        zaken_per_jaar[j] = zaken
        per_cluster = (jeugdigen.join(zaken.filter(pl.col("ontvangen")).group_by("cluster_id")
                                      .agg(ontvangen=pl.len()), on="cluster_id", how="left")
                       .with_columns(pl.col("ontvangen").fill_null(0)))
        clusters[j] = {r["cluster_naam"]: _rond(k8.per_100(r["ontvangen"], r["jeugdigen"]))
                       for r in per_cluster.iter_rows(named=True)}

    def rijen(sleutel: str, labels: dict[str, str]) -> pl.DataFrame:
        return _naast_elkaar({str(j): [cijfers[j][sleutel][w] for w in labels] for j in jaren},
                             list(labels.values()), "")

    totalen = _naast_elkaar({str(j): [
        cijfers[j]["ontvangen"], cijfers[j]["jeugdigen_in_begeleiding"], sum(cijfers[j]["onderdelen"].values()),
        cijfers[j]["open_op_peildatum"], cijfers[j]["zonder_vaste_jzw"]]
        for j in jaren}, ["Klachten ontvangen", "Jeugdigen in begeleiding", "Klachtonderdelen",
                          "Open aan het eind van het jaar", "Over een kind zonder vaste jeugdzorgwerker"], "")
    soorten = [*SOORT_LABELS, None]
    per_soort = _naast_elkaar({str(j): [int(zaken_per_jaar[j].filter(
        pl.col("ontvangen") & (pl.col("soort").is_null() if s is None else pl.col("soort") == s)).height)
        for s in soorten] for j in jaren}, [SOORT_LABELS.get(s, GEEN_MAATREGEL) for s in soorten], "")
    oordelen = rijen("oordelen", k8.OORDEEL_LABELS)
    termijnen = _naast_elkaar(
        {str(j): [cijfers[j]["termijnen"][t][s] for t in k8.TERMIJN_LABELS for s in STATUS_LABELS] for j in jaren},
        [f"{label}: {s}" for label in k8.TERMIJN_LABELS.values() for s in STATUS_LABELS.values()], "")
    percentages = _naast_elkaar({str(j): [
        _rond(cijfers[j]["pct_gegrond"]),
        *(_pct(cijfers[j]["termijnen"][t]["tijdig"], sum(cijfers[j]["termijnen"][t].values()))
          for t in k8.TERMIJN_LABELS)] for j in jaren},
        ["Gegrond (van gegrond en ongegrond)", *(f"{label} tijdig" for label in k8.TERMIJN_LABELS.values())], "")
    namen = sorted({n for j in jaren for n in clusters[j]})
    per_cluster = _naast_elkaar({str(j): [_rond(cijfers[j]["per_100_jeugdigen"]), *(clusters[j].get(n) for n in namen)]
                                 for j in jaren}, ["Organisatie", *namen], "")
    tabellen = (
        Tabel("Totaal", "Klachten in het jaar", totalen),
        Tabel("Per 100 jeugdigen", "Klachten per 100 jeugdigen, per cluster", per_cluster),
        Tabel("Soort maatregel", "Klachten per soort maatregel", per_soort),
        Tabel("Indiener", "Wie diende de klacht in", rijen("indiener", INDIENER_LABELS)),
        Tabel("Ondersteuning", "Ondersteuning van de indiener", rijen("ondersteuning", ONDERSTEUNING_LABELS)),
        Tabel("Kanaal", "Waar de klacht binnenkwam", rijen("kanaal", KANAAL_LABELS)),
        Tabel("Categorie", "Klachtonderdelen per categorie", rijen("onderdelen", k8.CATEGORIE_LABELS)),
        Tabel("Commissie", "Oordelen van de klachtencommissie per onderdeel (uitspraak in het jaar)", oordelen),
        Tabel("Termijnen", "Termijnen van de klachtroute (deadline in het jaar)", termijnen),
        Tabel("Percentages", "Percentage gegrond en percentage tijdig per termijn", percentages),
    )
    tabellen = tuple(Tabel(t.naam, t.titel, t.frame.rename({"": t.naam})) for t in tabellen)
    return Jaarverslag(jaar, jaren, tuple(peildata), tabellen)


def _toelichting(v: Jaarverslag) -> str:
    lopend = [f"{j} t/m {p.strftime('%d-%m-%Y')}" for j, p in zip(v.jaren, v.peildata) if p < Date(j, 12, 31)]
    return ("Cijfers per kalenderjaar, zoals bekend aan het eind van dat jaar"
            + (f" (een lopend jaar tot de exportdatum: {', '.join(lopend)})" if lopend else "")
            + ". Definities: K8 Klachten in het dashboard (pagina Definities).")


def excel(v: Jaarverslag) -> bytes:
    return excel_werkboek([(t.naam, t.frame, (t.titel, f"Jaaroverzicht klachten {v.jaar}. {_toelichting(v)}"))
                           for t in v.tabellen])


def _cel(waarde) -> str:
    if waarde is None:
        return "–"
    if isinstance(waarde, float):
        return f"{waarde:.1f}".replace(".", ",")  # every float of the report is a rate or a percentage
    return html.escape(f"{waarde:,}".replace(",", ".") if isinstance(waarde, int) else str(waarde))


def _html(v: Jaarverslag) -> str:
    delen = []
    for t in v.tabellen:
        kop = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in t.frame.columns)
        rijen = "".join(
            f'<tr><th scope="row">{html.escape(str(r[0]))}</th>{"".join(f"<td>{_cel(x)}</td>" for x in r[1:])}</tr>'
            for r in t.frame.iter_rows())
        delen.append(f"<section><table><caption>{html.escape(t.titel)}</caption><thead><tr>{kop}</tr></thead>"
                     f"<tbody>{rijen}</tbody></table></section>")
    titel = f"Jaaroverzicht klachten {v.jaar}"
    return f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>{titel}</title>
<style>
@page {{ size: A4; margin: 18mm 16mm; }}
body {{ font-family: sans-serif; font-size: 10pt; color: #1a1a1a; }}
h1 {{ font-size: 18pt; margin: 0 0 4mm; }}
section {{ break-inside: avoid; }}
table {{ border-collapse: collapse; width: 100%; margin: 0 0 6mm; table-layout: fixed; }}
thead th:first-child {{ width: 52%; }}
caption {{ text-align: left; font-weight: bold; font-size: 11pt; padding: 0 0 2mm; }}
th, td {{ border-bottom: 1px solid #999; padding: 1.2mm 2mm; }}
thead th {{ text-align: right; border-bottom: 2px solid #333; }}
thead th:first-child, tbody th {{ text-align: left; font-weight: normal; }}
td {{ text-align: right; font-variant-numeric: tabular-nums; }}
</style></head>
<body><h1>{titel}</h1><p>{html.escape(_toelichting(v))}</p>{"".join(delen)}</body></html>"""


def pdf(v: Jaarverslag) -> bytes:
    """The report as a tagged PDF/UA-1 with Dutch language and a title."""
    from weasyprint import HTML

    return HTML(string=_html(v)).write_pdf(pdf_variant="pdf/ua-1")


def schrijf(db: Database, jaar: int, map_: Path) -> list[Path]:
    """Write klachten_<jaar>.pdf and klachten_<jaar>.xlsx to `map_` (made when missing)."""
    v = bereken(db, jaar)
    map_.mkdir(parents=True, exist_ok=True)
    paden = [map_ / f"klachten_{jaar}.pdf", map_ / f"klachten_{jaar}.xlsx"]
    paden[0].write_bytes(pdf(v))
    paden[1].write_bytes(excel(v))
    return paden
