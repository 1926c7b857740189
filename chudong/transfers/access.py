"""Who may see a case of this app, and from which side.

A transfer has two sides that may lie in different provinces: the sending branch (and
every level above it) and, once the sending union has introduced the member, the
receiving unit (and every level above it). Each side sees the case through its own
scope; neither side's scope is widened. The sender learns only the receiving unit's name
and code; the receiving side only what the introduction carries.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from chudong.access import policy
from chudong.access.capabilities import Cap

from .models import Transfer


def transfer_paths(transfer: Transfer) -> list[str]:
    """The unit paths from which the case may be seen: the sending branch always, the
    receiving unit once the case has been sent to it."""
    paths = [transfer.from_path]
    if transfer.to_path and transfer.introduced_on is not None:
        paths.append(transfer.to_path)
    return paths


def sees_transfer(actor: Any, transfer: Transfer, cap: Cap = Cap.MEMBERS_VIEW) -> bool:
    return any(policy.can_at_path(actor, cap, path) for path in transfer_paths(transfer))


def require_transfer_visible(actor: Any, transfer: Transfer) -> None:
    """404 when the actor sees neither side's unit; 403 when they see a side's unit but
    not its member register (the answer policy.require gives for units)."""
    if not sees_transfer(actor, transfer, Cap.UNITS_VIEW):
        raise Http404
    if not sees_transfer(actor, transfer, Cap.MEMBERS_VIEW):
        raise PermissionDenied


def require_at(actor: Any, cap: Cap, path: str) -> None:
    """After require_transfer_visible: 403 unless the actor holds `cap` over `path`."""
    if not policy.can_at_path(actor, cap, path):
        raise PermissionDenied


def sending_side(actor: Any, transfer: Transfer) -> bool:
    return policy.can_at_path(actor, Cap.MEMBERS_MANAGE, transfer.from_path)


def introducing_side(actor: Any, transfer: Transfer) -> bool:
    return policy.can_at_path(actor, Cap.MEMBERS_MANAGE, transfer.from_grassroots.path)


def receiving_side(actor: Any, transfer: Transfer) -> bool:
    return bool(transfer.to_path) and policy.can_at_path(
        actor, Cap.MEMBERS_MANAGE, transfer.to_path
    )


def require_path_visible(actor: Any, path: str) -> None:
    """For the one-sided cases (maturation, striking off): 404 when the unit at `path` is
    out of sight, 403 when its member register is."""
    if not policy.can_at_path(actor, Cap.UNITS_VIEW, path):
        raise Http404
    if not policy.can_at_path(actor, Cap.MEMBERS_VIEW, path):
        raise PermissionDenied
