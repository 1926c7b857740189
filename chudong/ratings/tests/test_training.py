"""Rèn luyện đoàn viên: the branch registers everyone at once with default content, edits
one member, members register themselves (the service the member portal calls), the
branch evaluates on the date the rules set for its kind of union, and the result grounds
the rating."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from chudong.members.models import Member
from chudong.ratings import selectors, services
from chudong.ratings.models import TrainingRegistration, TrainingSource

MARCH = dt.datetime(2025, 3, 10, 9, tzinfo=dt.UTC)
DECEMBER = dt.datetime(2025, 12, 15, 9, tzinfo=dt.UTC)


def test_the_branch_registers_everyone_at_once_then_edits_one(world, make_member, login):
    with time_machine.travel(MARCH):
        members = [make_member(since=dt.date(2023, 1, 1)) for _ in range(4)]
        client = login(world.branch_secretary)
        url = f"/units/{world.unit('TA.G1.B1').pk}/training/2025/"
        page = client.get(url).content.decode()
        assert "Đăng ký cho cả chi đoàn" in page and "0/4 đoàn viên đã đăng ký" in page
        response = client.post(
            url,
            {
                "action": "register_all",
                "areas": ["politics", "ethics", "skills", "health", "union"],
                "commitments": "Tham gia đầy đủ sinh hoạt chi đoàn",
            },
        )
        assert response.status_code == 302
        assert TrainingRegistration.objects.filter(year=2025).count() == 4
        one = members[0]
        edit = client.post(
            f"/members/{one.pk}/training/2025/",
            {"areas": ["skills"], "commitments": "Học xong chứng chỉ tin học"},
        )
        assert edit.status_code == 302
        # Registering the whole branch again adds nobody twice.
        assert (
            services.training_register_branch(
                actor=world.branch_secretary, unit=world.unit("TA.G1.B1"), year=2025
            )
            == 0
        )
    registration = TrainingRegistration.objects.get(member=one)
    assert registration.areas == ["skills"]
    assert registration.commitments == "Học xong chứng chỉ tin học"
    assert registration.history.first().history_user == world.branch_secretary
    assert login(world.staff_b).get(f"/members/{one.pk}/training/2025/").status_code == 404


def test_a_member_registers_from_their_own_account(world, make_member):
    with time_machine.travel(MARCH):
        me = make_member(full_name="Vũ Thị Thu", sex="female", since=dt.date(2023, 1, 1))
        Member.objects.filter(pk=me.pk).update(user=world.member)
        registration = services.training_register_self(
            actor=world.member, year=2025, areas=["health", "union"], commitments="Chạy bộ mỗi tuần"
        )
        assert (registration.source, registration.areas) == (
            TrainingSource.SELF,
            ["health", "union"],
        )
        assert registration.unit == world.unit("TA.G1.B1")
        with pytest.raises(PermissionDenied):
            services.training_register_self(
                actor=world.secretary, year=2025, areas=["health"], commitments=""
            )
        with pytest.raises(ValidationError):
            services.training_register_self(actor=world.member, year=2025, areas=[], commitments="")


def test_the_evaluation_date_follows_the_kind_of_union(world, make_member):
    with time_machine.travel(MARCH):
        school = selectors.training_sheet(
            actor=world.staff_a, unit=world.unit("TA.G2.B1"), year=2025
        )
        commune = selectors.training_sheet(
            actor=world.staff_a, unit=world.unit("TA.G1.B1"), year=2025
        )
    assert school.evaluation_day == dt.date(2025, 8, 31)
    assert commune.evaluation_day == dt.date(2025, 12, 31)


def test_the_evaluation_grounds_the_rating_and_locks_the_registration(world, make_member, login):
    with time_machine.travel(DECEMBER):
        best = make_member(full_name="Trịnh Văn Giỏi", since=dt.date(2023, 1, 1))
        other = make_member(full_name="Hà Văn Khá", since=dt.date(2023, 1, 1))
        unit = world.unit("TA.G1.B1")
        services.training_register_branch(actor=world.branch_secretary, unit=unit, year=2025)
        client = login(world.branch_secretary)
        url = f"/units/{unit.pk}/training/2025/"
        response = client.post(
            url,
            {
                "action": "evaluate",
                "evaluated_on": "10/12/2025",
                f"result_{best.pk}": "excellent",
                f"result_{other.pk}": "good",
            },
        )
        assert response.status_code == 302
        sheet = client.get(f"/units/{unit.pk}/ratings/2025/").content.decode()
        assert "Rèn luyện: Hoàn thành xuất sắc" in sheet and "Rèn luyện: Hoàn thành tốt" in sheet
        services.rating_sheet_save(
            actor=world.branch_secretary,
            unit=unit,
            year=2025,
            entries=[services.RatingEntry(best.pk, "excellent")],
        )
        with pytest.raises(ValidationError):
            services.rating_sheet_save(
                actor=world.branch_secretary,
                unit=unit,
                year=2025,
                entries=[services.RatingEntry(other.pk, "excellent")],
            )
        with pytest.raises(ValidationError):
            services.training_registration_save(
                actor=world.branch_secretary,
                member=best,
                year=2025,
                areas=["health"],
                commitments="",
            )
        future = client.post(
            url, {"action": "evaluate", "evaluated_on": "20/12/2025", f"result_{best.pk}": "good"}
        )
        assert future.status_code == 200
    registration = TrainingRegistration.objects.get(member=best)
    assert (registration.result, registration.evaluated_on) == ("excellent", dt.date(2025, 12, 10))
