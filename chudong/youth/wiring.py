"""What the youth app plugs into the rest of chudong at start-up (YouthConfig.ready):
navigation, unit-page links, the member-page panel, "My pages", the overdue warning, the
rule it reads, how its rows follow the tree and member merges, and the admission hook."""

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
    from chudong.procedures.services import register_closing_follower
    from chudong.rules import catalog

    from . import selectors, services

    nav.register(
        nav.NavEntry("pillar1", _("Youth outside the Union"), "youth:home", Cap.CARE_VIEW, 50)
    )
    nav.register(
        nav.NavEntry("pillar1", _("Youth opinion"), "youth:opinions_home", Cap.CARE_VIEW, 51)
    )
    nav.register(nav.NavEntry("pillar1", _("Surveys"), "youth:surveys_home", Cap.CARE_VIEW, 52))
    for key, label, url_name, cap, order, description in (
        (
            "youth",
            _("Youth outside the Union"),
            "youth:list",
            Cap.CARE_VIEW,
            50,
            _("Young people in the area who are not (yet) members; admission from their record"),
        ),
        (
            "youth_opinions",
            _("Youth opinion"),
            "youth:opinions",
            Cap.CARE_VIEW,
            51,
            _("Thoughts, needs and aspirations heard, and their follow-up"),
        ),
        (
            "youth_opinion_summary",
            _("Youth opinion by topic"),
            "youth:summary",
            Cap.CARE_VIEW,
            52,
            _("Counts by topic and status, rolled up the tree"),
        ),
        (
            "youth_surveys",
            _("Surveys"),
            "youth:surveys",
            Cap.CARE_VIEW,
            53,
            _("Short surveys sent to the members, and their results"),
        ),
    ):
        registry.register_unit_link(
            registry.UnitLink(key, label, url_name, cap, "pillar1", order, description)
        )
    registry.register_warning(
        registry.Warning(
            key="youth_opinions_overdue",
            label=_("Youth opinions not answered in time"),
            count_many=selectors.overdue_counts,
            capability=Cap.CARE_VIEW,
            url_name="youth:opinions_overdue",
            order=60,
        )
    )
    register_member_panel(
        MemberPanel(
            "youth_opinions", _("Opinions raised"), "youth:member_opinions",
            Cap.MEMBERS_SENSITIVE, 70,
        )
    )  # fmt: skip
    register_self_link(
        SelfLink(
            "youth_surveys", _("Surveys"), "youth:my_surveys", 30,
            _("Short surveys of your branch and the units above it"),
        )
    )  # fmt: skip
    registry.register(services.YouthContent())
    register_merge_follower(services.follow_member_merge)
    from chudong.privacy.services import register_anonymiser

    register_anonymiser(anonymise_member_copies)
    register_closing_follower(services.follow_admission_closed)
    # Both the list (the Rules page) and the index (rules.services.rule_version_add and
    # every lookup by key) must know the key; appending to the list alone left a unit's
    # own version of this rule rejected as "unknown".
    if services.ANSWER_DAYS_RULE not in catalog.BY_KEY:
        spec = catalog.RuleKey(
            services.ANSWER_DAYS_RULE,
            _("Youth opinion: answered within (days of being raised)"),
            "days",
        )
        catalog.KEYS.append(spec)
        catalog.BY_KEY[spec.key] = spec


def anonymise_member_copies(*, member, actor, old_name: str) -> None:
    """privacy anonymisation: the youth-register row of a young person who became the
    member keeps their name and contacts."""
    from django.db.models import Q

    from chudong.core.text import fold, name_sort_key
    from chudong.privacy.services import scrub_copies

    from .models import Youth

    new_name = member.full_name
    scrub_copies(
        Youth, Q(member=member), old_name=old_name, new_name=new_name,
        values={"full_name": new_name, "full_name_folded": fold(new_name),
                "sort_key": name_sort_key("", "", new_name), "phone": "", "zalo": "",
                "residence": "", "workplace": ""},
        replace_in=("notes",),
    )  # fmt: skip
