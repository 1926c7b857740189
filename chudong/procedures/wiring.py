"""What the procedures register with the rest of chudong at start-up (AppConfig.ready):
timeline event kinds, navigation, early warnings, how their records follow a
restructuring of the tree, and how they follow a merge of duplicate member records."""

from __future__ import annotations

from typing import Any

from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from chudong.core.paths import subtree_q
from chudong.orgs.registry import ContentItem


class OpenRecords:
    """orgs.registry.UnitContent for one kind of procedure record: the open records of a
    merged or split unit go with it (closed ones stay where they were decided), and a
    subtree move rewrites every stored unit path."""

    def __init__(self, key, model, open_states, label, describe, related=()):
        self.key = key
        self.related = related
        self.model = model
        self.open_states = tuple(open_states)
        self._label = label
        self._describe = describe

    def label(self) -> str:
        return str(self._label)

    def _open(self, unit):
        return self.model.objects.filter(unit=unit, state__in=self.open_states)

    def count(self, unit) -> int:
        return self._open(unit).count()

    def items(self, unit) -> list[ContentItem]:
        rows = self._open(unit).select_related(*self.related).order_by("pk")
        return [ContentItem(r.pk, self._describe(r)) for r in rows]

    def _move(self, qs, target) -> int:
        return qs.update(unit=target, unit_path=target.path)

    def move_all(self, *, source, target, restructuring) -> int:
        return self._move(self._open(source), target)

    def move_items(self, *, ids, source, target, restructuring) -> int:
        return self._move(self._open(source).filter(pk__in=ids), target)

    def repath(self, *, old_prefix: str, new_prefix: str) -> int:
        cut = len(old_prefix) + 1
        return self.model.objects.filter(subtree_q("unit_path", old_prefix)).update(
            unit_path=Concat(Value(new_prefix), Substr("unit_path", cut))
        )


def follow_member_merge(*, keep: Any, remove: Any, actor: Any) -> None:
    """A duplicate member record is merged into another: its procedure records follow.
    Two valid cards cannot both stay valid: the removed record's is voided."""
    from .models import (
        AdmissionCase,
        CardReissue,
        CardStatus,
        Commendation,
        DisciplineCase,
        HonoraryAdmission,
        MembershipCard,
    )

    if MembershipCard.objects.filter(member=keep, status=CardStatus.VALID).exists():
        for card in MembershipCard.objects.filter(member=remove, status=CardStatus.VALID):
            card.status = CardStatus.VOIDED
            card.voided_on = card.voided_on or card.issued_on
            card.void_reason = str(_("Duplicate record merged"))
            card._history_user = actor
            card.save()
    for model in (MembershipCard, CardReissue, Commendation, DisciplineCase):
        model.objects.filter(member=remove).update(member=keep)
    AdmissionCase.objects.filter(introducer_member=remove).update(introducer_member=keep)
    # One admission (and one honorary admission) per member record: the kept record keeps
    # its own when it has one.
    if not AdmissionCase.objects.filter(member=keep).exists():
        AdmissionCase.objects.filter(member=remove).update(member=keep)
    if not HonoraryAdmission.objects.filter(member=keep).exists():
        HonoraryAdmission.objects.filter(member=remove).update(member=keep)


def register_all() -> None:
    from chudong.access.capabilities import Cap
    from chudong.core import nav
    from chudong.members import events as member_events
    from chudong.members.services import register_merge_follower
    from chudong.orgs import registry

    from . import events, selectors
    from .models import (
        ADMISSION_OPEN_STATES,
        DISCIPLINE_OPEN_STATES,
        REISSUE_OPEN_STATES,
        AdmissionCase,
        CardReissue,
        DisciplineCase,
        HonoraryAdmission,
        HonoraryState,
    )

    for code, label in events.KINDS.items():
        member_events.register_event_kind(code, label)

    nav.register(
        nav.NavEntry("pillar1", _("Admissions and procedures"), "procedures:home",
                     Cap.MEMBERS_VIEW, 20)
    )  # fmt: skip
    nav.register(
        nav.NavEntry("pillar1", _("Decisions awaited"), "procedures:decisions",
                     Cap.MEMBERS_DECIDE, 25)
    )  # fmt: skip
    registry.register_unit_link(
        registry.UnitLink(
            "procedures", _("Admissions and procedures"), "procedures:admissions",
            Cap.MEMBERS_VIEW, "pillar1", 20,
            _("Admission, cards, commendation and discipline"),
        )
    )  # fmt: skip
    from chudong.members.panels import MemberLink, register_member_link

    register_member_link(
        MemberLink(
            "procedures", _("Card, commendations and discipline"), "procedures:member",
            Cap.MEMBERS_VIEW, 20,
        )
    )  # fmt: skip

    registry.register_warning(
        registry.Warning(
            key="admissions_waiting",
            label=_("Admission cases waiting for the upper level's decision"),
            count_many=selectors.admissions_waiting_counts,
            capability=Cap.MEMBERS_VIEW,
            url_name="procedures:admissions_waiting",
            order=30,
        )
    )
    registry.register_warning(
        registry.Warning(
            key="dossiers_incomplete",
            label=_("Member dossiers incomplete (no admission date, card number or hometown)"),
            count_many=selectors.incomplete_dossier_counts,
            capability=Cap.MEMBERS_VIEW,
            url_name="procedures:incomplete",
            order=60,
        )
    )

    registry.register(
        OpenRecords(
            "admission_cases", AdmissionCase, ADMISSION_OPEN_STATES,
            _("open admission cases"), lambda r: str(r.full_name),
        )
    )  # fmt: skip
    registry.register(
        OpenRecords(
            "discipline_cases", DisciplineCase, DISCIPLINE_OPEN_STATES,
            _("open disciplinary cases"),
            lambda r: f"{r.member.full_name}: {r.get_form_display()}", related=("member",),
        )
    )  # fmt: skip
    registry.register(
        OpenRecords(
            "card_reissues", CardReissue, REISSUE_OPEN_STATES,
            _("open card reissues"),
            lambda r: f"{r.member.full_name}: {r.get_reason_display()}", related=("member",),
        )
    )  # fmt: skip
    registry.register(
        OpenRecords(
            "honorary_proposals", HonoraryAdmission, (HonoraryState.PROPOSED,),
            _("honorary membership proposals"), lambda r: str(r.full_name),
        )
    )  # fmt: skip
    register_merge_follower(follow_member_merge)
    from chudong.privacy.services import register_anonymiser

    register_anonymiser(anonymise_member_copies)


def anonymise_member_copies(*, member: Any, actor: Any, old_name: str) -> None:
    """privacy anonymisation: the admission case that made the member (the candidate's
    name, citizen ID and contacts), a case they introduced, an honorary admission, and the
    name in the notes of their procedures."""
    from django.db.models import Q

    from chudong.core.text import fold
    from chudong.privacy.services import scrub_copies

    from .models import AdmissionCase, CardReissue, DisciplineCase, HonoraryAdmission

    new_name = member.full_name
    names = {"old_name": old_name, "new_name": new_name}
    scrub_copies(
        AdmissionCase, Q(member=member), **names,
        values={"full_name": new_name, "full_name_folded": fold(new_name), "national_id": None,
                "phone": "", "email": "", "hometown": "", "current_residence": "",
                "workplace": ""},
        replace_in=("nomination_note",),
    )  # fmt: skip
    scrub_copies(
        AdmissionCase, Q(introducer_member=member), **names, replace_in=("introducer_name",)
    )
    scrub_copies(
        HonoraryAdmission, Q(member=member), **names,
        values={"full_name": new_name, "phone": "", "email": "", "workplace": ""},
        replace_in=("contribution",),
    )  # fmt: skip
    scrub_copies(DisciplineCase, Q(member=member), **names, replace_in=("appeal_note",))
    scrub_copies(
        CardReissue, Q(member=member), **names, replace_in=("application_note", "proposal_note")
    )
