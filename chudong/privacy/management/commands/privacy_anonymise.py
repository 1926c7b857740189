"""Apply the retention rule: anonymise the records of people who left long ago.

manage.py privacy_anonymise --dry-run     # list who would be anonymised, change nothing
manage.py privacy_anonymise               # anonymise them now
manage.py privacy_anonymise --enqueue     # hand the run to the task worker (cron)
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Anonymise former members' records older than the retention rule (never current members)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List only; change nothing.")
        parser.add_argument("--enqueue", action="store_true", help="Run it on the task worker.")
        parser.add_argument("--on", help="Run as of this day (YYYY-MM-DD); default today.")

    def handle(self, *args, dry_run=False, enqueue=False, on=None, **options):
        from chudong.privacy.services import anonymise_due
        from chudong.privacy.tasks import anonymise_due_records

        day = None
        if on:
            try:
                day = dt.date.fromisoformat(on)
            except ValueError:
                raise CommandError(f"--on must be a date as YYYY-MM-DD, not {on!r}") from None
        if enqueue:
            if dry_run or day:
                raise CommandError("--enqueue runs today's real run; drop --dry-run and --on.")
            result = anonymise_due_records.enqueue()
            self.stdout.write(f"enqueued task {result.id}")
            return
        try:
            result = anonymise_due(on=day, dry_run=dry_run)
        except LookupError as error:
            raise CommandError(str(error)) from None
        verb = "would anonymise" if dry_run else "anonymised"
        self.stdout.write(
            f"retention {result.years} years: left before {result.cutoff:%d/%m/%Y}; "
            f"{verb} {result.count} record(s)"
        )
        if dry_run:
            for member_id in result.due[:50]:
                self.stdout.write(f"  member {member_id}")
            if result.count > 50:
                self.stdout.write(f"  ... and {result.count - 50} more")
