"""Reads of transfer cases, each already scoped to what the actor may see.

A unit's page lists the cases of its subtree from both sides: outgoing (the sending
branch lies below the unit) and incoming (the receiving unit lies below it, once the case
was sent). So the two sides of a transfer between provinces, and every level above
each of them, see it; nobody sees a case from a side that is not theirs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.paths import subtree_q
from chudong.core.text import fold
from chudong.members.models import Member
from chudong.orgs.models import Unit, UnitStatus

from ..models import (
    LASTING_KINDS,
    OPEN_STATUSES,
    MaturationEntry,
    MaturationKeep,
    StrikeOffCase,
    Transfer,
    TransferKind,
    TransferStatus,
)
from ..sides import grassroots_of

LIST_LIMIT = 200
RECENT_DAYS = 90
_LIST_RELATED = ("member", "from_unit", "to_unit", "to_branch")


def _flag_stuck(cases: list[Transfer], day: dt.date) -> list[Transfer]:
    for case in cases:
        case.is_stuck = case.is_open and case.deadline_on < day
    return cases


@dataclass
class TransferBoard:
    """A unit's "Transfers in transit" page."""

    outgoing: list[Transfer]
    incoming: list[Transfer]
    stuck: list[Transfer]
    away: list[Transfer]
    hosted: list[Transfer]
    recent: list[Transfer]
    limit: int = LIST_LIMIT
    day: dt.date = field(default_factory=timezone.localdate)

    @property
    def truncated(self) -> bool:
        return any(len(x) >= self.limit for x in (self.outgoing, self.incoming, self.away))


def transfer_board(*, actor: Any, unit: Unit, day: dt.date | None = None) -> TransferBoard:
    """Outgoing and incoming cases of `unit`'s subtree, those stuck past their deadline
    (either side), the arrangements in effect, and what closed in the last 90 days.
    Six queries whatever the numbers; each list bounded."""
    policy.require(actor, Cap.MEMBERS_VIEW, unit)
    day = day or timezone.localdate()
    sent = subtree_q("from_path", unit.path)
    received = subtree_q("to_path", unit.path) & Q(introduced_on__isnull=False)
    base = Transfer.objects.select_related(*_LIST_RELATED)
    outgoing = _flag_stuck(
        list(
            base.filter(sent, status__in=OPEN_STATUSES).order_by("deadline_on", "pk")[:LIST_LIMIT]
        ),
        day,
    )
    incoming = _flag_stuck(
        list(
            base.filter(subtree_q("to_path", unit.path), status=TransferStatus.IN_TRANSIT).order_by(
                "deadline_on", "pk"
            )[:LIST_LIMIT]
        ),
        day,
    )
    seen: set[int] = set()
    stuck = []
    for case in [*outgoing, *incoming]:
        if case.is_stuck and case.pk not in seen:
            seen.add(case.pk)
            stuck.append(case)
    stuck.sort(key=lambda c: (c.deadline_on, c.pk))
    lasting = Q(kind__in=LASTING_KINDS, status=TransferStatus.RECEIVED)
    away = list(base.filter(sent & lasting).order_by("received_on", "pk")[:LIST_LIMIT])
    hosted = list(
        base.filter(subtree_q("to_path", unit.path) & lasting).order_by("received_on", "pk")[
            :LIST_LIMIT
        ]
    )
    since = day - dt.timedelta(days=RECENT_DAYS)
    closed = Q(received_on__gte=since, kind=TransferKind.OFFICIAL) | Q(closed_on__gte=since)
    recent = list(
        base.filter(sent | received)
        .filter(closed)
        .exclude(status__in=OPEN_STATUSES)
        .order_by("-updated_at", "-pk")[:20]
    )
    return TransferBoard(
        outgoing=outgoing,
        incoming=incoming,
        stuck=stuck,
        away=away,
        hosted=hosted,
        recent=recent,
        day=day,
    )


@dataclass(frozen=True)
class Destination:
    """What the sender learns of a receiving unit: its name and code, nothing more."""

    id: int
    name: str
    code: str
    own_union: bool


def transfer_destinations(
    *, actor: Any, member: Member, query: str, limit: int = 20
) -> list[Destination]:
    """Units a transfer of `member` may go to, matching `query` (accent-insensitive name,
    or code prefix): any active grassroots union in the country, and the branches of the
    member's own union. The caller has checked members.manage over the member."""
    folded = fold(query)
    if len(folded) < 2:
        return []
    own = grassroots_of(member.unit)
    own_branches = Q(kind__is_branch=True) & subtree_q("path", own.path, include_self=False)
    rows = (
        Unit.objects.filter(status=UnitStatus.ACTIVE)
        .filter(Q(kind__is_grassroots=True) | own_branches)
        .exclude(pk=member.unit_id)
        .filter(Q(name_folded__contains=folded) | Q(code__startswith=query.strip().upper()))
        .order_by("depth", "sort_key")
        .values_list("id", "name", "code", "path")[:limit]
    )
    return [Destination(pk, name, code, path.startswith(own.path)) for pk, name, code, path in rows]


def destination_get(*, member: Member, unit_id: Any) -> Unit | None:
    """The unit chosen in the request form (validated by services.destination_check)."""
    try:
        return Unit.objects.select_related("kind").get(pk=int(unit_id))
    except (Unit.DoesNotExist, TypeError, ValueError):
        return None


def receiving_branches(*, case: Transfer) -> QuerySet[Unit]:
    """Branches the receiving side may register the member in."""
    if case.to_unit is None:
        return Unit.objects.none()
    return (
        Unit.objects.filter(
            subtree_q("path", case.to_unit.path), status=UnitStatus.ACTIVE, kind__is_branch=True
        )
        .exclude(pk=case.member.unit_id)
        .order_by("path")[:500]
    )


@dataclass
class MemberProcedures:
    transfers: list[Transfer]
    keeps: list[MaturationKeep]
    maturations: list[MaturationEntry]
    strike_offs: list[StrikeOffCase]

    @property
    def open_transfer(self) -> Transfer | None:
        return next((t for t in self.transfers if t.is_open), None)


def member_procedures(*, actor: Any, member: Member) -> MemberProcedures:
    """Every case of this app about `member` (the caller fetched the member through
    members.selectors.access_member): they belong to the member's dossier."""
    return MemberProcedures(
        transfers=list(
            Transfer.objects.filter(member=member)
            .select_related("from_unit", "to_unit", "to_branch")
            .order_by("-requested_on", "-pk")
        ),
        keeps=list(MaturationKeep.objects.filter(member=member).order_by("-decided_on", "-pk")),
        maturations=list(
            MaturationEntry.objects.filter(member=member)
            .select_related("batch", "batch__unit")
            .order_by("-batch__ceremony_on")
        ),
        strike_offs=list(
            StrikeOffCase.objects.filter(member=member).order_by("-proposed_on", "-pk")
        ),
    )


@dataclass
class RegisterRow:
    day: dt.date
    case: Transfer


@dataclass
class TransferRegister:
    """Sổ giới thiệu và tiếp nhận sinh hoạt Đoàn of a unit for one year."""

    unit: Unit
    year: int
    introductions: list[Transfer]
    receptions: list[Transfer]


def transfer_register(*, actor: Any, unit: Unit, year: int) -> TransferRegister:
    """Introductions made from `unit`'s subtree and receptions into it during `year`
    (for a grassroots union: its register; for a level above: those of its unions)."""
    policy.require(actor, Cap.MEMBERS_VIEW, unit)
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    related = (*_LIST_RELATED, "from_grassroots", "to_grassroots")
    introductions = list(
        Transfer.objects.filter(
            subtree_q("from_path", unit.path), introduced_on__gte=start, introduced_on__lt=end
        )
        .select_related(*related)
        .order_by("introduced_on", "pk")
    )
    receptions = list(
        Transfer.objects.filter(
            subtree_q("to_path", unit.path),
            received_on__gte=start,
            received_on__lt=end,
            introduced_on__isnull=False,
        )
        .select_related(*related)
        .order_by("received_on", "pk")
    )
    return TransferRegister(
        unit=unit, year=year, introductions=introductions, receptions=receptions
    )


def register_years(*, unit: Unit) -> list[int]:
    """Years offered by the register page: this year and the four before."""
    this_year = timezone.localdate().year
    return list(range(this_year, this_year - 5, -1))
