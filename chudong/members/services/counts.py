"""The maintained per-unit member counts (models.UnitMemberCount).

Every service that creates members, moves them between units or changes whether they are
current calls `counts_add` inside its own transaction, so the table never drifts from the
member rows; `counts_rebuild` (manage.py recount_members) recomputes it from scratch.
Subtree figures are kept from depth SUBTREE_FROM_DEPTH down (see the model).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Length

from chudong.core.paths import STEP_WIDTH, ancestors_of, depth_of, subtree_q
from chudong.orgs.models import Unit

from ..models import CURRENT_STATUSES, Member, MemberStatus, UnitMemberCount, is_current


class CountDeltas:
    """Accumulates (active, total) changes per unit id for one transaction."""

    def __init__(self) -> None:
        self._deltas: dict[int, list[int]] = defaultdict(lambda: [0, 0])

    def add(self, unit_id: int, status: str, sign: int = 1) -> None:
        """A record in `status` arrives at (sign=1) or leaves (sign=-1) unit `unit_id`."""
        if status == MemberStatus.MERGED:
            return
        delta = self._deltas[unit_id]
        delta[0] += sign if is_current(status) else 0
        delta[1] += sign

    def change_status(self, unit_id: int, old: str, new: str) -> None:
        self.add(unit_id, old, -1)
        self.add(unit_id, new, +1)

    def apply(self) -> None:
        counts_add({unit: (a, t) for unit, (a, t) in self._deltas.items()})
        self._deltas.clear()


SUBTREE_FROM_DEPTH = UnitMemberCount.SUBTREE_FROM_DEPTH


def _subtree_rows(path: str) -> list[str]:
    """Paths of the rows whose subtree figures include a member of the unit at `path`:
    the unit itself and its ancestors, from depth SUBTREE_FROM_DEPTH down."""
    return [p for p in [*ancestors_of(path), path] if depth_of(p) >= SUBTREE_FROM_DEPTH]


def _ensure_rows(unit_ids: set[int] = frozenset(), paths: set[str] = frozenset()) -> None:
    """Create the missing count rows of these units (by id or by path)."""
    have_ids = set(
        UnitMemberCount.objects.filter(unit_id__in=unit_ids).values_list("unit_id", flat=True)
    )
    have_paths = set(
        UnitMemberCount.objects.filter(unit_path__in=paths).values_list("unit_path", flat=True)
    )
    missing = Unit.objects.filter(
        Q(pk__in=set(unit_ids) - have_ids) | Q(path__in=set(paths) - have_paths)
    ).values_list("pk", "path")
    rows = [
        UnitMemberCount(unit_id=pk, unit_path=path, depth=depth_of(path))
        for pk, path in sorted(missing)
    ]
    if rows:
        UnitMemberCount.objects.bulk_create(rows, ignore_conflicts=True)


def counts_add(deltas: dict[int, tuple[int, int]]) -> None:
    """Add (active, total) deltas to the units' rows, and to the subtree figures of the
    units and their ancestors down from depth SUBTREE_FROM_DEPTH, creating missing rows.

    Rows are updated with `F()` arithmetic in path order (ancestors first): concurrent
    services never lose an increment and never deadlock on each other's rows.
    """
    deltas = {unit: d for unit, d in deltas.items() if d != (0, 0)}
    if not deltas:
        return
    _ensure_rows(unit_ids=set(deltas))
    paths = dict(
        UnitMemberCount.objects.filter(unit_id__in=deltas).values_list("unit_id", "unit_path")
    )
    # path → [active, total, subtree active, subtree total]
    changes: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for unit, (active, total) in deltas.items():
        path = paths[unit]
        changes[path][0] += active
        changes[path][1] += total
        for row in _subtree_rows(path):
            changes[row][2] += active
            changes[row][3] += total
    _ensure_rows(paths=set(changes) - set(paths.values()))
    for path, (active, total, sub_active, sub_total) in sorted(changes.items()):
        UnitMemberCount.objects.filter(unit_path=path).update(
            active=F("active") + active,
            total=F("total") + total,
            subtree_active=F("subtree_active") + sub_active,
            subtree_total=F("subtree_total") + sub_total,
        )


SUBTREE_REFRESH_SQL = """
UPDATE members_unitmembercount SET
  subtree_active = COALESCE((SELECT SUM(d.active) FROM members_unitmembercount AS d
      WHERE d.unit_path >= members_unitmembercount.unit_path
        AND d.unit_path < members_unitmembercount.unit_path || '~'), 0),
  subtree_total = COALESCE((SELECT SUM(d.total) FROM members_unitmembercount AS d
      WHERE d.unit_path >= members_unitmembercount.unit_path
        AND d.unit_path < members_unitmembercount.unit_path || '~'), 0)
WHERE depth >= %s AND ({where})
"""


ROWS_COMPLETE_SQL = """
INSERT INTO members_unitmembercount (unit_id, unit_path, active, total, depth,
                                     subtree_active, subtree_total)
SELECT u.id, u.path, 0, 0, 0, 0, 0 FROM orgs_unit AS u
WHERE NOT EXISTS (SELECT 1 FROM members_unitmembercount AS c WHERE c.unit_id = u.id)
"""


def counts_complete() -> None:
    """A row for every unit, then every depth and subtree figure recomputed: after rows
    were loaded in bulk (the benchmark's generator)."""
    with connection.cursor() as cursor:
        cursor.execute(ROWS_COMPLETE_SQL)
    subtree_refresh()


def subtree_refresh(*, within: str | None = None, paths: Iterable[str] = ()) -> int:
    """Recompute the subtree figures (and depth) of the rows in the subtree at `within`
    (every row when both are empty) and of the rows at `paths`, from the rows' own
    figures: after a subtree moved in the tree, and after a bulk load (bench)."""
    paths = sorted(set(paths))
    _ensure_rows(paths={path for path in paths if depth_of(path) >= SUBTREE_FROM_DEPTH})
    rows = Q()
    clauses, params = [], []
    if within is not None:
        rows |= subtree_q("unit_path", within)
        clauses.append("(unit_path >= %s AND unit_path < %s)")
        params += [within, within + "~"]
    if paths:
        rows |= Q(unit_path__in=paths)
        clauses.append("unit_path IN (" + ", ".join(["%s"] * len(paths)) + ")")
        params += paths
    UnitMemberCount.objects.filter(rows).update(depth=Length("unit_path") / STEP_WIDTH - 1)
    where = " OR ".join(clauses) or "1 = 1"
    with connection.cursor() as cursor:
        cursor.execute(SUBTREE_REFRESH_SQL.format(where=where), [SUBTREE_FROM_DEPTH, *params])
        return cursor.rowcount


@transaction.atomic
def counts_rebuild() -> int:
    """Recompute every unit's row from the member table (a row for every unit, so that
    every subtree figure exists). Returns the number of rows."""
    rows = {
        row["unit_id"]: row
        for row in Member.objects.exclude(status=MemberStatus.MERGED)
        .values("unit_id")
        .annotate(
            active=Count("id", filter=Q(status__in=CURRENT_STATUSES)),
            total=Count("id"),
        )
        .order_by()
    }
    UnitMemberCount.objects.all().delete()
    UnitMemberCount.objects.bulk_create(
        (
            UnitMemberCount(
                unit_id=pk,
                unit_path=path,
                depth=depth_of(path),
                active=rows.get(pk, {}).get("active", 0),
                total=rows.get(pk, {}).get("total", 0),
            )
            for pk, path in Unit.objects.order_by("path").values_list("pk", "path").iterator()
        ),
        batch_size=2000,
    )
    subtree_refresh()
    return UnitMemberCount.objects.count()
