"""Helpers for the youth tests: time frozen on a fixed day, members registered through the
real services, young people and opinions recorded through the youth services."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from chudong.members import services as member_services
from chudong.youth import services

TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def frozen():
    moment = dt.datetime.combine(TODAY, dt.time(10, 0), tzinfo=dt.timezone(dt.timedelta(hours=7)))
    with time_machine.travel(moment, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def privacy_reference_data(db):
    """The consent purposes and sensitive-field rules, put back if a transactional test
    elsewhere flushed them (the root conftest's reference data does not hold them): without
    them every member's consent-based data would be hidden for the wrong reason."""
    from chudong.privacy.tests.consents import reference_data

    reference_data()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def make_member(world):
    def _make(unit_code="TA.G1.B1", full_name="Nguyễn Văn An", **details):
        details.setdefault("admission_date", dt.date(2019, 3, 26))
        return member_services.member_create(
            actor=world.central_admin,
            unit=world.unit(unit_code),
            full_name=full_name,
            sex=details.pop("sex", "male"),
            date_of_birth=details.pop("date_of_birth", dt.date(2001, 5, 17)),
            **details,
        )

    return _make


@pytest.fixture
def make_youth(world):
    def _make(unit_code="TA.G1.B1", full_name="Đinh Thị Hoa", actor=None, **values):
        values.setdefault("birth_year", 2008)
        values.setdefault("sex", "female")
        return services.youth_create(
            actor=actor or world.secretary, unit=world.unit(unit_code), full_name=full_name,
            **values,
        )  # fmt: skip

    return _make


@pytest.fixture
def make_opinion(world):
    def _make(unit_code="TA.G1.B1", actor=None, **values):
        values.setdefault("source", "direct")
        values.setdefault("topic", "jobs")
        values.setdefault("content", "Thanh niên trong thôn cần được giới thiệu việc làm.")
        values.setdefault("raised_on", TODAY - dt.timedelta(days=3))
        return services.opinion_record(
            actor=actor or world.secretary, unit=world.unit(unit_code), **values
        )

    return _make


@pytest.fixture
def executive(world):
    """A committee member of TA.G1 with care.view and care.manage but not members.sensitive."""
    from chudong.access.models import Role, RoleAssignment
    from chudong.accounts.services import user_create

    user = user_create(
        username="bch.binhminh", full_name="Nông Thị Thảo", password="mat-khau-thu-nghiem-2026"
    )
    RoleAssignment.objects.create(
        user=user, unit=world.unit("TA.G1"), role=Role.objects.get(code="executive-committee"),
        start_date=dt.date(2020, 1, 1),
    )  # fmt: skip
    return user
