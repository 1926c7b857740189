"""Maturation (trưởng thành Đoàn): members kept on request past the maturation age, and
the batches that mature members at a ceremony, one entry per member considered."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chudong.members.models import Member
from chudong.orgs.models import Unit


class MaturationKeep(models.Model):
    """The branch keeps a member who asked to stay past the maturation age, until a date
    (never beyond the age the rules allow: maturation.max_age_kept)."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="maturation_keeps", verbose_name=_("member")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by (unit)")
    )
    decided_on = models.DateField(_("decided on"))
    until = models.DateField(_("kept until"))
    reason = models.CharField(_("reason"), max_length=500)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("member kept past the maturation age")
        verbose_name_plural = _("members kept past the maturation age")
        indexes = [models.Index(fields=["member", "until"], name="transfers_keep_member_until")]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__gte=models.F("decided_on")), name="transfers_keep_range"
            )
        ]

    def __str__(self) -> str:
        return f"keep {self.member_id} until {self.until}"


class MaturationBatch(models.Model):
    """One maturation round of a unit (a branch or a grassroots union): the ceremony and
    the members it matured, kept or skipped, as the preview showed them."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    ceremony_on = models.DateField(_("ceremony date"))
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    matured_count = models.PositiveIntegerField(default=0)
    kept_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["unit_path"])

    class Meta:
        ordering = ["-ceremony_on", "-id"]
        verbose_name = _("maturation batch")
        verbose_name_plural = _("maturation batches")
        indexes = [
            models.Index(fields=["unit_path", "year"], name="transfers_batch_path_year"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.ceremony_on}"


class MaturationOutcome(models.TextChoices):
    MATURED = "matured", _("Matured")
    KEPT = "kept", _("Stays on request")
    SKIPPED = "skipped", _("Skipped")


class MaturationEntry(models.Model):
    """One member in a batch, with what happened to them and why."""

    batch = models.ForeignKey(MaturationBatch, on_delete=models.PROTECT, related_name="entries")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="maturation_entries")
    outcome = models.CharField(_("outcome"), max_length=8, choices=MaturationOutcome.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["batch", "id"]
        verbose_name = _("maturation entry")
        verbose_name_plural = _("maturation entries")
        indexes = [
            models.Index(fields=["batch", "outcome"], name="transfers_entry_batch"),
            models.Index(fields=["member"], name="transfers_entry_member"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["batch", "member"], name="transfers_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}: {self.member_id} {self.outcome}"
