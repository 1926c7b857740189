"""Forms of the activity pages; the services validate again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chudong.core.forms import DateField
from chudong.core.uploads import ACCEPT

from .models import ActivityKind, ActivityState

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"]


class DateTimeField(forms.DateTimeField):
    """A phone's date-and-time picker (datetime-local)."""

    default_error_messages = {"invalid": _("Enter a date and time, e.g. 01/07/2026 07:30.")}

    def __init__(self, **kwargs):
        widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        super().__init__(widget=widget, input_formats=DATETIME_FORMATS, **kwargs)


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    kind = forms.ChoiceField(
        label=_("Kind of activity"), choices=[("", _("All kinds")), *ActivityKind.choices],
        required=False,
    )  # fmt: skip


class PlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of activity"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Title of the activity"), max_length=300)
    campaign = forms.CharField(
        label=_("Campaign or programme"), max_length=200, required=False,
        help_text=_("e.g. Ngày Chủ nhật xanh, Tiếp sức mùa thi, Mùa hè xanh"),
    )  # fmt: skip
    description = forms.CharField(
        label=_("Content and goals"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    starts_at = DateTimeField(label=_("Starts at"))
    ends_at = DateTimeField(label=_("Ends at"))
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    expected_participants = forms.IntegerField(
        label=_("Expected participants"), min_value=0, initial=0
    )
    budget = forms.IntegerField(label=_("Budget (VND)"), min_value=0, initial=0)
    organisers = forms.ModelMultipleChoiceField(
        label=_("Organisers"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    other_units = forms.ModelMultipleChoiceField(
        label=_("Other units involved"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, organisers, other_units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisers"].queryset = organisers
        self.fields["other_units"].queryset = other_units
        self.fields["organisers"].label_from_instance = lambda user: user.full_name
        self.fields["other_units"].label_from_instance = lambda unit: unit.name


class ResultsForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=ActivityState.choices)
    guests_count = forms.IntegerField(
        label=_("Non-member youth taking part"), min_value=0, initial=0
    )
    guest_names = forms.CharField(
        label=_("Names of non-member youth"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}), help_text=_("One name a line."),
    )  # fmt: skip
    people_reached = forms.IntegerField(label=_("People reached"), min_value=0, initial=0)
    value = forms.IntegerField(label=_("Value (VND)"), min_value=0, initial=0)
    beneficiaries = forms.CharField(label=_("Beneficiaries"), max_length=300, required=False)
    results = forms.CharField(
        label=_("Results"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class HandoverForm(forms.Form):
    handed_over_on = DateField(label=_("Handed over on"))
    handed_over_to = forms.CharField(
        label=_("Handed over to"), max_length=300,
        help_text=_("e.g. Ban Nhân dân xóm Phú Xuân, Trường Tiểu học Úc Kỳ"),
    )  # fmt: skip
    minutes = forms.FileField(
        label=_("Hand-over minutes (biên bản bàn giao)"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )  # fmt: skip


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"), widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class CheckinForm(forms.Form):
    # When the member tapped (ISO 8601, set by activities.js); absent without JavaScript.
    # Django parses ISO 8601 with its offset ("...Z" is UTC).
    scanned_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)
