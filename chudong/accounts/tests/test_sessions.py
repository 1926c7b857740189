"""Seeing and ending one's other sessions (ASVS 3.3.4): the account page lists where the
account is logged in (browser, address, since, last seen); ending one logs that browser
out for real; changing the password ends all the others. "Last seen" costs at most one
write every few minutes, not one per request."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from chudong.accounts.models import UserSession
from chudong.accounts.services import user_set_temporary_password
from conftest import PASSWORD

PHONE = (
    "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36"
)
OFFICE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"
NEW_PASSWORD = "mot-mat-khau-moi-rat-dai-2026"


def _text(response) -> str:
    body = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return " ".join(body.split())


def _browser(user, agent: str, address: str) -> Client:
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    client.cookies["django_language"] = "vi"
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, _text(response)
    return client


@pytest.fixture
def two_browsers(world):
    office = _browser(world.secretary, OFFICE, "203.0.113.10")
    phone = _browser(world.secretary, PHONE, "198.51.100.7")
    return office, phone


def test_the_account_page_lists_where_one_is_logged_in(world, two_browsers):
    office, _phone = two_browsers
    page = _text(office.get("/accounts/profile/"))
    assert "Nơi bạn đang đăng nhập" in page
    assert "Chrome · Windows trình duyệt này 203.0.113.10 · đăng nhập lúc" in page
    assert "Chrome · Android 198.51.100.7" in page
    assert page.index("Chrome · Windows") < page.index("Chrome · Android")  # this one first
    assert page.count("trình duyệt này") == 1 and page.count("Kết thúc") == 1
    # Nobody else's sessions.
    _browser(world.branch_secretary, PHONE, "192.0.2.99")
    assert "192.0.2.99" not in _text(office.get("/accounts/profile/"))


def test_ending_a_session_logs_that_browser_out(world, two_browsers):
    office, phone = two_browsers
    phone_row = UserSession.objects.get(user=world.secretary, address="198.51.100.7")
    phone_key = phone_row.session_id
    response = office.post(
        "/accounts/profile/", {"form": "end_session", "session": phone_row.pk}, follow=True
    )
    assert "Đã kết thúc phiên" in _text(response)
    assert not Session.objects.filter(session_key=phone_key).exists()
    assert not UserSession.objects.filter(pk=phone_row.pk).exists()
    # The phone is logged out: its next page is the login page.
    assert phone.get("/accounts/profile/")["Location"].startswith("/accounts/login/")
    assert office.get("/accounts/profile/").status_code == 200


def test_one_cannot_end_another_persons_session_nor_this_one_by_id(world, two_browsers):
    office, _phone = two_browsers
    other = _browser(world.branch_secretary, PHONE, "192.0.2.99")
    theirs = UserSession.objects.get(user=world.branch_secretary)
    mine = UserSession.objects.get(user=world.secretary, address="203.0.113.10")
    for session_id in (theirs.pk, mine.pk, "abc", "99999999999999999999999"):
        office.post("/accounts/profile/", {"form": "end_session", "session": session_id})
    assert other.get("/accounts/profile/").status_code == 200
    assert office.get("/accounts/profile/").status_code == 200
    assert UserSession.objects.count() == 3


def test_logging_out_everywhere_else_keeps_only_this_browser(world, two_browsers):
    office, phone = two_browsers
    third = _browser(world.secretary, PHONE, "198.51.100.8")
    response = office.post("/accounts/profile/", {"form": "end_other_sessions"}, follow=True)
    assert "Đã kết thúc 2 phiên khác" in _text(response)
    assert phone.get("/accounts/profile/").status_code == 302
    assert third.get("/accounts/profile/").status_code == 302
    assert office.get("/accounts/profile/").status_code == 200
    assert list(UserSession.objects.values_list("address", flat=True)) == ["203.0.113.10"]


def test_changing_the_password_ends_the_other_sessions_and_keeps_this_one(world, two_browsers):
    office, phone = two_browsers
    response = office.post(
        "/accounts/profile/",
        {"form": "password", "old_password": PASSWORD, "new_password1": NEW_PASSWORD,
         "new_password2": NEW_PASSWORD},
        follow=True,
    )  # fmt: skip
    assert "Mật khẩu của bạn đã được đổi" in _text(response)
    assert phone.get("/accounts/profile/").status_code == 302
    page = _text(office.get("/accounts/profile/"))
    assert "203.0.113.10" in page and "198.51.100.7" not in page
    assert list(UserSession.objects.values_list("address", flat=True)) == ["203.0.113.10"]


def test_a_temporary_password_from_an_officer_ends_every_session(world, two_browsers):
    office, phone = two_browsers
    user_set_temporary_password(user=world.secretary)
    assert not UserSession.objects.filter(user=world.secretary).exists()
    assert office.get("/accounts/profile/").status_code == 302
    assert phone.get("/accounts/profile/").status_code == 302


def test_last_seen_is_written_at_most_every_five_minutes(world):
    start = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        office = _browser(world.secretary, OFFICE, "203.0.113.10")
        row = UserSession.objects.get()
        assert row.last_seen == start
        clock.shift(dt.timedelta(minutes=4))
        with CaptureQueriesContext(connection) as queries:
            office.get("/accounts/profile/")
        writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
        assert not [sql for sql in writes if "session" in sql.lower()], writes
        assert UserSession.objects.get().last_seen == start
        clock.shift(dt.timedelta(minutes=2))
        office.get("/accounts/profile/")
        assert UserSession.objects.get().last_seen == start + dt.timedelta(minutes=6)
