"""Lists of procedure records under a unit, newest first, in bounded keyset pages, and
the queue of decisions waiting for the upper level."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.paths import ancestors_of, subtree_q
from chudong.orgs.models import Unit

from ..models import (
    ADMISSION_OPEN_STATES,
    DISCIPLINE_OPEN_STATES,
    REISSUE_OPEN_STATES,
    AdmissionCase,
    AdmissionState,
    CardReissue,
    Commendation,
    DisciplineCase,
    DisciplineState,
    HonoraryAdmission,
    HonoraryState,
    ReissueState,
)
from ..services.cards import may_decide_reissue

PER_PAGE = 50
OPEN = "open"
CLOSED = "closed"
ALL = "all"


@dataclass
class Page:
    rows: list[Any]
    next_cursor: int | None
    first: bool


def _page(qs: QuerySet, before: str | None, per_page: int) -> Page:
    """Newest first by id; `before` is the id the previous page ended at."""
    cursor = int(before) if (before or "").isdigit() else None
    if cursor:
        qs = qs.filter(pk__lt=cursor)
    rows = list(qs.order_by("-pk")[: per_page + 1])
    next_cursor = rows[per_page - 1].pk if len(rows) > per_page else None
    return Page(rows=rows[:per_page], next_cursor=next_cursor, first=cursor is None)


def _state_q(state: str, open_states: tuple[str, ...], values: list[str]) -> Q:
    if state == OPEN:
        return Q(state__in=open_states)
    if state == CLOSED:
        return ~Q(state__in=open_states)
    if state in values:
        return Q(state=state)
    return Q()


def _subtree(model: type[models.Model], actor: Any, unit: Unit) -> QuerySet:
    """The records of `unit`'s subtree, or none when the actor may not see its members.
    (The whole subtree then lies in scope: no second range on the same column.)"""
    if not policy.can(actor, Cap.MEMBERS_VIEW, unit):
        return model.objects.none()
    return model.objects.filter(subtree_q("unit_path", unit.path))


def admission_list(
    *, actor: Any, unit: Unit, state: str = OPEN, before: str | None = None, per_page=PER_PAGE
) -> Page:
    qs = _subtree(AdmissionCase, actor, unit).filter(
        _state_q(state, ADMISSION_OPEN_STATES, AdmissionState.values)
    )
    return _page(qs.select_related("unit"), before, per_page)


def discipline_list(
    *, actor: Any, unit: Unit, state: str = ALL, before: str | None = None, per_page=PER_PAGE
) -> Page:
    """Disciplinary cases (never the violation: that is sensitive)."""
    qs = _subtree(DisciplineCase, actor, unit).filter(
        _state_q(state, DISCIPLINE_OPEN_STATES, DisciplineState.values)
    )
    return _page(
        qs.select_related("unit", "member", "decided_by_unit").only(
            "id",
            "state",
            "form",
            "proposed_on",
            "decision_date",
            "decision_number",
            "office_label",
            "unit_path",
            "unit__id",
            "unit__name",
            "member__id",
            "member__full_name",
            "decided_by_unit__id",
            "decided_by_unit__name",
        ),
        before,
        per_page,
    )


def reissue_list(
    *, actor: Any, unit: Unit, state: str = ALL, before: str | None = None, per_page=PER_PAGE
) -> Page:
    qs = _subtree(CardReissue, actor, unit).filter(
        _state_q(state, REISSUE_OPEN_STATES, ReissueState.values)
    )
    return _page(qs.select_related("unit", "member", "new_card"), before, per_page)


def commendation_list(
    *, actor: Any, unit: Unit, before: str | None = None, per_page=PER_PAGE
) -> Page:
    qs = _subtree(Commendation, actor, unit)
    return _page(qs.select_related("unit", "member"), before, per_page)


def honorary_list(
    *, actor: Any, unit: Unit, state: str = ALL, before: str | None = None, per_page=PER_PAGE
) -> Page:
    qs = _subtree(HonoraryAdmission, actor, unit).filter(
        _state_q(state, (HonoraryState.PROPOSED,), HonoraryState.values)
    )
    return _page(qs.select_related("unit", "member"), before, per_page)


# --- The upper level's queue -------------------------------------------------------------


def grassroots_by_path(paths: list[str]) -> dict[str, Unit]:
    """{unit path: its grassroots union} for many unit paths, in one query."""
    wanted = {p for path in paths for p in (*ancestors_of(path), path)}
    if not wanted:
        return {}
    unions = {
        u.path: u
        for u in Unit.objects.filter(path__in=wanted, kind__is_grassroots=True).select_related(
            "parent"
        )
    }
    result = {}
    for path in paths:
        chain = [*ancestors_of(path), path]
        found = [unions[p] for p in chain if p in unions]
        if found:
            result[path] = found[-1]
    return result


@dataclass
class Awaited:
    kind: str
    record: Any
    grassroots: Unit


QUEUE_LIMIT = 200


def _decidable(actor: Any, rows: list[Any]) -> list[tuple[Any, Unit]]:
    unions = grassroots_by_path([r.unit_path for r in rows])
    result = []
    for row in rows:
        grassroots = unions.get(row.unit_path)
        if grassroots is not None and policy.can(actor, Cap.MEMBERS_DECIDE, grassroots):
            result.append((row, grassroots))
    return result


def decisions_awaited(*, actor: Any, unit: Unit | None = None) -> list[Awaited]:
    """Records waiting for a decision the actor may take as the upper level of their
    grassroots union: admissions approved by the branch, discipline the upper level
    decides, honorary proposals. At most QUEUE_LIMIT of each, oldest first; three
    queries per kind at most (the records, their grassroots unions)."""
    scope = policy.scope_q(actor, Cap.MEMBERS_DECIDE, "unit_path")
    if unit is not None:
        scope &= subtree_q("unit_path", unit.path)
    sources = [
        (
            "admission",
            AdmissionCase.objects.filter(scope, state=AdmissionState.VOTED).select_related("unit"),
        ),
        (
            "discipline",
            DisciplineCase.objects.filter(
                scope, state=DisciplineState.VOTED, upper_level_decides=True
            ).select_related("unit", "member"),
        ),
        (
            "honorary",
            HonoraryAdmission.objects.filter(scope, state=HonoraryState.PROPOSED).select_related(
                "unit"
            ),
        ),
    ]
    awaited: list[Awaited] = []
    for kind, qs in sources:
        rows = list(qs.order_by("pk")[:QUEUE_LIMIT])
        awaited.extend(Awaited(kind, row, g) for row, g in _decidable(actor, rows))
    # Card reissues: the deciding level is a rule (direct upper unit, or the grassroots
    # union itself), read per record from the cached rules.
    reissue_scope = policy.scope_q(actor, Cap.MEMBERS_VIEW, "unit_path")
    if unit is not None:
        reissue_scope &= subtree_q("unit_path", unit.path)
    reissues = list(
        CardReissue.objects.filter(reissue_scope, state=ReissueState.PROPOSED)
        .select_related("unit", "member")
        .order_by("pk")[:QUEUE_LIMIT]
    )
    unions = grassroots_by_path([r.unit_path for r in reissues])
    for reissue in reissues:
        grassroots = unions.get(reissue.unit_path)
        if grassroots is not None and may_decide_reissue(actor, reissue, grassroots=grassroots):
            awaited.append(Awaited("reissue", reissue, grassroots))
    return awaited
