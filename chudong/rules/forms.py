from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chudong.core.forms import effective_date_field

from .catalog import KEYS


class RuleVersionForm(forms.Form):
    key = forms.ChoiceField(label=_("Rule"))
    value = forms.CharField(
        label=_("New value"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A number (30), a fraction (2/3), items separated by commas, or one "
                    "line per level for a schedule."),
    )  # fmt: skip
    valid_from = effective_date_field(label=_("In force from"))
    document = forms.CharField(
        label=_("Source document"), max_length=300,
        help_text=_("e.g. Điều lệ Đoàn khóa XII; Hướng dẫn 20-HD/TWĐTN-BTC"),
    )  # fmt: skip
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [(k.key, f"{k.label} ({k.key})") for k in KEYS]
