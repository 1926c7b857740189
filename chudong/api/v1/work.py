"""A branch's meetings in a year (sinh hoạt chi đoàn), and a unit's 3 chủ động
recognition status with its computed indicators."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.meetings.models import AttendanceStatus, MeetingMode
from chudong.meetings.selectors import branch_year
from chudong.meetings.services import meeting_record
from chudong.recognition import selectors as recognition

from .types import MAX_ID, ObjectId, answers, text

router = Router(tags=["meetings", "recognition"])


class YearQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100)


class MeetingOut(Schema):
    id: int
    period_start: dt.date
    period_months: int
    state: str
    scheduled_on: dt.date | None
    held_on: dt.date | None
    topic: str
    location: str


class PeriodOut(Schema):
    start: dt.date
    end: dt.date
    owed: bool
    ended: bool
    held: bool
    missed: bool
    meetings: list[MeetingOut]


class BranchYearOut(Schema):
    unit_id: int
    year: int
    is_branch: bool
    held: int
    owed: int
    periods: list[PeriodOut]


def _meeting(m) -> MeetingOut:
    return MeetingOut(
        id=m.pk,
        period_start=m.period_start,
        period_months=m.period_months,
        state=m.state,
        scheduled_on=m.scheduled_on,
        held_on=m.held_on,
        topic=m.topic,
        location=m.location,
    )


@router.get(
    "/units/{int:unit_id}/meetings",
    response=answers(BranchYearOut),
    tags=["meetings"],
    summary="A branch's meetings period by period",
)
def unit_meetings(request: HttpRequest, unit_id: ObjectId, query: Query[YearQuery]):
    """Only branches hold meetings: for another unit the answer has no periods."""
    unit = request.api_objects["unit_id"]
    policy.require(request.user, Cap.WORK_VIEW, unit)
    year = query.year or timezone.localdate().year
    if not unit.kind.is_branch:
        return BranchYearOut(
            unit_id=unit.pk, year=year, is_branch=False, held=0, owed=0, periods=[]
        )
    try:
        data = branch_year(actor=request.user, unit=unit, year=year)
    except LookupError:
        # The meeting cadence is a dated rule: a year before its first version has none.
        raise ValidationError(
            [{"loc": ("query", "year"), "msg": _("no meeting rule for this year"), "type": "year"}]
        ) from None
    periods = [
        PeriodOut(
            start=line.period.start,
            end=line.period.end,
            owed=line.owed,
            ended=line.ended,
            held=line.held,
            missed=line.missed,
            meetings=[_meeting(m) for m in line.meetings],
        )
        for line in data.lines
    ]
    return BranchYearOut(
        unit_id=unit.pk,
        year=year,
        is_branch=True,
        held=data.held_count,
        owed=data.owed_count,
        periods=periods,
    )


MemberKey = Annotated[int, Field(ge=1, le=MAX_ID)]


class MeetingRecordIn(Schema):
    held_on: dt.date
    mode: Literal[tuple(MeetingMode.values)]  # type: ignore[valid-type]
    topic: str = text(..., min_length=1, max_length=300)
    location: str = text("", max_length=200)
    attendance: dict[MemberKey, Literal[tuple(AttendanceStatus.values)]] = Field(  # type: ignore[valid-type]
        default_factory=dict,
        description="member id → present / excused / unexcused; members of the roll left out "
        "are present",
    )


class MeetingRecordedOut(MeetingOut):
    present: int
    excused: int
    unexcused: int


@router.post(
    "/units/{int:unit_id}/meetings",
    response=answers(MeetingRecordedOut, 201),
    tags=["meetings"],
    summary="Record a branch meeting that was held, with its roll call",
)
def meeting_record_view(request: HttpRequest, unit_id: ObjectId, payload: MeetingRecordIn):
    """work.manage over the branch. The planned meeting of the period is the one recorded
    (or a new one); a meeting whose minutes are approved cannot be recorded again."""
    meeting = meeting_record(
        actor=request.user,
        unit=request.api_objects["unit_id"],
        held_on=payload.held_on,
        mode=payload.mode,
        topic=payload.topic,
        location=payload.location,
        attendance=dict(payload.attendance),
    )
    counts = {status: 0 for status in AttendanceStatus.values}
    for status in meeting.attendance.values_list("status", flat=True):
        counts[status] += 1
    return Status(201, MeetingRecordedOut(**_meeting(meeting).model_dump(), **counts))


class CycleOut(Schema):
    state: str
    registered_on: dt.date | None
    submitted_on: dt.date | None
    reviewed_on: dt.date | None


class IndicatorOut(Schema):
    code: str
    label: str
    criterion: str
    numerator: int | None
    denominator: int | None
    computed_at: dt.datetime | None


class RecognitionOut(Schema):
    unit_id: int
    year: int
    recognised: bool | None = Field(description="null until the upper level has reviewed")
    cycle: CycleOut | None
    indicators: list[IndicatorOut]


@router.get(
    "/units/{int:unit_id}/recognition",
    response=answers(RecognitionOut),
    tags=["recognition"],
    summary="3 chủ động recognition status and indicators of a grassroots union",
)
def unit_recognition(request: HttpRequest, unit_id: ObjectId, query: Query[YearQuery]):
    """Needs recognition.view over the unit (403 otherwise). Indicators are those stored
    by the last computation; other units than grassroots unions have none."""
    unit = request.api_objects["unit_id"]
    policy.require(request.user, Cap.RECOGNITION_VIEW, unit)
    year = query.year or timezone.localdate().year
    cycle = recognition.cycle_of(unit=unit, year=year) if unit.kind.is_grassroots else None
    lines = (
        recognition.indicator_lines(actor=request.user, unit=unit, year=year)
        if unit.kind.is_grassroots
        else []
    )
    return RecognitionOut(
        unit_id=unit.pk,
        year=year,
        recognised=recognition.recognition_result(unit=unit, year=year),
        cycle=CycleOut(
            state=cycle.state,
            registered_on=cycle.registered_on,
            submitted_on=cycle.submitted_on,
            reviewed_on=cycle.reviewed_on,
        )
        if cycle
        else None,
        indicators=[
            IndicatorOut(
                code=line.indicator.code,
                label=str(line.indicator.label),
                criterion=line.indicator.criterion,
                numerator=line.value.numerator if line.value else None,
                denominator=line.value.denominator if line.value else None,
                computed_at=line.value.computed_at if line.value else None,
            )
            for line in lines
        ],
    )
