"""Reading one cell: the forms Vietnamese member lists write dates, phones, ID numbers,
sex and Party membership in, as python-calamine hands them over (str, float, int, bool,
datetime.date/datetime/time/timedelta, "" for an empty cell).

Every parser returns the stored form of the value, or raises CellProblem with a message
in the user's language that names the field and quotes the value.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from chudong.accounts.models import normalize_phone
from chudong.core.text import fold
from chudong.members.models import ETHNIC_GROUPS, PartyStatus, PoliticalTheory, Sex

EXCEL_EPOCH = dt.date(1899, 12, 30)
EARLIEST = dt.date(1900, 1, 1)


class CellProblem(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: Any, limit: int = 40) -> str:
    """The value as the user typed it, for a message: 912345678.0 → '912345678'."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    if isinstance(value, dt.datetime):
        text = value.strftime("%d/%m/%Y %H:%M")
    elif isinstance(value, dt.date):
        text = value.strftime("%d/%m/%Y")
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def text(value: Any, *, noun: str, max_length: int) -> str:
    """Free text: single spaces; a number keeps no '.0'; a date is written dd/mm/yyyy."""
    if is_empty(value):
        return ""
    result = shown(value, limit=10_000)
    if len(result) > max_length:
        raise CellProblem(
            _("%(field)s is longer than %(max)d characters") % {"field": noun, "max": max_length}
        )
    return result


# --- Dates ---------------------------------------------------------------------------

_NUMERIC_DATE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t].*)?$")
_COMPACT_DATE = re.compile(r"^(\d{2})(\d{2})(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_WORDS_DATE = re.compile(r"^(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*(?:nam\s*)?(\d{4})$")


def _two_digit_year(year: int, today: dt.date) -> int:
    """'5/3/04' is 2004, '5/3/98' is 1998: the latest year not after today."""
    century = today.year // 100 * 100
    return century + year if century + year <= today.year else century - 100 + year


def _make(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)  # ValueError on 31/02 and the like


def parse_date(value: Any, *, noun: str, today: dt.date | None = None) -> tuple[dt.date, bool]:
    """A date and whether only its year is known. Accepts Excel dates, Excel serial
    numbers, dd/mm/yyyy, d/m/yy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd, ddmmyyyy, the year
    alone and "ngày 5 tháng 3 năm 2004"."""
    today = today or timezone.localdate()
    year_only = False
    try:
        if isinstance(value, dt.datetime):
            day = value.date()
        elif isinstance(value, dt.date):
            day = value
        elif isinstance(value, bool):
            raise ValueError
        elif isinstance(value, int | float):
            number = float(value)
            if not number.is_integer():
                raise ValueError
            if 1000 <= number <= 2999:
                day, year_only = _make(int(number), 1, 1), True
            elif 10_000 <= number <= 2_958_465:  # a serial day number: 1927 onwards
                day = EXCEL_EPOCH + dt.timedelta(days=int(number))
            else:
                raise ValueError
        elif isinstance(value, str):
            day, year_only = _parse_date_text(value, today)
        else:
            raise ValueError
    except (ValueError, OverflowError):
        raise CellProblem(
            _("%(field)s '%(value)s' is not a valid date") % {"field": noun, "value": shown(value)}
        ) from None
    if day > today:
        raise CellProblem(
            _("%(field)s '%(value)s' is in the future") % {"field": noun, "value": shown(value)}
        )
    if day < EARLIEST:
        raise CellProblem(
            _("%(field)s '%(value)s' is before 1900") % {"field": noun, "value": shown(value)}
        )
    return day, year_only


def _parse_date_text(raw: str, today: dt.date) -> tuple[dt.date, bool]:
    compact = " ".join(raw.split())
    if match := _NUMERIC_DATE.match(compact):
        d, m, y = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            y = _two_digit_year(y, today)
        return _make(y, m, d), False
    if match := _YEAR.match(compact):
        return _make(int(match.group(1)), 1, 1), True
    if match := _ISO_DATE.match(compact):
        y, m, d = (int(g) for g in match.groups())
        return _make(y, m, d), False
    if match := _COMPACT_DATE.match(compact):
        d, m, y = (int(g) for g in match.groups())
        return _make(y, m, d), False
    words = " ".join(re.sub(r"[^a-z0-9]+", " ", fold(compact)).split())
    if match := _WORDS_DATE.match(words):
        d, m, y = (int(g) for g in match.groups())
        return _make(y, m, d), False
    raise ValueError


def looks_like_date(value: Any) -> bool:
    """For deciding what a bare "Nam"/"Nữ" column holds."""
    if isinstance(value, dt.date):
        return True
    try:
        parse_date(value, noun="", today=dt.date(2999, 12, 31))
    except CellProblem:
        return False
    return True


# --- Identity numbers and contacts --------------------------------------------------


def _digits_of_number(value: Any) -> str | None:
    """Digits of a cell Excel stored as a number (the leading 0 is then lost)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value) if value >= 0 else None
    if isinstance(value, float) and value.is_integer() and 0 <= value < 1e15:
        return str(int(value))
    return None


def parse_national_id(value: Any) -> str:
    """A 12-digit citizen ID. Stored as a number, '012345678901' became 12345678901:
    the leading zeros are restored."""
    digits = _digits_of_number(value)
    if digits is not None:
        if 9 <= len(digits) < 12:
            digits = digits.zfill(12)
    else:
        digits = re.sub(r"[\s.\-]", "", str(value))
    if not re.fullmatch(r"\d{12}", digits):
        raise CellProblem(_("citizen ID '%(value)s' must have 12 digits") % {"value": shown(value)})
    return digits


def parse_phone(value: Any) -> str:
    """A 10-digit number starting with 0; '912345678' (stored as a number) gets its 0
    back, +84 becomes 0. Of several numbers ('0912… / 0987…') the first is kept."""
    digits = _digits_of_number(value)
    if digits is not None:
        if len(digits) == 9 and digits[0] != "0":
            digits = "0" + digits
    else:
        first = re.split(r"[,;/]| - |\bho[aặ]c\b", str(value))[0]
        digits = normalize_phone(first)
        if len(digits) == 9 and digits[0] != "0":
            digits = "0" + digits
    if not re.fullmatch(r"0\d{9}", digits):
        raise CellProblem(
            _("phone number '%(value)s' must have 10 digits and start with 0")
            % {"value": shown(value)}
        )
    return digits


def parse_email(value: Any) -> str:
    address = str(value).strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise CellProblem(
            _("e-mail '%(value)s' is not a valid address") % {"value": shown(value)}
        ) from None
    if len(address) > 254:
        raise CellProblem(_("e-mail '%(value)s' is too long") % {"value": shown(value)})
    return address


def parse_card_number(value: Any) -> str:
    digits = _digits_of_number(value)
    card = digits if digits is not None else "".join(str(value).split()).upper()
    if len(card) > 20:
        raise CellProblem(_("card number '%(value)s' is too long") % {"value": shown(value)})
    return card


# --- Choices ---------------------------------------------------------------------------

_MALE = {"nam", "male", "m", "trai"}
_FEMALE = {"nu", "female", "f", "gai"}
_MARKS = {"x", "v", "1", "co", "yes", "nam", "nu", "\u2713", "\u2714", "+"}


def parse_sex(value: Any) -> str:
    word = fold(shown(value))
    if word in _MALE:
        return Sex.MALE
    if word in _FEMALE:
        return Sex.FEMALE
    raise CellProblem(_("sex '%(value)s' is unclear: write Nam or Nữ") % {"value": shown(value)})


def is_mark(value: Any) -> bool:
    """A tick in a "Nam" or "Nữ" column."""
    if isinstance(value, bool):
        return value
    return fold(shown(value)) in _MARKS


_PARTY_FULL = {"x", "v", "1", "co", "yes", "dang vien", "dv", "chinh thuc", "dang vien chinh thuc"}
_PARTY_PROBATION = {"du bi", "dang vien du bi", "dvdb"}
_PARTY_NONE = {"0", "khong", "no", "chua", "-"}


def parse_party(value: Any) -> tuple[str, dt.date | None]:
    """Party membership from a tick, a word or the date of admission."""
    if isinstance(value, dt.date):
        return PartyStatus.FULL, parse_date(value, noun=str(_("Party admission date")))[0]
    word = " ".join(re.sub(r"[^a-z0-9]+", " ", fold(shown(value))).split())
    if word in _PARTY_FULL:
        return PartyStatus.FULL, None
    if word in _PARTY_PROBATION:
        return PartyStatus.PROBATIONARY, None
    if word in _PARTY_NONE:
        return PartyStatus.NONE, None
    try:
        day, _year_only = parse_date(value, noun=str(_("Party admission date")))
    except CellProblem:
        pass
    else:
        return PartyStatus.FULL, day
    raise CellProblem(
        _("Party membership '%(value)s' is unclear: write Có, Dự bị, Chính thức or leave it empty")
        % {"value": shown(value)}
    )


_THEORY = {
    "so cap": PoliticalTheory.ELEMENTARY,
    "trung cap": PoliticalTheory.INTERMEDIATE,
    "cao cap": PoliticalTheory.ADVANCED,
    "cu nhan": PoliticalTheory.BACHELOR,
    "khong": PoliticalTheory.NONE,
    "chua": PoliticalTheory.NONE,
    "chua qua dao tao": PoliticalTheory.NONE,
    "-": PoliticalTheory.NONE,
}


def parse_political_theory(value: Any) -> str:
    word = " ".join(re.sub(r"[^a-z0-9-]+", " ", fold(shown(value))).split())
    word = re.sub(r"^(trinh do |ly luan chinh tri |llct )", "", word)
    if word in _THEORY:
        return _THEORY[word]
    raise CellProblem(
        _("political theory '%(value)s' is unclear: write Sơ cấp, Trung cấp, Cao cấp or Cử nhân")
        % {"value": shown(value)}
    )


def parse_education(value: Any) -> str:
    """'12/12'; Excel turned a typed 12/12 into 12 December, and 12 into 12.0."""
    if isinstance(value, dt.date):
        return f"{value.day}/{value.month}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
        if number.is_integer() and 1 <= number <= 12:
            return f"{int(number)}/12"
    return text(value, noun=str(_("general education")), max_length=20)


def _ethnic_key(name: str) -> str:
    return re.sub(r"[^a-z]", "", fold(name))


_ETHNIC = {_ethnic_key(name): name for name in ETHNIC_GROUPS}
_ETHNIC.update({"mong": "H'Mông", "hmong": "H'Mông", "ede": "Ê Đê", "kinhvn": "Kinh"})


def parse_ethnicity(value: Any) -> str:
    name = _ETHNIC.get(_ethnic_key(shown(value)))
    if name is None:
        # The value is sensitive data: the message, kept with the job, does not repeat it.
        raise CellProblem(_("the ethnicity written is not one of the 54 ethnic groups"))
    return name
