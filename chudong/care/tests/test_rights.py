"""Rights and interests cases (criterion 1.5): deadlines from the dated rules, assignment
with a notification, handling, referral, outcome and confirmation, and the overdue
early warning as time passes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from chudong.care import selectors, services
from chudong.care.models import RightsStatus
from chudong.notices.models import Notification
from chudong.rules.models import Rule

from .conftest import TODAY, moment


def test_deadlines_come_from_the_rules_in_force_on_the_day_received(world, rights):
    case = rights(received_on=dt.date(2026, 6, 1))
    assert case.respond_by == dt.date(2026, 6, 11)  # 10 days
    assert case.close_by == dt.date(2026, 7, 16)  # 45 days

    # A province sets a shorter first response from 1/6/2026; earlier requests keep theirs.
    Rule.objects.create(
        key="care.rights_first_response_days",
        unit=world.unit("TA"),
        valid_from=dt.date(2026, 6, 5),
        value=5,
        document="QĐ tỉnh",
    )
    from chudong.rules import rules

    rules.forget()
    later = rights(received_on=dt.date(2026, 6, 10))
    earlier = rights(received_on=dt.date(2026, 6, 4))
    other_province = rights(
        unit_code="TB.G1", actor=world.staff_b, received_on=dt.date(2026, 6, 10)
    )
    assert later.respond_by == dt.date(2026, 6, 15)
    assert earlier.respond_by == dt.date(2026, 6, 14)
    assert other_province.respond_by == dt.date(2026, 6, 20)


def test_assigning_a_handler_notifies_them_without_naming_anyone(world, rights):
    case = rights()
    services.rights_assign(actor=world.secretary, case=case, handler=world.branch_secretary)

    case.refresh_from_db()
    assert case.handler == world.branch_secretary and case.assigned_on == TODAY
    note = Notification.objects.get(user=world.branch_secretary)
    assert note.kind == "care.rights_assigned"
    assert note.url == f"/care/rights/{case.pk}/"
    assert "Hà Văn Phúc" not in note.title + note.body
    assert "nợ lương" not in (note.title + note.body).lower()


def test_a_handler_must_see_sensitive_data_at_the_unit(world, rights, committee):
    case = rights(unit_code="TA.G1")
    with pytest.raises(ValidationError) as error:
        services.rights_assign(actor=world.secretary, case=case, handler=committee)
    assert "handler" in error.value.message_dict
    with pytest.raises(ValidationError):
        # A secretary of a branch below cannot handle a case of the grassroots union.
        services.rights_assign(actor=world.secretary, case=case, handler=world.branch_secretary)
    assert world.staff_a in selectors.handler_choices(unit=case.unit)
    assert world.branch_secretary not in selectors.handler_choices(unit=case.unit)
    assert committee not in selectors.handler_choices(unit=case.unit)


def test_the_whole_path_from_intake_to_confirmation(world, rights, frozen):
    case = rights(received_on=dt.date(2026, 6, 10))
    services.rights_step_add(
        actor=world.secretary,
        case=case,
        on=dt.date(2026, 6, 12),
        note="Gặp anh Phúc, xem hợp đồng lao động.",
    )
    case.refresh_from_db()
    assert case.status == RightsStatus.HANDLING and case.first_response_on == dt.date(2026, 6, 12)

    services.rights_refer(
        actor=world.secretary,
        case=case,
        referred_to="Trung tâm Trợ giúp pháp lý tỉnh",
        referred_on=dt.date(2026, 6, 14),
        referral_contact="0203 3856 123",
    )
    with pytest.raises(ValidationError):
        services.rights_confirm(
            actor=world.secretary, case=case, satisfaction="satisfied", confirmed_on=TODAY
        )
    services.rights_close(
        actor=world.secretary, case=case, closed_on=TODAY, outcome="Công ty đã trả đủ lương."
    )
    with pytest.raises(ValidationError) as error, translation.override("vi"):
        services.rights_step_add(actor=world.secretary, case=case, on=TODAY, note="x")
    assert error.value.messages == ["Vụ việc đã kết thúc."]
    services.rights_confirm(
        actor=world.secretary, case=case, satisfaction="satisfied", confirmed_on=TODAY
    )
    case.refresh_from_db()
    assert (case.status, case.satisfaction, case.referred_to) == (
        RightsStatus.CLOSED,
        "satisfied",
        "Trung tâm Trợ giúp pháp lý tỉnh",
    )
    assert case.steps.count() == 1


def test_bad_input_is_refused_in_vietnamese(world):
    with pytest.raises(ValidationError) as error, translation.override("vi"):
        services.rights_create(
            actor=world.secretary,
            unit=world.unit("TA.G1"),
            area="study",
            requester_kind="member",
            summary="",
            description="",
            received_on=TODAY,
            channel="letter",
        )
    errors = error.value.message_dict
    assert set(errors) == {"member", "summary", "description"}
    assert errors["member"] == ["Chọn đoàn viên đã gửi yêu cầu."]


def test_an_anonymous_request_keeps_no_contact(world, rights):
    case = rights(requester_kind="anonymous", requester_name="Ai đó", contact="0900")
    assert (case.requester_name, case.contact) == ("", "")
    with translation.override("vi"):
        assert case.display_name == "Ẩn danh"


def test_overdue_cases_are_flagged_as_time_passes(world, rights, frozen):
    # Received 15/6: first response due 25/6, settlement due 30/7.
    answered = rights(unit_code="TA.G1.B1")
    silent = rights(unit_code="TA.G1.B2")
    closed = rights(unit_code="TA.G2.B1", actor=world.staff_a)
    services.rights_step_add(actor=world.secretary, case=answered, on=TODAY, note="Đã gọi lại.")
    services.rights_close(actor=world.staff_a, case=closed, closed_on=TODAY, outcome="Xong.")
    units = [world.unit(c) for c in ("TA", "TA.G1", "TA.G1.B1", "TA.G1.B2", "TA.G2", "TB")]

    def counts(day):
        found = selectors.overdue_counts(units, day)
        return [found[u.pk] for u in units]

    assert counts(dt.date(2026, 6, 25)) == [0, 0, 0, 0, 0, 0]
    frozen.move_to(moment(dt.date(2026, 6, 26)))
    assert counts(dt.date(2026, 6, 26)) == [1, 1, 0, 1, 0, 0]
    silent.refresh_from_db()
    answered.refresh_from_db()
    assert silent.is_overdue(dt.date(2026, 6, 26)) and not answered.is_overdue(dt.date(2026, 6, 26))
    frozen.move_to(moment(dt.date(2026, 7, 31)))
    assert counts(dt.date(2026, 7, 31)) == [2, 2, 1, 1, 0, 0]
    # The warning is registered with the unit pages' early warnings.
    from chudong.orgs import registry

    warning = next(w for w in registry.warnings() if w.key == "care_rights_overdue")
    assert warning.count_many(units[:1], dt.date(2026, 7, 31)) == {units[0].pk: 2}
