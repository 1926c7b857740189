"""Reads of branch meetings, scoped to what the actor sees.

The missed-meeting warning, its list and the sub-unit table read `MeetingYear` (one row per
branch and year, indexed by year and path); a branch's page and a member's attendance read
the meetings and attendance of that one branch or member through their indexes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.paths import STEP_WIDTH, subtree_q
from chudong.orgs.models import Unit, UnitStatus
from chudong.orgs.selectors import count_in_subtrees

from . import cadence, status
from .models import HELD_STATES, Attendance, AttendanceStatus, Meeting, MeetingState, MeetingYear

# The first year the Charter rules of branch meetings are dated from (Hướng dẫn
# 16-HD/TWĐTN-BTC, 2018): an earlier year has no rule to read (it was a 500).
FIRST_YEAR = 2018
MISSED_LIST_LIMIT = 500


def year_is_valid(year: int, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return FIRST_YEAR <= year <= today.year + 1


def access_meeting(actor: Any, meeting_id: Any, *, cap: Cap = Cap.WORK_VIEW) -> Meeting:
    """The meeting with its unit; 404 when missing or out of sight alike, 403 when the
    actor sees the unit but lacks `cap` there."""
    try:
        meeting = Meeting.objects.select_related("unit", "unit__kind", "recorded_by").get(
            pk=int(meeting_id)
        )
    except (Meeting.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not policy.can_at_path(actor, Cap.UNITS_VIEW, meeting.unit_path):
        raise Http404
    if not policy.can_at_path(actor, cap, meeting.unit_path):
        raise PermissionDenied
    return meeting


# --- a branch's year ------------------------------------------------------------------


@dataclass
class PeriodLine:
    period: cadence.Period
    meetings: list[Meeting]
    owed: bool
    ended: bool

    @property
    def held(self) -> bool:
        return any(m.is_held for m in self.meetings)

    @property
    def missed(self) -> bool:
        return self.owed and self.ended and not self.held

    @property
    def planned(self) -> Meeting | None:
        return next((m for m in self.meetings if m.state == MeetingState.PLANNED), None)


@dataclass
class BranchYear:
    unit: Unit
    year: int
    months: int
    lines: list[PeriodLine]
    summary: MeetingYear | None

    @property
    def missed(self) -> list[PeriodLine]:
        return [line for line in self.lines if line.missed]

    @property
    def held_count(self) -> int:
        return sum(1 for line in self.lines if line.owed and line.held)

    @property
    def owed_count(self) -> int:
        return sum(1 for line in self.lines if line.owed and line.ended)

    @property
    def has_schedule(self) -> bool:
        return any(m.state == MeetingState.PLANNED for line in self.lines for m in line.meetings)


def branch_year(*, actor: Any, unit: Unit, year: int, today: dt.date | None = None) -> BranchYear:
    """Every period of `year` for a branch with its meetings (two queries)."""
    policy.require(actor, Cap.WORK_VIEW, unit)
    today = today or timezone.localdate()
    months = cadence.months_between(unit, year)
    meetings = list(
        Meeting.objects.filter(
            unit=unit,
            period_start__gte=dt.date(year, 1, 1),
            period_start__lte=dt.date(year, 12, 31),
        ).order_by("period_start", "held_on", "pk")
    )
    owed = {p.start for p in cadence.owed_periods(unit, year, months)}
    lines = []
    for period in cadence.periods_of_year(year, months):
        inside = [m for m in meetings if period.start <= m.period_start <= period.end]
        lines.append(
            PeriodLine(
                period=period, meetings=inside, owed=period.start in owed, ended=period.end < today
            )
        )
    summary = MeetingYear.objects.filter(unit=unit, year=year).first()
    return BranchYear(unit=unit, year=year, months=months, lines=lines, summary=summary)


# --- missed meetings across the tree ----------------------------------------------------


def missed_queryset(year: int, day: dt.date):
    """Branch-years of `year` with an owed period that ended before `day` unheld."""
    return MeetingYear.objects.filter(year=year, first_gap_end__lt=day)


def missed_counts(units: list[Unit], day: dt.date) -> dict[int, int]:
    """Warning "branches that missed a meeting": per unit's subtree, the branches with an
    ended period of the year of the last ended month that had no held meeting. One
    indexed range per unit (or one grouped range for siblings)."""
    return count_in_subtrees(
        units, missed_queryset(cadence.last_ended_month_year(day), day), "unit_path"
    )


@dataclass
class MissedBranch:
    unit: Unit
    row: MeetingYear
    periods: list[cadence.Period]


@dataclass
class MissedGroup:
    sub_unit: Unit | None  # the direct sub-unit of the page's unit, or None for itself
    branches: list[MissedBranch] = field(default_factory=list)


@dataclass
class MissedList:
    unit: Unit
    year: int
    day: dt.date
    total: int
    groups: list[MissedGroup]
    truncated: bool
    branches_with_rows: int


def missed_list(*, actor: Any, unit: Unit, year: int, day: dt.date | None = None) -> MissedList:
    """The branches of the subtree that missed a period of `year` (ended before `day`),
    grouped by the direct sub-unit they belong to, at most MISSED_LIST_LIMIT. Four
    queries whatever the size of the subtree."""
    policy.require(actor, Cap.WORK_VIEW, unit)
    day = day or timezone.localdate()
    rows_qs = missed_queryset(year, day).filter(subtree_q("unit_path", unit.path))
    total = rows_qs.count()
    rows = list(
        rows_qs.select_related("unit", "unit__kind").order_by("unit_path")[:MISSED_LIST_LIMIT]
    )
    children = {
        u.path: u
        for u in Unit.objects.filter(parent=unit)
        .only("id", "name", "path", "status")
        .order_by("path")
    }
    groups: dict[str, MissedGroup] = {}
    cut = len(unit.path) + STEP_WIDTH
    for row in rows:
        prefix = row.unit_path[:cut] if len(row.unit_path) >= cut else unit.path
        group = groups.get(prefix)
        if group is None:
            group = groups[prefix] = MissedGroup(sub_unit=children.get(prefix))
        group.branches.append(
            MissedBranch(unit=row.unit, row=row, periods=status.missed_periods(row, row.unit, day))
        )
    branches = (
        MeetingYear.objects.filter(year=year).filter(subtree_q("unit_path", unit.path)).count()
    )
    return MissedList(
        unit=unit,
        year=year,
        day=day,
        total=total,
        groups=list(groups.values()),
        truncated=total > len(rows),
        branches_with_rows=branches,
    )


@dataclass
class SubUnitLine:
    unit: Unit
    branches: int
    missed: int
    held: int


def sub_unit_table(
    *, actor: Any, unit: Unit, year: int, day: dt.date | None = None
) -> list[SubUnitLine]:
    """For a unit above branches: each active sub-unit's branches, branches that missed a
    period, and meetings held in the year (three queries: children, one grouped range)."""
    policy.require(actor, Cap.WORK_VIEW, unit)
    day = day or timezone.localdate()
    children = list(
        Unit.objects.filter(parent=unit, status=UnitStatus.ACTIVE)
        .select_related("kind")
        .only("id", "name", "path", "parent_id", "kind__is_branch", "kind__name", "kind__name_en")
        .order_by("sort_key", "path")
    )
    if not children:
        return []
    cut = len(unit.path) + STEP_WIDTH
    grouped = (
        MeetingYear.objects.filter(year=year)
        .filter(subtree_q("unit_path", unit.path, include_self=False))
        .annotate(_prefix=Substr("unit_path", 1, cut))
        .values("_prefix")
        .annotate(
            _n=Count("pk"),
            _missed=Count("pk", filter=Q(first_gap_end__lt=day)),
            _held=Sum("held_count"),
        )
        .order_by()
    )
    by_prefix = {row["_prefix"]: row for row in grouped}
    lines = []
    for child in children:
        row = by_prefix.get(child.path, {})
        lines.append(
            SubUnitLine(
                unit=child,
                branches=row.get("_n", 0),
                missed=row.get("_missed", 0),
                held=row.get("_held") or 0,
            )
        )
    return lines


# --- members ----------------------------------------------------------------------------


@dataclass
class AttendanceSummary:
    called: int
    present: int
    excused: int
    unexcused: int
    recent: list[Attendance]

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.present, self.called) if self.called else None

    @property
    def percent(self) -> int | None:
        return round(100 * self.present / self.called) if self.called else None


def _summary(rows, recent: list[Attendance]) -> AttendanceSummary:
    counts = {r["status"]: r["n"] for r in rows}
    present = counts.get(AttendanceStatus.PRESENT, 0)
    excused = counts.get(AttendanceStatus.EXCUSED, 0)
    unexcused = counts.get(AttendanceStatus.UNEXCUSED, 0)
    return AttendanceSummary(
        called=present + excused + unexcused, present=present, excused=excused,
        unexcused=unexcused, recent=recent,
    )  # fmt: skip


def member_attendance(
    *, member: Any, day: dt.date | None = None, recent: int = 6
) -> AttendanceSummary:
    """The member's roll calls at held meetings in the twelve months up to `day` (two
    indexed queries). No access check: the caller fetched the member through an access
    helper (or it is the member's own record)."""
    day = day or timezone.localdate()
    since = day - dt.timedelta(days=365)
    base = Attendance.objects.filter(member=member, held_on__gt=since, held_on__lte=day)
    rows = base.values("status").annotate(n=Count("pk")).order_by()
    latest = list(base.select_related("meeting").order_by("-held_on", "-pk")[:recent])
    return _summary(rows, latest)


def attendance_rate(member: Any, year: int) -> Fraction | None:
    """Share of the meetings `member` was called at in `year` that they attended (None
    when they were called at none). One indexed query. For the annual rating (its
    participation ground) and the 3 chủ động indicators."""
    rows = (
        Attendance.objects.filter(
            member=member, held_on__gte=dt.date(year, 1, 1), held_on__lte=dt.date(year, 12, 31)
        )
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return _summary(rows, []).rate


@dataclass
class OwnMeeting:
    meeting: Meeting
    status: str  # the member's attendance status, "" when not called


def own_meetings(*, member: Any, year: int) -> list[OwnMeeting]:
    """The member's branch's meetings of `year` (held and planned) with the member's own
    attendance: the member's "My meetings" page (two queries)."""
    meetings = list(
        Meeting.objects.filter(
            unit_id=member.unit_id,
            period_start__gte=dt.date(year, 1, 1),
            period_start__lte=dt.date(year, 12, 31),
        )
        .exclude(state=MeetingState.CANCELLED)
        .order_by("-period_start", "-held_on")
    )
    mine = dict(
        Attendance.objects.filter(member=member, meeting__in=[m.pk for m in meetings]).values_list(
            "meeting_id", "status"
        )
    )
    return [OwnMeeting(meeting=m, status=mine.get(m.pk, "")) for m in meetings]


def meeting_detail(*, meeting: Meeting) -> dict:
    """The attendance (by status, names sorted) and minutes of a meeting (two queries)."""
    attendance = list(
        meeting.attendance.select_related("member")
        .only("id", "status", "source", "member__id", "member__full_name", "member__sort_key")
        .order_by("member__sort_key", "member_id")
    )
    from .models import Minutes

    minutes = Minutes.objects.filter(meeting=meeting).select_related("approved_by").first()
    return {"attendance": attendance, "minutes": minutes}


def held_states() -> tuple[str, ...]:
    return tuple(HELD_STATES)
