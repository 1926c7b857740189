"""What the ratings app plugs into the rest of chudong at start-up (RatingsConfig.ready):
navigation, the early warning, the member list filter, the timeline event kinds, and how
its rows follow member merges and moves of the unit tree."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def connect() -> None:
    from chudong.access.capabilities import Cap
    from chudong.core import nav
    from chudong.members.list_filters import ListFilter, register_list_filter
    from chudong.members.services import register_merge_follower
    from chudong.orgs import registry

    from . import (
        events,  # noqa: F401 - importing it registers the timeline event kinds
        selectors,
        services,
    )

    nav.register(nav.NavEntry("pillar1", _("Annual rating"), "ratings:home", Cap.MEMBERS_VIEW, 30))
    nav.register(
        nav.NavEntry(
            "pillar1", _("Rèn luyện đoàn viên"), "ratings:training_home", Cap.MEMBERS_VIEW, 31
        )
    )
    registry.register_warning(
        registry.Warning(
            key="ratings_unrated",
            label=_("Members not rated at year end"),
            count_many=selectors.unrated_counts,
            capability=Cap.MEMBERS_VIEW,
            url_name="ratings:unrated",
            order=40,
        )
    )
    register_list_filter(
        ListFilter(
            key="rating",
            label=_("Rating of a year"),
            choices=selectors.rating_filter_choices,
            apply=selectors.rating_filter_apply,
            order=40,
        )
    )
    register_merge_follower(services.follow_member_merge)
    registry.register(services.RatingsContent())
    registry.register_unit_link(
        registry.UnitLink(
            "ratings", _("Annual rating"), "ratings:unit", Cap.MEMBERS_VIEW, "pillar1", 40,
            _("Rating sheets by year and Rèn luyện đoàn viên"),
        )
    )  # fmt: skip
    from chudong.members.panels import MemberPanel, register_member_panel

    register_member_panel(
        MemberPanel("ratings", _("Ratings by year"), "ratings:member", Cap.MEMBERS_VIEW, 40)
    )
