"""Personal data duties of the unit that runs chudong, a data controller under the Personal
Data Protection Law (Law 91/2025/QH15) and Decree 356/2025/ND-CP (docs/privacy.md):

- consent per purpose for sensitive data (`ConsentPurpose` as data, `Consent` per member);
- the data subject's requests (see, correct, export, delete) with their legal deadline in
  working days (`SubjectRequest`, `Holiday` as dated data);
- anonymisation of those who left long ago (`AnonymisationRun`, `AnonymisedMember`);
- the register of processing activities (`ProcessingActivity`, data).

Rows about a member copy the member's unit and path (`unit_path`) so that a unit's
register and its overdue warning are one indexed subtree condition.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ConsentPurpose(models.Model):
    """A purpose for which chudong processes a member's sensitive data only with consent
    (seeded; a new purpose is data). `fields` names the data it covers."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description = models.TextField(_("what it is for (Vietnamese)"))
    description_en = models.TextField(_("what it is for (English)"))
    data = models.CharField(_("data concerned (Vietnamese)"), max_length=300)
    data_en = models.CharField(_("data concerned (English)"), max_length=300)
    active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("consent purpose")
        verbose_name_plural = _("consent purposes")

    def __str__(self) -> str:
        return self.name

    def label(self, language: str) -> str:
        return self.name_en if language == "en" else self.name


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("the member's consent for the purpose")
    CHARTER = "charter", _("the Youth Union Charter's member records")
    LAW = "law", _("a task or duty set by law")


class SensitiveFieldRule(models.Model):
    """On what legal basis chudong may show one sensitive field to officers, from a date
    (dated data, seeded from the register of processing activities: docs/privacy.md).

    `field` names the data: the fields of members.MemberSensitive, "family" (the family
    relations) and the other apps' sensitive data ("hardship"). With the basis "consent"
    the field is shown only for a member whose consent to `purpose` is open on the day;
    with another basis it is shown, and the page says on which basis. A field without a
    version in force is not shown at all. A new reading of the law is a new version."""

    field = models.CharField(_("sensitive field"), max_length=40)
    label = models.CharField(_("name (Vietnamese)"), max_length=120)
    label_en = models.CharField(_("name (English)"), max_length=120)
    valid_from = models.DateField(_("in force from"))
    basis = models.CharField(_("legal basis"), max_length=10, choices=LegalBasis.choices)
    purpose = models.ForeignKey(
        ConsentPurpose, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("consent purpose"),
    )  # fmt: skip
    basis_note = models.CharField(_("basis in words (Vietnamese)"), max_length=300, blank=True)
    basis_note_en = models.CharField(_("basis in words (English)"), max_length=300, blank=True)
    document = models.CharField(_("source document"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        ordering = ["field", "valid_from"]
        verbose_name = _("legal basis of a sensitive field")
        verbose_name_plural = _("legal bases of sensitive fields")
        constraints = [
            models.UniqueConstraint(fields=["field", "valid_from"], name="privacy_field_rule_day"),
            models.CheckConstraint(
                condition=~Q(basis="consent") | Q(purpose__isnull=False),
                name="privacy_field_rule_consent_purpose",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.field} {self.basis} ({self.valid_from:%d/%m/%Y})"

    def text(self, name: str, language: str) -> str:
        return getattr(self, f"{name}_en") if language == "en" else getattr(self, name)


class ConsentChannel(models.TextChoices):
    ONLINE = "online", _("given by the member on My pages")
    PAPER = "paper", _("signed on paper, recorded by the branch")


class Consent(models.Model):
    """A member's consent to one purpose: given on a date, possibly withdrawn later.

    A withdrawn consent stays (the record of what was allowed when); giving consent again
    is a new row. At most one open consent per member and purpose.
    """

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="consents",
        verbose_name=_("member (đoàn viên)"),
    )  # fmt: skip
    purpose = models.ForeignKey(
        ConsentPurpose, on_delete=models.PROTECT, related_name="consents",
        verbose_name=_("purpose"),
    )  # fmt: skip
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    given_on = models.DateField(_("given on"))
    channel = models.CharField(_("how"), max_length=10, choices=ConsentChannel.choices)
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("withdrawal recorded by"),
    )  # fmt: skip
    withdrawal_evidence = models.CharField(
        _("evidence of the withdrawal"), max_length=300, blank=True
    )

    history = HistoricalRecords(excluded_fields=["unit_path"])

    class Meta:
        ordering = ["purpose__order", "-given_on", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "purpose"],
                condition=Q(withdrawn_on__isnull=True),
                name="privacy_one_open_consent",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="privacy_consent_dates",
            ),
        ]
        indexes = [models.Index(fields=["member", "purpose"], name="privacy_consent_member")]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.purpose_id} ({self.given_on:%d/%m/%Y})"

    @property
    def is_open(self) -> bool:
        return self.withdrawn_on is None


class Holiday(models.Model):
    """A public holiday or day off in lieu (ngày nghỉ lễ, nghỉ bù): not a working day.

    Dated data, seeded from the Labour Code and the Government's notice for each year;
    the central administrator adds next year's dates when they are announced.
    """

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    source = models.CharField(_("source document"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"


class RequestKind(models.TextChoices):
    ACCESS = "access", _("see my data")
    EXPORT = "export", _("receive a copy of my data")
    CORRECT = "correct", _("correct my data")
    DELETE = "delete", _("delete my data")


class RequestChannel(models.TextChoices):
    ONLINE = "online", _("on My pages")
    PAPER = "paper", _("in writing or in person, recorded by the branch")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("awaiting a response")
    DONE = "done", _("done")
    PARTLY = "partly", _("partly done")
    REFUSED = "refused", _("refused, with the reason")


class SubjectRequest(models.Model):
    """A member's request about their own personal data, and the unit's response.

    `due_on` is the last day to respond: the received day plus the working days of the
    rule `privacy.request_response_working_days` (Saturdays, Sundays and `Holiday` rows
    skipped), fixed when the request is registered.
    """

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="data_requests",
        verbose_name=_("member (đoàn viên)"),
    )  # fmt: skip
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    kind = models.CharField(_("request"), max_length=10, choices=RequestKind.choices)
    details = models.TextField(_("details"), blank=True)
    channel = models.CharField(_("received"), max_length=10, choices=RequestChannel.choices)
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("respond by"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("registered by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    response = models.TextField(_("response"), blank=True)
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("responded by"),
    )  # fmt: skip
    cleared_fields = models.JSONField(_("data removed"), default=list, blank=True)

    history = HistoricalRecords(excluded_fields=["unit_path"])

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("data subject request")
        verbose_name_plural = _("data subject requests")
        indexes = [
            # The overdue warning and the open list: open requests of a subtree by deadline.
            models.Index(
                fields=["unit_path", "due_on"],
                condition=Q(status="open"),
                name="privacy_request_open",
            ),
            models.Index(fields=["unit_path", "received_on"], name="privacy_request_path"),
            models.Index(fields=["member", "received_on"], name="privacy_request_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.kind} ({self.received_on:%d/%m/%Y})"

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.OPEN


class AnonymisationRun(models.Model):
    """One run of the retention rule: its cut-off, and how many records it anonymised."""

    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    on = models.DateField(_("run for the day"))
    years = models.PositiveSmallIntegerField(_("kept for (years)"))
    cutoff = models.DateField(_("left before"))
    statuses = models.JSONField(_("statuses concerned"), default=list)
    anonymised = models.PositiveIntegerField(_("records anonymised"), default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("started by"),
    )  # fmt: skip
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("anonymisation run")
        verbose_name_plural = _("anonymisation runs")

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y}: {self.anonymised}"


class AnonymisedMember(models.Model):
    """A member record whose identifying data has been replaced (never undone)."""

    member = models.OneToOneField(
        "members.Member", on_delete=models.PROTECT, primary_key=True, related_name="anonymised"
    )
    unit_path = models.CharField(max_length=255)
    at = models.DateTimeField(_("anonymised at"), auto_now_add=True)
    run = models.ForeignKey(
        AnonymisationRun, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    request = models.ForeignKey(
        SubjectRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("anonymised member record")
        verbose_name_plural = _("anonymised member records")
        indexes = [models.Index(fields=["unit_path", "at"], name="privacy_anon_path")]

    def __str__(self) -> str:
        return f"{self.member_id} ({self.at:%d/%m/%Y})"


class ProcessingActivity(models.Model):
    """One entry of the register of processing activities (seeded data): why chudong
    processes which personal data, on what legal basis, how long, and who receives it."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    purpose = models.CharField(_("purpose"), max_length=300)
    purpose_en = models.CharField(_("purpose (English)"), max_length=300)
    subjects = models.CharField(_("whose data"), max_length=300)
    subjects_en = models.CharField(_("whose data (English)"), max_length=300)
    categories = models.TextField(_("data categories"))
    categories_en = models.TextField(_("data categories (English)"))
    sensitive = models.BooleanField(_("includes sensitive data"), default=False)
    legal_basis = models.TextField(_("legal basis"))
    legal_basis_en = models.TextField(_("legal basis (English)"))
    retention = models.CharField(_("kept for"), max_length=300)
    retention_en = models.CharField(_("kept for (English)"), max_length=300)
    recipients = models.CharField(_("recipients"), max_length=300)
    recipients_en = models.CharField(_("recipients (English)"), max_length=300)
    where_in_chudong = models.CharField(_("where in chudong"), max_length=300)
    order = models.PositiveSmallIntegerField(_("display order"), default=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("processing activity")
        verbose_name_plural = _("processing activities")

    def __str__(self) -> str:
        return self.purpose

    def text(self, field: str, language: str) -> str:
        return getattr(self, f"{field}_en") if language == "en" else getattr(self, field)
