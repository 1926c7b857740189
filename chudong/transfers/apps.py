from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransfersConfig(AppConfig):
    name = "chudong.transfers"
    label = "transfers"
    verbose_name = _("Transfers, maturation and striking off")

    def ready(self):
        from . import registration

        registration.register_all()
