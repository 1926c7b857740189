"""The data subject's requests (see, export, correct, delete) and the unit's response
within the legal deadline (working days, rule `privacy.request_response_working_days`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chudong.access.capabilities import Cap
from chudong.members.models import Member, MemberSensitive
from chudong.members.services import member_sensitive_update, sensitive_version
from chudong.rules import rules

from ..models import RequestChannel, RequestKind, RequestStatus, SubjectRequest
from ..workdays import add_working_days
from .anonymise import anonymise_member
from .common import (
    RESPONSE_DAYS_RULE,
    is_self,
    lock_member,
    not_merged,
    past_date,
    require_staff,
)

# What a member may ask to remove from a current record: the optional sensitive data
# and the family relations; the rest of the record must be kept.
CLEARABLE = (*MemberSensitive.FIELDS, "family")

# Kinds a member asks for on My pages (a correction goes through the portal's form).
ONLINE_KINDS = (RequestKind.ACCESS, RequestKind.EXPORT, RequestKind.DELETE)


def refusal_reason() -> str:
    """Stored in Vietnamese: the member reads it whatever the officer's language."""
    with translation.override("vi"):
        return _(
            "The record of a current member cannot be deleted: the Youth Union Charter and "
            "the rules on records require the unit to keep membership records while the "
            "person is a member. Optional sensitive data can be removed on request."
        )


def response_due_on(member: Member, received_on: dt.date) -> dt.date:
    days = rules.get(RESPONSE_DAYS_RULE, on=received_on, unit=member.unit)
    return add_working_days(received_on, int(days))


@transaction.atomic
def request_create(
    *,
    actor: Any,
    member: Member,
    kind: str,
    details: str = "",
    received_on: dt.date | None = None,
) -> SubjectRequest:
    """Register a request about the member's own data.

    The member on My pages (received today; see/export are answered at once by the
    download of their data, a deletion waits for the branch), or a holder of
    members.manage recording a written or spoken request (any kind; its date of receipt).
    Raises ValidationError on an unknown kind or a bad date.
    """
    own = is_self(actor, member)
    if not own:
        require_staff(actor, member)
    member = lock_member(member)
    not_merged(member)
    errors: dict[str, str] = {}
    details = (details or "").strip()
    allowed = ONLINE_KINDS if own else tuple(RequestKind)
    if kind not in allowed:
        errors["kind"] = _("Choose what you ask for.")
    if own:
        received_on, channel = timezone.localdate(), RequestChannel.ONLINE
    else:
        channel = RequestChannel.PAPER
        past_date(errors, "received_on", received_on)
    if kind == RequestKind.CORRECT and not details:
        errors["details"] = _("Say which data is wrong and what it should be.")
    if errors:
        raise ValidationError(errors)
    request = SubjectRequest(
        member=member, unit=member.unit, unit_path=member.unit_path, kind=kind,
        details=details, channel=channel, received_on=received_on,
        due_on=response_due_on(member, received_on), created_by=actor,
    )  # fmt: skip
    if own and kind in (RequestKind.ACCESS, RequestKind.EXPORT):
        with translation.override("vi"):
            request.response = _(
                "Your data was provided at once: download it from My pages (JSON file or PDF)."
            )
        request.status = RequestStatus.DONE
        request.responded_on = received_on
        request.responded_by = actor
    request.full_clean()
    request._history_user = actor
    request.save()
    return request


@transaction.atomic
def request_respond(
    *,
    actor: Any,
    request: SubjectRequest,
    outcome: str,
    response: str,
    clear_fields: list[str] | tuple[str, ...] = (),
    anonymise: bool = False,
) -> SubjectRequest:
    """Record the unit's response to an open request (members.manage over the member).

    A deletion asked by a current member is refused with the reason above; the optional
    sensitive data named in `clear_fields` is removed (members.sensitive needed too), and
    the request is then "partly done". A former member's record may be anonymised
    (`anonymise`) instead. Raises ValidationError when the request is already answered,
    the response is empty, or the choice does not fit the request.
    """
    member = request.member
    require_staff(actor, member)
    request = SubjectRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise ValidationError(_("This request has already been answered."))
    member = lock_member(member)
    errors: dict[str, str] = {}
    response = (response or "").strip()
    if not response:
        errors["response"] = _("Write the response given to the member.")
    if outcome not in (RequestStatus.DONE, RequestStatus.REFUSED):
        errors["outcome"] = _("Choose whether the request was met.")
    clear = [f for f in clear_fields if f in CLEARABLE]
    if (clear or anonymise) and request.kind != RequestKind.DELETE:
        errors["clear_fields"] = _("Data is removed only on a request to delete.")
    if anonymise and member.is_current:
        errors["anonymise"] = refusal_reason()
    if clear and anonymise:
        errors["clear_fields"] = _("An anonymised record loses all of this data anyway.")
    if clear:
        require_staff(actor, member, Cap.MEMBERS_SENSITIVE)
    if errors:
        raise ValidationError(errors)
    status = outcome
    if request.kind == RequestKind.DELETE and member.is_current:
        response = f"{refusal_reason()}\n\n{response}"
        status = RequestStatus.PARTLY if clear else RequestStatus.REFUSED
    if clear:
        values = {name: "" for name in clear if name != "family"}
        member_sensitive_update(
            actor=actor, member=member, expected_version=sensitive_version(member),
            values=values, family=[] if "family" in clear else None,
        )  # fmt: skip
    if anonymise:
        anonymise_member(
            member=member, actor=actor, reason=_("at the member's request"), request=request
        )
        status = RequestStatus.DONE
    request.status = status
    request.response = response
    request.responded_on = timezone.localdate()
    request.responded_by = actor
    request.cleared_fields = ["all"] if anonymise else clear
    request._history_user = actor
    request.save(
        update_fields=["status", "response", "responded_on", "responded_by", "cleared_fields"]
    )
    return request
