"""Forms of the organisation-building pages; the services validate again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chudong.core.forms import DateField, effective_date_field
from chudong.members.models import Sex

from .models import Into, Outcome
from .services import MANUAL_OUTCOMES


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)


class ReferralFromMemberForm(forms.Form):
    """A member's referral: a young person of the register, or a new one written in."""

    youth = forms.ModelChoiceField(
        label=_("Young person from the youth register"), queryset=None, required=False,
        empty_label=_("— a young person not yet in the register —"),
    )  # fmt: skip
    full_name = forms.CharField(label=_("Full name of the young person"), max_length=202,
                                required=False)  # fmt: skip
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    birth_year = forms.IntegerField(label=_("Year of birth"), min_value=1950, max_value=2100,
                                    required=False)  # fmt: skip
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    into = forms.ChoiceField(label=_("Introduced into"), choices=Into.choices,
                             widget=forms.RadioSelect, initial=Into.DOAN)  # fmt: skip
    referred_on = effective_date_field(label=_("Introduced on"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, youth_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["youth"].queryset = youth_choices
        self.fields["youth"].label_from_instance = lambda y: f"{y.full_name} ({y.birth_year})"

    def clean(self):
        data = super().clean()
        if not data.get("youth"):
            if not (data.get("full_name") or "").strip():
                self.add_error("full_name", _("Choose a young person from the register or "
                                              "enter the name of a new one."))  # fmt: skip
            if not data.get("sex"):
                self.add_error("sex", _("Choose the sex of the new young person."))
            if not data.get("birth_year"):
                self.add_error("birth_year", _("Enter the year of birth of the new young person."))
        return data


class ReferralFromYouthForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Introduced by (member)"), queryset=None)
    into = forms.ChoiceField(label=_("Introduced into"), choices=Into.choices,
                             widget=forms.RadioSelect, initial=Into.DOAN)  # fmt: skip
    referred_on = effective_date_field(label=_("Introduced on"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, member_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = member_choices
        self.fields["member"].label_from_instance = lambda m: f"{m.full_name} · {m.unit.name}"


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), widget=forms.RadioSelect,
        choices=[(c, label) for c, label in Outcome.choices if c in MANUAL_OUTCOMES],
    )  # fmt: skip
    outcome_on = DateField(label=_("Date of the outcome"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, into: str, **kwargs):
        super().__init__(*args, **kwargs)
        if into != Into.HOI:
            # Into the Đoàn: admission comes from the admission procedure, not from here.
            self.fields["outcome"].choices = [
                (c, label) for c, label in self.fields["outcome"].choices if c != Outcome.JOINED_HOI
            ]


class FoundingForm(forms.Form):
    name = forms.CharField(label=_("Name of the new branch"), max_length=200,
                           help_text=_("e.g. Chi đoàn xóm Phú Xuân"))  # fmt: skip
    kind = forms.ModelChoiceField(label=_("Kind of unit"), queryset=None, empty_label=None)
    founded_on = effective_date_field(label=_("Founded on"))
    decision_number = forms.CharField(label=_("Founding decision number"), max_length=60,
                                      help_text=_("e.g. 25-QĐ/ĐTN"))  # fmt: skip
    secretary = forms.ModelChoiceField(label=_("Provisional secretary"), queryset=None)
    deputy = forms.ModelChoiceField(label=_("Provisional deputy secretary"), queryset=None,
                                    required=False)  # fmt: skip
    move = forms.ModelMultipleChoiceField(
        label=_("Members who move into the new branch"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, kinds, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = kinds
        self.fields["kind"].label_from_instance = lambda k: k.name
        for name in ("secretary", "deputy", "move"):
            self.fields[name].queryset = members
            self.fields[name].label_from_instance = lambda m: f"{m.full_name} · {m.unit.name}"
