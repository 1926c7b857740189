from __future__ import annotations

from django_tasks import task


@task()
def deliver(notification_ids: list[int]) -> dict[str, int]:
    """Send the given notifications on every channel (runs in the task worker)."""
    from .services import deliver_now

    return deliver_now(notification_ids=notification_ids)
