"""Pillar three, criteria 3.2 and 3.3: a unit's cadres and the members it introduces to
the Party.

Cadres build on the role assignments of `chudong.access`: a post held *is* a
RoleAssignment (who, which role, at which unit, from when to when). This app adds what the
assignment does not say (`Post`: the term, full-time or part-time, elected or appointed),
the terms and congresses that fix the size of each body (`Term`), the courses a cadre took
(`Training`), their yearly evaluation (`Evaluation`) and the planning lists for future
posts (`PlanningEntry`).

Party introduction (`PartyIntroduction`) follows one outstanding member through the steps:
chosen, Party awareness class, the union's introduction letter, outcome. Every row that
belongs to a unit keeps a copy of the unit's path (`unit_path`) for subtree roll-ups.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chudong.access.models import Role, RoleAssignment
from chudong.members.models import Member, PoliticalTheory
from chudong.orgs.models import Unit

# The bodies of a unit's leadership and the seeded role codes that sit on them. The
# secretary and deputies are members of the standing committee, and every standing
# committee member is a member of the executive committee (Điều lệ Đoàn).
SECRETARY = "secretary"
DEPUTY = "deputy-secretary"
STANDING = "standing-committee"
EXECUTIVE = "executive-committee"
INSPECTION = "inspection-committee"
BODY_ROLES: dict[str, frozenset[str]] = {
    "secretary": frozenset({SECRETARY}),
    "deputy": frozenset({DEPUTY}),
    "standing": frozenset({SECRETARY, DEPUTY, STANDING}),
    "executive": frozenset({SECRETARY, DEPUTY, STANDING, EXECUTIVE}),
    "inspection": frozenset({INSPECTION}),
}
CADRE_ROLES: frozenset[str] = frozenset().union(*BODY_ROLES.values())


def _certificate_path(instance: Training, filename: str) -> str:
    return f"cadres/certificates/{instance.unit_path[:8]}/{filename}"


def _party_path(instance: PartyIntroduction, filename: str) -> str:
    return f"cadres/party/{instance.unit_path[:8]}/{filename}"


# --- Terms and congresses ------------------------------------------------------------


class Term(models.Model):
    """A term (nhiệm kỳ) of a unit's leadership: the congress that elected it (or the
    decision that appointed a provisional committee) and the size of each body."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="cadre_terms", verbose_name=_("unit")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    provisional = models.BooleanField(
        _("provisional committee (lâm thời)"),
        default=False,
        help_text=_("Appointed by the upper level until the first congress."),
    )
    congress_number = models.PositiveSmallIntegerField(
        _("congress number (lần thứ)"), null=True, blank=True
    )
    congress_on = models.DateField(_("congress held on"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    starts_on = models.DateField(_("term starts on"))
    ends_on = models.DateField(_("term ends on"))
    executive_size = models.PositiveSmallIntegerField(_("executive committee members (BCH)"))
    standing_size = models.PositiveSmallIntegerField(_("standing committee members (BTV)"))
    deputy_size = models.PositiveSmallIntegerField(_("deputy secretaries"), default=1)
    inspection_size = models.PositiveSmallIntegerField(
        _("inspection committee members (UBKT)"), default=0
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["unit_path"])

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("term (nhiệm kỳ)")
        verbose_name_plural = _("terms")
        indexes = [
            models.Index(fields=["unit", "starts_on"], name="cadres_term_unit"),
            models.Index(fields=["unit_path", "ends_on"], name="cadres_term_path_end"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="cadres_term_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on:%Y}–{self.ends_on:%Y}"

    def label(self) -> str:
        return f"{self.starts_on:%Y}–{self.ends_on:%Y}"

    def size_of(self, body: str) -> int:
        return {
            "secretary": 1,
            "deputy": self.deputy_size,
            "standing": self.standing_size,
            "executive": self.executive_size,
            "inspection": self.inspection_size,
        }[body]


class Employment(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time (chuyên trách)")
    PART_TIME = "part_time", _("Part-time (kiêm nhiệm)")


class PostMode(models.TextChoices):
    ELECTED = "elected", _("Elected at the congress or a conference")
    APPOINTED = "appointed", _("Appointed (provisional or designated)")


class Post(models.Model):
    """What a leadership role assignment does not say: its term, full-time or part-time,
    elected or appointed. One per assignment; the assignment stays the record of who holds
    which post from when to when."""

    assignment = models.OneToOneField(
        RoleAssignment,
        on_delete=models.CASCADE,
        related_name="cadre_post",
        verbose_name=_("role assignment"),
    )
    term = models.ForeignKey(
        Term,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("term"),
    )
    employment = models.CharField(
        _("full-time or part-time"),
        max_length=12,
        choices=Employment.choices,
        default=Employment.PART_TIME,
    )
    mode = models.CharField(
        _("elected or appointed"), max_length=12, choices=PostMode.choices, default=PostMode.ELECTED
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("post details")
        verbose_name_plural = _("post details")

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.employment}, {self.mode}"


# --- Training, evaluation, planning --------------------------------------------------


class TrainingKind(models.TextChoices):
    POLITICAL_THEORY = "political_theory", _("Political theory")
    UNION_SKILLS = "union_skills", _("Youth Union work skills")
    MANAGEMENT = "management", _("State management")
    OTHER = "other", _("Other course")


class Training(models.Model):
    """A course a cadre took (bồi dưỡng, đào tạo) and its certificate."""

    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cadre_trainings",
        verbose_name=_("cadre"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by (unit)")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    kind = models.CharField(_("kind of course"), max_length=20, choices=TrainingKind.choices)
    theory_level = models.CharField(
        _("political theory level"), max_length=16, blank=True, choices=PoliticalTheory.choices
    )
    course = models.CharField(_("course"), max_length=200)
    organiser = models.CharField(_("organised by"), max_length=200, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=100, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    certificate = models.FileField(
        _("certificate"), upload_to=_certificate_path, blank=True, max_length=200
    )
    certificate_name = models.CharField(max_length=200, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["unit_path"])

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("cadre training")
        verbose_name_plural = _("cadre trainings")
        indexes = [models.Index(fields=["cadre", "starts_on"], name="cadres_training_cadre")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="cadres_training_period",
            ),
        ]

    def __str__(self) -> str:
        return self.course


class EvaluationLevel(models.TextChoices):
    EXCELLENT = "excellent", _("Completed the tasks excellently")
    GOOD = "good", _("Completed the tasks well")
    COMPLETED = "completed", _("Completed the tasks")
    NOT_COMPLETED = "not_completed", _("Did not complete the tasks")


class Evaluation(models.Model):
    """A cadre's yearly evaluation (đánh giá, xếp loại cán bộ) by the unit of their post."""

    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cadre_evaluations",
        verbose_name=_("cadre"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("evaluation"), max_length=16, choices=EvaluationLevel.choices)
    comment = models.TextField(_("strengths, weaknesses and comments"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["unit_path"])

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("cadre evaluation")
        verbose_name_plural = _("cadre evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "unit", "year"], name="cadres_one_evaluation_per_year"
            ),
        ]
        indexes = [models.Index(fields=["unit_path", "year"], name="cadres_eval_path_year")]

    def __str__(self) -> str:
        return f"{self.cadre_id} {self.year}: {self.level}"


class PlanningStatus(models.TextChoices):
    PLANNED = "planned", _("In the plan")
    APPOINTED = "appointed", _("Took up the post")
    REMOVED = "removed", _("Taken off the plan")


class PlanningEntry(models.Model):
    """A member on a unit's planning list (quy hoạch) for a future post."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="cadre_planning",
        verbose_name=_("member"),
    )
    role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="+", verbose_name=_("planned for the post")
    )
    period = models.CharField(_("planning period"), max_length=20, help_text=_("e.g. 2025–2030"))
    added_on = models.DateField(_("added on"))
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=PlanningStatus.choices, default=PlanningStatus.PLANNED
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["unit_path"])

    class Meta:
        ordering = ["role__order", "member__sort_key", "id"]
        verbose_name = _("planning entry (quy hoạch)")
        verbose_name_plural = _("planning list")
        indexes = [models.Index(fields=["unit", "status"], name="cadres_planning_unit")]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "member", "role", "period"], name="cadres_planning_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.role_id} ({self.period})"


# --- Party introduction --------------------------------------------------------------


class ClassResult(models.TextChoices):
    PENDING = "", _("Not finished yet")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Did not pass")


class Outcome(models.TextChoices):
    PENDING = "pending", _("Being considered")
    ADMITTED = "admitted", _("Admitted to the Party")
    NOT_ADMITTED = "not_admitted", _("Not admitted")
    WITHDRAWN = "withdrawn", _("No longer proposed")


class PartyIntroduction(models.Model):
    """One outstanding member (đoàn viên ưu tú) on the way to the Party: chosen, the Party
    awareness class, the union's introduction letter, the outcome."""

    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="party_introductions",
        verbose_name=_("member"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    chosen_on = models.DateField(_("chosen as outstanding member on"))
    grounds = models.TextField(_("grounds (ratings and record)"))
    class_name = models.CharField(_("Party awareness class"), max_length=200, blank=True)
    class_from = models.DateField(_("class from"), null=True, blank=True)
    class_to = models.DateField(_("class until"), null=True, blank=True)
    class_result = models.CharField(
        _("class result"), max_length=8, blank=True, choices=ClassResult.choices
    )
    certificate = models.FileField(
        _("class certificate"), upload_to=_party_path, blank=True, max_length=200
    )
    certificate_name = models.CharField(max_length=200, blank=True, editable=False)
    letter_number = models.CharField(_("introduction letter number"), max_length=60, blank=True)
    letter_on = models.DateField(_("introduction letter dated"), null=True, blank=True)
    letter_signer = models.CharField(_("signed by"), max_length=200, blank=True)
    letter_file = models.FileField(
        _("introduction letter (PDF)"), upload_to=_party_path, blank=True, max_length=200
    )
    letter_file_name = models.CharField(max_length=200, blank=True, editable=False)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING
    )
    outcome_on = models.DateField(_("outcome dated"), null=True, blank=True)
    party_cell = models.CharField(_("Party cell (chi bộ)"), max_length=200, blank=True)
    outcome_note = models.CharField(_("note on the outcome"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["unit_path"])

    class Meta:
        ordering = ["-chosen_on", "-id"]
        verbose_name = _("introduction to the Party")
        verbose_name_plural = _("introductions to the Party")
        indexes = [
            # Yearly figures of a subtree: introduced (letter) and admitted (outcome).
            models.Index(fields=["unit_path", "letter_on"], name="cadres_party_path_letter"),
            models.Index(fields=["unit_path", "outcome_on"], name="cadres_party_path_outcome"),
            models.Index(fields=["member"], name="cadres_party_member"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(outcome="pending"),
                name="cadres_party_one_open_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} ({self.chosen_on})"

    @property
    def class_recorded(self) -> bool:
        return bool(self.class_name)

    @property
    def introduced(self) -> bool:
        return self.letter_on is not None

    @property
    def closed(self) -> bool:
        return self.outcome != Outcome.PENDING

    @property
    def step(self) -> str:
        """The next step: class, letter, outcome, or done."""
        if self.closed:
            return "done"
        if self.class_result != ClassResult.PASSED:
            return "class"
        if not self.introduced:
            return "letter"
        return "outcome"
