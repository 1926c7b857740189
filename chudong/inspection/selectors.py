"""Reads of criterion 2.5: access helpers, lists of a unit's subtree, the overdue-remedies
warning, and the counts recognition reads per unit subtree and year.

Scope: an inspection is seen by whoever sees its subject (the inspecting unit is the
subject or above it); a plan, a review and a model by whoever sees their unit; a model
published for replication also by every unit in the publishing unit's subtree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.access.selectors import unit_leadership
from chudong.core.paths import ancestors_of, subtree_q
from chudong.orgs.models import Unit

from .models import (
    Exemplary,
    Inspection,
    InspectionPlan,
    Recommendation,
    RemedyStatus,
    Replication,
    Review,
)

LIST_LIMIT = 200
SUBJECT_LEVELS = 2


def _year_q(field: str, year: int) -> Q:
    return Q(**{f"{field}__gte": dt.date(year, 1, 1), f"{field}__lt": dt.date(year + 1, 1, 1)})


def _check(actor: Any, path: str, cap: Cap) -> None:
    if not policy.can_at_path(actor, Cap.UNITS_VIEW, path):
        raise Http404
    if not policy.can_at_path(actor, Cap.WORK_VIEW, path):
        raise PermissionDenied
    if cap != Cap.WORK_VIEW and not policy.can_at_path(actor, cap, path):
        raise PermissionDenied


def _get(queryset: QuerySet, pk: Any):
    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def access_plan(actor: Any, plan_id: Any, *, cap: Cap = Cap.WORK_VIEW) -> InspectionPlan:
    """404 when missing or outside every visible unit, 403 when seen without `cap`."""
    plan = _get(InspectionPlan.objects.select_related("unit", "unit__kind"), plan_id)
    _check(actor, plan.unit_path, cap)
    return plan


def access_inspection(actor: Any, inspection_id: Any, *, manage: bool = False) -> Inspection:
    """Seen by whoever sees the subject; changed only with work.manage at the inspecting
    unit."""
    inspection = _get(
        Inspection.objects.select_related("unit", "unit__kind", "subject", "plan"),
        inspection_id,
    )
    _check(actor, inspection.subject_path, Cap.WORK_VIEW)
    if manage and not policy.can_at_path(actor, Cap.WORK_MANAGE, inspection.unit_path):
        raise PermissionDenied
    return inspection


def access_recommendation(
    actor: Any, recommendation_id: Any, *, cap: Cap = Cap.WORK_VIEW
) -> Recommendation:
    row = _get(
        Recommendation.objects.select_related(
            "inspection", "inspection__unit", "inspection__subject", "inspection__subject__kind"
        ),
        recommendation_id,
    )
    _check(actor, row.subject_path, cap)
    return row


def access_review(actor: Any, review_id: Any, *, cap: Cap = Cap.WORK_VIEW) -> Review:
    review = _get(Review.objects.select_related("unit", "unit__kind", "person"), review_id)
    _check(actor, review.unit_path, cap)
    return review


def _shared_to(actor: Any, exemplary: Exemplary) -> bool:
    """Whether the actor sees pillar two work somewhere below where it was published."""
    if not exemplary.shared_path:
        return False
    return any(
        Cap.WORK_VIEW in grant.capabilities and grant.path.startswith(exemplary.shared_path)
        for grant in policy.grants(actor)
    )


def access_exemplary(actor: Any, exemplary_id: Any, *, cap: Cap = Cap.WORK_VIEW) -> Exemplary:
    row = _get(
        Exemplary.objects.select_related("unit", "unit__kind", "member", "shared_by"),
        exemplary_id,
    )
    if cap == Cap.WORK_VIEW and _shared_to(actor, row):
        return row
    _check(actor, row.unit_path, cap)
    return row


def home_units(*, actor: Any) -> list[Unit]:
    roots = policy.visible_roots(actor, Cap.WORK_VIEW)
    return list(Unit.objects.select_related("kind").filter(path__in=roots).order_by("path"))


def subject_choices(*, unit: Unit) -> QuerySet[Unit]:
    """Units an inspection or a plan of `unit` may name in a form: itself and the active
    units one or two levels below (a province inspects grassroots unions, a grassroots
    union its branches), so that a province's list stays short. An unsliced queryset, so
    that a form can validate the choice; the service accepts any unit of the subtree."""
    return Unit.objects.filter(
        subtree_q("path", unit.path), status="active", depth__lte=unit.depth + SUBJECT_LEVELS
    ).order_by("path")


def manageable_units(*, actor: Any) -> QuerySet[Unit]:
    """Active units where the actor records pillar two work (to record a replication)."""
    return Unit.objects.filter(policy.scope_q(actor, Cap.WORK_MANAGE), status="active").order_by(
        "path"
    )


# --- Plans and inspections -----------------------------------------------------------


def plan_list(*, unit: Unit, year: int) -> list[InspectionPlan]:
    """Plans of the unit and its sub-units for `year`, with their inspections counted."""
    return list(
        InspectionPlan.objects.filter(subtree_q("unit_path", unit.path), year=year)
        .select_related("unit")
        .annotate(done=Count("inspections"))
        .order_by("unit_path", "id")[:LIST_LIMIT]
    )


def plan_choices(*, unit: Unit) -> QuerySet[InspectionPlan]:
    return InspectionPlan.objects.filter(unit=unit).order_by("-year", "-id")


def _with_remedies(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(
        rec_total=Count("recommendations"),
        rec_open=Count("recommendations", filter=Q(recommendations__status=RemedyStatus.OPEN)),
    )


def inspection_list(*, unit: Unit, year: int) -> list[Inspection]:
    """Inspections of the unit's subtree in `year` (whoever made them), with the number of
    recommendations and of those still open."""
    return list(
        _with_remedies(
            Inspection.objects.filter(
                subtree_q("subject_path", unit.path), _year_q("inspected_on", year)
            )
        )
        .select_related("unit", "subject")
        .order_by("-inspected_on", "-id")[:LIST_LIMIT]
    )


def plan_inspections(*, plan: InspectionPlan) -> list[Inspection]:
    return list(
        _with_remedies(plan.inspections.all())
        .select_related("subject")
        .order_by("-inspected_on", "-id")
    )


def recommendations_of(*, inspection: Inspection, day: dt.date) -> list[Recommendation]:
    rows = list(inspection.recommendations.order_by("deadline", "id"))
    for row in rows:
        row.state = row.state_on(day)
    return rows


def overdue_remedies(*, unit: Unit, day: dt.date) -> list[Recommendation]:
    """Open recommendations past their deadline addressed to the unit's subtree."""
    rows = list(
        Recommendation.objects.filter(
            subtree_q("subject_path", unit.path), status=RemedyStatus.OPEN, deadline__lt=day
        )
        .select_related("inspection", "inspection__subject")
        .order_by("deadline", "id")[:LIST_LIMIT]
    )
    for row in rows:
        row.state = "overdue"
    return rows


def overdue_counts(units: list[Unit], day: dt.date) -> dict[int, int]:
    """Warning: overdue remedies in each unit's subtree — the inspected unit and every
    level above it see them (one query on the partial (subject_path, deadline) index)."""
    if not units:
        return {}
    either = Q()
    counts = {}
    for node in units:
        within = subtree_q("subject_path", node.path)
        either |= within
        counts[f"u{node.pk}"] = Count("pk", filter=within)
    row = Recommendation.objects.filter(
        either, status=RemedyStatus.OPEN, deadline__lt=day
    ).aggregate(**counts)
    return {node.pk: row[f"u{node.pk}"] or 0 for node in units}


# --- Reviews -------------------------------------------------------------------------


@dataclass
class LeaderLine:
    person: Any
    post: str
    review: Review | None
    current: bool


def review_sheet(*, actor: Any, unit: Unit, year: int) -> tuple[Review | None, list[LeaderLine]]:
    """The collective review of `year` and one line per leadership member: today's
    leadership (from role assignments), then anyone else reviewed that year."""
    reviews = list(Review.objects.filter(unit=unit, year=year).select_related("person"))
    collective = next((r for r in reviews if r.person_id is None), None)
    personal = {r.person_id: r for r in reviews if r.person_id is not None}
    lines: list[LeaderLine] = []
    seen = set()
    for assignment in unit_leadership(actor=actor, unit=unit):
        if assignment.user_id in seen:
            continue
        seen.add(assignment.user_id)
        lines.append(
            LeaderLine(
                assignment.user, str(assignment.role), personal.get(assignment.user_id), True
            )
        )
    for person_id, review in personal.items():
        if person_id not in seen:
            lines.append(LeaderLine(review.person, review.post, review, False))
    return collective, lines


def leader_to_review(*, actor: Any, unit: Unit, person_id: str) -> Any:
    """The leadership member named by `person_id` (a user id from the review sheet), or
    None for the collective review when it is empty; 404 when that person holds no
    leadership post at the unit today."""
    if not person_id:
        return None
    if not person_id.isdigit():
        raise Http404
    for assignment in unit_leadership(actor=actor, unit=unit):
        if assignment.user_id == int(person_id):
            return assignment.user
    raise Http404


# --- Exemplary models ----------------------------------------------------------------


def exemplary_list(*, unit: Unit, area: str = "") -> list[Exemplary]:
    """The register of the unit's subtree, newest first, with replications counted."""
    rows = Exemplary.objects.filter(subtree_q("unit_path", unit.path))
    if area:
        rows = rows.filter(area=area)
    return list(
        rows.select_related("unit", "member")
        .annotate(replication_count=Count("replications"))
        .order_by("-started_on", "-id")[:LIST_LIMIT]
    )


def to_replicate(*, unit: Unit, area: str = "") -> list[Exemplary]:
    """Models published for replication by the unit or a unit above it (one indexed
    `shared_path IN (...)` query), with replications counted."""
    rows = Exemplary.objects.filter(shared_path__in=[*ancestors_of(unit.path), unit.path])
    if area:
        rows = rows.filter(area=area)
    return list(
        rows.select_related("unit", "member", "shared_by")
        .annotate(replication_count=Count("replications"))
        .order_by("-started_on", "-id")[:LIST_LIMIT]
    )


def replications_seen(*, actor: Any, exemplary: Exemplary) -> tuple[list[Replication], int]:
    """The replications in units the actor sees, and how many more there are elsewhere
    (a unit never reads the names of its siblings)."""
    rows = list(exemplary.replications.select_related("unit").order_by("-started_on", "-id"))
    seen = [r for r in rows if policy.can_at_path(actor, Cap.UNITS_VIEW, r.unit_path)]
    return seen, len(rows) - len(seen)


def share_choices(*, actor: Any, exemplary: Exemplary) -> QuerySet[Unit]:
    """Where the actor may publish the model: its unit or units above it, where the actor
    holds work.manage (a queryset, for the form's choice)."""
    paths = [
        p
        for p in [*ancestors_of(exemplary.unit_path), exemplary.unit_path]
        if policy.can_at_path(actor, Cap.WORK_MANAGE, p)
    ]
    return Unit.objects.filter(path__in=paths, status="active").order_by("path")


# --- Counts for recognition (criterion 2.5) --------------------------------------------


def inspections_done(*, unit: Unit, year: int) -> QuerySet[Inspection]:
    """Inspections carried out in `year` by the unit or its sub-units (the drill-down of
    the 'inspections done' count)."""
    return Inspection.objects.filter(
        subtree_q("unit_path", unit.path), _year_q("inspected_on", year)
    )


def remedies_due(*, unit: Unit, year: int) -> QuerySet[Recommendation]:
    """Recommendations to the unit's subtree whose deadline falls in `year`."""
    return Recommendation.objects.filter(
        subtree_q("subject_path", unit.path), _year_q("deadline", year)
    )


def remedies_on_time(*, unit: Unit, year: int) -> QuerySet[Recommendation]:
    """Of remedies_due, those remedied by their deadline."""
    return remedies_due(unit=unit, year=year).filter(
        status=RemedyStatus.DONE, done_on__lte=F("deadline")
    )


def models_recorded(*, unit: Unit, year: int) -> QuerySet[Exemplary]:
    """Exemplary models and people of the subtree that started in `year`."""
    return Exemplary.objects.filter(subtree_q("unit_path", unit.path), _year_q("started_on", year))


def replications_made(*, unit: Unit, year: int) -> QuerySet[Replication]:
    """Models taken up in `year` by the unit or its sub-units."""
    return Replication.objects.filter(
        subtree_q("unit_path", unit.path), _year_q("started_on", year)
    )


def models_replicated(*, unit: Unit, year: int) -> QuerySet[Exemplary]:
    """The subtree's models that another unit took up in `year`."""
    return Exemplary.objects.filter(
        subtree_q("unit_path", unit.path),
        replications__started_on__gte=dt.date(year, 1, 1),
        replications__started_on__lt=dt.date(year + 1, 1, 1),
    ).distinct()


def collective_reviews(*, unit: Unit, year: int) -> QuerySet[Review]:
    """Collective year-end reviews held for `year` in the subtree."""
    return Review.objects.filter(subtree_q("unit_path", unit.path), year=year, person=None)


COUNTS = {
    "inspections_done": inspections_done,
    "remedies_due": remedies_due,
    "remedies_on_time": remedies_on_time,
    "models": models_recorded,
    "replications": replications_made,
    "models_replicated": models_replicated,
    "collective_reviews": collective_reviews,
}


def recognition_counts(*, unit: Unit, year: int) -> dict[str, int]:
    """Every count of criterion 2.5 for the unit's subtree and year, each equal to the
    length of its drill-down queryset in COUNTS (one query each)."""
    return {key: drilldown(unit=unit, year=year).count() for key, drilldown in COUNTS.items()}


def recognition_counts_many(units: list[Unit], year: int) -> dict[int, dict[str, int]]:
    """The same counts for many units (a dashboard): one query per count, grouped by
    conditional aggregation over the units' subtrees."""
    result: dict[int, dict[str, int]] = {u.pk: {} for u in units}
    if not units:
        return result
    specs = {
        "inspections_done": (
            Inspection.objects.filter(_year_q("inspected_on", year)),
            "unit_path",
            "pk",
        ),
        "remedies_due": (
            Recommendation.objects.filter(_year_q("deadline", year)),
            "subject_path",
            "pk",
        ),
        "models": (Exemplary.objects.filter(_year_q("started_on", year)), "unit_path", "pk"),
        "replications": (
            Replication.objects.filter(_year_q("started_on", year)),
            "unit_path",
            "pk",
        ),
        "collective_reviews": (Review.objects.filter(year=year, person=None), "unit_path", "pk"),
    }
    specs["remedies_on_time"] = (
        remedies_due_all(year).filter(status=RemedyStatus.DONE, done_on__lte=F("deadline")),
        "subject_path",
        "pk",
    )
    specs["models_replicated"] = (
        Exemplary.objects.filter(
            replications__started_on__gte=dt.date(year, 1, 1),
            replications__started_on__lt=dt.date(year + 1, 1, 1),
        ),
        "unit_path",
        "pk",
    )
    for key, (queryset, path, pk) in specs.items():
        aggregates = {
            f"u{u.pk}": Count(pk, filter=subtree_q(path, u.path), distinct=True) for u in units
        }
        row = queryset.aggregate(**aggregates)
        for u in units:
            result[u.pk][key] = row[f"u{u.pk}"] or 0
    return result


def remedies_due_all(year: int) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(_year_q("deadline", year))


MEMBER_CHOICES_LIMIT = 500


def member_choices(*, actor: Any, unit: Unit) -> list:
    """Current members of the unit's subtree the actor may see, for naming an exemplary
    person (Vietnamese name order, at most MEMBER_CHOICES_LIMIT)."""
    from chudong.members.models import Member
    from chudong.members.models.member import CURRENT_STATUSES

    return list(
        Member.objects.filter(
            subtree_q("unit_path", unit.path), status__in=sorted(CURRENT_STATUSES)
        )
        .filter(policy.scope_q(actor, Cap.MEMBERS_VIEW, "unit_path"))
        .select_related("unit")
        .only("id", "full_name", "unit_path", "unit__id", "unit__name")
        .order_by("sort_key", "pk")[:MEMBER_CHOICES_LIMIT]
    )
