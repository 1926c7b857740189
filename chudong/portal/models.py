"""The member's own pages: requests to correct one's record, and invitations that link a
member record to a new account (activation). The membership card is computed, not stored.

Rows carry the member's `unit` and `unit_path` (kept in step with the member by
`services.PortalContent` and the member-merge follower) so that the branch secretary's
pages are one indexed subtree condition.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", _("awaiting review")
    APPROVED = "approved", _("approved and applied")
    REJECTED = "rejected", _("not accepted")


class CorrectionRequest(models.Model):
    """A member asks the branch to correct one field of their record."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.CASCADE, related_name="correction_requests",
        verbose_name=_("member (đoàn viên)"),
    )  # fmt: skip
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    field = models.CharField(_("field to correct"), max_length=40)
    old_value = models.TextField(_("value in the record"), blank=True)
    new_value = models.CharField(_("correct value"), max_length=300)
    reason = models.TextField(_("reason for the correction"))
    file = models.FileField(_("supporting file"), upload_to="portal/corrections/%Y/", blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CorrectionStatus.choices,
        default=CorrectionStatus.PENDING,
    )  # fmt: skip
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("reviewed by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    decision_note = models.TextField(_("reviewer's note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        indexes = [
            models.Index(
                fields=["unit_path", "created_at"],
                condition=Q(status="pending"),
                name="portal_corr_pending",
            ),
            models.Index(fields=["member", "created_at"], name="portal_corr_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.field}"

    @property
    def field_label(self) -> str:
        from chudong.members.models import Member

        try:
            return capfirst(Member._meta.get_field(self.field).verbose_name)
        except Exception:  # a field since removed from the record
            return self.field


class Invitation(models.Model):
    """A one-time activation code for a member record without an account. Only a keyed
    hash of the code is stored; the code is shown once to the secretary (or e-mailed)."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.CASCADE, related_name="invitations",
        verbose_name=_("member (đoàn viên)"),
    )  # fmt: skip
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    code_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField(_("sent to e-mail"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    failed_checks = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords(excluded_fields=["code_hash"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("account invitation")
        verbose_name_plural = _("account invitations")
        indexes = [models.Index(fields=["member", "created_at"], name="portal_inv_member")]

    def __str__(self) -> str:
        return f"{self.member_id} ({self.created_at:%Y-%m-%d})"
