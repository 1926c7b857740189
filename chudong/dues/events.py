"""Timeline event kinds of membership dues, registered with the member register."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chudong.members.events import register_event_kind

EXEMPTED = "dues_exemption"
CATEGORY_CHANGED = "dues_category"

register_event_kind(EXEMPTED, _("Dues exemption"))
register_event_kind(CATEGORY_CHANGED, _("Dues category changed"))
