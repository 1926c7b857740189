"""Two-step login for province level and above: staff are held at the second step until
they enter a code from their authenticator app; grassroots officers are not."""

from __future__ import annotations

import base64
import datetime as dt
import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from chudong.accounts.models import User
from conftest import PASSWORD


@pytest.fixture(autouse=True)
def enforced(settings):
    settings.CHUDONG_2FA_ENFORCED = True


@pytest.fixture
def clock():
    """A clock that stands still unless shifted: codes change every 30 seconds."""
    with time_machine.travel(dt.datetime(2031, 5, 4, 8, 0, 10, tzinfo=dt.UTC), tick=False) as t:
        yield t


@pytest.fixture
def browse(login):
    def _browse(user):
        client = login(user)
        client.cookies["django_language"] = "en"
        return client

    return _browse


def text(response) -> str:
    body = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return " ".join(body.split())


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows for this device right now."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=steps_ahead):06d}"


def held_at_second_step(response) -> str | None:
    """The page the user asked for, when they were sent to the second step instead."""
    if response.status_code != 302:
        return None
    location = urlsplit(response["Location"])
    if location.path != "/accounts/two-factor/":
        return None
    return parse_qs(location.query)["next"][0]


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="chudong", confirmed=True)


# --- who is held at the second step -------------------------------------------------------


@pytest.mark.parametrize("persona", ["central_admin", "staff_a", "staff_b", "dpo_a"])
def test_it_holds_province_level_roles_at_the_second_step(world, browse, persona):
    unit = world.unit("TA") if persona != "staff_b" else world.unit("TB")
    client = browse(getattr(world, persona))

    response = client.get(f"/units/{unit.pk}/tree/?on=01/01/2020")

    assert urlsplit(held_at_second_step(response)).path == f"/units/{unit.pk}/tree/"


@pytest.mark.parametrize("persona", ["secretary", "branch_secretary", "member"])
def test_it_lets_grassroots_roles_in_without_a_second_step(world, browse, persona):
    unit = world.unit("TA.G1.B1")

    response = browse(getattr(world, persona)).get(f"/units/{unit.pk}/")

    assert response.status_code == 200
    assert "Chi đoàn thôn Đông" in text(response)


def test_it_lets_everyone_in_when_two_step_login_is_switched_off(world, browse, settings):
    settings.CHUDONG_2FA_ENFORCED = False

    response = browse(world.staff_a).get(f"/units/{world.unit('TA').pk}/")

    assert response.status_code == 200


def test_it_holds_staff_at_the_second_step_on_every_page_but_logging_out(world, browse):
    client = browse(world.staff_a)

    # Nothing of the account is reachable with the password alone: not even the profile,
    # where the password could be changed without the second factor.
    assert held_at_second_step(client.get("/accounts/profile/")) == "/accounts/profile/"
    new_password = "doi-mat-khau-khong-duoc"
    changed = client.post(
        "/accounts/profile/",
        {
            "form": "password", "old_password": PASSWORD,
            "new_password1": new_password, "new_password2": new_password,
        },
    )  # fmt: skip
    assert held_at_second_step(changed)
    assert User.objects.get(pk=world.staff_a.pk).check_password(PASSWORD)
    # The second step itself, the health check and logging out stay open.
    assert client.get("/accounts/two-factor/").status_code == 200
    assert client.get("/healthz").status_code in (200, 503)
    assert client.post("/accounts/logout/")["Location"] == "/accounts/login/"
    assert SESSION_KEY not in client.session


# --- setting up and verifying -------------------------------------------------------------


def test_it_sets_up_an_authenticator_on_first_login_and_lets_staff_in(world, client, clock):
    # Given province staff who log in for the first time
    client.cookies["django_language"] = "en"
    unit_page = f"/units/{world.unit('TA').pk}/"
    login = client.post(
        "/accounts/login/", {"username": "staff.a", "password": PASSWORD, "next": unit_page}
    )
    assert held_at_second_step(login) == unit_page

    # When they open the second step, it shows a QR code and the key of a new device
    setup = client.get(login["Location"])
    device = TOTPDevice.objects.get(user=world.staff_a)
    assert not device.confirmed
    assert "data:image/svg+xml;base64," in setup.content.decode()
    assert base64.b32encode(device.bin_key).decode() in text(setup)
    # and the app's code for that key confirms the device and opens the page asked for.
    wrong = str((int(code_for(device)) + 1) % 1_000_000).zfill(6)
    refused = client.post("/accounts/two-factor/", {"token": wrong, "next": unit_page})
    assert refused.context["form"].errors["token"]
    clock.shift(dt.timedelta(seconds=5))  # django-otp makes a guesser wait after a miss
    verified = client.post("/accounts/two-factor/", {"token": code_for(device), "next": unit_page})

    assert verified.status_code == 302
    assert verified["Location"] == unit_page
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(unit_page).status_code == 200
    # Reloading the second step does not make a new device.
    assert TOTPDevice.objects.filter(user=world.staff_a).count() == 1


def test_it_asks_only_for_the_code_once_a_device_is_set_up(world, client, clock):
    device = confirmed_device(world.staff_a)
    client.cookies["django_language"] = "en"
    client.post("/accounts/login/", {"username": "staff.a", "password": PASSWORD})

    page = client.get("/accounts/two-factor/")
    verified = client.post("/accounts/two-factor/", {"token": f" {code_for(device)} "})

    assert page.context["setting_up"] is False
    assert base64.b32encode(device.bin_key).decode() not in text(page)
    assert TOTPDevice.objects.filter(user=world.staff_a).count() == 1
    assert verified["Location"] == "/"
    assert client.get(f"/units/{world.unit('TA').pk}/").status_code == 200


def test_it_accepts_the_code_of_the_next_step_for_a_slow_phone(world, browse, clock):
    device = confirmed_device(world.staff_a)
    client = browse(world.staff_a)

    response = client.post("/accounts/two-factor/", {"token": code_for(device, steps_ahead=1)})

    assert response.status_code == 302


def test_it_never_accepts_the_same_code_twice(world, client, clock):
    # Given staff who verified with a code and logged out
    device = confirmed_device(world.staff_a)
    code = code_for(device)
    client.cookies["django_language"] = "en"
    client.post("/accounts/login/", {"username": "staff.a", "password": PASSWORD})
    assert client.post("/accounts/two-factor/", {"token": code}).status_code == 302
    client.post("/accounts/logout/")

    # When someone who saw that code logs in with the password and replays it
    client.post("/accounts/login/", {"username": "staff.a", "password": PASSWORD})
    replay = client.post("/accounts/two-factor/", {"token": code})

    # Then it is refused and the pages stay closed.
    assert replay.status_code == 200
    assert replay.context["form"].errors["token"]
    assert held_at_second_step(client.get(f"/units/{world.unit('TA').pk}/"))


def test_it_makes_a_guesser_wait_longer_after_each_wrong_code(world, browse, clock):
    device = confirmed_device(world.staff_a)
    client = browse(world.staff_a)
    right = code_for(device)
    wrong = str((int(right) + 1) % 1_000_000).zfill(6)

    def accepted(code):
        return client.post("/accounts/two-factor/", {"token": code}).status_code == 302

    # After one miss, even the right code is refused for a second...
    assert not accepted(wrong)
    assert not accepted(right)
    clock.shift(dt.timedelta(seconds=1))
    # ...after a second miss for two seconds, and so on.
    assert not accepted(wrong)
    clock.shift(dt.timedelta(seconds=1))
    assert not accepted(right)
    clock.shift(dt.timedelta(seconds=1))
    assert accepted(right)


def test_it_refuses_a_code_that_is_not_six_digits(world, browse, clock):
    confirmed_device(world.staff_a)

    response = browse(world.staff_a).post("/accounts/two-factor/", {"token": "12345"})

    assert "The code has exactly 6 digits." in text(response)
    assert TOTPDevice.objects.get(user=world.staff_a).throttling_failure_count == 0


def test_it_lets_a_grassroots_officer_set_up_the_second_step_by_choice(world, browse, clock):
    client = browse(world.secretary)
    assert "Two-step verification is not set up." in text(client.get("/accounts/profile/"))

    client.get("/accounts/two-factor/")
    device = TOTPDevice.objects.get(user=world.secretary)
    client.post("/accounts/two-factor/", {"token": code_for(device)})

    assert "Two-step verification is on." in text(client.get("/accounts/profile/"))
