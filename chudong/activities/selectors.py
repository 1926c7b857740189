"""Every read of activities and youth projects, already scoped to what the actor may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.access.models import RoleAssignment
from chudong.core.paths import ancestors_of, subtree_q
from chudong.core.sql import cursor as prepared_cursor
from chudong.core.sql import statement
from chudong.members.models import CURRENT_STATUSES, Member
from chudong.orgs.models import Unit, UnitStatus
from chudong.orgs.selectors import subtree_bounds

from .models import Activity, ActivityPhoto, ActivityState, Participation

LIST_LIMIT = 200
TICK_LIMIT = 400


def access_activity(actor: Any, activity_id: Any, *, cap: Cap = Cap.WORK_VIEW) -> Activity:
    """The activity `activity_id` with its unit, for a page that needs `cap`: 404 when it does
    not exist or lies outside every unit the actor sees, 403 when seen without `cap`."""
    try:
        activity = Activity.objects.select_related("unit", "unit__kind", "created_by").get(
            pk=int(activity_id)
        )
    except (Activity.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not policy.can_at_path(actor, Cap.UNITS_VIEW, activity.unit_path):
        raise Http404
    if not policy.can_at_path(actor, Cap.WORK_VIEW, activity.unit_path):
        raise PermissionDenied
    if cap != Cap.WORK_VIEW and not policy.can_at_path(actor, cap, activity.unit_path):
        raise PermissionDenied
    return activity


def access_photo(activity: Activity, photo_id: Any) -> ActivityPhoto:
    try:
        return ActivityPhoto.objects.get(pk=int(photo_id), activity=activity)
    except (ActivityPhoto.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def home_units(*, actor: Any) -> list[Unit]:
    """The top units where the actor sees activities (the menu entry's choices)."""
    roots = policy.visible_roots(actor, Cap.WORK_VIEW)
    return list(Unit.objects.filter(path__in=roots).select_related("kind").order_by("path"))


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz))


def activity_list(
    *, actor: Any, unit: Unit, year: int, projects: bool | None = None, kind: str = ""
) -> QuerySet[Activity]:
    """Activities organised in the subtree of `unit` that start in `year`, newest first."""
    rows = activities_in_year(actor=actor, unit=unit, year=year, projects=projects, kind=kind)
    return rows[:LIST_LIMIT]


def activities_in_year(
    *, actor: Any, unit: Unit, year: int, projects: bool | None = None, kind: str = ""
) -> QuerySet[Activity]:
    """The same, unbounded (for keyset paging: the API pages by (starts_at, id))."""
    start, end = year_bounds(year)
    qs = Activity.objects.filter(
        subtree_q("unit_path", unit.path), starts_at__gte=start, starts_at__lt=end
    ).filter(policy.scope_q(actor, Cap.WORK_VIEW, "unit_path"))
    if projects is not None:
        qs = qs.filter(is_project=projects)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("unit").order_by("-starts_at", "-id")


@dataclass
class Figures:
    activities: int = 0
    projects: int = 0
    done: int = 0
    participations: int = 0
    guests: int = 0
    people_reached: int = 0
    value: int = 0


_FIGURES_STATEMENT = (
    "SELECT COALESCE(SUM(CASE WHEN is_project THEN 0 ELSE 1 END), 0),"
    " COALESCE(SUM(CASE WHEN is_project THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN state = %s THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(participants_count), 0), COALESCE(SUM(guests_count), 0),"
    " COALESCE(SUM(people_reached), 0), COALESCE(SUM(value), 0)"
    " FROM {activity} WHERE starts_at >= %s AND starts_at < %s AND state <> %s"
    " AND unit_path >= %s AND unit_path < %s"
)


def unit_figures(*, unit: Unit, year: int) -> Figures:
    """This year's activities in the subtree of `unit` (cancelled ones left out): one
    range scan of the path index, by a statement written once per process (the unit page
    and the activities page show them)."""
    start, end = (connection.ops.adapt_datetimefield_value(d) for d in year_bounds(year))
    params = [ActivityState.DONE.value, start, end, ActivityState.CANCELLED.value]
    with prepared_cursor() as cursor:
        cursor.execute(
            statement(_FIGURES_STATEMENT, activity=Activity),
            params + list(subtree_bounds(unit.path)),
        )
        row = cursor.fetchone()
    return Figures(*(int(value) for value in row))


def figures_many(units: list[Unit], year: int) -> dict[int, Figures]:
    """The same figures for several units (one query per unit, each an index range)."""
    return {unit.pk: unit_figures(unit=unit, year=year) for unit in units}


def _this_years_figures(unit: Unit) -> Figures:
    """This year's figures, read once per unit object (the unit page shows two of them)."""
    year = timezone.localdate().year
    kept = getattr(unit, "_activities_figures", None)
    if kept is None or kept[0] != year:
        kept = (year, unit_figures(unit=unit, year=year))
        unit._activities_figures = kept
    return kept[1]


def figure_count(unit: Unit) -> int | None:
    """Unit page figure: activities and youth projects this year in the subtree."""
    figures = _this_years_figures(unit)
    return figures.activities + figures.projects


def figure_value(unit: Unit) -> int | None:
    """Unit page figure: the value in VND of this year's activities and projects."""
    return _this_years_figures(unit).value or None


def figure_count_many(units: list[Unit]) -> dict[int, int]:
    year = timezone.localdate().year
    return {pk: f.activities + f.projects for pk, f in figures_many(units, year).items()}


def figure_value_many(units: list[Unit]) -> dict[int, int]:
    year = timezone.localdate().year
    return {pk: f.value for pk, f in figures_many(units, year).items()}


@dataclass
class ActivityDetail:
    activity: Activity
    organisers: list
    other_units: list[Unit]
    participations: list[Participation]
    photos: list[ActivityPhoto]


def activity_detail(*, activity: Activity) -> ActivityDetail:
    return ActivityDetail(
        activity=activity,
        organisers=list(activity.organisers.order_by("full_name")),
        other_units=list(activity.other_units.order_by("path")),
        participations=list(
            activity.participations.select_related("member", "member__unit").order_by(
                "member__sort_key", "member_id"
            )
        ),
        photos=list(activity.photos.order_by("id")),
    )


@dataclass
class Sponsors:
    rows: list
    total: int


def activity_sponsors(*, actor: Any, activity: Activity) -> Sponsors | None:
    """The sponsors who funded the activity (advisory resources pointing to it), or None
    when the actor may not see advisory work there. A resource recorded by a unit the actor
    does not see (a sibling that funded a joint project) is left out."""
    if not policy.can_at_path(actor, Cap.ADVISORY_VIEW, activity.unit_path):
        return None
    from chudong.advisory.selectors import sponsors_of

    rows = [
        row
        for row in sponsors_of(activity)
        if policy.can_at_path(actor, Cap.ADVISORY_VIEW, row.unit_path)
    ]
    return Sponsors(rows=rows, total=sum(r.value for r in rows))


def organiser_choices(*, unit: Unit) -> QuerySet:
    """Users who may organise for `unit`: those holding a role at it, above it, or at a
    unit right below it, today."""
    from chudong.accounts.models import User

    today = timezone.localdate()
    paths = [*ancestors_of(unit.path), unit.path]
    assignments = RoleAssignment.objects.filter(
        Q(unit__path__in=paths) | Q(unit__parent=unit), start_date__lte=today
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    return User.objects.filter(pk__in=assignments.values("user_id"), is_active=True).order_by(
        "full_name"
    )


def other_unit_choices(*, actor: Any, unit: Unit) -> QuerySet[Unit]:
    """Units that may join an activity of `unit`: the units right below it and beside it,
    as far as the actor sees them (a branch secretary does not see the branch next door)."""
    condition = Q(parent=unit)
    if unit.parent_id:
        condition |= Q(parent_id=unit.parent_id)
    return (
        Unit.objects.filter(condition, status=UnitStatus.ACTIVE)
        .filter(policy.scope_q(actor, Cap.UNITS_VIEW))
        .exclude(pk=unit.pk)
        .order_by("path")
    )  # not sliced: the form validates posted choices by filtering this queryset


def tickable_members(*, activity: Activity) -> list[Member]:
    """Current members an organiser may tick: those of the organising unit's subtree and
    of the other units involved (bounded; name order)."""
    condition = subtree_q("unit_path", activity.unit_path)
    for path in activity.other_units.values_list("path", flat=True):
        condition |= subtree_q("unit_path", path)
    return list(
        Member.objects.filter(condition, status__in=CURRENT_STATUSES, merged_into__isnull=True)
        .select_related("unit")
        .order_by("sort_key", "pk")[:TICK_LIMIT]
    )


# --- The member's side ---------------------------------------------------------------------


def _unit_activities_q(member: Member) -> Q:
    """Activities that count as "the unit's activities" for a member: organised by the
    member's own unit, or with that unit among the units involved."""
    return Q(unit_id=member.unit_id) | Q(other_units=member.unit_id)


def participation_rate(member: Member, year: int) -> float | None:
    """The share (0..1) of the activities of the member's unit in `year` (not cancelled,
    already started) that the member attended; None when the unit held none.

    The ratings rule "takes part in ≥ 90% of the activities" reads this. Activities of other
    units the member joined do not raise the rate above what the unit's own give.
    """
    start, end = year_bounds(year)
    end = min(end, timezone.now())
    held = (
        Activity.objects.filter(_unit_activities_q(member), starts_at__gte=start, starts_at__lt=end)
        .exclude(state=ActivityState.CANCELLED)
        .values("pk")
        .distinct()
    )
    total = held.count()
    if total == 0:
        return None
    attended = Participation.objects.filter(member=member, activity_id__in=held).count()
    return attended / total


@dataclass
class MemberActivities:
    this_year: int
    total: int
    rate: float | None
    recent: list[Participation]


def member_activities(*, member: Member, limit: int = 10) -> MemberActivities:
    """What the member's page shows: counts, this year's rate, the latest activities."""
    year = timezone.localdate().year
    start, end = year_bounds(year)
    counts = Participation.objects.filter(member=member).aggregate(
        total=Count("id"),
        this_year=Count("id", filter=Q(activity_starts_at__gte=start, activity_starts_at__lt=end)),
    )
    recent = list(
        Participation.objects.filter(member=member)
        .select_related("activity", "activity__unit")
        .order_by("-activity_starts_at", "-id")[:limit]
    )
    return MemberActivities(
        this_year=counts["this_year"],
        total=counts["total"],
        rate=participation_rate(member, year),
        recent=recent,
    )


def upcoming_for_member(*, member: Member, limit: int = 20) -> list[Activity]:
    """Activities the member may join: of their unit and the units above it, or involving
    their unit, from today on."""
    paths = [*ancestors_of(member.unit_path), member.unit_path]
    return list(
        Activity.objects.filter(Q(unit_path__in=paths) | Q(other_units=member.unit_id))
        .filter(ends_at__gte=timezone.now())
        .exclude(state=ActivityState.CANCELLED)
        .select_related("unit")
        .distinct()
        .order_by("starts_at", "id")[:limit]
    )
