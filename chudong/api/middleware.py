"""Bearer tokens for /api/: authenticate before LoginRequiredMiddleware and count each
token's requests in a fixed window.

Placed after OTPMiddleware: a token is created from a verified session, so its requests
count as verified (TwoFactorRequiredMiddleware lets them through). A request with no
credentials at all that asks for JSON gets 401; a browser without a session is sent to
log in, like every page (then the docs page works with the session).
"""

from __future__ import annotations

from django.conf import settings

from chudong.core.ratelimit import window_hit

from . import errors
from .selectors import token_authenticate

API_PREFIX = "/api/"


def _rate_limit() -> tuple[int, int]:
    return getattr(settings, "CHUDONG_API_RATE", (600, 60))


def hit(token_key: str) -> int:
    """Count one request of a token; seconds to wait when over the limit, else 0.
    Keyed by the token's digest: ids come back after a rollback, digests do not."""
    limit, window = _rate_limit()
    return window_hit(f"api-rate:{token_key[:24]}", limit, window)


def _verified() -> bool:
    return True


class ApiTokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        header = request.headers.get("Authorization", "")
        if header:
            scheme, _, raw = header.partition(" ")
            token = token_authenticate(raw.strip()) if scheme.lower() == "bearer" else None
            if token is None:
                return errors.json_error(401, "unauthorized", WWW_Authenticate="Bearer")
            wait = hit(token.digest)
            if wait:
                return errors.json_error(429, "rate_limited", Retry_After=str(wait))
            user = token.user
            user.is_verified = _verified
            request.user = user
            request.api_token = token
            # No cookie is involved: a forged cross-site request cannot carry the header.
            request._dont_enforce_csrf_checks = True
        elif not request.user.is_authenticated and "json" in request.headers.get("Accept", ""):
            return errors.json_error(401, "unauthorized", WWW_Authenticate="Bearer")
        return self.get_response(request)
