"""Care work of pillar one (criteria 1.3 and 1.5), casework in the spirit of CiviCase but
inside the Youth Union's privacy rules.

- `HardshipCase`: a member or young person in difficult circumstances (thanh niên có hoàn
  cảnh khó khăn), with the circumstances, a support plan (`SupportPlanItem`) and the
  support given (`Support`), open until it is closed with an outcome.
- `RightsCase`: a request to protect the legitimate rights and interests of a member or
  young person (bảo vệ quyền và lợi ích hợp pháp): intake, a handler, dated handling steps
  (`RightsStep`), a referral, the outcome and the requester's confirmation. Its deadlines
  come from the dated rules `care.rights_first_response_days` / `care.rights_close_days`
  at intake and are stored on the case, so the overdue warning is an indexed range.
- `CareFile`: evidence and plans attached to either kind of case.

Every row carries a copy of its unit's path, so that the counts shown to readers without
the sensitive capability are one range scan of the subtree. Names, circumstances and the
content of requests are personal data (some of it sensitive under Decree 13/2023): they
are read only with members.sensitive, and every read is logged (see selectors).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chudong.members.models import Member
from chudong.orgs.models import Unit


class Circumstance(models.TextChoices):
    """Kinds of difficulty (criterion 1.3); a case may have several. Each is a boolean
    column of HardshipCase (`CIRCUMSTANCE_FIELDS`) so that counts per kind are one scan."""

    POOR = "poor", _("Poor household (hộ nghèo)")
    NEAR_POOR = "near_poor", _("Near-poor household (hộ cận nghèo)")
    DISABILITY = "disability", _("Disability")
    ORPHAN = "orphan", _("Orphan")
    ETHNIC_MINORITY = "ethnic_minority", _("Ethnic minority")
    RELIGIOUS = "religious", _("Religious youth")
    DROPOUT = "dropout", _("Dropped out of school")
    UNEMPLOYED = "unemployed", _("Unemployed")
    ADDICTION = "addiction", _("Addiction or after treatment")
    OTHER = "other", _("Other circumstance")


CIRCUMSTANCE_FIELDS = {code: f"is_{code}" for code in Circumstance.values}


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Being followed")
    CLOSED = "closed", _("Case closed")


class HardshipCase(models.Model):
    """One person in difficult circumstances, followed by a unit until the case closes."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="hardship_cases", verbose_name=_("unit")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    # Either a member of the register, or a young person described here.
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hardship_cases",
        verbose_name=_("member"),
    )
    person_name = models.CharField(_("full name of the young person"), max_length=202, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    residence = models.CharField(_("lives at"), max_length=300, blank=True)
    is_poor = models.BooleanField(Circumstance.POOR.label, default=False)
    is_near_poor = models.BooleanField(Circumstance.NEAR_POOR.label, default=False)
    is_disability = models.BooleanField(Circumstance.DISABILITY.label, default=False)
    is_orphan = models.BooleanField(Circumstance.ORPHAN.label, default=False)
    is_ethnic_minority = models.BooleanField(Circumstance.ETHNIC_MINORITY.label, default=False)
    is_religious = models.BooleanField(Circumstance.RELIGIOUS.label, default=False)
    is_dropout = models.BooleanField(Circumstance.DROPOUT.label, default=False)
    is_unemployed = models.BooleanField(Circumstance.UNEMPLOYED.label, default=False)
    is_addiction = models.BooleanField(Circumstance.ADDICTION.label, default=False)
    is_other = models.BooleanField(Circumstance.OTHER.label, default=False)
    details = models.TextField(_("the circumstances in detail"), blank=True)
    opened_on = models.DateField(_("listed on"))
    status = models.CharField(
        _("status"), max_length=8, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    # Kept by the services so that "with a plan" and "supported this year" are counted
    # from this table alone.
    has_plan = models.BooleanField(default=False, editable=False)
    last_support_on = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["unit_path", "updated_at"])

    class Meta:
        ordering = ["unit_path", "-opened_on", "-id"]
        verbose_name = _("youth in difficulty (thanh niên có hoàn cảnh khó khăn)")
        verbose_name_plural = _("youth in difficulty")
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(person_name=""),
                name="care_hardship_person_named",
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True)
                | Q(status="closed", closed_on__isnull=False),
                name="care_hardship_closed_dated",
            ),
        ]
        indexes = [
            # Counts and lists of a subtree: one range on the path.
            models.Index(fields=["unit_path", "status"], name="care_hardship_path"),
            models.Index(fields=["member"], name="care_hardship_member"),
        ]

    def __str__(self) -> str:
        return f"hardship case {self.pk}"

    @property
    def display_name(self) -> str:
        return self.member.full_name if self.member_id else self.person_name

    @property
    def circumstances(self) -> list[str]:
        return [code for code, field in CIRCUMSTANCE_FIELDS.items() if getattr(self, field)]

    def circumstance_labels(self) -> list[str]:
        return [Circumstance(code).label for code in self.circumstances]


class SupportPlanItem(models.Model):
    """One line of the support plan: what, who is responsible, by when."""

    case = models.ForeignKey(HardshipCase, on_delete=models.CASCADE, related_name="plan_items")
    what = models.CharField(_("support planned"), max_length=300)
    responsible = models.CharField(_("responsible"), max_length=200)
    due_on = models.DateField(_("by"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("support plan item")
        verbose_name_plural = _("support plan")

    def __str__(self) -> str:
        return self.what


class SupportKind(models.TextChoices):
    CASH = "cash", _("Cash")
    IN_KIND = "in_kind", _("In kind")
    SCHOLARSHIP = "scholarship", _("Scholarship")
    JOB = "job", _("Job referral")
    HEALTH = "health", _("Health care")
    LEGAL = "legal", _("Legal aid")
    OTHER = "other", _("Other support")


class Support(models.Model):
    """Support given to a case. The sponsor is text for now; the resources mobilised in
    pillar three will add a nullable link beside it (sponsor stays as the shown name)."""

    case = models.ForeignKey(HardshipCase, on_delete=models.CASCADE, related_name="supports")
    kind = models.CharField(_("kind of support"), max_length=16, choices=SupportKind.choices)
    value_vnd = models.PositiveBigIntegerField(_("value (VND)"), default=0)
    given_on = models.DateField(_("given on"))
    sponsor_name = models.CharField(_("sponsor"), max_length=200, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("support given")
        verbose_name_plural = _("support given")

    def __str__(self) -> str:
        return f"{self.kind} {self.value_vnd}"


class RightsArea(models.TextChoices):
    LABOUR = "labour", _("Labour and employment")
    STUDY = "study", _("Study")
    LEGAL = "legal", _("Legal matters")
    HEALTH = "health", _("Health")
    FAMILY = "family", _("Family")
    VIOLENCE = "violence", _("Violence and abuse")
    ONLINE = "online", _("Online harm")
    OTHER = "other", _("Other matter")


class RequesterKind(models.TextChoices):
    MEMBER = "member", _("A member")
    YOUTH = "youth", _("A young person (not a member)")
    ANONYMOUS = "anonymous", _("Anonymous")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone or hotline")
    LETTER = "letter", _("Letter or petition")
    ONLINE = "online", _("Online (Zalo, Facebook, e-mail)")
    MEETING = "meeting", _("Branch meeting or dialogue")
    OTHER = "other", _("Other channel")


class RightsStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    HANDLING = "handling", _("Being handled")
    CLOSED = "closed", _("Case closed")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    NOT_SATISFIED = "not_satisfied", _("Not satisfied")


class RightsCase(models.Model):
    """A request or case to protect a member's or young person's rights (criterion 1.5)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="rights_cases", verbose_name=_("unit")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    area = models.CharField(_("area"), max_length=16, choices=RightsArea.choices)
    requester_kind = models.CharField(_("requester"), max_length=12, choices=RequesterKind.choices)
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rights_cases",
        verbose_name=_("member"),
    )
    requester_name = models.CharField(_("requester's name"), max_length=202, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    summary = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("what is asked"))
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("received through"), max_length=12, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=RightsStatus.choices, default=RightsStatus.RECEIVED
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rights_cases_handled",
        verbose_name=_("handler"),
    )
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    # Deadlines fixed at intake from the rules in force on the day received.
    respond_by = models.DateField(_("first response due"))
    close_by = models.DateField(_("to be settled by"))
    first_response_on = models.DateField(_("first response on"), null=True, blank=True)
    referred_to = models.CharField(_("referred to (organisation)"), max_length=200, blank=True)
    referred_on = models.DateField(_("referred on"), null=True, blank=True)
    referral_contact = models.CharField(
        _("contact at that organisation"), max_length=200, blank=True
    )
    outcome = models.TextField(_("outcome"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    satisfaction = models.CharField(
        _("requester's confirmation"), max_length=16, choices=Satisfaction.choices, blank=True
    )
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["unit_path", "updated_at"])

    class Meta:
        ordering = ["unit_path", "-received_on", "-id"]
        verbose_name = _("rights case (bảo vệ quyền lợi)")
        verbose_name_plural = _("rights cases")
        constraints = [
            models.CheckConstraint(
                condition=~Q(requester_kind="member") | Q(member__isnull=False),
                name="care_rights_member_named",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False),
                name="care_rights_closed_dated",
            ),
        ]
        indexes = [
            models.Index(fields=["unit_path", "status"], name="care_rights_path"),
            # The overdue warning: open cases of a subtree past one of their deadlines.
            models.Index(fields=["status", "close_by", "unit_path"], name="care_rights_close_by"),
            models.Index(
                fields=["status", "respond_by", "unit_path"],
                name="care_rights_respond_by",
                condition=Q(first_response_on__isnull=True),
            ),
            models.Index(fields=["member"], name="care_rights_member"),
            models.Index(fields=["handler", "status"], name="care_rights_handler"),
        ]

    def __str__(self) -> str:
        return f"rights case {self.pk}"

    @property
    def display_name(self) -> str:
        if self.requester_kind == RequesterKind.MEMBER and self.member_id:
            return self.member.full_name
        if self.requester_kind == RequesterKind.ANONYMOUS:
            return str(_("Anonymous"))
        return self.requester_name

    def is_overdue(self, day) -> bool:
        if self.status == RightsStatus.CLOSED:
            return False
        late_response = self.first_response_on is None and self.respond_by < day
        return late_response or self.close_by < day


class RightsStep(models.Model):
    """A dated entry of the handling log (met the requester, asked the employer...)."""

    case = models.ForeignKey(RightsCase, on_delete=models.CASCADE, related_name="steps")
    on = models.DateField(_("date"))
    note = models.TextField(_("what was done"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("handling step")
        verbose_name_plural = _("handling steps")

    def __str__(self) -> str:
        return f"{self.on}: {self.note[:40]}"


class CareFile(models.Model):
    """Evidence or a plan attached to one case; served only through a scoped view."""

    hardship = models.ForeignKey(
        HardshipCase, on_delete=models.CASCADE, null=True, blank=True, related_name="files"
    )
    rights = models.ForeignKey(
        RightsCase, on_delete=models.CASCADE, null=True, blank=True, related_name="files"
    )
    file = models.FileField(upload_to="care/%Y/")
    original_name = models.CharField(_("file name"), max_length=130)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    description = models.CharField(_("what the file is"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("care case file")
        verbose_name_plural = _("care case files")
        constraints = [
            models.CheckConstraint(
                condition=Q(hardship__isnull=False, rights__isnull=True)
                | Q(hardship__isnull=True, rights__isnull=False),
                name="care_file_one_case",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def case(self):
        return self.hardship if self.hardship_id else self.rights
