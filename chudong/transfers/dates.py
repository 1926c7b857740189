"""Dates as this app's rules count them: birthdays, calendar months, dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format


def today() -> dt.date:
    return timezone.localdate()


def d(day: dt.date) -> str:
    return date_format(day, "d/m/Y")


def month_label(day: dt.date) -> str:
    return f"{day:%m/%Y}"


def birthday(born: dt.date, years: int) -> dt.date:
    """The day a person born on `born` turns `years` (29 February → 28 February)."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return born.replace(year=born.year + years, day=28)


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole calendar months from the month of `start` to the month of `end`."""
    return (end.year - start.year) * 12 + end.month - start.month
