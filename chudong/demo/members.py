"""Demo members: about 1,500 members across the branches of Tỉnh đoàn Thái Nguyên (and a
few in Tuyên Quang, for scope checks), with realistic Vietnamese names, ages, ethnic groups,
admission dates over the last ten years, transfers between branches and a few statuses
other than active. Deterministic: random.Random(2026) drives every choice.

Written in bulk (with their periods, events, history rows and counts) so that seed_demo
stays fast; one member, Ngô Văn Khánh (account doanvien.khanh), is registered through
the real service and linked to his account.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from simple_history.utils import bulk_create_with_history

from chudong.accounts.models import User
from chudong.core.paths import subtree_q
from chudong.members import events, services
from chudong.members.models import (
    FORMER_STATUSES,
    FamilyRelation,
    Member,
    MemberEvent,
    MemberSensitive,
    MemberStatus,
    MemberStatusPeriod,
    MemberUnitPeriod,
    PartyStatus,
    PoliticalTheory,
    UnitPeriodReason,
)
from chudong.members.services._common import apply_texts
from chudong.orgs.models import Unit, UnitStatus

TOTAL_TN = 1500
TOTAL_TQ = 80

FAMILY_KINH = [
    ("Nguyễn", 30), ("Trần", 9), ("Lê", 8), ("Phạm", 6), ("Hoàng", 5), ("Huỳnh", 1),
    ("Phan", 3), ("Vũ", 4), ("Võ", 1), ("Đặng", 3), ("Bùi", 3), ("Đỗ", 3), ("Hồ", 1),
    ("Ngô", 3), ("Dương", 3), ("Lý", 1), ("Đào", 2), ("Đinh", 2), ("Trịnh", 1), ("Lương", 1),
]  # fmt: skip
FAMILY_MINORITY = {
    "Tày": [("Hoàng", 5), ("Nông", 5), ("Ma", 3), ("Hà", 3), ("Lương", 2), ("Triệu", 1)],
    "Nùng": [("Hoàng", 4), ("Nông", 3), ("Lục", 2), ("Vi", 2), ("Lăng", 1)],
    "Dao": [("Triệu", 5), ("Bàn", 4), ("Đặng", 3), ("Lý", 2)],
    "Sán Dìu": [("Diệp", 3), ("Trương", 3), ("Lam", 2), ("Tạ", 2)],
    "H'Mông": [("Giàng", 3), ("Lò", 2), ("Vàng", 3), ("Sùng", 2), ("Lầu", 1)],
    "Sán Chay": [("Hoàng", 2), ("Lâm", 2), ("Nịnh", 1)],
}
MIDDLE = {
    "male": [("Văn", 40), ("Đức", 8), ("Minh", 8), ("Quang", 6), ("Hữu", 5), ("Công", 4),
             ("Thành", 4), ("Xuân", 3), ("Ngọc", 3), ("Tiến", 3), ("Duy", 3), ("Trung", 2)],
    "female": [("Thị", 40), ("Thu", 8), ("Ngọc", 6), ("Thanh", 5), ("Minh", 4), ("Hồng", 4),
               ("Phương", 4), ("Thùy", 3), ("Kim", 3), ("Bích", 2), ("Khánh", 2), ("Mai", 2)],
}  # fmt: skip
GIVEN = {
    "male": ["An", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Hải", "Hiếu", "Hoàng", "Hùng",
             "Huy", "Khánh", "Khoa", "Kiên", "Long", "Minh", "Nam", "Nghĩa", "Phong", "Phúc",
             "Quân", "Quang", "Sơn", "Tài", "Thắng", "Thành", "Toàn", "Trung", "Tuấn", "Tùng",
             "Việt", "Vinh", "Lâm", "Duy", "Hưng", "Lộc", "Mạnh", "Tú"],
    "female": ["Anh", "Ánh", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hoa", "Hồng",
               "Huyền", "Hương", "Lan", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc",
               "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo", "Thu", "Thủy", "Trang", "Vân",
               "Yến", "Diệp", "Hiền", "Liên", "Nhi", "Tâm", "Uyên"],
}  # fmt: skip
HMONG_GIVEN = {
    "male": ["Páo", "Sử", "Chá", "Dình", "Lử", "Tủa", "Chứ", "Pó"],
    "female": ["Mỷ", "Dợ", "Pà", "Sua", "Chở", "Mai", "Say", "Dua"],
}
RELIGIONS = [("Không", 90), ("Phật giáo", 6), ("Công giáo", 3), ("Tin lành", 1)]
OCCUPATIONS = {
    "village": ["Làm ruộng", "Công nhân", "Buôn bán", "Thợ xây", "Lao động tự do",
                "Nuôi trồng chè", "Giáo viên", "Nhân viên y tế"],
    "school": ["Học sinh"],
    "university": ["Sinh viên"],
    "teacher": ["Giáo viên"],
    "enterprise": ["Công nhân", "Kỹ thuật viên", "Tổ trưởng sản xuất", "Nhân viên văn phòng"],
    "agency": ["Công chức", "Viên chức", "Chuyên viên"],
    "armed": ["Chiến sĩ", "Hạ sĩ quan", "Sĩ quan"],
    "press": ["Phóng viên", "Biên tập viên", "Kỹ thuật viên"],
}  # fmt: skip
STATUS_VI = {
    MemberStatus.WORKING_FAR: "Đi làm ăn xa",
    MemberStatus.TEMPORARY_ELSEWHERE: "Sinh hoạt tạm thời nơi khác",
    MemberStatus.STRUCK_OFF: "Đã xóa tên",
    MemberStatus.TRANSFERRED_OUT: "Đã chuyển sinh hoạt đi",
    MemberStatus.DECEASED: "Đã từ trần",
    MemberStatus.MATURED: "Đã trưởng thành Đoàn",
}
HAMLETS = ["xóm Đồng Tâm", "xóm Trung Quân", "xóm Ngọc Lý", "xóm Phú Xuân", "xóm Hanh",
           "xóm Làng Trong", "xóm Ao Sen", "xóm Đồng Tiến", "xóm Kẹm", "tổ dân phố 5"]  # fmt: skip


@dataclass
class _Profile:
    """What a branch's members look like: age range, occupation, ethnic mix."""

    ages: tuple[int, int]
    occupation: str
    minority_share: float
    weight: float
    communes: list[str] = field(default_factory=list)


def _profile(unit: Unit) -> _Profile:
    code, name = unit.code, unit.name
    if "lớp 10" in name:
        return _Profile((16, 16), "school", 0.05, 0.9)
    if "lớp 11" in name:
        return _Profile((16, 17), "school", 0.05, 0.9)
    if "lớp 12" in name:
        return _Profile((17, 18), "school", 0.05, 0.9)
    if "giáo viên" in name.lower():
        return _Profile((23, 30), "teacher", 0.05, 0.5)
    if code.startswith("TN.DHTN"):
        return _Profile((19, 23), "university", 0.2, 1.0)
    if code.startswith("TN.KHOI.SEVT"):
        return _Profile((19, 29), "enterprise", 0.15, 2.2)
    if code.startswith("TN.KHOI"):
        return _Profile((23, 30), "agency", 0.08, 0.6)
    if code.startswith("TN.BCH"):
        return _Profile((18, 26), "armed", 0.15, 1.0)
    if code.startswith("TN.BAO"):
        return _Profile((23, 30), "press", 0.05, 0.5)
    if code.startswith("TN.DT") or code.startswith("TQ"):
        return _Profile((16, 30), "village", 0.55, 1.1)
    return _Profile((16, 30), "village", 0.12, 1.0)


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


class _Factory:
    def __init__(self, rng: random.Random, today: dt.date):
        self.rng = rng
        self.today = today
        self.ids: set[str] = set()
        self.phones: set[str] = set()
        self.cards = 0

    def person(self, profile: _Profile) -> dict:
        rng = self.rng
        sex = "female" if rng.random() < 0.52 else "male"
        ethnicity = "Kinh"
        if rng.random() < profile.minority_share:
            ethnicity = _weighted(
                rng,
                [("Tày", 35), ("Nùng", 20), ("Dao", 15), ("Sán Dìu", 12), ("H'Mông", 8),
                 ("Sán Chay", 10)],
            )  # fmt: skip
        family = _weighted(rng, FAMILY_MINORITY.get(ethnicity, FAMILY_KINH))
        middle = _weighted(rng, MIDDLE[sex])
        given = rng.choice(GIVEN[sex])
        if ethnicity == "H'Mông":
            middle = rng.choice(["A", "Seo", "Mí", "Văn"]) if sex == "male" else "Thị"
            given = rng.choice(HMONG_GIVEN[sex])
        low, high = profile.ages
        age = rng.randint(low, high)
        if profile.occupation == "village" and rng.random() < 0.025:
            age = rng.randint(31, 33)  # over the age limit, not yet matured
        latest = _years_before(self.today, age)
        dob = _between(rng, _years_before(latest, 1) + dt.timedelta(days=1), latest)
        return {
            "sex": sex,
            "ethnicity": ethnicity,
            "full_name": f"{family} {middle} {given}",
            "date_of_birth": dob,
            "age": age,
        }

    def national_id(self, sex: str, dob: dt.date) -> str:
        century = 2 if dob.year >= 2000 else 0
        gender = century + (1 if sex == "female" else 0)
        while True:
            value = f"019{gender}{dob.year % 100:02d}{self.rng.randrange(10**6):06d}"
            if value not in self.ids:
                self.ids.add(value)
                return value

    def phone(self) -> str:
        while True:
            value = self.rng.choice(["09", "03", "08"]) + f"{self.rng.randrange(10**8):08d}"
            if value not in self.phones:
                self.phones.add(value)
                return value

    def card(self, year: int) -> str:
        self.cards += 1
        return f"TN{year % 100:02d}{self.cards:06d}"


def _branches(root_code: str) -> list[Unit]:
    root = Unit.objects.get(code=root_code)
    return list(
        Unit.objects.filter(subtree_q("path", root.path), status=UnitStatus.ACTIVE)
        .filter(kind__is_branch=True)
        .select_related("kind", "parent")
        .order_by("path")
    )


def _allocate(rng: random.Random, branches: list[Unit], total: int) -> dict[int, int]:
    weights = [_profile(b).weight * rng.uniform(0.7, 1.3) for b in branches]
    scale = total / sum(weights)
    counts = {b.pk: max(3, int(w * scale)) for b, w in zip(branches, weights, strict=True)}
    shortfall = total - sum(counts.values())
    for branch in rng.sample(branches, k=min(len(branches), abs(shortfall))):
        counts[branch.pk] += 1 if shortfall > 0 else -1
    return counts


def build(*, admin: User | None = None) -> int:
    """Create the demo members. Call after the demo tree exists; returns how many."""
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    today = dt.date(2026, 1, 15)
    admin = admin or User.objects.get(username="admin.tw")
    factory = _Factory(rng, today)
    plan: list[tuple[Unit, dict]] = []
    for root_code, total in (("TN", TOTAL_TN), ("TQ", TOTAL_TQ)):
        branches = _branches(root_code)
        allocation = _allocate(rng, branches, total)
        for branch in branches:
            profile = _profile(branch)
            plan.extend((branch, factory.person(profile)) for _ in range(allocation[branch.pk]))
    tn_branches = _branches("TN")

    members, extras = [], []
    for branch, person in plan:
        profile = _profile(branch)
        dob = person["date_of_birth"]
        sixteen = _years_before(dob, -16)
        admitted = _between(
            rng, max(sixteen, _years_before(today, 10)), today - dt.timedelta(days=40)
        )
        occupation = rng.choice(OCCUPATIONS[profile.occupation])
        member = Member(
            unit=branch,
            unit_path=branch.path,
            full_name=person["full_name"],
            sex=person["sex"],
            date_of_birth=dob,
            birth_year_only=rng.random() < 0.01,
            hometown=f"{rng.choice(HAMLETS)}, tỉnh Thái Nguyên",
            birthplace="Thái Nguyên" if rng.random() < 0.8 else rng.choice(
                ["Bắc Giang", "Tuyên Quang", "Bắc Kạn", "Hà Nội", "Vĩnh Phúc", "Lạng Sơn"]
            ),
            current_residence=f"{rng.choice(HAMLETS)}, {branch.parent.name.replace('Đoàn ', '')}",
            phone=factory.phone() if rng.random() < 0.9 else "",
            national_id=factory.national_id(person["sex"], dob) if person["age"] >= 14 else None,
            card_number=factory.card(admitted.year) if rng.random() < 0.85 else None,
            education_level="12/12" if person["age"] >= 19 or rng.random() < 0.3 else
            f"{min(12, 9 + max(0, person['age'] - 15))}/12",
            professional_qualification=(
                rng.choice(["Trung cấp", "Cao đẳng", "Đại học", "Sơ cấp nghề"])
                if person["age"] >= 21 and rng.random() < 0.6 else ""
            ),
            political_theory=(
                PoliticalTheory.ELEMENTARY if rng.random() < 0.15 else PoliticalTheory.NONE
            ),
            foreign_languages="Tiếng Anh" if rng.random() < 0.4 else "",
            occupation=occupation,
            workplace=branch.parent.name.replace("Đoàn ", "") if profile.occupation not in
            ("village",) else "",
            admission_date=admitted,
            admission_place=rng.choice([branch.name, branch.parent.name]),
            admission_decision=f"{rng.randint(10, 250)}-QĐ/ĐTN",
            status=MemberStatus.ACTIVE,
            status_since=admitted,
        )  # fmt: skip
        if person["age"] >= 22 and rng.random() < 0.08:
            member.party_status = rng.choice([PartyStatus.PROBATIONARY, PartyStatus.FULL])
            member.party_date = _between(rng, admitted, today - dt.timedelta(days=30))
        if member.birth_year_only:
            member.date_of_birth = dt.date(dob.year, 1, 1)
        earlier, moved = None, None
        late_enough = admitted < today - dt.timedelta(days=120)
        if profile.occupation == "village" and late_enough and rng.random() < 0.12:
            # Admitted in another branch, transferred here later.
            earlier = rng.choice([b for b in tn_branches if b.pk != branch.pk])
            moved = _between(rng, admitted + dt.timedelta(days=60), today - dt.timedelta(days=20))
            member.admission_place = earlier.name
        status = _demo_status(rng, person)
        if status != MemberStatus.ACTIVE:
            member.status = status
            member.status_since = _between(
                rng, max(admitted, today - dt.timedelta(days=700)) + dt.timedelta(days=1), today
            )
        apply_texts(member)
        members.append(member)
        extras.append((person, admitted, profile, earlier, moved))

    _add_duplicates(members, extras, rng)
    bulk_create_with_history(members, Member, batch_size=500, default_user=admin)
    members = list(Member.objects.filter(pk__in=[m.pk for m in members]).order_by("pk"))
    _periods_events_sensitive(members, extras, rng, today, admin)
    _khanh(admin)
    services.counts_rebuild()
    return len(members) + 1


def _add_duplicates(members: list[Member], extras: list, rng: random.Random) -> None:
    """Two people registered twice (moved without a transfer): the duplicates page has
    something to show. The copies lack the citizen ID and card number."""
    for index in (17, 403):
        original = members[index]
        other_branch = members[index + 150].unit
        copy = Member(
            unit=other_branch,
            unit_path=other_branch.path,
            full_name=original.full_name.upper(),
            sex=original.sex,
            date_of_birth=original.date_of_birth,
            birth_year_only=original.birth_year_only,
            phone="",
            occupation=original.occupation,
            admission_date=original.admission_date,
            status=MemberStatus.ACTIVE,
            status_since=original.status_since,
        )
        apply_texts(copy)
        members.append(copy)
        extras.append(extras[index])


def _periods_events_sensitive(members, extras, rng, today, admin) -> None:
    unit_periods, status_periods, member_events, sensitive, family = [], [], [], [], []
    fixes = []
    for member, (person, admitted, _kind, earlier, moved) in zip(members, extras, strict=True):
        start = admitted
        if earlier is not None:
            unit_periods.append(MemberUnitPeriod(
                member=member, unit=earlier, start=admitted, end=moved,
                reason=UnitPeriodReason.ADMITTED,
            ))  # fmt: skip
            member_events.append(MemberEvent(
                member=member, kind=events.REGISTERED, date=admitted, unit=earlier,
                title=f"Kết nạp vào {earlier.name}", actor=admin,
            ))  # fmt: skip
            member_events.append(MemberEvent(
                member=member, kind=events.UNIT_CHANGED, date=moved, unit=member.unit,
                title=f"Chuyển sinh hoạt từ {earlier.name} đến {member.unit.name}",
                detail="Chuyển nơi cư trú", actor=admin,
            ))  # fmt: skip
            start = moved
        reason = UnitPeriodReason.ADMITTED
        if start != admitted:
            reason = UnitPeriodReason.TRANSFERRED
        unit_periods.append(
            MemberUnitPeriod(member=member, unit=member.unit, start=start, reason=reason)
        )
        if start == admitted:
            member_events.append(MemberEvent(
                member=member, kind=events.REGISTERED, date=admitted, unit=member.unit,
                title=f"Kết nạp vào {member.unit.name}", actor=admin,
            ))  # fmt: skip
        status_periods.append(
            MemberStatusPeriod(member=member, status=MemberStatus.ACTIVE, start=admitted)
        )
        if member.status != MemberStatus.ACTIVE:
            since = max(member.status_since, start + dt.timedelta(days=1))
            status_periods[-1].end = since
            reason = _status_reason(member.status)
            status_periods.append(MemberStatusPeriod(
                member=member, status=member.status, start=since, reason=reason,
            ))  # fmt: skip
            member_events.append(MemberEvent(
                member=member, kind=events.STATUS_CHANGED, date=since, unit=member.unit,
                title=f"Trạng thái: {STATUS_VI[member.status]}", detail=reason, actor=admin,
            ))  # fmt: skip
            if member.status in FORMER_STATUSES:
                unit_periods[-1].end = since
            if since != member.status_since:
                fixes.append((member.pk, since))
        sensitive.append(MemberSensitive(
            member=member,
            ethnicity=person["ethnicity"],
            religion=_weighted(rng, RELIGIONS),
            health=rng.choice(["Tốt", "Tốt", "Tốt", "Bình thường", "Cận thị"]),
            family_background=rng.choice(["Nông dân", "Nông dân", "Công nhân", "Viên chức",
                                          "Buôn bán"]),
        ))  # fmt: skip
        if rng.random() < 0.35:
            family_name = member.family_name
            family.append(FamilyRelation(
                member=member, relation="father", order=0,
                full_name=" ".join([family_name, rng.choice(["Văn", "Đức", "Quang"]),
                                    rng.choice(GIVEN["male"])]),
                birth_year=member.date_of_birth.year - rng.randint(22, 32),
                occupation=rng.choice(["Làm ruộng", "Công nhân", "Buôn bán", "Hưu trí"]),
                residence=member.current_residence,
            ))  # fmt: skip
            family.append(FamilyRelation(
                member=member, relation="mother", order=1,
                full_name=f"{_weighted(rng, FAMILY_KINH)} Thị {rng.choice(GIVEN['female'])}",
                birth_year=member.date_of_birth.year - rng.randint(20, 30),
                occupation=rng.choice(["Làm ruộng", "Nội trợ", "Buôn bán", "Giáo viên"]),
                residence=member.current_residence,
            ))  # fmt: skip
    MemberUnitPeriod.objects.bulk_create(unit_periods, batch_size=500)
    MemberStatusPeriod.objects.bulk_create(status_periods, batch_size=500)
    MemberEvent.objects.bulk_create(member_events, batch_size=500)
    MemberSensitive.objects.bulk_create(sensitive, batch_size=500)
    FamilyRelation.objects.bulk_create(family, batch_size=500)
    for pk, since in fixes:  # a transfer came after the drawn status date
        Member.objects.filter(pk=pk).update(status_since=since)


def _demo_status(rng: random.Random, person: dict) -> str:
    if person["age"] > 30:
        return MemberStatus.ACTIVE if rng.random() < 0.7 else MemberStatus.MATURED
    roll = rng.random()
    if roll < 0.025:
        return MemberStatus.WORKING_FAR
    if roll < 0.035:
        return MemberStatus.TEMPORARY_ELSEWHERE
    if roll < 0.040:
        return MemberStatus.STRUCK_OFF
    if roll < 0.044:
        return MemberStatus.TRANSFERRED_OUT
    if roll < 0.046:
        return MemberStatus.DECEASED
    return MemberStatus.ACTIVE


def _status_reason(status: str) -> str:
    return {
        MemberStatus.WORKING_FAR: "Đi làm ở khu công nghiệp Bắc Ninh",
        MemberStatus.TEMPORARY_ELSEWHERE: "Sinh hoạt tạm thời nơi học tập",
        MemberStatus.STRUCK_OFF: "Bỏ sinh hoạt 3 tháng không lý do",
        MemberStatus.TRANSFERRED_OUT: "Chuyển sinh hoạt về tỉnh Bắc Giang",
        MemberStatus.DECEASED: "Tai nạn giao thông",
        MemberStatus.MATURED: "Trưởng thành Đoàn ngày 26/3",
    }.get(status, "")


def _khanh(admin: User) -> None:
    """The demo member's own account is linked to his record (for the member portal)."""
    khanh = User.objects.filter(username="doanvien.khanh").first()
    branch = Unit.objects.filter(code="TN.PB.HS.CD01").first()
    if khanh is None or branch is None or Member.objects.filter(user=khanh).exists():
        return
    member = services.member_create(
        actor=admin,
        unit=branch,
        full_name="Ngô Văn Khánh",
        sex="male",
        date_of_birth=dt.date(2002, 9, 2),
        user=khanh,
        phone=khanh.phone or "0912000501",
        email=khanh.email or "",
        national_id="019202008642",
        card_number="TN19000001",
        hometown="Xã Hương Sơn, huyện Phú Bình, tỉnh Thái Nguyên",
        birthplace="Thái Nguyên",
        current_residence="Tổ dân phố Đồng Tâm, xã Phú Bình, tỉnh Thái Nguyên",
        education_level="12/12",
        professional_qualification="Cao đẳng Công nghệ thông tin",
        foreign_languages="Tiếng Anh B1",
        occupation="Kỹ thuật viên",
        workplace="Công ty TNHH Samsung Electronics Việt Nam Thái Nguyên",
        admission_date=dt.date(2018, 3, 26),
        admission_place="Chi đoàn lớp 10A1, Đoàn trường THPT Phú Bình",
        admission_decision="35-QĐ/ĐTN",
    )
    services.member_sensitive_update(
        actor=admin,
        member=member,
        expected_version=0,
        values={"ethnicity": "Kinh", "religion": "Không", "health": "Tốt"},
        family=[
            {"relation": "father", "full_name": "Ngô Văn Hùng", "birth_year": 1975,
             "occupation": "Làm ruộng", "residence": "Xã Phú Bình"},
            {"relation": "mother", "full_name": "Đỗ Thị Lan", "birth_year": 1978,
             "occupation": "Buôn bán", "residence": "Xã Phú Bình"},
        ],
    )  # fmt: skip
