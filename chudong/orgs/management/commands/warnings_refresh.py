"""Count the early warnings of every unit above the branches of a subtree ahead and keep
them (orgs.UnitWarningCounts), so that the unit pages opened next read one row each: after
a bulk import, before a meeting where many will open the pages, in the benchmark. Each unit
is counted as its page counts it (a range of its own subtree): ≈ 160 ms for a grassroots
union at national scale, so give it a province at a time."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Exists, OuterRef

from chudong.access import policy
from chudong.core.paths import subtree_q
from chudong.orgs import selectors
from chudong.orgs.models import Unit, UnitStatus


class Command(BaseCommand):
    help = "Count and keep today's early warnings of every unit above the branches."

    def add_arguments(self, parser):
        parser.add_argument("--unit", action="append", help="only this unit's subtree (code)")

    def handle(self, *args, **options):
        day = policy.today()
        roots = []
        for code in options["unit"] or []:
            unit = Unit.objects.filter(code=code).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị mã {code}.")
            roots.append(unit)
        started = time.monotonic()
        parents = Unit.objects.filter(status=UnitStatus.ACTIVE, kind__is_branch=False).filter(
            Exists(Unit.objects.filter(parent=OuterRef("pk"), kind__is_branch=False))
        )
        if roots:
            within = subtree_q("path", roots[0].path)
            for root in roots[1:]:
                within |= subtree_q("path", root.path)
            parents = parents.filter(within)
        tops = roots or list(Unit.objects.filter(parent=None, status=UnitStatus.ACTIVE))
        counted = selectors.warnings_count_and_keep(tops, day)
        for parent in parents.order_by("path").iterator():
            children = Unit.objects.filter(
                parent=parent, status=UnitStatus.ACTIVE, kind__is_branch=False
            )
            counted += selectors.warnings_count_and_keep(list(children), day)
        self.stdout.write(
            f"warnings_refresh: {counted} units counted for {day:%d/%m/%Y} "
            f"in {time.monotonic() - started:.1f} s"
        )
