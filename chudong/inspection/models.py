"""Criterion 2.5: inspection (kiểm tra), the year-end self-criticism and criticism (kiểm
điểm) and exemplary models and people (gương điển hình, mô hình hay).

Rows keep copies of unit paths (indexed) so that a subtree's counts are one range scan:
an inspection keeps the inspecting unit's path (`unit_path`) and the inspected unit's
(`subject_path`); it is visible to whoever sees the subject, which the inspecting unit,
an ancestor or the unit itself, always does. A recommendation copies the subject's path
so that overdue remedies are counted per subtree without a join.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chudong.orgs.models import Unit


def _evidence_path(instance, filename: str) -> str:
    return f"inspection/{instance.__class__.__name__.lower()}/{filename}"


# --- Inspection plans and inspections ------------------------------------------------


class InspectionPlan(models.Model):
    """A unit's inspection plan for a year (kế hoạch kiểm tra): what it will inspect,
    where, and when. Subjects are the unit itself or units below it."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="inspection_plans", verbose_name=_("unit")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    content_areas = models.TextField(
        _("areas to inspect"), help_text=_("What will be inspected, one area per line.")
    )
    schedule = models.TextField(
        _("schedule"), blank=True, help_text=_("When each subject is inspected.")
    )
    subjects = models.ManyToManyField(
        Unit, related_name="+", blank=True, verbose_name=_("units to inspect")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["unit_path"])

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        indexes = [models.Index(fields=["unit_path", "year"], name="insp_plan_path_year")]

    def __str__(self) -> str:
        return self.title


class Inspection(models.Model):
    """An inspection carried out by `unit` of `subject` (the unit itself or one below)."""

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="inspections_made",
        verbose_name=_("inspecting unit"),
    )
    unit_path = models.CharField(max_length=255, editable=False)
    subject = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="inspections_received",
        verbose_name=_("inspected unit"),
    )
    subject_path = models.CharField(max_length=255, editable=False)
    plan = models.ForeignKey(
        InspectionPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("inspection plan"),
    )
    content = models.CharField(_("content inspected"), max_length=300)
    inspected_on = models.DateField(_("date of the inspection"))
    team = models.TextField(_("inspection team"), help_text=_("Names and posts, one per line."))
    findings = models.TextField(_("findings"))
    conclusion = models.TextField(_("conclusion"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["unit_path", "subject_path"])

    class Meta:
        ordering = ["-inspected_on", "-id"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        indexes = [
            models.Index(fields=["subject_path", "inspected_on"], name="insp_subject_date"),
            models.Index(fields=["unit_path", "inspected_on"], name="insp_unit_date"),
        ]

    def __str__(self) -> str:
        return self.content


class RemedyStatus(models.TextChoices):
    OPEN = "open", _("Not remedied yet")
    DONE = "done", _("Remedied")


class Recommendation(models.Model):
    """What an inspection asks the inspected unit to remedy, by when, and what it did."""

    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("inspection"),
    )
    subject_path = models.CharField(max_length=255, editable=False)
    text = models.TextField(_("recommendation"))
    deadline = models.DateField(_("remedy deadline"))
    status = models.CharField(
        _("remedy"), max_length=8, choices=RemedyStatus.choices, default=RemedyStatus.OPEN
    )
    done_on = models.DateField(_("remedied on"), null=True, blank=True)
    follow_up = models.TextField(_("what was done"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=_evidence_path, blank=True, max_length=200)
    evidence_name = models.CharField(max_length=200, blank=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["subject_path"])

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        indexes = [
            # The overdue-remedies warning: open ones in a subtree past their deadline.
            models.Index(
                fields=["subject_path", "deadline"],
                name="insp_rec_open",
                condition=Q(status="open"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", done_on__isnull=True)
                | Q(status="done", done_on__isnull=False),
                name="insp_rec_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def state_on(self, day: dt.date) -> str:
        """'on_time', 'late' (remedied after the deadline), 'overdue' or 'open'."""
        if self.status == RemedyStatus.DONE:
            return "on_time" if self.done_on <= self.deadline else "late"
        return "overdue" if self.deadline < day else "open"


# --- Self-criticism and criticism (kiểm điểm) ---------------------------------------


class SelfRating(models.TextChoices):
    """The four levels of HD 25-HD/TWĐTN-BTC (2023) for collectives and leaders."""

    EXCELLENT = "excellent", _("Tasks completed excellently")
    GOOD = "good", _("Tasks completed well")
    COMPLETED = "completed", _("Tasks completed")
    NOT_COMPLETED = "not_completed", _("Tasks not completed")


class Review(models.Model):
    """A year-end review: the unit's collective one (`person` empty) or one leadership
    member's (self-criticism, then the collective's criticism and the rating agreed)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="inspection_reviews", verbose_name=_("unit")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspection_reviews",
        verbose_name=_("leadership member"),
    )
    post = models.CharField(_("post"), max_length=120, blank=True)
    strengths = models.TextField(_("strengths"))
    shortcomings = models.TextField(_("shortcomings"))
    remedies = models.TextField(_("remedies"))
    self_rating = models.CharField(_("self-rating"), max_length=16, choices=SelfRating.choices)
    criticism = models.TextField(
        _("criticism"), blank=True, help_text=_("Opinions of the collective and the upper level.")
    )
    agreed_rating = models.CharField(
        _("rating agreed"), max_length=16, blank=True, choices=SelfRating.choices
    )
    reviewed_on = models.DateField(_("date of the review"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["unit_path"])

    class Meta:
        ordering = ["-year", "id"]
        verbose_name = _("year-end review")
        verbose_name_plural = _("year-end reviews")
        indexes = [models.Index(fields=["unit_path", "year"], name="insp_review_path_year")]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=Q(person__isnull=True),
                name="insp_review_one_collective",
            ),
            models.UniqueConstraint(
                fields=["unit", "year", "person"],
                condition=Q(person__isnull=False),
                name="insp_review_one_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.person_id or '-'}"


# --- Exemplary models and people -----------------------------------------------------


class ExemplaryKind(models.TextChoices):
    PERSON = "person", _("Exemplary person")
    MODEL = "model", _("Good model")


class ExemplaryArea(models.TextChoices):
    STUDY = "study", _("Study and research")
    VOLUNTEER = "volunteer", _("Volunteering and community")
    ECONOMY = "economy", _("Economy and start-ups")
    DIGITAL = "digital", _("Digital transformation")
    CULTURE = "culture", _("Culture, arts and sports")
    SECURITY = "security", _("Security and defence")
    ORGANISATION = "organisation", _("Building the organisation")
    OTHER = "other", _("Other")


class CommendationLevel(models.TextChoices):
    NONE = "none", _("Not commended yet")
    GRASSROOTS = "grassroots", _("Grassroots level")
    UPPER = "upper", _("Upper grassroots level")
    PROVINCE = "province", _("Province level")
    CENTRAL = "central", _("Central level")
    STATE = "state", _("State level (Nhà nước)")


class Exemplary(models.Model):
    """An exemplary person or good model of a unit: what, who, evidence, recognition.

    `shared_path` is set when an upper level publishes it for replication: every unit in
    that subtree then finds it in "models to replicate", even a sibling of its unit."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="exemplaries", verbose_name=_("unit")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    kind = models.CharField(_("kind"), max_length=8, choices=ExemplaryKind.choices)
    title = models.CharField(_("name of the model or person"), max_length=300)
    area = models.CharField(_("area"), max_length=16, choices=ExemplaryArea.choices)
    description = models.TextField(_("what it is and what it achieved"))
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member"),
    )
    holder = models.CharField(
        _("who"),
        max_length=200,
        blank=True,
        help_text=_("For a person who is not in the register, or a team."),
    )
    started_on = models.DateField(_("since"))
    link = models.URLField(_("link"), blank=True, max_length=500)
    evidence = models.FileField(_("evidence"), upload_to=_evidence_path, blank=True, max_length=200)
    evidence_name = models.CharField(max_length=200, blank=True, editable=False)
    commendation = models.CharField(
        _("commendation"),
        max_length=12,
        choices=CommendationLevel.choices,
        default=CommendationLevel.NONE,
    )
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_on = models.DateField(_("decision dated"), null=True, blank=True)
    shared_by = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published for replication by"),
    )
    shared_path = models.CharField(max_length=255, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["unit_path", "shared_path"])

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("exemplary model or person")
        verbose_name_plural = _("exemplary models and people")
        indexes = [
            models.Index(fields=["unit_path", "started_on"], name="insp_ex_path_date"),
            models.Index(
                fields=["shared_path"], name="insp_ex_shared", condition=~Q(shared_path="")
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision_on__isnull=True) | ~Q(commendation="none"),
                name="insp_ex_decision_needs_level",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def who(self) -> str:
        if self.member_id:
            return self.member.full_name
        return self.holder


class Replication(models.Model):
    """A unit that took the model up (nhân rộng), since when, and how it went."""

    exemplary = models.ForeignKey(
        Exemplary,
        on_delete=models.CASCADE,
        related_name="replications",
        verbose_name=_("exemplary model or person"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit replicating it")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    started_on = models.DateField(_("since"))
    note = models.TextField(_("how it went"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["unit_path"])

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("replication")
        verbose_name_plural = _("replications")
        indexes = [models.Index(fields=["unit_path", "started_on"], name="insp_repl_path_date")]
        constraints = [
            models.UniqueConstraint(fields=["exemplary", "unit"], name="insp_repl_once"),
        ]

    def __str__(self) -> str:
        return f"{self.exemplary_id} @ {self.unit_id}"
