"""What the member page shows: the sensitive section (logged), the timeline and history."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core import history
from chudong.core.sql import cursor as prepared_cursor
from chudong.core.sql import statement
from chudong.orgs.models import Unit

from .. import events
from ..models import (
    FamilyRelation,
    Member,
    MemberEvent,
    MemberSensitive,
    MemberStatusPeriod,
    MemberUnitPeriod,
)

SENSITIVE_FIELDS = (*MemberSensitive.FIELDS, "family")


@dataclass
class SensitiveView:
    data: MemberSensitive | None
    family: list[FamilyRelation]
    # What may be shown (privacy.selectors.visible_sensitive): one row per field with its
    # value or the "no consent" marker, and the family relations' own state.
    fields: list[Any] = field(default_factory=list)
    family_state: Any = None


def _log_shown(
    actor: Any, member: Member, visibility: Any, fields, purpose: str, request_path: str
) -> list[str]:
    """The fields among `fields` that `visibility` allows to show, logged as read by
    `actor` (nothing is logged when none may be shown)."""
    shown = [f for f in fields if visibility.shown(f)]
    if shown:
        policy.log_member_read(
            actor=actor, member=member, fields=shown, purpose=purpose, request_path=request_path
        )
    return shown


def member_sensitive_read(
    *, actor: Any, member: Member, request_path: str = "", purpose: str = "view"
) -> SensitiveView | None:
    """The member's sensitive data and family, or None without members.sensitive.

    Only what the legal basis of each field allows is read and returned
    (privacy.selectors.visible_sensitive: consent per purpose, or another basis); the
    fields read are logged first (who, whose record, which fields). The edit form
    (purpose "edit") also gets the row for its version; it blanks the hidden fields.
    """
    from chudong.privacy import selectors as privacy

    if not policy.can_at_path(actor, Cap.MEMBERS_SENSITIVE, member.unit_path):
        return None
    visibility = privacy.visible_sensitive(member)
    shown = _log_shown(actor, member, visibility, SENSITIVE_FIELDS, purpose, request_path)
    data = None
    if purpose == "edit" or set(shown) & set(MemberSensitive.FIELDS):
        data = MemberSensitive.objects.filter(member=member).first()
    family = []
    if "family" in shown:
        family = list(FamilyRelation.objects.filter(member=member).order_by("order", "pk"))
    return SensitiveView(
        data=data,
        family=family,
        fields=privacy.sensitive_values(visibility, data, MemberSensitive.FIELDS),
        family_state=visibility["family"],
    )


@dataclass
class TimelineEntry:
    day: dt.date
    kind: str
    label: Any
    title: str
    detail: str = ""
    until: dt.date | None = None
    is_period: bool = False
    unit_name: str = ""
    actor_name: str = ""
    # An event's own entry, or a period whose opening event was folded into it.
    folded: bool = False
    order: int = 0


# Events that a period already tells (its opening): they are folded into that entry.
_UNIT_PERIOD_KINDS = {events.REGISTERED, events.UNIT_CHANGED, events.RESTRUCTURED}
_STATUS_PERIOD_KINDS = {events.STATUS_CHANGED}


def _timeline_sql() -> str:
    """Unit periods (1), status periods (2) and events (3) of one member, each in date
    order: one statement written once per process (core.sql), plain values of a few
    columns, no user rows for the actors' names."""
    from django.contrib.auth import get_user_model

    return statement(
        'SELECT 1, p.start, p."end", p.reason, p.note, NULL, u.name, NULL, p.id '
        "FROM {unit_period} p JOIN {unit} u ON u.id = p.unit_id WHERE p.member_id = %s "
        "UNION ALL "
        'SELECT 2, s.start, s."end", s.status, s.reason, NULL, NULL, NULL, s.id '
        "FROM {status_period} s WHERE s.member_id = %s "
        "UNION ALL "
        "SELECT 3, e.date, NULL, e.kind, e.detail, e.title, eu.name, a.full_name, e.id "
        "FROM {event} e LEFT JOIN {unit} eu ON eu.id = e.unit_id "
        "LEFT JOIN {user} a ON a.id = e.actor_id WHERE e.member_id = %s "
        "ORDER BY 1, 2, 9",
        unit_period=MemberUnitPeriod,
        status_period=MemberStatusPeriod,
        event=MemberEvent,
        unit=Unit,
        user=get_user_model(),
    )


@functools.cache
def _choices(model: Any, name: str) -> dict[str, Any]:
    """A field's choices as a dict (lazy labels: translated when shown)."""
    return dict(model._meta.get_field(name).flatchoices)


def _day(value: Any) -> Any:
    """A date column's value (SQLite may hand a UNION's dates back as text)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def member_timeline(*, actor: Any, member: Member) -> list[TimelineEntry]:
    """Unit periods, status periods and events in one chronological list, newest first
    (one query). An event recording the opening of a period (registered, moved,
    restructured, status changed) is folded into that period's entry rather than shown
    twice; its title and detail enrich the entry."""
    with prepared_cursor() as cursor:
        cursor.execute(_timeline_sql(), [member.pk, member.pk, member.pk])
        rows = cursor.fetchall()
    reasons = _choices(MemberUnitPeriod, "reason")
    statuses = _choices(MemberStatusPeriod, "status")
    status_label = _("Status")
    entries: list[TimelineEntry] = []
    unit_entries: dict[dt.date, TimelineEntry] = {}
    status_entries: dict[dt.date, TimelineEntry] = {}
    for source, start, end, code, note, title, unit_name, actor_name, _pk in rows:
        start = _day(start)
        if source == 1:
            entry = TimelineEntry(
                day=start,
                until=_day(end),
                kind="unit_period",
                label=str(reasons.get(code, code)),
                title=unit_name,
                detail=note,
                is_period=True,
                unit_name=unit_name,
                order=1,
            )
            entries.append(entry)
            unit_entries.setdefault(start, entry)
            continue
        if source == 2:
            entry = TimelineEntry(
                day=start,
                until=_day(end),
                kind="status_period",
                label=status_label,
                title=str(statuses.get(code, code)),
                detail=note,
                is_period=True,
                order=2,
            )
            entries.append(entry)
            status_entries.setdefault(start, entry)
            continue
        kind, day, detail = code, start, note
        host = None
        if kind in _UNIT_PERIOD_KINDS:
            host = unit_entries.get(day)
        elif kind in _STATUS_PERIOD_KINDS:
            host = status_entries.get(day)
        if host is not None and not host.folded:
            host.folded = True
            host.actor_name = actor_name or ""
            if host.kind == "unit_period" and kind != events.REGISTERED:
                host.detail = "; ".join(x for x in (title, detail) if x)
            continue
        entries.append(
            TimelineEntry(
                day=day,
                kind=kind,
                label=events.event_kind_label(kind),
                title=title,
                detail=detail,
                unit_name=unit_name or "",
                actor_name=actor_name or "",
                folded=True,
                order=3,
            )
        )
    entries.sort(key=lambda e: (e.day, e.order), reverse=True)
    return entries


@dataclass
class MemberHistory:
    rows: list[history.HistoryRow]
    sensitive_rows: list[history.HistoryRow] | None


def member_history(*, actor: Any, member: Member, request_path: str = "") -> MemberHistory:
    """Changes to the record; with members.sensitive also to the sensitive data (a logged
    read, since old values are shown). Needs history.view over the member's unit."""
    if not policy.can_at_path(actor, Cap.HISTORY_VIEW, member.unit_path):
        raise PermissionDenied
    rows = history.rows(member.history.all())
    sensitive_rows = None
    if policy.can_at_path(actor, Cap.MEMBERS_SENSITIVE, member.unit_path):
        from chudong.privacy.selectors import visible_sensitive

        # Old values of a field are as sensitive as its value: only the fields with a
        # legal basis today (privacy: consent) are read, logged and listed.
        visibility = visible_sensitive(member)
        shown = _log_shown(
            actor, member, visibility, MemberSensitive.FIELDS, "history", request_path
        )
        if shown:
            names = {str(MemberSensitive._meta.get_field(f).verbose_name) for f in shown}
            sensitive_rows = []
            for row in history.rows(MemberSensitive.history.filter(member_id=member.pk)):
                changes = [c for c in row.changes if str(c[0]) in names]
                if changes or not row.changes:
                    row.changes = changes
                    sensitive_rows.append(row)
    return MemberHistory(rows=rows, sensitive_rows=sensitive_rows)
