"""Roles at province level and above need a verified TOTP code before anything else."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse

from chudong.access import policy

# Paths a user who still owes a second factor may reach.
_ALLOWED_PREFIXES = ("/static/", "/accounts/", "/i18n/", "/healthz")


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
            return redirect(f"{reverse('accounts:two_factor')}?next={request.path}")
        return self.get_response(request)
