"""Turn django-simple-history records into rows a person can read: when, who, what
changed from what to what."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

ACTIONS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


@dataclass
class HistoryRow:
    when: Any
    who: Any
    action: str
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)


def _display(record: Any, field_name: str) -> Any:
    model_field = record.instance_type._meta.get_field(field_name)
    value = getattr(record, model_field.attname, None)
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if model_field.is_relation:
        related = getattr(record, field_name, None)
        return related if related is not None else value
    return value


def rows(history_qs: Any, limit: int = 200) -> list[HistoryRow]:
    """Newest first. `history_qs` is `obj.history.all()`; one query plus one per page."""
    records = list(history_qs.select_related("history_user").order_by("-history_date")[:limit])
    result = []
    for index, record in enumerate(records):
        row = HistoryRow(
            when=record.history_date,
            who=record.history_user,
            action=ACTIONS.get(record.history_type, record.history_type),
        )
        previous = records[index + 1] if index + 1 < len(records) else None
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                model_field = record.instance_type._meta.get_field(change.field)
                if not model_field.editable:
                    # Bookkeeping (materialised paths, depth) means nothing to a reader.
                    continue
                row.changes.append(
                    (
                        model_field.verbose_name,
                        _display(previous, change.field),
                        _display(record, change.field),
                    )
                )
            if not row.changes:
                continue
        result.append(row)
    return result
