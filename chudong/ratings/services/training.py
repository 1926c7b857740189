"""Writes of the Rèn luyện đoàn viên programme: the branch registers its members (all at
once with default content, then member by member), members register themselves from
their own pages, and the branch records the evaluation that grounds the annual rating."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.members.models import CURRENT_STATUSES, Member
from chudong.members.selectors import require_member_cap
from chudong.orgs.models import Unit

from .. import selectors
from ..levels import training_results
from ..models import TrainingArea, TrainingRegistration, TrainingSource

COMMITMENTS_MAX = 3000
DEFAULT_AREAS = tuple(TrainingArea.values)


def default_commitments() -> str:
    return _(
        "Study and follow the Party's and State's policies; live and work by the law and "
        "the Youth Union Charter; learn and practise to improve my professional skills; "
        "keep fit; take part fully in branch meetings and activities, pay dues on time."
    )


def _clean(areas: list[str] | tuple[str, ...], commitments: str) -> tuple[list[str], str]:
    chosen = [code for code in TrainingArea.values if code in set(areas or [])]
    unknown = set(areas or []) - set(TrainingArea.values)
    if unknown:
        raise ValidationError({"areas": _("Unknown content area.")})
    if not chosen:
        raise ValidationError({"areas": _("Choose at least one content area.")})
    commitments = (commitments or "").strip()
    if len(commitments) > COMMITMENTS_MAX:
        raise ValidationError(
            {"commitments": _("Keep the commitments under %d characters.") % COMMITMENTS_MAX}
        )
    return chosen, commitments


def _check_year(year: int, unit: Unit) -> None:
    if not selectors.year_is_valid(year):
        raise ValidationError(_("Registration is for the current year or an earlier one."))
    try:
        training_results(year, unit)
    except LookupError:
        raise ValidationError(
            _("The Rèn luyện đoàn viên programme has no rules for %d.") % year
        ) from None


@transaction.atomic
def training_register_branch(
    *,
    actor: Any,
    unit: Unit,
    year: int,
    areas: list[str] | tuple[str, ...] = DEFAULT_AREAS,
    commitments: str | None = None,
) -> int:
    """Register every current member of branch `unit` who has no registration for `year`,
    with the same content (all areas and the default commitments unless given); each can
    then be edited. Needs members.manage over the branch. Returns how many were added."""
    policy.require(actor, Cap.MEMBERS_MANAGE, unit)
    if not unit.kind.is_branch:
        raise ValidationError(_("Members register through their branch."))
    _check_year(year, unit)
    chosen, text = _clean(areas, default_commitments() if commitments is None else commitments)
    members = selectors.current_branch_members(unit).exclude(training__year=year)
    today = timezone.localdate()
    rows = [
        TrainingRegistration(
            member=member,
            year=year,
            unit=unit,
            unit_path=unit.path,
            areas=chosen,
            commitments=text,
            registered_on=today,
            source=TrainingSource.BRANCH,
        )
        for member in members.only("id")
    ]
    bulk_create_with_history(rows, TrainingRegistration, default_user=actor)
    return len(rows)


def _save(
    *, actor: Any, member: Member, year: int, areas, commitments: str, source: str
) -> TrainingRegistration:
    chosen, text = _clean(areas, commitments)
    _check_year(year, member.unit)
    registration = (
        TrainingRegistration.objects.select_for_update().filter(member=member, year=year).first()
    )
    if registration is not None and registration.result:
        raise ValidationError(_("The registration has been evaluated and can no longer change."))
    if registration is None:
        registration = TrainingRegistration(
            member=member,
            year=year,
            unit=member.unit,
            unit_path=member.unit_path,
            registered_on=timezone.localdate(),
            source=source,
        )
    registration.areas = chosen
    registration.commitments = text
    registration._history_user = actor
    registration.save()
    return registration


@transaction.atomic
def training_registration_save(
    *, actor: Any, member: Member, year: int, areas: list[str], commitments: str
) -> TrainingRegistration:
    """The branch creates or edits one member's registration (members.manage over the
    member). Refused once the registration has been evaluated."""
    require_member_cap(actor, member, Cap.MEMBERS_MANAGE)
    if member.status not in CURRENT_STATUSES:
        raise ValidationError(_("Only current members register."))
    return _save(
        actor=actor,
        member=member,
        year=year,
        areas=areas,
        commitments=commitments,
        source=TrainingSource.BRANCH,
    )


@transaction.atomic
def training_register_self(
    *, actor: Any, year: int, areas: list[str], commitments: str
) -> TrainingRegistration:
    """A member registers (or edits) their own Rèn luyện đoàn viên content for `year`, from
    the member portal. `actor` is the member's user account, linked to a current member
    record; PermissionDenied otherwise. Refused once evaluated."""
    member = (
        Member.objects.select_related("unit")
        .filter(user=actor, status__in=CURRENT_STATUSES)
        .first()
        if getattr(actor, "is_authenticated", False)
        else None
    )
    if member is None:
        raise PermissionDenied
    return _save(
        actor=actor,
        member=member,
        year=year,
        areas=areas,
        commitments=commitments,
        source=TrainingSource.SELF,
    )


@transaction.atomic
def training_evaluate(
    *, actor: Any, unit: Unit, year: int, results: dict[int, str], evaluated_on: dt.date
) -> int:
    """Record the year's evaluation for the registered members of branch `unit` in one
    go: `results` maps member ids to a result code of the rule `training.result_levels`
    ("" clears an evaluation). Needs members.manage over the branch. Returns how many
    registrations changed. Raises ValidationError keyed by result_<id> for unknown codes
    or members without a registration, and for an evaluation date in the future."""
    policy.require(actor, Cap.MEMBERS_MANAGE, unit)
    _check_year(year, unit)
    if evaluated_on > timezone.localdate():
        raise ValidationError({"evaluated_on": _("The date cannot be in the future.")})
    if evaluated_on.year not in (year, year + 1):
        raise ValidationError(
            {"evaluated_on": _("The evaluation of %d is held in that year or early the next.")
             % year}
        )  # fmt: skip
    codes = {code for code, _label in training_results(year, unit)}
    registrations = {
        r.member_id: r
        for r in TrainingRegistration.objects.select_for_update(of=("self",)).filter(
            member__unit=unit, member_id__in=list(results), year=year
        )
    }
    errors: dict[str, str] = {}
    changed = []
    for member_id, code in results.items():
        registration = registrations.get(member_id)
        if registration is None:
            if code:
                errors[f"result_{member_id}"] = _("Register the member first.")
            continue
        if code and code not in codes:
            errors[f"result_{member_id}"] = _("Unknown result.")
            continue
        if registration.result == code:
            continue  # unchanged: the first evaluation date stays
        registration.result = code
        registration.evaluated_on = evaluated_on if code else None
        registration.updated_at = timezone.now()
        changed.append(registration)
    if errors:
        raise ValidationError(errors)
    bulk_update_with_history(
        changed, TrainingRegistration, ["result", "evaluated_on", "updated_at"], default_user=actor
    )
    return len(changed)
