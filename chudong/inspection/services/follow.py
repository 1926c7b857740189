"""How inspection records follow restructurings of the unit tree (orgs.registry)."""

from __future__ import annotations

from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from chudong.core.paths import subtree_q
from chudong.orgs.models import Restructuring, Unit
from chudong.orgs.registry import ContentItem

from ..models import Exemplary, Inspection, InspectionPlan, Recommendation, Replication, Review

# (model, unit field, path field) for every copy of a unit path this app keeps.
_COPIES = (
    (InspectionPlan, "unit", "unit_path"),
    (Inspection, "unit", "unit_path"),
    (Inspection, "subject", "subject_path"),
    (Review, "unit", "unit_path"),
    (Exemplary, "unit", "unit_path"),
    (Exemplary, "shared_by", "shared_path"),
    (Replication, "unit", "unit_path"),
)


class InspectionContent:
    """A merged unit's plans, inspections, reviews and models go to the unit it merged
    into; a moved subtree's copies of unit paths are rewritten."""

    key = "inspection"

    def label(self) -> str:
        return _("inspections, reviews and exemplary models")

    def count(self, unit: Unit) -> int:
        return sum(
            model.objects.filter(**{field: unit}).count()
            for model, field, _path in _COPIES
            if field == "unit"
        )

    def items(self, unit: Unit) -> list[ContentItem]:
        return []

    def move_all(self, *, source: Unit, target: Unit, restructuring: Restructuring) -> int:
        moved = 0
        for model, field, path in _COPIES:
            moved += model.objects.filter(**{field: source}).update(
                **{field: target, path: target.path}
            )
        Recommendation.objects.filter(inspection__subject=target).update(subject_path=target.path)
        return moved

    def move_items(
        self, *, ids: list[int], source: Unit, target: Unit, restructuring: Restructuring
    ) -> int:
        return 0

    def repath(self, *, old_prefix: str, new_prefix: str) -> int:
        cut = len(old_prefix) + 1
        changed = 0
        for model, _field, path in (*_COPIES, (Recommendation, None, "subject_path")):
            changed += model.objects.filter(subtree_q(path, old_prefix)).update(
                **{path: Concat(Value(new_prefix), Substr(path, cut))}
            )
        return changed
