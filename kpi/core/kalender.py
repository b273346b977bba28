"""Working days (werkdagen) and calendar terms of the KPI definitions.

A werkdag is Monday to Friday and not a Dutch national public holiday as
listed by the `holidays` package for NL. "Within N working days of S": the
deadline is the N-th working day after S (S itself is not counted).

The same calendar is written to the database as table `kalender` at import, so
SQL and Python use one definition.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from functools import lru_cache

import holidays

Date = dt.date


@lru_cache(maxsize=None)
def _holidays(year: int) -> dict[Date, str]:
    return dict(holidays.country_holidays("NL", years=[year], language="nl"))


def feestdag(day: Date) -> str | None:
    """Name of the Dutch public holiday on `day`, or None."""
    return _holidays(day.year).get(day)


def is_werkdag(day: Date) -> bool:
    return day.weekday() < 5 and feestdag(day) is None


def werkdag_plus(start: Date, n: int) -> Date:
    """The n-th working day after `start` (start itself not counted)."""
    day, counted = start, 0
    while counted < n:
        day += dt.timedelta(days=1)
        if is_werkdag(day):
            counted += 1
    return day


def werkdagen_tussen(start: Date, end: Date) -> int:
    """Working days in (start, end]: 0 when end <= start."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_werkdag(day)
    return count


def plus_maanden(day: Date, months: int) -> Date:
    """Same day number `months` later; the month's last day if it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = _cal.monthrange(year, month)[1]
    return Date(year, month, min(day.day, last))


def kalender_rows(first: Date, last: Date) -> list[tuple[Date, bool, int, str | None]]:
    """(datum, werkdag, werkdag_nr, feestdag) for every day in [first, last].

    werkdag_nr counts the working days up to and including datum, so the n-th
    working day after S is the werkdag with werkdag_nr = werkdag_nr(S) + n.
    """
    rows, number, day = [], 0, first
    while day <= last:
        werkdag = is_werkdag(day)
        number += werkdag
        rows.append((day, werkdag, number, feestdag(day)))
        day += dt.timedelta(days=1)
    return rows


def kwartaal_grenzen(kwartaal: str) -> tuple[Date, Date]:
    """'2025Q2' -> (2025-04-01, 2025-06-30)."""
    text = kwartaal.strip().upper()
    year, q = int(text[:4]), int(text[-1])
    if text[4] != "Q" or not 1 <= q <= 4:
        raise ValueError(f"Onbekend kwartaal '{kwartaal}': gebruik de vorm 2025Q2.")
    start = Date(year, 3 * q - 2, 1)
    return start, plus_maanden(start, 3) - dt.timedelta(days=1)


def maandeinden(first: Date, last: Date) -> list[Date]:
    """Every month end in [first, last], plus `last` itself if it is not one."""
    ends, day = [], Date(first.year, first.month, _cal.monthrange(first.year, first.month)[1])
    while day <= last:
        ends.append(day)
        day = plus_maanden(Date(day.year, day.month, 1), 1)
        day = Date(day.year, day.month, _cal.monthrange(day.year, day.month)[1])
    if not ends or ends[-1] != last:
        ends.append(last)
    return ends


def kwartalen_tot(day: Date, aantal: int = 12) -> list[str]:
    """The `aantal` quarters up to and including the one `day` falls in, newest first ('2025Q3', ...)."""
    year, quarter = day.year, (day.month - 1) // 3 + 1
    result = []
    for _ in range(aantal):
        result.append(f"{year}Q{quarter}")
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return result
