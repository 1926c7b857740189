"""The e-mail that tells a person their password was changed or reset (ASVS 2.2.3), so
that someone who did not do it knows at once. Sent to the account's address, or else the
one in the person's member record; with neither, nothing is sent (many members have no
e-mail on record: docs/security.md). Vietnamese first, then English, whatever the
account's language, as the person may read it anywhere. It never contains a password."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import User

log = logging.getLogger(__name__)


def recipient(user: User) -> str:
    """The address to tell: the account's, else its member record's, else ''."""
    if user.email:
        return user.email
    member = getattr(user, "member_record", None)  # members links its record to the account
    return (getattr(member, "email", "") or "").strip()


def _text(user: User, *, reset: bool, at: str, url: str) -> tuple[str, str]:
    values = {"name": user.full_name or user.username, "username": user.username, "at": at}
    subject = (
        _("[chudong] Your password was reset")
        if reset
        else _("[chudong] Your password was changed")
    )
    what = (
        _(
            "An officer gave your chudong account %(username)s a temporary password on "
            "%(at)s. All its sessions have been logged out."
        )
        if reset
        else _(
            "The password of your chudong account %(username)s was changed on %(at)s. "
            "Your other sessions have been logged out."
        )
    ) % values
    body = "\n\n".join(
        [
            _("Hello %(name)s,") % values,
            what,
            _(
                "If this was you, there is nothing to do. If it was not, tell the secretary "
                "of your branch or unit at once, so that they end the account's access and "
                "give you a new password."
            ),
            url,
        ]
    )
    return subject, body


def credential_change_send(*, user_id: int, reset: bool) -> bool:
    """Send the notice for the account `user_id`; False when there is no address."""
    user = User.objects.filter(pk=user_id).first()
    if user is None or not (to := recipient(user)):
        return False
    at = timezone.localtime().strftime("%H:%M %d/%m/%Y")
    url = settings.SITE_URL.rstrip("/") + reverse("accounts:profile")
    with translation.override("vi"):
        subject, vietnamese = _text(user, reset=reset, at=at, url=url)
    with translation.override("en"):
        _subject, english = _text(user, reset=reset, at=at, url=url)
    EmailMessage(subject=subject, body=f"{vietnamese}\n\n----------\n\n{english}\n", to=[to]).send(
        fail_silently=False
    )
    return True
