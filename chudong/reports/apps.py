from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "chudong.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from chudong.access.capabilities import Cap
        from chudong.core import nav

        nav.register(
            nav.NavEntry("reports", _("Dashboard"), "reports:dashboard_home", Cap.REPORTS_VIEW, 5)
        )
        nav.register(
            nav.NavEntry(
                "reports", _("Organisation structure"), "reports:index", Cap.REPORTS_VIEW, 10
            )
        )
