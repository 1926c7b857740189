"""What the meetings app plugs into the rest of chudong at start-up (MeetingsConfig.ready):
navigation, the unit page link, the missed-meeting warning, the member page panel and the
member's own page, and how its rows follow member merges and moves of the unit tree."""

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

    nav.register(nav.NavEntry("pillar2", _("Branch meetings"), "meetings:home", Cap.WORK_VIEW, 30))
    registry.register_unit_link(
        registry.UnitLink(
            "meetings", _("Branch meetings"), "meetings:unit", Cap.WORK_VIEW, "pillar2", 30,
            _("Monthly meetings, roll call and minutes; missed months"),
        )
    )  # fmt: skip
    registry.register_warning(
        registry.Warning(
            key="meetings_missed",
            label=_("Branches that missed a meeting"),
            count_many=selectors.missed_counts,
            capability=Cap.WORK_VIEW,
            url_name="meetings:missed",
            order=50,
        )
    )
    register_member_panel(
        MemberPanel(
            "meetings", _("Branch meetings attended"), "meetings:member", Cap.MEMBERS_VIEW, 50
        )
    )
    register_self_link(
        SelfLink(
            "meetings", _("My branch meetings"), "meetings:mine", 30,
            _("Your branch's meetings and your attendance"),
        )
    )  # fmt: skip
    register_merge_follower(services.follow_member_merge)
    registry.register(services.MeetingsContent())
