"""What every procedure record shares: the decision that closes it, and its documents."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chudong.orgs.models import Unit


class DecisionFields(models.Model):
    """A decision (quyết định): its number, date and signer, the unit in whose name it was
    taken (found from the tree, never from a level's name) and who recorded it."""

    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_signer = models.CharField(_("signed by"), max_length=200, blank=True)
    decided_by_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by (unit)"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision recorded by"),
    )

    class Meta:
        abstract = True


class ClosingFields(models.Model):
    """Why and when a case ended without its normal outcome (withdrawn, not approved...)."""

    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_reason = models.CharField(_("reason for closing"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)

    class Meta:
        abstract = True


class DocumentKind(models.TextChoices):
    APPLICATION = "application", _("Application to join the Union (đơn xin vào Đoàn)")
    BACKGROUND = "background", _("Background declaration (lý lịch)")
    CLASS_CERTIFICATE = "class_certificate", _("Youth Union class certificate")
    MINUTES = "minutes", _("Meeting minutes (biên bản)")
    PROPOSAL = "proposal", _("Proposal (tờ trình, đề nghị)")
    DECISION = "decision", _("Decision (quyết định)")
    CARD_APPLICATION = "card_application", _("Application for a new card")
    OTHER = "other", _("Other document")


class Document(models.Model):
    """A file attached to a procedure record (an application, minutes, a decision...).

    Its owner is any procedure record (admission case, discipline case...); access to the
    file is access to the owner, checked by the owner's access helper. The file is stored
    under a random name; `original_name` is the cleaned name shown and offered on download;
    `content_type` is what the content was found to be, not what the browser claimed.
    """

    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to="procedures/%Y/%m/", max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["owner_type", "owner_id"], name="procedures_doc_owner")]

    def __str__(self) -> str:
        return self.original_name
