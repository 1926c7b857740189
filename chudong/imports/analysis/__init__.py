"""Checking a sheet: rows read against the mapping (rows), then duplicates in the file
and in the register (duplicates). Nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .duplicates import find_duplicates
from .results import Analysis, Candidate, Context, Problem
from .rows import parse

__all__ = ["Analysis", "Candidate", "Context", "Problem", "analyse", "find_duplicates", "parse"]


def analyse(
    rows: list[list[Any]],
    *,
    data_first: int,
    context: Context,
    progress: Callable[[int], None] | None = None,
) -> Analysis:
    """Check rows[data_first:] and look for duplicates; `progress(n)` is told how many
    rows were looked at."""
    result = parse(rows, data_first=data_first, context=context, progress=progress)
    find_duplicates(result, context)
    return result
