from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "chudong.access"
    label = "access"
    verbose_name = _("Access")

    def ready(self):
        from chudong.core import nav

        from .capabilities import Cap

        nav.register(
            nav.NavEntry(
                "admin", _("Sensitive-data read log"), "access:read_log", Cap.AUDIT_VIEW, 90
            )
        )
