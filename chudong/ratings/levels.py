"""What the rules say about a year's rating and Rèn luyện evaluation: the level sets, their
names, and the dates that matter. Every number and code comes from `chudong.rules`; a
rating is judged by the rules in force on the last day of its year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chudong.rules import rules

# English names of the level codes the seeded guidance uses. The Vietnamese interface
# shows the official wording of the year's guidance (rule `rating.level_labels`), which
# differs between schemes ("Xuất sắc" in 2011, "Hoàn thành xuất sắc nhiệm vụ" in 2023).
RATING_LEVEL_NAMES = {
    "excellent": _("Rated excellent"),
    "good": _("Rated good"),
    "completed": _("Completed the tasks"),
    "not_completed": _("Did not complete the tasks"),
    "average": _("Rated average"),
    "weak": _("Rated weak"),
}
TRAINING_RESULT_NAMES = {
    "excellent": _("Completed excellently"),
    "good": _("Completed well"),
    "completed": _("Completed the programme"),
    "not_completed": _("Did not complete the programme"),
}
# How many of the best levels count as "good and above" in the summaries.
GOOD_AND_ABOVE = 2


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier); the 31st becomes the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


@dataclass(frozen=True)
class Level:
    code: str
    label: str
    rank: int  # 0 is the best

    @property
    def good_or_above(self) -> bool:
        return self.rank < GOOD_AND_ABOVE


@dataclass(frozen=True)
class LevelSet:
    """The rating levels of one year, best first, with the names to show."""

    year: int
    levels: tuple[Level, ...]

    @property
    def codes(self) -> list[str]:
        return [level.code for level in self.levels]

    def label(self, code: str) -> str:
        for level in self.levels:
            if level.code == code:
                return level.label
        return code

    def get(self, code: str) -> Level | None:
        return next((level for level in self.levels if level.code == code), None)

    @property
    def best(self) -> str:
        return self.levels[0].code


def _vietnamese() -> bool:
    return (get_language() or "vi").startswith("vi")


def rating_levels(year: int, unit: Any = None) -> LevelSet:
    """The levels of `year`'s rating for `unit` (the version in force on 31/12 of the year)."""
    on = year_end(year)
    codes = rules.get("rating.levels", on=on, unit=unit)
    try:
        official = rules.get("rating.level_labels", on=on, unit=unit)
    except LookupError:
        official = {}
    levels = []
    for rank, code in enumerate(codes):
        if _vietnamese() and official.get(code):
            label = official[code]
        else:
            label = str(RATING_LEVEL_NAMES.get(code) or official.get(code) or code)
        levels.append(Level(code, label, rank))
    return LevelSet(year=year, levels=tuple(levels))


def min_months_in_unit(year: int, unit: Any = None) -> int:
    return int(rules.get("rating.min_months_in_unit", on=year_end(year), unit=unit))


def excellent_needs_training(year: int, unit: Any = None) -> bool:
    try:
        return bool(rules.get("rating.excellent_requires_training", on=year_end(year), unit=unit))
    except LookupError:
        return False


def excellent_min_participation(year: int, unit: Any = None):
    try:
        return rules.fraction("rating.excellent_min_participation", on=year_end(year), unit=unit)
    except LookupError:
        return None


def training_results(year: int, unit: Any = None) -> list[tuple[str, str]]:
    """(code, name) of the Rèn luyện result levels of `year`, best first."""
    codes = rules.get("training.result_levels", on=year_end(year), unit=unit)
    return [(code, str(TRAINING_RESULT_NAMES.get(code, code))) for code in codes]


def training_result_label(code: str) -> str:
    return str(TRAINING_RESULT_NAMES.get(code, code)) if code else ""


def training_evaluation_date(year: int, unit: Any, grassroots_kind: str) -> dt.date:
    """When the year's Rèn luyện evaluation is held for a branch: the last day of the month
    the rule gives for its grassroots union's kind (August for schools, December otherwise)."""
    schedule = rules.get("training.evaluation_month", on=year_end(year), unit=unit)
    month = int(schedule.get(grassroots_kind) or schedule.get("other") or 12)
    return add_months(dt.date(year, month, 1), 1) - dt.timedelta(days=1)
