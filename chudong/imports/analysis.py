"""Checking every row of a sheet against the chosen mapping, without writing anything.

Rows become unsaved Member objects (validated like chudong.members.services validates a
registration) or problems by sheet row and column. Rows that repeat an earlier row of the
file, or a member already registered within the actor's scope (same citizen ID, or same
folded name and date of birth), are set aside as duplicates: importing the same file
twice creates nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chudong.members.models import Member, MemberStatus, PartyStatus, PoliticalTheory
from chudong.members.services._common import apply_texts
from chudong.orgs.models import Unit

from . import values as v
from .branches import BranchResolver
from .fields import BY_CODE, DATE_TARGETS, normalize_header
from .models import IssueKind
from .sheets import column_letter
from .values import CellProblem, is_empty

CHUNK = 900  # ids per IN (...) query: under SQLite's variable limit on every version

_FOOTER = re.compile(
    r"^(nguoi lap( bieu)?|nguoi ke khai|bi thu|pho bi thu|t m|tm|thay mat|xac nhan|"
    r"ky ten|ky ghi ro|ky va ghi|truong ban|thu truong|chu tich)\b"
)
_PLACE_DATE = re.compile(r"^([a-z0-9 ]{0,60} )?ngay\b.{0,12}\bthang\b.{0,12}\bnam\b")
_TOTALS = re.compile(r"^(tong cong|tong so|cong)( |$)")
_SECTION = re.compile(r"^((lien )?chi doan|doan)\b|^([ivxlc]+|[a-z]|\d{1,2}) [a-z]")
_MEMBER_TEXT = {
    "hometown": 300,
    "birthplace": 300,
    "permanent_residence": 300,
    "current_residence": 300,
    "admission_place": 300,
    "admission_decision": 60,
    "professional_qualification": 200,
    "foreign_languages": 200,
    "occupation": 200,
    "workplace": 300,
}
_MEMBER_FIELDS = [f.name for f in Member._meta.concrete_fields]
_ALWAYS_CLEAN = {"full_name", "family_name", "middle_name", "given_name", "sex", "date_of_birth"}


@dataclass
class Problem:
    row: int | None
    column: str
    message: str
    kind: str = IssueKind.ERROR
    full_name: str = ""


@dataclass
class Candidate:
    row: int
    member: Member
    sensitive: dict[str, str] = field(default_factory=dict)
    notes: list[Problem] = field(default_factory=list)


@dataclass
class Analysis:
    rows_read: int = 0
    candidates: list[Candidate] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rejected: int = 0
    duplicates_register: int = 0
    duplicates_file: int = 0

    def issues_by_row(self) -> dict[int | None, list[Problem]]:
        grouped: dict[int | None, list[Problem]] = {}
        for problem in self.problems:
            grouped.setdefault(problem.row, []).append(problem)
        return grouped


@dataclass
class Context:
    """What a check needs besides the rows."""

    target: Unit
    mapping: dict[int, str]  # column index → target code
    scope: Callable[[], Any]  # the Member queryset duplicates are looked for in
    may_sensitive: bool
    today: dt.date = field(default_factory=timezone.localdate)
    # Translated once per check, not once per cell.
    nouns: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.nouns = {code: str(target.noun) for code, target in BY_CODE.items()}


def _cells_text(cells: list[Any]) -> list[str]:
    return [normalize_header(c) for c in cells if isinstance(c, str) and c.strip()]


def _has_date(cells: list[Any], mapping: dict[int, str]) -> bool:
    return any(
        code in ("date_of_birth", "dob_male", "dob_female")
        and index < len(cells)
        and not is_empty(cells[index])
        and v.looks_like_date(cells[index])
        for index, code in mapping.items()
    )


def _classify(cells: list[Any], mapping: dict[int, str]) -> str:
    """'data', 'empty', 'totals', 'footer' or 'section' (a one-text heading row).

    A signature block ("Người lập biểu", "BÍ THƯ", "Phú Bình, ngày … tháng … năm …") has a
    few cells and no date of birth; a member row has many, so a member whose position
    reads "Bí thư" is still read as a member.
    """
    filled = [c for c in cells if not is_empty(c)]
    if not filled:
        return "empty"
    strings = [c for c in filled if isinstance(c, str)]
    mapped_empty = all(is_empty(cells[i]) for i, code in mapping.items() if code and i < len(cells))
    first_text = next((c for c in cells if isinstance(c, str) and c.strip()), "")
    if first_text and _TOTALS.match(normalize_header(first_text)):
        return "totals"
    if _has_date(cells, mapping):
        return "data"
    if len(filled) <= 3 and any(
        _FOOTER.match(t) or _PLACE_DATE.match(t) for t in _cells_text(cells)
    ):
        return "footer"
    if len(strings) == 1 and (mapped_empty or len(filled) == 1):
        return "section"
    return "empty" if mapped_empty else "data"


def analyse(
    rows: list[list[Any]],
    *,
    data_first: int,
    context: Context,
    progress: Callable[[int], None] | None = None,
) -> Analysis:
    """Check rows[data_first:] and look for duplicates; `progress(n)` is told how many
    rows were looked at."""
    result = parse(rows, data_first=data_first, context=context, progress=progress)
    find_duplicates(result, context)
    return result


def _sort(result: Analysis) -> None:
    result.problems.sort(key=lambda p: p.row or 0)


def find_duplicates(result: Analysis, context: Context) -> None:
    """Set aside rows repeated in the file or already registered (reads the register)."""
    _file_duplicates(result)
    _register_duplicates(result, context)
    _sort(result)


def parse(
    rows: list[list[Any]],
    *,
    data_first: int,
    context: Context,
    progress: Callable[[int], None] | None = None,
) -> Analysis:
    """Read and validate every row (no duplicate check: see find_duplicates)."""
    result = Analysis()
    branches = BranchResolver(context.target)
    current_branch: Unit | None = None
    for offset, cells in enumerate(rows[data_first:]):
        number = data_first + offset + 1
        if progress and offset and offset % 500 == 0:
            progress(offset)
        kind = _classify(cells, context.mapping)
        if kind == "empty":
            continue
        if kind == "footer":
            result.problems.append(
                Problem(
                    number, "", _("signatures below the list: reading stops here"), IssueKind.NOTE
                )
            )
            break
        if kind == "totals":
            result.problems.append(Problem(number, "", _("totals row skipped"), IssueKind.NOTE))
            continue
        if kind == "section":
            heading = next(c for c in cells if isinstance(c, str) and c.strip()).strip()
            found = branches.find(heading)
            if found is not None:
                current_branch = found
                note = _("the rows below belong to %s") % found.name
            else:
                note = _("heading '%s' skipped") % v.shown(heading)
            mapped_empty = all(
                is_empty(cells[i]) for i, code in context.mapping.items() if code and i < len(cells)
            )
            if found is not None or mapped_empty or _SECTION.match(normalize_header(heading)):
                result.problems.append(Problem(number, "", note, IssueKind.NOTE))
                continue
        result.rows_read += 1
        candidate, problems = _row(number, cells, context, branches, current_branch)
        if problems:
            result.rejected += 1
            result.problems.extend(problems)
        elif candidate is not None:
            result.candidates.append(candidate)
            result.problems.extend(candidate.notes)
    if progress:
        progress(len(rows) - data_first)
    return result


def _read(cells: list[Any], context: Context) -> dict[str, tuple[str, Any]]:
    """Target code → (column letter, raw value) for the row's non-empty mapped cells."""
    raw = {}
    for index, code in context.mapping.items():
        if code and index < len(cells) and not is_empty(cells[index]):
            raw[code] = (column_letter(index), cells[index])
    return raw


def _row(
    number: int,
    cells: list[Any],
    context: Context,
    branches: BranchResolver,
    section_branch: Unit | None,
) -> tuple[Candidate | None, list[Problem]]:
    raw = _read(cells, context)
    problems: list[Problem] = []
    parsed: dict[str, Any] = {}

    def problem(code: str | None, message: str) -> None:
        letter = raw[code][0] if code and code in raw else ""
        problems.append(Problem(number, letter, message))

    for code, (_letter, value) in raw.items():
        noun = context.nouns[code]
        try:
            parsed[code] = _parse(code, value, noun, context.today)
        except CellProblem as error:
            problem(code, error.message)

    name = _name(parsed)
    if not name:
        if not any(code in raw for code in ("full_name", "given_name", "family_middle")):
            problems.append(Problem(number, "", _("full name is missing")))
    elif re.search(r"[\d@#$%^&*_=+<>{}\[\]|\\/]", name):
        source = "full_name" if "full_name" in raw else "given_name"
        problem(source, _("full name '%s' contains digits or symbols") % v.shown(name))
    elif len(name) > 202:
        problem("full_name", _("full name is longer than 202 characters"))

    before = len(problems)
    birth, sex = _birth_and_sex(parsed, raw, problem)
    conflict = len(problems) != before
    if birth is None and not any(c in raw for c in ("date_of_birth", "dob_male", "dob_female")):
        problems.append(Problem(number, "", _("date of birth is missing")))
    if sex is None and not conflict and "sex" not in raw:
        problems.append(Problem(number, "", _("sex is missing")))

    branch = branches.fixed or section_branch
    if "branch" in raw:
        try:
            branch = branches.resolve(raw["branch"][1])
        except CellProblem as error:
            problem("branch", error.message)
            branch = None
    elif branch is None:
        problems.append(Problem(number, "", _("branch (chi đoàn) is missing")))

    if problems:
        for item in problems:
            item.full_name = name[:202] if name else ""
        return None, problems
    member = _member(parsed, name, birth, sex, branch, context)
    try:
        _check_dates(member, context.today)
        # Only the fields this row sets are validated again (the others keep defaults).
        exclude = [f for f in _MEMBER_FIELDS if f not in raw and f not in _ALWAYS_CLEAN]
        member.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            code = field_name if field_name in raw else None
            for message in messages:
                label = BY_CODE[code].noun if code else field_name
                problem(code, f"{label}: {message}" if code else message)
        for item in problems:
            item.full_name = member.full_name
        return None, problems
    sensitive = {}
    if context.may_sensitive:
        sensitive = {k: parsed[k] for k in ("ethnicity", "religion") if parsed.get(k)}
    notes = [
        Problem(
            number,
            raw[code][0],
            _("%(field)s gives only the year %(year)d: recorded as 01/01/%(year)d")
            % {"field": BY_CODE[code].noun, "year": parsed[code][0].year},
            IssueKind.NOTE,
            member.full_name,
        )
        for code in ("admission_date", "party_date")
        if code in parsed and parsed[code][1]
    ]
    return Candidate(row=number, member=member, sensitive=sensitive, notes=notes), []


def _parse(code: str, value: Any, noun: str, today: dt.date) -> Any:
    if code in DATE_TARGETS:
        return v.parse_date(value, noun=noun, today=today)
    parser = {
        "sex": v.parse_sex,
        "male_mark": v.is_mark,
        "female_mark": v.is_mark,
        "phone": v.parse_phone,
        "email": v.parse_email,
        "national_id": v.parse_national_id,
        "card_number": v.parse_card_number,
        "party": v.parse_party,
        "political_theory": v.parse_political_theory,
        "education_level": v.parse_education,
        "ethnicity": v.parse_ethnicity,
    }.get(code)
    if parser is not None:
        return parser(value)
    if code == "branch":
        return value
    limit = {"religion": 60, **_MEMBER_TEXT}.get(code, 202)
    return v.text(value, noun=noun, max_length=limit)


def _name(parsed: dict[str, Any]) -> str:
    if parsed.get("full_name"):
        return " ".join(parsed["full_name"].split())
    given = parsed.get("given_name", "")
    if not given:
        return ""
    front = parsed.get("family_middle") or " ".join(
        p for p in (parsed.get("family_name", ""), parsed.get("middle_name", "")) if p
    )
    return " ".join(f"{front} {given}".split())


def _birth_and_sex(parsed, raw, problem) -> tuple[tuple[dt.date, bool] | None, str | None]:
    birth = parsed.get("date_of_birth")
    sex = parsed.get("sex")
    male_birth, female_birth = parsed.get("dob_male"), parsed.get("dob_female")
    if "dob_male" in raw and "dob_female" in raw:
        problem("dob_female", _("a date of birth is written in both the Nam and the Nữ column"))
        return None, None
    column_sex = None
    if "dob_male" in raw or "dob_female" in raw:
        # The column gives the sex even when the date written in it is wrong.
        birth = male_birth or female_birth
        column_sex = "male" if "dob_male" in raw else "female"
    marks = [
        s for s, code in (("male", "male_mark"), ("female", "female_mark")) if parsed.get(code)
    ]
    if len(marks) == 2:
        problem("female_mark", _("both the Nam and the Nữ column are ticked"))
        return birth, None
    column_sex = column_sex or (marks[0] if marks else None)
    if sex and column_sex and sex != column_sex:
        problem("sex", _("sex '%s' does not match the Nam/Nữ column") % v.shown(raw["sex"][1]))
        return birth, None
    return birth, sex or column_sex


def _member(parsed, name, birth, sex, branch: Unit, context: Context) -> Member:
    day, year_only = birth
    details: dict[str, Any] = {}
    for code in (*_MEMBER_TEXT, "phone", "email", "national_id", "card_number"):
        if parsed.get(code):
            details[code] = parsed[code]
    if parsed.get("education_level"):
        details["education_level"] = parsed["education_level"]
    details["political_theory"] = parsed.get("political_theory", PoliticalTheory.NONE)
    admission = parsed.get("admission_date")
    if admission:
        details["admission_date"] = admission[0]
    party_status, party_date = parsed.get("party", (PartyStatus.NONE, None))
    if parsed.get("party_date"):
        party_date = parsed["party_date"][0]
        if party_status == PartyStatus.NONE:
            party_status = PartyStatus.FULL
    since = details.get("admission_date") or context.today
    member = Member(
        unit=branch,
        unit_path=branch.path,
        full_name=name,
        sex=sex,
        date_of_birth=dt.date(day.year, 1, 1) if year_only else day,
        birth_year_only=year_only,
        party_status=party_status,
        party_date=party_date if party_status != PartyStatus.NONE else None,
        status=MemberStatus.ACTIVE,
        status_since=since,
        **details,
    )
    apply_texts(member)
    return member


def _check_dates(member: Member, today: dt.date) -> None:
    """The checks member_create makes beyond the fields (members.services.records)."""
    errors = {}
    if member.admission_date and member.admission_date < member.date_of_birth:
        errors["admission_date"] = _("the admission date is before the date of birth")
    if member.party_date and member.party_date < member.date_of_birth:
        errors["party_date"] = _("the Party admission date is before the date of birth")
    if errors:
        raise ValidationError(errors)


def _file_duplicates(result: Analysis) -> None:
    seen_ids: dict[str, int] = {}
    seen_names: dict[tuple[str, dt.date], int] = {}
    seen_cards: dict[str, int] = {}
    kept = []
    for candidate in result.candidates:
        member = candidate.member
        key = (member.full_name_folded, member.date_of_birth)
        earlier = None
        if member.national_id and member.national_id in seen_ids:
            earlier = seen_ids[member.national_id]
            reason = _("same citizen ID")
        elif key in seen_names:
            earlier = seen_names[key]
            reason = _("same name and date of birth")
        if earlier is not None:
            result.duplicates_file += 1
            result.problems.append(
                Problem(
                    candidate.row,
                    "",
                    _("repeats row %(row)d of the file (%(reason)s)")
                    % {"row": earlier, "reason": reason},
                    IssueKind.DUPLICATE_FILE,
                    member.full_name,
                )
            )
            continue
        if member.card_number and member.card_number in seen_cards:
            result.rejected += 1
            result.problems.append(
                Problem(
                    candidate.row,
                    "",
                    _("card number %(card)s is also on row %(row)d")
                    % {"card": member.card_number, "row": seen_cards[member.card_number]},
                    IssueKind.ERROR,
                    member.full_name,
                )
            )
            continue
        if member.national_id:
            seen_ids[member.national_id] = candidate.row
        if member.card_number:
            seen_cards[member.card_number] = candidate.row
        seen_names[key] = candidate.row
        kept.append(candidate)
    result.candidates = kept


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _register_duplicates(result: Analysis, context: Context) -> None:
    """Set aside rows already registered in the actor's scope; reject rows whose citizen
    ID or card number belongs to another record (both are unique in the register)."""
    candidates = result.candidates
    if not candidates:
        return
    scope = context.scope().exclude(status=MemberStatus.MERGED)
    columns = ("id", "full_name", "unit__name", "national_id", "full_name_folded", "date_of_birth")
    by_id: dict[str, dict] = {}
    by_name: dict[tuple[str, dt.date], dict] = {}
    ids = sorted({c.member.national_id for c in candidates if c.member.national_id})
    for chunk in _chunks(ids):
        for row in scope.filter(national_id__in=chunk).values(*columns):
            by_id[row["national_id"]] = row
    names = sorted({c.member.full_name_folded for c in candidates})
    births_of: dict[str, set[dt.date]] = {}
    for candidate in candidates:
        births_of.setdefault(candidate.member.full_name_folded, set()).add(
            candidate.member.date_of_birth
        )
    for chunk in _chunks(names):
        births = set().union(*(births_of[name] for name in chunk))
        query = scope.filter(full_name_folded__in=chunk, date_of_birth__in=births)
        for row in query.values(*columns).order_by("id"):
            by_name.setdefault((row["full_name_folded"], row["date_of_birth"]), row)
    taken_ids = _taken("national_id", ids)
    cards = sorted({c.member.card_number for c in candidates if c.member.card_number})
    taken_cards = _taken("card_number", cards)

    kept = []
    for candidate in candidates:
        member = candidate.member
        match = by_id.get(member.national_id or "")
        reason = _("same citizen ID")
        if match is None:
            match = by_name.get((member.full_name_folded, member.date_of_birth))
            reason = _("same name and date of birth")
        if match is not None:
            result.duplicates_register += 1
            result.problems.append(
                Problem(
                    candidate.row,
                    "",
                    _("already registered: %(name)s, %(unit)s (%(reason)s)")
                    % {"name": match["full_name"], "unit": match["unit__name"], "reason": reason},
                    IssueKind.DUPLICATE_REGISTER,
                    member.full_name,
                )
            )
            continue
        message = None
        if member.national_id and member.national_id in taken_ids:
            message = _("citizen ID %s already belongs to a member record of another unit")
            message %= member.national_id
        elif member.card_number and member.card_number in taken_cards:
            message = _("card number %s already belongs to another member") % member.card_number
        if message:
            result.rejected += 1
            result.problems.append(
                Problem(candidate.row, "", message, IssueKind.ERROR, member.full_name)
            )
            continue
        kept.append(candidate)
    result.candidates = kept


def _taken(field_name: str, values: list[str]) -> set[str]:
    """Values of a unique column already used by any record, in scope or not."""
    taken: set[str] = set()
    for chunk in _chunks(values):
        taken.update(
            Member.objects.filter(Q(**{f"{field_name}__in": chunk})).values_list(
                field_name, flat=True
            )
        )
    return taken
