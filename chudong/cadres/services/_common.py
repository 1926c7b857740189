"""Small checks every cadres service shares: access, the unit still active, the
Vietnamese messages for missing or impossible values."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core import uploads
from chudong.orgs.models import Unit


def writable(actor: Any, unit: Unit) -> None:
    """advisory.manage at the unit (404 out of scope, 403 seen but not managed), and the
    unit still active."""
    policy.require(actor, Cap.ADVISORY_MANAGE, unit)
    if not unit.is_active:
        raise ValidationError(_("%s is no longer active.") % unit.name)


def text(data: dict, key: str) -> str:
    return (data.get(key) or "").strip()


def required(errors: dict, data: dict, key: str, message: str) -> str:
    value = text(data, key)
    if not value:
        errors[key] = message
    return value


def not_future(errors: dict, key: str, day: dt.date | None) -> None:
    if day is not None and day > timezone.localdate():
        errors[key] = _("The date cannot be in the future.")


def raise_if(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def attach(
    field_file: Any,
    checked: uploads.CheckedUpload | None,
    guard: uploads.FilesGuard,
    record: Any,
    name_attr: str,
) -> None:
    """Save a checked upload into `field_file` and keep its cleaned name on the record."""
    if checked is not None:
        uploads.save_checked(field_file, checked, guard)
        setattr(record, name_attr, checked.name)


def check_file(errors: dict, key: str, upload: Any) -> uploads.CheckedUpload | None:
    """Check an optional upload; a bad one is reported beside its field with the rest."""
    if upload is None:
        return None
    try:
        return uploads.check_upload(upload, key)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
        return None
