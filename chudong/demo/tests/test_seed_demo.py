"""`manage.py seed_demo`: loads the demo province into an empty database once, through the
real services (so its 2025 reform is recorded history), refuses to load twice, and prints
the demo logins.

Seeding takes a core most of a minute, so the load checked here is the one the test run
makes once and shares (tests/template_db.py): the real command, run on an empty migrated
database at DEMO_DAY; its rows are put in this test's database and its output kept."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory

from chudong.access.models import RoleAssignment
from chudong.accounts.models import User
from chudong.demo import portal_api, tree
from chudong.orgs import selectors
from chudong.orgs.models import Restructuring, RestructuringKind, Unit, UnitStatus
from tests.template_db import DEMO_DAY, demo, demo_load

TODAY = DEMO_DAY.date()


@pytest.fixture
def seeded(db) -> str:
    """The demo as seed_demo loaded it into an empty database (inside the test's
    transaction, so the base world comes back after); what the command printed."""
    loaded = demo(connection.settings_dict)
    demo_load(loaded)
    return loaded.output


def seed(*args: str) -> str:
    out = StringIO()
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(9, 0), tzinfo=dt.UTC)):
        call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_it_loads_the_demo_province_once_and_prints_the_logins(seeded):
    # When the demo was seeded into an empty database
    output = seeded

    # Then it says so and prints every demo login with the shared password
    assert "Demo data loaded." in output
    assert f"password for all: {tree.DEMO_PASSWORD}" in output
    for username in tree.DEMO_USERNAMES:
        assert username in output
    assert "Tỉnh đoàn Thái Nguyên" in output
    units = Unit.objects.count()
    assignments = RoleAssignment.objects.count()
    assert units > 60

    # When it is run again, nothing is added
    again = seed()
    assert "The database already has units; demo data not loaded." in again
    assert "Demo data loaded." not in again
    assert Unit.objects.count() == units
    assert RoleAssignment.objects.count() == assignments

    # It was built through the real services (checked on this one load: seeding is slow).
    _it_was_built_through_the_real_services()
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(10, 0), tzinfo=dt.UTC)):
        _its_activation_code_and_api_tokens_work(output)

    # and the logins alone can be printed at any time.
    logins = seed("--logins-only")
    assert "already has units" not in logins
    assert all(username in logins for username in tree.DEMO_USERNAMES)


def test_it_refuses_to_load_into_a_database_that_has_units(world):
    units = Unit.objects.count()

    output = seed("--no-logins")

    assert output.strip() == "The database already has units; demo data not loaded."
    assert Unit.objects.count() == units
    assert not Unit.objects.filter(code="TN").exists()


def _it_was_built_through_the_real_services():
    admin = User.objects.get(username="admin.tw")
    province = Unit.objects.get(code="TN")

    # The district unions and the old communes left the tree on 1/7/2025 as "merged"
    for code in ("TN.PB", "TN.DT", "TN.PB.HS", "TN.PB.XP", "TN.PB.UK", "TN.DT.QC", "TN.DT.LC"):
        unit = Unit.objects.get(code=code)
        assert (unit.status, unit.valid_to) == (UnitStatus.MERGED, tree.REFORM), code
    # the new commune union took over the old communes' branches, directly under the province
    phu_binh = Unit.objects.get(code="TN.XPB")
    assert phu_binh.parent == province
    assert phu_binh.children.filter(code__startswith="TN.PB.HS.").count() == 3
    assert Restructuring.objects.filter(kind=RestructuringKind.MERGE).count() == 4
    # and the tree of the day before still shows the districts.
    before = selectors.tree_as_of(
        actor=admin, root=province, day=tree.REFORM - dt.timedelta(days=1)
    )
    after = selectors.tree_as_of(actor=admin, root=province, day=tree.REFORM)
    assert "Huyện đoàn Phú Bình" in [n.name for n in before.children]
    assert "Huyện đoàn Phú Bình" not in [n.name for n in after.children]
    assert "Đoàn xã Phú Bình" in [n.name for n in after.children]

    # Its logins work, with the phone number written any way too.
    request = RequestFactory().post("/accounts/login/")
    for login in ("bithu.phubinh", "0912000301", "+84 912 000 301", "bithu.phubinh@chudong.local"):
        user = authenticate(request, username=login, password=tree.DEMO_PASSWORD)
        assert user is not None and user.username == "bithu.phubinh", login
    assert authenticate(request, username="bithu.phubinh", password="wrong") is None


def _its_activation_code_and_api_tokens_work(output: str):
    """The printed demo code opens the account of a member of Khánh's branch; the printed
    tokens answer on the API: Khánh's shows his documents (one waits for him), the service
    account's starts at the province."""
    from django.core.cache import cache
    from django.test import Client

    from chudong.members.models import Member
    from chudong.portal import services as portal_services

    for secret in (portal_api.ACTIVATION_CODE, portal_api.MEMBER_TOKEN, portal_api.SERVICE_TOKEN):
        assert secret in output
    cache.clear()
    client = Client()

    def get(path, token):
        return client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}").json()

    documents = get("/api/v1/documents", portal_api.MEMBER_TOKEN)["items"]
    assert documents and not all(d["acknowledged"] for d in documents)
    units = get("/api/v1/units", portal_api.SERVICE_TOKEN)["items"]
    assert [u["code"] for u in units] == ["TN"]
    assert get("/api/v1/units", portal_api.MEMBER_TOKEN)["items"] != units

    invitee = Member.objects.get(invitations__code_hash=portal_services.code_hash("demo 2026"))
    assert invitee.unit.code == portal_api.BRANCH and invitee.user is None
    assert invitee.full_name in output
    portal_services.activate(
        code=portal_api.ACTIVATION_CODE, identity=invitee.date_of_birth.strftime("%d/%m/%Y"),
        username="demo.kichhoat", password="Kich-Hoat-2026!",
    )  # fmt: skip
    invitee.refresh_from_db()
    assert invitee.user.username == "demo.kichhoat"
    # Used: no longer printed.
    assert portal_api.ACTIVATION_CODE not in seed("--logins-only")
    assert portal_api.SERVICE_TOKEN in seed("--logins-only")
