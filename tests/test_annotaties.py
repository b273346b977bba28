"""Annotations (kpi.data.annotaties, kpi.presentation.annotaties): dated notes on a KPI, stored
beside the database, written by the board and administrators, kept by a re-import."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kpi.core.params import ALLES, Scope
from kpi.data import annotaties as an
from kpi.data.importer import importeer
from tests.test_import import VANDAAG, schrijf_export

NU = dt.datetime(2025, 10, 2, 14, 30, 5)
D = dt.date.fromisoformat


def nieuw(pad, **kwargs):
    standaard = dict(rol="bestuur", door="Bestuurder (b@x.nl)", kpi="k1", van=D("2024-09-01"),
                     tot=D("2024-10-31"), tekst="sep-okt 2024: migratie naar het nieuwe registratiesysteem", nu=NU)
    return an.voeg_toe(pad, **{**standaard, **kwargs})


def test_round_trip_records_who_and_when(tmp_path):
    """A note is stored with its writer and moment; text is kept as written (spaces folded)."""
    pad = an.pad_voor(tmp_path / "jb.duckdb")
    assert pad.name == "jb.annotaties.json"
    a = nieuw(pad, tekst="  sep-okt 2024:\nmigratie  ")
    [gelezen] = an.lees(pad)
    assert gelezen == a
    assert (gelezen.door, gelezen.op, gelezen.tekst) == ("Bestuurder (b@x.nl)", NU, "sep-okt 2024: migratie")
    assert gelezen.periode == "01-09-2024 t/m 31-10-2024"
    assert json.loads(pad.read_text())[0]["op"] == "2025-10-02T14:30:05"
    one_day = nieuw(pad, van=D("2025-01-06"), tot=D("2025-01-06"))
    assert one_day.tot is None and one_day.periode == "06-01-2025"
    assert [x.van for x in an.lees(pad)] == [D("2024-09-01"), D("2025-01-06")]  # oldest period first


def test_only_board_and_admin_write(tmp_path):
    pad = tmp_path / "n.json"
    nieuw(pad, rol="beheer")
    for rol in ("gebiedsmanager", "gemeente"):
        with pytest.raises(an.AnnotatieFout, match="Alleen bestuur en beheer"):
            nieuw(pad, rol=rol)
    with pytest.raises(an.AnnotatieFout, match="Alleen bestuur en beheer"):
        an.verwijder(pad, an.lees(pad)[0].id, rol="gebiedsmanager")
    assert len(an.lees(pad)) == 1


@pytest.mark.parametrize("kwargs, melding", [
    ({"tekst": "   "}, "De notitie is leeg."),
    ({"tekst": "x" * 501}, "De notitie is te lang (501 tekens; hooguit 500)."),
    ({"van": D("2024-10-01"), "tot": D("2024-09-01")}, "De einddatum van de periode ligt vóór de begindatum."),
    ({"kpi": "k9"}, "Onbekende KPI: k9."),
    ({"cluster": "XXX", "clusters": {"UTR"}}, "Onbekend cluster: XXX."),
])
def test_bad_note_is_refused_and_nothing_written(tmp_path, kwargs, melding):
    pad = tmp_path / "n.json"
    with pytest.raises(an.AnnotatieFout) as fout:
        nieuw(pad, **kwargs)
    assert str(fout.value) == melding
    assert not pad.exists()


def test_damaged_file_is_not_overwritten(tmp_path):
    """A file that cannot be read raises a Dutch message, and a new note does not replace it."""
    pad = tmp_path / "n.json"
    pad.write_text("[{kapot")
    with pytest.raises(an.AnnotatieFout, match="beschadigd"):
        an.lees(pad)
    with pytest.raises(an.AnnotatieFout):
        nieuw(pad)
    assert pad.read_text() == "[{kapot"
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_remove(tmp_path):
    pad = tmp_path / "n.json"
    a, b = nieuw(pad), nieuw(pad, kpi="k5")
    assert an.verwijder(pad, a.id, rol="bestuur")
    assert not an.verwijder(pad, a.id, rol="bestuur")
    assert an.lees(pad) == [b]


def test_visibility_follows_scope(tmp_path):
    """Organisation-wide notes for everyone; a cluster's note only for those who see that cluster;
    a municipality only organisation-wide ones."""
    pad = tmp_path / "n.json"
    org, utr, zhl = nieuw(pad), nieuw(pad, cluster="UTR"), nieuw(pad, cluster="ZHL", kpi="k2")
    alle = an.lees(pad)
    assert an.zichtbaar(alle, ALLES) == [org, utr, zhl]
    assert an.zichtbaar(alle, Scope(clusters=("UTR",))) == [org, utr]
    assert an.zichtbaar(alle, Scope(gemeente="GM0344")) == [org]
    assert an.zichtbaar(alle, ALLES, kpi="k2") == [zhl]
    assert an.zichtbaar(alle, ALLES, cluster="UTR") == [org, utr]


def test_notes_survive_a_reimport(tmp_path):
    """An import replaces the database file; the notes beside it stay."""
    map = schrijf_export(tmp_path / "export")
    database = tmp_path / "data" / "jb.duckdb"
    assert importeer(map, database, gebruiker="test", vandaag=VANDAAG).geslaagd
    pad = an.pad_voor(database)
    a = nieuw(pad)
    voor = database.stat().st_ino
    assert importeer(map, database, gebruiker="test", vandaag=VANDAAG).geslaagd
    assert database.stat().st_ino != voor  # a new file was swapped in
    assert an.lees(pad) == [a]


def test_chart_layer():
    """The layer carries each note's period (a one-day note: a one-day band) and its text; a trend
    with notes has the layer on top, without notes none."""
    import polars as pl

    from kpi.presentation import annotaties as vn
    from kpi.presentation import charts

    notes = [an.Annotatie("a1", "k1", D("2024-09-01"), D("2024-10-31"), "migratie **vet**", None, "B", NU),
             an.Annotatie("a2", "k1", D("2025-01-06"), None, "één dag", "UTR", "B", NU)]
    assert vn.laag_data([]) is None
    spec = charts.notitie_laag(vn.laag_data(notes)).to_dict()
    [data] = [d for d in spec["datasets"].values()]
    assert [(r["van"], r["tot_band"], r["tekst"], r["cluster"]) for r in data] == [
        ("2024-09-01T00:00:00", "2024-11-01T00:00:00", "migratie **vet**", "hele organisatie"),
        ("2025-01-06T00:00:00", "2025-01-07T00:00:00", "één dag", "UTR")]
    assert len(spec["layer"]) == 3
    trend = pl.DataFrame({"maand": [D("2024-08-01"), D("2024-09-01")], "percentage": [80.0, 70.0],
                          "gemiddelde": [75.0, 75.0], "ondergrens": [60.0, 60.0], "bovengrens": [90.0, 90.0],
                          "segment": [0, 0], "variatie": ["gewone_variatie"] * 2, "totaal": [10, 10]})
    zonder = charts.spc_trend(trend, "percentage", "%").to_dict()
    met = charts.spc_trend(trend, "percentage", "%", notities=vn.laag_data(notes)).to_dict()
    assert "triangle-down" in json.dumps(met) and "triangle-down" not in json.dumps(zonder)


def test_k1_trend_shows_the_notes(tmp_path, monkeypatch):
    """The K1 page lists the K1 notes under its trend, as text."""
    from tests.apptest import open_app
    from tests.builders import make_db

    database = make_db(tmp_path, maatregelen=[{"maatregel_id": "M1", "startdatum": "2025-01-06"}])
    nieuw(an.pad_voor(database.path), tekst="Migratie", kpi="k1", van=D("2025-02-01"), tot=D("2025-03-31"))
    nieuw(an.pad_voor(database.path), tekst="Alleen K2", kpi="k2")
    at = open_app(database.path, monkeypatch, "pages/k1_eerste_contact.py")
    notities = [df.value["Notitie"].tolist() for df in at.dataframe if "Notitie" in df.value.columns]
    assert notities == [["Migratie"]]


def test_definities_shows_notes_as_text_and_the_form_to_the_board(tmp_path, monkeypatch):
    """On the Definities page the notes of a KPI are listed as text (a markdown payload stays
    literal), and the board gets the form; an area manager sees the note but no form."""
    from tests.apptest import open_app
    from tests.builders import make_db

    database = make_db(tmp_path, maatregelen=[{"maatregel_id": "M1", "startdatum": "2025-01-06"}])
    nieuw(an.pad_voor(database.path), tekst="[klik](http://x.nl) **vet**", kpi="k5")
    at = open_app(database.path, monkeypatch, "pages/definities.py")
    tabellen = [df.value for df in at.dataframe if "Notitie" in df.value.columns]
    assert [t["Notitie"].tolist() for t in tabellen] == [["[klik](http://x.nl) **vet**"]]
    assert any(e.label == "Notitie toevoegen of verwijderen" for e in at.expander)
    gm = open_app(database.path, monkeypatch, "pages/definities.py", login="gm.utrecht@demo.jb")
    assert [df.value["Notitie"].tolist() for df in gm.dataframe if "Notitie" in df.value.columns] == [
        ["[klik](http://x.nl) **vet**"]]
    assert not any(e.label == "Notitie toevoegen of verwijderen" for e in gm.expander)


def test_board_adds_a_note_through_the_form(tmp_path, monkeypatch):
    from tests.apptest import open_app
    from tests.builders import make_db

    database = make_db(tmp_path, maatregelen=[{"maatregel_id": "M1", "startdatum": "2025-01-06"}])
    at = open_app(database.path, monkeypatch, "pages/definities.py")
    at.date_input(key="notitie-periode-k2").set_value((D("2024-09-01"), D("2024-10-31")))
    at.selectbox(key="notitie-cluster-k2").set_value("UTR")
    at.text_area(key="notitie-tekst-k2").set_value("Migratie registratiesysteem")
    at.button(key="FormSubmitter:notitie-k2-Opslaan").click().run()
    assert not at.exception
    [a] = an.lees(an.pad_voor(database.path))
    assert (a.kpi, a.van, a.tot, a.cluster, a.tekst, a.door) == (
        "k2", D("2024-09-01"), D("2024-10-31"), "UTR", "Migratie registratiesysteem", "Demo bestuurder (bestuur@demo.jb)")
