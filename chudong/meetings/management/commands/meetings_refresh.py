"""Recompute the per-branch meeting summaries (MeetingYear) the missed-meeting warning
reads: nightly and on 1 January (so every branch has a row for the new year), and after a
bulk load of meetings or a dissolution."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from chudong.meetings import cadence
from chudong.meetings.status import refresh_year
from chudong.orgs.models import Unit


class Command(BaseCommand):
    help = "Recompute the branch meeting summaries (default: this year and the warning's year)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="a year (repeatable)")
        parser.add_argument("--unit", help="only the subtree of this unit code")

    def handle(self, *args, **options):
        today = timezone.localdate()
        years = options["year"] or sorted({today.year, cadence.last_ended_month_year(today)})
        root = None
        if options["unit"]:
            root = Unit.objects.filter(code=options["unit"]).first()
            if root is None:
                raise CommandError(f"no unit with code {options['unit']!r}")
        for year in years:
            started = time.monotonic()
            rows = refresh_year(year, root=root)
            self.stdout.write(f"{year}: {rows:,} branches in {time.monotonic() - started:.1f} s")
