from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "chudong.access"
    label = "access"
    verbose_name = _("Access")

    def ready(self):
        from chudong.core import nav
        from chudong.orgs import registry

        from . import selectors
        from .capabilities import Cap

        registry.register_warning(
            registry.Warning(
                key="no_secretary",
                label=_("Grassroots unions and branches without a secretary"),
                count_many=selectors.units_without_secretary,
                capability=Cap.UNITS_VIEW,
                order=90,
            )
        )
        nav.register(
            nav.NavEntry(
                "admin", _("Sensitive-data read log"), "access:read_log", Cap.AUDIT_VIEW, 90
            )
        )
