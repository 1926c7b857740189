"""The generator's steps, in order. Each is `step(world)`: it reads the ids that earlier
steps generated from `world` and writes its own tables through `world.sink`.

Apps that arrive later add a step here (as ratings and dues did):
`world.member_blocks` gives each branch's member ids, and
`world.admitted_on` / `world.status` each member's admission day and status.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..world import World
from .accounts import build_accounts, plan_accounts
from .dues import build_dues
from .meetings import build_meetings
from .members import build_members
from .ratings import build_ratings
from .tree import build_tree


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[World], None]
    # Tables the step fills: their secondary indexes are dropped during a big load.
    tables: tuple[str, ...] = ()


STEPS: list[Step] = [
    Step(
        "tree",
        build_tree,
        ("orgs_unit", "orgs_unitversion", "orgs_restructuring", "orgs_restructuringlink"),
    ),
    Step("plan accounts", plan_accounts),
    Step(
        "members",
        build_members,
        (
            "members_member",
            "members_memberunitperiod",
            "members_memberstatusperiod",
            "members_memberevent",
            "members_membersensitive",
            "members_familyrelation",
            "members_unitmembercount",
        ),
    ),
    Step("accounts", build_accounts, ("accounts_user", "access_roleassignment")),
    Step("ratings", build_ratings, ("ratings_ratingsheet", "ratings_memberrating")),
    Step(
        "dues",
        build_dues,
        ("dues_duesprofile", "dues_duespayment", "dues_duesexemption", "dues_remittance"),
    ),
    Step(
        "meetings",
        build_meetings,
        ("meetings_meeting", "meetings_attendance", "meetings_minutes", "meetings_meetingyear"),
    ),
]

# Tables whose ids the steps write explicitly, without a step of their own (small).
EXTRA_TABLES: tuple[str, ...] = ("rules_rule",)
