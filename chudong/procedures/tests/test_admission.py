"""Admission through the services: every step in order, the branch vote and the age rule
at their boundaries, the upper level's authority found from the tree, the member created
from the case with the whole path on their timeline, and nothing half-written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from chudong.members.models import Member, MemberEvent, MemberSensitive
from chudong.members.selectors import member_timeline
from chudong.procedures import services
from chudong.procedures.models import (
    AdmissionCase,
    AdmissionState,
    CardOrigin,
    Document,
    MembershipCard,
)

from .conftest import docx, pdf


def test_it_takes_a_young_person_from_nomination_to_card_and_a_member_record(world, admission):
    # Given a case taken through every step by the branch, confirmed by the province
    case = admission.through("card")

    # Then the case is closed as admitted and points at a new member record
    assert case.state == AdmissionState.ADMITTED
    member = case.member
    assert member.full_name == "Đinh Thị Hoa"
    assert member.unit == world.unit("TA.G1.B1")
    assert member.phone == "0987654321"
    assert member.hometown == "Thôn Đông, xã Bình Minh"
    # with the admission date, place and decision taken from the case, nothing retyped
    assert member.admission_date == dt.date(2026, 3, 25)
    assert member.admission_decision == "15-QĐ/TĐTN"
    assert member.admission_place == "Chi đoàn thôn Đông, Đoàn xã Bình Minh"
    assert member.card_number == "TA26000123"
    assert MembershipCard.objects.get(member=member).origin == CardOrigin.ADMISSION
    # and the confirming decision was taken in the name of the grassroots union's upper unit
    assert case.decided_by_unit == world.unit("TA")
    assert case.decided_by == world.staff_a


def test_it_shows_every_step_on_the_new_members_timeline(world, admission):
    case = admission.through("card")

    entries = member_timeline(actor=world.staff_a, member=case.member)

    titles = " | ".join(e.title for e in entries)
    for text in (
        "Được đề xuất kết nạp tại Chi đoàn thôn Đông",
        "Hoàn thành lớp bồi dưỡng nhận thức về Đoàn: Lớp cảm tình Đoàn đợt 1",
        "Người giới thiệu: Lê Văn Giới",
        "Nộp đơn xin vào Đoàn và lý lịch",
        "Chi đoàn xét kết nạp: 9 tán thành, 1 không tán thành, 10 có mặt",
        "Tỉnh đoàn Hải Đăng chuẩn y kết nạp, quyết định số 15-QĐ/TĐTN",
        "Lễ kết nạp tại Nhà văn hóa thôn Đông",
        "Cấp thẻ đoàn viên số TA26000123",
    ):
        assert text in titles, text
    days = [e.day for e in entries if e.kind.startswith("admission_")]
    assert days == sorted(days, reverse=True)
    assert MemberEvent.objects.filter(member=case.member, source_id=case.pk).count() == 8


def test_it_refuses_steps_out_of_order(world, admission):
    case = admission.nominate()

    with pytest.raises(ValidationError, match="không tiếp nối"):
        admission.step(case, "vote")
    with pytest.raises(ValidationError, match="không tiếp nối"):
        admission.step(case, "introducer")

    assert AdmissionCase.objects.get(pk=case.pk).state == AdmissionState.NOMINATED


def test_it_keeps_a_case_at_the_nomination_when_the_class_was_not_completed(world, admission):
    case = admission.nominate()

    case = admission.step(case, "class", class_result="failed")

    assert case.state == AdmissionState.NOMINATED
    assert case.class_result == "failed"
    case = admission.step(case, "class", class_name="Lớp cảm tình Đoàn đợt 2")
    assert case.state == AdmissionState.CLASS_DONE


def test_it_checks_each_step_date_against_the_earlier_steps(world, admission):
    case = admission.through("application")

    with pytest.raises(ValidationError) as error:
        admission.step(case, "vote", vote_date=dt.date(2026, 3, 11))

    assert "11/03/2026" not in str(error.value)
    assert error.value.message_dict["vote_date"] == [
        "Ngày không được trước 12/03/2026 (ngày viết đơn)."
    ]
    with pytest.raises(ValidationError, match="tương lai"):
        admission.step(case, "vote", vote_date=dt.date(2026, 6, 16))


@pytest.mark.parametrize(
    ("votes_for", "passes"),
    [(5, False), (6, True)],
    ids=["exactly half is not enough", "one more than half passes"],
)
def test_it_admits_on_more_than_half_of_the_members_present(world, admission, votes_for, passes):
    case = admission.through("application")

    case = admission.step(case, "vote", members_present=10, votes_for=votes_for, votes_against=0)

    assert case.state == (AdmissionState.VOTED if passes else AdmissionState.NOT_APPROVED)
    if not passes:
        assert case.closed_reason == ("5 trên 10 đoàn viên có mặt tán thành; cần quá 1/2.")


def test_it_refuses_more_votes_than_members_present(world, admission):
    case = admission.through("application")

    with pytest.raises(ValidationError) as error:
        admission.step(case, "vote", members_present=8, votes_for=6, votes_against=3)

    assert "votes_against" in error.value.message_dict
    assert AdmissionCase.objects.get(pk=case.pk).state == AdmissionState.APPLIED


@pytest.mark.parametrize(
    ("born", "admissible"),
    [
        (dt.date(2010, 3, 25), True),  # 16 on the decision date, to the day
        (dt.date(2010, 3, 26), False),  # 16 only the day after
        (dt.date(1995, 3, 26), True),  # 30 years and 364 days
        (dt.date(1995, 3, 25), False),  # 31 on the decision date
    ],
    ids=["16 today", "15 until tomorrow", "30 until tomorrow", "31 today"],
)
def test_it_checks_the_age_in_full_years_on_the_decision_date(world, admission, born, admissible):
    case = admission.through("vote", date_of_birth=born)

    if admissible:
        assert admission.step(case, "decision").state == AdmissionState.CONFIRMED
    else:
        with pytest.raises(ValidationError) as error:
            admission.step(case, "decision")
        message = error.value.message_dict["decision_date"][0]
        assert message.startswith("Đến ngày 25/03/2026, người được đề xuất tròn")
        assert "từ 16 đến 30 tuổi" in message
        assert AdmissionCase.objects.get(pk=case.pk).state == AdmissionState.VOTED


def test_it_reads_the_age_rule_in_force_on_the_day_it_judges(world, admission):
    # Until 31/12/2010 the Charter admitted young people from full 15; since 1/1/2011 from 16.
    case = admission.nominate(date_of_birth=dt.date(1995, 6, 1))

    services.check_age(case, dt.date(2010, 12, 31))  # 15: admissible then
    with pytest.raises(ValidationError, match="từ 16 đến 30 tuổi"):
        services.check_age(case, dt.date(2011, 1, 1))  # still 15: no longer


def test_it_lets_only_a_level_above_the_grassroots_union_confirm(world, admission):
    case = admission.through("vote")

    # The grassroots secretary holds members.decide at the union itself: not above it.
    with pytest.raises(PermissionDenied):
        admission.step(case, "decision", actor=world.secretary)
    with pytest.raises(PermissionDenied):
        admission.step(case, "decision", actor=world.branch_secretary)
    # Another province does not even see the case.
    with pytest.raises(Http404):
        admission.step(case, "decision", actor=world.staff_b)

    assert admission.step(case, "decision", actor=world.central_admin).state == "confirmed"


def test_it_requires_an_introducer_who_has_known_the_candidate_for_three_months(world, admission):
    case = admission.through("class")

    with pytest.raises(ValidationError) as error:
        admission.step(case, "introducer", introducer_known_since=dt.date(2025, 12, 11))
    assert "ít nhất 3 tháng" in error.value.message_dict["introducer_known_since"][0]

    case = admission.step(case, "introducer", introducer_known_since=dt.date(2025, 12, 10))
    assert case.state == AdmissionState.INTRODUCED


def test_it_accepts_a_party_member_or_a_collective_as_introducer(world, admission):
    party = admission.through("class")
    collective = admission.through("class", full_name="Vương Văn Tú")

    party = admission.step(
        party, "introducer", introducer_kind="party_member", introducer_member=None,
        introducer_name="PHẠM VĂN ĐẢNG",
    )  # fmt: skip
    collective = admission.step(
        collective, "introducer", introducer_kind="collective", introducer_member=None,
        introducer_collective="chi_doi", introducer_known_since=None,
    )  # fmt: skip

    assert party.introducer_name == "Phạm Văn Đảng"
    assert (collective.introducer_collective, collective.introducer_known_since) == (
        "chi_doi",
        None,
    )


def test_it_attaches_the_application_and_background_checked_by_content(world, admission):
    case = admission.through("introducer")

    not_a_pdf = SimpleUploadedFile("don.pdf", b"MZ\x90\x00 program", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        admission.step(case, "application", application=not_a_pdf)
    assert "không phải PDF" in error.value.message_dict["application"][0]
    with pytest.raises(ValidationError) as error:
        admission.step(case, "application", background=pdf(size=10 * 1024 * 1024 + 1))
    assert error.value.message_dict["background"] == ["Tệp lớn hơn 10 MB."]
    with pytest.raises(ValidationError) as error:
        admission.step(case, "application", background=None)
    assert error.value.message_dict["background"] == ["Hãy đính kèm tài liệu này."]
    assert not Document.objects.exists()

    admission.step(
        case, "application", application=pdf("../../Đơn xin vào Đoàn.PDF"), background=docx()
    )

    documents = {d.kind: d for d in Document.objects.all()}
    assert documents["application"].original_name == "Đơn_xin_vào_Đoàn.pdf"
    assert documents["application"].content_type == "application/pdf"
    assert documents["background"].content_type.endswith("wordprocessingml.document")
    assert documents["application"].file.name.startswith("procedures/2026/06/")


def test_it_writes_nothing_when_the_card_step_fails(world, admission, make_member, media):
    # Given a case whose candidate's citizen ID was meanwhile registered for someone else
    case = admission.through("ceremony", national_id="001209000123")
    make_member(full_name="Người Khác", national_id="001209000123")
    members = Member.objects.count()

    with pytest.raises(ValidationError):
        admission.step(case, "card")

    assert Member.objects.count() == members
    assert not MembershipCard.objects.filter(number="TA26000123").exists()
    assert AdmissionCase.objects.get(pk=case.pk).state == AdmissionState.CEREMONY_HELD


def test_it_refuses_a_card_number_already_issued(world, admission, make_member):
    make_member(full_name="Chủ Thẻ", card_number="TA26000123")
    case = admission.through("ceremony")

    with pytest.raises(ValidationError) as error:
        admission.step(case, "card")

    assert error.value.message_dict["card_number"] == ["Số thẻ TA26000123 đã được cấp."]


def test_it_carries_the_candidates_ethnicity_and_religion_into_the_members_sensitive_data(
    world, admission
):
    case = admission.through("ceremony", ethnicity="Tày", religion="Không")

    admission.step(case, "card")

    sensitive = MemberSensitive.objects.get(member__admission_case=case)
    assert (sensitive.ethnicity, sensitive.religion) == ("Tày", "Không")


def test_it_lets_the_upper_level_refuse_and_the_branch_withdraw(world, admission):
    refused = admission.through("vote")
    withdrawn = admission.through("class", full_name="Trương Văn Rút")

    services.admission_refuse(
        actor=world.staff_a, case=refused, closed_on=dt.date(2026, 3, 28),
        closed_reason="Chưa đủ tiêu chuẩn về lý lịch",
    )  # fmt: skip
    services.admission_withdraw(
        actor=world.branch_secretary, case=withdrawn, closed_on=dt.date(2026, 4, 1),
        closed_reason="Chuyển đi nơi khác",
    )  # fmt: skip

    assert AdmissionCase.objects.get(pk=refused.pk).state == AdmissionState.REFUSED
    assert AdmissionCase.objects.get(pk=withdrawn.pk).state == AdmissionState.WITHDRAWN
    with pytest.raises(ValidationError, match="đã kết thúc"):
        services.admission_withdraw(
            actor=world.branch_secretary, case=withdrawn, closed_on=dt.date(2026, 4, 2),
            closed_reason="Lần nữa",
        )  # fmt: skip


def test_it_refuses_a_candidate_already_in_the_register(world, admission, make_member):
    make_member(full_name="Đinh Thị Hoa", national_id="001309004567")

    with pytest.raises(ValidationError) as error:
        admission.nominate(national_id="001309004567")

    assert "đã có trong sổ đoàn viên" in error.value.message_dict["national_id"][0]


def test_it_leaves_history_with_the_actor_of_each_step(world, admission):
    case = admission.through("decision")

    authors = list(
        case.history.order_by("history_date").values_list("history_user__username", flat=True)
    )

    assert authors[0] == "branch.secretary"
    assert authors[-1] == "staff.a"


def test_it_removes_the_files_of_a_step_that_fails_after_saving_them(world, admission):
    from pathlib import Path

    from django.db import transaction

    from chudong.procedures.services.documents import FilesGuard, attach, check_upload

    case = admission.nominate()
    checked = check_upload(pdf(), "application")
    saved = []

    with pytest.raises(RuntimeError), FilesGuard() as guard, transaction.atomic():
        document = attach(
            actor=world.branch_secretary, owner=case, kind="application", checked=checked,
            guard=guard,
        )  # fmt: skip
        saved.append(Path(document.file.path))
        assert saved[0].exists()
        raise RuntimeError("a later write failed")

    assert not saved[0].exists()
    assert not Document.objects.exists()
