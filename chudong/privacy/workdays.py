"""Working days for legal deadlines: Saturdays, Sundays and public holidays (`Holiday`
rows, dated data) are not working days."""

from __future__ import annotations

import datetime as dt


def holidays_between(start: dt.date, end: dt.date) -> set[dt.date]:
    from .models import Holiday

    return set(
        Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True)
    )


def is_working_day(day: dt.date, holidays: set[dt.date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The `days`-th working day after `start` (the day of receipt does not count).

    Received on Friday with 2 days to respond: due on Tuesday. The longest Vietnamese
    holiday (Tết) is under two weeks, so a window of days * 7 + 21 days holds the answer.
    """
    holidays = holidays_between(start, start + dt.timedelta(days=days * 7 + 21))
    day, counted = start, 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day, holidays):
            counted += 1
    return day
