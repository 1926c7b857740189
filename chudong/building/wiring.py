"""What organisation building plugs into the rest of chudong at start-up
(BuildingConfig.ready): navigation, the unit page's link, the member page's panel, the
plans measures, and how referrals follow member merges and restructurings."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def connect() -> None:
    from chudong.access.capabilities import Cap
    from chudong.core import nav
    from chudong.members.panels import MemberPanel, register_member_panel
    from chudong.members.services import register_merge_follower
    from chudong.orgs import registry
    from chudong.plans.measures import SHARE, Measure, register_measure

    from . import selectors, services

    nav.register(nav.NavEntry("pillar2", _("1+1 referrals"), "building:home", Cap.WORK_VIEW, 25))
    registry.register_unit_link(
        registry.UnitLink(
            "building", _("1+1 and new branches"), "building:unit", Cap.WORK_VIEW, "pillar2", 25,
            _("Referrals of young people, the yearly 1+1 ratio per branch, founding a branch"),
        )
    )  # fmt: skip
    register_member_panel(
        MemberPanel("referrals", _("1+1 referrals"), "building:member", Cap.WORK_VIEW, 55)
    )
    register_measure(Measure("building.referrals", _("1+1 referrals: young people introduced"),
                             _("young people"), selectors.measure_referrals))  # fmt: skip
    register_measure(Measure("building.admitted", _("1+1 referrals admitted to the Đoàn"),
                             _("members"), selectors.measure_admitted))  # fmt: skip
    register_measure(Measure("building.ratio", _("Members who introduced a young person (%)"),
                             "%", selectors.measure_ratio, kind=SHARE))  # fmt: skip
    register_merge_follower(services.follow_member_merge)
    from chudong.privacy.services import register_anonymiser

    register_anonymiser(anonymise_member_copies)
    registry.register(services.ReferralsContent())


def anonymise_member_copies(*, member, actor, old_name: str) -> None:
    """privacy anonymisation: the former member's name in the notes of their referrals."""
    from django.db.models import Q

    from chudong.privacy.services import scrub_copies

    from .models import Referral

    scrub_copies(
        Referral, Q(member=member), old_name=old_name, new_name=member.full_name,
        replace_in=("note",),
    )  # fmt: skip
