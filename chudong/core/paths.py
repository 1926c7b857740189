"""Materialised paths of the unit tree, and the one subtree condition every query uses.

A unit's path is its parent's path plus a fixed-width step of four base-36 characters, so
a subtree is every path that starts with the root's path. The condition is written as a
range (`path >= p AND path < p + '~'`) rather than LIKE, so that one plain B-tree index
serves it on SQLite and on PostgreSQL (where path columns use the "C" collation, set by a
vendor-guarded migration, so that byte order and index order agree).
"""

from __future__ import annotations

from django.db.models import Q

STEP_WIDTH = 4
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_UPPER_BOUND = "~"  # sorts after every character a path may contain


def encode_step(number: int) -> str:
    if not 0 <= number < 36**STEP_WIDTH:
        raise ValueError(f"path step out of range: {number}")
    chars = []
    for _ in range(STEP_WIDTH):
        number, rem = divmod(number, 36)
        chars.append(_DIGITS[rem])
    return "".join(reversed(chars))


def depth_of(path: str) -> int:
    return len(path) // STEP_WIDTH - 1


def ancestors_of(path: str) -> list[str]:
    """Paths of every ancestor, root first, excluding the path itself."""
    return [path[:i] for i in range(STEP_WIDTH, len(path), STEP_WIDTH)]


def subtree_q(field: str, path: str, *, include_self: bool = True) -> Q:
    """Rows whose `field` lies in the subtree rooted at `path`."""
    if include_self:
        return Q(**{f"{field}__gte": path, f"{field}__lt": path + _UPPER_BOUND})
    return Q(**{f"{field}__gt": path, f"{field}__lt": path + _UPPER_BOUND})


def is_within(path: str, root: str, *, include_self: bool = True) -> bool:
    if include_self:
        return path.startswith(root)
    return path.startswith(root) and path != root
