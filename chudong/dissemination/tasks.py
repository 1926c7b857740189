"""Background work of dissemination (django-tasks: the database worker in production and
`make run`, run at once in tests)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_reminders(dispatch_id: int, unit_id: int) -> dict:
    """Remind the members (and secretaries) of a unit's subtree about one document."""
    from chudong.orgs.models import Unit

    from .models import Dispatch
    from .services import reminders_send

    dispatch = Dispatch.objects.filter(pk=dispatch_id).first()
    unit = Unit.objects.filter(pk=unit_id).first()
    if dispatch is None or unit is None:
        return {"members": 0, "secretaries": 0}
    return reminders_send(dispatch=dispatch, unit=unit)


@task()
def send_due_reminders() -> int:
    """The nightly run (manage.py dissemination_remind enqueues it from cron)."""
    from .services import reminders_due

    return reminders_due()
