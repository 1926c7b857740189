"""Recording a held meeting in one step (date, mode, topic, roll call, short minutes), then
approving the minutes; what the roll call writes and what is refused."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chudong.meetings import services
from chudong.meetings.models import Attendance, Meeting, MeetingState, MeetingYear, Minutes


def _record(world, branch, **kwargs):
    values = {
        "actor": world.branch_secretary, "unit": branch, "held_on": dt.date(2026, 11, 20),
        "mode": "in_person", "topic": "Học tập Nghị quyết Đại hội Đoàn", "attendance": {},
    }  # fmt: skip
    values.update(kwargs)
    return services.meeting_record(**values)


def test_it_records_a_meeting_with_everyone_present_but_the_absent_ones(world, today, make_member):
    branch = world.unit("TA.G1.B1")
    members = [make_member() for _ in range(5)]
    meeting = _record(
        world, branch,
        attendance={members[0].pk: "excused", members[1].pk: "unexcused"},
        resolutions="Ra quân Ngày Chủ nhật xanh 29/11", opinions="Đề nghị sửa đường liên thôn",
    )  # fmt: skip
    assert meeting.state == MeetingState.HELD
    assert meeting.period_start == dt.date(2026, 11, 1)
    assert (meeting.present_count, meeting.excused_count, meeting.unexcused_count) == (3, 1, 1)
    rows = dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "status"))
    assert rows[members[0].pk] == "excused" and rows[members[2].pk] == "present"
    assert len(rows) == 5
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.opinions == "Đề nghị sửa đường liên thôn"
    assert MeetingYear.objects.get(unit=branch, year=2026).held_mask == 1 << 10


def test_it_records_the_planned_meeting_of_the_month(world, today, make_member):
    branch = world.unit("TA.G1.B1")
    services.schedule_generate(actor=world.branch_secretary, unit=branch, year=2026)
    meeting = _record(world, branch)
    assert Meeting.objects.filter(unit=branch, period_start=dt.date(2026, 11, 1)).count() == 1
    assert meeting.scheduled_on == dt.date(2026, 11, 15)


def test_it_refuses_a_future_date_and_a_stranger_on_the_roll(world, today, make_member):
    branch = world.unit("TA.G1.B1")
    stranger = make_member("TA.G1.B2")
    with pytest.raises(ValidationError) as error:
        _record(world, branch, held_on=dt.date(2026, 11, 30))
    assert "held_on" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        _record(world, branch, attendance={stranger.pk: "present"})
    assert "attendance" in error.value.error_dict
    assert not Meeting.objects.exists()


def test_a_plain_member_cannot_record(world, today):
    with pytest.raises(PermissionDenied):
        _record(world, world.unit("TA.G1.B1"), actor=world.member)


def test_approved_minutes_lock_the_meeting(world, today, make_member):
    branch = world.unit("TA.G1.B1")
    make_member()
    meeting = _record(world, branch)
    services.minutes_approve(actor=world.secretary, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.APPROVED
    assert Minutes.objects.get(meeting=meeting).approved_by == world.secretary
    with pytest.raises(ValidationError, match="đã được duyệt"):
        _record(world, branch, meeting=meeting)
    with pytest.raises(ValidationError):
        services.minutes_approve(actor=world.secretary, meeting=meeting)


def test_a_cancelled_meeting_does_not_count_as_held(world, today):
    branch = world.unit("TA.G1.B1")
    planned = services.schedule_generate(actor=world.branch_secretary, unit=branch, year=2026)
    services.meeting_cancel(actor=world.branch_secretary, meeting=planned[0], reason="Bão số 9")
    planned[0].refresh_from_db()
    assert planned[0].state == MeetingState.CANCELLED
    assert MeetingYear.objects.get(unit=branch, year=2026).held_mask == 0


def test_the_phone_screen_records_and_the_secretary_approves(world, login, today, make_member):
    branch = world.unit("TA.G1.B1")
    members = [make_member() for _ in range(3)]
    client = login(world.branch_secretary)
    url = f"/units/{branch.pk}/meetings/record/"
    page = client.get(url)
    assert page.status_code == 200
    assert len(re.findall(r'value="present"[^>]*checked', page.content.decode())) == 3
    data = {"held_on": "20/11/2026", "mode": "online", "topic": "Sinh hoạt chủ điểm tháng 11"}
    data.update({f"att_{m.pk}": "present" for m in members})
    data[f"att_{members[2].pk}"] = "unexcused"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get(unit=branch)
    assert (meeting.mode, meeting.present_count, meeting.unexcused_count) == ("online", 2, 1)
    detail = client.get(response["Location"])
    assert "Sinh hoạt chủ điểm tháng 11" in detail.content.decode()
    client.post(f"/branch-meetings/{meeting.pk}/approve/")
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.APPROVED


def test_the_screen_shows_the_services_errors_next_to_the_field(world, login, today, make_member):
    branch = world.unit("TA.G1.B1")
    make_member()
    client = login(world.branch_secretary)
    response = client.post(
        f"/units/{branch.pk}/meetings/record/",
        {"held_on": "01/12/2026", "mode": "in_person", "topic": "Chủ điểm"},
    )
    assert response.status_code == 200
    assert "Không thể ghi biên bản trước ngày sinh hoạt" in response.content.decode()
    assert not Meeting.objects.exists()
