"""Every read of organisation building, already scoped to what the actor may see."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.paths import ancestors_of, subtree_q
from chudong.members.models import CURRENT_STATUSES, Member, UnitMemberCount
from chudong.orgs.models import Unit, UnitStatus
from chudong.youth.models import Youth, YouthStatus

from .models import Into, Outcome, Referral

LIST_LIMIT = 200
CHOICE_LIMIT = 400
CHILD_LIMIT = 300

# Admission to the Đoàn is read from the youth record, which follows its admission case.
ADMITTED_Q = Q(into=Into.DOAN, youth__status=YouthStatus.ADMITTED)
JOINED_HOI_Q = Q(into=Into.HOI, outcome=Outcome.JOINED_HOI)
DECLINED_Q = Q(outcome=Outcome.DECLINED) & ~ADMITTED_Q


def access_referral(actor: Any, referral_id: Any, *, cap: Cap = Cap.WORK_VIEW) -> Referral:
    """The referral with what its page needs: 404 when missing or outside every unit the
    actor sees, 403 when seen without `cap`."""
    try:
        referral = Referral.objects.select_related(
            "member", "member__unit", "youth", "youth__member", "youth__unit", "unit",
            "recorded_by",
        ).get(pk=int(referral_id))  # fmt: skip
    except (Referral.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not policy.can_at_path(actor, Cap.UNITS_VIEW, referral.unit_path):
        raise Http404
    if not policy.can_at_path(actor, Cap.WORK_VIEW, referral.unit_path):
        raise PermissionDenied
    if cap != Cap.WORK_VIEW and not policy.can_at_path(actor, cap, referral.unit_path):
        raise PermissionDenied
    return referral


def access_youth(actor: Any, youth_id: Any) -> Youth:
    """A young person of the register for a referral page: 404 when missing or outside
    the actor's scope, 403 without care.view there."""
    try:
        youth = Youth.objects.select_related("unit", "unit__kind", "member").get(pk=int(youth_id))
    except (Youth.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not policy.can_at_path(actor, Cap.UNITS_VIEW, youth.unit_path):
        raise Http404
    if not policy.can_at_path(actor, Cap.CARE_VIEW, youth.unit_path):
        raise PermissionDenied
    return youth


def home_units(*, actor: Any) -> list[Unit]:
    roots = policy.visible_roots(actor, Cap.WORK_VIEW)
    return list(
        Unit.objects.filter(path__in=roots, status=UnitStatus.ACTIVE)
        .select_related("kind")
        .order_by("path")
    )


def grassroots_of(unit: Unit) -> Unit:
    """The grassroots union a branch belongs to (the branch itself for a chi đoàn cơ sở,
    the unit itself when none lies above)."""
    if unit.kind.is_grassroots:
        return unit
    found = (
        Unit.objects.filter(path__in=ancestors_of(unit.path), kind__is_grassroots=True)
        .order_by("-depth")
        .first()
    )
    return found or unit


def referral_list(*, actor: Any, unit: Unit, year: int) -> list[Referral]:
    """The referrals made in the subtree of `unit` in `year`, newest first (bounded)."""
    return list(
        Referral.objects.filter(subtree_q("unit_path", unit.path), year=year)
        .filter(policy.scope_q(actor, Cap.WORK_VIEW, "unit_path"))
        .select_related("member", "youth", "youth__member", "unit")
        .order_by("-referred_on", "-id")[:LIST_LIMIT]
    )


def member_referrals(*, member: Member, limit: int = 50) -> list[Referral]:
    return list(
        Referral.objects.filter(member=member)
        .select_related("youth", "youth__member", "unit")
        .order_by("-referred_on", "-id")[:limit]
    )


def youth_referrals(*, youth: Youth) -> list[Referral]:
    return list(
        Referral.objects.filter(youth=youth)
        .select_related("member", "unit")
        .order_by("-referred_on", "-id")[:20]
    )


def _bounded(queryset: QuerySet, *related: str) -> QuerySet:
    """The first CHOICE_LIMIT rows as an unsliced queryset (a form validates a posted
    choice by filtering its queryset, which a sliced one refuses)."""
    ids = list(queryset.values_list("pk", flat=True)[:CHOICE_LIMIT])
    rows = queryset.model.objects.filter(pk__in=ids).order_by(*queryset.query.order_by)
    return rows.select_related(*related) if related else rows


def youth_choices(*, actor: Any, member: Member) -> QuerySet[Youth]:
    """Young people a member may introduce: of the register of the member's grassroots
    union that the actor sees, not yet admitted (the first CHOICE_LIMIT by name)."""
    root = grassroots_of(member.unit)
    return _bounded(
        Youth.objects.filter(subtree_q("unit_path", root.path))
        .filter(policy.scope_q(actor, Cap.CARE_VIEW, "unit_path"))
        .exclude(status__in=[YouthStatus.ADMITTED, YouthStatus.MOVED_AWAY])
        .order_by("sort_key", "id")
    )


def member_choices(*, actor: Any, youth: Youth) -> QuerySet[Member]:
    """Members who may have introduced `youth`: current members of the grassroots union
    of the youth's unit, where the actor records work (the first CHOICE_LIMIT)."""
    root = grassroots_of(youth.unit)
    return _bounded(
        Member.objects.filter(
            subtree_q("unit_path", root.path),
            status__in=CURRENT_STATUSES,
            merged_into__isnull=True,
        )
        .filter(policy.scope_q(actor, Cap.WORK_MANAGE, "unit_path"))
        .order_by("sort_key", "id"),
        "unit",
    )


def founding_member_choices(*, actor: Any, parent: Unit) -> QuerySet[Member]:
    """Current members of the parent's subtree the actor manages (the first CHOICE_LIMIT)."""
    return _bounded(
        Member.objects.filter(
            subtree_q("unit_path", parent.path),
            status__in=CURRENT_STATUSES,
            merged_into__isnull=True,
        )
        .filter(policy.scope_q(actor, Cap.MEMBERS_MANAGE, "unit_path"))
        .order_by("sort_key", "id"),
        "unit",
    )


# --- Figures: the yearly 1+1 ratio, rolled up the tree ---------------------------------


@dataclass
class Figures:
    unit: Unit
    members: int = 0
    referrers: int = 0
    referrals: int = 0
    admitted: int = 0
    joined_hoi: int = 0
    declined: int = 0

    @property
    def pending(self) -> int:
        return self.referrals - self.admitted - self.joined_hoi - self.declined

    @property
    def ratio(self) -> Decimal | None:
        """Members who introduced at least one young person, per 100 members."""
        if not self.members:
            return None
        return (Decimal(100) * self.referrers / self.members).quantize(Decimal("0.1"))

    @property
    def ratio_step(self) -> int:
        """The ratio rounded to a 5% step, for the CSS bar (no inline styles)."""
        ratio = self.ratio or Decimal(0)
        return min(100, int(ratio / 5) * 5)


def _ranges(units: list[Unit]) -> Q:
    return reduce(or_, (subtree_q("unit_path", u.path) for u in units), Q(pk__in=[]))


def _sum_by_prefix(units: list[Unit], rows: list[tuple]) -> dict[int, list[int]]:
    """rows are (unit_path, n1, n2, ...); each unit gets the sums over its subtree."""
    rows = sorted(rows)
    paths = [row[0] for row in rows]
    width = len(rows[0]) - 1 if rows else 0
    sums: dict[int, list[int]] = {}
    for unit in units:
        lo = bisect.bisect_left(paths, unit.path)
        hi = bisect.bisect_left(paths, unit.path + "~")
        sums[unit.pk] = [sum(rows[i][k + 1] for i in range(lo, hi)) for k in range(width)]
    return sums


def figures_many(*, units: list[Unit], year: int) -> dict[int, Figures]:
    """The 1+1 figures of `year` for the subtree of each unit: two grouped queries, one on
    the referrals (range on unit_path, year) and one on the maintained member counts.

    A member counts once per branch: one who introduced people from two branches in the
    same year (having moved between them) counts in each.
    """
    if not units:
        return {}
    ranges = _ranges(units)
    rows = list(
        Referral.objects.filter(ranges, year=year)
        .order_by()
        .values("unit_path")
        .annotate(
            referrers=Count("member", distinct=True),
            referrals=Count("pk"),
            admitted=Count("pk", filter=ADMITTED_Q),
            joined_hoi=Count("pk", filter=JOINED_HOI_Q),
            declined=Count("pk", filter=DECLINED_Q),
        )
        .values_list("unit_path", "referrers", "referrals", "admitted", "joined_hoi", "declined")
    )
    counted = _sum_by_prefix(units, rows)
    members = _sum_by_prefix(
        units,
        list(UnitMemberCount.objects.filter(_ranges(units)).values_list("unit_path", "active")),
    )
    result = {}
    for unit in units:
        referrers, referrals, admitted, joined_hoi, declined = counted[unit.pk] or [0] * 5
        result[unit.pk] = Figures(
            unit=unit, members=(members[unit.pk] or [0])[0], referrers=referrers,
            referrals=referrals, admitted=admitted, joined_hoi=joined_hoi, declined=declined,
        )  # fmt: skip
    return result


def unit_figures(*, actor: Any, unit: Unit, year: int) -> tuple[Figures, list[Figures]]:
    """The unit's own figures and those of each sub-unit the actor sees (bounded)."""
    children = list(
        Unit.objects.filter(parent=unit, status=UnitStatus.ACTIVE)
        .filter(policy.scope_q(actor, Cap.WORK_VIEW))
        .select_related("kind")
        .order_by("kind__order", "sort_key")[:CHILD_LIMIT]
    )
    figures = figures_many(units=[unit, *children], year=year)
    return figures[unit.pk], [figures[c.pk] for c in children]


def this_year() -> int:
    return timezone.localdate().year


# --- Plans measures ------------------------------------------------------------------


def measure_referrals(units: list, year: int) -> dict[int, Decimal]:
    """Plans measure: young people introduced by members in the year (1+1)."""
    return {pk: Decimal(f.referrals) for pk, f in figures_many(units=units, year=year).items()}


def measure_admitted(units: list, year: int) -> dict[int, Decimal]:
    """Plans measure: young people introduced in the year and since admitted to the Đoàn."""
    return {pk: Decimal(f.admitted) for pk, f in figures_many(units=units, year=year).items()}


def measure_ratio(units: list, year: int) -> dict[int, Decimal]:
    """Plans measure (share): members who introduced at least one young person, in %."""
    return {pk: f.ratio or Decimal(0) for pk, f in figures_many(units=units, year=year).items()}


def figure_ratio(unit: Unit) -> Decimal | None:
    """Unit page figure: this year's 1+1 ratio (%)."""
    return figures_many(units=[unit], year=this_year())[unit.pk].ratio


def figure_ratio_many(units: list[Unit]) -> dict[int, Decimal | None]:
    return {pk: f.ratio for pk, f in figures_many(units=units, year=this_year()).items()}
