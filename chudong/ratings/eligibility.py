"""Who a branch rates for a year (domain.md 2.12), from the member's unit and status periods.

The rules, judged on the last day of the year (the "reference day"; today while the year
is still running):
- a member who had not been in the unit for `rating.min_months_in_unit` whole months by
  the end of the year is listed as "not rated: less than N months". Time in a unit runs
  on through a restructuring (a merged or renamed branch) or a correction, not through a
  transfer;
- a member on temporary activity elsewhere stays on the home branch's register and is
  rated there, like any member (domain.md 2.7: the dossier stays home; the host branch
  only comments, and its comment goes into the rating's comment);
- a full Party member is reviewed (a comment) but not rated; a probationary one is rated.

The same rules exist twice: in Python for one branch's sheet (`eligibility`), and as one
SQL condition for counting over a subtree (`eligible_q`). Tests hold them to each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from chudong.members.models import (
    CURRENT_STATUSES,
    MemberStatusPeriod,
    MemberUnitPeriod,
    PartyStatus,
    UnitPeriodReason,
)

from .levels import add_months, year_end

# A new unit period for one of these reasons continues the member's time in the unit.
CONTINUING = frozenset({UnitPeriodReason.RESTRUCTURED, UnitPeriodReason.CORRECTED})

RATE = "rate"
REVIEW = "review"
TOO_SHORT = "too_short"
NOT_MEMBER = "not_member"

REASONS = {
    RATE: _("Rated"),
    REVIEW: _("Full Party member: reviewed, not rated"),
    TOO_SHORT: _("Not rated: less than %(months)d months in the unit"),
    NOT_MEMBER: _("Not rated: not a current member on that day"),
}


@dataclass(frozen=True)
class Eligibility:
    status: str
    since: dt.date | None  # start of the member's unbroken time in the unit
    months: int  # whole months in the unit by the end of the year
    min_months: int

    @property
    def rateable(self) -> bool:
        return self.status in (RATE, REVIEW)

    @property
    def label(self) -> str:
        text = REASONS[self.status]
        return str(text) % {"months": self.min_months} if "%" in str(text) else str(text)


def reference_day(year: int, today: dt.date) -> dt.date:
    return min(year_end(year), today)


def cutoff(year: int, min_months: int) -> dt.date:
    """The latest start in the unit that still gives `min_months` whole months by the end
    of the year: 01/07 for six months (July to December)."""
    return add_months(dt.date(year + 1, 1, 1), -min_months)


def whole_months(since: dt.date, year: int) -> int:
    """Whole months from `since` to the end of `year` (a month begun on its 1st counts)."""
    months = (year + 1) * 12 - (since.year * 12 + since.month - 1)
    return max(0, months - (1 if since.day > 1 else 0))


def _covering(periods: list, day: dt.date):
    for period in periods:
        if period.start <= day and (period.end is None or period.end > day):
            return period
    return None


def continuous_start(periods: list[MemberUnitPeriod], day: dt.date) -> dt.date | None:
    """Start of the member's unbroken time in the unit that holds them on `day`."""
    periods = sorted(periods, key=lambda p: p.start)
    current = _covering(periods, day)
    if current is None:
        return None
    index = periods.index(current)
    start = current.start
    while periods[index].reason in CONTINUING and index > 0:
        previous = periods[index - 1]
        if previous.end != periods[index].start:
            break
        index -= 1
        start = previous.start
    return start


def eligibility(
    *,
    member,
    year: int,
    today: dt.date,
    min_months: int,
    unit_periods: Iterable[MemberUnitPeriod],
    status_periods: Iterable[MemberStatusPeriod],
) -> Eligibility:
    """How the rules treat `member` in `year`'s rating (see the module docstring)."""
    day = reference_day(year, today)
    unit_periods = list(unit_periods)
    since = continuous_start(unit_periods, day)
    months = whole_months(since, year) if since else 0
    status_period = _covering(sorted(status_periods, key=lambda p: p.start), day)
    status = status_period.status if status_period else member.status
    if status not in CURRENT_STATUSES:
        return Eligibility(NOT_MEMBER, since, months, min_months)
    limit = cutoff(year, min_months)
    registered_at_limit = _covering(unit_periods, limit) is not None
    moved_since = any(limit < p.start <= day and p.reason not in CONTINUING for p in unit_periods)
    if since is None or not registered_at_limit or moved_since:
        return Eligibility(TOO_SHORT, since, months, min_months)
    if is_full_party_member(member, day):
        return Eligibility(REVIEW, since, months, min_months)
    return Eligibility(RATE, since, months, min_months)


def is_full_party_member(member, day: dt.date) -> bool:
    """Full Party member on `day` (the register keeps the current Party status only)."""
    return member.party_status == PartyStatus.FULL and (
        member.party_date is None or member.party_date <= day
    )


def eligible_q(year: int, *, today: dt.date, min_months: int, review: bool = False) -> Q:
    """Members the rules rate in `year` (or, with review=True, review), as one condition
    on Member: the SQL twin of `eligibility` for members current today."""
    day = reference_day(year, today)
    limit = cutoff(year, min_months)
    registered = MemberUnitPeriod.objects.filter(member=OuterRef("pk"), start__lte=limit).filter(
        Q(end__isnull=True) | Q(end__gt=limit)
    )
    moved = MemberUnitPeriod.objects.filter(
        member=OuterRef("pk"), start__gt=limit, start__lte=day
    ).exclude(reason__in=CONTINUING)
    full_party = Q(party_status=PartyStatus.FULL) & (
        Q(party_date__isnull=True) | Q(party_date__lte=day)
    )
    condition = Q(status__in=CURRENT_STATUSES) & Exists(registered) & ~Exists(moved)
    return condition & (full_party if review else ~full_party)
