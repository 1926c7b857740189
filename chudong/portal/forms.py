from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chudong.core import uploads

from .services import CORRECTABLE_FIELDS, field_label


class CorrectionForm(forms.Form):
    field = forms.ChoiceField(label=_("Field to correct"))
    new_value = forms.CharField(
        label=_("Correct value"), max_length=300,
        help_text=_("For a date, write day/month/year, e.g. 17/05/2000."),
    )  # fmt: skip
    reason = forms.CharField(
        label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )  # fmt: skip
    file = forms.FileField(
        label=_("Supporting file (optional)"), required=False,
        help_text=_("A photo or PDF of your ID card, birth certificate or diploma."),
        widget=forms.ClearableFileInput(attrs={"accept": uploads.ACCEPT}),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", "—")] + [
            (name, field_label(name).capitalize()) for name in CORRECTABLE_FIELDS
        ]


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Reason for not accepting"), widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )  # fmt: skip


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Send the code to this e-mail (optional)"), required=False,
        help_text=_("Leave empty to hand the code to the member yourself."),
    )  # fmt: skip


class ActivateForm(forms.Form):
    code = forms.CharField(
        label=_("Activation code"), max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
        help_text=_("The 8 characters your branch secretary gave you."),
    )  # fmt: skip
    identity = forms.CharField(
        label=_("Your date of birth or phone number"), max_length=20,
        help_text=_(
            "Date as day/month/year (e.g. 17/05/2000), or the phone number your branch has."
        ),
    )  # fmt: skip
    username = forms.CharField(
        label=_("Choose a username"), max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
        help_text=_("Lower-case letters, digits, . _ - (e.g. thu.vu)."),
    )  # fmt: skip
    password = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )  # fmt: skip
    password2 = forms.CharField(
        label=_("Repeat the password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data
