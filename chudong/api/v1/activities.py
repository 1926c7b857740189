"""Activities (hoạt động, công trình thanh niên) of a unit's subtree, and a member's
check-in with the activity's QR code (the same service as the phone page)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from chudong.activities.models import ActivityKind
from chudong.activities.selectors import activities_in_year
from chudong.activities.services import checkin_by_token

from .paging import DEFAULT_LIMIT, MAX_LIMIT, by_time_desc
from .types import ObjectId, answers, text

router = Router(tags=["activities"])

KindFilter = Literal[tuple(ActivityKind.values)]  # type: ignore[valid-type]


class ActivityOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    title: str
    kind: str
    is_project: bool
    state: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str


def _out(activity) -> ActivityOut:
    return ActivityOut(
        id=activity.pk,
        unit_id=activity.unit_id,
        unit_name=activity.unit.name,
        title=activity.title,
        kind=activity.kind,
        is_project=activity.is_project,
        state=activity.state,
        starts_at=activity.starts_at,
        ends_at=activity.ends_at,
        place=activity.place,
    )


class ActivityList(Schema):
    items: list[ActivityOut]
    next: str | None = None


class ActivityQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    kind: KindFilter | None = None
    projects: bool | None = None
    after: str | None = text(None, max_length=40)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class CheckinIn(Schema):
    token: str = text(..., min_length=1, max_length=500)
    scanned_at: dt.datetime | None = Field(
        None, description="when the member scanned (a check-in queued offline arrives later)"
    )


class CheckinOut(Schema):
    activity_id: int
    title: str
    checked_in_at: dt.datetime
    created: bool


@router.get(
    "/units/{int:unit_id}/activities",
    response=answers(ActivityList),
    summary="Activities of a unit's subtree in one year",
)
def activities(request: HttpRequest, unit_id: ObjectId, query: Query[ActivityQuery]):
    """Newest first (by start, then id), in pages: `next` is the cursor of the following
    page. Pages stay stable while activities are added."""
    year = query.year or timezone.localdate().year
    rows = activities_in_year(
        actor=request.user,
        unit=request.api_objects["unit_id"],
        year=year,
        projects=query.projects,
        kind=query.kind or "",
    )
    page, following = by_time_desc(rows, field="starts_at", after=query.after, limit=query.limit)
    return {"items": [_out(a) for a in page], "next": following}


@router.get("/activities/{int:activity_id}", response=answers(ActivityOut), summary="One activity")
def activity_detail(request: HttpRequest, activity_id: ObjectId):
    return _out(request.api_objects["activity_id"])


@router.post(
    "/activities/check-in", response=answers(CheckinOut), summary="Check in to an activity"
)
def activity_checkin(request: HttpRequest, payload: CheckinIn):
    """The caller's own member record checks in with the token of the activity's QR code.
    A second check-in answers the first (created: false)."""
    if payload.scanned_at is not None and timezone.is_naive(payload.scanned_at):
        payload.scanned_at = timezone.make_aware(payload.scanned_at)
    participation, created = checkin_by_token(
        actor=request.user, token=payload.token, scanned_at=payload.scanned_at
    )
    return CheckinOut(
        activity_id=participation.activity_id,
        title=participation.activity.title,
        checked_in_at=participation.checked_in_at,
        created=created,
    )
