"""The bulk path that registers checked rows as members.

It writes what members.services.member_create writes for one member (the record, its
first unit and status periods, a timeline event, sensitive data, history rows with the
actor as author, the per-unit counts), in batches: a few dozen INSERTs for ten thousand
members instead of ten queries per member. The caller holds the transaction.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib.contenttypes.models import ContentType
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
    reason = reason[:100]
    members = [c.member for c in candidates]
    members = bulk_create_with_history(
        members, Member, batch_size=BATCH, default_user=user, default_change_reason=reason
    )
    unit_periods, status_periods, events, sensitive = [], [], [], []
    job_type = ContentType.objects.get_for_model(ImportJob)
    note = _("Imported from the file %s") % job.original_name
    for candidate, member in zip(candidates, members, strict=True):
        unit_periods.append(
            MemberUnitPeriod(
                member=member,
                unit_id=member.unit_id,
                start=member.status_since,
                reason=UnitPeriodReason.REGISTERED,
                note=note[:300],
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
        if rows:
            bulk_create_with_history(
                rows, model, batch_size=BATCH, default_user=user, default_change_reason=reason
            )
    per_unit = Counter(member.unit_id for member in members)
    counts_add({unit: (n, n) for unit, n in per_unit.items()})
    return members
