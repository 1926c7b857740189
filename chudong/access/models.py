"""Roles (data), role assignments (who holds which role at which unit, when), and the log
of reads of sensitive personal data."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chudong.orgs.models import Unit

from .capabilities import Cap


def validate_capabilities(value: list) -> None:
    if not isinstance(value, list):
        raise ValidationError(_("Capabilities must be a list."))
    unknown = [v for v in value if v not in {c.value for c in Cap}]
    if unknown:
        raise ValidationError(
            _("Unknown capabilities: %(codes)s"), params={"codes": ", ".join(unknown)}
        )


class Role(models.Model):
    """A role (chức vụ / vai trò) and the capabilities it grants."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    capabilities = models.JSONField(
        _("capabilities"), default=list, validators=[validate_capabilities]
    )
    is_leadership = models.BooleanField(
        _("leadership post"),
        default=False,
        help_text=_("Secretary, deputy, committee member: appointed by the upper level."),
    )
    order = models.PositiveSmallIntegerField(_("display order"), default=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return self.name

    def label(self, language: str) -> str:
        return self.name_en if language == "en" else self.name


class RoleAssignment(models.Model):
    """User U holds role R at unit X from start_date to end_date (inclusive; open if null)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("person"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="role_assignments", verbose_name=_("unit")
    )
    role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("role")
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appointed by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["unit__path", "role__order", "start_date"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        indexes = [
            models.Index(fields=["user", "end_date"], name="access_assign_user_end"),
            models.Index(fields=["unit", "end_date"], name="access_assign_unit_end"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="access_assignment_dates",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.role} — {self.unit}"

    def is_active_on(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class SensitiveReadLog(models.Model):
    """One read of sensitive personal data: who looked at whose record, what, and when.

    Append-only: nothing in chudong updates or deletes these rows.
    """

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    subject_type = models.CharField(max_length=60)
    subject_id = models.BigIntegerField()
    subject_label = models.CharField(max_length=200)
    unit_path = models.CharField(max_length=255)
    fields = models.CharField(max_length=300)
    purpose = models.CharField(max_length=200, blank=True)
    request_path = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("sensitive data read")
        verbose_name_plural = _("sensitive data reads")
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="access_readlog_subject"),
            models.Index(fields=["actor", "at"], name="access_readlog_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} read {self.subject_type} {self.subject_id} at {self.at}"
