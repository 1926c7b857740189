"""What the portal plugs into the rest of chudong at start-up: "My pages" links, the
member page link (account invitation), the unit page link and warning (correction
requests), and how its rows follow member merges and restructurings of the tree."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def connect() -> None:
    from chudong.access.capabilities import Cap
    from chudong.members.panels import (
        MemberLink,
        SelfLink,
        register_member_link,
        register_self_link,
    )
    from chudong.members.services import register_merge_follower
    from chudong.orgs import registry

    from . import selectors, services

    register_self_link(
        SelfLink(
            "portal_card", _("My membership card"), "portal:card", 1,
            _("Show the QR code to an officer to prove your membership"),
        )
    )  # fmt: skip
    register_self_link(
        SelfLink(
            "portal_record", _("My record and corrections"), "portal:record", 2,
            _("Your data as the branch holds it; ask for a correction"),
        )
    )  # fmt: skip
    register_self_link(
        SelfLink(
            "portal_data", _("Download my data"), "portal:data", 200,
            _("Everything chudong holds about you, as a JSON file"),
        )
    )  # fmt: skip
    register_self_link(
        SelfLink(
            "portal_data_pdf", _("My data as a PDF"), "portal:data_pdf", 201,
            _("The same data, to read or print"),
        )
    )  # fmt: skip
    register_member_link(
        MemberLink("portal_invite", _("Member account invitation"), "portal:invite",
                   Cap.MEMBERS_MANAGE, 90)
    )  # fmt: skip
    registry.register_unit_link(
        registry.UnitLink(
            "portal_corrections", _("Members' correction requests"), "portal:unit_corrections",
            Cap.MEMBERS_MANAGE, "pillar1", 25,
            _("Members ask to correct their records; approve or reject"),
        )
    )  # fmt: skip
    registry.register_warning(
        registry.Warning(
            key="portal_corrections_waiting",
            label=_("Members' correction requests waiting more than 7 days"),
            count_many=selectors.pending_counts,
            capability=Cap.MEMBERS_MANAGE,
            url_name="portal:unit_corrections",
            order=25,
        )
    )
    register_merge_follower(services.follow_member_merge)
    registry.register(services.PortalContent())
