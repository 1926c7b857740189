"""What a spreadsheet column can be imported into, and how headers are recognised.

Units write their headers in many ways ("Họ và tên", "Họ tên", "HỌ, TÊN ĐỆM", "Ngày,
tháng, năm sinh", "SĐT", "Số CCCD/CMND"...), across two rows, with line breaks and odd
spacing. A header is compared in its folded form (core.text.fold, then punctuation to
spaces), first against exact synonyms, then against patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from chudong.core.text import fold

IGNORE = ""


@dataclass(frozen=True)
class Target:
    code: str
    label: object
    # The words used in a problem message ("ngày sinh '31/02/2004' ...").
    noun: object
    sensitive: bool = False
    branch_only: bool = False  # offered only when importing into a grassroots union


TARGETS: list[Target] = [
    Target("full_name", _("Full name"), _("full name")),
    Target("family_middle", _("Family and middle name (Họ đệm)"), _("family and middle name")),
    Target("family_name", _("Family name (Họ)"), _("family name")),
    Target("middle_name", _("Middle name (Tên đệm)"), _("middle name")),
    Target("given_name", _("Given name (Tên)"), _("given name")),
    Target("date_of_birth", _("Date of birth"), _("date of birth")),
    Target("dob_male", _("Date of birth, “Nam” column (male)"), _("date of birth")),
    Target("dob_female", _("Date of birth, “Nữ” column (female)"), _("date of birth")),
    Target("sex", _("Sex"), _("sex")),
    Target("male_mark", _("“Nam” mark (male)"), _("“Nam” mark")),
    Target("female_mark", _("“Nữ” mark (female)"), _("“Nữ” mark")),
    Target("ethnicity", _("Ethnicity (sensitive)"), _("ethnicity"), sensitive=True),
    Target("religion", _("Religion (sensitive)"), _("religion"), sensitive=True),
    Target("hometown", _("Hometown (quê quán)"), _("hometown")),
    Target("birthplace", _("Place of birth"), _("place of birth")),
    Target("permanent_residence", _("Permanent residence"), _("permanent residence")),
    Target("current_residence", _("Current residence"), _("current residence")),
    Target("phone", _("Phone"), _("phone number")),
    Target("email", _("E-mail"), _("e-mail")),
    Target("national_id", _("Citizen ID (CCCD)"), _("citizen ID")),
    Target("admission_date", _("Admitted to the Union on"), _("admission date")),
    Target("admission_place", _("Admitted at"), _("place of admission")),
    Target("admission_decision", _("Admission decision number"), _("admission decision")),
    Target("card_number", _("Membership card number"), _("card number")),
    Target("education_level", _("General education"), _("general education")),
    Target("professional_qualification", _("Professional qualification"), _("qualification")),
    Target("political_theory", _("Political theory level"), _("political theory")),
    Target("foreign_languages", _("Foreign languages"), _("foreign languages")),
    Target("occupation", _("Occupation"), _("occupation")),
    Target("workplace", _("Workplace or school"), _("workplace")),
    Target("party", _("Party member"), _("Party membership")),
    Target("party_date", _("Admitted to the Party on"), _("Party admission date")),
    Target("branch", _("Branch (chi đoàn)"), _("branch"), branch_only=True),
]
BY_CODE: dict[str, Target] = {t.code: t for t in TARGETS}
DATE_TARGETS = frozenset(
    {"date_of_birth", "dob_male", "dob_female", "admission_date", "party_date"}
)
NAME_TARGETS = frozenset({"full_name", "family_middle", "family_name", "middle_name", "given_name"})
SENSITIVE_TARGETS = frozenset(t.code for t in TARGETS if t.sensitive)

# "Nam" / "Nữ" alone: a date of birth under a "Ngày sinh" group, a mark under "Giới tính";
# decided by the header above, or else by what the column holds.
MALE_WORD = "male_word"
FEMALE_WORD = "female_word"


def normalize_header(text: object) -> str:
    """Folded, punctuation and line breaks to single spaces: 'Ngày, tháng,\\nnăm sinh'
    → 'ngay thang nam sinh'."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(str(text or ""))).split())


# Whole-header synonyms (normalized). Checked before the patterns, and the only rule
# applied to a lower header row alone, where a word like "Tên" or "Nam" is complete.
EXACT: dict[str, str] = {
    "stt": IGNORE, "tt": IGNORE, "so tt": IGNORE, "so thu tu": IGNORE, "ghi chu": IGNORE,
    "ho va ten": "full_name", "ho ten": "full_name", "ho va ten doan vien": "full_name",
    "ho ten doan vien": "full_name", "ten doan vien": "full_name", "full name": "full_name",
    "ho dem": "family_middle", "ho va dem": "family_middle", "ho ten dem": "family_middle",
    "ho va ten dem": "family_middle", "ho va chu dem": "family_middle",
    "ho": "family_name", "ten dem": "middle_name", "chu dem": "middle_name",
    "ten": "given_name", "ten goi": "given_name",
    "nam": MALE_WORD, "nu": FEMALE_WORD,
    "ngay sinh": "date_of_birth", "nam sinh": "date_of_birth", "ns": "date_of_birth",
    "ngay thang nam sinh": "date_of_birth", "sinh ngay": "date_of_birth",
    "date of birth": "date_of_birth",
    "gioi tinh": "sex", "gioi": "sex", "phai": "sex", "nam nu": "sex", "sex": "sex",
    "dan toc": "ethnicity", "ton giao": "religion",
    "que quan": "hometown", "nguyen quan": "hometown", "noi sinh": "birthplace",
    "sdt": "phone", "dt": "phone", "dien thoai": "phone", "so dien thoai": "phone",
    "dtdd": "phone", "phone": "phone",
    "email": "email", "e mail": "email",
    "cccd": "national_id", "cmnd": "national_id", "so cccd": "national_id",
    "so cmnd": "national_id", "so dinh danh": "national_id", "so cccd cmnd": "national_id",
    "so cmnd cccd": "national_id",
    "ngay vao doan": "admission_date", "ngay ket nap": "admission_date",
    "noi vao doan": "admission_place", "noi ket nap": "admission_place",
    "so the": "card_number", "so the doan vien": "card_number", "so the doan": "card_number",
    "so the dv": "card_number",
    "trinh do": "education_level", "van hoa": "education_level", "hoc van": "education_level",
    "chuyen mon": "professional_qualification", "llct": "political_theory",
    "ly luan chinh tri": "political_theory", "ngoai ngu": "foreign_languages",
    "nghe nghiep": "occupation", "dang vien": "party", "ngay vao dang": "party_date",
    "chi doan": "branch", "ten chi doan": "branch", "thuoc chi doan": "branch",
}  # fmt: skip

# (pattern on the normalized header, target), in order: the first that matches wins.
PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), code)
    for p, code in [
        (r"^(so )?(tt|stt|thu tu)\b", IGNORE),
        (r"\bghi chu\b|\bky ten\b", IGNORE),
        (r"\bho (va )?(ten |chu )?dem\b", "family_middle"),
        (r"^ho (va )?ten\b", "full_name"),
        (r"\bnoi sinh\b|place of birth", "birthplace"),
        (r"\bngay\b.*\b(vao|ket nap|gia nhap)\b.*\bdang\b", "party_date"),
        (r"\bnoi\b.*\b(vao|ket nap)\b.*\bdoan\b", "admission_place"),
        (r"\b(ngay|nam)\b.*\b(vao|ket nap|gia nhap)\b.*\bdoan\b|^ngay ket nap\b", "admission_date"),
        (r"\bquyet dinh\b.*\bket nap\b|\bso qd\b", "admission_decision"),
        (r"\bngay\b.*\bsinh\b|\bnam sinh\b|\bsinh ngay\b|date of birth|\bbirth", "date_of_birth"),
        (r"^gioi tinh\b|^(gender|sex)\b", "sex"),
        (r"^dan toc\b|ethnic", "ethnicity"),
        (r"^ton giao\b|religion", "religion"),
        (r"\bque quan\b|\bnguyen quan\b|hometown", "hometown"),
        (r"\bthuong tru\b|\bho khau\b", "permanent_residence"),
        (r"\bnoi o\b|\bcho o\b|\bdia chi\b|\btam tru\b|residence|address", "current_residence"),
        (r"\bdien thoai\b|^sdt\b|^so dt\b|^dt\b|phone|\bdi dong\b", "phone"),
        (r"\bcccd\b|\bcmnd\b|\bcan cuoc\b|\bdinh danh\b|\bchung minh\b|citizen id", "national_id"),
        (r"\be ?mail\b|\bthu dien tu\b", "email"),
        (r"\bso the\b|\bthe doan\b|\bthe dv\b|card", "card_number"),
        (r"\bly luan\b|\bchinh tri\b|\bllct\b|political", "political_theory"),
        (r"\bchuyen mon\b|\bnghiep vu\b|\bchuyen nganh\b|qualification",
         "professional_qualification"),
        (r"\bhoc van\b|\bvan hoa\b|\bpho thong\b|^trinh do\b|education", "education_level"),
        (r"\bngoai ngu\b|foreign lang", "foreign_languages"),
        (r"\bnghe nghiep\b|\bcong viec\b|occupation|^nghe\b", "occupation"),
        (r"\bnoi (lam viec|cong tac|hoc tap)\b|\bdon vi cong tac\b|\bco quan\b|workplace",
         "workplace"),
        (r"\bdang vien\b|^dang\b|^party\b", "party"),
        (r"\bchi doan\b|^branch\b", "branch"),
    ]
]  # fmt: skip


def match_exact(text: str) -> str | None:
    """The target of a complete header (normalized), or None."""
    return EXACT.get(text)


def match_header(text: str) -> str | None:
    """The target of a header (normalized): exact synonym, else the first pattern."""
    if not text:
        return None
    exact = EXACT.get(text)
    if exact is not None:
        return exact
    if len(text) > 80:  # a title line, not a column header
        return None
    for pattern, code in PATTERNS:
        if pattern.search(text):
            return code
    return None


def choices(*, branch_column: bool, sensitive: bool) -> list[tuple[str, object]]:
    """The select of target fields for a column."""
    result: list[tuple[str, object]] = [(IGNORE, _("— Do not import —"))]
    for target in TARGETS:
        if target.branch_only and not branch_column:
            continue
        if target.sensitive and not sensitive:
            continue
        result.append((target.code, target.label))
    return result
