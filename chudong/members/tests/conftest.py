"""Helpers for the member register tests: members are registered through the services,
as a user would, by the central administrator unless a test says otherwise."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count, Q

from chudong.members import services
from chudong.members.models import CURRENT_STATUSES, Member, MemberStatus, UnitMemberCount
from chudong.members.selectors import subtree_count
from chudong.orgs.models import Unit


@pytest.fixture
def make_member(world):
    def _make(
        unit_code: str = "TA.G1.B1",
        full_name: str = "Nguyễn Văn An",
        date_of_birth: dt.date = dt.date(2001, 5, 17),
        sex: str = "male",
        actor=None,
        **details,
    ) -> Member:
        return services.member_create(
            actor=actor or world.central_admin,
            unit=world.unit(unit_code),
            full_name=full_name,
            sex=sex,
            date_of_birth=date_of_birth,
            **details,
        )

    return _make


def real_counts() -> dict[int, tuple[int, int]]:
    """(active, total) per unit counted from the member rows themselves."""
    rows = (
        Member.objects.exclude(status=MemberStatus.MERGED)
        .values("unit_id")
        .annotate(active=Count("id", filter=Q(status__in=CURRENT_STATUSES)), total=Count("id"))
        .order_by()
    )
    return {r["unit_id"]: (r["active"], r["total"]) for r in rows}


def maintained_counts() -> dict[int, tuple[int, int]]:
    return {
        row.unit_id: (row.active, row.total)
        for row in UnitMemberCount.objects.all()
        if (row.active, row.total) != (0, 0)
    }


@pytest.fixture
def assert_counts_true():
    """Call after any service: the maintained table equals a real COUNT, and every row's
    path copy equals its unit's path."""

    def _check():
        assert maintained_counts() == real_counts()
        for row in UnitMemberCount.objects.select_related("unit"):
            assert row.unit_path == row.unit.path
            assert row.depth == row.unit.depth, row
        # Every subtree figure kept (from depth 2 down) equals a real count of the subtree.
        members = Member.objects.exclude(status=MemberStatus.MERGED)
        for row in UnitMemberCount.objects.filter(depth__gte=UnitMemberCount.SUBTREE_FROM_DEPTH):
            subtree = members.filter(unit_path__startswith=row.unit_path)
            expected = (subtree.filter(status__in=CURRENT_STATUSES).count(), subtree.count())
            assert (row.subtree_active, row.subtree_total) == expected, row.unit_path
        # and every unit's figure, kept or summed, a real count (rows may be missing).
        for unit in Unit.objects.all():
            real = members.filter(unit_path__startswith=unit.path, status__in=CURRENT_STATUSES)
            assert subtree_count(unit=unit) == real.count(), unit.code
        for member in Member.objects.select_related("unit"):
            assert member.unit_path == member.unit.path, member

    return _check
