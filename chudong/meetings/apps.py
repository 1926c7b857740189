from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "chudong.meetings"
    label = "meetings"
    verbose_name = _("Branch meetings")

    def ready(self):
        from . import wiring

        wiring.connect()
