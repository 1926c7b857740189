"""What other apps show on a member's page. Apps register in AppConfig.ready():

- a `MemberLink` is a button in the member's action bar, to the app's page about the
  member (its URL takes the member id alone);
- a `MemberPanel` is a card of the member's page filled by the app's own fragment view
  (its URL takes the member id alone), loaded after the page with htmx so that a slow
  panel never holds the page; the link in the placeholder works without JavaScript.

Either is shown only to a user who holds `capability` (a Cap) at the member's unit; the
target view checks again through `access`, as every view does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class MemberLink:
    key: str
    label: Any
    url_name: str
    capability: Any
    order: int = 100


@dataclass(frozen=True)
class MemberPanel:
    key: str
    label: Any
    url_name: str
    capability: Any
    order: int = 100


@dataclass(frozen=True)
class SelfLink:
    """A page for members themselves ("My pages"): documents to acknowledge, surveys to
    answer, activities to check in to... Its URL takes no argument; its view is a
    `policy.user_view` that finds the member through `selectors.require_own_member`."""

    key: str
    label: Any
    url_name: str
    order: int = 100
    description: Any = ""


_self_links: dict[str, SelfLink] = {}


def register_self_link(link: SelfLink) -> None:
    _self_links[link.key] = link


def self_links() -> list[dict]:
    from django.urls import reverse

    return [
        {"key": link.key, "label": link.label, "description": link.description,
         "url": reverse(link.url_name)}
        for link in sorted(_self_links.values(), key=lambda link: link.order)
    ]  # fmt: skip


_links: dict[str, MemberLink] = {}
_panels: dict[str, MemberPanel] = {}
_order: dict[str, list] = {}  # "links" / "panels": the entries sorted by order


def register_member_link(link: MemberLink) -> None:
    _links[link.key] = link
    _order.pop("links", None)


def register_member_panel(panel: MemberPanel) -> None:
    _panels[panel.key] = panel
    _order.pop("panels", None)


def _member_url(url_name: str, member_id: int) -> str:
    """reverse(url_name, args=[member_id]) without a reverse() per link (the member page
    shows about fifteen): see core.urls_cache.id_url."""
    from chudong.core.urls_cache import id_url

    return id_url(url_name)(member_id)


def visible(actor: Any, member: Any) -> dict[str, list[dict]]:
    """{"member_links": [...], "member_panels": [...]} for the member page's context."""
    from chudong.access import policy

    allowed: dict[Any, bool] = {}

    def may(capability: Any) -> bool:
        if capability not in allowed:
            allowed[capability] = policy.can(actor, capability, member.unit)
        return allowed[capability]

    def rows(entries) -> list[dict]:
        return [
            {"key": e.key, "label": e.label, "url": _member_url(e.url_name, member.pk)}
            for e in entries
            if may(e.capability)
        ]

    return {
        "member_links": rows(_sorted(_links, "links")),
        "member_panels": rows(_sorted(_panels, "panels")),
    }


def _sorted(registry: dict[str, Any], name: str) -> list:
    """The registry's entries by order (sorted again after a registration)."""
    entries = _order.get(name)
    if entries is None:
        entries = _order[name] = sorted(registry.values(), key=lambda e: e.order)
    return entries
