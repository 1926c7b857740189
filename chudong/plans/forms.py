from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chudong.core import uploads

from . import measures
from .models import Issuer, PlanKind, PlanState


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DirectiveForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=60)
    issued_on = forms.DateField(label=_("Date"), widget=DateInput())
    issuer = forms.ChoiceField(label=_("Issued by"), choices=Issuer.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    attachment = forms.FileField(
        label=_("File (PDF, photo or Word)"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": uploads.ACCEPT}),
    )  # fmt: skip


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Kind of plan"), choices=PlanKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    goals = forms.CharField(
        label=_("Goals"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    state = forms.ChoiceField(label=_("State"), choices=PlanState.choices)
    directives = forms.ModelMultipleChoiceField(
        label=_("Directives implemented"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, directives=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["directives"].queryset = directives


class TargetForm(forms.Form):
    label = forms.CharField(label=_("Target"), max_length=200)
    target_value = forms.DecimalField(label=_("Target number"), max_digits=12, decimal_places=2)
    unit_label = forms.CharField(label=_("Unit of measure"), max_length=40)
    measure = forms.ChoiceField(label=_("Progress from"), required=False)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())
    assigned_to = forms.CharField(label=_("Assigned to (people, branches)"), max_length=300,
                                  required=False)  # fmt: skip
    assigned_unit = forms.ModelChoiceField(label=_("Assigned sub-unit"), queryset=None,
                                           required=False)  # fmt: skip

    def __init__(self, *args, sub_units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = measures.choices()
        self.fields["assigned_unit"].queryset = sub_units


class CascadeForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Set it for"), widget=forms.RadioSelect,
        choices=[("children", _("Each unit directly below")),
                 ("grassroots", _("Every grassroots union below"))],
    )  # fmt: skip
    value = forms.DecimalField(label=_("Target number for each unit"), max_digits=12,
                               decimal_places=2)  # fmt: skip
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())


class ProgressForm(forms.Form):
    value = forms.DecimalField(label=_("Value reached"), max_digits=12, decimal_places=2)
    on = forms.DateField(label=_("As of"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class YearForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
