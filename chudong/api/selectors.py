"""Reads on API tokens, scoped like everything else."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.orgs.models import Unit

from .models import ApiToken, TokenKind
from .services import TOKEN_PREFIX, digest_of

# A token's last use is written at most this often (not on every request).
LAST_USED_STEP = dt.timedelta(minutes=5)


def token_authenticate(raw: str) -> ApiToken | None:
    """The active token with this secret whose user may still log in, or None."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest_of(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_STEP:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def personal_tokens(*, actor: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=actor, kind=TokenKind.PERSON).order_by("-created_at")


def unit_service_tokens(*, actor: Any, unit: Unit) -> QuerySet[ApiToken]:
    """Service-account tokens of `unit` (roles.manage above it); empty otherwise."""
    if not policy.can(actor, Cap.ROLES_MANAGE, unit):
        return ApiToken.objects.none()
    return (
        ApiToken.objects.filter(unit=unit, kind=TokenKind.SERVICE)
        .select_related("user", "created_by")
        .order_by("-created_at")
    )


def access_personal_token(actor: Any, token_id: Any) -> ApiToken:
    try:
        return personal_tokens(actor=actor).get(pk=int(token_id))
    except (ApiToken.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def access_service_token(actor: Any, unit: Unit, token_id: Any) -> ApiToken:
    try:
        return unit_service_tokens(actor=actor, unit=unit).get(pk=int(token_id))
    except (ApiToken.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
