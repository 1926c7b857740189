"""The life of a membership: where the member was registered and in which status, over
which dates, and the events other apps record about them.

Periods are half-open, like the unit tree's versions: [start, end). A period that a change
would end on the day it began is removed instead (the change replaces it that same day).
Exactly one period of each kind is open (end is null) for a record that is not merged.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chudong.orgs.models import Unit

from .member import Member, MemberStatus


class UnitPeriodReason(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ADMITTED = "admitted", _("Admitted")
    TRANSFERRED = "transferred", _("Transferred")
    RESTRUCTURED = "restructured", _("Unit restructured")
    CORRECTED = "corrected", _("Corrected")
    MERGED = "merged", _("From a merged duplicate record")


class MemberUnitPeriod(models.Model):
    """The member was registered in `unit` from `start` until `end` (exclusive)."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="unit_periods")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="member_periods", verbose_name=_("unit")
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=16, choices=UnitPeriodReason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "start", "id"]
        verbose_name = _("unit period")
        verbose_name_plural = _("unit periods")
        indexes = [
            models.Index(fields=["member", "start"], name="members_uperiod_member"),
            # "Who was registered in unit U on day D" (reports as of a date).
            models.Index(fields=["unit", "start"], name="members_uperiod_unit"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=models.F("start")),
                name="members_uperiod_range",
            ),
            models.UniqueConstraint(
                fields=["member"], condition=Q(end__isnull=True), name="members_uperiod_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.unit_id} [{self.start} – {self.end or '…'})"


class MemberStatusPeriod(models.Model):
    """The member had `status` from `start` until `end` (exclusive)."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="status_periods")
    status = models.CharField(_("status"), max_length=20, choices=MemberStatus.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "start", "id"]
        verbose_name = _("status period")
        verbose_name_plural = _("status periods")
        indexes = [models.Index(fields=["member", "start"], name="members_speriod_member")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=models.F("start")),
                name="members_speriod_range",
            ),
            models.UniqueConstraint(
                fields=["member"], condition=Q(end__isnull=True), name="members_speriod_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.status} [{self.start} – {self.end or '…'})"


class MemberEvent(models.Model):
    """One entry of a member's timeline, written through services.member_event_add.

    `kind` is a code registered in members.events (procedures register their own); the
    source is the record the event comes from (an admission case, a transfer...).
    """

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("kind"), max_length=40)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    detail = models.TextField(_("detail"), blank=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "date", "id"]
        verbose_name = _("member event")
        verbose_name_plural = _("member events")
        indexes = [
            models.Index(fields=["member", "date"], name="members_event_member"),
            models.Index(fields=["source_type", "source_id"], name="members_event_source"),
            models.Index(fields=["kind", "date"], name="members_event_kind"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(source_type__isnull=True, source_id__isnull=True)
                | Q(source_type__isnull=False, source_id__isnull=False),
                name="members_event_source_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.kind}: {self.title}"


class UnitMemberCount(models.Model):
    """Members registered directly in one unit, maintained by every service that creates,
    moves or changes the status of members (in the same transaction).

    Units at depth SUBTREE_FROM_DEPTH and below (districts, grassroots unions, branches)
    also keep their whole subtree's figures (`subtree_*`), updated in the same statements
    as their descendants' rows: a grassroots union's or a district's figure is one row, a
    province's the sum of its own row and its depth-2 rows (hundreds, not the tens of
    thousands of its units), so figures do not slow down as the country grows. Provinces
    and the centre keep none: every member change anywhere would otherwise wait on their
    row. Derived data, rebuilt by `manage.py recount_members`; no history of its own.
    """

    SUBTREE_FROM_DEPTH = 2

    unit = models.OneToOneField(
        Unit, on_delete=models.PROTECT, primary_key=True, related_name="member_count"
    )
    unit_path = models.CharField(max_length=255)
    active = models.IntegerField(default=0, help_text="members in a current status")
    total = models.IntegerField(default=0, help_text="every record except merged ones")
    depth = models.SmallIntegerField(db_default=0, default=0, help_text="the unit's depth")
    subtree_active = models.IntegerField(
        db_default=0, default=0, help_text="current members of the whole subtree (depth ≥ 2)"
    )
    subtree_total = models.IntegerField(
        db_default=0, default=0, help_text="every record of the whole subtree (depth ≥ 2)"
    )

    class Meta:
        verbose_name = _("member count of a unit")
        verbose_name_plural = _("member counts of units")
        indexes = [
            models.Index(fields=["unit_path"], name="members_count_path"),
            models.Index(fields=["depth", "unit_path"], name="members_count_depth_path"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.active}/{self.total}"
