"""Reads of pillar three: lists of a unit's subtree, roll-up totals, figures, warnings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Sum, Value
from django.http import Http404

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.paths import subtree_q
from chudong.core.sql import cursor as prepared_cursor
from chudong.core.sql import statement
from chudong.orgs.models import Unit, UnitStatus
from chudong.orgs.selectors import subtree_bounds
from chudong.rules import rules

from .models import Agreement, Proposal, Resource, ResourceForm, ResponseKind

RESPONSE_DAYS_RULE = "advisory.proposal_response_days"
LIST_LIMIT = 200


def _access(model, actor: Any, pk: Any, cap: Cap):
    try:
        row = model.objects.select_related("unit", "unit__kind").get(pk=int(pk))
    except (model.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not policy.can_at_path(actor, Cap.UNITS_VIEW, row.unit_path):
        raise Http404
    if not policy.can_at_path(actor, Cap.ADVISORY_VIEW, row.unit_path):
        raise PermissionDenied
    if cap != Cap.ADVISORY_VIEW and not policy.can_at_path(actor, cap, row.unit_path):
        raise PermissionDenied
    return row


def access_resource(actor: Any, resource_id: Any, *, cap: Cap = Cap.ADVISORY_VIEW) -> Resource:
    """404 when missing or out of every visible unit, 403 when seen without `cap`."""
    return _access(Resource, actor, resource_id, cap)


def access_agreement(actor: Any, agreement_id: Any, *, cap: Cap = Cap.ADVISORY_VIEW) -> Agreement:
    return _access(Agreement, actor, agreement_id, cap)


def access_proposal(actor: Any, proposal_id: Any, *, cap: Cap = Cap.ADVISORY_VIEW) -> Proposal:
    return _access(Proposal, actor, proposal_id, cap)


def home_units(*, actor: Any) -> list[Unit]:
    """The top units where the actor sees advisory work."""
    roots = policy.visible_roots(actor, Cap.ADVISORY_VIEW)
    return list(Unit.objects.select_related("kind").filter(path__in=roots).order_by("path"))


def _year_q(year: int, field: str = "received_on") -> Q:
    return Q(**{f"{field}__gte": dt.date(year, 1, 1), f"{field}__lt": dt.date(year + 1, 1, 1)})


# --- Resources -----------------------------------------------------------------------


def resource_list(*, unit: Unit, year: int) -> list[Resource]:
    """The subtree's resources received in `year`, newest first (one query)."""
    return list(
        Resource.objects.filter(subtree_q("unit_path", unit.path), _year_q(year))
        .select_related("unit", "activity")
        .order_by("-received_on", "-id")[:LIST_LIMIT]
    )


@dataclass(frozen=True)
class Totals:
    unit: Unit
    count: int
    cash: int
    in_kind: int

    @property
    def total(self) -> int:
        return self.cash + self.in_kind


def resource_totals(*, unit: Unit, year: int) -> tuple[Totals, list[Totals]]:
    """Totals of `year` for the unit's whole subtree and for each direct sub-unit's
    subtree (roll-up), in one query over the unit_path range."""
    children = list(
        Unit.objects.filter(parent=unit, status=UnitStatus.ACTIVE)
        .select_related("kind")
        .order_by("path")
    )
    aggregates: dict[str, Any] = {}
    for key, node in [("all", unit)] + [(f"u{c.pk}", c) for c in children]:
        within = subtree_q("unit_path", node.path)
        aggregates[f"{key}_n"] = Count("pk", filter=within)
        aggregates[f"{key}_cash"] = Sum("value", filter=within & Q(form=ResourceForm.CASH))
        aggregates[f"{key}_kind"] = Sum("value", filter=within & Q(form=ResourceForm.IN_KIND))
    row = Resource.objects.filter(subtree_q("unit_path", unit.path), _year_q(year)).aggregate(
        **aggregates
    )

    def totals(key: str, node: Unit) -> Totals:
        return Totals(node, row[f"{key}_n"] or 0, row[f"{key}_cash"] or 0, row[f"{key}_kind"] or 0)

    return totals("all", unit), [totals(f"u{c.pk}", c) for c in children]


def resources_this_year(unit: Unit) -> int:
    """Unit figure: VND mobilised this calendar year in the subtree (one indexed query, by
    a statement written once per process)."""
    from django.utils import timezone

    year = timezone.localdate().year
    query = (
        "SELECT COALESCE(SUM(value), 0) FROM {resource} WHERE unit_path >= %s"
        " AND unit_path < %s AND received_on >= %s AND received_on < %s"
    )
    days = [connection.ops.adapt_datefield_value(dt.date(y, 1, 1)) for y in (year, year + 1)]
    with prepared_cursor() as cursor:
        cursor.execute(statement(query, resource=Resource), [*subtree_bounds(unit.path), *days])
        return int(cursor.fetchone()[0])


def resources_this_year_many(units: list[Unit]) -> dict[int, int]:
    """The same figure for many units in one query (conditional sums)."""
    from django.utils import timezone

    if not units:
        return {}
    year = timezone.localdate().year
    either = Q()
    sums = {}
    for node in units:
        within = subtree_q("unit_path", node.path)
        either |= within
        sums[f"u{node.pk}"] = Sum("value", filter=within)
    row = Resource.objects.filter(either, _year_q(year)).aggregate(**sums)
    return {node.pk: row[f"u{node.pk}"] or 0 for node in units}


def sponsors_of(activity: Any) -> list[Resource]:
    """The resources that funded an activity or youth project (for its page)."""
    return list(Resource.objects.filter(activity=activity).order_by("-received_on", "-id"))


def activity_choices(*, unit: Unit):
    """Activities a resource or joint action may point to: the unit's subtree's of the last
    two years and those planned (a queryset, not sliced, so a form can validate a choice)."""
    from django.utils import timezone

    from chudong.activities.models import Activity

    since = timezone.now() - dt.timedelta(days=730)
    return Activity.objects.filter(
        subtree_q("unit_path", unit.path), starts_at__gte=since
    ).order_by("-starts_at")


def hardship_choices(*, actor: Any, unit: Unit):
    """Support cases of youth in difficulty a resource may have funded: the unit's
    subtree's, for an actor who may see care work and names there (care.view and
    members.sensitive, as the care register asks; None otherwise: no field, and an edit
    keeps the link as it was). Each case carries `content_shown` (its person may be shown:
    not a member, or a member whose consent to "hardship" is open today), so that the
    choice names only those and shows the marker for the others; those stay choosable, so
    that saving a resource linked to one does not drop the link."""
    from chudong.care.models import HardshipCase
    from chudong.care.selectors import hardship_shown_q

    if not policy.can(actor, Cap.CARE_VIEW, unit):
        return None
    if not policy.can(actor, Cap.MEMBERS_SENSITIVE, unit):
        return None
    shown = hardship_shown_q()
    flag = ExpressionWrapper(shown, output_field=BooleanField()) if shown else Value(True)
    return (
        HardshipCase.objects.filter(subtree_q("unit_path", unit.path))
        .select_related("member", "unit")
        .annotate(content_shown=flag)
        .order_by("-opened_on", "-id")
    )


def hardship_choice_label(case: Any) -> str:
    """A case in the choice list: the person where `content_shown`, else the marker with
    the case's unit (as the care register lists it)."""
    from chudong.privacy.selectors import hidden_marker

    if case.content_shown:
        return f"{case.display_name} ({case.opened_on:%d/%m/%Y})"
    return f"{hidden_marker()} · {case.unit.name} ({case.opened_on:%d/%m/%Y})"


def log_hardship_choices(*, actor: Any, unit: Unit, choices, request_path: str = "") -> None:
    """A form that offers `choices` (hardship_choices) names people in difficulty: log the
    read as the care register does, counting the cases whose person is shown (one query)."""
    from chudong.care.selectors import log_list_read

    log_list_read(
        actor=actor, unit=unit, kind="hardship", count=choices.filter(content_shown=True).count(),
        request_path=request_path, purpose="advisory resource form",
    )  # fmt: skip


def plan_choices(*, unit: Unit):
    """Plans of the unit and its subtree that a committee's response may have led to."""
    from chudong.plans.models import Plan

    return Plan.objects.filter(subtree_q("unit_path", unit.path)).order_by("-year", "title")


@dataclass(frozen=True)
class FundedCase:
    """The support case a resource funded, as one actor may see it: the person's name only
    when `shown`; otherwise `marker` and `note` (why not) stand in its place. `linked`: the
    actor may open the case's page (members.sensitive there; the care page then applies
    the consent itself)."""

    id: int
    shown: bool
    linked: bool
    name: str = ""
    marker: str = ""
    note: str = ""


def visible_hardship(
    actor: Any, resource: Resource, *, request_path: str = ""
) -> FundedCase | None:
    """The support case a resource funded, as the care register would show it to `actor`:
    None without care.view there; the "not shown" marker without members.sensitive there;
    for a member's case without the member's open consent to "hardship", the "no consent"
    marker (care.selectors.mark_hardship_shown); else the person's name, the read logged.
    Nothing hidden is read or logged."""
    from django.utils.translation import gettext

    from chudong.care.models import HardshipCase
    from chudong.care.selectors import log_case_read, mark_hardship_shown
    from chudong.privacy.selectors import hidden_marker

    if resource.hardship_id is None:
        return None
    case = HardshipCase.objects.select_related("unit").filter(pk=resource.hardship_id).first()
    if case is None or not policy.can_at_path(actor, Cap.CARE_VIEW, case.unit_path):
        return None
    if not policy.can_at_path(actor, Cap.MEMBERS_SENSITIVE, case.unit_path):
        return FundedCase(
            id=case.pk, shown=False, linked=False, marker=gettext("Not shown"),
            note=gettext("Who received this support is shown only to those who may see "
                         "sensitive data."),
        )  # fmt: skip
    mark_hardship_shown([case])
    if not case.content_shown:
        return FundedCase(
            id=case.pk, shown=False, linked=True, marker=hidden_marker(), note=case.hidden_note
        )
    log_case_read(
        actor=actor, case=case, request_path=request_path, purpose="advisory resource",
        fields=("name",),
    )  # fmt: skip
    return FundedCase(id=case.pk, shown=True, linked=True, name=case.display_name)


def visible_plan(actor: Any, proposal: Proposal):
    plan = proposal.plan
    if plan is None or not policy.can_at_path(actor, Cap.WORK_VIEW, plan.unit_path):
        return None
    return plan


# --- Agreements ----------------------------------------------------------------------


def agreement_list(*, unit: Unit, day: dt.date) -> list[Agreement]:
    """The subtree's agreements, in force first; each with `expired` and `action_count`."""
    rows = list(
        Agreement.objects.filter(subtree_q("unit_path", unit.path))
        .select_related("unit")
        .annotate(action_count=Count("actions"))
        .order_by("-signed_on", "-id")[:LIST_LIMIT]
    )
    for row in rows:
        row.expired = row.expired_on(day)
    rows.sort(key=lambda r: r.expired)
    return rows


# --- Proposals -----------------------------------------------------------------------


def response_days(unit: Unit, day: dt.date) -> int:
    return int(rules.get(RESPONSE_DAYS_RULE, on=day, unit=unit))


def proposal_list(*, unit: Unit, day: dt.date, limit: int = LIST_LIMIT) -> list[Proposal]:
    """The subtree's proposals, newest first; each with `overdue` (no response after the
    rule's number of days)."""
    due_before = day - dt.timedelta(days=response_days(unit, day))
    rows = list(
        Proposal.objects.filter(subtree_q("unit_path", unit.path))
        .select_related("unit")
        .order_by("-submitted_on", "-id")[:limit]
    )
    for row in rows:
        row.overdue = row.response_kind == ResponseKind.NONE and row.submitted_on < due_before
    return rows


def overview_counts(*, unit: Unit, day: dt.date) -> dict[str, int]:
    """The unit page of pillar three: proposals, those overdue, agreements in force."""
    limit = day - dt.timedelta(days=response_days(unit, day))
    within = subtree_q("unit_path", unit.path)
    proposals = Proposal.objects.filter(within).aggregate(
        proposals=Count("pk"),
        overdue=Count("pk", filter=Q(response_kind=ResponseKind.NONE, submitted_on__lt=limit)),
    )
    in_force = (
        Agreement.objects.filter(within, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .count()
    )
    return {**proposals, "agreements_in_force": in_force}


def unanswered_counts(units: list[Unit], day: dt.date) -> dict[int, int]:
    """Warning: proposals without a response after the rule's days, per unit subtree (one
    query on the (response_kind, unit_path, submitted_on) index)."""
    if not units:
        return {}
    either = Q()
    counts = {}
    for node in units:
        limit = day - dt.timedelta(days=response_days(node, day))
        within = subtree_q("unit_path", node.path) & Q(submitted_on__lt=limit)
        either |= within
        counts[f"u{node.pk}"] = Count("pk", filter=within)
    row = Proposal.objects.filter(either, response_kind=ResponseKind.NONE).aggregate(**counts)
    return {node.pk: row[f"u{node.pk}"] or 0 for node in units}
