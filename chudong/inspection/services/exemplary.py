"""The register of exemplary models and people: recording them, publishing one for
replication across an upper level's subtree, and recording where it was replicated."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core import uploads
from chudong.orgs.models import Unit

from ..models import CommendationLevel, Exemplary, ExemplaryArea, ExemplaryKind, Replication
from .common import attach, check_file, date_required, raise_if, required, text, within, writable


def _clean(actor: Any, unit: Unit, data: dict) -> dict:
    errors: dict = {}
    clean = {
        "title": required(errors, data, "title", _("Enter the name of the model or person.")),
        "description": required(
            errors, data, "description", _("Describe the model or person and the results.")
        ),
        "holder": text(data, "holder"),
        "decision_number": text(data, "decision_number"),
        "link": text(data, "link"),
        "started_on": date_required(
            errors, data, "started_on", _("Enter since when it has been in place.")
        ),
    }
    for key, choices, message in (
        ("kind", ExemplaryKind, _("Choose a person or a model.")),
        ("area", ExemplaryArea, _("Choose the area.")),
        ("commendation", CommendationLevel, _("Choose the level of the commendation.")),
    ):
        if data.get(key) not in choices.values:
            errors[key] = message
        clean[key] = data.get(key)
    member = data.get("member")
    if member is not None and (
        not member.unit_path.startswith(unit.path)
        or not policy.can_at_path(actor, Cap.MEMBERS_VIEW, member.unit_path)
    ):
        errors["member"] = _("Choose a member of this unit or of its sub-units.")
    clean["member"] = member
    if clean["kind"] == ExemplaryKind.PERSON and member is None and not clean["holder"]:
        errors["holder"] = _("Choose the member or write who the person is.")
    if clean["link"]:
        try:
            URLValidator(schemes=["http", "https"])(clean["link"])
        except ValidationError:
            errors["link"] = _("Enter a web address starting with http:// or https://.")
    decision_on = data.get("decision_on")
    clean["decision_on"] = decision_on
    if clean["commendation"] == CommendationLevel.NONE:
        if decision_on or clean["decision_number"]:
            errors["commendation"] = _("Choose the level of the commendation.")
    elif not decision_on:
        errors["decision_on"] = _("Enter the date of the commendation decision.")
    if decision_on:
        date_required(errors, data, "decision_on", "")
    raise_if(errors)
    return clean


def exemplary_create(*, actor: Any, unit: Unit, data: dict, evidence: Any = None) -> Exemplary:
    """Record an exemplary person or good model of `unit`. Needs work.manage there."""
    writable(actor, unit)
    errors: dict = {}
    try:
        clean = _clean(actor, unit, data)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        checked = check_file(evidence, "evidence")
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    with uploads.FilesGuard() as guard, transaction.atomic():
        row = Exemplary(unit=unit, unit_path=unit.path, created_by=actor, **clean)
        attach(row, checked, guard)
        row._history_user = actor
        row.save()
    return row


def exemplary_update(*, actor: Any, exemplary: Exemplary, data: dict, evidence: Any = None):
    writable(actor, exemplary.unit)
    clean = _clean(actor, exemplary.unit, data)
    checked = check_file(evidence, "evidence")
    with uploads.FilesGuard() as guard, transaction.atomic():
        for key, value in clean.items():
            setattr(exemplary, key, value)
        attach(exemplary, checked, guard)
        exemplary._history_user = actor
        exemplary.save()
    return exemplary


def exemplary_share(*, actor: Any, exemplary: Exemplary, by_unit: Unit | None) -> Exemplary:
    """Publish the model for replication to every unit below `by_unit` (an ancestor of its
    unit, or the unit itself, where the actor holds work.manage); None withdraws it."""
    if by_unit is None:
        if exemplary.shared_by_id is None:
            return exemplary
        writable(actor, exemplary.shared_by)
    else:
        writable(actor, by_unit)
        if not within(by_unit, exemplary.unit):
            raise ValidationError(
                {"by_unit": _("Only this unit or a unit above it can publish it.")}
            )
    with transaction.atomic():
        exemplary.shared_by = by_unit
        exemplary.shared_path = by_unit.path if by_unit else ""
        exemplary._history_user = actor
        exemplary.save(update_fields=["shared_by", "shared_path"])
    return exemplary


def replication_add(*, actor: Any, exemplary: Exemplary, data: dict) -> Replication:
    """Record that `data['unit']` took the model up. The actor holds work.manage at that
    unit; the caller has checked that the actor sees the model."""
    errors: dict = {}
    unit = data.get("unit")
    if unit is None:
        errors["unit"] = _("Choose the unit that replicated it.")
    else:
        writable(actor, unit)
        if unit.pk == exemplary.unit_id:
            errors["unit"] = _("A model is replicated by other units than its own.")
        elif Replication.objects.filter(exemplary=exemplary, unit=unit).exists():
            errors["unit"] = _("This unit's replication is already recorded.")
    started_on = date_required(
        errors, data, "started_on", _("Enter since when it has been replicated.")
    )
    if started_on and started_on < exemplary.started_on:
        errors["started_on"] = _("A replication cannot start before the model itself.")
    raise_if(errors)
    with transaction.atomic():
        row = Replication(
            exemplary=exemplary,
            unit=unit,
            unit_path=unit.path,
            started_on=started_on,
            note=text(data, "note"),
            created_by=actor,
        )
        row._history_user = actor
        row.save()
    return row
