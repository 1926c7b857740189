"""The API object of /api/v1/: routers, authentication and the error bodies."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer

from chudong.access import policy

from .. import errors
from . import activities, documents, members, procedures, units, work
from .auth import TokenOrSession


class Utf8Renderer(JSONRenderer):
    """Vietnamese text as itself, not \\u escapes (half the size, and readable)."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="chudong API",
    version="1",
    description=(
        "REST API of chudong. Authenticate with `Authorization: Bearer <token>` (tokens are "
        "made on the API tokens page of one's account, or for a unit's service account). "
        "Every answer respects the same scope as the pages: objects outside it are 404. "
        'Errors: {"code", "message", "details"}; lists: {"items", "next"} with ?after= and ?limit=.'
    ),
    auth=TokenOrSession(),
    urls_namespace="api",
    docs_url="docs",
    openapi_url="openapi.json",
    docs_decorator=policy.public_view,
    renderer=Utf8Renderer(),
)

for module in (units, members, procedures, activities, documents, work):
    api.add_router("", module.router)


def _error(request, status: int, code: str, message: str | None = None, details=None):
    return api.create_response(request, errors.body(code, message, details), status=status)


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    details = [
        {
            "loc": [str(p) for p in e.get("loc", ())],
            "msg": str(e.get("msg", "")),
            "type": e.get("type", ""),
        }
        for e in exc.errors
    ]
    return _error(request, 422, "invalid", errors.validation_message(exc.errors), details)


@api.exception_handler(DjangoValidationError)
def _refused(request, exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        details = {
            field: [str(m) for m in messages] for field, messages in exc.message_dict.items()
        }
        message = " ".join(m for messages in details.values() for m in messages)
    else:
        details = {"__all__": [str(m) for m in exc.messages]}
        message = " ".join(details["__all__"])
    return _error(request, 422, "invalid", message, details)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, "not_found")


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, 403, "forbidden")


@api.exception_handler(AuthenticationError)
def _unauthorized(request, exc):
    response = _error(request, 401, "unauthorized")
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    code = {
        400: "bad_request",
        401: "unauthorized",
        403: "forbidden",
        404: "not_found",
        409: "conflict",
        429: "rate_limited",
    }
    return _error(request, exc.status_code, code.get(exc.status_code, "bad_request"))
