"""What the plans app plugs into chudong at start-up: navigation, the unit page link and
the measures it computes from other apps' recorded work."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def connect() -> None:
    from chudong.access.capabilities import Cap
    from chudong.core import nav
    from chudong.orgs import registry

    from . import measures

    measures.register_defaults()
    nav.register(nav.NavEntry("pillar2", _("Directives and plans"), "plans:home", Cap.WORK_VIEW, 5))
    registry.register_unit_link(
        registry.UnitLink(
            "plans", _("Directives and plans"), "plans:unit", Cap.WORK_VIEW, "pillar2", 5,
            _("Action programmes, work plans, targets and their progress"),
        )
    )  # fmt: skip
