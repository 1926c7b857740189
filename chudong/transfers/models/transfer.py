"""A transfer of membership activity (chuyển sinh hoạt Đoàn), one row per case.

The member stays registered at the sending branch for the whole life of the case; only
the receiving side's confirmation moves them (official transfer), through
`members.services.member_move`, in the same transaction that closes the case. The
case keeps copies of the paths of its sending branch and receiving unit so that "cases
of this subtree" is one indexed range on either side (`transfers.restructure` keeps
the copies true when units move, merge or split).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chudong.members.models import Member
from chudong.orgs.models import Unit


class TransferKind(models.TextChoices):
    OFFICIAL = "official", _("Official transfer")
    TEMPORARY = "temporary", _("Temporary activity elsewhere")
    RESIDENCE = "residence", _("Activity at the place of residence")
    WORKING_FAR = "working_far", _("Working far away")


class TransferScope(models.TextChoices):
    WITHIN = "within", _("Within the grassroots union")
    BETWEEN = "between", _("Between grassroots unions")
    PROVINCES = "provinces", _("Across provinces")
    NONE = "none", _("No receiving unit")


class TransferStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested, waiting for the branch's comment")
    ENDORSED = "endorsed", _("Commented by the branch, waiting for the introduction")
    IN_TRANSIT = "in_transit", _("In transit, waiting for the receiving unit")
    RECEIVED = "received", _("Received")
    REFUSED = "refused", _("Refused by the receiving unit")
    CANCELLED = "cancelled", _("Cancelled")
    ENDED = "ended", _("Ended, the member is back")


# Cases not yet decided: the member may still be in only one of them.
OPEN_STATUSES: tuple[str, ...] = (
    TransferStatus.REQUESTED,
    TransferStatus.ENDORSED,
    TransferStatus.IN_TRANSIT,
)
# Arrangements that last until the member returns (ended by either side).
LASTING_KINDS: tuple[str, ...] = (
    TransferKind.TEMPORARY,
    TransferKind.RESIDENCE,
    TransferKind.WORKING_FAR,
)


class Transfer(models.Model):
    """One transfer case (hồ sơ chuyển sinh hoạt Đoàn)."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="transfers", verbose_name=_("member")
    )
    kind = models.CharField(_("kind of transfer"), max_length=16, choices=TransferKind.choices)
    scope = models.CharField(_("scope"), max_length=16, choices=TransferScope.choices)
    status = models.CharField(_("status"), max_length=16, choices=TransferStatus.choices)
    source = models.CharField(
        _("requested through"),
        max_length=8,
        choices=[("branch", _("the branch")), ("member", _("the member"))],
        default="branch",
    )

    # The sending side: the member's branch and its grassroots union when requested.
    from_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("sending branch")
    )
    from_path = models.CharField(max_length=255, editable=False)
    from_grassroots = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sending grassroots union"),
    )
    # The receiving side: the unit the sender chose (a grassroots union, or a branch of
    # its own union), and the branch the receiving side registers the member in.
    to_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receiving unit"),
    )
    to_path = models.CharField(max_length=255, blank=True, editable=False)
    to_grassroots = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receiving grassroots union"),
    )
    to_branch = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receiving branch"),
    )

    requested_on = models.DateField(_("requested on"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    reason = models.TextField(_("reason"), max_length=1000)
    destination_note = models.CharField(
        _("where the member goes"),
        max_length=300,
        blank=True,
        help_text=_("Workplace, school or address, as the member gives it."),
    )
    until = models.DateField(_("expected until"), null=True, blank=True)
    deadline_on = models.DateField(
        _("to be received by"),
        help_text=_("Request date plus the days the rules give (transfer.deadline_days)."),
    )

    branch_comment = models.TextField(_("the branch's comment"), max_length=2000, blank=True)
    dues_paid_through = models.DateField(
        _("dues paid through (month)"),
        null=True,
        blank=True,
        help_text=_("First day of the last month paid."),
    )
    endorsed_on = models.DateField(_("commented on"), null=True, blank=True)
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    introduced_on = models.DateField(_("introduced on"), null=True, blank=True)
    introduced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    introduction_number = models.CharField(
        _("introduction letter number"), max_length=60, blank=True
    )

    received_on = models.DateField(_("received on"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    close_reason = models.CharField(_("reason given"), max_length=500, blank=True)

    # Optimistic concurrency: every step bumps it; a form posts the version it showed.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["from_path", "to_path", "updated_at"])

    class Meta:
        ordering = ["-requested_on", "-id"]
        verbose_name = _("transfer (chuyển sinh hoạt Đoàn)")
        verbose_name_plural = _("transfers")
        indexes = [
            # Outgoing cases of a subtree (the sending side and every level above it).
            models.Index(fields=["from_path", "status"], name="transfers_from_status"),
            # Incoming cases of a subtree (the receiving side and the levels above it).
            models.Index(fields=["to_path", "status"], name="transfers_to_status"),
            # Stuck cases: open and past their deadline, per side.
            models.Index(
                fields=["from_path", "deadline_on"],
                condition=Q(status__in=OPEN_STATUSES),
                name="transfers_open_from_deadline",
            ),
            models.Index(
                fields=["to_path", "deadline_on"],
                condition=Q(status="in_transit"),
                name="transfers_transit_to_deadline",
            ),
            # The register of introductions and receptions, by year.
            models.Index(fields=["from_path", "introduced_on"], name="transfers_from_introduced"),
            models.Index(fields=["to_path", "received_on"], name="transfers_to_received"),
            models.Index(fields=["member", "requested_on"], name="transfers_member"),
        ]
        constraints = [
            # A member is in at most one undecided case: two receiving units can never
            # both confirm the same person.
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status__in=OPEN_STATUSES),
                name="transfers_one_open_per_member",
            ),
            models.CheckConstraint(
                condition=Q(kind="working_far") | Q(to_unit__isnull=False),
                name="transfers_receiving_unit_needed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.member_id} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_lasting(self) -> bool:
        """A temporary, residence or working-far arrangement that is in effect."""
        return self.kind in LASTING_KINDS and self.status == TransferStatus.RECEIVED

    def status_label(self) -> str:
        if self.is_lasting:
            return str(_("In effect"))
        return self.get_status_display()
