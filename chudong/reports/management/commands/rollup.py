"""Refresh the report roll-ups now (cron, or after a bulk import)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from chudong.reports.rollups import rollup_refresh


class Command(BaseCommand):
    help = "Recompute the report roll-ups (members by unit and status, admissions per year)."

    def handle(self, *args, **options):
        started = time.monotonic()
        run = rollup_refresh()
        self.stdout.write(
            f"{run.members:,} member records, {run.rows:,} roll-up rows "
            f"in {time.monotonic() - started:.1f} s"
        )
