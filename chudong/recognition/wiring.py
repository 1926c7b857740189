"""What recognition plugs into the rest of chudong at start-up: the built-in indicators,
navigation, unit page links, warnings, and how its rows follow restructurings."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def connect() -> None:
    from chudong.access.capabilities import Cap
    from chudong.core import nav
    from chudong.orgs import registry

    from . import indicators, selectors, services

    indicators.register_builtin()
    nav.register(
        nav.NavEntry(
            "recognition", _("3 chủ động cycle"), "recognition:home", Cap.RECOGNITION_VIEW, 10
        )
    )
    links = [
        (
            "recognition_unit",
            _("3 chủ động: plan, self-assessment, results"),
            "recognition:unit",
            Cap.RECOGNITION_VIEW,
            10,
            _(
                "The year's plan, computed indicators and review; for an upper unit, "
                "following, review and decisions"
            ),
        ),
        (
            "recognition_dashboard",
            _("3 chủ động dashboard"),
            "recognition:dashboard",
            Cap.RECOGNITION_VIEW,
            30,
            _("Registered, self-assessed, reviewed, recognised"),
        ),
    ]
    for key, label, url_name, cap, order, description in links:
        registry.register_unit_link(
            registry.UnitLink(key, label, url_name, cap, "recognition", order, description)
        )
    registry.register_warning(
        registry.Warning(
            key="recognition_unregistered",
            label=_("Grassroots unions without a 3 chủ động plan past the deadline"),
            count_many=selectors.unregistered_counts,
            capability=Cap.RECOGNITION_VIEW,
            url_name="recognition:follow",
            order=90,
        )
    )
    registry.register_warning(
        registry.Warning(
            key="recognition_weak",
            label=_("Grassroots unions whose 3 chủ động indicators are below threshold"),
            count_many=selectors.weak_counts,
            capability=Cap.RECOGNITION_VIEW,
            url_name="recognition:follow",
            order=92,
        )
    )
    registry.register_warning(
        registry.Warning(
            key="recognition_review_overdue",
            label=_("3 chủ động self-assessments waiting too long for review"),
            count_many=selectors.overdue_review_counts,
            capability=Cap.RECOGNITION_VIEW,
            url_name="recognition:review",
            order=91,
        )
    )
    registry.register_figure(
        registry.Figure(
            key="recognition_recognised_last_year",
            label=_("Grassroots unions recognised 3 chủ động last year"),
            compute=selectors.recognised_last_year,
            compute_many=selectors.recognised_last_year_many,
            order=90,
        )
    )
    registry.register(services.RecognitionContent())
    from chudong.ratings import grounds

    # The result feeds the union's annual rating (ratings shows it; it does not import us).
    grounds.register_unit_outcome_source(selectors.recognition_outcome)
