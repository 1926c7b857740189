"""The year's schedule: one planned meeting per owed period that has not ended, for a
branch or for every branch of a grassroots union at once; running it again adds nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from chudong.meetings import services
from chudong.meetings.models import Meeting, MeetingState, MeetingYear
from chudong.rules import rules
from chudong.rules.models import Rule


def test_it_plans_the_remaining_months_of_this_year_for_a_branch(world, today):
    branch = world.unit("TA.G1.B1")
    created = services.schedule_generate(actor=world.branch_secretary, unit=branch, year=2026)
    assert [m.period_start for m in created] == [dt.date(2026, 11, 1), dt.date(2026, 12, 1)]
    assert {m.scheduled_on for m in created} == {dt.date(2026, 11, 15), dt.date(2026, 12, 15)}
    assert all(m.state == MeetingState.PLANNED for m in created)
    assert MeetingYear.objects.get(unit=branch, year=2026).due_from == dt.date(2026, 1, 1)


def test_running_it_again_adds_nothing(world, today):
    branch = world.unit("TA.G1.B1")
    services.schedule_generate(actor=world.branch_secretary, unit=branch, year=2027)
    again = services.schedule_generate(actor=world.branch_secretary, unit=branch, year=2027)
    assert again == []
    assert Meeting.objects.filter(unit=branch, period_start__year=2027).count() == 12


def test_a_grassroots_union_plans_every_branch_at_once(world, today, django_assert_max_num_queries):
    Rule.objects.create(
        key="meetings.months_between_by_kind", value={"branch": 3},
        valid_from=dt.date(2027, 1, 1), unit=world.unit("TA.G1"), document="x",
    )  # fmt: skip
    rules.forget()
    with django_assert_max_num_queries(20):
        created = services.schedule_generate_below(
            actor=world.secretary, unit=world.unit("TA.G1"), year=2027, day_of_month=31
        )
    by_branch = {}
    for m in created:
        by_branch.setdefault(m.unit.code, []).append(m)
    assert set(by_branch) == {"TA.G1.B1", "TA.G1.B2"}
    assert [m.period_start.month for m in by_branch["TA.G1.B2"]] == [1, 4, 7, 10]
    assert by_branch["TA.G1.B2"][1].scheduled_on == dt.date(2027, 4, 30)  # 31 → end of April
    assert (
        MeetingYear.objects.filter(
            year=2027, unit_path__startswith=world.unit("TA.G1").path
        ).count()
        == 2
    )


def test_only_this_or_next_year_can_be_planned(world, today):
    with pytest.raises(ValidationError, match="năm nay hoặc năm sau"):
        services.schedule_generate(actor=world.secretary, unit=world.unit("TA.G1.B1"), year=2029)


def test_a_plain_member_cannot_plan_and_another_province_does_not_see_it(world, today):
    with pytest.raises(PermissionDenied):
        services.schedule_generate(actor=world.member, unit=world.unit("TA.G1.B1"), year=2027)
    with pytest.raises(Http404):
        services.schedule_generate(actor=world.staff_b, unit=world.unit("TA.G1.B1"), year=2027)
    assert not Meeting.objects.exists()


def test_the_schedule_page_plans_from_the_browser(world, login, today):
    client = login(world.secretary)
    unit = world.unit("TA.G1")
    response = client.post(
        f"/units/{unit.pk}/meetings/schedule/", {"year": 2027, "day_of_month": 10}
    )
    assert response.status_code == 302
    assert Meeting.objects.filter(unit_path__startswith=unit.path, state="planned").count() == 24
    page = client.get(f"/units/{world.unit('TA.G1.B1').pk}/meetings/?year=2027")
    assert page.status_code == 200
    assert "10/01" in page.content.decode()
