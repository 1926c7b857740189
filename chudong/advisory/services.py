"""Writes of pillar three: resources, agreements and their joint actions, proposals.

Each service takes the actor, checks advisory.manage at the unit, validates (Vietnamese
messages keyed by field, through the catalogs) and writes inside one transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core import uploads
from chudong.core.paths import subtree_q
from chudong.orgs.models import Restructuring, Unit
from chudong.orgs.registry import ContentItem

from .models import (
    Agreement,
    JointAction,
    PartnerKind,
    Proposal,
    ProposalKind,
    Recipient,
    Resource,
    ResourceForm,
    ResponseKind,
    SponsorKind,
)

MAX_VALUE = 10**13  # ten thousand billion đồng: anything above is a typing mistake


def _writable(actor: Any, unit: Unit) -> None:
    policy.require(actor, Cap.ADVISORY_MANAGE, unit)
    if not unit.is_active:
        raise ValidationError(_("%s is no longer active.") % unit.name)


def _text(data: dict, key: str) -> str:
    return (data.get(key) or "").strip()


def _required(errors: dict, data: dict, key: str, message: str) -> str:
    value = _text(data, key)
    if not value:
        errors[key] = message
    return value


def _not_future(errors: dict, key: str, day: dt.date | None) -> None:
    if day is not None and day > timezone.localdate():
        errors[key] = _("The date cannot be in the future.")


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _activity_in_scope(actor: Any, activity: Any, unit: Unit, errors: dict, key: str) -> None:
    """A linked activity must be one the actor sees, in the unit's subtree or above it."""
    if activity is None:
        return
    if not policy.can_at_path(actor, Cap.UNITS_VIEW, activity.unit_path) or not (
        activity.unit_path.startswith(unit.path) or unit.path.startswith(activity.unit_path)
    ):
        errors[key] = _("Choose an activity of this unit or of its sub-units.")


# --- Resources -----------------------------------------------------------------------


def _clean_resource(actor: Any, unit: Unit, data: dict) -> dict:
    errors: dict = {}
    clean = {
        "sponsor_name": _required(errors, data, "sponsor_name", _("Enter the sponsor's name.")),
        "description": _text(data, "description"),
        "purpose": _required(errors, data, "purpose", _("Enter what the resource is for.")),
        "funded": _text(data, "funded"),
        "thanked_by": _text(data, "thanked_by"),
    }
    if data.get("sponsor_kind") not in SponsorKind.values:
        errors["sponsor_kind"] = _("Choose the kind of sponsor.")
    clean["sponsor_kind"] = data.get("sponsor_kind")
    if data.get("form") not in ResourceForm.values:
        errors["form"] = _("Choose cash or in kind.")
    clean["form"] = data.get("form")
    value = data.get("value")
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        errors["value"] = _("The value must be a whole number of đồng greater than 0.")
    elif value > MAX_VALUE:
        errors["value"] = _("This value is too large; check the number of zeros.")
    clean["value"] = value
    received_on = data.get("received_on")
    if received_on is None:
        errors["received_on"] = _("Enter the date the resource was received.")
    _not_future(errors, "received_on", received_on)
    clean["received_on"] = received_on
    thanked_on = data.get("thanked_on")
    _not_future(errors, "thanked_on", thanked_on)
    if thanked_on and received_on and thanked_on < received_on:
        errors["thanked_on"] = _("The thank-you letter cannot precede the gift.")
    if clean["thanked_by"] and not thanked_on:
        errors["thanked_on"] = _("Enter the date the thank-you letter was sent.")
    clean["thanked_on"] = thanked_on
    clean["activity"] = data.get("activity")
    _activity_in_scope(actor, clean["activity"], unit, errors, "activity")
    # Absent for an actor who may not see care work or names there: kept as it was.
    if "hardship" in data:
        case = data["hardship"]
        if case is not None and not (
            case.unit_path.startswith(unit.path)
            and policy.can_at_path(actor, Cap.CARE_VIEW, case.unit_path)
            and policy.can_at_path(actor, Cap.MEMBERS_SENSITIVE, case.unit_path)
        ):
            errors["hardship"] = _("Choose a support case of this unit or of its sub-units.")
        clean["hardship"] = case
    _raise(errors)
    return clean


def resource_create(*, actor: Any, unit: Unit, data: dict) -> Resource:
    _writable(actor, unit)
    clean = _clean_resource(actor, unit, data)
    with transaction.atomic():
        resource = Resource(unit=unit, unit_path=unit.path, created_by=actor, **clean)
        resource._history_user = actor
        resource.save()
    return resource


def resource_update(*, actor: Any, resource: Resource, data: dict) -> Resource:
    _writable(actor, resource.unit)
    clean = _clean_resource(actor, resource.unit, data)
    with transaction.atomic():
        for key, value in clean.items():
            setattr(resource, key, value)
        resource._history_user = actor
        resource.save()
    return resource


# --- Agreements ----------------------------------------------------------------------


def _clean_agreement(data: dict) -> dict:
    errors: dict = {}
    clean = {
        "partner_name": _required(errors, data, "partner_name", _("Enter the partner's name.")),
        "title": _required(errors, data, "title", _("Enter the title of the agreement.")),
        "content": _required(errors, data, "content", _("Enter the content of the agreement.")),
        "responsible": _required(
            errors, data, "responsible", _("Enter who is responsible on each side.")
        ),
    }
    if data.get("partner_kind") not in PartnerKind.values:
        errors["partner_kind"] = _("Choose the kind of partner.")
    clean["partner_kind"] = data.get("partner_kind")
    for key, message in (
        ("signed_on", _("Enter the date it was signed.")),
        ("valid_from", _("Enter the date it takes effect.")),
    ):
        if data.get(key) is None:
            errors[key] = message
        clean[key] = data.get(key)
    _not_future(errors, "signed_on", clean["signed_on"])
    clean["valid_to"] = data.get("valid_to")
    if clean["valid_to"] and clean["valid_from"] and clean["valid_to"] < clean["valid_from"]:
        errors["valid_to"] = _("The end of the period cannot precede its start.")
    _raise(errors)
    return clean


def _attach(record: Any, checked: uploads.CheckedUpload | None, guard: uploads.FilesGuard):
    if checked is not None:
        uploads.save_checked(record.attachment, checked, guard)
        record.attachment_name = checked.name


def agreement_create(*, actor: Any, unit: Unit, data: dict, attachment: Any = None) -> Agreement:
    _writable(actor, unit)
    clean = _clean_agreement(data)
    checked = uploads.check_uploads({"attachment": attachment}).get("attachment")
    with uploads.FilesGuard() as guard, transaction.atomic():
        agreement = Agreement(unit=unit, unit_path=unit.path, created_by=actor, **clean)
        _attach(agreement, checked, guard)
        agreement._history_user = actor
        agreement.save()
    return agreement


def agreement_update(
    *, actor: Any, agreement: Agreement, data: dict, attachment: Any = None
) -> Agreement:
    _writable(actor, agreement.unit)
    clean = _clean_agreement(data)
    checked = uploads.check_uploads({"attachment": attachment}).get("attachment")
    with uploads.FilesGuard() as guard, transaction.atomic():
        for key, value in clean.items():
            setattr(agreement, key, value)
        _attach(agreement, checked, guard)
        agreement._history_user = actor
        agreement.save()
    return agreement


def joint_action_add(*, actor: Any, agreement: Agreement, data: dict) -> JointAction:
    _writable(actor, agreement.unit)
    errors: dict = {}
    title = _required(errors, data, "title", _("Enter what was done."))
    done_on = data.get("done_on")
    if done_on is None:
        errors["done_on"] = _("Enter the date.")
    _not_future(errors, "done_on", done_on)
    if done_on and done_on < agreement.signed_on:
        errors["done_on"] = _("A joint action cannot precede the agreement it falls under.")
    activity = data.get("activity")
    _activity_in_scope(actor, activity, agreement.unit, errors, "activity")
    _raise(errors)
    with transaction.atomic():
        return JointAction.objects.create(
            agreement=agreement, title=title, done_on=done_on, result=_text(data, "result"),
            activity=activity, created_by=actor,
        )  # fmt: skip


# --- Proposals -----------------------------------------------------------------------


def _clean_proposal(data: dict) -> dict:
    errors: dict = {}
    clean = {
        "subject": _required(errors, data, "subject", _("Enter the subject of the proposal.")),
        "content": _required(errors, data, "content", _("Enter the content of the proposal.")),
        "submitted_to_other": _text(data, "submitted_to_other"),
    }
    if data.get("kind") not in ProposalKind.values:
        errors["kind"] = _("Choose the kind of proposal.")
    clean["kind"] = data.get("kind")
    if data.get("submitted_to") not in Recipient.values:
        errors["submitted_to"] = _("Choose whom the proposal was submitted to.")
    elif data["submitted_to"] == Recipient.OTHER and not clean["submitted_to_other"]:
        errors["submitted_to_other"] = _("Say whom the proposal was submitted to.")
    clean["submitted_to"] = data.get("submitted_to")
    if data.get("submitted_on") is None:
        errors["submitted_on"] = _("Enter the date it was submitted.")
    _not_future(errors, "submitted_on", data.get("submitted_on"))
    clean["submitted_on"] = data.get("submitted_on")
    _raise(errors)
    return clean


def proposal_create(*, actor: Any, unit: Unit, data: dict, attachment: Any = None) -> Proposal:
    _writable(actor, unit)
    clean = _clean_proposal(data)
    checked = uploads.check_uploads({"attachment": attachment}).get("attachment")
    with uploads.FilesGuard() as guard, transaction.atomic():
        proposal = Proposal(unit=unit, unit_path=unit.path, created_by=actor, **clean)
        _attach(proposal, checked, guard)
        proposal._history_user = actor
        proposal.save()
    return proposal


def proposal_update(
    *, actor: Any, proposal: Proposal, data: dict, attachment: Any = None
) -> Proposal:
    _writable(actor, proposal.unit)
    clean = _clean_proposal(data)
    checked = uploads.check_uploads({"attachment": attachment}).get("attachment")
    if proposal.response_on and clean["submitted_on"] > proposal.response_on:
        raise ValidationError(
            {"submitted_on": _("The proposal cannot be submitted after the response to it.")}
        )
    with uploads.FilesGuard() as guard, transaction.atomic():
        for key, value in clean.items():
            setattr(proposal, key, value)
        _attach(proposal, checked, guard)
        proposal._history_user = actor
        proposal.save()
    return proposal


def proposal_respond(*, actor: Any, proposal: Proposal, data: dict) -> Proposal:
    """Record the committee's response (or take it back with 'no response yet') and what
    followed from it."""
    _writable(actor, proposal.unit)
    errors: dict = {}
    kind = data.get("response_kind")
    if kind not in ResponseKind.values:
        errors["response_kind"] = _("Choose the kind of response.")
    response_on = data.get("response_on")
    summary = _text(data, "response_summary")
    plan = data.get("plan")
    if plan is not None and not (
        plan.unit_path.startswith(proposal.unit.path)
        and policy.can_at_path(actor, Cap.WORK_VIEW, plan.unit_path)
    ):
        errors["plan"] = _("Choose a plan of this unit or of its sub-units.")
    if kind and kind != ResponseKind.NONE:
        if response_on is None:
            errors["response_on"] = _("Enter the date of the response.")
        elif response_on < proposal.submitted_on:
            errors["response_on"] = _("The response cannot precede the proposal.")
        _not_future(errors, "response_on", response_on)
        if not summary:
            errors["response_summary"] = _("Summarise what the committee decided.")
    _raise(errors)
    with transaction.atomic():
        proposal.response_kind = kind
        answered = kind != ResponseKind.NONE
        proposal.response_number = _text(data, "response_number") if answered else ""
        proposal.response_on = response_on if answered else None
        proposal.response_summary = summary if answered else ""
        proposal.follow_up = _text(data, "follow_up")
        proposal.plan = plan
        proposal._history_user = actor
        proposal.save()
    return proposal


# --- Restructurings ------------------------------------------------------------------

_MODELS = (Resource, Agreement, Proposal)


class AdvisoryContent:
    """orgs.registry.UnitContent: a merged unit's records go to the unit it merged into;
    a moved subtree's copies of the unit path are rewritten."""

    key = "advisory"

    def label(self) -> str:
        return _("advisory records, agreements and resources")

    def count(self, unit: Unit) -> int:
        return sum(model.objects.filter(unit=unit).count() for model in _MODELS)

    def items(self, unit: Unit) -> list[ContentItem]:
        return []

    def move_all(self, *, source: Unit, target: Unit, restructuring: Restructuring) -> int:
        return sum(
            model.objects.filter(unit=source).update(unit=target, unit_path=target.path)
            for model in _MODELS
        )

    def move_items(
        self, *, ids: list[int], source: Unit, target: Unit, restructuring: Restructuring
    ) -> int:
        return 0

    def repath(self, *, old_prefix: str, new_prefix: str) -> int:
        cut = len(old_prefix) + 1
        return sum(
            model.objects.filter(subtree_q("unit_path", old_prefix)).update(
                unit_path=Concat(Value(new_prefix), Substr("unit_path", cut))
            )
            for model in _MODELS
        )
