"""Reads of the accounts app."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from .models import User

_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("CocCoc", "Cốc Cốc"), ("Zalo", "Zalo"),
             ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))  # fmt: skip
_SYSTEMS = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"),
            ("Windows", "Windows"), ("Mac OS X", "macOS"), ("Linux", "Linux"))  # fmt: skip


@dataclass(frozen=True)
class SessionRow:
    id: int
    device: str
    user_agent: str
    address: str
    created_at: datetime
    last_seen: datetime
    current: bool


def describe_agent(agent: str) -> str:
    """'Chrome · Android' from a User-Agent header; the header itself when unknown."""
    browser = next((name for mark, name in _BROWSERS if mark in agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in agent), "")
    described = " · ".join(part for part in (browser, system) if part)
    return described or re.sub(r"\s+", " ", agent)[:60]


def user_session_list(*, user: User, current_key: str | None) -> list[SessionRow]:
    """The user's sessions that have not expired, the current one first, then by last seen."""
    rows = (
        user.sessions.filter(session__expire_date__gt=timezone.now())
        .order_by("-last_seen")
        .values_list("id", "session_id", "user_agent", "address", "created_at", "last_seen")
    )
    listed = [
        SessionRow(
            id=pk,
            device=describe_agent(agent),
            user_agent=agent,
            address=address or "",
            created_at=created,
            last_seen=seen,
            current=key == current_key,
        )
        for pk, key, agent, address, created, seen in rows
    ]
    return sorted(listed, key=lambda row: not row.current)
