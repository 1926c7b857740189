"""What the generated country looks like: the 34 provinces after 1 July 2025 with their
share of the membership and ethnic make-up, Vietnamese names by frequency, and the parts
unit names are made of. Figures are rounded estimates (domain.md section 4); the
generator scales them.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- provinces ----------------------------------------------------------------------


@dataclass(frozen=True)
class Province:
    code: str  # unit code prefix, also the username prefix of its staff
    name: str  # name without the "tỉnh"/"thành phố" word
    is_city: bool  # centrally-run city: "Thành đoàn", more wards than communes
    members_k: int  # members at scale 1, in thousands (75k–600k)
    citizen_code: str  # the three digits that open a citizen ID number
    region: str  # "north", "centre", "highlands", "south": family-name mix, hamlet word
    ethnic: tuple[tuple[str, float], ...]  # ethnic group → share of members
    mountain: bool = False  # "bản" rather than "thôn", border guard union

    @property
    def union_name(self) -> str:
        if self.is_city:
            return f"Thành đoàn {self.name}"
        return f"Tỉnh đoàn {self.name}"

    @property
    def place(self) -> str:
        return f"thành phố {self.name}" if self.is_city else f"tỉnh {self.name}"


KINH = (("Kinh", 1.0),)

PROVINCES: list[Province] = [
    Province(
        "HCM",
        "Hồ Chí Minh",
        True,
        600,
        "079",
        "south",
        (("Kinh", 0.96), ("Hoa", 0.03), ("Khmer", 0.01)),
    ),
    Province(
        "HNI",
        "Hà Nội",
        True,
        560,
        "001",
        "north",
        (("Kinh", 0.98), ("Mường", 0.015), ("Dao", 0.005)),
    ),
    Province("HPG", "Hải Phòng", True, 300, "031", "north", KINH),
    Province(
        "THA",
        "Thanh Hóa",
        False,
        300,
        "038",
        "north",
        (("Kinh", 0.84), ("Mường", 0.09), ("Thái", 0.06), ("H'Mông", 0.01)),
    ),
    Province(
        "NAN",
        "Nghệ An",
        False,
        290,
        "040",
        "north",
        (("Kinh", 0.86), ("Thái", 0.1), ("Khơ Mú", 0.02), ("H'Mông", 0.02)),
    ),
    Province(
        "PTO",
        "Phú Thọ",
        False,
        250,
        "025",
        "north",
        (("Kinh", 0.72), ("Mường", 0.25), ("Dao", 0.02), ("Sán Dìu", 0.01)),
    ),
    Province("NBI", "Ninh Bình", False, 250, "037", "north", KINH),
    Province(
        "BNI",
        "Bắc Ninh",
        False,
        240,
        "027",
        "north",
        (("Kinh", 0.93), ("Nùng", 0.03), ("Tày", 0.02), ("Sán Dìu", 0.02)),
    ),
    Province("HYE", "Hưng Yên", False, 220, "033", "north", KINH),
    Province(
        "AGI",
        "An Giang",
        False,
        220,
        "089",
        "south",
        (("Kinh", 0.9), ("Khmer", 0.08), ("Chăm", 0.01), ("Hoa", 0.01)),
    ),
    Province(
        "DNA",
        "Đồng Nai",
        False,
        220,
        "075",
        "south",
        (("Kinh", 0.93), ("Hoa", 0.03), ("Xtiêng", 0.02), ("Chơ Ro", 0.02)),
    ),
    Province(
        "LDO",
        "Lâm Đồng",
        False,
        210,
        "068",
        "highlands",
        (("Kinh", 0.76), ("Cơ Ho", 0.12), ("Mnông", 0.06), ("Chu Ru", 0.03), ("Mạ", 0.03)),
    ),
    Province("TNH", "Tây Ninh", False, 200, "072", "south", (("Kinh", 0.98), ("Khmer", 0.02))),
    Province(
        "GLA",
        "Gia Lai",
        False,
        200,
        "064",
        "highlands",
        (("Kinh", 0.58), ("Gia Rai", 0.28), ("Ba Na", 0.14)),
    ),
    Province("VLO", "Vĩnh Long", False, 200, "086", "south", (("Kinh", 0.86), ("Khmer", 0.14))),
    Province(
        "CTO",
        "Cần Thơ",
        True,
        200,
        "092",
        "south",
        (("Kinh", 0.84), ("Khmer", 0.14), ("Hoa", 0.02)),
    ),
    Province(
        "DLA",
        "Đắk Lắk",
        False,
        190,
        "066",
        "highlands",
        (("Kinh", 0.68), ("Ê Đê", 0.22), ("Mnông", 0.04), ("Tày", 0.03), ("Nùng", 0.03)),
    ),
    Province("DNG", "Đà Nẵng", True, 190, "048", "centre", (("Kinh", 0.97), ("Cơ Tu", 0.03))),
    Province("DTH", "Đồng Tháp", False, 180, "087", "south", KINH),
    Province(
        "QNI",
        "Quảng Ninh",
        False,
        150,
        "022",
        "north",
        (("Kinh", 0.88), ("Dao", 0.06), ("Tày", 0.03), ("Sán Dìu", 0.03)),
    ),
    Province(
        "TNG",
        "Thái Nguyên",
        False,
        150,
        "019",
        "north",
        (
            ("Kinh", 0.6),
            ("Tày", 0.24),
            ("Nùng", 0.07),
            ("Dao", 0.05),
            ("Sán Dìu", 0.03),
            ("H'Mông", 0.01),
        ),
        True,
    ),
    Province(
        "LCA",
        "Lào Cai",
        False,
        140,
        "015",
        "north",
        (
            ("Kinh", 0.42),
            ("H'Mông", 0.18),
            ("Tày", 0.14),
            ("Dao", 0.13),
            ("Thái", 0.06),
            ("Giáy", 0.04),
            ("Nùng", 0.03),
        ),
        True,
    ),
    Province(
        "QNG",
        "Quảng Ngãi",
        False,
        140,
        "051",
        "centre",
        (("Kinh", 0.84), ("Hrê", 0.1), ("Xơ Đăng", 0.06)),
    ),
    Province(
        "TQU",
        "Tuyên Quang",
        False,
        130,
        "008",
        "north",
        (
            ("Kinh", 0.3),
            ("Tày", 0.26),
            ("H'Mông", 0.2),
            ("Dao", 0.14),
            ("Nùng", 0.05),
            ("Sán Chay", 0.05),
        ),
        True,
    ),
    Province(
        "QTR",
        "Quảng Trị",
        False,
        130,
        "044",
        "centre",
        (("Kinh", 0.94), ("Bru-Vân Kiều", 0.05), ("Tà Ôi", 0.01)),
    ),
    Province(
        "KHO",
        "Khánh Hòa",
        False,
        130,
        "056",
        "centre",
        (("Kinh", 0.9), ("Chăm", 0.06), ("Ra Glai", 0.04)),
    ),
    Province(
        "CMA",
        "Cà Mau",
        False,
        130,
        "096",
        "south",
        (("Kinh", 0.92), ("Khmer", 0.07), ("Hoa", 0.01)),
    ),
    Province("HTI", "Hà Tĩnh", False, 120, "042", "north", KINH),
    Province(
        "SLA",
        "Sơn La",
        False,
        120,
        "014",
        "north",
        (
            ("Thái", 0.53),
            ("Kinh", 0.17),
            ("H'Mông", 0.16),
            ("Mường", 0.08),
            ("Dao", 0.04),
            ("Khơ Mú", 0.02),
        ),
        True,
    ),
    Province(
        "HUE", "Huế", True, 110, "046", "centre", (("Kinh", 0.97), ("Tà Ôi", 0.02), ("Cơ Tu", 0.01))
    ),
    Province(
        "LSO",
        "Lạng Sơn",
        False,
        90,
        "020",
        "north",
        (("Nùng", 0.42), ("Tày", 0.35), ("Kinh", 0.16), ("Dao", 0.05), ("H'Mông", 0.02)),
        True,
    ),
    Province(
        "CBA",
        "Cao Bằng",
        False,
        80,
        "004",
        "north",
        (
            ("Tày", 0.41),
            ("Nùng", 0.32),
            ("H'Mông", 0.1),
            ("Dao", 0.1),
            ("Kinh", 0.06),
            ("Sán Chay", 0.01),
        ),
        True,
    ),
    Province(
        "DBI",
        "Điện Biên",
        False,
        80,
        "011",
        "north",
        (("Thái", 0.38), ("H'Mông", 0.35), ("Kinh", 0.18), ("Khơ Mú", 0.04), ("Dao", 0.05)),
        True,
    ),
    Province(
        "LCH",
        "Lai Châu",
        False,
        75,
        "012",
        "north",
        (("H'Mông", 0.39), ("Thái", 0.32), ("Kinh", 0.14), ("Dao", 0.13), ("Hà Nhì", 0.02)),
        True,
    ),
]

NATIONAL_MEMBERS = 6_500_000

# --- kinds of grassroots unions -----------------------------------------------------


@dataclass(frozen=True)
class GrassrootsType:
    key: str
    kind: str  # UnitKind code of the union
    count: int  # unions nationally at scale 1
    member_share: float  # share of all members
    branch_mean: int  # mean members per branch
    ages: tuple[int, int]  # age range of most members
    parent: str | None  # key of the direct-under union it sits in (None: the province)


GRASSROOTS_TYPES: list[GrassrootsType] = [
    GrassrootsType("commune", "commune", 3321, 0.50, 17, (16, 30), None),
    GrassrootsType("school", "school", 2500, 0.18, 32, (16, 18), None),
    GrassrootsType("university", "school", 450, 0.06, 35, (18, 23), None),
    GrassrootsType("enterprise", "enterprise", 9000, 0.12, 15, (18, 30), "enterprises"),
    GrassrootsType("agency", "agency", 17000, 0.075, 8, (22, 30), "agencies"),
    GrassrootsType("small-agency", "grassroots-branch", 3000, 0.015, 0, (22, 30), "agencies"),
    GrassrootsType("police", "armed", 2200, 0.025, 12, (19, 28), "police"),
    GrassrootsType("military", "armed", 2500, 0.025, 12, (18, 26), "military"),
]

# Unions directly under the province (kind "direct"), by the key their children name.
DIRECT_UNIONS = {
    "agencies": "Đoàn Khối các cơ quan {place}",
    "enterprises": "Đoàn Khối Doanh nghiệp {place}",
    "police": "Đoàn Thanh niên Công an {place}",
    "military": "Đoàn Thanh niên Bộ Chỉ huy Quân sự {place}",
}

# --- names --------------------------------------------------------------------------

FAMILY = {
    "north": [("Nguyễn", 34), ("Trần", 10), ("Lê", 8), ("Phạm", 8), ("Hoàng", 6), ("Vũ", 5),
              ("Đỗ", 3), ("Bùi", 3), ("Đặng", 3), ("Ngô", 2), ("Dương", 2), ("Đào", 2),
              ("Đinh", 2), ("Phan", 2), ("Trịnh", 1.5), ("Lương", 1), ("Hà", 1), ("Tạ", 1),
              ("Mai", 1), ("Lưu", 1), ("Cao", 1), ("Chu", 0.8), ("Kiều", 0.5), ("Tô", 0.5),
              ("Lại", 0.4), ("Khổng", 0.2), ("Hồ", 0.8), ("Lý", 0.5), ("Đoàn", 0.8),
              ("Văn", 0.3), ("Nghiêm", 0.2), ("Quách", 0.3), ("Triệu", 0.3), ("Kim", 0.2)],
    "centre": [("Nguyễn", 36), ("Trần", 10), ("Lê", 10), ("Phạm", 6), ("Hoàng", 4), ("Võ", 5),
               ("Phan", 5), ("Huỳnh", 3), ("Hồ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2),
               ("Ngô", 2), ("Dương", 1), ("Trương", 2), ("Đinh", 1), ("Đoàn", 1), ("Mai", 1),
               ("Lương", 1), ("Tôn Nữ", 0.3), ("Hà", 1), ("Cao", 1), ("Châu", 0.5)],
    "highlands": [("Nguyễn", 36), ("Trần", 10), ("Lê", 9), ("Phạm", 6), ("Hoàng", 5),
                  ("Võ", 4), ("Phan", 4), ("Huỳnh", 3), ("Vũ", 3), ("Đặng", 2), ("Bùi", 2),
                  ("Đỗ", 2), ("Ngô", 2), ("Hồ", 2), ("Trương", 1), ("Đinh", 1), ("Mai", 1)],
    "south": [("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 5), ("Huỳnh", 6), ("Võ", 5),
              ("Phan", 4), ("Trương", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 1), ("Hồ", 2),
              ("Ngô", 2), ("Dương", 2), ("Lý", 1), ("Lâm", 1), ("Châu", 1), ("Đinh", 1),
              ("Tạ", 0.5), ("Thái", 0.5), ("Mai", 1), ("Lưu", 0.5), ("Cao", 0.5), ("La", 0.3),
              ("Quách", 0.3), ("Diệp", 0.3), ("Hứa", 0.3), ("Tăng", 0.3), ("Từ", 0.3)],
}  # fmt: skip

MIDDLE = {
    "male": [("Văn", 30), ("Đức", 7), ("Minh", 9), ("Quang", 5), ("Hữu", 4), ("Công", 3),
             ("Thành", 3), ("Xuân", 2), ("Ngọc", 2), ("Tiến", 2), ("Duy", 3), ("Trung", 2),
             ("Hoàng", 3), ("Anh", 2), ("Gia", 3), ("Bảo", 2), ("Quốc", 3), ("Tuấn", 2),
             ("Đình", 2), ("Thanh", 3), ("Nhật", 2), ("Hải", 2), ("Trọng", 2), ("Mạnh", 1),
             ("Văn Minh", 0.5), ("Hoàng Minh", 1), ("Đăng", 1), ("Khắc", 1), ("Phúc", 1),
             ("Tấn", 1.5), ("Thế", 1.5), ("Chí", 1), ("Vĩnh", 0.5)],
    "female": [("Thị", 30), ("Thu", 6), ("Ngọc", 7), ("Thanh", 4), ("Minh", 4), ("Hồng", 3),
               ("Phương", 3), ("Thùy", 3), ("Kim", 2), ("Bích", 1), ("Khánh", 2), ("Mai", 2),
               ("Thảo", 2), ("Hải", 1), ("Bảo", 2), ("Gia", 1), ("Quỳnh", 1), ("Lan", 1),
               ("Diệu", 1), ("Tuyết", 1), ("Mỹ", 2), ("Hoài", 1), ("Ánh", 1), ("Như", 1),
               ("Yến", 1), ("Thị Thu", 1), ("Thị Thanh", 1), ("Ngọc Bảo", 0.5),
               ("Thị Hồng", 0.5), ("Hà", 1), ("Huyền", 1), ("Cẩm", 1), ("Tường", 0.5)],
}  # fmt: skip

GIVEN = {
    "male": [("Anh", 6), ("Minh", 5), ("Huy", 5), ("Hùng", 3), ("Dũng", 3), ("Tuấn", 5),
             ("Nam", 4), ("Long", 3), ("Đức", 4), ("Hải", 3), ("Quân", 3), ("Khánh", 2),
             ("Hiếu", 3), ("Trung", 2), ("Thắng", 2), ("Phúc", 2), ("Sơn", 2), ("Tùng", 2),
             ("Việt", 2), ("Bình", 2), ("Cường", 2), ("Đạt", 3), ("Hoàng", 2), ("Khoa", 2),
             ("Kiên", 1), ("Nghĩa", 1), ("Phong", 2), ("Quang", 2), ("Tài", 1), ("Thành", 2),
             ("Toàn", 1), ("Vinh", 1), ("Lâm", 1), ("Duy", 2), ("Hưng", 2), ("Lộc", 1),
             ("Mạnh", 1), ("Tú", 1), ("An", 2), ("Bảo", 2), ("Khang", 2), ("Phát", 2),
             ("Thịnh", 1), ("Tiến", 1), ("Trí", 1), ("Vũ", 2), ("Hào", 1), ("Kiệt", 1),
             ("Luân", 1), ("Nhân", 1), ("Tân", 1), ("Thái", 1), ("Thiện", 1), ("Vương", 0.5),
             ("Quý", 0.5), ("Sang", 1), ("Tâm", 1), ("Thuận", 0.5), ("Tín", 0.5), ("Đông", 0.5),
             ("Hiển", 0.5), ("Hòa", 1), ("Lực", 0.5), ("Nguyên", 1), ("Phương", 0.5),
             ("Quyết", 0.5), ("Tuệ", 0.3), ("Văn", 0.5), ("Đăng", 0.5), ("Giang", 0.5)],
    "female": [("Anh", 7), ("Linh", 6), ("Trang", 5), ("Hương", 4), ("Huyền", 3), ("Ngọc", 3),
               ("Thảo", 4), ("Hà", 3), ("Hằng", 2), ("Hạnh", 2), ("Hoa", 2), ("Hồng", 2),
               ("Lan", 2), ("Loan", 1), ("Mai", 3), ("My", 3), ("Nga", 2), ("Ngân", 2),
               ("Nhung", 2), ("Oanh", 1), ("Phương", 3), ("Quỳnh", 3), ("Thu", 2), ("Thủy", 2),
               ("Vân", 2), ("Yến", 2), ("Diệp", 1), ("Hiền", 2), ("Liên", 1), ("Nhi", 3),
               ("Tâm", 1), ("Uyên", 2), ("Ánh", 2), ("Chi", 2), ("Dung", 2), ("Giang", 2),
               ("Vy", 3), ("Trâm", 2), ("Tiên", 2), ("Hân", 2), ("Khánh", 1), ("Diễm", 1),
               ("Duyên", 1), ("Thư", 2), ("Thương", 1), ("Tuyết", 1), ("Xuân", 1), ("Yên", 0.5),
               ("Châu", 1), ("Hậu", 0.5), ("Lệ", 0.5), ("Ly", 2), ("Nhàn", 0.5), ("Như", 1),
               ("Phượng", 1), ("Quyên", 1), ("Sương", 0.5), ("Thúy", 1), ("Trinh", 1),
               ("Tuyền", 0.5), ("Vi", 1), ("Ngà", 0.3), ("Đào", 0.3), ("Ánh Dương", 0.3)],
}  # fmt: skip

# Ethnic groups whose names follow their own pattern. "kinh_like": family names of the
# group with Kinh middle and given names; "parts": (family, middle, given) pools by sex;
# "prefix": Highland names written given-first with a male/female prefix (Y ..., H'...).
ETHNIC_NAMES: dict[str, dict] = {
    "Tày": {"family": [("Hoàng", 5), ("Nông", 5), ("Ma", 3), ("Hà", 3), ("Lương", 2),
                       ("Triệu", 2), ("Bế", 2), ("Đàm", 1), ("Lục", 1), ("Nguyễn", 3)]},
    "Nùng": {"family": [("Hoàng", 4), ("Nông", 3), ("Lục", 2), ("Vi", 2), ("Lăng", 1),
                        ("Lâm", 1), ("Chu", 1), ("Mã", 1), ("Nguyễn", 2)]},
    "Thái": {"family": [("Lò", 5), ("Lường", 4), ("Quàng", 3), ("Cầm", 3), ("Điêu", 2),
                        ("Tòng", 2), ("Vì", 2), ("Lù", 1), ("Hoàng", 1), ("Lê", 1)]},
    "Mường": {"family": [("Bùi", 6), ("Đinh", 5), ("Quách", 3), ("Hà", 2), ("Xa", 1),
                         ("Bạch", 1), ("Nguyễn", 2)]},
    "Dao": {
        "family": [("Triệu", 5), ("Bàn", 4), ("Đặng", 3), ("Lý", 2), ("Phùng", 2),
                   ("Chảo", 1), ("Tẩn", 1)],
        "middle": {"male": [("Văn", 5), ("Láo", 1), ("Tả", 1), ("Mùi", 1)],
                   "female": [("Thị", 5), ("Mùi", 1), ("Tả", 1)]},
        "given": {"male": [("Sơn", 2), ("Phin", 1), ("Vần", 1), ("Quẩy", 1), ("Kiềm", 1),
                           ("Chàn", 1), ("Sinh", 1), ("Dùn", 1)],
                  "female": [("Mẩy", 1), ("Xiêm", 1), ("Lai", 1), ("Nhất", 1), ("Mai", 1),
                             ("Sinh", 1), ("Dào", 1)]},
    },
    "H'Mông": {
        "family": [("Giàng", 4), ("Lò", 2), ("Vàng", 4), ("Sùng", 3), ("Lầu", 2), ("Thào", 3),
                   ("Hạng", 2), ("Mùa", 2), ("Vừ", 2), ("Cứ", 1), ("Tráng", 1), ("Ly", 2)],
        "middle": {"male": [("A", 4), ("Seo", 3), ("Mí", 2), ("Văn", 2), ("Chứ", 1)],
                   "female": [("Thị", 6), ("Seo", 1)]},
        "given": {"male": [("Páo", 2), ("Sử", 2), ("Chá", 1), ("Dình", 1), ("Lử", 1),
                           ("Tủa", 1), ("Chứ", 1), ("Pó", 1), ("Dế", 1), ("Sính", 1),
                           ("Chư", 1), ("Pàng", 1), ("Dơ", 1)],
                  "female": [("Mỷ", 2), ("Dợ", 1), ("Pà", 1), ("Sua", 1), ("Chở", 1),
                             ("Mai", 1), ("Say", 1), ("Dua", 1), ("Súa", 1), ("Dính", 1),
                             ("Cở", 1), ("Mỉ", 1)]},
    },
    "Khơ Mú": {"family": [("Lò", 3), ("Vi", 2), ("Lộc", 2), ("Cụt", 1), ("Xồng", 1)]},
    "Giáy": {"family": [("Hoàng", 3), ("Lù", 2), ("Sần", 2), ("Vàng", 1)]},
    "Sán Dìu": {"family": [("Diệp", 3), ("Trương", 3), ("Lam", 2), ("Tạ", 2), ("Lục", 1)]},
    "Sán Chay": {"family": [("Hoàng", 2), ("Lâm", 2), ("Nịnh", 1), ("Trần", 1)]},
    "Hà Nhì": {"family": [("Lý", 3), ("Chu", 2), ("Pờ", 2), ("Sừ", 1)]},
    "Hoa": {"family": [("Lâm", 3), ("Trương", 3), ("Lý", 3), ("Quách", 2), ("Hứa", 2),
                       ("Mã", 2), ("Tăng", 2), ("Diệp", 1), ("La", 1)]},
    "Khmer": {
        "family": [("Thạch", 6), ("Danh", 5), ("Sơn", 4), ("Kim", 3), ("Lâm", 2), ("Châu", 2),
                   ("Trịnh", 1), ("Lý", 1)],
        "middle": {"male": [("", 3), ("Văn", 1), ("Sa", 1)], "female": [("Thị", 4), ("", 2)]},
        "given": {"male": [("Sóc", 1), ("Phol", 1), ("Ra", 1), ("Kha", 1), ("Sa Rết", 1),
                           ("Chanh Đa", 1), ("Sô Phal", 1), ("Đa Ra", 1), ("Thương", 1)],
                  "female": [("Sô Phia", 1), ("Ny", 1), ("Sa Ly", 1), ("Mỹ Linh", 1),
                             ("Sóc Kha", 1), ("Srey Neang", 1), ("Ngọc Hân", 1)]},
    },
    "Chăm": {"family": [("Thành", 2), ("Đạo", 2), ("Quảng", 2), ("Lưu", 1), ("Hán", 1)]},
    "Gia Rai": {"prefix": True, "family": [("Ksor", 4), ("Rơ Châm", 3), ("Siu", 3),
                                            ("Rmah", 3), ("Nay", 3), ("Kpă", 2), ("Rơ Lan", 1)]},
    "Ê Đê": {"prefix": True, "family": [("Niê", 4), ("Mlô", 2), ("Êban", 2), ("Byă", 2),
                                         ("Ktla", 1), ("Ayŭn", 1), ("Adrơng", 1), ("Buôn Yă", 1)]},
    "Ba Na": {"family": [("Đinh", 5), ("Y", 1), ("A", 1)]},
    "Cơ Ho": {"family": [("K'", 3), ("Liêng", 2), ("Kră Jăn", 1), ("Ka", 2)]},
    "Mnông": {"prefix": True, "family": [("Điểu", 3), ("Thị", 1), ("Y", 1)]},
}  # fmt: skip
# Given names for the highland "prefix" pattern: Y Moan Niê, H'Hen Niê, Ksor H'Mai.
HIGHLAND_GIVEN = {
    "male": [
        "Moan",
        "Bih",
        "Thuât",
        "Jút",
        "Kông",
        "Nguôl",
        "Phăng",
        "Blơng",
        "Điêng",
        "Wưn",
        "Dhăm",
        "Hoang",
        "Tlang",
        "Krang",
        "Bon",
    ],
    "female": [
        "Hen",
        "Mai",
        "Yen",
        "Nhi",
        "Duen",
        "Ngăm",
        "Bia",
        "Lim",
        "Blúp",
        "Ni",
        "Hiao",
        "Dung",
        "Nga",
    ],
}

RELIGIONS = {
    "north": [("Không", 90), ("Phật giáo", 5), ("Công giáo", 4), ("Tin lành", 1)],
    "centre": [("Không", 82), ("Phật giáo", 12), ("Công giáo", 5), ("Cao Đài", 1)],
    "highlands": [("Không", 70), ("Công giáo", 12), ("Tin lành", 12), ("Phật giáo", 6)],
    "south": [
        ("Không", 70),
        ("Phật giáo", 18),
        ("Công giáo", 6),
        ("Cao Đài", 3),
        ("Phật giáo Hòa Hảo", 3),
    ],
}

# --- places and unit names ----------------------------------------------------------

# Syllables Vietnamese place names are made of; a commune name takes two.
PLACE_WORDS = [
    "An", "Bình", "Hòa", "Phú", "Tân", "Thạnh", "Long", "Hưng", "Phước", "Thuận", "Đông",
    "Tây", "Nam", "Bắc", "Trung", "Xuân", "Hải", "Sơn", "Lâm", "Thủy", "Minh", "Quang",
    "Vĩnh", "Hiệp", "Mỹ", "Đức", "Thành", "Lợi", "Phong", "Lạc", "Yên", "Hà", "Kim", "Ngọc",
    "Cẩm", "Định", "Hương", "Tiến", "Thắng", "Lộc", "Nghĩa", "Hồng", "Hợp", "Quý", "Khánh",
    "Châu", "Điền", "Cường", "Thịnh", "Vạn", "Tường", "Đồng", "Tam", "Liên", "Thượng", "Hạ",
    "Tiên", "Mai", "Lam", "Tú", "Gia", "Việt", "Hoàng", "Phúc", "Thọ", "Trường", "Chánh",
    "Quới", "Đại", "Tràng", "Cao", "Dương", "Hội", "Kỳ", "Lương", "Ninh", "Quế", "Sa",
]  # fmt: skip
HAMLET_WORD = {"north": "thôn", "centre": "thôn", "highlands": "thôn", "south": "ấp"}
SCHOOL_NAMES = [
    "Nguyễn Trãi", "Lê Quý Đôn", "Trần Phú", "Chu Văn An", "Lương Thế Vinh", "Nguyễn Du",
    "Lê Hồng Phong", "Phan Bội Châu", "Nguyễn Huệ", "Hùng Vương", "Quang Trung", "Ngô Quyền",
    "Lý Thường Kiệt", "Trần Hưng Đạo", "Nguyễn Bỉnh Khiêm", "Võ Thị Sáu", "Lê Lợi",
    "Nguyễn Khuyến", "Phan Châu Trinh", "Trần Quốc Tuấn", "Hoàng Văn Thụ", "Lý Tự Trọng",
    "Nguyễn Thị Minh Khai", "Lê Thánh Tông", "Nguyễn Đình Chiểu", "Tô Hiến Thành",
    "Bùi Thị Xuân", "Đinh Tiên Hoàng", "Nguyễn Văn Cừ", "Trần Quang Khải", "Chuyên",
]  # fmt: skip
UNIVERSITY_NAMES = [
    "Kinh tế", "Bách khoa", "Sư phạm", "Y Dược", "Nông Lâm", "Công nghiệp", "Luật",
    "Khoa học", "Kỹ thuật Công nghệ", "Giao thông Vận tải", "Văn hóa", "Cao đẳng Nghề",
    "Cao đẳng Y tế", "Cao đẳng Sư phạm", "Công nghệ Thông tin",
]  # fmt: skip
FACULTIES = ["Kinh tế", "Công nghệ thông tin", "Cơ khí", "Điện - Điện tử", "Ngoại ngữ",
             "Sư phạm", "Y", "Dược", "Luật", "Nông học", "Xây dựng", "Môi trường"]  # fmt: skip
FACULTY_CODES = ["KT", "CNTT", "CK", "DDT", "NN", "SP", "Y", "D", "L", "NH", "XD", "MT"]
COMPANY_KINDS = ["Công ty TNHH", "Công ty Cổ phần", "Tổng công ty", "Công ty TNHH MTV"]
COMPANY_WORDS = [
    "May", "Điện tử", "Xây dựng", "Thực phẩm", "Cơ khí", "Thủy sản", "Dệt", "Giày da",
    "Vận tải", "Điện lực", "Cấp nước", "Viễn thông", "Dược phẩm", "Nhựa", "Xi măng",
    "Cao su", "Chè", "Gỗ", "Thép", "Logistics",
]  # fmt: skip
AGENCIES = [
    "Sở Tài chính", "Sở Xây dựng", "Sở Tư pháp", "Sở Y tế", "Sở Giáo dục và Đào tạo",
    "Sở Nội vụ", "Sở Công Thương", "Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch", "Văn phòng UBND", "Kho bạc Nhà nước khu vực",
    "Bảo hiểm xã hội", "Thuế", "Ngân hàng Nông nghiệp chi nhánh", "Bệnh viện Đa khoa",
    "Trung tâm Y tế", "Bệnh viện Sản Nhi", "Đài Phát thanh và Truyền hình", "Báo",
    "Viện Kiểm sát nhân dân", "Tòa án nhân dân", "Cục Thống kê", "Bưu điện",
]  # fmt: skip
DEPARTMENTS = ["Phòng Tổ chức - Hành chính", "Phòng Kế hoạch", "Phòng Nghiệp vụ",
               "Khoa Nội", "Khoa Ngoại", "Phòng Kỹ thuật", "Phòng Tài vụ", "Văn phòng",
               "Phòng Thanh tra", "Phòng Tổng hợp", "Khoa Cấp cứu", "Phòng Kinh doanh"]  # fmt: skip
POLICE_UNITS = ["Phòng Cảnh sát giao thông", "Phòng Cảnh sát hình sự", "Phòng An ninh",
                "Phòng Cảnh sát PCCC và CNCH", "Phòng Tham mưu", "Trại tạm giam",
                "Phòng Cảnh sát cơ động", "Phòng Quản lý hành chính về TTXH",
                "Công an xã", "Công an phường"]  # fmt: skip
MILITARY_UNITS = ["Trung đoàn", "Tiểu đoàn", "Ban Chỉ huy Phòng thủ khu vực",
                  "Đồn Biên phòng", "Cơ quan Bộ Chỉ huy", "Trường Quân sự"]  # fmt: skip

OCCUPATIONS = {
    "commune": [("Làm ruộng", 4), ("Công nhân", 4), ("Buôn bán", 2), ("Lao động tự do", 3),
                ("Học sinh", 2), ("Sinh viên", 2), ("Thợ xây", 1), ("Nhân viên văn phòng", 1),
                ("Giáo viên", 0.5), ("Nhân viên y tế", 0.5), ("Kinh doanh", 1)],
    "school": [("Học sinh", 1)],
    "university": [("Sinh viên", 1)],
    "enterprise": [("Công nhân", 6), ("Kỹ thuật viên", 2), ("Tổ trưởng sản xuất", 1),
                   ("Nhân viên văn phòng", 2), ("Kỹ sư", 1)],
    "agency": [("Công chức", 3), ("Viên chức", 4), ("Chuyên viên", 2), ("Bác sĩ", 1),
               ("Điều dưỡng", 1)],
    "small-agency": [("Viên chức", 3), ("Chuyên viên", 2)],
    "police": [("Chiến sĩ công an", 4), ("Hạ sĩ quan", 2), ("Sĩ quan", 2)],
    "military": [("Chiến sĩ", 5), ("Hạ sĩ quan", 2), ("Sĩ quan", 1)],
}  # fmt: skip
QUALIFICATIONS = [("", 50), ("Trung cấp", 10), ("Cao đẳng", 12), ("Đại học", 25),
                  ("Thạc sĩ", 2), ("Sơ cấp nghề", 6)]  # fmt: skip
HEALTH = [("Tốt", 70), ("Bình thường", 20), ("Cận thị", 8), ("Khá", 2)]
FAMILY_BACKGROUND = [("Nông dân", 40), ("Công nhân", 20), ("Viên chức", 15), ("Buôn bán", 10),
                     ("Cán bộ", 8), ("Lao động tự do", 7)]  # fmt: skip
