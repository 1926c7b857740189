"""Demo procedures in Đoàn xã Phú Bình (and its direct upper unit, Tỉnh đoàn Thái Nguyên):
admission cases at every step, admissions completed this year, disciplinary cases (one
warning decided by the Tỉnh đoàn), commendations, card reissues and honorary members.

Everything goes through the procedures' services with the demo accounts that hold the
right roles, so the records, their history and the members' timelines are what users
would have produced. Deterministic: fixed names and dates (no later than October 2026).
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from chudong.accounts.models import User
from chudong.core.paths import subtree_q
from chudong.members.models import Member, MemberStatus
from chudong.orgs.models import Unit
from chudong.procedures import services

D = dt.date
PROVINCE_SIGNER = "Trần Thị Thu Hà, Phó Bí thư Tỉnh đoàn"
COMMUNE_SIGNER = "Lê Văn Đức, Bí thư Đoàn xã"


def _pdf(title: str) -> bytes:
    """A one-page PDF with one line of (ASCII) text, valid for any reader."""
    text = title.encode("ascii", "replace")
    stream = b"BT /F1 14 Tf 40 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def _file(name: str, title: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _pdf(title), content_type="application/pdf")


# name, sex, date of birth, branch code, hometown, occupation, how far the case goes
CASES = [
    ("Nguyễn Thị Thanh Tâm", "female", D(2008, 4, 12), "TN.PB.HS.CD01", "card", 0),
    ("Hà Văn Thắng", "male", D(2007, 11, 3), "TN.PB.XP.CD02", "card", 1),
    ("Triệu Thị Mai Anh", "female", D(2009, 1, 20), "TN.PB.UK.CD01", "card", 2),
    ("Phùng Thị Lan", "female", D(2008, 8, 30), "TN.PB.HS.CD02", "ceremony", 3),
    ("Ma Văn Tiến", "male", D(2008, 2, 14), "TN.PB.XP.CD01", "decision", 4),
    ("Đặng Quang Huy", "male", D(2009, 6, 5), "TN.PB.XP.CD03", "vote", 5),
    ("Vi Thị Thu Hà", "female", D(2008, 12, 1), "TN.PB.UK.CD02", "vote", 6),
    ("Lò Văn Sáng", "male", D(2009, 3, 9), "TN.PB.HS.CD03", "vote_failed", 7),
    ("Trần Thị Hồng Nhung", "female", D(2009, 9, 21), "TN.PB.HS.CD01", "application", 8),
    ("Lương Văn Khôi", "male", D(2010, 2, 2), "TN.PB.HS.CD01", "introducer", 9),
    ("Nguyễn Đức Minh", "male", D(2009, 10, 10), "TN.PB.XP.CD02", "class", 10),
    ("Hoàng Thị Ngọc Ánh", "female", D(2010, 5, 15), "TN.PB.HS.CD02", "nomination", 11),
]
ORDER = [
    "nomination", "class", "introducer", "application", "vote", "vote_failed", "decision",
    "ceremony", "card",
]  # fmt: skip
# The completed ones follow the usual admission rounds (26/3, 19/5); open ones are recent.
ROUNDS = {
    0: D(2026, 1, 12),
    1: D(2026, 3, 2),
    2: D(2026, 4, 6),
    3: D(2026, 7, 1),
    4: D(2026, 7, 15),
    5: D(2026, 8, 3),
    6: D(2026, 8, 10),
    7: D(2026, 8, 17),
    8: D(2026, 9, 1),
    9: D(2026, 9, 14),
    10: D(2026, 9, 28),
    11: D(2026, 10, 12),
}


def _reaches(goal: str, step: str) -> bool:
    if goal == "vote_failed":
        return ORDER.index(step) <= ORDER.index("vote")
    return ORDER.index(step) <= ORDER.index(goal)


def _introducer(branch: Unit) -> Member:
    return (
        Member.objects.filter(unit=branch, status=MemberStatus.ACTIVE, admission_date__isnull=False)
        .order_by("pk")
        .first()
    )


def _admissions(secretary: User, province: User) -> int:
    admitted = 0
    for full_name, sex, born, branch_code, goal, index in CASES:
        branch = Unit.objects.get(code=branch_code)
        start = ROUNDS[index]
        case = services.admission_nominate(
            actor=secretary,
            unit=branch,
            full_name=full_name,
            sex=sex,
            date_of_birth=born,
            nominated_on=start,
            nomination_note="Giới thiệu theo chủ trương “1+1”" if index % 2 else "",
            hometown=f"{branch.name.replace('Chi đoàn ', '')}, xã Phú Bình, tỉnh Thái Nguyên",
            current_residence=f"{branch.name.replace('Chi đoàn ', '')}, xã Phú Bình",
            occupation="Học sinh" if born.year >= 2008 else "Công nhân",
            workplace="Trường THPT Phú Bình" if born.year >= 2008 else "",
            education_level="11/12" if born.year >= 2008 else "12/12",
            phone=f"0978{index:06d}",
            ethnicity="Tày" if index in (2, 6) else "Kinh",
            religion="Không",
        )
        if not _reaches(goal, "class"):
            continue
        services.admission_record_class(
            actor=secretary,
            case=case,
            class_name=f"Lớp bồi dưỡng nhận thức về Đoàn, xã Phú Bình, đợt {start:%m/%Y}",
            class_start=start + dt.timedelta(days=3),
            class_end=start + dt.timedelta(days=5),
            class_result="passed",
        )
        if not _reaches(goal, "introducer"):
            continue
        introducer = _introducer(branch)
        services.admission_record_introducer(
            actor=secretary,
            case=case,
            introducer_kind="member",
            introducer_member=introducer,
            introducer_known_since=min(start - dt.timedelta(days=200), D(2025, 12, 31)),
            introduced_on=start + dt.timedelta(days=7),
        )
        if not _reaches(goal, "application"):
            continue
        services.admission_submit_application(
            actor=secretary,
            case=case,
            application_date=start + dt.timedelta(days=8),
            application=_file("don-xin-vao-doan.pdf", f"Don xin vao Doan - {case.pk}"),
            background=_file("ly-lich.pdf", f"Ly lich - {case.pk}"),
        )
        if not _reaches(goal, "vote"):
            continue
        present = 14 + index % 5
        services.admission_record_vote(
            actor=secretary,
            case=case,
            vote_date=start + dt.timedelta(days=12),
            members_present=present,
            votes_for=present // 2 if goal == "vote_failed" else present - 1,
            votes_against=present - present // 2 if goal == "vote_failed" else 1,
            minutes=_file("bien-ban-hop.pdf", f"Bien ban hop chi doan - {case.pk}"),
        )
        if not _reaches(goal, "decision"):
            continue
        decided = start + dt.timedelta(days=20)
        services.admission_decide(
            actor=province,
            case=case,
            decision_number=f"{100 + index}-QĐ/TĐTN",
            decision_date=decided,
            decision_signer=PROVINCE_SIGNER,
        )
        if not _reaches(goal, "ceremony"):
            continue
        ceremony = decided + dt.timedelta(days=6)
        services.admission_record_ceremony(
            actor=secretary,
            case=case,
            ceremony_date=ceremony,
            ceremony_place="Nhà văn hóa xã Phú Bình",
        )
        if not _reaches(goal, "card"):
            continue
        services.admission_issue_card(
            actor=secretary,
            case=case,
            card_number=f"TN26{900001 + index:06d}",
            card_issued_on=ceremony,
        )
        admitted += 1
    return admitted


def _phu_binh_members(limit: int) -> list[Member]:
    """Current members of Đoàn xã Phú Bình with a card, in a fixed order."""
    commune = Unit.objects.get(code="TN.XPB")
    return list(
        Member.objects.filter(
            subtree_q("unit_path", commune.path),
            status=MemberStatus.ACTIVE,
            card_number__isnull=False,
            admission_date__lt=D(2025, 6, 1),
            user__isnull=True,
            is_honorary=False,
        ).order_by("pk")[:limit]
    )


def _discipline(secretary: User, province: User, members) -> None:
    # A warning: the branch meeting approves, the Tỉnh đoàn decides (upper level).
    warned = members[0]
    case = services.discipline_propose(
        actor=secretary,
        member=warned,
        form="warning",
        violation="Nhiều lần tự ý bỏ sinh hoạt chi đoàn và vi phạm nội quy nơi làm việc, "
        "đã được nhắc nhở nhưng không sửa chữa.",
        proposed_on=D(2026, 5, 20),
    )
    services.discipline_record_meeting(
        actor=secretary,
        case=case,
        meeting_date=D(2026, 6, 2),
        branch_members=21,
        members_present=17,
        votes_for=13,
        votes_against=3,
        secret_ballot=True,
    )
    services.discipline_decide(
        actor=province,
        case=case,
        decision_number="45-QĐ/TĐTN",
        decision_date=D(2026, 6, 16),
        decision_signer=PROVINCE_SIGNER,
    )
    # A reprimand the branch itself decides.
    reprimanded = members[1]
    case = services.discipline_propose(
        actor=secretary,
        member=reprimanded,
        form="reprimand",
        violation="Không tham gia đợt ra quân Tháng Thanh niên, không báo lý do.",
        proposed_on=D(2026, 4, 8),
    )
    services.discipline_record_meeting(
        actor=secretary,
        case=case,
        meeting_date=D(2026, 4, 15),
        branch_members=18,
        members_present=12,
        votes_for=9,
        votes_against=2,
        secret_ballot=True,
    )
    services.discipline_decide(
        actor=secretary,
        case=case,
        decision_number="03-QĐ/CĐ",
        decision_date=D(2026, 4, 15),
        decision_signer="Bí thư chi đoàn",
    )
    # One still waiting for its branch meeting.
    services.discipline_propose(
        actor=secretary,
        member=members[2],
        form="warning",
        violation="Vi phạm quy định về an toàn giao thông, bị xử phạt hành chính.",
        proposed_on=D(2026, 10, 20),
    )


def _commendations(secretary: User, province: User, members) -> None:
    entries = [
        (members[3], "certificate", "Đoàn viên tiêu biểu năm 2025", "grassroots",
         "Ban Thường vụ Đoàn xã Phú Bình", "12-QĐ/ĐTN", D(2026, 1, 9),
         "Hoàn thành xuất sắc nhiệm vụ năm 2025, tích cực trong phong trào tình nguyện."),
        (members[4], "certificate", "Đoàn viên tiêu biểu năm 2025", "grassroots",
         "Ban Thường vụ Đoàn xã Phú Bình", "12-QĐ/ĐTN", D(2026, 1, 9),
         "Dẫn đầu phong trào hiến máu tình nguyện."),
        (members[5], "diploma", "Thanh niên tiên tiến làm theo lời Bác năm 2026", "province",
         "Ban Chấp hành Tỉnh đoàn Thái Nguyên", "210-QĐ/TĐTN", D(2026, 5, 19),
         "Mô hình nuôi trồng chè sạch giúp thanh niên trong xóm có việc làm."),
    ]  # fmt: skip
    for member, form, title, level, issuer, number, day, reason in entries:
        services.commendation_record(
            actor=secretary,
            member=member,
            form=form,
            title=title,
            level=level,
            issuer=issuer,
            decision_number=number,
            decision_date=day,
            reason=reason,
        )


def _reissues(secretary: User, province: User, members) -> None:
    lost = members[6]
    reissue = services.card_reissue_apply(
        actor=secretary,
        member=lost,
        reason="lost_card",
        applied_on=D(2026, 4, 2),
        application_note="Mất thẻ khi đi làm ở Bắc Ninh",
        application_file=_file("don-cap-lai-the.pdf", "Don de nghi cap lai the doan vien"),
    )
    services.card_reissue_propose(
        actor=secretary, reissue=reissue, proposed_on=D(2026, 4, 6), proposal_note="07-TTr/ĐTN"
    )
    services.card_reissue_decide(
        actor=province,
        reissue=reissue,
        decision_number="58-QĐ/TĐTN",
        decision_date=D(2026, 4, 20),
        decision_signer=PROVINCE_SIGNER,
        new_number="TN26900101",
    )
    waiting = services.card_reissue_apply(
        actor=secretary,
        member=members[7],
        reason="lost_card_and_book",
        applied_on=D(2026, 9, 22),
        application_note="Mất cả thẻ và sổ đoàn viên do nhà bị ngập lụt",
    )
    services.card_reissue_propose(
        actor=secretary, reissue=waiting, proposed_on=D(2026, 9, 25), proposal_note="15-TTr/ĐTN"
    )
    services.card_reissue_apply(
        actor=secretary,
        member=members[8],
        reason="lost_card",
        applied_on=D(2026, 10, 19),
    )


def _honorary(secretary: User, province: User) -> None:
    branch = Unit.objects.get(code="TN.PB.HS.CD01")
    admitted = services.honorary_propose(
        actor=secretary,
        unit=branch,
        full_name="Phạm Văn Hòa",
        sex="male",
        date_of_birth=D(1968, 7, 27),
        occupation="Cựu chiến binh, nguyên Bí thư Đoàn xã",
        contribution="Hơn 20 năm đồng hành cùng tuổi trẻ xã trong các công trình thanh niên, "
        "tặng quỹ học bổng cho đoàn viên khó khăn.",
        proposed_on=D(2026, 2, 10),
    )
    services.honorary_decide(
        actor=province,
        proposal=admitted,
        decision_number="31-QĐ/TĐTN",
        decision_date=D(2026, 3, 20),
        decision_signer=PROVINCE_SIGNER,
    )
    services.honorary_propose(
        actor=secretary,
        unit=branch,
        full_name="Nguyễn Thị Kim Oanh",
        sex="female",
        date_of_birth=D(1975, 3, 8),
        occupation="Giám đốc hợp tác xã chè Phú Bình",
        workplace="Hợp tác xã chè Phú Bình",
        contribution="Nhận 15 đoàn viên vào làm việc, hỗ trợ mô hình thanh niên khởi nghiệp.",
        proposed_on=D(2026, 10, 2),
    )


def build() -> int:
    """Create the demo procedures (after the demo members). Returns the admissions
    completed."""
    secretary = User.objects.get(username="bithu.phubinh")
    province = User.objects.get(username="tn.bantochuc")
    admitted = _admissions(secretary, province)
    members = _phu_binh_members(9)
    _discipline(secretary, province, members)
    _commendations(secretary, province, members)
    _reissues(secretary, province, members)
    _honorary(secretary, province)
    return admitted
