"""Pages of dissemination. Each view fetches its objects through an access helper
(policy.get_unit, selectors.access_dispatch_at, members' access_member or
require_own_member), calls one selector or service, and renders."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.views import apply_service_errors, render_page
from chudong.members import selectors as member_selectors
from chudong.orgs import selectors as org_selectors

from . import selectors, services
from .forms import ChecklistForm, DispatchForm


def _unit_context(request, unit, **extra) -> dict:
    return {
        "unit": unit,
        "crumbs": org_selectors.breadcrumbs(actor=request.user, unit=unit),
        **extra,
    }


def _file_response(row):
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=row.original_name, content_type=row.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


@policy.user_view
def home(request):
    """ "Dissemination" in the menu: the actor's unit, or a choice."""
    units = member_selectors.members_home_units(actor=request.user)
    if len(units) == 1:
        return redirect("dissemination:units", unit_id=units[0].pk)
    # The same unit chooser as the annual rating's.
    return render(request, "ratings/home.html", {"units": units, "target": "dissemination:units"})


@policy.scoped_view
def unit_documents(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    documents = selectors.unit_documents(actor=request.user, unit=unit)
    context = _unit_context(
        request, unit, documents=documents,
        can_send=policy.can(request.user, Cap.NOTICES_SEND, unit),
    )  # fmt: skip
    return render(request, "dissemination/unit.html", context)


@policy.scoped_view
def send(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.NOTICES_SEND, unit)
    choices = selectors.audience_choices(unit)
    form = DispatchForm(request.POST or None, request.FILES or None, units=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = {str(u.pk): u for u in choices}
        try:
            dispatch = services.dispatch_send(
                actor=request.user, unit=unit, title=data["title"], kind=data["kind"],
                number=data["number"], issued_on=data["issued_on"], issuer=data["issuer"],
                summary=data["summary"], audience_roles=data["audience_roles"],
                audience_units=[chosen[i] for i in data["audience_units"]],
                acknowledge_by=data["acknowledge_by"], files=data["files"],
            )  # fmt: skip
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The document was sent."))
            return redirect("dissemination:coverage", unit_id=unit.pk, dispatch_id=dispatch.pk)
    return render(request, "dissemination/send.html", _unit_context(request, unit, form=form))


@policy.scoped_view
def coverage(request, unit_id, dispatch_id):
    """The document, and how many of the intended members acknowledged it at this unit
    and at each direct sub-unit (drill down the tree)."""
    unit, dispatch = selectors.access_dispatch_at(request.user, unit_id, dispatch_id)
    figures = selectors.coverage(dispatch, unit)
    context = _unit_context(
        request, unit, dispatch=dispatch, figures=figures,
        files=selectors.dispatch_files(dispatch),
        audience_units=selectors.audience_units(dispatch),
        can_remind=policy.can(request.user, Cap.NOTICES_SEND, unit) and figures.total.intended,
        can_record=unit.kind.is_branch and policy.can(request.user, Cap.MEMBERS_MANAGE, unit),
    )  # fmt: skip
    return render_page(request, "dissemination/coverage.html", context, partial="figures")


@policy.scoped_view
def remind(request, unit_id, dispatch_id):
    unit, dispatch = selectors.access_dispatch_at(
        request.user, unit_id, dispatch_id, cap=Cap.NOTICES_SEND
    )
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.dispatch_remind(actor=request.user, dispatch=dispatch, unit=unit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Reminders are being sent to the members who have not acknowledged the document."),
        )
    return redirect("dissemination:coverage", unit_id=unit.pk, dispatch_id=dispatch.pk)


@policy.scoped_view
def meeting(request, unit_id, dispatch_id):
    """The secretary ticks the members who took in the document at the branch meeting."""
    unit, dispatch = selectors.access_dispatch_at(
        request.user, unit_id, dispatch_id, cap=Cap.MEMBERS_MANAGE
    )
    entries = selectors.meeting_checklist(actor=request.user, unit=unit, dispatch=dispatch)
    form = ChecklistForm(request.POST or None, entries=entries)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.acknowledge_at_meeting(
                actor=request.user, dispatch=dispatch, unit=unit,
                member_ids=form.cleaned_data["members"],
            )  # fmt: skip
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("%(n)d acknowledgements recorded.") % {"n": created})
            return redirect("dissemination:coverage", unit_id=unit.pk, dispatch_id=dispatch.pk)
    context = _unit_context(request, unit, dispatch=dispatch, entries=entries, form=form)
    return render(request, "dissemination/meeting.html", context)


@policy.scoped_view
def unit_file(request, unit_id, dispatch_id, dispatch_file_id):
    _unit, dispatch = selectors.access_dispatch_at(request.user, unit_id, dispatch_id)
    return _file_response(selectors.access_dispatch_file(dispatch, dispatch_file_id))


@policy.scoped_view
def overdue(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    rows = selectors.low_coverage_list(actor=request.user, unit=unit, day=policy.today())
    context = _unit_context(request, unit, rows=rows, threshold=selectors.WARNING_PERCENT)
    return render(request, "dissemination/overdue.html", context)


# --- The member's own pages -------------------------------------------------------------


@policy.user_view
def mine(request):
    member = member_selectors.require_own_member(request.user)
    documents = selectors.documents_for_member(member)
    return render(request, "dissemination/mine.html", {"own": member, "documents": documents})


@policy.user_view
def my_document(request, dispatch_id):
    """Read a document addressed to oneself and confirm "đã đọc và nắm được"."""
    member = member_selectors.require_own_member(request.user)
    dispatch = selectors.own_dispatch(member, dispatch_id)
    if request.method == "POST":
        try:
            services.acknowledge(actor=request.user, dispatch=dispatch)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you: your acknowledgement was recorded."))
        return redirect("dissemination:my_document", dispatch_id=dispatch.pk)
    context = {
        "own": member,
        "dispatch": dispatch,
        "files": selectors.dispatch_files(dispatch),
        "ack": selectors.own_acknowledgement(member, dispatch),
    }
    return render(request, "dissemination/my_document.html", context)


@policy.user_view
def my_file(request, dispatch_id, dispatch_file_id):
    member = member_selectors.require_own_member(request.user)
    dispatch = selectors.own_dispatch(member, dispatch_id)
    return _file_response(selectors.access_dispatch_file(dispatch, dispatch_file_id))


@policy.scoped_view
def member_panel(request, member_id):
    """Documents the member acknowledged (a card of the member page)."""
    member = member_selectors.access_member(request.user, member_id)
    context = {
        "member": member,
        "acks": selectors.member_acknowledgements(member),
        "crumbs": [*org_selectors.breadcrumbs(actor=request.user, unit=member.unit), member.unit],
        **member_selectors.member_caps(request.user, member),
    }
    return render_page(request, "dissemination/member.html", context, partial="panel")
