"""Refreshing the report roll-ups (models.StatusRollup, models.AdmissionRollup).

One refresh reads the member register once (GROUP BY unit path, status / admission year)
and adds every group to each of its unit's ancestors by joining on the path prefix of
each depth: a few seconds for 6.5 million members on PostgreSQL, milliseconds on a
small SQLite. It runs in one transaction: readers see the previous figures until it
commits; rows are written in tree order, so that a unit's children share pages.
Dashboards show the time of the last run and, when it is older than
`ROLLUP_MAX_AGE`, enqueue a refresh for the task worker (`rollup_request_refresh`);
`manage.py rollup` refreshes at once (cron, or after a bulk import).
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django_tasks import task

from chudong.core.paths import STEP_WIDTH
from chudong.members.models import MemberStatus
from chudong.orgs.models import Unit

from .models import AdmissionRollup, RatingRollup, RollupRun, StatusRollup

# How old the figures may get before a dashboard asks for a refresh.
ROLLUP_MAX_AGE = dt.timedelta(seconds=getattr(settings, "CHUDONG_ROLLUP_MAX_AGE", 15 * 60))


def _year(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column}) AS integer)"
    return f"CAST(STRFTIME('%%Y', {column}) AS integer)"


def _ancestor_join(depth: int) -> str:
    """Each leaf group once per ancestor: the path prefixes of every width, joined to the
    unit that owns that path (an equality join PostgreSQL can hash)."""
    widths = " UNION ALL ".join(
        f"SELECT {STEP_WIDTH * (level + 1)} AS width" for level in range(depth + 1)
    )
    return (
        f"JOIN ({widths}) AS d ON LENGTH(leaf.unit_path) >= d.width "
        "JOIN orgs_unit AS u ON u.path = SUBSTR(leaf.unit_path, 1, d.width)"
    )


def rollup_refresh() -> RollupRun:
    """Recompute every roll-up row from the member register. Returns the run."""
    run = _refresh()
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # A refresh replaces a million rows: set their hint bits and statistics now,
        # rather than let the first dashboards after it pay for that (and plan blind).
        with connection.cursor() as cursor:
            cursor.execute(
                "VACUUM (ANALYZE) reports_statusrollup, reports_admissionrollup, "
                "reports_ratingrollup"
            )
    return run


@transaction.atomic
def _refresh() -> RollupRun:
    started = timezone.now()
    depth = Unit.objects.aggregate(depth=Max("depth"))["depth"] or 0
    merged = MemberStatus.MERGED.value
    StatusRollup.objects.all().delete()
    AdmissionRollup.objects.all().delete()
    RatingRollup.objects.all().delete()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The groups of a national register (800,000 unit × status pairs) fit in
            # memory with this; at the default 4 MB the hash joins spill to disk (3× slower).
            cursor.execute("SET LOCAL work_mem = '256MB'")
            # Sessions plan without parallel workers (chudong.core.pg_session); this bulk
            # read of the whole register is what they are for.
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 2")
        # Only fixed SQL and integers are formatted into these statements.
        cursor.execute(
            f"""
            INSERT INTO reports_statusrollup (unit_id, status, members)
            SELECT u.id, leaf.status, SUM(leaf.n)
            FROM (
                SELECT unit_path, status, COUNT(*) AS n FROM members_member
                WHERE status <> %s GROUP BY unit_path, status
            ) AS leaf
            {_ancestor_join(depth)}
            GROUP BY u.id, u.path, leaf.status
            ORDER BY u.path
            """,  # noqa: S608
            [merged],
        )
        status_rows = cursor.rowcount
        # Admissions are kept for units that are not branches. Members are registered in
        # branches only (member services refuse anything else), so grouping them by their
        # branch's parent path first gives 10× fewer groups than by the branch, and the
        # same figures for every unit that is not a branch.
        parent_path = "SUBSTR(unit_path, 1, LENGTH(unit_path) - %d)" % STEP_WIDTH
        cursor.execute(
            f"""
            INSERT INTO reports_admissionrollup (unit_id, year, members)
            SELECT u.id, leaf.year, SUM(leaf.n)
            FROM (
                SELECT {parent_path} AS unit_path, {_year("admission_date")} AS year,
                       COUNT(*) AS n
                FROM members_member
                WHERE status <> %s AND admission_date IS NOT NULL
                GROUP BY {parent_path}, {_year("admission_date")}
            ) AS leaf
            {_ancestor_join(depth)}
            JOIN orgs_unitkind AS k ON k.id = u.kind_id AND NOT k.is_branch
            GROUP BY u.id, u.path, leaf.year
            ORDER BY u.path
            """,  # noqa: S608
            [merged],
        )
        admission_rows = cursor.rowcount
        rating_rows = 0
        if apps.is_installed("chudong.ratings"):
            # Ratings carry their branch's path: grouped by its parent, as admissions.
            cursor.execute(
                f"""
                INSERT INTO reports_ratingrollup (unit_id, year, level, members)
                SELECT u.id, leaf.year, leaf.level, SUM(leaf.n)
                FROM (
                    SELECT {parent_path} AS unit_path, year, level, COUNT(*) AS n
                    FROM ratings_memberrating WHERE approved
                    GROUP BY {parent_path}, year, level
                ) AS leaf
                {_ancestor_join(depth)}
                JOIN orgs_unitkind AS k ON k.id = u.kind_id AND NOT k.is_branch
                GROUP BY u.id, u.path, leaf.year, leaf.level
                ORDER BY u.path
                """  # noqa: S608
            )
            rating_rows = cursor.rowcount
        cursor.execute(
            "SELECT COALESCE(SUM(members), 0) FROM reports_statusrollup AS r "
            "JOIN orgs_unit AS u ON u.id = r.unit_id WHERE u.parent_id IS NULL"
        )
        members = cursor.fetchone()[0]
    return RollupRun.objects.create(
        started_at=started,
        finished_at=timezone.now(),
        members=members,
        rows=status_rows + admission_rows + rating_rows,
    )


@task()
def rollup_refresh_task() -> int:
    """The refresh, for the task worker. Skipped when a run finished a minute ago (two
    dashboards may have asked at once)."""
    last = RollupRun.objects.order_by("-finished_at").first()
    if last and timezone.now() - last.finished_at < dt.timedelta(minutes=1):
        return last.pk
    return rollup_refresh().pk


def rollup_request_refresh() -> bool:
    """Ask the task worker for a refresh, at most once per ROLLUP_MAX_AGE per process
    (a page that finds the figures stale calls this). Returns whether it enqueued."""
    if not cache.add("reports:rollup-requested", True, ROLLUP_MAX_AGE.total_seconds()):
        return False
    transaction.on_commit(rollup_refresh_task.enqueue)
    return True


def latest_run() -> RollupRun | None:
    return RollupRun.objects.order_by("-finished_at").first()
