"""The base fixture: a small tree and the named personas every test speaks of.

    Trung ương (ROOT)
    ├── Tỉnh đoàn Hải Đăng (TA)             ← staff_a
    │   ├── Đoàn xã Bình Minh (TA.G1)        ← secretary (grassroots)
    │   │   ├── Chi đoàn thôn Đông (TA.G1.B1) ← branch_secretary, member
    │   │   └── Chi đoàn thôn Tây (TA.G1.B2)
    │   └── Đoàn trường THPT Sao Mai (TA.G2)
    │       └── Chi đoàn lớp 12A (TA.G2.B1)
    └── Tỉnh đoàn Ngân Sơn (TB)             ← staff_b
        └── Đoàn phường Vĩnh Lạc (TB.G1)
            └── Chi đoàn tổ 3 (TB.G1.B1)

Personas: central_admin (ROOT), staff_a, staff_b, secretary, branch_secretary, member,
dpo_a (data protection at TA), outsider (no role at all).

The tree is built once per test session through the real services; a test that flushes
the database (transactional tests) gets it rebuilt by the `world` fixture.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import pytest

os.environ.setdefault("CHUDONG_TESTING", "1")


def _hypothesis_profile() -> None:
    """One profile for the whole suite: no per-example deadline (two workers share two
    cores with other work, so a timing limit only makes flaky failures), the same examples
    on every run (a CI failure can be rerun as is), and no example database written into
    the checkout. Tests that set max_examples keep theirs; the others get 50."""
    from hypothesis import settings

    settings.register_profile(
        "chudong", max_examples=50, deadline=None, derandomize=True, database=None
    )
    settings.load_profile(os.getenv("HYPOTHESIS_PROFILE", "chudong"))


_hypothesis_profile()

# One set of browser fixtures (one Chromium per worker) for every test module that uses them,
# and the loopback SMTP server (`smtp_server`).
pytest_plugins = ["tests.browser.fixtures", "tests.mail"]

FOUNDED = dt.date(2015, 3, 26)
PASSWORD = "mat-khau-thu-nghiem-2026"  # noqa: S105 - test data

UNITS = [
    # code, name, kind, parent
    ("TA", "Tỉnh đoàn Hải Đăng", "province", "ROOT"),
    ("TA.G1", "Đoàn xã Bình Minh", "commune", "TA"),
    ("TA.G1.B1", "Chi đoàn thôn Đông", "branch", "TA.G1"),
    ("TA.G1.B2", "Chi đoàn thôn Tây", "branch", "TA.G1"),
    ("TA.G2", "Đoàn trường THPT Sao Mai", "school", "TA"),
    ("TA.G2.B1", "Chi đoàn lớp 12A", "branch", "TA.G2"),
    ("TB", "Tỉnh đoàn Ngân Sơn", "province", "ROOT"),
    ("TB.G1", "Đoàn phường Vĩnh Lạc", "commune", "TB"),
    ("TB.G1.B1", "Chi đoàn tổ 3", "branch", "TB.G1"),
]

PERSONAS = {
    # username: (full name, role, unit code)
    "central_admin": ("Nguyễn Văn Trung", "central-admin", "ROOT"),
    "staff_a": ("Trần Thị Hải", "staff", "TA"),
    "staff_b": ("Phạm Văn Ngân", "staff", "TB"),
    "secretary": ("Lê Thị Bình", "secretary", "TA.G1"),
    "branch_secretary": ("Hoàng Văn Đông", "secretary", "TA.G1.B1"),
    "member": ("Vũ Thị Thu", "member", "TA.G1.B1"),
    "dpo_a": ("Đặng Văn Bảo", "data-protection", "TA"),
    "outsider": ("Người Ngoài Cuộc", None, None),
}


# Consent purposes, holidays and the dated sensitive-field rules (purposes first).
PRIVACY_SEEDS = ("chudong.privacy.migrations.0002_seed",
                 "chudong.privacy.migrations.0004_holidays_2025_2027",
                 "chudong.privacy.migrations.0006_seed_sensitive_field_rules",
                 "chudong.privacy.migrations.0007_seed_opinions_field_rule")  # fmt: skip


def reference_data() -> None:
    """Unit kinds, roles, rules, frameworks and the privacy register come from data
    migrations; a transactional test's flush removes them, so put them back the way the
    migrations do (each seed is idempotent)."""
    import importlib

    from django.apps import apps
    from django.contrib.contenttypes.management import create_contenttypes
    from django.contrib.contenttypes.models import ContentType

    # Every model's content type too, as post_migrate makes them: a flush that inhibits
    # post_migrate leaves none. Made on demand instead, one can be created inside a
    # savepoint that a refused operation rolls back while the cache keeps its id, and a
    # later row pointing at it fails its foreign key at teardown (seen once in CI:
    # transfers' dues test, content type 253 of a template that has 198).
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
    ContentType.objects.clear_cache()
    for module in ("chudong.orgs.migrations.0003_seed_unit_kinds",
                   "chudong.access.migrations.0002_seed_roles",
                   "chudong.rules.migrations.0002_seed_rules",
                   "chudong.ratings.migrations.0003_seed_rules",
                   "chudong.dues.migrations.0003_seed_rules",
                   "chudong.meetings.migrations.0003_seed_rules",
                   "chudong.youth.migrations.0003_seed_rules",
                   "chudong.care.migrations.0003_seed_rules",
                   "chudong.advisory.migrations.0003_seed_rules",
                   "chudong.recognition.migrations.0003_seed_frameworks",
                   "chudong.recognition.migrations.0004_seed_rules",
                   *PRIVACY_SEEDS):  # fmt: skip
        migration = importlib.import_module(module)
        migration.seed(apps, None)
        if hasattr(migration, "grant"):
            migration.grant(apps, None)


def build_world() -> None:
    from chudong.access.models import Role, RoleAssignment
    from chudong.accounts.services import user_create
    from chudong.orgs import services
    from chudong.orgs.models import Unit, UnitKind

    kinds = {k.code: k for k in UnitKind.objects.all()}
    root = services.unit_create(
        actor=None, parent=None, kind=kinds["central"], name="Trung ương Đoàn",
        code="ROOT", effective_on=FOUNDED, _system=True,
    )  # fmt: skip
    users = {}
    for username, (full_name, _role, _unit) in PERSONAS.items():
        users[username] = user_create(
            username=username.replace("_", "."), full_name=full_name, password=PASSWORD,
            email=f"{username}@example.org",
        )  # fmt: skip
    roles = {r.code: r for r in Role.objects.all()}
    RoleAssignment.objects.create(
        user=users["central_admin"], unit=root, role=roles["central-admin"], start_date=FOUNDED
    )
    units = {"ROOT": root}
    for code, name, kind, parent in UNITS:
        units[code] = services.unit_create(
            actor=users["central_admin"], parent=Unit.objects.get(code=parent),
            kind=kinds[kind], name=name, code=code, effective_on=FOUNDED,
        )  # fmt: skip
    for username, (_name, role, unit) in PERSONAS.items():
        if role and username != "central_admin":
            RoleAssignment.objects.create(
                user=users[username], unit=units[unit], role=roles[role], start_date=FOUNDED
            )


@dataclass
class World:
    """Fresh instances of the base units and personas for one test."""

    units: dict
    users: dict

    def unit(self, code: str):
        return self.units[code]

    def __getattr__(self, name: str):
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)


def pytest_configure(config):
    from tests.template_db import prepare

    prepare(config)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build_world()


@pytest.fixture
def world(db) -> World:
    from chudong.accounts.models import User
    from chudong.orgs.models import Unit

    if not Unit.objects.filter(code="ROOT").exists():
        reference_data()
        build_world()
    units = {u.code: u for u in Unit.objects.select_related("kind", "parent")}
    users = {u.username.replace(".", "_"): u for u in User.objects.all()}
    return World(units=units, users=users)


@pytest.fixture(autouse=True)
def _fresh_rules_cache():
    """Rules and content types are cached per process; each test starts from the database."""
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches
    from django.utils import translation

    from chudong.rules import rules

    rules.forget()
    # Pages keep things per process in the default cache, keyed by ids that another
    # test's rows can reuse (a dashboard per roll-up run, a unit's share of the country).
    caches["default"].clear()
    # A transactional test's flush, or a serialized rollback's restore, can give the
    # content types new ids; a cached old id would then break the next foreign key.
    ContentType.objects.clear_cache()
    # A request in English leaves English active in this thread; start in Vietnamese.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    rules.forget()


@pytest.fixture
def login(client):
    """login(user) → a test client logged in as that user."""

    def _login(user):
        client.force_login(user, backend="chudong.accounts.backends.UsernameEmailPhoneBackend")
        return client

    return _login
