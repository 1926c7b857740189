"""Demo youth in difficulty (criterion 1.3) and rights cases (criterion 1.5) in the demo
province, written through the care services as the province's staff.

- Đoàn xã Phú Bình and Đoàn xã Đại Từ list about a dozen young people in difficulty:
  members of their branches and young people who are not members (ethnic-minority youth
  of poor households, an orphan, a school drop-out, a young man after drug treatment...),
  most with a support plan, several supported this year (scholarships, a cow from the
  "Bò giống" programme, a job at the Yên Bình industrial park), one closed.
- Rights requests: unpaid wages at a garment company (overdue), online harassment of a
  schoolgirl (referred to the police), a land dispute in a family (closed, satisfied),
  study support for a student with a disability, and more; the secretary of Phú Bình
  handles most of them.

Deterministic for a given day (dates count back from today).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from chudong.accounts.models import User
from chudong.care import services
from chudong.care.models import HardshipCase, RightsCase
from chudong.core.paths import subtree_q
from chudong.members.models import CURRENT_STATUSES, Member
from chudong.orgs.models import Unit, UnitStatus

HARDSHIP = [
    # (commune, branch index or None, member?, name, birth year, lives at, circumstances,
    #  details, opened days ago)
    (
        "TN.XPB",
        0,
        True,
        None,
        None,
        None,
        ["near_poor", "unemployed"],
        "Mất việc ở công ty điện tử từ tháng 3, đang nuôi mẹ ốm.",
        210,
    ),
    (
        "TN.XPB",
        3,
        False,
        "Hoàng Thị Mỷ",
        2007,
        "Xóm Phú Xuân, xã Phú Bình",
        ["poor", "ethnic_minority"],
        "Dân tộc Nùng, bố mất sớm, có nguy cơ bỏ học lớp 11.",
        300,
    ),
    (
        "TN.XPB",
        4,
        False,
        "Lương Văn Tài",
        2004,
        "Xóm Xuân Đài, xã Phú Bình",
        ["addiction", "unemployed"],
        "Sau cai nghiện tại Cơ sở cai nghiện tỉnh, cần việc làm.",
        150,
    ),
    (
        "TN.XPB",
        1,
        True,
        None,
        None,
        None,
        ["disability"],
        "Khuyết tật vận động sau tai nạn lao động, học nghề sửa điện thoại.",
        400,
    ),
    (
        "TN.XPB",
        6,
        False,
        "Dương Thị Hoa",
        2009,
        "Xóm Làng Trong, xã Phú Bình",
        ["orphan", "poor"],
        "Mồ côi cả cha lẫn mẹ, ở với bà ngoại 78 tuổi.",
        500,
    ),
    (
        "TN.XPB",
        1,
        False,
        "Trần Văn Quyết",
        2006,
        "Tổ dân phố Trung Quân, xã Phú Bình",
        ["dropout", "near_poor"],
        "Bỏ học sau lớp 9 để đi làm phụ hồ.",
        90,
    ),
    (
        "TN.XPB",
        7,
        False,
        "Nông Văn Sình",
        2005,
        "Xóm Ao Sen, xã Phú Bình",
        ["ethnic_minority", "religious", "poor"],
        "Gia đình theo đạo Tin Lành, nhà tạm.",
        60,
    ),
    ("TN.XDT", 0, True, None, None, None, ["poor"], "Hộ nghèo theo chuẩn 2022–2025.", 350),
    (
        "TN.XDT",
        4,
        False,
        "Ma Thị Lụa",
        2008,
        "Xóm Kẹm, xã Đại Từ",
        ["ethnic_minority", "dropout"],
        "Dân tộc Tày, nghỉ học giữa lớp 10.",
        120,
    ),
    (
        "TN.XDT",
        5,
        False,
        "Hà Văn Chinh",
        2003,
        "Xóm Lau Khê, xã Đại Từ",
        ["other"],
        "Bị lừa đi làm việc ở nước ngoài, vừa được đưa về.",
        45,
    ),
]

SUPPORT_PLANS = {
    1: [
        ("Học bổng “Tiếp sức đến trường” năm học 2026–2027", "Ban Thường vụ Đoàn xã", 60),
        ("Tặng xe đạp đi học", "Chi đoàn xóm Phú Xuân", 20),
    ],
    2: [
        ("Giới thiệu việc làm tại Khu công nghiệp Yên Bình", "Phó Bí thư Đoàn xã", 30),
        ("Đưa vào sinh hoạt câu lạc bộ “Thanh niên vượt khó”", "Bí thư chi đoàn", 15),
    ],
    3: [("Hỗ trợ học nghề sửa chữa điện thoại", "Đoàn xã phối hợp Trung tâm GDNN", 90)],
    4: [
        ("Sửa nhà cho hai bà cháu (công trình thanh niên)", "Đoàn xã", 45),
        ("Nhận đỡ đầu đến năm 18 tuổi", "Chi đoàn xóm Làng Trong", 365),
    ],
    5: [("Vận động trở lại học bổ túc văn hóa", "Bí thư chi đoàn", 40)],
    7: [("Hỗ trợ bò giống theo chương trình “Bò giống cho thanh niên”", "Đoàn xã Đại Từ", 30)],
}

SUPPORTS = {
    0: [("job", 0, 120, "Công ty TNHH Điện tử Yên Bình", "Giới thiệu việc làm công nhân")],
    1: [
        ("scholarship", 2_000_000, 200, "Quỹ Khuyến học xã Phú Bình", "Học bổng học kỳ I"),
        ("in_kind", 1_500_000, 30, "Chi đoàn xóm Phú Xuân", "Xe đạp và sách vở"),
    ],
    3: [
        ("cash", 3_000_000, 300, "Ngân hàng Chính sách xã hội", "Hỗ trợ học nghề"),
        ("health", 0, 100, "Trung tâm Y tế huyện", "Khám và cấp nạng"),
    ],
    4: [
        ("in_kind", 25_000_000, 320, "Công ty CP Xi măng Quan Triều", "Sửa nhà (vật liệu)"),
        ("cash", 1_000_000, 25, "Đoàn xã Phú Bình", "Quà Tết Trung thu"),
    ],
    7: [("in_kind", 15_000_000, 200, "Tỉnh đoàn Thái Nguyên", "Một con bò giống")],
}

RIGHTS = [
    # (commune, branch index or None, area, requester kind, name, contact, summary,
    #  description, channel, received days ago, steps [(days ago, note)], referral,
    #  closing (days ago, outcome, satisfaction) or None)
    (
        "TN.XPB",
        0,
        "labour",
        "member",
        None,
        "",
        "Công ty may nợ lương hai tháng",
        "Công ty TNHH May Phú Bình chậm trả lương tháng 8 và 9, chưa đóng bảo hiểm xã hội cho "
        "khoảng 40 công nhân trẻ.",
        "meeting",
        70,
        [(60, "Làm việc với công đoàn và ban giám đốc công ty.")],
        None,
        None,
    ),
    (
        "TN.XPB",
        None,
        "online",
        "youth",
        "Lâm Thị Ngọc",
        "0971 223 445",
        "Bị lập tài khoản giả, bôi nhọ trên Facebook",
        "Học sinh lớp 11 bị người lạ lập tài khoản giả mạo, đăng ảnh và tin nhắn xúc phạm.",
        "online",
        25,
        [(24, "Hướng dẫn lưu bằng chứng, báo cáo tài khoản với Facebook.")],
        ("Công an xã Phú Bình", 20, "Đồng chí Phó Trưởng Công an xã, 0208 3866 113"),
        None,
    ),
    (
        "TN.XPB",
        4,
        "family",
        "youth",
        "Đỗ Văn Hưng",
        "Xóm Xuân Đài",
        "Tranh chấp đất ở với người thân",
        "Anh em tranh chấp mảnh đất bố mẹ để lại.",
        "in_person",
        120,
        [(115, "Mời hai bên hòa giải tại nhà văn hóa xóm.")],
        None,
        (80, "Hai bên thỏa thuận chia đất, có biên bản hòa giải của tổ hòa giải xóm.", "satisfied"),
    ),
    (
        "TN.XPB",
        None,
        "violence",
        "anonymous",
        None,
        "",
        "Nghi bạo lực gia đình với một thiếu niên",
        "Tin báo qua đường dây nóng: một em 15 tuổi thường xuyên bị cha đánh.",
        "phone",
        4,
        [],
        None,
        None,
    ),
    (
        "TN.XPB",
        1,
        "study",
        "member",
        None,
        "",
        "Xin miễn giảm học phí học nghề",
        "Đoàn viên khuyết tật xin xác nhận để được miễn học phí tại Trung tâm GDNN.",
        "letter",
        30,
        [(20, "Đoàn xã có văn bản đề nghị UBND xã xác nhận.")],
        None,
        (10, "Được miễn 100% học phí khóa sửa chữa điện thoại.", "satisfied"),
    ),
    (
        "TN.XDT",
        0,
        "health",
        "youth",
        "Ma Văn Đạt",
        "0915 667 889",
        "Cần hỗ trợ chi phí phẫu thuật tim",
        "Thanh niên 19 tuổi cần mổ tim, gia đình hộ nghèo.",
        "in_person",
        12,
        [],
        None,
        None,
    ),
    (
        "TN.XDT",
        1,
        "labour",
        "youth",
        "Vi Thị Hằng",
        "0336 112 233",
        "Bị giữ giấy tờ khi nghỉ việc",
        "Chủ xưởng giữ căn cước khi công nhân xin nghỉ việc.",
        "phone",
        50,
        [],
        None,
        None,
    ),
]


def _branches(code: str) -> list[Unit]:
    root = Unit.objects.get(code=code)
    return list(
        Unit.objects.filter(subtree_q("path", root.path, include_self=False))
        .filter(status=UnitStatus.ACTIVE, kind__is_branch=True)
        .order_by("path")
    )


def _member_of(unit: Unit, taken: set[int]) -> Member | None:
    member = (
        Member.objects.filter(unit=unit, status__in=CURRENT_STATUSES, merged_into__isnull=True)
        .exclude(pk__in=taken)
        .order_by("sort_key")
        .first()
    )
    if member is not None:
        taken.add(member.pk)
    return member


def build(*, admin: User) -> int:
    """Create the demo cases (after the demo members). Returns the number of cases."""
    today = timezone.localdate()
    ago = lambda days: today - dt.timedelta(days=days)  # noqa: E731
    branches = {code: _branches(code) for code in ("TN.XPB", "TN.XDT")}
    taken: set[int] = set()
    cases: list[HardshipCase] = []
    for row in HARDSHIP:
        commune, index, is_member, name, born, lives, circumstances, details, days = row
        pool = branches[commune]
        unit = pool[index % len(pool)] if pool and index is not None else None
        unit = unit or Unit.objects.get(code=commune)
        member = _member_of(unit, taken) if is_member else None
        if is_member and member is None:
            name, born, lives = "Lục Văn Thành", 2002, "Xã Phú Bình"
        cases.append(
            services.hardship_create(
                actor=admin,
                unit=unit,
                member=member,
                person_name=name or "",
                birth_year=born,
                residence=lives or "",
                circumstances=circumstances,
                details=details,
                opened_on=ago(days),
            )
        )
    for index, items in SUPPORT_PLANS.items():
        case = cases[index]
        for what, who, due_in in items:
            services.plan_item_add(
                actor=admin,
                case=case,
                what=what,
                responsible=who,
                due_on=case.opened_on + dt.timedelta(days=due_in),
            )
        first = case.plan_items.order_by("due_on").first()
        if first.due_on <= today:
            services.plan_item_done(actor=admin, item=first, done_on=first.due_on)
    for index, items in SUPPORTS.items():
        case = cases[index]
        for kind, value, days, sponsor, description in items:
            given = max(ago(days), case.opened_on)
            services.support_add(
                actor=admin,
                case=case,
                kind=kind,
                value_vnd=value,
                given_on=given,
                sponsor_name=sponsor,
                description=description,
            )
    services.hardship_close(
        actor=admin,
        case=cases[0],
        closed_on=ago(20),
        outcome="Đã có việc làm ổn định, thu nhập 7,5 triệu đồng/tháng.",
    )

    handler = User.objects.filter(username="bithu.phubinh").first()
    for row in RIGHTS:
        (
            commune,
            index,
            area,
            kind,
            name,
            contact,
            summary,
            description,
            channel,
            days,
            steps,
            referral,
            closing,
        ) = row
        pool = branches[commune]
        unit = pool[index % len(pool)] if pool and index is not None else None
        unit = unit or Unit.objects.get(code=commune)
        member = _member_of(unit, taken) if kind == "member" else None
        if kind == "member" and member is None:
            kind, name = "youth", "Lục Văn Thành"
        case = services.rights_create(
            actor=admin,
            unit=unit,
            area=area,
            requester_kind=kind,
            member=member,
            requester_name=name or "",
            contact=contact,
            summary=summary,
            description=description,
            received_on=ago(days),
            channel=channel,
        )
        if handler is not None and commune == "TN.XPB":
            # Assigned without the notification: the demo sends no e-mail.
            RightsCase.objects.filter(pk=case.pk).update(handler=handler, assigned_on=ago(days))
        for step_days, note in steps:
            services.rights_step_add(actor=admin, case=case, on=ago(step_days), note=note)
        if referral:
            where, referred_days, contact_there = referral
            services.rights_refer(
                actor=admin,
                case=case,
                referred_to=where,
                referred_on=ago(referred_days),
                referral_contact=contact_there,
            )
        if closing:
            closed_days, outcome, satisfaction = closing
            services.rights_close(
                actor=admin, case=case, closed_on=ago(closed_days), outcome=outcome
            )
            services.rights_confirm(
                actor=admin,
                case=case,
                satisfaction=satisfaction,
                confirmed_on=ago(max(closed_days - 3, 0)),
            )
    return HardshipCase.objects.count() + RightsCase.objects.count()
