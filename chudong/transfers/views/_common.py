"""What every page of this app puts in its context."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseNotAllowed

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.members import selectors as member_selectors
from chudong.orgs import selectors as org_selectors


def unit_context(request, unit, tab: str, **extra) -> dict:
    return {
        "unit": unit,
        "tab": tab,
        "crumbs": org_selectors.breadcrumbs(actor=request.user, unit=unit),
        "can_manage": policy.can(request.user, Cap.MEMBERS_MANAGE, unit) and unit.is_active,
        **extra,
    }


def member_context(request, member, **extra) -> dict:
    crumbs = org_selectors.breadcrumbs(actor=request.user, unit=member.unit)
    return {
        "member": member,
        "crumbs": [*crumbs, member.unit],
        **member_selectors.member_caps(request.user, member),
        **extra,
    }


def post_only():
    """Actions answer GET with 405, after the access check (out of scope stays 404)."""
    return HttpResponseNotAllowed(["POST"])


def report_errors(request, error) -> None:
    for message in error.messages:
        messages.error(request, message)
