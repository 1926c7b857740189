"""Reads of membership dues, scoped to what the actor may see.

Arrears (months owed) of a member = the months from the later of their admission and the
start of dues tracking until last month, minus the months paid and the months exempted.
The current month is not owed yet. Former members and honorary members owe nothing.
`with_arrears` computes it in SQL for lists, filters and warnings; `owed_months` in
Python for one member's page and the month screen; tests hold them to each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, Greatest, Least, Substr
from django.http import Http404
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

from . import months
from . import rules as dues_rules
from .models import (
    CATEGORY_SHORT,
    DuesCategory,
    DuesExemption,
    DuesPayment,
    DuesProfile,
    Remittance,
)

WARNING_MONTHS = 3
ARREARS_CHOICES = (1, 2, 3, 6, 12)
LIST_LIMIT = 500


def last_owed_month(today: dt.date) -> int:
    """Dues of a month are owed once it is over: the latest owed month is last month."""
    return months.of_date(today) - 1


def start_month(member: Member, tracking: int) -> int:
    admitted = months.of_date(member.admission_date) if member.admission_date else tracking
    return max(admitted, tracking)


def owes_dues(member: Member) -> bool:
    return member.status in CURRENT_STATUSES and not member.is_honorary


def owed_months(
    *, start: int, last: int, paid: Iterable[int], exempt: Iterable[tuple[int, int]]
) -> list[int]:
    paid = set(paid)
    exempt = list(exempt)
    return [
        m
        for m in range(start, last + 1)
        if m not in paid and not any(first <= m <= end for first, end in exempt)
    ]


def with_arrears(queryset: QuerySet[Member], *, today: dt.date, tracking: int) -> QuerySet:
    """`queryset` annotated with `dues_arrears` (months owed) and `dues_start`."""
    last = last_owed_month(today)
    admitted = ExtractYear("admission_date") * 12 + ExtractMonth("admission_date") - 1
    start = Greatest(Coalesce(admitted, Value(tracking)), Value(tracking))
    queryset = queryset.annotate(dues_start=start)
    paid = (
        DuesPayment.objects.filter(
            member=OuterRef("pk"), month__gte=OuterRef("dues_start"), month__lte=last
        )
        .order_by()
        .values("member")
        .annotate(n=Count("pk"))
        .values("n")
    )
    overlap = (
        Least(F("last_month"), Value(last)) - Greatest(F("first_month"), OuterRef("dues_start")) + 1
    )
    exempt = (
        DuesExemption.objects.filter(
            member=OuterRef("pk"), last_month__gte=OuterRef("dues_start"), first_month__lte=last
        )
        .order_by()
        .values("member")
        .annotate(n=Sum(overlap, output_field=IntegerField()))
        .values("n")
    )
    return queryset.annotate(
        dues_arrears=Value(last + 1)
        - F("dues_start")
        - Coalesce(Subquery(paid, output_field=IntegerField()), Value(0))
        - Coalesce(Subquery(exempt, output_field=IntegerField()), Value(0))
    )


def in_arrears(
    *, min_months: int, today: dt.date | None = None, unit: Any = None, within: Q | None = None
) -> QuerySet[Member]:
    """Members who owe dues for at least `min_months` months (a plain Member queryset, so
    that it combines with any other filter or a grouped count). `within` limits the
    members whose months are counted (e.g. to the subtrees being counted): the database
    then never weighs a plan that counts the months of the whole country."""
    today = today or timezone.localdate()
    tracking = dues_rules.tracking_from(today, unit)
    members = Member.objects.filter(status__in=CURRENT_STATUSES, is_honorary=False)
    if within is not None:
        members = members.filter(within)
    owing = with_arrears(members, today=today, tracking=tracking).filter(
        dues_arrears__gte=min_months
    )
    return Member.objects.filter(pk__in=owing.values("pk"))


def arrears_counts(units: list[Unit], day: dt.date) -> dict[int, int]:
    """Warning "members with dues arrears": three months or more, per unit's subtree."""
    if not units:
        return {}
    if len(units) > 1 and len({u.parent_id for u in units}) == 1:
        within = subtree_q("unit_path", units[0].path[:-STEP_WIDTH])  # siblings: the parent's
    else:
        within = Q()
        for unit in units:
            within |= subtree_q("unit_path", unit.path)
    return count_in_subtrees(
        units,
        in_arrears(min_months=WARNING_MONTHS, today=day, unit=units[0], within=within),
        "unit_path",
    )


def arrears_filter_choices() -> list[tuple[str, str]]:
    from django.utils.translation import ngettext

    return [
        (str(n), ngettext("%d month or more", "%d months or more", n) % n) for n in ARREARS_CHOICES
    ]


def arrears_filter_apply(queryset: QuerySet, value: str) -> QuerySet:
    if not value.isdigit() or int(value) < 1:
        return queryset
    return queryset.filter(pk__in=in_arrears(min_months=int(value)).values("pk"))


@dataclass
class ArrearsLine:
    member: Member
    months: int


def arrears_list(
    *, actor: Any, unit: Unit, min_months: int, limit: int = LIST_LIMIT
) -> list[ArrearsLine]:
    """Members of `unit`'s subtree owing at least `min_months` months, most owed first."""
    policy.require(actor, Cap.MEMBERS_VIEW, unit)
    today = timezone.localdate()
    rows = (
        with_arrears(
            Member.objects.filter(subtree_q("unit_path", unit.path))
            .filter(status__in=CURRENT_STATUSES, is_honorary=False)
            .select_related("unit"),
            today=today,
            tracking=dues_rules.tracking_from(today, unit),
        )
        .filter(dues_arrears__gte=min_months)
        .order_by("-dues_arrears", "unit_path", "sort_key", "pk")[:limit]
    )
    return [ArrearsLine(member, member.dues_arrears) for member in rows]


def branches_under(*, actor: Any, unit: Unit) -> list[Unit]:
    """Active branches under `unit`, in tree order (at most LIST_LIMIT)."""
    policy.require(actor, Cap.MEMBERS_VIEW, unit)
    return list(
        Unit.objects.filter(subtree_q("path", unit.path), status=UnitStatus.ACTIVE)
        .filter(kind__is_branch=True)
        .select_related("parent")
        .only("id", "name", "path", "parent__name")
        .order_by("path")[:LIST_LIMIT]
    )


def deciding_unit(actor: Any, member: Member) -> Unit | None:
    """The grassroots union whose executive committee decides the member's exemption, when
    `actor` may record its decisions: members.decide over the member's branch and
    members.manage over that union (a chi đoàn cơ sở decides for itself). Else None."""
    branch = member.unit
    grassroots = dues_rules.grassroots_union(branch)
    if grassroots is None:
        return None
    if grassroots.pk == branch.pk:
        allowed = policy.can(actor, Cap.MEMBERS_MANAGE, branch)
    else:
        allowed = policy.can(actor, Cap.MEMBERS_DECIDE, branch) and policy.can(
            actor, Cap.MEMBERS_MANAGE, grassroots
        )
    return grassroots if allowed else None


def may_exempt(actor: Any, member: Member) -> bool:
    return member.status in CURRENT_STATUSES and deciding_unit(actor, member) is not None


# --- one member ------------------------------------------------------------------------


@dataclass
class MemberDues:
    member: Member
    profile: DuesProfile | None
    category: str
    rate: int
    start: int
    owed: list[int]
    owed_amount: int
    payments: list[DuesPayment]
    exemptions: list[DuesExemption]
    owes: bool

    @property
    def category_label(self) -> str:
        return str(dict(DuesCategory.choices).get(self.category, self.category))

    @property
    def owed_labels(self) -> list[str]:
        return [months.label(m) for m in self.owed]

    @property
    def paid_through(self) -> str:
        return months.label(max(p.month for p in self.payments)) if self.payments else ""


def member_dues(*, actor: Any, member: Member, today: dt.date | None = None) -> MemberDues:
    """Dues status of one member (fetched through members' access_member): category and
    rate, months owed and their amount, payments and exemptions. Three queries."""
    if not policy.can_at_path(actor, Cap.MEMBERS_VIEW, member.unit_path):
        raise PermissionDenied
    today = today or timezone.localdate()
    profile = DuesProfile.objects.filter(member=member).first()
    category = profile.category if profile else DuesCategory.UNSALARIED
    payments = list(
        DuesPayment.objects.filter(member=member)
        .select_related("unit", "remittance")
        .order_by("-month")
    )
    exemptions = list(
        DuesExemption.objects.filter(member=member)
        .select_related("decided_by")
        .order_by("-first_month")
    )
    start = start_month(member, dues_rules.tracking_from(today, member.unit))
    last = last_owed_month(today)
    owes = owes_dues(member)
    owed = (
        owed_months(
            start=start,
            last=last,
            paid=[p.month for p in payments],
            exempt=[(e.first_month, e.last_month) for e in exemptions],
        )
        if owes
        else []
    )
    return MemberDues(
        member=member,
        profile=profile,
        category=category,
        rate=dues_rules.monthly_rate(category, months.of_date(today), member.unit),
        start=start,
        owed=owed,
        owed_amount=sum(dues_rules.monthly_rate(category, m, member.unit) for m in owed),
        payments=payments,
        exemptions=exemptions,
        owes=owes,
    )


# --- the branch's month screen ------------------------------------------------------------


@dataclass
class MonthRow:
    member: Member
    category: str
    rate: int
    months_per_payment: int
    consent: str
    payment: DuesPayment | None
    exemption: DuesExemption | None
    arrears: int
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def locked(self) -> bool:
        """Paid and already remitted, or paid at another branch: not changed here."""
        return self.payment is not None and (
            self.payment.remittance_id is not None or self.payment.unit_id != self.member.unit_id
        )

    @property
    def category_label(self) -> str:
        return str(dict(DuesCategory.choices).get(self.category, self.category))

    @property
    def category_short(self) -> str:
        return str(CATEGORY_SHORT.get(self.category, self.category))


@dataclass
class MonthSheet:
    unit: Unit
    month: int
    rows: list[MonthRow]
    remitted: bool

    @property
    def label(self) -> str:
        return months.label(self.month)

    @property
    def paid_count(self) -> int:
        return sum(1 for r in self.rows if r.payment)

    @property
    def collected(self) -> int:
        return sum(
            r.payment.amount for r in self.rows if r.payment and r.payment.unit_id == self.unit.pk
        )

    @property
    def owing(self) -> list[MonthRow]:
        return [r for r in self.rows if r.payment is None and r.exemption is None]


def _members_in_month(unit: Unit, month: int) -> list[Member]:
    """Records registered in `unit` at some time during `month` and in a current status
    then (two queries)."""
    first, last = months.first_day(month), months.last_day(month)
    periods = MemberUnitPeriod.objects.filter(unit=unit, start__lte=last).filter(
        Q(end__isnull=True) | Q(end__gt=first)
    )
    members = list(
        Member.objects.filter(pk__in=periods.values("member_id"))
        .exclude(status=MemberStatus.MERGED)
        .filter(is_honorary=False)
        .only(
            "id",
            "full_name",
            "sort_key",
            "status",
            "admission_date",
            "unit_id",
            "unit_path",
            "is_honorary",
        )
        .order_by("sort_key", "pk")
    )
    current = set(
        MemberStatusPeriod.objects.filter(
            member_id__in=[m.pk for m in members], status__in=CURRENT_STATUSES, start__lte=last
        )
        .filter(Q(end__isnull=True) | Q(end__gt=first))
        .values_list("member_id", flat=True)
    )
    return [m for m in members if m.pk in current]


def build_month_sheet(*, unit: Unit, month: int, today: dt.date | None = None) -> MonthSheet:
    """Rows of the branch's dues screen for `month`: each member with category, rate,
    payment, exemption and months owed. Six queries whatever the branch's size; no access
    check (callers have one)."""
    today = today or timezone.localdate()
    members = _members_in_month(unit, month)
    ids = [m.pk for m in members]
    profiles = {p.member_id: p for p in DuesProfile.objects.filter(member_id__in=ids)}
    paid: dict[int, dict[int, DuesPayment]] = {pk: {} for pk in ids}
    for payment in DuesPayment.objects.filter(member_id__in=ids).only(
        "id", "member_id", "month", "amount", "unit_id", "remittance_id", "paid_on", "category"
    ):
        paid[payment.member_id][payment.month] = payment
    exempt: dict[int, list[DuesExemption]] = {pk: [] for pk in ids}
    for exemption in DuesExemption.objects.filter(member_id__in=ids):
        exempt[exemption.member_id].append(exemption)
    tracking = dues_rules.tracking_from(today, unit)
    last = last_owed_month(today)
    rates = dues_rules.rates_for(month, unit)
    rows = []
    for member in members:
        profile = profiles.get(member.pk)
        category = profile.category if profile else DuesCategory.UNSALARIED
        exemptions = exempt[member.pk]
        owed = (
            owed_months(
                start=start_month(member, tracking),
                last=last,
                paid=paid[member.pk],
                exempt=[(e.first_month, e.last_month) for e in exemptions],
            )
            if owes_dues(member)
            else []
        )
        rows.append(
            MonthRow(
                member=member,
                category=category,
                rate=rates[category],
                months_per_payment=profile.months_per_payment if profile else 1,
                consent=profile.consent_note if profile else "",
                payment=paid[member.pk].get(month),
                exemption=next(
                    (e for e in exemptions if e.first_month <= month <= e.last_month), None
                ),
                arrears=len(owed),
            )
        )
    remitted = Remittance.objects.filter(
        from_unit=unit, first_month__lte=month, last_month__gte=month
    ).exists()
    return MonthSheet(unit=unit, month=month, rows=rows, remitted=remitted)


def month_sheet(*, actor: Any, unit: Unit, month: int) -> MonthSheet:
    policy.require(actor, Cap.MEMBERS_VIEW, unit)
    return build_month_sheet(unit=unit, month=month)


@dataclass
class MonthLine:
    month: int
    payments: int
    amount: int

    @property
    def label(self) -> str:
        return months.label(self.month)

    @property
    def number(self) -> int:
        return months.month_of(self.month)


def branch_year(*, actor: Any, unit: Unit, year: int) -> list[MonthLine]:
    """Payments collected by branch `unit` in each month of `year` (one query)."""
    policy.require(actor, Cap.MEMBERS_VIEW, unit)
    first = months.index(year, 1)
    totals = {
        row["month"]: row
        for row in DuesPayment.objects.filter(unit=unit, month__gte=first, month__lte=first + 11)
        .values("month")
        .annotate(n=Count("pk"), amount=Sum("amount"))
        .order_by()
    }
    return [
        MonthLine(m, totals.get(m, {}).get("n", 0), totals.get(m, {}).get("amount", 0) or 0)
        for m in range(first, first + 12)
    ]


@dataclass
class SubUnitDues:
    unit: Unit
    collected: int
    arrears: int
    overdue: int


def sub_unit_dues(*, actor: Any, unit: Unit, year: int) -> list[SubUnitDues]:
    """Each active sub-unit: dues collected in `year` by the branches of its subtree,
    members three months or more in arrears, remittances overdue (four queries)."""
    policy.require(actor, Cap.MEMBERS_VIEW, unit)
    children = list(
        Unit.objects.filter(parent=unit, status=UnitStatus.ACTIVE)
        .select_related("kind")
        .order_by("kind__order", "sort_key")
    )
    if not children:
        return []
    cut = len(unit.path) + STEP_WIDTH
    first = months.index(year, 1)
    collected = {
        row["prefix"]: row["amount"]
        for row in DuesPayment.objects.filter(
            subtree_q("unit_path", unit.path, include_self=False),
            month__gte=first,
            month__lte=first + 11,
        )
        .annotate(prefix=Substr("unit_path", 1, cut))
        .values("prefix")
        .annotate(amount=Sum("amount"))
        .order_by()
    }
    today = timezone.localdate()
    arrears = arrears_counts(children, today)
    overdue = overdue_counts(children, today)
    return [
        SubUnitDues(
            unit=child,
            collected=collected.get(child.path, 0) or 0,
            arrears=arrears.get(child.pk, 0),
            overdue=overdue.get(child.pk, 0),
        )
        for child in children
    ]


# --- remittances --------------------------------------------------------------------------


def pending_payments(unit: Unit, up_to: int) -> QuerySet[DuesPayment]:
    """Dues collected by `unit` for months up to `up_to` that no remittance has taken."""
    return DuesPayment.objects.filter(unit=unit, remittance__isnull=True, month__lte=up_to)


def pending_receipts(unit: Unit, up_to: int, *, confirmed: bool | None = True):
    """Remittances received by `unit` for periods ending by `up_to` not yet passed on."""
    qs = Remittance.objects.filter(to_unit=unit, included_in__isnull=True, last_month__lte=up_to)
    if confirmed is True:
        qs = qs.filter(confirmed_on__isnull=False)
    elif confirmed is False:
        qs = qs.filter(confirmed_on__isnull=True)
    return qs


def _level_q(level: str) -> Q:
    branch, grassroots = Q(kind__is_branch=True), Q(kind__is_grassroots=True)
    if level == dues_rules.GRASSROOTS:
        return grassroots
    if level == dues_rules.BRANCH:
        return branch & ~grassroots
    if level == dues_rules.PROVINCE:
        return Q(depth=1) & ~branch & ~grassroots
    return Q(depth__gt=1) & ~branch & ~grassroots


def overdue_units(*, today: dt.date, rule_unit: Any = None) -> QuerySet[Unit]:
    """Active units holding dues for a period whose remittance is past its due date (by
    the schedule of their level) and that have recorded no remittance for that period."""
    condition = Q()
    for level in (dues_rules.BRANCH, dues_rules.GRASSROOTS, dues_rules.UPPER, dues_rules.PROVINCE):
        table = _schedule_table(today, rule_unit)
        schedule = dues_rules.parse_schedule(table.get(level) or table.get(dues_rules.UPPER, ""))
        period = schedule.last_due_period(today)
        if period is None:
            continue
        holding = Exists(
            DuesPayment.objects.filter(
                unit=OuterRef("pk"), remittance__isnull=True, month__lte=period.last
            )
        ) | Exists(
            Remittance.objects.filter(
                to_unit=OuterRef("pk"), included_in__isnull=True, last_month__lte=period.last
            )
        )
        sent = Exists(
            Remittance.objects.filter(from_unit=OuterRef("pk"), last_month__gte=period.last)
        )
        condition |= _level_q(level) & holding & ~sent
    return Unit.objects.filter(status=UnitStatus.ACTIVE, parent__isnull=False).filter(condition)


def _schedule_table(day: dt.date, unit: Any) -> dict:
    from chudong.rules import rules

    return rules.get("dues.remittance_schedule", on=day, unit=unit)


def overdue_counts(units: list[Unit], day: dt.date) -> dict[int, int]:
    """Warning "remittances overdue": units in each subtree late with their remittance."""
    if not units:
        return {}
    return count_in_subtrees(units, overdue_units(today=day, rule_unit=units[0]), "path")


@dataclass
class ReceivedLine:
    unit: Unit
    received: int
    remittances: int
    unconfirmed: list[Remittance]
    last: Remittance | None
    overdue: int


@dataclass
class RemittanceOverview:
    unit: Unit
    upper: Unit | None
    schedule: dues_rules.Schedule
    current: months.Period
    due_period: months.Period | None
    own_pending: int
    receipts_pending: int
    unconfirmed_total: int
    share: Any
    kept: int
    sent_up: int
    sent: list[Remittance]
    received: list[ReceivedLine]
    periods: list[months.Period]
    year: int

    @property
    def gross(self) -> int:
        return self.own_pending + self.receipts_pending

    @property
    def due_date(self) -> dt.date | None:
        return self.schedule.due_date(self.due_period) if self.due_period else None

    @property
    def due_period_sent(self) -> bool:
        return self.due_period is not None and any(
            r.first_month == self.due_period.first for r in self.sent
        )


def remittance_overview(
    *, actor: Any, unit: Unit, today: dt.date | None = None
) -> RemittanceOverview:
    """A unit's remittance page: what it received from each sub-unit this year (and what
    awaits its confirmation), what it holds and owes upward under its schedule, and what
    it sent. A fixed number of queries whatever the number of sub-units."""
    policy.require(actor, Cap.MEMBERS_VIEW, unit)
    today = today or timezone.localdate()
    schedule = dues_rules.schedule_for(unit, today)
    this_month = months.of_date(today)
    current = schedule.period(this_month)
    due_period = schedule.last_due_period(today)
    up_to = current.last
    own = pending_payments(unit, up_to).aggregate(s=Sum("amount"))["s"] or 0
    receipts = pending_receipts(unit, up_to).aggregate(s=Sum("remitted"))["s"] or 0
    share = dues_rules.retained_share(today, unit)
    kept, sent_up = dues_rules.split(own + receipts, share)
    sent = list(
        Remittance.objects.filter(from_unit=unit)
        .select_related("to_unit", "confirmed_by")
        .order_by("-last_month")[:24]
    )
    year_first = months.index(today.year, 1)
    children = list(
        Unit.objects.filter(parent=unit)
        .filter(Q(status=UnitStatus.ACTIVE) | Q(dues_remittances_sent__to_unit=unit))
        .distinct()
        .order_by("kind__order", "sort_key")
    )
    incoming = list(
        Remittance.objects.filter(to_unit=unit)
        .filter(Q(last_month__gte=year_first) | Q(confirmed_on__isnull=True))
        .order_by("-last_month")
    )
    overdue = overdue_counts(children, today) if children else {}
    received = []
    for child in children:
        mine = [r for r in incoming if r.from_unit_id == child.pk]
        received.append(
            ReceivedLine(
                unit=child,
                received=sum(r.remitted for r in mine if r.last_month >= year_first),
                remittances=sum(1 for r in mine if r.last_month >= year_first),
                unconfirmed=[r for r in mine if not r.is_confirmed],
                last=mine[0] if mine else None,
                overdue=overdue.get(child.pk, 0),
            )
        )
    periods = _open_periods(unit, schedule, current)
    return RemittanceOverview(
        unit=unit,
        upper=unit.parent,
        schedule=schedule,
        current=current,
        due_period=due_period,
        own_pending=own,
        receipts_pending=receipts,
        unconfirmed_total=sum(r.remitted for line in received for r in line.unconfirmed),
        share=share,
        kept=kept,
        sent_up=sent_up,
        sent=sent,
        received=received,
        periods=periods,
        year=today.year,
    )


def _open_periods(unit: Unit, schedule: dues_rules.Schedule, current: months.Period):
    """Periods the unit may remit now: from the period of the oldest money it holds up to
    the current one, without those already remitted (at most 24)."""
    from django.db.models import Min

    oldest = [
        DuesPayment.objects.filter(unit=unit, remittance__isnull=True).aggregate(m=Min("month"))[
            "m"
        ],
        Remittance.objects.filter(to_unit=unit, included_in__isnull=True)
        .filter(confirmed_on__isnull=False)
        .aggregate(m=Min("last_month"))["m"],
    ]
    oldest = [m for m in oldest if m is not None]
    if not oldest:
        return []
    period = schedule.period(max(min(oldest), current.first - 24 * schedule.length))
    sent = set(
        Remittance.objects.filter(from_unit=unit, first_month__gte=period.first).values_list(
            "first_month", flat=True
        )
    )
    periods = []
    while period.first <= current.first:
        if period.first not in sent:
            periods.append(period)
        period = schedule.period(period.last + 1)
    return periods


def access_remittance(actor: Any, remittance_id: Any, *, unit: Unit) -> Remittance:
    """A remittance received by `unit` (already authorised by the caller); 404 for any
    other id, so ids of other units' remittances reveal nothing."""
    try:
        return Remittance.objects.select_related("from_unit", "to_unit").get(
            pk=int(remittance_id), to_unit=unit
        )
    except (Remittance.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
