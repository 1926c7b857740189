"""Writes on transfer cases (chuyển sinh hoạt Đoàn), one function per step:

request (the member's branch, or the member through the portal) → the branch's comment
and "dues paid through" month → the sending grassroots union introduces the member to the
receiving unit → the receiving side receives (choosing the branch) or refuses → for an
official transfer the member is moved on the day of receipt. The sender may cancel any
time before the receipt. Temporary, residence and working-far arrangements last until
either side ends them.

The member stays registered at the sending branch until the receipt; the receipt moves
them with `members.services.member_move` in the same transaction that closes the case,
after locking the member row and then the case row (the one order in this app), so a
cancellation, a second receipt or an edit of the record racing with it either happens
before (and the receipt is refused with the reason) or after (and sees the member moved).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chudong.access.capabilities import Cap
from chudong.members import services as member_services
from chudong.members.models import Member, MemberStatus, is_current
from chudong.orgs.models import Unit

from .. import events
from ..access import require_at, require_transfer_visible
from ..models import (
    OPEN_STATUSES,
    Transfer,
    TransferKind,
    TransferStatus,
)
from ..sides import grassroots_of
from ._common import check_day, lock_case, lock_member, require_member_manage, today
from .transfer_checks import (
    REQUESTABLE_KINDS,
    case_event,
    check_member_free,
    deadline_of,
    destination_check,
    destination_name,
    dues_month_check,
    receiving_branch_check,
    requested_on_check,
    require_status,
    save_case,
    scope_of,
)


def _new_case(
    *,
    actor: Any,
    member: Member,
    kind: str,
    to_unit: Unit | None,
    reason: str,
    destination_note: str,
    until: dt.date | None,
    requested_on: dt.date | None,
    source: str,
) -> Transfer:
    if kind not in REQUESTABLE_KINDS:
        raise ValidationError({"kind": _("Choose the kind of transfer.")})
    if not (reason or "").strip():
        raise ValidationError(
            {"reason": _("Give the reason (new residence, workplace, school...).")}
        )
    check_member_free(member, kind)
    day = requested_on_check(member, requested_on)
    destination_check(member=member, to_unit=to_unit)
    if until is not None and until <= day:
        raise ValidationError({"until": _("The end must be after the start.")})
    from_grassroots = grassroots_of(member.unit)
    to_grassroots = grassroots_of(to_unit)
    case = Transfer(
        member=member,
        kind=kind,
        scope=scope_of(from_grassroots, to_grassroots),
        status=TransferStatus.REQUESTED,
        source=source,
        from_unit=member.unit,
        from_path=member.unit.path,
        from_grassroots=from_grassroots,
        to_unit=to_unit,
        to_path=to_unit.path,
        to_grassroots=to_grassroots,
        requested_on=day,
        requested_by=actor,
        reason=reason.strip(),
        destination_note=(destination_note or "").strip(),
        until=until,
        deadline_on=deadline_of(member, day),
    )
    case.full_clean()
    case._history_user = actor
    case.save()
    case_event(
        case,
        member,
        events.TRANSFER_REQUESTED,
        day,
        _("Transfer to %(unit)s requested (%(kind)s)")
        % {"kind": case.get_kind_display(), "unit": to_unit.name},
        actor,
        detail=case.reason,
    )
    return case


def _endorse(
    case: Transfer, member: Member, actor: Any, comment: str, dues: dt.date | None, day: dt.date
) -> None:
    if not (comment or "").strip():
        raise ValidationError({"branch_comment": _("Write the branch's comment on the member.")})
    case.dues_paid_through = dues_month_check(dues, member=member, on=day)
    case.branch_comment = comment.strip()
    case.endorsed_on = day
    case.endorsed_by = actor
    case.status = TransferStatus.ENDORSED


# --- request -------------------------------------------------------------------------


@transaction.atomic
def transfer_request(
    *,
    actor: Any,
    member: Member,
    kind: str,
    to_unit: Unit | None,
    reason: str,
    branch_comment: str,
    dues_paid_through: dt.date | None,
    destination_note: str = "",
    until: dt.date | None = None,
    requested_on: dt.date | None = None,
) -> Transfer:
    """The member's branch asks to transfer `member` (official, temporary or residence)
    to `to_unit`, with its comment and the month the dues are paid through: the case goes
    to the grassroots union for the introduction. Needs members.manage over the member.

    `requested_on` (default today) may be earlier, for a paper request entered late.
    Raises ValidationError (field-keyed where a field is at fault): member not active,
    a transfer already in progress, a destination that is not allowed, a bad month.
    """
    require_member_manage(actor, member)
    locked = lock_member(member.pk)
    case = _new_case(
        actor=actor,
        member=locked,
        kind=kind,
        to_unit=to_unit,
        reason=reason,
        destination_note=destination_note,
        until=until,
        requested_on=requested_on,
        source="branch",
    )
    # The branch writes its comment with its request, on the request's date.
    _endorse(case, locked, actor, branch_comment, dues_paid_through, case.requested_on)
    save_case(case, actor)
    return case


@transaction.atomic
def transfer_request_by_member(
    *,
    actor: Any,
    kind: str,
    to_unit: Unit | None,
    reason: str,
    destination_note: str = "",
    until: dt.date | None = None,
) -> Transfer:
    """The member asks for a transfer themselves (the portal calls this): `actor` is the
    member's own account. The case waits for the branch's comment (transfer_endorse).
    Raises PermissionDenied when the account has no current member record."""
    member = Member.objects.filter(user=actor).select_related("unit").first()
    if member is None or not is_current(member.status):
        raise PermissionDenied
    locked = lock_member(member.pk)
    return _new_case(
        actor=actor,
        member=locked,
        kind=kind,
        to_unit=to_unit,
        reason=reason,
        destination_note=destination_note,
        until=until,
        requested_on=None,
        source="member",
    )


@transaction.atomic
def transfer_endorse(
    *,
    actor: Any,
    transfer: Transfer,
    branch_comment: str,
    dues_paid_through: dt.date | None,
    expected_version: int | None = None,
) -> Transfer:
    """The sending branch writes (or corrects, until the introduction) its comment and the
    month the dues are paid through. Needs members.manage over the sending branch."""
    require_transfer_visible(actor, transfer)
    require_at(actor, Cap.MEMBERS_MANAGE, transfer.from_path)
    member, case = lock_case(Transfer, transfer)
    require_status(case, (TransferStatus.REQUESTED, TransferStatus.ENDORSED), expected_version)
    _endorse(
        case, member, actor, branch_comment, dues_paid_through, max(today(), case.requested_on)
    )
    save_case(case, actor)
    return case


# --- introduce -----------------------------------------------------------------------


@transaction.atomic
def transfer_introduce(
    *,
    actor: Any,
    transfer: Transfer,
    introduced_on: dt.date | None = None,
    introduction_number: str = "",
    expected_version: int | None = None,
) -> Transfer:
    """The sending grassroots union introduces the member to the receiving unit: from now
    the receiving side sees the case ("in transit"). Needs members.manage over the sending
    grassroots union (a chi đoàn cơ sở does it itself)."""
    require_transfer_visible(actor, transfer)
    require_at(actor, Cap.MEMBERS_MANAGE, transfer.from_grassroots.path)
    member, case = lock_case(Transfer, transfer)
    require_status(case, (TransferStatus.ENDORSED,), expected_version)
    day = introduced_on or today()
    check_day(day, "introduced_on", not_before=case.endorsed_on)
    if not case.to_unit.is_active:
        raise ValidationError(
            _("%s is no longer active: cancel this transfer and request a new one.")
            % case.to_unit.name
        )
    case.introduced_on = day
    case.introduced_by = actor
    case.introduction_number = (introduction_number or "").strip()[:60]
    case.status = TransferStatus.IN_TRANSIT
    save_case(case, actor)
    case_event(
        case,
        member,
        events.TRANSFER_INTRODUCED,
        day,
        _("Introduced to %(unit)s") % {"unit": case.to_unit.name},
        actor,
        detail=case.introduction_number,
    )
    return case


# --- the receiving side --------------------------------------------------------------


@transaction.atomic
def transfer_receive(
    *,
    actor: Any,
    transfer: Transfer,
    to_branch: Unit | None = None,
    received_on: dt.date | None = None,
    expected_version: int | None = None,
) -> Transfer:
    """The receiving side confirms: an official transfer registers the member in
    `to_branch` from `received_on` (the only moment the member changes unit); a temporary
    one marks the member "temporarily active elsewhere" at home; a residence one records
    where they take part. Needs members.manage over the receiving unit.

    Raises ValidationError, saying who did what, when the case was cancelled, refused or
    received in the meantime."""
    require_transfer_visible(actor, transfer)
    require_at(actor, Cap.MEMBERS_MANAGE, transfer.to_path)
    member, case = lock_case(Transfer, transfer)
    require_status(case, (TransferStatus.IN_TRANSIT,), expected_version)
    branch = receiving_branch_check(case, to_branch)
    day = received_on or today()
    check_day(day, "received_on", not_before=case.introduced_on)
    if not is_current(member.status):
        raise ValidationError(
            _(
                "%(name)s is no longer a current member (%(status)s); the transfer cannot "
                "be received."
            )
            % {"name": member.full_name, "status": member.get_status_display()}
        )
    case.status = TransferStatus.RECEIVED
    case.to_branch = branch
    case.received_on = day
    case.received_by = actor
    save_case(case, actor)
    if case.kind == TransferKind.OFFICIAL:
        member_services.member_move(
            actor=actor,
            member=member,
            to_unit=branch,
            effective_on=day,
            note=(
                _("Introduction letter %(number)s") % {"number": case.introduction_number}
                if case.introduction_number
                else ""
            ),
            source=case,
            procedure_authorized=True,
        )
    elif case.kind == TransferKind.TEMPORARY:
        member_services.member_status_change(
            actor=actor,
            member=member,
            status=MemberStatus.TEMPORARY_ELSEWHERE,
            effective_on=day,
            reason=_("Temporary activity at %(unit)s") % {"unit": branch.name},
            source=case,
            procedure_authorized=True,
        )
    else:
        case_event(
            case,
            member,
            events.TRANSFER_RECEIVED,
            day,
            _("Takes part at the place of residence: %(unit)s") % {"unit": branch.name},
            actor,
        )
    return case


@transaction.atomic
def transfer_refuse(
    *, actor: Any, transfer: Transfer, reason: str, expected_version: int | None = None
) -> Transfer:
    """The receiving side refuses, with its reason; the member stays where they are.
    Needs members.manage over the receiving unit."""
    require_transfer_visible(actor, transfer)
    require_at(actor, Cap.MEMBERS_MANAGE, transfer.to_path)
    member, case = lock_case(Transfer, transfer)
    require_status(case, (TransferStatus.IN_TRANSIT,), expected_version)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for refusing.")})
    day = today()
    case.status = TransferStatus.REFUSED
    case.closed_on = day
    case.closed_by = actor
    case.close_reason = reason.strip()[:500]
    save_case(case, actor)
    case_event(
        case,
        member,
        events.TRANSFER_REFUSED,
        day,
        _("%(unit)s refused the transfer") % {"unit": case.to_unit.name},
        actor,
        detail=case.close_reason,
    )
    return case


# --- the sending side ----------------------------------------------------------------


@transaction.atomic
def transfer_cancel(
    *, actor: Any, transfer: Transfer, reason: str = "", expected_version: int | None = None
) -> Transfer:
    """The sending side withdraws the case before the receiving side has answered.
    Needs members.manage over the sending branch."""
    require_transfer_visible(actor, transfer)
    require_at(actor, Cap.MEMBERS_MANAGE, transfer.from_path)
    member, case = lock_case(Transfer, transfer)
    require_status(case, OPEN_STATUSES, expected_version)
    day = today()
    case.status = TransferStatus.CANCELLED
    case.closed_on = day
    case.closed_by = actor
    case.close_reason = (reason or "").strip()[:500]
    save_case(case, actor)
    case_event(
        case,
        member,
        events.TRANSFER_CANCELLED,
        day,
        _("Transfer to %(unit)s cancelled") % {"unit": destination_name(case)},
        actor,
        detail=case.close_reason,
    )
    return case
