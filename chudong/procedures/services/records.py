"""Commendations (khen thưởng) written into the member book, and honorary members
(đoàn viên danh dự)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.accounts.models import normalize_phone
from chudong.members import services as member_services
from chudong.members.models import Member, MemberStatus, UnitPeriodReason
from chudong.members.services._common import clean_full_name
from chudong.orgs.models import Unit

from .. import events
from ..models import (
    Commendation,
    CommendationForm,
    CommendationLevel,
    CommendationState,
    DocumentKind,
    HonoraryAdmission,
    HonoraryState,
)
from ._common import (
    check_not_before,
    check_not_future,
    clean_text,
    lock,
    require_unit_cap,
    require_upper_decider,
    set_actor,
    today,
)
from .documents import FilesGuard, attach, check_uploads


@transaction.atomic
def commendation_record(
    *,
    actor: Any,
    member: Member,
    form: str,
    title: str,
    level: str,
    issuer: str,
    decision_number: str,
    decision_date: dt.date,
    reason: str = "",
    decision_scan: Any = None,
) -> Commendation:
    """Write a commendation into the member's dossier and timeline (members.manage over
    the member). Past members keep their book: their commendations may still be entered."""
    require_unit_cap(actor, Cap.MEMBERS_MANAGE, member.unit_path)
    checked = check_uploads({"decision_scan": decision_scan})
    with FilesGuard() as guard:
        member = (
            Member.objects.select_for_update(of=("self",)).select_related("unit").get(pk=member.pk)
        )
        if member.status == MemberStatus.MERGED:
            raise ValidationError(
                _("This record was merged into another one and can no longer be changed.")
            )
        check_not_future(decision_date, "decision_date")
        check_not_before(decision_date, member.date_of_birth, "decision_date", _("the birth"))
        commendation = Commendation(
            member=member,
            unit=member.unit,
            unit_path=member.unit_path,
            form=form,
            title=clean_text(title),
            level=level,
            issuer=clean_text(issuer),
            decision_number=clean_text(decision_number),
            decision_date=decision_date,
            reason=(reason or "").strip(),
            created_by=actor,
        )
        commendation.full_clean()
        set_actor(actor, commendation)
        commendation.save()
        if "decision_scan" in checked:
            attach(
                actor=actor,
                owner=commendation,
                kind=DocumentKind.DECISION,
                checked=checked["decision_scan"],
                guard=guard,
            )
        member_services.member_event_add(
            member=member,
            kind=events.COMMENDATION,
            date=decision_date,
            title=_("%(title)s (%(form)s)")
            % {"title": commendation.title, "form": CommendationForm(form).label},
            detail=_("Decision %(number)s of %(issuer)s (%(level)s). %(reason)s")
            % {
                "number": commendation.decision_number,
                "issuer": commendation.issuer,
                "level": CommendationLevel(level).label,
                "reason": commendation.reason,
            },
            actor=actor,
            source=commendation,
        )
    return commendation


@transaction.atomic
def commendation_cancel(
    *, actor: Any, commendation: Commendation, closed_reason: str
) -> Commendation:
    """Mark a commendation entered by mistake as cancelled (members.manage). The record
    and its history stay; the timeline says it was cancelled."""
    require_unit_cap(actor, Cap.MEMBERS_MANAGE, commendation.unit_path)
    commendation = lock(Commendation, commendation.pk)
    if commendation.state == CommendationState.CANCELLED:
        raise ValidationError(_("This commendation is already cancelled."))
    if not clean_text(closed_reason):
        raise ValidationError({"closed_reason": _("Say why the entry is cancelled.")})
    commendation.state = CommendationState.CANCELLED
    commendation.closed_on = today()
    commendation.closed_reason = clean_text(closed_reason)
    set_actor(actor, commendation)
    commendation.save()
    member_services.member_event_add(
        member=Member.objects.get(pk=commendation.member_id),
        kind=events.COMMENDATION,
        date=commendation.decision_date,
        title=_("Entry cancelled: %s") % commendation.title,
        detail=commendation.closed_reason,
        actor=actor,
        source=commendation,
    )
    return commendation


def _require_branch(unit: Unit) -> None:
    if not unit.is_active or not unit.kind.is_branch:
        raise ValidationError(
            {"unit": _("Choose an active branch (chi đoàn or chi đoàn cơ sở) to register in.")}
        )


@transaction.atomic
def honorary_propose(
    *,
    actor: Any,
    unit: Unit,
    full_name: str,
    sex: str,
    date_of_birth: dt.date,
    contribution: str,
    proposed_on: dt.date,
    phone: str = "",
    email: str = "",
    occupation: str = "",
    workplace: str = "",
) -> HonoraryAdmission:
    """Propose a person as an honorary member, to be registered in branch `unit`
    (members.manage over it). No age rule applies."""
    policy.require(actor, Cap.MEMBERS_MANAGE, unit)
    _require_branch(unit)
    check_not_future(proposed_on, "proposed_on")
    if date_of_birth > today():
        raise ValidationError({"date_of_birth": _("The date of birth cannot be in the future.")})
    proposal = HonoraryAdmission(
        unit=unit,
        unit_path=unit.path,
        full_name=clean_full_name(full_name),
        sex=sex,
        date_of_birth=date_of_birth,
        contribution=(contribution or "").strip(),
        proposed_on=proposed_on,
        phone=normalize_phone(phone),
        email=(email or "").strip().lower(),
        occupation=clean_text(occupation),
        workplace=clean_text(workplace),
        created_by=actor,
    )
    proposal.full_clean()
    set_actor(actor, proposal)
    proposal.save()
    return proposal


@transaction.atomic
def honorary_decide(
    *,
    actor: Any,
    proposal: HonoraryAdmission,
    decision_number: str,
    decision_date: dt.date,
    decision_signer: str,
    decision_scan: Any = None,
) -> Member:
    """The upper level admits the honorary member (members.decide strictly above the
    branch's grassroots union): a Member flagged honorary is registered in the branch,
    outside the ordinary age rules."""
    require_unit_cap(actor, Cap.MEMBERS_VIEW, proposal.unit_path)
    grassroots = require_upper_decider(actor, proposal.unit)
    checked = check_uploads({"decision_scan": decision_scan})
    with FilesGuard() as guard:
        proposal = lock(HonoraryAdmission, proposal.pk)
        if proposal.state != HonoraryState.PROPOSED:
            raise ValidationError(
                _("This proposal is no longer waiting for a decision (%s).")
                % proposal.get_state_display()
            )
        errors = {}
        if not clean_text(decision_number):
            errors["decision_number"] = _("Enter the decision number.")
        if not clean_text(decision_signer):
            errors["decision_signer"] = _("Enter who signed the decision.")
        if errors:
            raise ValidationError(errors)
        check_not_future(decision_date, "decision_date")
        check_not_before(decision_date, proposal.proposed_on, "decision_date", _("the proposal"))
        member = member_services.member_create(
            actor=actor,
            unit=proposal.unit,
            full_name=proposal.full_name,
            sex=proposal.sex,
            date_of_birth=proposal.date_of_birth,
            unit_since=decision_date,
            reason=UnitPeriodReason.ADMITTED,
            phone=proposal.phone,
            email=proposal.email,
            occupation=proposal.occupation,
            workplace=proposal.workplace,
            is_honorary=True,
            admission_date=decision_date,
            admission_place=proposal.unit.name,
            admission_decision=clean_text(decision_number),
        )
        proposal.decision_number = clean_text(decision_number)
        proposal.decision_date = decision_date
        proposal.decision_signer = clean_text(decision_signer)
        proposal.decided_by_unit = grassroots.parent
        proposal.decided_by = actor
        proposal.member = member
        proposal.state = HonoraryState.ADMITTED
        set_actor(actor, proposal)
        proposal.save()
        if "decision_scan" in checked:
            attach(
                actor=actor,
                owner=proposal,
                kind=DocumentKind.DECISION,
                checked=checked["decision_scan"],
                guard=guard,
            )
        member_services.member_event_add(
            member=member,
            kind=events.HONORARY_ADMITTED,
            date=decision_date,
            title=_("Admitted as an honorary member by %(unit)s, decision %(number)s")
            % {"unit": grassroots.parent.name, "number": proposal.decision_number},
            detail=proposal.contribution,
            actor=actor,
            source=proposal,
        )
    return member


@transaction.atomic
def honorary_withdraw(
    *, actor: Any, proposal: HonoraryAdmission, closed_on: dt.date, closed_reason: str
) -> HonoraryAdmission:
    """Withdraw a proposal still waiting for its decision (members.manage over the branch)."""
    require_unit_cap(actor, Cap.MEMBERS_MANAGE, proposal.unit_path)
    proposal = lock(HonoraryAdmission, proposal.pk)
    if proposal.state != HonoraryState.PROPOSED:
        raise ValidationError(_("This proposal is already closed."))
    check_not_future(closed_on, "closed_on")
    check_not_before(closed_on, proposal.proposed_on, "closed_on", _("the proposal"))
    if not clean_text(closed_reason):
        raise ValidationError({"closed_reason": _("Say why the proposal is withdrawn.")})
    proposal.state = HonoraryState.WITHDRAWN
    proposal.closed_on = closed_on
    proposal.closed_reason = clean_text(closed_reason)
    set_actor(actor, proposal)
    proposal.save()
    return proposal
