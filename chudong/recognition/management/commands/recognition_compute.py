"""Nightly: compute every 3 chủ động indicator of every active grassroots union for the
year (and, in January, for the year just ended), storing them in IndicatorValue; then
rebuild the dashboards' roll-ups (of the subtree with --unit), which the services keep
up to date during the day (a restructuring may move unions under other ancestors).

    manage.py recognition_compute [--year 2026] [--unit TA.G1]

Run from cron or a django-tasks periodic job. Unions are taken a province at a time:
each indicator is one grouped query (two for a ratio) over the province's range.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from chudong.core.paths import STEP_WIDTH
from chudong.orgs.models import Unit, UnitStatus
from chudong.recognition import rollups, services

BATCH = 5000


class Command(BaseCommand):
    help = "Compute the 3 chủ động indicators of grassroots unions and store them."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None)
        parser.add_argument("--unit", default=None, help="code of a unit: only its subtree")

    def handle(self, *args, year=None, unit=None, **options):
        today = timezone.localdate()
        years = (
            [year] if year else ([today.year - 1, today.year] if today.month == 1 else [today.year])
        )
        units = Unit.objects.filter(kind__is_grassroots=True, status=UnitStatus.ACTIVE)
        root_unit = None
        if unit:
            root = Unit.objects.filter(code=unit).first()
            if root is None:
                raise CommandError(f"no unit with code {unit!r}")
            units = units.filter(root.subtree_q("path"))
            root_unit = root
        rows = list(units.order_by("path").values_list("pk", "path"))
        # One batch per subtree of a top-level unit (a province), cut when very large: the
        # grouped indicator queries then read one province's range at a time.
        batches: list[list[int]] = []
        current_root = None
        for pk, path in rows:
            top = path[: 2 * STEP_WIDTH]
            if top != current_root or len(batches[-1]) >= BATCH:
                batches.append([])
                current_root = top
            batches[-1].append(pk)
        written = 0
        for the_year in years:
            for ids in batches:
                batch = list(Unit.objects.filter(pk__in=ids))
                written += services.indicators_compute(units=batch, year=the_year)
        rollup_rows = rollups.rebuild(root_unit)
        self.stdout.write(
            f"{written} indicator values for {len(rows)} units, years {years}; "
            f"{rollup_rows} roll-up rows rebuilt"
        )
