"""What the inspection services share: access checks, field readers, the file guard."""

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

FIRST_YEAR = 2000


def writable(actor: Any, unit: Unit) -> None:
    """work.manage at an active unit (404 out of scope, 403 without the capability)."""
    policy.require(actor, Cap.WORK_MANAGE, unit)
    if not unit.is_active:
        raise ValidationError(_("%s is no longer active.") % unit.name)


def text(data: dict, key: str) -> str:
    return (data.get(key) or "").strip()


def required(errors: dict, data: dict, key: str, message: str) -> str:
    value = text(data, key)
    if not value:
        errors[key] = message
    return value


def date_required(errors: dict, data: dict, key: str, message: str) -> dt.date | None:
    value = data.get(key)
    if value is None:
        errors[key] = message
    elif value > timezone.localdate():
        errors[key] = _("The date cannot be in the future.")
    return value


def year(errors: dict, data: dict, key: str = "year") -> int | None:
    value = data.get(key)
    if not isinstance(value, int) or not FIRST_YEAR <= value <= timezone.localdate().year + 1:
        errors[key] = _("Enter a year between %(first)s and %(last)s.") % {
            "first": FIRST_YEAR,
            "last": timezone.localdate().year + 1,
        }
        return None
    return value


def raise_if(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def within(unit: Unit, other: Unit) -> bool:
    """`other` is `unit` or one of the units below it."""
    return other.path.startswith(unit.path)


def check_file(upload: Any, field: str) -> uploads.CheckedUpload | None:
    if upload is None:
        return None
    return uploads.check_uploads({field: upload}).get(field)


def attach(record: Any, checked: uploads.CheckedUpload | None, guard: uploads.FilesGuard):
    if checked is not None:
        uploads.save_checked(record.evidence, checked, guard)
        record.evidence_name = checked.name
