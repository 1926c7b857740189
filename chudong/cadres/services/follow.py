"""How the cadres app's rows follow the tree and the member register: a merged unit's
terms, courses, evaluations, planning lists and introductions go to the unit it merged
into; a moved subtree's copies of the unit path are rewritten; a duplicate member record
merged away hands its planning entries and introductions to the kept record."""

from __future__ import annotations

from typing import Any

from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from chudong.core.paths import subtree_q
from chudong.orgs.models import Restructuring, Unit
from chudong.orgs.registry import ContentItem

from ..models import Evaluation, PartyIntroduction, PlanningEntry, Term, Training

_MODELS = (Term, Training, Evaluation, PlanningEntry, PartyIntroduction)


class CadresContent:
    """orgs.registry.UnitContent for the cadres app."""

    key = "cadres"

    def label(self) -> str:
        return _("terms, cadre records and Party introductions")

    def count(self, unit: Unit) -> int:
        return sum(model.objects.filter(unit=unit).count() for model in _MODELS)

    def items(self, unit: Unit) -> list[ContentItem]:
        return []

    def move_all(self, *, source: Unit, target: Unit, restructuring: Restructuring) -> int:
        moved = 0
        for model in _MODELS:
            if model is Evaluation:
                # One evaluation per cadre, unit and year: the target's own one wins.
                taken = Evaluation.objects.filter(unit=target).values_list("cadre_id", "year")
                for cadre_id, year in list(taken):
                    Evaluation.objects.filter(unit=source, cadre_id=cadre_id, year=year).delete()
            if model is PlanningEntry:
                taken = PlanningEntry.objects.filter(unit=target).values_list(
                    "member_id", "role_id", "period"
                )
                for member_id, role_id, period in list(taken):
                    PlanningEntry.objects.filter(
                        unit=source, member_id=member_id, role_id=role_id, period=period
                    ).delete()
            moved += model.objects.filter(unit=source).update(unit=target, unit_path=target.path)
        return moved

    def move_items(
        self, *, ids: list[int], source: Unit, target: Unit, restructuring: Restructuring
    ) -> int:
        return 0

    def repath(self, *, old_prefix: str, new_prefix: str) -> int:
        cut = len(old_prefix) + 1
        return sum(
            model.objects.filter(subtree_q("unit_path", old_prefix)).update(
                unit_path=Concat(Value(new_prefix), Substr("unit_path", cut))
            )
            for model in _MODELS
        )


def follow_member_merge(*, keep: Any, remove: Any, actor: Any) -> None:
    """members.services.register_merge_follower hook."""
    taken = set(
        PlanningEntry.objects.filter(member=keep).values_list("unit_id", "role_id", "period")
    )
    for entry in PlanningEntry.objects.filter(member=remove):
        if (entry.unit_id, entry.role_id, entry.period) in taken:
            entry.delete()
            continue
        entry.member = keep
        entry._history_user = actor
        entry.save(update_fields=["member"])
    keep_open = PartyIntroduction.objects.filter(member=keep, outcome="pending").exists()
    for row in PartyIntroduction.objects.filter(member=remove):
        if keep_open and row.outcome == "pending":
            row.outcome = "withdrawn"
            row.outcome_note = _("Duplicate record merged into another.")
        row.member = keep
        row._history_user = actor
        row.save()
