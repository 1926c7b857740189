"""Filters of the member list that other apps contribute ("rated Excellent in 2025",
"dues in arrears"...). The procedures that own the data register them in their
AppConfig.ready(); the list's filter form and selector pick them up.

A filter's `apply(queryset, value)` narrows a Member queryset (an Exists() over the app's
own indexed table is the usual shape); `choices()` gives the select's options.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chudong.access.capabilities import Cap


@dataclass(frozen=True)
class ListFilter:
    key: str
    label: Any
    choices: Callable[[], list[tuple[str, Any]]]
    apply: Callable[[Any, str], Any]
    capability: Cap = Cap.MEMBERS_VIEW
    order: int = 100


_filters: dict[str, ListFilter] = {}


def register_list_filter(list_filter: ListFilter) -> None:
    _filters[list_filter.key] = list_filter


def list_filters() -> list[ListFilter]:
    return sorted(_filters.values(), key=lambda f: f.order)
