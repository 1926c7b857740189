"""Timeline event kinds of the Party introduction path, registered with the member
register (each step of a member's way to the Party shows on their timeline)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chudong.members.events import register_event_kind

PARTY_CHOSEN = "party_chosen"
PARTY_CLASS = "party_class"
PARTY_INTRODUCED = "party_introduced"
PARTY_OUTCOME = "party_outcome"
PLANNED = "cadre_planned"

register_event_kind(PARTY_CHOSEN, _("Chosen as an outstanding member for the Party"))
register_event_kind(PARTY_CLASS, _("Party awareness class"))
register_event_kind(PARTY_INTRODUCED, _("Introduced to the Party by the Union"))
register_event_kind(PARTY_OUTCOME, _("Outcome of the introduction to the Party"))
register_event_kind(PLANNED, _("Put on a cadre planning list"))
