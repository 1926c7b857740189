from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    """Every number the Charter or a guidance sets, as dated data (architecture.md)."""

    name = "chudong.rules"
    label = "rules"
    verbose_name = _("Charter rules")

    def ready(self):
        from chudong.access.capabilities import Cap
        from chudong.core import nav

        nav.register(nav.NavEntry("admin", _("Charter rules"), "rules:list", Cap.UNITS_VIEW, 20))
