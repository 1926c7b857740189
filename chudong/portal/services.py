"""Every write of the member portal: correction requests and their review, account
invitations and activation. Each function takes the acting user, checks access through
`chudong.access.policy`, and runs in one transaction (nothing is left half-written)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
import smtplib
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core import uploads
from chudong.core.paths import subtree_q
from chudong.members import selectors as member_selectors
from chudong.members import services as member_services
from chudong.members.models import Member

from .models import CorrectionRequest, CorrectionStatus, Invitation

# Fields of the record a member may ask to correct (no sensitive data, no Party or
# admission data: those come from decisions, not from the member's word).
CORRECTABLE_FIELDS = (
    "full_name",
    "date_of_birth",
    "hometown",
    "birthplace",
    "permanent_residence",
    "current_residence",
    "phone",
    "email",
    "education_level",
    "professional_qualification",
    "foreign_languages",
    "occupation",
    "workplace",
)
DATE_FIELDS = {"date_of_birth"}
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")

INVITATION_DAYS = 14
CODE_LENGTH = 8
# No 0/O, 1/I/L: the code is read aloud or copied by hand from a slip of paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
MAX_FAILED_CHECKS = 5


# --- correction requests -------------------------------------------------------------


def field_label(name: str) -> str:
    return str(Member._meta.get_field(name).verbose_name)


def parse_date(raw: str) -> dt.date | None:
    raw = (raw or "").strip()
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    return None


def clean_value(member: Member, name: str, raw: str) -> Any:
    """The entered text as the value the record stores; ValidationError on "new_value"."""
    raw = (raw or "").strip()
    if name in DATE_FIELDS:
        value = parse_date(raw)
        if value is None:
            raise ValidationError(
                {"new_value": _("Enter the date as day/month/year, e.g. 17/05/2000.")}
            )
        if value > timezone.localdate():
            raise ValidationError({"new_value": _("The date cannot be in the future.")})
        return value
    if name == "phone":
        raw = re.sub(r"[\s.\-]", "", raw)
    model_field = Member._meta.get_field(name)
    try:
        return model_field.clean(raw, member)
    except ValidationError as error:
        raise ValidationError({"new_value": error.messages}) from None


def display_value(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


@transaction.atomic
def correction_request(
    *, actor: Any, field: str, new_value: str, reason: str, file: Any = None
) -> CorrectionRequest:
    """The actor (a member with their own account) asks to correct one field of their
    record. One pending request per field at a time."""
    member = member_selectors.require_own_member(actor)
    errors: dict[str, list] = {}
    if field not in CORRECTABLE_FIELDS:
        raise ValidationError({"field": _("Choose a field of your record to correct.")})
    try:
        value = clean_value(member, field, new_value)
    except ValidationError as error:
        errors.update(error.message_dict)
    else:
        if value == getattr(member, field):
            errors["new_value"] = [_("This is already the value in your record.")]
    if not (reason or "").strip():
        errors["reason"] = [_("Say why the record is wrong (e.g. the ID card shows another date).")]
    if CorrectionRequest.objects.filter(
        member=member, field=field, status=CorrectionStatus.PENDING
    ).exists():
        errors["field"] = [
            _("You already asked to correct this field; wait for the branch's answer.")
        ]
    checked = None
    if file is not None:
        try:
            checked = uploads.check_upload(file, "file")
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    row = CorrectionRequest(
        member=member, unit=member.unit, unit_path=member.unit_path, field=field,
        old_value=display_value(getattr(member, field)), new_value=display_value(value),
        reason=reason.strip(),
    )  # fmt: skip
    row._history_user = actor
    with uploads.FilesGuard() as guard:
        if checked is not None:
            uploads.save_checked(row.file, checked, guard)
            row.file_name = checked.name
            row.file_type = checked.content_type
        row.save()
    return row


def _lock_pending(actor: Any, correction: CorrectionRequest) -> CorrectionRequest:
    member = correction.member
    policy.require(actor, Cap.MEMBERS_MANAGE, member.unit)
    row = CorrectionRequest.objects.select_for_update().get(pk=correction.pk)
    if row.status != CorrectionStatus.PENDING:
        raise ValidationError(_("This request has already been reviewed."))
    return row


@transaction.atomic
def correction_approve(*, actor: Any, correction: CorrectionRequest) -> CorrectionRequest:
    """Apply the requested value to the record (through members.services.member_update,
    with the reviewer as the author of the change) and close the request."""
    row = _lock_pending(actor, correction)
    member = Member.objects.select_related("unit").get(pk=row.member_id)
    try:
        value = clean_value(member, row.field, row.new_value)
        member_services.member_update(
            actor=actor, member=member, expected_version=member.version, **{row.field: value}
        )
    except ValidationError as error:
        messages = error.messages
        raise ValidationError(
            _("The record cannot take this value (%(field)s): %(errors)s")
            % {"field": field_label(row.field), "errors": " ".join(messages)}
        ) from None
    row.status = CorrectionStatus.APPROVED
    row.decided_by = actor
    row.decided_at = timezone.now()
    row._history_user = actor
    row.save()
    return row


@transaction.atomic
def correction_reject(*, actor: Any, correction: CorrectionRequest, note: str) -> CorrectionRequest:
    """Close the request without changing the record; the member sees the reason."""
    if not (note or "").strip():
        raise ValidationError({"note": _("Tell the member why the request is not accepted.")})
    row = _lock_pending(actor, correction)
    row.status = CorrectionStatus.REJECTED
    row.decided_by = actor
    row.decided_at = timezone.now()
    row.decision_note = note.strip()
    row._history_user = actor
    row.save()
    return row


# --- invitations and activation ------------------------------------------------------


def normalize_code(raw: str) -> str:
    return re.sub(r"[\s\-]", "", raw or "").upper()


def code_hash(code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(
        key, b"portal.invitation:" + normalize_code(code).encode(), hashlib.sha256
    ).hexdigest()


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@transaction.atomic
def invitation_create(*, actor: Any, member: Member, email: str = "") -> tuple[Invitation, str]:
    """A one-time activation code for `member` (valid INVITATION_DAYS days); earlier open
    invitations of the member are withdrawn. Returns the invitation and the code, which is
    not stored (only its hash): show it once, or it goes by e-mail when `email` is given."""
    policy.require(actor, Cap.MEMBERS_MANAGE, member.unit)
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.merged_into_id:
        raise ValidationError(_("This record was merged into another one."))
    if member.user_id:
        raise ValidationError(_("This member already has an account."))
    email = (email or "").strip()
    if email:
        try:
            Invitation._meta.get_field("email").clean(email, None)
        except ValidationError as error:
            raise ValidationError({"email": error.messages}) from None
    now = timezone.now()
    Invitation.objects.filter(member=member, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    code = _new_code()
    while Invitation.objects.filter(code_hash=code_hash(code)).exists():
        code = _new_code()
    invitation = Invitation(
        member=member, unit=member.unit, unit_path=member.unit_path, code_hash=code_hash(code),
        email=email, created_by=actor, expires_at=now + dt.timedelta(days=INVITATION_DAYS),
    )  # fmt: skip
    invitation._history_user = actor
    invitation.save()
    if email:
        # Sent inside the transaction: when the mail server refuses, no code is left that
        # nobody received, and the secretary is told.
        try:
            _send_invitation(invitation, code)
        except (OSError, smtplib.SMTPException) as error:
            raise ValidationError(
                {
                    "email": _(
                        "The e-mail could not be sent (%(error)s). Leave the address empty "
                        "to hand the code over yourself, or try again later."
                    )
                    % {"error": error}
                }
            ) from None
    return invitation, code


def _send_invitation(invitation: Invitation, code: str) -> None:
    url = settings.SITE_URL.rstrip("/") + reverse("portal:activate")
    body = _(
        "Hello %(name)s,\n\nYour Youth Union branch invites you to open your account on "
        "chudong, to see your membership card and your record.\n\n"
        "Open %(url)s and enter the code %(code)s with your date of birth, then choose a "
        "username and a password. The code is valid until %(until)s and can be used once."
    ) % {
        "name": invitation.member.full_name,
        "url": url,
        "code": code,
        "until": timezone.localtime(invitation.expires_at).strftime("%d/%m/%Y"),
    }
    EmailMessage(
        subject=_("[chudong] Open your member account"), body=body, to=[invitation.email]
    ).send(fail_silently=False)


def _identity_matches(member: Member, identity: str) -> bool:
    identity = (identity or "").strip()
    digits = re.sub(r"[\s.\-]", "", identity)
    if digits.isdigit() and len(digits) >= 9:
        return bool(member.phone) and digits == member.phone
    day = parse_date(identity)
    if day is None:
        return False
    if member.birth_year_only:
        return day.year == member.date_of_birth.year
    return day == member.date_of_birth


def activate(*, code: str, identity: str, username: str, password: str) -> Any:
    """Open the account of the member invited with `code`: `identity` (their date of birth
    or the phone in their record) must match; the new account is linked to the record
    (Member.user). Raises ValidationError per field; a wrong identity counts against the
    code, which stops working after MAX_FAILED_CHECKS wrong tries."""
    from chudong.accounts.services import user_create

    invalid = ValidationError(
        {
            "code": _(
                "This code is not valid, has been used or has expired. Ask your branch secretary for a new one."  # noqa: E501
            )
        }
    )
    mismatch = False
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("member")
            .filter(code_hash=code_hash(code))
            .first()
        )
        if (
            invitation is None
            or invitation.used_at
            or invitation.revoked_at
            or invitation.expires_at <= timezone.now()
            or invitation.failed_checks >= MAX_FAILED_CHECKS
            or invitation.member.user_id
            or invitation.member.merged_into_id
        ):
            raise invalid
        if not _identity_matches(invitation.member, identity):
            Invitation.objects.filter(pk=invitation.pk).update(
                failed_checks=invitation.failed_checks + 1
            )
            mismatch = True
        else:
            member = invitation.member
            try:
                password_validation.validate_password(password)
            except ValidationError as error:
                raise ValidationError({"password": error.messages}) from None
            user = user_create(full_name=member.full_name, username=username, password=password)
            member = Member.objects.select_for_update().get(pk=member.pk)
            member.user = user
            member._history_user = user
            member.save(update_fields=["user", "updated_at"])
            invitation.used_at = timezone.now()
            invitation._history_user = user
            invitation.save(update_fields=["used_at"])
            return user
    if mismatch:
        raise ValidationError(
            {
                "identity": _(
                    "This does not match the member record of this code. Enter your date of birth (day/month/year) or the phone number your branch has."  # noqa: E501
                )
            }
        )
    raise invalid


# --- following members and units -----------------------------------------------------


def follow_member_merge(*, keep: Any, remove: Any, actor: Any) -> None:
    """members.services.register_merge_follower hook: requests move to the kept record;
    open invitations of the removed record are withdrawn."""
    CorrectionRequest.objects.filter(member=remove).update(
        member=keep, unit=keep.unit, unit_path=keep.unit_path
    )
    Invitation.objects.filter(member=remove, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


class PortalContent:
    """orgs.registry.UnitContent: requests and invitations follow their member's unit."""

    key = "portal"

    def label(self) -> str:
        return _("correction requests and invitations")

    def count(self, unit: Any) -> int:
        return 0

    def items(self, unit: Any) -> list:
        return []

    def move_all(self, *, source: Any, target: Any, restructuring: Any) -> int:
        moved = 0
        for model in (CorrectionRequest, Invitation):
            moved += model.objects.filter(unit=source).update(unit=target, unit_path=target.path)
        return moved

    def move_items(self, *, ids: list[int], source: Any, target: Any, restructuring: Any) -> int:
        return 0

    def after_split(self, *, source: Any, targets: Any, restructuring: Any) -> int:
        moved = 0
        for model in (CorrectionRequest, Invitation):
            for row in model.objects.filter(unit=source).select_related("member"):
                if row.member.unit_id != source.pk:
                    model.objects.filter(pk=row.pk).update(
                        unit_id=row.member.unit_id, unit_path=row.member.unit_path
                    )
                    moved += 1
        return moved

    def repath(self, *, old_prefix: str, new_prefix: str) -> int:
        cut = len(old_prefix) + 1
        moved = 0
        for model in (CorrectionRequest, Invitation):
            moved += model.objects.filter(subtree_q("unit_path", old_prefix)).update(
                unit_path=Concat(Value(new_prefix), Substr("unit_path", cut))
            )
        return moved
