from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "chudong.ratings"
    label = "ratings"
    verbose_name = _("Annual rating and Rèn luyện đoàn viên")

    def ready(self):
        from . import wiring

        wiring.connect()
