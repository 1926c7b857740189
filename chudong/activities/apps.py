from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "chudong.activities"
    label = "activities"
    verbose_name = _("Activities and youth projects")

    def ready(self):
        from . import wiring

        wiring.connect()
