"""The bulk path that registers checked rows as members.

It writes what members.services.member_create writes for one member (the record, its
first unit and status periods, a timeline event, sensitive data, history rows with the
actor as author, the per-unit counts), in bulk: on PostgreSQL through COPY (ids taken
from the sequences beforehand, so that periods, events and history rows can point at
their member), elsewhere through bulk_create. Ten thousand members are a few COPY
statements instead of ten queries each. The caller holds the transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from chudong.members.models import (
    Member,
    MemberEvent,
    MemberSensitive,
    MemberStatusPeriod,
    MemberUnitPeriod,
    UnitPeriodReason,
)
from chudong.members.services import counts_add

from .analysis import Candidate
from .models import IMPORTED_EVENT, ImportJob

BATCH = 1000


def write_members(
    *, candidates: list[Candidate], job: ImportJob, actor: Any, today: Any
) -> list[Member]:
    """Insert the candidates' members and everything that goes with them. Returns the
    saved members (with ids)."""
    if not candidates:
        return []
    user = actor if getattr(actor, "is_authenticated", False) else None
    reason = _("Imported from %(file)s (import no. %(job)d)") % {
        "file": job.original_name,
        "job": job.pk,
    }
    writer = _CopyWriter(user, reason[:100]) if connection.vendor == "postgresql" else None
    members = [c.member for c in candidates]
    if writer:
        writer.insert(Member, members)
    else:
        bulk_create_with_history(
            members, Member, batch_size=BATCH, default_user=user, default_change_reason=reason
        )
    unit_periods, status_periods, events, sensitive = [], [], [], []
    job_type = ContentType.objects.get_for_model(ImportJob)
    note = (_("Imported from the file %s") % job.original_name)[:300]
    for candidate, member in zip(candidates, members, strict=True):
        unit_periods.append(
            MemberUnitPeriod(
                member=member,
                unit_id=member.unit_id,
                start=member.status_since,
                reason=UnitPeriodReason.REGISTERED,
                note=note,
            )
        )
        status_periods.append(
            MemberStatusPeriod(member=member, status=member.status, start=member.status_since)
        )
        events.append(
            MemberEvent(
                member=member,
                kind=IMPORTED_EVENT,
                date=today,
                title=(
                    _("Imported from the file %(file)s, row %(row)d")
                    % {"file": job.original_name, "row": candidate.row}
                )[:300],
                unit_id=member.unit_id,
                actor=user,
                source_type=job_type,
                source_id=job.pk,
            )
        )
        if candidate.sensitive:
            sensitive.append(MemberSensitive(member=member, version=1, **candidate.sensitive))
    for model, rows in (
        (MemberUnitPeriod, unit_periods),
        (MemberStatusPeriod, status_periods),
        (MemberEvent, events),
        (MemberSensitive, sensitive),
    ):
        if not rows:
            continue
        if writer:
            writer.insert(model, rows)
        else:
            bulk_create_with_history(
                rows, model, batch_size=BATCH, default_user=user, default_change_reason=reason
            )
    per_unit = Counter(member.unit_id for member in members)
    counts_add({unit: (n, n) for unit, n in per_unit.items()})
    return members


def _plain(value: Any) -> Any:
    """What COPY can write: a file field's stored name instead of the file object."""
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


class _CopyWriter:
    """COPY rows of a model and of its history model (PostgreSQL only)."""

    def __init__(self, user: Any, reason: str) -> None:
        self.user_id = user.pk if user else None
        self.reason = reason
        self.now = timezone.now()

    def insert(self, model: type[models.Model], objects: list[models.Model]) -> None:
        pk = model._meta.pk
        if isinstance(pk, models.AutoField | models.BigAutoField):
            for obj, new_id in zip(objects, self._ids(model, len(objects)), strict=True):
                obj.pk = new_id
        for obj in objects:
            obj._state.adding = False
            obj._state.db = connection.alias
        fields = model._meta.concrete_fields
        self._copy(model, fields, (self._values(obj, fields) for obj in objects))
        history = model.history.model
        tracked = [f for f in history._meta.concrete_fields if f.name != "history_id"]
        self._copy(history, tracked, (self._history_values(obj, tracked) for obj in objects))

    def _ids(self, model: type[models.Model], count: int) -> list[int]:
        table, column = model._meta.db_table, model._meta.pk.column
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]

    def _values(self, obj: models.Model, fields: Iterable[models.Field]) -> tuple:
        values = []
        for field in fields:
            if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
                setattr(obj, field.attname, self.now)
            values.append(_plain(getattr(obj, field.attname)))
        return tuple(values)

    def _history_values(self, obj: models.Model, fields: Iterable[models.Field]) -> tuple:
        special = {
            "history_date": self.now,
            "history_change_reason": self.reason,
            "history_type": "+",
            "history_user_id": self.user_id,
        }
        values = []
        for field in fields:
            if field.attname in special:
                values.append(special[field.attname])
                continue
            values.append(_plain(getattr(obj, field.attname)))
        return tuple(values)

    @staticmethod
    def _copy(model: type[models.Model], fields: list[models.Field], rows: Iterable[tuple]):
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's own cursor
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
