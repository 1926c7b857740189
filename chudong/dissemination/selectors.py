"""Every read of the dissemination pages, scoped to what the actor may see.

Coverage of a document at a unit: intended = current members of the part of the unit's
subtree the document addresses (the members app's maintained per-unit counts, summed over
ranges; for a leadership-only document, the members holding a leadership post), and
acknowledged = acknowledgement rows whose stored unit path lies in that part. Both are
grouped by the direct sub-unit in the database (a substring of the path), so a province's
page is a handful of range scans whatever its size.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.http import Http404

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.paths import STEP_WIDTH, subtree_q
from chudong.members.models import Member, UnitMemberCount
from chudong.orgs.models import Unit, UnitStatus

from . import audience
from .models import (
    Acknowledgement,
    AudienceRoles,
    Dispatch,
    DispatchAudience,
    DispatchFile,
    percent,
)

LIST_LIMIT = 50
# A document past its deadline with fewer acknowledgements than this share warns.
WARNING_PERCENT = 50


def audience_paths(dispatch: Dispatch) -> list[str]:
    cached = getattr(dispatch, "_audience_paths", None)
    if cached is None:
        cached = list(
            DispatchAudience.objects.filter(dispatch=dispatch).values_list("unit_path", flat=True)
        )
        dispatch._audience_paths = cached
    return cached


# --- Access ---------------------------------------------------------------------------


def access_dispatch_at(
    actor: Any, unit_id: Any, dispatch_id: Any, *, cap: Cap = Cap.MEMBERS_VIEW
) -> tuple[Unit, Dispatch]:
    """The unit and a document seen from its pages. 404 when the unit is out of scope,
    the document does not exist or does not concern the unit; 403 without `cap` there."""
    unit = policy.get_unit(actor, unit_id)
    try:
        dispatch = Dispatch.objects.select_related("unit").get(pk=int(dispatch_id))
    except (Dispatch.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not audience.sender_concerns(dispatch, unit, audience_paths(dispatch)):
        raise Http404
    policy.require(actor, cap, unit)
    return unit, dispatch


def access_dispatch_file(dispatch: Dispatch, file_id: Any) -> DispatchFile:
    try:
        return DispatchFile.objects.get(pk=int(file_id), dispatch=dispatch)
    except (DispatchFile.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def own_dispatch(member: Member, dispatch_id: Any) -> Dispatch:
    """A document addressed to the member (their own pages); 404 otherwise."""
    try:
        dispatch = Dispatch.objects.select_related("unit").get(pk=int(dispatch_id))
    except (Dispatch.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not audience.member_is_addressed(dispatch, member, audience_paths(dispatch)):
        raise Http404
    return dispatch


# --- The member's own documents --------------------------------------------------------


def documents_for_member(member: Member, *, limit: int = LIST_LIMIT) -> list[Dispatch]:
    """Documents addressed to the member, newest first, each with `acknowledged`."""
    return list(documents_addressed_to(member)[:limit])


def documents_addressed_to(member: Member) -> QuerySet[Dispatch]:
    """The same, unbounded (for keyset paging: the API pages by (sent_at, id))."""
    if not member.is_current:
        return Dispatch.objects.none()
    addressed = DispatchAudience.objects.filter(
        unit_path__in=audience.own_and_ancestor_paths(member.unit_path)
    ).values("dispatch_id")
    roles = Q(audience_roles=AudienceRoles.ALL)
    if audience.is_leader(member.user_id):
        roles |= Q(audience_roles=AudienceRoles.LEADERSHIP)
    acks = Acknowledgement.objects.filter(dispatch=OuterRef("pk"), member=member)
    return (
        Dispatch.objects.filter(roles, pk__in=addressed)
        .select_related("unit")
        .annotate(acknowledged=Exists(acks))
        .order_by("-sent_at", "-id")
    )


def own_acknowledgement(member: Member, dispatch: Dispatch) -> Acknowledgement | None:
    return Acknowledgement.objects.filter(member=member, dispatch=dispatch).first()


def member_acknowledgements(member: Member, *, limit: int = LIST_LIMIT) -> list[Acknowledgement]:
    return list(
        Acknowledgement.objects.filter(member=member)
        .select_related("dispatch")
        .order_by("-at", "-id")[:limit]
    )


# --- Coverage ---------------------------------------------------------------------------


@dataclass
class CoverageRow:
    unit: Unit
    intended: int
    acknowledged: int

    @property
    def percent(self) -> int:
        return percent(self.acknowledged, self.intended)

    @property
    def missing(self) -> int:
        return max(0, self.intended - self.acknowledged)


@dataclass
class Coverage:
    total: CoverageRow
    children: list[CoverageRow] = field(default_factory=list)


def _grouped(queryset, width: int, value) -> dict[str, int]:
    return dict(
        queryset.annotate(_child=Substr("unit_path", 1, width))
        .order_by()
        .values_list("_child")
        .annotate(n=value)
        .values_list("_child", "n")
    )


def _intended_grouped(dispatch: Dispatch, paths: list[str], width: int) -> dict[str, int]:
    """Current members addressed, per path prefix of `width` characters."""
    if not paths:
        return {}
    if dispatch.audience_roles == AudienceRoles.LEADERSHIP:
        return _grouped(audience.addressed_members(dispatch, paths), width, Count("pk"))
    counts = UnitMemberCount.objects.filter(audience.paths_q(paths))
    return _grouped(counts, width, Sum("active"))


def coverage(dispatch: Dispatch, unit: Unit) -> Coverage:
    """The document's coverage at `unit` and at each of its active direct sub-units that
    the document reaches (five queries, whatever the size of the subtree)."""
    paths = audience.clip(audience_paths(dispatch), unit.path)
    width = len(unit.path) + STEP_WIDTH
    intended = _intended_grouped(dispatch, paths, width)
    acked = _grouped(
        Acknowledgement.objects.filter(audience.paths_q(paths), dispatch=dispatch),
        width,
        Count("pk"),
    )
    children = [
        CoverageRow(child, intended.get(child.path, 0), acked.get(child.path, 0))
        for child in Unit.objects.filter(parent=unit, status=UnitStatus.ACTIVE)
        .only("id", "name", "path", "sort_key")
        .order_by("kind__order", "sort_key")
        if child.path in intended or child.path in acked
    ]
    total = CoverageRow(unit, sum(intended.values()), sum(acked.values()))
    return Coverage(total=total, children=children)


def intended_total(dispatch: Dispatch, unit: Unit) -> int:
    paths = audience.clip(audience_paths(dispatch), unit.path)
    return sum(_intended_grouped(dispatch, paths, len(unit.path)).values())


# --- A unit's lists ---------------------------------------------------------------------


@dataclass
class UnitDocument:
    dispatch: Dispatch
    intended: int
    acknowledged: int

    @property
    def percent(self) -> int:
        return percent(self.acknowledged, self.intended)

    @property
    def overdue(self) -> bool:
        deadline = self.dispatch.acknowledge_by
        return deadline is not None and deadline < policy.today()


@dataclass
class UnitDocuments:
    sent: list[Dispatch]
    received: list[UnitDocument]


def unit_documents(*, actor: Any, unit: Unit, limit: int = LIST_LIMIT) -> UnitDocuments:
    """Documents the unit sent (with their maintained figures) and documents sent from
    above that reach it (with the coverage inside this unit). Needs members.view."""
    policy.require(actor, Cap.MEMBERS_VIEW, unit)
    sent = list(
        Dispatch.objects.filter(unit=unit)
        .select_related("unit")
        .order_by("-sent_at", "-id")[:limit]
    )
    above = audience.own_and_ancestor_paths(unit.path)[:-1]
    reaching = DispatchAudience.objects.filter(
        Q(unit_path__in=[*above, unit.path]) | subtree_q("unit_path", unit.path)
    ).values("dispatch_id")
    received = list(
        Dispatch.objects.filter(unit_path__in=above, pk__in=reaching)
        .select_related("unit")
        .prefetch_related("audience")
        .order_by("-sent_at", "-id")[:limit]
    )
    return UnitDocuments(sent=sent, received=_coverage_here(received, unit))


def _coverage_here(dispatches: list[Dispatch], unit: Unit) -> list[UnitDocument]:
    """Coverage inside `unit` for several documents: the acknowledgements in one grouped
    query, the intended members once per distinct audience (documents addressed to the
    whole unit share one figure)."""
    if not dispatches:
        return []
    acked = dict(
        Acknowledgement.objects.filter(subtree_q("unit_path", unit.path), dispatch__in=dispatches)
        .order_by()
        .values_list("dispatch_id")
        .annotate(n=Count("pk"))
        .values_list("dispatch_id", "n")
    )
    cache: dict[tuple, int] = {}
    rows = []
    for dispatch in dispatches:
        dispatch._audience_paths = [a.unit_path for a in dispatch.audience.all()]
        paths = audience.clip(dispatch._audience_paths, unit.path)
        key = (tuple(paths), dispatch.audience_roles)
        if key not in cache:
            grouped = _intended_grouped(dispatch, paths, len(unit.path))
            cache[key] = sum(grouped.values())
        rows.append(UnitDocument(dispatch, cache[key], acked.get(dispatch.pk, 0)))
    return rows


def dispatch_files(dispatch: Dispatch) -> list[DispatchFile]:
    return list(DispatchFile.objects.filter(dispatch=dispatch).order_by("id"))


def audience_units(dispatch: Dispatch) -> list[Unit]:
    return [
        row.unit
        for row in DispatchAudience.objects.filter(dispatch=dispatch)
        .select_related("unit")
        .order_by("unit_path")
    ]


def audience_choices(unit: Unit) -> list[Unit]:
    """Sub-units a sender may pick (the direct ones, active)."""
    return list(
        Unit.objects.filter(parent=unit, status=UnitStatus.ACTIVE)
        .only("id", "name", "path", "sort_key")
        .order_by("kind__order", "sort_key")
    )


# --- Recording at a branch meeting ----------------------------------------------------


@dataclass
class ChecklistEntry:
    member: Member
    acknowledged: bool


def meeting_checklist(*, actor: Any, unit: Unit, dispatch: Dispatch) -> list[ChecklistEntry]:
    """Members registered in `unit` whom the document addresses, with whether each has
    acknowledged it (for the secretary's checklist). Needs members.manage."""
    policy.require(actor, Cap.MEMBERS_MANAGE, unit)
    if not audience.clip(audience_paths(dispatch), unit.path):
        return []
    # Registered in the unit itself: a branch's own list.
    members = audience.addressed_members(dispatch, [unit.path]).filter(unit=unit)
    acks = Acknowledgement.objects.filter(dispatch=dispatch, member=OuterRef("pk"))
    return [
        ChecklistEntry(member, member.has_ack)
        for member in members.annotate(has_ack=Exists(acks))
        .only("id", "full_name", "unit_path", "sort_key", "status")
        .order_by("sort_key", "pk")
    ]


# --- The unit warning -----------------------------------------------------------------


def low_coverage_counts(units: list[Unit], day: dt.date) -> dict[int, int]:
    """orgs.registry.Warning: documents sent within each unit's subtree, past their
    deadline (within the last year), with fewer than WARNING_PERCENT % acknowledged
    (from the maintained figures: one indexed query)."""
    if not units:
        return {}
    condition = Q(pk__in=[])
    for unit in units:
        condition |= subtree_q("unit_path", unit.path)
    rows = list(
        Dispatch.objects.filter(
            condition,
            acknowledge_by__lt=day,
            acknowledge_by__gte=day - dt.timedelta(days=365),
            intended_count__gt=0,
        ).values_list("unit_path", "intended_count", "acknowledged_count")
    )
    result = {}
    for unit in units:
        result[unit.pk] = sum(
            1
            for path, intended, acked in rows
            if path.startswith(unit.path) and acked * 100 < intended * WARNING_PERCENT
        )
    return result


def low_coverage_list(*, actor: Any, unit: Unit, day: dt.date) -> list[Dispatch]:
    policy.require(actor, Cap.MEMBERS_VIEW, unit)
    rows = Dispatch.objects.filter(
        subtree_q("unit_path", unit.path),
        acknowledge_by__lt=day,
        acknowledge_by__gte=day - dt.timedelta(days=365),
        intended_count__gt=0,
    ).select_related("unit")
    return [d for d in rows if d.acknowledged_count * 100 < d.intended_count * WARNING_PERCENT]


def require_cap(actor: Any, cap: Cap, unit: Unit) -> None:
    if not policy.can(actor, cap, unit):
        raise PermissionDenied
