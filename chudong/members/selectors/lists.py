"""The member list of a unit's subtree: filters, accent-insensitive search, Vietnamese name
order and keyset pages, plus the figures read from the maintained counts."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Case, CharField, F, Func, Q, QuerySet, Sum, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Substr
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.accounts.models import normalize_phone
from chudong.core.paths import STEP_WIDTH, depth_of, subtree_q
from chudong.core.text import fold
from chudong.orgs.models import Unit, UnitStatus

from ..list_filters import list_filters
from ..models import (
    CURRENT_STATUSES,
    FORMER_STATUSES,
    Member,
    MemberStatus,
    MemberUnitPeriod,
    PartyStatus,
    UnitMemberCount,
)

PER_PAGE = 50
STATUS_CURRENT = "current"
STATUS_FORMER = "former"
STATUS_ALL = "all"
# (code, youngest, oldest) in whole years today; None is open-ended.
AGE_BANDS: list[tuple[str, int | None, int | None]] = [
    ("under16", None, 15),
    ("16-18", 16, 18),
    ("19-22", 19, 22),
    ("23-26", 23, 26),
    ("27-30", 27, 30),
    ("over30", 31, None),
]
# A name search first looks through at most this many rows of the national name order
# (one bounded index walk, which stops when the page is full); when the page is not full
# there, it reads every match through the trigram indexes and sorts them (_search_rows).
SEARCH_PROBE = 5000
# The walk holds about (the subtree's share of the country) × SEARCH_PROBE rows of the
# subtree: below this share it cannot fill a page even if half of them matched, so the
# search reads every match at once (a small province, a grassroots union).
WALK_MIN_SHARE = 0.02
SHARE_CACHE_SECONDS = 600
_CURSOR = re.compile(r"^([a-z]{1,500})\.(\d{1,18})$")
_DIGITS_QUERY = re.compile(r"^[\d\s.+-]+$")


@dataclass
class MemberFilters:
    q: str = ""
    status: str = STATUS_CURRENT
    sex: str = ""
    age_band: str = ""
    ethnicity: str = ""
    party: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def narrows(self) -> bool:
        """True when the list is more than "all current" or "all records" of the subtree
        (then the maintained count no longer tells how many rows match)."""
        return bool(
            self.q
            or self.sex
            or self.age_band
            or self.ethnicity
            or self.party
            or any(self.extra.values())
            or self.status not in (STATUS_CURRENT, STATUS_ALL)
        )


@dataclass
class MemberPage:
    members: list[Member]
    next_cursor: str | None
    count: int | None
    first: bool


def _years_ago(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def age_band_q(code: str, today: dt.date | None = None) -> Q:
    """Members whose age today lies in the band: a range on date_of_birth."""
    today = today or timezone.localdate()
    for band, youngest, oldest in AGE_BANDS:
        if band == code:
            condition = Q()
            if youngest is not None:
                condition &= Q(date_of_birth__lte=_years_ago(today, youngest))
            if oldest is not None:
                condition &= Q(date_of_birth__gt=_years_ago(today, oldest + 1))
            return condition
    return Q()


def search_q(query: str) -> Q:
    """Name (accent-insensitive substring), or digits: phone prefix, card number prefix,
    citizen ID. The query goes through the same core.text.fold as the stored names."""
    query = (query or "").strip()
    if not query:
        return Q()
    condition = Q(full_name_folded__contains=fold(query))
    compact = "".join(query.split()).upper()
    condition |= Q(card_number__startswith=compact)
    if _DIGITS_QUERY.match(query):
        digits = normalize_phone(query)
        if len(digits) >= 3:
            condition |= Q(phone__startswith=digits) | Q(national_id=digits)
    return condition


def status_q(status: str) -> Q:
    """The list's status choice as a condition on the member's status."""
    if status == STATUS_CURRENT:
        return Q(status__in=CURRENT_STATUSES)
    if status == STATUS_FORMER:
        return Q(status__in=FORMER_STATUSES)
    if status in MemberStatus.values and status != MemberStatus.MERGED:
        return Q(status=status)
    return ~Q(status=MemberStatus.MERGED)


def party_q(party: str) -> Q:
    if party == "yes":
        return ~Q(party_status=PartyStatus.NONE)
    if party in (PartyStatus.PROBATIONARY, PartyStatus.FULL):
        return Q(party_status=party)
    if party == "no":
        return Q(party_status=PartyStatus.NONE)
    return Q()


def encode_cursor(member: Member) -> str:
    return f"{member.sort_key}.{member.pk}"


def decode_cursor(cursor: str | None) -> tuple[str, int] | None:
    match = _CURSOR.match(cursor or "")
    return (match.group(1), int(match.group(2))) if match else None


def members_in_scope(*, actor: Any, cap: Cap = Cap.MEMBERS_VIEW) -> QuerySet[Member]:
    """Every record the actor may see with `cap` (merged records included)."""
    return Member.objects.filter(policy.scope_q(actor, cap, "unit_path"))


def member_list(
    *,
    actor: Any,
    unit: Unit,
    filters: MemberFilters,
    after: str | None = None,
    per_page: int = PER_PAGE,
    request_path: str = "",
) -> MemberPage:
    """One page of the members of `unit`'s subtree in Vietnamese name order (one query,
    plus one on the counts table for the first page of an unfiltered list).

    The ethnicity filter needs members.sensitive over the unit (ignored otherwise) and is
    logged as a read of sensitive data. Empty when the actor may not see the members of
    `unit`.
    """
    if not policy.can(actor, Cap.MEMBERS_VIEW, unit):
        return MemberPage(members=[], next_cursor=None, count=0, first=True)
    # The whole subtree lies inside the actor's scope (checked just above), so the scope
    # condition would only repeat the subtree's range; two ranges on one column make
    # PostgreSQL misjudge a branch's size and walk the name index instead of the path one.
    # The status condition is added last, apart: a name search's bounded walk tests it
    # through an expression (see _search_rows).
    qs = Member.objects.all()
    if filters.sex:
        qs = qs.filter(sex=filters.sex)
    if filters.age_band:
        qs = qs.filter(age_band_q(filters.age_band))
    if filters.party:
        qs = qs.filter(party_q(filters.party))
    if filters.ethnicity and policy.can(actor, Cap.MEMBERS_SENSITIVE, unit):
        from chudong.privacy.selectors import sensitive_shown_q

        # Only members whose ethnicity may be shown (consent): the filter reveals it.
        qs = qs.filter(sensitive__ethnicity=filters.ethnicity).filter(
            sensitive_shown_q("ethnicity")
        )
        policy.log_sensitive_read(
            actor=actor,
            subject_type="member_list",
            subject_id=unit.pk,
            subject_label=f"{unit.name}: {filters.ethnicity}",
            unit_path=unit.path,
            fields=["ethnicity"],
            purpose="list filter",
            request_path=request_path,
        )
    for list_filter in list_filters():
        value = filters.extra.get(list_filter.key)
        if value and policy.can(actor, list_filter.capability, unit):
            qs = list_filter.apply(qs, value)
    cursor = decode_cursor(after)
    if filters.q and connection.vendor == "postgresql":
        rows = _search_rows(qs, unit.path, filters.q, filters.status, cursor, per_page + 1)
    else:
        if cursor:
            # A row comparison, which gives the name index where to start: the OR form
            # alone made PostgreSQL walk the name order from its first row (seconds deep
            # in a province).
            qs = qs.filter(_after_q(*cursor))
        # The subtree's range first: PostgreSQL tests a scan's conditions in this order,
        # and the range turns most rows of the name order away more cheaply than the
        # status list does (HCM's first page 8.0 → 6.4 ms, as the hand-written floor).
        qs = qs.filter(subtree_q("unit_path", unit.path), status_q(filters.status))
        if filters.q:
            qs = qs.filter(search_q(filters.q))
        rows = list(_page_shape(qs).order_by("sort_key", "pk")[: per_page + 1])
    next_cursor = encode_cursor(rows[per_page - 1]) if len(rows) > per_page else None
    count = None
    if not cursor and not filters.narrows():
        count = subtree_count(unit=unit, current=filters.status == STATUS_CURRENT)
    return MemberPage(
        members=rows[:per_page], next_cursor=next_cursor, count=count, first=not cursor
    )


def _page_shape(qs: QuerySet[Member]) -> QuerySet[Member]:
    return qs.select_related("unit").only(
        "id",
        "full_name",
        "sort_key",
        "sex",
        "date_of_birth",
        "birth_year_only",
        "status",
        "phone",
        "card_number",
        "party_status",
        "is_honorary",
        "unit_path",
        "unit__id",
        "unit__name",
    )


def _row(*expressions) -> Func:
    """A row value `(a, b)`, compared column by column (PostgreSQL and SQLite)."""
    return Func(*expressions, template="(%(expressions)s)", output_field=CharField())


def _after_q(key: str, pk: int) -> GreaterThan:
    """Rows after the keyset cursor (key, pk) in name order: `(sort_key, id) > (key, pk)`,
    which PostgreSQL reads as the name index's start condition (one index condition, as
    the hand-written floor has; the equivalent `sort_key >= key AND (sort_key > key OR
    id > pk)` left the OR as a filter on every row read and took twice as long)."""
    return GreaterThan(_row(F("sort_key"), F("pk")), _row(Value(key), Value(pk)))


def _search_rows(
    qs: QuerySet[Member],
    path: str,
    query: str,
    status: str,
    cursor: tuple[str, int] | None,
    limit: int,
) -> list[Member]:
    """The first `limit` matches of a name search after `cursor`, in name order
    (PostgreSQL); `qs` holds the list's other filters.

    Walking the name index and filtering is fast when matches are dense early in the
    order ("nguyen") and takes minutes when they all sort late ("trang": every Trang
    sorts under T), and PostgreSQL cannot tell which from its statistics. So: walk only
    the next SEARCH_PROBE rows of the national order (_walk); if the page is not full
    there, read every match through the trigram indexes (the per-province partial ones
    when the list is a province or below) and sort them.
    """
    after = qs.filter(_after_q(*cursor)) if cursor else qs
    matches = after.filter(subtree_q("unit_path", path), status_q(status), search_q(query))
    # An ordering the name index cannot give: the planner then reads the rows it has (the
    # matches, or the walk's candidates) and sorts them, rather than walk the name order
    # from its start testing each row against them.
    unindexed = Func(F("sort_key"), template="(%(expressions)s || '')")
    if not _DIGITS_QUERY.match(query.strip()) and subtree_share(path) >= WALK_MIN_SHARE:
        # (phone, card and citizen ID numbers have their own indexes)
        tests = Member.objects.filter(
            subtree_q("unit_path", path), status_q(status), search_q(query)
        )
        # Other filters (sex, age, party, ethnicity...) need more than the name index
        # holds: the walk then gives all its candidates, and they apply to those.
        plain = not qs.query.where
        walk = _walk(tests, cursor, limit if plain else None)
        candidates = qs.filter(pk__in=walk)
        rows = list(_page_shape(candidates).order_by(unindexed, "pk")[:limit])
        if len(rows) == limit:
            return rows
    # The page's ids first, its rows around them: joining every match to its unit before
    # keeping 51 took a third of the time (HCM "thi thu", 8,992 matches: 60-87 → 40-53 ms).
    first = matches.order_by(unindexed, "pk").values("pk")[:limit]
    return list(_page_shape(Member.objects.filter(pk__in=first)).order_by("sort_key", "pk"))


def _walk(tests: QuerySet[Member], cursor: tuple[str, int] | None, limit: int | None) -> RawSQL:
    """The ids of the first `limit` rows (all when None) passing `tests` among the next
    SEARCH_PROBE rows of the national name order after `cursor`, as a subquery.

    The inner select reads only the name index (an index-only scan: its included columns
    hold the path, status, folded name and card number, all `tests` may look at) and stops
    at SEARCH_PROBE rows; the tests apply above it, where the planner cannot move them
    into an index of its choosing (a trigram index, the status or path index, which took
    100-700 ms), and the outer LIMIT stops the walk as soon as the page is full. The
    derived table takes the member table's name, so that the tests compile as they
    would on the table itself."""
    # Only constants and Django's compiled SQL go into the text; values are parameters.
    where, params = tests.query.get_compiler(connection=connection).compile(tests.query.where)
    table = Member._meta.db_table
    after = "WHERE (sort_key, id) > (%s, %s)" if cursor else ""
    sql = (
        f'SELECT "{table}"."id" FROM (SELECT id, sort_key, unit_path, status, '  # noqa: S608
        f"full_name_folded, card_number FROM {table} {after} "
        f'ORDER BY sort_key, id LIMIT %s) AS "{table}" WHERE {where} '
        f'ORDER BY "{table}"."sort_key", "{table}"."id" LIMIT %s'
    )
    # LIMIT NULL is no limit
    return RawSQL(sql, [*(cursor or ()), SEARCH_PROBE, *params, limit])  # noqa: S611


def subtree_share(path: str) -> float:
    """The share of the country's current members in the subtree at `path`, from the
    maintained counts; kept SHARE_CACHE_SECONDS per process (it moves slowly)."""
    key = f"members:subtree-share:{path}"
    share = cache.get(key)
    if share is None:
        country = _subtree_sum(path[:STEP_WIDTH], "active")
        share = _subtree_sum(path, "active") / (country or 1)
        cache.set(key, share, SHARE_CACHE_SECONDS)
    return share


def _subtree_sum(path: str, column: str) -> int:
    """`column` ("active" or "total") summed over the subtree at `path`: one row from
    depth SUBTREE_FROM_DEPTH down; above it, the own figures of the rows above that
    depth plus the subtree figures of the rows at it (a province: hundreds of rows)."""
    edge = UnitMemberCount.SUBTREE_FROM_DEPTH
    if depth_of(path) >= edge:
        row = UnitMemberCount.objects.filter(unit_path=path).values_list(
            f"subtree_{column}", flat=True
        )
        return row.first() or 0
    total = UnitMemberCount.objects.filter(subtree_q("unit_path", path), depth__lte=edge).aggregate(
        n=Sum(Case(When(depth=edge, then=F(f"subtree_{column}")), default=F(column)))
    )["n"]
    return total or 0


def subtree_count(*, unit: Unit, current: bool = True) -> int:
    """Members in `unit`'s subtree, from the maintained table (see UnitMemberCount)."""
    return _subtree_sum(unit.path, "active" if current else "total")


def unit_member_figure(unit: Unit) -> int:
    """The "Members" figure on the unit page (orgs.registry figure)."""
    return subtree_count(unit=unit, current=True)


@dataclass
class SubUnitCount:
    unit_id: int
    name: str
    active: int


def sub_unit_counts(*, unit: Unit) -> list[SubUnitCount]:
    """Active sub-units of `unit` with the current members of each one's subtree, as plain
    values (a province has hundreds of sub-units): below the provinces one query, each
    child's kept subtree figure joined to it; for the centre's provinces, their figures
    summed by province prefix."""
    children = Unit.objects.filter(parent=unit, status=UnitStatus.ACTIVE).order_by(
        "kind__order", "sort_key"
    )
    edge = UnitMemberCount.SUBTREE_FROM_DEPTH
    if depth_of(unit.path) + 1 >= edge:
        return [
            SubUnitCount(pk, name, active or 0)
            for pk, name, active in children.values_list(
                "id", "name", "member_count__subtree_active"
            )
        ]
    rows = list(children.values_list("id", "name", "path"))
    if not rows:
        return []
    width = len(unit.path) + STEP_WIDTH
    sums = dict(
        UnitMemberCount.objects.filter(
            subtree_q("unit_path", unit.path, include_self=False), depth__lte=edge
        )
        .annotate(child=Substr("unit_path", 1, width))
        .order_by()
        .values_list("child")
        .annotate(active=Sum(Case(When(depth=edge, then=F("subtree_active")), default=F("active"))))
        .values_list("child", "active")
    )
    return [SubUnitCount(pk, name, sums.get(path, 0)) for pk, name, path in rows]


def members_home_units(*, actor: Any) -> list[Unit]:
    """The top units where the actor may see members (nested grants collapse)."""
    roots = policy.visible_roots(actor, Cap.MEMBERS_VIEW)
    return list(
        Unit.objects.filter(path__in=roots, status=UnitStatus.ACTIVE)
        .select_related("kind", "parent")
        .order_by("path")
    )


BRANCH_CHOICES_LIMIT = 400


def branches_for_create(*, actor: Any, unit: Unit) -> list[Unit]:
    """Active branches in `unit`'s subtree where the actor may register members, in tree
    order; at most BRANCH_CHOICES_LIMIT + 1 (the page then asks to open the branch)."""
    return list(
        Unit.objects.filter(subtree_q("path", unit.path))
        .filter(policy.scope_q(actor, Cap.MEMBERS_MANAGE, "path"))
        .filter(status=UnitStatus.ACTIVE, kind__is_branch=True)
        .select_related("parent")
        .only("id", "name", "path", "parent__name")
        .order_by("path")[: BRANCH_CHOICES_LIMIT + 1]
    )


def members_on_date(*, actor: Any, unit: Unit, day: dt.date) -> QuerySet[Member]:
    """Members registered in `unit` itself on `day` (from the unit periods), e.g. for a
    report on a past date after the tree was restructured."""
    policy.require(actor, Cap.MEMBERS_VIEW, unit)
    periods = MemberUnitPeriod.objects.filter(unit=unit, start__lte=day).filter(
        Q(end__isnull=True) | Q(end__gt=day)
    )
    return Member.objects.filter(pk__in=periods.values("member_id")).order_by("sort_key", "pk")
