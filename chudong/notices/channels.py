"""Delivery channels behind one interface. A channel decides whether it can reach a person
(an e-mail address, a Zalo follower id...) and sends; failures are recorded, never raised
into the request that caused the notification."""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage

from .models import Notification


class Channel(Protocol):
    code: str

    def reaches(self, notification: Notification) -> str | None:
        """None when this channel can deliver to the person; otherwise why not."""

    def send(self, notification: Notification) -> None:
        """Deliver or raise."""


class EmailChannel:
    code = "email"

    def reaches(self, notification: Notification) -> str | None:
        if not notification.user.email:
            return "no e-mail address"
        if not notification.user.is_active:
            return "account inactive"
        return None

    def send(self, notification: Notification) -> None:
        body = notification.body
        if notification.url:
            body = f"{body}\n\n{settings.SITE_URL.rstrip('/')}{notification.url}".strip()
        EmailMessage(
            subject=f"[chudong] {notification.title}",
            body=body,
            to=[notification.user.email],
        ).send(fail_silently=False)


_channels: dict[str, Channel] = {"email": EmailChannel()}


def register(channel: Channel) -> None:
    _channels[channel.code] = channel


def all_channels() -> list[Channel]:
    return list(_channels.values())
