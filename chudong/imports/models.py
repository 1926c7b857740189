"""An import of a member list from a spreadsheet, from upload to result.

The job keeps what the user decided (target unit, sheet, column mapping) and what the
importer found (counts, progress, the problems by row); members are written only when the
user confirms, all good rows in one transaction. The uploaded file is kept, under a
generated name, only while the job may still need it: it is deleted when the job ends.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chudong.orgs.models import Unit

# Timeline event kind written for every member an import creates.
IMPORTED_EVENT = "imported"


def upload_path(instance: ImportJob, filename: str) -> str:
    """A generated name: nothing of the user's file name reaches the file system."""
    extension = "xls" if instance.file_kind == FileKind.XLS else "xlsx"
    return f"imports/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class FileKind(models.TextChoices):
    XLSX = "xlsx", "Excel (.xlsx)"
    XLS = "xls", "Excel 97–2003 (.xls)"


class JobStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Waiting for the column mapping")
    ANALYSING = "analysing", _("Checking the rows")
    ANALYSED = "analysed", _("Waiting for confirmation")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


RUNNING_STATUSES = frozenset({JobStatus.ANALYSING, JobStatus.IMPORTING})
FINAL_STATUSES = frozenset({JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED})


class ImportJob(models.Model):
    """One spreadsheet imported into a branch, or into a grassroots union whose branches
    a "Chi đoàn" column names."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="import_jobs", verbose_name=_("unit")
    )
    # The unit's path when the job was created: jobs of a subtree are one range on it.
    unit_path = models.CharField(max_length=255, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    original_name = models.CharField(_("file name"), max_length=200)
    file = models.FileField(upload_to=upload_path, max_length=200, blank=True)
    file_kind = models.CharField(max_length=4, choices=FileKind.choices, default=FileKind.XLSX)
    file_size = models.PositiveIntegerField(default=0)
    language = models.CharField(max_length=8, default="vi")

    status = models.CharField(
        _("status"), max_length=12, choices=JobStatus.choices, default=JobStatus.UPLOADED
    )
    # What the importer found in the file: sheets, header rows, detected columns.
    layout = models.JSONField(default=dict, blank=True)
    # Column letter -> target field code ("" ignores the column).
    mapping = models.JSONField(default=dict, blank=True)
    # A few rows as they would be imported, for the preview (no sensitive values).
    sample = models.JSONField(default=list, blank=True)

    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_valid = models.PositiveIntegerField(_("rows ready to import"), default=0)
    rows_rejected = models.PositiveIntegerField(_("rows rejected"), default=0)
    duplicates_register = models.PositiveIntegerField(_("already registered"), default=0)
    duplicates_file = models.PositiveIntegerField(_("repeated in the file"), default=0)
    imported = models.PositiveIntegerField(_("members imported"), default=0)
    error = models.TextField(_("error"), blank=True)

    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    # Progress updates go through QuerySet.update() and leave no history; the history
    # tells who uploaded, mapped, confirmed or cancelled, and when.
    history = HistoricalRecords(
        excluded_fields=["processed_rows", "layout", "sample", "unit_path", "language"]
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("member import")
        verbose_name_plural = _("member imports")
        indexes = [
            # "Recent imports" of a unit's page.
            models.Index(fields=["unit", "-created_at"], name="imports_job_unit_recent"),
            # Purging files of abandoned jobs.
            models.Index(
                fields=["created_at"],
                condition=~Q(file=""),
                name="imports_job_with_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} → {self.unit_id} ({self.status})"

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))


class IssueKind(models.TextChoices):
    ERROR = "error", _("Rejected")
    DUPLICATE_REGISTER = "dup_register", _("Already registered")
    DUPLICATE_FILE = "dup_file", _("Repeated in the file")
    NOTE = "note", _("Note")


class ImportIssue(models.Model):
    """One problem the importer found, by sheet row and column. Derived from the file
    and the register each time the job is checked (replaced wholesale), so it keeps no
    history of its own."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="issues")
    row = models.PositiveIntegerField(_("row"), null=True, blank=True)
    column = models.CharField(_("column"), max_length=4, blank=True)
    kind = models.CharField(max_length=12, choices=IssueKind.choices)
    message = models.CharField(_("problem"), max_length=500)
    full_name = models.CharField(_("full name"), max_length=202, blank=True)

    class Meta:
        ordering = ["job", "row", "id"]
        verbose_name = _("import problem")
        verbose_name_plural = _("import problems")
        indexes = [models.Index(fields=["job", "row", "id"], name="imports_issue_job_row")]

    def __str__(self) -> str:
        return f"{self.row}{self.column}: {self.message}"
