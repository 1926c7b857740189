"""Writes of the maturation procedure (trưởng thành Đoàn): keeping a member who asks to
stay, and confirming a batch that the preview (selectors.maturation_preview) showed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.members import services as member_services
from chudong.members.models import Member, MemberStatus, is_current
from chudong.orgs.models import Unit
from chudong.rules import rules

from .. import events
from ..models import MaturationBatch, MaturationEntry, MaturationKeep, MaturationOutcome
from ._common import birthday, check_day, d, lock_member, require_member_manage, today


@transaction.atomic
def maturation_keep(
    *,
    actor: Any,
    member: Member,
    reason: str,
    until: dt.date,
    decided_on: dt.date | None = None,
) -> MaturationKeep:
    """The branch keeps `member`, who asked to stay past the maturation age, until
    `until`: never beyond the day they reach maturation.max_age_kept. A later decision
    replaces an earlier one. Needs members.manage over the member."""
    require_member_manage(actor, member)
    locked = lock_member(member.pk)
    if not is_current(locked.status):
        raise ValidationError(
            _("%(name)s is no longer a current member (%(status)s).")
            % {"name": locked.full_name, "status": locked.get_status_display()}
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the member's reason for staying.")})
    day = decided_on or today()
    check_day(day, "decided_on")
    age = int(rules.get("maturation.age", on=day, unit=locked.unit))
    limit_age = int(rules.get("maturation.max_age_kept", on=day, unit=locked.unit))
    matures_on = birthday(locked.date_of_birth, age)
    if matures_on.year > day.year:
        raise ValidationError(
            {
                "decided_on": _(
                    "%(name)s reaches the maturation age (%(age)d) only on %(date)s; record "
                    "a request to stay in that year."
                )
                % {"name": locked.full_name, "age": age, "date": d(matures_on)}
            }
        )
    limit = birthday(locked.date_of_birth, limit_age)
    if until is None or until <= day:
        raise ValidationError({"until": _("The end must be after the decision date.")})
    if until > limit:
        raise ValidationError(
            {
                "until": _(
                    "A member can be kept only until %(date)s, when they reach %(age)d "
                    "(rule maturation.max_age_kept)."
                )
                % {"date": d(limit), "age": limit_age}
            }
        )
    for earlier in MaturationKeep.objects.select_for_update().filter(
        member=locked, ended_on__isnull=True
    ):
        earlier.ended_on = max(day, earlier.decided_on)
        earlier._history_user = actor
        earlier.save(update_fields=["ended_on"])
    keep = MaturationKeep(
        member=locked,
        unit=locked.unit,
        decided_on=day,
        until=until,
        reason=reason.strip()[:500],
        decided_by=actor,
    )
    keep.full_clean()
    keep._history_user = actor
    keep.save()
    member_services.member_event_add(
        member=locked,
        kind=events.MATURATION_KEPT,
        date=day,
        title=_("Kept in the Union until %(date)s at their request") % {"date": d(until)},
        detail=keep.reason,
        actor=actor,
        source=keep,
    )
    return keep


def ceremony_check(year: int, ceremony_on: dt.date | None) -> dt.date:
    if ceremony_on is None:
        raise ValidationError({"ceremony_on": _("Give the ceremony date.")})
    if ceremony_on.year != year:
        raise ValidationError(
            {"ceremony_on": _("The ceremony must be in %(year)d.") % {"year": year}}
        )
    check_day(ceremony_on, "ceremony_on")
    return ceremony_on


@transaction.atomic
def maturation_batch_confirm(
    *,
    actor: Any,
    unit: Unit,
    year: int,
    ceremony_on: dt.date,
    expected_member_ids: list[int],
    decision_number: str = "",
    note: str = "",
) -> MaturationBatch:
    """Mature, at the ceremony of `ceremony_on`, the members the preview listed as
    maturing (`expected_member_ids`): each gets the status "matured" from that day and a
    certificate number; those kept or skipped are recorded with the reason. Needs
    members.manage over `unit`.

    The preview is computed again under the member locks; if it no longer lists exactly
    the expected members, nothing is written and the ValidationError asks for a new look.
    """
    from ..selectors.maturation import maturation_preview

    policy.require(actor, Cap.MEMBERS_MANAGE, unit)
    ceremony_check(year, ceremony_on)
    expected = sorted({int(i) for i in expected_member_ids})
    if not expected:
        raise ValidationError(_("Nobody matures at this ceremony."))
    # Lock the members first, in id order (the order every member service locks in).
    list(Member.objects.select_for_update().filter(pk__in=expected).order_by("pk"))
    preview = maturation_preview(actor=actor, unit=unit, year=year, ceremony_on=ceremony_on)
    if sorted(row.member.pk for row in preview.maturing) != expected:
        raise ValidationError(
            _(
                "The list changed since the preview (someone was transferred, kept or "
                "matured meanwhile). Look at the new preview and confirm again."
            ),
            code="changed",
        )
    batch = MaturationBatch(
        unit=unit,
        unit_path=unit.path,
        year=year,
        ceremony_on=ceremony_on,
        decision_number=(decision_number or "").strip()[:60],
        note=(note or "").strip()[:500],
        matured_count=len(preview.maturing),
        kept_count=len(preview.kept),
        skipped_count=len(preview.skipped),
        confirmed_by=actor,
    )
    batch.full_clean()
    batch._history_user = actor
    batch.save()
    already = MaturationEntry.objects.filter(
        batch__unit=unit, batch__year=year, outcome=MaturationOutcome.MATURED
    ).count()
    entries = []
    for index, row in enumerate(preview.maturing, start=already + 1):
        entries.append(
            MaturationEntry(
                batch=batch,
                member=row.member,
                outcome=MaturationOutcome.MATURED,
                note=row.note[:300],
                certificate_number=f"{index:02d}/{year}/GCN-{unit.code}"[:60],
            )
        )
    for outcome, rows in (
        (MaturationOutcome.KEPT, preview.kept),
        (MaturationOutcome.SKIPPED, preview.skipped),
    ):
        entries.extend(
            MaturationEntry(batch=batch, member=row.member, outcome=outcome, note=row.note[:300])
            for row in rows
        )
    bulk_create_with_history(entries, MaturationEntry, default_user=actor)
    matured = MaturationEntry.objects.filter(
        batch=batch, outcome=MaturationOutcome.MATURED
    ).select_related("member", "member__unit")
    for entry in sorted(matured, key=lambda e: e.member_id):
        member_services.member_status_change(
            actor=actor,
            member=entry.member,
            status=MemberStatus.MATURED,
            effective_on=ceremony_on,
            reason=_("Matured at the ceremony of %(date)s (certificate %(number)s)")
            % {"date": d(ceremony_on), "number": entry.certificate_number},
            source=entry,
        )
    return batch
