"""Founding a branch with its provisional committee: one decision, one transaction, through
the restructuring, appointment and member-move services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from chudong.access.models import RoleAssignment
from chudong.accounts.models import User
from chudong.building import founding
from chudong.members.models import Member
from chudong.orgs.models import Restructuring, RestructuringKind, Unit, UnitKind

from .conftest import make_member

pytestmark = pytest.mark.django_db


def _on(days_ago: int = 5) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days_ago)


def _branch_kind() -> UnitKind:
    return UnitKind.objects.get(code="branch")


def test_a_grassroots_secretary_founds_a_branch_with_its_committee_and_members(world, people, b1):
    deputy = make_member(world.central_admin, b1, "Vũ Thị Thu", user=world.member)
    g1 = world.unit("TA.G1")
    result = founding.branch_found(
        actor=world.secretary, parent=g1, name="Chi đoàn  xóm Mới", kind=_branch_kind(),
        founded_on=_on(), decision_number="25-QĐ/ĐTN", secretary=people["an"], deputy=deputy,
        move=[people["an"], people["binh"], deputy],
    )  # fmt: skip
    branch = Unit.objects.get(pk=result.branch.pk)
    assert (branch.name, branch.parent, branch.kind.code) == ("Chi đoàn xóm Mới", g1, "branch")
    assert branch.code == "TA.G1.CD01" and branch.founded_on == _on()
    created = Restructuring.objects.get(kind=RestructuringKind.CREATE, decision_number="25-QĐ/ĐTN")
    assert created.effective_on == _on()
    posts = dict(RoleAssignment.objects.filter(unit=branch).values_list("role__code", "user_id"))
    an = Member.objects.get(pk=people["an"].pk)
    # An had no account: one was made, linked to the record, with a one-time password.
    assert an.user_id and posts == {"secretary": an.user_id, "deputy-secretary": world.member.pk}
    assert [user.pk for user, _password in result.passwords] == [an.user_id]
    assert User.objects.get(pk=an.user_id).must_change_password
    assert result.moved == 3
    assert set(Member.objects.filter(unit=branch).values_list("full_name", flat=True)) == {
        "Nguyễn Văn An", "Trần Thị Bình", "Vũ Thị Thu",
    }  # fmt: skip
    assert branch.member_count.active == 3


def test_a_failure_at_any_step_leaves_nothing_behind(world, people, b1):
    late = make_member(world.central_admin, b1, "Hồ Văn Muộn", since=_on(1))
    users, units = User.objects.count(), Unit.objects.count()
    with pytest.raises(ValidationError) as caught:
        founding.branch_found(
            actor=world.secretary, parent=world.unit("TA.G1"), name="Chi đoàn xóm Mới",
            kind=_branch_kind(), founded_on=_on(5), decision_number="26-QĐ/ĐTN",
            secretary=people["an"], move=[people["binh"], late],
        )  # fmt: skip
    assert "move" in caught.value.message_dict
    assert (User.objects.count(), Unit.objects.count()) == (users, units)
    assert not RoleAssignment.objects.filter(
        role__code="secretary", user__full_name="Nguyễn Văn An"
    )
    assert Member.objects.get(pk=people["binh"].pk).unit == b1
    assert Member.objects.get(pk=people["an"].pk).user_id is None


def _committee_member(world, unit):
    from chudong.access.models import Role

    RoleAssignment.objects.create(
        user=world.outsider, unit=unit, role=Role.objects.get(code="executive-committee"),
        start_date=unit.valid_from,
    )  # fmt: skip
    return world.outsider


def test_who_may_found_where(world, people):
    g1, b1 = world.unit("TA.G1"), world.unit("TA.G1.B1")
    assert founding.may_found_under(world.secretary, g1)
    assert founding.may_found_under(world.staff_a, g1)
    assert not founding.may_found_under(world.branch_secretary, g1)
    assert not founding.may_found_under(world.secretary, b1)  # a branch has no branches
    with pytest.raises(Http404):  # the branch secretary does not see the commune union
        founding.branch_found(
            actor=world.branch_secretary, parent=g1, name="Chi đoàn X", kind=_branch_kind(),
            founded_on=_on(), decision_number="1", secretary=people["an"],
        )  # fmt: skip
    committee = _committee_member(world, g1)
    assert not founding.may_found_under(committee, g1)
    with pytest.raises(PermissionDenied):
        founding.branch_found(
            actor=committee, parent=g1, name="Chi đoàn X", kind=_branch_kind(),
            founded_on=_on(), decision_number="1", secretary=people["an"],
        )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        founding.branch_found(
            actor=world.secretary, parent=g1, name=" ", kind=UnitKind.objects.get(code="commune"),
            founded_on=_on(), decision_number="", secretary=people["an"], deputy=people["an"],
        )  # fmt: skip
    assert caught.value.message_dict.keys() >= {"name", "kind", "decision_number", "deputy"}
    with pytest.raises(ValidationError) as caught:
        founding.branch_found(
            actor=world.secretary, parent=g1, name="Chi đoàn X",
            kind=UnitKind.objects.get(code="grassroots-branch"), founded_on=_on(),
            decision_number="1", secretary=people["an"],
        )  # fmt: skip
    assert "kind" in caught.value.message_dict  # a chi đoàn cơ sở is not founded in a commune
    assert founding.default_kind(g1).code == "branch"
    assert founding.default_kind(world.unit("TA")).code == "grassroots-branch"
    outside = make_member(world.central_admin, world.unit("TA.G2.B1"), "Mai Văn Xa")
    with pytest.raises(ValidationError) as caught:
        founding.branch_found(
            actor=world.staff_a, parent=g1, name="Chi đoàn X", kind=_branch_kind(),
            founded_on=_on(), decision_number="1", secretary=outside,
        )  # fmt: skip
    assert "secretary" in caught.value.message_dict


def test_the_founding_page(world, login, people):
    g1 = world.unit("TA.G1")
    url = reverse("building:found", args=[g1.pk])
    client = login(world.secretary)
    page = client.get(url).content.decode()
    assert "Nguyễn Văn An" in page and 'name="decision_number"' in page
    response = client.post(url, {
        "name": "Chi đoàn xóm Mới", "kind": _branch_kind().pk,
        "founded_on": _on().strftime("%d/%m/%Y"), "decision_number": "27-QĐ/ĐTN",
        "secretary": people["an"].pk, "deputy": "", "move": [people["an"].pk],
    })  # fmt: skip
    branch = Unit.objects.get(name="Chi đoàn xóm Mới")
    assert response.status_code == 302 and response["Location"] == reverse(
        "orgs:unit", args=[branch.pk]
    )
    shown = client.get(response["Location"]).content.decode()
    assert "Chi đoàn xóm Mới" in shown
    assert Member.objects.get(pk=people["an"].pk).unit == branch
    # Out of scope: not found; an executive committee member sees but may not found.
    assert login(world.staff_b).get(url).status_code == 404
    assert login(world.branch_secretary).post(url, {"name": "X"}).status_code == 404
    committee = _committee_member(world, g1)
    assert login(committee).post(url, {"name": "X"}).status_code == 403
    assert not Unit.objects.filter(name="X").exists()
