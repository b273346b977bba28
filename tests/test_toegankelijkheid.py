"""Accessibility of what the dashboard draws (issue 12): text alternatives for charts, sparklines without
a chart toolbar. The browser check with axe-core is tests/test_browser_a11y.py; docs/toegankelijkheid.md."""

from __future__ import annotations

import datetime as dt

import altair as alt
import polars as pl

from kpi.presentation import charts, widgets
from tests.apptest import open_app

REEKS = pl.DataFrame({"maand": [dt.date(2025, 1, 31), dt.date(2025, 2, 28), dt.date(2025, 3, 31)],
                      "waarde": [80.0, 72.5, 90.0]})


def test_sparkline_text_alternative_says_period_first_last_lowest_highest_and_norm():
    assert charts.sparkline_beschrijving(REEKS, norm=85.0, eenheid="%") == (
        "Trendlijn per maand, jan 2025 tot en met mrt 2025: van 80,0% naar 90,0%; laagste 72,5%, "
        "hoogste 90,0%; norm 85,0%.")
    assert charts.sparkline_beschrijving(REEKS, eenheid="per fte").endswith("hoogste 90,0 per fte.")
    assert charts.sparkline_beschrijving(REEKS.clear()) == "Trendlijn zonder gegevens."


def test_sparkline_is_an_image_with_a_text_alternative_and_no_chart():
    """Three months on a 0-100 domain, norm 85: a polyline of three points, the norm as a dashed line at
    85% of the height (y = 70 - 6 - 58 * 0,85 = 14,7); shown as an <img> whose alt is the description."""
    import base64

    svg = charts.sparkline_svg(REEKS, domein=[0, 100], norm=85.0, eenheid="%")
    assert 'y1="14.7"' in svg and 'stroke-dasharray="4 3"' in svg
    assert svg.count("<polyline") == 1 and len(svg.split('points="')[1].split('"')[0].split()) == 3
    html = charts.sparkline_html(REEKS, domein=[0, 100], norm=85.0, eenheid="%")
    assert html.startswith('<img src="data:image/svg+xml;base64,')
    assert 'alt="Trendlijn per maand, jan 2025 tot en met mrt 2025: van 80,0% naar 90,0%' in html
    assert base64.b64decode(html.split("base64,")[1].split('"')[0]).decode() == svg


def test_a_chart_gets_a_dutch_text_alternative_from_its_spec():
    frame = pl.DataFrame({"cluster": ["A", "B", "C"], "pct": [50.0, 60.0, 70.0]})
    staaf = alt.Chart(frame).mark_bar().encode(x=alt.X("cluster:N", title="Cluster"),
                                               y=alt.Y("pct:Q", title="% tijdig"))
    assert widgets.vega_lite(staaf)["description"] == "Staafdiagram: % tijdig per Cluster (3 gegevenspunten)."
    met_titel = staaf.properties(title="Caseload per cluster")
    assert widgets.vega_lite(met_titel)["description"] == "Staafdiagram: Caseload per cluster (3 gegevenspunten)."
    eigen = staaf.properties(description="Drie clusters, van 50% tot 70% tijdig.")
    assert widgets.vega_lite(eigen)["description"] == "Drie clusters, van 50% tot 70% tijdig."


def test_overzicht_tiles_have_no_chart_elements_for_their_sparklines(demo_db, monkeypatch):
    """Before: every tile's sparkline was a Vega chart with its own toolbar (four keyboard stops each). Now
    an image per tile with a text alternative, and every chart left on the page has one too."""
    at = open_app(demo_db, monkeypatch, "pages/overzicht.py")
    beelden = [h.proto.body for h in at.get("html") if h.proto.body.startswith("<img")]
    assert len(beelden) >= 6 and all('alt="Trendlijn per maand' in b for b in beelden)
    for grafiek in at.get("arrow_vega_lite_chart"):
        assert grafiek.proto.alt, grafiek.proto.spec[:200]
