"""Issue a new version of a rule."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.orgs.models import Unit

from . import rules
from .catalog import BY_KEY
from .models import Rule

_WHOLE = {"int", "money", "months", "days", "years"}


def parse_value(kind: str, raw: str) -> Any:
    """Text typed in the form → the JSON value for a rule of this kind."""
    text = raw.strip()
    if kind in _WHOLE:
        digits = text.replace(".", "").replace(",", "").replace(" ", "")
        if not digits.isdigit():
            raise ValidationError({"value": _("Enter a whole number, e.g. 30.")})
        return int(digits)
    if kind == "fraction":
        parts = text.replace(" ", "").split("/")
        if len(parts) != 2 or not all(p.isdigit() for p in parts) or int(parts[1]) == 0:
            raise ValidationError({"value": _("Enter a fraction such as 2/3.")})
        return [int(parts[0]), int(parts[1])]
    if kind == "choices":
        items = [item.strip() for item in text.split(",") if item.strip()]
        if not items:
            raise ValidationError({"value": _("Enter the items separated by commas.")})
        return items
    if kind == "schedule":
        entries = {}
        for line in text.splitlines():
            name, _sep, when = line.partition(":")
            if not name.strip() or not when.strip():
                raise ValidationError(
                    {"value": _("Write one line per level: level: when (e.g. branch: monthly).")}
                )
            entries[name.strip()] = when.strip()
        return entries
    if not text:
        raise ValidationError({"value": _("Enter a value.")})
    return text


@transaction.atomic
def rule_version_add(
    *, actor: Any, key: str, raw_value: str, valid_from: dt.date, document: str,
    note: str = "", unit: Unit | None = None,
) -> Rule:  # fmt: skip
    """Issue a new version of `key`, in force from `valid_from`.

    National versions (unit=None) need rules.manage at the root; a unit's own version needs
    rules.manage at that unit. Raises ValidationError for an unknown key, a malformed
    value, a missing source document or a second version on the same day.
    """
    if unit is None:
        roots = [g for g in policy.grants(actor) if Cap.RULES_MANAGE in g.capabilities]
        if not any(len(g.path) == 4 for g in roots):
            raise PermissionDenied
    elif not any(
        Cap.RULES_MANAGE in g.capabilities and g.unit_id == unit.pk for g in policy.grants(actor)
    ):
        raise PermissionDenied
    spec = BY_KEY.get(key)
    if spec is None:
        raise ValidationError({"key": _("Unknown rule.")})
    if not document.strip():
        raise ValidationError({"document": _("Name the document this value comes from.")})
    value = parse_value(spec.kind, raw_value)
    if Rule.objects.filter(key=key, unit=unit, valid_from=valid_from).exists():
        raise ValidationError(
            {"valid_from": _("A version of this rule already starts on that day.")}
        )
    rule = Rule(
        key=key, value=value, valid_from=valid_from, unit=unit, document=document.strip(),
        note=note.strip(), created_by=actor,
    )  # fmt: skip
    rule.full_clean()
    rule._history_user = actor
    rule.save()
    transaction.on_commit(rules.forget)
    return rule
