"""Demo criterion 2.5 around Đoàn xã Phú Bình: the province's inspection plan and its
inspection of the commune (one recommendation remedied on time, one overdue, which raises
the warning), the commune's own inspection of a branch, last year's self-criticism of the
collective and of each current leader, and two exemplary models and a person, one model
published by the province and replicated by another commune."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from chudong.access.selectors import unit_leadership
from chudong.accounts.models import User
from chudong.core.paths import subtree_q
from chudong.inspection import services
from chudong.members.models import CURRENT_STATUSES, Member
from chudong.orgs.models import Unit, UnitStatus


def _active_below(unit: Unit, **filters):
    return (
        Unit.objects.filter(subtree_q("path", unit.path, include_self=False))
        .filter(status=UnitStatus.ACTIVE, **filters)
        .order_by("path")
    )


def build(*, admin: User) -> int:
    """Write the demo through the services; returns how many records it made."""
    today = timezone.localdate()
    ago = lambda days: today - dt.timedelta(days=days)  # noqa: E731
    commune = Unit.objects.filter(code="TN.XPB", status=UnitStatus.ACTIVE).first()
    if commune is None:
        return 0
    province = commune.parent
    branch = _active_below(commune, kind__is_branch=True).first() or commune
    count = 0

    plan = services.plan_create(
        actor=admin, unit=province,
        data={
            "year": today.year, "title": f"Kế hoạch kiểm tra, giám sát năm {today.year}",
            "content_areas": "Việc thực hiện Điều lệ Đoàn và Nghị quyết Đại hội\n"
                             "Quản lý đoàn viên, sổ sách và thu nộp đoàn phí\n"
                             "Sinh hoạt chi đoàn định kỳ",
            "schedule": "Quý II: Đoàn xã Phú Bình\nQuý III: các đoàn cơ sở khối trường học",
            "subjects": [commune],
        },
    )  # fmt: skip
    inspected_on = ago(150)
    inspection = services.inspection_create(
        actor=admin, unit=province,
        data={
            "subject": commune, "plan": plan if inspected_on.year == plan.year else None,
            "content": "Thực hiện Điều lệ Đoàn, quản lý đoàn viên và sinh hoạt chi đoàn",
            "inspected_on": inspected_on,
            "team": "Đ/c Phó Chủ nhiệm Ủy ban Kiểm tra Tỉnh đoàn (trưởng đoàn)\n"
                    "Đ/c cán bộ Ban Tổ chức – Kiểm tra Tỉnh đoàn",
            "findings": "Sổ đoàn viên của 2 chi đoàn chưa cập nhật đoàn viên chuyển đến; "
                        "1 chi đoàn sinh hoạt không đều trong quý I; thu nộp đoàn phí đúng "
                        "quy định.",
            "conclusion": "Đoàn xã Phú Bình thực hiện cơ bản đúng Điều lệ Đoàn; cần khắc phục "
                          "ngay việc cập nhật sổ sách và duy trì sinh hoạt chi đoàn hằng tháng.",
        },
    )  # fmt: skip
    count += 2
    done = services.recommendation_add(
        actor=admin, inspection=inspection,
        data={"text": "Cập nhật đầy đủ sổ đoàn viên của các chi đoàn", "deadline": ago(90)},
    )  # fmt: skip
    services.remedy_record(
        actor=admin, recommendation=done,
        data={"status": "done", "done_on": ago(100),
              "follow_up": "Đã rà soát, cập nhật 38 đoàn viên chuyển đến vào sổ và phần mềm"},
    )  # fmt: skip
    services.recommendation_add(
        actor=admin, inspection=inspection,
        data={"text": "Xây dựng lịch sinh hoạt chi đoàn cả năm và báo cáo kết quả hằng quý",
              "deadline": ago(20)},
    )  # fmt: skip
    count += 2

    own_plan = services.plan_create(
        actor=admin, unit=commune,
        data={
            "year": today.year, "title": f"Kế hoạch kiểm tra chi đoàn năm {today.year}",
            "content_areas": "Sinh hoạt chi đoàn và chương trình Rèn luyện đoàn viên",
            "schedule": "Mỗi quý kiểm tra 2 chi đoàn", "subjects": [branch],
        },
    )  # fmt: skip
    branch_inspection = services.inspection_create(
        actor=admin, unit=commune,
        data={
            "subject": branch, "plan": own_plan if ago(40).year == today.year else None,
            "content": "Sinh hoạt chi đoàn định kỳ", "inspected_on": ago(40),
            "team": "Đ/c Chủ nhiệm Ủy ban Kiểm tra Đoàn xã",
            "findings": "Chi đoàn sinh hoạt đều; biên bản ghi chưa đủ ý kiến đoàn viên.",
            "conclusion": "Chi đoàn thực hiện tốt nền nếp sinh hoạt.",
        },
    )  # fmt: skip
    services.recommendation_add(
        actor=admin, inspection=branch_inspection,
        data={"text": "Ghi đầy đủ ý kiến đoàn viên vào biên bản sinh hoạt", "deadline": ago(-30)},
    )  # fmt: skip
    count += 3

    year = today.year - 1
    review_on = dt.date(year, 12, 18)
    services.review_save(
        actor=admin, unit=commune,
        data={
            "year": year, "self_rating": "good", "agreed_rating": "good",
            "strengths": "Chủ động xây dựng và thực hiện kế hoạch; nhiều công trình thanh niên.",
            "shortcomings": "Một số chi đoàn sinh hoạt chưa đều; sổ sách cập nhật chậm.",
            "remedies": "Phân công Ủy viên Ban Thường vụ phụ trách từng chi đoàn.",
            "criticism": "Tỉnh đoàn đề nghị quan tâm hơn chất lượng sinh hoạt chi đoàn.",
            "reviewed_on": review_on,
        },
    )  # fmt: skip
    count += 1
    ratings = ["excellent", "good", "good", "completed"]
    for index, assignment in enumerate(unit_leadership(actor=admin, unit=commune)):
        services.review_save(
            actor=admin, unit=commune, person=assignment.user,
            data={
                "year": year, "self_rating": ratings[index % len(ratings)],
                "strengths": "Nhiệt tình, bám sát cơ sở, hoàn thành nhiệm vụ được phân công.",
                "shortcomings": "Đôi lúc chưa sâu sát hoạt động của chi đoàn phụ trách.",
                "remedies": "Dự sinh hoạt chi đoàn phụ trách ít nhất mỗi quý một lần.",
                "reviewed_on": review_on,
            },
        )  # fmt: skip
        count += 1

    model = services.exemplary_create(
        actor=admin, unit=commune,
        data={
            "kind": "model", "title": "Mô hình “Thắp sáng đường quê”", "area": "volunteer",
            "description": "Đoàn viên góp công, vận động nhà hảo tâm lắp 120 bóng đèn năng lượng "
                           "mặt trời trên 3 km đường liên xóm.",
            "member": None, "holder": "Đoàn xã Phú Bình", "started_on": ago(400), "link": "",
            "commendation": "province", "decision_number": "125-QĐ/TĐTN",
            "decision_on": ago(200),
        },
    )  # fmt: skip
    services.exemplary_share(actor=admin, exemplary=model, by_unit=province)
    services.exemplary_create(
        actor=admin, unit=commune,
        data={
            "kind": "model", "title": "Tổ thanh niên hỗ trợ chuyển đổi số cho người cao tuổi",
            "area": "digital",
            "description": "Hướng dẫn 300 lượt người dân cài đặt VNeID và thanh toán "
                           "không tiền mặt.",
            "member": None, "holder": "", "started_on": ago(120), "link": "",
            "commendation": "none", "decision_number": "", "decision_on": None,
        },
    )  # fmt: skip
    count += 2
    person = (
        Member.objects.filter(subtree_q("unit_path", commune.path), unit__status=UnitStatus.ACTIVE)
        .filter(status__in=sorted(CURRENT_STATUSES))
        .order_by("pk")
        .first()
    )
    if person is not None:
        services.exemplary_create(
            actor=admin, unit=person.unit,
            data={
                "kind": "person", "title": "Gương thanh niên hiến máu tình nguyện 12 lần",
                "area": "volunteer",
                "description": "12 lần hiến máu, vận động 30 bạn trẻ cùng tham gia.",
                "member": person, "holder": "", "started_on": ago(300), "link": "",
                "commendation": "grassroots", "decision_number": "08-QĐ/ĐTN",
                "decision_on": ago(60),
            },
        )  # fmt: skip
        count += 1
    other = _active_below(province, kind__is_grassroots=True).exclude(pk=commune.pk).first()
    if other is not None:
        services.replication_add(
            actor=admin, exemplary=model,
            data={"unit": other, "started_on": ago(45),
                  "note": "Lắp 40 bóng đèn trên tuyến đường vào trường học."},
        )  # fmt: skip
        count += 1
    return count
