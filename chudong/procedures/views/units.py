"""Unit-level pages (the lists behind the procedure tabs, incomplete dossiers), the upper
level's queue of decisions, the menu entry, and document downloads."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.views import render_page
from chudong.members import selectors as member_selectors

from .. import selectors
from ._common import unit_context


@policy.user_view
def home(request):
    """ "Admissions and procedures" in the menu: the admissions of the actor's unit, or a
    choice of units."""
    units = member_selectors.members_home_units(actor=request.user)
    if len(units) == 1:
        return redirect("procedures:admissions", unit_id=units[0].pk)
    return render(request, "procedures/home.html", {"units": units})


@policy.user_view
def decisions(request):
    """What waits for the actor's decision as the upper level (the list is scoped by the
    selector: only records the actor may decide)."""
    awaited = selectors.decisions_awaited(actor=request.user)
    groups = {kind: [a for a in awaited if a.kind == kind] for kind in
              ("admission", "discipline", "reissue", "honorary")}  # fmt: skip
    return render(request, "procedures/decisions.html", {"groups": groups, "total": len(awaited)})


def _unit_list(request, unit_id, *, tab, selector, template):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_VIEW, unit)
    page = selector(actor=request.user, unit=unit, before=request.GET.get("before"))
    context = unit_context(
        request,
        unit,
        tab=tab,
        page=page,
        can_manage=unit.is_active and policy.can(request.user, Cap.MEMBERS_MANAGE, unit),
    )
    return render_page(request, template, context, partial="results")


@policy.scoped_view
def reissue_list(request, unit_id):
    return _unit_list(
        request, unit_id, tab="reissues", selector=selectors.reissue_list,
        template="procedures/reissue_list.html",
    )  # fmt: skip


@policy.scoped_view
def commendation_list(request, unit_id):
    return _unit_list(
        request, unit_id, tab="commendations", selector=selectors.commendation_list,
        template="procedures/commendation_list.html",
    )  # fmt: skip


@policy.scoped_view
def honorary_list(request, unit_id):
    return _unit_list(
        request, unit_id, tab="honorary", selector=selectors.honorary_list,
        template="procedures/honorary_list.html",
    )  # fmt: skip


@policy.scoped_view
def incomplete_dossiers(request, unit_id):
    """The early warning's list: members whose dossier lacks admission date, card number
    or hometown."""
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_VIEW, unit)
    rows, cursor = selectors.incomplete_dossiers(
        actor=request.user, unit=unit, after=request.GET.get("after")
    )
    context = unit_context(
        request, unit, tab="incomplete", rows=rows, next_cursor=cursor,
        first=not request.GET.get("after"),
    )  # fmt: skip
    return render_page(request, "procedures/incomplete.html", context, partial="results")


@policy.scoped_view
def document_download(request, document_id):
    """A document of a procedure record, for those who may see the record. Always a
    download (never shown inline), with the type found from its content."""
    document = selectors.access_document(request.user, document_id)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
