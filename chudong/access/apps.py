from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "chudong.access"
    label = "access"
    verbose_name = _("Access")

    def ready(self):
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
        # The read log's menu entry is the privacy app's (privacy:read_log_home);
        # access:read_log only redirects there.
