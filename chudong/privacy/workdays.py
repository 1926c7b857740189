"""Working days for legal deadlines: Saturdays, Sundays and public holidays (`Holiday`
rows, dated data) are not working days.

A year with no `Holiday` row at all is a year nobody has entered yet (every Vietnamese
year has at least 1/1, Tết, 30/4, 1/5 and 2/9), not a year without holidays: a deadline
that runs into it counts weekends only and may fall on a holiday. That is logged as a
warning naming the years, and `years_without_holidays` lets a page say it too.
"""

from __future__ import annotations

import datetime as dt
import logging

logger = logging.getLogger(__name__)


def _holiday_dates(start: dt.date, end: dt.date) -> list[dt.date]:
    from .models import Holiday

    return list(
        Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True)
    )


def holidays_between(start: dt.date, end: dt.date) -> set[dt.date]:
    return set(_holiday_dates(start, end))


def years_without_holidays(years: list[int] | range) -> list[int]:
    """The given years that have no holiday recorded (one query)."""
    from .models import Holiday

    years = list(years)
    if not years:
        return []
    recorded = {
        day.year
        for day in Holiday.objects.filter(
            date__gte=dt.date(min(years), 1, 1), date__lte=dt.date(max(years), 12, 31)
        ).dates("date", "year")
    }
    return [year for year in years if year not in recorded]


def is_working_day(day: dt.date, holidays: set[dt.date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The `days`-th working day after `start` (the day of receipt does not count).

    Received on Friday with 2 days to respond: due on Tuesday. The longest Vietnamese
    holiday (Tết) is under two weeks, so a window of days * 7 + 21 days holds the answer.
    The holidays are read for the whole calendar years of that window (one query, some
    thirty rows a year), which also tells whether a year has any holiday data; a year
    without is logged as a warning.
    """
    end = start + dt.timedelta(days=days * 7 + 21)
    dates = _holiday_dates(dt.date(start.year, 1, 1), dt.date(end.year, 12, 31))
    holidays = set(dates)
    day, counted = start, 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day, holidays):
            counted += 1
    recorded = {d.year for d in dates}
    missing = [
        y for y in range((start + dt.timedelta(days=1)).year, day.year + 1) if y not in recorded
    ]
    if missing:
        logger.warning(
            "No public holidays are recorded for %s: the deadline %s (from %s, %s working "
            "days) counts only Saturdays and Sundays as days off and may fall on a holiday. "
            "Add that year's holidays at /privacy/holidays/.",
            ", ".join(str(y) for y in missing),
            day.strftime("%d/%m/%Y"),
            start.strftime("%d/%m/%Y"),
            days,
        )
    return day
