"""Arrears: the months owed since the later of admission and the start of dues tracking,
until last month, minus months paid and exempted. The same figure in Python (a member's
page, the month screen) and in SQL (list filter, warning), for any set of payments."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chudong.dues import months, selectors
from chudong.dues.models import DuesExemption, DuesPayment
from chudong.rules.models import Rule

NOVEMBER = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)


def _sql_arrears(member, today):
    rows = selectors.with_arrears(
        type(member).objects.filter(pk=member.pk),
        today=today,
        tracking=selectors.dues_rules.tracking_from(today, member.unit),
    )
    return rows.get().dues_arrears


def test_it_counts_from_the_later_of_admission_and_tracking_until_last_month(
    world, make_member, pay
):
    with time_machine.travel(NOVEMBER):
        old = make_member(admitted=dt.date(2019, 9, 2))  # tracked from 01/2026
        new = make_member(admitted=dt.date(2026, 6, 10))  # owes from 06/2026
        pay([old, new], 2026, 6)
        pay([old], 2026, 11)  # the current month is not owed yet: paying it early is fine
        today = dt.date(2026, 11, 20)
        dues_old = selectors.member_dues(actor=world.staff_a, member=old)
        dues_new = selectors.member_dues(actor=world.staff_a, member=new)
    # Old: January–October = 10 months, June paid → 9 owed.
    assert len(dues_old.owed) == 9 and months.label(dues_old.owed[0]) == "01/2026"
    assert months.index(2026, 11) not in dues_old.owed
    assert dues_old.owed_amount == 9 * 2000
    # New: June–October = 5 months, June paid → 4 owed.
    assert [months.label(m) for m in dues_new.owed] == ["07/2026", "08/2026", "09/2026", "10/2026"]
    assert _sql_arrears(old, today) == 9 and _sql_arrears(new, today) == 4


def test_the_rate_in_force_each_month_prices_what_is_owed(world, make_member, pay):
    Rule.objects.create(
        key="dues.monthly_unsalaried", value=3000, valid_from=dt.date(2026, 7, 1), document="NQ"
    )
    with time_machine.travel(NOVEMBER):
        member = make_member(admitted=dt.date(2019, 9, 2))
        dues = selectors.member_dues(actor=world.staff_a, member=member)
        sheet_june = selectors.build_month_sheet(
            unit=world.unit("TA.G1.B1"), month=months.index(2026, 6)
        )
        sheet_july = selectors.build_month_sheet(
            unit=world.unit("TA.G1.B1"), month=months.index(2026, 7)
        )
    assert dues.owed_amount == 6 * 2000 + 4 * 3000
    assert sheet_june.rows[0].rate == 2000 and sheet_july.rows[0].rate == 3000


def test_former_and_honorary_members_owe_nothing(world, make_member):
    from chudong.members import services as member_services

    with time_machine.travel(NOVEMBER):
        honorary = make_member(is_honorary=True)
        gone = make_member()
        member_services.member_status_change(
            actor=world.central_admin,
            member=gone,
            status="struck_off",
            effective_on=dt.date(2026, 5, 1),
        )
        gone.refresh_from_db()
        assert selectors.member_dues(actor=world.staff_a, member=honorary).owed == []
        assert selectors.member_dues(actor=world.staff_a, member=gone).owed == []
        owing = selectors.in_arrears(min_months=1)
    assert not owing.filter(pk__in=[honorary.pk, gone.pk]).exists()


MONTHS_2026 = [months.index(2026, m) for m in range(1, 13)]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    paid=st.sets(st.sampled_from(MONTHS_2026)),
    exempt_start=st.sampled_from(MONTHS_2026),
    exempt_length=st.integers(min_value=0, max_value=6),
    admitted_month=st.integers(min_value=1, max_value=11),
)
def test_python_and_sql_agree_for_any_payments(
    world, make_member, paid, exempt_start, exempt_length, admitted_month
):
    """Property: whatever months are paid or exempted, the member page and the SQL used by
    filters and warnings give the same months owed."""
    with time_machine.travel(NOVEMBER), transaction.atomic():
        member = make_member(admitted=dt.date(2026, admitted_month, 15))
        exempt = set(range(exempt_start, exempt_start + exempt_length)) - paid
        for m in sorted(paid):
            DuesPayment.objects.create(
                member=member, month=m, amount=2000, category="unsalaried",
                unit=member.unit, unit_path=member.unit_path, paid_on=dt.date(2026, 11, 1),
            )  # fmt: skip
        # Exemptions are contiguous runs that avoid paid months (as the service demands).
        runs, run = [], []
        for m in sorted(exempt):
            if run and m != run[-1] + 1:
                runs.append(run)
                run = []
            run.append(m)
        if run:
            runs.append(run)
        for run in runs:
            DuesExemption.objects.create(
                member=member, unit=member.unit, unit_path=member.unit_path, first_month=run[0],
                last_month=run[-1], reason="Khó khăn", decision_number="1/QĐ",
                decided_on=dt.date(2026, 1, 1), decided_by=world.unit("TA.G1"),
            )  # fmt: skip
        python = len(selectors.member_dues(actor=world.staff_a, member=member).owed)
        sql = _sql_arrears(member, dt.date(2026, 11, 20))
        start = max(months.index(2026, admitted_month), months.index(2026, 1))
        expected = len(
            [m for m in range(start, months.index(2026, 10) + 1) if m not in paid | exempt]
        )
        transaction.set_rollback(True)
    assert python == sql == expected
