"""How the youth register, opinions and surveys follow the unit tree and member merges.

- A merge moves every record of the merged unit to the new one; a split lets the user
  distribute the young people of the register (the opinions they raised go with them; the
  other opinions and the surveys stay with the old unit, as its history).
- A subtree move rewrites the stored unit paths, so the roll-ups stay true.
- A member merge re-points the opinions and youth records to the kept member; a survey
  answer moves unless the kept record answered the same survey.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from chudong.core.paths import subtree_q
from chudong.orgs.models import Restructuring, Unit
from chudong.orgs.registry import ContentItem

from ..models import Opinion, Survey, SurveyResponse, Youth


def follow_member_merge(*, keep: Any, remove: Any, actor: Any) -> None:
    """members.services.register_merge_follower hook (inside the merge transaction)."""
    Opinion.objects.filter(member=remove).update(member=keep)
    Youth.objects.filter(member=remove).update(member=keep)
    answered = SurveyResponse.objects.filter(member=keep).values_list("survey_id", flat=True)
    SurveyResponse.objects.filter(member=remove).exclude(survey_id__in=list(answered)).update(
        member=keep
    )


class YouthContent:
    """orgs.registry.UnitContent for the youth register, opinions and surveys."""

    key = "youth"

    def label(self) -> str:
        return _("young people outside the Union")

    def count(self, unit: Unit) -> int:
        return Youth.objects.filter(unit=unit).count()

    def items(self, unit: Unit) -> list[ContentItem]:
        rows = Youth.objects.filter(unit=unit).only("id", "full_name", "birth_year")
        return [ContentItem(y.pk, f"{y.full_name} ({y.birth_year})") for y in rows]

    def move_all(self, *, source: Unit, target: Unit, restructuring: Restructuring) -> int:
        moved = 0
        for model in (Youth, Opinion, Survey):
            moved += model.objects.filter(unit=source).update(unit=target, unit_path=target.path)
        return moved

    def move_items(
        self, *, ids: list[int], source: Unit, target: Unit, restructuring: Restructuring
    ) -> int:
        moved = Youth.objects.filter(unit=source, pk__in=ids).update(
            unit=target, unit_path=target.path
        )
        Opinion.objects.filter(unit=source, youth_id__in=ids).update(
            unit=target, unit_path=target.path
        )
        return moved

    def repath(self, *, old_prefix: str, new_prefix: str) -> int:
        cut = len(old_prefix) + 1
        moved = 0
        for model in (Youth, Opinion, Survey, SurveyResponse):
            moved += model.objects.filter(subtree_q("unit_path", old_prefix)).update(
                unit_path=Concat(Value(new_prefix), Substr("unit_path", cut))
            )
        return moved
