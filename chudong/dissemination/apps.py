from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisseminationConfig(AppConfig):
    name = "chudong.dissemination"
    label = "dissemination"
    verbose_name = _("Dissemination of documents")

    def ready(self):
        from . import wiring

        wiring.connect()
