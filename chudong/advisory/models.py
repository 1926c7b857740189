"""Pillar three (criteria 3.1, 3.4, 3.5): what a unit proposes to its Party committee, the
coordination agreements it signs with partners and what it does under them, and the
social resources it mobilises.

Every row keeps a copy of its unit's path (`unit_path`, indexed) so that a subtree's
totals are one range scan. Money is an integer number of đồng (VND).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chudong.activities.models import Activity
from chudong.orgs.models import Unit


def _agreement_path(instance: Agreement, filename: str) -> str:
    return f"advisory/agreements/{instance.unit_path[:8]}/{filename}"


def _proposal_path(instance: Proposal, filename: str) -> str:
    return f"advisory/proposals/{instance.unit_path[:8]}/{filename}"


# --- Resources mobilised (3.5) -------------------------------------------------------


class SponsorKind(models.TextChoices):
    AGENCY = "agency", _("Agency or public unit")
    BUSINESS = "business", _("Business")
    INDIVIDUAL = "individual", _("Individual")
    ORGANISATION = "organisation", _("Organisation or association")
    OTHER = "other", _("Other")


class ResourceForm(models.TextChoices):
    CASH = "cash", _("Cash")
    IN_KIND = "in_kind", _("In kind")


class Resource(models.Model):
    """Money or goods a unit mobilised from a sponsor (nguồn lực xã hội hóa)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="advisory_resources",
        verbose_name=_("unit"),
    )  # fmt: skip
    unit_path = models.CharField(max_length=255, editable=False)
    sponsor_name = models.CharField(_("sponsor"), max_length=200)
    sponsor_kind = models.CharField(_("kind of sponsor"), max_length=16,
                                    choices=SponsorKind.choices)  # fmt: skip
    form = models.CharField(_("cash or in kind"), max_length=8, choices=ResourceForm.choices)
    value = models.PositiveBigIntegerField(
        _("value (VND)"), help_text=_("For goods, their estimated value.")
    )
    description = models.CharField(
        _("what was given"), max_length=300, blank=True,
        help_text=_("e.g. 200 suất quà, 50 bộ sách giáo khoa"),
    )  # fmt: skip
    received_on = models.DateField(_("received on"))
    purpose = models.CharField(_("purpose"), max_length=300)
    funded = models.TextField(
        _("what it funded"), blank=True,
        help_text=_("The activity, project or support it paid for."),
    )  # fmt: skip
    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="advisory_resources", verbose_name=_("activity or youth project funded"),
    )  # fmt: skip
    hardship = models.ForeignKey(
        "care.HardshipCase", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="advisory_resources", verbose_name=_("support case funded"),
    )  # fmt: skip
    thanked_on = models.DateField(_("thank-you letter sent on"), null=True, blank=True)
    thanked_by = models.CharField(_("thank-you letter sent by"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["unit_path"])

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("resource mobilised")
        verbose_name_plural = _("resources mobilised")
        indexes = [
            models.Index(fields=["unit_path", "received_on"], name="advisory_res_path_date"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(value__gt=0), name="advisory_res_value_positive"),
        ]

    def __str__(self) -> str:
        return self.sponsor_name


# --- Coordination agreements (3.4) ---------------------------------------------------


class PartnerKind(models.TextChoices):
    GOVERNMENT = "government", _("Government body")
    DEPARTMENT = "department", _("Department or office")
    MASS_ORG = "mass_org", _("Mass organisation")
    PARTY_CELL = "party_cell", _("Village or neighbourhood Party cell")
    POLICE = "police", _("Police")
    MILITARY = "military", _("Military command")
    SCHOOL = "school", _("School")
    ENTERPRISE = "enterprise", _("Enterprise")
    OTHER = "other", _("Other")


class Agreement(models.Model):
    """A coordination agreement (quy chế phối hợp) between a unit and a partner."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="advisory_agreements",
        verbose_name=_("unit"),
    )  # fmt: skip
    unit_path = models.CharField(max_length=255, editable=False)
    partner_name = models.CharField(_("partner"), max_length=200)
    partner_kind = models.CharField(_("kind of partner"), max_length=16,
                                    choices=PartnerKind.choices)  # fmt: skip
    title = models.CharField(_("title"), max_length=300,
                             help_text=_("e.g. Quy chế phối hợp số 01/QCPH"))  # fmt: skip
    signed_on = models.DateField(_("signed on"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True,
                                help_text=_("Empty when it has no end date."))  # fmt: skip
    content = models.TextField(_("content"))
    responsible = models.TextField(
        _("responsible people"), help_text=_("Who follows it on each side.")
    )
    attachment = models.FileField(
        _("signed document"), upload_to=_agreement_path, blank=True, max_length=200
    )
    attachment_name = models.CharField(max_length=200, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["unit_path"])

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = _("coordination agreement")
        verbose_name_plural = _("coordination agreements")
        indexes = [
            models.Index(fields=["unit_path", "valid_to"], name="advisory_agr_path_to"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="advisory_agr_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.partner_name})"

    def expired_on(self, day) -> bool:
        return self.valid_to is not None and self.valid_to < day


class JointAction(models.Model):
    """Something done together under an agreement."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="actions", verbose_name=_("agreement")
    )
    done_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    result = models.TextField(_("result"), blank=True)
    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("activity"),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-done_on", "-id"]
        verbose_name = _("joint action")
        verbose_name_plural = _("joint actions")

    def __str__(self) -> str:
        return self.title


# --- Proposals to the Party committee (3.1) ------------------------------------------


class ProposalKind(models.TextChoices):
    MECHANISM = "mechanism", _("Mechanism")
    POLICY = "policy", _("Policy")
    CONTENT = "content", _("Content of youth work")
    PERSONNEL = "personnel", _("Personnel")
    OTHER = "other", _("Other")


class Recipient(models.TextChoices):
    PARTY = "party", _("Party committee")
    GOVERNMENT = "government", _("Local government")
    OTHER = "other", _("Other")


class ResponseKind(models.TextChoices):
    NONE = "none", _("No response yet")
    CONCLUSION = "conclusion", _("Conclusion")
    RESOLUTION = "resolution", _("Resolution")
    DIRECTIVE = "directive", _("Directive")
    OTHER = "other", _("Other")


class Proposal(models.Model):
    """An advisory proposal or report (tham mưu, đề xuất) and the committee's response."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="advisory_proposals",
        verbose_name=_("unit"),
    )  # fmt: skip
    unit_path = models.CharField(max_length=255, editable=False)
    subject = models.CharField(_("subject"), max_length=300)
    kind = models.CharField(_("kind of proposal"), max_length=16, choices=ProposalKind.choices)
    content = models.TextField(_("content"))
    attachment = models.FileField(
        _("document"), upload_to=_proposal_path, blank=True, max_length=200
    )
    attachment_name = models.CharField(max_length=200, blank=True, editable=False)
    submitted_to = models.CharField(_("submitted to"), max_length=16, choices=Recipient.choices)
    submitted_to_other = models.CharField(_("submitted to (other)"), max_length=200, blank=True)
    submitted_on = models.DateField(_("submitted on"))
    response_kind = models.CharField(_("response"), max_length=16, choices=ResponseKind.choices,
                                     default=ResponseKind.NONE)  # fmt: skip
    response_number = models.CharField(_("number of the document"), max_length=100, blank=True)
    response_on = models.DateField(_("response dated"), null=True, blank=True)
    response_summary = models.TextField(_("summary of the response"), blank=True)
    follow_up = models.TextField(
        _("what followed"), blank=True,
        help_text=_("Plans, activities or decisions that came of it."),
    )  # fmt: skip
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="advisory_proposals", verbose_name=_("plan that came of it"),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["unit_path"])

    class Meta:
        ordering = ["-submitted_on", "-id"]
        verbose_name = _("proposal to the Party committee")
        verbose_name_plural = _("proposals to the Party committee")
        indexes = [
            models.Index(
                fields=["response_kind", "unit_path", "submitted_on"],
                name="advisory_prop_open",
            ),
            models.Index(fields=["unit_path", "submitted_on"], name="advisory_prop_path_date"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def answered(self) -> bool:
        return self.response_kind != ResponseKind.NONE
