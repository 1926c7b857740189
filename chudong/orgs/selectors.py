"""Reads on the unit tree, always scoped to what the actor may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core import urls_cache
from chudong.core.paths import STEP_WIDTH, subtree_q
from chudong.core.sql import cursor as prepared_cursor
from chudong.core.sql import statement
from chudong.core.text import fold, sort_key

from . import registry
from .models import (
    LinkRole,
    Restructuring,
    RestructuringKind,
    RestructuringLink,
    Unit,
    UnitKind,
    UnitStatus,
    UnitVersion,
    UnitWarningCounts,
)


def visible_units(*, actor: Any, cap: Cap = Cap.UNITS_VIEW) -> QuerySet[Unit]:
    return Unit.objects.filter(policy.scope_q(actor, cap, "path"))


def home_units(*, actor: Any) -> list[Unit]:
    """The units the user works at (where they hold a role), top first."""
    ids = {g.unit_id for g in policy.grants(actor)}
    return list(
        Unit.objects.filter(pk__in=ids, status=UnitStatus.ACTIVE)
        .select_related("kind", "parent")
        .order_by("path")
    )


def breadcrumbs(*, actor: Any, unit: Unit) -> list[Unit]:
    """The ancestors of `unit` the actor may see, top first (id, name and path loaded).

    On nearly every page: read through one SQL statement per number of ancestors, kept
    per process, instead of a query built through the ORM each time."""
    paths = policy.ancestor_paths_visible(actor, unit)
    if not paths:
        return []
    with prepared_cursor() as cursor:
        marks = ", ".join(["%s"] * len(paths))
        # One "%s" per ancestor goes into the statement; the paths are parameters.
        query = f"SELECT id, name, path FROM {{unit}} WHERE path IN ({marks}) ORDER BY path"  # noqa: S608
        cursor.execute(statement(query, unit=Unit), paths)
        rows = cursor.fetchall()
    return [Unit.from_db(connection.alias, ["id", "name", "path"], row) for row in rows]


def sub_units(*, actor: Any, unit: Unit, include_inactive: bool = False) -> QuerySet[Unit]:
    """Direct sub-units with their own active sub-unit counts (one query)."""
    qs = unit.children.select_related("kind").annotate(
        active_children=Count("children", filter=Q(children__status=UnitStatus.ACTIVE))
    )
    if not include_inactive:
        qs = qs.filter(status=UnitStatus.ACTIVE)
    return qs.order_by("kind__order", "sort_key")


@dataclass(frozen=True)
class SubUnitRow:
    id: int
    name: str
    code: str
    kind_name: str
    kind_name_en: str
    active_children: int
    url: str


def sub_unit_rows(*, actor: Any, unit: Unit) -> list[SubUnitRow]:
    """The unit page's list of `sub_units` (active ones, same order) as plain values: one
    statement written once per process, the children's own active sub-units counted by a
    correlated count over the parent index rather than a grouped join."""
    query = (
        "SELECT u.id, u.name, u.code, k.name, k.name_en,"
        " (SELECT COUNT(*) FROM {unit} c WHERE c.parent_id = u.id AND c.status = %s)"
        " FROM {unit} u JOIN {kind} k ON k.id = u.kind_id"
        ' WHERE u.parent_id = %s AND u.status = %s ORDER BY k."order", u.sort_key, u.id'
    )
    active = UnitStatus.ACTIVE.value
    with prepared_cursor() as cursor:
        cursor.execute(
            statement(query, unit=Unit, kind=UnitKind),
            [active, unit.pk, active],
        )
        rows = cursor.fetchall()
    url = unit_url_maker("orgs:unit")
    return [SubUnitRow(*row, url(row[0])) for row in rows]


# A function pk → the unit's URL of that name (see core.urls_cache.id_url).
unit_url_maker = urls_cache.id_url


def subtree_bounds(path: str) -> tuple[str, str]:
    """The range [low, high) of the paths in the subtree of `path` (itself included), for
    statements written by hand: the bounds `core.paths.subtree_q` compares with."""
    return path, dict(subtree_q("path", path).children)["path__lt"]


@dataclass
class UnitFigures:
    sub_units: int
    grassroots: int
    branches: int
    extra: list[tuple[str, int]] = field(default_factory=list)


def unit_figures(*, actor: Any, unit: Unit) -> UnitFigures:
    """Counts of active units in the subtree (one indexed range scan) and registered
    figures from other apps."""
    query = (
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN k.is_grassroots THEN 1 ELSE 0 END), 0),"
        " COALESCE(SUM(CASE WHEN k.is_branch THEN 1 ELSE 0 END), 0)"
        " FROM {unit} u JOIN {kind} k ON k.id = u.kind_id"
        " WHERE u.path > %s AND u.path < %s AND u.status = %s"
    )
    _low, upper = subtree_bounds(unit.path)
    with prepared_cursor() as cursor:
        cursor.execute(
            statement(query, unit=Unit, kind=UnitKind),
            [unit.path, upper, UnitStatus.ACTIVE.value],
        )
        total, grassroots, branches = cursor.fetchone()
    return UnitFigures(
        sub_units=total,
        grassroots=grassroots,
        branches=branches,
        extra=_figure_values(unit),
    )


class UnitRef(NamedTuple):
    id: int
    name: str


@dataclass
class RestructuringRow:
    """One restructuring as the timeline shows it, with its units by role."""

    id: int
    kind: str
    effective_on: dt.date
    decision_number: str
    reason: str
    details: dict
    sides: dict[str, list[UnitRef]]

    @property
    def kind_label(self) -> str:
        return RestructuringKind(self.kind).label


def unit_restructurings(
    *, actor: Any, unit: Unit, limit: int | None = None
) -> list[RestructuringRow]:
    """Restructurings that involved `unit` as source, target or parent, newest first (the
    `limit` newest ones if given), each with its units by role as (id, name): two
    statements written once per process."""
    query = (
        "SELECT r.id, r.kind, r.effective_on, r.decision_number, r.reason, r.details"
        " FROM {restructuring} r WHERE r.id IN"
        " (SELECT l.restructuring_id FROM {link} l WHERE l.unit_id = %s)"
        " ORDER BY r.effective_on DESC, r.id DESC"
    )
    params: list[Any] = [unit.pk]
    if limit is not None:
        query += " LIMIT %s"
        params.append(limit)
    details = Restructuring._meta.get_field("details")
    with prepared_cursor() as cursor:
        cursor.execute(
            statement(query, restructuring=Restructuring, link=RestructuringLink), params
        )
        rows = [
            RestructuringRow(
                pk, kind, on, number, reason,
                details.from_db_value(raw, None, connection) or {},
                {role: [] for role in LinkRole.values},
            )
            for pk, kind, on, number, reason, raw in cursor.fetchall()
        ]  # fmt: skip
        if not rows:
            return rows
        by_id = {row.id: row for row in rows}
        marks = ", ".join(["%s"] * len(rows))
        # One "%s" per restructuring goes into the statement; the ids are parameters.
        links = (
            "SELECT l.restructuring_id, l.role, u.id, u.name FROM {link} l"  # noqa: S608
            f" JOIN {{unit}} u ON u.id = l.unit_id WHERE l.restructuring_id IN ({marks})"
            " ORDER BY l.id"
        )
        cursor.execute(statement(links, link=RestructuringLink, unit=Unit), list(by_id))
        for restructuring_id, role, unit_id, name in cursor.fetchall():
            by_id[restructuring_id].sides.setdefault(role, []).append(UnitRef(unit_id, name))
    return rows


def unit_search(
    *,
    actor: Any,
    query: str,
    cap: Cap = Cap.UNITS_VIEW,
    limit: int = 20,
    active_only: bool = True,
    exclude_subtree_of: Unit | None = None,
) -> QuerySet[Unit]:
    """Units within the actor's scope for `cap` whose name or code matches `query`."""
    folded = fold(query)
    qs = Unit.objects.filter(policy.scope_q(actor, cap, "path")).select_related("kind", "parent")
    if active_only:
        qs = qs.filter(status=UnitStatus.ACTIVE)
    if folded:
        qs = qs.filter(Q(name_folded__contains=folded) | Q(code__startswith=query.strip().upper()))
    if exclude_subtree_of is not None:
        qs = qs.exclude(subtree_q("path", exclude_subtree_of.path))
    return qs.order_by("depth", "sort_key")[:limit]


def creatable_kinds(*, parent: Unit | None) -> QuerySet[UnitKind]:
    """Kinds a new unit may have today (kinds that ended, like district unions, excluded)."""
    today = policy.today()
    return UnitKind.objects.filter(
        Q(available_until__isnull=True) | Q(available_until__gte=today)
    ).order_by("order")


@dataclass
class TreeNode:
    unit_id: int
    name: str
    kind: UnitKind
    children: list[TreeNode] = field(default_factory=list)


def tree_as_of(*, actor: Any, root: Unit, day: dt.date, max_depth: int = 12) -> TreeNode | None:
    """The subtree under `root` as it stood on `day`, rebuilt from unit versions.

    One query per level. Returns None when `root` was not in the tree on that day. The
    actor must be able to see `root` today; lineage may show units that have since left.
    """
    policy.require(actor, Cap.UNITS_VIEW, root)
    valid = Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))
    kinds = {k.pk: k for k in UnitKind.objects.all()}
    root_version = UnitVersion.objects.filter(valid, unit=root).first()
    if root_version is None:
        return None
    top = TreeNode(root.pk, root_version.name, kinds[root_version.kind_id])
    frontier = {root.pk: top}
    for _level in range(max_depth):
        if not frontier:
            break
        rows = (
            UnitVersion.objects.filter(valid, parent_id__in=list(frontier))
            .select_related("unit")
            .order_by("unit__sort_key")
        )
        next_frontier: dict[int, TreeNode] = {}
        for version in rows:
            node = TreeNode(version.unit_id, version.name, kinds[version.kind_id])
            frontier[version.parent_id].children.append(node)
            next_frontier[version.unit_id] = node
        frontier = next_frontier
    _sort_tree(top)
    return top


def _sort_tree(node: TreeNode) -> None:
    node.children.sort(key=lambda n: (n.kind.order, sort_key(n.name)))
    for child in node.children:
        _sort_tree(child)


def split_items(*, unit: Unit) -> list[tuple[str, str, list[registry.ContentItem]]]:
    """For the split form: every registered content's records in `unit`."""
    return [(c.key, c.label(), c.items(unit)) for c in registry.contents()]


def content_counts(*, unit: Unit) -> list[tuple[str, int]]:
    return [(c.label(), c.count(unit)) for c in registry.contents()]


def move_targets(*, actor: Any, unit: Unit) -> QuerySet[Unit]:
    """Active units the actor may place `unit` under: not inside it, not its parent."""
    return (
        Unit.objects.filter(
            policy.scope_q(actor, Cap.UNITS_RESTRUCTURE, "path") | _own_grant_units(actor)
        )
        .filter(status=UnitStatus.ACTIVE, kind__may_have_children=True)
        .exclude(subtree_q("path", unit.path))
        .exclude(pk=unit.parent_id)
        .select_related("kind")
        .order_by("path")
    )


def _own_grant_units(actor: Any) -> Q:
    """The units where the actor holds units.restructure themselves: they may found units
    (and so place moved ones) directly under them, though not restructure them."""
    ids = [g.unit_id for g in policy.grants(actor) if Cap.UNITS_RESTRUCTURE in g.capabilities]
    return Q(pk__in=ids)


def merge_candidates(*, actor: Any, unit: Unit) -> QuerySet[Unit]:
    """Active siblings of `unit` that the actor may restructure."""
    if unit.parent_id is None:
        return Unit.objects.none()
    return (
        Unit.objects.filter(policy.scope_q(actor, Cap.UNITS_RESTRUCTURE, "path"))
        .filter(parent_id=unit.parent_id, status=UnitStatus.ACTIVE)
        .exclude(pk=unit.pk)
        .select_related("kind")
        .order_by("kind__order", "sort_key")
    )


def _subtree_size(unit: Unit) -> int:
    return Unit.objects.filter(
        subtree_q("path", unit.path, include_self=False), status=UnitStatus.ACTIVE
    ).count()


def _direct_contents(unit: Unit) -> list[tuple[str, int]]:
    return [(c.label(), c.count(unit)) for c in registry.contents()]


def move_preview(*, actor: Any, unit: Unit, new_parent: Unit) -> dict:
    return {
        "rows": [(_("Upper unit"), unit.parent, new_parent)],
        "moving": [
            (unit.name, _subtree_size(unit), _figure_values(unit)),
        ],
    }


def merge_preview(*, actor: Any, sources: list[Unit], into: Unit | None, new_unit: Any) -> dict:
    return {
        "result": into.name if into else f"{new_unit.name} ({new_unit.code}, {new_unit.kind})",
        "result_is_new": into is None,
        "moving": [
            (s.name, s.children.filter(status=UnitStatus.ACTIVE).count(), _direct_contents(s))
            for s in sources
        ],
    }


def split_preview(
    *,
    unit: Unit,
    specs: list,
    children: list[Unit],
    contents: list,
    child_targets: dict,
    content_targets: dict,
) -> dict:
    parts = []
    for index, spec in enumerate(specs):
        units = [c.name for c in children if child_targets.get(c.pk) == index]
        items = []
        for key, label, content_items in contents:
            chosen = [i.label for i in content_items if content_targets[key].get(i.id) == index]
            if chosen:
                items.append((label, chosen))
        parts.append({"spec": spec, "units": units, "items": items})
    return {"parts": parts, "source": unit.name}


def _figure_values(unit: Unit) -> list[tuple[str, int]]:
    values = []
    for figure in registry.figures():
        value = figure.compute(unit)
        if value is not None:
            values.append((figure.label, value))
    return values


class WarningList(list):
    """Warning lines, with the time their counts were taken when they were kept."""

    def __init__(self, *args, as_of=None):
        super().__init__(*args)
        self.as_of = as_of


@dataclass
class WarningLine:
    key: str
    label: str
    count: int
    url: str | None


def unit_warnings(
    *, actor: Any, unit: Unit, day: dt.date | None = None, fresh: bool = False
) -> list[WarningLine]:
    """Registered warnings with cases in the subtree of `unit` that the actor may see.

    The counts (one query or more per warning, from every app) are kept in
    `UnitWarningCounts`, one row per unit: written by `warnings_refresh` (ahead) and by
    this function when the row is not of `day` or is older than
    settings.CHUDONG_WARNINGS_CACHE_SECONDS (0 = never kept). `fresh` (the page's "count
    again now" link) recounts them. The actor's capabilities are checked on every call;
    only the counts, which depend on the unit alone, are kept.
    """
    from django.conf import settings

    day = day or policy.today()
    allowed = [w for w in registry.warnings() if policy.can(actor, w.capability, unit)]
    if not allowed:
        return WarningList()
    seconds = getattr(settings, "CHUDONG_WARNINGS_CACHE_SECONDS", 0)
    now = timezone.now()
    kept = None
    if seconds and not fresh:
        kept = UnitWarningCounts.objects.filter(
            unit=unit, day=day, computed_at__gt=now - dt.timedelta(seconds=seconds)
        ).first()
    counts, as_of = (dict(kept.counts), kept.computed_at) if kept else ({}, now)
    missing = [w for w in allowed if w.key not in counts]
    if missing:
        for warning in missing:  # a warning registered since the row was written, or all
            counts[warning.key] = warning.count_many([unit], day).get(unit.pk, 0)
        if seconds:
            warnings_keep({unit.pk: counts}, day, computed_at=as_of)
    lines = WarningList(as_of=as_of if seconds else None)
    for warning in allowed:
        if counts[warning.key]:
            url = unit_url_maker(warning.url_name)(unit.pk) if warning.url_name else None
            lines.append(WarningLine(warning.key, str(warning.label), counts[warning.key], url))
    return lines


def warnings_keep(counts: dict[int, dict[str, int]], day: dt.date, *, computed_at=None) -> None:
    """Write the kept warning counts of several units (one upsert)."""
    computed_at = computed_at or timezone.now()
    UnitWarningCounts.objects.bulk_create(
        [
            UnitWarningCounts(unit_id=pk, day=day, counts=c, computed_at=computed_at)
            for pk, c in counts.items()
        ],
        update_conflicts=True,
        unique_fields=["unit"],
        update_fields=["day", "counts", "computed_at"],
    )


def warnings_count_and_keep(units: list[Unit], day: dt.date) -> int:
    """Count every warning of each unit as its page does (a range of its own subtree:
    grouping siblings over a province's subtree took minutes for some warnings at national
    scale) and keep the counts in one upsert; returns how many units were counted.
    `warnings_refresh` walks the tree with it, a parent's children at a time."""
    counts = {
        unit.pk: {w.key: w.count_many([unit], day).get(unit.pk, 0) for w in registry.warnings()}
        for unit in units
    }
    if counts:
        warnings_keep(counts, day)
    return len(counts)


@dataclass
class WarningTable:
    columns: list[registry.Warning]
    rows: list[tuple[Unit, list[int]]]
    totals: list[int]


def sub_unit_warnings(*, actor: Any, unit: Unit, day: dt.date | None = None) -> WarningTable:
    """For the level above: each active sub-unit × each warning the actor may see."""
    day = day or policy.today()
    columns = [w for w in registry.warnings() if policy.can(actor, w.capability, unit)]
    children = list(sub_units(actor=actor, unit=unit))
    counts = [w.count_many(children, day) for w in columns]
    rows = [(child, [c.get(child.pk, 0) for c in counts]) for child in children]
    totals = [sum(r[1][i] for r in rows) for i in range(len(columns))]
    return WarningTable(columns=columns, rows=rows, totals=totals)


def count_in_subtrees(units: list[Unit], queryset: QuerySet, path_field: str) -> dict[int, int]:
    """{unit id: rows of `queryset` whose `path_field` lies in that unit's subtree}.

    For siblings (the warnings and report pages list the sub-units of one unit) this is a
    single grouped query over the parent's subtree; otherwise one indexed range count per
    unit. Warnings and figures of other apps build on it.
    """
    if not units:
        return {}
    parents = {u.parent_id for u in units}
    if len(units) > 1 and len(parents) == 1 and units[0].parent_id is not None:
        parent_path = units[0].path[:-STEP_WIDTH]
        cut = len(parent_path) + STEP_WIDTH
        grouped = (
            queryset.filter(subtree_q(path_field, parent_path, include_self=False))
            .annotate(_prefix=Substr(path_field, 1, cut))
            .values("_prefix")
            .annotate(_n=Count("pk"))
        )
        by_prefix = {row["_prefix"]: row["_n"] for row in grouped}
        return {u.pk: by_prefix.get(u.path, 0) for u in units}
    return {u.pk: queryset.filter(subtree_q(path_field, u.path)).count() for u in units}


@dataclass
class LinkSection:
    key: str
    label: str
    links: list[dict]


def unit_link_sections(*, actor: Any, unit: Unit) -> list[LinkSection]:
    """The other apps' pages about `unit` that the actor may open, by section."""
    from chudong.core.nav import SECTIONS

    allowed: dict[object, bool] = {}
    by_section: dict[str, list[dict]] = {}
    for link in registry.unit_links():
        if link.capability not in allowed:
            allowed[link.capability] = policy.can(actor, link.capability, unit)
        if allowed[link.capability]:
            by_section.setdefault(link.section, []).append(
                {
                    "key": link.key,
                    "label": link.label,
                    "description": link.description,
                    "url": unit_url_maker(link.url_name)(unit.pk),
                }
            )
    return [
        LinkSection(key, str(label), by_section[key])
        for key, label in SECTIONS
        if key in by_section
    ]
