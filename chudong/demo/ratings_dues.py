"""Demo annual ratings, Rèn luyện đoàn viên and dues for the demo provinces.

- Ratings for the last three years, decided by the same eligibility rules the sheets use
  (ratings.selectors.build_sheet), about 25% excellent, 55% good, 17% completed, 3% not
  completed; excellent members have an excellent Rèn luyện result, as the 2023 guidance
  requires. Last year's sheets of a few Phú Bình branches still wait for the grassroots
  union (one is still being rated), so the approval can be shown.
- Rèn luyện registrations this year for every current member (a few registered by
  themselves); school branches, evaluated in August, already have their results.
- Dues tracked for the last twelve months: most members pay monthly, members working far
  away pay by quarter with the branch committee's consent, some fall behind, a few are
  exempted; remittances up the tree through last quarter, each level keeping its share
  (the arithmetic of dues.rules.split, so the ledger reconciles), two branches late with
  September, the province not yet having confirmed the last quarter.

Deterministic (random.Random(2026)) for a given day, written in bulk.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from chudong.accounts.models import User
from chudong.core.paths import subtree_q
from chudong.dues import months
from chudong.dues import rules as dues_rules
from chudong.dues.models import (
    DuesCategory,
    DuesExemption,
    DuesPayment,
    DuesProfile,
    Remittance,
)
from chudong.members.models import (
    CURRENT_STATUSES,
    Member,
    MemberEvent,
    MemberStatus,
    MemberStatusPeriod,
    MemberUnitPeriod,
)
from chudong.orgs.models import Unit, UnitStatus
from chudong.ratings import events as rating_events
from chudong.ratings.eligibility import REVIEW, eligibility, reference_day
from chudong.ratings.levels import min_months_in_unit, rating_levels
from chudong.ratings.models import (
    MemberRating,
    RatingKind,
    RatingSheet,
    SheetState,
    TrainingArea,
    TrainingRegistration,
    TrainingSource,
)
from chudong.rules import rules
from chudong.rules.models import Rule

ROOTS = ("TN", "TQ")
LEVEL_WEIGHTS = [("excellent", 25), ("good", 55), ("completed", 17), ("not_completed", 3)]
COMMENTS = {
    "excellent": [
        "Gương mẫu, tích cực tham gia các hoạt động của chi đoàn; là nòng cốt phong trào.",
        "Hoàn thành xuất sắc nhiệm vụ chuyên môn, nhiệt tình giúp đỡ đoàn viên khác.",
    ],
    "good": [
        "Chấp hành tốt nội quy, tham gia đầy đủ sinh hoạt chi đoàn.",
        "Có tinh thần trách nhiệm; cần chủ động hơn trong các phong trào.",
        "Hoàn thành tốt nhiệm vụ được giao, đóng đoàn phí đầy đủ.",
    ],
    "completed": [
        "Tham gia sinh hoạt chưa đều; cần cố gắng hơn.",
        "Hoàn thành nhiệm vụ nhưng chưa tích cực trong phong trào.",
    ],
    "not_completed": ["Thường xuyên vắng sinh hoạt không lý do; đã được nhắc nhở."],
}
REVIEW_COMMENT = "Đảng viên chính thức, gương mẫu trong sinh hoạt chi đoàn."
SALARIED = {
    "Công chức", "Viên chức", "Chuyên viên", "Giáo viên", "Công nhân", "Kỹ thuật viên",
    "Tổ trưởng sản xuất", "Nhân viên văn phòng", "Nhân viên y tế", "Sĩ quan", "Hạ sĩ quan",
    "Phóng viên", "Biên tập viên",
}  # fmt: skip
# Last year's sheets still open in the demo: (branch code, state).
PENDING = [("TN.PB.HS.CD01", SheetState.SUBMITTED), ("TN.PB.HS.CD02", SheetState.SUBMITTED),
           ("TN.PB.XP.CD01", SheetState.DRAFT)]  # fmt: skip
LATE_BRANCHES = ("TN.PB.KS.CD02", "TN.DT.QC.CD01")


def _weighted(rng: random.Random, pairs) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _branches(roots: tuple[str, ...]) -> list[Unit]:
    condition = Q()
    for code in roots:
        root = Unit.objects.filter(code=code).first()
        if root is not None:
            condition |= subtree_q("path", root.path)
    return list(
        Unit.objects.filter(condition, status=UnitStatus.ACTIVE, kind__is_branch=True)
        .select_related("kind", "parent")
        .order_by("path")
    )


def build(
    *, admin: User | None = None, today: dt.date | None = None, roots: tuple[str, ...] = ROOTS
) -> None:
    """Create the demo ratings, Rèn luyện registrations and dues for the members under the
    units `roots` (call after the demo members)."""
    admin = admin or User.objects.get(username="admin.tw")
    today = today or timezone.localdate()
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    branches = _branches(roots)
    _ratings(branches, admin, today, rng)
    _training_this_year(branches, admin, today, rng)
    _dues(branches, admin, today, rng, roots)


# --- ratings ---------------------------------------------------------------------------


def _training_result(rng: random.Random, level: str) -> str:
    if level == "excellent":
        return "excellent"
    if level == "good":
        return "excellent" if rng.random() < 0.25 else "good"
    if level == "completed":
        return "completed" if rng.random() < 0.6 else "good"
    return "not_completed"


def _eligible_by_branch(branches: list[Unit], years: list[int], today: dt.date) -> dict:
    """{(branch id, year): [(member, eligibility)]} by the rules the sheets apply
    (ratings.eligibility), read in three queries for the whole demo."""
    members = {
        m.pk: m
        for m in Member.objects.filter(unit__in=branches)
        .exclude(status=MemberStatus.MERGED)
        .only("id", "full_name", "sort_key", "status", "party_status", "party_date", "unit_id")
    }
    unit_periods, status_periods = defaultdict(list), defaultdict(list)
    for period in MemberUnitPeriod.objects.filter(member_id__in=members).order_by():
        unit_periods[period.member_id].append(period)
    for period in MemberStatusPeriod.objects.filter(member_id__in=members).order_by():
        status_periods[period.member_id].append(period)
    branch_ids = {b.pk for b in branches}
    result: dict[tuple[int, int], list] = defaultdict(list)
    for year in years:
        day = reference_day(year, today)
        minimum = min_months_in_unit(year)
        for pk, member in sorted(members.items(), key=lambda item: item[1].sort_key):
            here = [
                p for p in unit_periods[pk]
                if p.start <= day and (p.end is None or p.end > day) and p.unit_id in branch_ids
            ]  # fmt: skip
            if not here:
                continue
            status = eligibility(
                member=member, year=year, today=today, min_months=minimum,
                unit_periods=unit_periods[pk], status_periods=status_periods[pk],
            )  # fmt: skip
            if status.rateable:
                result[(here[0].unit_id, year)].append((member, status))
    return result


def _ratings(branches: list[Unit], admin: User, today: dt.date, rng: random.Random) -> None:
    years = [today.year - 3, today.year - 2, today.year - 1]
    pending = dict(PENDING)
    eligible = _eligible_by_branch(branches, years, today)
    sheets, ratings, training, planned = [], [], [], []
    for year in years:
        for branch in branches:
            rows = eligible.get((branch.pk, year))
            if not rows:
                continue
            state = SheetState.APPROVED
            if year == years[-1] and branch.code in pending:
                state = pending[branch.code]
            approved_at = timezone.make_aware(dt.datetime(year + 1, 1, rng.randint(5, 20), 9))
            submitted_at = approved_at - dt.timedelta(days=rng.randint(3, 15))
            sheet = RatingSheet(
                unit=branch,
                unit_path=branch.path,
                year=year,
                state=state,
                submitted_by=admin if state != SheetState.DRAFT else None,
                submitted_at=submitted_at if state != SheetState.DRAFT else None,
                approved_by=admin if state == SheetState.APPROVED else None,
                approved_at=approved_at if state == SheetState.APPROVED else None,
                version=2,
            )
            sheets.append(sheet)
            for index, (member, status) in enumerate(rows):
                if state == SheetState.DRAFT and index % 3 == 2:
                    continue  # the branch is still rating these
                if status.status == REVIEW:
                    planned.append((sheet, member, RatingKind.REVIEWED, "", REVIEW_COMMENT))
                    continue
                level = _weighted(rng, LEVEL_WEIGHTS)
                planned.append((sheet, member, RatingKind.RATED, level,
                                rng.choice(COMMENTS[level])))  # fmt: skip
                training.append(
                    TrainingRegistration(
                        member=member,
                        year=year,
                        unit=branch,
                        unit_path=branch.path,
                        areas=list(TrainingArea.values),
                        commitments="Thực hiện tốt 5 nội dung rèn luyện đoàn viên.",
                        registered_on=dt.date(year, 3, rng.randint(1, 26)),
                        source=TrainingSource.BRANCH,
                        result=_training_result(rng, level),
                        evaluated_on=dt.date(year, 12, rng.randint(10, 28)),
                    )
                )
    bulk_create_with_history(sheets, RatingSheet, batch_size=500, default_user=admin)
    sheet_type = ContentType.objects.get_for_model(RatingSheet)
    member_events = []
    for sheet, member, kind, level, comment in planned:
        approved = sheet.state == SheetState.APPROVED
        ratings.append(
            MemberRating(
                member=member,
                year=sheet.year,
                sheet=sheet,
                unit=sheet.unit,
                unit_path=sheet.unit_path,
                kind=kind,
                level=level,
                comment=comment,
                approved=approved,
            )
        )
        if approved:
            label = rating_levels(sheet.year).label(level) if level else ""
            title = (
                f"Xếp loại năm {sheet.year}: {label}"
                if kind == RatingKind.RATED
                else f"Nhận xét năm {sheet.year} (đảng viên chính thức, không xếp loại)"
            )
            member_events.append(
                MemberEvent(
                    member=member,
                    kind=rating_events.RATED,
                    date=timezone.localdate(sheet.approved_at),
                    title=title,
                    detail=comment,
                    unit=sheet.unit,
                    actor=admin,
                    source_type=sheet_type,
                    source_id=sheet.pk,
                )
            )
    # Demo rows in bulk, without history rows (like the demo members' periods and events).
    MemberRating.objects.bulk_create(ratings, batch_size=1000)
    TrainingRegistration.objects.bulk_create(training, batch_size=1000)
    MemberEvent.objects.bulk_create(member_events, batch_size=500)


def _training_this_year(
    branches: list[Unit], admin: User, today: dt.date, rng: random.Random
) -> None:
    year = today.year
    school_results = today > dt.date(year, 8, 31)
    schools = {b.pk for b in branches if _grassroots_kind(b) == "school"}
    rows = []
    members = Member.objects.filter(unit__in=branches, status__in=CURRENT_STATUSES).select_related(
        "unit"
    )
    for member in members.only("id", "unit_id", "unit_path", "unit__id"):
        if rng.random() < 0.06:
            continue  # not registered yet
        evaluated = school_results and member.unit_id in schools
        result = _training_result(rng, _weighted(rng, LEVEL_WEIGHTS)) if evaluated else ""
        own = rng.random() < 0.1
        rows.append(
            TrainingRegistration(
                member=member,
                year=year,
                unit_id=member.unit_id,
                unit_path=member.unit_path,
                areas=list(TrainingArea.values) if not own else rng.sample(TrainingArea.values, 3),
                commitments="Thực hiện tốt 5 nội dung rèn luyện đoàn viên."
                if not own
                else "Hoàn thành chứng chỉ tin học; tham gia hiến máu tình nguyện.",
                registered_on=min(today, dt.date(year, 3, rng.randint(1, 26))),
                source=TrainingSource.SELF if own else TrainingSource.BRANCH,
                result=result,
                evaluated_on=dt.date(year, 8, rng.randint(20, 30)) if result else None,
            )
        )
    TrainingRegistration.objects.bulk_create(rows, batch_size=1000)


def _grassroots_kind(branch: Unit) -> str:
    union = dues_rules.grassroots_union(branch)
    return union.kind.code if union else "other"


# --- dues -------------------------------------------------------------------------------


def _dues(
    branches: list[Unit], admin: User, today: dt.date, rng: random.Random, roots: tuple[str, ...]
) -> None:
    current = months.of_date(today)
    first = current - 11
    for code in roots:
        root = Unit.objects.filter(code=code).first()
        if root is not None:
            Rule.objects.create(
                key="dues.tracking_from",
                value=months.label(first),
                valid_from=dt.date(2011, 1, 1),
                unit=root,
                document="Kế hoạch đưa chudong vào quản lý đoàn phí của Tỉnh đoàn",
                created_by=admin,
            )
    rules.forget()
    members = list(
        Member.objects.filter(unit__in=branches)
        .exclude(status=MemberStatus.MERGED)
        .filter(is_honorary=False)
        .select_related("unit")
        .order_by("pk")
    )
    since = dict(
        MemberUnitPeriod.objects.filter(member__in=members, end__isnull=True).values_list(
            "member_id", "start"
        )
    )
    profiles, exemptions, payments = [], [], []
    for member in members:
        category = DuesCategory.SALARIED if member.occupation in SALARIED else "unsalaried"
        far = member.status == MemberStatus.WORKING_FAR
        current_member = member.status in CURRENT_STATUSES
        if current_member:
            profiles.append(
                DuesProfile(
                    member=member,
                    category=category,
                    months_per_payment=3 if far else 1,
                    consent_note="BCH chi đoàn đồng ý đóng theo quý (đi làm ăn xa)" if far else "",
                )
            )
        start = max(
            first,
            months.of_date(member.admission_date) if member.admission_date else first,
            months.of_date(since[member.pk]) if member.pk in since else first,
        )
        end = current if current_member else months.of_date(member.status_since) - 1
        if end < start:
            continue
        roll = rng.random()
        skipped: set[int] = set()
        if current_member and roll < 0.01 and end - start >= 4:
            length = rng.randint(3, 6)
            begin = rng.randint(start, max(start, end - length))
            union = dues_rules.grassroots_union(member.unit)
            exemptions.append(
                DuesExemption(
                    member=member,
                    unit=member.unit,
                    unit_path=member.unit_path,
                    first_month=begin,
                    last_month=begin + length - 1,
                    reason="Gia đình có hoàn cảnh đặc biệt khó khăn (thiên tai, bệnh hiểm nghèo).",
                    decision_number=f"{rng.randint(10, 90)}-QĐ/ĐTN",
                    decided_on=months.first_day(begin),
                    decided_by=union or member.unit,
                    recorded_by=admin,
                )
            )
            skipped |= set(range(begin, begin + length))
        elif current_member and roll < 0.05:
            skipped |= set(range(rng.randint(max(start, current - 6), current), current + 1))
        elif roll < 0.15:
            skipped |= set(rng.sample(range(start, end + 1), k=min(2, end - start + 1)))
        rate = {m: dues_rules.monthly_rate(category, m, member.unit) for m in range(start, end + 1)}
        if far:
            for block in range(start, end + 1, 3):
                paid = [m for m in range(block, min(block + 3, end + 1)) if m not in skipped]
                day = min(today, months.first_day(block) + dt.timedelta(days=rng.randint(3, 20)))
                payments += [
                    _payment(member, m, rate[m], category, day, len(paid), admin) for m in paid
                ]
            continue
        for m in range(start, end + 1):
            if m in skipped or (m == current and rng.random() < 0.45):
                continue
            day = min(today, months.first_day(m) + dt.timedelta(days=rng.randint(4, 25)))
            payments.append(_payment(member, m, rate[m], category, day, 1, admin))
    DuesProfile.objects.bulk_create(profiles, batch_size=1000)
    bulk_create_with_history(exemptions, DuesExemption, batch_size=500, default_user=admin)
    _remittances(payments, admin, today, first)
    DuesPayment.objects.bulk_create(payments, batch_size=1000)


def _payment(member, month, amount, category, day, together, admin) -> DuesPayment:
    return DuesPayment(
        member=member,
        month=month,
        amount=amount,
        category=category,
        unit_id=member.unit_id,
        unit_path=member.unit_path,
        paid_on=day,
        months_paid_together=together,
        recorded_by=admin,
    )


def _remittances(payments: list[DuesPayment], admin: User, today: dt.date, first: int) -> None:
    """Remit through the last complete quarter, bottom-up, with the services' arithmetic:
    branches monthly (two late with the quarter's last month), the levels above quarterly,
    provinces not yet (yearly, by 30/12); receipts confirmed the next day, except the
    province's for the last quarter."""
    quarter_end = months.period_containing(months.of_date(today), 3).first - 1
    if quarter_end < first:
        return
    units = {u.pk: u for u in Unit.objects.filter(status=UnitStatus.ACTIVE).select_related("kind")}
    # What each unit holds: its own payments (branches) and the remittances it received.
    held: dict[int, list] = defaultdict(list)
    for payment in payments:
        if payment.month <= quarter_end:
            held[payment.unit_id].append(payment)
    for depth in range(max(u.depth for u in units.values()), 1, -1):
        batch = []
        for unit_id in sorted(pk for pk in held if units[pk].depth == depth):
            unit = units[unit_id]
            monthly = dues_rules.level_of(unit) == dues_rules.BRANCH
            items = sorted(held.pop(unit_id), key=_month_of_item)
            period = months.period_containing(_month_of_item(items[0]), 1 if monthly else 3)
            while period.first <= quarter_end and items:
                if monthly and unit.code in LATE_BRANCHES and period.last == quarter_end:
                    break
                taken = [i for i in items if _month_of_item(i) <= period.last]
                items = items[len(taken) :]
                if taken:
                    batch.append((_remit(unit, units[unit.parent_id], period, taken, admin), taken))
                period = months.period_containing(period.last + 1, period.months)
        if not batch:
            continue
        rows = [row for row, _taken in batch]
        bulk_create_with_history(rows, Remittance, batch_size=500, default_user=admin)
        for row, taken in batch:
            receipts = [i for i in taken if isinstance(i, Remittance)]
            for item in taken:
                if isinstance(item, Remittance):
                    item.included_in = row
                else:
                    item.remittance = row
            if receipts:
                Remittance.objects.filter(pk__in=[r.pk for r in receipts]).update(included_in=row)
            if units[row.to_unit_id].depth > 1:
                held[row.to_unit_id].append(row)
        top = [row for row in rows if units[row.to_unit_id].depth == 1]
        latest = months.period_containing(quarter_end, 3)
        Remittance.objects.filter(
            pk__in=[r.pk for r in top if r.last_month >= latest.first]
        ).update(confirmed_on=None, confirmed_by=None)


def _month_of_item(item) -> int:
    return item.last_month if isinstance(item, Remittance) else item.month


def _remit(unit: Unit, upper: Unit, period: months.Period, taken: list, admin: User) -> Remittance:
    gross = sum(i.remitted if isinstance(i, Remittance) else i.amount for i in taken)
    share = dues_rules.retained_share(months.last_day(period.last), unit)
    kept, sent = dues_rules.split(gross, share)
    sent_on = months.first_day(period.last + 1) + dt.timedelta(days=max(1, 14 - 3 * unit.depth))
    row = _remittance(unit, upper, period.first, period.last, gross, kept, sent, share, sent_on,
                      admin)  # fmt: skip
    row.confirmed_on, row.confirmed_by = sent_on + dt.timedelta(days=1), admin
    return row


def _remittance(unit, upper, first, last, gross, kept, sent, share, sent_on, admin):
    return Remittance(
        from_unit=unit,
        from_path=unit.path,
        to_unit=upper,
        to_path=upper.path,
        first_month=first,
        last_month=last,
        gross=gross,
        retained=kept,
        remitted=sent,
        retained_share=f"{share.numerator}/{share.denominator}",
        remitted_on=sent_on,
        recorded_by=admin,
    )
