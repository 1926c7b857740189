"""The maintained per-unit counts equal a real COUNT after every service."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command

from chudong.members import selectors, services
from chudong.members.models import UnitMemberCount

from .conftest import real_counts


def test_it_keeps_the_counts_true_through_every_service(world, make_member, assert_counts_true):
    a = make_member("TA.G1.B1", "Mạc Văn Một")
    b = make_member("TA.G1.B1", "Mạc Văn Hai")
    c = make_member("TA.G1.B2", "Mạc Thị Ba", sex="female")
    make_member("TB.G1.B1", "Mạc Văn Bốn")
    assert_counts_true()
    today = dt.date.today()
    services.member_status_change(
        actor=world.staff_a, member=a, status="working_far", effective_on=today
    )
    assert_counts_true()  # still current
    services.member_status_change(
        actor=world.staff_a, member=b, status="matured", effective_on=today
    )
    assert_counts_true()
    services.member_status_change(
        actor=world.staff_a, member=b, status="active", effective_on=today
    )
    assert_counts_true()
    services.member_move(
        actor=world.staff_a, member=c, to_unit=world.unit("TA.G2.B1"), effective_on=today
    )
    assert_counts_true()
    services.member_update(actor=world.staff_a, member=a, expected_version=2, occupation="Thợ may")
    assert_counts_true()
    services.members_merge(actor=world.staff_a, keep=a, remove=b)
    assert_counts_true()
    assert selectors.subtree_count(unit=world.unit("TA")) == 2
    assert selectors.subtree_count(unit=world.unit("TA"), current=False) == 2
    assert selectors.subtree_count(unit=world.unit("ROOT")) == 3


def test_it_rebuilds_the_counts_from_the_members(world, make_member):
    make_member("TA.G1.B1")
    make_member("TA.G2.B1")
    expected = real_counts()
    UnitMemberCount.objects.update(active=99, total=-4)
    call_command("recount_members", verbosity=0)
    assert {
        row.unit_id: (row.active, row.total) for row in UnitMemberCount.objects.all()
    } == expected
