from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "chudong.recognition"
    label = "recognition"
    verbose_name = _("3 chủ động recognition")

    def ready(self):
        from . import wiring

        wiring.connect()
