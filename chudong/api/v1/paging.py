"""Cursor paging for API lists: `?after=<cursor>&limit=<n>`, answered as
{"items": [...], "next": <cursor of the next page or null>}. Keyset only, no COUNT."""

from __future__ import annotations

from typing import Generic, TypeVar

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import ValidationError

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class PageOut(Schema, Generic[T]):
    items: list[T]
    next: str | None = None


def bad_cursor(field: str = "after") -> ValidationError:
    return ValidationError(
        [{"loc": ("query", field), "msg": _("not a cursor this list gave"), "type": "cursor"}]
    )


def by_id(qs: QuerySet, *, after: str | None, limit: int) -> tuple[list, str | None]:
    """Ascending ids; `after` is the last id of the previous page."""
    if after:
        if not after.isdigit() or len(after) > 18:
            raise bad_cursor()
        qs = qs.filter(pk__gt=int(after))
    rows = list(qs.order_by("pk")[: limit + 1])
    following = str(rows[limit - 1].pk) if len(rows) > limit else None
    return rows[:limit], following


def by_id_desc(qs: QuerySet, *, after: str | None, limit: int) -> tuple[list, str | None]:
    """Newest first; `after` is the last id of the previous page."""
    if after:
        if not after.isdigit() or len(after) > 18:
            raise bad_cursor()
        qs = qs.filter(pk__lt=int(after))
    rows = list(qs.order_by("-pk")[: limit + 1])
    following = str(rows[limit - 1].pk) if len(rows) > limit else None
    return rows[:limit], following
