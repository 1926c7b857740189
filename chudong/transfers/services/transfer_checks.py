"""Checks and messages the transfer services share: where a transfer may go, the "dues
paid through" month, whether a member is free to start one, and the state of a case said
so that the person whose action lost a race knows what happened and who did it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from chudong.core.paths import is_within
from chudong.members import services as member_services
from chudong.members.models import Member, MemberStatus
from chudong.orgs.models import Unit
from chudong.rules import rules

from ..models import (
    LASTING_KINDS,
    OPEN_STATUSES,
    Transfer,
    TransferKind,
    TransferScope,
    TransferStatus,
)
from ..sides import grassroots_of, province_path
from ._common import check_day, d, first_of_month, month_label, today, unit_period_start

REQUESTABLE_KINDS = (TransferKind.OFFICIAL, TransferKind.TEMPORARY, TransferKind.RESIDENCE)


# --- messages ------------------------------------------------------------------------


def who(user: Any) -> str:
    return getattr(user, "full_name", "") or _("someone")


def state_message(case: Transfer) -> str:
    """Where the case stands, said so that the person whose action lost a race knows
    what happened and who did it."""
    status = case.status
    if status == TransferStatus.CANCELLED:
        return _("%(who)s cancelled this transfer on %(date)s.") % {
            "who": who(case.closed_by),
            "date": d(case.closed_on),
        }
    if status == TransferStatus.REFUSED:
        return _("%(who)s refused this transfer on %(date)s: %(reason)s") % {
            "who": who(case.closed_by),
            "date": d(case.closed_on),
            "reason": case.close_reason,
        }
    if status == TransferStatus.RECEIVED:
        return _("%(who)s received the member into %(branch)s on %(date)s.") % {
            "who": who(case.received_by),
            "branch": case.to_branch.name if case.to_branch_id else "—",
            "date": d(case.received_on),
        }
    if status == TransferStatus.ENDED:
        return _("%(who)s ended this arrangement on %(date)s.") % {
            "who": who(case.closed_by),
            "date": d(case.closed_on),
        }
    if status == TransferStatus.IN_TRANSIT:
        return _(
            "%(who)s introduced the member on %(date)s; the receiving unit has not answered yet."
        ) % {
            "who": who(case.introduced_by),
            "date": d(case.introduced_on),
        }
    if status == TransferStatus.ENDORSED:
        return _(
            "The branch commented on %(date)s; the grassroots union has not introduced "
            "the member yet."
        ) % {"date": d(case.endorsed_on)}
    return _("The request waits for the branch's comment.")


def require_status(case: Transfer, allowed: tuple[str, ...], expected_version: int | None) -> None:
    if case.status not in allowed:
        raise ValidationError(
            _("Nothing was changed: %(state)s") % {"state": state_message(case)}, code="state"
        )
    if expected_version is not None and case.version != expected_version:
        raise ValidationError(
            _(
                "Someone changed this transfer after you opened it (%(state)s) Reload the "
                "page and check it before you try again."
            )
            % {"state": state_message(case)},
            code="stale",
        )


def case_event(case: Transfer, member: Member, kind: str, day: dt.date, title: str, actor: Any,
           detail: str = "", unit: Unit | None = None) -> None:  # fmt: skip
    member_services.member_event_add(
        member=member,
        kind=kind,
        date=day,
        title=title,
        detail=detail,
        unit=unit,
        actor=actor,
        source=case,
    )


def save_case(case: Transfer, actor: Any) -> None:
    case.version += 1
    case._history_user = actor
    case.save()


def destination_name(case: Transfer) -> str:
    if case.to_unit_id:
        return case.to_unit.name
    return case.destination_note or "—"


# --- checks --------------------------------------------------------------------------


def destination_check(*, member: Member, to_unit: Unit | None) -> None:
    """A transfer goes to a grassroots union (any, in any province; its own union too,
    which then picks the branch) or to another branch of the member's own union.
    Raises ValidationError on the `to_unit` field."""
    if to_unit is None:
        raise ValidationError({"to_unit": _("Choose the receiving unit.")})
    if not to_unit.is_active:
        raise ValidationError({"to_unit": _("%s is no longer active.") % to_unit.name})
    if to_unit.pk == member.unit_id:
        raise ValidationError({"to_unit": _("The member is already registered there.")})
    if to_unit.kind.is_grassroots:
        return
    if to_unit.kind.is_branch:
        own = grassroots_of(member.unit)
        if is_within(to_unit.path, own.path, include_self=False):
            return
        raise ValidationError(
            {
                "to_unit": _(
                    "A branch can be chosen only within your own grassroots union; for "
                    "another union choose the union, which will pick the branch."
                )
            }
        )
    raise ValidationError(
        {
            "to_unit": _(
                "Choose a grassroots union (đoàn cơ sở or chi đoàn cơ sở) or a branch of "
                "your own union."
            )
        }
    )


def dues_month_check(month: dt.date | None, *, member: Member, on: dt.date) -> dt.date:
    """The "dues paid through" month: given, not after the month of the comment (dues are
    collected up to the transfer), not before the member's admission."""
    if month is None:
        raise ValidationError(
            {"dues_paid_through": _("Give the last month the member's dues were paid.")}
        )
    month = first_of_month(month)
    if month > first_of_month(on):
        raise ValidationError(
            {
                "dues_paid_through": _(
                    "Dues are collected up to the transfer: the month cannot be after %(month)s."
                )
                % {"month": month_label(on)}
            }
        )
    if member.admission_date and month < first_of_month(member.admission_date):
        raise ValidationError(
            {
                "dues_paid_through": _("The month is before the member was admitted (%(month)s).")
                % {"month": month_label(member.admission_date)}
            }
        )
    return month


def scope_of(from_grassroots: Unit, to_grassroots: Unit) -> str:
    if from_grassroots.pk == to_grassroots.pk:
        return TransferScope.WITHIN
    if province_path(from_grassroots.path) != province_path(to_grassroots.path):
        return TransferScope.PROVINCES
    return TransferScope.BETWEEN


def check_member_free(member: Member, kind: str) -> None:
    """One undecided case per member; no new arrangement over a lasting one that it
    would contradict (end the temporary activity before an official transfer...)."""
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError(
            _("Only an active member can start a transfer; %(name)s is: %(status)s.")
            % {"name": member.full_name, "status": member.get_status_display()}
        )
    open_case = Transfer.objects.filter(member=member, status__in=OPEN_STATUSES).first()
    if open_case is not None:
        raise ValidationError(
            _("%(name)s already has a transfer in progress: %(state)s")
            % {"name": member.full_name, "state": state_message(open_case)}
        )
    blocking = {
        TransferKind.OFFICIAL: LASTING_KINDS,
        TransferKind.TEMPORARY: (TransferKind.TEMPORARY, TransferKind.WORKING_FAR),
        TransferKind.WORKING_FAR: (TransferKind.TEMPORARY, TransferKind.WORKING_FAR),
        TransferKind.RESIDENCE: (TransferKind.RESIDENCE,),
    }[kind]
    lasting = Transfer.objects.filter(
        member=member, kind__in=blocking, status=TransferStatus.RECEIVED
    ).first()
    if lasting is not None:
        raise ValidationError(
            _("End the current arrangement first: %(kind)s since %(date)s.")
            % {"kind": lasting.get_kind_display(), "date": d(lasting.received_on)}
        )


def requested_on_check(member: Member, requested_on: dt.date | None) -> dt.date:
    day = requested_on or today()
    check_day(day, "requested_on", not_before=unit_period_start(member))
    return day


def deadline_of(member: Member, day: dt.date) -> dt.date:
    days = rules.get("transfer.deadline_days", on=day, unit=member.unit)
    return day + dt.timedelta(days=int(days))


def receiving_branch_check(case: Transfer, to_branch: Unit | None) -> Unit:
    """The branch the member is registered in: the receiving unit itself when it is a
    branch, else one of the active branches below it."""
    if to_branch is None:
        if case.to_unit.kind.is_branch:
            return case.to_unit
        raise ValidationError({"to_branch": _("Choose the branch that receives the member.")})
    if not to_branch.is_active or not to_branch.kind.is_branch:
        raise ValidationError({"to_branch": _("Choose an active branch.")})
    if not is_within(to_branch.path, case.to_path):
        raise ValidationError(
            {"to_branch": _("Choose a branch of %(unit)s.") % {"unit": case.to_unit.name}}
        )
    return to_branch
