"""Background work of imports (django-tasks: the database worker in production and
`make run`, run at once in tests)."""

from __future__ import annotations

from django.dispatch import receiver
from django_tasks import TaskResultStatus, task
from django_tasks.signals import task_finished


@task(queue_name="default")
def run_import_job(job_id: int, phase: str, actor_id: int | None) -> None:
    """Check or import a big member list (see runner.run)."""
    from .runner import run

    run(job_id, phase, actor_id)


@receiver(task_finished)
def report_lost_run(sender, task_result, **kwargs) -> None:
    """runner.run ends every failure of its own as a failed job; a task that still fails
    was stopped from outside (its worker killed, `recover_tasks` giving up on it): the job
    would wait for ever, so end it as failed with the reason. Its transaction was rolled
    back: nothing of the list was written."""
    if task_result.status != TaskResultStatus.FAILED:
        return
    if getattr(task_result.task, "func", None) is not run_import_job.func:
        return
    from .runner import fail_lost

    job_id, _phase, actor_id = task_result.args
    fail_lost(job_id, actor_id)
