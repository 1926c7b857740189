"""What the youth views share: page contexts, choosing a unit, running a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.views import apply_service_errors
from chudong.orgs import selectors as org_selectors
from chudong.orgs.models import Unit, UnitStatus


def unit_context(request, unit, **extra) -> dict:
    return {
        "unit": unit,
        "crumbs": org_selectors.breadcrumbs(actor=request.user, unit=unit),
        **extra,
    }


def record_context(request, where, **extra) -> dict:
    """Breadcrumbs down to the record's unit `where` (ancestors the actor may see, the
    unit), which is also the page's `unit`."""
    crumbs = org_selectors.breadcrumbs(actor=request.user, unit=where)
    return {"crumbs": [*crumbs, where], "unit": where, **extra}


def choose_unit(request, target: str):
    """The menu entry: the actor's top unit for youth work, or a choice among several."""
    roots = policy.visible_roots(request.user, Cap.CARE_VIEW)
    units = list(
        Unit.objects.filter(path__in=roots, status=UnitStatus.ACTIVE)
        .select_related("kind")
        .order_by("path")
    )
    if len(units) == 1:
        return redirect(target, unit_id=units[0].pk)
    return render(request, "youth/home.html", {"units": units, "target": target})


def run(request, form, action: Callable[[], Any], success: str) -> Any:
    """Call the service; on ValidationError put its messages on the form and return None."""
    try:
        result = action()
    except ValidationError as error:
        apply_service_errors(form, error)
        return None
    messages.success(request, success)
    return result


def int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
