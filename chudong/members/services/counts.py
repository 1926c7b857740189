"""The maintained per-unit member counts (models.UnitMemberCount).

Every service that creates members, moves them between units or changes whether they are
current calls `counts_add` inside its own transaction, so the table never drifts from the
member rows; `counts_rebuild` (manage.py recount_members) recomputes it from scratch.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import Count, F, Q

from chudong.orgs.models import Unit

from ..models import CURRENT_STATUSES, Member, MemberStatus, UnitMemberCount, is_current


class CountDeltas:
    """Accumulates (active, total) changes per unit id for one transaction."""

    def __init__(self) -> None:
        self._deltas: dict[int, list[int]] = defaultdict(lambda: [0, 0])

    def add(self, unit_id: int, status: str, sign: int = 1) -> None:
        """A record in `status` arrives at (sign=1) or leaves (sign=-1) unit `unit_id`."""
        if status == MemberStatus.MERGED:
            return
        delta = self._deltas[unit_id]
        delta[0] += sign if is_current(status) else 0
        delta[1] += sign

    def change_status(self, unit_id: int, old: str, new: str) -> None:
        self.add(unit_id, old, -1)
        self.add(unit_id, new, +1)

    def apply(self) -> None:
        counts_add({unit: (a, t) for unit, (a, t) in self._deltas.items()})
        self._deltas.clear()


def counts_add(deltas: dict[int, tuple[int, int]]) -> None:
    """Add (active, total) deltas to the units' rows, creating missing rows.

    Rows are updated with `F()` arithmetic in unit-id order: concurrent services never
    lose an increment and never deadlock on each other's rows.
    """
    deltas = {unit: d for unit, d in deltas.items() if d != (0, 0)}
    if not deltas:
        return
    existing = set(
        UnitMemberCount.objects.filter(unit_id__in=deltas).values_list("unit_id", flat=True)
    )
    missing = set(deltas) - existing
    if missing:
        paths = dict(Unit.objects.filter(pk__in=missing).values_list("pk", "path"))
        UnitMemberCount.objects.bulk_create(
            [UnitMemberCount(unit_id=unit, unit_path=paths[unit]) for unit in sorted(missing)],
            ignore_conflicts=True,
        )
    for unit, (active, total) in sorted(deltas.items()):
        UnitMemberCount.objects.filter(unit_id=unit).update(
            active=F("active") + active, total=F("total") + total
        )


@transaction.atomic
def counts_rebuild() -> int:
    """Recompute every unit's row from the member table. Returns the number of rows."""
    rows = (
        Member.objects.exclude(status=MemberStatus.MERGED)
        .values("unit_id", "unit__path")
        .annotate(
            active=Count("id", filter=Q(status__in=CURRENT_STATUSES)),
            total=Count("id"),
        )
        .order_by()
    )
    UnitMemberCount.objects.all().delete()
    UnitMemberCount.objects.bulk_create(
        (
            UnitMemberCount(
                unit_id=row["unit_id"],
                unit_path=row["unit__path"],
                active=row["active"],
                total=row["total"],
            )
            for row in rows
        ),
        batch_size=2000,
    )
    return UnitMemberCount.objects.count()
