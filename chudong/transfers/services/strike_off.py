"""Writes of the striking-off procedure (xóa tên): the branch proposes with its grounds
and the months missed, then decides and reports to its direct upper unit.

Rules (rules catalog): strike_off.absence_months months missed within a year without a
valid reason; a member working far away (status period "working far") is not treated as
having abandoned activity for up to strike_off.far_away_max_months from their leaving.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chudong.access.capabilities import Cap
from chudong.members import services as member_services
from chudong.members.models import Member, MemberStatus, MemberStatusPeriod, is_current
from chudong.rules import rules

from .. import events
from ..access import require_at, require_path_visible
from ..dates import next_month
from ..models import StrikeOffCase, StrikeOffStatus
from ..sides import upper_unit
from ._common import (
    check_day,
    d,
    first_of_month,
    lock_case,
    lock_member,
    month_label,
    months_between,
    require_member_manage,
    today,
)


def working_far_excused(
    member: Member, months: list[dt.date], on: dt.date
) -> dict[dt.date, dt.date]:
    """{month: the day the member left} for each month of `months` that falls while the
    member was working far away, within strike_off.far_away_max_months of leaving."""
    limit = int(rules.get("strike_off.far_away_max_months", on=on, unit=member.unit))
    periods = list(
        MemberStatusPeriod.objects.filter(member=member, status=MemberStatus.WORKING_FAR).order_by(
            "start"
        )
    )
    excused: dict[dt.date, dt.date] = {}
    for month in months:
        month_end = next_month(month)
        for period in periods:
            overlaps = period.start < month_end and (period.end is None or period.end > month)
            if overlaps and months_between(period.start, month) < limit:
                excused[month] = period.start
                break
    return excused


def check_months(member: Member, months: list[dt.date], on: dt.date) -> list[dt.date]:
    """The months missed, normalised: distinct, within one year, none after `on`, at
    least strike_off.absence_months of them once the working-far months are set aside."""
    cleaned = sorted({first_of_month(m) for m in months})
    if not cleaned:
        raise ValidationError({"months": _("List the months missed, e.g. 03/2026, 04/2026.")})
    if cleaned[-1] > first_of_month(on):
        raise ValidationError(
            {
                "months": _("A month after %(month)s cannot be missed yet.")
                % {"month": month_label(on)}
            }
        )
    if months_between(cleaned[0], cleaned[-1]) >= 12:
        raise ValidationError(
            {
                "months": _(
                    "The months must fall within one year (%(first)s to %(last)s is longer)."
                )
                % {"first": month_label(cleaned[0]), "last": month_label(cleaned[-1])}
            }
        )
    needed = int(rules.get("strike_off.absence_months", on=on, unit=member.unit))
    excused = working_far_excused(member, cleaned, on)
    counted = [m for m in cleaned if m not in excused]
    if len(counted) < needed:
        if excused:
            left = min(excused.values())
            raise ValidationError(
                {
                    "months": _(
                        "Only %(counted)d of the months count (%(needed)d are needed): "
                        "%(excused)s fall while the member works far away (since %(left)s), "
                        "which the rules excuse for up to %(limit)s months."
                    )
                    % {
                        "counted": len(counted),
                        "needed": needed,
                        "excused": ", ".join(month_label(m) for m in sorted(excused)),
                        "left": d(left),
                        "limit": rules.get(
                            "strike_off.far_away_max_months", on=on, unit=member.unit
                        ),
                    }
                }
            )
        raise ValidationError(
            {
                "months": _(
                    "Striking off needs at least %(needed)d months missed within a year "
                    "(rule strike_off.absence_months); %(counted)d given."
                )
                % {"needed": needed, "counted": len(counted)}
            }
        )
    return cleaned


@transaction.atomic
def strike_off_propose(
    *,
    actor: Any,
    member: Member,
    grounds: str,
    months: list[dt.date],
    proposed_on: dt.date | None = None,
) -> StrikeOffCase:
    """The branch proposes to strike `member` off: the grounds as text and the months
    missed (meetings or dues) without a valid reason. Needs members.manage over the
    member. Raises ValidationError when the months do not reach the rule, fall while the
    member is excused as working far away, or a proposal is already open."""
    require_member_manage(actor, member)
    locked = lock_member(member.pk)
    if not is_current(locked.status):
        raise ValidationError(
            _("%(name)s is no longer a current member (%(status)s).")
            % {"name": locked.full_name, "status": locked.get_status_display()}
        )
    if not (grounds or "").strip():
        raise ValidationError({"grounds": _("Write the grounds for striking off.")})
    day = proposed_on or today()
    check_day(day, "proposed_on")
    cleaned = check_months(locked, months, day)
    if StrikeOffCase.objects.filter(member=locked, status=StrikeOffStatus.PROPOSED).exists():
        raise ValidationError(_("A proposal to strike this member off is already open."))
    case = StrikeOffCase(
        member=locked,
        unit=locked.unit,
        unit_path=locked.unit_path,
        status=StrikeOffStatus.PROPOSED,
        grounds=grounds.strip(),
        months=[f"{m:%Y-%m}" for m in cleaned],
        proposed_on=day,
        proposed_by=actor,
    )
    case.full_clean()
    case._history_user = actor
    case.save()
    member_services.member_event_add(
        member=locked,
        kind=events.STRIKE_OFF_PROPOSED,
        date=day,
        title=_("Striking off proposed: %(months)s")
        % {"months": ", ".join(month_label(m) for m in cleaned)},
        detail=case.grounds,
        actor=actor,
        source=case,
    )
    return case


def case_months(case: StrikeOffCase) -> list[dt.date]:
    return [dt.date(int(m[:4]), int(m[5:7]), 1) for m in case.months]


def _require_open(case: StrikeOffCase, expected_version: int | None) -> None:
    if case.status != StrikeOffStatus.PROPOSED:
        raise ValidationError(
            _("Nothing was changed: this proposal is already %(status)s.")
            % {"status": case.get_status_display().lower()},
            code="state",
        )
    if expected_version is not None and case.version != expected_version:
        raise ValidationError(
            _("Someone changed this proposal after you opened it. Reload the page."),
            code="stale",
        )


@transaction.atomic
def strike_off_decide(
    *,
    actor: Any,
    case: StrikeOffCase,
    decided_on: dt.date | None = None,
    decision_number: str = "",
    votes_present: int | None = None,
    votes_for: int | None = None,
    expected_version: int | None = None,
) -> StrikeOffCase:
    """The branch decides: the member is struck off from `decided_on` (status "struck
    off", unit period closed), and the decision is reported to the branch's direct upper
    unit (found from the tree), which sees it in its list. Needs members.manage over the
    member's branch. The working-far exception is checked again on the day."""
    require_path_visible(actor, case.unit_path)
    require_at(actor, Cap.MEMBERS_MANAGE, case.unit_path)
    member, case = lock_case(StrikeOffCase, case)
    _require_open(case, expected_version)
    day = decided_on or today()
    check_day(day, "decided_on", not_before=case.proposed_on)
    if votes_present is not None and votes_for is not None and votes_for > votes_present:
        raise ValidationError({"votes_for": _("More votes for than members present.")})
    check_months(member, case_months(case), day)
    case.status = StrikeOffStatus.DECIDED
    case.decided_on = day
    case.decided_by = actor
    case.decision_number = (decision_number or "").strip()[:60]
    case.votes_present = votes_present
    case.votes_for = votes_for
    case.reported_to = upper_unit(member.unit)
    case.version += 1
    case._history_user = actor
    case.save()
    member_services.member_status_change(
        actor=actor,
        member=member,
        status=MemberStatus.STRUCK_OFF,
        effective_on=day,
        reason=case.grounds[:300],
        source=case,
    )
    return case


@transaction.atomic
def strike_off_withdraw(
    *, actor: Any, case: StrikeOffCase, reason: str, expected_version: int | None = None
) -> StrikeOffCase:
    """The branch withdraws its proposal (the member came back, a valid reason came to
    light). Needs members.manage over the member's branch."""
    require_path_visible(actor, case.unit_path)
    require_at(actor, Cap.MEMBERS_MANAGE, case.unit_path)
    member, case = lock_case(StrikeOffCase, case)
    _require_open(case, expected_version)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the proposal is withdrawn.")})
    day = today()
    case.status = StrikeOffStatus.WITHDRAWN
    case.withdrawn_on = day
    case.withdraw_reason = reason.strip()[:500]
    case.version += 1
    case._history_user = actor
    case.save()
    member_services.member_event_add(
        member=member,
        kind=events.STRIKE_OFF_WITHDRAWN,
        date=day,
        title=_("Proposal to strike off withdrawn"),
        detail=case.withdraw_reason,
        actor=actor,
        source=case,
    )
    return case
