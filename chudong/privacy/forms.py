"""Forms of the privacy pages: they parse input; the services validate and write.

Consent boxes are never ticked in advance (`initial=False`, a test holds it): consent is
an act of the member, not a default.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chudong.core.forms import DateField
from chudong.members.models import MemberSensitive

from .models import ConsentPurpose, RequestKind, RequestStatus
from .services.requests import CLEARABLE, ONLINE_KINDS


def _purpose_label(purpose: ConsentPurpose) -> str:
    from django.utils.translation import get_language

    return purpose.label(get_language() or "vi")


class PurposeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _purpose_label(obj)


class OwnConsentForm(forms.Form):
    """The member's own consent to one purpose (a form per purpose on My pages)."""

    purpose = forms.CharField(widget=forms.HiddenInput)
    confirmed = forms.BooleanField(
        label=_(
            "I agree that my branch and the units above it process this data for this purpose."
        ),
        required=False,
        initial=False,
    )


class PaperConsentForm(forms.Form):
    purpose = PurposeChoiceField(label=_("Purpose"), queryset=ConsentPurpose.objects.none())
    given_on = DateField(label=_("Signed on"), initial=timezone.localdate)
    evidence = forms.CharField(
        label=_("Where the signed form is kept"), max_length=300, required=False,
        help_text=_("E.g. consent form no. 12/2026, kept in the branch's member file."),
    )  # fmt: skip
    confirmed = forms.BooleanField(
        label=_("The member signed the consent form for this purpose."),
        required=False,
        initial=False,
    )

    def __init__(self, *args, purposes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"].queryset = purposes


class WithdrawForm(forms.Form):
    withdrawn_on = DateField(label=_("Withdrawn on"), initial=timezone.localdate)
    evidence = forms.CharField(
        label=_("How the member withdrew"), max_length=300, required=False,
        help_text=_("E.g. letter of 03/02/2026 kept in the member file."),
    )  # fmt: skip


class OwnRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("I ask to"),
        choices=[(k.value, k.label) for k in ONLINE_KINDS],
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("Details (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class StaffRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Request"), choices=RequestKind.choices)
    received_on = DateField(label=_("Received on"), initial=timezone.localdate)
    details = forms.CharField(
        label=_("Details"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


def _clearable_choices():
    labels = {
        name: MemberSensitive._meta.get_field(name).verbose_name for name in MemberSensitive.FIELDS
    }
    labels["family"] = _("family relations")
    return [(name, labels[name]) for name in CLEARABLE]


class RespondForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (RequestStatus.DONE.value, _("the request was met")),
            (RequestStatus.REFUSED.value, _("the request was refused (say why below)")),
        ],
        widget=forms.RadioSelect,
    )
    response = forms.CharField(
        label=_("Response given to the member"), max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}), required=False,
    )  # fmt: skip
    clear_fields = forms.MultipleChoiceField(
        label=_("Remove this optional data (a request to delete)"),
        choices=_clearable_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    anonymise = forms.BooleanField(
        label=_("Anonymise the whole record (former members only)"),
        required=False,
        initial=False,
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        if kind != RequestKind.DELETE:
            del self.fields["clear_fields"]
            del self.fields["anonymise"]


class ReadLogFilterForm(forms.Form):
    within = forms.ModelChoiceField(
        label=_("Unit"), queryset=None, required=False, empty_label=_("all units")
    )
    reader = forms.CharField(label=_("Who read"), required=False, max_length=100)
    subject = forms.CharField(label=_("Whose data"), required=False, max_length=100)
    date_from = DateField(label=_("Read from"), required=False)
    date_to = DateField(label=_("Read until"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = units

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


class HolidayForm(forms.Form):
    date = DateField(label=_("Date"), required=False)
    name = forms.CharField(label=_("Name"), max_length=120, required=False)
    source = forms.CharField(label=_("Source document"), max_length=300, required=False)
