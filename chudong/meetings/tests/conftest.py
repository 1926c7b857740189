"""Helpers for the meeting tests: members registered through the member services, and held
meetings written directly (a year of history in a few queries) or through the service."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
import time_machine

from chudong.meetings.models import Meeting, MeetingState
from chudong.members import services as member_services
from chudong.members.models import Member

_serial = itertools.count(1)
TODAY = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture
def today():
    """Sunday 22 November 2026, 9:00 in Hà Nội: January–October have ended."""
    with time_machine.travel(TODAY, tick=False):
        yield TODAY.date()


@pytest.fixture
def make_member(world):
    def _make(unit_code: str = "TA.G1.B1", full_name: str | None = None, **details) -> Member:
        return member_services.member_create(
            actor=world.central_admin,
            unit=world.unit(unit_code),
            full_name=full_name or f"Nguyễn Văn Thành {next(_serial)}",
            sex="male",
            date_of_birth=dt.date(2000, 5, 17),
            unit_since=dt.date(2020, 1, 1),
            **details,
        )

    return _make


def held(unit, months: list[int], year: int = 2026, day: int = 10) -> list[Meeting]:
    """Held meetings of `unit` in the given months (no roll call), written in one query."""
    return Meeting.objects.bulk_create(
        [
            Meeting(
                unit=unit, unit_path=unit.path, period_start=dt.date(year, m, 1),
                held_on=dt.date(year, m, day), state=MeetingState.HELD, topic=f"Tháng {m}",
            )
            for m in months
        ]
    )  # fmt: skip
