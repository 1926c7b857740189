"""Where candidates for striking off come from.

Absence from branch meetings and unpaid dues are recorded by other apps (meetings, dues).
Each registers a source in its AppConfig.ready():

    from chudong.transfers.absence import AbsenceCandidate, register_absence_source
    register_absence_source(my_source)

`my_source(*, unit, day)` returns AbsenceCandidate rows for current members registered in
`unit`'s subtree who missed meetings or dues in the twelve months up to `day` (months as
the first day of each month missed). It must read indexed data and stay bounded. Nothing
here invents data: with no source registered, the candidates list is empty and the
branch proposes from its own records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class AbsenceCandidate:
    member_id: int
    months: tuple[dt.date, ...]
    grounds: str
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


AbsenceSource = Callable[..., Iterable[AbsenceCandidate]]
_sources: list[AbsenceSource] = []


def register_absence_source(source: AbsenceSource) -> None:
    if source not in _sources:
        _sources.append(source)


def unregister_absence_source(source: AbsenceSource) -> None:
    """For tests that register a source of their own."""
    if source in _sources:
        _sources.remove(source)


def absence_sources() -> list[AbsenceSource]:
    return list(_sources)
