"""What the benchmark asks for: units, members, cursors and search terms picked from the
generated dataset (deterministically: the same dataset gives the same samples)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .sql import subtree_bounds
from .world import BENCH_PASSWORD, CENTRAL_USERNAMES, staff_username

BIG_PROVINCE = "HCM"  # 600,000 members at scale 1, the largest list
SMALL_PROVINCE = "LCH"  # 75,000 members at scale 1: the name index finds its rows sparsely
SEARCH = "thi thu"  # accent-insensitive substring of "Nguyễn Thị Thu Trang", "Lê Thị Thuỷ"...
DEEP_SHARE = 0.8  # the deep page starts this far into the list
CURRENT = ("active", "temporary_elsewhere", "working_far")


@dataclass
class Unit:
    id: int
    code: str
    path: str


@dataclass
class Samples:
    root: Unit
    provinces: dict[str, Unit]
    grassroots: list[Unit]  # grassroots unions of the big province
    members: list[int]  # members of the big province
    cursors: dict[tuple[str, str], str] = field(default_factory=dict)  # (code, search) → cursor
    central_user: str = CENTRAL_USERNAMES[0]
    staff_user: str = staff_username(BIG_PROVINCE, 1)
    password: str = BENCH_PASSWORD


def _unit(row) -> Unit:
    return Unit(id=row[0], code=row[1], path=row[2])


def load(connection, *, seed: int = 2026, members: int = 300, grassroots: int = 100) -> Samples:
    """Samples from the dataset behind `connection` (a psycopg connection)."""
    rng = random.Random(seed)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, code, path FROM orgs_unit WHERE code = 'TW'")
        row = cursor.fetchone()
        if row is None:
            raise SystemExit("the database holds no generated dataset: run make bench-data first")
        root = _unit(row)
        cursor.execute(
            "SELECT id, code, path FROM orgs_unit WHERE parent_id = %s ORDER BY path", [root.id]
        )
        provinces = {r[1]: _unit(r) for r in cursor.fetchall()}
        big = provinces[BIG_PROVINCE]
        cursor.execute(
            "SELECT u.id, u.code, u.path FROM orgs_unit u JOIN orgs_unitkind k ON k.id = u.kind_id "
            "WHERE k.is_grassroots AND NOT k.is_branch AND u.path >= %s AND u.path < %s "
            "ORDER BY u.path",
            subtree_bounds(big.path),
        )
        unions = [_unit(r) for r in cursor.fetchall()]
        cursor.execute(
            "SELECT MIN(id), MAX(id) FROM members_member WHERE unit_path >= %s AND unit_path < %s",
            subtree_bounds(big.path),
        )
        low, high = cursor.fetchone()
        ids = sorted(rng.sample(range(low, high + 1), min(members, high - low + 1)))
        samples = Samples(
            root=root,
            provinces=provinces,
            grassroots=rng.sample(unions, min(grassroots, len(unions))),
            members=ids,
        )
        for code in (BIG_PROVINCE, SMALL_PROVINCE):
            for search in ("", SEARCH):
                samples.cursors[(code, search)] = deep_cursor(cursor, provinces[code].path, search)
    return samples


def deep_cursor(cursor, path: str, search: str) -> str:
    """The keyset cursor of the member DEEP_SHARE of the way down the list (name order);
    empty when the list is empty."""
    condition = "AND full_name_folded LIKE %s" if search else ""
    params: list = [*subtree_bounds(path), list(CURRENT)]
    if search:
        params.append(f"%{search}%")
    cursor.execute(
        "SELECT COUNT(*) FROM members_member WHERE unit_path >= %s AND unit_path < %s "
        f"AND status = ANY(%s) {condition}",
        params,
    )
    total = cursor.fetchone()[0]
    cursor.execute(
        "SELECT sort_key, id FROM members_member WHERE unit_path >= %s AND unit_path < %s "
        f"AND status = ANY(%s) {condition} ORDER BY sort_key, id OFFSET %s LIMIT 1",
        [*params, max(0, min(int(total * DEEP_SHARE), total - 2))],
    )
    row = cursor.fetchone()
    return f"{row[0]}.{row[1]}" if row and total > 1 else ""
