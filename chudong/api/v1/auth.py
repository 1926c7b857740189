"""Who is calling: the token's user (set by ApiTokenMiddleware) or the session's user
(the docs page). Session requests that change something must carry the CSRF token."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.utils import check_csrf


class TokenOrSession(HttpBearer):
    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        session_write = getattr(request, "api_token", None) is None and request.method not in (
            "GET",
            "HEAD",
            "OPTIONS",
        )
        if session_write and check_csrf(request) is not None:
            return None
        return user

    def authenticate(self, request: HttpRequest, token: str) -> Any:  # pragma: no cover
        return None  # the middleware has already read the header
