"""Helpers for the procedure tests: members registered through the real services, a
transfer brought to a given step, and the counts check the members app uses."""

from __future__ import annotations

import datetime as dt

import pytest

from chudong.access.models import Role, RoleAssignment
from chudong.accounts.services import user_create
from chudong.members import services as member_services
from chudong.members.models import Member, MemberUnitPeriod
from chudong.members.tests.conftest import maintained_counts, real_counts
from chudong.transfers import services
from conftest import FOUNDED, PASSWORD

ADMITTED = dt.date(2019, 3, 26)


@pytest.fixture
def make_member(world):
    def _make(
        unit_code: str = "TA.G1.B1",
        full_name: str = "Nguyễn Văn An",
        date_of_birth: dt.date = dt.date(2001, 5, 17),
        sex: str = "male",
        **details,
    ) -> Member:
        details.setdefault("admission_date", ADMITTED)
        return member_services.member_create(
            actor=world.central_admin,
            unit=world.unit(unit_code),
            full_name=full_name,
            sex=sex,
            date_of_birth=date_of_birth,
            **details,
        )

    return _make


@pytest.fixture
def appoint(world):
    """appoint(username, role code, unit code) → a new user holding that role."""

    def _appoint(username: str, role: str, unit_code: str, full_name: str = ""):
        user = user_create(
            username=username,
            full_name=full_name or username.replace(".", " ").title(),
            password=PASSWORD,
            email=f"{username}@example.org",
        )
        RoleAssignment.objects.create(
            user=user,
            unit=world.unit(unit_code),
            role=Role.objects.get(code=role),
            start_date=FOUNDED,
        )
        return user

    return _appoint


@pytest.fixture
def secretary_b(appoint):
    """The secretary of Đoàn phường Vĩnh Lạc (TB.G1), in province B."""
    return appoint("bithu.vinhlac", "secretary", "TB.G1", "Đinh Thị Lạc")


@pytest.fixture
def request_transfer(world):
    """A transfer requested by the branch secretary of TA.G1.B1 (comment and dues given)."""

    def _request(member, to_code: str, kind: str = "official", actor=None, **extra):
        return services.transfer_request(
            actor=actor or world.branch_secretary,
            member=member,
            kind=kind,
            to_unit=world.unit(to_code),
            reason=extra.pop("reason", "Chuyển nơi cư trú"),
            branch_comment=extra.pop("branch_comment", "Chấp hành tốt, tích cực sinh hoạt."),
            dues_paid_through=extra.pop("dues_paid_through", dt.date.today().replace(day=1)),
            **extra,
        )

    return _request


@pytest.fixture
def in_transit(world, request_transfer):
    """A transfer brought to "in transit": requested by the branch, introduced by the
    grassroots secretary."""

    def _in_transit(member, to_code: str, kind: str = "official", number: str = "", **extra):
        case = request_transfer(member, to_code, kind, **extra)
        return services.transfer_introduce(
            actor=world.secretary, transfer=case, introduction_number=number
        )

    return _in_transit


def open_periods(member) -> list[MemberUnitPeriod]:
    return list(MemberUnitPeriod.objects.filter(member=member, end__isnull=True))


@pytest.fixture
def assert_one_unit():
    """The invariant: exactly one open unit period, matching the member's unit, and the
    maintained counts equal a real count."""

    def _check(member):
        member.refresh_from_db()
        periods = open_periods(member)
        assert len(periods) == 1, periods
        assert periods[0].unit_id == member.unit_id
        assert member.unit_path == member.unit.path
        assert maintained_counts() == real_counts()

    return _check
