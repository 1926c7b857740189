"""One shape for every API error: {"code", "message", "details"}. The message is in the
request's language (Accept-Language, Vietnamese by default); `code` is for programs."""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse
from django.utils.translation import gettext as _


def messages() -> dict[str, str]:
    return {
        "unauthorized": _("Send a valid API token: the header Authorization: Bearer <token>."),
        "forbidden": _("You may see this but not do this here."),
        "not_found": _("Not found, or outside the units you may see."),
        "invalid": _("The request data is not valid."),
        "bad_request": _("The request could not be read."),
        "rate_limited": _("Too many requests with this token; try again later."),
        "conflict": _("This cannot be done in the record's current state."),
    }


def body(code: str, message: str | None = None, details: Any = None) -> dict[str, Any]:
    return {"code": code, "message": message or messages()[code], "details": details}


def json_error(status: int, code: str, message: str | None = None, details: Any = None, **headers):
    response = JsonResponse(
        body(code, message, details), status=status, json_dumps_params={"ensure_ascii": False}
    )
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def validation_message(errors: list[dict[str, Any]]) -> str:
    """A sentence naming each field that is wrong, in the user's language."""
    places = []
    for error in errors[:5]:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
        where = ".".join(location) or "?"
        places.append(
            _("field %(field)s (%(problem)s)") % {"field": where, "problem": error.get("msg", "")}
        )
    return _("The request data is not valid: %(places)s.") % {"places": "; ".join(places)}
