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
from chudong.core.paths import is_within
from chudong.members import services as member_services
from chudong.members.models import Member, MemberStatus, is_current
from chudong.orgs.models import Unit
from chudong.rules import rules

from .. import events
from ..access import require_at, require_transfer_visible
from ..models import (
    LASTING_KINDS,
    OPEN_STATUSES,
    Transfer,
    TransferKind,
    TransferScope,
    TransferStatus,
)
from ..sides import grassroots_of, province_path
from ._common import (
    check_day,
    d,
    first_of_month,
    lock_case,
    lock_member,
    month_label,
    require_member_manage,
    today,
    unit_period_start,
)

REQUESTABLE_KINDS = (TransferKind.OFFICIAL, TransferKind.TEMPORARY, TransferKind.RESIDENCE)


# --- messages ------------------------------------------------------------------------


def _who(user: Any) -> str:
    return getattr(user, "full_name", "") or _("someone")


def state_message(case: Transfer) -> str:
    """Where the case stands, said so that the person whose action lost a race knows
    what happened and who did it."""
    status = case.status
    if status == TransferStatus.CANCELLED:
        return _("%(who)s cancelled this transfer on %(date)s.") % {
            "who": _who(case.closed_by),
            "date": d(case.closed_on),
        }
    if status == TransferStatus.REFUSED:
        return _("%(who)s refused this transfer on %(date)s: %(reason)s") % {
            "who": _who(case.closed_by),
            "date": d(case.closed_on),
            "reason": case.close_reason,
        }
    if status == TransferStatus.RECEIVED:
        return _("%(who)s received the member into %(branch)s on %(date)s.") % {
            "who": _who(case.received_by),
            "branch": case.to_branch.name if case.to_branch_id else "—",
            "date": d(case.received_on),
        }
    if status == TransferStatus.ENDED:
        return _("%(who)s ended this arrangement on %(date)s.") % {
            "who": _who(case.closed_by),
            "date": d(case.closed_on),
        }
    if status == TransferStatus.IN_TRANSIT:
        return _(
            "%(who)s introduced the member on %(date)s; the receiving unit has not answered yet."
        ) % {
            "who": _who(case.introduced_by),
            "date": d(case.introduced_on),
        }
    if status == TransferStatus.ENDORSED:
        return _(
            "The branch commented on %(date)s; the grassroots union has not introduced "
            "the member yet."
        ) % {"date": d(case.endorsed_on)}
    return _("The request waits for the branch's comment.")


def _require_status(case: Transfer, allowed: tuple[str, ...], expected_version: int | None) -> None:
    if case.status not in allowed:
        raise ValidationError(
            _("Nothing was changed: %(state)s") % {"state": state_message(case)}, code="state"
        )
    if expected_version is not None and case.version != expected_version:
        raise ValidationError(
            _(
                "Someone changed this transfer after you opened it (%(state)s) Reload the "
                "page and check it before you try again."
            )
            % {"state": state_message(case)},
            code="stale",
        )


def _event(case: Transfer, member: Member, kind: str, day: dt.date, title: str, actor: Any,
           detail: str = "", unit: Unit | None = None) -> None:  # fmt: skip
    member_services.member_event_add(
        member=member,
        kind=kind,
        date=day,
        title=title,
        detail=detail,
        unit=unit,
        actor=actor,
        source=case,
    )


def _save(case: Transfer, actor: Any) -> None:
    case.version += 1
    case._history_user = actor
    case.save()


def _destination_name(case: Transfer) -> str:
    if case.to_unit_id:
        return case.to_unit.name
    return case.destination_note or "—"


# --- checks --------------------------------------------------------------------------


def destination_check(*, member: Member, to_unit: Unit | None) -> None:
    """A transfer goes to a grassroots union (any, in any province; its own union too,
    which then picks the branch) or to another branch of the member's own union.
    Raises ValidationError on the `to_unit` field."""
    if to_unit is None:
        raise ValidationError({"to_unit": _("Choose the receiving unit.")})
    if not to_unit.is_active:
        raise ValidationError({"to_unit": _("%s is no longer active.") % to_unit.name})
    if to_unit.pk == member.unit_id:
        raise ValidationError({"to_unit": _("The member is already registered there.")})
    if to_unit.kind.is_grassroots:
        return
    if to_unit.kind.is_branch:
        own = grassroots_of(member.unit)
        if is_within(to_unit.path, own.path, include_self=False):
            return
        raise ValidationError(
            {
                "to_unit": _(
                    "A branch can be chosen only within your own grassroots union; for "
                    "another union choose the union, which will pick the branch."
                )
            }
        )
    raise ValidationError(
        {
            "to_unit": _(
                "Choose a grassroots union (đoàn cơ sở or chi đoàn cơ sở) or a branch of "
                "your own union."
            )
        }
    )


def dues_month_check(month: dt.date | None, *, member: Member, on: dt.date) -> dt.date:
    """The "dues paid through" month: given, not after the month of the comment (dues are
    collected up to the transfer), not before the member's admission."""
    if month is None:
        raise ValidationError(
            {"dues_paid_through": _("Give the last month the member's dues were paid.")}
        )
    month = first_of_month(month)
    if month > first_of_month(on):
        raise ValidationError(
            {
                "dues_paid_through": _(
                    "Dues are collected up to the transfer: the month cannot be after %(month)s."
                )
                % {"month": month_label(on)}
            }
        )
    if member.admission_date and month < first_of_month(member.admission_date):
        raise ValidationError(
            {
                "dues_paid_through": _("The month is before the member was admitted (%(month)s).")
                % {"month": month_label(member.admission_date)}
            }
        )
    return month


def _scope(from_grassroots: Unit, to_grassroots: Unit) -> str:
    if from_grassroots.pk == to_grassroots.pk:
        return TransferScope.WITHIN
    if province_path(from_grassroots.path) != province_path(to_grassroots.path):
        return TransferScope.PROVINCES
    return TransferScope.BETWEEN


def _check_member_free(member: Member, kind: str) -> None:
    """One undecided case per member; no new arrangement over a lasting one that it
    would contradict (end the temporary activity before an official transfer...)."""
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError(
            _("Only an active member can start a transfer; %(name)s is: %(status)s.")
            % {"name": member.full_name, "status": member.get_status_display()}
        )
    open_case = Transfer.objects.filter(member=member, status__in=OPEN_STATUSES).first()
    if open_case is not None:
        raise ValidationError(
            _("%(name)s already has a transfer in progress: %(state)s")
            % {"name": member.full_name, "state": state_message(open_case)}
        )
    blocking = {
        TransferKind.OFFICIAL: LASTING_KINDS,
        TransferKind.TEMPORARY: (TransferKind.TEMPORARY, TransferKind.WORKING_FAR),
        TransferKind.WORKING_FAR: (TransferKind.TEMPORARY, TransferKind.WORKING_FAR),
        TransferKind.RESIDENCE: (TransferKind.RESIDENCE,),
    }[kind]
    lasting = Transfer.objects.filter(
        member=member, kind__in=blocking, status=TransferStatus.RECEIVED
    ).first()
    if lasting is not None:
        raise ValidationError(
            _("End the current arrangement first: %(kind)s since %(date)s.")
            % {"kind": lasting.get_kind_display(), "date": d(lasting.received_on)}
        )


def _requested_on(member: Member, requested_on: dt.date | None) -> dt.date:
    day = requested_on or today()
    check_day(day, "requested_on", not_before=unit_period_start(member))
    return day


def _deadline(member: Member, day: dt.date) -> dt.date:
    days = rules.get("transfer.deadline_days", on=day, unit=member.unit)
    return day + dt.timedelta(days=int(days))


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
    _check_member_free(member, kind)
    day = _requested_on(member, requested_on)
    destination_check(member=member, to_unit=to_unit)
    if until is not None and until <= day:
        raise ValidationError({"until": _("The end must be after the start.")})
    from_grassroots = grassroots_of(member.unit)
    to_grassroots = grassroots_of(to_unit)
    case = Transfer(
        member=member,
        kind=kind,
        scope=_scope(from_grassroots, to_grassroots),
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
        deadline_on=_deadline(member, day),
    )
    case.full_clean()
    case._history_user = actor
    case.save()
    _event(
        case,
        member,
        events.TRANSFER_REQUESTED,
        day,
        _("%(kind)s to %(unit)s requested")
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
    _save(case, actor)
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
    _require_status(case, (TransferStatus.REQUESTED, TransferStatus.ENDORSED), expected_version)
    _endorse(
        case, member, actor, branch_comment, dues_paid_through, max(today(), case.requested_on)
    )
    _save(case, actor)
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
    _require_status(case, (TransferStatus.ENDORSED,), expected_version)
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
    _save(case, actor)
    _event(
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


def receiving_branch_check(case: Transfer, to_branch: Unit | None) -> Unit:
    """The branch the member is registered in: the receiving unit itself when it is a
    branch, else one of the active branches below it."""
    if to_branch is None:
        if case.to_unit.kind.is_branch:
            return case.to_unit
        raise ValidationError({"to_branch": _("Choose the branch that receives the member.")})
    if not to_branch.is_active or not to_branch.kind.is_branch:
        raise ValidationError({"to_branch": _("Choose an active branch.")})
    if not is_within(to_branch.path, case.to_path):
        raise ValidationError(
            {"to_branch": _("Choose a branch of %(unit)s.") % {"unit": case.to_unit.name}}
        )
    return to_branch


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
    _require_status(case, (TransferStatus.IN_TRANSIT,), expected_version)
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
    _save(case, actor)
    if case.kind == TransferKind.OFFICIAL:
        member_services.member_move(
            actor=actor,
            member=member,
            to_unit=branch,
            effective_on=day,
            note=_("Transfer from %(unit)s") % {"unit": case.from_unit.name},
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
        _event(
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
    _require_status(case, (TransferStatus.IN_TRANSIT,), expected_version)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for refusing.")})
    day = today()
    case.status = TransferStatus.REFUSED
    case.closed_on = day
    case.closed_by = actor
    case.close_reason = reason.strip()[:500]
    _save(case, actor)
    _event(
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
    _require_status(case, OPEN_STATUSES, expected_version)
    day = today()
    case.status = TransferStatus.CANCELLED
    case.closed_on = day
    case.closed_by = actor
    case.close_reason = (reason or "").strip()[:500]
    _save(case, actor)
    _event(
        case,
        member,
        events.TRANSFER_CANCELLED,
        day,
        _("Transfer to %(unit)s cancelled") % {"unit": _destination_name(case)},
        actor,
        detail=case.close_reason,
    )
    return case


@transaction.atomic
def transfer_end(
    *,
    actor: Any,
    transfer: Transfer,
    ended_on: dt.date | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> Transfer:
    """A temporary, residence or working-far arrangement ends (the member is back, or has
    left the place of residence). Either side may record it (members.manage over the
    sending branch or the receiving unit); the member's status returns to active."""
    require_transfer_visible(actor, transfer)
    from chudong.access import policy

    home = policy.can_at_path(actor, Cap.MEMBERS_MANAGE, transfer.from_path)
    host = bool(transfer.to_path) and policy.can_at_path(
        actor, Cap.MEMBERS_MANAGE, transfer.to_path
    )
    if not (home or host):
        raise PermissionDenied
    member, case = lock_case(Transfer, transfer)
    if case.kind not in LASTING_KINDS:
        raise ValidationError(_("Only a temporary, residence or working-far arrangement ends."))
    _require_status(case, (TransferStatus.RECEIVED,), expected_version)
    day = ended_on or today()
    check_day(day, "ended_on", not_before=case.received_on + dt.timedelta(days=1))
    case.status = TransferStatus.ENDED
    case.closed_on = day
    case.closed_by = actor
    case.close_reason = (note or "").strip()[:500]
    _save(case, actor)
    back_from = {
        TransferKind.TEMPORARY: MemberStatus.TEMPORARY_ELSEWHERE,
        TransferKind.WORKING_FAR: MemberStatus.WORKING_FAR,
    }.get(case.kind)
    if back_from is not None and member.status == back_from:
        member_services.member_status_change(
            actor=actor,
            member=member,
            status=MemberStatus.ACTIVE,
            effective_on=day,
            reason=_("Back from: %(kind)s") % {"kind": case.get_kind_display()},
            source=case,
            procedure_authorized=True,
        )
    else:
        _event(
            case,
            member,
            events.TRANSFER_ENDED,
            day,
            _("%(kind)s ended") % {"kind": case.get_kind_display()},
            actor,
            detail=case.close_reason,
        )
    return case


@transaction.atomic
def transfer_record_working_far(
    *,
    actor: Any,
    member: Member,
    destination_note: str,
    reason: str = "",
    start_on: dt.date | None = None,
    until: dt.date | None = None,
) -> Transfer:
    """The branch records that `member` works far away (đi làm ăn xa) from `start_on`:
    status "working far" (dues paid on return; not struck off for absence within the
    months the rules allow). No receiving unit. Needs members.manage over the member."""
    require_member_manage(actor, member)
    locked = lock_member(member.pk)
    _check_member_free(locked, TransferKind.WORKING_FAR)
    if not (destination_note or "").strip():
        raise ValidationError({"destination_note": _("Say where the member goes to work.")})
    day = _requested_on(locked, start_on)
    if until is not None and until <= day:
        raise ValidationError({"until": _("The end must be after the start.")})
    grassroots = grassroots_of(locked.unit)
    case = Transfer(
        member=locked,
        kind=TransferKind.WORKING_FAR,
        scope=TransferScope.NONE,
        status=TransferStatus.RECEIVED,
        from_unit=locked.unit,
        from_path=locked.unit.path,
        from_grassroots=grassroots,
        requested_on=day,
        requested_by=actor,
        received_on=day,
        received_by=actor,
        reason=(reason or "").strip() or destination_note.strip(),
        destination_note=destination_note.strip(),
        until=until,
        deadline_on=day,
    )
    case.full_clean()
    case._history_user = actor
    case.save()
    member_services.member_status_change(
        actor=actor,
        member=locked,
        status=MemberStatus.WORKING_FAR,
        effective_on=day,
        reason=case.destination_note[:300],
        source=case,
    )
    return case
