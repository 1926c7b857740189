"""Reads of the striking-off procedure: a unit's cases (its own and those reported to it
from below), and candidates suggested by the registered absence sources."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.paths import subtree_q
from chudong.members.models import CURRENT_STATUSES, Member
from chudong.orgs.models import Unit

from ..absence import absence_sources
from ..models import StrikeOffCase, StrikeOffStatus

LIST_LIMIT = 200


@dataclass
class StrikeOffBoard:
    open: list[StrikeOffCase]
    decided: list[StrikeOffCase]
    year: int


def strike_off_board(*, actor: Any, unit: Unit, year: int | None = None) -> StrikeOffBoard:
    """Open proposals of `unit`'s subtree and the decisions of `year` (for a direct upper
    unit these are the reports it received). Two queries."""
    policy.require(actor, Cap.MEMBERS_VIEW, unit)
    year = year or timezone.localdate().year
    related = ("member", "unit", "reported_to", "decided_by")
    scope = subtree_q("unit_path", unit.path)
    open_cases = list(
        StrikeOffCase.objects.filter(scope, status=StrikeOffStatus.PROPOSED)
        .select_related(*related)
        .order_by("proposed_on", "pk")[:LIST_LIMIT]
    )
    decided = list(
        StrikeOffCase.objects.filter(
            scope,
            status=StrikeOffStatus.DECIDED,
            decided_on__gte=dt.date(year, 1, 1),
            decided_on__lt=dt.date(year + 1, 1, 1),
        )
        .select_related(*related)
        .order_by("-decided_on", "-pk")[:LIST_LIMIT]
    )
    return StrikeOffBoard(open=open_cases, decided=decided, year=year)


@dataclass
class Candidate:
    member: Member
    months: list[dt.date]
    grounds: str
    source: str


def strike_off_candidates(*, actor: Any, unit: Unit, day: dt.date | None = None) -> list[Candidate]:
    """Members the registered absence sources (meetings, dues) suggest, limited to the
    current members of `unit`'s subtree the actor may manage, without an open proposal.
    Empty while no source is registered: nothing is made up."""
    policy.require(actor, Cap.MEMBERS_VIEW, unit)
    sources = absence_sources()
    if not sources or not policy.can(actor, Cap.MEMBERS_MANAGE, unit):
        return []
    day = day or timezone.localdate()
    suggested = [c for source in sources for c in source(unit=unit, day=day)]
    if not suggested:
        return []
    members = {
        m.pk: m
        for m in Member.objects.filter(
            subtree_q("unit_path", unit.path),
            status__in=CURRENT_STATUSES,
            pk__in={c.member_id for c in suggested},
        )
        .exclude(Q(strike_off_cases__status=StrikeOffStatus.PROPOSED))
        .select_related("unit")
    }
    result = [
        Candidate(members[c.member_id], sorted(c.months), c.grounds, c.source)
        for c in suggested
        if c.member_id in members
    ]
    result.sort(key=lambda c: (c.member.sort_key, c.member.pk))
    return result
