from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chudong.orgs.models import Unit


class Rule(models.Model):
    """One version of a rule: in force from `valid_from` until the next version.

    `unit` is the issuing level: empty for the Central Committee's rules; a province may
    issue its own version, which then applies to its subtree.
    """

    key = models.CharField(_("rule"), max_length=80)
    value = models.JSONField(_("value"))
    valid_from = models.DateField(_("in force from"))
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("issued by"),
    )  # fmt: skip
    document = models.CharField(_("source document"), max_length=300)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["key", "-valid_from"]
        verbose_name = _("Charter rule")
        verbose_name_plural = _("Charter rules")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "unit", "valid_from"], name="rules_one_version_per_day"
            ),
            models.UniqueConstraint(
                fields=["key", "valid_from"],
                condition=models.Q(unit__isnull=True),
                name="rules_one_national_version_per_day",
            ),
        ]
        indexes = [models.Index(fields=["key", "valid_from"], name="rules_key_from")]

    def __str__(self) -> str:
        return f"{self.key} = {self.value} ({self.valid_from:%d/%m/%Y})"
