"""Who is on which side of a procedure, found from the unit tree and never from the name
of a level (domain.md 2.11; the 2025 reform removed one level and the next reform may
change another)."""

from __future__ import annotations

from chudong.core.paths import STEP_WIDTH, ancestors_of
from chudong.orgs.models import Unit


def grassroots_of(unit: Unit) -> Unit:
    """The grassroots union (đoàn cơ sở, or the chi đoàn cơ sở itself) a branch belongs to:
    the nearest unit at or above it whose kind is grassroots. A branch with none above it
    (a tree still being built) answers its upper unit, else itself."""
    paths = [*ancestors_of(unit.path), unit.path]
    found = (
        Unit.objects.filter(path__in=paths, kind__is_grassroots=True)
        .select_related("kind")
        .order_by("-path")
        .first()
    )
    return found or unit.parent or unit


def province_path(path: str) -> str:
    """The path of the unit directly under the root that holds `path`: the province or an
    equivalent unit (cấp tỉnh và tương đương). "Across provinces" compares these."""
    return path[: 2 * STEP_WIDTH] if len(path) > STEP_WIDTH else path


def upper_unit(unit: Unit) -> Unit | None:
    """The direct upper unit: the one a branch reports a striking off to."""
    return unit.parent
