"""How members follow a restructuring of the unit tree (registered in MembersConfig.ready).

The orgs services call these inside their own transaction, after authorising the
restructuring (units.restructure above the units): the members of a merged or split
branch are re-registered in the resulting unit from the effective date, and a subtree
move rewrites the stored unit paths in one statement.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from chudong.core.paths import ancestors_of, subtree_q
from chudong.orgs.models import Restructuring, Unit
from chudong.orgs.registry import ContentItem

from .. import events
from ..models import (
    CURRENT_STATUSES,
    Member,
    MemberEvent,
    MemberStatus,
    MemberUnitPeriod,
    UnitMemberCount,
    UnitPeriodReason,
)
from .counts import CountDeltas, subtree_refresh


def _title(restructuring: Restructuring, source: Unit, target: Unit) -> str:
    return _("%(kind)s: %(old)s → %(new)s") % {
        "kind": restructuring.get_kind_display(),
        "old": source.name,
        "new": target.name,
    }


def move_members(
    *, source: Unit, target: Unit, restructuring: Restructuring, ids: list[int] | None = None
) -> int:
    """Re-register the members of `source` (all, or those in `ids`) in `target`.

    Current members get a new unit period from the effective date and a timeline event;
    the records of former members (matured, struck off...) simply follow the register.
    A current member whose period began on or after the effective date (the decision was
    recorded late) has that period re-pointed instead, as they in fact joined `target`.
    """
    records = Member.objects.filter(unit=source).exclude(status=MemberStatus.MERGED)
    if ids is not None:
        records = records.filter(pk__in=ids)
    rows = list(records.values_list("pk", "status"))
    if not rows:
        return 0
    all_ids = [pk for pk, _status in rows]
    current = [pk for pk, status in rows if status in CURRENT_STATUSES]
    day = restructuring.effective_on
    open_periods = MemberUnitPeriod.objects.filter(member_id__in=current, end__isnull=True)
    open_periods.filter(start__gte=day).update(unit=target)
    ended = list(open_periods.filter(start__lt=day).values_list("member_id", flat=True))
    open_periods.filter(member_id__in=ended).update(end=day)
    note = restructuring.decision_number
    MemberUnitPeriod.objects.bulk_create(
        [
            MemberUnitPeriod(
                member_id=pk,
                unit=target,
                start=day,
                reason=UnitPeriodReason.RESTRUCTURED,
                note=note,
            )
            for pk in ended
        ]
    )
    Member.objects.filter(pk__in=all_ids).update(unit=target, unit_path=target.path)
    source_type = ContentType.objects.get_for_model(Restructuring)
    title = _title(restructuring, source, target)
    MemberEvent.objects.bulk_create(
        [
            MemberEvent(
                member_id=pk,
                kind=events.RESTRUCTURED,
                date=day,
                title=title,
                detail=note,
                unit=target,
                actor=restructuring.actor,
                source_type=source_type,
                source_id=restructuring.pk,
            )
            for pk in current
        ]
    )
    deltas = CountDeltas()
    for _pk, status in rows:
        deltas.add(source.pk, status, -1)
        deltas.add(target.pk, status, +1)
    deltas.apply()
    return len(rows)


def repath_members(*, old_prefix: str, new_prefix: str) -> int:
    """A subtree moved: rewrite the unit path copies on member and count rows (one UPDATE
    each, like orgs.services._repath_subtree)."""
    cut = len(old_prefix) + 1
    moved = Member.objects.filter(subtree_q("unit_path", old_prefix)).update(
        unit_path=Concat(Value(new_prefix), Substr("unit_path", cut))
    )
    UnitMemberCount.objects.filter(subtree_q("unit_path", old_prefix)).update(
        unit_path=Concat(Value(new_prefix), Substr("unit_path", cut))
    )
    # The moved rows' depths, and the subtree figures that lost or gained them.
    subtree_refresh(within=new_prefix, paths=ancestors_of(old_prefix) + ancestors_of(new_prefix))
    return moved


class MemberContent:
    """orgs.registry.UnitContent for the member register."""

    key = "members"

    def label(self) -> str:
        return _("members")

    def count(self, unit: Unit) -> int:
        return (
            UnitMemberCount.objects.filter(unit=unit).values_list("active", flat=True).first() or 0
        )

    def items(self, unit: Unit) -> list[ContentItem]:
        members = (
            Member.objects.filter(unit=unit, status__in=CURRENT_STATUSES)
            .only("id", "full_name", "date_of_birth", "birth_year_only")
            .order_by("sort_key", "id")
        )
        return [ContentItem(m.pk, m.split_label()) for m in members]

    def move_all(self, *, source: Unit, target: Unit, restructuring: Restructuring) -> int:
        return move_members(source=source, target=target, restructuring=restructuring)

    def move_items(
        self, *, ids: list[int], source: Unit, target: Unit, restructuring: Restructuring
    ) -> int:
        return move_members(source=source, target=target, restructuring=restructuring, ids=ids)

    def repath(self, *, old_prefix: str, new_prefix: str) -> int:
        return repath_members(old_prefix=old_prefix, new_prefix=new_prefix)
