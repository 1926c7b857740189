"""Forms of the rating and Rèn luyện pages. The one-screen forms build a field per member
from the sheet the selector returned; the services validate again."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chudong.core.forms import DateField

from .eligibility import REVIEW
from .models import TrainingArea
from .services import RatingEntry
from .services.rating import COMMENT_MAX
from .services.training import COMMITMENTS_MAX


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)


class RatingSheetForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, sheet, disabled: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        level_choices = [(level.code, level.label) for level in sheet.levels.levels]
        for row in sheet.rateable:
            pk = row.member.pk
            if row.eligibility.status != REVIEW:
                self.fields[f"level_{pk}"] = forms.ChoiceField(
                    label=_("Rating level"),
                    choices=[*level_choices, ("", _("Not yet rated"))],
                    required=False,
                    widget=forms.RadioSelect(attrs={"class": "level-choice"}),
                    initial=row.rating.level if row.rating else "",
                    disabled=disabled,
                )
            self.fields[f"comment_{pk}"] = forms.CharField(
                label=_("Strengths and weaknesses")
                if row.eligibility.status != REVIEW
                else _("Review (strengths and weaknesses)"),
                required=False,
                max_length=COMMENT_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=row.rating.comment if row.rating else "",
                disabled=disabled,
            )
        self.fields["version"].initial = sheet.version

    def bind_rows(self) -> None:
        """Hand each row its bound fields, for the template."""
        for row in self.sheet.rateable:
            pk = row.member.pk
            row.fields = {
                "level": self[f"level_{pk}"] if f"level_{pk}" in self.fields else None,
                "comment": self[f"comment_{pk}"],
            }

    def entries(self) -> list[RatingEntry]:
        data = self.cleaned_data
        return [
            RatingEntry(
                member_id=row.member.pk,
                level=data.get(f"level_{row.member.pk}") or "",
                comment=data.get(f"comment_{row.member.pk}") or "",
            )
            for row in self.sheet.rateable
        ]


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What should the branch revise?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CorrectionForm(forms.Form):
    level = forms.ChoiceField(label=_("Rating level"), required=False)
    comment = forms.CharField(
        label=_("Strengths and weaknesses"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=100,
        help_text=_("Kept in the history of the rating."),
    )

    def __init__(self, *args, levels=None, reviewed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if reviewed or levels is None:
            del self.fields["level"]
        else:
            self.fields["level"].choices = [(lv.code, lv.label) for lv in levels.levels]
            self.fields["level"].required = True


class TrainingContentForm(forms.Form):
    areas = forms.MultipleChoiceField(
        label=_("Content areas"),
        choices=TrainingArea.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    commitments = forms.CharField(
        label=_("Commitments"),
        required=False,
        max_length=COMMITMENTS_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class TrainingEvaluationForm(forms.Form):
    evaluated_on = DateField(label=_("Evaluated on"))

    def __init__(self, *args, sheet, disabled: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        choices = [("", _("Not evaluated")), *sheet.results]
        for row in sheet.rows:
            if row.registration is None:
                continue
            self.fields[f"result_{row.member.pk}"] = forms.ChoiceField(
                label=_("Training result"),
                choices=choices,
                required=False,
                initial=row.registration.result,
                disabled=disabled,
            )
        self.fields["evaluated_on"].initial = min(sheet.evaluation_day, timezone.localdate())
        self.fields["evaluated_on"].disabled = disabled

    def bind_rows(self) -> None:
        for row in self.sheet.rows:
            name = f"result_{row.member.pk}"
            row.fields = {"result": self[name] if name in self.fields else None}

    def results(self) -> dict[int, str]:
        return {
            row.member.pk: self.cleaned_data.get(f"result_{row.member.pk}") or ""
            for row in self.sheet.rows
            if row.registration is not None
        }
