"""Inspection plans, inspections, their recommendations and the remedies' follow-up.

An inspecting unit holds work.manage at its own unit; the subject is that unit or one
below it, so the inspected unit's leaders (work.manage at the subject) may record what
they did about each recommendation, and the inspecting unit may as well.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core import uploads
from chudong.orgs.models import Unit

from ..models import Inspection, InspectionPlan, Recommendation, RemedyStatus
from .common import (
    attach,
    check_file,
    date_required,
    raise_if,
    required,
    text,
    within,
    writable,
    year,
)


def _clean_plan(unit: Unit, data: dict) -> dict:
    errors: dict = {}
    clean = {
        "year": year(errors, data),
        "title": required(errors, data, "title", _("Enter the title of the inspection plan.")),
        "content_areas": required(
            errors, data, "content_areas", _("Enter what will be inspected.")
        ),
        "schedule": text(data, "schedule"),
    }
    subjects = list(data.get("subjects") or [])
    outside = [s.name for s in subjects if not within(unit, s) or not s.is_active]
    if outside:
        errors["subjects"] = _(
            "Only this unit and active units below it can be inspected under its plan: %s."
        ) % ", ".join(outside)
    raise_if(errors)
    clean["subjects"] = subjects
    return clean


def plan_create(*, actor: Any, unit: Unit, data: dict) -> InspectionPlan:
    """A unit's inspection plan for a year. Needs work.manage at `unit`; raises
    ValidationError with Vietnamese messages keyed by field."""
    writable(actor, unit)
    clean = _clean_plan(unit, data)
    subjects = clean.pop("subjects")
    with transaction.atomic():
        plan = InspectionPlan(unit=unit, unit_path=unit.path, created_by=actor, **clean)
        plan._history_user = actor
        plan.save()
        plan.subjects.set(subjects)
    return plan


def plan_update(*, actor: Any, plan: InspectionPlan, data: dict) -> InspectionPlan:
    writable(actor, plan.unit)
    clean = _clean_plan(plan.unit, data)
    subjects = clean.pop("subjects")
    with transaction.atomic():
        for key, value in clean.items():
            setattr(plan, key, value)
        plan._history_user = actor
        plan.save()
        plan.subjects.set(subjects)
    return plan


def _clean_inspection(unit: Unit, data: dict) -> dict:
    errors: dict = {}
    clean = {
        "content": required(errors, data, "content", _("Enter what was inspected.")),
        "team": required(errors, data, "team", _("Enter the members of the inspection team.")),
        "findings": required(errors, data, "findings", _("Enter what the inspection found.")),
        "conclusion": required(
            errors, data, "conclusion", _("Enter the conclusion of the inspection.")
        ),
        "inspected_on": date_required(
            errors, data, "inspected_on", _("Enter the date of the inspection.")
        ),
    }
    subject = data.get("subject")
    if subject is None:
        errors["subject"] = _("Choose the unit that was inspected.")
    elif not within(unit, subject):
        errors["subject"] = _("A unit inspects itself or the units below it.")
    clean["subject"] = subject
    plan = data.get("plan")
    if plan is not None and plan.unit_id != unit.pk:
        errors["plan"] = _("Choose one of this unit's inspection plans.")
    elif plan is not None and clean["inspected_on"] and clean["inspected_on"].year != plan.year:
        errors["inspected_on"] = _("The inspection falls outside the year of its plan (%s).") % (
            plan.year
        )
    clean["plan"] = plan
    raise_if(errors)
    return clean


def inspection_create(*, actor: Any, unit: Unit, data: dict) -> Inspection:
    """Record an inspection `unit` carried out. Needs work.manage at `unit`."""
    writable(actor, unit)
    clean = _clean_inspection(unit, data)
    with transaction.atomic():
        inspection = Inspection(
            unit=unit,
            unit_path=unit.path,
            subject_path=clean["subject"].path,
            created_by=actor,
            **clean,
        )
        inspection._history_user = actor
        inspection.save()
    return inspection


def inspection_update(*, actor: Any, inspection: Inspection, data: dict) -> Inspection:
    """Correct an inspection (the inspecting unit only). The subject stays."""
    writable(actor, inspection.unit)
    clean = _clean_inspection(inspection.unit, {**data, "subject": inspection.subject})
    late = inspection.recommendations.filter(deadline__lt=clean["inspected_on"]).exists()
    if late:
        raise ValidationError(
            {"inspected_on": _("A recommendation's deadline would precede the inspection.")}
        )
    with transaction.atomic():
        for key, value in clean.items():
            setattr(inspection, key, value)
        inspection._history_user = actor
        inspection.save()
    return inspection


def recommendation_add(*, actor: Any, inspection: Inspection, data: dict) -> Recommendation:
    """A recommendation of the inspecting unit with its remedy deadline."""
    writable(actor, inspection.unit)
    errors: dict = {}
    body = required(errors, data, "text", _("Enter the recommendation."))
    deadline = data.get("deadline")
    if deadline is None:
        errors["deadline"] = _("Enter the remedy deadline.")
    elif deadline < inspection.inspected_on:
        errors["deadline"] = _("The remedy deadline cannot precede the inspection.")
    raise_if(errors)
    with transaction.atomic():
        row = Recommendation(
            inspection=inspection,
            subject_path=inspection.subject_path,
            text=body,
            deadline=deadline,
            updated_by=actor,
        )
        row._history_user = actor
        row.save()
    return row


def remedy_record(
    *, actor: Any, recommendation: Recommendation, data: dict, evidence: Any = None
) -> Recommendation:
    """Record what the inspected unit did about a recommendation: remedied on a date with
    what was done and optional evidence, or back to open. Needs work.manage at the
    inspected unit (which the inspecting unit, above it, also holds)."""
    inspection = recommendation.inspection
    policy.require(actor, Cap.WORK_MANAGE, inspection.subject)
    errors: dict = {}
    status = data.get("status")
    if status not in RemedyStatus.values:
        errors["status"] = _("Choose whether it was remedied.")
    done_on = None
    follow_up = text(data, "follow_up")
    if status == RemedyStatus.DONE:
        done_on = date_required(errors, data, "done_on", _("Enter the date it was remedied."))
        if done_on and done_on < inspection.inspected_on:
            errors["done_on"] = _("The remedy cannot precede the inspection.")
        if not follow_up:
            errors["follow_up"] = _("Say what was done to remedy it.")
    checked = None
    try:
        checked = check_file(evidence, "evidence")
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    raise_if(errors)
    with uploads.FilesGuard() as guard, transaction.atomic():
        recommendation.status = status
        recommendation.done_on = done_on
        recommendation.follow_up = follow_up
        recommendation.updated_by = actor
        attach(recommendation, checked, guard)
        recommendation._history_user = actor
        recommendation.save()
    return recommendation
