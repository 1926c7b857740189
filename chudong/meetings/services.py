"""Writes of branch meetings: the year's schedule (one branch, or every branch of a
grassroots union at once), recording a held meeting with its roll call and minutes in one
step, cancelling a planned meeting, and approving the minutes. Each write refreshes the
branch's `MeetingYear` row in the same transaction, so the missed-meeting warning is
never stale for a branch that recorded something.

Who may do what: recording, scheduling and cancelling need work.manage over the branch
(its secretary and executive committee, and the levels above); approving the minutes
needs work.manage too, i.e. the branch secretary or the grassroots union (domain.md 2.13).
"""

from __future__ import annotations

import calendar
import copy
import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.paths import subtree_q
from chudong.orgs.models import Restructuring, Unit, UnitStatus
from chudong.orgs.registry import ContentItem

from . import cadence, status
from .models import (
    HELD_STATES,
    Attendance,
    AttendanceSource,
    AttendanceStatus,
    Meeting,
    MeetingMode,
    MeetingState,
    MeetingYear,
    Minutes,
)

DEFAULT_DAY = 15
TEXT_MAX = 4000


def _check_unit(unit: Unit) -> None:
    if not unit.kind.is_branch:
        raise ValidationError(_("Branch meetings are held by a branch; %s is not a branch.") % unit)
    if unit.status != UnitStatus.ACTIVE:
        raise ValidationError(_("%s is no longer active.") % unit.name)


def _scheduled_day(period: cadence.Period, day_of_month: int) -> dt.date:
    last = calendar.monthrange(period.start.year, period.start.month)[1]
    return period.start.replace(day=min(max(day_of_month, 1), last))


# --- the year's schedule ------------------------------------------------------------


def _plan_branch(unit: Unit, year: int, day_of_month: int, taken: set[dt.date], today: dt.date):
    months = cadence.months_between(unit, year)
    return [
        Meeting(
            unit=unit,
            unit_path=unit.path,
            period_start=period.start,
            period_months=months,
            scheduled_on=_scheduled_day(period, day_of_month),
            state=MeetingState.PLANNED,
        )
        for period in cadence.owed_periods(unit, year, months)
        if period.end >= today and period.start not in taken
    ]


def _check_year(year: int, today: dt.date) -> None:
    if not today.year <= year <= today.year + 1:
        raise ValidationError({"year": _("A schedule is made for this year or the next.")})


def schedule_generate(
    *, actor: Any, unit: Unit, year: int, day_of_month: int = DEFAULT_DAY
) -> list[Meeting]:
    """Plan one meeting per owed period of `year` that has not ended and has no meeting
    yet (monthly, or quarterly where the rules allow). Running it again adds nothing."""
    return schedule_generate_below(actor=actor, unit=unit, year=year, day_of_month=day_of_month)


def schedule_generate_below(
    *, actor: Any, unit: Unit, year: int, day_of_month: int = DEFAULT_DAY
) -> list[Meeting]:
    """The same for every active branch in the subtree of `unit` (a grassroots union plans
    all its branches at once); `unit` itself when it is a branch. A fixed number of queries
    per 2,000 branches."""
    policy.require(actor, Cap.WORK_MANAGE, unit)
    today = timezone.localdate()
    _check_year(year, today)
    if unit.kind.is_branch:
        _check_unit(unit)
        branches = [unit]
    else:
        branches = list(
            Unit.objects.filter(
                subtree_q("path", unit.path), status=UnitStatus.ACTIVE, kind__is_branch=True
            ).select_related("kind")
        )
    if not branches:
        raise ValidationError(_("There is no active branch under %s.") % unit.name)
    created: list[Meeting] = []
    with transaction.atomic():
        for start in range(0, len(branches), status.CHUNK):
            chunk = branches[start : start + status.CHUNK]
            taken: dict[int, set[dt.date]] = {u.pk: set() for u in chunk}
            for unit_id, period_start in (
                Meeting.objects.filter(
                    unit_id__in=list(taken),
                    period_start__gte=dt.date(year, 1, 1),
                    period_start__lte=dt.date(year, 12, 31),
                )
                .exclude(state=MeetingState.CANCELLED)
                .order_by()
                .values_list("unit_id", "period_start")
            ):
                taken[unit_id].add(period_start)
            planned = [
                m for u in chunk for m in _plan_branch(u, year, day_of_month, taken[u.pk], today)
            ]
            created.extend(bulk_create_with_history(planned, Meeting, default_user=actor))
            status._write(chunk, year)
    return created


# --- recording a meeting ------------------------------------------------------------


def roll_of(unit: Unit):
    """The branch's roll: its current members (one query)."""
    from chudong.members.models import CURRENT_STATUSES, Member

    return Member.objects.filter(unit=unit, status__in=CURRENT_STATUSES).order_by("sort_key", "pk")


def _clean_text(value: str, field: str, limit: int = TEXT_MAX) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise ValidationError({field: _("Keep this under %d characters.") % limit})
    return value


def meeting_record(
    *,
    actor: Any,
    unit: Unit,
    held_on: dt.date,
    mode: str,
    topic: str,
    attendance: dict[int, str],
    location: str = "",
    material: str = "",
    agenda: str = "",
    content: str = "",
    resolutions: str = "",
    opinions: str = "",
    meeting: Meeting | None = None,
    source: str = AttendanceSource.ROLL_CALL,
) -> Meeting:
    """Record a held meeting with its roll call and minutes in one step.

    `attendance` maps member id → present / excused / unexcused for members of the
    branch's roll; members of the roll left out are recorded as present (the screen marks
    everyone present by default). `meeting`, when given, is the planned (or already held,
    not yet approved) meeting being recorded; otherwise the planned meeting of the period
    is used, or a new one made. Raises ValidationError (keyed by field) on bad input and
    when the minutes are already approved.
    """
    policy.require(actor, Cap.WORK_MANAGE, unit)
    _check_unit(unit)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if held_on > today:
        errors["held_on"] = _("A meeting cannot be recorded before it is held.")
    elif held_on < cadence.first_day(unit):
        errors["held_on"] = _("The branch did not exist yet on this day.")
    if mode not in MeetingMode.values:
        errors["mode"] = _("Choose how the meeting was held.")
    topic = (topic or "").strip()
    if not topic:
        errors["topic"] = _("Give the meeting's topic.")
    elif len(topic) > 300:
        errors["topic"] = _("Keep this under %d characters.") % 300
    if errors:
        raise ValidationError(errors)
    texts = {
        "agenda": _clean_text(agenda, "agenda"),
        "content": _clean_text(content, "content"),
        "resolutions": _clean_text(resolutions, "resolutions"),
        "opinions": _clean_text(opinions, "opinions"),
    }
    location = _clean_text(location, "location", 200)
    material = _clean_text(material, "material", 500)

    with transaction.atomic():
        # One recording per branch at a time (two phones saving the same month).
        list(Unit.objects.select_for_update().filter(pk=unit.pk).values_list("pk"))
        if meeting is not None:
            meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
            if meeting.unit_id != unit.pk:
                raise ValidationError(_("This meeting belongs to another unit."))
        else:
            months = cadence.months_between(unit, held_on.year)
            period = cadence.period_at(held_on, months)
            meeting = (
                Meeting.objects.select_for_update()
                .filter(unit=unit, period_start=period.start, state=MeetingState.PLANNED)
                .order_by("pk")
                .first()
            ) or Meeting(
                unit=unit, unit_path=unit.path, period_start=period.start, period_months=months
            )
        if meeting.state == MeetingState.APPROVED:
            raise ValidationError(_("The minutes of this meeting are approved; it is locked."))
        if meeting.state == MeetingState.CANCELLED:
            raise ValidationError(_("This meeting was cancelled."))
        roll = list(roll_of(unit).values_list("pk", flat=True))
        if meeting.pk:
            # Members called at an earlier recording stay on the roll (moved away since).
            called = set(meeting.attendance.values_list("member_id", flat=True))
            roll += [pk for pk in called if pk not in set(roll)]
        unknown = [pk for pk in attendance if pk not in roll]
        if unknown:
            raise ValidationError(
                {"attendance": _("Some people marked are not members of this branch.")}
            )
        statuses = {pk: attendance.get(pk, AttendanceStatus.PRESENT) for pk in roll}
        if any(s not in AttendanceStatus.values for s in statuses.values()):
            raise ValidationError({"attendance": _("Unknown attendance status.")})
        meeting.held_on = held_on
        meeting.mode = mode
        meeting.topic = topic
        meeting.location = location
        meeting.material = material
        meeting.state = MeetingState.HELD
        meeting.recorded_by = actor
        meeting.present_count = sum(1 for s in statuses.values() if s == "present")
        meeting.excused_count = sum(1 for s in statuses.values() if s == "excused")
        meeting.unexcused_count = sum(1 for s in statuses.values() if s == "unexcused")
        meeting._history_user = actor
        meeting.save()
        meeting.attendance.all().delete()
        Attendance.objects.bulk_create(
            [
                Attendance(
                    meeting=meeting,
                    member_id=pk,
                    status=value,
                    source=source,
                    held_on=held_on,
                    unit_path=unit.path,
                )
                for pk, value in statuses.items()
            ]
        )
        minutes = Minutes.objects.filter(meeting=meeting).first() or Minutes(meeting=meeting)
        for field, value in texts.items():
            setattr(minutes, field, value)
        minutes._history_user = actor
        minutes.save()
        status.refresh_branch_year(unit, meeting.period_start.year)
    return meeting


def meeting_cancel(*, actor: Any, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a planned meeting (it then does not count as held; the period stays owed)."""
    policy.require(actor, Cap.WORK_MANAGE, meeting.unit)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the meeting is cancelled.")})
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.state != MeetingState.PLANNED:
            raise ValidationError(_("Only a planned meeting can be cancelled."))
        locked.state = MeetingState.CANCELLED
        locked.cancel_reason = _clean_text(reason, "reason", 300)
        locked._history_user = actor
        locked.save(update_fields=["state", "cancel_reason", "updated_at"])
        status.refresh_branch_year(meeting.unit, locked.period_start.year)
    return locked


def minutes_approve(*, actor: Any, meeting: Meeting) -> Meeting:
    """The branch secretary or the grassroots union approves the minutes of a held
    meeting; the meeting is then locked."""
    policy.require(actor, Cap.WORK_MANAGE, meeting.unit)
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.state != MeetingState.HELD:
            raise ValidationError(_("Only the minutes of a held meeting can be approved."))
        minutes = Minutes.objects.filter(meeting=locked).first() or Minutes(meeting=locked)
        minutes.approved_by = actor
        minutes.approved_at = timezone.now()
        minutes._history_user = actor
        minutes.save()
        locked.state = MeetingState.APPROVED
        locked._history_user = actor
        locked.save(update_fields=["state", "updated_at"])
    return locked


# --- the member register and the unit tree -------------------------------------------


def follow_member_merge(*, keep: Any, remove: Any, actor: Any) -> None:
    """members.services.register_merge_follower hook: the removed record's attendance
    moves to the kept one, except at meetings where the kept record was called too."""
    taken = Attendance.objects.filter(member=keep).values("meeting_id")
    Attendance.objects.filter(member=remove).exclude(meeting_id__in=taken).update(member=keep)


class MeetingsContent:
    """orgs.registry.UnitContent. A meeting is a fact about the branch that held it, so a
    merged or split branch keeps its meetings; a subtree move rewrites the path copies.
    A merged branch owes nothing after it leaves the tree: its summary rows are
    recomputed with that end date."""

    key = "meetings"

    def label(self) -> str:
        return _("branch meetings")

    def count(self, unit: Unit) -> int:
        return 0

    def items(self, unit: Unit) -> list[ContentItem]:
        return []

    def move_all(self, *, source: Unit, target: Unit, restructuring: Restructuring) -> int:
        ending = copy.copy(source)
        ending.valid_to = restructuring.effective_on
        for row in MeetingYear.objects.filter(unit=source, year__gte=ending.valid_to.year):
            held = status._held_rows([source.pk], row.year)[source.pk]
            for field, value in status.summarise(ending, row.year, held).items():
                setattr(row, field, value)
            row.save()
        return 0

    def move_items(
        self, *, ids: list[int], source: Unit, target: Unit, restructuring: Restructuring
    ) -> int:
        return 0

    def repath(self, *, old_prefix: str, new_prefix: str) -> int:
        cut = len(old_prefix) + 1
        moved = 0
        for model in (Meeting, Attendance, MeetingYear):
            moved += model.objects.filter(subtree_q("unit_path", old_prefix)).update(
                unit_path=Concat(Value(new_prefix), Substr("unit_path", cut))
            )
        return moved


__all__ = [
    "HELD_STATES",
    "MeetingsContent",
    "follow_member_merge",
    "meeting_cancel",
    "meeting_record",
    "minutes_approve",
    "roll_of",
    "schedule_generate",
    "schedule_generate_below",
]
