from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class YouthConfig(AppConfig):
    name = "chudong.youth"
    label = "youth"
    verbose_name = _("Youth outside the Union and youth opinion")

    def ready(self):
        from . import wiring

        wiring.connect()
