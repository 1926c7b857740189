"""Arrangements that last until the member returns: temporary activity elsewhere, activity
at the place of residence, and working far away (đi làm ăn xa), which the branch records
itself (there is no receiving unit) and which excuses absence for the months the rules
allow (strike_off.far_away_max_months)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.members import services as member_services
from chudong.members.models import Member, MemberStatus

from .. import events
from ..access import require_transfer_visible
from ..models import (
    LASTING_KINDS,
    Transfer,
    TransferKind,
    TransferScope,
    TransferStatus,
)
from ..sides import grassroots_of
from ._common import check_day, lock_case, lock_member, require_member_manage, today
from .transfer_checks import (
    case_event,
    check_member_free,
    requested_on_check,
    require_status,
    save_case,
)


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
    home = policy.can_at_path(actor, Cap.MEMBERS_MANAGE, transfer.from_path)
    host = bool(transfer.to_path) and policy.can_at_path(
        actor, Cap.MEMBERS_MANAGE, transfer.to_path
    )
    if not (home or host):
        raise PermissionDenied
    member, case = lock_case(Transfer, transfer)
    if case.kind not in LASTING_KINDS:
        raise ValidationError(_("Only a temporary, residence or working-far arrangement ends."))
    require_status(case, (TransferStatus.RECEIVED,), expected_version)
    day = ended_on or today()
    check_day(day, "ended_on", not_before=case.received_on + dt.timedelta(days=1))
    case.status = TransferStatus.ENDED
    case.closed_on = day
    case.closed_by = actor
    case.close_reason = (note or "").strip()[:500]
    save_case(case, actor)
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
        case_event(
            case,
            member,
            events.TRANSFER_ENDED,
            day,
            _("Ended: %(kind)s") % {"kind": case.get_kind_display()},
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
    check_member_free(locked, TransferKind.WORKING_FAR)
    if not (destination_note or "").strip():
        raise ValidationError({"destination_note": _("Say where the member goes to work.")})
    day = requested_on_check(locked, start_on)
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
