from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chudong.core.forms import DateField, effective_date_field

from .models import UnitKind


class DecisionFields(forms.Form):
    effective_on = effective_date_field()
    decision_number = forms.CharField(
        label=_("Decision number"),
        max_length=60,
        required=False,
        help_text=_("e.g. 125-QĐ/TĐTN"),
    )
    reason = forms.CharField(
        label=_("Reason / note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class UnitDetailsForm(forms.Form):
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    founded_on = DateField(label=_("Founded on"), required=False)


class UnitCreateForm(DecisionFields):
    kind = forms.ModelChoiceField(label=_("Kind"), queryset=UnitKind.objects.none())
    name = forms.CharField(label=_("Name"), max_length=200)
    code = forms.CharField(label=_("Code"), max_length=40, help_text=_("Unique, e.g. TN.PB.CD01"))
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    field_order = ["kind", "name", "code", "address", "effective_on", "decision_number", "reason"]

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = kinds if kinds is not None else UnitKind.objects.none()
        self.fields["effective_on"].label = _("Founded on")


class RenameForm(DecisionFields):
    name = forms.CharField(label=_("New name"), max_length=200)
    code = forms.CharField(
        label=_("New code"),
        max_length=40,
        required=False,
        help_text=_("Leave empty to keep the current code."),
    )
    field_order = ["name", "code", "effective_on", "decision_number", "reason"]


class MoveForm(DecisionFields):
    new_parent = forms.ModelChoiceField(label=_("New upper unit"), queryset=None)
    field_order = ["new_parent", "effective_on", "decision_number", "reason"]

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = parents
        self.fields["new_parent"].label_from_instance = lambda u: f"{u.name} ({u.code})"


MERGE_INTO_THIS = "this"
MERGE_INTO_NEW = "new"
MERGE_INTO_PARENT = "parent"


class MergeForm(DecisionFields):
    others = forms.ModelMultipleChoiceField(
        label=_("Units to merge with this one"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    result = forms.ChoiceField(label=_("Result"), widget=forms.RadioSelect)
    new_name = forms.CharField(label=_("Name of the new unit"), max_length=200, required=False)
    new_code = forms.CharField(label=_("Code of the new unit"), max_length=40, required=False)
    new_kind = forms.ModelChoiceField(
        label=_("Kind of the new unit"), queryset=UnitKind.objects.none(), required=False
    )
    field_order = [
        "others",
        "result",
        "new_name",
        "new_code",
        "new_kind",
        "effective_on",
        "decision_number",
        "reason",
    ]

    def __init__(self, *args, unit, siblings, kinds, can_into_parent, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["others"].queryset = siblings
        self.fields["others"].label_from_instance = lambda u: f"{u.name} ({u.code})"
        choices = [
            (MERGE_INTO_THIS, _("The others join %(unit)s, which keeps its name") % {"unit": unit}),
            (MERGE_INTO_NEW, _("All of them form a new unit")),
        ]
        if can_into_parent:
            choices.append(
                (
                    MERGE_INTO_PARENT,
                    _("Merge into the upper unit %(parent)s (its sub-units come directly under it)")
                    % {"parent": unit.parent},
                )
            )
        self.fields["result"].choices = choices
        self.fields["result"].initial = MERGE_INTO_THIS
        self.fields["new_kind"].queryset = kinds
        self.fields["new_kind"].initial = unit.kind_id

    def clean(self):
        data = super().clean()
        result = data.get("result")
        others = data.get("others") or []
        if result == MERGE_INTO_NEW:
            for name in ("new_name", "new_code", "new_kind"):
                if not data.get(name):
                    self.add_error(name, _("Needed when the units form a new unit."))
        if result in (MERGE_INTO_THIS, MERGE_INTO_NEW) and not others:
            self.add_error("others", _("Choose at least one other unit."))
        return data


class SplitForm(DecisionFields):
    """Dynamic: `parts` new units, then a target for every sub-unit and registered record."""

    def __init__(self, *args, parts: int, unit, kinds, children, contents, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = parts
        self.part_fields = []
        for i in range(parts):
            self.fields[f"new_{i}_name"] = forms.CharField(
                label=_("Name of new unit %(n)d") % {"n": i + 1}, max_length=200
            )
            self.fields[f"new_{i}_code"] = forms.CharField(
                label=_("Code of new unit %(n)d") % {"n": i + 1}, max_length=40
            )
            self.fields[f"new_{i}_kind"] = forms.ModelChoiceField(
                label=_("Kind of new unit %(n)d") % {"n": i + 1},
                queryset=kinds,
                initial=unit.kind_id,
            )
            self.part_fields.append(
                (self[f"new_{i}_name"], self[f"new_{i}_code"], self[f"new_{i}_kind"])
            )
        target_choices = [("", "—")] + [
            (str(i), _("New unit %(n)d") % {"n": i + 1}) for i in range(parts)
        ]
        self.child_fields = []
        for child in children:
            name = f"child_{child.pk}"
            self.fields[name] = forms.ChoiceField(label=child.name, choices=target_choices)
            self.child_fields.append(self[name])
        self.content_fields = []
        for key, label, items in contents:
            group = []
            for item in items:
                name = f"content_{key}_{item.id}"
                self.fields[name] = forms.ChoiceField(label=item.label, choices=target_choices)
                group.append(self[name])
            self.content_fields.append((label, group))
        self.children = children
        self.contents = contents

    def specs(self):
        return [
            (
                self.cleaned_data[f"new_{i}_name"],
                self.cleaned_data[f"new_{i}_code"],
                self.cleaned_data[f"new_{i}_kind"],
            )
            for i in range(self.parts)
        ]

    def child_targets(self) -> dict[int, int]:
        return {c.pk: int(self.cleaned_data[f"child_{c.pk}"]) for c in self.children}

    def content_targets(self) -> dict[str, dict[int, int]]:
        return {
            key: {item.id: int(self.cleaned_data[f"content_{key}_{item.id}"]) for item in items}
            for key, _label, items in self.contents
        }


class DissolveForm(DecisionFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = True
        self.fields["reason"].label = _("Reason for dissolving")


class AsOfForm(forms.Form):
    on = DateField(label=_("Tree as of"), required=False)
