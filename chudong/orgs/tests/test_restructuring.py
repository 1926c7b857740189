"""Restructuring the unit tree through the services: found, edit, rename, move, merge,
split and dissolve, with effective dates, lineage, access checks, and the tree as it stood
on any earlier day."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.access.models import RoleAssignment
from chudong.core import history
from chudong.orgs import registry, selectors, services
from chudong.orgs.models import (
    LinkRole,
    Restructuring,
    RestructuringKind,
    Unit,
    UnitKind,
    UnitStatus,
    UnitVersion,
)
from chudong.orgs.registry import ContentItem

# Stories happen early next year: after the base world was built (at the real time, once
# per session), so that history rows keep their order.
TODAY = dt.date(dt.date.today().year + 1, 3, 2)
NEW_YEAR = TODAY.replace(month=1, day=1)
DAY_BEFORE = NEW_YEAR - dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def frozen_today():
    # Messages are checked in the source language; the catalogs have their own checks.
    moment = dt.datetime.combine(TODAY, dt.time(9, 30), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with (
        time_machine.travel(moment),
        translation.override("en"),
    ):
        yield


def kind(code: str) -> UnitKind:
    return UnitKind.objects.get(code=code)


def fresh(unit: Unit) -> Unit:
    return Unit.objects.select_related("kind", "parent").get(pk=unit.pk)


def outline(actor, root: Unit, day: dt.date) -> list[str]:
    """The tree under `root` on `day`, one indented name per line."""
    lines: list[str] = []

    def walk(node, depth):
        lines.append("  " * depth + node.name)
        for child in node.children:
            walk(child, depth + 1)

    tree = selectors.tree_as_of(actor=actor, root=root, day=day)
    if tree is not None:
        walk(tree, 0)
    return lines


def links(restructuring: Restructuring) -> set[tuple[str, str]]:
    return {(link.role, link.unit.code) for link in restructuring.links.select_related("unit")}


def open_version(unit: Unit) -> UnitVersion:
    return UnitVersion.objects.get(unit=unit, valid_to__isnull=True)


TREE_OF_PROVINCE_A = [
    "Tỉnh đoàn Hải Đăng",
    "  Đoàn xã Bình Minh",
    "    Chi đoàn thôn Đông",
    "    Chi đoàn thôn Tây",
    "  Đoàn trường THPT Sao Mai",
    "    Chi đoàn lớp 12A",
]


# --- found and edit ----------------------------------------------------------------------


def test_it_founds_a_unit_below_the_parent_with_its_first_version(world):
    # Given the province staff
    # When they found a new school union under the province
    unit = services.unit_create(
        actor=world.staff_a, parent=world.unit("TA"), kind=kind("school"),
        name="  Đoàn trường   THPT Ánh Dương ", code="ta.g3", effective_on=NEW_YEAR,
        decision_number=" 12-QĐ/TĐTN ",
    )  # fmt: skip

    # Then it sits one level below the province, with tidy texts and a version from the date
    unit = fresh(unit)
    assert unit.name == "Đoàn trường THPT Ánh Dương"
    assert unit.code == "TA.G3"
    assert unit.name_folded == "doan truong thpt anh duong"
    assert unit.path.startswith(world.unit("TA").path) and unit.depth == 2
    assert unit.valid_from == NEW_YEAR and unit.status == UnitStatus.ACTIVE
    version = open_version(unit)
    assert (version.name, version.parent_id, version.valid_from) == (
        unit.name, world.unit("TA").pk, NEW_YEAR,
    )  # fmt: skip
    founding = Restructuring.objects.get(kind=RestructuringKind.CREATE, links__unit=unit)
    assert founding.decision_number == "12-QĐ/TĐTN"
    assert founding.actor == world.staff_a
    assert links(founding) == {(LinkRole.TARGET, "TA.G3"), (LinkRole.NEW_PARENT, "TA")}
    assert unit.history.get().history_user == world.staff_a


def test_it_never_reuses_a_path_among_siblings(world):
    parent = world.unit("TA.G1.B2")
    first = services.unit_create(
        actor=world.secretary, parent=parent, kind=kind("sub-branch"), name="Phân đoàn 1",
        code="TA.G1.B2.P1", effective_on=NEW_YEAR,
    )  # fmt: skip
    second = services.unit_create(
        actor=world.secretary, parent=fresh(parent), kind=kind("sub-branch"), name="Phân đoàn 2",
        code="TA.G1.B2.P2", effective_on=NEW_YEAR,
    )  # fmt: skip

    assert first.path != second.path
    assert first.path[:-4] == second.path[:-4] == parent.path
    assert fresh(parent).child_seq == 2


def test_it_lets_a_secretary_found_units_below_their_own_union_but_not_beside_it(world):
    # Given a grassroots secretary: they may found branches under their own union...
    branch = services.unit_create(
        actor=world.secretary, parent=world.unit("TA.G1"), kind=kind("branch"),
        name="Chi đoàn thôn Bắc", code="TA.G1.B3", effective_on=NEW_YEAR,
    )  # fmt: skip
    assert fresh(branch).parent == world.unit("TA.G1")

    # ...but not under the province they see only from below (it is not theirs to see),
    with pytest.raises(Http404):
        services.unit_create(
            actor=world.secretary, parent=world.unit("TA"), kind=kind("commune"),
            name="Đoàn xã Mới", code="TA.G9", effective_on=NEW_YEAR,
        )  # fmt: skip
    # and a plain member of a branch may see it but found nothing under it.
    with pytest.raises(PermissionDenied):
        services.unit_create(
            actor=world.member, parent=world.unit("TA.G1.B1"), kind=kind("sub-branch"),
            name="Phân đoàn 1", code="TA.G1.B1.P1", effective_on=NEW_YEAR,
        )  # fmt: skip
    assert not Unit.objects.filter(code__in=["TA.G9", "TA.G1.B1.P1"]).exists()


def test_it_refuses_to_found_what_the_rules_do_not_allow(world):
    def found(**overrides):
        values = {
            "actor": world.staff_a, "parent": world.unit("TA"), "kind": kind("commune"),
            "name": "Đoàn xã Mới", "code": "TA.G9", "effective_on": NEW_YEAR,
        }  # fmt: skip
        return services.unit_create(**{**values, **overrides})

    with pytest.raises(ValidationError) as taken:
        found(code="ta.g1")
    assert "code" in taken.value.message_dict
    # District unions were abolished on 1/7/2025.
    with pytest.raises(ValidationError) as ended:
        found(kind=kind("district"))
    assert "kind" in ended.value.message_dict
    with pytest.raises(ValidationError) as future:
        found(effective_on=TODAY + dt.timedelta(days=1))
    assert "effective_on" in future.value.message_dict
    sub_branch = found(kind=kind("sub-branch"), code="TA.P1", name="Phân đoàn lẻ")
    with pytest.raises(ValidationError) as leaf:
        found(parent=fresh(sub_branch), code="TA.P1.X")
    assert "parent" in leaf.value.message_dict
    assert not Unit.objects.filter(code__in=["TA.G9", "TA.P1.X"]).exists()


def test_it_records_who_edited_a_units_contacts_and_what_changed(world):
    # Given the grassroots secretary, who manages their own union's details
    unit = world.unit("TA.G1")

    # When they fill in the address and phone
    services.unit_update_details(
        actor=world.secretary, unit=unit, address="Thôn Đông, xã Bình Minh", phone="0912 000 777",
        name="Hacked name",  # not an editable detail: ignored
    )  # fmt: skip

    # Then the unit has them, and its history names the secretary and the changes
    unit = fresh(unit)
    assert (unit.address, unit.phone, unit.name) == (
        "Thôn Đông, xã Bình Minh", "0912 000 777", "Đoàn xã Bình Minh",
    )  # fmt: skip
    latest = history.rows(unit.history.all())[0]
    assert latest.who == world.secretary
    assert str(latest.action) == "Changed"
    assert {(str(label), old, new) for label, old, new in latest.changes} == {
        ("address", "", "Thôn Đông, xã Bình Minh"),
        ("phone", "", "0912 000 777"),
    }


def test_it_lets_only_managers_edit_details(world):
    with pytest.raises(PermissionDenied):
        services.unit_update_details(actor=world.member, unit=world.unit("TA.G1.B1"), phone="1")
    with pytest.raises(Http404):
        services.unit_update_details(actor=world.staff_b, unit=world.unit("TA.G1"), phone="1")
    with pytest.raises(ValidationError):
        services.unit_update_details(actor=world.staff_a, unit=world.unit("TA.G1"), email="x@")
    assert fresh(world.unit("TA.G1")).phone == ""


# --- rename ------------------------------------------------------------------------------


def test_it_renames_a_unit_and_keeps_its_old_name_for_earlier_days(world):
    unit = world.unit("TA.G2")

    restructuring = services.unit_rename(
        actor=world.staff_a, unit=unit, name="Đoàn trường THPT Sao Mai Mới", code="ta.g2n",
        effective_on=NEW_YEAR, reason="Đổi tên trường",
    )  # fmt: skip

    unit = fresh(unit)
    assert (unit.name, unit.code) == ("Đoàn trường THPT Sao Mai Mới", "TA.G2N")
    assert unit.name_folded == "doan truong thpt sao mai moi"
    assert restructuring.details == {
        "old_name": "Đoàn trường THPT Sao Mai", "new_name": "Đoàn trường THPT Sao Mai Mới",
        "old_code": "TA.G2", "new_code": "TA.G2N",
    }  # fmt: skip
    assert outline(world.staff_a, world.unit("TA"), DAY_BEFORE) == TREE_OF_PROVINCE_A
    assert "  Đoàn trường THPT Sao Mai Mới" in outline(world.staff_a, world.unit("TA"), NEW_YEAR)
    versions = list(unit.versions.order_by("valid_from").values_list("name", "valid_to"))
    assert versions == [
        ("Đoàn trường THPT Sao Mai", NEW_YEAR),
        ("Đoàn trường THPT Sao Mai Mới", None),
    ]


def test_it_refuses_a_rename_that_changes_nothing(world):
    # Given the rename form sends an empty code when the code is kept
    with pytest.raises(ValidationError) as error:
        services.unit_rename(
            actor=world.staff_a, unit=world.unit("TA.G2"), name=" Đoàn trường  THPT Sao Mai",
            code="", effective_on=NEW_YEAR,
        )  # fmt: skip

    # Then nothing is recorded: same name, same code is no rename.
    assert "name" in error.value.message_dict
    assert not Restructuring.objects.filter(kind=RestructuringKind.RENAME).exists()
    assert world.unit("TA.G2").versions.count() == 1


def test_it_replaces_a_change_made_the_same_day(world):
    services.unit_rename(
        actor=world.staff_a, unit=world.unit("TA.G2"), name="Tên A", effective_on=TODAY
    )
    services.unit_rename(
        actor=world.staff_a, unit=world.unit("TA.G2"), name="Tên B", effective_on=TODAY
    )

    names = list(world.unit("TA.G2").versions.order_by("valid_from").values_list("name", flat=True))
    assert names == ["Đoàn trường THPT Sao Mai", "Tên B"]


# --- effective dates ---------------------------------------------------------------------


def test_it_refuses_an_effective_date_in_the_future(world):
    tomorrow = TODAY + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.unit_rename(
            actor=world.staff_a, unit=world.unit("TA.G2"), name="X", effective_on=tomorrow
        )

    assert "effective_on" in error.value.message_dict
    assert fresh(world.unit("TA.G2")).name == "Đoàn trường THPT Sao Mai"


def test_it_refuses_an_effective_date_before_the_units_last_change(world):
    # Given a school renamed on New Year's Day
    services.unit_rename(
        actor=world.staff_a, unit=world.unit("TA.G2"), name="Tên mới", effective_on=NEW_YEAR
    )

    # When someone moves it with an earlier date
    with pytest.raises(ValidationError) as move_error:
        services.unit_move(
            actor=world.staff_a, unit=fresh(world.unit("TA.G2")), new_parent=world.unit("TA.G1"),
            effective_on=DAY_BEFORE,
        )  # fmt: skip

    # Then it is refused with the date it last changed; the same day is fine.
    assert NEW_YEAR.strftime("%d/%m/%Y") in move_error.value.message_dict["effective_on"][0]
    assert fresh(world.unit("TA.G2")).parent == world.unit("TA")
    services.unit_move(
        actor=world.staff_a, unit=fresh(world.unit("TA.G2")), new_parent=world.unit("TA.G1"),
        effective_on=NEW_YEAR,
    )  # fmt: skip
    assert fresh(world.unit("TA.G2")).parent == world.unit("TA.G1")


def test_it_refuses_to_move_a_unit_under_one_founded_after_the_effective_date(world):
    # Given a commune union founded on New Year's Day
    newcomer = services.unit_create(
        actor=world.staff_a, parent=world.unit("TA"), kind=kind("commune"), name="Đoàn xã Mới",
        code="TA.G3", effective_on=NEW_YEAR,
    )  # fmt: skip

    # When a branch is moved under it with a date before it existed
    with pytest.raises(ValidationError) as error:
        services.unit_move(
            actor=world.staff_a, unit=world.unit("TA.G2.B1"), new_parent=fresh(newcomer),
            effective_on=DAY_BEFORE - dt.timedelta(days=30),
        )  # fmt: skip

    # Then it is refused, and the tree of that earlier day is unchanged.
    assert "effective_on" in error.value.message_dict
    assert fresh(world.unit("TA.G2.B1")).parent == world.unit("TA.G2")
    assert outline(world.staff_a, world.unit("TA"), DAY_BEFORE) == TREE_OF_PROVINCE_A


def test_it_refuses_a_merge_dated_before_a_sub_unit_changed(world):
    # Given a branch of the school renamed on 1 February
    services.unit_rename(
        actor=world.staff_a, unit=world.unit("TA.G2.B1"), name="Chi đoàn lớp 12A1",
        effective_on=NEW_YEAR.replace(month=2),
    )  # fmt: skip

    # When the school is merged as of New Year's Day, its branch would move before its rename
    with pytest.raises(ValidationError) as error:
        services.units_merge(
            actor=world.staff_a, sources=[world.unit("TA.G2")], into=world.unit("TA.G1"),
            effective_on=NEW_YEAR,
        )  # fmt: skip

    # Then the merge is refused, and so is a split of the school with the same date,
    assert "effective_on" in error.value.message_dict
    with pytest.raises(ValidationError) as split_error:
        services.unit_split(
            actor=world.staff_a, unit=world.unit("TA.G2"),
            new_units=[
                services.NewUnitSpec("Đoàn trường A", "TA.G2A", kind("school")),
                services.NewUnitSpec("Đoàn trường B", "TA.G2B", kind("school")),
            ],
            child_targets={world.unit("TA.G2.B1").pk: 0}, content_targets={},
            effective_on=NEW_YEAR,
        )  # fmt: skip
    assert "effective_on" in split_error.value.message_dict
    # and the branch keeps both of its versions.
    assert fresh(world.unit("TA.G2")).status == UnitStatus.ACTIVE
    names = list(
        world.unit("TA.G2.B1").versions.order_by("valid_from").values_list("name", flat=True)
    )
    assert names == ["Chi đoàn lớp 12A", "Chi đoàn lớp 12A1"]


# --- move --------------------------------------------------------------------------------


def test_it_moves_a_unit_with_its_whole_subtree(world):
    # Given Bình Minh commune with two branches, and a sub-branch under one of them
    g1, g2 = world.unit("TA.G1"), world.unit("TA.G2")
    services.unit_create(
        actor=world.staff_a, parent=world.unit("TA.G1.B1"), kind=kind("sub-branch"),
        name="Phân đoàn 1", code="TA.G1.B1.P1", effective_on=dt.date(2020, 1, 1),
    )  # fmt: skip

    # When the province moves the commune under the school union from New Year's Day
    restructuring = services.unit_move(
        actor=world.staff_a, unit=g1, new_parent=g2, effective_on=NEW_YEAR,
        decision_number="7-QĐ/TĐTN",
    )  # fmt: skip

    # Then every unit of the subtree has a path below the new parent, with the right depth
    g1, g2 = fresh(g1), fresh(g2)
    assert g1.parent == g2
    subtree = Unit.objects.filter(code__startswith="TA.G1")
    assert subtree.count() == 4
    for unit in subtree:
        assert unit.path.startswith(g2.path), unit.code
        assert unit.path.startswith(g1.path), unit.code
        assert unit.depth == len(unit.path) // 4 - 1
    assert fresh(world.unit("TA.G1.B1")).depth == 4
    # Selectors that rely on paths see the new shape.
    assert selectors.unit_figures(actor=world.staff_a, unit=g2).sub_units == 5
    assert restructuring.details["units_moved"] == 4
    assert links(restructuring) == {
        (LinkRole.SOURCE, "TA.G1"), (LinkRole.TARGET, "TA.G1"),
        (LinkRole.OLD_PARENT, "TA"), (LinkRole.NEW_PARENT, "TA.G2"),
    }  # fmt: skip
    # And the tree of the day before still shows the old structure.
    before = outline(world.staff_a, world.unit("TA"), DAY_BEFORE)
    assert before == [*TREE_OF_PROVINCE_A[:3], "      Phân đoàn 1", *TREE_OF_PROVINCE_A[3:]]
    assert outline(world.staff_a, world.unit("TA"), NEW_YEAR) == [
        "Tỉnh đoàn Hải Đăng",
        "  Đoàn trường THPT Sao Mai",
        "    Đoàn xã Bình Minh",
        "      Chi đoàn thôn Đông",
        "        Phân đoàn 1",
        "      Chi đoàn thôn Tây",
        "    Chi đoàn lớp 12A",
    ]


def test_it_moves_a_unit_to_another_province_and_its_scope_follows(world):
    # Given the central admin moves Bình Minh commune to province B
    services.unit_move(
        actor=world.central_admin, unit=world.unit("TA.G1"), new_parent=world.unit("TB"),
        effective_on=NEW_YEAR,
    )  # fmt: skip

    # Then province B's staff see it and its branches; province A's staff no longer do
    branch = fresh(world.unit("TA.G1.B1"))
    staff_a, staff_b = fresh_user(world.staff_a), fresh_user(world.staff_b)
    assert policy.can(staff_b, Cap.UNITS_VIEW, branch)
    assert not policy.can(staff_a, Cap.UNITS_VIEW, branch)
    with pytest.raises(Http404):
        policy.get_unit(staff_a, branch.pk)
    # while the grassroots secretary still works at their own union, wherever it is.
    assert policy.can(fresh_user(world.secretary), Cap.UNITS_VIEW, branch)


def fresh_user(user):
    return type(user).objects.get(pk=user.pk)


def test_it_refuses_moves_that_make_no_sense(world):
    def move(unit_code, parent_code, actor=None):
        return services.unit_move(
            actor=actor or world.staff_a, unit=world.unit(unit_code),
            new_parent=world.unit(parent_code), effective_on=NEW_YEAR,
        )  # fmt: skip

    with pytest.raises(ValidationError, match="under itself"):
        move("TA.G1", "TA.G1.B1")
    with pytest.raises(ValidationError, match="under itself"):
        move("TA.G1", "TA.G1")
    with pytest.raises(ValidationError, match="already under"):
        move("TA.G1.B1", "TA.G1")
    # Province A's staff cannot see province B, so it "does not exist" for them.
    with pytest.raises(Http404):
        move("TA.G1", "TB")
    assert not Restructuring.objects.filter(kind=RestructuringKind.MOVE).exists()


# --- merge -------------------------------------------------------------------------------


def test_it_merges_a_unit_into_another_keeping_its_sub_units_and_lineage(world):
    # Given the school union Sao Mai with its branch 12A, beside Bình Minh commune
    school, commune = world.unit("TA.G2"), world.unit("TA.G1")

    # When the province merges the school into the commune from New Year's Day
    restructuring, target = services.units_merge(
        actor=world.staff_a, sources=[school], into=commune, effective_on=NEW_YEAR,
        decision_number="15-QĐ/TĐTN", reason="Sắp xếp tổ chức cơ sở Đoàn",
    )  # fmt: skip

    # Then the school left the tree as "merged" on that date, its branch now under the commune
    school, branch = fresh(school), fresh(world.unit("TA.G2.B1"))
    assert target == commune
    assert (school.status, school.valid_to) == (UnitStatus.MERGED, NEW_YEAR)
    assert branch.parent == commune and branch.path.startswith(commune.path)
    assert branch.status == UnitStatus.ACTIVE
    # with the lineage recorded,
    assert restructuring.kind == RestructuringKind.MERGE
    assert (restructuring.decision_number, restructuring.reason) == (
        "15-QĐ/TĐTN", "Sắp xếp tổ chức cơ sở Đoàn",
    )  # fmt: skip
    assert links(restructuring) == {
        (LinkRole.SOURCE, "TA.G2"), (LinkRole.TARGET, "TA.G1"), (LinkRole.MOVED, "TA.G2.B1"),
    }  # fmt: skip
    assert restructuring.details["moved"]["units"] == 1
    # versions closed on the effective date,
    assert school.versions.get().valid_to == NEW_YEAR
    assert list(branch.versions.order_by("valid_from").values_list("parent__code", "valid_to")) == [
        ("TA.G2", NEW_YEAR), ("TA.G1", None),
    ]  # fmt: skip
    # and the tree of the day before still shows the old structure.
    assert outline(world.staff_a, world.unit("TA"), DAY_BEFORE) == TREE_OF_PROVINCE_A
    assert outline(world.staff_a, world.unit("TA"), NEW_YEAR) == [
        "Tỉnh đoàn Hải Đăng",
        "  Đoàn xã Bình Minh",
        "    Chi đoàn lớp 12A",
        "    Chi đoàn thôn Đông",
        "    Chi đoàn thôn Tây",
    ]
    # Both units' pages list the merge.
    for unit in (school, commune):
        listed = selectors.unit_restructurings(actor=world.staff_a, unit=unit)
        assert restructuring.pk in [r.id for r in listed]


def test_it_merges_units_into_a_new_one(world):
    # When the province merges both of its grassroots unions into a new one
    restructuring, target = services.units_merge(
        actor=world.staff_a, sources=[world.unit("TA.G1"), world.unit("TA.G2")],
        new_unit=services.NewUnitSpec("Đoàn xã Hải Đăng", "ta.g3", kind("commune"), "Xã Hải Đăng"),
        effective_on=NEW_YEAR,
    )  # fmt: skip

    # Then the new union is founded under the same province on that date with all branches
    target = fresh(target)
    assert (target.code, target.parent, target.founded_on, target.address) == (
        "TA.G3", world.unit("TA"), NEW_YEAR, "Xã Hải Đăng",
    )  # fmt: skip
    assert sorted(target.children.values_list("code", flat=True)) == [
        "TA.G1.B1", "TA.G1.B2", "TA.G2.B1",
    ]  # fmt: skip
    assert set(
        Unit.objects.filter(code__in=["TA.G1", "TA.G2"]).values_list("status", flat=True)
    ) == {UnitStatus.MERGED}
    assert links(restructuring) >= {
        (LinkRole.SOURCE, "TA.G1"), (LinkRole.SOURCE, "TA.G2"), (LinkRole.TARGET, "TA.G3"),
    }  # fmt: skip
    assert restructuring.details["moved"]["units"] == 3
    assert outline(world.staff_a, world.unit("TA"), DAY_BEFORE) == TREE_OF_PROVINCE_A
    assert outline(world.staff_a, world.unit("TA"), NEW_YEAR)[:2] == [
        "Tỉnh đoàn Hải Đăng",
        "  Đoàn xã Hải Đăng",
    ]


def test_it_merges_a_unit_into_its_upper_unit_and_ends_its_roles(world):
    # Given Bình Minh commune, whose secretary works there
    commune = world.unit("TA.G1")
    assert policy.grants(fresh_user(world.secretary))

    # When the commune is merged into the province (its branches come directly under it)
    services.units_merge(
        actor=world.staff_a, sources=[commune], into=world.unit("TA"), effective_on=NEW_YEAR
    )

    # Then the branches sit directly under the province
    province = world.unit("TA")
    for code in ("TA.G1.B1", "TA.G1.B2"):
        branch = fresh(world.unit(code))
        assert branch.parent == province and branch.depth == 2
    # and the secretary's post ended the day before the commune left the tree.
    assignment = RoleAssignment.objects.get(user=world.secretary, unit=commune)
    assert assignment.end_date == DAY_BEFORE
    assert policy.grants(fresh_user(world.secretary)) == []
    assert outline(world.staff_a, province, DAY_BEFORE) == TREE_OF_PROVINCE_A


def test_it_refuses_merges_that_make_no_sense(world):
    g1, g2, branch = world.unit("TA.G1"), world.unit("TA.G2"), world.unit("TA.G1.B1")

    with pytest.raises(ValidationError, match="at least two"):
        services.units_merge(
            actor=world.staff_a, sources=[g1], effective_on=NEW_YEAR,
            new_unit=services.NewUnitSpec("X", "X1", kind("commune")),
        )  # fmt: skip
    with pytest.raises(ValidationError, match="either"):
        services.units_merge(actor=world.staff_a, sources=[g1, g2], effective_on=NEW_YEAR)
    with pytest.raises(ValidationError, match="inside"):
        services.units_merge(actor=world.staff_a, sources=[g1], into=branch, effective_on=NEW_YEAR)
    with pytest.raises(ValidationError, match="at least"):
        services.units_merge(actor=world.staff_a, sources=[g1], into=g1, effective_on=NEW_YEAR)
    assert not Restructuring.objects.filter(kind=RestructuringKind.MERGE).exists()
    assert set(Unit.objects.values_list("status", flat=True)) == {UnitStatus.ACTIVE}


def test_it_refuses_to_merge_into_a_unit_that_has_left_the_tree(world):
    # Given the school union was merged away already
    school, commune = world.unit("TA.G2"), world.unit("TA.G1")
    services.units_merge(actor=world.staff_a, sources=[school], into=commune, effective_on=NEW_YEAR)

    # When someone merges the commune "into" the old school, from a page still open
    with pytest.raises(ValidationError, match="no longer active"):
        services.units_merge(
            actor=world.staff_a, sources=[fresh(commune)], into=school, effective_on=TODAY
        )

    # Then the commune and its branches stay where they are.
    commune = fresh(commune)
    assert commune.status == UnitStatus.ACTIVE
    assert commune.children.filter(status=UnitStatus.ACTIVE).count() == 3


def test_it_rereads_units_under_lock_and_refuses_a_stale_source(world):
    # Given two people opened the merge of the school; the first one confirmed it
    stale_school = world.unit("TA.G2")
    services.units_merge(
        actor=world.staff_a,
        sources=[fresh(stale_school)],
        into=world.unit("TA.G1"),
        effective_on=NEW_YEAR,
    )

    # When the second confirms with what they read before (the school still "active")
    with pytest.raises(ValidationError, match="no longer active"):
        services.units_merge(
            actor=world.central_admin,
            sources=[stale_school],
            into=world.unit("TA.G1"),
            effective_on=TODAY,
        )

    # Then the first merge stands untouched.
    school = fresh(stale_school)
    assert (school.status, school.valid_to) == (UnitStatus.MERGED, NEW_YEAR)
    assert Restructuring.objects.filter(kind=RestructuringKind.MERGE).count() == 1


def test_it_rereads_a_moved_unit_under_lock_and_refuses_a_stale_move(world):
    # Given two people opened the move of the school; the first moved it under the commune
    stale_school = world.unit("TA.G2")
    services.unit_move(
        actor=world.staff_a, unit=fresh(stale_school), new_parent=world.unit("TA.G1"),
        effective_on=NEW_YEAR,
    )  # fmt: skip

    # When the second confirms the same move with what they read before
    with pytest.raises(ValidationError, match="already under"):
        services.unit_move(
            actor=world.central_admin, unit=stale_school, new_parent=world.unit("TA.G1"),
            effective_on=TODAY,
        )  # fmt: skip

    # Then the school was moved once.
    assert Restructuring.objects.filter(kind=RestructuringKind.MOVE).count() == 1
    assert fresh(stale_school).versions.count() == 2


# --- split -------------------------------------------------------------------------------


def test_it_splits_a_unit_sending_each_sub_unit_where_chosen(world):
    commune = world.unit("TA.G1")
    east, west = world.unit("TA.G1.B1"), world.unit("TA.G1.B2")

    restructuring, (north, south) = services.unit_split(
        actor=world.staff_a, unit=commune,
        new_units=[
            services.NewUnitSpec("Đoàn xã Bình Minh Bắc", "TA.G1N", kind("commune")),
            services.NewUnitSpec("Đoàn xã Bình Minh Nam", "TA.G1S", kind("commune")),
        ],
        child_targets={east.pk: 1, west.pk: 0}, content_targets={}, effective_on=NEW_YEAR,
    )  # fmt: skip

    assert list(fresh(north).children.values_list("code", flat=True)) == ["TA.G1.B2"]
    assert list(fresh(south).children.values_list("code", flat=True)) == ["TA.G1.B1"]
    assert fresh(east).path.startswith(south.path)
    commune = fresh(commune)
    assert (commune.status, commune.valid_to) == (UnitStatus.SPLIT, NEW_YEAR)
    assert {north.parent, south.parent} == {world.unit("TA")}
    assert links(restructuring) == {
        (LinkRole.SOURCE, "TA.G1"), (LinkRole.TARGET, "TA.G1N"), (LinkRole.TARGET, "TA.G1S"),
        (LinkRole.MOVED, "TA.G1.B1"), (LinkRole.MOVED, "TA.G1.B2"),
    }  # fmt: skip
    assert outline(world.staff_a, world.unit("TA"), DAY_BEFORE) == TREE_OF_PROVINCE_A
    assert outline(world.staff_a, world.unit("TA"), NEW_YEAR)[1:5] == [
        "  Đoàn xã Bình Minh Bắc",
        "    Chi đoàn thôn Tây",
        "  Đoàn xã Bình Minh Nam",
        "    Chi đoàn thôn Đông",
    ]
    # The commune's secretary no longer holds a post there.
    assert RoleAssignment.objects.get(user=world.secretary).end_date == DAY_BEFORE


def test_it_refuses_a_split_that_leaves_a_sub_unit_without_a_new_unit(world):
    commune = world.unit("TA.G1")
    specs = [
        services.NewUnitSpec("Đoàn xã Bình Minh Bắc", "TA.G1N", kind("commune")),
        services.NewUnitSpec("Đoàn xã Bình Minh Nam", "TA.G1S", kind("commune")),
    ]
    units_before = Unit.objects.count()

    with pytest.raises(ValidationError, match="Chi đoàn thôn Tây"):
        services.unit_split(
            actor=world.staff_a, unit=commune, new_units=specs,
            child_targets={world.unit("TA.G1.B1").pk: 0}, content_targets={}, effective_on=NEW_YEAR,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="does not exist"):
        services.unit_split(
            actor=world.staff_a, unit=commune, new_units=specs,
            child_targets={world.unit("TA.G1.B1").pk: 0, world.unit("TA.G1.B2").pk: 2},
            content_targets={}, effective_on=NEW_YEAR,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="at least two"):
        services.unit_split(
            actor=world.staff_a, unit=commune, new_units=specs[:1], child_targets={},
            content_targets={}, effective_on=NEW_YEAR,
        )  # fmt: skip

    assert Unit.objects.count() == units_before
    assert fresh(commune).status == UnitStatus.ACTIVE


# --- dissolve ----------------------------------------------------------------------------


def test_it_dissolves_a_unit_only_once_its_sub_units_are_gone(world):
    commune = world.unit("TA.G1")
    assert services.dissolve_blockers(commune) == ["2 active sub-units"]

    # While the branches are there, dissolving is refused
    with pytest.raises(ValidationError, match="2 active sub-units"):
        services.unit_dissolve(
            actor=world.staff_a, unit=commune, effective_on=NEW_YEAR, reason="Giải thể"
        )

    # When one branch joins the school and the other is dissolved
    services.unit_move(
        actor=world.staff_a, unit=world.unit("TA.G1.B1"), new_parent=world.unit("TA.G2"),
        effective_on=NEW_YEAR,
    )  # fmt: skip
    services.unit_dissolve(
        actor=world.secretary,
        unit=world.unit("TA.G1.B2"),
        effective_on=NEW_YEAR,
        reason="Hết thanh niên",
    )
    assert services.dissolve_blockers(fresh(commune)) == []

    # Then the commune can be dissolved, with the reason kept
    with pytest.raises(ValidationError) as no_reason:
        services.unit_dissolve(actor=world.staff_a, unit=commune, effective_on=NEW_YEAR, reason=" ")
    assert "reason" in no_reason.value.message_dict
    restructuring = services.unit_dissolve(
        actor=world.staff_a, unit=commune, effective_on=NEW_YEAR, reason="Sáp nhập địa giới"
    )
    commune = fresh(commune)
    assert (commune.status, commune.valid_to) == (UnitStatus.DISSOLVED, NEW_YEAR)
    assert restructuring.reason == "Sáp nhập địa giới"
    assert links(restructuring) == {(LinkRole.SOURCE, "TA.G1")}
    assert commune.history.first().history_user == world.staff_a
    assert "  Đoàn xã Bình Minh" not in outline(world.staff_a, world.unit("TA"), NEW_YEAR)
    assert outline(world.staff_a, world.unit("TA"), DAY_BEFORE) == TREE_OF_PROVINCE_A
    # and a dissolved unit cannot be dissolved again.
    with pytest.raises(ValidationError, match="no longer active"):
        services.unit_dissolve(
            actor=world.staff_a, unit=commune, effective_on=TODAY, reason="Lần hai"
        )


# --- access ------------------------------------------------------------------------------


RESTRUCTURINGS = {
    "rename": lambda w, actor, unit: services.unit_rename(
        actor=actor, unit=unit, name="Tên khác", effective_on=NEW_YEAR
    ),
    "move": lambda w, actor, unit: services.unit_move(
        actor=actor, unit=unit, new_parent=w.unit("TA.G2"), effective_on=NEW_YEAR
    ),
    "merge": lambda w, actor, unit: services.units_merge(
        actor=actor, sources=[unit], into=w.unit("TA.G2"), effective_on=NEW_YEAR
    ),
    "split": lambda w, actor, unit: services.unit_split(
        actor=actor,
        unit=unit,
        new_units=[
            services.NewUnitSpec("A", "NEW.A", unit.kind),
            services.NewUnitSpec("B", "NEW.B", unit.kind),
        ],
        child_targets={c.pk: 0 for c in unit.children.all()},
        content_targets={},
        effective_on=NEW_YEAR,
    ),
    "dissolve": lambda w, actor, unit: services.unit_dissolve(
        actor=actor, unit=unit, effective_on=NEW_YEAR, reason="Thử"
    ),
}


@pytest.mark.parametrize("action", list(RESTRUCTURINGS))
def test_it_answers_not_found_to_an_actor_who_cannot_see_the_unit(world, action):
    # Province B's staff and an outsider cannot see Bình Minh's branch at all
    for actor in (world.staff_b, world.outsider):
        with pytest.raises(Http404):
            RESTRUCTURINGS[action](world, actor, world.unit("TA.G1.B2"))

    assert fresh(world.unit("TA.G1.B2")).name == "Chi đoàn thôn Tây"
    assert not Restructuring.objects.exclude(kind=RestructuringKind.CREATE).exists()


@pytest.mark.parametrize("action", list(RESTRUCTURINGS))
def test_it_answers_forbidden_to_an_actor_who_sees_the_unit_but_may_not_restructure_it(
    world, action
):
    # The secretary sees their own union, but restructuring it is the upper level's decision;
    # the data-protection officer and a member see units but restructure nothing.
    cases = [
        (world.secretary, "TA.G1"),
        (world.branch_secretary, "TA.G1.B1"),
        (world.member, "TA.G1.B1"),
        (world.dpo_a, "TA.G1.B2"),
    ]
    for actor, code in cases:
        with pytest.raises(PermissionDenied):
            RESTRUCTURINGS[action](world, actor, world.unit(code))

    assert not Restructuring.objects.exclude(kind=RestructuringKind.CREATE).exists()
    assert set(Unit.objects.values_list("status", flat=True)) == {UnitStatus.ACTIVE}


def test_it_lets_a_secretary_restructure_the_units_below_their_union(world):
    services.unit_rename(
        actor=world.secretary, unit=world.unit("TA.G1.B2"), name="Chi đoàn thôn Tây Hòa",
        effective_on=NEW_YEAR,
    )  # fmt: skip
    services.units_merge(
        actor=world.secretary, sources=[world.unit("TA.G1.B2")], into=world.unit("TA.G1.B1"),
        effective_on=TODAY,
    )  # fmt: skip

    assert fresh(world.unit("TA.G1.B2")).status == UnitStatus.MERGED
    # ...but cannot take a branch out to the school union next door, which they cannot see.
    with pytest.raises(Http404):
        services.unit_move(
            actor=world.secretary, unit=world.unit("TA.G1.B1"), new_parent=world.unit("TA.G2"),
            effective_on=TODAY,
        )  # fmt: skip


# --- selectors ---------------------------------------------------------------------------


def test_it_lists_sub_units_in_vietnamese_order_with_their_own_counts(world):
    province = world.unit("TA")
    services.unit_create(
        actor=world.staff_a, parent=province, kind=kind("commune"), name="Đoàn xã Ân Thi",
        code="TA.G3", effective_on=NEW_YEAR,
    )  # fmt: skip
    services.unit_create(
        actor=world.staff_a, parent=province, kind=kind("commune"), name="Đoàn xã Anh Sơn",
        code="TA.G4", effective_on=NEW_YEAR,
    )  # fmt: skip
    services.unit_dissolve(
        actor=world.staff_a, unit=world.unit("TA.G2.B1"), effective_on=TODAY, reason="x"
    )

    rows = [
        (u.name, u.active_children) for u in selectors.sub_units(actor=world.staff_a, unit=province)
    ]

    # Communes (kind order 50) before schools (52); within them a < â, "Anh" < "Ân".
    assert rows == [
        ("Đoàn xã Anh Sơn", 0),
        ("Đoàn xã Ân Thi", 0),
        ("Đoàn xã Bình Minh", 2),
        ("Đoàn trường THPT Sao Mai", 0),
    ]
    school = world.unit("TA.G2")
    assert list(selectors.sub_units(actor=world.staff_a, unit=school)) == []
    assert [
        u.code for u in selectors.sub_units(actor=world.staff_a, unit=school, include_inactive=True)
    ] == ["TA.G2.B1"]
    # The tree as of today orders the same way (by the names of that day).
    assert outline(world.staff_a, province, TODAY)[1:4] == [
        "  Đoàn xã Anh Sơn",
        "  Đoàn xã Ân Thi",
        "  Đoàn xã Bình Minh",
    ]


def test_it_counts_active_units_below_a_unit(world):
    services.unit_dissolve(
        actor=world.staff_a, unit=world.unit("TA.G2.B1"), effective_on=TODAY, reason="x"
    )

    figures = selectors.unit_figures(actor=world.central_admin, unit=world.unit("ROOT"))

    # TA, TA.G1, TA.G1.B1, TA.G1.B2, TA.G2, TB, TB.G1, TB.G1.B1
    assert figures.sub_units == 8
    assert figures.grassroots == 3
    assert figures.branches == 3


def test_it_shows_breadcrumbs_only_as_far_up_as_the_user_sees(world):
    branch = world.unit("TA.G1.B1")

    assert [u.name for u in selectors.breadcrumbs(actor=world.central_admin, unit=branch)] == [
        "Trung ương Đoàn", "Tỉnh đoàn Hải Đăng", "Đoàn xã Bình Minh",
    ]  # fmt: skip
    assert [u.name for u in selectors.breadcrumbs(actor=world.secretary, unit=branch)] == [
        "Đoàn xã Bình Minh"
    ]
    assert selectors.breadcrumbs(actor=world.branch_secretary, unit=branch) == []


def test_it_offers_only_reachable_upper_units_as_move_targets(world):
    targets = selectors.move_targets(actor=world.staff_a, unit=world.unit("TA.G1.B1"))

    # The province itself (staff found units directly under it), and the other units of the
    # province that may have sub-units; never the branch itself, its current upper unit,
    # or anything in province B.
    assert [u.code for u in targets] == ["TA", "TA.G1.B2", "TA.G2", "TA.G2.B1"]
    secretary_targets = selectors.move_targets(actor=world.secretary, unit=world.unit("TA.G1.B1"))
    assert [u.code for u in secretary_targets] == ["TA.G1.B2"]
    assert not selectors.move_targets(actor=world.member, unit=world.unit("TA.G1.B1")).exists()


def test_it_offers_active_siblings_in_scope_as_merge_candidates(world):
    gone = services.unit_create(
        actor=world.staff_a, parent=world.unit("TA"), kind=kind("commune"), name="Đoàn xã Ân Thi",
        code="TA.G3", effective_on=NEW_YEAR,
    )  # fmt: skip
    services.unit_dissolve(actor=world.staff_a, unit=gone, effective_on=TODAY, reason="x")

    candidates = selectors.merge_candidates(actor=world.staff_a, unit=world.unit("TA.G1"))

    assert [u.code for u in candidates] == ["TA.G2"]
    assert not selectors.merge_candidates(actor=world.secretary, unit=world.unit("TA.G1")).exists()
    assert not selectors.merge_candidates(
        actor=world.central_admin, unit=world.unit("ROOT")
    ).exists()


def test_it_rebuilds_no_tree_before_a_unit_existed_and_none_out_of_scope(world):
    assert (
        selectors.tree_as_of(actor=world.staff_a, root=world.unit("TA"), day=dt.date(2000, 1, 1))
        is None
    )
    with pytest.raises(Http404):
        selectors.tree_as_of(actor=world.staff_b, root=world.unit("TA"), day=TODAY)


def test_it_lists_a_units_restructurings_newest_first(world):
    unit = world.unit("TA.G2")
    rename = services.unit_rename(
        actor=world.staff_a, unit=unit, name="Tên mới", effective_on=NEW_YEAR
    )
    move = services.unit_move(
        actor=world.central_admin, unit=fresh(unit), new_parent=world.unit("TB"), effective_on=TODAY
    )

    listed = selectors.unit_restructurings(actor=world.central_admin, unit=unit)

    assert [r.id for r in listed[:2]] == [move.pk, rename.pk]
    assert listed[2].kind == RestructuringKind.CREATE
    assert listed[1].details == rename.details and listed[1].details["new_name"] == "Tên mới"
    sides = listed[0].sides
    assert sides[LinkRole.NEW_PARENT] == [(world.unit("TB").pk, world.unit("TB").name)]
    assert sides[LinkRole.OLD_PARENT] == [(world.unit("TA").pk, world.unit("TA").name)]
    assert sides[LinkRole.SOURCE] == [(unit.pk, "Tên mới")]
    # The unit page shows the newest ones only, limited in SQL.
    assert [r.id for r in selectors.unit_restructurings(
        actor=world.central_admin, unit=unit, limit=1
    )] == [move.pk]  # fmt: skip


# --- history -----------------------------------------------------------------------------


def test_it_records_who_moved_the_sub_units_of_a_merged_unit(world):
    services.units_merge(
        actor=world.staff_a,
        sources=[world.unit("TA.G2")],
        into=world.unit("TA.G1"),
        effective_on=NEW_YEAR,
    )

    latest = history.rows(fresh(world.unit("TA.G2.B1")).history.all())[0]

    assert latest.who == world.staff_a
    # The page shows what a person understands: the upper unit, not internal paths.
    assert [(str(label), str(old), str(new)) for label, old, new in latest.changes] == [
        ("upper unit", "Đoàn trường THPT Sao Mai", "Đoàn xã Bình Minh")
    ]


# --- records of other apps follow (orgs.registry) ---------------------------------------


class Notebooks:
    """A stand-in for an app that keeps records per unit (e.g. members in branches)."""

    key = "notebooks"

    def __init__(self, records: dict[int, int]):
        self.records = records  # record id -> unit id
        self.repaths: list[tuple[str, str]] = []

    def label(self):
        return "notebooks"

    def count(self, unit):
        return sum(1 for unit_id in self.records.values() if unit_id == unit.pk)

    def items(self, unit):
        return [
            ContentItem(i, f"notebook {i}") for i, u in sorted(self.records.items()) if u == unit.pk
        ]

    def move_all(self, *, source, target, restructuring):
        moved = [i for i, u in self.records.items() if u == source.pk]
        for i in moved:
            self.records[i] = target.pk
        return len(moved)

    def move_items(self, *, ids, source, target, restructuring):
        for i in ids:
            assert self.records[i] == source.pk
            self.records[i] = target.pk
        return len(ids)

    def repath(self, *, old_prefix, new_prefix):
        self.repaths.append((old_prefix, new_prefix))
        return 0


@pytest.fixture
def notebooks(world, monkeypatch):
    content = Notebooks(
        {1: world.unit("TA.G2").pk, 2: world.unit("TA.G2").pk, 3: world.unit("TA.G1").pk}
    )
    monkeypatch.setattr(registry, "_contents", {content.key: content})
    return content


def test_it_takes_records_of_other_apps_along_in_a_merge(world, notebooks):
    restructuring, _target = services.units_merge(
        actor=world.staff_a,
        sources=[world.unit("TA.G2")],
        into=world.unit("TA.G1"),
        effective_on=NEW_YEAR,
    )

    assert notebooks.records == {
        1: world.unit("TA.G1").pk,
        2: world.unit("TA.G1").pk,
        3: world.unit("TA.G1").pk,
    }
    assert restructuring.details["moved"] == {"units": 1, "notebooks": 2}
    # The school's branch moved too, so its stored paths were rewritten.
    assert notebooks.repaths and notebooks.repaths[0][0] == world.unit("TA.G2.B1").path


def test_it_splits_records_of_other_apps_as_chosen_and_refuses_unassigned_ones(world, notebooks):
    school = world.unit("TA.G2")
    specs = [
        services.NewUnitSpec("Đoàn trường Sao Mai cơ sở 1", "TA.G2A", kind("school")),
        services.NewUnitSpec("Đoàn trường Sao Mai cơ sở 2", "TA.G2B", kind("school")),
    ]
    children = {world.unit("TA.G2.B1").pk: 0}

    with pytest.raises(ValidationError, match="every one of the 2 notebooks"):
        services.unit_split(
            actor=world.staff_a, unit=school, new_units=specs, child_targets=children,
            content_targets={"notebooks": {1: 0}}, effective_on=NEW_YEAR,
        )  # fmt: skip
    _r, (first, second) = services.unit_split(
        actor=world.staff_a, unit=school, new_units=specs, child_targets=children,
        content_targets={"notebooks": {1: 0, 2: 1}}, effective_on=NEW_YEAR,
    )  # fmt: skip

    assert notebooks.records[1] == first.pk and notebooks.records[2] == second.pk


def test_it_refuses_to_dissolve_a_unit_that_still_keeps_records(world, notebooks):
    services.unit_dissolve(
        actor=world.staff_a, unit=world.unit("TA.G2.B1"), effective_on=TODAY, reason="x"
    )
    school = world.unit("TA.G2")

    assert services.dissolve_blockers(school) == ["2 notebooks"]
    with pytest.raises(ValidationError, match="2 notebooks"):
        services.unit_dissolve(
            actor=world.staff_a, unit=school, effective_on=TODAY, reason="Giải thể"
        )
    assert fresh(school).status == UnitStatus.ACTIVE
