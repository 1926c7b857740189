"""Reads of the maturation procedure: the yearly list, the dry-run preview of a batch
(the same computation; it writes nothing) and a unit's past batches."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.access.models import RoleAssignment
from chudong.core.paths import subtree_q
from chudong.members.models import CURRENT_STATUSES, Member
from chudong.orgs.models import Unit
from chudong.rules import rules

from ..dates import birthday, d
from ..models import OPEN_STATUSES, MaturationBatch, MaturationEntry, MaturationKeep, Transfer

PREVIEW_LIMIT = 1000
# Roles whose holders work full-time for the Union (cán bộ chuyên trách) and so continue
# past the maturation age. Roles are data; this names the seeded full-time role.
FULL_TIME_ROLE_CODES = ("staff",)


@dataclass
class MaturationRow:
    member: Member
    outcome: str  # "matured" | "kept" | "skipped"
    note: str
    turns_on: dt.date
    overdue: bool = False


@dataclass
class MaturationPreview:
    unit: Unit
    year: int
    day: dt.date
    age: int
    maturing: list[MaturationRow] = field(default_factory=list)
    kept: list[MaturationRow] = field(default_factory=list)
    skipped: list[MaturationRow] = field(default_factory=list)
    truncated: bool = False

    @property
    def member_ids(self) -> list[int]:
        return [row.member.pk for row in self.maturing]

    @property
    def total(self) -> int:
        return len(self.maturing) + len(self.kept) + len(self.skipped)


def _active_role(day: dt.date, condition: Q) -> Exists:
    return Exists(
        RoleAssignment.objects.filter(
            condition,
            user=OuterRef("user_id"),
            start_date__lte=day,
            unit__status="active",
        ).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
    )


def active_keep_until(day: dt.date) -> Subquery:
    """The end of the member's keep decision in force on `day`. A decision recorded after
    a ceremony that is entered late still counts: the member asked to stay."""
    return Subquery(
        MaturationKeep.objects.filter(member=OuterRef("pk"), ended_on__isnull=True, until__gte=day)
        .order_by("-until")
        .values("until")[:1]
    )


def leadership_or_full_time(day: dt.date) -> Exists:
    """Members whose account holds a leadership post or a full-time role on `day`."""
    return _active_role(day, Q(role__is_leadership=True) | Q(role__code__in=FULL_TIME_ROLE_CODES))


def maturation_preview(
    *, actor: Any, unit: Unit, year: int, ceremony_on: dt.date
) -> MaturationPreview:
    """Who a maturation at `ceremony_on` in `unit`'s subtree would mature, who stays at
    their request, who is skipped and why. Reads only (a dry run); the confirmation
    (services.maturation_batch_confirm) computes it again under lock.

    Members considered: current members who reach maturation.age in `year` or reached it
    earlier (overdue). Skipped: leadership or full-time Union roles (they continue), a
    transfer in progress, not yet of age on the ceremony day, or a status that began
    after it. Three queries at most (the members with their flags, the rules cache)."""
    policy.require(actor, Cap.MEMBERS_VIEW, unit)
    day = ceremony_on
    age = int(rules.get("maturation.age", on=day, unit=unit))
    last_born = dt.date(year - age, 12, 31)
    members = list(
        Member.objects.filter(
            subtree_q("unit_path", unit.path),
            status__in=CURRENT_STATUSES,
            date_of_birth__lte=last_born,
        )
        .annotate(
            _leader=_active_role(day, Q(role__is_leadership=True)),
            _full_time=_active_role(day, Q(role__code__in=FULL_TIME_ROLE_CODES)),
            _kept_until=active_keep_until(day),
            _in_transfer=Exists(
                Transfer.objects.filter(member=OuterRef("pk"), status__in=OPEN_STATUSES)
            ),
        )
        .select_related("unit")
        .order_by("sort_key", "pk")[: PREVIEW_LIMIT + 1]
    )
    preview = MaturationPreview(unit=unit, year=year, day=day, age=age)
    preview.truncated = len(members) > PREVIEW_LIMIT
    for member in members[:PREVIEW_LIMIT]:
        turns_on = birthday(member.date_of_birth, age)
        row = MaturationRow(member=member, outcome="skipped", note="", turns_on=turns_on)
        if member._leader:
            row.note = _("Holds a leadership post in the Union: continues past the age.")
        elif member._full_time:
            row.note = _("Works full-time for the Union: continues past the age.")
        elif member._kept_until:
            row.outcome = "kept"
            row.note = _("Stays at their request until %(date)s.") % {"date": d(member._kept_until)}
        elif member._in_transfer:
            row.note = _("A transfer is in progress: finish or cancel it first.")
        elif turns_on > day:
            row.note = _("Reaches %(age)d on %(date)s, after the ceremony.") % {
                "age": age,
                "date": d(turns_on),
            }
        elif member.status_since > day:
            row.note = _("Status changed on %(date)s, after the ceremony date.") % {
                "date": d(member.status_since)
            }
        else:
            row.outcome = "matured"
            row.overdue = turns_on.year < year
            if row.overdue:
                row.note = _("Overdue: reached %(age)d on %(date)s.") % {
                    "age": age,
                    "date": d(turns_on),
                }
        {"matured": preview.maturing, "kept": preview.kept, "skipped": preview.skipped}[
            row.outcome
        ].append(row)
    return preview


def list_day(year: int) -> dt.date:
    """The reference day of a yearly list: the year's last day (everyone who reaches
    the age in the year is on it)."""
    return dt.date(year, 12, 31)


def ceremony_suggestions(*, unit: Unit, year: int) -> tuple[list[dt.date], dt.date | None]:
    """The usual ceremony dates of `year` (rule maturation.ceremony_dates, "dd/mm"), and
    the one to suggest: the latest that has come, else None (a batch is confirmed on or
    after its ceremony)."""
    today = timezone.localdate()
    on = min(today, dt.date(year, 12, 31))
    dates = []
    for text in rules.get("maturation.ceremony_dates", on=on, unit=unit) or []:
        try:
            day, month = (int(part) for part in str(text).split("/")[:2])
            dates.append(dt.date(year, month, day))
        except (TypeError, ValueError):
            continue
    dates.sort()
    past = [x for x in dates if x <= today]
    return dates, (past[-1] if past else None)


def unit_batches(*, actor: Any, unit: Unit, limit: int = 20) -> QuerySet[MaturationBatch]:
    policy.require(actor, Cap.MEMBERS_VIEW, unit)
    return (
        MaturationBatch.objects.filter(subtree_q("unit_path", unit.path))
        .select_related("unit")
        .order_by("-ceremony_on", "-pk")[:limit]
    )


def batch_entries(*, batch: MaturationBatch) -> list[MaturationEntry]:
    return list(
        MaturationEntry.objects.filter(batch=batch)
        .select_related("member", "member__unit")
        .order_by("outcome", "member__sort_key", "pk")
    )
