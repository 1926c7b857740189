"""What the privacy app plugs into chudong at start-up: navigation, "My pages" links,
the member page link, the unit page link and the overdue-requests warning, and its rules."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def connect() -> None:
    from chudong.access.capabilities import Cap
    from chudong.core import nav
    from chudong.members.panels import (
        MemberLink,
        MemberPanel,
        SelfLink,
        register_member_link,
        register_member_panel,
        register_self_link,
    )
    from chudong.orgs import registry
    from chudong.rules import catalog

    from . import selectors
    from .services import common

    nav.register(
        nav.NavEntry("admin", _("Personal data protection"), "privacy:home", Cap.MEMBERS_MANAGE, 92)
    )
    nav.register(
        nav.NavEntry(
            "admin", _("Sensitive-data read log"), "privacy:read_log_home", Cap.AUDIT_VIEW, 90,
        )
    )  # fmt: skip
    nav.register(
        nav.NavEntry(
            "admin", _("Register of processing activities"), "privacy:register", Cap.UNITS_VIEW, 94
        )
    )
    register_self_link(
        SelfLink(
            "privacy_consents", _("My consents"), "privacy:my_consents", 202,
            _("Allow or withdraw the use of your sensitive data, purpose by purpose"),
        )
    )  # fmt: skip
    register_self_link(
        SelfLink(
            "privacy_requests", _("Requests about my data"), "privacy:my_requests", 203,
            _("Ask to see, receive or delete your data; follow the answer"),
        )
    )  # fmt: skip
    register_self_link(
        SelfLink(
            "privacy_register", _("How chudong uses personal data"), "privacy:register", 204,
            _("Each purpose, the data used, the legal basis and how long it is kept"),
        )
    )  # fmt: skip
    register_member_link(
        MemberLink(
            "privacy", _("Consents and data requests"), "privacy:member", Cap.MEMBERS_MANAGE, 95
        )
    )
    register_member_panel(
        MemberPanel(
            "privacy_consents", _("Consents to the use of sensitive data"), "privacy:member",
            Cap.MEMBERS_MANAGE, 80,
        )
    )  # fmt: skip
    registry.register_unit_link(
        registry.UnitLink(
            "privacy", _("Personal data requests"), "privacy:unit", Cap.MEMBERS_MANAGE,
            "pillar1", 27,
            _("Members' requests to see, correct, export or delete their data, by deadline"),
        )
    )  # fmt: skip
    registry.register_warning(
        registry.Warning(
            key="privacy_requests_overdue",
            label=_("Personal data requests not answered by their legal deadline"),
            count_many=selectors.overdue_counts,
            capability=Cap.MEMBERS_MANAGE,
            url_name="privacy:unit",
            order=26,
        )
    )
    keys = [
        (common.RESPONSE_DAYS_RULE, _("Personal data requests: working days to respond"), "days"),
        (common.RETENTION_YEARS_RULE,
         _("Former members' records are anonymised this many years after they left"), "years"),
        (common.RETENTION_STATUSES_RULE,
         _("Statuses whose records are anonymised after the retention period"), "choices"),
    ]  # fmt: skip
    for key, label, kind in keys:
        if key not in catalog.BY_KEY:
            spec = catalog.RuleKey(key, label, kind)
            catalog.KEYS.append(spec)
            catalog.BY_KEY[key] = spec
