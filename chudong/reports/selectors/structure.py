"""The organisation structure report: units below each sub-unit, from the actor's scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Substr

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.paths import STEP_WIDTH, subtree_q
from chudong.orgs import registry
from chudong.orgs.models import Unit, UnitStatus


@dataclass
class StructureRow:
    unit: Unit
    units_below: int = 0
    grassroots: int = 0
    branches: int = 0
    figures: list[int | None] = field(default_factory=list)


@dataclass
class StructureReport:
    unit: Unit
    rows: list[StructureRow]
    total: StructureRow
    figure_labels: list[str]


def report_roots(*, actor: Any) -> list[Unit]:
    """Top units of the actor's reporting scope."""
    paths = policy.visible_roots(actor, Cap.REPORTS_VIEW)
    return list(Unit.objects.filter(path__in=paths).select_related("kind").order_by("path"))


def structure(*, actor: Any, unit: Unit) -> StructureReport:
    """Each active direct sub-unit of `unit` with the active units below it, grassroots
    unions and branches among them (one grouped query over the subtree), and the figures
    other apps register (members...), computed for all sub-units at once where they can."""
    policy.require(actor, Cap.REPORTS_VIEW, unit)
    children = list(
        unit.children.filter(status=UnitStatus.ACTIVE)
        .select_related("kind")
        .order_by("kind__order", "sort_key")
    )
    cut = len(unit.path) + STEP_WIDTH
    grouped = (
        Unit.objects.filter(
            subtree_q("path", unit.path, include_self=False), status=UnitStatus.ACTIVE
        )
        .annotate(branch_of=Substr("path", 1, cut))
        .values("branch_of")
        .annotate(
            total=Count("id"),
            grassroots=Count("id", filter=Q(kind__is_grassroots=True)),
            branches=Count("id", filter=Q(kind__is_branch=True)),
        )
    )
    by_prefix = {row["branch_of"]: row for row in grouped}
    figures = registry.figures()
    values = [_figure_values(figure, children) for figure in figures]
    rows = []
    for index, child in enumerate(children):
        counts = by_prefix.get(child.path, {})
        rows.append(
            StructureRow(
                unit=child,
                # The child itself is in its own group; "below" excludes it.
                units_below=max(counts.get("total", 1) - 1, 0),
                grassroots=counts.get("grassroots", 0) - (1 if child.kind.is_grassroots else 0),
                branches=counts.get("branches", 0) - (1 if child.kind.is_branch else 0),
                figures=[column[index] for column in values],
            )
        )
    total = StructureRow(
        unit=unit,
        units_below=sum(r["total"] for r in by_prefix.values()),
        grassroots=sum(r["grassroots"] for r in by_prefix.values()),
        branches=sum(r["branches"] for r in by_prefix.values()),
        figures=[
            sum(v for v in column if v is not None) if any(v is not None for v in column) else None
            for column in values
        ],
    )
    return StructureReport(
        unit=unit, rows=rows, total=total, figure_labels=[str(f.label) for f in figures]
    )


def _figure_values(figure: registry.Figure, units: list[Unit]) -> list[int | None]:
    many = getattr(figure, "compute_many", None)
    if many is not None:
        result = many(units)
        return [result.get(u.pk) for u in units]
    return [figure.compute(u) for u in units]
