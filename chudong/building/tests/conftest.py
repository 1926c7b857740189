"""Fixtures of the organisation-building tests: members in two branches of Đoàn xã Bình
Minh and young people of its register."""

from __future__ import annotations

import datetime as dt

import pytest

from chudong.members import services as member_services
from chudong.members.models import Member
from chudong.youth import services as youth_services
from chudong.youth.models import Youth


def make_member(actor, unit, name: str, *, user=None, since=dt.date(2020, 3, 26)) -> Member:
    return member_services.member_create(
        actor=actor, unit=unit, full_name=name, sex="female", date_of_birth=dt.date(2003, 4, 5),
        admission_date=since, user=user,
    )  # fmt: skip


def make_youth(actor, unit, name: str, **extra) -> Youth:
    return youth_services.youth_create(
        actor=actor, unit=unit, full_name=name, sex="male", birth_year=2007, **extra
    )


@pytest.fixture
def b1(world):
    return world.unit("TA.G1.B1")


@pytest.fixture
def b2(world):
    return world.unit("TA.G1.B2")


@pytest.fixture
def people(world, b1, b2):
    """Three members (two in thôn Đông, one in thôn Tây) and three young people."""
    admin = world.central_admin
    return {
        "an": make_member(admin, b1, "Nguyễn Văn An"),
        "binh": make_member(admin, b1, "Trần Thị Bình"),
        "cuong": make_member(admin, b2, "Lê Văn Cường"),
        "hoa": make_youth(admin, world.unit("TA.G1"), "Phạm Thị Hoa"),
        "khoa": make_youth(admin, b1, "Đỗ Minh Khoa"),
        "lan": make_youth(admin, b2, "Vũ Ngọc Lan"),
    }
