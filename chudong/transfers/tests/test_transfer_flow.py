"""Transfers through the services, step by step, with the personas of each side: the
member stays registered at the sending branch until the receiving side confirms, and is
in exactly one unit at every step."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from chudong.members.models import MemberEvent, MemberStatus
from chudong.transfers import events, services
from chudong.transfers.models import Transfer, TransferScope, TransferStatus

from .conftest import open_periods


def test_it_moves_a_member_across_provinces_only_on_the_receiving_sides_confirmation(
    world, make_member, request_transfer, secretary_b, assert_one_unit
):
    # Given a member of Chi đoàn thôn Đông (province A)
    member = make_member(full_name="Trần Thị Mai")

    # When the branch secretary requests a transfer to Đoàn phường Vĩnh Lạc (province B)
    case = request_transfer(member, "TB.G1")

    # Then the case waits for the grassroots union, and the member has not moved
    assert case.status == TransferStatus.ENDORSED
    assert case.scope == TransferScope.PROVINCES
    assert case.from_grassroots == world.unit("TA.G1")
    assert_one_unit(member)
    assert member.unit.code == "TA.G1.B1"

    # When the grassroots secretary introduces the member, the case is in transit
    case = services.transfer_introduce(
        actor=world.secretary, transfer=case, introduction_number="12-GT/ĐTN"
    )
    assert case.status == TransferStatus.IN_TRANSIT
    assert_one_unit(member)
    assert member.unit.code == "TA.G1.B1"

    # When the secretary of Vĩnh Lạc receives the member into Chi đoàn tổ 3
    case = services.transfer_receive(
        actor=secretary_b, transfer=case, to_branch=world.unit("TB.G1.B1")
    )

    # Then the member is registered there from today, in one unit, and the counts follow
    assert case.status == TransferStatus.RECEIVED
    assert_one_unit(member)
    assert member.unit.code == "TB.G1.B1"
    assert member.status == MemberStatus.ACTIVE
    periods = list(member.unit_periods.order_by("start", "pk"))
    assert [p.unit.code for p in periods] == ["TA.G1.B1", "TB.G1.B1"]
    kinds = set(MemberEvent.objects.filter(member=member).values_list("kind", flat=True))
    assert {events.TRANSFER_REQUESTED, events.TRANSFER_INTRODUCED, "unit_changed"} <= kinds


def test_it_transfers_within_a_grassroots_union_to_a_branch_the_sender_chose(
    world, make_member, request_transfer, assert_one_unit
):
    member = make_member()
    case = request_transfer(member, "TA.G1.B2")
    assert case.scope == TransferScope.WITHIN
    case = services.transfer_introduce(actor=world.secretary, transfer=case)

    # The receiving unit is the branch itself: no branch to choose.
    services.transfer_receive(actor=world.secretary, transfer=case)

    assert_one_unit(member)
    assert member.unit.code == "TA.G1.B2"


def test_it_transfers_between_grassroots_unions_of_a_province(
    world, make_member, in_transit, appoint, assert_one_unit
):
    school_secretary = appoint("bithu.saomai", "secretary", "TA.G2")
    member = make_member()
    case = in_transit(member, "TA.G2")
    assert case.scope == TransferScope.BETWEEN

    # The receiving union must pick one of its branches.
    with pytest.raises(ValidationError) as error:
        services.transfer_receive(actor=school_secretary, transfer=case)
    assert "to_branch" in error.value.error_dict
    services.transfer_receive(
        actor=school_secretary, transfer=case, to_branch=world.unit("TA.G2.B1")
    )
    assert_one_unit(member)
    assert member.unit.code == "TA.G2.B1"


def test_it_leaves_the_member_in_place_when_the_receiving_side_refuses(
    world, make_member, in_transit, secretary_b, assert_one_unit
):
    member = make_member()
    case = in_transit(member, "TB.G1")

    case = services.transfer_refuse(
        actor=secretary_b, transfer=case, reason="Địa chỉ cư trú không thuộc phường"
    )

    assert case.status == TransferStatus.REFUSED
    assert_one_unit(member)
    assert member.unit.code == "TA.G1.B1"
    # The sender reads who refused and why.
    assert "Đinh Thị Lạc" in services.state_message(case)
    assert "không thuộc phường" in services.state_message(case)
    # and may start a new transfer.
    services.transfer_request(
        actor=world.branch_secretary,
        member=member,
        kind="official",
        to_unit=world.unit("TA.G2"),
        reason="Đi học",
        branch_comment="Tốt",
        dues_paid_through=dt.date.today().replace(day=1),
    )


def test_it_lets_the_sender_cancel_before_the_receipt_and_not_after(
    world, make_member, in_transit, secretary_b
):
    first = make_member(full_name="Lê Văn Một")
    case = in_transit(first, "TB.G1")
    case = services.transfer_cancel(actor=world.branch_secretary, transfer=case, reason="Đổi ý")
    assert case.status == TransferStatus.CANCELLED
    # The receiving side, too late, is told who cancelled.
    with pytest.raises(ValidationError) as error:
        services.transfer_receive(
            actor=secretary_b, transfer=case, to_branch=world.unit("TB.G1.B1")
        )
    assert error.value.code == "state"
    assert "Hoàng Văn Đông" in error.value.messages[0]

    second = make_member(full_name="Lê Văn Hai")
    case = in_transit(second, "TB.G1")
    services.transfer_receive(actor=secretary_b, transfer=case, to_branch=world.unit("TB.G1.B1"))
    with pytest.raises(ValidationError) as error:
        services.transfer_cancel(actor=world.secretary, transfer=case)
    assert "Đinh Thị Lạc" in error.value.messages[0]


def test_it_marks_a_temporary_activity_at_home_and_ends_it_on_return(
    world, make_member, in_transit, secretary_b, assert_one_unit
):
    member = make_member()
    case = in_transit(member, "TB.G1", kind="temporary", until=dt.date.today() + dt.timedelta(90))
    services.transfer_receive(actor=secretary_b, transfer=case, to_branch=world.unit("TB.G1.B1"))

    # The dossier stays at home; the member is "temporarily active elsewhere".
    member.refresh_from_db()
    assert member.unit.code == "TA.G1.B1"
    assert member.status == MemberStatus.TEMPORARY_ELSEWHERE
    assert_one_unit(member)
    # An official transfer must wait for the member's return.
    with pytest.raises(ValidationError):
        services.transfer_request(
            actor=world.branch_secretary,
            member=member,
            kind="official",
            to_unit=world.unit("TA.G2"),
            reason="x",
            branch_comment="x",
            dues_paid_through=dt.date.today().replace(day=1),
        )

    # The host records the return the next day (ended the day after the receipt).
    case.refresh_from_db()
    with time_machine.travel(dt.date.today() + dt.timedelta(days=1)):
        services.transfer_end(actor=secretary_b, transfer=case, note="Hết đợt thực tập")
    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE
    assert Transfer.objects.get(pk=case.pk).status == TransferStatus.ENDED


def test_it_records_activity_at_the_place_of_residence_without_moving_the_dossier(
    world, make_member, in_transit, secretary_b, assert_one_unit
):
    member = make_member()
    case = in_transit(member, "TB.G1", kind="residence")
    services.transfer_receive(actor=secretary_b, transfer=case, to_branch=world.unit("TB.G1.B1"))
    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE
    assert member.unit.code == "TA.G1.B1"
    assert_one_unit(member)
    assert MemberEvent.objects.filter(member=member, kind=events.TRANSFER_RECEIVED).exists()


def test_it_records_working_far_away_and_the_return(world, make_member, assert_one_unit):
    member = make_member()
    start = dt.date.today() - dt.timedelta(days=30)
    case = services.transfer_record_working_far(
        actor=world.branch_secretary,
        member=member,
        destination_note="KCN Yên Phong, Bắc Ninh",
        start_on=start,
    )
    member.refresh_from_db()
    assert member.status == MemberStatus.WORKING_FAR
    assert member.status_since == start
    assert case.scope == TransferScope.NONE and case.is_lasting
    services.transfer_end(actor=world.branch_secretary, transfer=case)
    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE
    assert_one_unit(member)


def test_it_takes_a_members_own_request_and_waits_for_the_branchs_comment(
    world, make_member, secretary_b
):
    member = make_member(user=world.member)
    case = services.transfer_request_by_member(
        actor=world.member, kind="official", to_unit=world.unit("TB.G1"), reason="Lấy chồng"
    )
    assert case.status == TransferStatus.REQUESTED and case.source == "member"
    # The grassroots union cannot introduce it before the branch comments.
    with pytest.raises(ValidationError):
        services.transfer_introduce(actor=world.secretary, transfer=case)
    case = services.transfer_endorse(
        actor=world.branch_secretary,
        transfer=case,
        branch_comment="Hoàn thành tốt nhiệm vụ",
        dues_paid_through=dt.date.today().replace(day=1),
    )
    assert case.status == TransferStatus.ENDORSED
    # A user without a member record cannot use the member's entry.
    with pytest.raises(PermissionDenied):
        services.transfer_request_by_member(
            actor=world.outsider, kind="official", to_unit=world.unit("TB.G1"), reason="x"
        )
    assert member.pk == case.member_id


@pytest.mark.parametrize(
    ("to_code", "message"),
    [
        ("TA.G2.B1", "A branch can be chosen only within your own grassroots union"),
        ("TA", "Choose a grassroots union"),
        ("TA.G1.B1", "already registered there"),
    ],
)
def test_it_refuses_destinations_the_rules_do_not_allow(
    world, make_member, request_transfer, to_code, message
):
    member = make_member()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        request_transfer(member, to_code)
    assert message in str(error.value.error_dict["to_unit"])
    assert not Transfer.objects.exists()


def test_it_checks_the_dues_paid_through_month(world, make_member, request_transfer):
    member = make_member(admission_date=dt.date(2020, 5, 19))
    next_month = (dt.date.today().replace(day=28) + dt.timedelta(days=5)).replace(day=1)
    for month in (next_month, dt.date(2020, 4, 1), None):
        with pytest.raises(ValidationError) as error:
            request_transfer(member, "TB.G1", dues_paid_through=month)
        assert "dues_paid_through" in error.value.error_dict
    assert not Transfer.objects.exists()
    # The admission month itself is fine.
    assert request_transfer(member, "TB.G1", dues_paid_through=dt.date(2020, 5, 1)).pk


def test_it_allows_one_undecided_transfer_per_member(world, make_member, request_transfer):
    member = make_member()
    request_transfer(member, "TB.G1")
    with pytest.raises(ValidationError) as error:
        request_transfer(member, "TA.G2")
    assert member.full_name in error.value.messages[0]
    assert Transfer.objects.filter(member=member).count() == 1


def test_it_refuses_former_members(world, make_member, request_transfer):
    member = make_member()
    from chudong.members import services as member_services

    member_services.member_status_change(
        actor=world.central_admin, member=member, status="deceased", effective_on=dt.date.today()
    )
    with pytest.raises(ValidationError):
        request_transfer(member, "TB.G1")


def test_it_keeps_each_step_to_its_side(world, make_member, request_transfer, secretary_b):
    member = make_member()
    case = request_transfer(member, "TB.G1")
    # The branch secretary cannot introduce (that is the grassroots union's step).
    with pytest.raises(PermissionDenied):
        services.transfer_introduce(actor=world.branch_secretary, transfer=case)
    # Before the introduction the receiving province does not see the case at all.
    with pytest.raises(Http404):
        services.transfer_receive(actor=secretary_b, transfer=case)
    with pytest.raises(Http404):
        services.transfer_cancel(actor=world.staff_b, transfer=case)
    case = services.transfer_introduce(actor=world.secretary, transfer=case)
    # Now it does, but may not cancel (the sender's step) ...
    with pytest.raises(PermissionDenied):
        services.transfer_cancel(actor=secretary_b, transfer=case)
    # ... and the sender may not receive on the other side's behalf.
    with pytest.raises(PermissionDenied):
        services.transfer_receive(
            actor=world.secretary, transfer=case, to_branch=world.unit("TB.G1.B1")
        )
    # The plain member and the data-protection officer act on nothing.
    for persona in (world.member, world.dpo_a):
        with pytest.raises(PermissionDenied):
            services.transfer_cancel(actor=persona, transfer=case)
    with pytest.raises(Http404):
        services.transfer_cancel(actor=world.outsider, transfer=case)
    assert open_periods(member)[0].unit.code == "TA.G1.B1"


def test_it_refuses_a_stale_form(world, make_member, request_transfer):
    member = make_member()
    case = request_transfer(member, "TB.G1")
    shown = case.version
    services.transfer_endorse(
        actor=world.secretary,
        transfer=case,
        branch_comment="Sửa nhận xét",
        dues_paid_through=dt.date.today().replace(day=1),
        expected_version=shown,
    )
    with pytest.raises(ValidationError) as error:
        services.transfer_introduce(actor=world.secretary, transfer=case, expected_version=shown)
    assert error.value.code == "stale"
