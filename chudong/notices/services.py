"""The one notification service every feature uses."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from . import channels
from .models import Notification

log = logging.getLogger(__name__)


def notify(
    *, users: Iterable[Any], kind: str, title: str, body: str = "", url: str = ""
) -> list[Notification]:
    """Tell `users` something: a row under each one's bell now, and the other channels
    (e-mail...) from the task worker once the surrounding transaction has committed, so a
    rolled-back change never sends anything. Callers have authorised the action."""
    rows = [
        Notification(user=user, kind=kind, title=title[:200], body=body, url=url[:300])
        for user in {u.pk: u for u in users}.values()
    ]
    created = Notification.objects.bulk_create(rows)
    ids = [n.pk for n in created if n.pk is not None]
    if not ids:  # SQLite before 3.35 returns no ids from bulk_create
        ids = list(
            Notification.objects.filter(kind=kind, title=title[:200], read_at__isnull=True)
            .order_by("-id")
            .values_list("id", flat=True)[: len(rows)]
        )
    if ids:
        from .tasks import deliver

        transaction.on_commit(lambda: deliver.enqueue(notification_ids=ids))
    return created


def deliver_now(*, notification_ids: list[int]) -> dict[str, int]:
    """Send each notification on every channel that reaches its person; record the result."""
    outcome = {"sent": 0, "skipped": 0, "failed": 0}
    for notification in Notification.objects.filter(pk__in=notification_ids).select_related("user"):
        results = dict(notification.deliveries)
        for channel in channels.all_channels():
            if results.get(channel.code) == "sent":
                continue  # a retried task never sends twice
            why_not = channel.reaches(notification)
            if why_not:
                results[channel.code] = f"skipped: {why_not}"
                outcome["skipped"] += 1
                continue
            try:
                channel.send(notification)
            except Exception as error:
                log.warning(
                    "notification %s on %s failed: %s", notification.pk, channel.code, error
                )
                results[channel.code] = f"failed: {error}"[:300]
                outcome["failed"] += 1
            else:
                results[channel.code] = "sent"
                outcome["sent"] += 1
        notification.deliveries = results
        notification.save(update_fields=["deliveries"])
    return outcome


def mark_read(*, user: Any, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications (or all of them) as read."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())
