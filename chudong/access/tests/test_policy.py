"""The access policy: which units each persona sees, what they may do there (a role at U
works over U and below; BELOW_ONLY capabilities strictly below), what they may hand out,
and who owes a second factor."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from chudong.access import policy
from chudong.access.capabilities import BELOW_ONLY, Cap
from chudong.access.models import Role, RoleAssignment
from chudong.orgs.models import Unit

TODAY = dt.date(dt.date.today().year + 1, 3, 2)

ALL_CODES = ["ROOT", "TA", "TA.G1", "TA.G1.B1", "TA.G1.B2", "TA.G2", "TA.G2.B1"]
ALL_CODES += ["TB", "TB.G1", "TB.G1.B1"]
TA_TREE = ["TA", "TA.G1", "TA.G1.B1", "TA.G1.B2", "TA.G2", "TA.G2.B1"]


@pytest.fixture(autouse=True)
def frozen_today():
    moment = dt.datetime.combine(TODAY, dt.time(9, 30), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(moment):
        yield


def fresh_user(user):
    """The same person as a new request would see them: no grants cached yet."""
    return type(user).objects.get(pk=user.pk)


def visible(user, cap=Cap.UNITS_VIEW) -> list[str]:
    units = Unit.objects.filter(policy.scope_q(fresh_user(user), cap, "path"))
    return sorted(units.values_list("code", flat=True), key=ALL_CODES.index)


def role(code: str) -> Role:
    return Role.objects.get(code=code)


# --- scope -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("central_admin", ALL_CODES),
        ("staff_a", TA_TREE),
        ("staff_b", ["TB", "TB.G1", "TB.G1.B1"]),
        ("secretary", ["TA.G1", "TA.G1.B1", "TA.G1.B2"]),
        ("branch_secretary", ["TA.G1.B1"]),
        ("member", ["TA.G1.B1"]),
        ("dpo_a", TA_TREE),
        ("outsider", []),
    ],
)
def test_it_lets_each_persona_see_their_unit_and_everything_below_it(world, persona, expected):
    assert visible(getattr(world, persona)) == expected


def test_it_grants_below_only_capabilities_strictly_below_the_holders_unit(world):
    # The province staff restructure and staff the units below the province, not itself
    assert visible(world.staff_a, Cap.UNITS_RESTRUCTURE) == TA_TREE[1:]
    assert visible(world.staff_a, Cap.ROLES_MANAGE) == TA_TREE[1:]
    # and a grassroots secretary those below their union, while managing the union's details.
    assert visible(world.secretary, Cap.UNITS_RESTRUCTURE) == ["TA.G1.B1", "TA.G1.B2"]
    assert visible(world.secretary, Cap.UNITS_MANAGE) == ["TA.G1", "TA.G1.B1", "TA.G1.B2"]
    assert visible(world.branch_secretary, Cap.ROLES_MANAGE) == []
    assert visible(world.member, Cap.UNITS_MANAGE) == []


def test_it_answers_the_same_for_one_unit_as_for_the_scope_filter(world):
    # `can` (services) and `scope_q` (selectors) must never disagree.
    for persona in ("central_admin", "staff_a", "secretary", "branch_secretary", "member", "dpo_a"):
        user = fresh_user(getattr(world, persona))
        for cap in Cap:
            in_scope = set(
                Unit.objects.filter(policy.scope_q(user, cap, "path")).values_list(
                    "code", flat=True
                )
            )
            for code in ALL_CODES:
                assert policy.can(user, cap, world.unit(code)) == (code in in_scope), (
                    persona, cap, code,
                )  # fmt: skip


def test_it_filters_other_models_by_the_path_of_their_unit(world):
    rows = RoleAssignment.objects.filter(
        policy.scope_q(fresh_user(world.secretary), Cap.UNITS_VIEW, "unit__path")
    )

    assert sorted(rows.values_list("user__username", flat=True)) == [
        "branch.secretary", "member", "secretary",
    ]  # fmt: skip


def test_it_collapses_nested_grants_into_the_top_one(world):
    # Given the province staff member also leads a branch inside the province
    RoleAssignment.objects.create(
        user=world.staff_a, unit=world.unit("TA.G1.B1"), role=role("secretary"), start_date=TODAY
    )
    user = fresh_user(world.staff_a)

    # Then their scope is still the province once, and BELOW_ONLY stays strictly below it.
    assert policy.visible_roots(user) == [world.unit("TA").path]
    assert visible(user) == TA_TREE
    assert visible(user, Cap.UNITS_RESTRUCTURE) == TA_TREE[1:]


# --- grants ------------------------------------------------------------------------------


def test_it_counts_only_assignments_running_today_at_active_units(world):
    user = world.outsider
    assign = RoleAssignment.objects.create
    assign(user=user, unit=world.unit("TA.G2"), role=role("member"), start_date=TODAY)
    assign(
        user=user, unit=world.unit("TB.G1"), role=role("member"),
        start_date=dt.date(2020, 1, 1), end_date=TODAY - dt.timedelta(days=1),
    )  # fmt: skip
    assign(
        user=user, unit=world.unit("TB"), role=role("staff"),
        start_date=TODAY + dt.timedelta(days=1),
    )  # fmt: skip
    assign(
        user=user, unit=world.unit("TA.G1.B2"), role=role("member"),
        start_date=dt.date(2020, 1, 1), end_date=TODAY,
    )  # fmt: skip

    grants = policy.grants(fresh_user(user))

    assert sorted(g.unit_id for g in grants) == sorted(
        [world.unit("TA.G2").pk, world.unit("TA.G1.B2").pk]
    )
    # A unit that left the tree grants nothing, even before its assignments are ended.
    Unit.objects.filter(pk=world.unit("TA.G2").pk).update(status="dissolved", valid_to=TODAY)
    assert [g.unit_id for g in policy.grants(fresh_user(user))] == [world.unit("TA.G1.B2").pk]


def test_it_gives_no_grants_to_anonymous_or_deactivated_users(world):
    user = fresh_user(world.staff_a)
    user.is_active = False

    assert policy.grants(AnonymousUser()) == []
    assert policy.grants(None) == []
    assert policy.grants(user) == []
    assert not policy.can(user, Cap.UNITS_VIEW, world.unit("TA"))


def test_it_caches_grants_for_the_request_until_told_to_forget(world):
    user = fresh_user(world.outsider)
    assert policy.grants(user) == []

    # Given the user is appointed while their grants are cached
    RoleAssignment.objects.create(
        user=world.outsider, unit=world.unit("TA.G2"), role=role("member"), start_date=TODAY
    )

    # Then the cached answer is used without a query...
    with CaptureQueriesContext(connection) as queries:
        assert policy.grants(user) == []
        assert not policy.can(user, Cap.UNITS_VIEW, world.unit("TA.G2"))
    assert len(queries) == 0
    # ...until the cache is dropped.
    policy.forget(user)
    assert policy.can(user, Cap.UNITS_VIEW, world.unit("TA.G2"))


# --- one object --------------------------------------------------------------------------


def test_it_answers_not_found_for_invisible_and_forbidden_for_visible(world):
    commune = world.unit("TA.G1")

    with pytest.raises(Http404):
        policy.require(fresh_user(world.staff_b), Cap.UNITS_RESTRUCTURE, commune)
    with pytest.raises(PermissionDenied):
        policy.require(fresh_user(world.secretary), Cap.UNITS_RESTRUCTURE, commune)
    policy.require(fresh_user(world.staff_a), Cap.UNITS_RESTRUCTURE, commune)


@pytest.mark.parametrize("unit_id", ["999999", "abc", None, ""])
def test_it_answers_not_found_for_missing_or_malformed_ids(world, unit_id):
    with pytest.raises(Http404):
        policy.get_unit(fresh_user(world.central_admin), unit_id)


def test_it_fetches_a_visible_unit_with_what_pages_need(world):
    user = fresh_user(world.secretary)
    branch = policy.get_unit(user, str(world.unit("TA.G1.B1").pk))

    with CaptureQueriesContext(connection) as queries:
        assert (branch.kind.code, branch.parent.code) == ("branch", "TA.G1")
    assert len(queries) == 0
    with pytest.raises(Http404):
        policy.get_unit(user, world.unit("TA.G2").pk)


def test_it_lets_a_unit_be_founded_under_the_holders_own_unit(world):
    secretary = fresh_user(world.secretary)

    assert policy.can_create_under(secretary, Cap.UNITS_RESTRUCTURE, world.unit("TA.G1"))
    assert policy.can_create_under(secretary, Cap.UNITS_RESTRUCTURE, world.unit("TA.G1.B1"))
    assert not policy.can_create_under(secretary, Cap.UNITS_RESTRUCTURE, world.unit("TA"))
    assert not policy.can_create_under(
        fresh_user(world.member), Cap.UNITS_RESTRUCTURE, world.unit("TA.G1.B1")
    )


def test_it_shows_only_the_ancestors_the_user_may_see(world):
    branch = world.unit("TA.G1.B1")

    def crumbs(user):
        paths = policy.ancestor_paths_visible(fresh_user(user), branch)
        return [Unit.objects.get(path=p).code for p in paths]

    assert crumbs(world.central_admin) == ["ROOT", "TA", "TA.G1"]
    assert crumbs(world.staff_a) == ["TA", "TA.G1"]
    assert crumbs(world.secretary) == ["TA.G1"]
    assert crumbs(world.member) == []


# --- handing out capabilities ------------------------------------------------------------


def test_it_lists_the_capabilities_held_over_a_unit(world):
    secretary = fresh_user(world.secretary)
    secretary_caps = frozenset(Cap(c) for c in role("secretary").capabilities)

    assert policy.caps_over(secretary, world.unit("TA.G1.B1")) == secretary_caps
    assert policy.caps_over(secretary, world.unit("TA.G1")) == secretary_caps - BELOW_ONLY
    assert policy.caps_over(secretary, world.unit("TA")) == frozenset()
    assert policy.caps_over(fresh_user(world.member), world.unit("TA.G1.B1")) == {Cap.UNITS_VIEW}


def test_it_lets_nobody_hand_out_more_than_they_hold_over_the_unit(world):
    secretary, staff = fresh_user(world.secretary), fresh_user(world.staff_a)
    branch, commune = world.unit("TA.G1.B1"), world.unit("TA.G1")

    def may(user, role_code, unit):
        return policy.may_grant(user, role(role_code).capabilities, unit)

    # A grassroots secretary may appoint the leadership of their branches...
    assert may(secretary, "secretary", branch)
    assert may(secretary, "member", branch)
    # ...but not a successor at their own union, nor province staff or a data protection
    # officer anywhere (they hold neither recognition.review nor audit.view).
    assert not may(secretary, "secretary", commune)
    assert not may(secretary, "staff", branch)
    assert not may(secretary, "data-protection", branch)
    # Province staff appoint secretaries below them, but hold no audit.view to pass on.
    assert may(staff, "secretary", commune)
    assert not may(staff, "data-protection", commune)
    assert may(fresh_user(world.central_admin), "data-protection", world.unit("TA"))
    # Handing out nothing is always allowed.
    assert policy.may_grant(secretary, [], branch)


# --- two-factor --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "owes_second_factor"),
    [
        ("central_admin", True),
        ("staff_a", True),
        ("staff_b", True),
        ("dpo_a", True),
        ("secretary", False),
        ("branch_secretary", False),
        ("member", False),
        ("outsider", False),
    ],
)
def test_it_asks_a_second_factor_of_province_level_roles_only(
    world, settings, persona, owes_second_factor
):
    user = fresh_user(getattr(world, persona))

    settings.CHUDONG_2FA_ENFORCED = True
    assert policy.requires_two_factor(user) is owes_second_factor
    settings.CHUDONG_2FA_ENFORCED = False
    assert policy.requires_two_factor(user) is False
