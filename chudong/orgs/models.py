"""The tree of Youth Union units.

Kinds are data, with the flags the Charter's rules need. Units are never deleted: merges,
splits, moves, renames and dissolutions close the unit's current `UnitVersion` and open a
new one, and leave a `Restructuring` record, so the tree as it stood on any date can be
rebuilt. `orgs` knows nothing of members or the pillars; apps that keep records per unit
tell it how their records follow a restructuring through `orgs.registry`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chudong.core.paths import depth_of, subtree_q

code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9._-]*$",
    _("Use capital letters, digits, dots, dashes or underscores, e.g. TN.PB01."),
)


class UnitKind(models.Model):
    """A kind of unit (loại đơn vị): Tỉnh đoàn, Đoàn cơ sở, Chi đoàn, ..."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    is_grassroots = models.BooleanField(
        _("grassroots level (cấp cơ sở)"),
        default=False,
        help_text=_("Đoàn cơ sở and chi đoàn cơ sở: they run the 3 chủ động model."),
    )
    is_branch = models.BooleanField(
        _("branch (chi đoàn)"),
        default=False,
        help_text=_("Members are registered and meet here."),
    )
    may_have_children = models.BooleanField(_("may have sub-units"), default=True)
    requires_2fa = models.BooleanField(
        _("roles here need two-factor login"),
        default=False,
        help_text=_("Province level and above by default."),
    )
    available_until = models.DateField(
        _("new units until"),
        null=True,
        blank=True,
        help_text=_(
            "No units of this kind are founded after this date (district unions: 30/06/2025)."
        ),
    )
    order = models.PositiveSmallIntegerField(_("display order"), default=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("unit kind (loại đơn vị)")
        verbose_name_plural = _("unit kinds")

    def __str__(self) -> str:
        return self.name

    def label(self, language: str) -> str:
        return self.name_en if language == "en" else self.name


class UnitStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    MERGED = "merged", _("Merged")
    SPLIT = "split", _("Split")
    DISSOLVED = "dissolved", _("Dissolved")


class Unit(models.Model):
    """A Youth Union unit (đơn vị, tổ chức Đoàn) at any level."""

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    sort_key = models.CharField(max_length=500, editable=False)
    kind = models.ForeignKey(
        UnitKind, on_delete=models.PROTECT, related_name="units", verbose_name=_("kind")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("upper unit"),
    )
    # Materialised path; see core.paths. Unique, so two units can never share a place.
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    # Next step number handed to a new child; only ever grows, so paths are never reused.
    child_seq = models.PositiveIntegerField(default=0, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=UnitStatus.choices, default=UnitStatus.ACTIVE
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    valid_from = models.DateField(_("in the tree from"))
    valid_to = models.DateField(_("in the tree until"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)

    history = HistoricalRecords(excluded_fields=["name_folded", "sort_key", "child_seq"])

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit (đơn vị)")
        verbose_name_plural = _("units")
        indexes = [
            models.Index(fields=["parent", "status"], name="orgs_unit_parent_status"),
            models.Index(fields=["kind", "status"], name="orgs_unit_kind_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="orgs_unit_valid_range",
            ),
            models.CheckConstraint(
                condition=Q(status="active", valid_to__isnull=True)
                | (~Q(status="active") & Q(valid_to__isnull=False)),
                name="orgs_unit_status_matches_validity",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == UnitStatus.ACTIVE

    def subtree_q(self, field: str = "path", *, include_self: bool = True) -> Q:
        return subtree_q(field, self.path, include_self=include_self)

    def refresh_depth(self) -> None:
        self.depth = depth_of(self.path)


class RestructuringKind(models.TextChoices):
    CREATE = "create", _("Founded")
    RENAME = "rename", _("Renamed")
    MOVE = "move", _("Moved")
    MERGE = "merge", _("Merged")
    SPLIT = "split", _("Split")
    DISSOLVE = "dissolve", _("Dissolved")


class Restructuring(models.Model):
    """One restructuring event (sắp xếp, kiện toàn tổ chức) with its effective date."""

    kind = models.CharField(_("kind"), max_length=16, choices=RestructuringKind.choices)
    effective_on = models.DateField(_("effective date"))
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    reason = models.TextField(_("reason / note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # What was moved, by follower key (e.g. {"members": 34}), and names before/after.
    details = models.JSONField(default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_on", "-id"]
        verbose_name = _("restructuring (sắp xếp tổ chức)")
        verbose_name_plural = _("restructurings")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_on:%d/%m/%Y}"


class LinkRole(models.TextChoices):
    SOURCE = "source", _("before")
    TARGET = "target", _("after")
    OLD_PARENT = "old_parent", _("former upper unit")
    NEW_PARENT = "new_parent", _("new upper unit")
    MOVED = "moved", _("moved along")


class RestructuringLink(models.Model):
    """Lineage: which units a restructuring took as sources and produced as targets."""

    restructuring = models.ForeignKey(Restructuring, on_delete=models.CASCADE, related_name="links")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="restructuring_links")
    role = models.CharField(max_length=16, choices=LinkRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["restructuring", "unit", "role"], name="orgs_link_unique"
            )
        ]
        indexes = [models.Index(fields=["unit", "role"], name="orgs_link_unit_role")]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.unit_id}"


class UnitVersion(models.Model):
    """How a unit stood during [valid_from, valid_to): its name, kind and upper unit.

    The tree as of a date D is the set of versions with valid_from <= D < valid_to,
    linked by their parent ids.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="versions")
    name = models.CharField(max_length=200)
    kind = models.ForeignKey(UnitKind, on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="child_versions"
    )
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    restructuring = models.ForeignKey(
        Restructuring, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["unit", "valid_from"]
        indexes = [
            models.Index(fields=["parent", "valid_from"], name="orgs_version_parent_from"),
            models.Index(fields=["unit", "valid_from"], name="orgs_version_unit_from"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="orgs_version_valid_range",
            ),
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(valid_to__isnull=True),
                name="orgs_version_one_open_per_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} [{self.valid_from} – {self.valid_to or '…'})"


class UnitWarningCounts(models.Model):
    """A unit's early-warning counts for one day, kept so that the most opened page of all
    reads one row instead of a count from every app.

    Written by the unit page itself when it finds no row of the day, or one older than
    settings.CHUDONG_WARNINGS_CACHE_SECONDS, or the user asks to count again, and by
    `manage.py warnings_refresh`, which counts a subtree ahead. Shared by every application
    server process. `counts` maps a warning's key to its count; a warning registered since
    is counted on the next read.
    """

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, primary_key=True, related_name="+")
    day = models.DateField()
    counts = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}"
