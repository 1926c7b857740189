"""Forms of the import pages: they parse input; the services check the file and the
mapping."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import fields
from .models import ImportJob


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file"),
        help_text=_(".xlsx or .xls, at most 10 MB. The title block and signatures may stay."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.xls,application/vnd.ms-excel,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


class MappingForm(forms.Form):
    """One select per detected column: which member field it goes into."""

    def __init__(self, *args, job: ImportJob, sensitive: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.job = job
        options = fields.choices(branch_column=not job.unit.kind.is_branch, sensitive=sensitive)
        for column in job.layout.get("columns", []):
            letter = column["letter"]
            self.fields[f"col_{letter}"] = forms.ChoiceField(
                label=_("Column %s") % letter,
                choices=options,
                required=False,
                initial=job.mapping.get(letter, fields.IGNORE),
            )

    def mapping(self) -> dict[str, str]:
        return {name[4:]: value or fields.IGNORE for name, value in self.cleaned_data.items()}


class SheetForm(forms.Form):
    sheet = forms.ChoiceField(label=_("Sheet"))

    def __init__(self, *args, job: ImportJob, **kwargs):
        super().__init__(*args, **kwargs)
        names = job.layout.get("sheets", [])
        self.fields["sheet"].choices = [(name, name) for name in names]
        self.fields["sheet"].initial = job.layout.get("sheet")


class BookForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1950, max_value=2100, required=False)
