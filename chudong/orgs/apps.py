from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "chudong.orgs"
    label = "orgs"
    verbose_name = _("Unit tree")

    def ready(self):
        from chudong.access.capabilities import Cap
        from chudong.core import nav

        nav.register(nav.NavEntry("units", _("My units"), "orgs:home", Cap.UNITS_VIEW, 10))
