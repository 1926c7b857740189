"""Nightly: compute every 3 chủ động indicator of every active grassroots union for the
year (and, in January, for the year just ended), storing them in IndicatorValue.

    manage.py recognition_compute [--year 2026] [--unit TA.G1]

Run from cron or a django-tasks periodic job; it reads indexed ranges unit by unit in
batches, so a province is a few minutes and memory stays flat.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from chudong.orgs.models import Unit, UnitStatus
from chudong.recognition import services

BATCH = 500


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
        if unit:
            root = Unit.objects.filter(code=unit).first()
            if root is None:
                raise CommandError(f"no unit with code {unit!r}")
            units = units.filter(root.subtree_q("path"))
        ids = list(units.order_by("path").values_list("pk", flat=True))
        written = 0
        for the_year in years:
            for start in range(0, len(ids), BATCH):
                batch = list(Unit.objects.filter(pk__in=ids[start : start + BATCH]))
                written += services.indicators_compute(units=batch, year=the_year)
        self.stdout.write(f"{written} indicator values for {len(ids)} units, years {years}")
