from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chudong.core import uploads
from chudong.core.forms import DateField

from .models import AudienceRoles, DispatchKind


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": uploads.ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class DispatchForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DispatchKind.choices)
    number = forms.CharField(
        label=_("Document number"), max_length=60, required=False,
        widget=forms.TextInput(attrs={"placeholder": "15-NQ/TĐTN"}),
    )  # fmt: skip
    issued_on = DateField(label=_("Date of issue"), initial=timezone.localdate)
    issuer = forms.CharField(
        label=_("Issued by"), max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Ban Thường vụ Tỉnh đoàn")}),
    )  # fmt: skip
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What members must know, in a few lines: they read it on a phone."),
    )  # fmt: skip
    audience_units = forms.MultipleChoiceField(
        label=_("Send to"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave every box empty to send to the whole unit and every unit below it."),
    )  # fmt: skip
    audience_roles = forms.ChoiceField(
        label=_("Addressed to"), choices=AudienceRoles.choices, initial=AudienceRoles.ALL,
        widget=forms.RadioSelect,
    )  # fmt: skip
    acknowledge_by = DateField(label=_("Acknowledge by"), required=False)
    files = MultipleFileField(
        label=_("Attachments"), required=False,
        help_text=_("PDF, photo (JPEG, PNG, WebP) or Word, at most 10 MB each."),
    )  # fmt: skip

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience_units"].choices = [(str(u.pk), u.name) for u in units]


class ChecklistForm(forms.Form):
    members = forms.MultipleChoiceField(
        label=_("Members who took in the document"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick the members who took in the document.")},
    )  # fmt: skip

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [
            (str(e.member.pk), e.member.full_name) for e in entries if not e.acknowledged
        ]
