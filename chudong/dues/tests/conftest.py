"""Helpers for the dues tests: members registered through the member services, dues
tracked from January 2026 (the seeded rule), and payments recorded through the month
screen's service."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from chudong.dues import months, services
from chudong.members import services as member_services
from chudong.members.models import Member

_serial = itertools.count(1)


@pytest.fixture
def make_member(world):
    def _make(
        unit_code: str = "TA.G1.B1",
        full_name: str | None = None,
        admitted: dt.date = dt.date(2024, 3, 26),
        **details,
    ) -> Member:
        return member_services.member_create(
            actor=world.central_admin,
            unit=world.unit(unit_code),
            full_name=full_name or f"Trần Văn Đóng {next(_serial)}",
            sex="male",
            date_of_birth=dt.date(2001, 4, 2),
            admission_date=admitted,
            **details,
        )

    return _make


@pytest.fixture
def pay(world):
    """pay(members, year, month, unit_code) → records them as paid on the month screen."""

    def _pay(members, year: int, month: int, unit_code: str = "TA.G1.B1", actor=None, **extra):
        return services.dues_month_save(
            actor=actor or world.branch_secretary,
            unit=world.unit(unit_code),
            month=months.index(year, month),
            entries=[services.PaymentEntry(m.pk, True, **extra) for m in members],
            paid_on=min(months.last_day(months.index(year, month)), dt.date.today()),
        )

    return _pay
