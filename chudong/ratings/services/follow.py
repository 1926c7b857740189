"""How ratings and Rèn luyện registrations follow the member register and the unit tree.

- A member merge (members.services.members_merge) moves the removed record's results to
  the kept one, year by year; where both records hold a result for the same year, the kept
  record's stays and the other remains on the removed record, as history.
- A rating is a fact about the branch that gave it, so a merged or split branch keeps its
  sheets (its members' new branch rates them from then on); a subtree move only rewrites
  the stored unit paths, so the roll-ups stay true.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from chudong.core.paths import subtree_q
from chudong.orgs.models import Restructuring, Unit
from chudong.orgs.registry import ContentItem

from ..models import MemberRating, RatingSheet, TrainingRegistration


def follow_member_merge(*, keep: Any, remove: Any, actor: Any) -> None:
    """members.services.register_merge_follower hook (runs inside the merge transaction)."""
    for model in (MemberRating, TrainingRegistration):
        taken = set(model.objects.filter(member=keep).values_list("year", flat=True))
        moving = list(model.objects.filter(member=remove).exclude(year__in=taken))
        for row in moving:
            row.member = keep
            row._history_user = actor
            row.save(update_fields=["member"])


class RatingsContent:
    """orgs.registry.UnitContent: only the path copies follow a move of the subtree."""

    key = "ratings"

    def label(self) -> str:
        return _("rating sheets")

    def count(self, unit: Unit) -> int:
        return 0

    def items(self, unit: Unit) -> list[ContentItem]:
        return []

    def move_all(self, *, source: Unit, target: Unit, restructuring: Restructuring) -> int:
        return 0

    def move_items(
        self, *, ids: list[int], source: Unit, target: Unit, restructuring: Restructuring
    ) -> int:
        return 0

    def repath(self, *, old_prefix: str, new_prefix: str) -> int:
        cut = len(old_prefix) + 1
        moved = 0
        for model in (RatingSheet, MemberRating, TrainingRegistration):
            moved += model.objects.filter(subtree_q("unit_path", old_prefix)).update(
                unit_path=Concat(Value(new_prefix), Substr("unit_path", cut))
            )
        return moved
