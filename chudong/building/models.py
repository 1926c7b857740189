"""Organisation building, criterion 2.4: the "1+1" policy and new branches.

A `Referral` (giới thiệu "1+1") says that a member introduced a young person of the youth
register (`youth.Youth`) to the Đoàn or to the Hội in a given year. Its outcome is kept by
hand (pending, joined the Hội, declined), except admission to the Đoàn, which only the
admission procedure decides: a referral into the Đoàn counts as admitted as soon as the
young person's record is (the youth record follows its admission case), so the two can
never disagree.

Each referral keeps the referrer's branch and a copy of its path at the time of the
referral, so that a subtree's yearly figures are one range scan of (unit_path, year).
Founding a branch keeps no rows of its own: it is a restructuring (orgs) plus role
appointments (access).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chudong.members.models import Member
from chudong.orgs.models import Unit
from chudong.youth.models import Youth


class Into(models.TextChoices):
    DOAN = "doan", _("the Youth Union (Đoàn)")
    HOI = "hoi", _("the Youth Federation (Hội)")


class Outcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    ADMITTED = "admitted", _("Admitted to the Đoàn")
    JOINED_HOI = "joined_hoi", _("Joined the Hội")
    DECLINED = "declined", _("Declined")


class Referral(models.Model):
    """A member introduced a young person to the Đoàn or the Hội (giới thiệu "1+1")."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="referrals",
        verbose_name=_("introduced by"),
    )  # fmt: skip
    youth = models.ForeignKey(
        Youth, on_delete=models.PROTECT, related_name="referrals",
        verbose_name=_("young person introduced"),
    )  # fmt: skip
    # The referrer's branch when the referral was made (figures per branch and unit).
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    into = models.CharField(_("introduced into"), max_length=4, choices=Into.choices)
    referred_on = models.DateField(_("introduced on"))
    year = models.PositiveSmallIntegerField(editable=False)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING
    )
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("recorded by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["unit_path", "year", "updated_at"])

    class Meta:
        ordering = ["-referred_on", "-id"]
        verbose_name = _("1+1 referral (giới thiệu 1+1)")
        verbose_name_plural = _("1+1 referrals")
        indexes = [
            # A subtree's referrals of a year (unit pages, figures, plan measures).
            models.Index(fields=["unit_path", "year"], name="building_ref_path_year"),
            models.Index(fields=["member", "referred_on"], name="building_ref_member"),
        ]
        constraints = [
            # One open referral of a young person into each organisation: a second member
            # cannot claim the same person (a declined one may be introduced again).
            models.UniqueConstraint(
                fields=["youth", "into"],
                condition=~Q(outcome="declined"),
                name="building_ref_one_open",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="admitted") | Q(into="doan"),
                name="building_ref_admitted_into_doan",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="joined_hoi") | Q(into="hoi"),
                name="building_ref_joined_into_hoi",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.youth_id} ({self.into}, {self.referred_on})"

    @property
    def current_outcome(self) -> str:
        """The outcome as it stands: admission to the Đoàn comes from the youth record
        (which follows its admission case), whatever was entered by hand."""
        from chudong.youth.models import YouthStatus

        if self.into == Into.DOAN and self.youth.status == YouthStatus.ADMITTED:
            return Outcome.ADMITTED
        return self.outcome

    def get_current_outcome_display(self) -> str:
        return str(Outcome(self.current_outcome).label)

    @property
    def current_outcome_on(self):
        if self.current_outcome == Outcome.ADMITTED and self.outcome != Outcome.ADMITTED:
            member = self.youth.member
            return member.admission_date if member else None
        return self.outcome_on
