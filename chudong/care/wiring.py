"""What the care app plugs into the rest of chudong at start-up (CareConfig.ready):
navigation, the unit page links, the overdue early warning, the member page panel, and
how its cases follow member merges and restructurings of the tree.

No timeline events: an event "listed as a young person in difficulty" would itself tell
readers without members.sensitive about a person's circumstances.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def connect() -> None:
    from chudong.access.capabilities import Cap
    from chudong.core import nav
    from chudong.members.panels import MemberPanel, register_member_panel
    from chudong.members.services import register_merge_follower
    from chudong.orgs import registry

    from . import selectors, services

    nav.register(
        nav.NavEntry("pillar1", _("Youth in difficulty and rights"), "care:home", Cap.CARE_VIEW, 50)
    )
    registry.register_unit_link(
        registry.UnitLink(
            "care",
            _("Youth in difficulty and rights"),
            "care:unit",
            Cap.CARE_VIEW,
            "pillar1",
            50,
            _("Counts by circumstance and by area; support plans, support and rights cases"),
        )
    )
    registry.register_unit_link(
        registry.UnitLink(
            "care_hardship",
            _("Register of youth in difficulty"),
            "care:hardship_list",
            Cap.MEMBERS_SENSITIVE,
            "pillar1",
            51,
            _("Names and circumstances (sensitive, every read is logged)"),
        )
    )
    registry.register_unit_link(
        registry.UnitLink(
            "care_rights",
            _("Rights and interests cases"),
            "care:rights_list",
            Cap.MEMBERS_SENSITIVE,
            "pillar1",
            52,
            _("Requests, handling, referrals and outcomes (sensitive, logged)"),
        )
    )
    registry.register_warning(
        registry.Warning(
            key="care_rights_overdue",
            label=_("Rights cases past their deadline"),
            count_many=selectors.overdue_counts,
            capability=Cap.CARE_VIEW,
            url_name="care:unit",
            order=60,
        )
    )
    register_member_panel(
        MemberPanel("care", _("Care and rights"), "care:member", Cap.MEMBERS_SENSITIVE, 60)
    )
    register_merge_follower(services.follow_member_merge)
    from chudong.privacy.services import register_anonymiser

    register_anonymiser(anonymise_member_copies)
    registry.register(services.CareContent())


def anonymise_member_copies(*, member, actor, old_name: str) -> None:
    """privacy anonymisation: the name and contacts copied into the member's hardship and
    rights cases, and the name where the case text repeats it (history included)."""
    from django.db.models import Q

    from chudong.privacy.services import scrub_copies

    from .models import HardshipCase, RightsCase

    new_name = member.full_name
    scrub_copies(
        HardshipCase, Q(member=member), old_name=old_name, new_name=new_name,
        values={"person_name": new_name, "residence": ""}, replace_in=("details", "outcome"),
    )  # fmt: skip
    scrub_copies(
        RightsCase, Q(member=member), old_name=old_name, new_name=new_name,
        values={"requester_name": new_name, "contact": ""},
        replace_in=("summary", "description", "outcome"),
    )  # fmt: skip
