"""The dashboard of a unit: members by status and by sub-unit, admissions per year.

Every unit but a branch reads the roll-ups (four small queries whatever the size of its
subtree: the last run, the sub-units, their status rows, the admission rows); a branch
counts its own few dozen records live.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.paths import subtree_q
from chudong.members.models import CURRENT_STATUSES, Member, MemberStatus
from chudong.orgs.models import Unit, UnitStatus

from ..models import AdmissionRollup, RatingRollup, RollupRun, StatusRollup
from ..rollups import ROLLUP_MAX_AGE, latest_run

YEARS_SHOWN = 10
# Statuses in the order the dashboard lists them (merged records never count).
STATUS_ORDER = [s for s in MemberStatus if s != MemberStatus.MERGED]
# Columns of the sub-unit table: each current status, then the sums.
CURRENT_ORDER = [s for s in STATUS_ORDER if s in CURRENT_STATUSES]
TOP_UNITS_CHARTED = 15
# How long a process keeps a dashboard built from one roll-up run.
KEEP_SECONDS = 600


@dataclass
class StatusFigure:
    status: str
    label: str
    members: int
    current: bool


@dataclass
class SubUnitRow:
    unit: Unit | None  # None: members registered directly here or in retired units
    by_status: dict[str, int]

    @property
    def current(self) -> int:
        return sum(self.by_status.get(s, 0) for s in CURRENT_STATUSES)

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def former(self) -> int:
        return self.total - self.current

    @property
    def cells(self) -> list[int]:
        """The values of the table's columns (Dashboard.columns), in order."""
        return [
            *(self.by_status.get(s, 0) for s in CURRENT_ORDER),
            self.current,
            self.former,
            self.total,
        ]

    @property
    def cells_text(self) -> list[str]:
        """The cells with thousands grouped as `intcomma` does, without its cost per cell
        (a province's table has thousands of cells)."""
        separator = get_format("THOUSAND_SEPARATOR")
        return [f"{value:,}".replace(",", separator) for value in self.cells]


@dataclass
class Dashboard:
    unit: Unit
    live: bool
    run: RollupRun | None
    statuses: list[StatusFigure]
    admissions: list[tuple[int, int]]  # (year, admitted) for the last YEARS_SHOWN years
    admitted_earlier: int
    sub_units: list[SubUnitRow] = field(default_factory=list)
    other: SubUnitRow | None = None
    # The latest year with approved ratings, and (level name, members) best first.
    ratings_year: int | None = None
    ratings: list[tuple[str, int]] = field(default_factory=list)

    @property
    def stale(self) -> bool:
        """The roll-ups are missing or older than ROLLUP_MAX_AGE (live figures never are)."""
        if self.live:
            return False
        return self.run is None or timezone.now() - self.run.finished_at > ROLLUP_MAX_AGE

    @property
    def current(self) -> int:
        return sum(f.members for f in self.statuses if f.current)

    @property
    def former(self) -> int:
        return sum(f.members for f in self.statuses if not f.current)

    @property
    def total(self) -> int:
        return self.current + self.former

    @property
    def this_year(self) -> int:
        return self.admissions[-1][0]

    @property
    def admitted_this_year(self) -> int:
        return self.admissions[-1][1]

    @property
    def columns(self) -> list[str]:
        return [
            *(str(s.label) for s in CURRENT_ORDER),
            _("Current members"),
            _("Former members"),
            _("All records"),
        ]

    @property
    def sub_unit_totals(self) -> SubUnitRow:
        by_status: dict[str, int] = {f.status: f.members for f in self.statuses}
        return SubUnitRow(unit=None, by_status=by_status)

    def chart_data(self) -> dict[str, Any]:
        """What static/js/reports.js draws (through json_script, never inline code)."""
        top = sorted(self.sub_units, key=lambda r: r.current, reverse=True)[:TOP_UNITS_CHARTED]
        return {
            "statuses": {
                "labels": [f.label for f in self.statuses if f.members],
                "values": [f.members for f in self.statuses if f.members],
            },
            "admissions": {
                "labels": [str(year) for year, _n in self.admissions],
                "values": [n for _year, n in self.admissions],
                "label": _("Admitted"),
            },
            "units": {
                "labels": [row.unit.name for row in top if row.unit is not None],
                "values": [row.current for row in top if row.unit is not None],
                "label": _("Current members"),
            },
            "ratings": {
                "labels": [label for label, _n in self.ratings],
                "values": [n for _label, n in self.ratings],
            },
        }


def _statuses(counts: dict[str, int]) -> list[StatusFigure]:
    return [
        StatusFigure(
            status=s.value,
            label=str(s.label),
            members=counts.get(s.value, 0),
            current=s.value in CURRENT_STATUSES,
        )
        for s in STATUS_ORDER
    ]


def _ratings(unit: Unit, rows: list[tuple[int, str, int]]) -> tuple[int | None, list]:
    """The latest year of (year, level, members) rows, as (level name, members) in the
    order of that year's levels (rules `rating.levels`); members reviewed but not rated
    (full Party members) last."""
    if not rows or not apps.is_installed("chudong.ratings"):
        return None, []
    from chudong.ratings.levels import rating_levels
    from chudong.ratings.models import RatingKind

    year = max(row[0] for row in rows)
    counts = {level: n for row_year, level, n in rows if row_year == year}
    levels = rating_levels(year, unit=unit)
    shown = [(level.label, counts.pop(level.code, 0)) for level in levels.levels]
    if counts.get(""):
        shown.append((str(RatingKind.REVIEWED.label), counts.pop("")))
    shown += [(levels.label(code), n) for code, n in sorted(counts.items())]
    return year, shown


def _years(counts: dict[int, int], today: dt.date) -> tuple[list[tuple[int, int]], int]:
    first = today.year - YEARS_SHOWN + 1
    shown = [(year, counts.get(year, 0)) for year in range(first, today.year + 1)]
    earlier = sum(n for year, n in counts.items() if year < first)
    return shown, earlier


def dashboard(*, actor: Any, unit: Unit) -> Dashboard:
    """The dashboard of `unit` (reports.view over it; 404/403 otherwise)."""
    policy.require(actor, Cap.REPORTS_VIEW, unit)
    today = timezone.localdate()
    if unit.kind.is_branch:
        return _live(unit, today)
    run = latest_run()
    # Everything below is a function of the roll-up run (and of the day and the language
    # of its labels): kept per process until the next run, like the sub-unit table's
    # fragment. A province's 500 sub-units cost a page ~20 ms to read and shape again.
    key = f"reports:dashboard:{unit.pk}:{run.pk if run else 0}:{today}:{get_language()}"
    board = cache.get(key)
    if board is None:
        board = _from_rollups(unit, run, today)
        cache.set(key, board, KEEP_SECONDS)
    return board


def _from_rollups(unit: Unit, run: RollupRun | None, today: dt.date) -> Dashboard:
    children = list(
        Unit.objects.filter(parent=unit, status=UnitStatus.ACTIVE)
        .only("id", "name", "code", "path")
        .order_by("kind__order", "sort_key", "id")
    )
    rows: dict[int, dict[str, int]] = {child.pk: {} for child in children}
    rows[unit.pk] = {}
    for unit_id, status, members in StatusRollup.objects.filter(unit_id__in=list(rows)).values_list(
        "unit_id", "status", "members"
    ):
        rows[unit_id][status] = members
    admissions, earlier = _years(
        dict(AdmissionRollup.objects.filter(unit=unit).values_list("year", "members")), today
    )
    ratings_year, ratings = _ratings(
        unit, list(RatingRollup.objects.filter(unit=unit).values_list("year", "level", "members"))
    )
    sub_units = [SubUnitRow(unit=child, by_status=rows[child.pk]) for child in children]
    # What no active sub-unit holds: members registered in the unit itself, or left in a
    # unit that was merged or dissolved without them.
    rest = {
        status: members - sum(row.by_status.get(status, 0) for row in sub_units)
        for status, members in rows[unit.pk].items()
    }
    other = SubUnitRow(unit=None, by_status=rest) if any(rest.values()) else None
    return Dashboard(
        unit=unit,
        live=False,
        run=run,
        statuses=_statuses(rows[unit.pk]),
        admissions=admissions,
        admitted_earlier=earlier,
        sub_units=sub_units,
        other=other,
        ratings_year=ratings_year,
        ratings=ratings,
    )


def _live(unit: Unit, today: dt.date) -> Dashboard:
    """A branch: its own records, counted now (two queries over a few dozen rows)."""
    records = Member.objects.filter(subtree_q("unit_path", unit.path)).exclude(
        status=MemberStatus.MERGED
    )
    by_status = dict(
        records.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    by_year = dict(
        records.filter(admission_date__isnull=False)
        .order_by()
        .annotate(year=ExtractYear("admission_date"))
        .values_list("year")
        .annotate(n=Count("id"))
        .values_list("year", "n")
    )
    admissions, earlier = _years(by_year, today)
    ratings_year, ratings = None, []
    if apps.is_installed("chudong.ratings"):
        from chudong.ratings.models import MemberRating

        rated = (
            MemberRating.objects.filter(subtree_q("unit_path", unit.path), approved=True)
            .order_by()
            .values_list("year", "level")
            .annotate(n=Count("id"))
        )
        ratings_year, ratings = _ratings(unit, list(rated))
    return Dashboard(
        unit=unit,
        live=True,
        run=None,
        statuses=_statuses(by_status),
        admissions=admissions,
        admitted_earlier=earlier,
        ratings_year=ratings_year,
        ratings=ratings,
    )


def dashboard_roots(*, actor: Any) -> list[Unit]:
    """Top units of the actor's reporting scope (the dashboards they start from)."""
    paths = policy.visible_roots(actor, Cap.REPORTS_VIEW)
    return list(
        Unit.objects.filter(path__in=paths, status=UnitStatus.ACTIVE)
        .select_related("kind")
        .order_by("path")
    )
