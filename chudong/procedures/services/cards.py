"""Membership cards (thẻ đoàn viên): issue, and reissue of a lost card (HD 16-2018):
the member applies to the branch → the grassroots union proposes → the level the rule
card.reissue_decided_by names decides; a new number replaces the old one, which is voided.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.members import services as member_services
from chudong.members.models import Member, MemberStatus

from .. import events
from ..models import (
    CardOrigin,
    CardReissue,
    CardStatus,
    DocumentKind,
    MembershipCard,
    ReissueReason,
    ReissueState,
)
from ._common import (
    check_not_before,
    check_not_future,
    clean_text,
    grassroots_union_of,
    lock,
    require_unit_cap,
    require_upper_decider,
    set_actor,
)
from .documents import FilesGuard, attach, check_uploads
from .rules_access import rule

# Values of the rule card.reissue_decided_by this code knows.
DECIDED_BY_DIRECT_UPPER = "direct_upper"
DECIDED_BY_GRASSROOTS = "grassroots"


def normalize_card_number(raw: str | None) -> str:
    return "".join((raw or "").split()).upper()


def check_card_number_free(number: str, field: str = "card_number") -> str:
    """The card number in its stored form, if no card and no member record has it."""
    number = normalize_card_number(number)
    if not number:
        raise ValidationError({field: _("Enter the card number.")})
    if len(number) > 20:
        raise ValidationError({field: _("A card number has at most 20 characters.")})
    taken = (
        MembershipCard.objects.filter(number=number).exists()
        or Member.objects.filter(card_number=number).exists()
    )
    if taken:
        raise ValidationError({field: _("The card number %s has already been issued.") % number})
    return number


def _require_current(member: Member) -> None:
    if member.status == MemberStatus.MERGED:
        raise ValidationError(
            _("This record was merged into another one and can no longer be changed.")
        )
    if not member.is_current:
        raise ValidationError(
            _("%(name)s is no longer a member (%(status)s).")
            % {"name": member.full_name, "status": member.get_status_display()}
        )


def card_of_record(*, member: Member, actor: Any) -> MembershipCard | None:
    """The MembershipCard of the number the member record holds; a number recorded before
    card history was kept here (import, demo, typed on the dossier) gets its card row."""
    if not member.card_number:
        return None
    card = MembershipCard.objects.filter(number=member.card_number).first()
    if card is None:
        card = MembershipCard(
            member=member, number=member.card_number, origin=CardOrigin.EARLIER, status="valid"
        )
        set_actor(actor, card)
        card.created_by = actor
        card.save()
    return card


def new_card(
    *, actor: Any, member: Member, number: str, issued_on: dt.date, origin: str
) -> MembershipCard:
    """Create a valid card and write its number on the member record. A building block
    (the caller authorised and locked); `number` must have been checked free."""
    card = MembershipCard(
        member=member, number=number, issued_on=issued_on, origin=origin, created_by=actor
    )
    card.full_clean()
    set_actor(actor, card)
    card.save()
    fresh = Member.objects.get(pk=member.pk)
    member_services.member_update(
        actor=actor, member=fresh, expected_version=fresh.version, card_number=number
    )
    return card


@transaction.atomic
def card_issue(*, actor: Any, member: Member, number: str, issued_on: dt.date) -> MembershipCard:
    """Issue a first card to a member who holds none (members.manage over the member).

    Raises ValidationError when the member already holds a card (a lost card is replaced
    by a reissue), the number is taken, or the date is in the future.
    """
    require_unit_cap(actor, Cap.MEMBERS_MANAGE, member.unit_path)
    member = Member.objects.select_for_update(of=("self",)).select_related("unit").get(pk=member.pk)
    _require_current(member)
    if member.card_number:
        raise ValidationError(
            _(
                "%(name)s already holds card %(number)s. A lost card is replaced through a "
                "card reissue."
            )
            % {"name": member.full_name, "number": member.card_number}
        )
    check_not_future(issued_on, "issued_on")
    check_not_before(issued_on, member.admission_date, "issued_on", _("the admission"))
    number = check_card_number_free(number, "number")
    card = new_card(
        actor=actor, member=member, number=number, issued_on=issued_on, origin=CardOrigin.ISSUE
    )
    member_services.member_event_add(
        member=member,
        kind=events.CARD_ISSUED,
        date=issued_on,
        title=_("Membership card No. %s issued") % number,
        actor=actor,
        source=card,
    )
    return card


@transaction.atomic
def card_reissue_apply(
    *,
    actor: Any,
    member: Member,
    reason: str,
    applied_on: dt.date,
    application_note: str = "",
    application_file: Any = None,
) -> CardReissue:
    """Record a member's application for a new card, received by the branch
    (members.manage over the member). One open reissue per member."""
    require_unit_cap(actor, Cap.MEMBERS_MANAGE, member.unit_path)
    checked = check_uploads({"application_file": application_file})
    with FilesGuard() as guard:
        member = (
            Member.objects.select_for_update(of=("self",)).select_related("unit").get(pk=member.pk)
        )
        _require_current(member)
        if reason not in ReissueReason.values:
            raise ValidationError({"reason": _("Choose what was lost.")})
        check_not_future(applied_on, "applied_on")
        check_not_before(applied_on, member.admission_date, "applied_on", _("the admission"))
        if CardReissue.objects.filter(member=member, state__in=["applied", "proposed"]).exists():
            raise ValidationError(_("A card reissue for this member is already under way."))
        reissue = CardReissue(
            member=member,
            unit=member.unit,
            unit_path=member.unit_path,
            reason=reason,
            applied_on=applied_on,
            application_note=clean_text(application_note),
            old_number=member.card_number or "",
            created_by=actor,
        )
        reissue.full_clean()
        set_actor(actor, reissue)
        reissue.save()
        if "application_file" in checked:
            attach(
                actor=actor,
                owner=reissue,
                kind=DocumentKind.CARD_APPLICATION,
                checked=checked["application_file"],
                guard=guard,
            )
    return reissue


def _expect(reissue: CardReissue, state: str) -> None:
    if reissue.state != state:
        raise ValidationError(
            _("This step does not follow from where the request stands (%s). Reload the page.")
            % reissue.get_state_display()
        )


def may_propose_reissue(actor: Any, reissue: CardReissue) -> bool:
    """The grassroots union proposes: members.manage over the member's grassroots union."""
    grassroots = grassroots_union_of(reissue.unit)
    return grassroots is not None and policy.can(actor, Cap.MEMBERS_MANAGE, grassroots)


@transaction.atomic
def card_reissue_propose(
    *,
    actor: Any,
    reissue: CardReissue,
    proposed_on: dt.date,
    proposal_note: str = "",
    proposal_file: Any = None,
) -> CardReissue:
    """The grassroots union proposes the reissue to the deciding level (members.manage
    over the grassroots union, not only over the branch)."""
    require_unit_cap(actor, Cap.MEMBERS_VIEW, reissue.unit_path)
    if not may_propose_reissue(actor, reissue):
        raise PermissionDenied
    checked = check_uploads({"proposal_file": proposal_file})
    with FilesGuard() as guard:
        reissue = lock(CardReissue, reissue.pk)
        _expect(reissue, ReissueState.APPLIED)
        check_not_future(proposed_on, "proposed_on")
        check_not_before(proposed_on, reissue.applied_on, "proposed_on", _("the application"))
        reissue.proposed_on = proposed_on
        reissue.proposal_note = clean_text(proposal_note)
        reissue.proposed_by = actor
        reissue.state = ReissueState.PROPOSED
        set_actor(actor, reissue)
        reissue.save()
        if "proposal_file" in checked:
            attach(
                actor=actor,
                owner=reissue,
                kind=DocumentKind.PROPOSAL,
                checked=checked["proposal_file"],
                guard=guard,
            )
    return reissue


def reissue_decider_level(reissue: CardReissue) -> str:
    """The rule card.reissue_decided_by in force on the application date."""
    return rule(
        "card.reissue_decided_by", on=reissue.applied_on, unit=reissue.unit, field="decision_date"
    )


def may_decide_reissue(actor: Any, reissue: CardReissue, grassroots: Any = None) -> bool:
    """Whether the actor holds the authority the rule card.reissue_decided_by gives.
    `grassroots` may be passed when the caller already knows the member's union."""
    try:
        level = reissue_decider_level(reissue)
    except ValidationError:
        return False
    grassroots = grassroots or grassroots_union_of(reissue.unit)
    if grassroots is None:
        return False
    if level == DECIDED_BY_DIRECT_UPPER:
        return grassroots.parent_id is not None and policy.can(
            actor, Cap.MEMBERS_DECIDE, grassroots
        )
    if level == DECIDED_BY_GRASSROOTS:
        return policy.can(actor, Cap.MEMBERS_MANAGE, grassroots)
    return False


@transaction.atomic
def card_reissue_decide(
    *,
    actor: Any,
    reissue: CardReissue,
    decision_number: str,
    decision_date: dt.date,
    decision_signer: str,
    new_number: str,
    decision_file: Any = None,
) -> MembershipCard:
    """The deciding level reissues the card: the new number becomes the member's card and
    the old one is voided. Who decides comes from the rule card.reissue_decided_by
    ("direct_upper": members.decide above the grassroots union; "grassroots":
    members.manage over the grassroots union)."""
    require_unit_cap(actor, Cap.MEMBERS_VIEW, reissue.unit_path)
    level = reissue_decider_level(reissue)
    grassroots = grassroots_union_of(reissue.unit)
    if level == DECIDED_BY_DIRECT_UPPER:
        grassroots = require_upper_decider(actor, reissue.unit)
        deciding_unit = grassroots.parent
    elif level == DECIDED_BY_GRASSROOTS and grassroots is not None:
        if not policy.can(actor, Cap.MEMBERS_MANAGE, grassroots):
            raise PermissionDenied
        deciding_unit = grassroots
    else:
        raise ValidationError(
            _("The rule on who reissues cards names a level chudong does not know: %s.") % level
        )
    checked = check_uploads({"decision_file": decision_file})
    with FilesGuard() as guard:
        reissue = lock(CardReissue, reissue.pk)
        _expect(reissue, ReissueState.PROPOSED)
        member = Member.objects.select_for_update().get(pk=reissue.member_id)
        _require_current(member)
        errors = {}
        if not clean_text(decision_number):
            errors["decision_number"] = _("Enter the decision number.")
        if not clean_text(decision_signer):
            errors["decision_signer"] = _("Enter who signed the decision.")
        if errors:
            raise ValidationError(errors)
        check_not_future(decision_date, "decision_date")
        check_not_before(decision_date, reissue.proposed_on, "decision_date", _("the proposal"))
        number = check_card_number_free(new_number, "new_number")
        old = card_of_record(member=member, actor=actor)
        reason_label = ReissueReason(reissue.reason).label
        if old is not None:
            old.status = CardStatus.VOIDED
            old.voided_on = decision_date
            old.void_reason = str(reason_label)
            set_actor(actor, old)
            old.save()
        origin = (
            CardOrigin.REISSUE_LOST_CARD
            if reissue.reason == ReissueReason.LOST_CARD
            else CardOrigin.REISSUE_LOST_CARD_AND_BOOK
        )
        card = MembershipCard(
            member=member,
            number=number,
            issued_on=decision_date,
            origin=origin,
            created_by=actor,
        )
        card.full_clean()
        set_actor(actor, card)
        card.save()
        if old is not None:
            old.replaced_by = card
            old.save(update_fields=["replaced_by"])
        member_services.member_update(
            actor=actor, member=member, expected_version=member.version, card_number=number
        )
        reissue.decision_number = clean_text(decision_number)
        reissue.decision_date = decision_date
        reissue.decision_signer = clean_text(decision_signer)
        reissue.decided_by_unit = deciding_unit
        reissue.decided_by = actor
        reissue.new_card = card
        reissue.state = ReissueState.DECIDED
        set_actor(actor, reissue)
        reissue.save()
        if "decision_file" in checked:
            attach(
                actor=actor,
                owner=reissue,
                kind=DocumentKind.DECISION,
                checked=checked["decision_file"],
                guard=guard,
            )
        detail = _("Old card %(old)s voided (%(reason)s). Decision %(number)s of %(unit)s.") % {
            "old": reissue.old_number or "—",
            "reason": reason_label,
            "number": reissue.decision_number,
            "unit": deciding_unit.name,
        }
        member_services.member_event_add(
            member=member,
            kind=events.CARD_REISSUED,
            date=decision_date,
            title=_("Membership card reissued: No. %s") % number,
            detail=detail,
            actor=actor,
            source=reissue,
        )
    return card


@transaction.atomic
def card_reissue_withdraw(
    *, actor: Any, reissue: CardReissue, closed_on: dt.date, closed_reason: str
) -> CardReissue:
    """Close an open reissue request (the card was found, entered by mistake...):
    members.manage over the member's branch."""
    require_unit_cap(actor, Cap.MEMBERS_MANAGE, reissue.unit_path)
    reissue = lock(CardReissue, reissue.pk)
    if not reissue.is_open:
        raise ValidationError(_("This request is already closed."))
    check_not_future(closed_on, "closed_on")
    check_not_before(closed_on, reissue.applied_on, "closed_on", _("the application"))
    if not clean_text(closed_reason):
        raise ValidationError({"closed_reason": _("Say why the request is withdrawn.")})
    reissue.state = ReissueState.WITHDRAWN
    reissue.closed_on = closed_on
    reissue.closed_reason = clean_text(closed_reason)
    set_actor(actor, reissue)
    reissue.save()
    return reissue
