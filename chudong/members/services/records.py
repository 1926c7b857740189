"""Writes on member records: register, edit, sensitive data, photo, status, unit.

Every function takes the acting user first (keyword-only), authorises through
`access.policy`, validates with `full_clean`, writes inside one transaction, leaves
history with the actor as its author and keeps the per-unit counts in step.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core import uploads
from chudong.orgs.models import Unit

from .. import events
from ..models import (
    FamilyRelation,
    Member,
    MemberSensitive,
    MemberStatus,
    MemberStatusPeriod,
    MemberUnitPeriod,
    PartyStatus,
    UnitPeriodReason,
    is_current,
)
from ._common import (
    apply_texts,
    check_after,
    check_not_future,
    clean_full_name,
    close_open_period,
    lock_members,
    not_merged,
    open_period_start,
    require_member,
)
from .counts import CountDeltas
from .timeline import member_event_add

# What the dossier form edits. Unit, status and photo change through their own services.
EDITABLE_FIELDS = (
    "full_name",
    "sex",
    "date_of_birth",
    "birth_year_only",
    "hometown",
    "birthplace",
    "permanent_residence",
    "current_residence",
    "phone",
    "email",
    "national_id",
    "card_number",
    "education_level",
    "professional_qualification",
    "political_theory",
    "foreign_languages",
    "occupation",
    "workplace",
    "party_status",
    "party_date",
    "admission_date",
    "admission_place",
    "admission_decision",
    "is_honorary",
)
PHOTO_MAX_BYTES = 2 * 1024 * 1024
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
PHOTO_BOX = (600, 800)


def _validate_dates(member: Member) -> None:
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if member.birth_year_only and member.date_of_birth:
        member.date_of_birth = dt.date(member.date_of_birth.year, 1, 1)
    if member.date_of_birth and member.date_of_birth > today:
        errors["date_of_birth"] = _("The date of birth cannot be in the future.")
    if member.admission_date:
        if member.admission_date > today:
            errors["admission_date"] = _("The admission date cannot be in the future.")
        elif member.date_of_birth and member.admission_date < member.date_of_birth:
            errors["admission_date"] = _("The admission date is before the date of birth.")
    if member.party_status == PartyStatus.NONE:
        member.party_date = None
    elif member.party_date and member.party_date > today:
        errors["party_date"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)


def _require_branch(unit: Unit, field: str = "unit") -> None:
    if not unit.is_active:
        raise ValidationError({field: _("%s is no longer active.") % unit.name})
    if not unit.kind.is_branch:
        raise ValidationError(
            {
                field: _(
                    "Members are registered in a branch (chi đoàn or chi đoàn cơ sở); "
                    "%(unit)s is a %(kind)s."
                )
                % {"unit": unit.name, "kind": unit.kind.name}
            }
        )


def _stale_error(record: Any) -> ValidationError:
    """Tell the second editor who saved in between (from the record's history)."""
    last = record.history.select_related("history_user").first()
    who = last.history_user if last and last.history_user else _("someone else")
    when = timezone.localtime(last.history_date) if last else timezone.localtime()
    return ValidationError(
        _(
            "%(who)s changed this record at %(when)s, after you opened it. Your changes "
            "were not saved: reload the page to see theirs, then make yours again."
        )
        % {"who": who, "when": date_format(when, "H:i d/m/Y")},
        code="stale",
    )


@transaction.atomic
def member_create(
    *,
    actor: Any,
    unit: Unit,
    full_name: str,
    sex: str,
    date_of_birth: dt.date,
    unit_since: dt.date | None = None,
    reason: str = UnitPeriodReason.REGISTERED,
    user: Any = None,
    **details: Any,
) -> Member:
    """Register a member in branch `unit`. Needs members.manage over the unit.

    `details` are further dossier fields (EDITABLE_FIELDS). The member's first unit and
    status periods start on `unit_since` (default: the admission date, else today).
    Raises ValidationError per field (bad dates, a taken citizen ID or card number, a
    unit that is not a branch).
    """
    policy.require(actor, Cap.MEMBERS_MANAGE, unit)
    unknown = set(details) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown member fields: {sorted(unknown)}")
    _require_branch(unit)
    since = unit_since or details.get("admission_date") or timezone.localdate()
    check_not_future(since, "unit_since")
    member = Member(
        unit=unit,
        unit_path=unit.path,
        full_name=full_name,
        sex=sex,
        date_of_birth=date_of_birth,
        status=MemberStatus.ACTIVE,
        status_since=since,
        user=user,
        **details,
    )
    apply_texts(member)
    _validate_dates(member)
    if member.date_of_birth and since < member.date_of_birth:
        raise ValidationError({"unit_since": _("The date is before the date of birth.")})
    member.full_clean()
    member._history_user = actor
    member.save()
    period = MemberUnitPeriod(member=member, unit=unit, start=since, reason=reason)
    period._history_user = actor
    period.save()
    status_period = MemberStatusPeriod(member=member, status=member.status, start=since)
    status_period._history_user = actor
    status_period.save()
    deltas = CountDeltas()
    deltas.add(unit.pk, member.status)
    deltas.apply()
    member_event_add(
        member=member,
        kind=events.REGISTERED,
        date=since,
        title=_("Registered in %(unit)s") % {"unit": unit.name},
        unit=unit,
        actor=actor,
    )
    return member


@transaction.atomic
def member_update(*, actor: Any, member: Member, expected_version: int, **values: Any) -> Member:
    """Change dossier fields (EDITABLE_FIELDS) of `member`. Needs members.manage.

    `expected_version` is the version the edit form was opened at: if the record changed
    since, nothing is saved and a ValidationError tells the editor who changed it.
    """
    require_member(actor, Cap.MEMBERS_MANAGE, member)
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown member fields: {sorted(unknown)}")
    (member,) = lock_members([member])
    not_merged(member)
    if member.version != expected_version:
        raise _stale_error(member)
    changed = []
    for name, value in values.items():
        if name == "full_name":
            value = clean_full_name(value)
        if getattr(member, name) != value:
            setattr(member, name, value)
            changed.append(name)
    if not changed:
        return member
    apply_texts(member)
    _validate_dates(member)
    member.full_clean()
    member.version += 1
    member._history_user = actor
    member.save()
    return member


def sensitive_version(member: Member) -> int:
    """The version an edit form of the member's sensitive data starts from (0: no row)."""
    return (
        MemberSensitive.objects.filter(member=member).values_list("version", flat=True).first() or 0
    )


@transaction.atomic
def member_sensitive_update(
    *,
    actor: Any,
    member: Member,
    expected_version: int,
    values: dict[str, Any],
    family: list[dict[str, Any]] | None = None,
) -> MemberSensitive:
    """Set the sensitive data of `member` (members.sensitive and members.manage).

    `family`, when given, replaces the member's family relations (each a dict of
    FamilyRelation fields). `expected_version` works as in member_update (0: none yet).
    """
    require_member(actor, Cap.MEMBERS_SENSITIVE, member)
    require_member(actor, Cap.MEMBERS_MANAGE, member)
    (member,) = lock_members([member])
    not_merged(member)
    sensitive = MemberSensitive.objects.select_for_update().filter(member=member).first()
    if (sensitive.version if sensitive else 0) != expected_version:
        raise _stale_error(sensitive or member)
    if sensitive is None:
        sensitive = MemberSensitive(member=member, version=0)
    for name in MemberSensitive.FIELDS:
        if name in values:
            setattr(sensitive, name, (values[name] or "").strip())
    sensitive.full_clean()
    sensitive.version += 1
    sensitive._history_user = actor
    sensitive.save()
    if family is not None:
        for relation in member.family.all():
            relation._history_user = actor
            relation.delete()
        for order, row in enumerate(family):
            relation = FamilyRelation(member=member, order=order, **row)
            relation.full_clean()
            relation._history_user = actor
            relation.save()
    return sensitive


def _photo_content(upload: Any) -> uploads.CheckedUpload:
    """Check an upload is a real image of at most 2 MB (by its content, not its name)
    and re-encode it: a bounded JPEG without metadata (no camera GPS position)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    not_a_photo = ValidationError(
        {"photo": _("This file is not a photo. Upload a JPEG, PNG or WebP image.")}
    )
    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError({"photo": _("The photo is larger than 2 MB.")})
    try:
        checked = uploads.check_upload(upload, "photo")  # type by its first bytes, not empty
    except ValidationError:
        raise not_a_photo from None
    if checked.content_type not in (uploads.JPEG, uploads.PNG, uploads.WEBP):
        raise not_a_photo
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            kind = probe.format
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            image = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise not_a_photo from None
    if kind not in PHOTO_FORMATS:
        raise ValidationError({"photo": _("Upload a JPEG, PNG or WebP image.")})
    image.thumbnail(PHOTO_BOX)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85, optimize=True)
    content = ContentFile(buffer.getvalue(), name="photo.jpg")
    return uploads.CheckedUpload(
        upload=content, content_type=uploads.JPEG, name="photo.jpg", size=content.size,
        field="photo",
    )  # fmt: skip


def member_photo_set(*, actor: Any, member: Member, upload: Any | None) -> Member:
    """Replace (or with upload=None remove) the member's photo. Needs members.manage.

    The photo is stored through core.uploads like every other upload: a full disk (or any
    failure to write) is a ValidationError on "photo" and nothing is changed, neither the
    record nor a piece of the file. The old file is deleted once the transaction commits."""
    require_member(actor, Cap.MEMBERS_MANAGE, member)
    checked = _photo_content(upload) if upload is not None else None
    with uploads.FilesGuard() as guard, transaction.atomic():
        (member,) = lock_members([member])
        not_merged(member)
        old = member.photo.name if member.photo else ""
        if checked is not None:
            uploads.save_checked(member.photo, checked, guard)
        else:
            member.photo = ""
        member._history_user = actor
        member.save(update_fields=["photo", "updated_at"])
        if old:
            storage = member.photo.storage
            transaction.on_commit(lambda: storage.delete(old))
    return member


@transaction.atomic
def member_status_change(
    *,
    actor: Any,
    member: Member,
    status: str,
    effective_on: dt.date,
    reason: str = "",
    source: Any = None,
    procedure_authorized: bool = False,
) -> MemberStatusPeriod:
    """Give `member` a new status from `effective_on`. Needs members.manage.

    Closes the open status period and opens the new one; leaving the current statuses
    (matured, struck off...) also ends the member's unit period, returning to them opens
    one again. Counts and the timeline follow. Procedures (maturation, striking off...)
    call this with their case as `source`.

    `procedure_authorized` is for procedure services that have authorised `actor` on
    their own case (the host unit receiving a member on temporary activity holds no right
    over the member's home unit); everyone else leaves it False.
    """
    if not procedure_authorized:
        require_member(actor, Cap.MEMBERS_MANAGE, member)
    (member,) = lock_members([member])
    not_merged(member)
    if status not in MemberStatus.values or status == MemberStatus.MERGED:
        raise ValidationError({"status": _("Choose a status.")})
    if status == member.status:
        raise ValidationError({"status": _("The member already has this status.")})
    check_not_future(effective_on, "effective_on")
    current_start = open_period_start(MemberStatusPeriod, member)
    if current_start:
        check_after(effective_on, current_start, "effective_on")
    old_status = member.status
    close_open_period(MemberStatusPeriod, member, effective_on)
    period = MemberStatusPeriod(
        member=member, status=status, start=effective_on, reason=reason.strip()
    )
    period._history_user = actor
    period.save()
    if is_current(old_status) and not is_current(status):
        close_open_period(MemberUnitPeriod, member, effective_on)
    elif not is_current(old_status) and is_current(status):
        MemberUnitPeriod.objects.create(
            member=member,
            unit=member.unit,
            start=effective_on,
            reason=UnitPeriodReason.REGISTERED,
            note=reason.strip()[:300],
        )
    deltas = CountDeltas()
    deltas.change_status(member.unit_id, old_status, status)
    deltas.apply()
    member.status = status
    member.status_since = effective_on
    member.version += 1
    member._history_user = actor
    member.save(update_fields=["status", "status_since", "version", "updated_at"])
    member_event_add(
        member=member,
        kind=events.STATUS_CHANGED,
        date=effective_on,
        title=_("Status: %(status)s") % {"status": member.get_status_display()},
        detail=reason.strip(),
        actor=actor,
        source=source,
    )
    return period


@transaction.atomic
def member_move(
    *,
    actor: Any,
    member: Member,
    to_unit: Unit,
    effective_on: dt.date,
    reason: str = UnitPeriodReason.TRANSFERRED,
    note: str = "",
    source: Any = None,
    procedure_authorized: bool = False,
) -> MemberUnitPeriod:
    """Register `member` in branch `to_unit` from `effective_on` (members.manage over both
    units). The building block of transfers: closes the unit period, opens the next,
    moves the counts and writes the timeline event.

    `procedure_authorized`: the calling procedure has authorised the release of the member
    on its own case (a transfer introduced by the sending union and confirmed by the
    receiving one, possibly in another province); then only members.manage over `to_unit`
    is checked here."""
    if not procedure_authorized:
        require_member(actor, Cap.MEMBERS_MANAGE, member)
    policy.require(actor, Cap.MEMBERS_MANAGE, to_unit)
    _require_branch(to_unit, "to_unit")
    (member,) = lock_members([member])
    not_merged(member)
    if to_unit.pk == member.unit_id:
        raise ValidationError({"to_unit": _("The member is already registered there.")})
    if not member.is_current:
        raise ValidationError(_("Only a current member can move to another unit."))
    check_not_future(effective_on, "effective_on")
    current_start = open_period_start(MemberUnitPeriod, member)
    if current_start:
        check_after(effective_on, current_start, "effective_on")
    from_unit = member.unit
    close_open_period(MemberUnitPeriod, member, effective_on)
    period = MemberUnitPeriod(
        member=member, unit=to_unit, start=effective_on, reason=reason, note=note[:300]
    )
    period._history_user = actor
    period.save()
    deltas = CountDeltas()
    deltas.add(from_unit.pk, member.status, -1)
    deltas.add(to_unit.pk, member.status, +1)
    deltas.apply()
    member.unit = to_unit
    member.unit_path = to_unit.path
    member.version += 1
    member._history_user = actor
    member.save(update_fields=["unit", "unit_path", "version", "updated_at"])
    member_event_add(
        member=member,
        kind=events.UNIT_CHANGED,
        date=effective_on,
        title=_("Moved from %(old)s to %(new)s") % {"old": from_unit.name, "new": to_unit.name},
        detail=note,
        unit=to_unit,
        actor=actor,
        source=source,
    )
    return period
