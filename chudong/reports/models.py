"""Roll-ups that dashboards read instead of counting millions of member rows per request.

Each refresh (`rollups.rollup_refresh`, run by `manage.py rollup` or the task a stale
dashboard enqueues) recomputes them from the member register in one transaction and
records a `RollupRun`; pages show the time of that run. Derived data: no history.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from chudong.orgs.models import Unit


class RollupRun(models.Model):
    """One refresh of the roll-up tables."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    members = models.BigIntegerField(help_text="member records counted (merged ones excluded)")
    rows = models.IntegerField(help_text="roll-up rows written")

    class Meta:
        ordering = ["-finished_at", "-id"]
        verbose_name = _("roll-up refresh")
        verbose_name_plural = _("roll-up refreshes")

    def __str__(self) -> str:
        return f"roll-ups of {self.finished_at:%Y-%m-%d %H:%M}"


class StatusRollup(models.Model):
    """Member records with `status` in the subtree of `unit` (every unit with members)."""

    # No database constraint: a refresh writes a million derived rows, and a per-row
    # foreign-key check would double its time. Units are never deleted.
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    status = models.CharField(max_length=20)
    members = models.IntegerField()

    class Meta:
        constraints = [
            # Also the index the dashboards read by: unit_id IN (the unit and its children).
            models.UniqueConstraint(fields=["unit", "status"], name="reports_status_rollup_key")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.status}: {self.members}"


class AdmissionRollup(models.Model):
    """Member records admitted in `year` in the subtree of `unit`, kept for every unit
    that is not a branch (a branch's own figures are counted live: a few dozen rows)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    year = models.PositiveSmallIntegerField()
    members = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="reports_admission_rollup_key")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}: {self.members}"


class RatingRollup(models.Model):
    """Approved annual ratings of `year` at `level` ("" for members reviewed but not
    rated) in the subtree of `unit`, kept for every unit that is not a branch."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    year = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=40, blank=True)
    members = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "level"], name="reports_rating_rollup_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.level}: {self.members}"
