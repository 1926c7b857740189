"""Signed, expiring check-in tokens for QR codes (reusable: branch meetings use the same).

A token names one object of one purpose ("activity", "meeting"...) and the moment it stops
being accepted; it is signed with the project's SECRET_KEY (django.core.signing), so it
cannot be forged or moved to another object. No database row is needed: the printed QR
stays valid for the whole window and the same object always yields the same token.

The expiry is when *arriving* check-ins stop being accepted. Whether the member was there
in time is a separate question, answered by the caller from the time of the scan (a
check-in queued on a phone without network arrives later than it was made).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

SALT = "chudong.checkin"


class TokenError(Exception):
    """The token cannot be used; `str(error)` is a message for the person who scanned."""


@dataclass(frozen=True)
class CheckinToken:
    purpose: str
    object_id: int
    expires_at: dt.datetime


def make_token(*, purpose: str, object_id: int, expires_at: dt.datetime) -> str:
    payload = {"p": purpose, "o": object_id, "e": int(expires_at.timestamp())}
    # A plain Signer (no timestamp): the same object and expiry always give the same token.
    return signing.Signer(salt=SALT).sign_object(payload, compress=True)


def read_token(token: str, *, purpose: str, now: dt.datetime | None = None) -> CheckinToken:
    """The object the token names; TokenError (in Vietnamese) when it was altered, made for
    something else, or has expired."""
    try:
        payload = signing.Signer(salt=SALT).unsign_object(token)
    except signing.BadSignature:
        raise TokenError(
            _("This check-in code is not valid. Scan the QR code shown by the organisers again.")
        ) from None
    if not isinstance(payload, dict) or payload.get("p") != purpose:
        raise TokenError(
            _("This check-in code is not valid. Scan the QR code shown by the organisers again.")
        )
    try:
        object_id = int(payload["o"])
        expires_at = dt.datetime.fromtimestamp(int(payload["e"]), tz=dt.UTC)
    except (KeyError, TypeError, ValueError):
        raise TokenError(_("This check-in code is not valid.")) from None
    if (now or timezone.now()) > expires_at:
        raise TokenError(
            _("This check-in code expired on %(when)s. Check-in for it has closed.")
            % {"when": timezone.localtime(expires_at).strftime("%H:%M %d/%m/%Y")}
        )
    return CheckinToken(purpose=purpose, object_id=object_id, expires_at=expires_at)


def qr_svg(data: str, *, box_size: int = 10) -> str:
    """The QR code of `data` as an inline SVG element (rendered here, no outside service)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(
        data, image_factory=qrcode.image.svg.SvgPathImage, box_size=box_size, border=2
    )
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    # Drop the XML declaration: the element is embedded in the page.
    return svg[svg.index("<svg") :]
