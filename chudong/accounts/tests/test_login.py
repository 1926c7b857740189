"""Logging in with a username, an e-mail address or a phone number typed any way; the
lockout after repeated failures; logging out; the user's own language and password."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY

from chudong.accounts.models import User
from chudong.accounts.services import user_create
from conftest import PASSWORD

PHONE_PASSWORD = "mat-khau-dien-thoai-2026"


@pytest.fixture
def caller(world):
    """An account that has a phone number (the base personas have none)."""
    return user_create(
        username="bithu.phubinh", full_name="Lê Văn Đức", phone="0912 000 101",
        email="Duc.Le@Example.org", password=PHONE_PASSWORD,
    )  # fmt: skip


def text(response) -> str:
    body = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return " ".join(body.split())


def log_in(client, login: str, password: str, **extra):
    client.cookies["django_language"] = "en"
    return client.post("/accounts/login/", {"username": login, "password": password, **extra})


def logged_in_as(client) -> User | None:
    user_id = client.session.get(SESSION_KEY)
    return User.objects.get(pk=user_id) if user_id else None


# --- who may log in, and how -------------------------------------------------------------


@pytest.mark.parametrize(
    "login", ["staff.a", "  Staff.A ", "staff_a@example.org", "STAFF_A@EXAMPLE.ORG"]
)
def test_it_logs_in_with_the_username_or_e_mail_in_any_case(world, client, login):
    response = log_in(client, login, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_as(client) == world.staff_a


@pytest.mark.parametrize(
    "login", ["0912000101", "0912 000 101", "+84 912 000 101", "84912000101", "(+84) 912.000.101"]
)
def test_it_logs_in_with_a_phone_number_written_any_way(caller, client, login):
    response = log_in(client, login, PHONE_PASSWORD)

    assert response.status_code == 302
    assert logged_in_as(client) == caller


def test_it_stores_phone_and_e_mail_in_one_form(caller):
    assert (caller.phone, caller.email) == ("0912000101", "duc.le@example.org")


def test_it_refuses_a_wrong_password_or_an_unknown_login_with_the_same_message(world, client):
    wrong_password = log_in(client, "staff.a", "not-the-password")
    unknown = log_in(client, "nobody.here", PASSWORD)

    for response in (wrong_password, unknown):
        assert response.status_code == 200
        assert "Wrong login or password. Check them and try again." in text(response)
    assert logged_in_as(client) is None


def test_it_refuses_a_deactivated_account(world, client):
    User.objects.filter(pk=world.staff_a.pk).update(is_active=False)

    response = log_in(client, "staff.a", PASSWORD)

    assert "Wrong login or password." in text(response)
    assert logged_in_as(client) is None


def test_it_does_not_take_a_short_number_for_a_phone(caller, client):
    # The end of someone's number is not their number.
    assert log_in(client, "000101", PHONE_PASSWORD).status_code == 200
    assert logged_in_as(client) is None


def test_it_goes_back_to_the_page_asked_for_but_never_to_another_site(world, client):
    unit_page = f"/units/{world.unit('TA').pk}/"

    asked = log_in(client, "staff.a", PASSWORD, next=unit_page)
    client.post("/accounts/logout/")
    elsewhere = log_in(client, "staff.a", PASSWORD, next="https://evil.example.com/")

    assert asked["Location"] == unit_page
    assert elsewhere["Location"] == "/"


def test_it_sends_anonymous_visitors_to_the_login_page_and_back(world, client):
    unit_page = f"/units/{world.unit('TA').pk}/"

    response = client.get(unit_page)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={unit_page}"


def test_it_logs_out_only_by_post(world, login):
    client = login(world.staff_a)

    assert client.get("/accounts/logout/").status_code == 405
    assert logged_in_as(client) == world.staff_a
    response = client.post("/accounts/logout/")
    assert response["Location"] == "/accounts/login/"
    assert logged_in_as(client) is None


# --- lockout -----------------------------------------------------------------------------


def test_it_locks_a_login_after_five_failures(world, client):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        assert "Wrong login or password" in text(log_in(client, "staff.a", "guess"))

    # The fifth failure locks the login...
    fifth = log_in(client, "staff.a", "guess")
    assert fifth.status_code == 429
    assert "Too many failed login attempts" in text(fifth)
    # ...even against the right password,
    locked = log_in(client, "staff.a", PASSWORD)
    assert locked.status_code == 429
    assert logged_in_as(client) is None
    # while other people log in as usual.
    other = client.__class__()
    assert log_in(other, "staff.b", PASSWORD).status_code == 302


def test_it_unlocks_a_login_after_the_cool_off(world, client):
    for _ in range(5):
        log_in(client, "staff.a", "guess")
    assert log_in(client, "staff.a", PASSWORD).status_code == 429

    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(minutes=16)):
        response = log_in(client, "staff.a", PASSWORD)

    assert response.status_code == 302
    assert logged_in_as(client) == world.staff_a


def test_it_locks_the_account_whatever_way_the_login_is_written(world, caller, client):
    # Given an attacker who tries each spelling of the same login in turn
    spellings = [
        "0912000101",
        "+84 912 000 101",
        "duc.le@example.org",
        "BITHU.PHUBINH",
        "84912000101",
    ]
    for login in spellings:
        log_in(client, login, "guess")

    # Then the account is locked for every spelling, the right password included.
    for login in ["bithu.phubinh", "0912 000 101"]:
        assert log_in(client, login, PHONE_PASSWORD).status_code == 429
    assert logged_in_as(client) is None
    assert AccessAttempt.objects.get().username == "bithu.phubinh"


def test_it_forgets_failures_after_a_successful_login_by_e_mail(world, client):
    for _ in range(4):
        log_in(client, "staff_a@example.org", "guess")

    assert log_in(client, "Staff_A@example.org", PASSWORD).status_code == 302
    client.post("/accounts/logout/")

    # Four more failures do not lock the account: the earlier ones were forgotten.
    for _ in range(4):
        log_in(client, "staff.a", "guess")
    assert log_in(client, "staff.a", PASSWORD).status_code == 302


# --- the user's own settings -------------------------------------------------------------


def test_it_changes_the_interface_language_for_the_user(world, login):
    client = login(world.secretary)
    assert "Tài khoản của tôi" in text(client.get("/accounts/profile/"))

    response = client.post("/accounts/profile/", {"form": "profile", "language": "en"})

    assert response["Location"] == "/accounts/profile/"
    assert response.cookies["django_language"].value == "en"
    assert User.objects.get(pk=world.secretary.pk).language == "en"
    assert "My account" in text(client.get("/accounts/profile/"))


def test_it_logs_in_in_the_users_own_language(world, client):
    User.objects.filter(pk=world.secretary.pk).update(language="en")

    response = client.post("/accounts/login/", {"username": "secretary", "password": PASSWORD})

    assert response.cookies["django_language"].value == "en"


def test_it_shows_the_users_own_roles_on_the_profile(world, login):
    page = text(login(world.secretary).get("/accounts/profile/"))

    assert "Đoàn xã Bình Minh" in page
    assert "Tỉnh đoàn Hải Đăng" not in page


def test_it_changes_the_password_and_keeps_the_user_logged_in(world, login):
    client = login(world.secretary)
    new_password = "mot-mat-khau-moi-dai"

    response = client.post(
        "/accounts/profile/",
        {
            "form": "password", "old_password": PASSWORD,
            "new_password1": new_password, "new_password2": new_password,
        },
    )  # fmt: skip

    assert response["Location"] == "/accounts/profile/"
    assert logged_in_as(client) == world.secretary
    assert client.get("/accounts/profile/").status_code == 200
    user = User.objects.get(pk=world.secretary.pk)
    assert user.check_password(new_password)
    assert not user.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("wrong-old-password", "mot-mat-khau-moi-dai", "old_password"),
        (PASSWORD, "ngan", "new_password2"),
        (PASSWORD, "12345678901", "new_password2"),
    ],
)
def test_it_refuses_a_password_change_it_cannot_accept(world, login, old, new, field):
    client = login(world.secretary)
    client.cookies["django_language"] = "en"

    response = client.post(
        "/accounts/profile/",
        {"form": "password", "old_password": old, "new_password1": new, "new_password2": new},
    )

    assert response.status_code == 200
    assert response.context["password_form"].errors[field]
    assert User.objects.get(pk=world.secretary.pk).check_password(PASSWORD)
