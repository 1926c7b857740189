"""View helpers shared by every app, and the few views that belong to no domain."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render

from chudong.access import policy


def render_page(request, template: str, context: dict, *, partial: str | None = None):
    """Full page for a normal request; only the named template partial for htmx."""
    if partial and getattr(request, "htmx", False) and not request.htmx.boosted:
        return render(request, f"{template}#{partial}", context)
    return render(request, template, context)


def apply_service_errors(form, error) -> None:
    """Put a service's ValidationError on the form: next to the field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
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
