from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message to one person: shown under the bell, and sent on the person's other
    channels (e-mail now; Zalo OA or SMS plug in behind chudong.notices.channels)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Per channel: "sent", "skipped: <why>" or "failed: <error>", written by the delivery task.
    deliveries = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The bell's unread count and the list page: one person's newest first.
            models.Index(fields=["user", "read_at"], name="notices_user_unread"),
            models.Index(fields=["user", "-created_at"], name="notices_user_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.title}"
