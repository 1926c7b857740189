"""Branch meetings (chudong.meetings) of the last MONTHS months, one a month per branch
(the national rule `meetings.months_between` is 1):

- about 85 % of branch-months had a held meeting, 3 % a cancelled one, the rest none;
- held meetings before ROLL_FROM (August 2026, when provinces started recording in
  chudong, as for dues) were entered from the branches' minutes books: the counts of
  present and absent members, no roll; from ROLL_FROM on each held meeting has its roll
  call (`Attendance`: one row per member admitted by that day and a member today, 82 %
  present, 11 % excused, 7 % unexcused) and its counts copied from it, and the meetings
  of August and September have approved minutes;
- `MeetingYear` per branch for 2025 and 2026, as the services maintain it
  (held months as bits, the end of the first owed month without a held meeting).

At scale 1 that is about 8 million meetings and 15 million attendance rows; rolls for the
whole two years would be 120 million rows, more than the 20-minute load allows.
"""

from __future__ import annotations

from chudong.dues import months
from chudong.members.models import CURRENT_STATUSES

from ..loading import next_id
from ..world import ANCHOR, TIMESTAMP, World
from .members import STATUS_CODE

MONTHS = 24
LAST = months.of_date(ANCHOR) - 1  # October 2026
FIRST = LAST - MONTHS + 1  # November 2024
ROLL_FROM = months.index(2026, 8)
# The years whose whole span the window covers: a MeetingYear each (the branches were
# founded long before, so every month of them was owed).
YEARS = (2025, 2026)
HELD, CANCELLED = 0.85, 0.88
PRESENT, EXCUSED = 0.82, 0.93
TOPICS = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Sinh hoạt chủ điểm: Tự hào truyền thống Đoàn TNCS Hồ Chí Minh",
    "Triển khai phong trào Thanh niên tình nguyện",
    "Chuyển đổi số trong thanh niên",
    "Giáo dục pháp luật, an toàn giao thông cho đoàn viên",
    "Tuổi trẻ sáng tạo, khởi nghiệp",
    "Phòng, chống tác hại của ma túy và tệ nạn xã hội",
    "Bảo vệ môi trường, chống rác thải nhựa",
    "Đánh giá, xếp loại đoàn viên và kế hoạch tháng tới",
    "Tháng Thanh niên: công trình, phần việc thanh niên",
    "Sinh hoạt chính trị: Nghị quyết Đại hội Đoàn các cấp",
    "Kỷ niệm ngày Quốc khánh 2/9 và nhiệm vụ tháng",
)
CANCEL_REASONS = (
    "Mưa bão, đoàn viên không tập trung được",
    "Trùng lịch sản xuất, lùi sang tháng sau",
)
MEETING_COLUMNS = (
    "id", "unit_id", "unit_path", "period_start", "period_months", "scheduled_on", "held_on",
    "mode", "topic", "material", "location", "state", "cancel_reason", "present_count",
    "excused_count", "unexcused_count", "recorded_by_id", "created_at", "updated_at",
)  # fmt: skip
ATTENDANCE_COLUMNS = ("id", "meeting_id", "member_id", "status", "source", "held_on", "unit_path")
MINUTES_COLUMNS = (
    "id", "meeting_id", "agenda", "content", "resolutions", "opinions", "approved_by_id",
    "approved_at", "updated_at",
)  # fmt: skip
YEAR_COLUMNS = (
    "id", "unit_id", "unit_path", "year", "period_months", "due_from", "held_mask",
    "held_count", "first_gap_end", "last_held_on", "updated_at",
)  # fmt: skip
MEMBERS_NOW = frozenset(STATUS_CODE[s] for s in CURRENT_STATUSES)


def build_meetings(world: World) -> None:
    sink, cursor = world.sink, world.cursor
    n = r"\N"
    meetings = sink.lines("meetings_meeting", MEETING_COLUMNS)
    attendance = sink.lines("meetings_attendance", ATTENDANCE_COLUMNS)
    minutes = sink.lines("meetings_minutes", MINUTES_COLUMNS)
    years = sink.lines("meetings_meetingyear", YEAR_COLUMNS)
    meeting_id = next_id(cursor, "meetings_meeting")
    attendance_id = next_id(cursor, "meetings_attendance")
    minutes_id = next_id(cursor, "meetings_minutes")
    year_id = next_id(cursor, "meetings_meetingyear")
    rnd = world.rng("meetings").random
    first = world.first_member_id
    admitted_on, status = world.admitted_on, world.status
    window = range(FIRST, LAST + 1)
    starts = {m: months.first_day(m) for m in window}
    iso = {m: starts[m].isoformat() for m in window}
    month_end = {m: months.last_day(m).isoformat() for m in range(FIRST, LAST + 3)}
    for block in world.member_blocks:
        if not block.count:
            continue
        branch = block.branch
        recorder = world.secretary_of.get(branch.id) or n
        path = branch.path
        head = f"\t{branch.id}\t{path}\t"
        # Members on today's roll, with their admission day: the roll of a meeting is
        # those admitted by its day.
        roll = [
            (member_id, admitted_on[member_id - first])
            for member_id in range(block.first_id, block.first_id + block.count)
            if status[member_id - first] in MEMBERS_NOW
        ]
        size = block.count
        held_months: dict[int, str] = {}
        for month in window:
            r = rnd()
            if r >= CANCELLED:
                continue
            day = 5 + (branch.id + month) % 20
            start = starts[month]
            scheduled = start.replace(day=day).isoformat()
            topic = TOPICS[month % 12] if month % 3 else TOPICS[(branch.id + month) % 12]
            if r >= HELD:
                meetings.append(
                    f"{meeting_id}{head}{iso[month]}\t1\t{scheduled}\t{n}\tin_person\t{topic}\t\t"
                    f"\tcancelled\t{CANCEL_REASONS[month % 2]}\t0\t0\t0\t{recorder}\t"
                    f"{TIMESTAMP}\t{TIMESTAMP}"
                )
                meeting_id += 1
                continue
            held_months[month] = scheduled
            mode = "online" if r < 0.04 else "mixed" if r < 0.12 else "in_person"
            if month >= ROLL_FROM:
                held_day = start.toordinal() + day - 1
                present = excused = unexcused = 0
                for member_id, admitted in roll:
                    if admitted > held_day:
                        continue
                    a = rnd()
                    if a < PRESENT:
                        state, present = "present", present + 1
                    elif a < EXCUSED:
                        state, excused = "excused", excused + 1
                    else:
                        state, unexcused = "unexcused", unexcused + 1
                    attendance.append(
                        f"{attendance_id}\t{meeting_id}\t{member_id}\t{state}\troll_call\t"
                        f"{scheduled}\t{path}"
                    )
                    attendance_id += 1
            else:
                present = round(size * (0.7 + 0.2 * r))
                excused = (size - present) // 2
                unexcused = size - present - excused
            approved = ROLL_FROM <= month < LAST
            meetings.append(
                f"{meeting_id}{head}{iso[month]}\t1\t{scheduled}\t{scheduled}\t{mode}\t{topic}\t"
                f"\tNhà văn hóa, trụ sở đơn vị\t{'approved' if approved else 'held'}\t\t"
                f"{present}\t{excused}\t{unexcused}\t{recorder}\t{TIMESTAMP}\t{TIMESTAMP}"
            )
            if approved:
                approved_at = f"{month_end[month]} 20:00:00+07"
                minutes.append(
                    f"{minutes_id}\t{meeting_id}\t1. {topic}\\n2. Công tác tháng tới\t"
                    f"Chi đoàn sinh hoạt theo chủ điểm tháng.\tThống nhất kế hoạch tháng tới.\t"
                    f"\t{recorder}\t{approved_at}\t{approved_at}"
                )
                minutes_id += 1
            meeting_id += 1
        for year in YEARS:
            mask, count, gap, last_held = 0, 0, n, n
            january = months.index(year, 1)
            for month in range(january, january + 12):
                held = held_months.get(month)
                if held:
                    mask |= 1 << (month - january)
                    count += 1
                    last_held = held
                elif gap == n:
                    gap = month_end[month]
            years.append(
                f"{year_id}{head}{year}\t1\t{year}-01-01\t{mask}\t{count}\t{gap}\t{last_held}\t"
                f"{TIMESTAMP}"
            )
            year_id += 1
        sink.maybe_flush()


def held_months_of(mask: int) -> list[int]:
    """Months (1–12) whose bit is set in a `MeetingYear.held_mask`."""
    return [bit + 1 for bit in range(12) if mask >> bit & 1]
