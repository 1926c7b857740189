"""Writes on user accounts."""

from __future__ import annotations

import re
import secrets

from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from chudong.core.text import fold, normalize_name

from . import sessions
from .models import User, normalize_phone

USERNAME_RE = re.compile(r"^[a-z0-9._-]{3,150}$")


def user_create(
    *,
    full_name: str,
    username: str,
    email: str = "",
    phone: str = "",
    password: str | None = None,
) -> User:
    """Create an account. Callers (appointment, member activation) authorise the actor.

    Raises ValidationError with a message per field when a value is taken or malformed.
    """
    username = username.strip().lower()
    email = email.strip().lower()
    phone = normalize_phone(phone)
    errors: dict[str, str] = {}
    if not USERNAME_RE.match(username):
        errors["username"] = _("3–150 characters: lower-case letters, digits, . _ - only.")
    elif User.objects.filter(username=username).exists():
        errors["username"] = _("This username is already taken.")
    if email and User.objects.filter(email__iexact=email).exists():
        errors["email"] = _("Another account already uses this e-mail.")
    if phone and User.objects.filter(phone=phone).exists():
        errors["phone"] = _("Another account already uses this phone number.")
    if phone and not 9 <= len(phone) <= 11:
        errors["phone"] = _("A phone number has 10 digits, e.g. 0912 345 678.")
    if not full_name.strip():
        errors["full_name"] = _("Enter the person's full name.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        user = User(
            username=username,
            full_name=normalize_name(full_name),
            email=email or None,
            phone=phone or None,
        )
        user.full_name_folded = fold(user.full_name)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
    return user


# No 0/O, 1/l/I: the password is read aloud or copied by hand from a phone screen.
_READABLE_CHARS = "abcdefghjkmnpqrstuvwxyz23456789"


def temporary_password() -> str:
    groups = ["".join(secrets.choice(_READABLE_CHARS) for _ in range(4)) for _ in range(3)]
    return "-".join(groups)


def user_set_temporary_password(*, user: User) -> str:
    """Give `user` a new random password that must be changed at the next login, and
    return it (shown once to the officer who hands it over). Callers authorise.

    Every session of the account ends (whoever was using it is logged out), and the
    person is told by e-mail when the account or its member record has an address."""
    password = temporary_password()
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        sessions.sessions_end_others(user=user)
        credential_change_notify(user=user, reset=True)
    return password


def credential_change_notify(*, user: User, reset: bool) -> None:
    """Once the change has committed, e-mail the person about it (accounts.emails), from
    the task worker; nothing when neither the account nor its member record has an
    address."""
    from .emails import recipient
    from .tasks import credential_change_mail

    if recipient(user):
        transaction.on_commit(lambda: credential_change_mail.enqueue(user_id=user.pk, reset=reset))


def user_set_language(*, user: User, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


def user_change_password(*, request, form) -> None:
    """Save a validated PasswordChangeForm and keep the current session logged in; every
    other session of the account ends, and the person is told by e-mail (when there is an
    address) in case it was not them."""
    with transaction.atomic():
        user = form.save(commit=False)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        update_session_auth_hash(request, user)  # a new session key for this browser
        sessions.sessions_end_others(user=user, keep_key=request.session.session_key)
        sessions.session_seen(request=request, force=True)
        credential_change_notify(user=user, reset=False)


def totp_device_for_setup(*, user: User) -> TOTPDevice:
    """The user's unconfirmed TOTP device, created on first call, reused until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="chudong", confirmed=False)
    return device


def totp_verify(*, request, token: str) -> bool:
    """Check a code against the user's devices; a first correct code confirms setup."""
    user = request.user
    token = token.strip()
    for device in TOTPDevice.objects.filter(user=user).order_by("-confirmed"):
        if device.verify_token(token):
            if not device.confirmed:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            otp_login(request, device)
            return True
    return False


def has_confirmed_totp(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
