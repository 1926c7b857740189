"""Members follow their unit through merges, splits and moves of the tree."""

from __future__ import annotations

import datetime as dt

from chudong.members import selectors
from chudong.members.models import Member, MemberUnitPeriod
from chudong.orgs import selectors as org_selectors
from chudong.orgs import services as org_services
from chudong.orgs.models import Unit, UnitKind

EFFECTIVE = dt.date(2025, 7, 1)
JOINED = dt.date(2020, 3, 26)


def _fresh(code):
    return Unit.objects.get(code=code)


def test_it_keeps_every_member_and_their_history_when_branches_merge(
    world, make_member, assert_counts_true
):
    east = [make_member("TA.G1.B1", f"Lê Văn Đông {i}", admission_date=JOINED) for i in range(3)]
    west = [make_member("TA.G1.B2", f"Lê Thị Tây {i}", sex="female", admission_date=JOINED)
            for i in range(2)]  # fmt: skip
    branch = UnitKind.objects.get(code="branch")
    _r, target = org_services.units_merge(
        actor=world.staff_a,
        sources=[_fresh("TA.G1.B1"), _fresh("TA.G1.B2")],
        new_unit=org_services.NewUnitSpec("Chi đoàn thôn Đông Tây", "TA.G1.B3", branch),
        effective_on=EFFECTIVE,
        decision_number="12-QĐ/ĐTN",
    )  # fmt: skip
    assert Member.objects.filter(unit=target).count() == 5
    for member in [*east, *west]:
        periods = list(MemberUnitPeriod.objects.filter(member=member).order_by("start"))
        assert [(p.start, p.end, p.unit_id) for p in periods] == [
            (JOINED, EFFECTIVE, member.unit_id),
            (EFFECTIVE, None, target.pk),
        ]
        assert member.events.filter(kind="restructured", date=EFFECTIVE).count() == 1
    assert selectors.subtree_count(unit=target) == 5
    assert selectors.subtree_count(unit=_fresh("TA.G1")) == 5
    assert_counts_true()
    # As of the day before, the members were in their old branches.
    before = EFFECTIVE - dt.timedelta(days=1)
    on_east = selectors.members_on_date(actor=world.staff_a, unit=_fresh("TA.G1.B1"), day=before)
    assert sorted(on_east.values_list("pk", flat=True)) == sorted(m.pk for m in east)
    assert not selectors.members_on_date(actor=world.staff_a, unit=target, day=before).exists()


def test_it_sends_chosen_members_to_each_new_branch_when_splitting(
    world, make_member, assert_counts_true
):
    members = [
        make_member("TA.G2.B1", f"Phan Văn Lớp {i}", admission_date=JOINED) for i in range(4)
    ]
    unit = _fresh("TA.G2.B1")
    branch = UnitKind.objects.get(code="branch")
    items = {item.id: item.label for _key, _label, items in org_selectors.split_items(unit=unit)
             for item in items}  # fmt: skip
    assert items[members[0].pk] == f"{members[0].full_name} (17/05/2001)"
    chosen = {m.pk: (0 if i < 1 else 1) for i, m in enumerate(members)}
    _r, (a, b) = org_services.unit_split(
        actor=world.staff_a,
        unit=unit,
        new_units=[org_services.NewUnitSpec("Chi đoàn lớp 12A1", "TA.G2.B2", branch),
                   org_services.NewUnitSpec("Chi đoàn lớp 12A2", "TA.G2.B3", branch)],
        child_targets={},
        content_targets={"members": chosen},
        effective_on=EFFECTIVE,
    )  # fmt: skip
    assert list(Member.objects.filter(unit=a).values_list("pk", flat=True)) == [members[0].pk]
    assert sorted(Member.objects.filter(unit=b).values_list("pk", flat=True)) == sorted(
        m.pk for m in members[1:]
    )
    assert Member.objects.get(pk=members[2].pk).unit_path == b.path
    assert_counts_true()


def test_it_rewrites_the_unit_path_of_every_member_when_a_union_moves(
    world, make_member, assert_counts_true
):
    make_member("TA.G1.B1", "Đào Văn Một", admission_date=JOINED)
    make_member("TA.G1.B2", "Đào Văn Hai", admission_date=JOINED)
    make_member("TA.G2.B1", "Đào Văn Ba", admission_date=JOINED)
    old_path = _fresh("TA.G1").path
    org_services.unit_move(
        actor=world.central_admin,
        unit=_fresh("TA.G1"),
        new_parent=_fresh("TB"),
        effective_on=EFFECTIVE,
    )
    new_path = _fresh("TA.G1").path
    assert new_path != old_path and new_path.startswith(_fresh("TB").path)
    moved = Member.objects.filter(full_name__in=["Đào Văn Một", "Đào Văn Hai"])
    assert all(m.unit_path.startswith(new_path) for m in moved)
    assert_counts_true()
    assert selectors.subtree_count(unit=_fresh("TA")) == 1
    assert selectors.subtree_count(unit=_fresh("TB")) == 2
    # Province B's staff now see them; province A's no longer do.
    page_b = selectors.member_list(
        actor=world.staff_b, unit=_fresh("TB"), filters=selectors.MemberFilters()
    )
    assert sorted(m.full_name for m in page_b.members) == ["Đào Văn Hai", "Đào Văn Một"]
    page_a = selectors.member_list(
        actor=world.staff_a, unit=_fresh("TA"), filters=selectors.MemberFilters()
    )
    assert [m.full_name for m in page_a.members] == ["Đào Văn Ba"]
    # The tree as of the day before still shows the union under province A.
    tree = org_selectors.tree_as_of(
        actor=world.central_admin, root=_fresh("TA"), day=EFFECTIVE - dt.timedelta(days=1)
    )
    assert "Đoàn xã Bình Minh" in [child.name for child in tree.children]


def test_it_blocks_dissolving_a_branch_that_still_has_members(world, make_member):
    make_member("TA.G1.B2", "Cao Văn Còn")
    blockers = org_services.dissolve_blockers(_fresh("TA.G1.B2"))
    assert any("đoàn viên" in b or "members" in b for b in blockers)


def test_it_shows_the_members_figure_on_the_unit_page(world, make_member, login):
    for i in range(3):
        make_member("TA.G1.B1", f"Kiều Văn Số {i}")
    body = login(world.staff_a).get(f"/units/{world.unit('TA').pk}/").content.decode()
    assert f"/units/{world.unit('TA').pk}/members/" in body
    figures = org_selectors.unit_figures(actor=world.staff_a, unit=world.unit("TA"))
    assert figures.extra[0][1] == 3  # the members figure comes first (order 10)
