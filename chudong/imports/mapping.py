"""Checking a column mapping before any row is read: every field at most once, and enough
columns to know each member's name, date of birth and sex."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .fields import BY_CODE, IGNORE
from .sheets import column_index


def problems(mapping: dict[str, str], *, branch_column: bool, sensitive: bool) -> list[str]:
    """Messages (empty when the mapping can be used)."""
    errors: list[str] = []
    used: dict[str, list[str]] = {}
    for letter, code in sorted(mapping.items(), key=lambda item: column_index(item[0])):
        if code == IGNORE:
            continue
        target = BY_CODE.get(code)
        if target is None:
            errors.append(_("Column %s: choose a field from the list.") % letter)
            continue
        if target.sensitive and not sensitive:
            errors.append(
                _(
                    "Column %(column)s: you may not import %(field)s (sensitive data). Choose "
                    "“Do not import”."
                )
                % {"column": letter, "field": target.noun}
            )
        if target.branch_only and not branch_column:
            errors.append(
                _("Column %s: this list goes into one branch; a branch column is not used.")
                % letter
            )
        used.setdefault(code, []).append(letter)
    for code, letters in used.items():
        if len(letters) > 1:
            errors.append(
                _("Columns %(columns)s are all mapped to “%(field)s”: keep one.")
                % {"columns": ", ".join(letters), "field": BY_CODE[code].label}
            )
    has = set(used)
    if "full_name" in has and has & {"given_name", "family_middle", "family_name", "middle_name"}:
        errors.append(
            _("Map either one “Full name” column, or the name parts (Họ đệm and Tên), not both.")
        )
    elif "full_name" not in has and "given_name" not in has:
        errors.append(_("Which column holds the names? Map “Full name”, or “Given name (Tên)”."))
    split_birth = has & {"dob_male", "dob_female"}
    if "date_of_birth" in has and split_birth:
        errors.append(_("Map the date of birth either to one column or to the Nam and Nữ columns."))
    elif "date_of_birth" not in has and not split_birth:
        errors.append(_("Which column holds the date of birth?"))
    if not has & {"sex", "male_mark", "female_mark", "dob_male", "dob_female"}:
        errors.append(
            _(
                "Which column tells the sex? Map “Sex”, the “Nam”/“Nữ” mark columns, or "
                "the dates of birth written under Nam and Nữ."
            )
        )
    return errors


def by_index(mapping: dict[str, str]) -> dict[int, str]:
    return {column_index(letter): code for letter, code in mapping.items() if code}
