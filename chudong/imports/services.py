"""Every write of an import, one function per step the user takes:

upload (import_job_create) → choose the sheet (import_job_choose_sheet) → correct the
column mapping, which starts the check (import_job_map) → read the preview → confirm
(import_job_confirm), which registers all good rows in one transaction; or cancel.

Each takes the acting user first and needs members.manage over the job's unit. A list of
more than INLINE_ROWS rows is checked and imported by a background task (runner.run),
started once the transaction that queued it commits; a smaller one within the request.
The command line passes `_system=True` (the server's operator, no user).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core import uploads
from chudong.orgs.models import Unit

from . import mapping as mapping_rules
from .layout import Layout, detect, find_header, no_header_problem
from .models import FINAL_STATUSES, ImportIssue, ImportJob, JobStatus
from .sheets import FileProblem, check_upload, read_sheet, sheet_names

log = logging.getLogger(__name__)

INLINE_ROWS = 500
STALE_AFTER = dt.timedelta(days=3)


def importable(unit: Unit) -> bool:
    """Members are imported into a branch, or a grassroots union (by a branch column)."""
    return unit.is_active and (unit.kind.is_branch or unit.kind.is_grassroots)


def may_import_sensitive(actor: Any, unit: Unit, *, _system: bool = False) -> bool:
    return _system or policy.can(actor, Cap.MEMBERS_SENSITIVE, unit)


def _authorise(actor: Any, unit: Unit, _system: bool) -> None:
    if not _system:
        policy.require(actor, Cap.MEMBERS_MANAGE, unit, visible_with=Cap.UNITS_VIEW)


def _lock(job: ImportJob) -> ImportJob:
    return ImportJob.objects.select_for_update().select_related("unit__kind").get(pk=job.pk)


def _safe_name(name: str) -> str:
    """The name shown to people (never used on disk): no path, no control characters."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return base[:200] or "danh-sach.xlsx"


def _detect(path: str, unit: Unit, sensitive: bool, sheet: str | None = None) -> Layout:
    names = sheet_names(path)
    if not names:
        raise FileProblem(_("The file has no sheet with data."))
    candidates = [sheet] if sheet else names
    branch_column = not unit.kind.is_branch
    for name in candidates:
        if find_header(read_sheet(path, name, nrows=60)) is None:
            continue
        layout = detect(read_sheet(path, name), sensitive=sensitive, branch_column=branch_column)
        if layout is not None:
            return layout
    raise no_header_problem(candidates[0])


def import_job_create(*, actor: Any, unit: Unit, upload: Any, _system: bool = False) -> ImportJob:
    """Store an uploaded list for `unit` and guess its column mapping. Nothing is read
    into the register. Raises ValidationError({"file": ...}) with the reason in the
    user's language for a file that is too big, not a spreadsheet, a zip bomb, damaged,
    or has no recognisable header row."""
    _authorise(actor, unit, _system)
    if not importable(unit):
        raise ValidationError(
            {"file": _("Members are imported into a branch or a grassroots union.")}
        )
    purge_stale_files()
    try:
        kind = check_upload(upload, upload.size)
    except FileProblem as problem:
        raise ValidationError({"file": problem.message}) from None
    job = ImportJob(
        unit=unit,
        unit_path=unit.path,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        original_name=_safe_name(getattr(upload, "name", "")),
        file_kind=kind,
        file_size=upload.size,
        language=translation.get_language() or "vi",
    )
    storage, target = job.file.storage, job.file.field.generate_filename(job, "upload")
    try:
        job.file = storage.save(target, upload, max_length=job.file.field.max_length)
    except OSError as error:
        log.error("could not store an uploaded list (%s)", error, exc_info=True)
        # The storage leaves what it wrote before the disk filled up: remove it.
        with contextlib.suppress(OSError):
            storage.delete(target)
        raise ValidationError({"file": uploads.storage_problem(error)}) from None
    try:
        layout = _detect(job.file.path, unit, may_import_sensitive(actor, unit, _system=_system))
        job.layout = {**layout.as_json(), "sheets": sheet_names(job.file.path)}
        job.mapping = layout.guessed_mapping()
        job.total_rows = layout.total_rows
        job._history_user = job.created_by
        job.full_clean(exclude=["file", "unit_path"])
        job.save()
    except FileProblem as problem:
        job.file.delete(save=False)
        raise ValidationError({"file": problem.message}) from None
    except BaseException:
        job.file.delete(save=False)
        raise
    return job


def _require_status(job: ImportJob, *allowed: str) -> None:
    if job.status not in allowed:
        raise ValidationError(
            _("This import is now “%s”; reload the page.") % job.get_status_display()
        )


def import_job_choose_sheet(
    *, actor: Any, job: ImportJob, sheet: str, _system: bool = False
) -> ImportJob:
    """Look for the table in another sheet of the file (mapping guessed again)."""
    _authorise(actor, job.unit, _system)
    with transaction.atomic():
        job = _lock(job)
        _require_status(job, JobStatus.UPLOADED, JobStatus.ANALYSED, JobStatus.FAILED)
        if not job.file or sheet not in job.layout.get("sheets", []):
            raise ValidationError(_("Choose a sheet of the file."))
        try:
            sensitive = may_import_sensitive(actor, job.unit, _system=_system)
            layout = _detect(job.file.path, job.unit, sensitive, sheet)
        except FileProblem as problem:
            raise ValidationError(problem.message) from None
        job.layout = {**layout.as_json(), "sheets": job.layout.get("sheets", [])}
        job.mapping = layout.guessed_mapping()
        job.total_rows = layout.total_rows
        job.status = JobStatus.UPLOADED
        job._history_user = actor
        job.save()
    return job


def import_job_map(
    *,
    actor: Any,
    job: ImportJob,
    mapping: dict[str, str],
    inline: bool = False,
    _system: bool = False,
) -> ImportJob:
    """Save the corrected mapping (column letter → field code, "" to skip) and check
    every row against it. Writes no member. Raises ValidationError listing what the
    mapping lacks (names, dates of birth, sex) or repeats. `inline` runs the check
    within the call whatever the size (the command line)."""
    _authorise(actor, job.unit, _system)
    with transaction.atomic():
        job = _lock(job)
        _require_status(job, JobStatus.UPLOADED, JobStatus.ANALYSED, JobStatus.FAILED)
        if not job.file:
            raise ValidationError(_("The uploaded file is no longer kept: upload it again."))
        known = {c["letter"] for c in job.layout.get("columns", [])}
        mapping = {letter: code for letter, code in mapping.items() if letter in known}
        errors = mapping_rules.problems(
            mapping,
            branch_column=not job.unit.kind.is_branch,
            sensitive=may_import_sensitive(actor, job.unit, _system=_system),
        )
        if errors:
            raise ValidationError(errors)
        job.mapping = mapping
        _reset(job, JobStatus.ANALYSING)
        job._history_user = actor
        job.save()
    return _start(job, "analyse", actor, inline)


def import_job_confirm(
    *, actor: Any, job: ImportJob, inline: bool = False, _system: bool = False
) -> ImportJob:
    """Register every good row of the checked list, in one transaction (run by the
    background task for a big list). Rows that became duplicates since the preview are
    set aside again; nothing is written if anything fails."""
    _authorise(actor, job.unit, _system)
    with transaction.atomic():
        job = _lock(job)
        _require_status(job, JobStatus.ANALYSED)
        if not importable(job.unit):
            raise ValidationError(_("%s no longer takes members.") % job.unit.name)
        job.status = JobStatus.IMPORTING
        job.processed_rows = 0
        job.started_at = timezone.now()
        job._history_user = actor
        job.save()
    return _start(job, "import", actor, inline)


def import_job_cancel(*, actor: Any, job: ImportJob) -> ImportJob:
    """Abandon an import that has not started writing; its file is deleted."""
    _authorise(actor, job.unit, False)
    with transaction.atomic():
        job = _lock(job)
        if job.status in FINAL_STATUSES or job.status == JobStatus.IMPORTING:
            raise ValidationError(
                _("This import is now “%s” and can no longer be cancelled.")
                % job.get_status_display()
            )
        job.status = JobStatus.CANCELLED
        job.finished_at = timezone.now()
        job._history_user = actor
        delete_file_on_commit(job)
        job.save()
    return job


def _reset(job: ImportJob, status: str) -> None:
    job.status = status
    job.error = ""
    job.processed_rows = 0
    job.rows_read = job.rows_valid = job.rows_rejected = 0
    job.duplicates_register = job.duplicates_file = job.imported = 0
    job.sample = []
    job.started_at = timezone.now()
    job.finished_at = None
    ImportIssue.objects.filter(job=job).delete()


def _start(job: ImportJob, phase: str, actor: Any, inline: bool) -> ImportJob:
    """Run a phase now (small list) or queue it for the worker once committed."""
    from . import runner

    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    if inline or job.total_rows <= INLINE_ROWS:
        runner.run(job.pk, phase, actor_id)
        job.refresh_from_db()
        return job
    from .tasks import run_import_job

    transaction.on_commit(lambda: run_import_job.enqueue(job.pk, phase, actor_id))
    return job


def delete_file_on_commit(job: ImportJob) -> None:
    """The uploaded file (and the rows checked from it) are removed once the job's end
    is committed."""
    if not job.file:
        return
    from .analysis import cache

    storage, names = job.file.storage, [job.file.name, cache.path_for(job)]
    job.file = ""
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


def purge_stale_files() -> int:
    """Delete files of imports abandoned for STALE_AFTER (uses the partial index)."""
    cutoff = timezone.now() - STALE_AFTER
    stale = list(
        ImportJob.objects.filter(created_at__lt=cutoff)
        .exclude(file="")
        .exclude(status__in=[JobStatus.ANALYSING, JobStatus.IMPORTING])
        .only("id", "file")[:50]
    )
    from .analysis import cache

    for job in stale:
        job.file.storage.delete(job.file.name)
        cache.delete(job)
    ids = [j.pk for j in stale]
    ImportJob.objects.filter(pk__in=ids).update(file="")
    ImportJob.objects.filter(pk__in=ids).exclude(status__in=FINAL_STATUSES).update(
        status=JobStatus.CANCELLED, finished_at=timezone.now()
    )
    return len(stale)
