"""Helpers for the portal tests: members registered through the member services, with
or without their own accounts."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from chudong.accounts.services import user_create
from chudong.members import services as member_services

_serial = itertools.count(1)


@pytest.fixture
def make_member(world):
    def _make(unit_code: str = "TA.G1.B1", *, account: bool = False, **details):
        n = next(_serial)
        user = None
        if account:
            user = user_create(
                username=f"dvp{n}", full_name=f"Đoàn viên {n}", password="x-Secret-123",
                email=f"dvp{n}@example.org",
            )  # fmt: skip
        values = {
            "full_name": f"Trần Thị Hoa {n}", "sex": "female",
            "date_of_birth": dt.date(2001, 3, 14), **details,
        }  # fmt: skip
        return member_services.member_create(
            actor=world.central_admin, unit=world.unit(unit_code), unit_since=dt.date(2020, 1, 1),
            user=user, **values,
        )  # fmt: skip

    return _make
