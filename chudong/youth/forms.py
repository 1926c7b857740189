"""Forms of the youth pages: they parse input; the services decide the rest. Field names
are the services' keyword arguments, so a service's error lands next to its field."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chudong.core.forms import DateField
from chudong.members.models import Sex

from .models import (
    OpinionSource,
    OpinionStatus,
    Organisation,
    QuestionKind,
    RaisedBy,
    Sentiment,
    Topic,
    YouthStatus,
)
from .services import MANUAL_STATUSES

REQUIRED = {"required": _("This field is required.")}


def _text(label, max_length=300, **kwargs):
    return forms.CharField(label=label, max_length=max_length, required=False, **kwargs)


def _area(label, rows=3, **kwargs):
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


def _unit_choices(units) -> list[tuple[str, str]]:
    return [(str(u.pk), u.name) for u in units]


def _blank(label) -> list[tuple[str, str]]:
    return [("", label)]


class YouthForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=202, error_messages=REQUIRED)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        min_value=1900,
        max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": _("Enter a year, e.g. 2006.")},
    )
    date_of_birth = DateField(
        label=_("Date of birth"), required=False, help_text=_("If known; the year alone is enough.")
    )
    phone = _text(_("Phone"), 20, widget=forms.TextInput(attrs={"inputmode": "tel"}))
    zalo = _text(_("Zalo"), 100, help_text=_("Zalo number or name, if different"))
    residence = _text(_("Lives at"))
    workplace = _text(_("Works or studies at"))
    unit = forms.ChoiceField(label=_("Unit of the area"))
    organisation = forms.ChoiceField(label=_("Organisation"), choices=Organisation.choices)
    organisation_other = _text(_("Which organisation"), 200)
    status = forms.ChoiceField(label=_("Status"))
    notes = _area(_("Notes"))

    def __init__(self, *args, units=(), statuses=MANUAL_STATUSES, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _unit_choices(units)
        self.fields["status"].choices = [(s, YouthStatus(s).label) for s in statuses]
        if len(self.fields["status"].choices) == 1:
            self.fields["status"].disabled = True


class YouthFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_blank(_("All")) + YouthStatus.choices
    )
    organisation = forms.ChoiceField(
        label=_("Organisation"), required=False, choices=_blank(_("All")) + Organisation.choices
    )
    q.widget.attrs.update(
        {"placeholder": _("Name or phone"), "type": "search", "autocomplete": "off"}
    )


class AdmissionStartForm(forms.Form):
    branch = forms.ChoiceField(label=_("Branch (chi đoàn)"))
    date_of_birth = DateField(label=_("Date of birth"), error_messages=REQUIRED)
    nominated_on = DateField(label=_("Nominated on"), initial=timezone.localdate)
    nomination_note = _text(_("Proposed by / note"))

    def __init__(self, *args, branches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].choices = [
            (str(b.pk), f"{b.name} – {b.parent.name}" if b.parent_id else b.name) for b in branches
        ]


class OpinionForm(forms.Form):
    raised_on = DateField(label=_("Raised on"), initial=timezone.localdate)
    source = forms.ChoiceField(label=_("Source"), choices=OpinionSource.choices)
    link = forms.CharField(
        label=_("Link to the post"),
        required=False,
        max_length=500,
        widget=forms.URLInput(attrs={"inputmode": "url", "placeholder": "https://"}),
        help_text=_("Needed for a Zalo, Facebook, YouTube or TikTok post."),
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    sentiment = forms.ChoiceField(
        label=_("Sentiment"), choices=Sentiment.choices, initial="neutral", widget=forms.RadioSelect
    )
    raised_by = forms.ChoiceField(
        label=_("Raised by"),
        choices=RaisedBy.choices,
        initial="anonymous",
        widget=forms.RadioSelect,
    )
    member = forms.ChoiceField(label=_("Member"), required=False)
    youth = forms.ChoiceField(label=_("Young person"), required=False)
    content = forms.CharField(
        label=_("Content"), widget=forms.Textarea(attrs={"rows": 5}), error_messages=REQUIRED
    )

    def __init__(self, *args, members=(), youths=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = _blank("—") + [(str(m.pk), m.full_name) for m in members]
        self.fields["youth"].choices = _blank("—") + [
            (str(y.pk), f"{y.full_name} ({y.birth_year})") for y in youths
        ]


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=OpinionStatus.choices)
    handler = forms.ChoiceField(label=_("Handled by"), required=False)
    action_taken = _area(_("What was done"))
    answer = _area(_("Answer given"))
    answered_on = DateField(label=_("Answered on"), required=False)
    closed_on = DateField(label=_("Closed on"), required=False)

    def __init__(self, *args, handlers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].choices = _blank("—") + [(str(u.pk), u.full_name) for u in handlers]


class OpinionFilterForm(forms.Form):
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=_blank(_("All")) + Topic.choices
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_blank(_("All")) + OpinionStatus.choices
    )
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=_blank(_("All")) + OpinionSource.choices
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, error_messages=REQUIRED)
    description = _area(_("Introduction"))
    opens_on = DateField(label=_("Open from"), initial=timezone.localdate)
    closes_on = DateField(label=_("Open until"))


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=300, error_messages=REQUIRED)
    kind = forms.ChoiceField(label=_("Answered by"), choices=QuestionKind.choices)
    choices = _area(_("Choices, one per line"), rows=4)
    required = forms.BooleanField(label=_("Answer required"), required=False, initial=True)


class AnswerForm(forms.Form):
    """One field per question of the survey, named q<id>."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            name = f"q{question.pk}"
            choices = [(str(i), label) for i, label in enumerate(question.choices)]
            if question.kind == QuestionKind.SINGLE:
                field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect)
            elif question.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=choices, widget=forms.CheckboxSelectMultiple
                )
            else:
                field = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
            field.label = f"{question.position}. {question.text}"
            field.required = False  # the service says which answer is missing, in Vietnamese
            self.fields[name] = field

    def answers(self) -> dict[int, object]:
        return {
            int(name[1:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("q")
        }


class AnswerOpinionForm(forms.Form):
    question = forms.IntegerField(widget=forms.HiddenInput)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    sentiment = forms.ChoiceField(
        label=_("Sentiment"), choices=Sentiment.choices, initial="neutral"
    )
