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
