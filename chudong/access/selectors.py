"""Reads about roles and assignments, already scoped."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from chudong.accounts.models import User
from chudong.core.sql import cursor as prepared_cursor
from chudong.core.sql import statement
from chudong.core.text import fold
from chudong.orgs.models import Unit

from . import policy
from .capabilities import Cap
from .models import Role, RoleAssignment, SensitiveReadLog


def _active_on(day: dt.date) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def unit_leadership(*, actor: Any, unit: Unit, day: dt.date | None = None) -> QuerySet:
    """Current holders of leadership posts at `unit` (the caller has checked visibility)."""
    day = day or policy.today()
    return (
        RoleAssignment.objects.filter(_active_on(day), unit=unit, role__is_leadership=True)
        .select_related("user", "role")
        .order_by("role__order", "user__full_name")
    )


@dataclass(frozen=True)
class LeaderRow:
    full_name: str
    role_name: str
    role_name_en: str
    start_date: dt.date


def unit_leadership_rows(*, actor: Any, unit: Unit, day: dt.date | None = None) -> list[LeaderRow]:
    """`unit_leadership` as the unit page shows it (holder's name, post, since when), in
    the same order, by a statement written once per process instead of full user rows."""
    day = day or policy.today()
    query = (
        "SELECT u.full_name, r.name, r.name_en, a.start_date FROM {assignment} a"
        " JOIN {role} r ON r.id = a.role_id JOIN {user} u ON u.id = a.user_id"
        " WHERE a.unit_id = %s AND r.is_leadership AND a.start_date <= %s"
        " AND (a.end_date IS NULL OR a.end_date >= %s)"
        ' ORDER BY r."order", u.full_name'
    )
    with prepared_cursor() as cursor:
        cursor.execute(
            statement(query, assignment=RoleAssignment, role=Role, user=User), [unit.pk, day, day]
        )
        return [LeaderRow(*row) for row in cursor.fetchall()]


def unit_assignments(*, actor: Any, unit: Unit) -> QuerySet:
    """Every assignment at `unit`, past and present, newest first (for the roles page)."""
    policy.require(actor, Cap.UNITS_VIEW, unit)
    return (
        RoleAssignment.objects.filter(unit=unit)
        .select_related("user", "role", "appointed_by")
        .order_by("-end_date", "role__order", "-start_date")
    )


def user_active_assignments(*, user: Any) -> QuerySet:
    ids = [g.assignment_id for g in policy.grants(user)]
    return (
        RoleAssignment.objects.filter(id__in=ids)
        .select_related("unit", "role")
        .order_by("unit__path")
    )


def appointable_roles(*, actor: Any, unit: Unit) -> QuerySet[Role]:
    """Roles the actor may hand out at `unit`: none of their capabilities beyond the actor's."""
    ids = [r.pk for r in Role.objects.all() if policy.may_grant(actor, r.capabilities, unit)]
    return Role.objects.filter(pk__in=ids).order_by("order")


def assignment_for_manage(*, actor: Any, assignment_id: Any, unit: Unit) -> RoleAssignment:
    """The assignment `assignment_id` at `unit`; 404 if it belongs elsewhere."""
    from django.http import Http404

    try:
        return RoleAssignment.objects.select_related("user", "role", "unit").get(
            pk=int(assignment_id), unit=unit
        )
    except (RoleAssignment.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def people_in_scope(*, actor: Any) -> QuerySet:
    """Accounts an appointing officer may pick: people who hold or held a role within the
    units the actor manages."""
    in_scope = RoleAssignment.objects.filter(policy.scope_q(actor, Cap.ROLES_MANAGE, "unit__path"))
    return User.objects.filter(is_active=True, id__in=in_scope.values("user_id"))


def people_search(*, actor: Any, query: str, limit: int = 20) -> QuerySet:
    """people_in_scope found by name, username, e-mail or phone (accent-insensitive)."""
    folded = fold(query)
    if len(folded) < 2:
        return User.objects.none()
    return (
        people_in_scope(actor=actor)
        .filter(
            Q(full_name_folded__contains=folded)
            | Q(username__startswith=folded)
            | Q(email__istartswith=query.strip())
            | Q(phone__startswith=query.strip().replace(" ", ""))
        )
        .order_by("full_name")[:limit]
    )


def read_log(*, actor: Any) -> QuerySet:
    """Sensitive-data reads about subjects within the actor's audit scope."""
    return SensitiveReadLog.objects.filter(
        policy.scope_q(actor, Cap.AUDIT_VIEW, "unit_path")
    ).select_related("actor")


def units_without_secretary(units: list[Unit], day: dt.date) -> dict[int, int]:
    """Warning: active grassroots unions and branches in each subtree with no secretary."""
    from django.db.models import Exists, OuterRef

    from chudong.orgs.selectors import count_in_subtrees

    has_secretary = RoleAssignment.objects.filter(
        _active_on(day), unit=OuterRef("pk"), role__code="secretary"
    )
    vacant = (
        Unit.objects.filter(status="active")
        .filter(Q(kind__is_grassroots=True) | Q(kind__is_branch=True))
        .exclude(Exists(has_secretary))
    )
    return count_in_subtrees(units, vacant, "path")
