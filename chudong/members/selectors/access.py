"""Fetching one member for a page: fetch and authorise in one call."""

from __future__ import annotations

import functools
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.sql import BIGINT_MAX
from chudong.orgs.models import Unit, UnitKind

from ..models import Member


@functools.cache
def _member_statement():
    """The member with its unit and the unit's kind: the statement and, per model, its
    fields' attnames (written once per process, as core.sql does for the other reads
    every page makes; the ORM built this query again on each request). Both keys are
    required: outer joins give the same row, and PostgreSQL plans them faster."""
    quote = connection.ops.quote_name
    plan = []
    columns = []
    for alias, model in (("m", Member), ("u", Unit), ("k", UnitKind)):
        fields = model._meta.concrete_fields
        plan.append((model, tuple(f.attname for f in fields)))
        columns += [f"{alias}.{quote(f.column)}" for f in fields]
    sql = (
        f"SELECT {', '.join(columns)} FROM {quote(Member._meta.db_table)} m "  # noqa: S608 - names from the models
        f"LEFT JOIN {quote(Unit._meta.db_table)} u ON u.id = m.unit_id "
        f"LEFT JOIN {quote(UnitKind._meta.db_table)} k ON k.id = u.kind_id "
        "WHERE m.id = %s"
    )
    return sql, plan


def _member_with_unit(pk: int) -> Member | None:
    """`Member.objects.select_related("unit", "unit__kind").get(pk=pk)`, or None."""
    if not -BIGINT_MAX <= pk <= BIGINT_MAX:  # no such row; the database would refuse it
        return None
    sql, plan = _member_statement()
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    db = connection.alias
    instances = []
    start = 0
    for model, attnames in plan:
        instances.append(model.from_db(db, attnames, row[start : start + len(attnames)]))
        start += len(attnames)
    member, unit, kind = instances
    Unit._meta.get_field("kind").set_cached_value(unit, kind)
    Member._meta.get_field("unit").set_cached_value(member, unit)
    return member


def access_member(actor: Any, member_id: Any, *, cap: Cap = Cap.MEMBERS_VIEW) -> Member:
    """The member `member_id` with its unit (and kind), for a page that needs `cap`.

    Raises Http404 when the record does not exist or lies outside every unit the actor
    can see, alike, so that ids outside one's scope reveal nothing. Raises PermissionDenied
    (403) when the actor sees the unit but lacks members.view there, or lacks `cap`: the
    same answer policy.require gives for units (the access matrix holds every page of a
    visible unit to "200 or 403", never "not found").
    """
    try:
        pk = int(member_id)
    except (TypeError, ValueError):
        raise Http404 from None
    # The kept record of a merged one is read only when shown (rare).
    member = _member_with_unit(pk)
    if member is None:
        raise Http404
    if not policy.can_at_path(actor, Cap.UNITS_VIEW, member.unit_path):
        raise Http404
    if not policy.can_at_path(actor, Cap.MEMBERS_VIEW, member.unit_path):
        raise PermissionDenied
    if cap != Cap.MEMBERS_VIEW and not policy.can_at_path(actor, cap, member.unit_path):
        raise PermissionDenied
    return member


def own_member(actor: Any) -> Member | None:
    """The member record linked to the actor's own account (a member's own pages), or
    None. Merged-away records never count; a former member still sees their own record."""
    if not getattr(actor, "is_authenticated", False):
        return None
    return (
        Member.objects.select_related("unit", "unit__kind")
        .filter(user=actor, merged_into__isnull=True)
        .first()
    )


def require_own_member(actor: Any) -> Member:
    """The actor's own member record, for a member-facing page; 404 without one."""
    member = own_member(actor)
    if member is None:
        raise Http404
    return member


def require_member_cap(actor: Any, member: Member, cap: Cap) -> None:
    """403 unless the actor holds `cap` over the member (already fetched through
    access_member, so visibility is settled)."""
    if not policy.can_at_path(actor, cap, member.unit_path):
        raise PermissionDenied


def member_caps(actor: Any, member: Member) -> dict[str, bool]:
    """What the page may offer on this member (buttons, sections)."""
    path = member.unit_path
    return {
        "can_manage": policy.can_at_path(actor, Cap.MEMBERS_MANAGE, path) and not member.is_merged,
        "can_sensitive": policy.can_at_path(actor, Cap.MEMBERS_SENSITIVE, path),
        "can_history": policy.can_at_path(actor, Cap.HISTORY_VIEW, path),
    }
