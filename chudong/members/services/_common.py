"""Helpers every member service uses: authorisation on a member's unit path, row locks in
one order, the stored text forms of a name, and the period bookkeeping."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.accounts.models import normalize_phone
from chudong.core.text import fold, name_sort_key, normalize_name, split_full_name

from ..models import Member, MemberStatus


def require_member(actor: Any, cap: Cap, member: Member) -> None:
    """404 when the actor cannot see the member's unit at all; 403 when they see it but
    lack `cap` (members.view included: see selectors.access_member)."""
    if not policy.can_at_path(actor, Cap.UNITS_VIEW, member.unit_path):
        raise Http404
    if not policy.can_at_path(actor, Cap.MEMBERS_VIEW, member.unit_path):
        raise PermissionDenied
    if not policy.can_at_path(actor, cap, member.unit_path):
        raise PermissionDenied


def lock_members(members: Iterable[Member]) -> list[Member]:
    """Lock and re-read members in id order, the one order member rows are locked in.

    The unit comes in a second query, not a join: PostgreSQL re-checks a locked row that
    another transaction changed against the joined rows of the first snapshot, so a
    member moved to another unit meanwhile would drop out of a joined FOR UPDATE."""
    ids = sorted({m.pk for m in members})
    locked = list(
        Member.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
        .prefetch_related("unit")
    )
    if len(locked) != len(ids):
        raise ValidationError(_("A member record was changed by someone else. Reload and retry."))
    return locked


def not_merged(member: Member) -> None:
    if member.status == MemberStatus.MERGED:
        raise ValidationError(
            _("This record was merged into another one and can no longer be changed.")
        )


def check_not_future(day: dt.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def check_after(day: dt.date, start: dt.date, field: str) -> None:
    if day < start:
        raise ValidationError(
            {
                field: _("The date must be on or after %(date)s, when the current period began.")
                % {"date": date_format(start, "d/m/Y")}
            }
        )


def clean_full_name(text: str) -> str:
    """Typed in capitals (as in the member book) or all lower case → 'Nguyễn Văn An';
    mixed case is kept as typed (names like "H'Hen Niê")."""
    text = " ".join(unicodedata.normalize("NFC", text or "").split())
    if text == text.upper() or text == text.lower():
        return normalize_name(text)
    return text


def apply_texts(member: Member) -> None:
    """Split the full name and store its folded and sort-key forms (the search and the
    name order read only these); phone, e-mail and card number in their one stored form."""
    full_name = clean_full_name(member.full_name)
    family, middle, given = split_full_name(full_name)
    member.family_name, member.middle_name, member.given_name = family, middle, given
    member.full_name = full_name
    member.full_name_folded = fold(full_name)
    member.sort_key = name_sort_key(family, middle, given)
    member.phone = normalize_phone(member.phone)
    member.email = (member.email or "").strip().lower()
    if member.card_number:
        member.card_number = "".join(member.card_number.split()).upper()
    member.card_number = member.card_number or None
    member.national_id = member.national_id or None


def close_open_period(model: type[models.Model], member: Member, end: dt.date) -> None:
    """End the member's open period of `model` on `end`; one that began on `end` is
    removed (the new one replaces it that same day)."""
    period = model.objects.filter(member=member, end__isnull=True).first()
    if period is None:
        return
    if period.start >= end:
        period.delete()
    else:
        period.end = end
        period.save(update_fields=["end"])


def open_period_start(model: type[models.Model], member: Member) -> dt.date | None:
    return (
        model.objects.filter(member=member, end__isnull=True)
        .values_list("start", flat=True)
        .first()
    )
