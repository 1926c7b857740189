"""Commendations, membership cards and their reissue, and honorary members."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chudong.members.models import Member, Sex
from chudong.members.models.member import phone_validator
from chudong.orgs.models import Unit

from .common import ClosingFields, DecisionFields

# --- Commendation (khen thưởng) ------------------------------------------------------


class CommendationForm(models.TextChoices):
    CERTIFICATE = "certificate", _("Certificate of merit (giấy khen)")
    DIPLOMA = "diploma", _("Diploma of merit (bằng khen)")
    TITLE = "title", _("Emulation title (danh hiệu)")
    BADGE = "badge", _("Badge or medal (huy hiệu, kỷ niệm chương)")
    OTHER = "other", _("Other form")


class CommendationLevel(models.TextChoices):
    """The level of the body that commended, as the member book records it."""

    BRANCH = "branch", _("Branch (chi đoàn)")
    GRASSROOTS = "grassroots", _("Grassroots union (đoàn cơ sở)")
    UPPER = "upper", _("Upper level of the grassroots union")
    PROVINCE = "province", _("Province (Tỉnh đoàn, Thành đoàn)")
    CENTRAL = "central", _("Central Committee (Trung ương Đoàn)")
    STATE = "state", _("State or Party body")
    OTHER = "other", _("Other organisation")


class CommendationState(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    CANCELLED = "cancelled", _("Cancelled (entered by mistake)")


class Commendation(ClosingFields):
    """A commendation (khen thưởng) of a member, as written into the member book."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch (chi đoàn)")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=CommendationState.choices,
        default=CommendationState.RECORDED,
    )
    form = models.CharField(_("form"), max_length=16, choices=CommendationForm.choices)
    title = models.CharField(_("title"), max_length=300)
    level = models.CharField(
        _("commendation level"), max_length=16, choices=CommendationLevel.choices
    )
    issuer = models.CharField(_("issued by"), max_length=300)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    reason = models.TextField(_("for (achievement)"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-decision_date", "-id"]
        verbose_name = _("commendation (khen thưởng)")
        verbose_name_plural = _("commendations")
        indexes = [
            models.Index(fields=["unit_path", "decision_date"], name="procedures_comm_path_date"),
            models.Index(fields=["member", "decision_date"], name="procedures_comm_member"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.decision_date:%d/%m/%Y})"


# --- Membership cards (thẻ đoàn viên) -------------------------------------------------


class CardOrigin(models.TextChoices):
    ADMISSION = "admission", _("Issued at admission")
    ISSUE = "issue", _("Issued")
    REISSUE_LOST_CARD = "lost_card", _("Reissued: card lost")
    REISSUE_LOST_CARD_AND_BOOK = "lost_card_and_book", _("Reissued: card and member book lost")
    EARLIER = "earlier", _("Issued before it was recorded here")


class CardStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    VOIDED = "voided", _("Voided")


class MembershipCard(models.Model):
    """One card (thẻ đoàn viên) a member was given. A number is never used twice; a member
    holds at most one valid card, whose number Member.card_number repeats."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    number = models.CharField(
        _("card number"),
        max_length=20,
        unique=True,
        error_messages={"unique": _("This card number has already been issued.")},
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    origin = models.CharField(_("origin"), max_length=20, choices=CardOrigin.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=CardStatus.choices, default=CardStatus.VALID
    )
    voided_on = models.DateField(_("voided on"), null=True, blank=True)
    void_reason = models.CharField(_("why voided"), max_length=300, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "issued_on", "id"]
        verbose_name = _("membership card (thẻ đoàn viên)")
        verbose_name_plural = _("membership cards")
        indexes = [models.Index(fields=["member", "status"], name="procedures_card_member")]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status="valid"),
                name="procedures_card_one_valid_per_member",
            )
        ]

    def __str__(self) -> str:
        return self.number


class ReissueReason(models.TextChoices):
    LOST_CARD = "lost_card", _("Card lost, member book kept")
    LOST_CARD_AND_BOOK = "lost_card_and_book", _("Card and member book lost")


class ReissueState(models.TextChoices):
    APPLIED = "applied", _("Application received by the branch")
    PROPOSED = "proposed", _("Proposed by the grassroots union")
    DECIDED = "decided", _("New card issued")
    WITHDRAWN = "withdrawn", _("Withdrawn")


REISSUE_OPEN_STATES: tuple[str, ...] = (ReissueState.APPLIED, ReissueState.PROPOSED)


class CardReissue(DecisionFields, ClosingFields):
    """A request to reissue a lost card (cấp lại thẻ đoàn viên): the member applies to the
    branch, the grassroots union proposes, the level the rule card.reissue_decided_by
    names decides and a new number replaces the old one."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch (chi đoàn)")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    state = models.CharField(
        _("step"), max_length=16, choices=ReissueState.choices, default=ReissueState.APPLIED
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReissueReason.choices)
    applied_on = models.DateField(_("application dated"))
    application_note = models.CharField(_("note"), max_length=300, blank=True)
    proposed_on = models.DateField(_("proposed on"), null=True, blank=True)
    proposal_note = models.CharField(_("proposal number / note"), max_length=300, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposal recorded by"),
    )
    old_number = models.CharField(_("old card number"), max_length=20, blank=True)
    new_card = models.OneToOneField(
        MembershipCard,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reissue",
        verbose_name=_("new card"),
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-applied_on", "-id"]
        verbose_name = _("card reissue (cấp lại thẻ)")
        verbose_name_plural = _("card reissues")
        indexes = [
            models.Index(fields=["unit_path", "state"], name="procedures_reissue_path"),
            models.Index(fields=["state", "unit_path"], name="procedures_reissue_state"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(state__in=["applied", "proposed"]),
                name="procedures_reissue_one_open_per_member",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.member_id}"

    @property
    def is_open(self) -> bool:
        return self.state in REISSUE_OPEN_STATES


# --- Honorary members (đoàn viên danh dự) ---------------------------------------------


class HonoraryState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, waiting for the upper level")
    ADMITTED = "admitted", _("Admitted as an honorary member")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class HonoraryAdmission(DecisionFields, ClosingFields):
    """The admission of an honorary member: proposed by the unit, decided by the level
    above the grassroots union, registered as a Member flagged honorary (outside the
    ordinary age rules)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch (chi đoàn)")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    state = models.CharField(
        _("step"), max_length=16, choices=HonoraryState.choices, default=HonoraryState.PROPOSED
    )
    full_name = models.CharField(_("full name"), max_length=202)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    date_of_birth = models.DateField(_("date of birth"))
    phone = models.CharField(_("phone"), max_length=10, blank=True, validators=[phone_validator])
    email = models.EmailField(_("e-mail"), blank=True)
    occupation = models.CharField(_("occupation"), max_length=200, blank=True)
    workplace = models.CharField(_("workplace or school"), max_length=300, blank=True)
    contribution = models.TextField(_("contribution to the Union"))
    proposed_on = models.DateField(_("proposed on"))
    member = models.OneToOneField(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="honorary_admission",
        verbose_name=_("member record"),
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-proposed_on", "-id"]
        verbose_name = _("honorary membership (đoàn viên danh dự)")
        verbose_name_plural = _("honorary memberships")
        indexes = [
            models.Index(fields=["unit_path", "state"], name="procedures_hon_path_state"),
            models.Index(fields=["state", "unit_path"], name="procedures_hon_state_path"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_open(self) -> bool:
        return self.state == HonoraryState.PROPOSED
