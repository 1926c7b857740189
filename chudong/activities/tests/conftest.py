"""Fixtures of the activities tests: a branch with members, one of them with an account."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from chudong.accounts.services import user_create
from chudong.activities import services
from chudong.members import services as member_services
from chudong.members.models import Member
from conftest import PASSWORD


def make_member(actor, unit, name: str, *, user=None) -> Member:
    return member_services.member_create(
        actor=actor, unit=unit, full_name=name, sex="female", date_of_birth=dt.date(2003, 4, 5),
        admission_date=dt.date(2020, 3, 26), user=user,
    )  # fmt: skip


@pytest.fixture
def branch(world):
    return world.unit("TA.G1.B1")


@pytest.fixture
def thu(world, branch):
    """Vũ Thị Thu, a member of the branch whose account is the `member` persona."""
    return make_member(world.central_admin, branch, "Vũ Thị Thu", user=world.member)


@pytest.fixture
def plan(world, branch):
    def _plan(*, unit=None, title="Ngày Chủ nhật xanh tháng 11", start=None, hours=3, **extra):
        start = start or timezone.now().replace(microsecond=0) - dt.timedelta(minutes=30)
        return services.activity_create(
            actor=world.branch_secretary if unit is None else world.central_admin,
            unit=unit or branch, kind=extra.pop("kind", "volunteer"), title=title,
            campaign="Ngày Chủ nhật xanh", starts_at=start,
            ends_at=start + dt.timedelta(hours=hours), place="Nhà văn hóa thôn Đông", **extra,
        )  # fmt: skip

    return _plan


@pytest.fixture
def member_user(world):
    return world.member


@pytest.fixture
def other_member_user(db):
    return user_create(username="doanvien.lan", full_name="Trịnh Thị Lan", password=PASSWORD,
                       email="lan@example.org")  # fmt: skip
