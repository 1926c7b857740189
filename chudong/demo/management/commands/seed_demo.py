"""Load the demo province when the database has no units yet; print the demo logins."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from chudong.demo import portal_api, tree
from chudong.orgs.models import Unit


class Command(BaseCommand):
    help = "Load demo data (Tỉnh đoàn Thái Nguyên) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--logins-only", action="store_true", help="Only print the demo logins."
        )
        parser.add_argument(
            "--no-logins", action="store_true", help="Do not print the demo logins."
        )

    def handle(self, *args, logins_only: bool = False, no_logins: bool = False, **options):
        if not logins_only:
            if Unit.objects.exists():
                self.stdout.write("The database already has units; demo data not loaded.")
            else:
                with transaction.atomic():
                    tree.build()
                self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if not no_logins:
            self.print_logins()

    def print_logins(self):
        from chudong.access.models import RoleAssignment

        rows = (
            RoleAssignment.objects.filter(user__username__in=tree.DEMO_USERNAMES)
            .select_related("user", "role", "unit")
            .order_by("role__order", "unit__path")
        )
        self.stdout.write("")
        self.stdout.write("Demo logins (password for all: %s)" % tree.DEMO_PASSWORD)
        self.stdout.write("  %-20s %-46s %s" % ("username", "role", "unit"))
        for a in rows:
            self.stdout.write("  %-20s %-46s %s" % (a.user.username, a.role.name, a.unit.name))
        entries = portal_api.entries()
        if entries:
            self.stdout.write("")
            self.stdout.write("Member activation and API (README, section API; /api/v1/docs)")
            for entry in entries:
                self.stdout.write("  %-16s %-34s %s" % (entry.label, entry.secret, entry.detail))
