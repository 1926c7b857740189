from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Notification


def notifications_of(*, user: Any) -> QuerySet[Notification]:
    """The user's own notifications, newest first (nobody reads anyone else's)."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_count(*, user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
