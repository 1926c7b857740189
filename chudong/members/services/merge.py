"""Merging two records of the same person (found by members.selectors.member_duplicates).

The kept record receives the other's periods, events, family and whatever it lacked;
the removed record stays (nothing in chudong is deleted) with status "merged" and a
pointer to the kept one. Apps that keep their own rows per member (procedures, dues,
ratings...) register a follower so that their rows move too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chudong.access.capabilities import Cap

from .. import events
from ..models import (
    FamilyRelation,
    Member,
    MemberEvent,
    MemberSensitive,
    MemberStatus,
    MemberStatusPeriod,
    MemberUnitPeriod,
    PartyStatus,
)
from ._common import apply_texts, close_open_period, lock_members, not_merged, require_member
from .counts import CountDeltas
from .timeline import member_event_add

# Fields the kept record takes from the removed one when it has no value of its own.
FILLABLE_FIELDS = (
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
    "admission_date",
    "admission_place",
    "admission_decision",
    "photo",
    "user",
)
# Unique columns: cleared on the removed record before the kept one takes the value.
UNIQUE_FIELDS = ("national_id", "card_number", "user")

MergeFollower = Callable[..., None]
_followers: list[MergeFollower] = []


def register_merge_follower(follower: MergeFollower) -> None:
    """`follower(keep=..., remove=..., actor=...)` re-points an app's rows from `remove` to
    `keep`; it runs inside the merge transaction (raise ValidationError to refuse)."""
    if follower not in _followers:
        _followers.append(follower)


def _empty(value: Any) -> bool:
    return value in (None, "") or (hasattr(value, "name") and not value)


def merge_plan(keep: Member, remove: Member) -> dict[str, Any]:
    """The values the kept record will take from the removed one (field → value)."""
    plan = {
        name: getattr(remove, name)
        for name in FILLABLE_FIELDS
        if _empty(getattr(keep, name)) and not _empty(getattr(remove, name))
    }
    if keep.party_status == PartyStatus.NONE and remove.party_status != PartyStatus.NONE:
        plan["party_status"] = remove.party_status
        plan["party_date"] = remove.party_date
    if (
        keep.birth_year_only
        and not remove.birth_year_only
        and keep.date_of_birth.year == remove.date_of_birth.year
    ):
        plan["date_of_birth"] = remove.date_of_birth
        plan["birth_year_only"] = False
    return plan


def _merge_sensitive(keep: Member, remove: Member, actor: Any) -> None:
    theirs = MemberSensitive.objects.select_for_update().filter(member=remove).first()
    if theirs is None:
        return
    ours = MemberSensitive.objects.select_for_update().filter(member=keep).first()
    ours = ours or MemberSensitive(member=keep, version=0)
    changed = False
    for name in MemberSensitive.FIELDS:
        if not getattr(ours, name) and getattr(theirs, name):
            setattr(ours, name, getattr(theirs, name))
            changed = True
    if changed:
        ours.version += 1
        ours._history_user = actor
        ours.save()


@transaction.atomic
def members_merge(*, actor: Any, keep: Member, remove: Member) -> Member:
    """Merge record `remove` into record `keep` (members.manage over both) and return the
    kept record. Raises ValidationError when they are the same or one is already merged."""
    require_member(actor, Cap.MEMBERS_MANAGE, keep)
    require_member(actor, Cap.MEMBERS_MANAGE, remove)
    if keep.pk == remove.pk:
        raise ValidationError(_("Choose two different records."))
    locked = {m.pk: m for m in lock_members([keep, remove])}
    keep, remove = locked[keep.pk], locked[remove.pk]
    not_merged(keep)
    not_merged(remove)
    today = timezone.localdate()

    close_open_period(MemberUnitPeriod, remove, today)
    close_open_period(MemberStatusPeriod, remove, today)
    MemberUnitPeriod.objects.filter(member=remove).update(member=keep)
    MemberStatusPeriod.objects.filter(member=remove).update(member=keep)
    MemberEvent.objects.filter(member=remove).update(member=keep)
    if not FamilyRelation.objects.filter(member=keep).exists():
        FamilyRelation.objects.filter(member=remove).update(member=keep)
    _merge_sensitive(keep, remove, actor)

    plan = merge_plan(keep, remove)
    deltas = CountDeltas()
    deltas.add(remove.unit_id, remove.status, -1)
    deltas.apply()
    for name in UNIQUE_FIELDS:
        if name in plan:
            setattr(remove, name, None)
    remove.status = MemberStatus.MERGED
    remove.status_since = today
    remove.merged_into = keep
    remove.version += 1
    remove._history_user = actor
    remove.save()

    for name, value in plan.items():
        setattr(keep, name, value)
    apply_texts(keep)
    keep.full_clean()
    keep.version += 1
    keep._history_user = actor
    keep.save()

    for follower in _followers:
        follower(keep=keep, remove=remove, actor=actor)
    member_event_add(
        member=keep,
        kind=events.MERGED_IN,
        date=today,
        title=_("Merged with a duplicate record of %(name)s (no. %(id)d, %(unit)s)")
        % {"name": remove.full_name, "id": remove.pk, "unit": remove.unit.name},
        actor=actor,
        source=remove,
    )
    member_event_add(
        member=remove,
        kind=events.MERGED_AWAY,
        date=today,
        title=_("Merged into record no. %(id)d (%(unit)s)")
        % {"id": keep.pk, "unit": keep.unit.name},
        actor=actor,
        source=keep,
    )
    return keep
