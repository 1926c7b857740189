"""What the API app plugs into chudong at start-up: the token pages in the navigation
and on the unit page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def connect() -> None:
    from chudong.access.capabilities import Cap
    from chudong.core import nav
    from chudong.orgs import registry

    nav.register(nav.NavEntry("admin", _("My API tokens"), "api_tokens:mine", None, 90))
    registry.register_unit_link(
        registry.UnitLink(
            "api_service_accounts",
            _("Service accounts of the API"),
            "api_tokens:unit",
            Cap.ROLES_MANAGE,
            "units",
            90,
            _("Programs that use the API for this unit, and their tokens"),
        )
    )
