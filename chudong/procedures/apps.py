from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "chudong.procedures"
    label = "procedures"
    verbose_name = _("Charter procedures")

    def ready(self):
        from . import wiring

        wiring.register_all()
