"""Demo cadres and Party introduction for Đoàn xã Phú Bình: the term 2025–2030 of its
first congress (15 BCH, 5 BTV, 5 UBKT, so the page shows vacancies), the details of its
five posts, the secretary's courses and last year's evaluations, a planning list, and
three members on the way to the Party (admitted, introduced, just chosen) taken from the
members rated excellent. A branch's old term, ended, raises the "past the term" warning."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from chudong.access.models import Role, RoleAssignment
from chudong.accounts.models import User
from chudong.cadres import selectors, services
from chudong.cadres.models import CADRE_ROLES
from chudong.core.paths import subtree_q
from chudong.members.models import CURRENT_STATUSES, Member
from chudong.orgs.models import Unit, UnitStatus


def build(*, admin: User) -> int:
    today = timezone.localdate()
    commune = Unit.objects.filter(code="TN.XPB").first()
    if commune is None:
        return 0
    count = 0
    congress = dt.date(2025, 8, 16)
    if congress > today:
        congress = today - dt.timedelta(days=90)
    term = services.term_create(
        actor=admin, unit=commune,
        data={"provisional": False, "congress_number": 1, "congress_on": congress,
              "decision_number": "", "starts_on": congress,
              "ends_on": congress.replace(year=congress.year + 5) - dt.timedelta(days=1),
              "executive_size": 15, "standing_size": 5, "deputy_size": 2,
              "inspection_size": 5, "note": "Đại hội đại biểu Đoàn xã Phú Bình lần thứ I"},
    )  # fmt: skip
    count += 1
    posts = RoleAssignment.objects.filter(unit=commune, role__code__in=CADRE_ROLES).select_related(
        "role", "unit"
    )
    for assignment in posts:
        full_time = assignment.role.code in ("secretary", "deputy-secretary")
        services.post_details_set(
            actor=admin, assignment=assignment,
            data={"term": term, "employment": "full_time" if full_time else "part_time",
                  "mode": "elected", "note": ""},
        )  # fmt: skip
        count += 1
    secretary = next((a.user for a in posts if a.role.code == "secretary"), None)
    if secretary is not None:
        services.training_add(
            actor=admin, cadre=secretary, unit=commune,
            data={"kind": "political_theory", "theory_level": "intermediate",
                  "course": "Trung cấp lý luận chính trị – hành chính",
                  "organiser": "Trường Chính trị tỉnh", "starts_on": dt.date(2023, 3, 6),
                  "ends_on": dt.date(2024, 1, 19), "result": "Khá",
                  "certificate_number": "TC-2024-0417"},
        )  # fmt: skip
        services.training_add(
            actor=admin, cadre=secretary, unit=commune,
            data={"kind": "union_skills", "course": "Bồi dưỡng nghiệp vụ công tác Đoàn cơ sở",
                  "organiser": "Tỉnh đoàn", "starts_on": min(today, dt.date(2025, 9, 8)),
                  "result": "Hoàn thành"},
        )  # fmt: skip
        count += 2
    last_year = today.year - 1
    for assignment, level in zip(
        posts, ["excellent", "good", "good", "completed", "good"], strict=False
    ):
        if assignment.start_date.year <= last_year:
            services.evaluation_set(
                actor=admin, cadre=assignment.user, unit=commune,
                data={"year": last_year, "level": level, "comment": ""},
            )  # fmt: skip
            count += 1
    members = list(
        Member.objects.filter(
            subtree_q("unit_path", commune.path), status__in=CURRENT_STATUSES,
            party_status="none",
        ).select_related("unit").order_by("sort_key")[:40]
    )  # fmt: skip
    near = [m for m in members if m.unit.parent_id == commune.pk or m.unit_id == commune.pk]
    roles = {
        r.code: r for r in Role.objects.filter(code__in=["deputy-secretary", "standing-committee"])
    }
    for member, code in zip(
        near[:3], ["deputy-secretary", "standing-committee", "standing-committee"], strict=False
    ):
        services.planning_add(
            actor=admin, unit=commune,
            data={"member": member, "role": roles[code], "period": "2025–2030",
                  "added_on": min(today, congress + dt.timedelta(days=60)),
                  "decision_number": "15-QĐ/ĐTN", "note": ""},
        )  # fmt: skip
        count += 1
    chosen = [c.member for c in selectors.candidates(unit=commune, day=today)][:3]
    others = [m for m in members if m not in chosen and m not in near[:3]]
    others += [m for m in near[:3] if m not in chosen]
    chosen += others[: 3 - len(chosen)]
    start = today - dt.timedelta(days=300)
    for index, member in enumerate(chosen):
        row = services.party_choose(
            actor=admin, member=member,
            data={"chosen_on": start + dt.timedelta(days=20 * index),
                  "grounds": "Hoàn thành xuất sắc nhiệm vụ; tích cực trong công trình thanh niên"},
        )  # fmt: skip
        count += 1
        if index == 2:
            continue
        services.party_class_record(
            actor=admin, row=row,
            data={"class_name": "Lớp bồi dưỡng nhận thức về Đảng khóa I",
                  "class_from": start + dt.timedelta(days=60),
                  "class_to": start + dt.timedelta(days=64), "class_result": "passed"},
        )  # fmt: skip
        services.party_letter_record(
            actor=admin, row=row,
            data={"letter_number": f"{index + 3:02d}-GT/ĐTN",
                  "letter_on": start + dt.timedelta(days=90), "letter_signer": "Lê Văn Đức"},
        )  # fmt: skip
        if index == 0:
            services.party_outcome_record(
                actor=admin, row=row,
                data={"outcome": "admitted", "outcome_on": start + dt.timedelta(days=200),
                      "party_cell": "Chi bộ xóm Phú Xuân", "outcome_note": ""},
            )  # fmt: skip
    branch = Unit.objects.filter(code="TN.PB.HS.CD01", status=UnitStatus.ACTIVE).first()
    if branch is not None:
        services.term_create(
            actor=admin, unit=branch,
            data={"provisional": False, "congress_number": 3, "congress_on": dt.date(2022, 10, 2),
                  "starts_on": dt.date(2022, 10, 2), "ends_on": dt.date(2024, 10, 1),
                  "executive_size": 3, "standing_size": 1, "deputy_size": 0,
                  "inspection_size": 0, "decision_number": "", "note": ""},
        )  # fmt: skip
        count += 1
    return count
