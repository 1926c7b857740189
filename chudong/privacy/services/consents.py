"""Consent per purpose for sensitive data: given (online by the member, or on paper and
recorded by the branch) and withdrawn, each with its date, who recorded it and evidence."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chudong.members.models import Member

from ..models import Consent, ConsentChannel, ConsentPurpose
from .common import is_self, lock_member, not_merged, past_date, require_staff


def _online_evidence(actor: Any) -> str:
    """What shows that the member acted themself: their account and the moment (stored in
    Vietnamese, like the paper evidence the branch writes)."""
    moment = timezone.localtime().strftime("%H:%M %d/%m/%Y")
    return f"Trên trang Của tôi, tài khoản {actor.get_username()}, lúc {moment}"


@transaction.atomic
def consent_give(
    *,
    actor: Any,
    member: Member,
    purpose: ConsentPurpose,
    confirmed: bool,
    given_on: dt.date | None = None,
    evidence: str = "",
) -> Consent:
    """Record the member's consent to `purpose`.

    The member themself (online, today) or a holder of members.manage over the member
    (paper consent: its date and evidence are required). `confirmed` is the ticked box
    that states the member agreed; it is never assumed. Raises ValidationError when the
    box is not ticked, the purpose is not in use, or an open consent already exists.
    """
    own = is_self(actor, member)
    if not own:
        require_staff(actor, member)
    member = lock_member(member)
    not_merged(member)
    errors: dict[str, str] = {}
    if not confirmed:
        errors["confirmed"] = _("Tick the box to confirm that the member agrees.")
    if not purpose.active:
        errors["purpose"] = _("This purpose is no longer in use.")
    evidence = (evidence or "").strip()
    if own:
        given_on, channel = timezone.localdate(), ConsentChannel.ONLINE
        evidence = _online_evidence(actor)
    else:
        channel = ConsentChannel.PAPER
        past_date(errors, "given_on", given_on)
        if not evidence:
            errors["evidence"] = _(
                "Say where the signed form is kept (number, file), so it can be found."
            )
    if Consent.objects.filter(member=member, purpose=purpose, withdrawn_on__isnull=True).exists():
        errors["purpose"] = _("The member has already given this consent.")
    if errors:
        raise ValidationError(errors)
    consent = Consent(
        member=member, purpose=purpose, unit=member.unit, unit_path=member.unit_path,
        given_on=given_on, channel=channel, evidence=evidence, recorded_by=actor,
    )  # fmt: skip
    consent.full_clean()
    consent._history_user = actor
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(
    *, actor: Any, consent: Consent, withdrawn_on: dt.date | None = None, evidence: str = ""
) -> Consent:
    """Withdraw an open consent: the member themself (today) or a holder of
    members.manage (a written withdrawal: date and evidence required). The row stays,
    so what was allowed when remains on record."""
    member = consent.member
    own = is_self(actor, member)
    if not own:
        require_staff(actor, member)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    errors: dict[str, str] = {}
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    evidence = (evidence or "").strip()
    if own:
        withdrawn_on = timezone.localdate()
        evidence = _online_evidence(actor)
    else:
        past_date(errors, "withdrawn_on", withdrawn_on, not_before=consent.given_on)
        if not evidence:
            errors["evidence"] = _("Say how the member withdrew (letter, form number).")
    if errors:
        raise ValidationError(errors)
    consent.withdrawn_on = withdrawn_on
    consent.withdrawn_by = actor
    consent.withdrawal_evidence = evidence
    consent._history_user = actor
    consent.save(update_fields=["withdrawn_on", "withdrawn_by", "withdrawal_evidence"])
    return consent
