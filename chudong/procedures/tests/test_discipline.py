"""Discipline: the branch meeting's quorum and secret ballot at their boundaries, who
decides each form (found from the tree and the dated rules), expulsion ending the
membership, removal from office ending the post, and the violation kept sensitive."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chudong.access.models import Role, RoleAssignment, SensitiveReadLog
from chudong.members.models import Member, MemberEvent
from chudong.procedures import services
from chudong.procedures.models import DisciplineCase, DisciplineState


@pytest.fixture
def propose(world, make_member):
    def _propose(form="warning", member=None, **values):
        member = member or make_member(full_name="Phan Văn Lỗi")
        return services.discipline_propose(
            actor=values.pop("actor", world.branch_secretary),
            member=member,
            form=form,
            violation=values.pop("violation", "Tự ý bỏ sinh hoạt ba tháng liền"),
            proposed_on=values.pop("proposed_on", dt.date(2026, 5, 2)),
            **values,
        )

    return _propose


def meet(world, case, **values):
    defaults = dict(
        actor=world.branch_secretary, case=case, meeting_date=dt.date(2026, 5, 10),
        branch_members=15, members_present=10, votes_for=6, votes_against=4,
        secret_ballot=True,
    )  # fmt: skip
    return services.discipline_record_meeting(**{**defaults, **values})


def decide(world, case, actor, **values):
    defaults = dict(
        actor=actor, case=case, decision_number="7-QĐ/TĐTN",
        decision_date=dt.date(2026, 5, 20), decision_signer="Trần Thị Hải",
    )  # fmt: skip
    return services.discipline_decide(**{**defaults, **values})


@pytest.mark.parametrize(
    ("present", "quorate"),
    [(9, False), (10, True)],
    ids=["one short of 2/3", "exactly 2/3"],
)
def test_it_needs_two_thirds_of_the_members_present(world, propose, present, quorate):
    case = propose()

    if quorate:
        assert meet(world, case, members_present=present, votes_for=6, votes_against=3).state
    else:
        with pytest.raises(ValidationError) as error:
            meet(world, case, members_present=present, votes_for=6, votes_against=3)
        assert error.value.message_dict["members_present"] == [
            "Chưa đủ số lượng: phải có ít nhất 2/3 trong tổng số 15 đoàn viên (10) có mặt; "
            "chỉ có 9. Hãy tổ chức họp lại."
        ]
        assert DisciplineCase.objects.get(pk=case.pk).state == DisciplineState.PROPOSED


@pytest.mark.parametrize(
    ("votes_for", "state"),
    [(5, DisciplineState.NOT_APPROVED), (6, DisciplineState.VOTED)],
    ids=["exactly half", "more than half"],
)
def test_it_needs_more_than_half_of_those_present_by_secret_ballot(
    world, propose, votes_for, state
):
    case = propose()

    case = meet(world, case, members_present=10, votes_for=votes_for, votes_against=10 - votes_for)

    assert case.state == state


def test_it_refuses_a_vote_that_was_not_secret(world, propose):
    case = propose()

    with pytest.raises(ValidationError) as error:
        meet(world, case, secret_ballot=False)

    assert "phiếu kín" in error.value.message_dict["secret_ballot"][0]


def test_it_sends_a_warning_to_the_direct_upper_unit_of_the_grassroots_union(world, propose):
    case = meet(world, propose("warning"))
    assert case.upper_level_decides

    for persona in ("branch_secretary", "secretary"):
        with pytest.raises(PermissionDenied):
            decide(world, case, getattr(world, persona))
    case = decide(world, case, world.staff_a)

    assert case.state == DisciplineState.DECIDED
    assert case.decided_by_unit == world.unit("TA")
    event = MemberEvent.objects.get(member=case.member, kind="discipline")
    assert event.title == "Kỷ luật: Cảnh cáo"
    assert "Tự ý bỏ" not in event.detail  # the violation stays off the timeline


def test_it_lets_the_branch_decide_a_reprimand(world, propose):
    case = meet(world, propose("reprimand"))
    assert not case.upper_level_decides

    case = decide(world, case, world.branch_secretary, decision_number="02-QĐ/CĐ")

    assert case.decided_by_unit == world.unit("TA.G1.B1")


def test_it_follows_the_rule_in_force_on_the_meeting_date(world, propose):
    from chudong.rules.models import Rule

    Rule.objects.create(
        key="discipline.upper_level_from", value=["expulsion"], valid_from=dt.date(2026, 5, 5),
        document="Điều lệ mới (giả định)",
    )  # fmt: skip
    before = meet(world, propose("warning"), meeting_date=dt.date(2026, 5, 4))
    after = meet(world, propose("warning", proposed_on=dt.date(2026, 5, 3)))

    assert before.upper_level_decides and not after.upper_level_decides


def test_it_expels_through_the_member_register(world, propose):
    case = meet(world, propose("expulsion"))

    decide(world, case, world.staff_a)

    member = Member.objects.get(pk=case.member_id)
    assert (member.status, member.status_since) == ("expelled", dt.date(2026, 5, 20))


def test_it_removes_only_cadres_from_office_and_ends_their_post(world, propose, make_member):
    ordinary = make_member(full_name="Không Chức Vụ")
    with pytest.raises(ValidationError) as error:
        propose("removal", member=ordinary)
    assert "chỉ áp dụng với cán bộ" in error.value.message_dict["form"][0]

    # The branch secretary is linked to a member record: a cadre.
    cadre = make_member(full_name="Hoàng Văn Đông", user=world.branch_secretary)
    post = RoleAssignment.objects.get(user=world.branch_secretary, unit=world.unit("TA.G1.B1"))
    case = propose("removal", member=cadre, office_assignment=post, actor=world.secretary)
    case = meet(world, case, actor=world.secretary)

    decide(world, case, world.staff_a)

    post.refresh_from_db()
    assert post.end_date == dt.date(2026, 5, 20)
    assert case.office_label == "Bí thư — Chi đoàn thôn Đông"


def test_it_keeps_the_violation_for_those_who_may_see_sensitive_data(world, propose, login):
    case = propose()
    viewer = Role.objects.create(code="viewer", name="Xem", name_en="Viewer",
                                 capabilities=["units.view", "members.view"])  # fmt: skip
    RoleAssignment.objects.create(
        user=world.outsider, unit=world.unit("TA.G1"), role=viewer, start_date=dt.date(2020, 1, 1)
    )

    seen = login(world.outsider).get(f"/discipline/{case.pk}/").content.decode()
    assert "Cảnh cáo" in seen and "Tự ý bỏ sinh hoạt" not in seen
    assert login(world.outsider).get(f"/discipline/{case.pk}/violation/").status_code == 403

    client = login(world.secretary)
    fragment = client.get(f"/discipline/{case.pk}/violation/", HTTP_HX_REQUEST="true")
    assert "Tự ý bỏ sinh hoạt ba tháng liền" in fragment.content.decode()
    log = SensitiveReadLog.objects.get(subject_type="discipline_case")
    assert (log.actor, log.subject_id, log.fields) == (world.secretary, case.pk, "violation")


def test_it_runs_a_case_from_the_pages(world, login, make_member):
    member = make_member(full_name="Lý Văn Sai")
    client = login(world.branch_secretary)

    response = client.post(f"/members/{member.pk}/discipline/new/", {
        "form": "warning", "violation": "Vi phạm nội quy", "proposed_on": "02/05/2026",
    })  # fmt: skip
    case = DisciplineCase.objects.get(member=member)
    assert response["Location"] == f"/discipline/{case.pk}/"
    page = client.get(f"/discipline/{case.pk}/").content.decode()
    assert 'value="15"' not in page  # the branch count starts from the register: 2 members

    response = client.post(f"/discipline/{case.pk}/", {
        "action": "meeting", "meeting-meeting_date": "10/05/2026", "meeting-branch_members": 3,
        "meeting-members_present": 2, "meeting-votes_for": 2, "meeting-votes_against": 0,
        "meeting-secret_ballot": "on",
    })  # fmt: skip
    assert response.status_code == 302
    assert client.post(f"/discipline/{case.pk}/", {
        "action": "decision", "decision-decision_number": "1", "decision-decision_date":
        "20/05/2026", "decision-decision_signer": "X",
    }).status_code == 403  # fmt: skip

    response = login(world.staff_a).post(f"/discipline/{case.pk}/", {
        "action": "decision", "decision-decision_number": "9-QĐ/TĐTN",
        "decision-decision_date": "20/05/2026", "decision-decision_signer": "Trần Thị Hải",
    })  # fmt: skip
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == DisciplineState.DECIDED
    member_page = login(world.branch_secretary).get(f"/members/{member.pk}/").content.decode()
    assert "Kỷ luật: Cảnh cáo" in member_page
    assert login(world.staff_b).get(f"/discipline/{case.pk}/").status_code == 404


def test_it_records_an_appeal_against_a_decided_case(world, propose):
    case = decide(world, meet(world, propose("reprimand")), world.branch_secretary)

    services.discipline_record_appeal(
        actor=world.branch_secretary, case=case, appeal_date=dt.date(2026, 5, 25),
        appeal_note="Đoàn viên khiếu nại; Ban Thường vụ giữ nguyên quyết định.",
    )  # fmt: skip

    case.refresh_from_db()
    assert case.appeal_date == dt.date(2026, 5, 25)
    assert MemberEvent.objects.filter(member=case.member, kind="discipline_appeal").exists()


def test_it_lists_a_units_cases_without_the_violation_in_a_fixed_number_of_queries(
    world, propose, make_member, login, django_assert_num_queries
):
    for index in range(5):
        propose(member=make_member(full_name=f"Người Vi Phạm {index}"))
    client = login(world.staff_a)
    url = f"/units/{world.unit('TA').pk}/discipline/"
    client.get(url)

    # session, user, grants, unit, cases (with member, branch, deciding unit)
    with django_assert_num_queries(5):
        page = client.get(url).content.decode()

    assert page.count('href="/discipline/') == 5
    assert "Tự ý bỏ" not in page
