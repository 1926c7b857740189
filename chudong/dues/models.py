"""Membership dues (đoàn phí): what each member owes and paid, month by month, exemptions,
and the remittances that carry the collected money up the tree.

Months are whole numbers (see `dues.months`). Amounts are integers in VND. Each payment
row covers one month of one member; a member who pays a quarter at once gets three rows
with the same date. A remittance takes every payment (or received remittance) that no
earlier remittance took, so every đồng is counted exactly once on its way up: what the
branches collected equals what every level kept plus what reached the top (plus what is
still held, not yet remitted).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chudong.members.models import Member
from chudong.orgs.models import Unit

from . import months


class DuesCategory(models.TextChoices):
    UNSALARIED = "unsalaried", _("Without a salary (pupils, students, farmers...)")
    SALARIED = "salaried", _("With a salary")
    ABROAD = "abroad", _("Abroad")


# Short names for the month screen, where space is tight.
CATEGORY_SHORT = {
    DuesCategory.UNSALARIED: _("no salary"),
    DuesCategory.SALARIED: _("salaried"),
    DuesCategory.ABROAD: _("abroad"),
}

# The rule that gives each category's monthly amount.
RATE_RULES = {
    DuesCategory.UNSALARIED: "dues.monthly_unsalaried",
    DuesCategory.SALARIED: "dues.monthly_salaried",
    DuesCategory.ABROAD: "dues.monthly_abroad",
}


class DuesProfile(models.Model):
    """How a member pays dues: the category (its history is the profile's history) and,
    for members working far away, the branch executive committee's consent to pay several
    months at once."""

    member = models.OneToOneField(
        Member, on_delete=models.PROTECT, related_name="dues_profile", verbose_name=_("member")
    )
    category = models.CharField(
        _("dues category"), max_length=16, choices=DuesCategory.choices, default="unsalaried"
    )
    months_per_payment = models.PositiveSmallIntegerField(
        _("months paid at a time"),
        default=1,
        help_text=_("More than one only with the branch executive committee's consent."),
    )
    consent_note = models.CharField(
        _("consent of the branch executive committee"),
        max_length=300,
        blank=True,
        help_text=_("E.g. 'BCH chi đoàn đồng ý ngày 05/01/2026: đóng theo quý'."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("dues profile")
        verbose_name_plural = _("dues profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(months_per_payment__gte=1, months_per_payment__lte=12),
                name="dues_profile_months_per_payment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.category}"


class Remittance(models.Model):
    """Dues a unit sends to its direct upper unit for a period (trích nộp đoàn phí): the
    gross it collected or received, the share it keeps, and what it sends up."""

    from_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="dues_remittances_sent",
        verbose_name=_("from unit"),
    )
    from_path = models.CharField(max_length=255, editable=False)
    to_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="dues_remittances_received",
        verbose_name=_("to unit"),
    )
    to_path = models.CharField(max_length=255, editable=False)
    first_month = models.PositiveIntegerField(_("period from"))
    last_month = models.PositiveIntegerField(_("period until"))
    gross = models.PositiveBigIntegerField(_("collected or received (VND)"))
    retained = models.PositiveBigIntegerField(_("kept (VND)"))
    remitted = models.PositiveBigIntegerField(_("sent up (VND)"))
    retained_share = models.CharField(_("share kept"), max_length=12)
    remitted_on = models.DateField(_("remitted on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receipt confirmed by"),
    )
    confirmed_on = models.DateField(_("receipt confirmed on"), null=True, blank=True)
    # The upper unit's own remittance that carried this one further up.
    included_in = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="included"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-last_month", "from_path"]
        verbose_name = _("dues remittance (trích nộp đoàn phí)")
        verbose_name_plural = _("dues remittances")
        constraints = [
            models.UniqueConstraint(
                fields=["from_unit", "first_month"], name="dues_remittance_one_per_period"
            ),
            models.CheckConstraint(
                condition=Q(last_month__gte=F("first_month")), name="dues_remittance_period"
            ),
            models.CheckConstraint(
                condition=Q(gross=F("retained") + F("remitted")), name="dues_remittance_sums"
            ),
        ]
        indexes = [
            # What a unit received and has not yet passed on (its next remittance).
            models.Index(fields=["to_unit", "included_in"], name="dues_rem_to_pending"),
            # A unit's remittances by period (the overdue warning, the remittance page).
            models.Index(fields=["from_unit", "last_month"], name="dues_rem_from_last"),
            models.Index(fields=["to_path", "last_month"], name="dues_rem_to_path"),
        ]

    def __str__(self) -> str:
        return f"{self.from_unit_id} → {self.to_unit_id} [{self.first_month}–{self.last_month}]"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_on is not None

    @property
    def period_label(self) -> str:
        return months.span_label(self.first_month, self.last_month)


class DuesPayment(models.Model):
    """One month of dues paid by one member, collected by a branch."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="dues_payments", verbose_name=_("member")
    )
    month = models.PositiveIntegerField(_("month"))
    amount = models.PositiveIntegerField(_("amount (VND)"))
    category = models.CharField(_("dues category"), max_length=16, choices=DuesCategory.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("collected by")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    paid_on = models.DateField(_("paid on"))
    months_paid_together = models.PositiveSmallIntegerField(_("months paid together"), default=1)
    remittance = models.ForeignKey(
        Remittance, on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["member_id", "month"]
        verbose_name = _("dues payment")
        verbose_name_plural = _("dues payments")
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="dues_payment_one_per_month"),
        ]
        indexes = [
            # The branch's month screen and its collections by month.
            models.Index(fields=["unit", "month"], name="dues_payment_unit_month"),
            # Payments not yet remitted (a small share of the table): the next remittance.
            models.Index(
                fields=["unit", "month"],
                condition=Q(remittance__isnull=True),
                name="dues_payment_pending",
            ),
            models.Index(fields=["remittance"], name="dues_payment_remittance"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.month}: {self.amount}"

    @property
    def month_label(self) -> str:
        return months.label(self.month)


class DuesExemption(models.Model):
    """Dues exemption for a member in hardship (miễn đoàn phí), decided by the executive
    committee of the grassroots union for at most the months the rules allow."""

    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="dues_exemptions",
        verbose_name=_("member"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    first_month = models.PositiveIntegerField(_("from month"))
    last_month = models.PositiveIntegerField(_("until month"))
    reason = models.TextField(_("reason"))
    decision_number = models.CharField(_("decision number"), max_length=60)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["member_id", "first_month"]
        verbose_name = _("dues exemption (miễn đoàn phí)")
        verbose_name_plural = _("dues exemptions")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_month__gte=F("first_month")), name="dues_exemption_period"
            ),
        ]
        indexes = [
            models.Index(fields=["member", "first_month"], name="dues_exemption_member"),
            models.Index(fields=["unit", "first_month"], name="dues_exemption_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} [{self.first_month}–{self.last_month}]"

    @property
    def months(self) -> int:
        return self.last_month - self.first_month + 1

    @property
    def period_label(self) -> str:
        return months.span_label(self.first_month, self.last_month)
