"""The minimum password length, said in Vietnamese.

Django 5.2's MinimumLengthValidator asks gettext for "…at least %d character(s)." while
Django's Vietnamese catalog still translates the older "%(min_length)d" wording, so the
message reached Vietnamese users in English. Same rule, our own words.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "This password is too short: it needs at least %(min_length)d character.",
            "This password is too short: it needs at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
