"""Counts behind this app's early warnings (registered with orgs.registry): each returns
{unit id: cases in that unit's subtree} for several units in a few indexed queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Exists, F, OuterRef, QuerySet
from django.db.models.functions import Substr

from chudong.core.paths import STEP_WIDTH, subtree_q
from chudong.members.models import CURRENT_STATUSES, Member
from chudong.orgs.models import Unit
from chudong.orgs.selectors import count_in_subtrees
from chudong.rules import rules

from ..models import OPEN_STATUSES, MaturationKeep, Transfer, TransferStatus
from .maturation import leadership_or_full_time


def transfers_waiting(units: list[Unit], day: dt.date) -> dict[int, int]:
    """Cases introduced to a receiving unit in each subtree, not yet answered."""
    waiting = Transfer.objects.filter(status=TransferStatus.IN_TRANSIT)
    return count_in_subtrees(units, waiting, "to_path")


def _siblings(units: list[Unit]) -> bool:
    return len(units) > 1 and len({u.parent_id for u in units}) == 1 and units[0].parent_id


def _incoming_from_outside(units: list[Unit], cases: QuerySet) -> dict[int, int]:
    """Cases whose receiving unit lies in each subtree but whose sending branch does not
    (those are counted once, on the sending side)."""
    if _siblings(units):
        parent_path = units[0].path[:-STEP_WIDTH]
        cut = len(parent_path) + STEP_WIDTH
        rows = (
            cases.filter(subtree_q("to_path", parent_path, include_self=False))
            .annotate(_to=Substr("to_path", 1, cut), _from=Substr("from_path", 1, cut))
            .exclude(_from=F("_to"))
            .values("_to")
            .annotate(_n=Count("pk"))
        )
        by_prefix = {row["_to"]: row["_n"] for row in rows}
        return {u.pk: by_prefix.get(u.path, 0) for u in units}
    return {
        u.pk: cases.filter(subtree_q("to_path", u.path))
        .exclude(subtree_q("from_path", u.path))
        .count()
        for u in units
    }


def transfers_stuck(units: list[Unit], day: dt.date) -> dict[int, int]:
    """Undecided cases past their deadline, on either side of each subtree."""
    late = Transfer.objects.filter(status__in=OPEN_STATUSES, deadline_on__lt=day)
    sent = count_in_subtrees(units, late, "from_path")
    received = _incoming_from_outside(units, late.filter(status=TransferStatus.IN_TRANSIT))
    return {u.pk: sent.get(u.pk, 0) + received.get(u.pk, 0) for u in units}


def past_maturation_queryset(day: dt.date, age: int) -> QuerySet:
    """Current members who reached `age` before the year of `day`, not kept on request
    and holding no leadership or full-time Union role. Born before a date: a range on
    the (date_of_birth, unit_path) index."""
    born_before = dt.date(day.year - age, 1, 1)
    kept = MaturationKeep.objects.filter(
        member=OuterRef("pk"), ended_on__isnull=True, decided_on__lte=day, until__gte=day
    )
    return (
        Member.objects.filter(status__in=CURRENT_STATUSES, date_of_birth__lt=born_before)
        .exclude(Exists(kept))
        .exclude(leadership_or_full_time(day))
    )


def members_past_maturation(units: list[Unit], day: dt.date) -> dict[int, int]:
    """Warning counts; the maturation age is read per unit (a province may issue its
    own), and units that share it are counted together."""
    by_age: dict[int, list[Unit]] = defaultdict(list)
    for unit in units:
        by_age[int(rules.get("maturation.age", on=day, unit=unit))].append(unit)
    result: dict[int, int] = {}
    for age, group in by_age.items():
        result.update(count_in_subtrees(group, past_maturation_queryset(day, age), "unit_path"))
    return result
