"""Sensitive personal data of a member (dữ liệu cá nhân nhạy cảm, Decree 356 Art. 4) and
family relations, kept in their own tables.

Nothing reads these tables except the selectors in `members.selectors.dossier`, which need
members.sensitive and log every read (access.policy.log_sensitive_read).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .member import Member

# The 54 ethnic groups of Viet Nam as the General Statistics Office lists them. Proper names,
# shown as they are in every language.
ETHNIC_GROUPS = [
    "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "H'Mông", "Dao", "Gia Rai",
    "Ê Đê", "Ba Na", "Sán Chay", "Chăm", "Cơ Ho", "Xơ Đăng", "Sán Dìu", "Hrê", "Ra Glai",
    "Mnông", "Thổ", "Xtiêng", "Khơ Mú", "Bru-Vân Kiều", "Cơ Tu", "Giáy", "Tà Ôi", "Mạ",
    "Giẻ Triêng", "Co", "Chơ Ro", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào", "Kháng", "La Chí",
    "Phù Lá", "La Hủ", "La Ha", "Pà Thẻn", "Chứt", "Lự", "Lô Lô", "Mảng", "Cờ Lao", "Bố Y",
    "Cống", "Ngái", "Si La", "Pu Péo", "Rơ Măm", "Brâu", "Ơ Đu",
]  # fmt: skip
ETHNICITY_CHOICES = [(name, name) for name in ETHNIC_GROUPS] + [("other", _("Other (foreign)"))]


class MemberSensitive(models.Model):
    """Ethnicity, religion, health and family background from the member book."""

    member = models.OneToOneField(
        Member, on_delete=models.PROTECT, primary_key=True, related_name="sensitive"
    )
    ethnicity = models.CharField(
        _("ethnicity (dân tộc)"), max_length=40, choices=ETHNICITY_CHOICES, blank=True
    )
    religion = models.CharField(_("religion (tôn giáo)"), max_length=60, blank=True)
    health = models.CharField(_("health (tình hình sức khỏe)"), max_length=300, blank=True)
    family_background = models.CharField(
        _("family class background (thành phần gia đình)"), max_length=100, blank=True
    )
    family_notes = models.TextField(_("notes on the family"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        verbose_name = _("sensitive personal data")
        verbose_name_plural = _("sensitive personal data")
        indexes = [models.Index(fields=["ethnicity", "member"], name="members_sens_ethnicity")]

    def __str__(self) -> str:
        return f"sensitive data of member {self.member_id}"

    FIELDS = ("ethnicity", "religion", "health", "family_background", "family_notes")


class Relation(models.TextChoices):
    FATHER = "father", _("Father")
    MOTHER = "mother", _("Mother")
    SPOUSE = "spouse", _("Spouse")
    SIBLING = "sibling", _("Brother or sister")
    CHILD = "child", _("Child")
    GUARDIAN = "guardian", _("Guardian")
    OTHER = "other", _("Other")


class FamilyRelation(models.Model):
    """One family member, as the member book lists them (quan hệ gia đình)."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="family")
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices)
    full_name = models.CharField(_("full name"), max_length=202)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    occupation = models.CharField(_("occupation"), max_length=200, blank=True)
    workplace = models.CharField(_("workplace"), max_length=300, blank=True)
    residence = models.CharField(_("residence"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "order", "id"]
        verbose_name = _("family relation")
        verbose_name_plural = _("family relations")

    def __str__(self) -> str:
        return f"{self.get_relation_display()}: {self.full_name}"
