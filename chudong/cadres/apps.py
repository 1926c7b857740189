from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "chudong.cadres"
    label = "cadres"
    verbose_name = _("Cadres and Party introduction")

    def ready(self):
        from . import wiring

        wiring.connect()
