"""What the inspection app plugs into chudong at start-up: navigation, unit page links,
the overdue-remedies warning, and how its rows follow restructurings."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def connect() -> None:
    from django.apps import apps

    from chudong.access.capabilities import Cap
    from chudong.core import nav
    from chudong.orgs import registry

    from . import selectors, services

    nav.register(
        nav.NavEntry(
            "pillar2", _("Inspection and exemplary models"), "inspection:home", Cap.WORK_VIEW, 60
        )
    )
    links = [
        (
            "inspection",
            _("Inspection and remedies"),
            "inspection:unit",
            60,
            _("Inspection plans, inspections, recommendations and their remedies"),
        ),
        (
            "inspection_reviews",
            _("Year-end self-criticism"),
            "inspection:reviews",
            62,
            _("Kiểm điểm of the collective and of each leadership member"),
        ),
        (
            "inspection_exemplary",
            _("Exemplary models and people"),
            "inspection:exemplaries",
            64,
            _("Gương điển hình, mô hình hay and where they were replicated"),
        ),
    ]
    for key, label, url_name, order, description in links:
        registry.register_unit_link(
            registry.UnitLink(key, label, url_name, Cap.WORK_VIEW, "pillar2", order, description)
        )
    registry.register_warning(
        registry.Warning(
            key="inspection_overdue_remedies",
            label=_("Inspection recommendations not remedied by their deadline"),
            count_many=selectors.overdue_counts,
            capability=Cap.WORK_VIEW,
            url_name="inspection:overdue",
            order=70,
        )
    )
    registry.register(services.InspectionContent())
    if apps.is_installed("chudong.recognition"):
        from . import indicators

        indicators.register()
    from chudong.privacy.services import register_anonymiser

    register_anonymiser(anonymise_member_copies)


def anonymise_member_copies(*, member, actor, old_name: str) -> None:
    """privacy anonymisation: an exemplary model about the member names them in its title,
    description or "who"."""
    from django.db.models import Q

    from chudong.privacy.services import scrub_copies

    from .models import Exemplary

    scrub_copies(
        Exemplary, Q(member=member), old_name=old_name, new_name=member.full_name,
        replace_in=("title", "description", "holder"),
    )  # fmt: skip
