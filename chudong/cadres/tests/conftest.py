"""Helpers of the cadres tests: a fixed 'today', members, approved ratings, and terms and
posts written through the services."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
import time_machine

from chudong.access.models import Role, RoleAssignment
from chudong.accounts.services import user_create
from chudong.cadres import services
from chudong.members import services as member_services
from chudong.members.models import Member

_numbers = itertools.count(1)
TODAY = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False):
        yield TODAY.date()


def make_member(actor, unit, name: str, *, user=None) -> Member:
    return member_services.member_create(
        actor=actor,
        unit=unit,
        full_name=name,
        sex="female",
        date_of_birth=dt.date(2002, 4, 5),
        admission_date=dt.date(2019, 3, 26),
        user=user,
    )


def rate(member: Member, year: int, level: str) -> None:
    """An approved rating of `year`, as a branch's approved sheet leaves it."""
    from chudong.ratings.models import MemberRating, RatingSheet

    sheet, _created = RatingSheet.objects.get_or_create(
        unit=member.unit,
        year=year,
        defaults={"unit_path": member.unit_path, "state": "approved"},
    )
    MemberRating.objects.create(
        member=member,
        year=year,
        sheet=sheet,
        unit=member.unit,
        unit_path=member.unit_path,
        kind="rated",
        level=level,
        approved=True,
    )


def term_data(**over) -> dict:
    data = {
        "provisional": False,
        "congress_number": 1,
        "congress_on": dt.date(2025, 8, 10),
        "decision_number": "",
        "starts_on": dt.date(2025, 8, 10),
        "ends_on": dt.date(2030, 8, 9),
        "executive_size": 15,
        "standing_size": 5,
        "deputy_size": 2,
        "inspection_size": 5,
        "note": "",
    }
    data.update(over)
    return data


def appoint(unit, role_code: str, name: str, *, start=dt.date(2025, 8, 10), end=None):
    """A person holding a post at `unit` (the assignment, as access would write it)."""
    username = f"can.bo.{next(_numbers)}"
    user = user_create(username=username, full_name=name, password="x-2026-mat-khau-dai")
    return RoleAssignment.objects.create(
        user=user,
        unit=unit,
        role=Role.objects.get(code=role_code),
        start_date=start,
        end_date=end,
    )


@pytest.fixture
def add_term(world):
    def _add(unit_code="TA.G1", **over):
        return services.term_create(
            actor=world.central_admin, unit=world.unit(unit_code), data=term_data(**over)
        )

    return _add
