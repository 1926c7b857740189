"""Striking off (xóa tên): the branch's proposal with its grounds and the months missed,
and its decision, reported to the direct upper unit."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chudong.members.models import Member
from chudong.orgs.models import Unit


class StrikeOffStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    DECIDED = "decided", _("Struck off")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class StrikeOffCase(models.Model):
    """A proposal to strike a member off, and the branch's decision on it."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="strike_off_cases", verbose_name=_("member")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=StrikeOffStatus.choices)
    grounds = models.TextField(_("grounds"), max_length=2000)
    # The months missed (meetings not attended or dues not paid), as "YYYY-MM".
    months = models.JSONField(_("months missed"), default=list)
    proposed_on = models.DateField(_("proposed on"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decision_number = models.CharField(_("decision or minutes number"), max_length=60, blank=True)
    votes_present = models.PositiveIntegerField(_("members present"), null=True, blank=True)
    votes_for = models.PositiveIntegerField(_("votes for"), null=True, blank=True)
    reported_to = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported to"),
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdraw_reason = models.CharField(_("why withdrawn"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["unit_path"])

    class Meta:
        ordering = ["-proposed_on", "-id"]
        verbose_name = _("striking off (xóa tên)")
        verbose_name_plural = _("striking off cases")
        indexes = [
            models.Index(fields=["unit_path", "status"], name="transfers_strike_path"),
            models.Index(fields=["member"], name="transfers_strike_member"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status="proposed"),
                name="transfers_strike_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"strike off {self.member_id} ({self.status})"
