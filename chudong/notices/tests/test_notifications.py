"""Notifications reach people under the bell and by e-mail through a real SMTP exchange on
loopback (aiosmtpd), never a mock of the mail layer."""

from __future__ import annotations

import pytest
from django.db import transaction

from chudong.notices import services
from chudong.notices.models import Notification
from tests.mail import free_port


def test_it_puts_a_notification_under_the_bell_and_emails_it(
    world, login, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            users=[world.secretary], kind="test", title="Có văn bản mới cần đọc",
            body="Nghị quyết Đại hội Đoàn toàn quốc lần thứ XIII", url="/notifications/",
        )  # fmt: skip
    # The immediate task backend delivers on commit; the SMTP server got a real message.
    notification = Notification.objects.get(user=world.secretary)
    assert notification.deliveries == {"email": "sent"}
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message.rcpt_tos == ["secretary@example.org"]
    text = message.content.decode()
    assert "https://chudong.example.vn/notifications/" in text

    client = login(world.secretary)
    assert "Có văn bản mới cần đọc" in client.get("/notifications/").content.decode()
    assert 'class="bell-count">1<' in client.get("/notifications/bell/").content.decode()


def test_it_sends_nothing_when_the_change_rolls_back(
    world, smtp_server, django_capture_on_commit_callbacks
):
    class Abort(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Abort),
        transaction.atomic(),
    ):
        services.notify(users=[world.secretary], kind="test", title="Không gửi")
        raise Abort

    assert callbacks == []
    assert not Notification.objects.filter(title="Không gửi").exists()
    assert smtp_server.messages == []


def test_it_records_a_failed_delivery_without_failing_the_caller(
    world, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    settings.EMAIL_TIMEOUT = 2

    with django_capture_on_commit_callbacks(execute=True):
        services.notify(users=[world.member], kind="test", title="Thử gửi lỗi")

    notification = Notification.objects.get(title="Thử gửi lỗi")
    assert notification.deliveries["email"].startswith("failed:")
    # A retry sends only what has not been sent yet.
    assert services.deliver_now(notification_ids=[notification.pk])["failed"] == 1


def test_it_marks_only_the_readers_own_notifications_as_read(world, login):
    mine, theirs = (
        services.notify(users=[user], kind="test", title=f"Tin cho {user.username}")[0]
        for user in (world.member, world.secretary)
    )
    client = login(world.member)

    client.post("/notifications/", {"id": theirs.pk})
    client.post("/notifications/", {"id": mine.pk})

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None
    assert "Tin cho secretary" not in client.get("/notifications/").content.decode()
