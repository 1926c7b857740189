"""What the dues app plugs into the rest of chudong at start-up (DuesConfig.ready):
navigation, the early warnings, the member list filter, the timeline event kinds, and how
its rows follow member merges and restructurings of the unit tree."""

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
        follow,
        selectors,
    )

    nav.register(nav.NavEntry("pillar1", _("Membership dues"), "dues:home", Cap.MEMBERS_VIEW, 35))
    registry.register_unit_link(
        registry.UnitLink(
            "dues", _("Membership dues"), "dues:unit", Cap.MEMBERS_VIEW, "pillar1", 45,
            _("Payments, arrears and remittance to the upper level"),
        )
    )  # fmt: skip
    from chudong.members.panels import MemberPanel, register_member_panel

    register_member_panel(
        MemberPanel("dues", _("Membership dues"), "dues:member", Cap.MEMBERS_VIEW, 45)
    )
    registry.register_warning(
        registry.Warning(
            key="dues_arrears",
            label=_("Members with dues arrears (3 months or more)"),
            count_many=selectors.arrears_counts,
            capability=Cap.MEMBERS_VIEW,
            url_name="dues:arrears",
            order=50,
        )
    )
    registry.register_warning(
        registry.Warning(
            key="dues_remittances_overdue",
            label=_("Units late with their dues remittance"),
            count_many=selectors.overdue_counts,
            capability=Cap.MEMBERS_VIEW,
            url_name="dues:remittances",
            order=51,
        )
    )
    register_list_filter(
        ListFilter(
            key="dues_arrears",
            label=_("Dues arrears"),
            choices=selectors.arrears_filter_choices,
            apply=selectors.arrears_filter_apply,
            order=50,
        )
    )
    register_merge_follower(follow.follow_member_merge)
    from chudong.privacy.services import register_anonymiser

    register_anonymiser(anonymise_member_copies)
    registry.register(follow.DuesContent())


def anonymise_member_copies(*, member, actor, old_name: str) -> None:
    """privacy anonymisation: the name in the note of the member's dues profile."""
    from django.db.models import Q

    from chudong.privacy.services import scrub_copies

    from .models import DuesProfile

    scrub_copies(
        DuesProfile, Q(member=member), old_name=old_name, new_name=member.full_name,
        replace_in=("consent_note",),
    )  # fmt: skip
