"""The maintained per-unit counts equal a real COUNT after every service."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command

from chudong.members import selectors, services
from chudong.members.models import UnitMemberCount
from chudong.orgs.models import Unit

from .conftest import maintained_counts, real_counts


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


def test_it_rebuilds_the_counts_from_the_members(world, make_member, assert_counts_true):
    make_member("TA.G1.B1")
    make_member("TA.G2.B1")
    expected = real_counts()
    UnitMemberCount.objects.update(active=99, total=-4, subtree_active=7, depth=0)
    call_command("recount_members", verbosity=0)
    assert maintained_counts() == expected
    assert_counts_true()
    # Every unit has a row, so that every subtree figure exists.
    assert UnitMemberCount.objects.count() == Unit.objects.count()
    assert selectors.subtree_count(unit=world.unit("TA.G1")) == 1
    assert selectors.subtree_count(unit=world.unit("TA")) == 2


def test_subtree_figures_follow_units_moved_and_merged_in_the_tree(
    world, make_member, assert_counts_true
):
    from chudong.orgs import services as org_services

    make_member("TA.G1.B1", "Mạc Văn Một")
    make_member("TA.G1.B1", "Mạc Văn Hai")
    make_member("TA.G1.B2", "Mạc Thị Ba", sex="female")
    make_member("TA.G2.B1", "Mạc Văn Bốn")
    today = dt.date.today()
    # A branch moves to another grassroots union: both unions' figures change.
    org_services.unit_move(
        actor=world.central_admin, unit=world.unit("TA.G1.B1"), new_parent=world.unit("TA.G2"),
        effective_on=today,
    )  # fmt: skip
    assert_counts_true()
    assert selectors.subtree_count(unit=Unit.objects.get(code="TA.G2")) == 3
    assert selectors.subtree_count(unit=Unit.objects.get(code="TA.G1")) == 1
    # A grassroots union moves to the other province: a province is summed, not kept.
    org_services.unit_move(
        actor=world.central_admin, unit=Unit.objects.get(code="TA.G1"),
        new_parent=world.unit("TB"), effective_on=today,
    )  # fmt: skip
    assert_counts_true()
    assert selectors.subtree_count(unit=world.unit("TB")) == 1
    assert selectors.subtree_count(unit=world.unit("TA")) == 3
    # Two grassroots unions merge: the members and the branches go to the one kept.
    org_services.units_merge(
        actor=world.central_admin, sources=[Unit.objects.get(code="TA.G1")],
        into=Unit.objects.get(code="TB.G1"), effective_on=today,
    )  # fmt: skip
    assert_counts_true()
    assert selectors.subtree_count(unit=Unit.objects.get(code="TB.G1")) == 1
    assert selectors.subtree_count(unit=world.unit("ROOT")) == 4


def test_the_sub_unit_chips_show_each_subtrees_current_members(world, make_member, login):
    make_member("TA.G1.B1", "Mạc Văn Một")
    make_member("TA.G1.B2", "Mạc Văn Hai")
    make_member("TA.G2.B1", "Mạc Thị Ba", sex="female")
    make_member("TB.G1.B1", "Mạc Văn Bốn")
    # Below a province, each child's kept figure; below the centre, the provinces' sums.
    assert [(c.name, c.active) for c in selectors.sub_unit_counts(unit=world.unit("TA"))] == [
        ("Đoàn xã Bình Minh", 2),
        ("Đoàn trường THPT Sao Mai", 1),
    ]
    by_name = {c.name: c.active for c in selectors.sub_unit_counts(unit=world.unit("ROOT"))}
    assert by_name == {"Tỉnh đoàn Hải Đăng": 3, "Tỉnh đoàn Ngân Sơn": 1}
    page = login(world.central_admin).get(f"/units/{world.unit('TA').pk}/members/")
    body = page.content.decode()
    assert (
        f'href="/units/{world.unit("TA.G1").pk}/members/">Đoàn xã Bình Minh '
        '<span class="chip-count">2</span>'
    ) in body
