"""API tokens: a bearer credential for a person, or for a service account kept by a unit.

Only a SHA-256 digest of the token is stored. Tokens are 256 random bits, so a fast hash
is enough (unlike passwords, they cannot be guessed from a dictionary), and it lets the
middleware find the token with one indexed lookup.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chudong.orgs.models import Unit


class TokenKind(models.TextChoices):
    PERSON = "person", _("Personal token")
    SERVICE = "service", _("Service account token")


class ApiToken(models.Model):
    """A token (mã truy cập API) that authenticates as `user`: the person themselves, or
    the service account (a user without a password holding one role at `unit`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("authenticates as"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=TokenKind.choices)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit of the service account"),
    )
    unit_path = models.CharField(max_length=255, blank=True, editable=False)
    name = models.CharField(_("token name"), max_length=100)
    prefix = models.CharField(_("starts with"), max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["unit_path"], name="api_token_unit_path")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="person", unit__isnull=True)
                | models.Q(kind="service", unit__isnull=False),
                name="api_token_service_has_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
