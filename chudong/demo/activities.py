"""Demo activities and youth projects of Đoàn xã Phú Bình (Tỉnh đoàn Thái Nguyên).

A dozen activities over the last months (study sessions, Ngày Chủ nhật xanh, Tiếp sức mùa
thi, Mùa hè xanh, sports, culture, skill training, blood donation), one under way right
now so that its QR check-in can be tried, two planned and one cancelled; two youth
projects, one handed over. Participants are drawn from the commune's branches (Ngô Văn
Khánh, the demo member, took part in most of his branch's); written through the services
so that timelines, counts and history are what a user would produce.
Deterministic (random.Random(2026)) for a given day.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from chudong.accounts.models import User
from chudong.activities import services
from chudong.activities.models import Activity, ActivityState, CheckinSource
from chudong.core.paths import subtree_q
from chudong.members.models import CURRENT_STATUSES, Member
from chudong.orgs.models import Unit

COMMUNE = "TN.XPB"
BRANCH = "TN.PB.HS.CD01"  # Chi đoàn tổ dân phố Đồng Tâm, the demo member's branch

# (unit, kind, title, campaign, days from today, hours, place, participants, state, results)
PLAN = [
    (
        COMMUNE,
        "volunteer",
        "Ra quân Ngày Chủ nhật xanh: dọn vệ sinh kênh mương, đường làng",
        "Ngày Chủ nhật xanh",
        -14,
        4,
        "Tuyến kênh xóm Phú Xuân",
        28,
        ActivityState.DONE,
        {
            "people_reached": 350,
            "value": 3_500_000,
            "guests_count": 9,
            "beneficiaries": "Nhân dân xóm Phú Xuân, Xuân Đài",
            "results": "Thu gom 2 tấn rác, phát quang 1,5 km kênh mương.",
        },
    ),
    (
        BRANCH,
        "study",
        "Sinh hoạt chuyên đề: Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "",
        -35,
        2,
        "Nhà văn hóa tổ dân phố Đồng Tâm",
        12,
        ActivityState.DONE,
        {"results": "Đoàn viên đăng ký 12 việc làm cụ thể làm theo lời Bác."},
    ),
    (
        COMMUNE,
        "volunteer",
        "Tiếp sức mùa thi 2026: hỗ trợ thí sinh thi tốt nghiệp THPT",
        "Tiếp sức mùa thi",
        -150,
        48,
        "Điểm thi trường THPT Phú Bình",
        22,
        ActivityState.DONE,
        {
            "people_reached": 1_150,
            "value": 12_000_000,
            "beneficiaries": "Thí sinh và phụ huynh",
            "results": "Phát 600 chai nước, 300 suất ăn; hướng dẫn 1.150 thí sinh.",
        },
    ),
    (
        COMMUNE,
        "volunteer",
        "Chiến dịch thanh niên tình nguyện hè: sửa nhà văn hóa, dạy bơi cho thiếu nhi",
        "Mùa hè xanh",
        -120,
        24 * 20,
        "Các xóm của xã Phú Bình",
        30,
        ActivityState.DONE,
        {
            "people_reached": 420,
            "value": 25_000_000,
            "guests_count": 15,
            "beneficiaries": "Thiếu nhi trong xã",
            "results": "Dạy bơi cho 120 em, sửa 2 nhà văn hóa xóm.",
        },
    ),
    (
        COMMUNE,
        "sports",
        "Giải bóng đá thanh niên xã Phú Bình mở rộng",
        "",
        -75,
        24 * 3,
        "Sân vận động xã Phú Bình",
        26,
        ActivityState.DONE,
        {"people_reached": 800, "guests_count": 40, "results": "12 đội tham gia."},
    ),
    (
        COMMUNE,
        "culture",
        "Hội diễn văn nghệ chào mừng kỷ niệm ngày thành lập Đoàn 26/3",
        "",
        -240,
        3,
        "Hội trường Ủy ban nhân dân xã",
        24,
        ActivityState.DONE,
        {"people_reached": 500, "results": "18 tiết mục của 9 chi đoàn."},
    ),
    (
        COMMUNE,
        "skills",
        "Tập huấn kỹ năng chuyển đổi số cho cán bộ, đoàn viên",
        "",
        -50,
        4,
        "Phòng họp trực tuyến xã",
        20,
        ActivityState.DONE,
        {"results": "Hướng dẫn cài đặt VNeID, dịch vụ công trực tuyến."},
    ),
    (
        BRANCH,
        "volunteer",
        'Hiến máu tình nguyện "Giọt hồng Phú Bình"',
        "Chủ nhật đỏ",
        -95,
        5,
        "Trạm y tế xã Phú Bình",
        10,
        ActivityState.DONE,
        {"people_reached": 60, "results": "Tiếp nhận 48 đơn vị máu."},
    ),
    (
        COMMUNE,
        "study",
        "Học tập, quán triệt Nghị quyết Đại hội Đoàn toàn quốc lần thứ XIII",
        "",
        0,
        4,
        "Hội trường Ủy ban nhân dân xã Phú Bình",
        14,
        ActivityState.UNDER_WAY,
        {},
    ),
    (
        BRANCH,
        "volunteer",
        "Ngày Chủ nhật xanh tháng 12: trồng cây xanh tuyến đường tổ dân phố",
        "Ngày Chủ nhật xanh",
        7,
        3,
        "Đường trục tổ dân phố Đồng Tâm",
        0,
        ActivityState.PLANNED,
        {},
    ),
    (
        COMMUNE,
        "volunteer",
        "Xuân tình nguyện: Tết ấm cho thiếu nhi có hoàn cảnh khó khăn",
        "Xuân tình nguyện",
        20,
        4,
        "Nhà văn hóa xóm Hanh",
        0,
        ActivityState.PLANNED,
        {},
    ),
    (
        COMMUNE,
        "sports",
        "Giao lưu bóng chuyền hơi nam nữ (hoãn do mưa bão)",
        "",
        -60,
        3,
        "Sân vận động xã Phú Bình",
        0,
        ActivityState.CANCELLED,
        {},
    ),
]

PROJECTS = [
    (COMMUNE, "Công trình thanh niên: tuyến đường điện thắp sáng xóm Phú Xuân (1,2 km)",
     "Thắp sáng đường quê", -210, 24 * 30, "Xóm Phú Xuân", 18, ActivityState.DONE,
     {"value": 45_000_000, "people_reached": 600, "beneficiaries": "85 hộ dân xóm Phú Xuân",
      "results": "40 cột đèn năng lượng mặt trời."},
     (-170, "Ban Nhân dân xóm Phú Xuân")),
    (BRANCH, "Phần việc thanh niên: sân chơi cho thiếu nhi tổ dân phố Đồng Tâm", "",
     -30, 24 * 60, "Khu đất trống cạnh nhà văn hóa Đồng Tâm", 9, ActivityState.UNDER_WAY,
     {"value": 18_000_000, "beneficiaries": "Thiếu nhi tổ dân phố Đồng Tâm"}, None),
]  # fmt: skip


def _members(unit: Unit) -> list[Member]:
    return list(
        Member.objects.filter(
            subtree_q("unit_path", unit.path), status__in=CURRENT_STATUSES,
            merged_into__isnull=True,
        ).order_by("pk")
    )  # fmt: skip


def build(*, admin: User) -> None:
    commune = Unit.objects.filter(code=COMMUNE).first()
    branch = Unit.objects.filter(code=BRANCH).first()
    if commune is None or branch is None or Activity.objects.filter(unit=commune).exists():
        return
    rng = random.Random(2026)  # noqa: S311 - demo data, not secrets
    units = {COMMUNE: commune, BRANCH: branch}
    pools = {COMMUNE: _members(commune), BRANCH: _members(branch)}
    khanh = Member.objects.filter(user__username="doanvien.khanh").first()
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    rows = [(*row[:2], *row[2:], None, False) for row in PLAN]
    rows += [(p[0], "volunteer", *p[1:], True) for p in PROJECTS]
    for unit_code, kind, title, campaign, days, hours, place, count, state, results, *rest in rows:
        handover, is_project = rest
        unit = units[unit_code]
        start = now + dt.timedelta(days=days)
        if days == 0:
            start = now - dt.timedelta(hours=1)
        elif days > 0:
            start = start.replace(hour=7, minute=30)
        else:
            start = start.replace(hour=7)
        activity = services.activity_create(
            actor=admin, unit=unit, is_project=is_project, kind=kind, title=title,
            campaign=campaign, starts_at=start, ends_at=start + dt.timedelta(hours=hours),
            place=place, expected_participants=max(count, 20), budget=rng.choice(
                [0, 1_500_000, 3_000_000, 5_000_000]) if not is_project else results["value"],
            other_units=[branch] if unit is commune and rng.random() < 0.5 else [],
        )  # fmt: skip
        services.activity_update(actor=admin, activity=activity, state=state, **results)
        if count and state != ActivityState.CANCELLED:
            pool = pools[unit_code]
            chosen = rng.sample(pool, min(count, len(pool)))
            if khanh is not None and khanh not in chosen and rng.random() < 0.8:
                chosen.append(khanh)
            for member in chosen:
                services._participate(
                    activity=activity, member=member, actor=admin,
                    source=CheckinSource.QR if rng.random() < 0.7 else CheckinSource.MANUAL,
                    at=start + dt.timedelta(minutes=rng.randint(0, 40)),
                )  # fmt: skip
        if handover is not None:
            on_day, to_whom = handover
            services.project_handover(
                actor=admin, activity=activity, handed_over_to=to_whom,
                handed_over_on=timezone.localdate() + dt.timedelta(days=on_day),
            )  # fmt: skip
