from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "chudong.api"
    label = "api"
    verbose_name = _("REST API")

    def ready(self) -> None:
        from . import wiring

        wiring.connect()
