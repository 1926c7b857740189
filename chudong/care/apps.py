from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "chudong.care"
    label = "care"
    verbose_name = _("Youth in difficulty and rights cases")

    def ready(self):
        from . import wiring

        wiring.connect()
