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

        from chudong.privacy.services import register_anonymiser

        register_anonymiser(anonymise_member_copies)

        from chudong.access.capabilities import Cap
        from chudong.members.panels import MemberLink, register_member_link

        register_member_link(
            MemberLink(
                "dossier_pdf", _("Dossier (PDF)"), "imports:dossier_pdf", Cap.MEMBERS_VIEW, 90
            )
        )


def anonymise_member_copies(*, member, actor, old_name: str) -> None:
    """privacy anonymisation: the problems of an import into the member's unit or a unit
    above it list rows by the name read from the file."""
    from django.db.models import Q

    from chudong.core.paths import ancestors_of
    from chudong.privacy.services import scrub_copies

    from .models import ImportIssue

    paths = [*ancestors_of(member.unit_path), member.unit_path]
    scrub_copies(
        ImportIssue, Q(full_name=old_name, job__unit_path__in=paths), old_name=old_name,
        new_name=member.full_name, values={"full_name": member.full_name},
    )  # fmt: skip
