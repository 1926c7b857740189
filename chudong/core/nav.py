"""The main navigation: the three pillars, Recognition, Reports, and administration.

Apps register their entries in AppConfig.ready(); an entry is shown to a user who holds
its capability somewhere. A section with no entry for the user is not shown at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

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


_urls: dict[tuple[str, str], str] = {}


def _url(url_name: str) -> str:
    """reverse() of an entry, kept per URL prefix (the script name): the menu is on every
    page, and its thirty reverses were a measurable part of a page's own time."""
    key = (get_script_prefix(), get_urlconf(), url_name)
    url = _urls.get(key)
    if url is None:
        url = _urls[key] = reverse(url_name)
    return url


def for_user(user: Any, current_path: str) -> list[dict]:
    from chudong.access import policy

    sections = []
    for key, label in SECTIONS:
        items = []
        for entry in sorted((e for e in _entries if e.section == key), key=lambda e: e.order):
            if entry.capability is not None and not policy.can_anywhere(user, entry.capability):
                continue
            url = _url(entry.url_name)
            items.append({"label": entry.label, "url": url, "active": current_path.startswith(url)})
        if items:
            sections.append({"key": key, "label": label, "items": items})
    return sections
