"""Reads of the privacy app, already scoped to what the actor may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404

from chudong.access import policy
from chudong.access import selectors as access_selectors
from chudong.access.capabilities import Cap
from chudong.core.paths import subtree_q
from chudong.core.text import fold
from chudong.members.models import Member
from chudong.orgs.models import Unit
from chudong.orgs.selectors import count_in_subtrees

from .models import (
    AnonymisationRun,
    AnonymisedMember,
    Consent,
    ConsentPurpose,
    Holiday,
    ProcessingActivity,
    RequestStatus,
    SubjectRequest,
)

READ_LOG_PAGE = 50
READ_LOG_EXPORT_LIMIT = 100_000
UNIT_CHOICE_LEVELS = 1


def home_units(*, actor: Any, cap: Cap) -> list[Unit]:
    roots = policy.visible_roots(actor, cap)
    return list(Unit.objects.select_related("kind").filter(path__in=roots).order_by("path"))


# --- consents ------------------------------------------------------------------------


def purposes() -> list[ConsentPurpose]:
    return list(ConsentPurpose.objects.filter(active=True))


@dataclass
class PurposeState:
    purpose: ConsentPurpose
    open: Consent | None
    past: list[Consent]


def consent_states(member: Member) -> list[PurposeState]:
    """Each purpose in use with the member's open consent (or none) and past ones."""
    consents = list(
        Consent.objects.filter(member=member).select_related(
            "purpose", "recorded_by", "withdrawn_by"
        )
    )
    states = []
    for purpose in purposes():
        mine = [c for c in consents if c.purpose_id == purpose.pk]
        states.append(
            PurposeState(
                purpose=purpose,
                open=next((c for c in mine if c.withdrawn_on is None), None),
                past=[c for c in mine if c.withdrawn_on is not None],
            )
        )
    return states


def access_consent(actor: Any, consent_id: Any) -> Consent:
    """A consent for a staff page: 404 out of scope, 403 without members.manage."""
    try:
        consent = Consent.objects.select_related("member", "member__unit", "purpose").get(
            pk=int(consent_id)
        )
    except (Consent.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not policy.can_at_path(actor, Cap.UNITS_VIEW, consent.member.unit_path):
        raise Http404
    if not policy.can_at_path(actor, Cap.MEMBERS_MANAGE, consent.member.unit_path):
        raise PermissionDenied
    return consent


def own_open_consent(member: Member, purpose_code: str) -> Consent | None:
    return (
        Consent.objects.filter(member=member, purpose__code=purpose_code, withdrawn_on__isnull=True)
        .select_related("purpose", "member")
        .first()
    )


# --- data subject requests -----------------------------------------------------------


def unit_requests(*, unit: Unit, open_only: bool = False) -> QuerySet[SubjectRequest]:
    """Requests about members of the unit's subtree: open ones by deadline first."""
    qs = SubjectRequest.objects.filter(subtree_q("unit_path", unit.path)).select_related(
        "member", "unit"
    )
    if open_only:
        return qs.filter(status=RequestStatus.OPEN).order_by("due_on", "id")
    return qs.order_by("-received_on", "-id")


def request_counts(*, unit: Unit, day: dt.date) -> dict[str, int]:
    qs = SubjectRequest.objects.filter(subtree_q("unit_path", unit.path))
    return qs.aggregate(
        open=Count("pk", filter=Q(status=RequestStatus.OPEN)),
        overdue=Count("pk", filter=Q(status=RequestStatus.OPEN, due_on__lt=day)),
        answered=Count("pk", filter=~Q(status=RequestStatus.OPEN)),
        late=Count("pk", filter=~Q(status=RequestStatus.OPEN) & Q(responded_on__gt=F("due_on"))),
    )


def overdue_counts(units: list[Unit], day: dt.date) -> dict[int, int]:
    """The unit-page warning: open requests past their deadline (partial index)."""
    overdue = SubjectRequest.objects.filter(status=RequestStatus.OPEN, due_on__lt=day)
    return count_in_subtrees(units, overdue, "unit_path")


def access_request(actor: Any, request_id: Any, *, cap: Cap = Cap.MEMBERS_MANAGE) -> SubjectRequest:
    try:
        request = SubjectRequest.objects.select_related(
            "member", "member__unit", "unit", "created_by", "responded_by"
        ).get(pk=int(request_id))
    except (SubjectRequest.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not policy.can_at_path(actor, Cap.UNITS_VIEW, request.unit_path):
        raise Http404
    if not policy.can_at_path(actor, Cap.MEMBERS_MANAGE, request.unit_path):
        raise PermissionDenied
    if cap != Cap.MEMBERS_MANAGE and not policy.can_at_path(actor, cap, request.unit_path):
        raise PermissionDenied
    return request


def member_requests(member: Member) -> list[SubjectRequest]:
    return list(SubjectRequest.objects.filter(member=member).order_by("-received_on", "-id"))


# --- the read log --------------------------------------------------------------------


@dataclass
class ReadLogFilters:
    within: Unit | None = None
    reader: str = ""
    subject: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def read_log_unit_choices(*, unit: Unit) -> QuerySet[Unit]:
    """The units one level below `unit` (a province lists its grassroots unions, not its
    branches); unsliced, so that the form validates the choice."""
    return Unit.objects.filter(
        subtree_q("path", unit.path, include_self=False), depth__lte=unit.depth + UNIT_CHOICE_LEVELS
    ).order_by("path")


def read_log(*, actor: Any, unit: Unit, filters: ReadLogFilters) -> QuerySet:
    """Reads of sensitive data about subjects in `unit`'s subtree (within the actor's
    audit.view scope, access.selectors.read_log), newest first, filtered."""
    qs = access_selectors.read_log(actor=actor).filter(
        subtree_q("unit_path", (filters.within or unit).path)
    )
    if filters.reader:
        qs = qs.filter(actor__full_name_folded__contains=fold(filters.reader))
    if filters.subject:
        qs = qs.filter(subject_label__icontains=filters.subject.strip())
    if filters.date_from:
        qs = qs.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(at__date__lte=filters.date_to)
    return qs.order_by("-id")


def read_log_page(*, actor: Any, unit: Unit, filters: ReadLogFilters, before: int | None):
    """One page (keyset on the id: no count over millions of rows) and the next key."""
    qs = read_log(actor=actor, unit=unit, filters=filters)
    if before:
        qs = qs.filter(id__lt=before)
    rows = list(qs[: READ_LOG_PAGE + 1])
    next_before = rows[READ_LOG_PAGE - 1].pk if len(rows) > READ_LOG_PAGE else None
    return rows[:READ_LOG_PAGE], next_before


def fields_label(value: str) -> str:
    """The logged field codes in words (sensitive fields by their verbose names)."""
    from django.utils.text import capfirst
    from django.utils.translation import gettext

    from chudong.members.models import MemberSensitive

    names = {
        f: capfirst(MemberSensitive._meta.get_field(f).verbose_name) for f in MemberSensitive.FIELDS
    }
    names["family"] = gettext("Family relations")
    names["all"] = gettext("All data")
    return ", ".join(str(names.get(code, code)) for code in value.split(",") if code)


def read_log_units(rows: list) -> dict[str, str]:
    """{unit path: unit name} for the rows of one page (one query)."""
    paths = {r.unit_path for r in rows}
    return dict(Unit.objects.filter(path__in=paths).values_list("path", "name"))


# --- register, holidays, anonymisation -----------------------------------------------


def processing_activities() -> list[ProcessingActivity]:
    return list(ProcessingActivity.objects.all())


def holidays(*, year: int) -> list[Holiday]:
    return list(Holiday.objects.filter(date__year=year))


def holiday_years() -> list[int]:
    return sorted({d.year for d in Holiday.objects.values_list("date", flat=True)}, reverse=True)


def anonymised_count(*, unit: Unit) -> int:
    return AnonymisedMember.objects.filter(subtree_q("unit_path", unit.path)).count()


def recent_runs(limit: int = 10) -> list[AnonymisationRun]:
    return list(AnonymisationRun.objects.select_related("actor")[:limit])
