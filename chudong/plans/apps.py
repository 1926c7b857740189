from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "chudong.plans"
    label = "plans"
    verbose_name = _("Directives and plans")

    def ready(self):
        from . import wiring

        wiring.connect()
