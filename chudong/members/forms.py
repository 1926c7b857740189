"""Forms of the member register: they parse and check input; services decide the rest."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chudong.accounts.models import normalize_phone
from chudong.core.forms import DateField

from .list_filters import list_filters
from .models import (
    ETHNICITY_CHOICES,
    MemberSensitive,
    MemberStatus,
    PartyStatus,
    PoliticalTheory,
    Relation,
    Sex,
)
from .selectors import AGE_BANDS, STATUS_ALL, STATUS_CURRENT, STATUS_FORMER

_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")


class BirthDateField(forms.CharField):
    """dd/mm/yyyy, or only the year (yyyy) when the day is not known.
    Cleans to (date, year_only)."""

    default_error_messages = {
        "invalid": _(
            "Enter the date of birth as dd/mm/yyyy, or only the year (yyyy) if the day "
            "is not known."
        ),
        "future": _("The date of birth cannot be in the future."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)
        self.widget.attrs.update({"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})

    def prepare_value(self, value):
        if isinstance(value, tuple):
            day, year_only = value
            return f"{day:%Y}" if year_only else f"{day:%d/%m/%Y}"
        return value

    def to_python(self, value):
        text = (super().to_python(value) or "").strip()
        if not text:
            return None
        try:
            if match := _YEAR.match(text):
                day, year_only = dt.date(int(match.group(1)), 1, 1), True
            elif match := _DATE.match(text):
                d, m, y = (int(g) for g in match.groups())
                day, year_only = dt.date(y, m, d), False
            else:
                raise ValueError
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if day.year < 1900:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if day > timezone.localdate():
            raise forms.ValidationError(self.error_messages["future"], code="future")
        return day, year_only


def _text(label, max_length=300, **kwargs):
    return forms.CharField(label=label, max_length=max_length, required=False, **kwargs)


class MemberForm(forms.Form):
    """The dossier fields (create and edit)."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=202,
        help_text=_("As in the birth certificate, e.g. Nguyễn Thị Minh Anh."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    date_of_birth = BirthDateField(
        label=_("Date of birth"),
        help_text=_("dd/mm/yyyy; only the year (yyyy) if the day is not known."),
    )
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
    birthplace = _text(_("Place of birth"))
    hometown = _text(_("Hometown (quê quán)"))
    permanent_residence = _text(_("Permanent residence"))
    current_residence = _text(_("Current residence"))
    card_number = _text(_("Membership card number"), max_length=20)
    admission_date = DateField(label=_("Admitted to the Union on"), required=False)
    admission_place = _text(_("Admitted at (unit)"))
    admission_decision = _text(_("Admission decision number"), max_length=60)
    is_honorary = forms.BooleanField(label=_("Honorary member"), required=False)
    education_level = _text(_("General education"), max_length=20, help_text=_("e.g. 12/12"))
    professional_qualification = _text(_("Professional qualification"), max_length=200)
    political_theory = forms.ChoiceField(
        label=_("Political theory level"), choices=PoliticalTheory.choices, required=False
    )
    foreign_languages = _text(_("Foreign languages"), max_length=200)
    occupation = _text(_("Occupation"), max_length=200)
    workplace = _text(_("Workplace or school"))
    party_status = forms.ChoiceField(
        label=_("Party membership"), choices=PartyStatus.choices, initial=PartyStatus.NONE
    )
    party_date = DateField(label=_("Admitted to the Party on"), required=False)

    SECTIONS = [
        (_("Identity"), ["full_name", "sex", "date_of_birth", "national_id"]),
        (_("Contact and residence"), ["phone", "email", "birthplace", "hometown",
                                      "permanent_residence", "current_residence"]),
        (_("Union membership"), ["card_number", "admission_date", "admission_place",
                                 "admission_decision", "is_honorary"]),
        (_("Education and work"), ["education_level", "professional_qualification",
                                   "political_theory", "foreign_languages", "occupation",
                                   "workplace"]),
        (_("Party"), ["party_status", "party_date"]),
    ]  # fmt: skip

    def clean_national_id(self):
        value = "".join((self.cleaned_data.get("national_id") or "").split())
        if value and not re.fullmatch(r"\d{12}", value):
            raise forms.ValidationError(
                _("A citizen ID (CCCD) number has exactly 12 digits."), code="invalid"
            )
        return value or None

    def clean_phone(self):
        raw = self.cleaned_data.get("phone") or ""
        value = normalize_phone(raw)
        if raw.strip() and not re.fullmatch(r"0\d{9}", value):
            raise forms.ValidationError(
                _("A phone number has 10 digits and starts with 0, e.g. 0912345678."),
                code="invalid",
            )
        return value

    def clean_card_number(self):
        return "".join((self.cleaned_data.get("card_number") or "").split()).upper() or None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.layout = [(title, list(names)) for title, names in self.SECTIONS]

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in self.layout]

    def member_values(self) -> dict:
        """cleaned_data in the services' vocabulary."""
        data = dict(self.cleaned_data)
        day, year_only = data.pop("date_of_birth")
        data["date_of_birth"] = day
        data["birth_year_only"] = year_only
        for extra in ("unit", "unit_since", "version", "confirm_new_person"):
            data.pop(extra, None)
        return data


class MemberCreateForm(MemberForm):
    unit = forms.ChoiceField(label=_("Branch"))
    unit_since = DateField(
        label=_("In this branch since"),
        required=False,
        help_text=_("Leave empty: the admission date, or today."),
    )
    confirm_new_person = forms.BooleanField(
        label=_("I have checked: this is a different person"), required=False
    )

    def __init__(self, *args, branches, fixed_unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_unit is not None:
            del self.fields["unit"]
        else:
            self.fields["unit"].choices = [("", "—")] + [
                (str(u.pk), f"{u.name} — {u.parent.name}" if u.parent_id else u.name)
                for u in branches
            ]
        self.fixed_unit = fixed_unit
        placement = ["unit_since"] if fixed_unit is not None else ["unit", "unit_since"]
        self.layout[2][1][:0] = placement


class MemberEditForm(MemberForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class SensitiveForm(forms.Form):
    ethnicity = forms.ChoiceField(
        label=_("Ethnicity"), choices=[("", "—"), *ETHNICITY_CHOICES], required=False
    )
    religion = _text(_("Religion"), max_length=60, help_text=_("e.g. Không, Phật giáo"))
    health = _text(_("Health"))
    family_background = _text(_("Family class background"), max_length=100)
    family_notes = forms.CharField(
        label=_("Notes on the family"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def sensitive_values(self) -> dict:
        """The fields to write: a hidden field (no consent) is left as it is stored."""
        return {
            name: self.cleaned_data[name]
            for name in MemberSensitive.FIELDS
            if not self.fields[name].disabled
        }

    def hide(self, notes: dict[str, str]) -> None:
        """Fields the officer may not see (privacy: no consent): shown empty, locked, and
        the reason as help text; `sensitive_values` then leaves them untouched."""
        for name, note in notes.items():
            field = self.fields[name]
            field.disabled, field.help_text = True, note
            self.initial[name] = ""

    @classmethod
    def initial_from(cls, data: MemberSensitive | None) -> dict:
        initial = {name: getattr(data, name) for name in MemberSensitive.FIELDS} if data else {}
        initial["version"] = data.version if data else 0
        return initial


class FamilyRelationForm(forms.Form):
    relation = forms.ChoiceField(label=_("Relation"), choices=[("", "—"), *Relation.choices])
    full_name = forms.CharField(label=_("Full name"), max_length=202)
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        min_value=1900,
        max_value=2100,
        error_messages={"invalid": _("Enter a year, e.g. 1975.")},
    )
    occupation = _text(_("Occupation"), max_length=200)
    workplace = _text(_("Workplace"))
    residence = _text(_("Residence"))


class BaseFamilyFormSet(forms.BaseFormSet):
    def relations(self) -> list[dict]:
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("full_name"):
                continue
            rows.append({k: v for k, v in data.items() if k != "DELETE"})
        return rows


FamilyFormSet = forms.formset_factory(
    FamilyRelationForm, formset=BaseFamilyFormSet, extra=2, can_delete=True, max_num=20
)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    effective_on = DateField(label=_("From"), initial=timezone.localdate)
    reason = forms.CharField(
        label=_("Reason / decision"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, label)
            for value, label in MemberStatus.choices
            if value not in (current, MemberStatus.MERGED)
        ]


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 2 MB. Portrait 3×4 is best."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove = forms.BooleanField(label=_("Remove the photo"), required=False)


STATUS_FILTER_CHOICES = [
    (STATUS_CURRENT, _("Current members")),
    (STATUS_FORMER, _("Former members")),
    (STATUS_ALL, _("All records")),
    *[(value, label) for value, label in MemberStatus.choices if value != MemberStatus.MERGED],
]
AGE_LABELS = {
    "under16": _("Under 16"),
    "16-18": _("16–18"),
    "19-22": _("19–22"),
    "23-26": _("23–26"),
    "27-30": _("27–30"),
    "over30": _("Over 30 (due to mature)"),
}
PARTY_FILTER_CHOICES = [
    ("", _("Any")),
    ("yes", _("Party members")),
    (PartyStatus.PROBATIONARY, _("Probationary Party members")),
    (PartyStatus.FULL, _("Full Party members")),
    ("no", _("Not Party members")),
]


class FixedChoiceField(forms.ChoiceField):
    """A choice field whose choices are fixed when the form class is defined: each form
    made shares them instead of deep-copying them (54 ethnicities, lazy labels and all,
    on every member list page). Nothing changes a form's copy of them in place."""

    def __deepcopy__(self, memo):
        result = forms.Field.__deepcopy__(self, memo)
        result._choices = self._choices
        return result


class ListFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Name, card number or phone"),
                "autocomplete": "off",
            }
        ),
    )
    status = FixedChoiceField(
        label=_("Status"), choices=STATUS_FILTER_CHOICES, required=False, initial=STATUS_CURRENT
    )
    sex = FixedChoiceField(label=_("Sex"), choices=[("", _("Any")), *Sex.choices], required=False)
    age_band = FixedChoiceField(
        label=_("Age"),
        choices=[("", _("Any"))] + [(code, AGE_LABELS[code]) for code, _a, _b in AGE_BANDS],
        required=False,
    )
    party = FixedChoiceField(label=_("Party"), choices=PARTY_FILTER_CHOICES, required=False)
    ethnicity = FixedChoiceField(
        label=_("Ethnicity"), choices=[("", _("Any")), *ETHNICITY_CHOICES], required=False
    )

    def __init__(self, *args, sensitive: bool, extra_capabilities=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        if not sensitive:
            del self.fields["ethnicity"]
        self.extra_keys = []
        for list_filter in list_filters():
            if list_filter.capability not in extra_capabilities:
                continue
            name = f"x_{list_filter.key}"
            self.fields[name] = forms.ChoiceField(
                label=list_filter.label,
                choices=[("", _("Any")), *list_filter.choices()],
                required=False,
            )
            self.extra_keys.append(list_filter.key)

    def filter_values(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "q": (data.get("q") or "").strip(),
            "status": data.get("status") or STATUS_CURRENT,
            "sex": data.get("sex") or "",
            "age_band": data.get("age_band") or "",
            "party": data.get("party") or "",
            "ethnicity": data.get("ethnicity") or "",
            "extra": {key: data.get(f"x_{key}") or "" for key in self.extra_keys},
        }


class MergeConfirmForm(forms.Form):
    remove = forms.IntegerField(widget=forms.HiddenInput)
