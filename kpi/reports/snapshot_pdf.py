"""The municipal snapshot as a tagged, accessible PDF (PDF/UA-1), rendered from HTML by WeasyPrint.

The document is Dutch (`lang="nl"`, /Lang nl-NL), has a title, real headings (h1, h2), tables with
header cells, and a text alternative for each chart; the page header and footer are artifacts. The
same snapshot gives the same bytes (fixed dates: the export date; the file identifier is a hash of the
content). Only published figures are read (`Snapshot.tekst`, `Snapshot.weergave`). docs/snapshot.md.
"""

from __future__ import annotations

import base64
import io
from html import escape
from pathlib import Path

from kpi.core import norms
from kpi.core.organisatie import Organisatie, organisatie
from kpi.core.registry import KPI_BY_KEY
from kpi.core.kleuren import BLAUW, KLEURCODE_KLEUREN, NORM_KLEUR
from kpi.core.labels import KLEURCODE_LABELS, SOORT_LABELS
from kpi.reports import snapshot as sn
from kpi.reports import suppression as sup

NAVY = "#12355B"  # header band
INKT = "#1A1A1A"
ZACHT = "#4D4D4D"  # 8.5:1 on white
LIJN = "#C5D0DB"
VLAK = "#EDF2F7"
LETTER = "'Liberation Sans', 'DejaVu Sans', Arial, sans-serif"


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def titel_grootte(titel: str) -> float:
    """Font size (pt) of the title: 20 pt, smaller for long municipality names, never below 12 pt; the
    title wraps between words only (no hyphenation, no break inside a word)."""
    return max(12.0, min(20.0, 20.0 * 30 / max(len(titel), 1)))


# --------------------------------------------------------------------------- charts (SVG with a text alternative)


def voorgelezen(tekst: str) -> str:
    """A shown figure as a screen reader should say it: the suppression marks in words."""
    return {sup.KLEIN: f"1 tot en met {norms.ONDERDRUK_MAX}", sup.AANVULLEND: "niet getoond",
            sup.NIET_GETOOND: "niet getoond"}.get(tekst, tekst)


def _svg(breedte: int, hoogte: int, inhoud: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{breedte}" height="{hoogte}" '
            f'viewBox="0 0 {breedte} {hoogte}" font-family="{LETTER}">{inhoud}</svg>')


def termijn_grafiek(snapshot: sn.Snapshot) -> tuple[str, str] | None:
    """(svg, text alternative) of % on time for K1-K3 against the 100% norm; None when no percentage is
    shown (a chart with nothing to show is left out)."""
    waarden = {k: snapshot.weergave[f"{k}.percentage"] for k in sn.TERMIJNEN}
    if all(w.verborgen for w in waarden.values()):
        return None
    breedte, hoogte, links, rechts, onder, boven = 640, 134, 150, 70, 22, 18
    schaal = (breedte - links - rechts) / 100.0
    rij_h = (hoogte - onder - boven) / len(sn.TERMIJNEN)
    delen, alt = [], []
    for tick in (0, 25, 50, 75, 100):
        x = links + tick * schaal
        delen.append(f'<line x1="{x:.1f}" y1="{boven}" x2="{x:.1f}" y2="{hoogte - onder}" stroke="#DDDDDD" '
                     f'stroke-width="0.8"/><text x="{x:.1f}" y="{hoogte - 6}" font-size="11" fill="{ZACHT}" '
                     f'text-anchor="middle">{tick}%</text>')
    for i, key in enumerate(sn.TERMIJNEN):
        midden = boven + (i + 0.5) * rij_h
        naam = KPI_BY_KEY[key].korte_titel
        delen.append(f'<text x="{links - 8}" y="{midden + 4:.1f}" font-size="12" fill="{INKT}" '
                     f'text-anchor="end">{_e(naam)}</text>')
        w = waarden[key]
        if w.verborgen:
            geen = snapshot.weergave[f"{key}.totaal"].waarde == 0
            tekst = "geen deadline in het kwartaal" if geen else "niet getoond (–)"
            delen.append(f'<text x="{links + 6}" y="{midden + 4:.1f}" font-size="11" font-style="italic" '
                         f'fill="{ZACHT}">{tekst}</text>')
            alt.append(f"{naam}: {tekst}")
            continue
        lengte = max(w.waarde * schaal, 1.2)
        delen.append(f'<rect x="{links}" y="{midden - rij_h * 0.28:.1f}" width="{lengte:.1f}" '
                     f'height="{rij_h * 0.56:.1f}" fill="{BLAUW}"/>'
                     f'<text x="{links + lengte + 6:.1f}" y="{midden + 4:.1f}" font-size="12" font-weight="bold" '
                     f'fill="{INKT}">{_e(w.tekst)}</text>')
        alt.append(f"{naam}: {w.tekst} tijdig")
    x_norm = links + 100 * schaal
    delen.append(f'<line x1="{x_norm:.1f}" y1="{boven}" x2="{x_norm:.1f}" y2="{hoogte - onder}" '
                 f'stroke="{NORM_KLEUR}" stroke-width="1.5" stroke-dasharray="4 3"/>'
                 f'<text x="{x_norm:.1f}" y="{boven - 6}" font-size="11" fill="{NORM_KLEUR}" '
                 f'text-anchor="middle">norm 100%</text>')
    return _svg(breedte, hoogte, "".join(delen)), ("Staafdiagram, percentage tijdig per termijn tegen de norm "
                                                   "van 100%: " + "; ".join(alt) + ".")


def kleur_grafiek(snapshot: sn.Snapshot) -> tuple[str, str] | None:
    """(svg, text alternative) of the measures without a fixed worker by colour code; None when no colour
    has a shown number above 0 (all suppressed or none: nothing to show)."""
    waarden = {k: snapshot.weergave[f"zonder.{k}"] for k in sn.KLEUREN}
    if not any(not w.verborgen and w.waarde > 0 for w in waarden.values()):
        return None
    breedte, hoogte, onder, boven = 300, 150, 30, 20
    kolom = breedte / len(sn.KLEUREN)
    hoogste = max([w.waarde for w in waarden.values() if not w.verborgen] + [1])
    schaal = (hoogte - onder - boven) / hoogste
    delen = [f'<line x1="0" y1="{hoogte - onder}" x2="{breedte}" y2="{hoogte - onder}" stroke="{INKT}" '
             f'stroke-width="0.8"/>']
    alt = []
    for i, kleur in enumerate(sn.KLEUREN):
        x, b = i * kolom + kolom * 0.18, kolom * 0.64
        w = waarden[kleur]
        label = KLEURCODE_LABELS[kleur] if kleur != "geen" else "Geen kleur"
        delen.append(f'<text x="{x + b / 2:.1f}" y="{hoogte - onder + 15}" font-size="11" fill="{INKT}" '
                     f'text-anchor="middle">{label}</text>')
        alt.append(f"{label}: {voorgelezen(w.tekst)}")
        if w.verborgen:
            delen.append(f'<rect x="{x:.1f}" y="{hoogte - onder - 14}" width="{b:.1f}" height="14" fill="none" '
                         f'stroke="{KLEURCODE_KLEUREN[kleur]}" stroke-width="1.2" stroke-dasharray="3 2"/>'
                         f'<text x="{x + b / 2:.1f}" y="{hoogte - onder - 19}" font-size="12" font-weight="bold" '
                         f'fill="{INKT}" text-anchor="middle">{_e(w.tekst)}</text>')
            continue
        h = w.waarde * schaal
        if h > 0:
            delen.append(f'<rect x="{x:.1f}" y="{hoogte - onder - h:.1f}" width="{b:.1f}" height="{h:.1f}" '
                         f'fill="{KLEURCODE_KLEUREN[kleur]}"/>')
        delen.append(f'<text x="{x + b / 2:.1f}" y="{hoogte - onder - h - 5:.1f}" font-size="12" '
                     f'font-weight="bold" fill="{INKT}" text-anchor="middle">{_e(w.tekst)}</text>')
    return _svg(breedte, hoogte, "".join(delen)), ("Staafdiagram, maatregelen zonder vaste jeugdzorgwerker "
                                                   "naar kleurcode: " + "; ".join(alt) + ".")


def _figuur(grafiek: tuple[str, str] | None, kop: str, klasse: str) -> str:
    if grafiek is None:
        return ""
    svg, alt = grafiek
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (f'<figure class="{klasse}"><figcaption>{_e(kop)}</figcaption>'
            f'<img src="data:image/svg+xml;base64,{data}" alt="{_e(alt)}"></figure>')


# --------------------------------------------------------------------------- HTML


def _tabel(kop: list[str] | None, rijen: list[list[str]], klasse: str = "", totaal: set[int] = frozenset(),
           bijschrift: str | None = None) -> str:
    """A table whose first column holds row headers; `kop` the column headers. Cells are plain text
    (escaped), except those given as ("html", markup)."""
    delen = [f'<table class="{klasse}">']
    if bijschrift:
        delen.append(f'<caption>{_e(bijschrift)}</caption>')
    if kop:
        delen.append("<thead><tr>" + "".join(f'<th scope="col">{_e(k)}</th>' for k in kop) + "</tr></thead>")
    delen.append("<tbody>")
    for i, rij in enumerate(rijen):
        cellen = [f'<th scope="row">{_cel(rij[0])}</th>'] + [f"<td>{_cel(c)}</td>" for c in rij[1:]]
        delen.append(('<tr class="totaal">' if i in totaal else "<tr>") + "".join(cellen) + "</tr>")
    delen.append("</tbody></table>")
    return "".join(delen)


def _cel(cel) -> str:
    if isinstance(cel, tuple):
        return cel[1]
    return _e(cel)


def _stijl(snapshot: sn.Snapshot, org: Organisatie) -> str:
    kop2 = f"Gemeente {snapshot.gemeente_naam} ({snapshot.gemeente_code})"
    return f"""
@page {{ size: A4; margin: 16mm 17mm 18mm 17mm;
  @top-left {{ content: "{_css(kop2)}"; font: bold 9pt {LETTER}; color: {NAVY}; }}
  @top-right {{ content: "Kwartaalrapportage {snapshot.kwartaal}"; font: 9pt {LETTER}; color: {NAVY}; }}
  @bottom-left {{ content: "{_css(org.naam)}  ·  peildatum {sn.datum(snapshot.peildatum)}  ·  exportdatum {sn.datum(snapshot.exportdatum)}";
                 font: 7.5pt {LETTER}; color: {ZACHT}; }}
  @bottom-right {{ content: "pagina " counter(page) " van {sn.PDF_PAGINAS}"; font: 7.5pt {LETTER}; color: {ZACHT}; }} }}
@page :first {{ margin-top: 12mm; @top-left {{ content: none; }} @top-right {{ content: none; }} }}
html {{ font-family: {LETTER}; font-size: 8.8pt; line-height: 1.32; color: {INKT}; hyphens: manual; }}
body {{ margin: 0; }}
header.band {{ background: {NAVY}; color: white; padding: 3mm 6mm 3mm 6mm; border-bottom: 1.6mm solid {BLAUW};
  display: table; width: 100%; box-sizing: border-box; }}
header.band > * {{ display: table-cell; vertical-align: top; }}
header.band .tekst {{ width: 100%; padding-left: 0; }}
header.band img {{ max-height: 14mm; max-width: 40mm; background: white; padding: 1mm; margin-right: 5mm; }}
header.band p {{ margin: 0; }}
header.band .org {{ font-size: 8.5pt; }}
header.band h1 {{ font-size: {titel_grootte(f"Gemeente {snapshot.gemeente_naam}"):.1f}pt; line-height: 1.15;
  margin: 1.5mm 0 1mm 0; overflow-wrap: normal; word-break: normal; }}
header.band .sub {{ font-size: 10pt; }}
header.band .code {{ font-size: 9pt; }}
header.band .kwartaal {{ font-size: 24pt; font-weight: bold; white-space: nowrap; padding-left: 5mm; }}
h2 {{ font-size: 11.5pt; color: {NAVY}; margin: 3.2mm 0 1.2mm 0; break-after: avoid; }}
p {{ margin: 0 0 1.2mm 0; }}
.klein {{ font-size: 7.8pt; color: {ZACHT}; }}
dl.tegels {{ display: table; width: 100%; table-layout: fixed; margin: 3mm 0; background: {VLAK}; }}
dl.tegels div {{ display: table-cell; padding: 1.6mm 2.4mm; border-left: 2px solid white; }}
dl.tegels dt {{ font-size: 7.6pt; color: {ZACHT}; }}
dl.tegels dd {{ margin: 0; font-size: 12pt; font-weight: bold; color: {NAVY}; }}
table {{ border-collapse: collapse; margin: 0 0 1.5mm 0; }}
caption {{ text-align: left; font-weight: bold; color: {NAVY}; font-size: 9pt; padding-bottom: 1mm; }}
th, td {{ padding: 0.7mm 1.6mm; border-bottom: 0.4pt solid {LIJN}; vertical-align: middle; }}
thead th {{ white-space: nowrap; background: {VLAK}; border-bottom: 0.8pt solid {NAVY}; font-size: 8.2pt; text-align: right; }}
thead th:first-child {{ text-align: left; }}
tbody th {{ font-weight: normal; text-align: left; }}
td {{ text-align: right; white-space: nowrap; }}
tr.totaal th, tr.totaal td {{ font-weight: bold; border-top: 0.8pt solid {INKT}; }}
td.pct {{ font-weight: bold; }}
td.samen {{ text-align: center; }}
.naast {{ display: table; width: 100%; }}
.naast > div {{ display: table-cell; vertical-align: top; }}
.naast > .links {{ width: 1%; padding-right: 6mm; }}
.naast > .links th {{ white-space: nowrap; }}
figure {{ margin: 1.5mm 0; }}
figcaption {{ font-weight: bold; color: {NAVY}; font-size: 9pt; margin-bottom: 1mm; }}
figure.termijn img {{ width: 80%; }}
figure.kleur img {{ width: 72mm; }}
.kader {{ border: 0.8pt solid {BLAUW}; background: #F6F9FC; padding: 2mm 3mm; margin-top: 3mm; break-inside: avoid; }}
.kader h2 {{ margin-top: 0; font-size: 9.4pt; }}
.pagina2 {{ break-before: page; }}
table.termijnen {{ width: 100%; }}
table.breed {{ width: 100%; }}
table.over th {{ font-weight: bold; width: 34mm; vertical-align: top; font-size: 7.8pt; }}
table.over td {{ white-space: normal; text-align: left; font-size: 7.8pt; color: {ZACHT}; }}
"""


def _css(text: str) -> str:
    """A string for a CSS `content:` value."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def html(snapshot: sn.Snapshot, org: Organisatie | None = None) -> str:
    """The snapshot as one HTML document (lang="nl") for WeasyPrint."""
    org = org or organisatie()
    t = snapshot.tekst
    s = snapshot
    titel = f"Kwartaalrapportage gemeente {s.gemeente_naam} {s.kwartaal}"
    logo = (f'<img src="data:{org.logo_type};base64,{base64.b64encode(org.logo).decode("ascii")}" '
            f'alt="Logo {_e(org.naam)}">' if org.logo else "")
    datum_iso = s.exportdatum.isoformat()
    d: list[str] = [
        f'<!DOCTYPE html><html lang="nl-NL"><head><meta charset="utf-8"><title>{_e(titel)}</title>'
        f'<meta name="author" content="{_e(org.naam)}"><meta name="generator" content="{_e(org.naam)}">'
        f'<meta name="description" content="Kwartaalsnapshot {_e(s.gemeente_code)} {_e(s.kwartaal)}">'
        f'<meta name="dcterms.created" content="{datum_iso}"><meta name="dcterms.modified" content="{datum_iso}">'
        f'<style>{_stijl(s, org)}</style></head><body>',
        f'<header class="band">{logo}<div class="tekst"><p class="org">{_e(org.naam)}</p>'
        f'<h1>Gemeente {_e(s.gemeente_naam)}</h1>'
        f'<p class="sub">Kwartaalrapportage jeugdbescherming en jeugdreclassering</p>'
        f'<p class="code">CBS-code {_e(s.gemeente_code)}  ·  {_e(sn.kwartaal_tekst(s))}</p></div>'
        f'<p class="kwartaal">{_e(s.kwartaal)}</p></header>',
        '<dl class="tegels">' + "".join(
            f"<div><dt>{_e(label)}</dt><dd>{_e(waarde)}</dd></div>" for label, waarde in (
                ("Kwartaal", s.kwartaal), ("Peildatum", sn.datum(s.peildatum)),
                ("Exportdatum gegevens", sn.datum(s.exportdatum)), ("Lopende maatregelen", t("lopend.totaal"))))
        + "</dl>",
        f"<p>Deze rapportage geeft de gemeente {_e(s.gemeente_naam)} een beeld van de uitvoering van "
        f"jeugdbeschermings- en jeugdreclasseringsmaatregelen voor kinderen uit de gemeente in het "
        f"{_e(sn.kwartaal_tekst(s))}. {_e(sn.peildatum_tekst(s))} {_e(sn.UITLEG['privacy'])} "
        f"Kleine aantallen zijn afgeschermd; hoe, staat onderaan deze pagina.</p>",
    ]

    # 2 (first: the percentages). legal terms
    d.append("<h2>Wettelijke termijnen: maatregelen met een deadline in het kwartaal</h2>")
    rijen = [[KPI_BY_KEY[key].titel, t(f"{key}.percentage"), *(t(c) for c in sn.termijn_cellen(s.cijfers, key))]
             for key in sn.TERMIJNEN]
    d.append(_termijn_tabel(rijen))
    d.append(f"<p class=\"klein\">{_e(sn.UITLEG['termijnen'])}</p>")
    d.append(_figuur(termijn_grafiek(s), "Percentage tijdig per termijn, tegen de norm van 100%", "termijn"))
    for key in sn.TERMIJNEN:
        d.append(f"<p class=\"klein\"><b>{_e(KPI_BY_KEY[key].korte_titel)}.</b> {_e(KPI_BY_KEY[key].snapshot_tekst)}</p>")

    # 1. running measures
    d.append("<h2>Lopende maatregelen op de peildatum</h2>")
    rijen = [[SOORT_LABELS[x], t(f"lopend.{x}")] for x in sn.SOORTEN] + [["Totaal", t("lopend.totaal")]]
    d.append('<div class="naast"><div class="links">'
             + _tabel(["Soort maatregel", "Aantal"], rijen, totaal={len(rijen) - 1}) + '</div><div class="rechts">'
             + f"<p>{_e(sn.UITLEG['lopend'])} Een OTS en een voogdij zijn kinderbeschermingsmaatregelen die de "
               "kinderrechter oplegt; jeugdreclassering begeleidt jongeren na een strafzaak. Een kind kan meer "
               "dan één maatregel hebben.</p></div></div>")
    d.append('<section class="kader"><h2>Afscherming van kleine aantallen</h2>'
             f"<p>{_e(sup.REGEL)}</p>" + "".join(f'<p class="klein">{_e(v)}</p>' for v in sn.VOETNOTEN.values())
             + "</section>")

    # page 2: child seen alone
    d.append('<h2 class="pagina2">Kind alleen gesproken (OTS en voogdij)</h2>')
    rijen = [["Percentage dat voldoet", ("html", f"<b>{_e(t('k5.percentage_geregistreerd'))}</b>"),
              ("html", f"<b>{_e(t('k5.percentage_gevalideerd'))}</b>")],
             [sn.K5_LABEL["voldoet"], t("k5.voldoet_geregistreerd"), t("k5.voldoet_gevalideerd")],
             [sn.K5_LABEL["voldoet_niet"], t("k5.voldoet_niet_geregistreerd"), t("k5.voldoet_niet_gevalideerd")],
             ["Totaal kinderen met een jaarnorm", t("k5.populatie"), t("k5.populatie")]]
    d.append('<div class="naast"><div class="links">'
             + _tabel(["Kinderen", "Volgens registratie", "Gevalideerd"], rijen, totaal={3})
             + f'</div><div class="rechts"><p>{_e(KPI_BY_KEY["k5"].snapshot_tekst)}</p></div></div>')

    # without a fixed worker
    d.append("<h2>Maatregelen zonder vaste jeugdzorgwerker</h2>")
    rijen = [[KLEURCODE_LABELS[k], t(f"zonder.{k}")] for k in sn.KLEUREN]
    rijen.append(["Totaal zonder vaste jeugdzorgwerker", t("zonder.totaal")])
    rijen.append(["Op de monitorlijst", t("monitorlijst.aantal")])
    wacht = s.weergave["monitorlijst.mediaan_wachtdagen"]
    rijen.append(["Mediane wachttijd op de lijst", wacht.tekst + ("" if wacht.verborgen else " dagen")])
    grafiek = _figuur(kleur_grafiek(s), "Zonder vaste jeugdzorgwerker, naar kleurcode", "kleur")
    d.append('<div class="naast"><div class="links">'
             + _tabel(["Kleurcode", "Aantal"], rijen, totaal={len(sn.KLEUREN)})
             + f'</div><div class="rechts">{grafiek}</div></div>')
    d.append(f"<p class=\"klein\">{_e(sn.UITLEG['zonder'] + ' ' + sn.UITLEG['monitorlijst'])} De mediaan staat "
             f"er alleen bij {norms.MIN_NOEMER_PERCENTAGE} of meer maatregelen op de lijst.</p>")

    # open help requests
    d.append("<h2>Openstaande hulpaanvragen</h2>")
    d.append('<div class="naast"><div class="links">'
             + _tabel(None, [["Openstaande hulpaanvragen op de peildatum", t("hulp.open")]])
             + f'</div><div class="rechts"><p>{_e(sn.UITLEG["hulp"])}</p></div></div>')

    # complaints
    d.append("<h2>Klachten</h2>")
    d.append('<div class="naast"><div class="links">'
             + _tabel(None, [["Ontvangen klachten in het kwartaal", t("klachten.ontvangen")]])
             + f'</div><div class="rechts"><p>{_e(sn.UITLEG["klachten"])}</p></div></div>')

    # about these figures
    d.append("<h2>Over deze cijfers</h2>")
    d.append(_tabel(None, [[term, tekst] for term, tekst in sn.OVER_DE_CIJFERS], klasse="over"))
    if s.context is not None:
        d.append(_context(s))
    d.append("</body></html>")
    return "".join(d)


def _context(s: sn.Snapshot) -> str:
    """Page 3: the percentages beside the previous quarter, the cluster and the GI, and the trend of the
    headline figures (each quarter as its own snapshot showed it)."""
    c = s.context
    kolommen = sn.kolommen(s)
    naast = [*(["vorig kwartaal"] if c.vorig else []),
             *("hele GI" if n.code == "gi" else "cluster" for n in c.niveaus)]
    kop = ", ".join(naast[:-1]) + " en " + naast[-1] if len(naast) > 1 else "".join(naast)
    d = [f'<h2 class="pagina2">Vergelijking: {_e(kop)}</h2>']
    rijen = []
    for a in sn.VERGELEKEN_PERCENTAGES:
        label = sn.VERGELEKEN_LABELS[a]
        rijen.append([label, ("html", f"<b>{_e(s.tekst(a))}</b>"),
                      *(("" if (w := cel(a)) is None else w.tekst) for _, cel in kolommen[:1 if c.vorig else 0]),
                      *(c.vergelijking_tekst(n.code, a) for n in c.niveaus)])
    d.append(_tabel(["Percentage", f"Gemeente {s.kwartaal}", *(k for k, _ in kolommen)], rijen, klasse="breed"))
    d.append(f'<p class="klein">{_e(sn.VERGELIJKING_UITLEG)}</p>')
    d.append(f"<h2>Verloop over {len(c.kwartalen)} kwartalen</h2>")
    rijen = [[label, *(sn.verloop_tekst(c, q, key) for q in c.kwartalen)] for label, key in sn.VERLOOP_KERN]
    d.append(_tabel(["Cijfer", *c.kwartalen], rijen, klasse="breed"))
    d.append(f'<p class="klein">{_e(sn.VERLOOP_UITLEG)} Alle cijfers per kwartaal staan in het Excel-bestand, '
             f'op het blad \'Verloop\'.</p>')
    return "".join(d)


def _termijn_tabel(rijen: list[list[str]]) -> str:
    """K1-K3: the percentage first; a merged KPI (tijdig, niet tijdig, totaal) writes "niet tijdig" across
    the columns te laat and verlopen ("14 (samen)")."""
    kop = ["Termijn", "% tijdig", "Tijdig", "Te laat", "Verlopen", "Totaal"]
    delen = ['<table class="termijnen"><thead><tr>' + "".join(f'<th scope="col">{k}</th>' for k in kop)
             + "</tr></thead><tbody>"]
    for titel, pct, *cijfers in rijen:
        if len(cijfers) == 3:
            cellen = (f"<td>{_e(cijfers[0])}</td><td colspan=\"2\" class=\"samen\">{_e(cijfers[1])} (samen)</td>"
                      f"<td>{_e(cijfers[2])}</td>")
        else:
            cellen = "".join(f"<td>{_e(c)}</td>" for c in cijfers)
        delen.append(f'<tr><th scope="row">{_e(titel)}</th><td class="pct">{_e(pct)}</td>{cellen}</tr>')
    delen.append("</tbody></table>")
    return "".join(delen)


def write_pdf(snapshot: sn.Snapshot, target: Path | io.BytesIO, org: Organisatie | None = None) -> int:
    """The two-page A4 report as PDF/UA-1; the same snapshot gives the same bytes. Returns the page count."""
    from weasyprint import HTML

    document = HTML(string=html(snapshot, org)).render(pdf_variant="pdf/ua-1")
    paginas = len(document.pages)
    verwacht = sn.PDF_PAGINAS + (snapshot.context is not None)
    if paginas != verwacht:
        raise sn.PaginaFout(f"Snapshot {snapshot.gemeente_code} heeft {paginas} pagina's in plaats van "
                            f"{verwacht}")
    data = document.write_pdf(pdf_variant="pdf/ua-1")
    if isinstance(target, (str, Path)):
        Path(target).write_bytes(data)
    else:
        target.write(data)
    return paginas
