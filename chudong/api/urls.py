"""/api/v1/: ninja's URL patterns, each declared for the access matrix.

Operations whose URL names an object are `scoped_view`s: before ninja parses anything,
the object is fetched through its app's access helper, so that an object outside the
caller's scope is 404 for every method (also one the path does not serve) and nothing
past that point sees it. Operations without a URL object are `user_view`s (their lists
start from the caller's scope). The schema, the docs page and the root are public.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import URLPattern, re_path

from chudong.access import policy

from . import errors
from .v1.api import api
from .v1.types import MAX_ID


def _load_unit(user, pk):
    return policy.get_unit(user, pk)


def _load_member(user, pk):
    from chudong.members.selectors import access_member

    return access_member(user, pk)


def _load_admission(user, pk):
    from chudong.procedures.selectors.access import access_admission

    return access_admission(user, pk)


def _load_activity(user, pk):
    from chudong.activities.selectors import access_activity

    return access_activity(user, pk)


LOADERS: dict[str, Callable[[Any, Any], Any]] = {
    "unit_id": _load_unit,
    "member_id": _load_member,
    "admission_id": _load_admission,
    "activity_id": _load_activity,
}


def _scoped(view: Callable, params: list[str]) -> Callable:
    missing = [p for p in params if p not in LOADERS]
    if missing:
        raise LookupError(f"no access helper for API URL arguments {missing}")

    @wraps(view)
    def scoped(request, *args, **kwargs):
        request.api_objects = {}
        try:
            for name in params:
                if kwargs[name] > MAX_ID:  # no id of ours; the database would refuse it
                    raise Http404
                request.api_objects[name] = LOADERS[name](request.user, kwargs[name])
        except Http404:
            return errors.json_error(404, "not_found")
        except PermissionDenied:
            return errors.json_error(403, "forbidden")
        return view(request, *args, **kwargs)

    return policy.scoped_view(scoped)


def _root(request, **kwargs):
    """/api/v1/ itself: the documentation (ninja's own root only answers 404)."""
    return redirect("api:openapi-view")


def _declared(patterns: list) -> list:
    result = []
    for entry in patterns:
        if not isinstance(entry, URLPattern):
            raise TypeError(f"unexpected API URL entry {entry!r}")
        if entry.name == "api-root":
            callback = policy.public_view(_root)
        elif entry.name in ("openapi-json", "openapi-view"):
            callback = policy.public_view(entry.callback)
        elif entry.pattern.converters:
            callback = _scoped(entry.callback, list(entry.pattern.converters))
        else:
            callback = policy.user_view(entry.callback)
        result.append(URLPattern(entry.pattern, callback, entry.default_args, entry.name))
    return result


@policy.user_view
def unknown(request, **kwargs):
    """Any other path under /api/v1/: the API's own "not found" body, not an HTML page."""
    return errors.json_error(404, "not_found")


app_name = "api"
urlpatterns = [*_declared(api.urls[0]), re_path(r"^.+$", unknown, name="unknown")]
