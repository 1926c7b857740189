"""What one generation run has made so far, handed from step to step.

A step is a function `step(world)` that reads the ids earlier steps generated (units,
branches, members, users) and writes its own tables through `world.sink`. Apps built
later (ratings, dues, branch meetings) add their step to `bench.steps.STEPS`: each
member's admission day and status are kept here, compactly, for them.
"""

from __future__ import annotations

import datetime as dt
import random
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .loading import CopySink

# Fixed "today" of the dataset: the same seed gives the same data whenever it runs.
ANCHOR = dt.date(2026, 11, 1)
FOUNDED = dt.date(2015, 3, 26)
TIMESTAMP = "2026-11-01 08:00:00+07"
# Every generated account has this password (bench logins; never a real deployment).
BENCH_PASSWORD = "bench-chudong-2026"
CENTRAL_USERNAMES = ("tw.admin", "tw.bantochuc")


def username_for(code: str, prefix: str = "bt") -> str:
    """The login of a unit's secretary: bt.<unit code in lower case>."""
    return f"{prefix}.{code.lower()}"


def staff_username(province_code: str, number: int) -> str:
    return f"{province_code.lower()}.bantochuc{number}"


class GenUnit:
    """One generated unit (kept light: there are ~440,000 at scale 1)."""

    __slots__ = (
        "branch_mean",
        "children",
        "code",
        "id",
        "kind",
        "locality",
        "name",
        "parent",
        "path",
        "province",
        "type",
        "weight",
    )

    def __init__(self, *, id, code, name, kind, parent, path, province, type, locality=""):
        self.id = id
        self.code = code
        self.name = name
        self.kind = kind  # UnitKind code
        self.parent = parent
        self.path = path
        self.province = province  # index into bench.data.PROVINCES, -1 for the root
        self.type = type  # GrassrootsType key, or "province", "direct", "federated"
        self.locality = locality
        self.children: list[GenUnit] = []
        self.branch_mean = 0
        self.weight = 1.0


@dataclass
class MemberBlock:
    """The members of one branch: ids first_id .. first_id + count - 1."""

    branch: GenUnit
    first_id: int
    count: int


@dataclass
class World:
    scale: float
    seed: int
    sink: CopySink
    cursor: Any  # a psycopg cursor on the target database (reads only, ids and kinds)
    kinds: dict[str, int] = field(default_factory=dict)  # UnitKind code → id
    roles: dict[str, int] = field(default_factory=dict)  # Role code → id
    units: list[GenUnit] = field(default_factory=list)
    root: GenUnit | None = None
    provinces: list[GenUnit] = field(default_factory=list)
    branches: list[GenUnit] = field(default_factory=list)
    member_blocks: list[MemberBlock] = field(default_factory=list)
    first_member_id: int = 1
    # Per member, by id - first_member_id: admission day (ordinal) and status code.
    admitted_on: array = field(default_factory=lambda: array("i"))
    status: array = field(default_factory=lambda: array("b"))
    # People who log in: unit id → user id of its secretary, and province staff.
    secretary_of: dict[int, int] = field(default_factory=dict)
    staff_of: dict[int, list[int]] = field(default_factory=dict)
    central_users: list[tuple[int, str]] = field(default_factory=list)
    user_names: dict[int, str] = field(default_factory=dict)  # filled from member records
    first_user_id: int = 1
    password_hash: str = ""
    log: Callable[[str], None] = print
    timings: dict[str, float] = field(default_factory=dict)

    def rng(self, *parts: object) -> random.Random:
        """A random source of its own for each part of the data (a province, a step), so
        that adding a step or a province never changes what the others generate."""
        return random.Random(f"{self.seed}:" + ":".join(str(p) for p in parts))

    @property
    def member_count(self) -> int:
        return len(self.status)
