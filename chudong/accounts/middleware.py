"""Roles at province level and above need a verified TOTP code before anything else."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.db import DatabaseError
from django.shortcuts import redirect
from django.urls import reverse

from chudong.access import policy

from . import sessions

log = logging.getLogger(__name__)

# Paths a user who still owes a second factor may reach. Not the rest of /accounts/: the
# profile would let the password (the first factor alone) change itself.
_ALLOWED_PREFIXES = (
    "/static/",
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/two-factor/",
    "/i18n/",
    "/healthz",
)


class PasswordChangeRequiredMiddleware:
    """A temporary password handed over by an officer must be replaced before anything else.

    It also refreshes the "last seen" of the request's session for the account page
    (accounts.sessions: at most one write every few minutes). That rides here, in a
    middleware already placed after authentication and the second factor, so that the
    order of settings.MIDDLEWARE stays as it is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                sessions.session_seen(request=request)
            except DatabaseError:  # only a display aid: the request goes on without it
                log.warning("could not refresh the session's last seen", exc_info=True)
        profile = reverse("accounts:profile")
        if (
            user is not None
            and user.is_authenticated
            and user.must_change_password
            and request.path != profile
            and not request.path.startswith(_ALLOWED_PREFIXES)
        ):
            return redirect(profile)
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and not user.is_verified()
            and policy.requires_two_factor(user)
        ):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:two_factor')}?{query}")
        return self.get_response(request)
