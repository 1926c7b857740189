"""Reading every row of a sheet against the chosen mapping, without writing anything.

Rows become unsaved Member objects, validated like chudong.members.services validates a
registration, or problems by sheet row and column. Title rows, totals, headings and the
signature block below the list are told apart from members.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from chudong.members.models import Member, MemberStatus, PartyStatus, PoliticalTheory
from chudong.members.services._common import apply_texts
from chudong.orgs.models import Unit
from chudong.privacy.selectors import is_hidden_marker

from .. import values as v
from ..branches import BranchResolver
from ..fields import BY_CODE, DATE_TARGETS, normalize_header
from ..models import IssueKind
from ..sheets import column_letter
from ..values import CellProblem, is_empty
from .results import Analysis, Candidate, Context, Problem

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
    if code in ("ethnicity", "religion") and is_hidden_marker(value):
        # chudong's own export writes this marker where the member has not consented:
        # it is not a value (privacy.selectors.hidden_marker).
        return ""
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
