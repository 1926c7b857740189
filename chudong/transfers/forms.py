"""Forms of the membership procedures: they parse input; services decide the rest."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chudong.core.forms import DateField

from .models import TransferKind

_MONTH = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")


def parse_month(text: str) -> dt.date | None:
    match = _MONTH.match(text or "")
    if not match:
        return None
    month, year = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or year < 1950:
        return None
    return dt.date(year, month, 1)


class MonthField(forms.CharField):
    """A month typed as mm/yyyy; cleans to the first day of that month."""

    default_error_messages = {"invalid": _("Enter a month as mm/yyyy, e.g. 06/2026.")}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        attrs = {"placeholder": "mm/yyyy", "inputmode": "numeric", "maxlength": "7"}
        self.widget.attrs.update(attrs)

    def prepare_value(self, value):
        if isinstance(value, dt.date):
            return f"{value:%m/%Y}"
        return value

    def to_python(self, value):
        text = (super().to_python(value) or "").strip()
        if not text:
            return None
        month = parse_month(text)
        if month is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return month


class MonthsField(forms.CharField):
    """Several months, separated by commas or spaces: "03/2026, 04/2026, 06/2026"."""

    default_error_messages = {
        "invalid": _("Write the months as mm/yyyy separated by commas; %(text)s is not one.")
    }

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(f"{m:%m/%Y}" for m in value)
        return value

    def to_python(self, value):
        text = (super().to_python(value) or "").strip()
        months = []
        for part in re.split(r"[,;\s]+", text):
            if not part:
                continue
            month = parse_month(part)
            if month is None:
                raise forms.ValidationError(
                    self.error_messages["invalid"], code="invalid", params={"text": part}
                )
            months.append(month)
        return months


def _text(label, *, required=True, rows=3, max_length=1000, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class VersionForm(forms.Form):
    """Every action on a case posts the version of the case it was shown."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TransferRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of transfer"), choices=TransferKind.choices, widget=forms.RadioSelect
    )
    q = forms.CharField(
        label=_("Find the receiving unit"),
        required=False,
        max_length=100,
        help_text=_(
            "Name or code of a grassroots union anywhere in the country, or a branch of "
            "your own union."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    to_unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    reason = _text(_("Reason"), rows=2, help_text=_("New residence, workplace or school..."))
    destination_note = forms.CharField(
        label=_("Where the member goes"),
        required=False,
        max_length=300,
        help_text=_("For working far away: the province, company or industrial zone."),
    )
    requested_on = DateField(label=_("Date"), initial=timezone.localdate)
    until = DateField(label=_("Expected until"), required=False)
    branch_comment = _text(
        _("The branch's comment on the member"),
        required=False,
        max_length=2000,
        help_text=_("As written in the member book: attitude, activity, tasks carried out."),
    )
    dues_paid_through = MonthField(label=_("Dues paid through (month)"), required=False)


class EndorseForm(VersionForm):
    branch_comment = _text(_("The branch's comment on the member"), max_length=2000)
    dues_paid_through = MonthField(label=_("Dues paid through (month)"))


class IntroduceForm(VersionForm):
    introduced_on = DateField(label=_("Introduced on"), initial=timezone.localdate)
    introduction_number = forms.CharField(
        label=_("Introduction letter number"), required=False, max_length=60
    )


class ReceiveForm(VersionForm):
    to_branch = forms.TypedChoiceField(label=_("Receiving branch"), coerce=int, required=False)
    received_on = DateField(label=_("Received on"), initial=timezone.localdate)

    def __init__(self, *args, branches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_branch"].choices = [("", "—")] + [(b.pk, b.name) for b in branches]


class RefuseForm(VersionForm):
    reason = _text(_("Reason for refusing"), rows=2, max_length=500)


class CancelForm(VersionForm):
    reason = _text(_("Reason"), required=False, rows=2, max_length=500)


class EndForm(VersionForm):
    ended_on = DateField(label=_("Ended on"), initial=timezone.localdate)
    note = _text(_("Note"), required=False, rows=2, max_length=500)


class KeepForm(forms.Form):
    reason = _text(_("The member's reason for staying"), rows=2, max_length=500)
    until = DateField(label=_("Kept until"))
    decided_on = DateField(label=_("Decided on"), initial=timezone.localdate)


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)


class BatchForm(forms.Form):
    year = forms.IntegerField(widget=forms.HiddenInput, min_value=2000, max_value=2100)
    ceremony_on = DateField(label=_("Ceremony date"))
    decision_number = forms.CharField(label=_("Decision number"), required=False, max_length=60)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
    expected = forms.CharField(widget=forms.HiddenInput, required=False)

    def expected_ids(self) -> list[int]:
        raw = self.cleaned_data.get("expected") or ""
        return [int(x) for x in raw.split(",") if x.strip().isdigit()]


class StrikeOffProposeForm(forms.Form):
    months = MonthsField(
        label=_("Months missed"),
        help_text=_("Meetings not attended or dues not paid, e.g. 03/2026, 04/2026, 05/2026."),
    )
    grounds = _text(
        _("Grounds"),
        max_length=2000,
        help_text=_("What happened, the reminders given, why no reason is valid."),
    )
    proposed_on = DateField(label=_("Proposed on"), initial=timezone.localdate)


class StrikeOffDecideForm(VersionForm):
    decided_on = DateField(label=_("Decided on"), initial=timezone.localdate)
    decision_number = forms.CharField(
        label=_("Decision or minutes number"), required=False, max_length=60
    )
    votes_present = forms.IntegerField(label=_("Members present"), required=False, min_value=0)
    votes_for = forms.IntegerField(label=_("Votes for"), required=False, min_value=0)


class WithdrawForm(VersionForm):
    reason = _text(_("Why the proposal is withdrawn"), rows=2, max_length=500)
