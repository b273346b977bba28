"""The board pack (bestuurspakket): one accessible PDF to take into the board meeting.

`python -m kpi bestuurspakket --peildatum D --out DIR` and the button on Overzicht. Contents
(docs/bestuurspakket.md): every KPI's figure against its norm; its 36-month trend with the SPC
process limits and the variation and assurance icons (kpi/metrics/spc.py, Making Data Count); the
notes (kpi/data/annotaties.py); a cluster × KPI matrix; and funnel plots (kpi/metrics/funnel.py,
Spiegelhalter 2005) per cluster and per team for the deadline KPIs and K5, so a cluster outside
the limits stands out and a small one is not blamed for noise.

The PDF is tagged PDF/UA-1 (WeasyPrint, `lang="nl"`, a title, headings, table headers, every chart
an image with a text alternative). Every figure comes from the engine (kpi/metrics/engine.py), the
same functions as the pages. The pack is for internal use: it has team figures, no case rows.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import math
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from kpi.core.kleuren import BLAUW, GEEL, GRIJS, NORM_KLEUR, ORANJE, VERMILJOEN
from kpi.core.params import ALLES
from kpi.core.registry import KPI_BY_KEY, KPIS, LAGER_BETER, MEDEWERKER, TERMIJN, TERMIJN_KPIS, Kpi
from kpi.data import annotaties as an
from kpi.data.db import Database
from kpi.metrics import engine, spc
from kpi.metrics import funnel as fm

Date = dt.date
LETTER = "DejaVu Sans, Liberation Sans, sans-serif"
FUNNEL_KPIS = (*TERMIJN_KPIS, "k5")  # the deadline KPIs and K5: a share of measures per unit
TERMIJNEN = ", ".join(k.upper() for k in TERMIJN_KPIS)  # "K1, K2, K3"

VARIATIE_TEKEN = {spc.GEWONE_VARIATIE: "●", spc.VERBETERING_HOOG: "▲", spc.VERBETERING_LAAG: "▼",
                  spc.ZORG_HOOG: "▲", spc.ZORG_LAAG: "▼", spc.BIJZONDER_HOOG: "▲", spc.BIJZONDER_LAAG: "▼"}
ZEKERHEID_TEKEN = {spc.HAALT_NORM: "✓", spc.HAALT_NORM_NIET: "✗", spc.WISSELEND: "~"}


# ------------------------------------------------------------------------------------ figures


@dataclass
class KpiCijfer:
    """One KPI in the pack: the figure at the peildatum (or over the period), its trend judged."""

    kpi: Kpi
    waarde: float | None
    toelichting: str  # e.g. "312 van 340 maatregelen"
    analyse: spc.Analyse | None
    annotaties: list[an.Annotatie] = field(default_factory=list)

    @property
    def haalt_norm(self) -> bool | None:
        if self.waarde is None or self.kpi.norm is None:
            return None
        return self.waarde <= self.kpi.norm if self.kpi.richting == LAGER_BETER else self.waarde >= self.kpi.norm


@dataclass
class FunnelFiguur:
    kpi: Kpi
    niveau: str  # "cluster" or "team"
    funnel: fm.Funnel


@dataclass
class Pakket:
    peildatum: Date
    van: Date
    tot: Date
    exportdatum: Date
    cijfers: list[KpiCijfer]
    matrix: pl.DataFrame  # cluster_naam, then per KPI key its value
    funnels: list[FunnelFiguur]
    melding: str | None = None  # e.g. the notes could not be read


def _pct(teller: float, noemer: float) -> float | None:
    return 100.0 * teller / noemer if noemer else None


def _deadline_cijfer(db: Database, kpi: Kpi, peildatum: Date, van: Date, tot: Date) -> KpiCijfer:
    figuur = engine.deadline_kpi(db, kpi.key, peildatum, van, tot)
    trend = engine.deadline_trend(db, kpi.key, peildatum).filter(pl.col("totaal") > 0)
    analyse = spc.kpi_analyse(kpi.key, trend, teller="tijdig", noemer="totaal",
                              onderwerp=kpi.korte_titel) if trend.height else None
    return KpiCijfer(kpi, figuur["percentage"],
                     f"{figuur['tijdig']} van {figuur['totaal']} maatregelen tijdig (deadline in de periode)", analyse)


def _caseload_cijfer(db: Database, kpi: Kpi, peildatum: Date) -> KpiCijfer:
    rijen = engine.series(db, "caseload", engine.maandeinden(peildatum)).filter(pl.col("team_soort") == "jb")
    per_maand = (rijen.group_by("peildatum").agg(pl.col("caseload").sum(), pl.col("fte").sum())
                 .with_columns(caseload_per_fte=pl.when(pl.col("fte") > 0).then(pl.col("caseload") / pl.col("fte")))
                 .rename({"peildatum": "maand"}).sort("maand"))
    analyse = spc.kpi_analyse(kpi.key, per_maand.filter(pl.col("caseload_per_fte").is_not_null()),
                              waarde="caseload_per_fte", onderwerp=kpi.korte_titel) if per_maand.height else None
    laatste = per_maand.filter(pl.col("maand") == peildatum)
    waarde = laatste["caseload_per_fte"][0] if laatste.height else None
    tekst = (f"{laatste['caseload'][0]:.0f} jeugdigen op {laatste['fte'][0]:.1f} fte (JB-teams)".replace(".", ",")
             if laatste.height else "geen medewerkers")
    return KpiCijfer(kpi, waarde, tekst, analyse)


def _aandeel_cijfer(db: Database, kpi: Kpi, peildatum: Date) -> KpiCijfer:
    """An at-peildatum KPI: the share of its Overzicht tile (registry.Tegel: the series and the
    columns that must all be true), per month end and at P."""
    tegel = kpi.tegel
    telling = engine.series(db, tegel.series, engine.maandeinden(peildatum), counts={"teller": tegel.teller}).rename(
        {"peildatum": "maand"}).filter(pl.col("totaal") > 0)
    analyse = spc.kpi_analyse(kpi.key, telling, teller="teller", noemer="totaal",
                              onderwerp=kpi.korte_titel) if telling.height else None
    laatste = telling.filter(pl.col("maand") == peildatum)
    if not laatste.height:
        return KpiCijfer(kpi, None, "geen maatregelen", analyse)
    teller, totaal = int(laatste["teller"][0]), int(laatste["totaal"][0])
    return KpiCijfer(kpi, _pct(teller, totaal), f"{teller} van {totaal} maatregelen ({tegel.maat})", analyse)


def _per_groep(db: Database, key: str, peildatum: Date, van: Date, tot: Date, groep: str) -> pl.DataFrame:
    """teller, noemer per `groep` (cluster_naam or team_naam) of KPI `key`."""
    if KPI_BY_KEY[key].kind == TERMIJN:
        rijen = engine.count_deadlines(db, key, peildatum, van, tot, by=[groep])
        return rijen.select(pl.col(groep).alias("eenheid"), pl.col("tijdig").alias("teller"),
                            pl.col("totaal").alias("noemer"))
    if KPI_BY_KEY[key].kind == MEDEWERKER:  # K4: caseload per fte of the JB teams
        rijen = engine.caseload(db, [peildatum]).filter(pl.col("team_soort") == "jb")
        return rijen.group_by(groep).agg(teller=pl.col("caseload").sum().cast(pl.Float64),
                                         noemer=pl.col("fte").sum().cast(pl.Float64)).rename({groep: "eenheid"})
    tegel = KPI_BY_KEY[key].tegel  # the engine's row function has the series' name (kind_alleen, ...)
    kolommen = tegel.teller
    rijen = getattr(engine, tegel.series)(db, [peildatum], columns=(groep, *kolommen))
    return rijen.group_by(groep).agg(teller=pl.all_horizontal(kolommen).sum().cast(pl.Int64),
                                     noemer=pl.len().cast(pl.Int64)).rename({groep: "eenheid"})


def _matrix(db: Database, peildatum: Date, van: Date, tot: Date) -> pl.DataFrame:
    """Per cluster, every KPI's figure (K4 caseload per fte, the others % )."""
    matrix = None
    for kpi in KPIS:
        per = _per_groep(db, kpi.key, peildatum, van, tot, "cluster_naam").select(
            "eenheid", pl.when(pl.col("noemer") > 0).then(
                pl.col("teller") / pl.col("noemer") * (1.0 if kpi.kind == MEDEWERKER else 100.0)).alias(kpi.key))
        matrix = per if matrix is None else matrix.join(per, on="eenheid", how="full", coalesce=True)
    return matrix.rename({"eenheid": "cluster_naam"}).sort("cluster_naam")


def verzamel(db: Database, peildatum: Date, van: Date | None = None, tot: Date | None = None,
             annotaties: list[an.Annotatie] | None = None) -> Pakket:
    """Every figure of the pack for the whole organisation. The period of the deadline KPIs
    defaults to the quarter up to the peildatum; `annotaties` default to the file beside the database."""
    if van is None:
        van = Date(peildatum.year, 3 * ((peildatum.month - 1) // 3) + 1, 1)
    tot = tot or peildatum
    melding = None
    if annotaties is None:
        try:
            annotaties = an.lees(an.pad_voor(db.path))
        except an.AnnotatieFout as fout:  # the pack without notes, and it says so
            annotaties, melding = [], str(fout)
    cijfers = []
    for kpi in KPIS:
        if kpi.kind == TERMIJN:
            cijfer = _deadline_cijfer(db, kpi, peildatum, van, tot)
        elif kpi.kind == MEDEWERKER:
            cijfer = _caseload_cijfer(db, kpi, peildatum)
        else:
            cijfer = _aandeel_cijfer(db, kpi, peildatum)
        cijfer.annotaties = an.zichtbaar(annotaties, ALLES, kpi.key)
        cijfers.append(cijfer)
    funnels = []
    for key in FUNNEL_KPIS:
        kpi = KPI_BY_KEY[key]
        for niveau, groep in (("cluster", "cluster_naam"), ("team", "team_naam")):
            per = _per_groep(db, key, peildatum, van, tot, groep).filter(pl.col("noemer") > 0).sort("eenheid")
            funnels.append(FunnelFiguur(kpi, niveau, fm.funnel(
                per["eenheid"].to_list(), per["teller"].to_list(), per["noemer"].to_list(),
                overdispersie=fm.ADDITIEF, richting=kpi.richting)))
    return Pakket(peildatum, van, tot, db.exportdatum, cijfers, _matrix(db, peildatum, van, tot), funnels, melding)


# ------------------------------------------------------------------------------------ charts (SVG)


def _e(tekst: object) -> str:
    return html.escape(str(tekst), quote=True)


def _getal(waarde: float | None, decimalen: int = 1) -> str:
    return "–" if waarde is None or (isinstance(waarde, float) and math.isnan(waarde)) else \
        f"{waarde:,.{decimalen}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def _waarde(cijfer: KpiCijfer) -> str:
    if cijfer.waarde is None:
        return "–"
    return _met_eenheid(cijfer.waarde, cijfer.kpi)


def _met_eenheid(waarde: float | None, kpi: Kpi) -> str:
    """'54,7%', or '13,44 per fte' for a KPI in another unit; '–' without a figure."""
    if waarde is None:
        return "–"
    return f"{_getal(waarde)}%" if kpi.eenheid == "%" else f"{_getal(waarde, 2)} {kpi.eenheid}"


def _maat(kpi: Kpi) -> str:
    """What a KPI's figure in the pack measures (the matrix caption)."""
    if kpi.kind == TERMIJN:
        return "% tijdig over de periode"
    if kpi.kind == MEDEWERKER:
        return "caseload per fte (JB-teams)"
    return kpi.tegel.maat


def _svg_img(svg: str, alt: str, breedte: int, hoogte: int) -> str:
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (f'<img src="data:image/svg+xml;base64,{data}" alt="{_e(alt)}" '
            f'style="width:{breedte}px;height:{hoogte}px">')


class _As:
    """A linear scale from a data range onto pixels."""

    def __init__(self, laag: float, hoog: float, van: float, tot: float):
        if hoog - laag < 1e-9:
            laag, hoog = laag - 1, hoog + 1
        self.laag, self.hoog, self.van, self.tot = laag, hoog, van, tot

    def __call__(self, x: float) -> float:
        return self.van + (x - self.laag) / (self.hoog - self.laag) * (self.tot - self.van)


def _lijn(punten: list[tuple[float, float]], kleur: str, dash: str = "", dikte: float = 1.5) -> str:
    if len(punten) < 2:
        return ""
    pad = " ".join(f"{x:.1f},{y:.1f}" for x, y in punten)
    return (f'<polyline points="{pad}" fill="none" stroke="{kleur}" stroke-width="{dikte}"'
            f'{f" stroke-dasharray={chr(34)}{dash}{chr(34)}" if dash else ""}/>')


def trend_svg(cijfer: KpiCijfer, breedte: int = 520, hoogte: int = 190) -> tuple[str, str] | None:
    """(svg, text alternative) of the KPI's monthly trend: values, mean, process limits (grey band),
    norm (dark dashed), notes (yellow bands); None without a trend."""
    a = cijfer.analyse
    if a is None or a.punten.is_empty():
        return None
    p = a.punten.filter(pl.col("waarde").is_not_null())
    maanden, waarden = p["maand"].to_list(), p["waarde"].to_list()
    grenzen = [v for c in ("ondergrens", "bovengrens") for v in p[c].to_list() if v is not None]
    norm = cijfer.kpi.norm
    alles = [*waarden, *grenzen, *([norm] if norm is not None else [])]
    links, rechts, boven, onder = 42, 10, 10, 22
    x = _As(0, max(1, len(maanden) - 1), links, breedte - rechts)
    y = _As(min(alles), max(alles), hoogte - onder, boven)
    delen = [f'<rect x="{links}" y="{boven}" width="{breedte - links - rechts}" height="{hoogte - boven - onder}" '
             f'fill="white" stroke="#cccccc"/>']
    for notitie in cijfer.annotaties:  # yellow band over the note's period, where it falls in the trend
        i = [k for k, m in enumerate(maanden) if notitie.van <= m <= (notitie.tot or notitie.van)
             or (m.year, m.month) == (notitie.van.year, notitie.van.month)]
        if i:
            x0, x1 = x(i[0]) - 4, x(i[-1]) + 4
            delen.append(f'<rect x="{x0:.1f}" y="{boven}" width="{x1 - x0:.1f}" height="{hoogte - boven - onder}" '
                         f'fill="{GEEL}" fill-opacity="0.35"/>')
    band_boven = [(x(i), y(v)) for i, v in enumerate(p["bovengrens"].to_list()) if v is not None]
    band_onder = [(x(i), y(v)) for i, v in enumerate(p["ondergrens"].to_list()) if v is not None]
    if band_boven and band_onder:
        veelhoek = " ".join(f"{px:.1f},{py:.1f}" for px, py in [*band_boven, *reversed(band_onder)])
        delen.append(f'<polygon points="{veelhoek}" fill="{GRIJS}" fill-opacity="0.18"/>')
    delen.append(_lijn([(x(i), y(v)) for i, v in enumerate(p["gemiddelde"].to_list()) if v is not None],
                       "#777777", "3,3", 1))
    if norm is not None:
        delen.append(_lijn([(links, y(norm)), (breedte - rechts, y(norm))], NORM_KLEUR, "6,3", 1.2))
        delen.append(f'<text x="{breedte - rechts - 2}" y="{y(norm) - 3:.1f}" font-size="9" text-anchor="end" '
                     f'fill="{NORM_KLEUR}">norm</text>')
    delen.append(_lijn([(x(i), y(v)) for i, v in enumerate(waarden)], BLAUW))
    for i, (v, regel) in enumerate(zip(waarden, p["regel"].to_list())):
        if regel is not None:  # a point a rule flags: a signal
            delen.append(f'<rect x="{x(i) - 3.5:.1f}" y="{y(v) - 3.5:.1f}" width="7" height="7" fill="{VERMILJOEN}" '
                         f'transform="rotate(45 {x(i):.1f} {y(v):.1f})"/>')
        else:
            delen.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.2" fill="{BLAUW}"/>')
    for waarde in (min(alles), max(alles)):
        delen.append(f'<text x="{links - 4}" y="{y(waarde) + 3:.1f}" font-size="9" text-anchor="end">'
                     f'{_e(_getal(waarde))}</text>')
    for i, anker in ((0, "start"), (len(maanden) - 1, "end")):
        delen.append(f'<text x="{x(i):.1f}" y="{hoogte - 6}" font-size="9" text-anchor="{anker}">'
                     f'{maanden[i].strftime("%m-%Y")}</text>')
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{breedte}" height="{hoogte}" '
           f'viewBox="0 0 {breedte} {hoogte}" font-family="{LETTER}">{"".join(delen)}</svg>')
    signalen = p["regel"].is_not_null().sum()
    alt = (f"Lijngrafiek van {cijfer.kpi.titel} per maand, {maanden[0].strftime('%m-%Y')} tot "
           f"{maanden[-1].strftime('%m-%Y')}: van {_getal(waarden[0])} naar {_getal(waarden[-1])}"
           f"{'%' if cijfer.kpi.eenheid == '%' else ' ' + cijfer.kpi.eenheid}; gemiddelde "
           f"{_getal(a.gemiddelde)}, procesgrenzen {_getal(a.ondergrens)} tot {_getal(a.bovengrens)}; "
           f"{signalen} maanden met een signaal. {a.zin}")
    return svg, alt


def funnel_svg(figuur: FunnelFiguur, breedte: int = 520, hoogte: int = 230) -> tuple[str, str]:
    """(svg, text alternative) of a funnel plot: 95 % (dashed) and 99.8 % (solid) limits, the
    target, the units (outside: named, orange square or red diamond)."""
    f = figuur.funnel
    e = f.eenheden.filter(pl.col("waarde").is_not_null())
    grootste = max([1.0, *e["noemer"].to_list()]) * 1.08
    curven = f.grenzen(punten=80, van=max(1.0, (e["noemer"].min() or 1.0) * 0.5), tot=grootste)
    waarden = [*e["waarde"].to_list(), *curven["ondergrens_998"].to_list(), *curven["bovengrens_998"].to_list()]
    links, rechts, boven, onder = 42, 10, 10, 24
    x = _As(0, grootste, links, breedte - rechts)
    y = _As(max(0.0, min(waarden)), min(100.0, max(waarden)), hoogte - onder, boven)
    delen = [f'<rect x="{links}" y="{boven}" width="{breedte - links - rechts}" height="{hoogte - boven - onder}" '
             f'fill="white" stroke="#cccccc"/>']
    for kolom, dash in (("ondergrens_95", "5,4"), ("bovengrens_95", "5,4"), ("ondergrens_998", ""),
                        ("bovengrens_998", "")):
        delen.append(_lijn([(x(n), y(v)) for n, v in zip(curven["noemer"], curven[kolom]) if v is not None],
                           "#777777", dash, 1))
    delen.append(_lijn([(links, y(f.doel * f.schaal)), (breedte - rechts, y(f.doel * f.schaal))], NORM_KLEUR, "2,2", 1))
    for rij in e.iter_rows(named=True):
        px, py = x(rij["noemer"]), y(rij["waarde"])
        if rij["oordeel"] in (fm.BOVEN_998, fm.ONDER_998):
            delen.append(f'<rect x="{px - 4:.1f}" y="{py - 4:.1f}" width="8" height="8" fill="{VERMILJOEN}" '
                         f'transform="rotate(45 {px:.1f} {py:.1f})"/>')
        elif rij["oordeel"] in (fm.BOVEN_95, fm.ONDER_95):
            delen.append(f'<rect x="{px - 3.5:.1f}" y="{py - 3.5:.1f}" width="7" height="7" fill="{ORANJE}"/>')
        else:
            delen.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{BLAUW}"/>')
        if rij["oordeel"] != fm.BINNEN:
            delen.append(f'<text x="{px + 6:.1f}" y="{py - 5:.1f}" font-size="8">{_e(rij["eenheid"])}</text>')
    for waarde in (y.laag, y.hoog):
        delen.append(f'<text x="{links - 4}" y="{y(waarde) + 3:.1f}" font-size="9" text-anchor="end">'
                     f'{_e(_getal(waarde, 0))}%</text>')
    delen.append(f'<text x="{(links + breedte) / 2:.0f}" y="{hoogte - 6}" font-size="9" text-anchor="middle">'
                 f'aantal maatregelen (0 tot {_e(_getal(grootste, 0))})</text>')
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{breedte}" height="{hoogte}" '
           f'viewBox="0 0 {breedte} {hoogte}" font-family="{LETTER}">{"".join(delen)}</svg>')
    return svg, fm.beschrijving(f, figuur.kpi.korte_titel, "clusters" if figuur.niveau == "cluster" else "teams")


# ------------------------------------------------------------------------------------ HTML and PDF

CSS = f"""
@page {{ size: A4; margin: 16mm 14mm; @bottom-right {{ content: "pagina " counter(page) " van " counter(pages);
  font-family: {LETTER}; font-size: 8pt; color: #555; }} }}
body {{ font-family: {LETTER}; font-size: 9.5pt; color: #1a1a1a; }}
h1 {{ font-size: 18pt; margin: 0 0 4pt; }} h2 {{ font-size: 13pt; margin: 14pt 0 4pt; break-after: avoid; }}
h3 {{ font-size: 11pt; margin: 10pt 0 3pt; break-after: avoid; }}
table {{ border-collapse: collapse; width: 100%; margin: 4pt 0; }}
th, td {{ border: 0.5pt solid #999; padding: 2pt 4pt; text-align: left; vertical-align: top; }}
th {{ background: #eeeeee; }} td.getal {{ text-align: right; }}
section.kpi {{ break-inside: avoid; }} figure {{ margin: 4pt 0; }} figcaption {{ font-size: 8pt; color: #333; }}
.klein {{ font-size: 8pt; color: #333; }}
"""


def _figuur(svg_alt: tuple[str, str] | None, breedte: int, hoogte: int, onderschrift: str) -> str:
    if svg_alt is None:
        return '<p class="klein">Geen trend beschikbaar.</p>'
    svg, alt = svg_alt
    return f"<figure>{_svg_img(svg, alt, breedte, hoogte)}<figcaption>{_e(onderschrift)}</figcaption></figure>"


def _icoon(a: spc.Analyse | None) -> tuple[str, str]:
    if a is None or a.variatie is None:
        return "–", "–"
    variatie = f"{VARIATIE_TEKEN.get(a.variatie, '')} {a.variatie_label}"
    zekerheid = f"{ZEKERHEID_TEKEN.get(a.zekerheid, '')} {a.zekerheid_label}" if a.zekerheid else "–"
    return variatie, zekerheid


def html_pakket(pakket: Pakket) -> str:
    """The pack as one HTML document (every data value escaped)."""
    d = lambda dag: dag.strftime("%d-%m-%Y")  # noqa: E731
    rijen = []
    for c in pakket.cijfers:
        variatie, zekerheid = _icoon(c.analyse)
        haalt = {True: "ja", False: "nee", None: "–"}[c.haalt_norm]
        rijen.append(f"<tr><th scope=\"row\">{_e(c.kpi.key.upper())} {_e(c.kpi.korte_titel)}</th>"
                     f"<td class=\"getal\">{_e(_waarde(c))}</td><td>{_e(c.kpi.norm_tekst)}</td><td>{haalt}</td>"
                     f"<td>{_e(variatie)}</td><td>{_e(zekerheid)}</td></tr>")
    delen = [
        "<h1>Bestuurspakket JB-stuurinformatie</h1>",
        f"<p>Peildatum {d(pakket.peildatum)}. Termijn-KPI's ({_e(TERMIJNEN)}): deadlines van {d(pakket.van)} tot en met "
        f"{d(pakket.tot)}. Export van {d(pakket.exportdatum)}; gemaakt op {d(dt.date.today())}. Hele organisatie.</p>",
        *([f"<p><strong>Let op:</strong> {_e(pakket.melding)}</p>"] if pakket.melding else []),
        "<h2>Alle KPI's tegen hun norm</h2>",
        f"<table><caption class=\"klein\">Het cijfer op de peildatum ({_e(TERMIJNEN)} over de periode), de norm, of die "
        "gehaald wordt, en het oordeel over de trend: variatie (Making Data Count) en zekerheid tegen de norm.</caption>"
        "<thead><tr><th scope=\"col\">KPI</th><th scope=\"col\">Cijfer</th><th scope=\"col\">Norm</th>"
        "<th scope=\"col\">Gehaald</th><th scope=\"col\">Variatie</th><th scope=\"col\">Zekerheid</th></tr></thead>"
        f"<tbody>{''.join(rijen)}</tbody></table>",
        "<p class=\"klein\">Variatie: ● gewone variatie; ▲/▼ bijzondere variatie omhoog/omlaag (verbetering of "
        "zorgelijk naar de richting van de KPI). Zekerheid: ✓ haalt de norm, ✗ haalt de norm niet, ~ wisselend "
        "(de norm ligt tussen de procesgrenzen).</p>",
        "<h2>Trends per KPI</h2>",
    ]
    for c in pakket.cijfers:
        variatie, zekerheid = _icoon(c.analyse)
        delen.append(f"<section class=\"kpi\"><h3>{_e(c.kpi.key.upper())} · {_e(c.kpi.titel)}</h3>"
                     f"<p><strong>{_e(_waarde(c))}</strong> ({_e(c.toelichting)}). Norm: {_e(c.kpi.norm_tekst)}. "
                     f"Variatie: {_e(variatie)}. Zekerheid: {_e(zekerheid)}.</p>")
        delen.append(_figuur(trend_svg(c), 520, 190, f"Per maandeinde ({_e(TERMIJNEN)}: per maand van de deadline), 36 "
                             "maanden. Grijze band: procesgrenzen; ruit: signaal; gestippeld: norm; gele band: notitie."))
        if c.analyse is not None and c.analyse.zin:
            delen.append(f"<p>{_e(c.analyse.zin)}</p>")
        if c.annotaties:
            items = "".join(f"<li>{_e(a.periode)}{' (' + _e(a.cluster) + ')' if a.cluster else ''}: {_e(a.tekst)} "
                            f"<span class=\"klein\">— {_e(a.door)}, {a.op.strftime('%d-%m-%Y')}</span></li>"
                            for a in c.annotaties)
            delen.append(f"<p><strong>Notities</strong></p><ul>{items}</ul>")
        delen.append("</section>")
    delen.append("<h2>Clusters × KPI's</h2>")
    kop = "".join(f"<th scope=\"col\">{_e(k.key.upper())} {_e(k.korte_titel)}</th>" for k in KPIS)
    body = []
    for rij in pakket.matrix.iter_rows(named=True):
        cellen = "".join(f"<td class=\"getal\">{_e(_met_eenheid(rij[k.key], k))}</td>" for k in KPIS)
        body.append(f"<tr><th scope=\"row\">{_e(rij['cluster_naam'])}</th>{cellen}</tr>")
    maten = "; ".join(f"{k.key.upper()} {_maat(k)}" for k in KPIS)
    delen.append(f"<table><caption class=\"klein\">{_e(maten)} (op de peildatum, behalve de termijnen)."
                 f"</caption><thead><tr><th scope=\"col\">Cluster</th>{kop}</tr></thead>"
                 f"<tbody>{''.join(body)}</tbody></table>")
    delen.append("<h2>Funnelplots: clusters en teams naar omvang</h2>")
    delen.append("<p>Een funnelplot zet het cijfer van iedere eenheid af tegen haar omvang. Binnen de trechter "
                 "past het verschil bij toeval; daarbuiten niet (95%-grens: let op; 99,8%-grens: alarm). Doel: het "
                 "gemiddelde van de organisatie. Zijn de verschillen groter dan toeval verklaart, dan zijn de grenzen "
                 "verbreed (overdispersie, Spiegelhalter 2005).</p>")
    for figuur in pakket.funnels:
        eenheden = "clusters" if figuur.niveau == "cluster" else "teams"
        delen.append(f"<section class=\"kpi\"><h3>{_e(figuur.kpi.key.upper())} {_e(figuur.kpi.korte_titel)} per "
                     f"{_e(figuur.niveau)}</h3>")
        svg_alt = funnel_svg(figuur)
        delen.append(_figuur(svg_alt, 520, 230, f"Stippen: {eenheden}; gestippeld: 95%-grenzen; doorgetrokken: "
                             "99,8%-grenzen; oranje vierkant: buiten 95%; rode ruit: buiten 99,8%."))
        delen.append(f"<p>{_e(svg_alt[1])}</p></section>")
    return (f"<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Bestuurspakket "
            f"{d(pakket.peildatum)}</title><meta name=\"description\" content=\"KPI's, trends, clusters en "
            f"funnelplots\"><style>{CSS}</style></head><body>{''.join(delen)}</body></html>")


def pdf_bytes(pakket: Pakket) -> bytes:
    """The pack as tagged PDF/UA-1."""
    from weasyprint import HTML

    return HTML(string=html_pakket(pakket)).write_pdf(pdf_variant="pdf/ua-1")


def bestandsnaam(peildatum: Date) -> str:
    return f"bestuurspakket-{peildatum.isoformat()}.pdf"


def schrijf(db: Database, peildatum: Date, out: Path, van: Date | None = None, tot: Date | None = None) -> Path:
    """Write the pack for `peildatum` into folder `out`; returns the file."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    pad = out / bestandsnaam(peildatum)
    tijdelijk = pad.with_name(f".{pad.name}.tmp")
    tijdelijk.write_bytes(pdf_bytes(verzamel(db, peildatum, van, tot)))
    tijdelijk.replace(pad)
    return pad
