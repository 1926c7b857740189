"""Directives received, plans that implement them, and their targets (criteria 2.1, 2.2).

A target set by an upper level and cascaded to the units below has one child target per
unit (in a plan of that unit for the same year); `lineage` is the chain of target ids
from the top ("/12/40/"), so one query fetches every target below a set of targets.
Progress of a target is computed from recorded work (a registered measure, see
measures.py) or entered by hand (`ProgressUpdate`, the latest copied onto the target).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chudong.orgs.models import Unit


class Issuer(models.TextChoices):
    PARTY = "party", _("Party committee")
    UPPER_UNION = "union", _("Upper Youth Union")
    GOVERNMENT = "government", _("Government")
    OTHER = "other", _("Other")


def _directive_path(instance: Directive, filename: str) -> str:
    return f"plans/directives/{instance.unit_path[:8]}/{filename}"


class Directive(models.Model):
    """A resolution, directive or guidance received by a unit (văn bản chỉ đạo)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, editable=False)
    number = models.CharField(_("number"), max_length=60)
    issued_on = models.DateField(_("date"))
    issuer = models.CharField(_("issued by"), max_length=12, choices=Issuer.choices)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    attachment = models.FileField(upload_to=_directive_path, max_length=200, blank=True)
    attachment_name = models.CharField(max_length=200, blank=True, editable=False)
    attachment_type = models.CharField(max_length=80, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        indexes = [models.Index(fields=["unit_path", "issued_on"], name="plans_dir_path")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class PlanKind(models.TextChoices):
    PROGRAMME = "programme", _("Action programme")
    ANNUAL = "annual", _("Annual work plan")


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")


class Plan(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind of plan"), max_length=12, choices=PlanKind.choices)
    directives = models.ManyToManyField(
        Directive, blank=True, related_name="plans", verbose_name=_("directives implemented")
    )
    goals = models.TextField(_("goals"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=PlanState.choices, default=PlanState.DRAFT
    )
    source = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("plan of the upper level"),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        indexes = [models.Index(fields=["unit_path", "year"], name="plans_plan_path")]

    def __str__(self) -> str:
        return self.title


class Target(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, editable=False)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    lineage = models.CharField(max_length=255, editable=False, db_index=True, default="")
    label = models.CharField(_("target"), max_length=200)
    unit_label = models.CharField(_("unit of measure"), max_length=40)
    target_value = models.DecimalField(_("target number"), max_digits=12, decimal_places=2)
    measure = models.CharField(_("progress from"), max_length=60, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    assigned_to = models.CharField(_("assigned to (people, branches)"), max_length=300,
                                   blank=True)  # fmt: skip
    assigned_unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("assigned sub-unit"),
    )  # fmt: skip
    hand_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, editable=False)
    hand_on = models.DateField(null=True, editable=False)
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label


class ProgressUpdate(models.Model):
    """Progress of a target entered by hand: the value reached as of a date."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="updates")
    value = models.DecimalField(_("value reached"), max_digits=12, decimal_places=2)
    on = models.DateField(_("as of"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.target_id}: {self.value} ({self.on})"
