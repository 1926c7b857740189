"""Fetching one member for a page: fetch and authorise in one call."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.sql import get_with_related

from ..models import Member


def _member_with_unit(pk: int) -> Member | None:
    """`Member.objects.select_related("unit", "unit__kind").get(pk=pk)`, or None: one
    statement written once per process and prepared (core.sql), as for the other reads
    every page makes."""
    return get_with_related(Member, pk, "unit", "unit__kind")


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
