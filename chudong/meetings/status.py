"""The maintained per-branch, per-year summary (`MeetingYear`) that the missed-meeting
warning and list read.

`refresh_branch_year` recomputes one branch's row from its held meetings; the services
call it inside their transaction after every change to that branch's meetings.
`refresh_year` recomputes a whole subtree (or the country) in chunks: it is run nightly and
on 1 January by `manage.py meetings_refresh`, and after a bulk load, so that every branch
has a row even if it never recorded anything (a branch without a row is not counted).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from chudong.core.paths import subtree_q
from chudong.orgs.models import Unit

from . import cadence
from .models import HELD_STATES, Meeting, MeetingYear

CHUNK = 2000


def summarise(unit: Unit, year: int, held_starts: Iterable[tuple[dt.date, dt.date]]) -> dict:
    """The MeetingYear fields of `unit` in `year`, from (period_start, held_on) of its held
    meetings in that year."""
    months = cadence.months_between(unit, year)
    mask = 0
    last_held = None
    for period_start, held_on in held_starts:
        if period_start.year != year:
            continue
        mask |= 1 << ((period_start.month - 1) // months)
        if held_on and (last_held is None or held_on > last_held):
            last_held = held_on
    owed = cadence.owed_periods(unit, year, months)
    first_gap = next((p for p in owed if not mask & (1 << p.index)), None)
    return {
        "unit_path": unit.path,
        "period_months": months,
        "due_from": owed[0].start if owed else None,
        "held_mask": mask,
        "held_count": bin(mask).count("1"),
        "first_gap_end": first_gap.end if first_gap else None,
        "last_held_on": last_held,
    }


def _held_rows(unit_ids: list[int], year: int) -> dict[int, list[tuple[dt.date, dt.date]]]:
    rows: dict[int, list[tuple[dt.date, dt.date]]] = {pk: [] for pk in unit_ids}
    for unit_id, period_start, held_on in (
        Meeting.objects.filter(
            unit_id__in=unit_ids,
            period_start__gte=dt.date(year, 1, 1),
            period_start__lte=dt.date(year, 12, 31),
            state__in=HELD_STATES,
        )
        .order_by()
        .values_list("unit_id", "period_start", "held_on")
    ):
        rows[unit_id].append((period_start, held_on))
    return rows


def refresh_branch_year(unit: Unit, year: int) -> MeetingYear:
    held = _held_rows([unit.pk], year)[unit.pk]
    row, _created = MeetingYear.objects.update_or_create(
        unit=unit, year=year, defaults=summarise(unit, year, held)
    )
    return row


def meeting_units_q() -> Q:
    """Units that owe meetings: active branches (chi đoàn and chi đoàn cơ sở)."""
    return Q(kind__is_branch=True)


def refresh_year(year: int, *, root: Unit | None = None) -> int:
    """Recompute every branch's row for `year` under `root` (all when None); rows of units
    that are no longer branches are removed. Returns the number of rows written."""
    units = Unit.objects.filter(meeting_units_q()).select_related("kind").order_by("path")
    if root is not None:
        units = units.filter(subtree_q("path", root.path))
    # A year judged before a unit existed owes nothing; units that left the tree before
    # the year began owe nothing either (their rows are removed below).
    units = units.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=dt.date(year, 1, 1)))
    written = 0
    seen: list[int] = []
    batch: list[Unit] = []
    for unit in units.iterator(chunk_size=CHUNK):
        batch.append(unit)
        if len(batch) >= CHUNK:
            written += _write(batch, year)
            seen.extend(u.pk for u in batch)
            batch = []
    if batch:
        written += _write(batch, year)
        seen.extend(u.pk for u in batch)
    stale = MeetingYear.objects.filter(year=year)
    if root is not None:
        stale = stale.filter(subtree_q("unit_path", root.path))
    if len(seen) < 50_000:
        stale.exclude(unit_id__in=seen).delete()
    else:
        stale.exclude(unit__kind__is_branch=True).delete()
    return written


def _write(units: list[Unit], year: int) -> int:
    held = _held_rows([u.pk for u in units], year)
    rows = [MeetingYear(unit=u, year=year, **summarise(u, year, held[u.pk])) for u in units]
    MeetingYear.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["unit", "year"],
        update_fields=[
            "unit_path",
            "period_months",
            "due_from",
            "held_mask",
            "held_count",
            "first_gap_end",
            "last_held_on",
            "updated_at",
        ],
    )
    return len(rows)


def missed_periods(row: MeetingYear, unit: Any, day: dt.date) -> list[cadence.Period]:
    """The owed periods of the row's year that ended before `day` without a held meeting."""
    owed = cadence.owed_periods(unit, row.year, row.period_months)
    return [p for p in owed if p.end < day and not row.held_mask & (1 << p.index)]
