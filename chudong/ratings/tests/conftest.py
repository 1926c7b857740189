"""Helpers for the rating tests: members registered through the member services (as a
user would), at a chosen date in their branch."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from chudong.members import services as member_services
from chudong.members.models import Member
from chudong.ratings import services

_serial = itertools.count(1)


@pytest.fixture
def make_member(world):
    def _make(
        unit_code: str = "TA.G1.B1",
        full_name: str | None = None,
        since: dt.date = dt.date(2020, 1, 1),
        sex: str = "male",
        **details,
    ) -> Member:
        return member_services.member_create(
            actor=world.central_admin,
            unit=world.unit(unit_code),
            full_name=full_name or f"Nguyễn Văn Thành {next(_serial)}",
            sex=sex,
            date_of_birth=dt.date(2000, 5, 17),
            unit_since=since,
            **details,
        )

    return _make


@pytest.fixture
def rate(world):
    """rate(members_levels, year, unit_code, actor) → saves the sheet in one go."""

    def _rate(levels: dict, year: int, unit_code: str = "TA.G1.B1", actor=None, comment=""):
        return services.rating_sheet_save(
            actor=actor or world.branch_secretary,
            unit=world.unit(unit_code),
            year=year,
            entries=[
                services.RatingEntry(member_id=m.pk, level=level, comment=comment)
                for m, level in levels.items()
            ],
        )

    return _rate


def evaluate(world, members, year: int, result: str = "excellent", unit_code="TA.G1.B1"):
    """Register the members for the Rèn luyện programme and evaluate them."""
    unit = world.unit(unit_code)
    services.training_register_branch(actor=world.branch_secretary, unit=unit, year=year)
    services.training_evaluate(
        actor=world.branch_secretary,
        unit=unit,
        year=year,
        results={m.pk: result for m in members},
        evaluated_on=min(dt.date(year, 12, 10), dt.date.today()),
    )
