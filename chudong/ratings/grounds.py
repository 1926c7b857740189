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


# --- Outcomes of a grassroots union's year that its annual rating rests on -------------
#
# The guidance makes the 3 chủ động recognition "an important criterion of the annual
# rating of the grassroots union"; the recognition app registers a source here (in its
# wiring), so that ratings never imports it (recognition reads member ratings for its
# indicators: the dependency runs that way).


@dataclass(frozen=True)
class UnitOutcome:
    """One outcome shown on a grassroots union's rating page."""

    label: str  # what it is ("3 chủ động 2026")
    value: str  # the outcome ("Recognised – decision 45-QĐ/TĐTN")
    good: bool | None  # True met, False not met, None not decided yet
    url: str | None = None


# source(actor, unit, year) -> UnitOutcome, or None when the actor may not see it.
UnitOutcomeSource = Callable[[Any, Any, int], UnitOutcome | None]
_unit_sources: list[UnitOutcomeSource] = []


def register_unit_outcome_source(source: UnitOutcomeSource) -> None:
    if source not in _unit_sources:
        _unit_sources.append(source)


def unit_outcomes(actor: Any, unit: Any, year: int) -> list[UnitOutcome]:
    """The outcomes other apps report for `unit`'s `year` (empty when none registered)."""
    found = (source(actor, unit, year) for source in _unit_sources)
    return [outcome for outcome in found if outcome is not None]
