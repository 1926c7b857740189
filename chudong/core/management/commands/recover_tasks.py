"""python manage.py recover_tasks [--older-than MINUTES] [--max-attempts N]

A task worker killed in the middle of a task (kill -9, out of memory, power cut) leaves
the task's row RUNNING for ever: django-tasks' database worker never looks at it again,
and the page waiting for it (an import's progress bar) would wait for ever too. Run this
before starting the worker (scripts/serve.sh, ExecStartPre= of the systemd unit):

- a task still RUNNING is put back in the queue (READY), and the worker runs it again;
- a task already started --max-attempts times (default 3: it may be what kills the worker)
  is marked FAILED with `WorkerLost`, and django-tasks' `task_finished` signal is sent, so
  that its app tells the user (an import ends as failed, with the reason on its page).

A rerun is safe because a chudong task writes in one transaction, which the database
rolled back when the worker's connection died.

With one worker (the default set-up), every RUNNING task is an orphan when the worker
starts. With several workers, pass --older-than longer than the longest task, so that
tasks the other workers are running are left alone.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import SuspiciousOperation
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus, task_finished
from django_tasks_db.models import DBTaskResult

log = logging.getLogger(__name__)


class WorkerLost(Exception):
    """The worker running the task stopped before the task finished."""


class Command(BaseCommand):
    help = "Re-queue (or fail) background tasks left RUNNING by a worker that died."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=float,
            default=0,
            metavar="MINUTES",
            help="only tasks started at least this long ago (default 0: every RUNNING task; "
            "set it when several workers run)",
        )
        parser.add_argument(
            "--max-attempts",
            type=int,
            default=3,
            help="a task started this many times is marked failed instead (default 3)",
        )

    def handle(self, *args, older_than: float, max_attempts: int, **options):
        requeued, failed = recover(older_than=older_than, max_attempts=max_attempts)
        if requeued or failed or options["verbosity"] > 1:
            self.stdout.write(
                f"Tasks left running by a stopped worker: {len(requeued)} queued again, "
                f"{len(failed)} marked failed."
            )


def recover(*, older_than: float = 0, max_attempts: int = 3) -> tuple[list, list]:
    """Re-queue or fail the RUNNING tasks; returns (requeued, failed) rows."""
    requeued, failed = [], []
    with transaction.atomic():
        stale = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING
        )
        if older_than:
            stale = stale.filter(started_at__lt=timezone.now() - dt.timedelta(minutes=older_than))
        for row in stale:
            if len(row.worker_ids) < max_attempts:
                row.status = TaskResultStatus.READY
                row.started_at = None
                row.save(update_fields=["status", "started_at"])
                requeued.append(row)
            else:
                failed.append(row)
        for row in failed:
            row.set_failed(
                WorkerLost(
                    f"the worker stopped during the task, {len(row.worker_ids)} times "
                    f"(workers {', '.join(row.worker_ids)})"
                )
            )
    for row in requeued:
        log.warning("task %s (%s) queued again after its worker stopped", row.pk, row.task_path)
    for row in failed:
        log.error("task %s (%s) failed: its worker stopped", row.pk, row.task_path)
        try:
            backend = type(row.task.get_backend())
            result = row.task_result
        except (ImportError, SuspiciousOperation):
            log.exception("task %s: its function no longer exists", row.pk)
            continue
        task_finished.send(sender=backend, task_result=result)
    return requeued, failed
