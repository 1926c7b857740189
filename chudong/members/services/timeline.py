"""Appending to a member's timeline: the one entry point other apps write events through."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from chudong.orgs.models import Unit

from .. import events
from ..models import Member, MemberEvent


def member_event_add(
    *,
    member: Member,
    kind: str,
    date: dt.date,
    title: str,
    detail: str = "",
    unit: Unit | None = None,
    actor: Any = None,
    source: models.Model | None = None,
) -> MemberEvent:
    """Append one event to `member`'s timeline and return it.

    A building block for services: the calling service has authorised `actor` and runs
    the transaction this write joins. `kind` must be registered with
    `members.events.register_event_kind` (so the timeline can label it); `unit` defaults
    to the member's unit at the time; `source` links the event to the record it comes
    from (an admission case, a transfer, a restructuring...).
    """
    if kind not in events._labels:
        raise ValueError(f"unregistered member event kind {kind!r}")
    event = MemberEvent(
        member=member,
        kind=kind,
        date=date,
        title=title[:300],
        detail=detail,
        unit_id=unit.pk if unit is not None else member.unit_id,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if source is not None:
        event.source_type = ContentType.objects.get_for_model(source)
        event.source_id = source.pk
    event._history_user = event.actor
    event.save()
    return event


def events_for_source(source: models.Model):
    """Events that came from `source` (for a procedure that wants to show or amend them)."""
    return MemberEvent.objects.filter(
        source_type=ContentType.objects.get_for_model(source), source_id=source.pk
    )
