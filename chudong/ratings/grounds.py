"""Grounds for a rating that other apps know: activity participation.

The 2023 guidance asks for taking part in at least 90% of the activities for an excellent
rating (rule `rating.excellent_min_participation`). Attendance is recorded by the
activities app (pillar two); it registers a source here in its AppConfig.ready(), and the
rating sheet shows the share next to each member and holds "excellent" to the rule. With
no source registered, the sheet shows no participation and checks none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Participation:
    attended: int
    organised: int

    @property
    def share(self) -> float | None:
        return self.attended / self.organised if self.organised else None


# source(member_ids, year, unit) -> {member_id: Participation}; one query for the branch.
ParticipationSource = Callable[[Iterable[int], int, Any], dict[int, Participation]]
_sources: list[ParticipationSource] = []


def register_participation_source(source: ParticipationSource) -> None:
    if source not in _sources:
        _sources.append(source)


def unregister_participation_source(source: ParticipationSource) -> None:
    if source in _sources:
        _sources.remove(source)


def participation(member_ids: list[int], year: int, unit: Any) -> dict[int, Participation] | None:
    """Participation of the members in `year`, or None when no app records activities."""
    if not _sources:
        return None
    result: dict[int, Participation] = {}
    for source in _sources:
        for member_id, value in source(member_ids, year, unit).items():
            if member_id in result:
                value = Participation(
                    result[member_id].attended + value.attended,
                    result[member_id].organised + value.organised,
                )
            result[member_id] = value
    return result
