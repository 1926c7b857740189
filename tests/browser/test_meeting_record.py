"""Recording a branch meeting on a 360 px phone: from the branch's meetings page, the
secretary types the topic, taps the two absent members and saves — a handful of taps
(the bar: under two minutes on a phone). Every tap target is at least 44 px high and
the screen does not scroll sideways."""

from __future__ import annotations

import datetime as dt

import pytest

from chudong.meetings.models import Attendance, Meeting, MeetingState
from chudong.members import services as member_services
from conftest import PASSWORD

from .conftest import PHONE, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NAMES = [
    "Nguyễn Văn An", "Trần Thị Bích", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em",
    "Vũ Thị Giang", "Đặng Văn Hải", "Bùi Thị Hoa", "Đỗ Văn Khánh", "Ngô Thị Lan",
    "Dương Văn Minh", "Lý Thị Ngọc",
]  # fmt: skip


def test_a_secretary_records_a_meeting_with_roll_call_in_a_handful_of_taps(
    world, live_server, new_page, screenshot
):
    base = live_server.url
    branch = world.unit("TA.G1.B1")
    members = [
        member_services.member_create(
            actor=world.central_admin,
            unit=branch,
            full_name=name,
            sex="male",
            date_of_birth=dt.date(2001, 4, 2),
            unit_since=dt.date(2020, 1, 1),
        )
        for name in NAMES
    ]
    excused, unexcused = members[3], members[8]

    page = new_page(viewport=PHONE)
    log_in(page, base, "branch.secretary", PASSWORD)
    page.goto(f"{base}/units/{branch.pk}/meetings/")
    taps = 0

    page.locator(f"a[href='/units/{branch.pk}/meetings/record/']").first.click()
    taps += 1
    page.wait_for_load_state("networkidle")
    assert page.locator(".mt-person").count() == len(NAMES)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for target in [".mt-att", ".mt-modes label", ".mt-save button"]:
        box = page.locator(target).first.bounding_box()
        assert box["height"] >= 44, target

    page.locator("#id_topic").click()
    taps += 1
    page.keyboard.type("Học tập chuyên đề tháng 11")
    page.locator(f"fieldset[data-member='{excused.pk}'] label.mt-att-excused").click()
    taps += 1
    page.locator(f"fieldset[data-member='{unexcused.pk}'] label.mt-att-unexcused").click()
    taps += 1
    assert page.locator("[data-count=present]").inner_text() == str(len(NAMES) - 2)
    screenshot(page, "meeting-record-phone")
    page.locator(".mt-save button").click()
    taps += 1
    page.wait_for_load_state("networkidle")

    assert taps <= 5
    meeting = Meeting.objects.get(unit=branch)
    assert meeting.state == MeetingState.HELD
    assert meeting.topic == "Học tập chuyên đề tháng 11"
    assert meeting.held_on == dt.date.today()
    assert (meeting.present_count, meeting.excused_count, meeting.unexcused_count) == (10, 1, 1)
    statuses = dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "status"))
    assert statuses[excused.pk] == "excused" and statuses[unexcused.pk] == "unexcused"
    assert "Học tập chuyên đề tháng 11" in page.content()
    screenshot(page, "meeting-recorded-phone")
