"""What the Charter rules say about dues, read through `chudong.rules` (domain.md 2.6):
monthly amounts by category (the rate in force on the first day of each month), the share
each level keeps, the longest exemption, the remittance schedule, and the month from which
chudong tracks dues.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from chudong.rules import rules

from . import months
from .models import RATE_RULES, DuesCategory

BRANCH, GRASSROOTS, UPPER, PROVINCE = "branch", "grassroots", "upper", "province"
_LENGTHS = [
    ("month", 1),  # monthly
    ("quarter", 3),  # quarterly
    ("half", 6),  # half-yearly
    ("year", 12),  # yearly
    ("tháng", 1),
    ("quý", 3),
    ("năm", 12),
]
_BY_DAY = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})")


def monthly_rate(category: str, month: int, unit: Any = None) -> int:
    """The monthly amount (VND) for `category` in force in `month`."""
    key = RATE_RULES.get(category, RATE_RULES[DuesCategory.UNSALARIED])
    return int(rules.get(key, on=months.first_day(month), unit=unit))


def rates_for(month: int, unit: Any = None) -> dict[str, int]:
    return {category: monthly_rate(category, month, unit) for category in DuesCategory.values}


def retained_share(day: dt.date, unit: Any = None) -> Fraction:
    return rules.fraction("dues.retained_share", on=day, unit=unit)


def split(gross: int, share: Fraction) -> tuple[int, int]:
    """(kept, sent up) for `gross` VND: the kept share rounded down to the đồng, the rest
    sent up, so that the two always add up to the gross exactly."""
    kept = gross * share.numerator // share.denominator
    return kept, gross - kept


def exemption_max_months(day: dt.date, unit: Any = None) -> int:
    return int(rules.get("dues.exemption_max_months", on=day, unit=unit))


def tracking_from(day: dt.date, unit: Any = None) -> int:
    """The first month chudong tracks dues for `unit` (rule `dues.tracking_from`)."""
    try:
        return months.parse(str(rules.get("dues.tracking_from", on=day, unit=unit)))
    except (LookupError, ValueError):
        return months.of_date(day)


def grassroots_union(unit: Any) -> Any:
    """The grassroots union a branch belongs to: its nearest ancestor of a grassroots kind
    (a chi đoàn cơ sở is its own). One query for the ancestors."""
    from chudong.core.paths import ancestors_of
    from chudong.orgs.models import Unit

    if unit.kind.is_grassroots:
        return unit
    ancestors = Unit.objects.filter(path__in=ancestors_of(unit.path)).select_related("kind")
    found = [a for a in sorted(ancestors, key=lambda a: a.path) if a.kind.is_grassroots]
    return found[-1] if found else None


def level_of(unit: Any) -> str:
    """Which line of the remittance schedule applies to `unit`: a grassroots union (or chi
    đoàn cơ sở), a branch, a unit directly under the top (a province), or any other upper
    level. From the unit's kind flags and place in the tree, never from a level's name."""
    if unit.kind.is_grassroots:
        return GRASSROOTS
    if unit.kind.is_branch:
        return BRANCH
    if unit.depth == 1:
        return PROVINCE
    return UPPER


@dataclass(frozen=True)
class Schedule:
    """When a level remits: every `length` months, due by a fixed day of the year
    ("yearly, by 30/12") or else by the end of the month after the period."""

    length: int
    by_day: tuple[int, int] | None  # (day, month) within the period's last year
    text: str

    @property
    def description(self) -> str:
        from django.utils.translation import gettext as _

        every = {
            1: _("monthly"),
            3: _("quarterly"),
            6: _("every six months"),
            12: _("yearly"),
        }.get(self.length, _("every %d months") % self.length)
        if self.by_day is not None:
            return _("%(every)s, by %(day)02d/%(month)02d") % {
                "every": every,
                "day": self.by_day[0],
                "month": self.by_day[1],
            }
        return _("%s, by the end of the following month") % every

    def period(self, month: int) -> months.Period:
        return months.period_containing(month, self.length)

    def due_date(self, period: months.Period) -> dt.date:
        if self.by_day is not None:
            day, month = self.by_day
            return dt.date(months.year_of(period.last), month, day)
        return months.last_day(period.last + 1)

    def last_due_period(self, today: dt.date) -> months.Period | None:
        """The latest period whose due date has passed by `today`."""
        period = self.period(months.of_date(today))
        for _step in range(3):
            if self.due_date(period) < today:
                return period
            period = self.period(period.first - 1)
        return None


def parse_schedule(text: str) -> Schedule:
    lowered = (text or "").lower()
    length = 1
    for word, value in _LENGTHS:
        if word in lowered:
            length = value
            break
    match = _BY_DAY.search(lowered)
    by_day = (int(match.group(1)), int(match.group(2))) if match else None
    return Schedule(length=length, by_day=by_day, text=text)


def schedule_for(unit: Any, day: dt.date) -> Schedule:
    table = rules.get("dues.remittance_schedule", on=day, unit=unit)
    level = level_of(unit)
    return parse_schedule(table.get(level) or table.get(UPPER) or "quarterly")
