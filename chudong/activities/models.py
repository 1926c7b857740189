"""Activities and youth projects of pillar two (criterion 2.2).

An `Activity` is anything a unit organises for its members and young people: a study
session, a volunteer campaign ("Ngày Chủ nhật xanh", "Tiếp sức mùa thi", "Mùa hè xanh"),
sports, culture, skill training. A youth project (công trình / phần việc thanh niên) is the
same record with `is_project` set: it also carries its value, its start and finish, and its
hand-over to the people who will use it.

Members who took part are `Participation` rows (one per member and activity: a QR check-in
or a tick by an organiser); non-member youth are counted on the activity itself. Every row
keeps a copy of the organising unit's path so that a subtree's figures are one range scan.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chudong.members.models import Member
from chudong.orgs.models import Unit


class ActivityKind(models.TextChoices):
    STUDY = "study", _("Study session")
    VOLUNTEER = "volunteer", _("Volunteer campaign")
    SPORTS = "sports", _("Sports")
    CULTURE = "culture", _("Culture and arts")
    SKILLS = "skills", _("Skill training")
    OTHER = "other", _("Other activity")


class ActivityState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


def _minutes_path(instance: Activity, filename: str) -> str:
    return f"activities/handover/{instance.unit_path[:8]}/{filename}"


def _photo_path(instance: ActivityPhoto, filename: str) -> str:
    return f"activities/photos/{instance.activity_id}/{filename}"


class Activity(models.Model):
    """An activity or a youth project organised by a unit (hoạt động / công trình thanh niên)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="activities", verbose_name=_("organised by")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    is_project = models.BooleanField(_("youth project (công trình, phần việc thanh niên)"),
                                     default=False)  # fmt: skip
    kind = models.CharField(_("kind of activity"), max_length=16, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=300)
    campaign = models.CharField(
        _("campaign or programme"), max_length=200, blank=True,
        help_text=_("e.g. Ngày Chủ nhật xanh, Tiếp sức mùa thi, Mùa hè xanh"),
    )  # fmt: skip
    description = models.TextField(_("content and goals"), blank=True)
    other_units = models.ManyToManyField(
        Unit, blank=True, related_name="+", verbose_name=_("other units involved")
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("organisers")
    )
    # The plan.
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    expected_participants = models.PositiveIntegerField(_("expected participants"), default=0)
    budget = models.PositiveBigIntegerField(_("budget (VND)"), default=0)
    state = models.CharField(
        _("state"), max_length=16, choices=ActivityState.choices, default=ActivityState.PLANNED
    )
    # Results.
    guests_count = models.PositiveIntegerField(_("non-member youth taking part"), default=0)
    guest_names = models.TextField(_("names of non-member youth"), blank=True)
    people_reached = models.PositiveIntegerField(_("people reached"), default=0)
    value = models.PositiveBigIntegerField(_("value (VND)"), default=0)
    beneficiaries = models.CharField(_("beneficiaries"), max_length=300, blank=True)
    results = models.TextField(_("results"), blank=True)
    # Hand-over of a youth project (bàn giao công trình).
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    handed_over_to = models.CharField(_("handed over to"), max_length=300, blank=True)
    handover_minutes = models.FileField(
        _("hand-over minutes"), upload_to=_minutes_path, blank=True, max_length=200
    )
    handover_minutes_name = models.CharField(max_length=200, blank=True, editable=False)
    # The participation count, kept by the services (lists show it without a COUNT per row).
    participants_count = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("recorded by"),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["unit_path", "updated_at", "participants_count"])

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("activity (hoạt động)")
        verbose_name_plural = _("activities")
        indexes = [
            # A subtree's activities by date (unit lists, figures, the member's rate).
            models.Index(fields=["unit_path", "starts_at"], name="activities_path_start"),
            models.Index(fields=["unit", "starts_at"], name="activities_unit_start"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")),
                                   name="activities_ends_after_start"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state in (ActivityState.PLANNED, ActivityState.UNDER_WAY)


class CheckinSource(models.TextChoices):
    QR = "qr", _("QR check-in")
    MANUAL = "manual", _("Ticked by an organiser")


class Participation(models.Model):
    """A member took part in an activity (điểm danh)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participations")
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="participations", verbose_name=_("member")
    )
    # The organising unit's path (subtree figures) and the activity's start (the year).
    unit_path = models.CharField(max_length=255, editable=False)
    activity_starts_at = models.DateTimeField(editable=False)
    source = models.CharField(_("recorded by"), max_length=8, choices=CheckinSource.choices)
    checked_in_at = models.DateTimeField(_("checked in at"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip

    history = HistoricalRecords(excluded_fields=["unit_path", "activity_starts_at"])

    class Meta:
        ordering = ["activity", "checked_in_at", "id"]
        verbose_name = _("participation (điểm danh)")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["activity", "member"],
                                    name="activities_participation_once"),
        ]  # fmt: skip
        indexes = [
            # A member's activities by date (the member's panel, the participation rate).
            models.Index(fields=["member", "activity_starts_at"], name="activities_part_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.activity_id}"


class ActivityPhoto(models.Model):
    """A photo of an activity's results, served through a scoped view."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to=_photo_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField(default=0)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["activity", "id"]
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")

    def __str__(self) -> str:
        return self.original_name
