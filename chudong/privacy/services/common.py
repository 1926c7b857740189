"""What the privacy services share: who may act for a member, dates, the rule keys."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.members.models import Member, MemberStatus

RESPONSE_DAYS_RULE = "privacy.request_response_working_days"
RETENTION_YEARS_RULE = "privacy.retention_years"
RETENTION_STATUSES_RULE = "privacy.retention_statuses"


def is_self(actor: Any, member: Member) -> bool:
    """The actor is the member (their own account), acting on My pages."""
    return actor is not None and member.user_id is not None and member.user_id == actor.pk


def require_staff(actor: Any, member: Member, cap: Cap = Cap.MEMBERS_MANAGE) -> None:
    """404 when the member lies outside the actor's scope, 403 without `cap` there."""
    if not policy.can_at_path(actor, Cap.UNITS_VIEW, member.unit_path):
        raise Http404
    if not policy.can_at_path(actor, cap, member.unit_path):
        raise PermissionDenied


def not_merged(member: Member) -> None:
    if member.status == MemberStatus.MERGED:
        raise ValidationError(
            _("This record was merged into another one; act on the record that was kept.")
        )


def past_date(errors: dict, key: str, value: dt.date | None, *, not_before=None) -> None:
    if value is None:
        errors[key] = _("Enter the date.")
    elif value > timezone.localdate():
        errors[key] = _("The date cannot be in the future.")
    elif not_before is not None and value < not_before:
        errors[key] = _("The date cannot be before %(date)s.") % {
            "date": not_before.strftime("%d/%m/%Y")
        }


def lock_member(member: Member) -> Member:
    return Member.objects.select_for_update().select_related("unit").get(pk=member.pk)
