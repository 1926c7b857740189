"""A person is told by e-mail when their password is changed or reset (ASVS 2.2.3), over
real SMTP on loopback: in Vietnamese, then English; to the account's address, else the
member record's; never with the password in it. Without any address nothing is sent."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes
from email.header import decode_header, make_header

from chudong.accounts.services import user_create, user_set_temporary_password
from chudong.members import services as member_services
from chudong.members.models import Member
from conftest import PASSWORD
from tests.mail import free_port

NEW_PASSWORD = "mot-mat-khau-moi-rat-dai-2026"


def _read(envelope) -> tuple[str, str]:
    message = message_from_bytes(envelope.content)
    subject = str(make_header(decode_header(message["Subject"])))
    return subject, message.get_payload(decode=True).decode()


def test_changing_ones_password_sends_a_notice_to_the_account(
    world, login, smtp_server, django_capture_on_commit_callbacks
):
    client = login(world.secretary)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/profile/",
            {"form": "password", "old_password": PASSWORD, "new_password1": NEW_PASSWORD,
             "new_password2": NEW_PASSWORD},
        )  # fmt: skip
    assert [m.rcpt_tos for m in smtp_server.messages] == [["secretary@example.org"]]
    subject, body = _read(smtp_server.messages[0])
    assert subject == "[chudong] Mật khẩu của bạn đã được đổi"
    assert "Mật khẩu tài khoản chudong secretary của bạn đã được đổi lúc" in body
    assert "The password of your chudong account secretary was changed on" in body
    assert body.index("Mật khẩu tài khoản") < body.index("The password of")
    assert "https://chudong.example.vn/accounts/profile/" in body
    assert NEW_PASSWORD not in body and PASSWORD not in body


def test_a_reset_by_an_officer_goes_to_the_member_records_address(
    world, smtp_server, django_capture_on_commit_callbacks
):
    holder = user_create(username="doanvien.dong", full_name="Ngô Thị Đông", password=PASSWORD)
    member = member_services.member_create(
        actor=world.central_admin, unit=world.unit("TA.G1.B1"), full_name="Ngô Thị Đông",
        sex="female", date_of_birth=dt.date(2003, 4, 2), email="dong.ngo@example.org",
    )  # fmt: skip
    Member.objects.filter(pk=member.pk).update(user=holder)
    with django_capture_on_commit_callbacks(execute=True):
        temporary = user_set_temporary_password(user=holder)
    assert [m.rcpt_tos for m in smtp_server.messages] == [["dong.ngo@example.org"]]
    subject, body = _read(smtp_server.messages[0])
    assert subject == "[chudong] Mật khẩu của bạn đã được cấp lại"
    assert "đã cấp mật khẩu tạm thời cho tài khoản chudong doanvien.dong" in body
    assert "An officer gave your chudong account doanvien.dong a temporary password" in body
    assert temporary not in body


def test_without_any_address_nothing_is_sent_and_the_change_still_happens(
    world, smtp_server, django_capture_on_commit_callbacks
):
    holder = user_create(username="doanvien.tay", full_name="Hà Văn Tây", password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        temporary = user_set_temporary_password(user=holder)
    assert smtp_server.messages == [] and callbacks == []
    holder.refresh_from_db()
    assert holder.check_password(temporary)


def test_a_mail_server_that_refuses_does_not_undo_the_change(
    world, login, settings, django_capture_on_commit_callbacks
):
    port = free_port()  # nothing listens there
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    client = login(world.secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/profile/",
            {"form": "password", "old_password": PASSWORD, "new_password1": NEW_PASSWORD,
             "new_password2": NEW_PASSWORD},
        )  # fmt: skip
    assert response.status_code == 302
    world.secretary.refresh_from_db()
    assert world.secretary.check_password(NEW_PASSWORD)
