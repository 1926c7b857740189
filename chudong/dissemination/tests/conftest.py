"""Helpers for the dissemination tests: members registered through the member services,
some with their own accounts, and documents sent through the service."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from chudong.accounts.services import user_create
from chudong.dissemination import services
from chudong.members import services as member_services

_serial = itertools.count(1)


@pytest.fixture
def make_member(world):
    def _make(unit_code: str = "TA.G1.B1", *, account: bool = False, full_name: str = ""):
        n = next(_serial)
        user = None
        if account:
            user = user_create(
                username=f"dv{n}", full_name=full_name or f"Đoàn viên {n}",
                password="x-Secret-123", email=f"dv{n}@example.org",
            )  # fmt: skip
        return member_services.member_create(
            actor=world.central_admin, unit=world.unit(unit_code),
            full_name=full_name or f"Nguyễn Văn Thành {n}", sex="male",
            date_of_birth=dt.date(2000, 5, 17), unit_since=dt.date(2020, 1, 1), user=user,
        )  # fmt: skip

    return _make


@pytest.fixture
def send(world):
    def _send(unit_code: str = "TA", actor=None, **kwargs):
        values = {
            "title": "Nghị quyết Hội nghị Ban Chấp hành Tỉnh đoàn lần thứ 5",
            "kind": "resolution",
            "issued_on": dt.date(2026, 11, 1),
            "issuer": "Ban Chấp hành Tỉnh đoàn",
            "acknowledge_by": dt.date(2026, 11, 30),
            **kwargs,
        }
        return services.dispatch_send(
            actor=actor or world.staff_a, unit=world.unit(unit_code), **values
        )

    return _send
