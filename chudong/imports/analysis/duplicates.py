"""Rows that are already in the register, or repeat an earlier row of the file.

A row is a duplicate of a member the actor can see (same citizen ID, or same folded name
and date of birth): importing the same file twice creates nothing the second time. A
citizen ID or card number held by any other record, seen or not, rejects the row (both
are unique in the register), without naming that record.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _

from chudong.members.models import Member, MemberStatus

from ..models import IssueKind
from .results import Analysis, Context, Problem

CHUNK = 900  # values per IN (...) query: under SQLite's variable limit on every version


def find_duplicates(result: Analysis, context: Context) -> None:
    """Set aside rows repeated in the file or already registered (reads the register)."""
    _file_duplicates(result)
    _register_duplicates(result, context)
    result.problems.sort(key=lambda p: p.row or 0)


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
