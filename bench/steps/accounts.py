"""People who log in: a secretary for every grassroots union, direct-under union and
branch (the secretary of a branch is one of its members, linked to the record), full-time
staff at each province and at the centre. One password hash serves every account: hashing
440,000 passwords with Argon2 would take hours and prove nothing.
"""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from chudong.core.text import fold

from .. import data
from ..loading import next_id
from ..world import (
    BENCH_PASSWORD,
    CENTRAL_USERNAMES,
    FOUNDED,
    TIMESTAMP,
    World,
    staff_username,
    username_for,
)

STAFF_PER_PROVINCE = 3
USER_COLUMNS = (
    "id", "password", "last_login", "is_superuser", "username", "full_name", "full_name_folded",
    "email", "phone", "language", "is_active", "is_staff", "date_joined", "must_change_password",
)  # fmt: skip
ASSIGNMENT_COLUMNS = (
    "id", "user_id", "unit_id", "role_id", "start_date", "end_date", "decision_number", "note",
    "appointed_by_id",
)  # fmt: skip


def plan_accounts(world: World) -> None:
    """Hand out user ids (no rows yet): the members step links secretaries' records."""
    user_id = world.first_user_id = next_id(world.cursor, "accounts_user")
    for username in CENTRAL_USERNAMES:
        world.central_users.append((user_id, username))
        user_id += 1
    for province in world.provinces:
        world.staff_of[province.id] = list(range(user_id, user_id + STAFF_PER_PROVINCE))
        user_id += STAFF_PER_PROVINCE
    for unit in world.units:
        if unit.kind in ("central", "province", "federated-branch"):
            continue
        world.secretary_of[unit.id] = user_id
        user_id += 1


def build_accounts(world: World) -> None:
    # A fixed salt: the same seed gives the same rows, hashes included.
    world.password_hash = make_password(BENCH_PASSWORD, salt="chudongbench2026")
    rng = world.rng("accounts")
    families = [f for f, _w in data.FAMILY["north"]]
    givens = [g for g, _w in data.GIVEN["female"] + data.GIVEN["male"]]
    users = world.sink.lines("accounts_user", USER_COLUMNS)
    assignments = world.sink.lines("access_roleassignment", ASSIGNMENT_COLUMNS)
    assignment_id = next_id(world.cursor, "access_roleassignment")
    start = FOUNDED.replace(year=2022).isoformat()
    by_id = {unit.id: unit for unit in world.units}
    password = world.password_hash

    def user(user_id: int, username: str, unit_id: int, role: str) -> None:
        nonlocal assignment_id
        name = world.user_names.get(user_id)
        if name is None:
            name = (
                f"{rng.choice(families)} {rng.choice(['Văn', 'Thị', 'Minh'])} {rng.choice(givens)}"
            )
        users.append(
            f"{user_id}\t{password}\t\\N\tf\t{username}\t{name}\t{fold(name)}\t\\N\t\\N\tvi\tt\tf\t"
            f"{TIMESTAMP}\tf"
        )
        assignments.append(
            f"{assignment_id}\t{user_id}\t{unit_id}\t{world.roles[role]}\t{start}\t\\N\t\t\t\\N"
        )
        assignment_id += 1
        world.sink.maybe_flush()

    root = world.root
    assert root is not None
    for (user_id, username), role in zip(
        world.central_users, ("central-admin", "staff"), strict=True
    ):
        user(user_id, username, root.id, role)
    for province in world.provinces:
        for number, user_id in enumerate(world.staff_of[province.id], start=1):
            user(user_id, staff_username(province.code, number), province.id, "staff")
    for unit_id, user_id in world.secretary_of.items():
        user(user_id, username_for(by_id[unit_id].code), unit_id, "secretary")
