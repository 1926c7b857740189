"""Demo directives and plans: Tỉnh đoàn Thái Nguyên receives the Provincial Party
Committee's resolution on youth work and the Central Committee's guidance, adopts its 2026
action programme implementing them, and sets three targets for every grassroots union
below ("kết nạp đoàn viên mới", "công trình thanh niên", "chi đoàn sinh hoạt đều"), whose
progress comes from the demo's recorded admissions, youth projects and branch meetings.
Đoàn xã Phú Bình (before the reform, Xuân Phương) passes its share on to its branches and
keeps a hand-entered target."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from chudong.orgs.models import Unit
from chudong.plans import services
from chudong.plans.models import PlanState


def build(*, admin) -> None:
    province = Unit.objects.filter(code="TN").first()
    if province is None:
        return
    year = timezone.localdate().year
    values = {
        "number": "09-NQ/TU", "issued_on": dt.date(year - 1, 12, 12), "issuer": "party",
        "title": "Nghị quyết về tăng cường sự lãnh đạo của Đảng đối với công tác thanh niên",
        "summary": "Tỉnh uỷ yêu cầu các cấp bộ Đoàn đổi mới nội dung sinh hoạt, nâng cao chất "
        "lượng đoàn viên, phát triển đoàn viên mới trong thanh niên nông thôn và công nhân.",
    }  # fmt: skip
    resolution = services.directive_save(actor=admin, unit=province, values=values)
    guidance = services.directive_save(actor=admin, unit=province, values={
        "number": "112-HD/TWĐTN-BTC", "issued_on": dt.date(year, 1, 8), "issuer": "union",
        "title": "Hướng dẫn thực hiện chủ đề năm và chỉ tiêu công tác Đoàn năm " + str(year),
        "summary": "Chỉ tiêu kết nạp đoàn viên, công trình thanh niên, sinh hoạt chi đoàn.",
    })  # fmt: skip
    plan = services.plan_create(
        actor=admin, unit=province, directives=[resolution, guidance],
        values={"year": year, "kind": "programme", "state": PlanState.ADOPTED,
                "title": f"Chương trình hành động thực hiện Nghị quyết 09-NQ/TU năm {year}",
                "goals": "Nâng cao chất lượng đoàn viên và tổ chức cơ sở Đoàn; mỗi cơ sở Đoàn "
                "có ít nhất một công trình thanh niên; 100% chi đoàn sinh hoạt định kỳ."},
    )  # fmt: skip
    deadline = dt.date(year, 12, 15)

    def target(label, unit_label, value, measure):
        return services.target_add(actor=admin, plan=plan, values={
            "label": label, "unit_label": unit_label, "target_value": Decimal(value),
            "measure": measure, "deadline": deadline, "assigned_to": "Ban Tổ chức Tỉnh đoàn",
            "assigned_unit": None,
        })  # fmt: skip

    admitted = target("Kết nạp đoàn viên mới", "đoàn viên", 60, "members.admitted")
    projects = target("Công trình thanh niên", "công trình", 12, "activities.projects")
    regular = target("Chi đoàn sinh hoạt đều", "%", 90, "meetings.regular")
    created = []
    for parent, value in ((admitted, 5), (projects, 1), (regular, 90)):
        created += services.target_cascade(
            actor=admin, target=parent, scope="grassroots", value=Decimal(value)
        )
    # Đoàn xã Phú Bình since the 2025 reform (Xuân Phương merged into it); before, Xuân Phương.
    shares = {t.unit.code: t for t in created if t.parent == admitted}
    xp = shares.get("TN.XPB") or shares.get("TN.PB.XP")
    if xp is not None:
        services.target_cascade(actor=admin, target=xp, scope="children", value=Decimal(2))
        xp.plan.state = PlanState.ADOPTED
        xp.plan.save(update_fields=["state"])
        hand = services.target_add(actor=admin, plan=xp.plan, values={
            "label": "Ra quân Ngày Chủ nhật xanh", "unit_label": "đợt", "target_value": Decimal(12),
            "measure": "", "deadline": deadline, "assigned_to": "Bí thư các chi đoàn xóm",
            "assigned_unit": None,
        })  # fmt: skip
        today = timezone.localdate()
        services.progress_record(actor=admin, target=hand, value=Decimal(min(today.month, 12) - 1),
                                 on=today.replace(day=1), note="Theo báo cáo tháng")  # fmt: skip
