"""Forms of the care pages; the services validate again and put their errors here."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chudong.core.forms import DateField
from chudong.core.uploads import ACCEPT

from .models import (
    CaseStatus,
    Channel,
    Circumstance,
    RequesterKind,
    RightsArea,
    Satisfaction,
    SupportKind,
)


class HardshipForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput, required=False)
    person_name = forms.CharField(
        label=_("Full name of the young person"), max_length=202, required=False
    )
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False)
    residence = forms.CharField(label=_("Lives at"), max_length=300, required=False)
    circumstances = forms.MultipleChoiceField(
        label=_("Circumstances"),
        choices=Circumstance.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    details = forms.CharField(
        label=_("The circumstances in detail"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    opened_on = DateField(label=_("Listed on"), initial=timezone.localdate)


class PlanItemForm(forms.Form):
    what = forms.CharField(label=_("Support planned"), max_length=300)
    responsible = forms.CharField(label=_("Responsible"), max_length=200)
    due_on = DateField(label=_("By"))


class PlanDoneForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    done_on = DateField(label=_("Done on"), initial=timezone.localdate)


class SupportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of support"), choices=SupportKind.choices)
    value_vnd = forms.IntegerField(label=_("Value (VND)"), min_value=0, initial=0)
    given_on = DateField(label=_("Given on"), initial=timezone.localdate)
    sponsor_name = forms.CharField(label=_("Sponsor"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)


class CloseForm(forms.Form):
    closed_on = DateField(label=_("Closed on"), initial=timezone.localdate)
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}))


class FileForm(forms.Form):
    file = forms.FileField(
        label=_("File (PDF, photo or Word, at most 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    description = forms.CharField(label=_("What the file is"), max_length=200, required=False)


class HardshipFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[*CaseStatus.choices, ("all", _("All"))], required=False
    )
    circumstance = forms.ChoiceField(
        label=_("Circumstance"), choices=[("", _("Any")), *Circumstance.choices], required=False
    )


class RightsForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), choices=RightsArea.choices)
    requester_kind = forms.ChoiceField(
        label=_("Requester"),
        choices=RequesterKind.choices,
        widget=forms.RadioSelect,
        initial=RequesterKind.YOUTH,
    )
    member = forms.IntegerField(widget=forms.HiddenInput, required=False)
    requester_name = forms.CharField(label=_("Requester's name"), max_length=202, required=False)
    contact = forms.CharField(label=_("Contact (phone, address)"), max_length=200, required=False)
    summary = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(
        label=_("What is asked"), widget=forms.Textarea(attrs={"rows": 4})
    )
    received_on = DateField(label=_("Received on"), initial=timezone.localdate)
    channel = forms.ChoiceField(label=_("Received through"), choices=Channel.choices)
    handler = forms.TypedChoiceField(
        label=_("Handler"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, handlers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].choices = [
            ("", _("Not yet assigned")),
            *[(u.pk, u.full_name) for u in handlers],
        ]


class AssignForm(forms.Form):
    handler = forms.TypedChoiceField(label=_("Handler"), coerce=int)

    def __init__(self, *args, handlers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].choices = [(u.pk, u.full_name) for u in handlers]


class StepForm(forms.Form):
    on = DateField(label=_("Date"), initial=timezone.localdate)
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))


class ReferForm(forms.Form):
    referred_to = forms.CharField(label=_("Referred to (organisation)"), max_length=200)
    referred_on = DateField(label=_("Referred on"), initial=timezone.localdate)
    referral_contact = forms.CharField(
        label=_("Contact at that organisation"), max_length=200, required=False
    )


class ConfirmForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("Requester's confirmation"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    confirmed_on = DateField(label=_("Confirmed on"), initial=timezone.localdate)


class RightsFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("open", _("Being followed")), ("closed", _("Case closed")), ("all", _("All"))],
        required=False,
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
