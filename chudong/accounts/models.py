"""People who log in. Roles and scope live in `access`; the member record (for members
who activate an account) links here from `members`."""

from __future__ import annotations

import re

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chudong.core.text import fold


def normalize_phone(raw: str | None) -> str:
    """Vietnamese phone numbers in one form: digits only, +84/84 prefix → 0."""
    digits = re.sub(r"\D", "", raw or "")
    if digits.startswith("84") and len(digits) >= 11:
        digits = "0" + digits[2:]
    return digits


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, username: str, password: str | None = None, **extra):
        if not username:
            raise ValueError("username is required")
        email = extra.pop("email", None)
        user = self.model(
            username=username.strip().lower(),
            email=self.normalize_email(email).lower() if email else None,
            **extra,
        )
        if user.phone:
            user.phone = normalize_phone(user.phone) or None
        user.full_name_folded = fold(user.full_name)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(username, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    username = models.CharField(
        _("username"),
        max_length=150,
        unique=True,
        help_text=_("Letters, digits and . _ - only."),
    )
    full_name = models.CharField(_("full name"), max_length=150)
    full_name_folded = models.CharField(max_length=150, editable=False, db_index=True)
    email = models.EmailField(_("email"), null=True, blank=True, unique=True)
    phone = models.CharField(_("phone"), max_length=20, null=True, blank=True, unique=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=[("vi", "Tiếng Việt"), ("en", "English")],
        default="vi",
    )
    must_change_password = models.BooleanField(
        _("must change the password at next login"), default=False
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the technical admin"), default=False)
    date_joined = models.DateTimeField(_("created"), default=timezone.now)

    history = HistoricalRecords(excluded_fields=["password", "last_login", "full_name_folded"])

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("user account")
        verbose_name_plural = _("user accounts")
        constraints = [
            models.CheckConstraint(condition=~Q(username=""), name="accounts_username_not_empty")
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split()[-1] if self.full_name else self.username


class UserSession(models.Model):
    """What the account page shows of one of the user's logged-in sessions (ASVS 3.3.4):
    which device, from where, since when, last seen. Written at login and refreshed at
    most every few minutes (accounts.sessions); it goes with its session row (logout,
    expiry, `clearsessions`, a session ended from the account page), by the cascade."""

    session = models.OneToOneField(
        "sessions.Session", on_delete=models.CASCADE, related_name="+", verbose_name=_("session")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("user account")
    )
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    created_at = models.DateTimeField(_("logged in at"), default=timezone.now)
    last_seen = models.DateTimeField(_("last seen"), default=timezone.now)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"{self.user_id} {self.address or ''} {self.user_agent[:40]}"
