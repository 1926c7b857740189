"""One access helper per procedure record: fetch with what its page needs and authorise.

Each raises Http404 alike for a record that does not exist and one outside every unit the
actor can see; PermissionDenied (403) when the actor sees the unit but lacks members.view
or the capability the page needs (the access matrix holds visible objects to 200 or 403).
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from chudong.access import policy
from chudong.access.capabilities import Cap

from ..models import (
    AdmissionCase,
    CardReissue,
    Commendation,
    DisciplineCase,
    Document,
    HonoraryAdmission,
)

_RELATED = {
    AdmissionCase: (
        "unit",
        "unit__kind",
        "unit__parent",
        "introducer_member",
        "decided_by_unit",
        "decided_by",
        "member",
        "created_by",
    ),
    DisciplineCase: (
        "member",
        "unit",
        "unit__kind",
        "decided_by_unit",
        "decided_by",
        "created_by",
    ),
    CardReissue: (
        "member",
        "unit",
        "unit__kind",
        "decided_by_unit",
        "decided_by",
        "proposed_by",
        "new_card",
        "created_by",
    ),
    Commendation: ("member", "unit", "unit__kind", "created_by"),
    HonoraryAdmission: (
        "unit",
        "unit__kind",
        "decided_by_unit",
        "decided_by",
        "member",
        "created_by",
    ),
}


def _authorise(actor: Any, unit_path: str, cap: Cap) -> None:
    if not policy.can_at_path(actor, Cap.UNITS_VIEW, unit_path):
        raise Http404
    if not policy.can_at_path(actor, Cap.MEMBERS_VIEW, unit_path):
        raise PermissionDenied
    if cap != Cap.MEMBERS_VIEW and not policy.can_at_path(actor, cap, unit_path):
        raise PermissionDenied


def _access(model: type[models.Model], actor: Any, pk: Any, cap: Cap) -> Any:
    try:
        record = model.objects.select_related(*_RELATED[model]).get(pk=int(pk))
    except (model.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    _authorise(actor, record.unit_path, cap)
    return record


def access_admission(actor: Any, case_id: Any, *, cap: Cap = Cap.MEMBERS_VIEW) -> AdmissionCase:
    return _access(AdmissionCase, actor, case_id, cap)


def access_discipline(actor: Any, case_id: Any, *, cap: Cap = Cap.MEMBERS_VIEW) -> DisciplineCase:
    return _access(DisciplineCase, actor, case_id, cap)


def access_reissue(actor: Any, reissue_id: Any, *, cap: Cap = Cap.MEMBERS_VIEW) -> CardReissue:
    return _access(CardReissue, actor, reissue_id, cap)


def access_commendation(
    actor: Any, commendation_id: Any, *, cap: Cap = Cap.MEMBERS_VIEW
) -> Commendation:
    return _access(Commendation, actor, commendation_id, cap)


def access_honorary(
    actor: Any, honorary_id: Any, *, cap: Cap = Cap.MEMBERS_VIEW
) -> HonoraryAdmission:
    return _access(HonoraryAdmission, actor, honorary_id, cap)


def access_document(actor: Any, document_id: Any) -> Document:
    """A document, if the actor may see the record it belongs to (members.view there)."""
    try:
        document = Document.objects.get(pk=int(document_id))
    except (Document.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    model = ContentType.objects.get_for_id(document.owner_type_id).model_class()
    if model not in _RELATED:
        raise Http404
    owner_path = model.objects.filter(pk=document.owner_id).values_list("unit_path", flat=True)
    path = owner_path.first()
    if path is None:
        raise Http404
    _authorise(actor, path, Cap.MEMBERS_VIEW)
    return document
