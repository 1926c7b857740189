"""Fetch one case for a page and authorise in one call (404 for missing and for out of
scope alike; 403 for a case one may see but not act on)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from chudong.access import policy
from chudong.access.capabilities import Cap

from ..access import (
    introducing_side,
    receiving_side,
    require_path_visible,
    require_transfer_visible,
    sending_side,
)
from ..models import (
    LASTING_KINDS,
    OPEN_STATUSES,
    MaturationBatch,
    MaturationEntry,
    StrikeOffCase,
    StrikeOffStatus,
    Transfer,
    TransferStatus,
)

_TRANSFER_RELATED = (
    "member",
    "member__unit",
    "from_unit",
    "from_grassroots",
    "to_unit",
    "to_unit__kind",
    "to_grassroots",
    "to_branch",
    "requested_by",
    "endorsed_by",
    "introduced_by",
    "received_by",
    "closed_by",
)


def _pk(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def access_transfer(actor: Any, transfer_id: Any) -> Transfer:
    """The transfer `transfer_id` for a page, seen from either side.

    The sending side (the member's branch when requested, and every level above it) sees
    it from the request on; the receiving side (the unit chosen, and every level above it)
    from the introduction on. In another province, each sees it through its own scope:
    nothing else of the other side becomes visible. Raises Http404 when neither side is in
    sight, PermissionDenied when a side is but not its member register."""
    try:
        case = Transfer.objects.select_related(*_TRANSFER_RELATED).get(pk=_pk(transfer_id))
    except Transfer.DoesNotExist:
        raise Http404 from None
    require_transfer_visible(actor, case)
    return case


@dataclass(frozen=True)
class TransferActions:
    """What the page may offer this actor on this case."""

    endorse: bool
    introduce: bool
    receive: bool
    refuse: bool
    cancel: bool
    end: bool
    see_member: bool
    sender: bool
    receiver: bool

    @property
    def any(self) -> bool:
        return any((self.endorse, self.introduce, self.receive, self.refuse, self.cancel, self.end))


def transfer_actions(actor: Any, case: Transfer) -> TransferActions:
    sender = sending_side(actor, case)
    receiver = receiving_side(actor, case) and case.introduced_on is not None
    status = case.status
    return TransferActions(
        endorse=sender and status in (TransferStatus.REQUESTED, TransferStatus.ENDORSED),
        introduce=status == TransferStatus.ENDORSED and introducing_side(actor, case),
        receive=receiver and status == TransferStatus.IN_TRANSIT,
        refuse=receiver and status == TransferStatus.IN_TRANSIT,
        cancel=sender and status in OPEN_STATUSES,
        end=(sender or receiver)
        and case.kind in LASTING_KINDS
        and status == TransferStatus.RECEIVED,
        see_member=policy.can_at_path(actor, Cap.MEMBERS_VIEW, case.member.unit_path),
        sender=sender,
        receiver=receiver,
    )


def require_transfer_side(actor: Any, case: Transfer, action: str) -> None:
    """403 unless the actor is on the side that takes `action` (whatever the case's state:
    a step that came too late is the service's to explain)."""
    sides = {
        "endorse": sending_side,
        "cancel": sending_side,
        "introduce": introducing_side,
        "receive": receiving_side,
        "refuse": receiving_side,
        "end": lambda a, c: sending_side(a, c) or receiving_side(a, c),
    }
    if not sides[action](actor, case):
        raise PermissionDenied


def access_maturation_batch(actor: Any, batch_id: Any) -> MaturationBatch:
    try:
        batch = MaturationBatch.objects.select_related("unit", "unit__kind", "confirmed_by").get(
            pk=_pk(batch_id)
        )
    except MaturationBatch.DoesNotExist:
        raise Http404 from None
    require_path_visible(actor, batch.unit_path)
    return batch


def access_maturation_entry(actor: Any, entry_id: Any) -> MaturationEntry:
    try:
        entry = MaturationEntry.objects.select_related(
            "batch", "batch__unit", "member", "member__unit"
        ).get(pk=_pk(entry_id))
    except MaturationEntry.DoesNotExist:
        raise Http404 from None
    require_path_visible(actor, entry.batch.unit_path)
    return entry


def access_strike_off(actor: Any, case_id: Any) -> StrikeOffCase:
    try:
        case = StrikeOffCase.objects.select_related(
            "member", "member__unit", "unit", "proposed_by", "decided_by", "reported_to"
        ).get(pk=_pk(case_id))
    except StrikeOffCase.DoesNotExist:
        raise Http404 from None
    require_path_visible(actor, case.unit_path)
    return case


def strike_off_can_act(actor: Any, case: StrikeOffCase) -> bool:
    return case.status == StrikeOffStatus.PROPOSED and policy.can_at_path(
        actor, Cap.MEMBERS_MANAGE, case.unit_path
    )
