"""Accessibility in a real browser: axe-core 4 (tests/axe, pinned by its package-lock, installed by
scripts/test.sh with `npm ci`) on every page, for every role that sees different pages.

The check is WCAG 2.1 A and AA (axe's tags wcag2a, wcag2aa, wcag21a, wcag21aa). Zero violations in what the
project controls; the few nodes only Streamlit itself can fix are excluded one by one in `STREAMLIT`, each with
its reason, and listed in docs/toegankelijkheid.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_browser import (ARTIFACTS, PAGES, ROOT, login, no_exception, page,  # noqa: F401 (fixtures)
                                server, wait_for_path, wait_idle)

pytestmark = pytest.mark.browser

AXE = ROOT / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# (axe rule, CSS selector of the nodes, why only Streamlit can fix it). Keep in step with docs/toegankelijkheid.md.
STREAMLIT: list[tuple[str, str, str]] = []

# (demo user, name, the pages in their navigation: every page of tests/test_browser.PAGES, in its order,
# the Gegevens page for functional administration; a municipality only its snapshot and the definitions)
ALLE = [path for path, _ in PAGES]
ROLLEN = [
    ("Demo bestuurder", "bestuur", ALLE),
    ("Demo functioneel beheerder", "beheer", [*ALLE, "gegevens"]),
    ("Demo gebiedsmanager Utrecht/Flevoland", "gebiedsmanager", ALLE),
    ("Demo gemeente Holvliet (GM1171)", "gemeente", ["gemeente", "definities"]),
    ("Demo klachtenfunctionaris", "klachtenfunctionaris", ["klachten", "datakwaliteit", "definities"]),
]


@pytest.fixture(scope="module")
def axe_js() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE.relative_to(ROOT)} ontbreekt: scripts/test.sh installeert axe-core met npm ci.")
    return AXE.read_text(encoding="utf-8")


def run_axe(pg, axe_js: str) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now, minus the documented Streamlit nodes."""
    if not pg.evaluate("() => typeof window.axe !== 'undefined'"):
        pg.add_script_tag(content=axe_js)
    uitkomst = pg.evaluate(
        """async ([tags, uitzonderingen]) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes
                    .filter(n => !uitzonderingen.some(([regel, sel]) => regel === v.id &&
                        n.target.every(t => typeof t === 'string' && document.querySelector(t)?.closest(sel))))
                    .map(n => ({target: n.target, html: n.html.slice(0, 300), summary: n.failureSummary})),
            })).filter(v => v.nodes.length > 0);
        }""",
        [WCAG21_AA, [[regel, selector] for regel, selector, _ in STREAMLIT]])
    return uitkomst


def nav_paths(pg) -> list[str]:
    """The path of every page in the sidebar navigation of the logged-in user ('overzicht' is '/')."""
    return [link.get_attribute("href").rsplit("/", 1)[-1].split("?")[0] or "overzicht"
            for link in pg.locator('[data-testid="stSidebarNav"] a').all()]


@pytest.mark.parametrize("who, rol, verwacht", ROLLEN, ids=[r for _, r, _ in ROLLEN])
def test_no_axe_violations_on_any_page(browser, server, axe_js, who, rol, verwacht):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
    try:
        pg = context.new_page()
        login(pg, server, who)
        wait_idle(pg)
        assert pg.evaluate("() => document.documentElement.lang") == "nl"
        gevonden: dict[str, list[dict]] = {}
        paginas = nav_paths(pg)
        assert paginas == verwacht
        for i, path in enumerate(paginas):
            pg.locator('[data-testid="stSidebarNav"] a').nth(i).click()
            wait_for_path(pg, path)
            wait_idle(pg)
            no_exception(pg)
            fouten = run_axe(pg, axe_js)
            if fouten:
                gevonden[path] = fouten
        (ARTIFACTS / f"axe_{rol}.json").write_text(json.dumps(gevonden, indent=1, ensure_ascii=False))
        samenvatting = {p: {v["id"]: len(v["nodes"]) for v in f} for p, f in gevonden.items()}
        assert not gevonden, f"axe-core vindt schendingen (tests/artifacts/axe_{rol}.json): {samenvatting}"
    finally:
        context.close()


def test_login_page_has_no_axe_violations(page, server, axe_js):
    page.goto(server)
    wait_idle(page, "Demomodus")
    assert page.evaluate("() => document.documentElement.lang") == "nl"
    fouten = run_axe(page, axe_js)
    assert not fouten, json.dumps(fouten, indent=1, ensure_ascii=False)[:5000]


def _tabvolgorde(pg, max_stops: int = 250) -> list[str]:
    """The accessible names of the keyboard focus stops from the top of the page, in Tab order, until the
    focus comes back to a stop it has seen."""
    pg.locator("body").focus()
    stops: list[str] = []
    for _ in range(max_stops):
        pg.keyboard.press("Tab")
        naam = pg.evaluate("""() => { const e = document.activeElement;
            if (!e || e === document.body || e.dataset.jbStop) return null;
            e.dataset.jbStop = '1';
            return (e.getAttribute('aria-label') || e.innerText || e.title || e.tagName).trim().slice(0, 60); }""")
        if naam is None:
            break
        stops.append(naam)
    return stops


def test_keyboard_goes_through_the_tiles_in_reading_order_without_chart_toolbars(page, server):
    """Issue 12: each tile's sparkline added four toolbar stops (Show data, Download as PNG, ...). Now a tile
    is its help button and its link; the tiles come in reading order K1, K2, K3, K4, ..."""
    login(page, server, "Demo bestuurder")
    wait_idle(page, "Overzicht")
    stops = _tabvolgorde(page)
    (ARTIFACTS / "tabvolgorde_overzicht.txt").write_text("\n".join(stops))
    links = [i for i, s in enumerate(stops) if s.endswith("Details en zaaklijsten")]
    assert len(links) >= 6, stops
    for vorige, volgende in zip(links, links[1:]):
        tussen = stops[vorige + 1:volgende]
        assert len(tussen) <= 2, tussen  # the next tile's help (?) button, nothing else
        assert not [s for s in tussen if "Download" in s or "Show data" in s or "Fullscreen" in s], tussen
    hrefs = page.locator('[data-testid="stMain"] [data-testid="stPageLink"] a').evaluate_all(
        "els => els.map(e => e.getAttribute('href').split('/').pop().split('?')[0])")
    assert hrefs[:4] == ["eerste-contact", "plan-van-aanpak", "hulpinzet", "caseload"], hrefs
