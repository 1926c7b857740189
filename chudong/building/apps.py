from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BuildingConfig(AppConfig):
    name = "chudong.building"
    label = "building"
    verbose_name = _("Organisation building (1+1 and new branches)")

    def ready(self):
        from . import wiring

        wiring.connect()
