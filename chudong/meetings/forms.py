"""Forms of the meeting pages. The record form builds one roll-call field per member of the
branch's roll; the services validate again."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chudong.core.forms import DateField

from .models import AttendanceStatus, MeetingMode

SHORT = {"rows": 2}


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)


class ScheduleForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    day_of_month = forms.IntegerField(
        label=_("Day of the month"),
        min_value=1,
        max_value=31,
        initial=15,
        help_text=_(
            "Planned for this day of the first month of each period; change each date later."
        ),
    )


class RecordForm(forms.Form):
    held_on = DateField(label=_("Held on"), initial=timezone.localdate)
    mode = forms.ChoiceField(
        label=_("Meeting mode"),
        choices=MeetingMode.choices,
        initial=MeetingMode.IN_PERSON,
        widget=forms.RadioSelect(attrs={"class": "mt-choice"}),
    )
    topic = forms.CharField(label=_("Meeting topic"), max_length=300)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    material = forms.CharField(
        label=_("Meeting material"),
        max_length=500,
        required=False,
        help_text=_("The month's material (tài liệu sinh hoạt chi đoàn): its title or link."),
    )
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs=SHORT))
    content = forms.CharField(
        label=_("Proceedings"), required=False, widget=forms.Textarea(attrs=SHORT)
    )
    resolutions = forms.CharField(
        label=_("Resolutions"), required=False, widget=forms.Textarea(attrs=SHORT)
    )
    opinions = forms.CharField(
        label=_("Opinions raised"), required=False, widget=forms.Textarea(attrs=SHORT)
    )

    def __init__(self, *args, roll, statuses: dict[int, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.roll = list(roll)
        statuses = statuses or {}
        self.rows = []
        for member in self.roll:
            name = f"att_{member.pk}"
            self.fields[name] = forms.ChoiceField(
                label=member.full_name,
                choices=AttendanceStatus.choices,
                initial=statuses.get(member.pk, AttendanceStatus.PRESENT),
                required=False,  # not sent: present, like the screen's default
                widget=forms.RadioSelect(attrs={"class": "mt-att-input"}),
            )

    def roll_rows(self):
        return [(member, self[f"att_{member.pk}"]) for member in self.roll]

    def attendance(self) -> dict[int, str]:
        return {
            m.pk: self.cleaned_data.get(f"att_{m.pk}") or AttendanceStatus.PRESENT
            for m in self.roll
        }


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300)
