"""Admission cases (kết nạp đoàn viên): list, start, read, and the upper level's decision:
the confirmation (chuẩn y) or its refusal. Every write is the procedures app's own service,
with its checks and history."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from chudong.members.models import Sex
from chudong.procedures.models.admission import AdmissionState
from chudong.procedures.selectors.lists import ALL, CLOSED, OPEN, admission_list
from chudong.procedures.services.admission import (
    admission_decide,
    admission_nominate,
    admission_refuse,
)

from .paging import DEFAULT_LIMIT, MAX_LIMIT, PageOut, bad_cursor, is_id_cursor
from .types import ObjectId, answers, text

router = Router(tags=["procedures"])

StateFilter = Literal[tuple([OPEN, CLOSED, ALL, *AdmissionState.values])]  # type: ignore[valid-type]
SexValue = Literal[tuple(Sex.values)]  # type: ignore[valid-type]


class AdmissionOut(Schema):
    id: int
    unit_id: int
    state: str
    full_name: str
    sex: str
    date_of_birth: dt.date
    nominated_on: dt.date | None
    decision_number: str
    decision_date: dt.date | None
    closed_on: dt.date | None
    closed_reason: str


def _out(case) -> AdmissionOut:
    return AdmissionOut(
        id=case.pk,
        unit_id=case.unit_id,
        state=case.state,
        full_name=case.full_name,
        sex=case.sex,
        date_of_birth=case.date_of_birth,
        nominated_on=case.nominated_on,
        decision_number=case.decision_number or "",
        decision_date=case.decision_date,
        closed_on=case.closed_on,
        closed_reason=case.closed_reason or "",
    )


class AdmissionQuery(Schema):
    state: StateFilter = OPEN
    after: str | None = text(None, max_length=20)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class AdmissionStartIn(Schema):
    full_name: str = text(..., min_length=1, max_length=202)
    sex: SexValue
    date_of_birth: dt.date
    nominated_on: dt.date
    nomination_note: str = text("", max_length=1000)


class AdmissionDecideIn(Schema):
    decision_number: str = text(..., min_length=1, max_length=60)
    decision_date: dt.date
    decision_signer: str = text(..., min_length=1, max_length=200)


class AdmissionRefuseIn(Schema):
    closed_on: dt.date = Field(..., description="the date of the upper level's refusal")
    closed_reason: str = text(..., min_length=1, max_length=500)


@router.get(
    "/units/{int:unit_id}/admissions",
    response=answers(PageOut[AdmissionOut]),
    summary="Admission cases of a unit's subtree",
)
def admissions(request: HttpRequest, unit_id: ObjectId, query: Query[AdmissionQuery]):
    """Newest first. Empty when the caller may see the unit but not its members."""
    if query.after and not is_id_cursor(query.after):
        raise bad_cursor()
    page = admission_list(
        actor=request.user,
        unit=request.api_objects["unit_id"],
        state=query.state,
        before=query.after,
        per_page=query.limit,
    )
    following = str(page.next_cursor) if page.next_cursor else None
    return {"items": [_out(case) for case in page.rows], "next": following}


@router.post(
    "/units/{int:unit_id}/admissions",
    response=answers(AdmissionOut, 201),
    summary="Start an admission case in a branch",
)
def admission_start(request: HttpRequest, unit_id: ObjectId, payload: AdmissionStartIn):
    """The branch's nomination (members.manage over the branch)."""
    case = admission_nominate(
        actor=request.user,
        unit=request.api_objects["unit_id"],
        full_name=payload.full_name,
        sex=payload.sex,
        date_of_birth=payload.date_of_birth,
        nominated_on=payload.nominated_on,
        nomination_note=payload.nomination_note,
    )
    return Status(201, _out(case))


@router.get(
    "/admissions/{int:admission_id}", response=answers(AdmissionOut), summary="One admission case"
)
def admission_detail(request: HttpRequest, admission_id: ObjectId):
    return _out(request.api_objects["admission_id"])


@router.post(
    "/admissions/{int:admission_id}/decide",
    response=answers(AdmissionOut),
    summary="The upper level confirms an admission",
)
def admission_confirm(request: HttpRequest, admission_id: ObjectId, payload: AdmissionDecideIn):
    """The confirming decision (quyết định chuẩn y): members.decide strictly above the
    branch's grassroots union; the case must be approved by the branch's vote."""
    case = admission_decide(
        actor=request.user,
        case=request.api_objects["admission_id"],
        decision_number=payload.decision_number,
        decision_date=payload.decision_date,
        decision_signer=payload.decision_signer,
    )
    return _out(case)


@router.post(
    "/admissions/{int:admission_id}/refuse",
    response=answers(AdmissionOut),
    summary="The upper level refuses to confirm an admission",
)
def admission_refusal(request: HttpRequest, admission_id: ObjectId, payload: AdmissionRefuseIn):
    """The upper level does not confirm the admission (the same authority as the decision:
    members.decide strictly above the branch's grassroots union), after the branch's vote,
    with the date and the reason. The case closes as refused."""
    case = admission_refuse(
        actor=request.user,
        case=request.api_objects["admission_id"],
        closed_on=payload.closed_on,
        closed_reason=payload.closed_reason,
    )
    return _out(case)
