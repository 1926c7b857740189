"""Documents addressed to the caller as a member (phổ biến văn bản), and the
acknowledgement "đã đọc và nắm được"."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from chudong.dissemination.models import Dispatch
from chudong.dissemination.selectors import documents_addressed_to, own_dispatch
from chudong.dissemination.services import acknowledge
from chudong.members.selectors import own_member

from .paging import DEFAULT_LIMIT, MAX_LIMIT, by_time_desc
from .types import MAX_ID, answers, text

router = Router(tags=["documents"])


class DocumentOut(Schema):
    id: int
    title: str
    kind: str
    number: str
    issued_on: dt.date
    issuer: str
    summary: str
    acknowledge_by: dt.date | None
    acknowledged: bool


class DocumentList(Schema):
    items: list[DocumentOut]
    next: str | None = None


class DocumentQuery(Schema):
    after: str | None = text(None, max_length=40)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class AcknowledgeIn(Schema):
    document_id: int = Field(..., ge=1, le=MAX_ID)


class AcknowledgeOut(Schema):
    document_id: int
    acknowledged_at: dt.datetime
    created: bool


def _out(dispatch, acknowledged: bool) -> DocumentOut:
    return DocumentOut(
        id=dispatch.pk,
        title=dispatch.title,
        kind=dispatch.kind,
        number=dispatch.number,
        issued_on=dispatch.issued_on,
        issuer=dispatch.issuer,
        summary=dispatch.summary,
        acknowledge_by=dispatch.acknowledge_by,
        acknowledged=acknowledged,
    )


@router.get("/documents", response=answers(DocumentList), summary="Documents addressed to me")
def my_documents(request: HttpRequest, query: Query[DocumentQuery]):
    """Newest first (by sending, then id), in pages: `next` is the cursor of the following
    page; pages stay stable while documents are sent. Empty for an account without a
    member record."""
    member = own_member(request.user)
    rows = documents_addressed_to(member) if member else Dispatch.objects.none()
    page, following = by_time_desc(rows, field="sent_at", after=query.after, limit=query.limit)
    return {"items": [_out(d, bool(d.acknowledged)) for d in page], "next": following}


@router.post(
    "/documents/acknowledge",
    response=answers(AcknowledgeOut),
    summary="Confirm I have read a document",
)
def document_acknowledge(request: HttpRequest, payload: AcknowledgeIn):
    """Idempotent: a second confirmation answers the first (created: false). A document
    not addressed to the caller is 404."""
    member = own_member(request.user)
    if member is None:
        raise Http404
    dispatch = own_dispatch(member, payload.document_id)
    ack, created = acknowledge(actor=request.user, dispatch=dispatch)
    return AcknowledgeOut(document_id=dispatch.pk, acknowledged_at=ack.at, created=created)
