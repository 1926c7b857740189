"""Every write on 1+1 referrals: record, set the outcome, correct, and how the rows follow
member merges and restructurings. Founding a branch lives in `founding.py`.

Each function takes the acting user, checks access through `chudong.access.policy`,
validates and writes inside `transaction.atomic()`, raising ValidationError with
Vietnamese messages keyed by field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.paths import subtree_q
from chudong.members.models import CURRENT_STATUSES, Member
from chudong.orgs.models import Restructuring, Unit
from chudong.orgs.registry import ContentItem
from chudong.youth.models import Organisation, Youth, YouthStatus

from .models import Into, Outcome, Referral

FIRST_YEAR = 2000
# Outcomes set by hand; admission to the Đoàn comes from the admission case.
MANUAL_OUTCOMES = (Outcome.PENDING, Outcome.JOINED_HOI, Outcome.DECLINED)


def _require_at_path(actor: Any, cap: Cap, path: str) -> None:
    if not policy.can_at_path(actor, Cap.UNITS_VIEW, path):
        raise Http404
    if not policy.can_at_path(actor, cap, path):
        raise PermissionDenied


def _check_day(day: dt.date | None, field: str, errors: dict) -> None:
    if day is None:
        errors[field] = _("Enter the date as dd/mm/yyyy.")
    elif day > timezone.localdate():
        errors[field] = _("The date cannot be in the future.")
    elif day.year < FIRST_YEAR:
        errors[field] = _("The date must be in %(year)d or later.") % {"year": FIRST_YEAR}


def _open_referral(youth: Youth, into: str, *, exclude: int | None = None) -> Referral | None:
    qs = Referral.objects.filter(youth=youth, into=into).exclude(outcome=Outcome.DECLINED)
    if exclude:
        qs = qs.exclude(pk=exclude)
    return qs.select_related("member").first()


@transaction.atomic
def referral_create(
    *,
    actor: Any,
    member: Member,
    youth: Youth,
    into: str,
    referred_on: dt.date,
    note: str = "",
) -> Referral:
    """Record that `member` introduced `youth` to the Đoàn or the Hội on `referred_on`.

    Needs work.manage over the member's branch, and the young person must lie in the youth
    register the actor sees (care.view). Raises ValidationError per field: a member who is
    not current, a young person already admitted (or already in the Hội), an open
    referral of the same person into the same organisation, a date in the future.
    """
    _require_at_path(actor, Cap.WORK_MANAGE, member.unit_path)
    errors: dict[str, str] = {}
    if not policy.can_at_path(actor, Cap.CARE_VIEW, youth.unit_path):
        errors["youth"] = _("Choose a young person from the youth register of your unit.")
    if member.merged_into_id or member.status not in CURRENT_STATUSES:
        errors["member"] = _("Only a current member introduces young people.")
    if into not in Into.values:
        errors["into"] = _("Choose the Đoàn or the Hội.")
    _check_day(referred_on, "referred_on", errors)
    if youth.status == YouthStatus.ADMITTED:
        errors["youth"] = _("%(name)s is already a member of the Union.") % {
            "name": youth.full_name
        }
    elif into == Into.HOI and youth.organisation == Organisation.FEDERATION:
        errors["into"] = _("%(name)s is already in the Youth Federation.") % {
            "name": youth.full_name
        }
    if not errors and into in Into.values:
        existing = _open_referral(youth, into)
        if existing is not None:
            errors["youth"] = _(
                "%(name)s was already introduced by %(member)s on %(day)s; that referral "
                "is still open."
            ) % {"name": youth.full_name, "member": existing.member.full_name,
                 "day": date_format(existing.referred_on, "d/m/Y")}  # fmt: skip
    if errors:
        raise ValidationError(errors)
    referral = Referral(
        member=member, youth=youth, unit_id=member.unit_id, unit_path=member.unit_path,
        into=into, referred_on=referred_on, year=referred_on.year, note=" ".join(note.split()),
        recorded_by=actor,
    )  # fmt: skip
    referral.full_clean(exclude=["unit", "unit_path", "year", "recorded_by"])
    referral._history_user = actor
    try:
        with transaction.atomic():
            referral.save()
    except IntegrityError:
        # Another officer recorded the same person a moment ago (the partial unique index).
        raise ValidationError(
            {"youth": _("%(name)s has just been introduced by someone else.")
             % {"name": youth.full_name}}
        ) from None  # fmt: skip
    return referral


@transaction.atomic
def referral_set_outcome(
    *, actor: Any, referral: Referral, outcome: str, outcome_on: dt.date | None, note: str = ""
) -> Referral:
    """Record how a referral ended: joined the Hội, declined, or back to pending. Needs
    work.manage over the referral's branch. Admission to the Đoàn is not set here: it
    comes from the admission case of the young person."""
    _require_at_path(actor, Cap.WORK_MANAGE, referral.unit_path)
    referral = Referral.objects.select_for_update().select_related("youth").get(pk=referral.pk)
    errors: dict[str, str] = {}
    if referral.current_outcome == Outcome.ADMITTED:
        raise ValidationError(
            _("%(name)s has been admitted to the Union; the outcome follows the admission.")
            % {"name": referral.youth.full_name}
        )
    if outcome == Outcome.ADMITTED:
        errors["outcome"] = _(
            "Admission to the Đoàn is recorded through the admission procedure: start it "
            "from the young person's record."
        )
    elif outcome not in MANUAL_OUTCOMES:
        errors["outcome"] = _("Choose an outcome.")
    elif outcome == Outcome.JOINED_HOI and referral.into != Into.HOI:
        errors["outcome"] = _("This referral was into the Đoàn, not the Hội.")
    if outcome == Outcome.PENDING:
        outcome_on = None
    else:
        _check_day(outcome_on, "outcome_on", errors)
        if outcome_on and outcome_on < referral.referred_on:
            errors["outcome_on"] = _("The outcome cannot come before the referral (%(day)s).") % {
                "day": date_format(referral.referred_on, "d/m/Y")
            }
    if outcome == Outcome.PENDING and referral.outcome == Outcome.DECLINED:
        existing = _open_referral(referral.youth, referral.into, exclude=referral.pk)
        if existing is not None:
            errors["outcome"] = _(
                "%(name)s has since been introduced by %(member)s; this referral stays closed."
            ) % {"name": referral.youth.full_name, "member": existing.member.full_name}
    if errors:
        raise ValidationError(errors)
    referral.outcome = outcome
    referral.outcome_on = outcome_on
    if note.strip():
        referral.note = " ".join(note.split())[:300]
    referral._history_user = actor
    referral.save(update_fields=["outcome", "outcome_on", "note", "updated_at"])
    return referral


# --- How rows follow member merges and restructurings ------------------------------------


def follow_member_merge(*, keep: Any, remove: Any, actor: Any) -> None:
    """members.services.register_merge_follower hook: the removed record's referrals
    belong to the kept one."""
    for referral in Referral.objects.filter(member=remove):
        referral.member = keep
        referral._history_user = actor
        referral.save(update_fields=["member"])


class ReferralsContent:
    """orgs.registry.UnitContent: referrals made in a branch follow the branch."""

    key = "building_referrals"

    def label(self) -> str:
        return _("1+1 referrals")

    def count(self, unit: Unit) -> int:
        return Referral.objects.filter(unit=unit).count()

    def items(self, unit: Unit) -> list[ContentItem]:
        return []

    def move_all(self, *, source: Unit, target: Unit, restructuring: Restructuring) -> int:
        return Referral.objects.filter(unit=source).update(unit=target, unit_path=target.path)

    def move_items(
        self, *, ids: list[int], source: Unit, target: Unit, restructuring: Restructuring
    ) -> int:
        return 0

    def after_split(
        self, *, source: Unit, targets: list[Unit], restructuring: Restructuring
    ) -> int:
        """A split branch's referrals follow each referrer to the new branch they went to."""
        by_id = {unit.pk: unit for unit in targets}
        moved = 0
        for referral in Referral.objects.filter(unit=source).select_related("member"):
            target = by_id.get(referral.member.unit_id)
            if target is not None:
                referral.unit, referral.unit_path = target, target.path
                referral.save(update_fields=["unit", "unit_path"])
                moved += 1
        return moved

    def repath(self, *, old_prefix: str, new_prefix: str) -> int:
        cut = len(old_prefix) + 1
        return Referral.objects.filter(subtree_q("unit_path", old_prefix)).update(
            unit_path=Concat(Value(new_prefix), Substr("unit_path", cut))
        )
