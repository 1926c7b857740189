"""The tables of the chi đoàn book (sổ chi đoàn, domain.md 2.5) for one branch and year,
and a member's unit and status history, read from the member register's periods.

Tables whose procedures chudong does not have yet (residence introductions, dues, income
and expenditure, cards issued, the Rèn luyện programme, branch meetings) are listed as
having no data; nothing is made up to fill them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from chudong.members.models import (
    Member,
    MemberStatus,
    MemberStatusPeriod,
    MemberUnitPeriod,
    PartyStatus,
)
from chudong.orgs.models import Unit


def _day(value: dt.date | None) -> str:
    return date_format(value, "d/m/Y") if value else ""


def _born(member: Member) -> str:
    return str(member.date_of_birth.year) if member.birth_year_only else _day(member.date_of_birth)


def _table(
    title: str, headers: list, widths: list[float], rows: list, empty: str = "", note: str = ""
):
    return {
        "title": title,
        "headers": [str(h) for h in headers],
        "widths": widths,
        "rows": [[str(c) if c is not None else "" for c in row] for row in rows],
        "empty": empty or _("No entry."),
        "note": note,
    }


def member_periods(member: Member) -> list[dict[str, Any]]:
    """The member's units and statuses over time (two queries)."""
    units = MemberUnitPeriod.objects.filter(member=member).select_related("unit").order_by("start")
    statuses = MemberStatusPeriod.objects.filter(member=member).order_by("start")
    return [
        _table(
            _("Units the member belonged to"),
            [_("From"), _("Until"), _("Unit"), _("Reason"), _("Note")],
            [1, 1, 2.6, 1.4, 2.6],
            [
                [_day(p.start), _day(p.end), p.unit.name, p.get_reason_display(), p.note]
                for p in units
            ],
        ),
        _table(
            _("Status history"),
            [_("From"), _("Until"), _("Status"), _("Reason / decision")],
            [1, 1, 2.2, 4.4],
            [[_day(p.start), _day(p.end), p.get_status_display(), p.reason] for p in statuses],
        ),
    ]


def _members(ids: set[int]) -> dict[int, Member]:
    return {
        m.pk: m
        for m in Member.objects.filter(pk__in=ids).only(
            "id", "full_name", "date_of_birth", "birth_year_only", "sort_key"
        )
    }


def branch_book_tables(*, unit: Unit, year: int) -> list[dict[str, Any]]:
    """The book's tables for `year`: the member list at the end of the year (today for
    the current year), arrivals, departures and status changes during it. Nine
    queries whatever the branch's size."""
    today = timezone.localdate()
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    as_of = min(last, today)
    periods = list(MemberUnitPeriod.objects.filter(unit=unit).order_by("start", "pk"))
    ids = {p.member_id for p in periods}

    present = [p for p in periods if p.start <= as_of and (p.end is None or p.end > as_of)]
    roster = list(
        Member.objects.filter(pk__in={p.member_id for p in present})
        .exclude(status=MemberStatus.MERGED)
        .order_by("sort_key", "pk")
    )
    party = {
        PartyStatus.NONE: "",
        PartyStatus.PROBATIONARY: _("Probationary"),
        PartyStatus.FULL: _("Full"),
    }
    tables = [
        _table(
            _("Member list"),
            [_("No."), _("Full name"), _("Date of birth"), _("Sex"), _("Hometown"),
             _("Admitted"), _("Card number"), _("Party")],
            [0.5, 2.4, 1.1, 0.8, 2.2, 1.1, 1.2, 1.1],
            [
                [n, m.full_name, _born(m), m.get_sex_display(), m.hometown,
                 _day(m.admission_date), m.card_number or "", party.get(m.party_status, "")]
                for n, m in enumerate(roster, start=1)
            ],
            note=_("Members registered in the branch on %s.") % _day(as_of),
        )
    ]  # fmt: skip

    arrivals = [p for p in periods if first <= p.start <= last]
    departures = [p for p in periods if p.end and first <= p.end <= last]
    neighbours = MemberUnitPeriod.objects.filter(member_id__in=ids).exclude(unit=unit)
    before = {
        (p.member_id, p.end): p.unit.name
        for p in neighbours.filter(end__in={p.start for p in arrivals}).select_related("unit")
    }
    after = {
        (p.member_id, p.start): p.unit.name
        for p in neighbours.filter(start__in={p.end for p in departures}).select_related("unit")
    }
    changes = list(
        MemberStatusPeriod.objects.filter(member_id__in=ids, start__gte=first, start__lte=last)
        .exclude(status=MemberStatus.MERGED)
        .order_by("start", "pk")
    )
    by_member: dict[int, list[MemberUnitPeriod]] = {}
    for period in periods:
        by_member.setdefault(period.member_id, []).append(period)
    # A change follows an earlier status; a member's first status (registration) is none.
    followed = set(
        MemberStatusPeriod.objects.filter(
            member_id__in={c.member_id for c in changes}, end__in={c.start for c in changes}
        ).values_list("member_id", "end")
    )
    changes = [
        c
        for c in changes
        if (c.member_id, c.start) in followed and _in_branch(c, by_member.get(c.member_id, []))
    ]
    names = _members(ids)

    tables.append(
        _table(
            _("Newly admitted and transferred-in members"),
            [_("No."), _("Full name"), _("Date of birth"), _("Date"), _("How"), _("From"),
             _("Note")],
            [0.5, 2.2, 1.1, 1.1, 1.3, 2.2, 2],
            [
                [n, names[p.member_id].full_name, _born(names[p.member_id]), _day(p.start),
                 p.get_reason_display(), before.get((p.member_id, p.start), ""), p.note]
                for n, p in enumerate(arrivals, start=1)
            ],
        )
    )  # fmt: skip
    moved_out = [p for p in departures if (p.member_id, p.end) in after]
    tables.append(
        _table(
            _("Members transferred out"),
            [_("No."), _("Full name"), _("Date of birth"), _("Date"), _("To"), _("Note")],
            [0.5, 2.4, 1.1, 1.1, 2.6, 2.6],
            [
                [n, names[p.member_id].full_name, _born(names[p.member_id]), _day(p.end),
                 after[(p.member_id, p.end)], p.note]
                for n, p in enumerate(moved_out, start=1)
            ],
        )
    )  # fmt: skip
    for title, statuses in (
        (_("Members matured out of the Union"), {MemberStatus.MATURED}),
        (_("Members struck off"), {MemberStatus.STRUCK_OFF}),
        (
            _("Other status changes"),
            set(MemberStatus.values) - {MemberStatus.MATURED, MemberStatus.STRUCK_OFF},
        ),
    ):
        rows = [c for c in changes if c.status in statuses]
        tables.append(
            _table(
                title,
                [_("No."), _("Full name"), _("Date of birth"), _("Date"), _("Status"),
                 _("Reason / decision")],
                [0.5, 2.4, 1.1, 1.1, 1.8, 3],
                [
                    [n, names[c.member_id].full_name, _born(names[c.member_id]), _day(c.start),
                     c.get_status_display(), c.reason]
                    for n, c in enumerate(rows, start=1)
                ],
            )
        )  # fmt: skip
    not_built = _("No data yet: chudong does not record this procedure yet.")
    for title in (
        _("Members introduced to take part at their place of residence"),
        _("Members received to take part at their place of residence"),
        _("Dues collected"),
        _("Income and expenditure"),
        _("Membership cards issued"),
        _("Results of the Rèn luyện đoàn viên programme"),
        _("Branch meetings"),
    ):
        tables.append(_table(title, [_("Entries")], [1], [], empty=not_built))
    return tables


def _in_branch(change: MemberStatusPeriod, periods: list[MemberUnitPeriod]) -> bool:
    """The status changed while the member was registered in the branch (a change that
    ends the membership closes the unit period on the same day)."""
    return any(
        p.start <= change.start and (p.end is None or change.start <= p.end) for p in periods
    )


def year_choices(unit: Unit) -> list[int]:
    this_year = timezone.localdate().year
    first = unit.valid_from.year if unit.valid_from else this_year
    return list(range(this_year, max(first, this_year - 15) - 1, -1))
