"""Start a production installation: the root unit and its first administrator.

Everything after this is done from the interface by that administrator (founding the
provinces, appointing their staff). Refuses to run on a database that already has units.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from chudong.access.models import Role, RoleAssignment
from chudong.accounts.services import user_create, user_set_temporary_password
from chudong.orgs import services as org_services
from chudong.orgs.models import Unit, UnitKind


class Command(BaseCommand):
    help = "Create the root unit and its first administrator on an empty database."

    def add_arguments(self, parser):
        parser.add_argument("--root-name", default="Trung ương Đoàn TNCS Hồ Chí Minh")
        parser.add_argument("--root-code", default="TW")
        parser.add_argument("--root-kind", default="central", help="unit kind code")
        parser.add_argument("--admin-username", required=True)
        parser.add_argument("--admin-name", required=True, help="full name")
        parser.add_argument("--admin-email", default="")
        parser.add_argument("--admin-phone", default="")

    def handle(self, *args, **o):
        if Unit.objects.exists():
            raise CommandError("The database already has units; bootstrap is for a new one.")
        try:
            kind = UnitKind.objects.get(code=o["root_kind"])
            role = Role.objects.get(code="central-admin")
        except (UnitKind.DoesNotExist, Role.DoesNotExist) as exc:
            raise CommandError(f"Reference data missing ({exc}); run migrate first.") from exc
        try:
            with transaction.atomic():
                root = org_services.unit_create(
                    actor=None, parent=None, kind=kind, name=o["root_name"],
                    code=o["root_code"], effective_on=dt.date.today(), _system=True,
                )  # fmt: skip
                admin = user_create(
                    full_name=o["admin_name"], username=o["admin_username"],
                    email=o["admin_email"], phone=o["admin_phone"],
                )  # fmt: skip
                RoleAssignment.objects.create(
                    user=admin, unit=root, role=role, start_date=dt.date.today(),
                    note="bootstrap",
                )  # fmt: skip
                password = user_set_temporary_password(user=admin)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Created {root.name} ({root.code})."))
        self.stdout.write(
            f"Administrator: {admin.username}  temporary password: {password}\n"
            "It must be changed at the first login; two-step verification is set up then."
        )
