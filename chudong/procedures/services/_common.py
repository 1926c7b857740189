"""Helpers every procedure service uses: who decides (found from the tree), access
checks, dates in order, whole years and months, and row locks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.paths import ancestors_of
from chudong.orgs.models import Unit


def grassroots_union_of(unit: Unit) -> Unit | None:
    """The grassroots union (đoàn cơ sở or chi đoàn cơ sở) `unit` belongs to: the unit
    itself when it is one, else its nearest ancestor that is. One indexed query."""
    paths = [*ancestors_of(unit.path), unit.path]
    return (
        Unit.objects.filter(path__in=paths, kind__is_grassroots=True)
        .select_related("kind", "parent", "parent__kind")
        .order_by("-depth")
        .first()
    )


def upper_unit_of(unit: Unit) -> Unit | None:
    """The direct upper unit of `unit`'s grassroots union: the level that decides what the
    Charter reserves to the upper level (confirming an admission, discipline from warning
    up, reissuing a card). None when `unit` is under no grassroots union."""
    grassroots = grassroots_union_of(unit)
    return grassroots.parent if grassroots is not None else None


def may_decide_above_grassroots(actor: Any, unit: Unit, grassroots: Unit | None = None) -> bool:
    """True when the actor holds members.decide strictly above `unit`'s grassroots union
    (members.decide is a BELOW_ONLY capability: a grant at the union itself does not
    count, a grant at its upper unit or higher does)."""
    grassroots = grassroots or grassroots_union_of(unit)
    return grassroots is not None and policy.can(actor, Cap.MEMBERS_DECIDE, grassroots)


def require_unit_cap(actor: Any, cap: Cap, unit_path: str) -> None:
    """404 when the actor cannot see the unit at `unit_path`; 403 when they see it but do
    not hold members.view and `cap` there."""
    if not policy.can_at_path(actor, Cap.UNITS_VIEW, unit_path):
        raise Http404
    if not policy.can_at_path(actor, Cap.MEMBERS_VIEW, unit_path):
        raise PermissionDenied
    if not policy.can_at_path(actor, cap, unit_path):
        raise PermissionDenied


def require_upper_decider(actor: Any, unit: Unit) -> Unit:
    """The grassroots union of `unit`, when the actor may decide above it; else 403.
    A unit under no grassroots union cannot have such a decision: ValidationError."""
    grassroots = grassroots_union_of(unit)
    if grassroots is None or grassroots.parent_id is None:
        raise ValidationError(
            _("%(unit)s belongs to no grassroots union with an upper level above it.")
            % {"unit": unit.name}
        )
    if not policy.can(actor, Cap.MEMBERS_DECIDE, grassroots):
        raise PermissionDenied
    return grassroots


def lock(model: type[models.Model], pk: int) -> Any:
    """Re-read one record under a row lock (the state a step checks is read here)."""
    return model.objects.select_for_update().get(pk=pk)


def today() -> dt.date:
    return timezone.localdate()


def day_text(day: dt.date) -> str:
    return date_format(day, "d/m/Y")


def check_not_future(day: dt.date, field: str) -> None:
    if day > today():
        raise ValidationError({field: _("The date cannot be in the future.")})


def check_not_before(day: dt.date, earlier: dt.date | None, field: str, what: str) -> None:
    """`day` (the date of this step) may not come before `earlier` (a previous step)."""
    if earlier is not None and day < earlier:
        raise ValidationError(
            {
                field: _("The date cannot be before %(date)s (%(what)s).")
                % {"date": day_text(earlier), "what": what}
            }
        )


def full_years(born: dt.date, on: dt.date) -> int:
    """Age in whole years on `on` (tuổi tròn): the birthday itself counts."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def full_months(start: dt.date, end: dt.date) -> int:
    """Whole months from `start` to `end` (3 months from 15/01 is reached on 15/04)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return months


def set_actor(actor: Any, *records: models.Model) -> None:
    for record in records:
        record._history_user = actor


def clean_text(value: str | None) -> str:
    return " ".join((value or "").split())
