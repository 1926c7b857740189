"""What this app plugs into the rest of chudong at start-up (TransfersConfig.ready):
menu entries, early warnings, timeline event kinds, and how its records follow
restructurings and merges of duplicate members."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from chudong.access.capabilities import Cap
    from chudong.core import nav
    from chudong.members.events import register_event_kind
    from chudong.members.services import register_merge_follower
    from chudong.orgs import registry

    from . import events, selectors, services

    for code, label in events.LABELS.items():
        register_event_kind(code, label)
    registry.register(services.TransferContent())
    register_merge_follower(services.follow_member_merge)
    from chudong.privacy.services import register_anonymiser

    register_anonymiser(anonymise_member_copies)

    nav.register(nav.NavEntry("pillar1", _("Transfers"), "transfers:home", Cap.MEMBERS_VIEW, 20))
    registry.register_unit_link(
        registry.UnitLink(
            "transfers", _("Transfers, maturation, striking off"), "transfers:unit",
            Cap.MEMBERS_VIEW, "pillar1", 30,
            _("Members moving in and out, turning 30, struck off"),
        )
    )  # fmt: skip
    from chudong.members.panels import MemberLink, register_member_link

    register_member_link(
        MemberLink(
            "transfers", _("Transfers, maturation, striking off"), "transfers:member",
            Cap.MEMBERS_VIEW, 30,
        )
    )  # fmt: skip
    nav.register(
        nav.NavEntry("pillar1", _("Maturation"), "transfers:maturation_home", Cap.MEMBERS_VIEW, 22)
    )
    nav.register(
        nav.NavEntry(
            "pillar1", _("Striking off"), "transfers:strike_off_home", Cap.MEMBERS_VIEW, 24
        )
    )

    registry.register_warning(
        registry.Warning(
            key="transfers_waiting",
            label=_("Transfers waiting for confirmation"),
            count_many=selectors.transfers_waiting,
            capability=Cap.MEMBERS_VIEW,
            url_name="transfers:unit",
            order=30,
        )
    )
    registry.register_warning(
        registry.Warning(
            key="transfers_stuck",
            label=_("Transfers stuck past the deadline"),
            count_many=selectors.transfers_stuck,
            capability=Cap.MEMBERS_VIEW,
            url_name="transfers:unit",
            order=31,
        )
    )
    registry.register_warning(
        registry.Warning(
            key="members_past_maturation",
            label=_("Members past the maturation age, not matured"),
            count_many=selectors.members_past_maturation,
            capability=Cap.MEMBERS_VIEW,
            url_name="transfers:maturation",
            order=20,
        )
    )


def anonymise_member_copies(*, member, actor, old_name: str) -> None:
    """privacy anonymisation: the name in the notes of the member's maturation entries and
    transfers."""
    from django.db.models import Q

    from chudong.privacy.services import scrub_copies

    from .models import MaturationEntry, Transfer

    names = {"old_name": old_name, "new_name": member.full_name}
    scrub_copies(MaturationEntry, Q(member=member), **names, replace_in=("note",))
    scrub_copies(Transfer, Q(member=member), **names, replace_in=("destination_note",))
