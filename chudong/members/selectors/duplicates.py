"""Finding records that may be the same person, within what the actor may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.paths import subtree_q
from chudong.core.sql import cursor as prepared_cursor
from chudong.core.sql import statement
from chudong.core.text import fold
from chudong.orgs.models import Unit

from ..models import Member, MemberEvent, MemberStatus, MemberStatusPeriod, MemberUnitPeriod
from ..services.merge import merge_plan
from .lists import members_in_scope


def member_duplicates(
    *,
    actor: Any,
    full_name: str,
    date_of_birth: dt.date | None,
    national_id: str | None = None,
    exclude_id: int | None = None,
    cap: Cap = Cap.MEMBERS_VIEW,
) -> QuerySet[Member]:
    """Records in the actor's scope with the same citizen ID, or the same name (folded:
    accents and case do not matter) and date of birth. Merged records are left out."""
    condition = Q(pk__in=[])
    if full_name and date_of_birth:
        condition |= Q(full_name_folded=fold(full_name), date_of_birth=date_of_birth)
    if national_id:
        condition |= Q(national_id=national_id)
    qs = members_in_scope(actor=actor, cap=cap).exclude(status=MemberStatus.MERGED)
    qs = qs.filter(condition)
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    return qs.select_related("unit").order_by("pk")


# How many same-name-and-birth-date or same-ID records, in or out of scope, duplicates_of
# reads before it lets the database apply the scope instead (the national register's
# largest group of one folded name and date of birth holds 16 records).
_CANDIDATES = 100


def duplicates_of(*, actor: Any, member: Member, limit: int = 20) -> list[Member]:
    """member_duplicates of `member` (the first `limit` by id, with their units).

    On the member page, one of the most opened, and nearly always empty. The candidates
    are found by the two equality indexes alone, then each is checked against the actor's
    scope with policy.can_at_path, the same test the scope filter makes: with the scope's
    path range in the statement PostgreSQL spent a millisecond planning (the range meets
    the predicates of the partial trigram indexes), ten times what the answer takes.
    """
    if member.is_merged:
        return []
    name = fold(member.full_name) if member.full_name and member.date_of_birth else None
    if name is None and not member.national_id:
        return []
    with prepared_cursor() as cursor:
        cursor.execute(
            statement(
                "SELECT id, unit_path FROM {member} "
                "WHERE ((full_name_folded = %s AND date_of_birth = %s) OR national_id = %s) "
                "AND status <> %s AND id <> %s ORDER BY id LIMIT %s",
                member=Member,
            ),
            [
                name,
                connection.ops.adapt_datefield_value(member.date_of_birth) if name else None,
                member.national_id or None,
                str(MemberStatus.MERGED),
                member.pk,
                _CANDIDATES,
            ],
        )
        rows = cursor.fetchall()
    if len(rows) < _CANDIDATES:
        ids = [pk for pk, path in rows if policy.can_at_path(actor, Cap.MEMBERS_VIEW, path)]
        if not ids:
            return []
    found = member_duplicates(
        actor=actor,
        full_name=member.full_name,
        date_of_birth=member.date_of_birth,
        national_id=member.national_id,
        exclude_id=member.pk,
    )
    if len(rows) < _CANDIDATES:
        # The rows as the scoped query gives them (with their units): a record moved or
        # merged since the first read is left out as it would have been.
        found = found.filter(pk__in=ids)
    return list(found[:limit])


@dataclass
class DuplicatePair:
    first: Member
    second: Member


def unit_duplicate_pairs(*, actor: Any, unit: Unit, limit: int = 100) -> list[DuplicatePair]:
    """Pairs of records with the same folded name and date of birth where at least one
    lies in `unit`'s subtree and both are in the actor's scope (two queries; the inner
    probe uses the (full_name_folded, date_of_birth) index)."""
    visible = members_in_scope(actor=actor).exclude(status=MemberStatus.MERGED)
    twin = visible.filter(
        full_name_folded=OuterRef("full_name_folded"), date_of_birth=OuterRef("date_of_birth")
    ).exclude(pk=OuterRef("pk"))
    keys = set(
        visible.filter(subtree_q("unit_path", unit.path))
        .filter(Exists(twin))
        .order_by("sort_key", "pk")
        .values_list("full_name_folded", "date_of_birth")[: limit * 2]
    )
    if not keys:
        return []
    names = {name for name, _day in keys}
    candidates = (
        visible.filter(full_name_folded__in=names, date_of_birth__in={d for _n, d in keys})
        .select_related("unit")
        .order_by("sort_key", "pk")
    )
    groups: dict[tuple[str, dt.date], list[Member]] = {}
    for member in candidates:
        key = (member.full_name_folded, member.date_of_birth)
        if key in keys:
            groups.setdefault(key, []).append(member)
    pairs = []
    for group in groups.values():
        group.sort(key=lambda m: m.pk)
        pairs.extend(DuplicatePair(group[0], other) for other in group[1:])
    return pairs[:limit]


@dataclass
class MergePreview:
    keep: Member
    remove: Member
    filled: list[tuple[str, Any]]
    unit_periods: int
    status_periods: int
    events: int


def merge_preview(*, keep: Member, remove: Member) -> MergePreview:
    """What members_merge would do: the fields filled in and the rows that move."""
    plan = merge_plan(keep, remove)
    filled = []
    for name, value in plan.items():
        model_field = Member._meta.get_field(name)
        if model_field.choices:
            value = dict(model_field.flatchoices).get(value, value)
        filled.append((model_field.verbose_name, value))
    return MergePreview(
        keep=keep,
        remove=remove,
        filled=filled,
        unit_periods=MemberUnitPeriod.objects.filter(member=remove).count(),
        status_periods=MemberStatusPeriod.objects.filter(member=remove).count(),
        events=MemberEvent.objects.filter(member=remove).count(),
    )
