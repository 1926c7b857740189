"""The user's logged-in sessions: recorded cheaply, listed on the account page, ended by
the user (ASVS 3.3.4) and ended when the password changes.

Sessions are Django's database sessions (chudong.core.sessions). Beside each one a
UserSession row keeps what a person recognises a session by: the browser, the address,
when it logged in and when it was last seen. The row is written at login
(accounts.views.login_view) and refreshed at most every SEEN_EVERY seconds: the time of
the last refresh is kept in the session itself (already loaded for authentication), so a
request in between reads nothing and writes nothing more. A session logged in another
way (a test's force_login, sessions older than this list) is not listed until its next
login through the login page. Ending a session deletes the session row itself, so that
browser is logged out at its next request; its UserSession row goes with it (CASCADE).
"""

from __future__ import annotations

import time
from importlib import import_module
from typing import Any

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import User, UserSession

SEEN_EVERY = 5 * 60
_SEEN = "_chudong_seen"


def _store(session_key: str):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)


def session_seen(*, request: Any, force: bool = False) -> None:
    """Record the request's session for its user (force=True: at login, after the
    password changed), or refresh a recorded one at most every SEEN_EVERY seconds.
    Requests without a logged-in session (API tokens) are left alone."""
    session = request.session
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not session.session_key:
        return
    if SESSION_KEY not in session:
        return
    now = int(time.time())
    seen = session.get(_SEEN)
    if not force and (not isinstance(seen, int) or 0 <= now - seen < SEEN_EVERY):
        # Not due yet, or a session this module never recorded (one made by another way
        # of logging in, e.g. a test's force_login): a request costs nothing here.
        return
    address = get_client_ip_address(request) or None
    agent = request.headers.get("User-Agent", "")[:300]
    try:
        with transaction.atomic():
            updated = UserSession.objects.filter(session_id=session.session_key, user=user).update(
                last_seen=timezone.now(), address=address, user_agent=agent
            )
            if not updated:
                UserSession.objects.create(
                    session_id=session.session_key, user=user, address=address, user_agent=agent
                )
    except IntegrityError:
        # The session row is not (yet) in the database, e.g. a cache-only session engine:
        # nothing to list; the session itself still works.
        return
    session[_SEEN] = now


def session_end(*, user: User, session_id: int, current_key: str | None) -> None:
    """End one of `user`'s other sessions (by its UserSession id): that browser is logged
    out at its next request. ValidationError when it is not one of theirs any more, or is
    the current one (which ends by logging out)."""
    row = UserSession.objects.filter(pk=session_id, user=user).first()
    if row is None:
        raise ValidationError(_("This session has already ended."))
    if row.session_id == current_key:
        raise ValidationError(_("This is the session you are using. Log out to end it."))
    _store(row.session_id).delete()


def sessions_end_others(*, user: User, keep_key: str | None = None) -> int:
    """End every recorded session of `user` but `keep_key` (none kept when None); the
    number ended. Sessions started before they were recorded are ended by Django itself
    at their next request once the password has changed (the session's password hash)."""
    keys = list(
        UserSession.objects.filter(user=user)
        .exclude(session_id=keep_key or "")
        .values_list("session_id", flat=True)
    )
    for key in keys:
        _store(key).delete()
    return len(keys)
