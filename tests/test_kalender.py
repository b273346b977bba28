"""Working days and calendar terms, by hand from a 2025/2026 kalender."""

import pytest

from kpi.core import kalender
from tests.builders import D


@pytest.mark.parametrize("start, n, expected, what", [
    ("2025-01-03", 5, "2025-01-10", "Friday start: the spec's own example"),
    ("2025-01-04", 1, "2025-01-06", "Saturday start: Monday is working day 1"),
    ("2025-04-17", 1, "2025-04-22", "Good Friday and Easter Monday are holidays"),
    ("2025-04-30", 3, "2025-05-06", "Liberation Day 2025 (lustrum year) is a holiday"),
    ("2026-05-04", 1, "2026-05-05", "Liberation Day 2026 is not (only lustrum years)"),
    ("2025-05-28", 1, "2025-05-30", "Ascension Day"),
    ("2025-06-06", 1, "2025-06-10", "Whit Monday"),
    ("2025-04-25", 1, "2025-04-28", "King's Day 2025 falls on Saturday"),
    ("2025-12-24", 1, "2025-12-29", "Christmas and Boxing Day"),
    ("2025-01-03", 0, "2025-01-03", "zero working days: the start itself"),
])
def test_werkdag_plus(start, n, expected, what):
    assert kalender.werkdag_plus(D(start), n) == D(expected), what


@pytest.mark.parametrize("start, months, expected", [
    ("2025-11-30", 3, "2026-02-28"),   # the spec's example
    ("2023-11-30", 3, "2024-02-29"),   # leap year
    ("2025-01-31", 3, "2025-04-30"),
    ("2025-03-31", 3, "2025-06-30"),
    ("2025-05-15", 3, "2025-08-15"),
    ("2025-10-31", 3, "2026-01-31"),   # across the year end
])
def test_plus_maanden(start, months, expected):
    assert kalender.plus_maanden(D(start), months) == D(expected)


def test_kalender_rows_count_working_days():
    rows = kalender.kalender_rows(D("2025-04-14"), D("2025-04-22"))
    numbers = {day: (werkdag, nr) for day, werkdag, nr, _ in rows}
    assert numbers[D("2025-04-17")] == (True, 4)
    assert numbers[D("2025-04-18")][0] is False  # Good Friday
    assert numbers[D("2025-04-21")] == (False, 4)  # Easter Monday keeps the count
    assert numbers[D("2025-04-22")] == (True, 5)


def test_kwartaal_and_maandeinden():
    assert kalender.kwartaal_grenzen("2025Q2") == (D("2025-04-01"), D("2025-06-30"))
    assert kalender.kwartaal_grenzen("2024q1") == (D("2024-01-01"), D("2024-03-31"))
    with pytest.raises(ValueError):
        kalender.kwartaal_grenzen("2025Q5")
    assert kalender.maandeinden(D("2024-12-01"), D("2025-02-15")) == [
        D("2024-12-31"), D("2025-01-31"), D("2025-02-15")]
    assert kalender.maandeinden(D("2025-01-01"), D("2025-02-28"))[-1] == D("2025-02-28")


def test_werkdagen_tussen():
    assert kalender.werkdagen_tussen(D("2025-01-03"), D("2025-01-10")) == 5
    assert kalender.werkdagen_tussen(D("2025-01-10"), D("2025-01-03")) == 0


def test_kwartalen_tot():
    assert kalender.kwartalen_tot(D("2025-09-30"), 5) == ["2025Q3", "2025Q2", "2025Q1", "2024Q4", "2024Q3"]
