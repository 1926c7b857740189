"""Documents sent down the tree (criterion 1.4: phổ biến nghị quyết, chỉ thị, chính sách,
tài liệu sinh hoạt chi đoàn) and each member's acknowledgement of them.

The audience is data, not one row per member (a province has up to 600,000 members): the
units chosen (`DispatchAudience`, each standing for its whole subtree, stored with its
path) and which people (everyone, or the leadership only). Whether a member is addressed
is therefore one question about the member's unit path: does an ancestor-or-self path of
it appear among the audience paths. Acknowledgements are one row per member and document
carrying the member's unit path at the time, so coverage over a subtree is one range scan.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chudong.members.models import Member
from chudong.orgs.models import Unit


class DispatchKind(models.TextChoices):
    RESOLUTION = "resolution", _("Resolution (nghị quyết)")
    DIRECTIVE = "directive", _("Directive (chỉ thị)")
    PLAN = "plan", _("Plan (kế hoạch)")
    POLICY = "policy", _("Policy and law (chính sách, pháp luật)")
    # Stable value: the meetings app links a branch meeting's topic to this kind.
    BRANCH_MATERIAL = "branch_material", _("Monthly branch-meeting material")
    OTHER = "other", _("Other document")


class AudienceRoles(models.TextChoices):
    ALL = "all", _("All members")
    LEADERSHIP = "leadership", _("Leadership only (secretaries, committee members)")


class Dispatch(models.Model):
    """A document a unit sends down its subtree (văn bản, tài liệu gửi xuống cơ sở)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="dispatches", verbose_name=_("sent by")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind of document"), max_length=20, choices=DispatchKind.choices)
    number = models.CharField(_("document number"), max_length=60, blank=True)
    issued_on = models.DateField(_("date of issue"))
    issuer = models.CharField(_("issued by"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    audience_roles = models.CharField(
        _("addressed to"), max_length=12, choices=AudienceRoles.choices, default=AudienceRoles.ALL
    )
    acknowledge_by = models.DateField(_("acknowledge by"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    # Maintained figures for the sender's lists and the unit warning: members addressed
    # (refreshed at sending and by each reminder run) and acknowledgements (incremented by
    # the services that create them, in the same transaction).
    intended_count = models.PositiveIntegerField(default=0, editable=False)
    acknowledged_count = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["intended_count", "acknowledged_count"])

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("document sent (văn bản phổ biến)")
        verbose_name_plural = _("documents sent")
        indexes = [
            # Documents sent by a subtree (lists, the unit warning by deadline).
            models.Index(fields=["unit_path", "acknowledge_by"], name="dissem_dispatch_path"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def coverage_percent(self) -> int:
        return percent(self.acknowledged_count, self.intended_count)


def percent(part: int, whole: int) -> int:
    if not whole:
        return 0
    return min(100, round(100 * part / whole))


class DispatchAudience(models.Model):
    """One unit (with its whole subtree) a document is addressed to."""

    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="audience")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255)

    class Meta:
        ordering = ["unit_path"]
        verbose_name = _("addressed unit")
        verbose_name_plural = _("addressed units")
        constraints = [
            models.UniqueConstraint(fields=["dispatch", "unit"], name="dissem_audience_once"),
        ]
        indexes = [
            # "Documents addressed to this member": the member's ancestor paths, IN (...).
            models.Index(fields=["unit_path", "dispatch"], name="dissem_audience_path"),
        ]

    def __str__(self) -> str:
        return f"{self.dispatch_id} → {self.unit_path}"


def attachment_path(instance: DispatchFile, filename: str) -> str:
    return f"dissemination/{instance.dispatch_id or 'new'}/{filename}"


class DispatchFile(models.Model):
    """An attachment (PDF, Word, photo), checked by content; served only through a view."""

    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class AckSource(models.TextChoices):
    SELF = "self", _("Confirmed by the member")
    MEETING = "meeting", _("Recorded at a branch meeting")


class Acknowledgement(models.Model):
    """Member M has read and understood document D ("đã đọc và nắm được")."""

    dispatch = models.ForeignKey(
        Dispatch, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="acknowledgements", verbose_name=_("member")
    )
    # The member's unit when acknowledging: coverage of a subtree is one range on this.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255)
    source = models.CharField(_("how"), max_length=8, choices=AckSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(_("acknowledged at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        constraints = [
            models.UniqueConstraint(fields=["dispatch", "member"], name="dissem_ack_once"),
        ]
        indexes = [
            models.Index(fields=["dispatch", "unit_path"], name="dissem_ack_path"),
            models.Index(fields=["member", "at"], name="dissem_ack_member"),
        ]

    def __str__(self) -> str:
        return f"{self.dispatch_id}: {self.member_id}"


class Reminder(models.Model):
    """A person reminded about unacknowledged documents on a day (at most once a day)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [models.UniqueConstraint(fields=["day", "user"], name="dissem_remind_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"
