"""The "Đoàn cơ sở 3 chủ động" cycle (domain.md section 1).

- `Framework` → `Pillar` → `Criterion`: a criteria table issued by a unit (the central
  guidance, or a province's own adjusted copy) for a five-year period, with its scoring
  and recognition rule. Data, never code: a new guidance is a new framework.
- `IndicatorValue`: a computed indicator of one unit's subtree for one year, stored so
  that pages and dashboards read rows instead of counting live records, and history stays.
- `Cycle`: one grassroots union's year (the plan it registered with its direct upper
  level, who follows it, its self-assessment and the upper level's review, the decision
  that recognised it). One row per unit and year, with a state, so that dashboards count
  indexed rows.
- `CriterionScore`, `Evidence`: the per-criterion self-assessment and review.
- `Decision`: a recognition decision (Quyết định công nhận) of the upper level.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chudong.orgs.models import Unit


class RecognitionRule(models.TextChoices):
    ALL_PILLARS = "all_pillars", _("Every criterion of every pillar met")
    POINTS = "points", _("At least N points, no criterion below M")


class ScoringKind(models.TextChoices):
    MET = "met", _("Met / not met")
    POINTS = "points", _("Points")


class Framework(models.Model):
    """A criteria table (bảng tiêu chí) for one period, issued by a unit."""

    # Empty for the central guidance (it applies everywhere), else the province or other
    # unit that issued its own table for its subtree.
    issuer = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("issuing unit"),
    )  # fmt: skip
    issuer_path = models.CharField(max_length=255, editable=False, blank=True)
    name = models.CharField(_("name"), max_length=300)
    document = models.CharField(
        _("guidance document"), max_length=300, blank=True,
        help_text=_("e.g. Hướng dẫn số 18-HD/TWĐTN-BTC, 24/5/2023"),
    )  # fmt: skip
    start_year = models.PositiveSmallIntegerField(_("period from (year)"))
    end_year = models.PositiveSmallIntegerField(_("period until (year)"))
    rule = models.CharField(_("recognition rule"), max_length=16, choices=RecognitionRule.choices)
    min_points = models.PositiveSmallIntegerField(_("minimum total points"), null=True, blank=True)
    min_criterion_points = models.PositiveSmallIntegerField(
        _("minimum points of each criterion"), null=True, blank=True
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="copies",
        verbose_name=_("copied from"),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["issuer_path"])

    class Meta:
        ordering = ["-start_year", "issuer_path"]
        verbose_name = _("criteria framework (bảng tiêu chí 3 chủ động)")
        verbose_name_plural = _("criteria frameworks")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "start_year"], name="recognition_fw_once"),
            models.UniqueConstraint(
                fields=["start_year"],
                condition=Q(issuer__isnull=True),
                name="recognition_fw_central_once",
            ),
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="recognition_fw_period"
            ),
        ]
        indexes = [models.Index(fields=["issuer_path", "start_year"], name="recognition_fw_path")]

    def __str__(self) -> str:
        return f"{self.name} ({self.start_year}–{self.end_year})"


class Pillar(models.Model):
    """One of the three "chủ động" (nội dung)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="pillars")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=400)

    class Meta:
        ordering = ["framework", "number"]
        verbose_name = _("pillar (nội dung chủ động)")
        verbose_name_plural = _("pillars")
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="recognition_pillar_once")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Criterion(models.Model):
    """A sub-criterion (tiêu chí) with its scoring and, optionally, a computed indicator
    that suggests the score: met when the indicator reaches `threshold` (a percentage for
    an indicator with a denominator, a count otherwise)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="criteria")
    pillar = models.ForeignKey(Pillar, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("code"), max_length=10)
    title = models.TextField(_("wording"))
    scoring = models.CharField(_("scoring"), max_length=8, choices=ScoringKind.choices,
                               default=ScoringKind.MET)  # fmt: skip
    max_points = models.PositiveSmallIntegerField(_("maximum points"), default=1)
    indicator_code = models.CharField(_("computed indicator"), max_length=60, blank=True)
    threshold = models.DecimalField(
        _("indicator threshold"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["framework", "order", "code"]
        verbose_name = _("criterion (tiêu chí)")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="recognition_crit_once")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:60]}"


class IndicatorValue(models.Model):
    """A computed indicator of one unit's subtree in one year (numerator / denominator;
    no denominator for a plain count)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    unit_path = models.CharField(max_length=255)
    year = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=60)
    numerator = models.PositiveIntegerField(default=0)
    denominator = models.PositiveIntegerField(null=True, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "code"], name="recognition_iv_once")
        ]
        indexes = [
            models.Index(fields=["year", "code", "unit_path"], name="recognition_iv_year_path")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.year}: {self.numerator}/{self.denominator}"

    @property
    def percent(self) -> float | None:
        if not self.denominator:
            return None
        return round(100 * self.numerator / self.denominator, 1)


class CycleState(models.TextChoices):
    OPEN = "open", _("Not registered")
    REGISTERED = "registered", _("Plan registered")
    SUBMITTED = "submitted", _("Self-assessment submitted")
    RETURNED = "returned", _("Returned for revision")
    REVIEWED = "reviewed", _("Reviewed")
    RECOGNISED = "recognised", _("Recognised")
    REVOKED = "revoked", _("Recognition revoked")


# States in which the unit has registered its plan (for the dashboards' counts).
REGISTERED_STATES = ("registered", "submitted", "returned", "reviewed", "recognised", "revoked")
SUBMITTED_STATES = ("submitted", "reviewed", "recognised", "revoked")
REVIEWED_STATES = ("reviewed", "recognised", "revoked")


class Decision(models.Model):
    """A recognition decision (Quyết định công nhận Đoàn cơ sở 3 chủ động)."""

    issuer = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("issuing unit")
    )
    issuer_path = models.CharField(max_length=255, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.CharField(_("decision number"), max_length=60,
                              help_text=_("e.g. 125-QĐ/TĐTN"))  # fmt: skip
    signed_on = models.DateField(_("signed on"))
    place = models.CharField(_("place"), max_length=100, help_text=_("e.g. Hải Phòng"))
    signer_name = models.CharField(_("signed by"), max_length=200)
    signer_title = models.CharField(
        _("signer's position"), max_length=200, help_text=_("e.g. PHÓ BÍ THƯ")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["issuer_path"])

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = _("recognition decision")
        verbose_name_plural = _("recognition decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "number"], name="recognition_decision_number_once"
            )
        ]
        indexes = [models.Index(fields=["issuer_path", "year"], name="recognition_dec_path")]

    def __str__(self) -> str:
        return self.number


class Cycle(models.Model):
    """One grassroots union's 3 chủ động year."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))  # fmt: skip
    unit_path = models.CharField(max_length=255, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="cycles")
    upper_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered with")
    )
    state = models.CharField(_("state"), max_length=12, choices=CycleState.choices,
                             default=CycleState.OPEN)  # fmt: skip
    approach = models.TextField(_("approach (phương án)"), blank=True)
    solutions = models.TextField(_("solutions (giải pháp)"), blank=True)
    roadmap = models.TextField(_("roadmap (lộ trình)"), blank=True)
    focus = models.ManyToManyField(Criterion, blank=True, related_name="+",
                                   verbose_name=_("criteria to focus on"))  # fmt: skip
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("followed by"),
    )  # fmt: skip
    submitted_on = models.DateField(_("self-assessment submitted on"), null=True, blank=True)
    returned_reason = models.TextField(_("reason for returning"), blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    own_total = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    review_total = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("meets the recognition rule"), null=True, blank=True)
    # Maintained by the indicator computation: how many criteria's computed indicators are
    # below their threshold now (the mid-year warning counts cycles where this is > 0).
    weak_criteria = models.PositiveSmallIntegerField(default=0, editable=False)
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="cycles"
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["unit_path", "updated_at"])

    class Meta:
        ordering = ["unit_path", "-year"]
        verbose_name = _("3 chủ động year of a unit")
        verbose_name_plural = _("3 chủ động years")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="recognition_cycle_once")
        ]
        indexes = [
            models.Index(fields=["year", "unit_path", "state"], name="recognition_cycle_path"),
            models.Index(fields=["upper_unit", "year", "state"], name="recognition_cycle_upper"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}"


class CriterionScore(models.Model):
    """The unit's own score and the upper level's score of one criterion."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    numerator = models.PositiveIntegerField(null=True, blank=True)
    denominator = models.PositiveIntegerField(null=True, blank=True)
    own_score = models.DecimalField(_("own score"), max_digits=5, decimal_places=2, null=True,
                                    blank=True)  # fmt: skip
    narrative = models.TextField(_("what the unit did"), blank=True)
    review_score = models.DecimalField(_("upper level's score"), max_digits=5, decimal_places=2,
                                       null=True, blank=True)  # fmt: skip
    review_comment = models.TextField(_("upper level's comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion__order"]
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "criterion"], name="recognition_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}/{self.criterion_id}"


def _evidence_path(instance: Evidence, filename: str) -> str:
    return f"recognition/evidence/{instance.cycle_id}/{filename}"


class Evidence(models.Model):
    """A file (minutes, photos, reports) behind a criterion of a self-assessment."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to=_evidence_path, max_length=200)
    name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")  # fmt: skip
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class StateCount(models.Model):
    """Roll-up the dashboards read: the 3 chủ động years of `year` in `state` among the
    grassroots unions of `unit`'s subtree (the unit itself included). Maintained by the
    services that move a cycle from one state to another (`rollups.shift`), rebuilt for a
    subtree by the nightly command (`rollups.rebuild`). Derived data: no history."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    year = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=12, choices=CycleState.choices)
    cycles = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("3 chủ động roll-up by state")
        verbose_name_plural = _("3 chủ động roll-ups by state")
        constraints = [
            # Also the index the dashboard reads by: unit_id IN (the unit and its children).
            models.UniqueConstraint(
                fields=["unit", "year", "state"], name="recognition_statecount_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.state}: {self.cycles}"


class CriterionCount(models.Model):
    """Roll-up of the accepted reviews of `year` in `unit`'s subtree for one criterion
    code: how many reviews, and the sum of each review's score as a percentage of the
    criterion's maximum (so that met/not-met and points tables compare alike)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    year = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=10)
    reviewed = models.IntegerField(default=0)
    share_sum = models.FloatField(default=0)

    class Meta:
        verbose_name = _("3 chủ động roll-up by criterion")
        verbose_name_plural = _("3 chủ động roll-ups by criterion")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "code"], name="recognition_critcount_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.code}: {self.reviewed}"
