"""The demo province: Tỉnh đoàn Thái Nguyên after the 2025 reform, built through the real
services so that its history (district unions merged away on 1/7/2025, commune unions
merged into new ones) is recorded exactly as a user's restructuring would be.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from chudong.access.models import Role, RoleAssignment
from chudong.accounts.models import User
from chudong.accounts.services import user_create
from chudong.demo import activities as demo_activities
from chudong.demo import advisory as demo_advisory
from chudong.demo import building as demo_building
from chudong.demo import cadres as demo_cadres
from chudong.demo import care as demo_care
from chudong.demo import consents as demo_consents
from chudong.demo import dissemination as demo_dissemination
from chudong.demo import inspection as demo_inspection
from chudong.demo import meetings as demo_meetings
from chudong.demo import members as demo_members
from chudong.demo import plans as demo_plans
from chudong.demo import portal_api as demo_portal_api
from chudong.demo import procedures as demo_procedures
from chudong.demo import ratings_dues as demo_ratings_dues
from chudong.demo import recognition as demo_recognition
from chudong.demo import transfers as demo_transfers
from chudong.demo import youth as demo_youth
from chudong.orgs import services
from chudong.orgs.models import Unit, UnitKind

DEMO_PASSWORD = "doanvien2026"  # noqa: S105 - printed by `make run`; demo data only
DEMO_USERNAMES = [
    "admin.tw",
    "tn.bantochuc",
    "tn.dpo",
    "tq.bantochuc",
    "bithu.phubinh",
    "phobithu.phubinh",
    "btv.phubinh",
    "bch.phubinh",
    "ubkt.phubinh",
    "bithu.dongtam",
    "doanvien.khanh",
    "bithu.sevt",
]
FOUNDED = dt.date(2012, 3, 26)
REFORM = dt.date(2025, 7, 1)


@dataclass
class DemoLogin:
    username: str
    full_name: str
    role: str
    unit: str


@dataclass
class DemoWorld:
    units: dict[str, Unit] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)


def _kind(code: str) -> UnitKind:
    return UnitKind.objects.get(code=code)


class _Builder:
    def __init__(self, world: DemoWorld, admin: User):
        self.world = world
        self.admin = admin

    def unit(self, code, name, kind, parent_code, on=FOUNDED, **extra) -> Unit:
        parent = self.world.units[parent_code] if parent_code else None
        unit = services.unit_create(
            actor=self.admin,
            parent=parent,
            kind=_kind(kind),
            name=name,
            code=code,
            effective_on=on,
            founded_on=on,
            **extra,
        )
        self.world.units[code] = unit
        return unit

    def branches(self, parent_code: str, names: list[str], on=FOUNDED, kind="branch") -> None:
        for index, name in enumerate(names, start=1):
            self.unit(f"{parent_code}.CD{index:02d}", name, kind, parent_code, on=on)

    def refresh(self, code: str) -> Unit:
        unit = Unit.objects.get(code=code)
        self.world.units[code] = unit
        return unit


def _person(username: str, full_name: str, phone: str, email: str = "") -> User:
    existing = User.objects.filter(username=username).first()
    if existing:
        return existing
    return user_create(
        username=username,
        full_name=full_name,
        phone=phone,
        email=email,
        password=DEMO_PASSWORD,
    )


def _assign(
    world: DemoWorld,
    user: User,
    role_code: str,
    unit_code: str,
    since: dt.date,
    by: User | None = None,
    decision: str = "",
) -> None:
    role = Role.objects.get(code=role_code)
    RoleAssignment.objects.create(
        user=user,
        role=role,
        unit=world.units[unit_code],
        start_date=since,
        appointed_by=by,
        decision_number=decision,
    )
    world.logins.append(
        DemoLogin(user.username, user.full_name, role.name, world.units[unit_code].name)
    )


def build(*, records: bool = True) -> DemoWorld:
    """Create the demo tree and accounts, then (unless `records` is False) the members and
    the records of every procedure. Call only on an empty database."""
    world = DemoWorld()
    root = services.unit_create(
        actor=None,
        parent=None,
        kind=_kind("central"),
        name="Trung ương Đoàn TNCS Hồ Chí Minh",
        code="TW",
        effective_on=dt.date(1931, 3, 26),
        founded_on=dt.date(1931, 3, 26),
        address="62 Bà Triệu, Hoàn Kiếm, Hà Nội",
        _system=True,
    )
    world.units["TW"] = root
    admin = _person("admin.tw", "Nguyễn Minh Quân", "0901000001", "admin@chudong.local")
    _assign(world, admin, "central-admin", "TW", dt.date(2022, 12, 16))
    b = _Builder(world, admin)

    # --- Province A: Thái Nguyên, before the reform -------------------------------------
    b.unit(
        "TN",
        "Tỉnh đoàn Thái Nguyên",
        "province",
        "TW",
        on=dt.date(1997, 1, 1),
        address="Số 2 đường Đội Cấn, phường Phan Đình Phùng, tỉnh Thái Nguyên",
        phone="0208 3855 626",
        email="tinhdoan@thainguyen.gov.vn",
    )
    b.unit("TN.PB", "Huyện đoàn Phú Bình", "district", "TN", on=dt.date(2005, 1, 1))
    b.unit("TN.DT", "Huyện đoàn Đại Từ", "district", "TN", on=dt.date(2005, 1, 1))
    # Old commune unions of Phú Bình district (merged into "Đoàn xã Phú Bình" in 2025).
    b.unit("TN.PB.HS", "Đoàn thị trấn Hương Sơn", "commune", "TN.PB")
    b.branches(
        "TN.PB.HS",
        [
            "Chi đoàn tổ dân phố Đồng Tâm",
            "Chi đoàn tổ dân phố Trung Quân",
            "Chi đoàn tổ dân phố Ngọc Lý",
        ],
    )
    b.unit("TN.PB.XP", "Đoàn xã Xuân Phương", "commune", "TN.PB")
    b.branches("TN.PB.XP", ["Chi đoàn xóm Phú Xuân", "Chi đoàn xóm Xuân Đài", "Chi đoàn xóm Hanh"])
    b.unit("TN.PB.UK", "Đoàn xã Úc Kỳ", "commune", "TN.PB")
    b.branches("TN.PB.UK", ["Chi đoàn xóm Làng Trong", "Chi đoàn xóm Ao Sen"])
    b.unit("TN.PB.KS", "Đoàn xã Kha Sơn", "commune", "TN.PB")
    b.branches(
        "TN.PB.KS",
        [
            "Chi đoàn xóm Đồng Trong",
            "Chi đoàn xóm Kha Sơn",
            "Chi đoàn xóm Phú Lợi",
            "Chi đoàn xóm Bờ Đậu",
        ],
    )
    b.unit("TN.PB.THPT", "Đoàn trường THPT Phú Bình", "school", "TN.PB")
    b.branches(
        "TN.PB.THPT",
        ["Chi đoàn lớp 10A1", "Chi đoàn lớp 11A2", "Chi đoàn lớp 12A1", "Chi đoàn giáo viên"],
    )
    # Đại Từ district.
    b.unit("TN.DT.QC", "Đoàn xã Quân Chu", "commune", "TN.DT")
    b.branches(
        "TN.DT.QC", ["Chi đoàn xóm Đồng Tiến", "Chi đoàn xóm Quyết Tiến", "Chi đoàn xóm Hội Tiến"]
    )
    b.unit("TN.DT.LC", "Đoàn xã La Bằng", "commune", "TN.DT")
    b.branches("TN.DT.LC", ["Chi đoàn xóm Đồng Tâm", "Chi đoàn xóm Kẹm", "Chi đoàn xóm Lau Khê"])

    # Units directly under the province.
    b.unit("TN.PDP", "Đoàn phường Phan Đình Phùng", "commune", "TN")
    b.branches(
        "TN.PDP",
        [
            "Chi đoàn tổ dân phố 1",
            "Chi đoàn tổ dân phố 5",
            "Chi đoàn tổ dân phố 9",
            "Chi đoàn tổ dân phố 12",
        ],
    )
    b.unit("TN.KHOI", "Đoàn Khối các cơ quan và doanh nghiệp tỉnh", "direct", "TN")
    b.unit("TN.KHOI.SGD", "Đoàn cơ sở Sở Giáo dục và Đào tạo", "agency", "TN.KHOI")
    b.branches(
        "TN.KHOI.SGD",
        ["Chi đoàn Văn phòng Sở", "Chi đoàn phòng Giáo dục trung học", "Chi đoàn phòng Khảo thí"],
    )
    b.unit(
        "TN.KHOI.SEVT",
        "Đoàn cơ sở Công ty TNHH Samsung Electronics Việt Nam Thái Nguyên",
        "enterprise",
        "TN.KHOI",
        on=dt.date(2014, 3, 26),
    )
    b.branches(
        "TN.KHOI.SEVT",
        [
            "Chi đoàn xưởng SMT",
            "Chi đoàn xưởng lắp ráp 1",
            "Chi đoàn xưởng lắp ráp 2",
            "Chi đoàn khối văn phòng",
            "Chi đoàn ký túc xá Yên Bình",
        ],
        on=dt.date(2014, 3, 26),
    )
    b.unit("TN.BCH", "Đoàn cơ sở Bộ Chỉ huy Quân sự tỉnh", "armed", "TN")
    b.branches("TN.BCH", ["Chi đoàn Đại đội 1", "Chi đoàn Đại đội 2", "Chi đoàn Cơ quan"])
    b.unit("TN.DHTN", "Đoàn Thanh niên Đại học Thái Nguyên", "upper-grassroots", "TN")
    b.unit("TN.DHTN.SP", "Đoàn trường Đại học Sư phạm", "school", "TN.DHTN")
    b.unit("TN.DHTN.SP.TOAN", "Liên chi đoàn khoa Toán", "federated-branch", "TN.DHTN.SP")
    b.branches(
        "TN.DHTN.SP.TOAN", ["Chi đoàn lớp Sư phạm Toán K56A", "Chi đoàn lớp Sư phạm Toán K57B"]
    )
    b.branches("TN.DHTN.SP", ["Chi đoàn lớp Ngữ văn K57", "Chi đoàn lớp Lịch sử K58"])
    b.unit("TN.BAO", "Chi đoàn cơ sở Báo Thái Nguyên", "grassroots-branch", "TN")

    # --- The 2025 reform ---------------------------------------------------------------
    # Three old commune unions form the new "Đoàn xã Phú Bình" (Tỉnh đoàn decision).
    services.units_merge(
        actor=admin,
        sources=[b.refresh("TN.PB.HS"), b.refresh("TN.PB.XP"), b.refresh("TN.PB.UK")],
        new_unit=services.NewUnitSpec("Đoàn xã Phú Bình", "TN.XPB", _kind("commune")),
        effective_on=REFORM,
        decision_number="412-QĐ/TĐTN",
        reason="Sắp xếp đơn vị hành chính cấp xã theo Nghị quyết của UBTVQH",
    )
    b.refresh("TN.XPB")
    # Quân Chu and La Bằng form "Đoàn xã Đại Từ".
    services.units_merge(
        actor=admin,
        sources=[b.refresh("TN.DT.QC"), b.refresh("TN.DT.LC")],
        new_unit=services.NewUnitSpec("Đoàn xã Đại Từ", "TN.XDT", _kind("commune")),
        effective_on=REFORM,
        decision_number="413-QĐ/TĐTN",
        reason="Sắp xếp đơn vị hành chính cấp xã",
    )
    b.refresh("TN.XDT")
    # The district unions end; their grassroots units come directly under the province.
    for district in ("TN.PB", "TN.DT"):
        services.units_merge(
            actor=admin,
            sources=[b.refresh(district)],
            into=b.refresh("TN"),
            effective_on=REFORM,
            decision_number="415-QĐ/TĐTN",
            reason="Kết thúc hoạt động cấp huyện từ 01/7/2025 (chính quyền địa phương 2 cấp)",
        )
    for code in list(world.units):
        b.refresh(code)

    # --- Province B: Tuyên Quang (for scope checks in the demo) --------------------------
    b.unit("TQ", "Tỉnh đoàn Tuyên Quang", "province", "TW", on=dt.date(1991, 10, 1))
    b.unit("TQ.MT", "Đoàn phường Minh Xuân", "commune", "TQ")
    b.branches("TQ.MT", ["Chi đoàn tổ dân phố 3", "Chi đoàn tổ dân phố 7"])
    b.unit("TQ.HY", "Đoàn xã Hàm Yên", "commune", "TQ")
    b.branches("TQ.HY", ["Chi đoàn thôn Thọ Đức", "Chi đoàn thôn Bình Thuận"])

    # --- Accounts for every role ---------------------------------------------------------
    on = dt.date(2025, 7, 15)
    people = [
        ("tn.bantochuc", "Trần Thị Thu Hà", "0912000101", "staff", "TN"),
        ("tn.dpo", "Bùi Thị Mai", "0912000102", "data-protection", "TN"),
        ("tq.bantochuc", "Hoàng Văn Nam", "0912000201", "staff", "TQ"),
        ("bithu.phubinh", "Lê Văn Đức", "0912000301", "secretary", "TN.XPB"),
        ("phobithu.phubinh", "Phạm Thị Hồng Nhung", "0912000302", "deputy-secretary", "TN.XPB"),
        ("btv.phubinh", "Đỗ Quang Huy", "0912000303", "standing-committee", "TN.XPB"),
        ("bch.phubinh", "Nông Thị Thảo", "0912000304", "executive-committee", "TN.XPB"),
        ("ubkt.phubinh", "Dương Văn Tùng", "0912000305", "inspection-committee", "TN.XPB"),
        ("bithu.dongtam", "Vũ Thị Lan Anh", "0912000401", "secretary", "TN.PB.HS.CD01"),
        ("doanvien.khanh", "Ngô Văn Khánh", "0912000501", "member", "TN.PB.HS.CD01"),
        ("bithu.sevt", "Lý Thị Hoa", "0912000601", "secretary", "TN.KHOI.SEVT"),
    ]
    for username, full_name, phone, role, unit_code in people:
        user = _person(username, full_name, phone, f"{username}@chudong.local")
        _assign(world, user, role, unit_code, on, by=admin, decision="98-QĐ/TĐTN")
    if not records:
        # The tree and the accounts only (browser tests of the shell need no more).
        return world
    demo_members.build(admin=admin)
    demo_procedures.build()
    demo_transfers.build(admin=admin)
    demo_ratings_dues.build(admin=admin)
    demo_care.build(admin=admin)
    demo_meetings.build(admin=admin)
    demo_youth.build(admin=admin)
    demo_consents.build()  # after the records of care and youth it concerns
    demo_plans.build(admin=admin)
    demo_dissemination.build(admin=admin)
    demo_advisory.build(admin=admin)
    demo_activities.build(admin=admin)
    demo_building.build(admin=admin)
    demo_cadres.build(admin=admin)
    demo_inspection.build(admin=admin)
    demo_recognition.build(admin=admin)
    demo_portal_api.build(admin=admin)
    return world
