"""Timeline event kinds of the annual rating, registered with the member register."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chudong.members.events import register_event_kind

RATED = "rating"
RATING_CORRECTED = "rating_corrected"

register_event_kind(RATED, _("Annual rating"))
register_event_kind(RATING_CORRECTED, _("Annual rating corrected"))
