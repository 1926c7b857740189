"""What the activities app plugs into the rest of chudong at start-up
(ActivitiesConfig.ready): navigation, the unit page's links and figures, the member page's
panel, "My pages", the timeline event kinds, and how its rows follow member merges and
restructurings of the unit tree."""

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

    from . import (
        events,  # noqa: F401 - importing it registers the timeline event kinds
        selectors,
        services,
    )

    nav.register(
        nav.NavEntry("pillar2", _("Activities and youth projects"), "activities:home",
                     Cap.WORK_VIEW, 20)
    )  # fmt: skip
    registry.register_unit_link(
        registry.UnitLink(
            "activities", _("Activities and youth projects"), "activities:unit", Cap.WORK_VIEW,
            "pillar2", 20, _("Plans, QR check-in, participants, results and hand-over"),
        )
    )  # fmt: skip
    registry.register_figure(
        registry.Figure(
            key="activities_year", label=_("Activities and youth projects this year"),
            compute=selectors.figure_count, order=60, compute_many=selectors.figure_count_many,
        )
    )  # fmt: skip
    registry.register_figure(
        registry.Figure(
            key="activities_value", label=_("Value of activities this year (VND)"),
            compute=selectors.figure_value, order=61, compute_many=selectors.figure_value_many,
        )
    )  # fmt: skip
    register_member_panel(
        MemberPanel("activities", _("Activities"), "activities:member", Cap.MEMBERS_VIEW, 50)
    )
    register_self_link(
        SelfLink("activities", _("My activities"), "activities:mine", 30,
                 _("Activities to join and your check-ins"))
    )  # fmt: skip
    register_merge_follower(services.follow_member_merge)
    registry.register(services.ActivitiesContent())
