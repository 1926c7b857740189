"""Demo pillar three for Đoàn xã Phú Bình (and a little in its branches): sponsors (an
agricultural bank branch, a local garment company, a returned emigrant, the commune
Women's Union), two coordination agreements (the commune police, the high school) with
joint actions, and three proposals to the Party committee, one answered by a conclusion,
one waiting long enough to raise the warning."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from chudong.accounts.models import User
from chudong.advisory import services
from chudong.core.paths import subtree_q
from chudong.orgs.models import Unit, UnitStatus


def build(*, admin: User) -> int:
    today = timezone.localdate()
    ago = lambda days: today - dt.timedelta(days=days)  # noqa: E731
    commune = Unit.objects.filter(code="TN.XPB").first()
    if commune is None:
        return 0
    branch = (
        Unit.objects.filter(subtree_q("path", commune.path, include_self=False))
        .filter(status=UnitStatus.ACTIVE, kind__is_branch=True)
        .order_by("path")
        .first()
    ) or commune
    resources = [
        (commune, "Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh huyện Phú Bình",
         "business", "cash", 20_000_000, "", 240, "Xây dựng sân chơi cho thiếu nhi xóm Phú Xuân",
         "Công trình thanh niên “Sân chơi cho em” xóm Phú Xuân", 230, "Đ/c Bí thư Đoàn xã"),
        (commune, "Công ty TNHH May Phú Bình", "business", "in_kind", 15_000_000,
         "150 suất quà Trung thu", 65, "Quà Trung thu cho thiếu nhi có hoàn cảnh khó khăn",
         "Chương trình “Trung thu cho em” năm nay", 60, "Đ/c Phó Bí thư Đoàn xã"),
        (commune, "Ông Nguyễn Văn Lộc (kiều bào tại Đài Loan)", "individual", "cash", 10_000_000,
         "", 30, "Học bổng “Tiếp sức đến trường”", "5 suất học bổng cho học sinh nghèo vượt khó",
         None, ""),
        (branch, "Hội Liên hiệp Phụ nữ xã Phú Bình", "organisation", "in_kind", 3_000_000,
         "30 cây xanh và 20 bao xi măng", 120, "Ngày Chủ nhật xanh: đường hoa thanh niên",
         "Đường hoa thanh niên xóm Xuân Đài", 110, "Đ/c Bí thư chi đoàn"),
    ]  # fmt: skip
    count = 0
    for unit, name, kind, form, value, what, days, purpose, funded, thanked, by in resources:
        services.resource_create(
            actor=admin, unit=unit,
            data={
                "sponsor_name": name, "sponsor_kind": kind, "form": form, "value": value,
                "description": what, "received_on": ago(days), "purpose": purpose,
                "funded": funded, "activity": None,
                "thanked_on": ago(thanked) if thanked else None, "thanked_by": by,
            },
        )  # fmt: skip
        count += 1
    police = services.agreement_create(
        actor=admin, unit=commune,
        data={
            "partner_name": "Công an xã Phú Bình", "partner_kind": "police",
            "title": "Quy chế phối hợp số 02/QCPH-CA-ĐTN",
            "signed_on": ago(500), "valid_from": ago(500), "valid_to": ago(-595),
            "content": "Phối hợp tuyên truyền pháp luật trong thanh thiếu niên; tổ chức đội "
                       "thanh niên xung kích tham gia giữ gìn an ninh trật tự, an toàn giao "
                       "thông; phòng chống ma túy và tệ nạn xã hội.",
            "responsible": "Đoàn xã: Phó Bí thư phụ trách an ninh - quốc phòng\n"
                           "Công an xã: Phó Trưởng Công an xã",
        },
    )  # fmt: skip
    for days, title, result in (
        (300, "Ra quân tuyên truyền an toàn giao thông trước cổng trường",
         "40 đoàn viên tham gia, phát 500 tờ rơi"),
        (45, "Tuần tra đêm Trung thu cùng Công an xã", "Không để xảy ra vụ việc mất trật tự"),
    ):  # fmt: skip
        services.joint_action_add(
            actor=admin, agreement=police,
            data={"done_on": ago(days), "title": title, "result": result, "activity": None},
        )  # fmt: skip
    school = services.agreement_create(
        actor=admin, unit=commune,
        data={
            "partner_name": "Trường THPT Phú Bình", "partner_kind": "school",
            "title": "Quy chế phối hợp giáo dục thanh thiếu niên",
            "signed_on": ago(800), "valid_from": ago(800), "valid_to": ago(70),
            "content": "Phối hợp giáo dục đạo đức, lối sống cho học sinh; hoạt động hè và "
                       "hướng nghiệp cho học sinh lớp 12.",
            "responsible": "Đoàn xã: Ủy viên Ban Thường vụ phụ trách thiếu nhi\n"
                           "Nhà trường: Bí thư Đoàn trường",
        },
    )  # fmt: skip
    services.joint_action_add(
        actor=admin, agreement=school,
        data={"done_on": ago(400), "title": "Ngày hội hướng nghiệp cho học sinh lớp 12",
              "result": "Hơn 300 học sinh tham gia", "activity": None},
    )  # fmt: skip
    answered = services.proposal_create(
        actor=admin, unit=commune,
        data={
            "subject": "Đề xuất bố trí kinh phí hoạt động Đội thanh niên xung kích",
            "kind": "mechanism", "submitted_to": "party", "submitted_to_other": "",
            "submitted_on": ago(150),
            "content": "Ban Chấp hành Đoàn xã đề nghị Đảng ủy chỉ đạo UBND xã bố trí kinh phí "
                       "hỗ trợ hoạt động của Đội thanh niên xung kích (trang phục, phụ cấp "
                       "tuần tra).",
        },
    )  # fmt: skip
    services.proposal_respond(
        actor=admin, proposal=answered,
        data={
            "response_kind": "conclusion", "response_number": "Kết luận số 45-KL/ĐU",
            "response_on": ago(120),
            "response_summary": "Đảng ủy đồng ý; giao UBND xã bố trí 30 triệu đồng/năm.",
            "follow_up": "Đoàn xã xây dựng kế hoạch hoạt động của Đội, ra mắt đội ngày 26/3.",
        },
    )  # fmt: skip
    services.proposal_create(
        actor=admin, unit=commune,
        data={
            "subject": "Đề xuất giới thiệu đoàn viên ưu tú tham gia Ban Chấp hành Hội Nông dân",
            "kind": "personnel", "submitted_to": "party", "submitted_to_other": "",
            "submitted_on": ago(90),
            "content": "Đề nghị Đảng ủy xem xét giới thiệu 2 đoàn viên ưu tú là cán bộ trẻ "
                       "tham gia quy hoạch các đoàn thể.",
        },
    )  # fmt: skip
    services.proposal_create(
        actor=admin, unit=commune,
        data={
            "subject": "Tham mưu nội dung chuyên đề thanh niên với chuyển đổi số",
            "kind": "content", "submitted_to": "government", "submitted_to_other": "",
            "submitted_on": ago(12),
            "content": "Đề xuất UBND xã phối hợp tổ chức lớp tập huấn kỹ năng số cho thanh "
                       "niên nông thôn.",
        },
    )  # fmt: skip
    return count
