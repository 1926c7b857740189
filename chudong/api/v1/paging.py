"""Cursor paging for API lists: `?after=<cursor>&limit=<n>`, answered as
{"items": [...], "next": <cursor of the next page or null>}. Keyset only, no COUNT."""

from __future__ import annotations

import datetime as dt
import re
from typing import Generic, TypeVar

from django.db.models import Q, QuerySet
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


# ASCII digits only: str.isdigit() also accepts "²" and other digits int() refuses, and
# more than 18 digits overflow the databases' integers.
ID_CURSOR = re.compile(r"[0-9]{1,18}")
TIME_CURSOR = re.compile(r"(-?[0-9]{1,18})_([0-9]{1,18})")


def is_id_cursor(after: str) -> bool:
    return ID_CURSOR.fullmatch(after) is not None


def by_id(qs: QuerySet, *, after: str | None, limit: int) -> tuple[list, str | None]:
    """Ascending ids; `after` is the last id of the previous page."""
    if after:
        if not is_id_cursor(after):
            raise bad_cursor()
        qs = qs.filter(pk__gt=int(after))
    rows = list(qs.order_by("pk")[: limit + 1])
    following = str(rows[limit - 1].pk) if len(rows) > limit else None
    return rows[:limit], following


def by_id_desc(qs: QuerySet, *, after: str | None, limit: int) -> tuple[list, str | None]:
    """Newest first; `after` is the last id of the previous page."""
    if after:
        if not is_id_cursor(after):
            raise bad_cursor()
        qs = qs.filter(pk__lt=int(after))
    rows = list(qs.order_by("-pk")[: limit + 1])
    following = str(rows[limit - 1].pk) if len(rows) > limit else None
    return rows[:limit], following


EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
MICROSECOND = dt.timedelta(microseconds=1)


def _time_cursor(row, field: str) -> str:
    # Integer arithmetic: a float timestamp loses the microseconds of today's dates.
    return f"{(getattr(row, field) - EPOCH) // MICROSECOND}_{row.pk}"


def _read_time_cursor(after: str) -> tuple[dt.datetime, int]:
    match = TIME_CURSOR.fullmatch(after)
    if match is None:
        raise bad_cursor()
    try:
        return EPOCH + int(match.group(1)) * MICROSECOND, int(match.group(2))
    except OverflowError:
        raise bad_cursor() from None


def by_time_desc(
    qs: QuerySet, *, field: str, after: str | None, limit: int
) -> tuple[list, str | None]:
    """Newest first by (`field`, id); `after` is "<microseconds since 1970>_<id>" of the
    last row of the previous page. A keyset, not an offset: rows added while a client
    walks the list never shift a page (no row is repeated or skipped), and each page is
    one range scan of the (…, `field`) index."""
    if after:
        moment, pk = _read_time_cursor(after)
        qs = qs.filter(Q(**{f"{field}__lt": moment}) | Q(**{field: moment, "pk__lt": pk}))
    rows = list(qs.order_by(f"-{field}", "-pk")[: limit + 1])
    following = _time_cursor(rows[limit - 1], field) if len(rows) > limit else None
    return rows[:limit], following
