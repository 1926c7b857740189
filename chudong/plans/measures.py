"""Measures: progress of a target computed from work recorded elsewhere in chudong.

An app contributes one with `register_measure(Measure(...))`; `compute_many(units, year)`
returns {unit_id: value} for the subtree of each unit in ONE query (a range on unit_path
per unit, grouped by unit_path, then summed per unit in Python). `kind` says how a parent
target aggregates: "count" targets sum their children, "share" targets (percentages) are
computed at the parent's own unit.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chudong.core.paths import STEP_WIDTH, subtree_q

COUNT = "count"
SHARE = "share"


@dataclass(frozen=True)
class Measure:
    key: str
    label: Any
    unit_label: Any
    compute_many: Callable[[list, int], dict[int, Decimal]]
    kind: str = COUNT


_measures: dict[str, Measure] = {}


def register_measure(measure: Measure) -> None:
    _measures[measure.key] = measure


def get(key: str) -> Measure | None:
    return _measures.get(key)


def all_measures() -> list[Measure]:
    return sorted(_measures.values(), key=lambda m: str(m.label))


def choices() -> list[tuple[str, Any]]:
    return [("", _("Entered by hand"))] + [(m.key, m.label) for m in all_measures()]


RANGES_MAX = 30


def ranges_q(field: str, units: Iterable[Any]) -> Q:
    """One condition: rows in the subtree of any of the units. Beyond RANGES_MAX units (a
    province's target taken up by thousands of grassroots unions) it is the subtree of
    their nearest common ancestor instead: PostgreSQL plans an OR of 3,700 ranges over a
    ratings table of millions as a scan of minutes (measured at scale 1), while the
    ancestor's one range reads each row once; sum_by_prefix then keeps only the units'
    own subtrees."""
    units = list(units)
    if len(units) <= RANGES_MAX:
        return reduce(or_, (subtree_q(field, u.path) for u in units), Q(pk__in=[]))
    first, last = min(u.path for u in units), max(u.path for u in units)
    steps = 0  # whole path steps shared by the first and the last path (so by all)
    while (steps + 1) * STEP_WIDTH <= min(len(first), len(last)) and (
        first[: (steps + 1) * STEP_WIDTH] == last[: (steps + 1) * STEP_WIDTH]
    ):
        steps += 1
    return subtree_q(field, first[: steps * STEP_WIDTH])


def sum_by_prefix(units: Iterable[Any], rows: Iterable[tuple[str, Any]]) -> dict[int, Decimal]:
    """rows are (unit_path, amount); each unit gets the sum of the rows in its subtree."""
    ordered = sorted(rows)
    paths = [p for p, _n in ordered]
    result: dict[int, Decimal] = {}
    for unit in units:
        lo = bisect.bisect_left(paths, unit.path)
        hi = bisect.bisect_left(paths, unit.path + "~")
        result[unit.pk] = Decimal(sum((ordered[i][1] for i in range(lo, hi)), 0))
    return result


def count_by_path(queryset, units: list) -> dict[int, Decimal]:
    """Counts of `queryset` rows in the subtree of each unit, in one grouped query."""
    if not units:
        return {}
    rows = (
        queryset.filter(ranges_q("unit_path", units))
        .order_by()
        .values("unit_path")
        .annotate(n=Count("pk"))
        .values_list("unit_path", "n")
    )
    return sum_by_prefix(units, rows)


# --- Providers reading other apps' models (read only) ---------------------------------


def admitted(units: list, year: int) -> dict[int, Decimal]:
    from chudong.members.models import Member, MemberStatus

    queryset = Member.objects.filter(
        admission_date__gte=dt.date(year, 1, 1), admission_date__lt=dt.date(year + 1, 1, 1)
    ).exclude(status=MemberStatus.MERGED)
    return count_by_path(queryset, units)


def rated(units: list, year: int) -> dict[int, Decimal]:
    from chudong.ratings.models import MemberRating

    return count_by_path(MemberRating.objects.filter(year=year), units)


def _year_span(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def projects(units: list, year: int) -> dict[int, Decimal]:
    from chudong.activities.models import Activity, ActivityState

    start, end = _year_span(year)
    queryset = Activity.objects.filter(is_project=True, starts_at__gte=start, starts_at__lt=end)
    return count_by_path(queryset.exclude(state=ActivityState.CANCELLED), units)


def activities_done(units: list, year: int) -> dict[int, Decimal]:
    from chudong.activities.models import Activity, ActivityState

    start, end = _year_span(year)
    queryset = Activity.objects.filter(
        is_project=False, state=ActivityState.DONE, starts_at__gte=start, starts_at__lt=end
    )
    return count_by_path(queryset, units)


def regular_branches(units: list, year: int) -> dict[int, Decimal]:
    """Percentage of the branches (with a meeting schedule for the year) that have held a
    meeting in every period owed so far: no gap that has already ended."""
    from chudong.meetings.models import MeetingYear

    if not units:
        return {}
    today = timezone.localdate()
    rows = list(
        MeetingYear.objects.filter(ranges_q("unit_path", units), year=year)
        .order_by()
        .values("unit_path")
        .annotate(
            total=Count("pk"),
            ok=Count("pk", filter=Q(first_gap_end__isnull=True) | Q(first_gap_end__gte=today)),
        )
        .values_list("unit_path", "total", "ok")
    )
    totals = sum_by_prefix(units, [(p, t) for p, t, _o in rows])
    oks = sum_by_prefix(units, [(p, o) for p, _t, o in rows])
    return {
        pk: (Decimal(100) * oks[pk] / totals[pk]).quantize(Decimal("0.1")) if totals[pk] else
        Decimal(0)
        for pk in totals
    }  # fmt: skip


def register_defaults() -> None:
    register_measure(Measure("members.admitted", _("New members admitted in the year"),
                             _("members"), admitted))  # fmt: skip
    register_measure(Measure("ratings.rated", _("Members rated in the year"), _("members"),
                             rated))  # fmt: skip
    register_measure(Measure("activities.projects", _("Youth projects in the year"),
                             _("projects"), projects))  # fmt: skip
    register_measure(Measure("activities.done", _("Activities held in the year"),
                             _("activities"), activities_done))  # fmt: skip
    register_measure(Measure("meetings.regular", _("Branches meeting regularly (%)"), "%",
                             regular_branches, kind=SHARE))  # fmt: skip
