"""What the procedure pages show: a member's procedures, the sensitive parts (logged),
documents, history, and the two early warnings with the lists behind them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core import history
from chudong.core.paths import subtree_q
from chudong.members.models import CURRENT_STATUSES, Member, UnitMemberCount
from chudong.orgs.models import Unit
from chudong.orgs.selectors import count_in_subtrees

from ..models import (
    AdmissionCase,
    AdmissionSensitive,
    AdmissionState,
    CardReissue,
    Commendation,
    DisciplineCase,
    DisciplineViolation,
    Document,
    HonoraryAdmission,
    MembershipCard,
)
from ..services._common import grassroots_union_of
from ..services.documents import documents_of


@dataclass
class MemberProcedures:
    cards: list[MembershipCard]
    reissues: list[CardReissue]
    commendations: list[Commendation]
    discipline: list[DisciplineCase]
    admission: AdmissionCase | None
    honorary: HonoraryAdmission | None


def member_procedures(*, actor: Any, member: Member) -> MemberProcedures:
    """The member's cards, card reissues, commendations and disciplinary cases (without the
    violation), and the admission they came through (the caller fetched the member through
    the members access helper: members.view). Six queries."""
    return MemberProcedures(
        cards=list(
            MembershipCard.objects.filter(member=member)
            .select_related("replaced_by")
            .order_by("-issued_on", "-pk")
        ),
        reissues=list(CardReissue.objects.filter(member=member).order_by("-pk")),
        commendations=list(
            Commendation.objects.filter(member=member).order_by("-decision_date", "-pk")
        ),
        discipline=list(
            DisciplineCase.objects.filter(member=member)
            .select_related("decided_by_unit")
            .order_by("-proposed_on", "-pk")
        ),
        admission=AdmissionCase.objects.filter(member=member).first(),
        honorary=HonoraryAdmission.objects.filter(member=member).first(),
    )


def documents(owner: Any) -> list[Document]:
    return list(documents_of(owner).select_related("uploaded_by"))


def record_history(*, actor: Any, record: Any) -> list[history.HistoryRow] | None:
    """The record's change history for a holder of history.view over its unit."""
    if not policy.can_at_path(actor, Cap.HISTORY_VIEW, record.unit_path):
        return None
    return history.rows(record.history.all())


def admission_sensitive_read(
    *, actor: Any, case: AdmissionCase, request_path: str = "", purpose: str = "view"
) -> AdmissionSensitive | bool | None:
    """The candidate's ethnicity and religion, logged; False without members.sensitive,
    None when nothing was recorded."""
    if not policy.can_at_path(actor, Cap.MEMBERS_SENSITIVE, case.unit_path):
        return False
    policy.log_sensitive_read(
        actor=actor,
        subject_type="admission_case",
        subject_id=case.pk,
        subject_label=case.full_name,
        unit_path=case.unit_path,
        fields=AdmissionSensitive.FIELDS,
        purpose=purpose,
        request_path=request_path,
    )
    return AdmissionSensitive.objects.filter(case=case).first()


def discipline_violation_read(
    *, actor: Any, case: DisciplineCase, request_path: str = ""
) -> str | None:
    """What the member did, logged; None without members.sensitive."""
    if not policy.can_at_path(actor, Cap.MEMBERS_SENSITIVE, case.unit_path):
        return None
    policy.log_sensitive_read(
        actor=actor,
        subject_type="discipline_case",
        subject_id=case.pk,
        subject_label=case.member.full_name,
        unit_path=case.unit_path,
        fields=["violation"],
        purpose="view",
        request_path=request_path,
    )
    return (
        DisciplineViolation.objects.filter(case=case).values_list("violation", flat=True).first()
        or ""
    )


# --- Early warnings --------------------------------------------------------------------


def admissions_waiting_counts(units: list[Unit], day: dt.date) -> dict[int, int]:
    """Warning: admission cases approved by their branch and waiting for the upper level's
    confirming decision, in each unit's subtree (index on state, unit_path)."""
    waiting = AdmissionCase.objects.filter(state=AdmissionState.VOTED)
    return count_in_subtrees(units, waiting, "unit_path")


def incomplete_dossier_q() -> Q:
    """A dossier is incomplete when a current member (active, temporarily elsewhere or
    working far away) who is not an honorary member has no admission date, no card number
    or no hometown. The same condition defines a partial index (migration 0003), so that
    the count reads only the incomplete rows."""
    return Q(status__in=sorted(CURRENT_STATUSES), is_honorary=False) & (
        Q(admission_date__isnull=True) | Q(card_number__isnull=True) | Q(hometown="")
    )


def incomplete_dossier_counts(units: list[Unit], day: dt.date) -> dict[int, int]:
    return count_in_subtrees(units, Member.objects.filter(incomplete_dossier_q()), "unit_path")


@dataclass
class IncompleteRow:
    member: Member
    missing: list[str]


def incomplete_dossiers(
    *, actor: Any, unit: Unit, after: str | None = None, per_page: int = 50
) -> tuple[list[IncompleteRow], str | None]:
    """The members behind the warning, in Vietnamese name order, by keyset pages."""
    if not policy.can(actor, Cap.MEMBERS_VIEW, unit):
        return [], None
    qs: QuerySet = Member.objects.filter(subtree_q("unit_path", unit.path)).filter(
        incomplete_dossier_q()
    )
    if after and "." in after:
        key, _sep, pk = after.rpartition(".")
        if pk.isdigit():
            qs = qs.filter(Q(sort_key__gt=key) | Q(sort_key=key, pk__gt=int(pk)))
    members = list(
        qs.select_related("unit")
        .only(
            "id",
            "full_name",
            "sort_key",
            "admission_date",
            "card_number",
            "hometown",
            "unit_path",
            "unit__id",
            "unit__name",
        )
        .order_by("sort_key", "pk")[: per_page + 1]
    )
    cursor = None
    if len(members) > per_page:
        last = members[per_page - 1]
        cursor = f"{last.sort_key}.{last.pk}"
    rows = []
    for member in members[:per_page]:
        missing = []
        if member.admission_date is None:
            missing.append(_("admission date"))
        if not member.card_number:
            missing.append(_("card number"))
        if not member.hometown:
            missing.append(_("hometown"))
        rows.append(IncompleteRow(member, missing))
    return rows, cursor


INTRODUCER_CHOICES_LIMIT = 500


def introducer_candidates(*, actor: Any, case: AdmissionCase) -> list[Member]:
    """Current members who may introduce the candidate: those of the case's grassroots
    union (or of the branch alone when it belongs to none) that the actor may see, in
    Vietnamese name order, at most INTRODUCER_CHOICES_LIMIT."""
    grassroots = grassroots_union_of(case.unit)
    root = grassroots.path if grassroots is not None else case.unit_path
    return list(
        Member.objects.filter(subtree_q("unit_path", root), status__in=sorted(CURRENT_STATUSES))
        .filter(policy.scope_q(actor, Cap.MEMBERS_VIEW, "unit_path"))
        .select_related("unit")
        .only("id", "full_name", "unit_path", "unit__id", "unit__name")
        .order_by("sort_key", "pk")[:INTRODUCER_CHOICES_LIMIT]
    )


def branch_member_count(*, unit_id: int) -> int | None:
    """The branch's current members, from the maintained counts: the starting value of a
    discipline meeting's "members of the branch", corrected to the day of the meeting."""
    return UnitMemberCount.objects.filter(unit_id=unit_id).values_list("active", flat=True).first()
