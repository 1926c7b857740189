"""Helpers for the privacy tests: the reference data (put back after a flush), members
with or without their own account, and a fixed "today"."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
import time_machine

from chudong.accounts.services import user_create
from chudong.members import services as member_services

_serial = itertools.count(1)
VN = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture(autouse=True)
def _reference_data(db):
    """A transactional test elsewhere may have flushed the seeded rows."""
    from chudong.privacy.tests.consents import reference_data

    reference_data()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def at(year, month, day, hour=9):
    """Travel to a Vietnamese wall-clock time (the tests' 'today')."""
    return time_machine.travel(dt.datetime(year, month, day, hour, tzinfo=VN), tick=False)


@pytest.fixture
def make_member(world):
    def _make(unit_code: str = "TA.G1.B1", *, account: bool = False, **details):
        n = next(_serial)
        user = None
        if account:
            user = user_create(
                username=f"dvrieng{n}", full_name=f"Đoàn viên {n}", password="x-Secret-123",
                email=f"dvr{n}@example.org",
            )  # fmt: skip
        values = {
            "full_name": f"Lò Thị Mai {n}", "sex": "female",
            "date_of_birth": dt.date(2001, 3, 14), **details,
        }  # fmt: skip
        return member_services.member_create(
            actor=world.central_admin, unit=world.unit(unit_code), unit_since=dt.date(2010, 1, 1),
            user=user, **values,
        )  # fmt: skip

    return _make
