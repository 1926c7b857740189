"""Remittance up the tree: each level keeps the rule's share and sends the rest to its
direct upper unit on the schedule of its level; the receiver confirms; every đồng is
counted once, so what the branches collected equals what every level kept plus what
reached the top (property-tested over random payments); late units are warned about."""

from __future__ import annotations

import contextlib
import datetime as dt
import random

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chudong.dues import months, selectors, services
from chudong.dues.models import DuesPayment, Remittance

BRANCHES = ["TA.G1.B1", "TA.G1.B2", "TA.G2.B1"]
AFTER_2026 = dt.datetime(2027, 2, 1, 9, tzinfo=dt.UTC)


def _period(first, last=None):
    return months.Period(first, last if last is not None else first)


def _remit(world, code, period, actor=None, day=None):
    unit = world.unit(code)
    return services.remittance_record(
        actor=actor or world.central_admin,
        unit=unit,
        period=period,
        remitted_on=day or dt.date.today(),
    )


def _confirm_all_to(world, code):
    for remittance in Remittance.objects.filter(
        to_unit=world.unit(code), confirmed_on__isnull=True
    ):
        services.remittance_confirm(actor=world.central_admin, remittance=remittance)


def test_a_branch_keeps_two_thirds_and_its_union_confirms_and_passes_on(
    world, make_member, pay, login
):
    with time_machine.travel(dt.datetime(2026, 4, 5, 9, tzinfo=dt.UTC)):
        members = [make_member() for _ in range(4)]
        pay(members, 2026, 1)
        pay(members[:3], 2026, 2)
        pay(members[:2], 2026, 3)
        client = login(world.branch_secretary)
        url = f"/units/{world.unit('TA.G1.B1').pk}/dues/remittances/"
        page = client.get(url).content.decode()
        assert "Trích nộp lên Đoàn xã Bình Minh" in page
        response = client.post(
            url, {"action": "record", "period": f"{months.index(2026, 1)}-{months.index(2026, 1)}",
                  "remitted_on": "05/02/2026"},
        )  # fmt: skip
        assert response.status_code == 302
        january = Remittance.objects.get()
        # 4 × 2.000 = 8.000: keeps 5.333 (2/3 rounded down), sends 2.667.
        assert (january.gross, january.retained, january.remitted) == (8000, 5333, 2667)
        assert january.to_unit == world.unit("TA.G1")
        # The same period twice is refused; a period off the schedule too.
        with pytest.raises(ValidationError):
            _remit(world, "TA.G1.B1", _period(months.index(2026, 1)))
        with pytest.raises(ValidationError):
            _remit(world, "TA.G1.B1", _period(months.index(2026, 2), months.index(2026, 3)))
        # The grassroots union sees it under its branch, confirms, and passes it on quarterly.
        secretary = login(world.secretary)
        union_url = f"/units/{world.unit('TA.G1').pk}/dues/remittances/"
        page = secretary.get(union_url).content.decode()
        assert "Chi đoàn thôn Đông" in page and "2.667" in page
        # Someone else's remittance id is "not found" here.
        confirm = {"action": "confirm", "remittance": january.pk}
        assert login(world.staff_b).post(union_url, confirm).status_code == 404
        assert login(world.branch_secretary).post(union_url, confirm).status_code == 404
        secretary = login(world.secretary)  # one test client: log in again after the others
        response = secretary.post(union_url, {"action": "confirm", "remittance": january.pk})
        assert response.status_code == 302
        january.refresh_from_db()
        assert january.confirmed_by == world.secretary
        quarter = _remit(world, "TA.G1", _period(months.index(2026, 1), months.index(2026, 3)))
    assert (quarter.gross, quarter.retained, quarter.remitted) == (2667, 1778, 889)
    assert quarter.to_unit == world.unit("TA")
    # February and March were not yet remitted by the branch: still held there.
    assert DuesPayment.objects.filter(remittance__isnull=True).count() == 5


def _cascade(world, steps):
    """Run the remittance steps that apply; return nothing (errors for empty periods are
    expected and ignored, like a unit with nothing to send)."""
    for step in steps:
        with contextlib.suppress(ValidationError):
            step()


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    payments=st.lists(
        st.tuples(st.integers(0, 8), st.integers(1, 12), st.integers(2000, 9000)),
        min_size=1,
        max_size=30,
    ),
    stop_after=st.integers(min_value=0, max_value=100),
    seed=st.integers(0, 1000),
)
def test_the_ledger_reconciles_for_any_payments(world, dues_members, payments, stop_after, seed):
    """Property: at every point, what the branches collected = what each level kept + what
    reached the top + what is still held; once everything has gone up, nothing is held."""
    rng = random.Random(seed)
    with time_machine.travel(AFTER_2026), transaction.atomic():
        seen = set()
        for index, month, amount in payments:
            member = dues_members[index]
            key = (member.pk, months.index(2026, month))
            if key in seen:
                continue
            seen.add(key)
            DuesPayment.objects.create(
                member=member, month=key[1], amount=amount, category="unsalaried",
                unit=member.unit, unit_path=member.unit_path, paid_on=dt.date(2026, month, 28),
            )  # fmt: skip
        steps = []
        for month in range(1, 13):
            branches = BRANCHES[:]
            rng.shuffle(branches)
            steps += [
                (lambda c=code, m=month: _remit(world, c, _period(months.index(2026, m))))
                for code in branches
            ]
            if month % 3 == 0:
                first = months.index(2026, month - 2)
                for union in ("TA.G1", "TA.G2"):
                    steps.append(lambda u=union: _confirm_all_to(world, u))
                    steps.append(lambda u=union, f=first: _remit(world, u, _period(f, f + 2)))
        steps.append(lambda: _confirm_all_to(world, "TA"))
        steps.append(
            lambda: _remit(world, "TA", _period(months.index(2026, 1), months.index(2026, 12)))
        )
        steps.append(lambda: _confirm_all_to(world, "ROOT"))
        partial = steps[: stop_after % (len(steps) + 1)]
        _cascade(world, partial)
        totals = services.ledger_totals()
        assert totals["payments"] == (
            totals["retained"] + totals["to_top"] + totals["unremitted_payments"]
            + totals["held_receipts"]
        )  # fmt: skip
        _cascade(world, steps[len(partial) :])
        totals = services.ledger_totals()
        assert totals["unremitted_payments"] == totals["held_receipts"] == 0
        assert totals["payments"] == totals["retained"] + totals["to_top"]
        # Every remittance adds up, and each level kept 2/3 of what it handled.
        for remittance in Remittance.objects.all():
            assert remittance.gross == remittance.retained + remittance.remitted
            assert remittance.retained == remittance.gross * 2 // 3
        transaction.set_rollback(True)


@pytest.fixture
def dues_members(world):
    """Nine members spread over three branches in two grassroots unions."""
    from chudong.members import services as member_services

    members = []
    for i in range(9):
        members.append(
            member_services.member_create(
                actor=world.central_admin,
                unit=world.unit(BRANCHES[i % 3]),
                full_name=f"Đinh Văn Nộp {i}",
                sex="male",
                date_of_birth=dt.date(2000, 1, 1),
                admission_date=dt.date(2020, 1, 1),
            )
        )
    return members


def test_late_remittances_are_warned_about_until_sent(world, make_member, pay, login):
    with time_machine.travel(dt.datetime(2026, 9, 20, 9, tzinfo=dt.UTC)):
        member = make_member()
        pay([member], 2026, 8)
        units = [world.unit("TA.G1"), world.unit("TA.G2")]
        # August is due by the end of September: not late yet.
        assert selectors.overdue_counts(units, dt.date(2026, 9, 20)) == {
            units[0].pk: 0,
            units[1].pk: 0,
        }
    with time_machine.travel(dt.datetime(2026, 10, 2, 9, tzinfo=dt.UTC)):
        assert selectors.overdue_counts(units, dt.date(2026, 10, 2))[units[0].pk] == 1
        page = login(world.secretary).get(f"/units/{units[0].pk}/").content.decode()
        assert "Đơn vị chậm trích nộp đoàn phí" in page
        _remit(world, "TA.G1.B1", _period(months.index(2026, 8)))
        assert selectors.overdue_counts(units, dt.date(2026, 10, 2))[units[0].pk] == 0
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)):
        # The union received it (unconfirmed counts as held) and Q3 was due by 31/10.
        assert selectors.overdue_counts([world.unit("TA")], dt.date(2026, 11, 2)) == {
            world.unit("TA").pk: 1
        }


def test_the_remittance_page_reads_a_fixed_number_of_queries(world, make_member, pay, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with time_machine.travel(dt.datetime(2026, 4, 5, 9, tzinfo=dt.UTC)):
        client = login(world.secretary)
        url = f"/units/{world.unit('TA.G1').pk}/dues/remittances/"
        client.get(url)
        with CaptureQueriesContext(connection) as empty:
            client.get(url)
        for code in ("TA.G1.B1", "TA.G1.B2"):
            members = [make_member(code) for _ in range(3)]
            for month in (1, 2, 3):
                pay(members, 2026, month, unit_code=code, actor=world.secretary)
                _remit(world, code, _period(months.index(2026, month)))
        with CaptureQueriesContext(connection) as busy:
            page = client.get(url).content.decode()
    assert "Chi đoàn thôn Tây" in page and "Xác nhận đã nhận" in page
    assert len(busy) == len(empty)
