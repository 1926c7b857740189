"""Kinds of timeline events. Codes are data on `MemberEvent.kind`; their labels live here,
and apps that add kinds (admission, transfer, rating, dues...) register them in their
AppConfig.ready(), so that adding a kind needs no migration of this app."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

_labels: dict[str, object] = {}


def register_event_kind(code: str, label: object) -> None:
    if len(code) > 40:
        raise ValueError(f"event kind code too long: {code!r}")
    _labels[code] = label


def event_kind_label(code: str) -> object:
    return _labels.get(code, code)


REGISTERED = "registered"
STATUS_CHANGED = "status_changed"
UNIT_CHANGED = "unit_changed"
RESTRUCTURED = "restructured"
MERGED_IN = "merged_in"
MERGED_AWAY = "merged_away"

register_event_kind(REGISTERED, _("Registered"))
register_event_kind(STATUS_CHANGED, _("Status changed"))
register_event_kind(UNIT_CHANGED, _("Moved to another unit"))
register_event_kind(RESTRUCTURED, _("Unit restructured"))
register_event_kind(MERGED_IN, _("Duplicate record merged in"))
register_event_kind(MERGED_AWAY, _("Merged into another record"))
