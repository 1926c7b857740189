"""Writes on role assignments: appointing and ending the leadership of units."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from chudong.orgs.models import Unit

from . import policy
from .capabilities import Cap
from .models import Role, RoleAssignment


def _require_manage(actor: Any, unit: Unit) -> None:
    """Appointing at `unit` is the upper level's decision: roles.manage strictly above."""
    policy.require(actor, Cap.ROLES_MANAGE, unit)


@transaction.atomic
def role_appoint(
    *,
    actor: Any,
    user: Any,
    unit: Unit,
    role: Role,
    start_date: dt.date,
    end_date: dt.date | None = None,
    decision_number: str = "",
    note: str = "",
) -> RoleAssignment:
    """Give `user` the `role` at `unit`. Needs roles.manage above the unit.

    Raises ValidationError when the unit is not active, the dates are reversed, or the
    person already holds the same role there over an overlapping period.
    """
    _require_manage(actor, unit)
    if not policy.may_grant(actor, role.capabilities, unit):
        # Nobody hands out more than they hold themselves over that unit.
        raise PermissionDenied
    # Appointments at one unit queue on its row: the overlap check below cannot race a
    # second appointment, and a unit merged or dissolved meanwhile is seen as it now is.
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not unit.is_active:
        raise ValidationError(_("%s is no longer active.") % unit.name)
    if end_date and end_date < start_date:
        raise ValidationError({"end_date": _("The end date is before the start date.")})
    overlapping = RoleAssignment.objects.filter(user=user, unit=unit, role=role).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start_date)
    )
    if end_date:
        overlapping = overlapping.filter(start_date__lte=end_date)
    if overlapping.exists():
        raise ValidationError(
            _("%(person)s already holds %(role)s at %(unit)s for part of this period.")
            % {"person": user, "role": role, "unit": unit}
        )
    assignment = RoleAssignment(
        user=user,
        unit=unit,
        role=role,
        start_date=start_date,
        end_date=end_date,
        decision_number=decision_number.strip(),
        note=note.strip(),
        appointed_by=actor,
    )
    assignment.full_clean()
    assignment._history_user = actor
    assignment.save()
    policy.forget(user)
    return assignment


@transaction.atomic
def role_end(*, actor: Any, assignment: RoleAssignment, end_date: dt.date, note: str = "") -> None:
    """End an assignment on `end_date` (its last day). Needs roles.manage above the unit."""
    _require_manage(actor, assignment.unit)
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    if end_date < assignment.start_date:
        raise ValidationError(
            {
                "end_date": _("The assignment began on %s; it cannot end before that.")
                % date_format(assignment.start_date)
            }
        )
    if assignment.end_date and assignment.end_date <= end_date:
        raise ValidationError({"end_date": _("This assignment already ends by then.")})
    assignment.end_date = end_date
    if note:
        assignment.note = (assignment.note + " " + note).strip()[:300]
    assignment._history_user = actor
    assignment.save(update_fields=["end_date", "note"])
    policy.forget(assignment.user)


@transaction.atomic
def holder_password_reset(*, actor: Any, assignment: RoleAssignment) -> str:
    """Issue a temporary password to the holder of `assignment` (roles.manage above its
    unit). Returns the password, to be shown once to the actor who hands it over."""
    _require_manage(actor, assignment.unit)
    from chudong.accounts.services import user_set_temporary_password

    user = assignment.user
    # The account is the person's, not the assignment's: a province officer who is also
    # a member of a branch must not be taken over by the branch's secretary. Every role
    # the holder has now or later must lie where the actor manages roles.
    current = RoleAssignment.objects.filter(user=user).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=policy.today())
    )
    if user.is_superuser or any(
        not policy.can(actor, Cap.ROLES_MANAGE, held.unit)
        for held in current.select_related("unit")
    ):
        raise ValidationError(
            _(
                "Cannot issue a temporary password to %(person)s: they also hold a role at a "
                "unit you do not manage. Ask the upper level that manages it."
            )
            % {"person": user.full_name or user.username}
        )
    user._history_user = actor
    return user_set_temporary_password(user=user)


def assignments_end_for_unit(*, unit: Unit, end_date: dt.date, actor: Any = None) -> int:
    """A unit left the tree: every assignment there still open after end_date ends then.

    Called by the restructuring services inside their transaction (they have authorised);
    `actor` is who decided the restructuring, for the history.
    """
    open_rows = RoleAssignment.objects.filter(unit=unit).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=end_date)
    )
    ended = 0
    for assignment in open_rows:
        assignment.end_date = max(end_date, assignment.start_date)
        assignment._history_user = actor
        assignment.save(update_fields=["end_date"])
        ended += 1
    return ended
