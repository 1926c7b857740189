"""Password reset by an officer (ASVS 2.5, 4.1.3): chudong has no self-service reset by
e-mail; an officer who manages roles at a unit issues a temporary password to the holder
of a role there, shown once, to be changed at the next login.

A person may hold roles at several units (province staff who is also a member of a
branch). The reset must not let a lower officer take over an account that holds a role
they do not manage: resetting it would hand them the keys to the upper level.
"""

from __future__ import annotations

import html
import re

from django.contrib.messages import get_messages

from chudong.access.models import Role, RoleAssignment
from chudong.accounts.models import User
from chudong.accounts.services import user_create
from conftest import FOUNDED, PASSWORD


def _text(response) -> str:
    body = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return " ".join(body.split())


def _hold(user, unit, role_code: str) -> RoleAssignment:
    return RoleAssignment.objects.create(
        user=user, unit=unit, role=Role.objects.get(code=role_code), start_date=FOUNDED
    )


def test_a_branch_officer_resets_the_password_of_a_member_of_the_branch(world, login):
    holder = user_create(username="doanvien.dong", full_name="Ngô Thị Đông", password=PASSWORD)
    assignment = _hold(holder, world.unit("TA.G1.B1"), "member")
    client = login(world.secretary)
    response = client.post(
        f"/units/{world.unit('TA.G1.B1').pk}/leadership/{assignment.pk}/password/"
    )
    assert response.status_code == 302
    holder = User.objects.get(pk=holder.pk)
    assert holder.must_change_password
    assert not holder.check_password(PASSWORD)
    shown = " ".join(str(m) for m in get_messages(response.wsgi_request))
    temporary = re.search(r"\): (\S+) —", shown).group(1)
    assert holder.check_password(temporary)


def test_an_officer_cannot_take_over_an_account_that_holds_a_role_above_them(world, login):
    # Province staff who is also a plain member of a branch of the commune.
    assignment = _hold(world.staff_a, world.unit("TA.G1.B1"), "member")
    client = login(world.secretary)  # secretary of the commune: manages TA.G1 and below
    response = client.post(
        f"/units/{world.unit('TA.G1.B1').pk}/leadership/{assignment.pk}/password/", follow=True
    )
    assert response.status_code == 200
    assert "Không thể cấp mật khẩu tạm" in _text(response)
    staff = User.objects.get(pk=world.staff_a.pk)
    assert staff.check_password(PASSWORD)
    assert not staff.must_change_password


def test_the_upper_level_may_reset_it(world, login):
    assignment = _hold(world.secretary, world.unit("TA.G1.B1"), "member")
    response = login(world.staff_a).post(
        f"/units/{world.unit('TA.G1.B1').pk}/leadership/{assignment.pk}/password/"
    )
    assert response.status_code == 302
    assert User.objects.get(pk=world.secretary.pk).must_change_password


def test_the_temporary_password_must_be_changed_before_anything_else(world, client):
    from chudong.accounts.services import user_set_temporary_password

    temporary = user_set_temporary_password(user=world.branch_secretary)
    response = client.post(
        "/accounts/login/", {"username": "branch.secretary", "password": temporary}
    )
    assert response.status_code == 302
    for path in (f"/units/{world.unit('TA.G1.B1').pk}/", "/api/v1/units/"):
        assert client.get(path)["Location"] == "/accounts/profile/", path
