"""Months as whole numbers: index = year × 12 + (month − 1).

Dues are owed, paid, exempted and remitted by month; storing a month as one integer makes
"months between", overlaps of periods and ranges plain arithmetic in Python and in SQL
alike (SQLite and PostgreSQL), and keeps every index a simple B-tree.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_TEXT = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")


def index(year: int, month: int) -> int:
    if not 1 <= month <= 12:
        raise ValueError(f"month out of range: {month}")
    return year * 12 + month - 1


def of_date(day: dt.date) -> int:
    return index(day.year, day.month)


def year_of(month: int) -> int:
    return month // 12


def month_of(month: int) -> int:
    return month % 12 + 1


def first_day(month: int) -> dt.date:
    return dt.date(year_of(month), month_of(month), 1)


def last_day(month: int) -> dt.date:
    return first_day(month + 1) - dt.timedelta(days=1)


def label(month: int) -> str:
    """'03/2026': how units write a month."""
    return f"{month_of(month):02d}/{year_of(month)}"


def parse(text: str) -> int:
    """'3/2026', '03-2026' or '03.2026' → month index; ValueError otherwise."""
    match = _TEXT.match(text or "")
    if not match:
        raise ValueError(f"not a month: {text!r}")
    return index(int(match.group(2)), int(match.group(1)))


def span_label(first: int, last: int) -> str:
    return label(first) if first == last else f"{label(first)} – {label(last)}"


@dataclass(frozen=True)
class Period:
    """A run of whole months [first, last], both included."""

    first: int
    last: int

    @property
    def months(self) -> int:
        return self.last - self.first + 1

    def __contains__(self, month: int) -> bool:
        return self.first <= month <= self.last

    @property
    def label(self) -> str:
        return span_label(self.first, self.last)


def period_containing(month: int, length: int) -> Period:
    """The period of `length` months (1, 3, 6 or 12, aligned on the calendar year) that
    contains `month`: a quarter for 3, a half-year for 6, the year for 12."""
    if length not in (1, 2, 3, 4, 6, 12):
        raise ValueError(f"period length must divide a year: {length}")
    start = month - (month_of(month) - 1) % length
    return Period(start, start + length - 1)
