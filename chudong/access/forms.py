from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chudong.accounts.models import User
from chudong.core.forms import DateField, effective_date_field


class AppointForm(forms.Form):
    """Appoint an existing account (chosen by search) or a new person to a role."""

    role = forms.ModelChoiceField(label=_("Post / role"), queryset=None)
    user = forms.ModelChoiceField(
        label=_("Existing account"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.RadioSelect,
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        required=False,
        help_text=_("For logging in; lower-case letters, digits and . _ -"),
    )
    start_date = effective_date_field(label=_("From"))
    end_date = DateField(label=_("Until"), required=False)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)

    def __init__(self, *args, roles, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = roles
        self.fields["user"].queryset = people
        self.fields["user"].label_from_instance = lambda u: f"{u.full_name} ({u.username})"

    def clean(self):
        data = super().clean()
        if not data.get("user") and not data.get("full_name"):
            self.add_error(
                "full_name", _("Choose an existing account or enter the new person's name.")
            )
        if not data.get("user") and data.get("full_name") and not data.get("username"):
            self.add_error("username", _("Choose a username for the new account."))
        end = data.get("end_date")
        if end and data.get("start_date") and end < data["start_date"]:
            self.add_error("end_date", _("The end date is before the start date."))
        return data


class EndAssignmentForm(forms.Form):
    end_date = effective_date_field(label=_("Last day in the post"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
