"""Timeline event kinds this app writes (registered in registration.register_all)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

TRANSFER_REQUESTED = "transfer_requested"
TRANSFER_INTRODUCED = "transfer_introduced"
TRANSFER_RECEIVED = "transfer_received"
TRANSFER_REFUSED = "transfer_refused"
TRANSFER_CANCELLED = "transfer_cancelled"
TRANSFER_ENDED = "transfer_ended"
MATURATION_KEPT = "maturation_kept"
STRIKE_OFF_PROPOSED = "strike_off_proposed"
STRIKE_OFF_WITHDRAWN = "strike_off_withdrawn"

LABELS = {
    TRANSFER_REQUESTED: _("Transfer requested"),
    TRANSFER_INTRODUCED: _("Transfer introduced"),
    TRANSFER_RECEIVED: _("Transfer received"),
    TRANSFER_REFUSED: _("Transfer refused"),
    TRANSFER_CANCELLED: _("Transfer cancelled"),
    TRANSFER_ENDED: _("Activity elsewhere ended"),
    MATURATION_KEPT: _("Kept past the maturation age"),
    STRIKE_OFF_PROPOSED: _("Striking off proposed"),
    STRIKE_OFF_WITHDRAWN: _("Striking off withdrawn"),
}
