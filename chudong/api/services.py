"""Writes on API tokens. A token's secret is returned once, by the function that makes
it, and never stored: only its digest is."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access import services as access_services
from chudong.access.capabilities import Cap
from chudong.access.models import Role
from chudong.orgs.models import Unit

from .models import ApiToken, TokenKind

TOKEN_PREFIX = "cd_"  # noqa: S105 - a marker, not a secret


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give the token a name (what it is for).")})
    if len(name) > 100:
        raise ValidationError({"name": _("The token name is longer than 100 characters.")})
    return name


def _make(
    *, user: Any, kind: str, unit: Unit | None, name: str, actor: Any
) -> tuple[ApiToken, str]:
    raw = _new_secret()
    token = ApiToken.objects.create(
        user=user,
        kind=kind,
        unit=unit,
        unit_path=unit.path if unit else "",
        name=name,
        prefix=raw[:10],
        digest=digest_of(raw),
        created_by=actor,
    )
    return token, raw


@transaction.atomic
def token_create_personal(*, actor: Any, name: str) -> tuple[ApiToken, str]:
    """A token that acts as the actor themselves (any logged-in person). Returns the
    token and its secret, which is shown once and never again."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    return _make(user=actor, kind=TokenKind.PERSON, unit=None, name=_clean_name(name), actor=actor)


@transaction.atomic
def service_account_create(
    *, actor: Any, unit: Unit, role: Role, name: str
) -> tuple[ApiToken, str]:
    """A service account for `unit` (a provincial system, a mobile app's backend): a user
    without a password that holds `role` at `unit`, and its token. Appointing the role is
    the ordinary appointment (roles.manage above the unit, no more than the actor holds),
    so a service account can never reach further than a person the actor could appoint."""
    name = _clean_name(name)
    policy.require(actor, Cap.ROLES_MANAGE, unit)
    user_model = get_user_model()
    user = user_model.objects.create_user(
        f"svc-{unit.pk}-{secrets.token_hex(4)}", None, full_name=name[:150]
    )
    access_services.role_appoint(
        actor=actor,
        user=user,
        unit=unit,
        role=role,
        start_date=timezone.localdate(),
        note=_("API service account"),
    )
    return _make(user=user, kind=TokenKind.SERVICE, unit=unit, name=name, actor=actor)


@transaction.atomic
def token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke a token: its own person, or (service accounts) roles.manage above its unit.
    Revoking twice keeps the first revocation."""
    allowed = token.user_id == actor.pk and token.kind == TokenKind.PERSON
    if token.kind == TokenKind.SERVICE and token.unit is not None:
        allowed = policy.can(actor, Cap.ROLES_MANAGE, token.unit)
    if not allowed:
        raise PermissionDenied
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = actor
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token
