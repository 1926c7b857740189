"""One address cannot hammer the public forms: password spraying over many logins, guessing
invitation codes, guessing second-factor codes (ASVS 2.2.1). django-axes's lockout of one
login is tested in chudong/accounts/tests/test_login.py; this is the limit per address."""

from __future__ import annotations

import datetime as dt
import html
import re
import time

import pytest
import time_machine
from django.conf import settings
from django.core.cache import caches

from chudong.core import ratelimit
from conftest import PASSWORD


def _text(response) -> str:
    body = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return " ".join(body.split())


@pytest.fixture
def limited(db, settings):
    # The counters are in the shared cache: a table of the test database (so each test's
    # counts also go with its transaction).
    cache = caches["shared"]
    cache.clear()
    settings.CHUDONG_POST_RATE_LIMITS = {
        "accounts:login": (5, 600),
        "portal:activate": (3, 600),
        "accounts:two_factor": (4, 600),
    }
    yield settings.CHUDONG_POST_RATE_LIMITS
    cache.clear()


def test_production_limits_the_login_the_second_factor_and_the_activation():
    # The tests run with the limits off; production settings name these three forms.
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings as s; import django; "
         "django.setup(); print(sorted(s.CHUDONG_POST_RATE_LIMITS.items()))"],
        env={"DJANGO_SETTINGS_MODULE": "chudong.settings", "DEBUG": "0", "CHUDONG_TESTING": "0",
             "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "chudong.example.org",
             "DATABASE_URL": "sqlite:////tmp/chudong-security-unused.sqlite3",
             "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, check=True, cwd=settings.BASE_DIR,
    ).stdout  # fmt: skip
    assert "('accounts:login', (60, 600))" in out
    assert "('accounts:two_factor', (30, 600))" in out
    assert "('portal:activate', (30, 600))" in out


def test_it_stops_password_spraying_from_one_address(world, client, limited):
    # Given an attacker trying one common password against five different logins
    for username in ("staff.a", "staff.b", "secretary", "member", "dpo.a"):
        response = client.post("/accounts/login/", {"username": username, "password": "123456"})
        assert response.status_code == 200  # the form again: wrong login or password
    # When the sixth attempt comes from the same address, even with a right password
    response = client.post("/accounts/login/", {"username": "outsider", "password": PASSWORD})
    # Then it is refused in Vietnamese, with the time to wait, and nobody is logged in
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 600
    assert "Có quá nhiều lần thử từ mạng này. Hãy chờ" in _text(response)
    assert "_auth_user_id" not in client.session


def test_another_address_and_the_next_window_are_not_held_back(world, client, limited):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert client.post("/accounts/login/", {"username": "x", "password": "y"}).status_code == 429
    # Someone else (another client address) logs in as usual
    other = client.__class__(REMOTE_ADDR="10.1.2.3")
    response = other.post("/accounts/login/", {"username": "staff.a", "password": PASSWORD})
    assert response.status_code == 302
    # and the first address may try again once the window is over.
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(minutes=11)):
        response = client.post("/accounts/login/", {"username": "staff.b", "password": PASSWORD})
    assert response.status_code == 302


def test_reading_the_login_page_is_never_limited(world, client, limited):
    for _ in range(20):
        assert client.get("/accounts/login/").status_code == 200


def test_it_stops_guessing_invitation_codes(world, client, limited):
    form = {"code": "ABCD-EFGH", "identity": "01/01/2000", "username": "doanvien.moi",
            "password": "mat-khau-rat-dai-2026", "password2": "mat-khau-rat-dai-2026"}  # fmt: skip
    for _ in range(3):
        assert client.post("/activate/", form).status_code == 200
    response = client.post("/activate/", form)
    assert response.status_code == 429
    assert "Có quá nhiều lần thử" in _text(response)


def test_it_stops_guessing_second_factor_codes_across_sessions(world, client, limited):
    # django-otp slows guesses on one device; the address limit also holds when the guesser
    # opens new sessions.
    client.force_login(world.staff_a, backend="chudong.accounts.backends.UsernameEmailPhoneBackend")
    codes = [client.post("/accounts/two-factor/", {"token": "123456"}).status_code
             for _ in range(5)]  # fmt: skip
    assert codes[:4] == [200, 200, 200, 200]
    assert codes[4] == 429


def test_the_counter_survives_an_evicted_key(limited):
    # A key dropped by the cache between add and incr counts again from one.
    assert ratelimit.hit("accounts:login", "192.0.2.1", 1, 600) == 0
    assert ratelimit.hit("accounts:login", "192.0.2.1", 1, 600) > 0
    caches["shared"].clear()
    assert ratelimit.hit("accounts:login", "192.0.2.1", 1, 600) == 0


def test_every_process_counts_in_the_same_place(limited):
    """Two separate clients of the shared cache (as two gunicorn workers, or two servers,
    each hold their own) see one count: the limit is per address, not per process. With
    Django's default local-memory cache each client had its own count."""
    from django.core.cache.backends.locmem import LocMemCache

    worker_a = caches.create_connection("shared")
    worker_b = caches.create_connection("shared")
    assert worker_a is not worker_b and not isinstance(worker_a, LocMemCache)
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")  # left as it was
    with time_machine.travel(dt.datetime(2026, 11, 23, 8, 0, 1, tzinfo=dt.UTC), tick=False):
        key = "post-rate:accounts:login:192.0.2.7"
        assert ratelimit.window_hit(key, 3, 600, store=worker_a) == 0
        assert ratelimit.window_hit(key, 3, 600, store=worker_b) == 0
        assert ratelimit.window_hit(key, 3, 600, store=worker_a) == 0
        # The fourth, from the other worker, is over the limit of three.
        assert ratelimit.window_hit(key, 3, 600, store=worker_b) == 599
        # The middleware's own counting goes there too.
        ratelimit.hit("accounts:login", "192.0.2.8", 5, 600)
        window = int(time.time()) // 600 * 600
        assert worker_b.get(f"post-rate:accounts:login:192.0.2.8:{window}") == 1


def test_a_quiet_spell_inside_the_window_does_not_restart_the_count(limited):
    # Django's database cache re-sets a key on incr for the cache's default timeout (300 s
    # unless set): a burst, six quiet minutes, and a second burst in the same 10-minute
    # window would have been counted from zero again.
    with time_machine.travel(dt.datetime(2026, 11, 23, 8, 0, 1, tzinfo=dt.UTC)) as clock:
        assert ratelimit.hit("accounts:login", "192.0.2.9", 2, 600) == 0
        assert ratelimit.hit("accounts:login", "192.0.2.9", 2, 600) == 0
        clock.shift(dt.timedelta(minutes=6))
        assert ratelimit.hit("accounts:login", "192.0.2.9", 2, 600) > 0
