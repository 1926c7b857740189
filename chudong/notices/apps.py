from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """Notifications to people (in the app and by e-mail); later, documents sent down the
    tree with per-member acknowledgement (criterion 1.4)."""

    name = "chudong.notices"
    label = "notices"
    verbose_name = _("Notices")
