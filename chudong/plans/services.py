"""Writing directives, plans, targets and hand-entered progress. Every service takes the
actor, checks work.manage over the unit, runs in a transaction and raises ValidationError
with messages keyed by field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core import uploads
from chudong.orgs.models import Unit

from . import measures, selectors
from .models import Directive, Plan, PlanState, ProgressUpdate, Target

DIRECTIVE_FIELDS = ("number", "issued_on", "issuer", "title", "summary")
PLAN_FIELDS = ("year", "title", "kind", "goals", "state")
TARGET_FIELDS = ("label", "unit_label", "target_value", "measure", "deadline", "assigned_to",
                 "assigned_unit")  # fmt: skip


# --- Directives --------------------------------------------------------------------------


def directive_save(
    *, actor: Any, unit: Unit, values: dict, upload: Any = None, directive: Directive | None = None
) -> Directive:
    policy.require(actor, Cap.WORK_MANAGE, unit)
    errors: dict[str, str] = {}
    if values["issued_on"] > timezone.localdate():
        errors["issued_on"] = _("The date is in the future.")
    if not (values.get("number") or "").strip():
        errors["number"] = _("Enter the number of the document.")
    if not (values.get("title") or "").strip():
        errors["title"] = _("Enter the title.")
    if errors:
        raise ValidationError(errors)
    checked = uploads.check_upload(upload, "attachment") if upload is not None else None
    with uploads.FilesGuard() as guard, transaction.atomic():
        directive = directive or Directive(unit=unit, unit_path=unit.path, created_by=actor)
        for name in DIRECTIVE_FIELDS:
            setattr(directive, name, values.get(name, getattr(directive, name)))
        if checked is not None:
            uploads.save_checked(directive.attachment, checked, guard)
            directive.attachment_name = checked.name
            directive.attachment_type = checked.content_type
        directive.save()
    return directive


# --- Plans --------------------------------------------------------------------------------


def _check_year(year: int) -> None:
    today = timezone.localdate()
    if not (2000 <= year <= today.year + 5):
        raise ValidationError({"year": _("Choose a year between 2000 and %(last)s.")
                               % {"last": today.year + 5}})  # fmt: skip


def _directives_of(unit: Unit, directives) -> list[Directive]:
    chosen = list(directives or [])
    if any(d.unit_id != unit.pk for d in chosen):
        raise ValidationError({"directives": _("Choose directives received by this unit.")})
    return chosen


@transaction.atomic
def plan_create(*, actor: Any, unit: Unit, values: dict, directives=None) -> Plan:
    policy.require(actor, Cap.WORK_MANAGE, unit)
    _check_year(values["year"])
    chosen = _directives_of(unit, directives)
    plan = Plan(unit=unit, unit_path=unit.path, created_by=actor)
    for name in PLAN_FIELDS:
        if name in values:
            setattr(plan, name, values[name])
    plan.full_clean(exclude=["directives", "source", "created_by"])
    plan.save()
    plan.directives.set(chosen)
    return plan


@transaction.atomic
def plan_update(*, actor: Any, plan: Plan, values: dict, directives=None) -> Plan:
    policy.require(actor, Cap.WORK_MANAGE, plan.unit)
    if values["year"] != plan.year and plan.targets.exists():
        raise ValidationError({"year": _("The plan has targets: its year cannot change.")})
    _check_year(values["year"])
    chosen = _directives_of(plan.unit, directives)
    for name in PLAN_FIELDS:
        if name in values:
            setattr(plan, name, values[name])
    plan.save()
    if directives is not None:
        keep = [d for d in plan.directives.all() if d.unit_id != plan.unit_id]
        plan.directives.set(keep + chosen)
    return plan


# --- Targets ------------------------------------------------------------------------------


def _validate_target(plan: Plan, values: dict) -> None:
    errors: dict[str, str] = {}
    value = values.get("target_value")
    if value is None or value <= 0:
        errors["target_value"] = _("The target number must be a positive number.")
    deadline = values.get("deadline")
    if deadline and deadline.year != plan.year:
        errors["deadline"] = _("The deadline must fall within the plan's year (%(year)s).") % {
            "year": plan.year
        }
    key = values.get("measure") or ""
    measure = measures.get(key) if key else None
    if key and measure is None:
        errors["measure"] = _("Unknown measure.")
    if measure and measure.kind == measures.SHARE and value and value > 100:
        errors["target_value"] = _("A percentage target cannot be above 100.")
    assigned = values.get("assigned_unit")
    if assigned and not (assigned.path.startswith(plan.unit_path) and assigned.pk != plan.unit_id):
        errors["assigned_unit"] = _("Choose a unit below the plan's unit.")
    if not (values.get("label") or "").strip():
        errors["label"] = _("Name the target.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def target_add(*, actor: Any, plan: Plan, values: dict) -> Target:
    policy.require(actor, Cap.WORK_MANAGE, plan.unit)
    _validate_target(plan, values)
    target = Target(plan=plan, unit=plan.unit, unit_path=plan.unit_path,
                    order=plan.targets.count() + 1)  # fmt: skip
    for name in TARGET_FIELDS:
        setattr(target, name, values.get(name) if name != "measure" else values.get(name) or "")
    target.save()
    target.lineage = f"/{target.pk}/"
    target.save(update_fields=["lineage"])
    return target


@transaction.atomic
def target_update(*, actor: Any, target: Target, values: dict) -> Target:
    """A unit edits its own targets; the number and measure of a target set by the upper
    level change only with work.manage at the upper level."""
    policy.require(actor, Cap.WORK_MANAGE, target.unit)
    _validate_target(target.plan, values)
    if (
        target.parent_id
        and (
            values["target_value"] != target.target_value
            or (values.get("measure") or "") != target.measure
        )
        and not policy.can_at_path(actor, Cap.WORK_MANAGE, target.parent.unit_path)
    ):
        raise ValidationError({"target_value": _(
            "This target was set by the upper level: only the upper level may change its "
            "number or measure."
        )})  # fmt: skip
    for name in TARGET_FIELDS:
        setattr(target, name, values.get(name) if name != "measure" else values.get(name) or "")
    target.save()
    return target


CASCADE_CHILDREN = "children"
CASCADE_GRASSROOTS = "grassroots"


@transaction.atomic
def target_cascade(
    *, actor: Any, target: Target, scope: str, value: Decimal, deadline: dt.date | None = None
) -> list[Target]:
    """Set the target for each unit below (its direct sub-units, or every grassroots union
    below): a child target in each unit's plan that takes up the upper plan (created as a
    draft when missing). Units that already have it are skipped."""
    policy.require(actor, Cap.WORK_MANAGE, target.unit)
    plan = target.plan
    values = {
        "label": target.label, "unit_label": target.unit_label, "target_value": value,
        "measure": target.measure, "deadline": deadline or target.deadline,
        "assigned_to": "", "assigned_unit": None,
    }  # fmt: skip
    _validate_target(plan, values)
    if scope not in (CASCADE_CHILDREN, CASCADE_GRASSROOTS):
        raise ValidationError({"scope": _("Choose the units the target is set for.")})
    units = selectors.sub_units_for_cascade(unit=target.unit, scope=scope)
    if not units:
        raise ValidationError({"scope": _("There is no unit there to set the target for.")})
    existing = set(target.children.values_list("unit_id", flat=True))
    units = [u for u in units if u.pk not in existing]
    plans = {p.unit_id: p for p in Plan.objects.filter(source=plan, unit__in=units)}
    directives = list(plan.directives.all())
    created = []
    for unit in units:
        child_plan = plans.get(unit.pk)
        if child_plan is None:
            child_plan = Plan.objects.create(
                unit=unit, unit_path=unit.path, year=plan.year, kind=plan.kind,
                title=(_("Taking up: %(title)s") % {"title": plan.title})[:300],
                goals=plan.goals, state=PlanState.DRAFT, source=plan, created_by=actor,
            )  # fmt: skip
            child_plan.directives.set(directives)
            plans[unit.pk] = child_plan
        child = Target(
            plan=child_plan, unit=unit, unit_path=unit.path, parent=target,
            order=child_plan.targets.count() + 1, **values,
        )  # fmt: skip
        child.save()
        child.lineage = f"{target.lineage}{child.pk}/"
        child.save(update_fields=["lineage"])
        created.append(child)
    return created


@transaction.atomic
def progress_record(
    *, actor: Any, target: Target, value: Decimal, on: dt.date, note: str = ""
) -> ProgressUpdate:
    policy.require(actor, Cap.WORK_MANAGE, target.unit)
    errors: dict[str, str] = {}
    if target.measure:
        errors["value"] = _("This target's progress is computed from recorded work.")
    elif target.children.exists():
        errors["value"] = _("This target's progress is the sum of the units below.")
    if value is None or value < 0:
        errors["value"] = _("The value cannot be negative.")
    if on > timezone.localdate():
        errors["on"] = _("The date is in the future.")
    elif on.year != target.plan.year:
        errors["on"] = _("The date must fall within the plan's year (%(year)s).") % {
            "year": target.plan.year
        }
    if errors:
        raise ValidationError(errors)
    update = ProgressUpdate.objects.create(
        target=target, value=value, on=on, note=note, recorded_by=actor
    )
    latest = target.updates.order_by("-on", "-pk").first()
    Target.objects.filter(pk=target.pk).update(hand_value=latest.value, hand_on=latest.on)
    target.hand_value, target.hand_on = latest.value, latest.on
    return update
