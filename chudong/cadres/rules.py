"""The Charter numbers the cadres pages check, read from `chudong.rules` as they stood on
the day that matters (the congress, or the start of a provisional term)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from chudong.rules import rules

STANDING_MAX_SHARE = "committee.standing_max_share"


def standing_max_share(*, on: dt.date, unit: Any) -> Fraction:
    """The standing committee may have at most this share of the executive committee."""
    return rules.fraction(STANDING_MAX_SHARE, on=on, unit=unit)
