"""The roll-ups the 3 chủ động dashboards read (models.StateCount, models.CriterionCount).

A grassroots union's year counts once in the row of its own unit and once in the row of
each ancestor, so that "how many unions below the province registered" is one indexed
row, whatever the size of the subtree. The services call `shift` in the same transaction
as the state change (a few queries, whatever the number of cycles moved), and
`add_review` when the upper level accepts a review. `rebuild` recomputes a subtree's rows
from the cycle and score tables (the nightly command, a restructuring, the migration):
it must always give the rows that `shift` maintained, which tests/test_rollups.py checks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, ExpressionWrapper, F, FloatField, Sum
from django.db.models.functions import Length, Substr

from chudong.core.paths import ancestors_of, subtree_q


def _models(apps=None):
    if apps is None:
        from django.apps import apps as registry

        apps = registry
    return (
        apps.get_model("orgs", "Unit"),
        apps.get_model("recognition", "Cycle"),
        apps.get_model("recognition", "CriterionScore"),
        apps.get_model("recognition", "StateCount"),
        apps.get_model("recognition", "CriterionCount"),
    )


def _unit_ids(Unit, paths: Iterable[str]) -> dict[str, int]:
    """{path: unit id} of each path and its ancestors (one query)."""
    wanted: set[str] = set()
    for path in paths:
        wanted.add(path)
        wanted.update(ancestors_of(path))
    return dict(Unit.objects.filter(path__in=wanted).values_list("path", "pk"))


def shift(moves: Iterable[tuple[str, int, str | None, str | None]]) -> None:
    """Apply state changes of cycles: each move is (unit path, year, old state or None for
    a new cycle, new state). Adds the deltas to the rows of each unit and its ancestors:
    one query for the unit ids, one insert of the missing rows, one update per (year,
    state, delta)."""
    Unit, _Cycle, _Score, StateCount, _CriterionCount = _models()
    moves = [m for m in moves if m[2] != m[3]]
    if not moves:
        return
    ids = _unit_ids(Unit, [path for path, *_rest in moves])
    delta: dict[tuple[int, int, str], int] = defaultdict(int)
    for path, year, old, new in moves:
        for each in [*ancestors_of(path), path]:
            unit_id = ids.get(each)
            if unit_id is None:
                continue
            if old:
                delta[(unit_id, year, old)] -= 1
            if new:
                delta[(unit_id, year, new)] += 1
    with transaction.atomic():
        # Insert the missing rows at zero first, then add: safe when two requests move
        # cycles under the same ancestors at once (the update takes the row locks).
        StateCount.objects.bulk_create(
            [StateCount(unit_id=u, year=y, state=s, cycles=0) for (u, y, s) in delta],
            ignore_conflicts=True,
        )
        groups: dict[tuple[int, str, int], list[int]] = defaultdict(list)
        for (unit_id, year, state), change in delta.items():
            if change:
                groups[(year, state, change)].append(unit_id)
        for (year, state, change), unit_ids in groups.items():
            StateCount.objects.filter(unit_id__in=unit_ids, year=year, state=state).update(
                cycles=F("cycles") + change
            )


def _share(score, max_points) -> float:
    return float(score) * 100.0 / max(max_points or 1, 1)


def add_review(cycle, scores: dict[int, object]) -> None:
    """Count an accepted review ({criterion id: reviewed score}) in the criterion rows of
    the cycle's unit and its ancestors."""
    Unit, _Cycle, _Score, _StateCount, CriterionCount = _models()
    criteria = {c.pk: c for c in cycle.framework.criteria.all()}
    ids = list(_unit_ids(Unit, [cycle.unit_path]).values())
    lines = [
        (criteria[pk].code, _share(score, criteria[pk].max_points))
        for pk, score in scores.items()
        if pk in criteria and score is not None
    ]
    if not ids or not lines:
        return
    with transaction.atomic():
        CriterionCount.objects.bulk_create(
            [
                CriterionCount(unit_id=u, year=cycle.year, code=code, reviewed=0, share_sum=0)
                for u in ids
                for code, _share_value in lines
            ],
            ignore_conflicts=True,
        )
        for code, share in lines:
            CriterionCount.objects.filter(unit_id__in=ids, year=cycle.year, code=code).update(
                reviewed=F("reviewed") + 1, share_sum=F("share_sum") + share
            )


REVIEWED = ("reviewed", "recognised", "revoked")


def rebuild(root=None, *, apps=None) -> int:
    """Recompute the roll-up rows of `root`'s subtree (every unit when None) from the
    cycle and score tables. Rows of units above `root` are left alone (their counts
    depend on cycles outside the subtree too). Returns the number of rows written."""
    Unit, Cycle, CriterionScore, StateCount, CriterionCount = _models(apps)
    cycles = Cycle.objects.all()
    scores = CriterionScore.objects.filter(cycle__state__in=REVIEWED, review_score__isnull=False)
    units = Unit.objects.all()
    if root is not None:
        cycles = cycles.filter(subtree_q("unit_path", root.path))
        scores = scores.filter(subtree_q("cycle__unit_path", root.path))
        units = units.filter(subtree_q("path", root.path))
    # One grouped query per depth: the rows of every unit at that depth come from the
    # prefix of that width of the cycles' paths (no per-row work in Python).
    widths = sorted(
        set(
            units.annotate(_len=Length("path")).order_by().values_list("_len", flat=True).distinct()
        )
    )
    share = ExpressionWrapper(
        F("review_score") * 100.0 / F("criterion__max_points"), output_field=FloatField()
    )
    states: dict[tuple[str, int, str], int] = {}
    criteria: dict[tuple[str, int, str], tuple[int, float]] = {}
    for width in widths:
        if root is not None and width < len(root.path):
            continue
        for path, year, state, n in (
            cycles.annotate(_len=Length("unit_path"), _at=Substr("unit_path", 1, width))
            .filter(_len__gte=width)
            .order_by()
            .values_list("_at", "year", "state")
            .annotate(_n=Count("pk"))
            .values_list("_at", "year", "state", "_n")
        ):
            states[(path, year, state)] = n
        for path, year, code, n, total in (
            scores.annotate(
                _len=Length("cycle__unit_path"), _at=Substr("cycle__unit_path", 1, width)
            )
            .filter(_len__gte=width)
            .order_by()
            .values_list("_at", "cycle__year", "criterion__code")
            .annotate(_n=Count("pk"), _sum=Sum(share))
            .values_list("_at", "cycle__year", "criterion__code", "_n", "_sum")
        ):
            criteria[(path, year, code)] = (n, float(total or 0))
    ids = dict(units.values_list("path", "pk"))
    with transaction.atomic():
        StateCount.objects.filter(unit_id__in=units.values("pk")).delete()
        CriterionCount.objects.filter(unit_id__in=units.values("pk")).delete()
        StateCount.objects.bulk_create(
            [
                StateCount(unit_id=ids[path], year=year, state=state, cycles=n)
                for (path, year, state), n in sorted(states.items())
                if path in ids
            ],
            batch_size=1000,
        )
        CriterionCount.objects.bulk_create(
            [
                CriterionCount(unit_id=ids[path], year=year, code=code, reviewed=n, share_sum=total)
                for (path, year, code), (n, total) in sorted(criteria.items())
                if path in ids
            ],
            batch_size=1000,
        )
    return len(states) + len(criteria)
