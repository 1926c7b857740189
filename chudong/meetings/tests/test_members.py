"""Attendance feeds the member: the member page panel (attended / held in the last twelve
months), the member's own page, and `attendance_rate` for the rating."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from chudong.meetings import selectors, services
from chudong.members.models import Member


def _year_of_meetings(world, member, statuses):
    branch = world.unit("TA.G1.B1")
    for month, value in statuses:
        services.meeting_record(
            actor=world.branch_secretary, unit=branch, held_on=dt.date(2026, month, 12),
            mode="in_person", topic=f"Sinh hoạt tháng {month}", attendance={member.pk: value},
        )  # fmt: skip


def test_the_member_page_panel_counts_the_last_twelve_months(world, today, make_member, login):
    member = make_member(full_name="Trần Thị Mai")
    _year_of_meetings(
        world, member, [(7, "present"), (8, "excused"), (9, "present"), (10, "unexcused")]
    )
    assert selectors.attendance_rate(member, 2026) == Fraction(1, 2)
    assert selectors.attendance_rate(member, 2025) is None
    summary = selectors.member_attendance(member=member)
    assert (summary.present, summary.called, summary.percent) == (2, 4, 50)
    client = login(world.secretary)
    body = client.get(f"/members/{member.pk}/meetings/", HTTP_HX_REQUEST="true").content.decode()
    assert "2/4" in body and "50%" in body and "Sinh hoạt tháng 10" in body


def test_a_member_sees_their_branch_meetings_and_their_attendance(world, today, make_member, login):
    member = make_member(full_name="Vũ Thị Thu")
    Member.objects.filter(pk=member.pk).update(user=world.member)
    _year_of_meetings(world, member, [(9, "present"), (10, "excused")])
    services.schedule_generate(actor=world.branch_secretary, unit=world.unit("TA.G1.B1"), year=2026)
    body = login(world.member).get("/me/meetings/").content.decode()
    assert "Sinh hoạt tháng 9" in body and "Sinh hoạt tháng 10" in body
    assert "15/12/2026" in body  # the planned December meeting
    assert "1/2" in body


def test_a_merged_record_brings_its_attendance(world, today, make_member):
    remove = make_member()
    _year_of_meetings(world, remove, [(10, "present")])
    keep = make_member()  # registered after the meeting: not on its roll
    assert selectors.attendance_rate(keep, 2026) is None
    services.follow_member_merge(keep=keep, remove=remove, actor=world.central_admin)
    assert selectors.attendance_rate(keep, 2026) == 1
