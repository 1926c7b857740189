"""Timeline event kinds of activities, registered with the member register."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chudong.members.events import register_event_kind

TOOK_PART = "activity_took_part"

register_event_kind(TOOK_PART, _("Took part in an activity"))
