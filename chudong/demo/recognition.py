"""Demo 3 chủ động cycle: Tỉnh đoàn Thái Nguyên follows its grassroots unions under the
central 2023–2027 table. Last year Đoàn xã Phú Bình went the whole way (plan, self-
assessment, review, decision); this year it has registered and is followed by the
province's organisation staff, another union has submitted its self-assessment and waits
for review. Tỉnh đoàn Tuyên Quang scores with its own adjusted table (points), and
recognised Đoàn phường Minh Xuân last year under it."""

from __future__ import annotations

import contextlib
import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from chudong.accounts.models import User
from chudong.orgs.models import Unit, UnitStatus
from chudong.recognition import services
from chudong.recognition.selectors import framework_in_force, grassroots_below

PLAN = {
    "approach": "Tập trung nâng chất lượng sinh hoạt chi đoàn, nắm bắt tâm tư thanh niên qua "
    "mạng xã hội và đối thoại trực tiếp; tham mưu Đảng ủy về sân chơi cho thanh thiếu nhi.",
    "solutions": "Phân công mỗi Ủy viên Ban Chấp hành phụ trách một chi đoàn; sổ theo dõi ý kiến "
    "thanh niên; ký quy chế phối hợp với Công an xã và trường THPT.",
    "roadmap": "Quý I: rà soát danh sách đoàn viên, thanh niên khó khăn. Quý II–III: thực hiện "
    "công trình thanh niên, sinh hoạt chi đoàn hằng tháng. Quý IV: tự đánh giá, báo cáo.",
}


def _user(username: str, fallback: User) -> User:
    return User.objects.filter(username=username).first() or fallback


def _walk(
    *, admin: User, unit: Unit, year: int, upto: str, score=1, points=8, reviewer: User
) -> object:
    cycle = services.plan_register(actor=admin, unit=unit, year=year, data=dict(PLAN))
    if upto == "registered":
        return cycle
    for criterion in cycle.framework.criteria.all():
        value = score if criterion.scoring == "met" else min(criterion.max_points, points)
        services.criterion_assess(
            actor=admin,
            cycle=cycle,
            criterion=criterion,
            own_score=value,
            narrative=f"Đơn vị đã thực hiện tiêu chí {criterion.code} theo kế hoạch.",
        )
    cycle = services.self_assessment_submit(actor=admin, cycle=cycle)
    if upto == "submitted":
        return cycle
    rows = [
        {"criterion_id": s.criterion_id, "score": s.own_score, "comment": "Đạt"}
        for s in cycle.scores.all()
    ]
    return services.review_save(
        actor=reviewer,
        cycle=cycle,
        rows=rows,
        accept=True,
        comment="Đơn vị thực hiện tốt, minh chứng đầy đủ.",
    )


def build(*, admin: User) -> int:
    """Returns the number of 3 chủ động years recorded (0 when the demo units are absent)."""
    today = timezone.localdate()
    year, last = today.year, today.year - 1
    province = Unit.objects.filter(code="TN").first()
    commune = Unit.objects.filter(code="TN.XPB", status=UnitStatus.ACTIVE).first()
    if province is None or commune is None:
        return 0
    staff = _user("tn.bantochuc", admin)
    count = 0
    if framework_in_force(unit=commune, year=last) is not None:
        done = _walk(admin=admin, unit=commune, year=last, upto="reviewed", reviewer=staff)
        services.decision_issue(
            actor=admin,
            issuer=commune.parent,
            year=last,
            cycles=[done],
            data={
                "number": f"112-QĐ/TĐTN-{last}",
                "signed_on": dt.date(last, 12, 18),
                "place": "Thái Nguyên",
                "signer_name": "Nguyễn Thị Thu Hà",
                "signer_title": "Phó Bí thư",
            },
        )
        count += 1
    _walk(admin=admin, unit=commune, year=year, upto="registered", reviewer=staff)
    count += 1
    with contextlib.suppress(ValidationError):
        services.follower_assign(actor=admin, unit=commune, year=year, follower=staff)
    others = [u for u in grassroots_below(unit=province) if u.pk != commune.pk][:3]
    for index, unit in enumerate(others):
        try:
            _walk(
                admin=admin,
                unit=unit,
                year=year,
                reviewer=staff,
                upto="submitted" if index == 0 else "registered",
            )
            count += 1
        except ValidationError:
            continue
    count += _tuyen_quang(admin=admin, year=last, now=year)
    units = list(grassroots_below(unit=Unit.objects.get(parent__isnull=True)))
    for the_year in (last, year):
        services.indicators_compute(units=units, year=the_year)
    return count


def _tuyen_quang(*, admin: User, year: int, now: int) -> int:
    """A second province with its own table: ten points a criterion, 120 to pass, no
    criterion below five, and stricter thresholds for member management (1.2: 95%) and
    branch meetings (2.3: every branch). Last year Minh Xuân passed (120 points) and was
    recognised, Hàm Yên scored 90 and was not; this year Minh Xuân has registered and Hàm
    Yên has submitted its self-assessment."""
    province = Unit.objects.filter(code="TQ").first()
    ward = Unit.objects.filter(code="TQ.MT", status=UnitStatus.ACTIVE).first()
    if province is None or ward is None:
        return 0
    central = framework_in_force(unit=ward, year=year)
    if central is None:
        return 0
    table = services.framework_copy(
        actor=admin,
        source=central,
        issuer=province,
        name="Bảng chấm điểm Đoàn cơ sở 3 chủ động Tuyên Quang",
    )
    rows = [
        {
            "id": c.pk,
            "title": c.title,
            "scoring": "points",
            "max_points": 10,
            "indicator_code": c.indicator_code,
            "threshold": {"1.2": 95, "2.3": 100}.get(c.code, c.threshold),
        }
        for c in table.criteria.all()
    ]
    services.framework_update(
        actor=admin,
        framework=table,
        criteria=rows,
        data={
            "name": table.name,
            "document": "Hướng dẫn số 09-HD/TĐTN của Tỉnh đoàn Tuyên Quang",
            "rule": "points",
            "min_points": 120,
            "min_criterion_points": 5,
        },
    )
    staff = _user("tq.bantochuc", admin)
    done = _walk(admin=admin, unit=ward, year=year, upto="reviewed", reviewer=staff)
    if done.passed:
        services.decision_issue(
            actor=admin,
            issuer=province,
            year=year,
            cycles=[done],
            data={
                "number": f"57-QĐ/TĐTN-{year}",
                "signed_on": dt.date(year, 12, 22),
                "place": "Tuyên Quang",
                "signer_name": "Hoàng Văn Nam",
                "signer_title": "Ủy viên Ban Thường vụ",
            },
        )
    written = 1
    other = Unit.objects.filter(code="TQ.HY", status=UnitStatus.ACTIVE).first()
    if other is not None:
        # 90 points: below the province's own 120, so reviewed but not recognised.
        _walk(admin=admin, unit=other, year=year, upto="reviewed", points=6, reviewer=staff)
        _walk(admin=admin, unit=other, year=now, upto="submitted", points=7, reviewer=staff)
        written += 2
    if framework_in_force(unit=ward, year=now) == table:
        _walk(admin=admin, unit=ward, year=now, upto="registered", reviewer=staff)
        written += 1
    return written
