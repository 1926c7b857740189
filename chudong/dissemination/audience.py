"""The audience of a document as data: unit paths (each standing for its subtree) and
which people. Every question "is this member addressed", "which members of this subtree
are addressed" is answered from these paths with range conditions, never by listing
members."""

from __future__ import annotations

from django.db.models import Q

from chudong.access.models import RoleAssignment
from chudong.core.paths import ancestors_of, is_within, subtree_q
from chudong.members.models import CURRENT_STATUSES, Member
from chudong.orgs.models import Unit

from .models import AudienceRoles, Dispatch


def normalize(paths: list[str]) -> list[str]:
    """Sorted paths without those that lie inside another one (they add nothing)."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not kept or not is_within(path, kept[-1]):
            kept.append(path)
    return kept


def clip(audience_paths: list[str], unit_path: str) -> list[str]:
    """The part of the audience inside `unit_path`'s subtree, as subtree roots: the unit
    itself when an audience path covers it, else the audience paths that lie below it."""
    if any(is_within(unit_path, path) for path in audience_paths):
        return [unit_path]
    return [path for path in audience_paths if is_within(path, unit_path)]


def paths_q(paths: list[str], field: str = "unit_path") -> Q:
    """Rows in any of the subtrees (an impossible condition for no path)."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= subtree_q(field, path)
    return condition


def leader_user_ids():
    """Users holding a leadership post today (secretary, deputy, committee members)."""
    from chudong.access import policy

    today = policy.today()
    return (
        RoleAssignment.objects.filter(role__is_leadership=True, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .values("user_id")
    )


def is_leader(user_id: int | None) -> bool:
    if user_id is None:
        return False
    return leader_user_ids().filter(user_id=user_id).exists()


def addressed_members(dispatch: Dispatch, paths: list[str]):
    """Current members addressed by `dispatch` within the subtrees `paths` (already
    clipped to the audience)."""
    members = Member.objects.filter(paths_q(paths), status__in=CURRENT_STATUSES)
    if dispatch.audience_roles == AudienceRoles.LEADERSHIP:
        members = members.filter(user_id__in=leader_user_ids())
    return members


def member_is_addressed(dispatch: Dispatch, member: Member, audience_paths: list[str]) -> bool:
    if not member.is_current:
        return False
    if not any(is_within(member.unit_path, path) for path in audience_paths):
        return False
    if dispatch.audience_roles == AudienceRoles.LEADERSHIP:
        return is_leader(member.user_id)
    return True


def own_and_ancestor_paths(unit_path: str) -> list[str]:
    return [*ancestors_of(unit_path), unit_path]


def sender_concerns(dispatch: Dispatch, unit: Unit, audience_paths: list[str]) -> bool:
    """May `dispatch` be looked at from `unit`'s pages: sent by the unit or below it, or
    sent from above to an audience that reaches into it."""
    if is_within(dispatch.unit_path, unit.path):
        return True
    return is_within(unit.path, dispatch.unit_path) and bool(clip(audience_paths, unit.path))
