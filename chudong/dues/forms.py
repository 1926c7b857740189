"""Forms of the dues pages. Amounts are typed as Vietnamese write them ("5.000", "5,000",
"5000 đ"); months as "MM/YYYY"."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chudong.core.forms import DateField

from . import months
from .models import DuesCategory
from .services import MAX_MONTHS_AT_ONCE, PaymentEntry


class MoneyField(forms.Field):
    default_error_messages = {"invalid": _("Enter an amount in đồng, e.g. 5.000.")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
        )
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        text = str(value or "").strip()
        if not text:
            return None
        digits = re.sub(r"[\s.,đ₫dD]", "", text)
        if not digits.isdigit() or len(digits) > 12:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(digits)


class MonthField(forms.Field):
    default_error_messages = {"invalid": _("Enter a month as mm/yyyy, e.g. 03/2026.")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"placeholder": "mm/yyyy", "inputmode": "numeric"})
        )
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        text = str(value or "").strip()
        if not text:
            return None
        try:
            return months.parse(text)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value):
        return months.label(value) if isinstance(value, int) else value


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)


class MonthSheetForm(forms.Form):
    """One line per member: paid (tick), amount per month, months paid together."""

    paid_on = DateField(label=_("Dues paid on"))

    def __init__(self, *args, sheet, disabled: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        for row in sheet.rows:
            pk = row.member.pk
            locked = disabled or row.locked or row.exemption is not None
            self.fields[f"paid_{pk}"] = forms.BooleanField(
                label=_("Dues paid"),
                required=False,
                initial=row.payment is not None,
                disabled=locked,
            )
            self.fields[f"amount_{pk}"] = MoneyField(
                label=_("Amount per month"),
                required=False,
                initial=f"{row.payment.amount if row.payment else row.rate}",
                disabled=locked,
            )
            if row.months_per_payment > 1 and row.payment is None:
                self.fields[f"months_{pk}"] = forms.TypedChoiceField(
                    label=_("Months"),
                    choices=[(n, str(n)) for n in range(1, MAX_MONTHS_AT_ONCE + 1)],
                    coerce=int,
                    initial=row.months_per_payment,
                    disabled=locked,
                )
        self.fields["paid_on"].disabled = disabled

    def bind_rows(self) -> None:
        for row in self.sheet.rows:
            pk = row.member.pk
            row.fields = {
                "paid": self[f"paid_{pk}"],
                "amount": self[f"amount_{pk}"],
                "months": self[f"months_{pk}"] if f"months_{pk}" in self.fields else None,
            }

    def entries(self) -> list[PaymentEntry]:
        data = self.cleaned_data
        entries = []
        for row in self.sheet.rows:
            pk = row.member.pk
            if self.fields[f"paid_{pk}"].disabled:
                continue
            entries.append(
                PaymentEntry(
                    member_id=pk,
                    paid=bool(data.get(f"paid_{pk}")),
                    amount=data.get(f"amount_{pk}"),
                    months=data.get(f"months_{pk}") or 1,
                )
            )
        return entries


class ProfileForm(forms.Form):
    category = forms.ChoiceField(label=_("Dues category"), choices=DuesCategory.choices)
    months_per_payment = forms.TypedChoiceField(
        label=_("Months paid at a time"),
        choices=[(1, "1"), (3, "3"), (6, "6"), (12, "12")],
        coerce=int,
    )
    consent_note = forms.CharField(
        label=_("Consent of the branch executive committee"),
        required=False,
        max_length=300,
        help_text=_("Needed to pay several months at once (members working far away)."),
    )


class ExemptionForm(forms.Form):
    first_month = MonthField(label=_("From month"))
    months_count = forms.IntegerField(label=_("For how many months"), min_value=1, max_value=24)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decided_on = DateField(label=_("Decided on"))


class RemittanceForm(forms.Form):
    period = forms.ChoiceField(label=_("Remittance period"))
    remitted_on = DateField(label=_("Remitted on"))
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = {f"{p.first}-{p.last}": p for p in periods}
        self.fields["period"].choices = [(key, p.label) for key, p in self.periods.items()]

    def clean_period(self):
        return self.periods[self.cleaned_data["period"]]
