"""Discipline (kỷ luật) of a member (domain.md 2.10).

proposed → voted (the branch meeting approved, by secret ballot) → decided
                 ↘ not_approved
The forms listed in the rule discipline.upper_level_from are decided by the direct upper
unit of the grassroots union; the others by the branch itself.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chudong.access.models import RoleAssignment
from chudong.members.models import Member
from chudong.orgs.models import Unit

from .common import ClosingFields, DecisionFields


class DisciplineForm(models.TextChoices):
    # Codes match the rule discipline.upper_level_from.
    REPRIMAND = "reprimand", _("Reprimand (khiển trách)")
    WARNING = "warning", _("Warning (cảnh cáo)")
    REMOVAL = "removal", _("Removal from office (cách chức)")
    EXPULSION = "expulsion", _("Expulsion (khai trừ)")


class DisciplineState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, waiting for the branch meeting")
    VOTED = "voted", _("Approved by the branch, waiting for the decision")
    DECIDED = "decided", _("Decided")
    NOT_APPROVED = "not_approved", _("Not approved by the branch meeting")
    WITHDRAWN = "withdrawn", _("Withdrawn")


DISCIPLINE_OPEN_STATES: tuple[str, ...] = (DisciplineState.PROPOSED, DisciplineState.VOTED)


class DisciplineCase(DecisionFields, ClosingFields):
    """A disciplinary case against one member. The violation itself is in
    DisciplineViolation: members.sensitive only, every read logged."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch (chi đoàn)")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    state = models.CharField(
        _("step"), max_length=16, choices=DisciplineState.choices, default=DisciplineState.PROPOSED
    )
    form = models.CharField(_("form of discipline"), max_length=16, choices=DisciplineForm.choices)
    office_assignment = models.ForeignKey(
        RoleAssignment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("office removed from"),
    )
    office_label = models.CharField(_("office"), max_length=300, blank=True)
    proposed_on = models.DateField(_("proposed on"))
    # The branch meeting (secret ballot).
    meeting_date = models.DateField(_("branch meeting on"), null=True, blank=True)
    branch_members = models.PositiveIntegerField(_("members of the branch"), null=True, blank=True)
    members_present = models.PositiveIntegerField(_("members present"), null=True, blank=True)
    votes_for = models.PositiveIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("votes against"), null=True, blank=True)
    secret_ballot = models.BooleanField(_("by secret ballot"), default=False)
    # Fixed when the meeting approves, from the rule in force on the meeting date.
    upper_level_decides = models.BooleanField(_("decided by the upper level"), default=False)
    # After the decision.
    appeal_date = models.DateField(_("appeal lodged on"), null=True, blank=True)
    appeal_note = models.TextField(_("appeal and its outcome"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-proposed_on", "-id"]
        verbose_name = _("disciplinary case (kỷ luật)")
        verbose_name_plural = _("disciplinary cases")
        indexes = [
            models.Index(fields=["unit_path", "state"], name="procedures_disc_path_state"),
            models.Index(fields=["state", "unit_path"], name="procedures_disc_state_path"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(members_present__isnull=True)
                | Q(branch_members__isnull=True)
                | Q(branch_members__gte=F("members_present")),
                name="procedures_disc_present_within_members",
            ),
            models.CheckConstraint(
                condition=Q(members_present__isnull=True)
                | Q(votes_for__isnull=True)
                | Q(votes_against__isnull=True)
                | Q(members_present__gte=F("votes_for") + F("votes_against")),
                name="procedures_disc_votes_within_present",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()}: {self.member_id}"

    @property
    def is_open(self) -> bool:
        return self.state in DISCIPLINE_OPEN_STATES


class DisciplineViolation(models.Model):
    """What the member did: sensitive personal data (read with members.sensitive, logged)."""

    case = models.OneToOneField(
        DisciplineCase, on_delete=models.PROTECT, primary_key=True, related_name="violation"
    )
    violation = models.TextField(_("violation"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("violation")
        verbose_name_plural = _("violations")

    def __str__(self) -> str:
        return f"violation of disciplinary case {self.case_id}"
