"""Forms of the procedures: they parse input; the services decide the rest. Field names are
the services' keyword arguments, so a service's error lands next to its field."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chudong.accounts.models import normalize_phone
from chudong.core.forms import DateField
from chudong.members.models import ETHNICITY_CHOICES, Sex

from .models import (
    ClassResult,
    Collective,
    CommendationForm,
    CommendationLevel,
    DisciplineForm,
    IntroducerKind,
    ReissueReason,
)
from .services.documents import ACCEPT


def _text(label, max_length=300, **kwargs):
    return forms.CharField(label=label, max_length=max_length, required=False, **kwargs)


def _file(label, required=False, **kwargs):
    return forms.FileField(
        label=label,
        required=required,
        help_text=kwargs.pop(
            "help_text", _("PDF, photo (JPEG, PNG, WebP) or Word, at most 10 MB.")
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": _("Attach this document.")},
        **kwargs,
    )


def _count(label):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=100000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": _("Enter a whole number."), "required": _("Enter a number.")},
    )


def _date(label, **kwargs):
    kwargs.setdefault("initial", timezone.localdate)
    return DateField(label=label, **kwargs)


class PhoneIdMixin:
    def clean_national_id(self):
        value = "".join((self.cleaned_data.get("national_id") or "").split())
        if value and not re.fullmatch(r"\d{12}", value):
            raise forms.ValidationError(_("A citizen ID (CCCD) number has exactly 12 digits."))
        return value or None

    def clean_phone(self):
        raw = self.cleaned_data.get("phone") or ""
        value = normalize_phone(raw)
        if raw.strip() and not re.fullmatch(r"0\d{9}", value):
            raise forms.ValidationError(
                _("A phone number has 10 digits and starts with 0, e.g. 0912345678.")
            )
        return value


# --- Admission -----------------------------------------------------------------------


class CandidateForm(PhoneIdMixin, forms.Form):
    """The candidate's data (nomination, and corrections while the case is open)."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=202,
        help_text=_("As in the birth certificate, e.g. Nguyễn Thị Minh Anh."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    date_of_birth = DateField(label=_("Date of birth"))
    national_id = forms.CharField(
        label=_("Citizen ID (CCCD)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={"invalid": _("Enter a valid e-mail address, e.g. ten@example.com.")},
    )
    hometown = _text(_("Hometown (quê quán)"))
    current_residence = _text(_("Current residence"))
    occupation = _text(_("Occupation"), max_length=200)
    workplace = _text(_("Workplace or school"))
    education_level = _text(_("General education"), max_length=20, help_text=_("e.g. 12/12"))
    ethnicity = forms.ChoiceField(
        label=_("Ethnicity"), choices=[("", "—"), *ETHNICITY_CHOICES], required=False
    )
    religion = _text(_("Religion"), max_length=60, help_text=_("e.g. Không, Phật giáo"))

    def __init__(self, *args, sensitive: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not sensitive:
            del self.fields["ethnicity"]
            del self.fields["religion"]


class NominationForm(CandidateForm):
    unit = forms.ChoiceField(label=_("Branch"))
    nominated_on = _date(_("Nominated on"))
    nomination_note = _text(
        _("Proposed by / note"), help_text=_("e.g. introduced by a member under the 1+1 policy")
    )

    field_order = ["unit", "nominated_on", "nomination_note"]

    def __init__(self, *args, branches, fixed_unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_unit is not None:
            del self.fields["unit"]
        else:
            self.fields["unit"].choices = [("", "—")] + [
                (str(u.pk), f"{u.name} — {u.parent.name}" if u.parent_id else u.name)
                for u in branches
            ]


class ClassForm(forms.Form):
    class_name = forms.CharField(
        label=_("Class"),
        max_length=200,
        help_text=_("e.g. Lớp bồi dưỡng nhận thức về Đoàn, đợt 1 năm 2026"),
    )
    class_start = _date(_("From"))
    class_end = _date(_("Until"))
    class_result = forms.ChoiceField(
        label=_("Result"),
        choices=ClassResult.choices,
        widget=forms.RadioSelect,
        initial=ClassResult.PASSED,
    )
    certificate = _file(_("Certificate (optional)"))


class IntroducerForm(forms.Form):
    introducer_kind = forms.ChoiceField(
        label=_("Introduced by"),
        choices=IntroducerKind.choices,
        widget=forms.RadioSelect,
        initial=IntroducerKind.MEMBER,
    )
    introducer_member = forms.ChoiceField(label=_("Member (from the register)"), required=False)
    introducer_name = _text(_("Party member's full name"), max_length=202)
    introducer_collective = forms.ChoiceField(
        label=_("Collective"), choices=[("", "—"), *Collective.choices], required=False
    )
    introducer_known_since = DateField(
        label=_("Has worked or studied with the candidate since"), required=False
    )
    introduced_on = _date(_("Introduced on"))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(m.pk): m for m in members}
        self.fields["introducer_member"].choices = [("", "—")] + [
            (str(m.pk), f"{m.full_name} — {m.unit.name}") for m in members
        ]

    def clean_introducer_member(self):
        value = self.cleaned_data.get("introducer_member")
        return self.members.get(value) if value else None


class ApplicationForm(forms.Form):
    application_date = _date(_("Application dated"))
    application = _file(_("Application to join the Union (đơn xin vào Đoàn)"), required=True)
    background = _file(_("Background declaration (lý lịch)"), required=True)


class VoteForm(forms.Form):
    vote_date = _date(_("Branch meeting on"))
    members_present = _count(_("Members present"))
    votes_for = _count(_("Votes for"))
    votes_against = _count(_("Votes against"))
    minutes = _file(_("Minutes (optional)"))


class DecisionForm(forms.Form):
    decision_number = forms.CharField(
        label=_("Decision number"), max_length=60, help_text=_("e.g. 125-QĐ/TĐTN")
    )
    decision_date = _date(_("Decision date"))
    decision_signer = forms.CharField(
        label=_("Signed by"), max_length=200, help_text=_("Name and position of the signer")
    )
    decision_scan = _file(_("Scan of the decision (optional)"))


class CloseForm(forms.Form):
    closed_on = _date(_("Date"))
    closed_reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    closed_reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class CeremonyForm(forms.Form):
    ceremony_date = _date(_("Ceremony on"))
    ceremony_place = forms.CharField(label=_("Place"), max_length=300)


class AdmissionCardForm(forms.Form):
    card_number = forms.CharField(label=_("Card number"), max_length=30)
    card_issued_on = _date(_("Issued on"))


# --- Discipline ----------------------------------------------------------------------


class DisciplineProposeForm(forms.Form):
    form = forms.ChoiceField(
        label=_("Form of discipline"), choices=DisciplineForm.choices, widget=forms.RadioSelect
    )
    office_assignment = forms.ChoiceField(
        label=_("Post removed from"),
        required=False,
        help_text=_("Only for removal from office: the leadership post the member holds."),
    )
    violation = forms.CharField(
        label=_("Violation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Sensitive: shown only to those who may see sensitive data, every reading logged."
        ),
    )
    proposed_on = _date(_("Proposed on"))

    def __init__(self, *args, posts, **kwargs):
        super().__init__(*args, **kwargs)
        self.posts = {str(p.pk): p for p in posts}
        self.fields["office_assignment"].choices = [("", "—")] + [
            (str(p.pk), f"{p.role.name} — {p.unit.name}") for p in posts
        ]

    def clean_office_assignment(self):
        value = self.cleaned_data.get("office_assignment")
        return self.posts.get(value) if value else None


class MeetingForm(forms.Form):
    meeting_date = _date(_("Branch meeting on"))
    branch_members = _count(_("Members of the branch"))
    members_present = _count(_("Members present"))
    votes_for = _count(_("Votes for"))
    votes_against = _count(_("Votes against"))
    secret_ballot = forms.BooleanField(
        label=_("The vote was by secret ballot"), required=False, initial=True
    )
    minutes = _file(_("Minutes (optional)"))


class AppealForm(forms.Form):
    appeal_date = _date(_("Appeal lodged on"))
    appeal_note = forms.CharField(
        label=_("Appeal and its outcome"), widget=forms.Textarea(attrs={"rows": 3})
    )


# --- Commendation, cards, honorary members -----------------------------------------------


class CommendationRecordForm(forms.Form):
    form = forms.ChoiceField(label=_("Form"), choices=CommendationForm.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        help_text=_("e.g. Đoàn viên tiêu biểu năm 2026"),
    )
    level = forms.ChoiceField(label=_("Commendation level"), choices=CommendationLevel.choices)
    issuer = forms.CharField(
        label=_("Issued by"),
        max_length=300,
        help_text=_("e.g. Ban Thường vụ Tỉnh đoàn Thái Nguyên"),
    )
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decision_date = _date(_("Decision date"))
    reason = forms.CharField(
        label=_("For (achievement)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    decision_scan = _file(_("Scan of the decision (optional)"))


class CardIssueForm(forms.Form):
    number = forms.CharField(label=_("Card number"), max_length=30)
    issued_on = _date(_("Issued on"))


class ReissueApplyForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What was lost"), choices=ReissueReason.choices, widget=forms.RadioSelect
    )
    applied_on = _date(_("Application dated"))
    application_note = _text(_("Note"))
    application_file = _file(_("Application (optional)"))


class ReissueProposeForm(forms.Form):
    proposed_on = _date(_("Proposed on"))
    proposal_note = _text(_("Proposal number / note"))
    proposal_file = _file(_("Proposal (optional)"))


class ReissueDecideForm(DecisionForm):
    new_number = forms.CharField(label=_("New card number"), max_length=30)
    decision_file = _file(_("Scan of the decision (optional)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["decision_scan"]


class HonoraryProposeForm(PhoneIdMixin, forms.Form):
    unit = forms.ChoiceField(label=_("Branch"))
    full_name = forms.CharField(label=_("Full name"), max_length=202)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    date_of_birth = DateField(label=_("Date of birth"))
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    occupation = _text(_("Occupation"), max_length=200)
    workplace = _text(_("Workplace or school"))
    contribution = forms.CharField(
        label=_("Contribution to the Union"), widget=forms.Textarea(attrs={"rows": 3})
    )
    proposed_on = _date(_("Proposed on"))

    def __init__(self, *args, branches, fixed_unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_unit is not None:
            del self.fields["unit"]
        else:
            self.fields["unit"].choices = [("", "—")] + [
                (str(u.pk), f"{u.name} — {u.parent.name}" if u.parent_id else u.name)
                for u in branches
            ]


class StateFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("Show"), required=False)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = choices
