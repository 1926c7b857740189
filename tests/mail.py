"""Mail in tests goes through a real SMTP exchange on loopback (aiosmtpd), never a mock of
the mail layer: the `smtp_server` fixture starts a server on a free port, points Django's
SMTP backend at it and yields its inbox (`.messages`: the envelopes received, in order).

A plugin loaded by the root conftest (`pytest_plugins`), for every app's tests."""

from __future__ import annotations

import socket

import pytest


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    """A loopback port where nothing listens (for a server, or to see a send fail)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.SITE_URL = "https://chudong.example.vn"
    yield inbox
    controller.stop()
