"""Data subject requests: the deadline in working days (weekends and dated public
holidays skipped), the register and its overdue warning, and the responses."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError

from chudong.access.models import SensitiveReadLog
from chudong.members import services as member_services
from chudong.members.models import FamilyRelation, MemberSensitive
from chudong.orgs.selectors import unit_warnings
from chudong.privacy import selectors, services
from chudong.privacy.models import AnonymisedMember, Holiday, SubjectRequest
from chudong.privacy.workdays import add_working_days

from .conftest import at


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (dt.date(2026, 11, 18), dt.date(2026, 11, 20)),  # Wednesday → Friday
        (dt.date(2026, 11, 20), dt.date(2026, 11, 24)),  # Friday → Tuesday
        (dt.date(2026, 11, 21), dt.date(2026, 11, 24)),  # Saturday → Tuesday
        (dt.date(2026, 2, 13), dt.date(2026, 2, 24)),  # before Tết (14–22/2) → Tuesday 24/2
        (dt.date(2026, 4, 29), dt.date(2026, 5, 5)),  # 30/4, 1/5 and the weekend skipped
        (dt.date(2026, 8, 31), dt.date(2026, 9, 4)),  # 1/9 and 2/9 (Quốc khánh) skipped
    ],
)
def test_it_counts_two_working_days_skipping_weekends_and_holidays(db, received, due):
    assert add_working_days(received, 2) == due


def test_a_holiday_added_as_data_moves_the_deadline(world):
    assert add_working_days(dt.date(2027, 1, 1), 2) == dt.date(2027, 1, 5)
    services.holiday_add(actor=world.central_admin, date=dt.date(2027, 1, 4), name="Nghỉ bù")
    assert add_working_days(dt.date(2027, 1, 1), 2) == dt.date(2027, 1, 6)


def test_only_the_central_level_edits_the_holidays(world, login):
    response = login(world.staff_a).post(
        "/privacy/holidays/", {"date": "05/01/2027", "name": "Thử"}
    )
    assert response.status_code == 403
    assert not Holiday.objects.filter(date=dt.date(2027, 1, 5)).exists()
    page = login(world.central_admin).post(
        "/privacy/holidays/", {"date": "05/01/2027", "name": "Nghỉ bù Tết Dương lịch"}
    )
    assert page.status_code == 302
    assert Holiday.objects.get(date=dt.date(2027, 1, 5)).name == "Nghỉ bù Tết Dương lịch"


def test_a_members_own_request_to_see_their_data_is_answered_at_once(world, login, make_member):
    member = make_member(account=True)
    with at(2026, 11, 20):
        login(member.user).post("/me/data-requests/", {"kind": "access"})
    row = SubjectRequest.objects.get(member=member)
    assert (row.status, row.channel, row.responded_on) == ("done", "online", dt.date(2026, 11, 20))
    assert "tải" in row.response.lower()


def test_a_members_request_to_delete_waits_for_the_branch_and_warns_when_overdue(
    world, login, make_member
):
    member = make_member(account=True)
    with at(2026, 11, 20):
        response = login(member.user).post(
            "/me/data-requests/", {"kind": "delete", "details": "Xin xóa thông tin sức khỏe"}
        )
        assert response.status_code == 302
        page = login(member.user).get("/me/data-requests/").content.decode()
    row = SubjectRequest.objects.get(member=member)
    assert (row.status, row.due_on) == ("open", dt.date(2026, 11, 24))
    assert "24/11/2026" in page
    g1 = world.unit("TA.G1")

    def warnings_on(day):
        lines = unit_warnings(actor=world.secretary, unit=g1, day=day, fresh=True)
        return {w.key: w.count for w in lines}

    assert warnings_on(dt.date(2026, 11, 24)).get("privacy_requests_overdue", 0) == 0
    assert warnings_on(dt.date(2026, 11, 25))["privacy_requests_overdue"] == 1
    assert selectors.overdue_counts([world.unit("TA.G2")], dt.date(2026, 11, 25)) == {
        world.unit("TA.G2").pk: 0
    }
    with at(2026, 11, 25):
        register = login(world.secretary).get(f"/units/{g1.pk}/privacy/").content.decode()
    assert member.full_name in register and "quá hạn" in register


def _with_sensitive(world, member):
    member_services.member_sensitive_update(
        actor=world.central_admin, member=member, expected_version=0,
        values={"ethnicity": "Thái", "religion": "Phật giáo", "health": "Hen suyễn",
                "family_notes": "Bố mẹ làm nông"},
        family=[{"relation": "father", "full_name": "Lò Văn Khum", "birth_year": 1970}],
    )  # fmt: skip


def test_deleting_a_current_members_record_is_refused_but_optional_data_is_removed(
    world, login, make_member
):
    member = make_member()
    _with_sensitive(world, member)
    with at(2026, 11, 20):
        row = services.request_create(
            actor=world.branch_secretary, member=member, kind="delete",
            received_on=dt.date(2026, 11, 19), details="Xin xóa toàn bộ dữ liệu",
        )  # fmt: skip
        assert row.due_on == dt.date(2026, 11, 23)
        with pytest.raises(ValidationError) as error:
            services.request_respond(
                actor=world.branch_secretary, request=row, outcome="done",
                response="Đã xử lý", anonymise=True,
            )  # fmt: skip
        assert "không thể xóa" in error.value.message_dict["anonymise"][0]
        response = login(world.branch_secretary).post(
            f"/privacy/requests/{row.pk}/",
            {"outcome": "done", "response": "Đã xóa thông tin tôn giáo và sức khỏe.",
             "clear_fields": ["religion", "health"]},
        )  # fmt: skip
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == "partly"
    assert row.response.startswith("Hồ sơ của đoàn viên đang sinh hoạt không thể xóa")
    assert row.cleared_fields == ["religion", "health"]
    sensitive = MemberSensitive.objects.get(member=member)
    assert (sensitive.religion, sensitive.health, sensitive.ethnicity) == ("", "", "Thái")
    assert FamilyRelation.objects.filter(member=member).count() == 1
    member.refresh_from_db()
    assert member.full_name.startswith("Lò Thị Mai")
    assert not AnonymisedMember.objects.exists()


def test_an_answered_request_cannot_be_answered_again(world, make_member):
    member = make_member()
    row = services.request_create(
        actor=world.secretary, member=member, kind="correct", details="Sai quê quán",
        received_on=dt.date(2026, 11, 2),
    )  # fmt: skip
    services.request_respond(
        actor=world.secretary, request=row, outcome="done", response="Đã sửa quê quán."
    )
    with pytest.raises(ValidationError):
        services.request_respond(
            actor=world.secretary, request=row, outcome="refused", response="Đổi ý"
        )
    row.refresh_from_db()
    assert (row.status, row.response) == ("done", "Đã sửa quê quán.")


def test_a_former_members_record_is_anonymised_on_request(world, make_member):
    member = make_member(phone="0912345678")
    member_services.member_status_change(
        actor=world.central_admin, member=member, status="matured",
        effective_on=dt.date(2025, 12, 31),
    )  # fmt: skip
    row = services.request_create(
        actor=world.secretary, member=member, kind="delete", received_on=dt.date(2026, 11, 2)
    )
    services.request_respond(
        actor=world.secretary, request=row, outcome="done", response="Đã ẩn danh hồ sơ.",
        anonymise=True,
    )  # fmt: skip
    member.refresh_from_db()
    assert member.full_name == f"Ẩn danh {member.pk}" and member.phone == ""
    assert AnonymisedMember.objects.get(member=member).request == row
    row.refresh_from_db()
    assert (row.status, row.cleared_fields) == ("done", ["all"])


def test_the_branch_hands_over_the_members_data_for_a_written_request(world, login, make_member):
    member = make_member()
    _with_sensitive(world, member)
    row = services.request_create(
        actor=world.branch_secretary, member=member, kind="export",
        received_on=dt.date(2026, 11, 2),
    )  # fmt: skip
    response = login(world.branch_secretary).get(f"/privacy/requests/{row.pk}/data.json")
    data = json.loads(response.content)
    assert data["member"]["fields"]["full_name"] == member.full_name
    assert data["related"]["members.membersensitive"][0]["fields"]["religion"] == "Phật giáo"
    assert SensitiveReadLog.objects.filter(
        actor=world.branch_secretary, subject_id=member.pk, purpose=f"data subject request {row.pk}"
    ).exists()
    # Without members.sensitive (the data-protection officer): not allowed.
    assert login(world.dpo_a).get(f"/privacy/requests/{row.pk}/data.json").status_code == 403


def test_the_register_is_scoped_by_unit(world, login, make_member):
    mine, theirs = make_member("TA.G1.B1"), make_member("TB.G1.B1")
    for member in (mine, theirs):
        services.request_create(
            actor=world.central_admin, member=member, kind="access",
            received_on=dt.date(2026, 11, 2),
        )  # fmt: skip
    page = login(world.staff_a).get(f"/units/{world.unit('TA').pk}/privacy/").content.decode()
    assert mine.full_name in page and theirs.full_name not in page
    assert login(world.staff_a).get(f"/units/{world.unit('TB').pk}/privacy/").status_code == 404
    other = SubjectRequest.objects.get(member=theirs)
    assert login(world.staff_a).get(f"/privacy/requests/{other.pk}/").status_code == 404


def test_the_central_level_removes_a_holiday_and_bad_input_is_not_found(world, login):
    holiday = Holiday.objects.get(date=dt.date(2026, 9, 1))
    client = login(world.central_admin)
    assert client.post("/privacy/holidays/", {"remove": "abc"}).status_code == 404
    assert client.post("/privacy/holidays/", {"remove": holiday.pk}).status_code == 302
    assert not Holiday.objects.filter(date=dt.date(2026, 9, 1)).exists()
    assert add_working_days(dt.date(2026, 8, 31), 2) == dt.date(2026, 9, 3)
