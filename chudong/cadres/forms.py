"""Forms of the cadres pages: they parse input; the services validate (in Vietnamese,
field by field) and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chudong.core import uploads
from chudong.members.models import PoliticalTheory

from .models import (
    ClassResult,
    Employment,
    EvaluationLevel,
    Outcome,
    PlanningStatus,
    PostMode,
    Term,
    TrainingKind,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date(label) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=DateInput())


def _file(label) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": uploads.ACCEPT}),
    )


def _count(label, help_text="") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        error_messages={"invalid": _("Enter a whole number.")},
    )


class YearForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)


class TermForm(forms.Form):
    provisional = forms.BooleanField(
        label=_("Provisional committee (lâm thời), appointed by the upper level"), required=False
    )
    congress_number = forms.IntegerField(
        label=_("Congress number (lần thứ)"), required=False, min_value=1, max_value=99
    )
    congress_on = _date(_("Congress held on"))
    decision_number = forms.CharField(
        label=_("Decision number"),
        max_length=60,
        required=False,
        help_text=_("For a provisional committee: the appointing decision."),
    )
    starts_on = _date(_("Term starts on"))
    ends_on = _date(_("Term ends on"))
    executive_size = _count(_("Executive committee members (BCH)"))
    standing_size = _count(
        _("Standing committee members (BTV)"), _("Including the secretary and the deputies.")
    )
    deputy_size = _count(_("Deputy secretaries"))
    inspection_size = _count(_("Inspection committee members (UBKT)"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    @classmethod
    def initial_of(cls, term: Term) -> dict:
        return {name: getattr(term, name) for name in cls.base_fields}


class PostForm(forms.Form):
    term = forms.ModelChoiceField(
        label=_("Term"), queryset=Term.objects.none(), required=False, empty_label=_("— none —")
    )
    employment = forms.ChoiceField(label=_("Full-time or part-time"), choices=Employment.choices)
    mode = forms.ChoiceField(label=_("Elected or appointed"), choices=PostMode.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, terms=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = terms
        self.fields["term"].label_from_instance = lambda t: t.label()


class TrainingForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Recorded by (unit)"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind of course"), choices=TrainingKind.choices)
    theory_level = forms.ChoiceField(
        label=_("Political theory level"), required=False, choices=PoliticalTheory.choices
    )
    course = forms.CharField(label=_("Course"), max_length=200, required=False)
    organiser = forms.CharField(label=_("Organised by"), max_length=200, required=False)
    starts_on = _date(_("From"))
    ends_on = _date(_("Until"))
    result = forms.CharField(label=_("Result"), max_length=100, required=False)
    certificate_number = forms.CharField(
        label=_("Certificate number"), max_length=60, required=False
    )
    certificate = _file(_("Certificate (PDF or photo)"))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class EvaluationForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Evaluated by (unit)"), queryset=None)
    year = forms.IntegerField(
        label=_("Year"), required=False, error_messages={"invalid": _("Enter a year.")}
    )
    level = forms.ChoiceField(label=_("Evaluation"), choices=EvaluationLevel.choices)
    comment = forms.CharField(
        label=_("Strengths, weaknesses and comments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class PlanningForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=None, required=False)
    role = forms.ModelChoiceField(label=_("Planned for the post"), queryset=None, required=False)
    period = forms.CharField(
        label=_("Planning period"), max_length=20, required=False, help_text=_("e.g. 2025–2030")
    )
    added_on = _date(_("Added on"))
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, members=None, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda m: f"{m.full_name} — {m.unit.name}"
        self.fields["role"].queryset = roles


class PlanningStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PlanningStatus.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ChooseForm(forms.Form):
    chosen_on = _date(_("Chosen on"))
    grounds = forms.CharField(
        label=_("Grounds (ratings and record)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ClassForm(forms.Form):
    class_name = forms.CharField(
        label=_("Party awareness class"),
        max_length=200,
        required=False,
        help_text=_("e.g. Lớp bồi dưỡng nhận thức về Đảng khóa 2/2026"),
    )
    class_from = _date(_("From"))
    class_to = _date(_("Until"))
    class_result = forms.ChoiceField(label=_("Result"), choices=ClassResult.choices, required=False)
    certificate = _file(_("Certificate (PDF or photo)"))


class LetterForm(forms.Form):
    letter_number = forms.CharField(label=_("Number of the letter"), max_length=60, required=False)
    letter_on = _date(_("Dated"))
    letter_signer = forms.CharField(label=_("Signed by"), max_length=200, required=False)
    letter_file = _file(_("The letter (PDF, optional)"))


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[c for c in Outcome.choices if c[0] != Outcome.PENDING]
    )
    outcome_on = _date(_("Dated"))
    party_cell = forms.CharField(label=_("Party cell (chi bộ)"), max_length=200, required=False)
    outcome_note = forms.CharField(label=_("Note"), max_length=300, required=False)
