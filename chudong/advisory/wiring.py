"""What the advisory app plugs into the rest of chudong at start-up: navigation, unit page
links, the resources figure, the unanswered-proposals warning, and how its rows follow
restructurings of the unit tree."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def connect() -> None:
    from chudong.access.capabilities import Cap
    from chudong.core import nav
    from chudong.orgs import registry

    from . import selectors, services

    nav.register(nav.NavEntry("pillar3", _("Advising and partnerships"), "advisory:home",
                              Cap.ADVISORY_VIEW, 10))  # fmt: skip
    links = [
        ("advisory_proposals", _("Proposals to the Party committee"), "advisory:proposals", 10,
         _("Advice submitted, the committee's response and what followed")),
        ("advisory_agreements", _("Coordination agreements"), "advisory:agreements", 40,
         _("Quy chế phối hợp with partners and the joint actions under them")),
        ("advisory_resources", _("Resources mobilised"), "advisory:resources", 50,
         _("Sponsors, cash and in kind, totals by year that roll up")),
    ]  # fmt: skip
    for key, label, url_name, order, description in links:
        registry.register_unit_link(
            registry.UnitLink(
                key, label, url_name, Cap.ADVISORY_VIEW, "pillar3", order, description
            )
        )
    registry.register_figure(
        registry.Figure(
            key="advisory_resources_year",
            label=_("Resources mobilised this year (VND)"),
            compute=selectors.resources_this_year,
            compute_many=selectors.resources_this_year_many,
            order=80,
        )
    )
    registry.register_warning(
        registry.Warning(
            key="advisory_unanswered",
            label=_("Proposals to the Party committee without a response"),
            count_many=selectors.unanswered_counts,
            capability=Cap.ADVISORY_VIEW,
            url_name="advisory:proposals",
            order=80,
        )
    )
    registry.register(services.AdvisoryContent())
