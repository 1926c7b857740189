"""Units: the top of the caller's scope, one unit, its children."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.orgs import selectors as orgs
from chudong.orgs.models import Unit

from .types import ObjectId, answers

router = Router(tags=["units"])


class UnitKindOut(Schema):
    code: str
    name: str


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: UnitKindOut
    status: str
    depth: int
    parent_id: int | None
    address: str
    phone: str


def unit_out(request: HttpRequest, unit: Unit) -> UnitOut:
    # A parent outside the caller's scope is not named (as on the pages' breadcrumbs).
    parent_id = unit.parent_id
    if (
        parent_id is not None
        and unit.parent is not None
        and not policy.can(request.user, Cap.UNITS_VIEW, unit.parent)
    ):
        parent_id = None
    return UnitOut(
        id=unit.pk,
        code=unit.code,
        name=unit.name,
        kind=UnitKindOut(code=unit.kind.code, name=unit.kind.name),
        status=unit.status,
        depth=unit.depth,
        parent_id=parent_id,
        address=unit.address,
        phone=unit.phone,
    )


class UnitList(Schema):
    items: list[UnitOut]


@router.get("/units", response=answers(UnitList), summary="Units at the top of my scope")
def units_top(request: HttpRequest):
    """The units where the caller's view of the tree begins (then walk down by children)."""
    roots = policy.visible_roots(request.user)
    units = orgs.visible_units(actor=request.user).filter(path__in=roots)
    units = units.select_related("kind", "parent").order_by("path")
    return {"items": [unit_out(request, unit) for unit in units]}


@router.get("/units/{int:unit_id}", response=answers(UnitOut), summary="One unit")
def unit_detail(request: HttpRequest, unit_id: ObjectId):
    return unit_out(request, request.api_objects["unit_id"])


@router.get(
    "/units/{int:unit_id}/children", response=answers(UnitList), summary="Sub-units of a unit"
)
def unit_children(request: HttpRequest, unit_id: ObjectId, include_inactive: bool = False):
    unit = request.api_objects["unit_id"]
    children = orgs.sub_units(actor=request.user, unit=unit, include_inactive=include_inactive)
    for child in children:
        child.parent = unit
    return {"items": [unit_out(request, child) for child in children]}
