"""What the procedure views share: page contexts and running one step's service."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError

from chudong.core.views import apply_service_errors
from chudong.orgs import selectors as org_selectors


def unit_context(request, unit, **extra) -> dict:
    return {
        "unit": unit,
        "crumbs": org_selectors.breadcrumbs(actor=request.user, unit=unit),
        **extra,
    }


def member_context(request, member, **extra) -> dict:
    """What the member header (members/_member_head.html) needs."""
    from chudong.members import selectors as member_selectors

    crumbs = org_selectors.breadcrumbs(actor=request.user, unit=member.unit)
    return {
        "member": member,
        "crumbs": [*crumbs, member.unit],
        **member_selectors.member_caps(request.user, member),
        **extra,
    }


_WAITING = {"voted", "proposed", "applied"}
_ENDED = {"not_approved", "refused", "withdrawn", "cancelled"}


def state_class(record) -> str:
    """The badge colour of a record's state: done green (a decided discipline red),
    waiting amber, ended grey."""
    state = getattr(record, "state", "")
    if state in _WAITING:
        return "amber"
    if state in _ENDED:
        return "grey"
    if state == "decided" and record._meta.model_name == "disciplinecase":
        return "red"
    if state in {"admitted", "decided", "recorded"}:
        return "green"
    return ""


def record_context(request, record, **extra) -> dict:
    """Breadcrumbs up to the record's branch (ancestors the actor may see, the branch)."""
    crumbs = org_selectors.breadcrumbs(actor=request.user, unit=record.unit)
    return {
        "record": record,
        "crumbs": [*crumbs, record.unit],
        "state_class": state_class(record),
        **extra,
    }


def run_step(request, form, call: Callable[..., Any], message: str) -> Any:
    """Validate `form`, call the service with its cleaned data; on a service error put it
    next to its field. Returns the service's result, or None when nothing was written."""
    if not form.is_valid():
        return None
    try:
        result = call(**form.cleaned_data)
    except ValidationError as error:
        apply_service_errors(form, error)
        return None
    messages.success(request, message)
    return result if result is not None else True


@dataclass
class Step:
    """One step of a case page: its form, its service, who may take it, its message."""

    form: type
    service: Callable[..., Any]
    message: Any
    title: Any
    needs: str = "manage"  # "manage", "decide" or a custom key the page resolves
    form_kwargs: Callable[..., dict] = field(default=lambda request, record: {})
