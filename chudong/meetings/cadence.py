"""How often a branch must meet, and the periods of a year that follow from it.

The frequency is a dated rule (domain.md 2.11, 2.13; HD 16-HD/TWĐTN-BTC point 11): a
chi đoàn meets once a month (`meetings.months_between` = 1); in remote, mountainous or
dispersed units at least once every three months (`meetings.months_between_dispersed` = 3,
the longest gap allowed). Which branches are "dispersed" is not a kind of unit nationally,
so the per-kind override `meetings.months_between_by_kind` is empty in the national seed;
a province or a grassroots union whose branches are dispersed (members working far away,
mountain hamlets) issues its own version for its subtree, e.g. {"branch": 3}, and every
branch of that kind below it then owes one meeting per quarter. A value above the
dispersed maximum is capped to it, and a value that does not divide the year is rounded
down to one that does, so that the periods of a year never overlap.

A year is judged by the rules in force on its 1 January, so a branch has one frequency per
year and its periods do not shift in mid-year.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from chudong.rules import rules

# Shown on the Rules page (chudong.rules.catalog); repeated here so this app's catalog
# carries its translation.
BY_KIND_LABEL = _("Branch meetings: months apart, by unit kind (overrides the general rule)")

DIVISORS_OF_YEAR = (1, 2, 3, 4, 6, 12)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # last day of the period
    months: int

    @property
    def index(self) -> int:
        return (self.start.month - 1) // self.months

    @property
    def key(self) -> str:
        return self.start.isoformat()


def _whole(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def months_between(unit: Any, year: int) -> int:
    """Months in one meeting period of `unit` in `year` (1 = monthly, 3 = quarterly)."""
    on = dt.date(year, 1, 1)
    general = _whole(rules.get("meetings.months_between", on=on, unit=unit), 1)
    longest = _whole(rules.get("meetings.months_between_dispersed", on=on, unit=unit), 3)
    try:
        by_kind = rules.get("meetings.months_between_by_kind", on=on, unit=unit) or {}
    except LookupError:
        by_kind = {}
    kind_code = getattr(getattr(unit, "kind", None), "code", None)
    months = _whole(by_kind.get(kind_code), general) if kind_code in by_kind else general
    months = max(1, min(months, max(longest, general)))
    return max(d for d in DIVISORS_OF_YEAR if d <= months)


def period_at(day: dt.date, months: int) -> Period:
    first_month = ((day.month - 1) // months) * months + 1
    return make_period(day.year, first_month, months)


def make_period(year: int, first_month: int, months: int) -> Period:
    last_month = first_month + months - 1
    end = dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
    return Period(start=dt.date(year, first_month, 1), end=end, months=months)


def periods_of_year(year: int, months: int) -> list[Period]:
    return [make_period(year, m, months) for m in range(1, 13, months)]


def first_day(unit: Any) -> dt.date:
    return unit.founded_on or unit.valid_from


def owed_periods(unit: Any, year: int, months: int) -> list[Period]:
    """The periods of `year` in which the unit owed a meeting: those that start on or after
    the day it was founded (a branch founded on 15 March owes from April) and end before it
    left the tree (merged, split or dissolved)."""
    founded = first_day(unit)
    result = []
    for period in periods_of_year(year, months):
        if period.start < founded:
            continue
        if unit.valid_to and period.end > unit.valid_to:
            continue
        result.append(period)
    return result


def last_ended_month_year(day: dt.date) -> int:
    """The year the missed-meeting warning looks at on `day`: the year of the last month
    that has ended (in January, the year just closed; from February, the current one)."""
    return (day.replace(day=1) - dt.timedelta(days=1)).year
