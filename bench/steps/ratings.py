"""Annual ratings (chudong.ratings) of the last RATED_YEARS full years: one approved sheet
per branch and year, and a rating for every member admitted by the end of the year who is
still a member today. Levels are the 2023 guidance's codes (rule `rating.levels`), in the
usual proportions.
"""

from __future__ import annotations

import datetime as dt

from ..loading import next_id
from ..world import ANCHOR, TIMESTAMP, World
from .members import FORMER

RATED_YEARS = 2
LEVELS = [("excellent", 0.18), ("good", 0.55), ("completed", 0.24), ("not_completed", 0.03)]
SHEET_COLUMNS = (
    "id", "unit_id", "unit_path", "year", "state", "submitted_by_id", "submitted_at",
    "approved_by_id", "approved_at", "return_reason", "version", "created_at", "updated_at",
)  # fmt: skip
RATING_COLUMNS = (
    "id", "member_id", "year", "sheet_id", "unit_id", "unit_path", "kind", "level", "comment",
    "approved", "created_at", "updated_at",
)  # fmt: skip


def build_ratings(world: World) -> None:
    sheets = world.sink.lines("ratings_ratingsheet", SHEET_COLUMNS)
    ratings = world.sink.lines("ratings_memberrating", RATING_COLUMNS)
    sheet_id = next_id(world.cursor, "ratings_ratingsheet")
    rating_id = next_id(world.cursor, "ratings_memberrating")
    cumulative, running = [], 0.0
    for code, share in LEVELS:
        running += share
        cumulative.append((running, code))
    first = world.first_member_id
    admitted_on, status = world.admitted_on, world.status
    for year in range(ANCHOR.year - RATED_YEARS, ANCHOR.year):
        rnd = world.rng("ratings", year).random
        year_end = dt.date(year, 12, 31).toordinal()
        approved = f"{year + 1}-01-20 09:00:00+07"
        for block in world.member_blocks:
            if not block.count:
                continue
            branch = block.branch
            submitter = world.secretary_of.get(branch.id) or "\\N"
            sheets.append(
                f"{sheet_id}\t{branch.id}\t{branch.path}\t{year}\tapproved\t{submitter}\t"
                f"{approved}\t\\N\t{approved}\t\t1\t{TIMESTAMP}\t{TIMESTAMP}"
            )
            for member_id in range(block.first_id, block.first_id + block.count):
                index = member_id - first
                if admitted_on[index] > year_end or status[index] in FORMER:
                    continue
                r = rnd()
                level = cumulative[-1][1]
                for bound, code in cumulative:
                    if r < bound:
                        level = code
                        break
                ratings.append(
                    f"{rating_id}\t{member_id}\t{year}\t{sheet_id}\t{branch.id}\t{branch.path}\t"
                    f"rated\t{level}\t\tt\t{TIMESTAMP}\t{TIMESTAMP}"
                )
                rating_id += 1
            sheet_id += 1
            world.sink.maybe_flush()
