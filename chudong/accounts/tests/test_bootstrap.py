from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.accounts.models import User
from chudong.orgs.models import Unit


def test_it_refuses_a_database_that_already_has_units(world):
    with pytest.raises(CommandError, match="already has units"):
        call_command("bootstrap", admin_username="quantri", admin_name="Nguyễn Văn A")


def test_it_creates_the_root_and_an_administrator_who_must_change_the_password(world):
    # `world` puts back the reference data (unit kinds, roles) a transactional test run
    # before this one on the same worker may have flushed; then start from an empty tree.
    from chudong.access.models import RoleAssignment
    from chudong.orgs.models import Restructuring, RestructuringLink, UnitVersion

    RoleAssignment.objects.all().delete()
    RestructuringLink.objects.all().delete()
    Restructuring.objects.all().delete()
    UnitVersion.objects.all().delete()
    for unit in Unit.objects.order_by("-depth"):
        unit.delete()

    out = StringIO()
    call_command(
        "bootstrap", admin_username="quantri.tw", admin_name="nguyễn văn an",
        admin_email="quantri@example.vn", stdout=out,
    )  # fmt: skip

    root = Unit.objects.get()
    admin = User.objects.get(username="quantri.tw")
    assert root.code == "TW" and root.parent is None
    assert admin.full_name == "Nguyễn Văn An"
    assert admin.must_change_password
    password = out.getvalue().split("temporary password: ")[1].split()[0]
    assert admin.check_password(password)
    assert policy.can(admin, Cap.UNITS_RESTRUCTURE, root) is False  # strictly below only
    assert policy.can_create_under(admin, Cap.UNITS_RESTRUCTURE, root)
