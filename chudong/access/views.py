"""Leadership of a unit (appoint, end) and the sensitive-data read log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chudong.accounts import services as account_services
from chudong.core.views import apply_service_errors
from chudong.orgs import selectors as org_selectors

from . import policy, selectors, services
from .capabilities import Cap
from .forms import AppointForm, EndAssignmentForm


@policy.scoped_view
def leadership(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    can_manage = policy.can(request.user, Cap.ROLES_MANAGE, unit)
    form = None
    if can_manage:
        roles = selectors.appointable_roles(actor=request.user, unit=unit)
        people = selectors.people_in_scope(actor=request.user)
        form = AppointForm(request.POST or None, roles=roles, people=people)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            password = None
            try:
                with transaction.atomic():
                    person = data["user"] or account_services.user_create(
                        full_name=data["full_name"],
                        username=data["username"],
                        email=data["email"],
                        phone=data["phone"],
                    )
                    if not data["user"]:
                        password = account_services.user_set_temporary_password(user=person)
                    services.role_appoint(
                        actor=request.user,
                        user=person,
                        unit=unit,
                        role=data["role"],
                        start_date=data["start_date"],
                        end_date=data["end_date"],
                        decision_number=data["decision_number"],
                    )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(person)s has been appointed %(role)s.")
                    % {"person": person, "role": data["role"]},
                )
                if password:
                    _announce_password(request, person, password)
                return redirect("access:leadership", unit_id=unit.pk)
    context = {
        "unit": unit,
        "crumbs": org_selectors.breadcrumbs(actor=request.user, unit=unit),
        "assignments": selectors.unit_assignments(actor=request.user, unit=unit),
        "today": policy.today(),
        "can_manage": can_manage,
        "form": form,
        "end_form": EndAssignmentForm(),
    }
    return render(request, "access/leadership.html", context)


def _announce_password(request, person, password: str) -> None:
    messages.warning(
        request,
        _(
            "Temporary password for %(person)s (login: %(username)s): %(password)s — hand it "
            "over in person; it is shown only once and must be changed at the first login."
        )
        % {"person": person, "username": person.username, "password": password},
    )


@policy.scoped_view
def assignment_password(request, unit_id, assignment_id):
    """Issue a new temporary password to the holder of an assignment at this unit."""
    unit = policy.get_unit(request.user, unit_id)
    assignment = selectors.assignment_for_manage(
        actor=request.user, assignment_id=assignment_id, unit=unit
    )
    # Scope first, method second: out of scope is 404 whatever the method.
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        password = services.holder_password_reset(actor=request.user, assignment=assignment)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        _announce_password(request, assignment.user, password)
    return redirect("access:leadership", unit_id=unit.pk)


@policy.scoped_view
def people_search(request, unit_id):
    """htmx fragment: accounts matching ?q= that the actor may appoint."""
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.ROLES_MANAGE, unit)
    people = selectors.people_search(actor=request.user, query=request.GET.get("q", ""))
    return render(request, "access/leadership.html#people", {"people": people, "unit": unit})


@policy.scoped_view
def assignment_end(request, unit_id, assignment_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.ROLES_MANAGE, unit)
    assignment = selectors.assignment_for_manage(
        actor=request.user, assignment_id=assignment_id, unit=unit
    )
    form = EndAssignmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_end(actor=request.user, assignment=assignment, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The assignment has been ended."))
            return redirect("access:leadership", unit_id=unit.pk)
    context = {
        "unit": unit,
        "crumbs": org_selectors.breadcrumbs(actor=request.user, unit=unit),
        "assignment": assignment,
        "form": form,
    }
    return render(request, "access/assignment_end.html", context)


@policy.user_view
def read_log(request):
    """The old address of the read log: the data-protection officer's page in the privacy
    app (filters, sub-units, Excel) replaced this unfiltered list. Bookmarks are sent
    there; without audit.view the address stays "not found", as it was."""
    if not policy.can_anywhere(request.user, Cap.AUDIT_VIEW):
        raise Http404
    return redirect("privacy:read_log_home")
