"""Forms of criterion 2.5: they parse input; the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chudong.core import uploads

from .models import (
    Exemplary,
    ExemplaryArea,
    Inspection,
    InspectionPlan,
    Recommendation,
    Replication,
    Review,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class YearForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)


class AreaForm(forms.Form):
    area = forms.ChoiceField(required=False, choices=[("", ""), *ExemplaryArea.choices])


def _evidence_field(label) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": uploads.ACCEPT}),
    )


class _ServiceValidated(forms.ModelForm):
    """Fields the service checks are optional here, so that its message is the one shown."""

    optional: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.optional:
            self.fields[name].required = False

    def _post_clean(self):  # the service validates; no model validation here
        pass


class PlanForm(_ServiceValidated):
    optional = ("title", "content_areas", "year", "subjects")

    class Meta:
        model = InspectionPlan
        fields = ["year", "title", "content_areas", "schedule", "subjects"]
        widgets = {
            "content_areas": forms.Textarea(attrs={"rows": 4}),
            "schedule": forms.Textarea(attrs={"rows": 3}),
            "subjects": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, subjects=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subjects"].queryset = subjects


class InspectionForm(_ServiceValidated):
    optional = ("subject", "plan", "content", "inspected_on", "team", "findings", "conclusion")

    class Meta:
        model = Inspection
        fields = ["subject", "plan", "content", "inspected_on", "team", "findings", "conclusion"]
        widgets = {
            "inspected_on": DateInput(),
            "team": forms.Textarea(attrs={"rows": 2}),
            "findings": forms.Textarea(attrs={"rows": 4}),
            "conclusion": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, subjects=None, plans=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = subjects
        self.fields["plan"].queryset = plans
        self.fields["plan"].empty_label = _("— outside any plan —")
        if editing:
            del self.fields["subject"]


class RecommendationForm(_ServiceValidated):
    optional = ("text", "deadline")

    class Meta:
        model = Recommendation
        fields = ["text", "deadline"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "deadline": DateInput()}


class RemedyForm(_ServiceValidated):
    optional = ("done_on",)
    evidence = _evidence_field(_("Evidence (PDF, photo or Word)"))

    class Meta:
        model = Recommendation
        fields = ["status", "done_on", "follow_up"]
        widgets = {
            "status": forms.RadioSelect,
            "done_on": DateInput(),
            "follow_up": forms.Textarea(attrs={"rows": 3}),
        }


class ReviewForm(_ServiceValidated):
    optional = ("strengths", "shortcomings", "remedies", "self_rating", "reviewed_on")

    class Meta:
        model = Review
        fields = [
            "strengths",
            "shortcomings",
            "remedies",
            "self_rating",
            "criticism",
            "agreed_rating",
            "reviewed_on",
        ]
        widgets = {
            "strengths": forms.Textarea(attrs={"rows": 4}),
            "shortcomings": forms.Textarea(attrs={"rows": 4}),
            "remedies": forms.Textarea(attrs={"rows": 3}),
            "criticism": forms.Textarea(attrs={"rows": 3}),
            "reviewed_on": DateInput(),
        }


class ExemplaryForm(_ServiceValidated):
    optional = ("title", "description", "started_on")
    evidence = _evidence_field(_("Evidence (PDF, photo or Word)"))
    member = forms.ChoiceField(label=_("Member (from the register)"), required=False)
    link = forms.URLField(
        label=_("Link to the evidence"), required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = Exemplary
        fields = [
            "kind",
            "title",
            "area",
            "description",
            "holder",
            "started_on",
            "link",
            "commendation",
            "decision_number",
            "decision_on",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "started_on": DateInput(),
            "decision_on": DateInput(),
        }

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(m.pk): m for m in members}
        current = self.instance.member if self.instance.member_id else None
        if current is not None:
            self.members.setdefault(str(current.pk), current)
            self.initial["member"] = str(current.pk)
        self.fields["member"].choices = [("", _("— not in the register, or a model —"))] + [
            (key, f"{m.full_name} — {m.unit.name}") for key, m in self.members.items()
        ]
        order = ["kind", "title", "area", "description", "member"]
        self.order_fields(order)

    def clean_member(self):
        value = self.cleaned_data.get("member")
        return self.members.get(value) if value else None


class ReplicationForm(_ServiceValidated):
    optional = ("unit", "started_on")

    class Meta:
        model = Replication
        fields = ["unit", "started_on", "note"]
        widgets = {"started_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ShareForm(forms.Form):
    by_unit = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Publish for replication across"),
        empty_label=_("— not published —"),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by_unit"].queryset = units
