"""How this app's records follow a restructuring of the tree and a merge of duplicate
member records (registered in registration.register_all).

Undecided transfers and lasting arrangements follow their units, as the members do;
decided cases stay with the units they were decided by (the register of a unit that
merged away still tells what it did). Path copies are rewritten when a subtree moves.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from chudong.core.paths import subtree_q
from chudong.orgs.models import Restructuring, Unit
from chudong.orgs.registry import ContentItem

from ..models import (
    LASTING_KINDS,
    OPEN_STATUSES,
    MaturationBatch,
    MaturationEntry,
    MaturationKeep,
    StrikeOffCase,
    StrikeOffStatus,
    Transfer,
    TransferStatus,
)


def _following() -> Q:
    """Cases that follow their units: undecided, or an arrangement in effect."""
    return Q(status__in=OPEN_STATUSES) | Q(kind__in=LASTING_KINDS, status=TransferStatus.RECEIVED)


def _repoint(source: Unit, target: Unit, cases: Any = None) -> int:
    cases = cases if cases is not None else Transfer.objects.filter(_following())
    moved = cases.filter(from_unit=source).update(from_unit=target, from_path=target.path)
    cases.filter(from_grassroots=source).update(from_grassroots=target)
    cases.filter(to_unit=source).update(to_unit=target, to_path=target.path)
    cases.filter(to_grassroots=source).update(to_grassroots=target)
    cases.filter(to_branch=source).update(to_branch=target)
    return moved


class TransferContent:
    """orgs.registry.UnitContent for transfer cases, striking off and maturation."""

    key = "transfers"

    def label(self) -> str:
        return _("transfers in progress")

    def count(self, unit: Unit) -> int:
        return Transfer.objects.filter(
            Q(from_unit=unit) | Q(to_unit=unit), status__in=OPEN_STATUSES
        ).count()

    def items(self, unit: Unit) -> list[ContentItem]:
        cases = (
            Transfer.objects.filter(from_unit=unit, status__in=OPEN_STATUSES)
            .select_related("member")
            .order_by("member__sort_key", "pk")
        )
        return [
            ContentItem(c.pk, _("Transfer of %(name)s") % {"name": c.member.full_name})
            for c in cases
        ]

    def move_all(self, *, source: Unit, target: Unit, restructuring: Restructuring) -> int:
        moved = _repoint(source, target)
        # Striking-off cases and keep decisions follow the members (members moved first:
        # the members app registered its content before this one).
        StrikeOffCase.objects.filter(unit=source).update(unit=target, unit_path=target.path)
        MaturationKeep.objects.filter(unit=source, ended_on__isnull=True).update(unit=target)
        return moved

    def move_items(
        self, *, ids: list[int], source: Unit, target: Unit, restructuring: Restructuring
    ) -> int:
        moved = _repoint(source, target, Transfer.objects.filter(_following(), pk__in=ids))
        StrikeOffCase.objects.filter(unit=source, member__unit=target).update(
            unit=target, unit_path=target.path
        )
        return moved

    def repath(self, *, old_prefix: str, new_prefix: str) -> int:
        cut = len(old_prefix) + 1

        def rewrite(field: str) -> Concat:
            return Concat(Value(new_prefix), Substr(field, cut))

        moved = Transfer.objects.filter(subtree_q("from_path", old_prefix)).update(
            from_path=rewrite("from_path")
        )
        Transfer.objects.filter(subtree_q("to_path", old_prefix)).update(to_path=rewrite("to_path"))
        StrikeOffCase.objects.filter(subtree_q("unit_path", old_prefix)).update(
            unit_path=rewrite("unit_path")
        )
        MaturationBatch.objects.filter(subtree_q("unit_path", old_prefix)).update(
            unit_path=rewrite("unit_path")
        )
        return moved


def follow_member_merge(*, keep: Any, remove: Any, actor: Any) -> None:
    """members.register_merge_follower: the removed record's cases move to the kept one.
    Two undecided cases of the same kind would make one person two cases: refused."""
    if (
        Transfer.objects.filter(member=keep, status__in=OPEN_STATUSES).exists()
        and Transfer.objects.filter(member=remove, status__in=OPEN_STATUSES).exists()
    ):
        raise ValidationError(
            _("Both records have a transfer in progress: finish or cancel one first.")
        )
    if (
        StrikeOffCase.objects.filter(member=keep, status=StrikeOffStatus.PROPOSED).exists()
        and StrikeOffCase.objects.filter(member=remove, status=StrikeOffStatus.PROPOSED).exists()
    ):
        raise ValidationError(_("Both records have a proposal to strike off: withdraw one first."))
    shared = MaturationEntry.objects.filter(member=remove, batch__entries__member=keep)
    if shared.exists():
        raise ValidationError(_("Both records are in the same maturation batch."))
    Transfer.objects.filter(member=remove).update(member=keep)
    StrikeOffCase.objects.filter(member=remove).update(member=keep)
    MaturationKeep.objects.filter(member=remove).update(member=keep)
    MaturationEntry.objects.filter(member=remove).update(member=keep)
