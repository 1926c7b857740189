"""Form pieces every app uses: Vietnamese dates, and form styling hooks."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """dd/mm/yyyy text input; phones show a numeric keyboard."""

    def __init__(self, attrs=None):
        base = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


class DateField(forms.DateField):
    widget = DateInput
    default_error_messages = {"invalid": _("Enter a date as dd/mm/yyyy, e.g. 01/07/2025.")}


def effective_date_field(**kwargs) -> DateField:
    return DateField(
        label=kwargs.pop("label", _("Effective date")),
        initial=timezone.localdate,
        **kwargs,
    )
