"""What dissemination plugs into the rest of chudong at start-up: navigation, the unit
page link and warning, the member page panel, "My pages", and how its rows follow member
merges and restructurings of the tree."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def connect() -> None:
    from chudong.access.capabilities import Cap
    from chudong.core import nav
    from chudong.members.panels import (
        MemberPanel,
        SelfLink,
        register_member_panel,
        register_self_link,
    )
    from chudong.members.services import register_merge_follower
    from chudong.orgs import registry

    from . import selectors, services

    nav.register(
        nav.NavEntry("pillar1", _("Dissemination"), "dissemination:home", Cap.MEMBERS_VIEW, 35)
    )
    registry.register_unit_link(
        registry.UnitLink(
            "dissemination", _("Dissemination of documents"), "dissemination:units",
            Cap.MEMBERS_VIEW, "pillar1", 45,
            _("Resolutions, directives and branch-meeting material; who has read them"),
        )
    )  # fmt: skip
    registry.register_warning(
        registry.Warning(
            key="dissemination_low_coverage",
            label=_("Documents under 50% acknowledged past their deadline"),
            count_many=selectors.low_coverage_counts,
            capability=Cap.MEMBERS_VIEW,
            url_name="dissemination:overdue",
            order=45,
        )
    )
    register_member_panel(
        MemberPanel(
            "dissemination", _("Documents acknowledged"), "dissemination:member",
            Cap.MEMBERS_VIEW, 45,
        )
    )  # fmt: skip
    register_self_link(
        SelfLink(
            "dissemination", _("Documents to read"), "dissemination:mine", 20,
            _("Resolutions and branch-meeting material sent to you; confirm you have read them"),
        )
    )  # fmt: skip
    register_merge_follower(services.follow_member_merge)
    registry.register(services.DisseminationContent())
