"""What the meetings app plugs into the rest of chudong at start-up (MeetingsConfig.ready)."""

from __future__ import annotations


def connect() -> None:
    pass
