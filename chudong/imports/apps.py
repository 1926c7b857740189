from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "chudong.imports"
    label = "imports"
    verbose_name = _("Member lists in and out: Excel import and export, PDFs")

    def ready(self):
        from chudong.members.events import register_event_kind

        from .models import IMPORTED_EVENT

        register_event_kind(IMPORTED_EVENT, _("Imported from a file"))

        from chudong.access.capabilities import Cap
        from chudong.members.panels import MemberLink, register_member_link

        register_member_link(
            MemberLink(
                "dossier_pdf", _("Dossier (PDF)"), "imports:dossier_pdf", Cap.MEMBERS_VIEW, 90
            )
        )
