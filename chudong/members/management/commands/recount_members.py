"""Rebuild the per-unit member counts from the member table (after an import that wrote
rows in bulk, or to check that the maintained counts have not drifted)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from chudong.members.services import counts_rebuild


class Command(BaseCommand):
    help = "Recompute the maintained member counts of every unit."

    def handle(self, *args, **options):
        rows = counts_rebuild()
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Member counts rebuilt for {rows} units."))
