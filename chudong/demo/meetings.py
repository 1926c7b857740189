"""Demo branch meetings for the demo province: monthly meetings with roll call and minutes
for every active branch, from January of last year to the last month that has ended.

- Most meetings are held around mid-month, in person (some online or mixed), on the
  month's theme; about 85% of members present, a few absent with or without leave. Older
  minutes are approved; the last month's wait for approval.
- A few branches miss months (one missed the last two), so the missed-meeting warning and
  its list have something to show; the branches of the mountainous Đại Từ commune meet
  quarterly from this year under a rule version issued for them.
- The rest of this year is planned (the schedule), so "Record" starts from a plan.

Deterministic (random.Random(2023)) for a given day, written in bulk.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from chudong.core.paths import subtree_q
from chudong.meetings import cadence, status
from chudong.meetings.models import (
    Attendance,
    Meeting,
    MeetingMode,
    MeetingState,
    Minutes,
)
from chudong.members.models import CURRENT_STATUSES, Member
from chudong.orgs.models import Unit, UnitStatus
from chudong.rules import rules
from chudong.rules.models import Rule

THEMES = {
    1: "Mừng Đảng, mừng Xuân; tổng kết công tác Đoàn năm cũ",
    2: "Kỷ niệm ngày thành lập Đảng Cộng sản Việt Nam 3/2",
    3: "Tháng Thanh niên: kỷ niệm ngày thành lập Đoàn 26/3",
    4: "Kỷ niệm ngày Giải phóng miền Nam, thống nhất đất nước 30/4",
    5: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    6: "Tháng hành động vì trẻ em; Tiếp sức mùa thi",
    7: "Uống nước nhớ nguồn: kỷ niệm ngày Thương binh – Liệt sĩ 27/7",
    8: "Cách mạng Tháng Tám và Quốc khánh 2/9",
    9: "Tình nguyện vì an sinh xã hội; Tết Trung thu cho thiếu nhi",
    10: "Kỷ niệm ngày truyền thống Hội LHTN Việt Nam 15/10",
    11: "Ngày Pháp luật Việt Nam 9/11; tri ân thầy cô 20/11",
    12: "Kỷ niệm ngày thành lập Quân đội nhân dân Việt Nam 22/12",
}
PLACES = ["Nhà văn hóa xóm", "Hội trường UBND xã", "Phòng họp cơ quan", "Sân nhà văn hóa"]
RESOLUTIONS = [
    "Ra quân Ngày Chủ nhật xanh, dọn vệ sinh đường làng",
    "Thu đoàn phí đúng hạn; cập nhật danh sách đoàn viên",
    "Tổ chức giải bóng chuyền thanh niên",
    "Thăm hỏi gia đình chính sách trong xóm",
    "Mỗi đoàn viên giới thiệu một thanh niên vào Đoàn, Hội (1+1)",
]
OPINIONS = [
    "Đề nghị xã hỗ trợ lắp đèn đường liên xóm",
    "Thanh niên mong có lớp học nghề sửa chữa điện dân dụng",
    "Đề nghị tổ chức sinh hoạt trực tuyến cho đoàn viên đi làm ăn xa",
    "",
    "",
]
# Branches that missed months (by name), as {name: [months ago]} (1 = the last ended month).
MISSES = {
    "Chi đoàn xóm Hanh": [1, 2],
    "Chi đoàn xóm Ao Sen": [5],
    "Chi đoàn lớp Lịch sử K58": [7],
}
QUARTERLY_UNIT = "TN.XDT"


def _months_back(today: dt.date, count: int) -> list[dt.date]:
    first = today.replace(day=1)
    result = []
    for _ in range(count):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        result.append(first)
    return result  # the last ended month first


def _issue_quarterly_rule(today: dt.date, admin) -> None:
    unit = Unit.objects.filter(code=QUARTERLY_UNIT).first()
    if unit is None:
        return
    Rule.objects.get_or_create(
        key="meetings.months_between_by_kind", unit=unit, valid_from=dt.date(today.year, 1, 1),
        defaults={
            "value": {"branch": 3},
            "document": "Công văn Ban Thường vụ Tỉnh đoàn chấp thuận (xóm vùng cao, phân tán)",
            "note": "chi đoàn các xóm vùng cao sinh hoạt 3 tháng 1 lần",
            "created_by": admin,
        },
    )  # fmt: skip
    rules.forget()


def build(*, admin) -> int:
    """Create the demo meetings (after the demo members). Returns the meetings created."""
    today = timezone.localdate()
    rng = random.Random(2023)  # noqa: S311 - demo data
    _issue_quarterly_rule(today, admin)
    province = Unit.objects.get(code="TN")
    branches = list(
        Unit.objects.filter(subtree_q("path", province.path), status=UnitStatus.ACTIVE,
                            kind__is_branch=True).select_related("kind").order_by("path")
    )  # fmt: skip
    roll: dict[int, list[int]] = {b.pk: [] for b in branches}
    for member_id, unit_id in Member.objects.filter(
        unit_id__in=list(roll), status__in=CURRENT_STATUSES
    ).values_list("pk", "unit_id"):
        roll[unit_id].append(member_id)
    months = _months_back(today, 12 + today.month - 1)  # from January of last year
    meetings: list[Meeting] = []
    plans: list[tuple[Meeting, list[int]]] = []
    for branch in branches:
        skip = {months[i - 1] for i in MISSES.get(branch.name, [])}
        founded = cadence.first_day(branch)
        done_periods: set[dt.date] = set()
        for first in reversed(months):
            every = cadence.months_between(branch, first.year)
            period = cadence.period_at(first, every)
            if first in skip or period.start < founded or period.start in done_periods:
                continue
            if every > 1 and first.month != period.start.month + 1:
                continue  # quarterly branches meet in the middle month of the quarter
            done_periods.add(period.start)
            held_on = first.replace(day=rng.randint(8, 22))
            mode = rng.choices(
                [MeetingMode.IN_PERSON, MeetingMode.ONLINE, MeetingMode.MIXED], [80, 8, 12]
            )[0]
            recent = first == months[0] or (every > 1 and period.end >= months[0])
            meeting = Meeting(
                unit=branch, unit_path=branch.path, period_start=period.start,
                period_months=every, scheduled_on=first.replace(day=15), held_on=held_on,
                mode=mode, topic=THEMES[first.month],
                material=f"Tài liệu sinh hoạt chi đoàn tháng {first.month}/{first.year}",
                location="" if mode == MeetingMode.ONLINE else rng.choice(PLACES),
                state=MeetingState.HELD if recent else MeetingState.APPROVED,
                recorded_by=admin,
            )  # fmt: skip
            meetings.append(meeting)
            plans.append((meeting, roll[branch.pk]))
    Meeting.objects.bulk_create(meetings)
    attendance: list[Attendance] = []
    minutes: list[Minutes] = []
    for meeting, members in plans:
        counts = {"present": 0, "excused": 0, "unexcused": 0}
        for member_id in members:
            value = rng.choices(["present", "excused", "unexcused"], [86, 9, 5])[0]
            counts[value] += 1
            attendance.append(
                Attendance(meeting=meeting, member_id=member_id, status=value,
                           held_on=meeting.held_on, unit_path=meeting.unit_path)
            )  # fmt: skip
        meeting.present_count = counts["present"]
        meeting.excused_count = counts["excused"]
        meeting.unexcused_count = counts["unexcused"]
        approved = meeting.state == MeetingState.APPROVED
        minutes.append(
            Minutes(
                meeting=meeting,
                agenda="1. Sinh hoạt chủ điểm; 2. Đánh giá công tác tháng; 3. Triển khai nhiệm vụ",
                content=f"Bí thư chi đoàn quán triệt chủ điểm: {meeting.topic}.",
                resolutions=rng.choice(RESOLUTIONS),
                opinions=rng.choice(OPINIONS),
                approved_by=admin if approved else None,
                approved_at=timezone.now() if approved else None,
            )
        )
    Meeting.objects.bulk_update(meetings, ["present_count", "excused_count", "unexcused_count"])
    Attendance.objects.bulk_create(attendance, batch_size=2000)
    Minutes.objects.bulk_create(minutes, batch_size=2000)
    planned = []
    for branch in branches:
        every = cadence.months_between(branch, today.year)
        for period in cadence.owed_periods(branch, today.year, every):
            if period.end >= today:
                planned.append(
                    Meeting(unit=branch, unit_path=branch.path, period_start=period.start,
                            period_months=every, scheduled_on=period.start.replace(day=15),
                            topic=THEMES[period.start.month])
                )  # fmt: skip
    Meeting.objects.bulk_create(planned)
    for year in sorted({m.year for m in months} | {today.year}):
        status.refresh_year(year, root=province)
    return len(meetings)
