"""reverse(), remembered per process for the arguments it was given.

A page reverses twenty-odd URLs through `{% url %}` (the top bar's six on every page, the
same unit's links again and again), at about 50 µs each: a few per cent of a page's own
time, for answers that only change when the URL configuration does. `reverse` here gives
the same answer as django.urls.reverse (its errors too) and remembers it under everything
the answer depends on: the view name, the arguments, the current application, the URL
configuration of the thread and the script prefix. The memory is bounded: it is emptied
when it holds MAX entries.
"""

from __future__ import annotations

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse

MAX = 8192
_urls: dict[tuple, str] = {}


def reverse(viewname, args=None, kwargs=None, current_app=None) -> str:
    try:
        key = (
            viewname,
            tuple(args or ()),
            tuple(sorted((kwargs or {}).items())),
            current_app,
            get_urlconf(),
            get_script_prefix(),
        )
        url = _urls.get(key)
    except TypeError:  # an argument that cannot be a key: ask Django every time
        return django_reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    if url is None:
        url = django_reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
        if len(_urls) >= MAX:
            _urls.clear()
        _urls[key] = url
    return url


_SENTINEL = 987654321987
_id_urls: dict[tuple, tuple[str, str]] = {}


def id_url(url_name: str):
    """A function pk → reverse(url_name, args=[pk]) for a URL that takes one id alone: the
    URL is reversed once per process (script prefix, URL configuration) around a sentinel
    id and the id put in its place, for pages that list tens of such links (a unit's
    sub-units and hub links, a member's panels) without filling the memory above."""
    key = (url_name, get_urlconf(), get_script_prefix())
    parts = _id_urls.get(key)
    if parts is None:
        url = django_reverse(url_name, args=[_SENTINEL])
        before, _sep, after = url.partition(str(_SENTINEL))
        parts = _id_urls[key] = (before, after)
    before, after = parts
    return lambda pk: f"{before}{int(pk)}{after}"


@receiver(setting_changed)
def _forget(*, setting, **kwargs) -> None:
    """Tests may swap the URL configuration (get_urlconf() is None outside a request)."""
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        _urls.clear()
        _id_urls.clear()
