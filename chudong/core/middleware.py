"""The database went away (restarted, failed over, network cut): the user gets a short
page in Vietnamese saying so, with status 503 and Retry-After, instead of a traceback or
the generic error page (the API gets its JSON error, code "unavailable"). The transaction
in progress was rolled back by the database, so nothing was written half-way; Django drops
the broken connection at the end of the request and opens a new one (CONN_HEALTH_CHECKS)
for the next.

`DatabaseUnavailableMiddleware` catches it in views; `server_error` (handler500) catches it
where it happens outside a view (a middleware's query, e.g. loading the session).
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

log = logging.getLogger(__name__)

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable_response(request=None) -> HttpResponse:
    if request is not None and request.path.startswith("/api/"):
        # The API's error shape (chudong.api.errors): {"code", "message", "details"}.
        response = JsonResponse(
            {"code": "unavailable", "message": _("The database is not answering at the moment; "
             "nothing was saved. Try again in 30 seconds."), "details": None},
            status=503, json_dumps_params={"ensure_ascii": False},
        )  # fmt: skip
    else:
        # Rendered without the request: no context processor may touch the database.
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            log.error(
                "database unavailable during %s %s", request.method, request.path,
                exc_info=exception,
            )  # fmt: skip
            return database_unavailable_response(request)
        return None


def server_error(request):
    """handler500: the 503 page when the failure is the database being unreachable."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable_response(request)
    return defaults.server_error(request)
