"""The member record (hồ sơ đoàn viên): one row per person registered in a unit.

The record carries a copy of its unit's path (`unit_path`) and a Vietnamese sort key, so
that "the members of a subtree in name order" is one range condition on an index that
already holds the order (docs/performance.md). Both copies are written only by the
services of this app and by the restructuring hook (`members.services.restructure`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chudong.orgs.models import Unit

national_id_validator = RegexValidator(
    r"^\d{12}$", _("A citizen ID (CCCD) number has exactly 12 digits.")
)
phone_validator = RegexValidator(
    r"^0\d{9}$", _("A phone number has 10 digits and starts with 0, e.g. 0912345678.")
)


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Active member")
    TEMPORARY_ELSEWHERE = "temporary_elsewhere", _("Temporarily active elsewhere")
    WORKING_FAR = "working_far", _("Working far from home")
    MATURED = "matured", _("Matured out of the Union")
    STRUCK_OFF = "struck_off", _("Struck off")
    EXPELLED = "expelled", _("Expelled")
    DECEASED = "deceased", _("Deceased")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")
    MERGED = "merged", _("Merged into another record")


# Still members of the unit's register: they count in the unit's figures.
CURRENT_STATUSES: frozenset[str] = frozenset(
    {MemberStatus.ACTIVE, MemberStatus.TEMPORARY_ELSEWHERE, MemberStatus.WORKING_FAR}
)
# Membership ended; the record stays in the register's history.
FORMER_STATUSES: frozenset[str] = frozenset(
    {
        MemberStatus.MATURED,
        MemberStatus.STRUCK_OFF,
        MemberStatus.EXPELLED,
        MemberStatus.DECEASED,
        MemberStatus.TRANSFERRED_OUT,
    }
)


def is_current(status: str) -> bool:
    return status in CURRENT_STATUSES


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class PartyStatus(models.TextChoices):
    NONE = "none", _("Not a Party member")
    PROBATIONARY = "probationary", _("Probationary Party member")
    FULL = "full", _("Full Party member")


class PoliticalTheory(models.TextChoices):
    NONE = "", _("None")
    ELEMENTARY = "elementary", _("Elementary (sơ cấp)")
    INTERMEDIATE = "intermediate", _("Intermediate (trung cấp)")
    ADVANCED = "advanced", _("Advanced (cao cấp)")
    BACHELOR = "bachelor", _("Bachelor (cử nhân)")


class Member(models.Model):
    """A Youth Union member (đoàn viên) and the basic part of their dossier.

    Sensitive data (ethnicity, religion, health, family) lives in `MemberSensitive` and
    `FamilyRelation`, read only through a logged selector.
    """

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("branch (chi đoàn)"),
    )
    unit_path = models.CharField(max_length=255, editable=False)

    family_name = models.CharField(_("family name (họ)"), max_length=50, blank=True)
    middle_name = models.CharField(_("middle name (tên đệm)"), max_length=100, blank=True)
    given_name = models.CharField(_("given name (tên)"), max_length=50)
    full_name = models.CharField(_("full name"), max_length=202)
    full_name_folded = models.CharField(max_length=202, editable=False)
    sort_key = models.CharField(max_length=500, editable=False)

    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    date_of_birth = models.DateField(_("date of birth"))
    birth_year_only = models.BooleanField(
        _("only the year of birth is known"),
        default=False,
        help_text=_("The date of birth is then stored as 1 January of that year."),
    )
    hometown = models.CharField(_("hometown (quê quán)"), max_length=300, blank=True)
    birthplace = models.CharField(_("place of birth"), max_length=300, blank=True)
    permanent_residence = models.CharField(
        _("permanent residence (thường trú)"), max_length=300, blank=True
    )
    current_residence = models.CharField(_("current residence"), max_length=300, blank=True)
    phone = models.CharField(
        _("phone"), max_length=10, blank=True, validators=[phone_validator], db_index=True
    )
    email = models.EmailField(_("e-mail"), blank=True)
    national_id = models.CharField(
        _("citizen ID (CCCD)"),
        max_length=12,
        null=True,
        blank=True,
        unique=True,
        validators=[national_id_validator],
        error_messages={"unique": _("This citizen ID is already registered for a member.")},
    )
    card_number = models.CharField(
        _("membership card number"),
        max_length=20,
        null=True,
        blank=True,
        unique=True,
        error_messages={"unique": _("This card number is already registered for a member.")},
    )

    education_level = models.CharField(
        _("general education (e.g. 12/12)"), max_length=20, blank=True
    )
    professional_qualification = models.CharField(
        _("professional qualification"), max_length=200, blank=True
    )
    political_theory = models.CharField(
        _("political theory level"),
        max_length=16,
        choices=PoliticalTheory.choices,
        blank=True,
        default=PoliticalTheory.NONE,
    )
    foreign_languages = models.CharField(_("foreign languages"), max_length=200, blank=True)
    occupation = models.CharField(_("occupation"), max_length=200, blank=True)
    workplace = models.CharField(_("workplace or school"), max_length=300, blank=True)

    party_status = models.CharField(
        _("Party membership"),
        max_length=16,
        choices=PartyStatus.choices,
        default=PartyStatus.NONE,
    )
    party_date = models.DateField(_("admitted to the Party on"), null=True, blank=True)

    admission_date = models.DateField(_("admitted to the Union on"), null=True, blank=True)
    admission_place = models.CharField(_("admitted at (unit)"), max_length=300, blank=True)
    admission_decision = models.CharField(_("admission decision number"), max_length=60, blank=True)
    is_honorary = models.BooleanField(_("honorary member"), default=False)

    photo = models.ImageField(_("photo"), upload_to="members/photos/%Y/", blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    status_since = models.DateField(_("status since"))
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_records",
        verbose_name=_("merged into"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member_record",
        verbose_name=_("user account"),
    )

    # Optimistic concurrency: an edit form carries the version it was opened at.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=[
            "unit_path",
            "full_name_folded",
            "sort_key",
            "version",
            "updated_at",
            "family_name",
            "middle_name",
            "given_name",
        ]
    )

    class Meta:
        ordering = ["sort_key", "id"]
        verbose_name = _("member (đoàn viên)")
        verbose_name_plural = _("members")
        indexes = [
            # The scoped first page and keyset pages: a subtree is a range on unit_path;
            # small subtrees (a branch, a commune) read this index and sort a few rows.
            models.Index(fields=["unit_path", "sort_key", "id"], name="members_path_sort"),
            # Big subtrees (a province) walk the name order and stop after one page. On
            # PostgreSQL it also covers subtree, status, name and card number (migration
            # 0003), so a name search's bounded walk (selectors.lists) reads it alone.
            models.Index(fields=["sort_key", "id"], name="members_sort"),
            # Status filter (former members, deceased...), the counts rebuild.
            models.Index(fields=["status", "unit_path", "sort_key"], name="members_status_path"),
            # Age bands are a range on the date of birth.
            models.Index(fields=["date_of_birth", "unit_path"], name="members_dob_path"),
            # Party members are a small share: a partial index holds only them.
            models.Index(
                fields=["unit_path", "sort_key"],
                condition=~Q(party_status="none"),
                name="members_party_path",
            ),
            # Duplicate detection: same folded name and date of birth.
            models.Index(fields=["full_name_folded", "date_of_birth"], name="members_name_dob"),
            # Sex is no index on purpose: half the rows match, a scan in name order wins.
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
                name="members_merged_has_target",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_current(self) -> bool:
        return is_current(self.status)

    @property
    def is_merged(self) -> bool:
        return self.status == MemberStatus.MERGED

    def split_label(self) -> str:
        """'Full name (dd/mm/yyyy)': how a restructuring preview names the member."""
        if self.birth_year_only:
            return f"{self.full_name} ({self.date_of_birth:%Y})"
        return f"{self.full_name} ({self.date_of_birth:%d/%m/%Y})"
