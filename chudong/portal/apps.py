from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "chudong.portal"
    label = "portal"
    verbose_name = _("Member portal")

    def ready(self):
        from . import wiring

        wiring.connect()
