from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvisoryConfig(AppConfig):
    name = "chudong.advisory"
    label = "advisory"
    verbose_name = _("Advisory work, coordination and resources")

    def ready(self):
        from . import wiring

        wiring.connect()
