"""URL arguments and the database fingerprint for tests/test_access_matrix.py."""

from __future__ import annotations

import datetime as dt


def samples(world, unit, member) -> dict:
    """A held meeting of `unit` (created once) with `member` on its roll."""
    from chudong.meetings.models import Attendance, Meeting, MeetingState, Minutes

    meeting = Meeting.objects.filter(unit=unit).order_by("pk").first()
    if meeting is None:
        meeting = Meeting.objects.create(
            unit=unit, unit_path=unit.path, period_start=dt.date(2026, 1, 1),
            held_on=dt.date(2026, 1, 10), state=MeetingState.HELD, topic="Sinh hoạt tháng 1",
            present_count=1,
        )  # fmt: skip
        Minutes.objects.create(meeting=meeting, agenda="Chủ điểm tháng")
        Attendance.objects.create(
            meeting=meeting, member=member, held_on=meeting.held_on, unit_path=unit.path
        )
    return {"branch_meeting_id": meeting.pk}


def fingerprint() -> tuple:
    from chudong.meetings.models import Attendance, Meeting, MeetingYear, Minutes

    return (
        tuple(Meeting.objects.order_by("pk").values_list("state", "topic", "present_count")),
        Attendance.objects.count(),
        Minutes.objects.filter(approved_at__isnull=False).count(),
        MeetingYear.objects.count(),
    )
