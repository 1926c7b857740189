"""Background work of imports (django-tasks: the database worker in production and
`make run`, run at once in tests)."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="default")
def run_import_job(job_id: int, phase: str, actor_id: int | None) -> None:
    """Check or import a big member list (see runner.run)."""
    from .runner import run

    run(job_id, phase, actor_id)
