"""Striking off: the branch's proposal (grounds and months missed, checked against the
rules and the working-far-away exception), its decision reported to the direct upper
unit, and the hook through which meetings and dues will suggest candidates."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from chudong.members.models import MemberEvent, MemberStatus
from chudong.transfers import selectors, services
from chudong.transfers.absence import (
    AbsenceCandidate,
    register_absence_source,
    unregister_absence_source,
)
from chudong.transfers.models import StrikeOffCase, StrikeOffStatus

M = dt.date  # months are the first day of each month


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 9, 10, 9, 0).astimezone(), tick=False):
        yield


def _propose(world, member, months, actor=None):
    return services.strike_off_propose(
        actor=actor or world.branch_secretary,
        member=member,
        grounds="Bỏ sinh hoạt, đã nhắc nhở 2 lần, không có lý do chính đáng.",
        months=months,
    )


def test_it_strikes_off_on_the_branchs_decision_and_reports_to_the_upper_unit(
    world, make_member, login
):
    member = make_member(full_name="Vắng Văn Mặt")
    case = _propose(world, member, [M(2026, 5, 1), M(2026, 6, 1), M(2026, 7, 1)])
    assert case.status == StrikeOffStatus.PROPOSED and case.months == [
        "2026-05",
        "2026-06",
        "2026-07",
    ]
    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE  # a proposal changes nothing yet

    case = services.strike_off_decide(
        actor=world.branch_secretary,
        case=case,
        decision_number="02/BB-CĐ",
        votes_present=9,
        votes_for=8,
    )

    member.refresh_from_db()
    assert member.status == MemberStatus.STRUCK_OFF and member.status_since == dt.date(2026, 9, 10)
    assert not member.unit_periods.filter(end__isnull=True).exists()
    assert case.reported_to == world.unit("TA.G1")  # the branch's direct upper unit
    kinds = list(MemberEvent.objects.filter(member=member).values_list("kind", flat=True))
    assert "strike_off_proposed" in kinds and "status_changed" in kinds
    # The upper unit finds the report on its page.
    body = (
        login(world.secretary).get(f"/units/{world.unit('TA.G1').pk}/strike-off/").content.decode()
    )
    assert "Vắng Văn Mặt" in body and "đã báo cáo Đoàn xã Bình Minh" in body


@pytest.mark.parametrize(
    ("months", "field_message"),
    [
        ([M(2026, 6, 1), M(2026, 7, 1)], "ít nhất 3 tháng"),  # strike_off.absence_months
        ([M(2025, 8, 1), M(2026, 1, 1), M(2026, 8, 1)], "trong một năm"),
        ([M(2026, 7, 1), M(2026, 8, 1), M(2026, 10, 1)], "chưa thể tính"),  # a future month
        ([], "Ghi các tháng"),
    ],
)
def test_it_checks_the_months_against_the_rules(world, make_member, months, field_message):
    member = make_member()
    with pytest.raises(ValidationError) as error:
        _propose(world, member, months)
    assert field_message in str(error.value.error_dict["months"])
    assert not StrikeOffCase.objects.exists()


def test_it_excuses_the_months_a_member_works_far_away_within_the_rule(world, make_member):
    member = make_member()
    services.transfer_record_working_far(
        actor=world.branch_secretary,
        member=member,
        destination_note="KCN Quang Châu, Bắc Giang",
        start_on=dt.date(2026, 4, 20),
    )
    with pytest.raises(ValidationError) as error:
        _propose(world, member, [M(2026, 5, 1), M(2026, 6, 1), M(2026, 7, 1)])
    message = str(error.value.error_dict["months"])
    assert "đi làm ăn xa" in message and "20/04/2026" in message and "12 tháng" in message


def test_it_counts_the_months_beyond_the_working_far_limit(world, make_member):
    member = make_member()
    services.transfer_record_working_far(
        actor=world.branch_secretary,
        member=member,
        destination_note="Hàn Quốc",
        start_on=dt.date(2025, 5, 2),
    )
    # Twelve months after leaving (strike_off.far_away_max_months), absence counts again.
    with pytest.raises(ValidationError):
        _propose(world, member, [M(2026, 2, 1), M(2026, 3, 1), M(2026, 4, 1)])
    case = _propose(world, member, [M(2026, 5, 1), M(2026, 6, 1), M(2026, 7, 1)])
    assert case.status == StrikeOffStatus.PROPOSED


def test_it_withdraws_and_allows_one_open_proposal(world, make_member):
    member = make_member()
    months = [M(2026, 5, 1), M(2026, 6, 1), M(2026, 7, 1)]
    case = _propose(world, member, months)
    with pytest.raises(ValidationError):
        _propose(world, member, months)
    services.strike_off_withdraw(actor=world.branch_secretary, case=case, reason="Đã trở lại")
    with pytest.raises(ValidationError) as error:
        services.strike_off_decide(actor=world.branch_secretary, case=case)
    assert error.value.code == "state"
    assert _propose(world, member, months).pk != case.pk


def test_it_keeps_the_decision_to_the_branch_and_those_above(world, make_member, appoint):
    member = make_member()
    case = _propose(world, member, [M(2026, 5, 1), M(2026, 6, 1), M(2026, 7, 1)])
    with pytest.raises(PermissionDenied):
        services.strike_off_decide(actor=world.member, case=case)
    with pytest.raises(Http404):
        services.strike_off_decide(actor=world.staff_b, case=case)
    other_branch = appoint("bithu.thontay", "secretary", "TA.G1.B2")
    with pytest.raises(Http404):
        services.strike_off_decide(actor=other_branch, case=case)
    with pytest.raises(Http404):
        _propose(world, member, [M(2026, 5, 1)], actor=world.staff_b)
    assert StrikeOffCase.objects.get(pk=case.pk).status == StrikeOffStatus.PROPOSED


def test_it_proposes_from_the_page_with_a_vietnamese_message_for_a_bad_month(
    world, make_member, login
):
    member = make_member()
    client = login(world.branch_secretary)
    url = f"/members/{member.pk}/strike-off/"
    bad = client.post(
        url, {"months": "05/2026, tháng 6", "grounds": "x", "proposed_on": "10/09/2026"}
    )
    assert "không phải là một tháng" in bad.content.decode()
    response = client.post(
        url,
        {
            "months": "05/2026, 06/2026 07/2026",
            "grounds": "Bỏ sinh hoạt",
            "proposed_on": "10/09/2026",
        },
    )
    case = StrikeOffCase.objects.get(member=member)
    assert response["Location"] == f"/strike-off/{case.pk}/"
    assert client.get(f"/strike-off/{case.pk}/decide/").status_code == 405
    assert login(world.staff_b).get(f"/strike-off/{case.pk}/").status_code == 404


def test_it_suggests_candidates_only_from_registered_sources(world, make_member):
    member = make_member(full_name="Nợ Đoàn Phí")
    unit = world.unit("TA.G1")
    assert selectors.strike_off_candidates(actor=world.secretary, unit=unit) == []

    def dues_source(*, unit, day):
        return [
            AbsenceCandidate(
                member_id=member.pk,
                months=(M(2026, 4, 1), M(2026, 5, 1), M(2026, 6, 1)),
                grounds="Không đóng đoàn phí 3 tháng",
                source="dues",
            )
        ]

    register_absence_source(dues_source)
    try:
        found = selectors.strike_off_candidates(actor=world.secretary, unit=unit)
        assert [(c.member.full_name, len(c.months)) for c in found] == [("Nợ Đoàn Phí", 3)]
        # A source may suggest beyond the page's unit: only its subtree is shown.
        assert (
            selectors.strike_off_candidates(actor=world.secretary, unit=world.unit("TA.G1.B2"))
            == []
        )
        _propose(world, member, list(found[0].months))
        assert selectors.strike_off_candidates(actor=world.secretary, unit=unit) == []
    finally:
        unregister_absence_source(dues_source)


@pytest.mark.parametrize("count", [1, 3])
def test_it_lists_a_units_cases_in_a_pinned_number_of_queries(
    world, make_member, login, django_assert_num_queries, count
):
    months = [M(2026, 5, 1), M(2026, 6, 1), M(2026, 7, 1)]
    for index in range(count):
        case = _propose(world, make_member(full_name=f"Xóa Văn {index}"), months)
        if index % 2:
            services.strike_off_decide(actor=world.branch_secretary, case=case)
    client = login(world.secretary)
    url = f"/units/{world.unit('TA.G1').pk}/strike-off/"
    client.get(url)
    # session, user, unit, grants, open proposals, decisions of the year
    with django_assert_num_queries(6):
        body = client.get(url).content.decode()
    assert body.count("Xóa Văn") == count
