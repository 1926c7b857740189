"""The branch secretary's one screen per month: tick who paid (amounts prefilled from the
rate in force), several months at once only with the branch executive committee's
consent, untick a mistake, nothing changed once remitted; the wrong people see nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chudong.dues import months, services
from chudong.dues.models import DuesPayment

NOVEMBER = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)


def _url(world, year=2026, month=11, code="TA.G1.B1"):
    return f"/units/{world.unit(code).pk}/dues/{year}/{month}/"


def test_it_records_who_paid_in_one_post(world, make_member, login):
    with time_machine.travel(NOVEMBER):
        an = make_member(full_name="Lê Văn An")
        binh = make_member(full_name="Phạm Văn Bình")
        far = make_member(full_name="Đào Văn Xa")
        services.dues_profile_set(actor=world.branch_secretary, member=binh, category="salaried")
        services.dues_profile_set(
            actor=world.branch_secretary, member=far, category="unsalaried", months_per_payment=3,
            consent_note="BCH chi đoàn đồng ý ngày 05/01/2026",
        )  # fmt: skip
        client = login(world.branch_secretary)
        page = client.get(_url(world)).content.decode()
        assert "Lê Văn An" in page and "Phạm Văn Bình" in page
        assert 'value="2000"' in page and 'value="5000"' in page  # amounts prefilled by category
        response = client.post(
            _url(world),
            {
                "paid_on": "20/11/2026",
                f"paid_{an.pk}": "on",
                f"amount_{an.pk}": "2.000",
                f"paid_{binh.pk}": "on",
                f"amount_{binh.pk}": "5.000",
                f"paid_{far.pk}": "on",
                f"amount_{far.pk}": "2000",
                f"months_{far.pk}": "3",
            },
        )
        assert response.status_code == 302
        rows = sorted(DuesPayment.objects.values_list("member_id", "month", "amount"))
        assert rows == sorted(
            [
                (an.pk, months.index(2026, 11), 2000),
                (binh.pk, months.index(2026, 11), 5000),
                (far.pk, months.index(2026, 11), 2000),
                (far.pk, months.index(2026, 12), 2000),
                (far.pk, months.index(2027, 1), 2000),
            ]
        )
        page = client.get(_url(world)).content.decode()
        assert "3/3 đoàn viên đã đóng" in page and "9.000" in page

        # Unticking removes this month's payment (kept in the history).
        still_paid = {f"paid_{binh.pk}": "on", f"paid_{far.pk}": "on"}
        response = client.post(_url(world), {"paid_on": "20/11/2026", **still_paid})
        assert response.status_code == 302
    assert not DuesPayment.objects.filter(member=an).exists()
    assert DuesPayment.history.filter(member_id=an.pk, history_type="-").count() == 1


def test_several_months_at_once_need_the_consent_and_a_rate_is_a_floor(world, make_member, login):
    with time_machine.travel(NOVEMBER):
        member = make_member(full_name="Hà Văn Vội")
        client = login(world.branch_secretary)
        with pytest.raises(ValidationError, match="đồng ý"):
            services.dues_month_save(
                actor=world.branch_secretary,
                unit=world.unit("TA.G1.B1"),
                month=months.index(2026, 11),
                entries=[services.PaymentEntry(member.pk, True, months=3)],
            )
        response = client.post(
            _url(world),
            {"paid_on": "20/11/2026", f"paid_{member.pk}": "on", f"amount_{member.pk}": "1.000"},
        )
        assert "Ít nhất 2.000 đ mỗi tháng" in response.content.decode()
        future = client.post(_url(world), {"paid_on": "30/11/2026", f"paid_{member.pk}": "on"})
        assert future.status_code == 200
    assert not DuesPayment.objects.exists()


def test_other_people_see_nothing_and_cannot_record(world, make_member, login):
    with time_machine.travel(NOVEMBER):
        member = make_member()
        data = {"paid_on": "20/11/2026", f"paid_{member.pk}": "on"}
        assert login(world.staff_b).get(_url(world)).status_code == 404
        assert login(world.staff_b).post(_url(world), data).status_code == 404
        assert login(world.member).get(_url(world)).status_code == 403
        assert login(world.member).post(_url(world), data).status_code == 403
        # A future month does not exist yet.
        assert login(world.branch_secretary).get(_url(world, month=12)).status_code == 404
    assert not DuesPayment.objects.exists()


def test_a_remitted_month_is_locked(world, make_member, pay, login):
    with time_machine.travel(NOVEMBER):
        member = make_member()
        pay([member], 2026, 10)
        services.remittance_record(
            actor=world.branch_secretary, unit=world.unit("TA.G1.B1"),
            period=months.Period(months.index(2026, 10), months.index(2026, 10)),
            remitted_on=dt.date(2026, 11, 2),
        )  # fmt: skip
        client = login(world.branch_secretary)
        page = client.get(_url(world, month=10)).content.decode()
        assert "Đã trích nộp lên cấp trên" in page
        client.post(_url(world, month=10), {"paid_on": "20/11/2026"})
    assert DuesPayment.objects.get().remittance is not None


def test_the_month_screen_reads_a_fixed_number_of_queries(world, make_member, pay, login):
    with time_machine.travel(NOVEMBER):
        client = login(world.branch_secretary)
        members = [make_member() for _ in range(10)]
        pay(members, 2026, 11)
        client.get(_url(world))
        with CaptureQueriesContext(connection) as small:
            client.get(_url(world))
        more = [make_member() for _ in range(50)]
        pay(more, 2026, 11)
        with CaptureQueriesContext(connection) as large:
            response = client.get(_url(world))
        assert response.content.decode().count('type="checkbox"') == 60
    # session, user, unit, grants, crumbs, then members, current statuses, profiles,
    # payments, exemptions, the month's remittance
    assert len(small) == len(large) == 10
