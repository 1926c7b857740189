"""What the youth services share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap


def today() -> dt.date:
    return timezone.localdate()


def clean_text(value: str | None) -> str:
    return " ".join((value or "").split())


def clean_block(value: str | None) -> str:
    """Multi-line text: trailing spaces and blank runs trimmed, line breaks kept."""
    lines = [line.rstrip() for line in (value or "").strip().splitlines()]
    return "\n".join(lines)


def day_text(day: dt.date) -> str:
    return date_format(day, "d/m/Y")


def check_not_future(day: dt.date | None, field: str) -> None:
    if day is not None and day > today():
        raise ValidationError({field: _("The date cannot be in the future.")})


def check_not_before(day: dt.date | None, earlier: dt.date | None, field: str, what: str) -> None:
    if day is not None and earlier is not None and day < earlier:
        raise ValidationError(
            {field: _("This date cannot be before %(what)s (%(day)s).")
             % {"what": what, "day": day_text(earlier)}}
        )  # fmt: skip


def require_at_path(actor: Any, cap: Cap, path: str) -> None:
    """404 when the actor cannot see the unit at `path`, 403 when they lack `cap` there."""
    if not policy.can_at_path(actor, Cap.UNITS_VIEW, path):
        raise Http404
    if not policy.can_at_path(actor, cap, path):
        raise PermissionDenied


def require_active(unit: Any, field: str = "unit") -> None:
    if not unit.is_active:
        raise ValidationError({field: _("%s is no longer active.") % unit.name})


def set_actor(actor: Any, *records: models.Model) -> None:
    for record in records:
        record._history_user = actor
