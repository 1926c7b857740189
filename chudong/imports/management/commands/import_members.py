"""python manage.py import_members FILE --unit CODE [--dry-run]

Imports a member list from .xlsx or .xls into a branch, or into a grassroots union whose
list has a "Chi đoàn" column, with the importer of the web pages: the columns as guessed
from the headers, every row checked, duplicates skipped, all good rows in one
transaction. Prints the report (rows read, imported, duplicates, each rejected row with
its number and reason) and exits with status 1 when nothing could be imported.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from chudong.accounts.models import User
from chudong.imports import selectors, services
from chudong.imports.fields import BY_CODE
from chudong.imports.models import ImportJob, IssueKind, JobStatus
from chudong.orgs.models import Unit


class Command(BaseCommand):
    help = "Import a member list from an Excel file (.xlsx or .xls) into a unit."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx or .xls file")
        parser.add_argument("--unit", required=True, help="code of the branch or grassroots union")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--sheet", help="name of the sheet (default: the first with a table)")
        parser.add_argument(
            "--user", help="act with this user's rights (default: as the server's operator)"
        )

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            return self._import(**options)

    def _import(self, *, file, unit, dry_run, sheet, user, **_options) -> None:
        target = Unit.objects.select_related("kind").filter(code=unit).first()
        if target is None:
            raise CommandError(_("No unit has the code %s.") % unit)
        actor = None
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                raise CommandError(_("No user is named %s.") % user)
        system = actor is None
        if not os.path.isfile(file):
            raise CommandError(_("The file %s does not exist.") % file)
        try:
            with open(file, "rb") as handle:
                upload = File(handle, name=os.path.basename(file))
                job = services.import_job_create(
                    actor=actor, unit=target, upload=upload, _system=system
                )
            if sheet:
                job = services.import_job_choose_sheet(
                    actor=actor, job=job, sheet=sheet, _system=system
                )
            self._columns(job)
            job = services.import_job_map(
                actor=actor, job=job, mapping=job.mapping, inline=True, _system=system
            )
            if job.status == JobStatus.ANALYSED and not dry_run and job.rows_valid:
                job = services.import_job_confirm(actor=actor, job=job, inline=True, _system=system)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from None
        except (Http404, PermissionDenied):
            raise CommandError(
                _("%(user)s may not import members into %(unit)s.")
                % {"user": user, "unit": target.name}
            ) from None
        self._report(job, dry_run)
        if job.status == JobStatus.FAILED:
            raise CommandError(job.error)
        done = job.rows_valid if dry_run else job.imported
        if not done:
            raise CommandError(_("Nothing could be imported."))

    def _columns(self, job: ImportJob) -> None:
        for column in job.layout.get("columns", []):
            target = BY_CODE.get(job.mapping.get(column["letter"], ""))
            label = target.label if target else _("— Do not import —")
            self.stdout.write(f"  {column['letter']:>3}  {column['header'][:40]:<40}  → {label}")

    def _report(self, job: ImportJob, dry_run: bool) -> None:
        write = self.stdout.write
        write(_("Rows read: %d") % job.rows_read)
        if dry_run or job.status != JobStatus.DONE:
            write(_("Ready to import: %d (nothing written)") % job.rows_valid)
        else:
            write(_("Imported: %d") % job.imported)
        write(_("Already registered: %d") % job.duplicates_register)
        write(_("Repeated in the file: %d") % job.duplicates_file)
        write(_("Rejected: %d") % job.rows_rejected)
        kinds = dict(IssueKind.choices)
        for issue in selectors.all_issues(job=job).iterator():
            where = (
                _("Row %(row)s, column %(column)s") % {"row": issue.row, "column": issue.column}
                if issue.column
                else _("Row %(row)s") % {"row": issue.row}
            )
            write(f"  {where}: {issue.message} [{kinds.get(issue.kind, issue.kind)}]")
