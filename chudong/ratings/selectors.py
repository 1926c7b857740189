"""Reads of the annual rating and the Rèn luyện programme, scoped to what the actor sees."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.paths import STEP_WIDTH, subtree_q
from chudong.members.models import (
    CURRENT_STATUSES,
    Member,
    MemberStatus,
    MemberStatusPeriod,
    MemberUnitPeriod,
)
from chudong.orgs.models import Unit, UnitStatus
from chudong.orgs.selectors import count_in_subtrees

from . import grounds
from .eligibility import Eligibility, eligibility, eligible_q, reference_day
from .levels import (
    LevelSet,
    excellent_min_participation,
    excellent_needs_training,
    min_months_in_unit,
    rating_levels,
    training_result_label,
    training_results,
)
from .models import MemberRating, RatingKind, RatingSheet, SheetState, TrainingRegistration

FIRST_YEAR = 2000
BRANCH_LIST_LIMIT = 400


def year_is_valid(year: int, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return FIRST_YEAR <= year <= today.year


def default_year(today: dt.date | None = None) -> int:
    """The rating year a page opens on: the current year from October (when branches rate),
    else the year just ended (approvals run into the new year)."""
    today = today or timezone.localdate()
    return today.year if today.month >= 10 else today.year - 1


def grassroots_of(unit: Unit) -> Unit | None:
    """The grassroots union a branch belongs to: its nearest ancestor of a grassroots kind
    (for a chi đoàn cơ sở, itself). Reads the ancestors in one query."""
    if unit.kind.is_grassroots:
        return unit
    from chudong.core.paths import ancestors_of

    ancestors = Unit.objects.filter(path__in=ancestors_of(unit.path)).select_related("kind")
    best = None
    for ancestor in sorted(ancestors, key=lambda u: u.path):
        if ancestor.kind.is_grassroots:
            best = ancestor
    return best


def approver_unit(branch: Unit) -> Unit | None:
    """Who approves a branch's rating: its grassroots union; for a chi đoàn cơ sở (itself
    grassroots), its direct upper unit."""
    if branch.kind.is_grassroots:
        return branch.parent
    return grassroots_of(branch)


def may_approve(actor: Any, branch: Unit) -> bool:
    """members.decide over the branch is held only above it; the grant must also cover the
    approving unit, so a federated branch's secretary between them does not approve."""
    approving = approver_unit(branch)
    return (
        approving is not None
        and policy.can(actor, Cap.MEMBERS_DECIDE, branch)
        and policy.can(actor, Cap.MEMBERS_MANAGE, approving)
    )


# --- the one-screen sheet -----------------------------------------------------------


@dataclass
class SheetRow:
    member: Member
    eligibility: Eligibility
    rating: MemberRating | None
    training: TrainingRegistration | None
    participation: grounds.Participation | None = None
    fields: dict[str, Any] = field(default_factory=dict)  # bound form fields, set by the view

    @property
    def training_label(self) -> str:
        return training_result_label(self.training.result) if self.training else ""


@dataclass
class Sheet:
    unit: Unit
    year: int
    levels: LevelSet
    sheet: RatingSheet | None
    rows: list[SheetRow]
    min_months: int
    needs_training: bool
    best_training: str
    min_participation: Any
    has_participation: bool

    @property
    def state(self) -> str:
        return self.sheet.state if self.sheet else SheetState.DRAFT

    @property
    def version(self) -> int:
        return self.sheet.version if self.sheet else 0

    @property
    def rateable(self) -> list[SheetRow]:
        return [r for r in self.rows if r.eligibility.rateable]

    @property
    def not_rated(self) -> list[SheetRow]:
        return [r for r in self.rows if not r.eligibility.rateable]

    @property
    def level_counts(self) -> list[tuple[str, int]]:
        """(level name, members) of the saved results, best first, for the approver."""
        saved = [r.rating.level for r in self.rateable if r.rating and r.rating.level]
        return [(lv.label, saved.count(lv.code)) for lv in self.levels.levels if lv.code in saved]

    @property
    def missing(self) -> list[SheetRow]:
        """Rows the branch still has to fill before submitting."""
        return [
            r
            for r in self.rateable
            if r.rating is None or (r.eligibility.status == "review" and not r.rating.comment)
        ]


def branch_members_on(unit: Unit, day: dt.date) -> QuerySet[Member]:
    """Records registered in `unit` on `day` (from the unit periods; one query)."""
    periods = MemberUnitPeriod.objects.filter(unit=unit, start__lte=day).filter(
        Q(end__isnull=True) | Q(end__gt=day)
    )
    return (
        Member.objects.filter(pk__in=periods.values("member_id"))
        .exclude(status=MemberStatus.MERGED)
        .order_by("sort_key", "pk")
    )


def build_sheet(*, unit: Unit, year: int, today: dt.date | None = None) -> Sheet:
    """The branch's sheet for `year`: every member registered in it on the reference day,
    with eligibility, the saved rating, the Rèn luyện result and participation. A fixed
    number of queries whatever the branch's size. No access check: callers have one."""
    today = today or timezone.localdate()
    day = reference_day(year, today)
    members = list(
        branch_members_on(unit, day).only(
            "id",
            "full_name",
            "sort_key",
            "status",
            "party_status",
            "party_date",
            "date_of_birth",
            "birth_year_only",
            "unit_id",
            "unit_path",
        )
    )
    ids = [m.pk for m in members]
    unit_periods: dict[int, list] = {pk: [] for pk in ids}
    # order_by: the models' default order (by member) would join the member table.
    for period in (
        MemberUnitPeriod.objects.filter(member_id__in=ids)
        .only("member_id", "start", "end", "reason")
        .order_by("member_id", "start")
    ):
        unit_periods[period.member_id].append(period)
    status_periods: dict[int, list] = {pk: [] for pk in ids}
    for period in (
        MemberStatusPeriod.objects.filter(member_id__in=ids)
        .only("member_id", "start", "end", "status")
        .order_by("member_id", "start")
    ):
        status_periods[period.member_id].append(period)
    ratings = {
        r.member_id: r for r in MemberRating.objects.filter(member_id__in=ids, year=year).order_by()
    }
    training = {
        t.member_id: t
        for t in TrainingRegistration.objects.filter(member_id__in=ids, year=year).order_by()
    }
    participation = grounds.participation(ids, year, unit)
    min_months = min_months_in_unit(year, unit)
    rows = [
        SheetRow(
            member=member,
            eligibility=eligibility(
                member=member,
                year=year,
                today=today,
                min_months=min_months,
                unit_periods=unit_periods[member.pk],
                status_periods=status_periods[member.pk],
            ),
            rating=ratings.get(member.pk),
            training=training.get(member.pk),
            participation=participation.get(member.pk) if participation is not None else None,
        )
        for member in members
    ]
    results = _training_results_or_empty(year, unit)
    return Sheet(
        unit=unit,
        year=year,
        levels=rating_levels(year, unit),
        sheet=RatingSheet.objects.filter(unit=unit, year=year)
        .select_related("submitted_by", "approved_by")
        .first(),
        rows=rows,
        min_months=min_months,
        needs_training=excellent_needs_training(year, unit),
        best_training=results[0][0] if results else "",
        min_participation=excellent_min_participation(year, unit),
        has_participation=participation is not None,
    )


def _training_results_or_empty(year: int, unit: Unit) -> list[tuple[str, str]]:
    try:
        return training_results(year, unit)
    except LookupError:
        return []


def rating_sheet(*, actor: Any, unit: Unit, year: int) -> Sheet:
    """The sheet of branch `unit` for a reader with members.view over it."""
    policy.require(actor, Cap.MEMBERS_VIEW, unit)
    return build_sheet(unit=unit, year=year)


def sheet_of(*, unit: Unit, year: int) -> RatingSheet | None:
    return RatingSheet.objects.filter(unit=unit, year=year).select_related("approved_by").first()


@dataclass
class BranchState:
    unit: Unit
    state: str | None
    rated: int


def branch_states(*, actor: Any, unit: Unit, year: int) -> list[BranchState]:
    """Active branches under `unit` (at most BRANCH_LIST_LIMIT) with their sheet's state
    for `year` and how many members it rated: three queries."""
    policy.require(actor, Cap.MEMBERS_VIEW, unit)
    branches = list(
        Unit.objects.filter(subtree_q("path", unit.path), status=UnitStatus.ACTIVE)
        .filter(kind__is_branch=True)
        .select_related("parent")
        .only("id", "name", "path", "parent__name")
        .order_by("path")[:BRANCH_LIST_LIMIT]
    )
    ids = [b.pk for b in branches]
    states = dict(
        RatingSheet.objects.filter(unit_id__in=ids, year=year).values_list("unit_id", "state")
    )
    counts = dict(
        MemberRating.objects.filter(sheet__unit_id__in=ids, year=year)
        .values("sheet__unit_id")
        .annotate(n=Count("pk"))
        .values_list("sheet__unit_id", "n")
    )
    return [BranchState(b, states.get(b.pk), counts.get(b.pk, 0)) for b in branches]


# --- roll-up summary -----------------------------------------------------------------


@dataclass
class SummaryRow:
    unit: Unit | None
    label: str
    counts: dict[str, int]
    reviewed: int = 0
    pending: int = 0
    unrated: int = 0
    branches: int = 0
    branches_approved: int = 0
    counts_list: list[int] = field(default_factory=list)  # in the order of the year's levels
    share_text: str = "—"

    @property
    def rated(self) -> int:
        return sum(self.counts.values())

    def good_and_above(self, levels: LevelSet) -> int:
        return sum(self.counts.get(level.code, 0) for level in levels.levels if level.good_or_above)

    def share(self, levels: LevelSet) -> float | None:
        return self.good_and_above(levels) / self.rated if self.rated else None

    def cells(self, levels: LevelSet) -> list[int]:
        return [self.counts.get(code, 0) for code in levels.codes]


@dataclass
class Summary:
    unit: Unit
    year: int
    levels: LevelSet
    rows: list[SummaryRow]
    total: SummaryRow
    other_levels: list[str]


def rating_summary(*, actor: Any, unit: Unit, year: int, today: dt.date | None = None) -> Summary:
    """Approved ratings of `year` per level for each active sub-unit of `unit` and for its
    whole subtree, with ratings awaiting approval, eligible members not yet rated, and
    branches whose sheet is approved. Five queries whatever the subtree's size."""
    policy.require(actor, Cap.MEMBERS_VIEW, unit)
    today = today or timezone.localdate()
    levels = rating_levels(year, unit)
    children = list(
        Unit.objects.filter(parent=unit, status=UnitStatus.ACTIVE)
        .select_related("kind")
        .order_by("kind__order", "sort_key")
    )
    cut = len(unit.path) + STEP_WIDTH
    rows_by_prefix = {c.path: SummaryRow(c, c.name, {}) for c in children}
    total = SummaryRow(unit, unit.name, {})
    grouped = (
        MemberRating.objects.filter(subtree_q("unit_path", unit.path), year=year)
        .annotate(prefix=Substr("unit_path", 1, cut))
        .values("prefix", "kind", "level", "approved")
        .annotate(n=Count("pk"))
        .order_by()
    )
    other_levels: set[str] = set()
    for item in grouped:
        targets = [total]
        if item["prefix"] in rows_by_prefix:
            targets.append(rows_by_prefix[item["prefix"]])
        for row in targets:
            if not item["approved"]:
                row.pending += item["n"]
            elif item["kind"] == RatingKind.REVIEWED:
                row.reviewed += item["n"]
            else:
                row.counts[item["level"]] = row.counts.get(item["level"], 0) + item["n"]
        rated = item["approved"] and item["kind"] == RatingKind.RATED
        if rated and item["level"] not in levels.codes:
            other_levels.add(item["level"])
    unrated_qs = unrated_members(year=year, today=today)
    unrated = count_in_subtrees(children, unrated_qs, "unit_path") if children else {}
    total.unrated = unrated_qs.filter(subtree_q("unit_path", unit.path)).count()
    branches = (
        Unit.objects.filter(subtree_q("path", unit.path), status=UnitStatus.ACTIVE)
        .filter(kind__is_branch=True)
        .annotate(prefix=Substr("path", 1, cut))
        .values("prefix")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for item in branches:
        total.branches += item["n"]
        if item["prefix"] in rows_by_prefix:
            rows_by_prefix[item["prefix"]].branches = item["n"]
    approved = (
        RatingSheet.objects.filter(
            subtree_q("unit_path", unit.path), year=year, state=SheetState.APPROVED
        )
        .annotate(prefix=Substr("unit_path", 1, cut))
        .values("prefix")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for item in approved:
        total.branches_approved += item["n"]
        if item["prefix"] in rows_by_prefix:
            rows_by_prefix[item["prefix"]].branches_approved = item["n"]
    rows = list(rows_by_prefix.values())
    for row in rows:
        row.unrated = unrated.get(row.unit.pk, 0)
    for row in [*rows, total]:
        row.counts_list = row.cells(levels)
        share = row.share(levels)
        row.share_text = "—" if share is None else f"{share * 100:.1f}%"
    return Summary(
        unit=unit,
        year=year,
        levels=levels,
        rows=rows,
        total=total,
        other_levels=sorted(other_levels),
    )


# --- warnings and filters --------------------------------------------------------------


def unrated_members(*, year: int, today: dt.date | None = None, unit: Any = None) -> QuerySet:
    """Current members the rules rate in `year` who have no approved rating for it."""
    today = today or timezone.localdate()
    rated = MemberRating.objects.filter(member=OuterRef("pk"), year=year, approved=True)
    condition = eligible_q(year, today=today, min_months=min_months_in_unit(year, unit))
    return Member.objects.filter(condition).filter(~Exists(rated))


def unrated_counts(units: list[Unit], day: dt.date) -> dict[int, int]:
    """Warning "members not rated at year end": from 1 January, current members eligible
    for the year just ended without an approved rating, per unit's subtree."""
    return count_in_subtrees(units, unrated_members(year=day.year - 1, today=day), "unit_path")


def unrated_list(*, actor: Any, unit: Unit, year: int, limit: int = 500) -> list[Member]:
    policy.require(actor, Cap.MEMBERS_VIEW, unit)
    return list(
        unrated_members(year=year)
        .filter(subtree_q("unit_path", unit.path))
        .select_related("unit")
        .only("id", "full_name", "sort_key", "unit_path", "unit__id", "unit__name", "status")
        .order_by("unit_path", "sort_key", "pk")[:limit]
    )


def rating_filter_choices(today: dt.date | None = None) -> list[tuple[str, str]]:
    """Member list filter "rating of year Y = level L": the last five years' levels."""
    today = today or timezone.localdate()
    choices = []
    for year in range(today.year, today.year - 5, -1):
        try:
            levels = rating_levels(year)
        except LookupError:
            continue
        choices.extend((f"{year}:{lv.code}", f"{year}: {lv.label}") for lv in levels.levels)
    return choices


def rating_filter_apply(queryset: QuerySet, value: str) -> QuerySet:
    year_text, _sep, level = (value or "").partition(":")
    if not year_text.isdigit() or not level:
        return queryset
    rated = MemberRating.objects.filter(
        member=OuterRef("pk"), year=int(year_text), level=level, approved=True
    )
    return queryset.filter(Exists(rated))


# --- a member's dossier ----------------------------------------------------------------


@dataclass
class MemberYear:
    year: int
    rating: MemberRating | None
    level_label: str
    training: TrainingRegistration | None
    training_label: str


def member_years(*, actor: Any, member: Member) -> list[MemberYear]:
    """Ratings and Rèn luyện results of `member` by year, newest first (two queries);
    the caller fetched `member` through members.selectors.access_member."""
    if not policy.can_at_path(actor, Cap.MEMBERS_VIEW, member.unit_path):
        raise PermissionDenied
    ratings = {
        r.year: r
        for r in MemberRating.objects.filter(member=member).select_related("unit", "sheet")
    }
    training = {t.year: t for t in TrainingRegistration.objects.filter(member=member)}
    years = sorted(set(ratings) | set(training), reverse=True)
    result = []
    for year in years:
        rating = ratings.get(year)
        label = ""
        if rating is not None and rating.level:
            try:
                label = rating_levels(year, rating.unit).label(rating.level)
            except LookupError:
                label = rating.level
        registration = training.get(year)
        result.append(
            MemberYear(
                year=year,
                rating=rating,
                level_label=label,
                training=registration,
                training_label=training_result_label(registration.result) if registration else "",
            )
        )
    return result


def member_rating(*, member: Member, year: int) -> MemberRating | None:
    """The member's rating of `year` (the caller authorised the member)."""
    return (
        MemberRating.objects.filter(member=member, year=year)
        .select_related("unit", "unit__kind", "sheet")
        .first()
    )


def member_training(*, member: Member, year: int) -> TrainingRegistration | None:
    return TrainingRegistration.objects.filter(member=member, year=year).first()


# --- Rèn luyện đoàn viên ----------------------------------------------------------------


@dataclass
class TrainingRow:
    member: Member
    registration: TrainingRegistration | None
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass
class TrainingSheet:
    unit: Unit
    year: int
    rows: list[TrainingRow]
    results: list[tuple[str, str]]
    evaluation_day: dt.date

    @property
    def registered(self) -> int:
        return sum(1 for r in self.rows if r.registration)

    @property
    def evaluated(self) -> int:
        return sum(1 for r in self.rows if r.registration and r.registration.result)


def current_branch_members(unit: Unit) -> QuerySet[Member]:
    return Member.objects.filter(unit=unit, status__in=CURRENT_STATUSES).order_by("sort_key", "pk")


def training_sheet(*, actor: Any, unit: Unit, year: int) -> TrainingSheet:
    """The branch's current members with their registration for `year` (three queries)."""
    from .levels import training_evaluation_date

    policy.require(actor, Cap.MEMBERS_VIEW, unit)
    members = list(current_branch_members(unit).only("id", "full_name", "sort_key", "status"))
    ids = [m.pk for m in members]
    registrations = {
        t.member_id: t
        for t in TrainingRegistration.objects.filter(member_id__in=ids, year=year).order_by()
    }
    grassroots = grassroots_of(unit)
    kind = grassroots.kind.code if grassroots else "other"
    return TrainingSheet(
        unit=unit,
        year=year,
        rows=[TrainingRow(m, registrations.get(m.pk)) for m in members],
        results=_training_results_or_empty(year, unit),
        evaluation_day=training_evaluation_date(year, unit, kind),
    )
