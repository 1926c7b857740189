"""Reading plans: access helpers (404 out of scope, 403 without the capability) and the
progress of targets at every level, computed in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.paths import subtree_q
from chudong.orgs.models import Unit

from . import measures
from .models import Directive, Plan, Target


def _check(actor: Any, cap: Cap, unit_path: str) -> None:
    """404 outside every unit the actor sees; 403 for a visible record without `cap`
    (the same answers policy.require gives for units)."""
    if not policy.can_at_path(actor, Cap.UNITS_VIEW, unit_path):
        raise Http404
    if not policy.can_at_path(actor, Cap.WORK_VIEW, unit_path):
        raise PermissionDenied
    if not policy.can_at_path(actor, cap, unit_path):
        raise PermissionDenied


def access_directive(actor: Any, directive_id: Any, cap: Cap = Cap.WORK_VIEW) -> Directive:
    directive = Directive.objects.select_related("unit", "unit__kind").filter(pk=directive_id)
    directive = directive.first()
    if directive is None:
        raise Http404
    _check(actor, cap, directive.unit_path)
    return directive


def access_plan(actor: Any, plan_id: Any, cap: Cap = Cap.WORK_VIEW) -> Plan:
    plan = Plan.objects.select_related("unit", "unit__kind").filter(pk=plan_id).first()
    if plan is None:
        raise Http404
    _check(actor, cap, plan.unit_path)
    return plan


def access_target(actor: Any, target_id: Any, cap: Cap = Cap.WORK_VIEW) -> Target:
    target = (
        Target.objects.select_related("plan", "unit", "unit__kind", "parent")
        .filter(pk=target_id)
        .first()
    )
    if target is None:
        raise Http404
    _check(actor, cap, target.unit_path)
    return target


def home_units(*, actor: Any) -> list[Unit]:
    roots = policy.visible_roots(actor, Cap.WORK_VIEW)
    return list(Unit.objects.filter(path__in=roots).select_related("kind").order_by("path"))


def unit_plans(*, unit: Unit, year: int) -> QuerySet[Plan]:
    return Plan.objects.filter(unit=unit, year=year).order_by("kind", "title")


def unit_directives(*, unit: Unit) -> QuerySet[Directive]:
    return Directive.objects.filter(unit=unit).order_by("-issued_on", "-pk")


def directive_choices(*, unit: Unit) -> QuerySet[Directive]:
    return Directive.objects.filter(unit=unit).order_by("-issued_on", "-pk")


@dataclass
class Progress:
    target: Target
    actual: Decimal
    goal: Decimal
    computed: bool  # from recorded work (a measure), not entered by hand
    children: list[Progress] = field(default_factory=list)
    visible: bool = True  # the actor may open the target's plan

    @property
    def percent(self) -> int:
        if self.goal <= 0:
            return 0
        return int(min(Decimal(100), self.actual * 100 / self.goal))

    @property
    def done(self) -> bool:
        return self.goal > 0 and self.actual >= self.goal

    @property
    def bar_width(self) -> int:
        """Width of the bar in the plan's chart (out of 200)."""
        return self.percent * 2


def _descendants(targets: list[Target]) -> list[Target]:
    if not targets:
        return []
    condition = reduce(or_, (Q(lineage__startswith=t.lineage) for t in targets))
    return list(
        Target.objects.filter(condition).exclude(pk__in=[t.pk for t in targets])
        .select_related("unit").order_by("unit__path", "pk")
    )  # fmt: skip


def progress_for(*, actor: Any, targets: list[Target]) -> list[Progress]:
    """Progress of each target with its breakdown down the tree: one query for the
    targets below, one per measure in use, whatever the number of sub-units."""
    below = _descendants(targets)
    children: dict[int, list[Target]] = {}
    for t in below:
        children.setdefault(t.parent_id, []).append(t)
    everything = targets + below
    wanted: dict[str, dict[int, Unit]] = {}
    year = targets[0].plan.year if targets else 0
    for t in everything:
        measure = measures.get(t.measure) if t.measure else None
        if measure is None:
            continue
        if measure.kind == measures.SHARE or not children.get(t.pk):
            wanted.setdefault(t.measure, {})[t.unit_id] = t.unit
    values: dict[str, dict[int, Decimal]] = {
        key: measures.get(key).compute_many(list(units.values()), year)
        for key, units in wanted.items()
    }

    def build(t: Target) -> Progress:
        measure = measures.get(t.measure) if t.measure else None
        kids = [build(c) for c in children.get(t.pk, [])]
        if measure is not None and (measure.kind == measures.SHARE or not kids):
            actual = values[t.measure].get(t.unit_id, Decimal(0))
            goal = t.target_value
        elif kids:
            actual = sum((k.actual for k in kids), Decimal(0))
            goal = sum((k.goal for k in kids), Decimal(0))
        else:
            actual = t.hand_value or Decimal(0)
            goal = t.target_value
        return Progress(
            target=t, actual=actual, goal=goal, computed=measure is not None, children=kids,
            visible=policy.can_at_path(actor, Cap.WORK_VIEW, t.unit_path),
        )  # fmt: skip

    return [build(t) for t in targets]


def plan_page(*, actor: Any, plan: Plan) -> dict:
    targets = list(plan.targets.select_related("unit", "assigned_unit", "parent__plan"))
    for t in targets:
        t.plan = plan
    return {
        "progress": progress_for(actor=actor, targets=targets),
        "directives": list(plan.directives.order_by("-issued_on")),
    }


def sub_units_for_cascade(*, unit: Unit, scope: str) -> list[Unit]:
    """The units a target is cascaded to: the direct sub-units, or every grassroots union
    below (active ones)."""
    qs = Unit.objects.filter(status="active").select_related("kind")
    if scope == "grassroots":
        qs = qs.filter(subtree_q("path", unit.path, include_self=False), kind__is_grassroots=True)
    else:
        qs = qs.filter(parent=unit)
    return list(qs.order_by("path"))
