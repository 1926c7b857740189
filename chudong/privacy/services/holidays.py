"""Public holidays (dated data for the working-day deadlines): kept by the central level."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap

from ..models import Holiday


def may_edit_holidays(actor: Any) -> bool:
    """rules.manage at a root unit: the calendar is national."""
    from chudong.orgs.models import Unit

    root = Unit.objects.filter(parent__isnull=True).order_by("pk").first()
    return root is not None and policy.can(actor, Cap.RULES_MANAGE, root)


@transaction.atomic
def holiday_add(*, actor: Any, date: dt.date | None, name: str, source: str = "") -> Holiday:
    if not may_edit_holidays(actor):
        raise PermissionDenied
    errors = {}
    name = (name or "").strip()
    if date is None:
        errors["date"] = _("Enter the date.")
    elif Holiday.objects.filter(date=date).exists():
        errors["date"] = _("This day is already a holiday.")
    if not name:
        errors["name"] = _("Name the holiday.")
    if errors:
        raise ValidationError(errors)
    holiday = Holiday(date=date, name=name, source=(source or "").strip())
    holiday.full_clean()
    holiday._history_user = actor
    holiday.save()
    return holiday


@transaction.atomic
def holiday_remove(*, actor: Any, holiday: Holiday) -> None:
    if not may_edit_holidays(actor):
        raise PermissionDenied
    holiday._history_user = actor
    holiday.delete()
