"""The annual rating of members (xếp loại chất lượng đoàn viên) and the Rèn luyện đoàn viên
programme (chương trình rèn luyện đoàn viên) that grounds it.

A branch rates its members once a year on one sheet (`RatingSheet`); each member's result
is a `MemberRating` row, unique per member and year, that carries a copy of the branch's
unit path so that roll-ups over a subtree are one indexed range. The level codes come from
the rule `rating.levels` in force for the year (judged by the version of its time), never
from constants here. A sheet is rated by the branch, submitted, and approved by the
grassroots union; once approved it is locked and only the grassroots union corrects a
member's result, with a reason kept in the history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chudong.members.models import Member
from chudong.orgs.models import Unit


class SheetState(models.TextChoices):
    DRAFT = "draft", _("Being rated by the branch")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")


class RatingSheet(models.Model):
    """One branch's rating of its members for one year (bảng xếp loại đoàn viên)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="rating_sheets", verbose_name=_("branch")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(
        _("state"), max_length=16, choices=SheetState.choices, default=SheetState.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    return_reason = models.CharField(_("returned for revision because"), max_length=300, blank=True)
    # Optimistic concurrency: the one-screen form carries the version it was opened at.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["unit_path", "updated_at"])

    class Meta:
        ordering = ["unit_path", "-year"]
        verbose_name = _("rating sheet (bảng xếp loại)")
        verbose_name_plural = _("rating sheets")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="ratings_sheet_unit_year"),
        ]
        indexes = [
            # Sheets of a subtree for a year, by state (summary and the approval queue).
            models.Index(fields=["year", "unit_path", "state"], name="ratings_sheet_year_path"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} ({self.state})"

    @property
    def is_locked(self) -> bool:
        return self.state == SheetState.APPROVED


class RatingKind(models.TextChoices):
    RATED = "rated", _("Rated")
    REVIEWED = "reviewed", _("Reviewed, not rated (full Party member)")


class MemberRating(models.Model):
    """A member's rating for one year, written into the dossier (nhận xét, xếp loại)."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("member")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sheet = models.ForeignKey(RatingSheet, on_delete=models.PROTECT, related_name="ratings")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("rated by (branch)")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    kind = models.CharField(_("rating kind"), max_length=16, choices=RatingKind.choices)
    # A code of the rule `rating.levels` in force for the year; empty for "reviewed".
    level = models.CharField(_("rating level"), max_length=40, blank=True)
    comment = models.TextField(_("strengths and weaknesses"), blank=True)
    # Copied from the sheet's state, so that the filters and roll-ups read one table.
    approved = models.BooleanField(_("approved"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["unit_path", "updated_at"])

    class Meta:
        ordering = ["-year", "member_id"]
        verbose_name = _("member rating (xếp loại đoàn viên)")
        verbose_name_plural = _("member ratings")
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="ratings_one_per_member_year"),
            models.CheckConstraint(
                condition=Q(kind="reviewed", level="") | (Q(kind="rated") & ~Q(level="")),
                name="ratings_level_matches_kind",
            ),
        ]
        indexes = [
            # Roll-ups of a subtree for a year and the "not rated" warning.
            models.Index(fields=["year", "unit_path"], name="ratings_year_path"),
            # The member list filter "rating of year Y = level L".
            models.Index(fields=["year", "level", "member"], name="ratings_year_level"),
            models.Index(fields=["sheet"], name="ratings_sheet"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.year}: {self.level or self.kind}"


class TrainingArea(models.TextChoices):
    """Content areas of the Rèn luyện đoàn viên programme (HD 13-HD/TWĐTN-BTC, 2018)."""

    POLITICS = "politics", _("Revolutionary ideals and political awareness")
    ETHICS = "ethics", _("Ethics, lifestyle and conduct")
    SKILLS = "skills", _("Professional and occupational skills")
    HEALTH = "health", _("Physical health")
    UNION = "union", _("Building the Youth Union")


class TrainingSource(models.TextChoices):
    BRANCH = "branch", _("Entered by the branch")
    SELF = "self", _("Registered by the member")


class TrainingRegistration(models.Model):
    """A member's yearly Rèn luyện đoàn viên registration and its evaluation."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="training", verbose_name=_("member")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    areas = models.JSONField(_("content areas"), default=list)
    commitments = models.TextField(_("commitments"), blank=True)
    registered_on = models.DateField(_("registered on"))
    source = models.CharField(
        _("registered by"), max_length=8, choices=TrainingSource.choices, default="branch"
    )
    # A code of the rule `training.result_levels`; empty until evaluated.
    result = models.CharField(_("training result"), max_length=40, blank=True)
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["unit_path", "updated_at"])

    class Meta:
        ordering = ["-year", "member_id"]
        verbose_name = _("Rèn luyện đoàn viên registration")
        verbose_name_plural = _("Rèn luyện đoàn viên registrations")
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="ratings_training_one"),
            models.CheckConstraint(
                condition=Q(result="", evaluated_on__isnull=True)
                | (~Q(result="") & Q(evaluated_on__isnull=False)),
                name="ratings_training_result_dated",
            ),
        ]
        indexes = [models.Index(fields=["year", "unit_path"], name="ratings_training_year_path")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.year}: {self.result or '…'}"
