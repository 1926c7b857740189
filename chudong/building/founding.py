"""Founding a new branch with its provisional committee (thành lập chi đoàn, Ban Chấp hành
lâm thời), criterion 2.4.

One service does the whole decision in one transaction: the branch is founded through the
restructuring service (`orgs.services.unit_create`, which records the restructuring with
its decision number), the provisional secretary and deputy secretary are appointed through
`access.services.role_appoint`, and the chosen members are registered in the new branch
through `members.services.member_move`. A failure at any step leaves nothing behind.

A committee member chosen from the register who has no account yet gets one (a temporary
password, shown once, that must be changed at the first login), linked to the member's
record so that the member's own pages work with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.access.models import Role
from chudong.access.services import role_appoint
from chudong.accounts import services as account_services
from chudong.accounts.models import User
from chudong.core.text import fold
from chudong.members.models import Member, UnitPeriodReason
from chudong.members.services import member_move
from chudong.orgs import services as org_services
from chudong.orgs.models import Unit, UnitKind

SECRETARY_ROLE = "secretary"
DEPUTY_ROLE = "deputy-secretary"
MOVE_LIMIT = 200


@dataclass
class Founded:
    branch: Unit
    appointed: list = field(default_factory=list)  # RoleAssignment rows
    moved: int = 0
    passwords: list[tuple[User, str]] = field(default_factory=list)  # (account, temporary password)


def may_found_under(actor: Any, parent: Unit) -> bool:
    """Whether the actor may found a branch under `parent` and appoint its committee."""
    return (
        parent.is_active
        and parent.kind.may_have_children
        and not parent.kind.is_branch
        and policy.can_create_under(actor, Cap.UNITS_RESTRUCTURE, parent)
        and policy.can_create_under(actor, Cap.ROLES_MANAGE, parent)
    )


def within_grassroots(parent: Unit) -> bool:
    """Whether `parent` is a grassroots union or lies inside one."""
    from .selectors import grassroots_of

    return grassroots_of(parent).kind.is_grassroots


def default_kind(parent: Unit) -> UnitKind | None:
    """A chi đoàn inside a grassroots union; a chi đoàn cơ sở above one."""
    code = "branch" if within_grassroots(parent) else "grassroots-branch"
    return UnitKind.objects.filter(code=code, is_branch=True).first()


def next_code(parent: Unit) -> str:
    """A free code under the parent's: TN.XPB.CD07 after TN.XPB.CD06."""
    taken = set(
        Unit.objects.filter(code__startswith=f"{parent.code}.CD").values_list("code", flat=True)
    )
    number = len(taken) + 1
    while f"{parent.code}.CD{number:02d}" in taken:
        number += 1
    return f"{parent.code}.CD{number:02d}"


def _username_for(member: Member) -> str:
    base = ".".join(fold(member.full_name).split()[-2:]).replace("-", "") or "doanvien"
    candidate, number = base, member.pk
    while User.objects.filter(username=candidate).exists():
        candidate = f"{base}{number}"
        number += 1
    return candidate


def _account_of(actor: Any, member: Member, passwords: list) -> User:
    """The member's account, created (and linked to the record) when there is none."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.user_id:
        return member.user
    user = account_services.user_create(full_name=member.full_name, username=_username_for(member))
    passwords.append((user, account_services.user_set_temporary_password(user=user)))
    member.user = user
    member.version += 1
    member._history_user = actor
    member.save(update_fields=["user", "version", "updated_at"])
    return user


@transaction.atomic
def branch_found(
    *,
    actor: Any,
    parent: Unit,
    name: str,
    kind: UnitKind,
    founded_on: dt.date,
    decision_number: str,
    secretary: Member,
    deputy: Member | None = None,
    move: list[Member] | None = None,
    code: str = "",
) -> Founded:
    """Found a branch under `parent` with its provisional committee, and register the
    chosen members in it. Needs units.restructure and roles.manage at `parent` or above
    (the upper level appoints a provisional committee). Raises ValidationError per field.
    """
    policy.require(actor, Cap.UNITS_VIEW, parent)
    if not may_found_under(actor, parent):
        if not parent.is_active or not parent.kind.may_have_children or parent.kind.is_branch:
            raise ValidationError(
                {"parent": _("No branch can be founded under %(unit)s.") % {"unit": parent.name}}
            )
        raise PermissionDenied
    errors: dict[str, str] = {}
    if not kind.is_branch:
        errors["kind"] = _("Choose a kind of branch.")
    elif kind.is_grassroots and within_grassroots(parent):
        errors["kind"] = _(
            "Under a grassroots union the new unit is a chi đoàn; a chi đoàn cơ sở sits "
            "directly under an upper-grassroots union."
        )
    if not " ".join(name.split()):
        errors["name"] = _("Enter the name of the new branch, e.g. Chi đoàn xóm Phú Xuân.")
    if not decision_number.strip():
        errors["decision_number"] = _("Enter the number of the founding decision.")
    if deputy is not None and deputy.pk == secretary.pk:
        errors["deputy"] = _("The deputy secretary must be another person than the secretary.")
    for key, person in (("secretary", secretary), ("deputy", deputy)):
        if person is not None and (
            not person.is_current or person.merged_into_id
            or not person.unit_path.startswith(parent.path)
        ):  # fmt: skip
            errors[key] = _("Choose a current member of %(unit)s.") % {"unit": parent.name}
    if errors:
        raise ValidationError(errors)
    try:
        branch = org_services.unit_create(
            actor=actor, parent=parent, kind=kind, name=name, code=code or next_code(parent),
            effective_on=founded_on, founded_on=founded_on, decision_number=decision_number,
            reason=_("Founded with a provisional executive committee"),
        )  # fmt: skip
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        # The restructuring service names its own fields; say them as this form does.
        renamed = {"effective_on": "founded_on", "code": "name"}
        raise ValidationError(
            {renamed.get(key, key): messages for key, messages in error.message_dict.items()}
        ) from None
    result = Founded(branch=branch)
    roles = {r.code: r for r in Role.objects.filter(code__in=[SECRETARY_ROLE, DEPUTY_ROLE])}
    for person, role_code in ((secretary, SECRETARY_ROLE), (deputy, DEPUTY_ROLE)):
        if person is None:
            continue
        user = _account_of(actor, person, result.passwords)
        result.appointed.append(
            role_appoint(
                actor=actor, user=user, unit=branch, role=roles[role_code],
                start_date=founded_on, decision_number=decision_number,
                note=_("Provisional executive committee"),
            )
        )  # fmt: skip
    for member in move or []:
        if not member.unit_path.startswith(parent.path):
            raise ValidationError(
                {"move": _("%(name)s is not a member of %(unit)s.")
                 % {"name": member.full_name, "unit": parent.name}}
            )  # fmt: skip
        try:
            member_move(
                actor=actor, member=Member.objects.get(pk=member.pk), to_unit=branch,
                effective_on=founded_on, reason=UnitPeriodReason.TRANSFERRED,
                note=_("Founding of %(unit)s") % {"unit": branch.name},
            )  # fmt: skip
        except ValidationError as error:
            raise ValidationError(
                {"move": _("%(name)s: %(problem)s")
                 % {"name": member.full_name, "problem": " ".join(error.messages)}}
            ) from None  # fmt: skip
        result.moved += 1
    return result
