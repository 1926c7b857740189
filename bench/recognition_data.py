"""The "3 chủ động" cycles of every grassroots union for 2024–2026, for the recognition
dashboards' benchmark: `python -m bench.recognition_data` on a generated dataset (the
generator runs it as its last step).

Each union's year gets a state drawn from a hash of (unit code, year) — the same for the
same dataset, whatever ids its rows got — in the proportions a province reports: past
years mostly recognised, the current year spread along the cycle. Reviewed cycles get the
upper level's score of each criterion of the central 2023–2027 framework. The dashboards'
roll-ups are then rebuilt by `chudong.recognition.rollups.rebuild`, as the nightly command
does.
"""

from __future__ import annotations

import argparse
import time

YEARS = (2024, 2025, 2026)

# Cumulative thresholds over h = hash % 100, per year kind: (past, current).
_STATES = {
    "past": [(3, "open"), (6, "registered"), (8, "submitted"), (16, "reviewed"),
             (99, "recognised"), (100, "revoked")],
    "current": [(10, "open"), (45, "registered"), (50, "returned"), (78, "submitted"),
                (90, "reviewed"), (100, "recognised")],
}  # fmt: skip


def _case(kind: str) -> str:
    branches = " ".join(f"WHEN h < {limit} THEN '{state}'" for limit, state in _STATES[kind])
    return f"CASE {branches} END"


CYCLES_SQL = """
INSERT INTO recognition_cycle (
    unit_path, year, state, approach, solutions, roadmap, registered_on, submitted_on,
    returned_reason, review_comment, reviewed_on, passed, revoked_on, revoked_reason,
    updated_at, unit_id, upper_unit_id, framework_id, weak_criteria)
SELECT path, year, state, '', '', '',
       CASE WHEN state <> 'open' THEN make_date(year, 2, 15) END,
       CASE WHEN state IN ('submitted', 'reviewed', 'recognised', 'revoked')
            THEN make_date(year, 10, 20) END,
       CASE WHEN state = 'returned' THEN 'Bổ sung minh chứng tiêu chí 1.2' ELSE '' END, '',
       CASE WHEN state IN ('reviewed', 'recognised', 'revoked')
            THEN make_date(year, 11, 30) END,
       CASE WHEN state IN ('reviewed', 'recognised', 'revoked')
            THEN state <> 'reviewed' END,
       CASE WHEN state = 'revoked' THEN make_date(year, 12, 20) END,
       CASE WHEN state = 'revoked' THEN 'Vi phạm kỷ luật của Đoàn' ELSE '' END,
       now(), id, parent_id, %(framework)s, 0
FROM (
    SELECT u.path, u.id, u.parent_id, y AS year,
           CASE WHEN y < %(current)s THEN {past} ELSE {current} END AS state
    FROM (
        SELECT u.*, y, abs(hashtext(u.code || '-' || y::text)) %% 100 AS h
        FROM orgs_unit u JOIN orgs_unitkind k ON k.id = u.kind_id
        CROSS JOIN unnest(%(years)s::int[]) AS y
        WHERE k.is_grassroots AND NOT k.is_branch AND u.status = 'active'
          AND u.parent_id IS NOT NULL
    ) AS u
) AS c
ON CONFLICT DO NOTHING
"""

SCORES_SQL = """
INSERT INTO recognition_criterionscore (
    numerator, denominator, own_score, narrative, review_score, review_comment,
    criterion_id, cycle_id)
SELECT NULL, NULL, score, '', score, '', criterion_id, cycle_id
FROM (
    SELECT c.id AS cycle_id, k.id AS criterion_id,
           CASE WHEN abs(hashtext(c.unit_path || c.year::text || '/' || k.code)) %% 100
                     < 70 + 2 * k."order" THEN k.max_points
                ELSE (abs(hashtext(k.code || '/' || c.unit_path || c.year::text))
                      %% (k.max_points + 1))
           END AS score
    FROM recognition_cycle c
    JOIN recognition_criterion k ON k.framework_id = c.framework_id
    WHERE c.state IN ('reviewed', 'recognised', 'revoked') AND c.year = ANY(%(years)s)
) AS s
ON CONFLICT DO NOTHING
"""


def fill(log=print) -> dict[str, int]:
    """Insert the cycles and scores (idempotent) and rebuild the roll-ups; Django must be
    set up on the dataset's database."""
    from django.db import connection, transaction

    from chudong.recognition import rollups
    from chudong.recognition.models import Framework

    framework = Framework.objects.filter(issuer__isnull=True, start_year=2023).get()
    params = {"framework": framework.pk, "years": list(YEARS), "current": max(YEARS)}
    cycles_sql = CYCLES_SQL.format(past=_case("past"), current=_case("current"))
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(cycles_sql, params)
        cycles = cursor.rowcount
        cursor.execute(SCORES_SQL, params)
        scores = cursor.rowcount
        cursor.execute(
            "UPDATE recognition_cycle c SET review_total = t.total, own_total = t.total "
            "FROM (SELECT cycle_id, SUM(review_score) AS total FROM recognition_criterionscore "
            "GROUP BY cycle_id) t WHERE t.cycle_id = c.id AND c.review_total IS NULL"
        )
    seconds = time.monotonic() - started
    log(f"    recognition: {cycles:,} cycles, {scores:,} scores ({seconds:.0f} s)")
    started = time.monotonic()
    rows = rollups.rebuild()
    log(f"    recognition roll-ups: {rows:,} rows ({time.monotonic() - started:.0f} s)")
    return {"cycles": cycles, "scores": scores, "rollups": rows}


def main(argv: list[str] | None = None) -> None:
    from .generate import database_url, require_postgres, setup_django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=database_url())
    args = parser.parse_args(argv)
    require_postgres(args.database)
    setup_django(args.database)
    from django.db import connection

    fill()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE recognition_cycle, recognition_criterionscore")


if __name__ == "__main__":
    main()
