"""The register of young people outside the Union: record, correct, start an admission,
and follow the admission case to its end."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.accounts.models import normalize_phone
from chudong.core.paths import is_within
from chudong.core.text import fold, name_sort_key, split_full_name
from chudong.members.services._common import clean_full_name
from chudong.orgs.models import Unit
from chudong.procedures import services as procedures
from chudong.procedures.models import AdmissionCase

from ..models import Organisation, Youth, YouthStatus
from ._common import (
    check_not_before,
    check_not_future,
    clean_block,
    clean_text,
    require_active,
    require_at_path,
    set_actor,
    today,
)

EDITABLE_FIELDS = (
    "full_name",
    "sex",
    "birth_year",
    "date_of_birth",
    "phone",
    "zalo",
    "residence",
    "workplace",
    "organisation",
    "organisation_other",
    "notes",
)
# Statuses a person sets by hand; "admitted" comes only from the admission case.
MANUAL_STATUSES = (YouthStatus.CONTACT, YouthStatus.CANDIDATE, YouthStatus.MOVED_AWAY)
OLDEST_BIRTH_YEAR = 1950


def _apply(youth: Youth, values: dict[str, Any]) -> None:
    for name in EDITABLE_FIELDS:
        if name in values:
            setattr(youth, name, values[name])
    errors: dict[str, str] = {}
    youth.full_name = clean_full_name(youth.full_name or "")
    if not youth.full_name:
        errors["full_name"] = _("Enter the young person's full name.")
    youth.full_name_folded = fold(youth.full_name)
    youth.sort_key = name_sort_key(*split_full_name(youth.full_name))
    youth.phone = normalize_phone(youth.phone)
    for name in ("zalo", "residence", "workplace", "organisation_other"):
        setattr(youth, name, clean_text(getattr(youth, name)))
    youth.notes = clean_block(youth.notes)
    born = youth.date_of_birth
    if born is not None:
        if born > today():
            errors["date_of_birth"] = _("The date of birth cannot be in the future.")
        if youth.birth_year and youth.birth_year != born.year:
            errors["birth_year"] = _(
                "The year of birth (%(year)d) does not match the date of birth (%(date)s)."
            ) % {"year": youth.birth_year, "date": born.strftime("%d/%m/%Y")}
        youth.birth_year = born.year
    if not youth.birth_year:
        errors.setdefault("birth_year", _("Enter the year of birth (or the date of birth)."))
    elif not OLDEST_BIRTH_YEAR <= youth.birth_year <= today().year:
        errors["birth_year"] = _("The year of birth must lie between %(low)d and %(high)d.") % {
            "low": OLDEST_BIRTH_YEAR,
            "high": today().year,
        }
    if youth.organisation == Organisation.OTHER and not youth.organisation_other:
        errors["organisation_other"] = _("Say which organisation the young person belongs to.")
    if youth.organisation != Organisation.OTHER:
        youth.organisation_other = ""
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def youth_create(*, actor: Any, unit: Unit, full_name: str, sex: str, **values: Any) -> Youth:
    """Record a young person in the area or workplace of `unit` (care.manage over it).

    `values` holds further EDITABLE_FIELDS (birth_year or date_of_birth is needed) and
    optionally `status` (one of MANUAL_STATUSES). Raises ValidationError per field.
    """
    policy.require(actor, Cap.CARE_MANAGE, unit)
    status = values.pop("status", YouthStatus.CONTACT)
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown youth fields: {sorted(unknown)}")
    require_active(unit)
    youth = Youth(unit=unit, unit_path=unit.path, recorded_by=actor)
    _apply(youth, {"full_name": full_name, "sex": sex, **values})
    _set_status(youth, status)
    youth.full_clean()
    set_actor(actor, youth)
    youth.save()
    return youth


def _set_status(youth: Youth, status: str) -> None:
    if status == youth.status:
        return
    if youth.status == YouthStatus.ADMITTED:
        raise ValidationError({"status": _("This young person has been admitted to the Union.")})
    if status not in MANUAL_STATUSES:
        raise ValidationError(
            {"status": _("A young person becomes admitted through the admission case.")}
        )
    youth.status = status


@transaction.atomic
def youth_update(
    *, actor: Any, youth: Youth, unit: Unit | None = None, status: str | None = None, **values: Any
) -> Youth:
    """Correct the record (care.manage over its unit; a new unit needs care.manage there
    too). The status may be set to in contact, candidate or moved away by hand."""
    require_at_path(actor, Cap.CARE_MANAGE, youth.unit_path)
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown youth fields: {sorted(unknown)}")
    youth = Youth.objects.select_for_update().get(pk=youth.pk)
    if unit is not None and unit.pk != youth.unit_id:
        if not policy.can(actor, Cap.CARE_MANAGE, unit):
            raise ValidationError({"unit": _("Choose a unit where you record youth.")})
        require_active(unit)
        youth.unit, youth.unit_path = unit, unit.path
    _apply(youth, values)
    if status is not None:
        _set_status(youth, status)
    youth.full_clean()
    set_actor(actor, youth)
    youth.save()
    return youth


@transaction.atomic
def youth_admission_start(
    *,
    actor: Any,
    youth: Youth,
    branch: Unit,
    nominated_on: dt.date,
    date_of_birth: dt.date | None = None,
    nomination_note: str = "",
) -> AdmissionCase:
    """Open the admission case of a young person of the register in `branch`, filled from
    the record (nothing is typed again): procedures.admission_nominate decides who may
    (members.manage over the branch) and checks the candidate. The record becomes a
    candidate linked to the case; when the case issues the card, it becomes admitted
    (follow_admission_closed)."""
    require_at_path(actor, Cap.CARE_VIEW, youth.unit_path)
    youth = Youth.objects.select_for_update().get(pk=youth.pk)
    if youth.status == YouthStatus.ADMITTED:
        raise ValidationError(_("This young person has already been admitted to the Union."))
    if youth.admission_case_id and youth.admission_case.is_open:
        raise ValidationError(_("An admission case is already open for this young person."))
    born = date_of_birth or youth.date_of_birth
    if born is None:
        raise ValidationError(
            {"date_of_birth": _("The admission needs the full date of birth; enter it.")}
        )
    if born.year != youth.birth_year:
        raise ValidationError(
            {"date_of_birth": _("The date of birth does not match the year of birth recorded (%d).")
             % youth.birth_year}
        )  # fmt: skip
    check_not_future(nominated_on, "nominated_on")
    check_not_before(nominated_on, born, "nominated_on", _("the date of birth"))
    case = procedures.admission_nominate(
        actor=actor,
        unit=branch,
        full_name=youth.full_name,
        sex=youth.sex,
        date_of_birth=born,
        nominated_on=nominated_on,
        nomination_note=nomination_note,
        youth_id=youth.pk,
        phone=youth.phone,
        current_residence=youth.residence,
        workplace=youth.workplace,
    )
    youth.date_of_birth = born
    youth.status = YouthStatus.CANDIDATE
    youth.admission_case = case
    set_actor(actor, youth)
    youth.save(update_fields=["date_of_birth", "status", "admission_case", "updated_at"])
    return case


def follow_admission_closed(*, case: AdmissionCase, actor: Any) -> None:
    """procedures.register_closing_follower hook, inside the closing step's transaction:
    a card issued makes the young person admitted and linked to the new member; a case
    that ends otherwise puts them back in contact (the case stays linked, as history)."""
    youth = Youth.objects.select_for_update().filter(pk=case.youth_id).first()
    if youth is None or youth.status == YouthStatus.ADMITTED:
        return
    if case.member_id:
        youth.status, youth.member_id = YouthStatus.ADMITTED, case.member_id
    elif youth.status == YouthStatus.CANDIDATE:
        youth.status = YouthStatus.CONTACT
    youth.admission_case = case
    set_actor(actor, youth)
    youth.save(update_fields=["status", "member", "admission_case", "updated_at"])


def may_start_admission(actor: Any, youth: Youth) -> bool:
    """Whether the page offers "start the admission" (members.manage over the area)."""
    return (
        youth.status != YouthStatus.ADMITTED
        and not (youth.admission_case_id and youth.admission_case.is_open)
        and any(
            Cap.MEMBERS_MANAGE in grant.capabilities
            and (is_within(grant.path, youth.unit_path) or is_within(youth.unit_path, grant.path))
            for grant in policy.grants(actor)
        )
    )
