"""The main navigation: the three pillars, Recognition, Reports, and administration.

Apps register their entries in AppConfig.ready(); an entry is shown to a user who holds
its capability somewhere. A section with no entry for the user is not shown at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import gettext_lazy as _

from chudong.core import urls_cache

SECTIONS = [
    ("units", _("Units")),
    ("pillar1", _("Members & youth")),
    ("pillar2", _("Plans & activities")),
    ("pillar3", _("Advice & partners")),
    ("recognition", _("3 chủ động recognition")),
    ("reports", _("Reports")),
    ("admin", _("Administration")),
]


@dataclass(frozen=True)
class NavEntry:
    section: str
    label: Any
    url_name: str
    capability: Any  # Cap or None for every logged-in user
    order: int = 100


_entries: list[NavEntry] = []


def register(entry: NavEntry) -> None:
    if entry.section not in dict(SECTIONS):
        raise ValueError(f"unknown navigation section {entry.section!r}")
    if entry not in _entries:
        _entries.append(entry)


def _url(url_name: str) -> str:
    """reverse() of an entry, remembered (chudong.core.urls_cache): the menu is on every
    page, and its thirty reverses were a measurable part of a page's own time."""
    return urls_cache.reverse(url_name)


def _ordered() -> list[NavEntry]:
    """Every entry, in section then menu order (kept until an entry is registered)."""
    global _ordered_cache
    if _ordered_cache is None or len(_ordered_cache) != len(_entries):
        rank = {key: i for i, (key, _label) in enumerate(SECTIONS)}
        _ordered_cache = sorted(_entries, key=lambda e: (rank[e.section], e.order))
    return _ordered_cache


_ordered_cache: list[NavEntry] | None = None


def _visible(user: Any) -> list[NavEntry]:
    from chudong.access import policy

    held = policy.caps_anywhere(user)
    return [e for e in _ordered() if e.capability is None or e.capability in held]


def for_user(user: Any, current_path: str) -> list[dict]:
    """The menu's sections for `user` ({key, label, items: [{label, url, active}]})."""
    sections: dict[str, dict] = {}
    labels = dict(SECTIONS)
    for entry in _visible(user):
        url = _url(entry.url_name)
        section = sections.setdefault(
            entry.section, {"key": entry.section, "label": labels[entry.section], "items": []}
        )
        section["items"].append(
            {"label": entry.label, "url": url, "active": _is_current(url, current_path)}
        )
    return list(sections.values())


def _is_current(url: str, current_path: str) -> bool:
    """The entry of the page shown, or of a page below it ("/" is only the home page)."""
    return current_path == url or (
        url.endswith("/") and url != "/" and current_path.startswith(url)
    )


_html: dict[tuple, str] = {}
_HTML_MAX = 2048


def html_for(user: Any, current_path: str) -> str:
    """The rendered menu: the same for everyone who sees the same entries, on the same
    page, in the same language, so rendered once per process for each (its thirty lazy
    labels and their links were ~5 ms of every page)."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe
    from django.utils.translation import get_language

    visible = _visible(user)
    if not visible:
        return ""
    urls = [_url(e.url_name) for e in visible]
    key = (
        get_language(),
        get_script_prefix(),
        get_urlconf(),
        tuple(id(e) for e in visible),
        tuple(i for i, url in enumerate(urls) if _is_current(url, current_path)),
    )
    html = _html.get(key)
    if html is None:
        html = render_to_string("_nav.html", {"nav_sections": for_user(user, current_path)})
        if len(_html) >= _HTML_MAX:
            _html.clear()
        _html[key] = mark_safe(html)  # noqa: S308 (rendered by our own template)
        html = _html[key]
    return html
