"""Running the two long phases of an import: the check and the import itself.

Called within the request for a small list, or by the background task for a big one.
Progress is written with UPDATE outside any transaction, so the page polling it sees it;
the import itself is one transaction (all good rows or nothing), which takes a row lock
on the target unit first so that two imports into the same unit cannot both miss each
other's duplicates.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.accounts.models import User
from chudong.members.models import Member
from chudong.members.selectors import members_in_scope
from chudong.orgs.models import Unit

from . import analysis, writer
from . import mapping as mapping_rules
from .analysis import cache
from .layout import Layout
from .models import ImportIssue, ImportJob, JobStatus
from .services import delete_file_on_commit, may_import_sensitive
from .sheets import FileProblem, read_sheet

log = logging.getLogger(__name__)
SAMPLE_ROWS = 10


def run(job_id: int, phase: str, actor_id: int | None) -> None:
    """Run `phase` ("analyse" or "import") of job `job_id` for the user `actor_id`
    (None: the command line). Failures end the job as failed, with the reason."""
    job = ImportJob.objects.select_related("unit__kind").get(pk=job_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    with translation.override(job.language):
        try:
            if actor_id and (actor is None or not policy.can(actor, Cap.MEMBERS_MANAGE, job.unit)):
                raise FileProblem(_("You may no longer manage the members of this unit."))
            if phase == "analyse":
                _analyse(job, actor)
            elif phase == "import":
                _import(job, actor)
            else:
                raise ValueError(phase)
        except FileProblem as problem:
            _fail(job, problem.message, actor)
        except IntegrityError:
            log.warning("import job %s: integrity error", job_id, exc_info=True)
            _fail(
                job,
                _(
                    "Someone registered a member with the same citizen ID or card number "
                    "while this list was being imported. Nothing was imported: check the "
                    "list again."
                ),
                actor,
            )
        except Exception:
            log.exception("import job %s failed in phase %s", job_id, phase)
            _fail(job, _("An unexpected error stopped the work. Nothing was imported."), actor)


def _context(job: ImportJob, actor: Any) -> analysis.Context:
    system = actor is None

    def scope():
        return Member.objects.all() if system else members_in_scope(actor=actor)

    return analysis.Context(
        target=job.unit,
        mapping=mapping_rules.by_index(job.mapping),
        scope=scope,
        may_sensitive=may_import_sensitive(actor, job.unit, _system=system),
    )


def _rows(job: ImportJob) -> tuple[list[list[Any]], int]:
    if not job.file:
        raise FileProblem(_("The uploaded file is no longer kept: upload it again."))
    layout = Layout.from_json(job.layout)
    try:
        sheet = read_sheet(job.file.path, layout.sheet)
    except FileNotFoundError:
        raise FileProblem(_("The uploaded file is no longer kept: upload it again.")) from None
    total = max(len(sheet.rows) - layout.data_first, 0)
    ImportJob.objects.filter(pk=job.pk).update(total_rows=total, processed_rows=0)
    job.total_rows = total
    return sheet.rows, layout.data_first


def _progress(job: ImportJob):
    def report(done: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)

    return report


def _analyse(job: ImportJob, actor: Any) -> None:
    rows, data_first = _rows(job)
    context = _context(job, actor)
    result = analysis.parse(rows, data_first=data_first, context=context, progress=_progress(job))
    cache.save(job, result)  # the confirmation starts from here
    analysis.find_duplicates(result, context)
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != JobStatus.ANALYSING:
            return  # cancelled meanwhile
        _store(locked, result)
        locked.status = JobStatus.ANALYSED
        locked.finished_at = timezone.now()
        locked._history_user = actor
        locked.save()


def _import(job: ImportJob, actor: Any) -> None:
    context = _context(job, actor)
    result = cache.load(job)
    if result is None:
        rows, data_first = _rows(job)
        result = analysis.parse(
            rows, data_first=data_first, context=context, progress=_progress(job)
        )
    else:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=job.total_rows)
        for candidate in result.candidates:
            if not candidate.member.admission_date:
                candidate.member.status_since = context.today  # registered from today
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != JobStatus.IMPORTING:
            return
        # One import at a time into a unit: the duplicate check below must see the last.
        list(Unit.objects.select_for_update().filter(pk=locked.unit_id).values_list("pk"))
        analysis.find_duplicates(result, context)
        members = writer.write_members(
            candidates=result.candidates, job=locked, actor=actor, today=context.today
        )
        _store(locked, result)
        locked.imported = len(members)
        locked.status = JobStatus.DONE
        locked.finished_at = timezone.now()
        locked._history_user = actor
        delete_file_on_commit(locked)
        locked.save()


def _store(job: ImportJob, result: analysis.Analysis) -> None:
    """Replace the job's problems and figures with those of `result`."""
    ImportIssue.objects.filter(job=job).delete()
    ImportIssue.objects.bulk_create(
        (
            ImportIssue(
                job=job,
                row=p.row,
                column=p.column[:4],
                kind=p.kind,
                message=p.message[:500],
                full_name=p.full_name[:202],
            )
            for p in result.problems
        ),
        batch_size=1000,
    )
    job.processed_rows = job.total_rows
    job.rows_read = result.rows_read
    job.rows_valid = len(result.candidates)
    job.rows_rejected = result.rejected
    job.duplicates_register = result.duplicates_register
    job.duplicates_file = result.duplicates_file
    job.sample = [_sample(c) for c in result.candidates[:SAMPLE_ROWS]]


def _sample(candidate: analysis.Candidate) -> dict[str, Any]:
    """How a row will be registered, for the preview (never its sensitive values)."""
    member = candidate.member
    born = (
        str(member.date_of_birth.year)
        if member.birth_year_only
        else date_format(member.date_of_birth, "d/m/Y")
    )
    return {
        "row": candidate.row,
        "full_name": member.full_name,
        "date_of_birth": born,
        "sex": str(member.get_sex_display()),
        "branch": member.unit.name,
        "phone": member.phone,
        "national_id": member.national_id or "",
        "admission_date": date_format(member.admission_date, "d/m/Y")
        if member.admission_date
        else "",
    }


def fail_lost(job_id: int, actor_id: int | None) -> None:
    """End a job whose background task was stopped from outside (its worker died)."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.status not in (JobStatus.ANALYSING, JobStatus.IMPORTING):
        return
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    with translation.override(job.language):
        _fail(
            job,
            _(
                "The background worker stopped while it was working on this list. Nothing "
                "was imported: start the import again."
            ),
            actor,
        )


def _fail(job: ImportJob, message: str, actor: Any) -> None:
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status in (JobStatus.DONE, JobStatus.CANCELLED):
            return
        locked.status = JobStatus.FAILED
        locked.error = message
        locked.finished_at = timezone.now()
        locked._history_user = actor
        locked.save()
