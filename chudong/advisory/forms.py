"""Forms of pillar three: they parse input; the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chudong.core import uploads

from .models import Agreement, JointAction, Proposal, Resource
from .selectors import hardship_choice_label


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class YearForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)


def _activity_field(form: forms.Form, choices) -> None:
    field = form.fields["activity"]
    field.queryset = choices
    field.required = False
    field.empty_label = _("— none —")


class ResourceForm(forms.ModelForm):
    value = forms.IntegerField(
        label=_("Value (VND)"), widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )

    class Meta:
        model = Resource
        fields = [
            "sponsor_name", "sponsor_kind", "form", "value", "description", "received_on",
            "purpose", "funded", "activity", "hardship", "thanked_on", "thanked_by",
        ]  # fmt: skip
        widgets = {
            "received_on": DateInput(),
            "thanked_on": DateInput(),
            "funded": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, activities=None, hardships=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].error_messages["invalid"] = _("Enter a whole number of đồng.")
        _activity_field(self, activities)
        if hardships is None:  # the actor may not see care work or names here
            del self.fields["hardship"]
        else:
            field = self.fields["hardship"]
            field.queryset = hardships
            field.required = False
            field.empty_label = _("— none —")
            # The person, or the marker for a member without consent (hardship_choices).
            field.label_from_instance = hardship_choice_label
        for name in ("sponsor_name", "purpose", "received_on", "value"):
            self.fields[name].required = False  # the service says what is missing

    def _post_clean(self):  # the service validates; no model validation here
        pass


class AgreementForm(forms.ModelForm):
    attachment = forms.FileField(
        label=_("Signed document (PDF, photo or Word)"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": uploads.ACCEPT}),
    )  # fmt: skip

    class Meta:
        model = Agreement
        fields = [
            "partner_name", "partner_kind", "title", "signed_on", "valid_from", "valid_to",
            "content", "responsible",
        ]  # fmt: skip
        widgets = {
            "signed_on": DateInput(),
            "valid_from": DateInput(),
            "valid_to": DateInput(),
            "content": forms.Textarea(attrs={"rows": 4}),
            "responsible": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("partner_name", "title", "signed_on", "valid_from", "content", "responsible"):
            self.fields[name].required = False

    def _post_clean(self):
        pass


class JointActionForm(forms.ModelForm):
    class Meta:
        model = JointAction
        fields = ["done_on", "title", "result", "activity"]
        widgets = {"done_on": DateInput(), "result": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, activities=None, **kwargs):
        super().__init__(*args, **kwargs)
        _activity_field(self, activities)
        self.fields["title"].required = False
        self.fields["done_on"].required = False

    def _post_clean(self):
        pass


class ProposalForm(forms.ModelForm):
    attachment = forms.FileField(
        label=_("Document (PDF, photo or Word)"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": uploads.ACCEPT}),
    )  # fmt: skip

    class Meta:
        model = Proposal
        fields = [
            "subject", "kind", "content", "submitted_to", "submitted_to_other", "submitted_on",
        ]  # fmt: skip
        widgets = {"submitted_on": DateInput(), "content": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("subject", "content", "submitted_on"):
            self.fields[name].required = False

    def _post_clean(self):
        pass


class ResponseForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = [
            "response_kind", "response_number", "response_on", "response_summary", "follow_up",
            "plan",
        ]  # fmt: skip
        widgets = {
            "response_on": DateInput(),
            "response_summary": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, plans=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["plan"]
        field.queryset = plans if plans is not None else field.queryset.none()
        field.required = False
        field.empty_label = _("— none —")

    def _post_clean(self):
        pass
