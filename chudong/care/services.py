"""Every write of the care app. Each service checks access (care.manage *and*
members.sensitive at the case's unit: the records name people and their circumstances),
validates, and writes in one transaction with the actor recorded in the history.

Raises PermissionDenied / Http404 through `policy.require`, ValidationError (Vietnamese
messages through gettext, keyed by form field) for bad input.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core import uploads
from chudong.core.paths import is_within, subtree_q
from chudong.core.text import normalize_name
from chudong.orgs.models import Restructuring, Unit
from chudong.orgs.registry import ContentItem
from chudong.rules import rules

from .models import (
    CIRCUMSTANCE_FIELDS,
    CareFile,
    CaseStatus,
    Circumstance,
    HardshipCase,
    RequesterKind,
    RightsCase,
    RightsStatus,
    RightsStep,
    Satisfaction,
    Support,
    SupportKind,
    SupportPlanItem,
)

FIRST_RESPONSE_RULE = "care.rights_first_response_days"
CLOSE_RULE = "care.rights_close_days"
# The rules catalog lists these keys; their labels are translated in this app's catalog.
RULE_LABELS = {
    FIRST_RESPONSE_RULE: gettext_lazy("Rights cases: days from receipt to the first response"),
    CLOSE_RULE: gettext_lazy("Rights cases: days from receipt to settlement"),
}
NEEDS_VALUE = {SupportKind.CASH, SupportKind.SCHOLARSHIP, SupportKind.IN_KIND}


def _today() -> dt.date:
    return policy.today()


def require_manage(actor: Any, unit: Unit) -> None:
    """404 outside the actor's sight, 403 without care.manage and members.sensitive."""
    policy.require(actor, Cap.CARE_MANAGE, unit)
    policy.require(actor, Cap.MEMBERS_SENSITIVE, unit)


def _not_future(day: dt.date | None, field: str) -> None:
    if day is not None and day > _today():
        raise ValidationError({field: _("The date cannot be in the future.")})


def _check_member(member: Any, unit: Unit, field: str = "member") -> None:
    if member is not None and not is_within(member.unit_path, unit.path):
        raise ValidationError(
            {
                field: _("This member does not belong to %(unit)s or a unit below it.")
                % {"unit": unit.name}
            }
        )


# --- Youth in difficulty (criterion 1.3) ---------------------------------------------


def _hardship_fields(
    *,
    unit: Unit,
    member: Any,
    person_name: str,
    birth_year: int | None,
    residence: str,
    circumstances: list[str],
    details: str,
    opened_on: dt.date,
) -> dict:
    errors: dict[str, str] = {}
    person_name = normalize_name(person_name or "")
    if member is None and not person_name:
        errors["person_name"] = _("Choose a member or write the young person's full name.")
    this_year = _today().year
    if birth_year is not None and not this_year - 60 <= birth_year <= this_year:
        errors["birth_year"] = _("The year of birth must lie between %(low)s and %(high)s.") % {
            "low": this_year - 60,
            "high": this_year,
        }
    unknown = [c for c in circumstances if c not in CIRCUMSTANCE_FIELDS]
    if unknown or not circumstances:
        errors["circumstances"] = _("Tick at least one circumstance.")
    elif Circumstance.OTHER in circumstances and not (details or "").strip():
        errors["details"] = _("Describe the other circumstance.")
    if opened_on > _today():
        errors["opened_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    _check_member(member, unit)
    fields = {
        "member": member,
        "person_name": "" if member is not None else person_name,
        "birth_year": None if member is not None else birth_year,
        "residence": (residence or "").strip(),
        "details": (details or "").strip(),
        "opened_on": opened_on,
    }
    fields.update({field: code in circumstances for code, field in CIRCUMSTANCE_FIELDS.items()})
    return fields


@transaction.atomic
def hardship_create(
    *,
    actor: Any,
    unit: Unit,
    member: Any = None,
    person_name: str = "",
    birth_year: int | None = None,
    residence: str = "",
    circumstances: list[str],
    details: str = "",
    opened_on: dt.date,
) -> HardshipCase:
    """List a member or young person in difficult circumstances at `unit`."""
    require_manage(actor, unit)
    fields = _hardship_fields(
        unit=unit,
        member=member,
        person_name=person_name,
        birth_year=birth_year,
        residence=residence,
        circumstances=circumstances,
        details=details,
        opened_on=opened_on,
    )
    case = HardshipCase(unit=unit, unit_path=unit.path, created_by=actor, **fields)
    case._history_user = actor
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def hardship_update(*, actor: Any, case: HardshipCase, **changes: Any) -> HardshipCase:
    """Correct the person and the circumstances of an open or closed case."""
    require_manage(actor, case.unit)
    current = {
        "member": case.member,
        "person_name": case.person_name,
        "birth_year": case.birth_year,
        "residence": case.residence,
        "circumstances": case.circumstances,
        "details": case.details,
        "opened_on": case.opened_on,
    }
    current.update(changes)
    fields = _hardship_fields(unit=case.unit, **current)
    if case.closed_on and fields["opened_on"] > case.closed_on:
        raise ValidationError({"opened_on": _("The case cannot be listed after it was closed.")})
    for name, value in fields.items():
        setattr(case, name, value)
    case._history_user = actor
    case.save()
    return case


@transaction.atomic
def plan_item_add(
    *, actor: Any, case: HardshipCase, what: str, responsible: str, due_on: dt.date
) -> SupportPlanItem:
    """Add a line to the support plan (what, who is responsible, by when)."""
    require_manage(actor, case.unit)
    errors = {}
    if not (what or "").strip():
        errors["what"] = _("Say what support is planned.")
    if not (responsible or "").strip():
        errors["responsible"] = _("Say who is responsible.")
    if due_on < case.opened_on:
        errors["due_on"] = _("The date cannot be before the case was listed.")
    if errors:
        raise ValidationError(errors)
    item = SupportPlanItem(
        case=case, what=what.strip(), responsible=responsible.strip(), due_on=due_on
    )
    item._history_user = actor
    item.save()
    if not case.has_plan:
        case.has_plan = True
        case._history_user = actor
        case.save(update_fields=["has_plan", "updated_at"])
    return item


@transaction.atomic
def plan_item_done(*, actor: Any, item: SupportPlanItem, done_on: dt.date) -> SupportPlanItem:
    """Mark a plan line as carried out."""
    require_manage(actor, item.case.unit)
    _not_future(done_on, "done_on")
    if done_on < item.case.opened_on:
        raise ValidationError({"done_on": _("The date cannot be before the case was listed.")})
    item.done_on = done_on
    item._history_user = actor
    item.save(update_fields=["done_on"])
    return item


@transaction.atomic
def support_add(
    *,
    actor: Any,
    case: HardshipCase,
    kind: str,
    value_vnd: int,
    given_on: dt.date,
    sponsor_name: str = "",
    description: str = "",
) -> Support:
    """Record support given (cash, in kind, a scholarship, a job referral...)."""
    require_manage(actor, case.unit)
    errors = {}
    if kind not in SupportKind.values:
        errors["kind"] = _("Choose the kind of support.")
    if value_vnd is None or value_vnd < 0:
        errors["value_vnd"] = _("The value must be a whole number of đồng, 0 or more.")
    elif kind in NEEDS_VALUE and value_vnd == 0:
        errors["value_vnd"] = _("Give the value in đồng of cash, goods or a scholarship.")
    if given_on > _today():
        errors["given_on"] = _("The date cannot be in the future.")
    elif given_on < case.opened_on:
        errors["given_on"] = _("The date cannot be before the case was listed.")
    if errors:
        raise ValidationError(errors)
    support = Support(
        case=case,
        kind=kind,
        value_vnd=value_vnd,
        given_on=given_on,
        sponsor_name=(sponsor_name or "").strip(),
        description=(description or "").strip(),
        recorded_by=actor,
    )
    support._history_user = actor
    support.save()
    if case.last_support_on is None or given_on > case.last_support_on:
        case.last_support_on = given_on
        case._history_user = actor
        case.save(update_fields=["last_support_on", "updated_at"])
    return support


@transaction.atomic
def hardship_close(
    *, actor: Any, case: HardshipCase, closed_on: dt.date, outcome: str
) -> HardshipCase:
    """Close the case with its outcome (out of poverty, found a job, moved away...)."""
    require_manage(actor, case.unit)
    case = HardshipCase.objects.select_for_update().select_related("unit").get(pk=case.pk)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("This case is already closed."))
    errors = {}
    if not (outcome or "").strip():
        errors["outcome"] = _("Write the outcome of the case.")
    if closed_on > _today():
        errors["closed_on"] = _("The date cannot be in the future.")
    elif closed_on < case.opened_on:
        errors["closed_on"] = _("The case cannot be closed before it was listed.")
    if errors:
        raise ValidationError(errors)
    case.status = CaseStatus.CLOSED
    case.closed_on = closed_on
    case.outcome = outcome.strip()
    case._history_user = actor
    case.save(update_fields=["status", "closed_on", "outcome", "updated_at"])
    return case


# --- Rights and interests (criterion 1.5) ---------------------------------------------


def deadlines(*, unit: Unit, received_on: dt.date) -> tuple[dt.date, dt.date]:
    """(first response due, to be settled by) under the rules in force on the day received."""
    respond = int(rules.get(FIRST_RESPONSE_RULE, on=received_on, unit=unit))
    close = int(rules.get(CLOSE_RULE, on=received_on, unit=unit))
    return received_on + dt.timedelta(days=respond), received_on + dt.timedelta(days=close)


def may_handle(user: Any, unit: Unit) -> bool:
    """A handler holds a role at the case's unit or above that lets them record care work
    and read the sensitive content of the case."""
    policy.forget(user)
    return policy.can(user, Cap.CARE_MANAGE, unit) and policy.can(user, Cap.MEMBERS_SENSITIVE, unit)


def _notify_handler(case: RightsCase) -> None:
    from chudong.notices.services import notify

    # The notice names no one: the handler opens the case (and the read is logged there).
    notify(
        users=[case.handler],
        kind="care.rights_assigned",
        title=_("A rights case was assigned to you (%(unit)s)") % {"unit": case.unit.name},
        body=_("Received on %(day)s; first response due %(due)s.")
        % {"day": f"{case.received_on:%d/%m/%Y}", "due": f"{case.respond_by:%d/%m/%Y}"},
        url=reverse("care:rights_detail", args=[case.pk]),
    )


def _check_handler(handler: Any, unit: Unit) -> None:
    if handler is not None and not may_handle(handler, unit):
        raise ValidationError(
            {
                "handler": _(
                    "The handler must hold a role at this unit or above that records "
                    "care work and sees sensitive data."
                )
            }
        )


@transaction.atomic
def rights_create(
    *,
    actor: Any,
    unit: Unit,
    area: str,
    requester_kind: str,
    member: Any = None,
    requester_name: str = "",
    contact: str = "",
    summary: str,
    description: str,
    received_on: dt.date,
    channel: str,
    handler: Any = None,
) -> RightsCase:
    """Take in a request; its deadlines come from the rules in force on `received_on`."""
    require_manage(actor, unit)
    errors: dict[str, str] = {}
    requester_name = normalize_name(requester_name or "")
    if requester_kind == RequesterKind.MEMBER and member is None:
        errors["member"] = _("Choose the member who made the request.")
    if requester_kind == RequesterKind.YOUTH and not requester_name:
        errors["requester_name"] = _(
            "Write the requester's name, or record the request as anonymous."
        )
    if not (summary or "").strip():
        errors["summary"] = _("Give the request a short subject.")
    if not (description or "").strip():
        errors["description"] = _("Describe what is asked.")
    if received_on > _today():
        errors["received_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    if requester_kind != RequesterKind.MEMBER:
        member = None
    _check_member(member, unit)
    _check_handler(handler, unit)
    respond_by, close_by = deadlines(unit=unit, received_on=received_on)
    case = RightsCase(
        unit=unit,
        unit_path=unit.path,
        area=area,
        requester_kind=requester_kind,
        member=member,
        requester_name="" if requester_kind != RequesterKind.YOUTH else requester_name,
        contact="" if requester_kind == RequesterKind.ANONYMOUS else (contact or "").strip(),
        summary=summary.strip(),
        description=description.strip(),
        received_on=received_on,
        channel=channel,
        respond_by=respond_by,
        close_by=close_by,
        created_by=actor,
    )
    if handler is not None:
        case.handler = handler
        case.assigned_on = _today()
    case._history_user = actor
    case.full_clean()
    case.save()
    if handler is not None:
        _notify_handler(case)
    return case


def _locked(case: RightsCase) -> RightsCase:
    return RightsCase.objects.select_for_update().select_related("unit").get(pk=case.pk)


def _require_open(case: RightsCase) -> None:
    if case.status == RightsStatus.CLOSED:
        raise ValidationError(_("This case is closed."))


@transaction.atomic
def rights_assign(*, actor: Any, case: RightsCase, handler: Any) -> RightsCase:
    """Give the case to a handler, who is notified (in the app and by e-mail)."""
    require_manage(actor, case.unit)
    case = _locked(case)
    _require_open(case)
    if handler is None:
        raise ValidationError({"handler": _("Choose a handler.")})
    _check_handler(handler, case.unit)
    if case.handler_id == handler.pk:
        return case
    case.handler = handler
    case.assigned_on = _today()
    case._history_user = actor
    case.save(update_fields=["handler", "assigned_on", "updated_at"])
    _notify_handler(case)
    return case


@transaction.atomic
def rights_step_add(*, actor: Any, case: RightsCase, on: dt.date, note: str) -> RightsStep:
    """Log a handling step; the first one is the first response to the requester."""
    require_manage(actor, case.unit)
    case = _locked(case)
    _require_open(case)
    errors = {}
    if not (note or "").strip():
        errors["note"] = _("Write what was done.")
    if on > _today():
        errors["on"] = _("The date cannot be in the future.")
    elif on < case.received_on:
        errors["on"] = _("The date cannot be before the request was received.")
    if errors:
        raise ValidationError(errors)
    step = RightsStep(case=case, on=on, note=note.strip(), recorded_by=actor)
    step._history_user = actor
    step.save()
    if case.first_response_on is None or on < case.first_response_on:
        case.first_response_on = on
    case.status = RightsStatus.HANDLING
    case._history_user = actor
    case.save(update_fields=["first_response_on", "status", "updated_at"])
    return step


@transaction.atomic
def rights_refer(
    *,
    actor: Any,
    case: RightsCase,
    referred_to: str,
    referred_on: dt.date,
    referral_contact: str = "",
) -> RightsCase:
    """Refer the case to another organisation (legal aid centre, labour inspectorate...).
    The referral counts as a response; the case stays open until its outcome is known."""
    require_manage(actor, case.unit)
    case = _locked(case)
    _require_open(case)
    errors = {}
    if not (referred_to or "").strip():
        errors["referred_to"] = _("Name the organisation the case is referred to.")
    if referred_on > _today():
        errors["referred_on"] = _("The date cannot be in the future.")
    elif referred_on < case.received_on:
        errors["referred_on"] = _("The date cannot be before the request was received.")
    if errors:
        raise ValidationError(errors)
    case.referred_to = referred_to.strip()
    case.referred_on = referred_on
    case.referral_contact = (referral_contact or "").strip()
    if case.first_response_on is None or referred_on < case.first_response_on:
        case.first_response_on = referred_on
    case.status = RightsStatus.HANDLING
    case._history_user = actor
    case.save()
    return case


@transaction.atomic
def rights_close(*, actor: Any, case: RightsCase, closed_on: dt.date, outcome: str) -> RightsCase:
    """Close the case with its outcome."""
    require_manage(actor, case.unit)
    case = _locked(case)
    _require_open(case)
    errors = {}
    if not (outcome or "").strip():
        errors["outcome"] = _("Write the outcome of the case.")
    if closed_on > _today():
        errors["closed_on"] = _("The date cannot be in the future.")
    elif closed_on < case.received_on:
        errors["closed_on"] = _("The date cannot be before the request was received.")
    if errors:
        raise ValidationError(errors)
    case.status = RightsStatus.CLOSED
    case.closed_on = closed_on
    case.outcome = outcome.strip()
    if case.first_response_on is None:
        case.first_response_on = closed_on
    case._history_user = actor
    case.save()
    return case


@transaction.atomic
def rights_confirm(
    *, actor: Any, case: RightsCase, satisfaction: str, confirmed_on: dt.date
) -> RightsCase:
    """Record the requester's confirmation of the outcome (satisfied or not)."""
    require_manage(actor, case.unit)
    case = _locked(case)
    if case.status != RightsStatus.CLOSED:
        raise ValidationError(_("The requester confirms the outcome once the case is closed."))
    if case.requester_kind == RequesterKind.ANONYMOUS:
        raise ValidationError(_("An anonymous requester cannot confirm the outcome."))
    errors = {}
    if satisfaction not in Satisfaction.values:
        errors["satisfaction"] = _("Choose whether the requester is satisfied.")
    if confirmed_on > _today():
        errors["confirmed_on"] = _("The date cannot be in the future.")
    elif confirmed_on < case.closed_on:
        errors["confirmed_on"] = _("The date cannot be before the case was closed.")
    if errors:
        raise ValidationError(errors)
    case.satisfaction = satisfaction
    case.confirmed_on = confirmed_on
    case._history_user = actor
    case.save(update_fields=["satisfaction", "confirmed_on", "updated_at"])
    return case


# --- Files ------------------------------------------------------------------------------


@transaction.atomic
def file_add(
    *, actor: Any, case: HardshipCase | RightsCase, upload: Any, description: str = ""
) -> CareFile:
    """Attach evidence or a plan (PDF, photo, Word; 10 MB) to a case."""
    require_manage(actor, case.unit)
    if upload is None:
        raise ValidationError({"file": _("Choose a file.")})
    checked = uploads.check_upload(upload, "file")
    row = CareFile(
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        description=(description or "").strip()[:200],
        uploaded_by=actor,
    )
    if isinstance(case, HardshipCase):
        row.hardship = case
    else:
        row.rights = case
    with uploads.FilesGuard() as guard:
        uploads.save_checked(row.file, checked, guard)
        row.save()
    return row


# --- Following the register and the tree ----------------------------------------------


def follow_member_merge(*, keep: Any, remove: Any, actor: Any) -> None:
    """members.services.register_merge_follower: the cases follow the kept record."""
    HardshipCase.objects.filter(member=remove).update(member=keep)
    RightsCase.objects.filter(member=remove).update(member=keep)


class CareContent:
    """orgs.registry.UnitContent: cases follow a merge (all) or a split (chosen ones) to
    the new unit, and a subtree move rewrites their path copies."""

    key = "care"
    models = (HardshipCase, RightsCase)

    def label(self) -> str:
        return _("care and rights cases")

    def count(self, unit: Unit) -> int:
        return sum(m.objects.filter(unit=unit).count() for m in self.models)

    def items(self, unit: Unit) -> list[ContentItem]:
        # The split screen shows no names: these records are sensitive.
        return [
            ContentItem(id=row.pk * 2 + offset, label=f"{prefix} #{row.pk}")
            for offset, (model, prefix) in enumerate(
                ((HardshipCase, _("Hardship case")), (RightsCase, _("Rights case")))
            )
            for row in model.objects.filter(unit=unit).only("pk")
        ]

    def _move(self, qs, target: Unit) -> int:
        return qs.update(unit=target, unit_path=target.path)

    def move_all(self, *, source: Unit, target: Unit, restructuring: Restructuring) -> int:
        return sum(self._move(m.objects.filter(unit=source), target) for m in self.models)

    def move_items(
        self, *, ids: list[int], source: Unit, target: Unit, restructuring: Restructuring
    ) -> int:
        moved = 0
        for offset, model in enumerate(self.models):
            pks = [i // 2 for i in ids if i % 2 == offset]
            moved += self._move(model.objects.filter(unit=source, pk__in=pks), target)
        return moved

    def repath(self, *, old_prefix: str, new_prefix: str) -> int:
        cut = len(old_prefix) + 1
        return sum(
            m.objects.filter(subtree_q("unit_path", old_prefix)).update(
                unit_path=Concat(Value(new_prefix), Substr("unit_path", cut))
            )
            for m in self.models
        )
