"""What the cadres app plugs into the rest of chudong at start-up: navigation, unit page
links, member page panels, timeline event kinds, warnings (vacancies, posts held past the
term), and how its rows follow restructurings and member merges."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def connect() -> None:
    from chudong.access.capabilities import Cap
    from chudong.core import nav
    from chudong.members.panels import MemberPanel, register_member_panel
    from chudong.members.services import register_merge_follower
    from chudong.orgs import registry

    from . import (
        events,  # noqa: F401 - importing it registers the timeline event kinds
        selectors,
        services,
    )

    nav.register(
        nav.NavEntry("pillar3", _("Cadres and terms"), "cadres:home", Cap.ADVISORY_VIEW, 20)
    )
    nav.register(
        nav.NavEntry(
            "pillar3",
            _("Introducing members to the Party"),
            "cadres:party_home",
            Cap.ADVISORY_VIEW,
            30,
        )
    )
    registry.register_unit_link(
        registry.UnitLink(
            "cadres_leadership",
            _("Cadres and terms"),
            "cadres:unit",
            Cap.ADVISORY_VIEW,
            "pillar3",
            20,
            _("Leadership against the congress numbers, training, evaluation, planning"),
        )
    )
    registry.register_unit_link(
        registry.UnitLink(
            "cadres_party",
            _("Introducing members to the Party"),
            "cadres:party",
            Cap.ADVISORY_VIEW,
            "pillar3",
            30,
            _("Outstanding members, Party awareness class, letter, outcome; yearly figures"),
        )
    )
    registry.register_figure(
        registry.Figure(
            key="cadres_party_admitted_year",
            label=_("Members admitted to the Party this year"),
            compute=selectors.admitted_this_year,
            compute_many=selectors.admitted_this_year_many,
            order=85,
        )
    )
    registry.register_warning(
        registry.Warning(
            key="cadres_vacancies",
            label=_("Units with vacant leadership posts in the current term"),
            count_many=selectors.vacancy_counts,
            capability=Cap.ADVISORY_VIEW,
            url_name="cadres:unit",
            order=82,
        )
    )
    registry.register_warning(
        registry.Warning(
            key="cadres_past_term",
            label=_("Leadership posts held past the end of the term"),
            count_many=selectors.past_term_counts,
            capability=Cap.ADVISORY_VIEW,
            url_name="cadres:unit",
            order=83,
        )
    )
    register_member_panel(
        MemberPanel(
            "cadres", _("Cadre work and Party introduction"), "cadres:member", Cap.ADVISORY_VIEW, 70
        )
    )
    register_merge_follower(services.follow_member_merge)
    from chudong.privacy.services import register_anonymiser

    register_anonymiser(anonymise_member_copies)
    registry.register(services.CadresContent())


def anonymise_member_copies(*, member, actor, old_name: str) -> None:
    """privacy anonymisation: the name in the notes of the member's planning entries and
    Party introduction."""
    from django.db.models import Q

    from chudong.privacy.services import scrub_copies

    from .models import PartyIntroduction, PlanningEntry

    names = {"old_name": old_name, "new_name": member.full_name}
    scrub_copies(PlanningEntry, Q(member=member), **names, replace_in=("note",))
    scrub_copies(PartyIntroduction, Q(member=member), **names, replace_in=("outcome_note",))
