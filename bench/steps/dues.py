"""Membership dues (chudong.dues) since each province started recording them in chudong:
a `dues.tracking_from` rule per province (TRACKING_FROM), then per member and month a
payment collected by the member's branch, with the usual exceptions; and the
remittances that carried the money up the tree.

- Who owes: members in a current status (active, temporarily elsewhere, working far),
  from the later of their admission month and TRACKING_FROM, until last month (October
  2026; `dues.selectors.last_owed_month`).
- Members of enterprises, agencies, the police and the army pay the salaried rate and
  have a `DuesProfile` saying so; everyone else pays the unsalaried rate without a
  profile (the default). Amounts are the seeded rules' (2,000 and 5,000 VND).
- About 1 % have an exemption (hardship) decided by their grassroots union, covering the
  whole window, and pay nothing; 4 % paid nothing (three months of arrears); 10 % have not
  paid last month yet; 6 % paid the window at once (three rows, `months_paid_together` 3);
  the rest paid every month, between the 5th and the 24th.
- Remittances (schedule of rule `dues.remittance_schedule`): each branch sent August and
  September to its upper unit (monthly, confirmed); every unit between a branch and its
  province (grassroots unions, faculties' federated branches, direct-under unions, *chi
  đoàn cơ sở*) sent the third quarter on to its upper unit, deeper levels first, each
  carrying the remittances it received (`included_in`). October's payments are still
  held by the branches (not remitted; due by the end of November), and the provinces
  remit yearly (due on 30/12), so their receipts are pending.
"""

from __future__ import annotations

import datetime as dt

from chudong.dues import months
from chudong.members.models import CURRENT_STATUSES

from ..loading import next_id
from ..world import ANCHOR, TIMESTAMP, World
from .members import STATUS_CODE

TRACKING_FROM = months.index(2026, 8)  # August 2026
LAST_OWED = months.of_date(ANCHOR) - 1  # October 2026
REMITTED_MONTHS = (TRACKING_FROM, TRACKING_FROM + 1)  # August and September
QUARTER = months.period_containing(TRACKING_FROM, 3)  # July–September
RATES = {"unsalaried": 2000, "salaried": 5000}
SALARIED_TYPES = frozenset({"enterprise", "agency", "small-agency", "police", "military"})
# Shares of members who owe, cumulative: exempted, paid nothing, last month unpaid, paid
# the window at once; the rest paid every month.
EXEMPT, UNPAID, LATE, TOGETHER = 0.01, 0.05, 0.15, 0.21
EXEMPTION_REASONS = (
    "Gia đình có hoàn cảnh đặc biệt khó khăn",
    "Bản thân bị ốm đau dài ngày, không có thu nhập",
    "Gia đình bị thiệt hại nặng do thiên tai",
)
CONSENT = "BCH chi đoàn đồng ý ngày 20/07/2026: đóng theo quý"
RULE_COLUMNS = (
    "id", "key", "value", "valid_from", "unit_id", "document", "note", "created_by_id",
    "created_at",
)  # fmt: skip
PROFILE_COLUMNS = (
    "id",
    "member_id",
    "category",
    "months_per_payment",
    "consent_note",
    "updated_at",
)
PAYMENT_COLUMNS = (
    "id", "member_id", "month", "amount", "category", "unit_id", "unit_path", "paid_on",
    "months_paid_together", "remittance_id", "recorded_by_id", "created_at",
)  # fmt: skip
EXEMPTION_COLUMNS = (
    "id", "member_id", "unit_id", "unit_path", "first_month", "last_month", "reason",
    "decision_number", "decided_on", "decided_by_id", "recorded_by_id", "created_at",
)  # fmt: skip
REMITTANCE_COLUMNS = (
    "id", "from_unit_id", "from_path", "to_unit_id", "to_path", "first_month", "last_month",
    "gross", "retained", "remitted", "retained_share", "remitted_on", "note", "recorded_by_id",
    "confirmed_by_id", "confirmed_on", "included_in_id", "created_at",
)  # fmt: skip
OWING = frozenset(STATUS_CODE[s] for s in CURRENT_STATUSES)


def _day(month: int, day: int) -> str:
    return dt.date(months.year_of(month), months.month_of(month), day).isoformat()


def _grassroots_of(unit):
    """The grassroots union that decides a branch member's exemption."""
    while unit.kind in ("branch", "federated-branch"):
        unit = unit.parent
    return unit


def build_dues(world: World) -> None:
    sink, cursor = world.sink, world.cursor
    n = r"\N"
    rules = sink.lines("rules_rule", RULE_COLUMNS)
    rule_id = next_id(cursor, "rules_rule")
    label = f'"{months.label(TRACKING_FROM)}"'
    for province in world.provinces:
        rules.append(
            f"{rule_id}\tdues.tracking_from\t{label}\t2026-07-20\t{province.id}\t"
            f"Kế hoạch triển khai chudong của Tỉnh đoàn\t\t{n}\t{TIMESTAMP}"
        )
        rule_id += 1

    # Remittance ids, known before any payment is written: each branch's August and
    # September, and the third quarter of every unit between a branch and its province.
    remittance_id = next_id(cursor, "dues_remittance")
    monthly: dict[int, tuple[int, ...]] = {}
    quarterly: dict[int, int] = {}
    for branch in world.branches:
        if branch.kind == "branch":
            monthly[branch.id] = tuple(range(remittance_id, remittance_id + len(REMITTED_MONTHS)))
            remittance_id += len(REMITTED_MONTHS)
    uppers = [
        u
        for u in world.units
        if u.parent is not None and u.parent.parent is not None and u.kind != "branch"
    ]
    uppers.sort(key=lambda u: -len(u.path))  # deeper levels remit first
    for unit in uppers:
        quarterly[unit.id] = remittance_id
        remittance_id += 1
    # Money per remittance: branch id → [gross per remitted month]; unit id → Q3 gross.
    collected: dict[int, list[int]] = {}

    profiles = sink.lines("dues_duesprofile", PROFILE_COLUMNS)
    payments = sink.lines("dues_duespayment", PAYMENT_COLUMNS)
    exemptions = sink.lines("dues_duesexemption", EXEMPTION_COLUMNS)
    profile_id = next_id(cursor, "dues_duesprofile")
    payment_id = next_id(cursor, "dues_duespayment")
    exemption_id = next_id(cursor, "dues_duesexemption")
    rnd = world.rng("dues").random
    first = world.first_member_id
    admitted_on, status = world.admitted_on, world.status
    window = range(TRACKING_FROM, LAST_OWED + 1)
    month_starts = {m: months.first_day(m).toordinal() for m in window}
    month_ends = {m: months.last_day(m).toordinal() for m in window}
    iso = {
        day: dt.date.fromordinal(day).isoformat()
        for day in range(month_starts[TRACKING_FROM], month_ends[LAST_OWED] + 1)
    }
    for block in world.member_blocks:
        if not block.count:
            continue
        branch = block.branch
        category = "salaried" if branch.type in SALARIED_TYPES else "unsalaried"
        amount = RATES[category]
        recorder = world.secretary_of.get(branch.id) or n
        sums = {m: 0 for m in window}
        branch_remittances = monthly.get(branch.id)
        own_quarter = quarterly.get(branch.id)  # a chi đoàn cơ sở remits itself
        head = f"\t{amount}\t{category}\t{branch.id}\t{branch.path}\t"
        union = None
        for member_id in range(block.first_id, block.first_id + block.count):
            index = member_id - first
            if status[index] not in OWING:
                continue
            admitted = admitted_on[index]
            start = TRACKING_FROM
            while start <= LAST_OWED and month_ends[start] < admitted:
                start += 1
            if start > LAST_OWED:
                continue
            r = rnd()
            last = LAST_OWED - 1 if r < LATE else LAST_OWED
            together = EXEMPT <= r < TOGETHER and start == TRACKING_FROM and last == LAST_OWED
            if together:
                profiles.append(f"{profile_id}\t{member_id}\t{category}\t3\t{CONSENT}\t{TIMESTAMP}")
                profile_id += 1
            elif category == "salaried":
                profiles.append(f"{profile_id}\t{member_id}\tsalaried\t1\t\t{TIMESTAMP}")
                profile_id += 1
            if r < EXEMPT:
                union = union or _grassroots_of(branch)
                decided = _day(start, 3)
                exemptions.append(
                    f"{exemption_id}\t{member_id}\t{branch.id}\t{branch.path}\t{start}\t"
                    f"{start + 5}\t{EXEMPTION_REASONS[exemption_id % 3]}\t"
                    f"{exemption_id % 90 + 10}/QĐ-ĐTN\t{decided}\t{union.id}\t{recorder}\t"
                    f"{TIMESTAMP}"
                )
                exemption_id += 1
                continue
            if r < UNPAID:
                continue
            day = 5 + member_id % 20
            for month in range(start, last + 1):
                if month in REMITTED_MONTHS:
                    position = month - TRACKING_FROM
                    remittance = branch_remittances[position] if branch_remittances else own_quarter
                else:
                    remittance = n
                paid_in = TRACKING_FROM if together else month
                # Admitted during the month after that day: paid on the day of admission.
                paid_on = iso[max(month_starts[paid_in] + day - 1, admitted)]
                payments.append(
                    f"{payment_id}\t{member_id}\t{month}{head}{paid_on}\t"
                    f"{3 if together else 1}\t{remittance}\t{recorder}\t{TIMESTAMP}"
                )
                payment_id += 1
                sums[month] += amount
        if branch_remittances:
            collected[branch.id] = [sums[m] for m in REMITTED_MONTHS]
        elif own_quarter:
            collected[branch.id] = [sum(sums[m] for m in REMITTED_MONTHS)]
        world.sink.maybe_flush()
    _remittances(world, monthly, quarterly, uppers, collected)


def _remittances(world, monthly, quarterly, uppers, collected) -> None:
    """Write the branches' monthly remittances and the third quarter of every level above
    them, bottom-up: each sends on two thirds less of what it received (it keeps 2/3)."""
    n = r"\N"
    lines = world.sink.lines("dues_remittance", REMITTANCE_COLUMNS)
    received: dict[int, int] = {}  # unit id → what its children sent it for the quarter

    def write(rid, unit, first, last, gross, remitted_on, included_in):
        kept = gross * 2 // 3
        parent = unit.parent
        recorder = world.secretary_of.get(unit.id) or n
        confirmer = world.secretary_of.get(parent.id)
        confirmed = (
            f"{confirmer}\t{(dt.date.fromisoformat(remitted_on) + dt.timedelta(days=2))}"
            if confirmer
            else f"{n}\t{n}"
        )
        lines.append(
            f"{rid}\t{unit.id}\t{unit.path}\t{parent.id}\t{parent.path}\t{first}\t{last}\t"
            f"{gross}\t{kept}\t{gross - kept}\t2/3\t{remitted_on}\t\t{recorder}\t{confirmed}\t"
            f"{included_in}\t{TIMESTAMP}"
        )
        received[parent.id] = received.get(parent.id, 0) + gross - kept

    for branch in world.branches:
        ids = monthly.get(branch.id)
        grosses = collected.get(branch.id)
        if not ids or not grosses:
            continue
        included = quarterly.get(branch.parent.id, n)
        for rid, month, gross in zip(ids, REMITTED_MONTHS, grosses, strict=True):
            if gross:
                write(rid, branch, month, month, gross, _day(month + 1, 10), included)
        world.sink.maybe_flush()
    for unit in uppers:  # deepest first, so a unit has received everything it sends on
        own = collected.get(unit.id, [0])[0]
        gross = own + received.get(unit.id, 0)
        if not gross:
            continue
        depth = len(unit.path) // 4
        included = quarterly.get(unit.parent.id, n)
        write(
            quarterly[unit.id],
            unit,
            QUARTER.first,
            QUARTER.last,
            gross,
            _day(QUARTER.last + 1, max(10, 28 - 3 * depth)),
            included,
        )
