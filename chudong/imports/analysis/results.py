"""What a check of a sheet produces: rows ready to register, and problems by row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from chudong.members.models import Member
from chudong.orgs.models import Unit

from ..fields import BY_CODE
from ..models import IssueKind


@dataclass
class Problem:
    row: int | None
    column: str
    message: str
    kind: str = IssueKind.ERROR
    full_name: str = ""


@dataclass
class Candidate:
    row: int
    member: Member
    sensitive: dict[str, str] = field(default_factory=dict)
    notes: list[Problem] = field(default_factory=list)


@dataclass
class Analysis:
    rows_read: int = 0
    candidates: list[Candidate] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rejected: int = 0
    duplicates_register: int = 0
    duplicates_file: int = 0


@dataclass
class Context:
    """What a check needs besides the rows."""

    target: Unit
    mapping: dict[int, str]  # column index → target code
    scope: Callable[[], Any]  # the Member queryset duplicates are looked for in
    may_sensitive: bool
    today: dt.date = field(default_factory=timezone.localdate)
    # Translated once per check, not once per cell.
    nouns: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.nouns = {code: str(target.noun) for code, target in BY_CODE.items()}
