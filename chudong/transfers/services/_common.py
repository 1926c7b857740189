"""Helpers the services of this app share: locks in one order, date checks, months."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.members.models import Member, MemberUnitPeriod

from ..dates import birthday, d, first_of_month, month_label, months_between, today

__all__ = [
    "birthday",
    "check_day",
    "d",
    "first_of_month",
    "lock_case",
    "lock_member",
    "month_label",
    "months_between",
    "require_member_manage",
    "today",
    "unit_period_start",
]


def require_member_manage(actor: Any, member: Member) -> None:
    """404 when the member's unit is out of sight, 403 without members.manage there."""
    if not policy.can_at_path(actor, Cap.UNITS_VIEW, member.unit_path):
        raise Http404
    if not policy.can_at_path(actor, Cap.MEMBERS_MANAGE, member.unit_path):
        raise PermissionDenied


def lock_member(member_id: int) -> Member:
    """Lock the member row. The order every service here keeps: the member first, then
    the case (a transfer, a striking off): two services never wait on each other in
    opposite orders, and member services (edit, status) lock only the member."""
    try:
        # No join in the locking query: PostgreSQL re-checks a row another transaction
        # changed (a member moved meanwhile) against the first snapshot's joined unit row,
        # and would drop it. The unit comes in a second query.
        return Member.objects.select_for_update().prefetch_related("unit__kind").get(pk=member_id)
    except Member.DoesNotExist:
        raise ValidationError(_("This member record no longer exists.")) from None


def lock_case(model: type[models.Model], case: Any) -> tuple[Member, Any]:
    """Lock the case's member, then the case, and return both re-read."""
    member = lock_member(case.member_id)
    locked = model.objects.select_for_update().get(pk=case.pk)
    if locked.member_id != member.pk:
        # The record was merged into another between the read and the lock.
        raise ValidationError(_("This case changed while you were working. Reload the page."))
    return member, locked


def check_day(day: dt.date, field: str, *, not_before: dt.date | None = None) -> None:
    if day > today():
        raise ValidationError({field: _("The date cannot be in the future.")})
    if not_before is not None and day < not_before:
        raise ValidationError(
            {field: _("The date must be on or after %(date)s.") % {"date": d(not_before)}}
        )


def unit_period_start(member: Member) -> dt.date | None:
    return (
        MemberUnitPeriod.objects.filter(member=member, end__isnull=True)
        .values_list("start", flat=True)
        .first()
    )
