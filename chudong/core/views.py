"""View helpers shared by every app, and the few views that belong to no domain."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from chudong.access import policy


def render_page(request, template: str, context: dict, *, partial: str | None = None):
    """Full page for a normal request; only the named template partial for htmx."""
    if partial and getattr(request, "htmx", False) and not request.htmx.boosted:
        return render(request, f"{template}#{partial}", context)
    return render(request, template, context)


def save_form(request, form, call, success):
    """Run a service on a valid POSTed form: `call(cleaned_data)`, then "Saved." and
    `success(result)`; the service's ValidationError goes on the form (None is returned,
    and the view shows the form again)."""
    if request.method == "POST" and form.is_valid():
        try:
            result = call(form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return success(result)
    return None


def file_response(field_file, name: str):
    """A stored file shown inline under its original name (404 when missing); the view
    has checked the actor may see the record that owns it."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, filename=name, as_attachment=False)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def apply_service_errors(form, error) -> None:
    """Put a service's ValidationError on the form: next to the field where it names a
    visible one; at the top for a hidden field (a member id carried by the page), whose
    error no template shows next to it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            shown = field in form.fields and not form.fields[field].widget.is_hidden
            form.add_error(field if shown else None, errors)
    else:
        form.add_error(None, error.messages)


@policy.public_view
def healthz(request):
    """For the load balancer and monitoring: the app runs and its database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
