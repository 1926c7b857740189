"""Read a Charter rule as it stood on a date, for a unit.

    from chudong.rules import rules
    max_age = rules.get("membership.max_age", on=decision_date, unit=branch)

The version in force is the latest one with valid_from ≤ `on`, issued by the unit itself
or its nearest ancestor that issued one, else the national version. A missing rule is a
configuration error (LookupError), never a silent default.
"""

from __future__ import annotations

import datetime as dt
import time
from fractions import Fraction
from typing import Any

from chudong.core.paths import ancestors_of

_CACHE: dict[str, list[tuple[dt.date, str | None, Any]]] = {}
_LOADED_AT = 0.0
_TTL_SECONDS = 60.0  # other processes see a new version within a minute


def _load() -> None:
    global _LOADED_AT
    from .models import Rule

    _CACHE.clear()
    rows = Rule.objects.select_related("unit").order_by("key", "-valid_from")
    for rule in rows:
        _CACHE.setdefault(rule.key, []).append(
            (rule.valid_from, rule.unit.path if rule.unit_id else None, rule.value)
        )
    _LOADED_AT = time.monotonic()


def forget() -> None:
    """Drop the cache (after a new version is saved, and between tests)."""
    global _LOADED_AT
    _LOADED_AT = 0.0


def get(key: str, *, on: dt.date, unit: Any = None) -> Any:
    if not _LOADED_AT or time.monotonic() - _LOADED_AT > _TTL_SECONDS:
        _load()
    versions = _CACHE.get(key)
    if not versions:
        raise LookupError(f"no rule {key!r} is configured")
    chain = [None]
    if unit is not None:
        chain = [unit.path, *reversed(ancestors_of(unit.path)), None]
    for issuer in chain:
        for valid_from, path, value in versions:  # newest first
            if path == issuer and valid_from <= on:
                return value
    raise LookupError(f"no version of rule {key!r} in force on {on:%d/%m/%Y}")


def fraction(key: str, *, on: dt.date, unit: Any = None) -> Fraction:
    numerator, denominator = get(key, on=on, unit=unit)
    return Fraction(numerator, denominator)
