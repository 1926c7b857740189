from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "chudong.members"
    label = "members"
    verbose_name = _("Member register")

    def ready(self):
        from chudong.access.capabilities import Cap
        from chudong.core import nav
        from chudong.orgs import registry

        from .selectors import unit_member_figure
        from .services.restructure import MemberContent

        nav.register(
            nav.NavEntry("pillar1", _("Member register"), "members:home", Cap.MEMBERS_VIEW, 10)
        )
        nav.register(nav.NavEntry("pillar1", _("My pages"), "members:me", None, 1))
        registry.register(MemberContent())
        registry.register_unit_link(
            registry.UnitLink(
                "members", _("Member register"), "members:list", Cap.MEMBERS_VIEW, "pillar1", 10,
                _("Members of this unit and below, search, filters, export"),
            )
        )  # fmt: skip
        registry.register_figure(
            registry.Figure("members", _("Members"), unit_member_figure, order=10)
        )
