"""Branch meetings (sinh hoạt chi đoàn, criterion 2.3): the meeting, its roll call and its
minutes, and a maintained per-branch, per-year summary that the missed-meeting check reads.

A meeting belongs to one unit (normally a chi đoàn) and counts for one *period*: a month,
or a quarter where the rule `meetings.months_between` (read per unit and kind, see
`cadence.py`) allows it. The period is stored as its first day (`period_start`) with its
length (`period_months`), so a branch's meetings of a year are one index range.

Every meeting row and attendance row carries a copy of the unit's path, so that subtree
lists and roll-ups are a single range scan. `MeetingYear` holds, per branch and year, which
periods had a held meeting and the end of the first period without one: "missed" is then
`first_gap_end < today`, an indexed condition that does not depend on the number of
meetings (400,000 branches nationally).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chudong.members.models import Member
from chudong.orgs.models import Unit


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    MIXED = "mixed", _("In person and online")


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    APPROVED = "approved", _("Minutes approved")
    CANCELLED = "cancelled", _("Cancelled")


HELD_STATES = (MeetingState.HELD, MeetingState.APPROVED)


class Meeting(models.Model):
    """One branch meeting (buổi sinh hoạt chi đoàn), planned or held."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("branch")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    period_start = models.DateField(_("meeting period (first day)"))
    period_months = models.PositiveSmallIntegerField(_("months in the period"), default=1)
    scheduled_on = models.DateField(_("scheduled for"), null=True, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    mode = models.CharField(
        _("meeting mode"), max_length=16, choices=MeetingMode.choices, default="in_person"
    )
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    # The month's material (tài liệu sinh hoạt chi đoàn): free text or a URL for now; the
    # dissemination app may later offer its documents here.
    material = models.CharField(_("meeting material"), max_length=500, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=MeetingState.choices, default=MeetingState.PLANNED
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    # Copied from the roll call by the services, so lists need no aggregation.
    present_count = models.PositiveIntegerField(_("present"), default=0)
    excused_count = models.PositiveIntegerField(_("excused absences"), default=0)
    unexcused_count = models.PositiveIntegerField(_("unexcused absences"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["unit_path", "updated_at"])

    class Meta:
        ordering = ["-period_start", "-held_on", "-id"]
        verbose_name = _("branch meeting (sinh hoạt chi đoàn)")
        verbose_name_plural = _("branch meetings")
        constraints = [
            models.CheckConstraint(
                condition=~Q(state__in=["held", "approved"]) | Q(held_on__isnull=False),
                name="meetings_held_has_date",
            ),
            models.CheckConstraint(
                condition=Q(period_months__in=[1, 2, 3, 4, 6, 12]),
                name="meetings_period_divides_year",
            ),
        ]
        indexes = [
            # A branch's meetings of a year (its page, the MeetingYear refresh).
            models.Index(fields=["unit", "period_start"], name="meetings_unit_period"),
            # Meetings of a subtree for a period range (lists, indicators).
            models.Index(fields=["unit_path", "period_start"], name="meetings_path_period"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period_start:%m/%Y} ({self.state})"

    @property
    def is_held(self) -> bool:
        return self.state in HELD_STATES

    @property
    def attendance_total(self) -> int:
        return self.present_count + self.excused_count + self.unexcused_count


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Absent with leave")
    UNEXCUSED = "unexcused", _("Absent without leave")


class AttendanceSource(models.TextChoices):
    ROLL_CALL = "roll_call", _("Roll call")
    QR = "qr", _("QR check-in")


class Attendance(models.Model):
    """A member's attendance at a held meeting (điểm danh)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("meeting")
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="meeting_attendance",
        verbose_name=_("member"),
    )
    status = models.CharField(
        _("attendance"), max_length=16, choices=AttendanceStatus.choices, default="present"
    )
    source = models.CharField(
        _("recorded through"), max_length=16, choices=AttendanceSource.choices, default="roll_call"
    )
    # Copies of the meeting's date and unit path: a member's rate over twelve months and a
    # subtree's attendance are then one index range each.
    held_on = models.DateField(_("held on"))
    unit_path = models.CharField(max_length=255, editable=False)

    class Meta:
        ordering = ["meeting_id", "member_id"]
        verbose_name = _("meeting attendance (điểm danh)")
        verbose_name_plural = _("meeting attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="meetings_attendance_once"),
        ]
        indexes = [
            models.Index(fields=["member", "held_on"], name="meetings_att_member_day"),
            models.Index(fields=["unit_path", "held_on"], name="meetings_att_path_day"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.meeting_id}: {self.status}"


class Minutes(models.Model):
    """The minutes of a held meeting (biên bản sinh hoạt chi đoàn) and their approval."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("meeting")
    )
    agenda = models.TextField(_("agenda"), blank=True)
    content = models.TextField(_("proceedings"), blank=True)
    resolutions = models.TextField(_("resolutions"), blank=True)
    # Kept as text; they may later be sent to the youth opinion register.
    opinions = models.TextField(_("opinions raised"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("meeting minutes (biên bản)")
        verbose_name_plural = _("meeting minutes")

    def __str__(self) -> str:
        return f"minutes of {self.meeting_id}"


class MeetingYear(models.Model):
    """Maintained summary of one branch's meetings in one year (written by the services
    after every change to its meetings, and for every branch by `meetings_refresh`).

    `held_mask` has bit i set when period i of the year had a held meeting; `due_from` is
    the first period the branch owed (a branch founded mid-year owes nothing before);
    `first_gap_end` is the last day of the first owed period without a held meeting, or
    empty when every period of the year is held. A branch has missed a meeting as of a day D
    exactly when `first_gap_end < D`.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    unit_path = models.CharField(max_length=255)
    year = models.PositiveSmallIntegerField()
    period_months = models.PositiveSmallIntegerField(default=1)
    due_from = models.DateField(null=True, blank=True)
    held_mask = models.PositiveIntegerField(default=0)
    held_count = models.PositiveSmallIntegerField(default=0)
    first_gap_end = models.DateField(null=True, blank=True)
    last_held_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("branch meetings of a year")
        verbose_name_plural = _("branch meetings by year")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="meetings_year_once"),
        ]
        indexes = [
            # The missed-meeting warning: a subtree's branches whose first gap has ended.
            models.Index(
                fields=["year", "unit_path", "first_gap_end"], name="meetings_year_path_gap"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}: {self.held_count} held"
