"""Background work of the privacy app (django-tasks: the database worker in production)."""

from __future__ import annotations

from django_tasks import task


@task()
def anonymise_due_records() -> int:
    """The nightly retention run (`manage.py privacy_anonymise --enqueue` from cron)."""
    from .services import anonymise_due

    return anonymise_due().count
