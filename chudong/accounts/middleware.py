"""Roles at province level and above need a verified TOTP code before anything else."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from chudong.access import policy

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
    """A temporary password handed over by an officer must be replaced before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
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
