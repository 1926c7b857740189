from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "chudong.inspection"
    label = "inspection"
    verbose_name = _("Inspection, self-criticism and exemplary models")

    def ready(self):
        from . import wiring

        wiring.connect()
