"""Admission (kết nạp đoàn viên): one case per young person, step by step, from the
nomination to the card (domain.md 2.3).

nominated → class_done → introduced → applied → voted → confirmed → ceremony_held → admitted

Each step is a service in `procedures.services.admission` that checks the case is at the
step before it. The candidate is not a member yet: their basic data lives on the case and
becomes a Member (through the members services) when the card is issued.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chudong.members.models import ETHNICITY_CHOICES, Member, Sex
from chudong.members.models.member import national_id_validator, phone_validator
from chudong.orgs.models import Unit

from .common import ClosingFields, DecisionFields


class AdmissionState(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    CLASS_DONE = "class_done", _("Youth Union class completed")
    INTRODUCED = "introduced", _("Introducer recorded")
    APPLIED = "applied", _("Application submitted")
    VOTED = "voted", _("Approved by the branch, waiting for the upper level")
    CONFIRMED = "confirmed", _("Confirmed by the upper level")
    CEREMONY_HELD = "ceremony_held", _("Admission ceremony held")
    ADMITTED = "admitted", _("Admitted, card issued")
    NOT_APPROVED = "not_approved", _("Not approved by the branch")
    REFUSED = "refused", _("Not confirmed by the upper level")
    WITHDRAWN = "withdrawn", _("Withdrawn")


ADMISSION_OPEN_STATES: tuple[str, ...] = (
    AdmissionState.NOMINATED,
    AdmissionState.CLASS_DONE,
    AdmissionState.INTRODUCED,
    AdmissionState.APPLIED,
    AdmissionState.VOTED,
    AdmissionState.CONFIRMED,
    AdmissionState.CEREMONY_HELD,
)


class ClassResult(models.TextChoices):
    PASSED = "passed", _("Completed")
    FAILED = "failed", _("Not completed")


class IntroducerKind(models.TextChoices):
    MEMBER = "member", _("A Union member")
    PARTY_MEMBER = "party_member", _("A Party member (where there is no Union)")
    COLLECTIVE = "collective", _("A collective")


class Collective(models.TextChoices):
    YOUNG_PIONEERS = "chi_doi", _("The Young Pioneers' unit (chi đội)")
    YOUTH_FEDERATION = "chi_hoi", _("The Youth Federation's chapter (chi hội)")
    STUDENTS_ASSOCIATION = (
        "hoi_sinh_vien",
        _("The Students' Association chapter committee (Hội Sinh viên)"),
    )


class AdmissionCase(DecisionFields, ClosingFields):
    """The admission of one young person (hồ sơ kết nạp đoàn viên) in a branch."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch (chi đoàn)")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    state = models.CharField(
        _("step"), max_length=16, choices=AdmissionState.choices, default=AdmissionState.NOMINATED
    )
    # Link point for the register of youth who are not (yet) members, which another app
    # will keep: it becomes a ForeignKey then; until that register exists it stays empty.
    youth_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)

    # The candidate (not a member yet).
    full_name = models.CharField(_("full name"), max_length=202)
    full_name_folded = models.CharField(max_length=202, editable=False)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    date_of_birth = models.DateField(_("date of birth"))
    national_id = models.CharField(
        _("citizen ID (CCCD)"),
        max_length=12,
        null=True,
        blank=True,
        validators=[national_id_validator],
    )
    phone = models.CharField(_("phone"), max_length=10, blank=True, validators=[phone_validator])
    email = models.EmailField(_("e-mail"), blank=True)
    hometown = models.CharField(_("hometown (quê quán)"), max_length=300, blank=True)
    current_residence = models.CharField(_("current residence"), max_length=300, blank=True)
    occupation = models.CharField(_("occupation"), max_length=200, blank=True)
    workplace = models.CharField(_("workplace or school"), max_length=300, blank=True)
    education_level = models.CharField(
        _("general education (e.g. 12/12)"), max_length=20, blank=True
    )

    # 1. Nomination.
    nominated_on = models.DateField(_("nominated on"))
    nomination_note = models.CharField(_("proposed by / note"), max_length=300, blank=True)
    # 2. Youth Union class (lớp bồi dưỡng nhận thức về Đoàn).
    class_name = models.CharField(_("class"), max_length=200, blank=True)
    class_start = models.DateField(_("class from"), null=True, blank=True)
    class_end = models.DateField(_("class until"), null=True, blank=True)
    class_result = models.CharField(
        _("class result"), max_length=8, choices=ClassResult.choices, blank=True
    )
    # 3. Introducer.
    introducer_kind = models.CharField(
        _("introduced by"), max_length=16, choices=IntroducerKind.choices, blank=True
    )
    introducer_member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("introducing member"),
    )
    introducer_name = models.CharField(_("introducer's name"), max_length=202, blank=True)
    introducer_collective = models.CharField(
        _("introducing collective"), max_length=16, choices=Collective.choices, blank=True
    )
    introducer_known_since = models.DateField(
        _("worked or studied with the candidate since"), null=True, blank=True
    )
    introduced_on = models.DateField(_("introduced on"), null=True, blank=True)
    # 4. Application and background declaration (the files are Documents).
    application_date = models.DateField(_("application dated"), null=True, blank=True)
    # 5. Branch vote.
    vote_date = models.DateField(_("branch meeting on"), null=True, blank=True)
    members_present = models.PositiveIntegerField(_("members present"), null=True, blank=True)
    votes_for = models.PositiveIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("votes against"), null=True, blank=True)
    # 6. Upper-level confirming decision: DecisionFields.
    # 7. Ceremony.
    ceremony_date = models.DateField(_("ceremony on"), null=True, blank=True)
    ceremony_place = models.CharField(_("ceremony at"), max_length=300, blank=True)
    # 8. Card: the member record is created then.
    card_number = models.CharField(_("card number"), max_length=20, blank=True)
    card_issued_on = models.DateField(_("card issued on"), null=True, blank=True)
    member = models.OneToOneField(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="admission_case",
        verbose_name=_("member record"),
    )

    history = HistoricalRecords(excluded_fields=["full_name_folded", "updated_at"])

    class Meta:
        ordering = ["-nominated_on", "-id"]
        verbose_name = _("admission case (hồ sơ kết nạp)")
        verbose_name_plural = _("admission cases")
        indexes = [
            # A unit's cases (the subtree range), newest first, optionally by step.
            models.Index(fields=["unit_path", "state"], name="procedures_adm_path_state"),
            # Cases at one step across a province (the upper level's queue, warnings).
            models.Index(fields=["state", "unit_path"], name="procedures_adm_state_path"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(members_present__isnull=True)
                | Q(votes_for__isnull=True)
                | Q(votes_against__isnull=True)
                | Q(members_present__gte=F("votes_for") + F("votes_against")),
                name="procedures_adm_votes_within_present",
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        return self.state in ADMISSION_OPEN_STATES


class AdmissionSensitive(models.Model):
    """The candidate's ethnicity and religion: read only with members.sensitive, logged."""

    case = models.OneToOneField(
        AdmissionCase, on_delete=models.PROTECT, primary_key=True, related_name="sensitive"
    )
    ethnicity = models.CharField(
        _("ethnicity (dân tộc)"), max_length=40, choices=ETHNICITY_CHOICES, blank=True
    )
    religion = models.CharField(_("religion (tôn giáo)"), max_length=60, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("candidate's sensitive data")
        verbose_name_plural = _("candidates' sensitive data")

    def __str__(self) -> str:
        return f"sensitive data of admission case {self.case_id}"

    FIELDS = ("ethnicity", "religion")
