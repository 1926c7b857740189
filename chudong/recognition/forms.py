"""Forms of the 3 chủ động pages: they parse input; the services validate the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chudong.core import uploads
from chudong.core.forms import DateField

from . import indicators
from .models import RecognitionRule, ScoringKind


class YearForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)


class PlanForm(forms.Form):
    approach = forms.CharField(
        label=_("Approach (phương án)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    solutions = forms.CharField(
        label=_("Solutions (giải pháp)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    roadmap = forms.CharField(
        label=_("Roadmap (lộ trình)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What is done by when, month by month."),
    )
    focus = forms.ModelMultipleChoiceField(
        label=_("Criteria to focus on (hard or not yet met)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, criteria=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus"].queryset = criteria
        self.fields["focus"].label_from_instance = lambda c: f"{c.code} {c.title[:90]}"


class AssessForm(forms.Form):
    criterion = forms.IntegerField(widget=forms.HiddenInput)
    own_score = forms.DecimalField(
        label=_("Own score"), required=False, min_value=0, max_digits=5, decimal_places=2
    )
    narrative = forms.CharField(
        label=_("What the unit did"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(
        label=_("Evidence file (PDF, photo, Word)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": uploads.ACCEPT}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class FollowForm(forms.Form):
    unit = forms.IntegerField(widget=forms.HiddenInput)
    follower = forms.IntegerField(required=False)


class DecisionForm(forms.Form):
    number = forms.CharField(
        label=_("Decision number"), max_length=60, help_text=_("e.g. 125-QĐ/TĐTN")
    )
    # A dd/mm/yyyy text input, like every date of chudong: a type="date" input given the
    # localised initial value showed empty in a browser and blocked the form.
    signed_on = DateField(label=_("Signed on"))
    place = forms.CharField(label=_("Place"), max_length=100)
    signer_name = forms.CharField(label=_("Signed by"), max_length=200)
    signer_title = forms.CharField(
        label=_("Signer's position"), max_length=200, help_text=_("e.g. PHÓ BÍ THƯ")
    )
    cycles = forms.ModelMultipleChoiceField(
        label=_("Units recognised"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, cycles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycles"].queryset = cycles
        self.fields["cycles"].label_from_instance = lambda c: c.unit.name


class CopyForm(forms.Form):
    source = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name of your table"), max_length=300, required=False)


class FrameworkForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    document = forms.CharField(label=_("Guidance document"), max_length=300, required=False)
    rule = forms.ChoiceField(label=_("Recognition rule"), choices=RecognitionRule.choices)
    min_points = forms.IntegerField(label=_("Minimum total points"), required=False, min_value=1)
    min_criterion_points = forms.IntegerField(
        label=_("Minimum points of each criterion"), required=False, min_value=0
    )


class CriterionForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Wording"), widget=forms.Textarea(attrs={"rows": 2}))
    scoring = forms.ChoiceField(label=_("Scoring"), choices=ScoringKind.choices)
    max_points = forms.IntegerField(
        label=_("Maximum points"), required=False, min_value=1, max_value=100
    )
    indicator_code = forms.ChoiceField(label=_("Computed indicator"), required=False)
    threshold = forms.DecimalField(
        label=_("Threshold"), required=False, min_value=0, max_digits=9, decimal_places=2
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_code"].choices = indicators.choices()
