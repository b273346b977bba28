"""Issue 12, the screens through the app (AppTest on the demo database): what a board member or an
area manager sees must be one consistent story. Each test fails on the code before its fix."""

from __future__ import annotations

import datetime as dt

from tests.apptest import open_app

D = dt.date.fromisoformat


def kop_tekst(at) -> str:
    return " ".join(c.value for c in at.caption)


def test_period_follows_a_changed_peildatum(demo_db, monkeypatch):
    # Bug 1: the peildatum moved to 31-10-2024 while the period stayed at the export's quarter, so K1
    # counted "deadline tussen 01-07-2025 en 31-10-2024". The period must follow: the quarter up to P.
    at = open_app(demo_db, monkeypatch, "pages/k1_eerste_contact.py")
    at.date_input(key="f_peildatum").set_value(D("2024-10-31")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.date_input(key="f_periode").value == (D("2024-10-01"), D("2024-10-31"))
    s = at.session_state["jb_selectie"]
    assert (s.van, s.tot) == (D("2024-10-01"), D("2024-10-31"))
    assert "periode 01-10-2024 t/m 31-10-2024" in kop_tekst(at)
    assert "tussen 01-10-2024 en 31-10-2024" in kop_tekst(at)


def test_a_period_never_ends_after_the_peildatum(demo_db, monkeypatch):
    # A link with a period past its peildatum: the period is cut back to the quarter up to P.
    at = open_app(demo_db, monkeypatch, "pages/k1_eerste_contact.py", peildatum="2024-10-31",
                  van="2025-07-01", tot="2025-09-30")
    s = at.session_state["jb_selectie"]
    assert s.tot <= s.peildatum and (s.van, s.tot) == (D("2024-10-01"), D("2024-10-31"))
