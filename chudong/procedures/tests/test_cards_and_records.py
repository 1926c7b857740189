"""Cards (issue, reissue of a lost card with the old one voided), commendations on the
dossier and timeline, and honorary members admitted by the upper level."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chudong.members.models import Member, MemberEvent
from chudong.procedures import services
from chudong.procedures.models import (
    CardReissue,
    CardStatus,
    Commendation,
    HonoraryAdmission,
    MembershipCard,
    ReissueState,
)

from .conftest import pdf


def test_it_issues_a_first_card_with_a_unique_number(world, make_member):
    member = make_member()
    other = make_member(full_name="Người Thứ Hai", card_number="TA19000002")

    with pytest.raises(ValidationError) as error:
        services.card_issue(
            actor=world.branch_secretary, member=member, number="ta19 000002",
            issued_on=dt.date(2026, 4, 1),
        )  # fmt: skip
    assert error.value.message_dict["number"] == ["Số thẻ TA19000002 đã được cấp."]

    card = services.card_issue(
        actor=world.branch_secretary, member=member, number="TA19000001",
        issued_on=dt.date(2026, 4, 1),
    )  # fmt: skip

    member.refresh_from_db()
    assert member.card_number == card.number == "TA19000001"
    with pytest.raises(ValidationError, match="đã có thẻ số TA19000001"):
        services.card_issue(
            actor=world.branch_secretary, member=member, number="TA19000009",
            issued_on=dt.date(2026, 4, 2),
        )  # fmt: skip
    assert other.card_number == "TA19000002"


def reissue_through(world, member, **decide):
    reissue = services.card_reissue_apply(
        actor=world.branch_secretary, member=member, reason="lost_card",
        applied_on=dt.date(2026, 4, 2), application_note="Mất khi đi làm",
        application_file=pdf("don-cap-lai.pdf"),
    )  # fmt: skip
    services.card_reissue_propose(
        actor=world.secretary, reissue=reissue, proposed_on=dt.date(2026, 4, 5)
    )
    values = dict(
        actor=world.staff_a, reissue=reissue, decision_number="58-QĐ/TĐTN",
        decision_date=dt.date(2026, 4, 20), decision_signer="Trần Thị Hải",
        new_number="TA26000900",
    )  # fmt: skip
    return services.card_reissue_decide(**{**values, **decide})


def test_it_reissues_a_lost_card_and_voids_the_old_one(world, make_member):
    member = make_member(card_number="TA19000001")

    card = reissue_through(world, member)

    member.refresh_from_db()
    assert member.card_number == "TA26000900"
    old = MembershipCard.objects.get(number="TA19000001")
    assert (old.status, old.voided_on, old.replaced_by) == (
        CardStatus.VOIDED,
        dt.date(2026, 4, 20),
        card,
    )
    reissue = CardReissue.objects.get(member=member)
    assert (reissue.state, reissue.old_number, reissue.decided_by_unit) == (
        ReissueState.DECIDED,
        "TA19000001",
        world.unit("TA"),
    )
    event = MemberEvent.objects.get(member=member, kind="card_reissued")
    assert event.title == "Cấp lại thẻ đoàn viên: số TA26000900"
    assert "Hủy thẻ cũ TA19000001" in event.detail


def test_it_has_the_grassroots_union_propose_and_the_level_of_the_rule_decide(world, make_member):
    member = make_member(card_number="TA19000001")
    reissue = services.card_reissue_apply(
        actor=world.branch_secretary, member=member, reason="lost_card_and_book",
        applied_on=dt.date(2026, 4, 2),
    )  # fmt: skip

    # The branch secretary manages the branch only: the grassroots union proposes.
    with pytest.raises(PermissionDenied):
        services.card_reissue_propose(
            actor=world.branch_secretary, reissue=reissue, proposed_on=dt.date(2026, 4, 5)
        )
    services.card_reissue_propose(
        actor=world.secretary, reissue=reissue, proposed_on=dt.date(2026, 4, 5)
    )
    # "direct_upper": the grassroots union itself may not decide.
    with pytest.raises(PermissionDenied):
        services.card_reissue_decide(
            actor=world.secretary, reissue=reissue, decision_number="1", new_number="TA1",
            decision_date=dt.date(2026, 4, 6), decision_signer="X",
        )  # fmt: skip
    with pytest.raises(ValidationError, match="đang có đề nghị cấp lại thẻ"):
        services.card_reissue_apply(
            actor=world.branch_secretary, member=member, reason="lost_card",
            applied_on=dt.date(2026, 4, 7),
        )  # fmt: skip


def test_it_reissues_through_the_pages(world, login, make_member):
    member = make_member(card_number="TA19000001")
    branch = login(world.branch_secretary)
    response = branch.post(
        f"/members/{member.pk}/card/reissue/",
        {"reason": "lost_card", "applied_on": "02/04/2026", "application_note": "Mất thẻ"},
    )
    reissue = CardReissue.objects.get(member=member)
    assert response["Location"] == f"/card-reissues/{reissue.pk}/"
    page = branch.get(response["Location"]).content.decode()
    assert "Đang chờ đề nghị của cơ sở đoàn." in page

    login(world.secretary).post(
        f"/card-reissues/{reissue.pk}/",
        {"action": "propose", "propose-proposed_on": "05/04/2026"},
    )
    staff = login(world.staff_a)
    assert "Thẻ chờ cấp lại" in staff.get("/procedures/decisions/").content.decode()
    response = staff.post(f"/card-reissues/{reissue.pk}/", {
        "action": "decide", "decide-decision_number": "58-QĐ/TĐTN",
        "decide-decision_date": "20/04/2026", "decide-decision_signer": "Trần Thị Hải",
        "decide-new_number": "TA26000900",
    })  # fmt: skip
    assert response.status_code == 302
    procedures = staff.get(f"/members/{member.pk}/card-commendations-discipline/").content.decode()
    assert "TA26000900" in procedures and "Đã hủy" in procedures


def test_it_writes_a_commendation_into_the_dossier_and_the_timeline(world, login, make_member):
    member = make_member()
    client = login(world.branch_secretary)

    response = client.post(f"/members/{member.pk}/commendations/new/", {
        "form": "certificate", "title": "Đoàn viên tiêu biểu năm 2025", "level": "grassroots",
        "issuer": "Ban Thường vụ Đoàn xã Bình Minh", "decision_number": "12-QĐ/ĐTN",
        "decision_date": "09/01/2026", "reason": "Tích cực tình nguyện",
    })  # fmt: skip

    assert response["Location"] == f"/members/{member.pk}/card-commendations-discipline/"
    commendation = Commendation.objects.get(member=member)
    assert commendation.issuer == "Ban Thường vụ Đoàn xã Bình Minh"
    page = client.get(f"/members/{member.pk}/").content.decode()
    assert "Đoàn viên tiêu biểu năm 2025 (Giấy khen)" in page
    dossier = client.get(f"/members/{member.pk}/card-commendations-discipline/").content.decode()
    assert "12-QĐ/ĐTN" in dossier

    services.commendation_cancel(
        actor=world.branch_secretary, commendation=commendation, closed_reason="Ghi nhầm người"
    )
    assert Commendation.objects.get(pk=commendation.pk).state == "cancelled"


def test_it_checks_commendation_input(world, login, make_member):
    member = make_member()
    client = login(world.branch_secretary)

    response = client.post(f"/members/{member.pk}/commendations/new/", {
        "form": "certificate", "title": "", "level": "grassroots", "issuer": "X",
        "decision_number": "1", "decision_date": "09/01/2027",
    })  # fmt: skip

    page = response.content.decode()
    assert "Trường này là bắt buộc." in page or "This field is required." in page
    response = client.post(f"/members/{member.pk}/commendations/new/", {
        "form": "certificate", "title": "Giấy khen", "level": "grassroots", "issuer": "X",
        "decision_number": "1", "decision_date": "09/01/2027",
    })  # fmt: skip
    assert "Ngày không thể ở tương lai." in response.content.decode()
    assert not Commendation.objects.exists()


def test_it_admits_an_honorary_member_by_the_upper_levels_decision(world, login):
    proposal = services.honorary_propose(
        actor=world.branch_secretary, unit=world.unit("TA.G1.B1"), full_name="phạm văn hòa",
        sex="male", date_of_birth=dt.date(1962, 7, 27),
        contribution="Hai mươi năm đồng hành cùng tuổi trẻ xã",
        proposed_on=dt.date(2026, 2, 10),
    )  # fmt: skip

    with pytest.raises(PermissionDenied):
        services.honorary_decide(
            actor=world.secretary, proposal=proposal, decision_number="1",
            decision_date=dt.date(2026, 3, 20), decision_signer="X",
        )  # fmt: skip
    response = login(world.staff_a).post(f"/honorary/{proposal.pk}/", {
        "action": "decide", "decide-decision_number": "31-QĐ/TĐTN",
        "decide-decision_date": "20/03/2026", "decide-decision_signer": "Trần Thị Hải",
    })  # fmt: skip

    assert response.status_code == 302
    proposal = HonoraryAdmission.objects.get(pk=proposal.pk)
    member = Member.objects.get(pk=proposal.member_id)
    # A member of 63, outside the ordinary age rules, flagged honorary.
    assert (member.full_name, member.is_honorary, member.admission_decision) == (
        "Phạm Văn Hòa",
        True,
        "31-QĐ/TĐTN",
    )
    assert MemberEvent.objects.filter(member=member, kind="honorary_admitted").exists()


@pytest.mark.parametrize("tab", ["commendations", "card-reissues", "honorary"])
def test_it_pins_the_query_count_of_the_other_lists(
    world, login, make_member, django_assert_num_queries, tab
):
    for index in range(4):
        member = make_member(full_name=f"Đoàn Viên {index}", card_number=f"TA1900010{index}")
        services.commendation_record(
            actor=world.branch_secretary, member=member, form="certificate", title="Giấy khen",
            level="grassroots", issuer="Ban Thường vụ", decision_number=f"{index}-QĐ",
            decision_date=dt.date(2026, 1, 9),
        )  # fmt: skip
        services.card_reissue_apply(
            actor=world.branch_secretary, member=member, reason="lost_card",
            applied_on=dt.date(2026, 4, 2),
        )  # fmt: skip
        services.honorary_propose(
            actor=world.branch_secretary, unit=world.unit("TA.G1.B1"),
            full_name=f"Người Danh Dự {index}", sex="male", date_of_birth=dt.date(1960, 1, 1),
            contribution="Đóng góp", proposed_on=dt.date(2026, 2, 10),
        )  # fmt: skip
    client = login(world.staff_a)
    url = f"/units/{world.unit('TA').pk}/{tab}/"
    client.get(url)

    # session, user, grants, unit, rows (with their member, branch and new card)
    with django_assert_num_queries(5):
        page = client.get(url).content.decode()
    assert page.count("<tr>") + page.count('<tr class="ended">') == 5  # header + 4 rows
