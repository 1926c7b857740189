"""Youth in difficult circumstances (criterion 1.3): the services, their Vietnamese
errors, and who may write."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from chudong.care import services
from chudong.care.models import CaseStatus, HardshipCase

from .conftest import TODAY


def test_it_lists_a_young_person_with_several_circumstances(world, hardship):
    case = hardship(circumstances=["poor", "orphan", "dropout"])

    case.refresh_from_db()
    assert case.unit_path == world.unit("TA.G1.B1").path
    assert case.circumstances == ["poor", "orphan", "dropout"]
    assert case.is_poor and case.is_orphan and not case.is_disability
    assert case.status == CaseStatus.OPEN and not case.has_plan
    assert case.history.first().history_user == world.secretary


def test_it_lists_a_member_and_keeps_no_inline_name(world, make_member):
    member = make_member(full_name="Trần Văn Khó")
    case = services.hardship_create(
        actor=world.branch_secretary,
        unit=world.unit("TA.G1.B1"),
        member=member,
        person_name="ignored",
        circumstances=["unemployed"],
        opened_on=TODAY,
    )
    assert case.member == member and case.person_name == ""
    assert case.display_name == "Trần Văn Khó"


def test_it_refuses_a_member_of_another_unit(world, make_member):
    member = make_member(unit_code="TA.G1.B2")
    with pytest.raises(ValidationError) as error, translation.override("vi"):
        services.hardship_create(
            actor=world.secretary,
            unit=world.unit("TA.G1.B1"),
            member=member,
            circumstances=["poor"],
            opened_on=TODAY,
        )
    assert "không thuộc" in error.value.message_dict["member"][0]


def test_it_explains_bad_input_in_vietnamese(world):
    with pytest.raises(ValidationError) as error, translation.override("vi"):
        services.hardship_create(
            actor=world.secretary,
            unit=world.unit("TA.G1"),
            person_name="",
            birth_year=1900,
            circumstances=[],
            opened_on=TODAY + dt.timedelta(days=1),
        )
    errors = error.value.message_dict
    assert set(errors) == {"person_name", "birth_year", "circumstances", "opened_on"}
    assert errors["circumstances"] == ["Đánh dấu ít nhất một hoàn cảnh."]
    assert errors["opened_on"] == ["Ngày không thể ở tương lai."]
    assert not HardshipCase.objects.exists()


def test_other_circumstance_needs_details(world):
    with pytest.raises(ValidationError) as error:
        services.hardship_create(
            actor=world.secretary,
            unit=world.unit("TA.G1"),
            person_name="A",
            circumstances=["other"],
            opened_on=TODAY,
        )
    assert set(error.value.message_dict) == {"details"}


def test_plan_and_support_keep_the_counters_and_closing_needs_an_outcome(world, hardship):
    case = hardship(opened_on=dt.date(2026, 1, 10))
    services.plan_item_add(
        actor=world.secretary,
        case=case,
        what="Học bổng học nghề may",
        responsible="Bí thư chi đoàn",
        due_on=dt.date(2026, 9, 1),
    )
    services.support_add(
        actor=world.secretary,
        case=case,
        kind="cash",
        value_vnd=2_000_000,
        given_on=dt.date(2026, 2, 1),
        sponsor_name="Công ty Hòa Phát",
    )
    services.support_add(
        actor=world.secretary, case=case, kind="job", value_vnd=0, given_on=dt.date(2026, 1, 20)
    )
    case.refresh_from_db()
    assert case.has_plan and case.last_support_on == dt.date(2026, 2, 1)

    with pytest.raises(ValidationError) as error:
        services.support_add(
            actor=world.secretary, case=case, kind="cash", value_vnd=0, given_on=TODAY
        )
    assert "value_vnd" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.hardship_close(actor=world.secretary, case=case, closed_on=TODAY, outcome=" ")
    assert "outcome" in error.value.message_dict

    services.hardship_close(
        actor=world.secretary,
        case=case,
        closed_on=TODAY,
        outcome="Có việc làm ổn định tại xưởng may.",
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_on == TODAY
    with pytest.raises(ValidationError):
        services.hardship_close(actor=world.secretary, case=case, closed_on=TODAY, outcome="x")


def test_writing_needs_care_manage_and_the_sensitive_capability(world, hardship, committee):
    # The executive committee member records care work but may not see sensitive data.
    with pytest.raises(PermissionDenied):
        hardship(actor=committee, unit_code="TA.G1")
    case = hardship()
    with pytest.raises(PermissionDenied):
        services.support_add(actor=committee, case=case, kind="health", value_vnd=0, given_on=TODAY)
    # Out of sight is "not found".
    from django.http import Http404

    with pytest.raises(Http404):
        hardship(actor=world.staff_b)
    with pytest.raises(PermissionDenied):
        hardship(actor=world.member)


def test_cases_follow_a_member_merge_and_a_subtree_move(world, hardship, make_member):
    keep = make_member(full_name="Lê Văn Giữ")
    remove = make_member(full_name="Lê Văn Gộp")
    case = services.hardship_create(
        actor=world.secretary,
        unit=world.unit("TA.G1.B1"),
        member=remove,
        circumstances=["poor"],
        opened_on=TODAY,
    )
    services.follow_member_merge(keep=keep, remove=remove, actor=world.secretary)
    case.refresh_from_db()
    assert case.member == keep

    content = services.CareContent()
    old = world.unit("TA.G1").path
    moved = content.repath(old_prefix=old, new_prefix="zzzz" + old[4:])
    case.refresh_from_db()
    assert moved == 1 and case.unit_path.startswith("zzzz")
