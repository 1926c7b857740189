"""Helpers for the care tests: a fixed day, files in a temporary media root, a committee
member who sees care figures but not sensitive data, and cases made through the services."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from chudong.care import services

TODAY = dt.date(2026, 6, 15)
HCM = dt.timezone(dt.timedelta(hours=7))


def moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10, 0), tzinfo=HCM)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(moment(TODAY), tick=False) as traveller:
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


def pdf(name: str = "ho-so.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n% chudong care\n%%EOF\n", "application/pdf")


@pytest.fixture
def committee(world):
    """An executive committee member of TA.G1 (Ủy viên BCH): care.view and care.manage,
    but not members.sensitive."""
    from chudong.access.models import Role, RoleAssignment
    from chudong.accounts.services import user_create

    user = user_create(
        username="uv.bch",
        full_name="Đinh Văn Ủy",
        password="x-Pass-2026-long",
        email="uv.bch@example.org",
    )
    RoleAssignment.objects.create(
        user=user,
        unit=world.unit("TA.G1"),
        role=Role.objects.get(code="executive-committee"),
        start_date=dt.date(2020, 1, 1),
    )
    return user


@pytest.fixture
def make_member(world):
    from chudong.members import services as member_services

    def _make(unit_code="TA.G1.B1", full_name="Nguyễn Văn An", **details):
        details.setdefault("admission_date", dt.date(2019, 3, 26))
        return member_services.member_create(
            actor=world.central_admin,
            unit=world.unit(unit_code),
            full_name=full_name,
            sex="male",
            date_of_birth=dt.date(2001, 5, 17),
            **details,
        )

    return _make


@pytest.fixture
def hardship(world):
    def _make(
        unit_code="TA.G1.B1", actor=None, person_name="Lò Thị Sợi", circumstances=None, **extra
    ):
        return services.hardship_create(
            actor=actor or world.secretary,
            unit=world.unit(unit_code),
            person_name=person_name,
            birth_year=2006,
            residence="Bản Nà Hiu",
            opened_on=extra.pop("opened_on", TODAY),
            circumstances=circumstances or ["poor", "ethnic_minority"],
            **extra,
        )

    return _make


@pytest.fixture
def rights(world):
    def _make(unit_code="TA.G1.B1", actor=None, received_on=TODAY, **extra):
        values = {
            "area": "labour",
            "requester_kind": "youth",
            "requester_name": "Hà Văn Phúc",
            "contact": "0912 345 678",
            "summary": "Công ty nợ lương",
            "description": "Công ty may nợ lương hai tháng, không đóng bảo hiểm.",
            "channel": "phone",
            **extra,
        }
        return services.rights_create(
            actor=actor or world.secretary,
            unit=world.unit(unit_code),
            received_on=received_on,
            **values,
        )

    return _make
