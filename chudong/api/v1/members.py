"""Members: the register of a unit's subtree (the same scoping, filters, search and name
order as the members page), one member's record (no sensitive fields), and that member's
sensitive data on its own operation (members.sensitive, logged, and only the fields whose
legal basis allows: privacy.selectors.visible_sensitive)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from chudong.members.models import MemberStatus, PartyStatus, Sex
from chudong.members.selectors import member_sensitive_read
from chudong.members.selectors.lists import (
    AGE_BANDS,
    STATUS_ALL,
    STATUS_CURRENT,
    STATUS_FORMER,
    MemberFilters,
    decode_cursor,
    member_list,
)

from .paging import DEFAULT_LIMIT, MAX_LIMIT, PageOut, bad_cursor
from .types import ObjectId, answers, text

router = Router(tags=["members"])

StatusFilter = Literal[
    tuple(
        [STATUS_CURRENT, STATUS_FORMER, STATUS_ALL]
        + [s for s in MemberStatus.values if s != "merged"]
    )  # type: ignore[valid-type]
]
AgeBand = Literal[tuple(code for code, _youngest, _oldest in AGE_BANDS)]  # type: ignore[valid-type]
PartyFilter = Literal["yes", "no", PartyStatus.PROBATIONARY.value, PartyStatus.FULL.value]
SexFilter = Literal[tuple(Sex.values)]  # type: ignore[valid-type]


class MemberOut(Schema):
    id: int
    full_name: str
    sex: str
    date_of_birth: dt.date
    birth_year_only: bool
    status: str
    card_number: str | None
    party_status: str
    is_honorary: bool
    unit_id: int
    unit_name: str


class MemberDetailOut(MemberOut):
    admission_date: dt.date | None
    status_since: dt.date
    occupation: str
    workplace: str


class MemberQuery(Schema):
    q: str = text("", max_length=100, description="name, phone, card number or citizen ID")
    status: StatusFilter = STATUS_CURRENT
    sex: SexFilter | None = None
    age_band: AgeBand | None = None
    party: PartyFilter | None = None
    after: str | None = text(None, max_length=600)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


def _out(member, schema=MemberOut):
    values = {name: getattr(member, name, None) for name in schema.model_fields}
    values["unit_id"] = member.unit.pk
    values["unit_name"] = member.unit.name
    return schema(**values)


@router.get(
    "/units/{int:unit_id}/members",
    response=answers(PageOut[MemberOut]),
    summary="Members of a unit and the units below it",
)
def unit_members(request: HttpRequest, unit_id: ObjectId, query: Query[MemberQuery]):
    """In Vietnamese name order; `q` is accent-insensitive. Empty when the caller may see
    the unit but not its members."""
    if query.after and decode_cursor(query.after) is None:
        raise bad_cursor()
    filters = MemberFilters(
        q=query.q.strip(),
        status=query.status,
        sex=query.sex or "",
        age_band=query.age_band or "",
        party=query.party or "",
    )
    page = member_list(
        actor=request.user,
        unit=request.api_objects["unit_id"],
        filters=filters,
        after=query.after,
        per_page=query.limit,
        request_path=request.path,
    )
    return {"items": [_out(m) for m in page.members], "next": page.next_cursor}


@router.get("/members/{int:member_id}", response=answers(MemberDetailOut), summary="One member")
def member_detail(request: HttpRequest, member_id: ObjectId):
    return _out(request.api_objects["member_id"], MemberDetailOut)


class SensitiveFieldOut(Schema):
    field: str
    label: str
    shown: bool = Field(description="false: no legal basis today (e.g. no consent)")
    value: str | None = Field(description="null when not shown")
    basis: str = Field(description="consent, charter or law; empty without a rule")
    note: str = Field(description="the basis in words, or why the value is not shown")


class FamilyRelationOut(Schema):
    relation: str
    full_name: str
    birth_year: int | None
    occupation: str
    workplace: str
    residence: str


class MemberSensitiveOut(Schema):
    fields: list[SensitiveFieldOut]
    family_shown: bool
    family_note: str
    family: list[FamilyRelationOut] | None = Field(description="null when not shown")


@router.get(
    "/members/{int:member_id}/sensitive",
    response=answers(MemberSensitiveOut),
    summary="One member's sensitive data, where its legal basis allows",
)
def member_sensitive(request: HttpRequest, member_id: ObjectId):
    """Needs members.sensitive over the member (403 otherwise). Every call is recorded in
    the sensitive-data read log. A field whose legal basis is the member's consent and
    who has not consented (or withdrew) comes with `shown: false`, `value: null` and the
    reason in `note`."""
    view = member_sensitive_read(
        actor=request.user,
        member=request.api_objects["member_id"],
        request_path=request.path,
        purpose="api",
    )
    if view is None:
        raise PermissionDenied
    family = view.family_state
    return {
        "fields": [
            {
                "field": row.field, "label": row.label, "shown": row.shown,
                "value": row.value if row.shown else None, "basis": row.basis,
                "note": row.note,
            }
            for row in view.fields
        ],
        "family_shown": family.shown,
        "family_note": family.note,
        "family": [
            {
                "relation": r.relation, "full_name": r.full_name, "birth_year": r.birth_year,
                "occupation": r.occupation, "workplace": r.workplace, "residence": r.residence,
            }
            for r in view.family
        ]
        if family.shown
        else None,
    }  # fmt: skip
