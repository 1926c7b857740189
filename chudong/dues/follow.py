"""How dues records follow the member register and the unit tree.

- A member merge moves the removed record's payments and exemptions to the kept one;
  a month both records paid stays on the removed record (money paid is never erased), and
  the kept record takes the removed one's dues profile when it has none.
- A merged branch's dues not yet remitted go to the unit it merged into, which remits
  them; so do remittances a merged unit received and had not passed on. A split branch's
  go with each member to the new branch the member went to. Remitted money
  stays where it was collected: the ledger of the past does not change.
- A move of the subtree rewrites the stored unit paths.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from chudong.core.paths import subtree_q
from chudong.orgs.models import Restructuring, Unit
from chudong.orgs.registry import ContentItem

from .models import DuesExemption, DuesPayment, DuesProfile, Remittance


def follow_member_merge(*, keep: Any, remove: Any, actor: Any) -> None:
    """members.services.register_merge_follower hook (inside the merge transaction)."""
    taken = set(DuesPayment.objects.filter(member=keep).values_list("month", flat=True))
    for payment in DuesPayment.objects.filter(member=remove).exclude(month__in=taken):
        payment.member = keep
        payment._history_user = actor
        payment.save(update_fields=["member"])
    for exemption in DuesExemption.objects.filter(member=remove):
        exemption.member = keep
        exemption._history_user = actor
        exemption.save(update_fields=["member"])
    if not DuesProfile.objects.filter(member=keep).exists():
        profile = DuesProfile.objects.filter(member=remove).first()
        if profile is not None:
            profile.member = keep
            profile._history_user = actor
            profile.save(update_fields=["member"])


class DuesContent:
    """orgs.registry.UnitContent: dues held by a unit and not yet remitted."""

    key = "dues"

    def label(self) -> str:
        return _("dues payments not yet remitted")

    def count(self, unit: Unit) -> int:
        return DuesPayment.objects.filter(unit=unit, remittance__isnull=True).count()

    def items(self, unit: Unit) -> list[ContentItem]:
        return []

    def move_all(self, *, source: Unit, target: Unit, restructuring: Restructuring) -> int:
        moved = DuesPayment.objects.filter(unit=source, remittance__isnull=True).update(
            unit=target, unit_path=target.path
        )
        Remittance.objects.filter(to_unit=source, included_in__isnull=True).update(
            to_unit=target, to_path=target.path
        )
        return moved

    def move_items(
        self, *, ids: list[int], source: Unit, target: Unit, restructuring: Restructuring
    ) -> int:
        return 0

    def after_split(
        self, *, source: Unit, targets: list[Unit], restructuring: Restructuring
    ) -> int:
        """A split branch's dues not yet remitted follow their member to the new unit the
        member went to; those of members who went elsewhere, and remittances the split
        unit had received and not passed on, go to the first new unit."""
        waiting = DuesPayment.objects.filter(unit=source, remittance__isnull=True)
        moved = 0
        for target in targets:
            moved += waiting.filter(member__unit=target).update(unit=target, unit_path=target.path)
        if targets:
            first = targets[0]
            moved += waiting.update(unit=first, unit_path=first.path)
            Remittance.objects.filter(to_unit=source, included_in__isnull=True).update(
                to_unit=first, to_path=first.path
            )
        return moved

    def repath(self, *, old_prefix: str, new_prefix: str) -> int:
        cut = len(old_prefix) + 1

        def rewrite(model, column):
            return model.objects.filter(subtree_q(column, old_prefix)).update(
                **{column: Concat(Value(new_prefix), Substr(column, cut))}
            )

        moved = rewrite(DuesPayment, "unit_path")
        rewrite(DuesExemption, "unit_path")
        rewrite(Remittance, "from_path")
        rewrite(Remittance, "to_path")
        return moved
