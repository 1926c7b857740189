"""Reads of criterion 3.3: candidates suggested from the ratings, the introductions of a
subtree, and the yearly figures (chosen, introduced, admitted) that roll up the tree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, Max, OuterRef, Q

from chudong.access.capabilities import Cap
from chudong.core.paths import subtree_q
from chudong.core.sql import cursor as prepared_cursor
from chudong.core.sql import statement
from chudong.members.models import CURRENT_STATUSES, Member, PartyStatus
from chudong.orgs.models import Unit, UnitStatus
from chudong.orgs.selectors import subtree_bounds
from chudong.ratings.models import MemberRating

from ..models import Outcome, PartyIntroduction
from .cadres import _visible_row

LIST_LIMIT = 200
CANDIDATE_LIMIT = 100
EXCELLENT = "excellent"  # the rating level code of "Hoàn thành xuất sắc nhiệm vụ"


def access_introduction(actor: Any, row_id: Any, *, cap: Cap = Cap.ADVISORY_VIEW):
    """404 when missing or out of scope, 403 when seen without `cap`."""
    return _visible_row(
        PartyIntroduction, actor, row_id, cap, ("unit", "unit__kind", "member", "member__unit")
    )


def _year_q(field_name: str, year: int) -> Q:
    return Q(
        **{f"{field_name}__gte": dt.date(year, 1, 1), f"{field_name}__lt": dt.date(year + 1, 1, 1)}
    )


@dataclass(frozen=True)
class Figures:
    unit: Unit
    chosen: int
    introduced: int
    admitted: int


def party_figures(*, unit: Unit, year: int) -> tuple[Figures, list[Figures]]:
    """Figures of `year` for the unit's whole subtree and for each active direct sub-unit's
    subtree: members chosen, introduced (letter dated that year) and admitted (admission
    dated that year). One query over the subtree's path range."""
    children = list(
        Unit.objects.filter(parent=unit, status=UnitStatus.ACTIVE)
        .select_related("kind")
        .order_by("path")
    )
    chosen, letter = _year_q("chosen_on", year), _year_q("letter_on", year)
    admitted = _year_q("outcome_on", year) & Q(outcome=Outcome.ADMITTED)
    aggregates = {}
    for key, node in [("all", unit)] + [(f"u{c.pk}", c) for c in children]:
        within = subtree_q("unit_path", node.path)
        aggregates[f"{key}_c"] = Count("pk", filter=within & chosen)
        aggregates[f"{key}_i"] = Count("pk", filter=within & letter)
        aggregates[f"{key}_a"] = Count("pk", filter=within & admitted)
    row = PartyIntroduction.objects.filter(
        subtree_q("unit_path", unit.path), chosen | letter | admitted
    ).aggregate(**aggregates)

    def figures(key: str, node: Unit) -> Figures:
        return Figures(node, row[f"{key}_c"] or 0, row[f"{key}_i"] or 0, row[f"{key}_a"] or 0)

    return figures("all", unit), [figures(f"u{c.pk}", c) for c in children]


def introduction_list(*, unit: Unit, year: int) -> list[PartyIntroduction]:
    """The subtree's introductions still open, and those chosen or closed in `year`."""
    rows = (
        PartyIntroduction.objects.filter(subtree_q("unit_path", unit.path))
        .filter(
            Q(outcome=Outcome.PENDING) | _year_q("chosen_on", year) | _year_q("outcome_on", year)
        )
        .select_related("member", "unit")
        .order_by("-chosen_on", "-pk")[:LIST_LIMIT]
    )
    # Those still on the way first, then the closed ones; newest first in each.
    return sorted(rows, key=lambda row: row.outcome != Outcome.PENDING)


@dataclass(frozen=True)
class Candidate:
    member: Member
    excellent_years: list[int]


def candidates(*, unit: Unit, day: dt.date, years: int = 2) -> list[Candidate]:
    """Members to consider as outstanding (đoàn viên ưu tú): current members of the
    subtree, not in the Party nor already on the way, rated "excellent" (approved) in at
    least one of the last `years` rating years. Most excellent years first (two queries)."""
    first = day.year - years
    on_the_way = PartyIntroduction.objects.filter(
        member=OuterRef("member_id"), outcome__in=[Outcome.PENDING, Outcome.ADMITTED]
    )
    rated = (
        MemberRating.objects.filter(
            subtree_q("member__unit_path", unit.path),
            year__gte=first,
            year__lte=day.year,
            level=EXCELLENT,
            approved=True,
            member__status__in=CURRENT_STATUSES,
            member__party_status=PartyStatus.NONE,
        )
        .exclude(Exists(on_the_way))
        .values("member_id")
        .annotate(n=Count("pk"), last=Max("year"))
        .order_by("-n", "-last", "member_id")[:CANDIDATE_LIMIT]
    )
    counts = {row["member_id"]: row for row in rated}
    if not counts:
        return []
    years_of: dict[int, list[int]] = {}
    for member_id, year in MemberRating.objects.filter(
        member_id__in=counts, year__gte=first, level=EXCELLENT, approved=True
    ).values_list("member_id", "year"):
        years_of.setdefault(member_id, []).append(year)
    members = Member.objects.filter(pk__in=counts).select_related("unit")
    result = [Candidate(m, sorted(years_of.get(m.pk, []), reverse=True)) for m in members]
    result.sort(
        key=lambda c: (-len(c.excellent_years), -max(c.excellent_years or [0]), c.member.sort_key)
    )
    return result


def member_excellent_years(member: Member, day: dt.date, years: int = 3) -> list[int]:
    return sorted(
        MemberRating.objects.filter(
            member=member, year__gte=day.year - years, level=EXCELLENT, approved=True
        ).values_list("year", flat=True),
        reverse=True,
    )


def admitted_this_year(unit: Unit) -> int:
    """Unit figure: members of the subtree admitted to the Party this calendar year (the
    unit page's one unit: a statement written once per process)."""
    from django.utils import timezone

    year = timezone.localdate().year
    query = (
        "SELECT COUNT(*) FROM {introduction} WHERE unit_path >= %s AND unit_path < %s"
        " AND outcome_on >= %s AND outcome_on < %s AND outcome = %s"
    )
    days = [connection.ops.adapt_datefield_value(dt.date(y, 1, 1)) for y in (year, year + 1)]
    params = [*subtree_bounds(unit.path), *days, Outcome.ADMITTED.value]
    with prepared_cursor() as cursor:
        cursor.execute(statement(query, introduction=PartyIntroduction), params)
        return cursor.fetchone()[0]


def admitted_this_year_many(units: list[Unit]) -> dict[int, int]:
    """The same figure for many units in one query (conditional counts)."""
    from django.utils import timezone

    if not units:
        return {}
    year = timezone.localdate().year
    either = Q()
    counts = {}
    for node in units:
        within = subtree_q("unit_path", node.path)
        either |= within
        counts[f"u{node.pk}"] = Count("pk", filter=within)
    row = PartyIntroduction.objects.filter(
        either, _year_q("outcome_on", year), outcome=Outcome.ADMITTED
    ).aggregate(**counts)
    return {node.pk: row[f"u{node.pk}"] or 0 for node in units}
