"""Every write on the unit tree: found, edit, rename, move, merge, split, dissolve.

Each function takes the acting user first, checks access through `chudong.access.policy`,
validates, and writes inside one transaction, locking the units it changes in path order
(one helper, one order, so two restructurings cannot deadlock). Structural changes close
the affected units' current versions on the effective date and leave a Restructuring row
with lineage links; records of other apps follow through `orgs.registry`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.paths import encode_step, subtree_q
from chudong.core.text import fold, sort_key

from . import registry
from .models import (
    LinkRole,
    Restructuring,
    RestructuringKind,
    RestructuringLink,
    Unit,
    UnitKind,
    UnitStatus,
    UnitVersion,
)

# --- helpers -----------------------------------------------------------------------


def _lock(units: Iterable[Unit]) -> list[Unit]:
    """Lock the given units (and re-read them) in path order, the one order we lock in."""
    ids = sorted({u.pk for u in units})
    locked = list(Unit.objects.select_for_update().filter(pk__in=ids).order_by("path"))
    if len(locked) != len(ids):
        raise ValidationError(_("A unit was changed by someone else. Reload and try again."))
    return locked


def _check_effective(effective_on: dt.date, units: Iterable[Unit]) -> None:
    today = timezone.localdate()
    if effective_on > today:
        raise ValidationError({"effective_on": _("The effective date cannot be in the future.")})
    for unit in units:
        current = unit.versions.filter(valid_to__isnull=True).first()
        if current and effective_on < current.valid_from:
            raise ValidationError(
                {
                    "effective_on": _(
                        "%(unit)s last changed on %(date)s; the effective date must be on "
                        "or after it."
                    )
                    % {"unit": unit.name, "date": date_format(current.valid_from)}
                }
            )


def _require_restructure(actor: Any, unit: Unit) -> None:
    """Restructuring a unit is the upper level's decision (strictly above the unit)."""
    policy.require(actor, Cap.UNITS_RESTRUCTURE, unit)


def _require_create_under(actor: Any, parent: Unit) -> None:
    policy.require(actor, Cap.UNITS_VIEW, parent)
    if not policy.can_create_under(actor, Cap.UNITS_RESTRUCTURE, parent):
        raise PermissionDenied


def _next_child_path(parent: Unit | None) -> str:
    """Hand out the next path under `parent` (which the caller has locked)."""
    if parent is None:
        siblings = Unit.objects.filter(parent__isnull=True).count()
        return encode_step(siblings)
    path = parent.path + encode_step(parent.child_seq)
    Unit.objects.filter(pk=parent.pk).update(child_seq=F("child_seq") + 1)
    parent.child_seq += 1
    return path


def _open_version(unit: Unit, start: dt.date, restructuring: Restructuring | None) -> None:
    UnitVersion.objects.create(
        unit=unit,
        name=unit.name,
        kind=unit.kind,
        parent=unit.parent,
        valid_from=start,
        restructuring=restructuring,
    )


def _close_version(unit: Unit, end: dt.date) -> None:
    """End the unit's open version on `end`. A version that would end the day it began
    is removed instead (the change replaces it that same day)."""
    current = unit.versions.filter(valid_to__isnull=True).first()
    if current is None:
        return
    if current.valid_from >= end:
        current.delete()
    else:
        current.valid_to = end
        current.save(update_fields=["valid_to"])


def _new_version(unit: Unit, start: dt.date, restructuring: Restructuring) -> None:
    _close_version(unit, start)
    _open_version(unit, start, restructuring)


def _link(restructuring: Restructuring, unit: Unit, role: str) -> None:
    RestructuringLink.objects.get_or_create(restructuring=restructuring, unit=unit, role=role)


def _record(
    *,
    kind: str,
    actor: Any,
    effective_on: dt.date,
    decision_number: str,
    reason: str,
    details: dict | None = None,
) -> Restructuring:
    return Restructuring.objects.create(
        kind=kind,
        actor=actor,
        effective_on=effective_on,
        decision_number=decision_number.strip(),
        reason=reason.strip(),
        details=details or {},
    )


def _set_history_user(actor: Any, *units: Unit) -> None:
    for unit in units:
        unit._history_user = actor


def _validate_code(code: str, *, exclude: int | None = None) -> str:
    code = code.strip().upper()
    qs = Unit.objects.filter(code=code)
    if exclude:
        qs = qs.exclude(pk=exclude)
    if qs.exists():
        raise ValidationError({"code": _("Another unit already has the code %s.") % code})
    return code


def _validate_parent(kind: UnitKind, parent: Unit | None, on: dt.date) -> None:
    if kind.available_until and on > kind.available_until:
        raise ValidationError(
            {
                "kind": _("No %(kind)s can be founded after %(date)s.")
                % {"kind": kind.name, "date": date_format(kind.available_until)}
            }
        )
    if parent is None:
        return
    if not parent.is_active:
        raise ValidationError({"parent": _("%s is no longer active.") % parent.name})
    if not parent.kind.may_have_children:
        raise ValidationError(
            {"parent": _("A %(kind)s cannot have sub-units.") % {"kind": parent.kind.name}}
        )


def _apply_texts(unit: Unit) -> None:
    unit.name = " ".join(unit.name.split())
    unit.name_folded = fold(unit.name)
    unit.sort_key = sort_key(unit.name)


# --- create and edit ---------------------------------------------------------------


@transaction.atomic
def unit_create(
    *,
    actor: Any,
    parent: Unit | None,
    kind: UnitKind,
    name: str,
    code: str,
    effective_on: dt.date,
    founded_on: dt.date | None = None,
    address: str = "",
    phone: str = "",
    email: str = "",
    decision_number: str = "",
    reason: str = "",
    _system: bool = False,
) -> Unit:
    """Found a unit under `parent`. Needs units.restructure at `parent` or above.

    `_system` is for the seeding commands only (the root has no parent to authorise at).
    """
    if not _system:
        if parent is None:
            raise PermissionDenied
        _require_create_under(actor, parent)
    if parent is not None:
        (parent,) = _lock([parent])
    _validate_parent(kind, parent, effective_on)
    if not _system:
        _check_effective(effective_on, [parent] if parent else [])
    unit = Unit(
        code=_validate_code(code),
        name=name,
        kind=kind,
        parent=parent,
        founded_on=founded_on,
        valid_from=effective_on,
        address=address,
        phone=phone,
        email=email,
    )
    _apply_texts(unit)
    unit.path = _next_child_path(parent)
    unit.refresh_depth()
    unit.full_clean()
    _set_history_user(actor, unit)
    unit.save()
    restructuring = _record(
        kind=RestructuringKind.CREATE,
        actor=actor,
        effective_on=effective_on,
        decision_number=decision_number,
        reason=reason,
    )
    _link(restructuring, unit, LinkRole.TARGET)
    if parent is not None:
        _link(restructuring, parent, LinkRole.NEW_PARENT)
    _open_version(unit, effective_on, restructuring)
    return unit


EDITABLE_FIELDS = ("address", "phone", "email", "founded_on")


@transaction.atomic
def unit_update_details(*, actor: Any, unit: Unit, **values: Any) -> Unit:
    """Edit contacts and founding date (units.manage, the unit's own leadership included).

    Structural fields (name, kind, parent) change only through restructuring services.
    """
    policy.require(actor, Cap.UNITS_MANAGE, unit)
    (unit,) = _lock([unit])
    changed = []
    for name in EDITABLE_FIELDS:
        if name in values and getattr(unit, name) != values[name]:
            setattr(unit, name, values[name])
            changed.append(name)
    if changed:
        unit.full_clean()
        _set_history_user(actor, unit)
        unit.save(update_fields=changed)
    return unit


# --- rename ------------------------------------------------------------------------


@transaction.atomic
def unit_rename(
    *,
    actor: Any,
    unit: Unit,
    name: str,
    effective_on: dt.date,
    decision_number: str = "",
    reason: str = "",
    code: str | None = None,
) -> Restructuring:
    _require_restructure(actor, unit)
    (unit,) = _lock([unit])
    if not unit.is_active:
        raise ValidationError(_("%s is no longer active.") % unit.name)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Enter the new name.")})
    if name == unit.name and (not code or code.strip().upper() == unit.code):
        raise ValidationError({"name": _("The new name is the same as the current one.")})
    _check_effective(effective_on, [unit])
    old_name, old_code = unit.name, unit.code
    unit.name = name
    if code:
        unit.code = _validate_code(code, exclude=unit.pk)
    _apply_texts(unit)
    unit.full_clean()
    _set_history_user(actor, unit)
    unit.save(update_fields=["name", "name_folded", "sort_key", "code"])
    restructuring = _record(
        kind=RestructuringKind.RENAME,
        actor=actor,
        effective_on=effective_on,
        decision_number=decision_number,
        reason=reason,
        details={
            "old_name": old_name,
            "new_name": name,
            "old_code": old_code,
            "new_code": unit.code,
        },
    )
    _link(restructuring, unit, LinkRole.SOURCE)
    _link(restructuring, unit, LinkRole.TARGET)
    _new_version(unit, effective_on, restructuring)
    return restructuring


# --- move --------------------------------------------------------------------------


def _repath_subtree(unit: Unit, new_path: str) -> int:
    """Rewrite the path of `unit` and all below it, and every registered copy of it."""
    old_path = unit.path
    cut = len(old_path) + 1
    moved = Unit.objects.filter(subtree_q("path", old_path)).update(
        path=Concat(Value(new_path), Substr("path", cut)),
        depth=F("depth") - unit.depth + (len(new_path) // 4 - 1),
    )
    for content in registry.contents():
        content.repath(old_prefix=old_path, new_prefix=new_path)
    unit.path = new_path
    unit.refresh_depth()
    return moved


@dataclass
class MovePreview:
    unit: Unit
    new_parent: Unit
    sub_units: int
    contents: list[tuple[str, int]] = field(default_factory=list)


def unit_move_validate(*, actor: Any, unit: Unit, new_parent: Unit) -> None:
    _require_restructure(actor, unit)
    _require_create_under(actor, new_parent)
    if new_parent.path.startswith(unit.path):
        raise ValidationError(
            {"new_parent": _("A unit cannot be moved under itself or its own sub-unit.")}
        )
    if new_parent.pk == unit.parent_id:
        raise ValidationError({"new_parent": _("The unit is already under %s.") % new_parent})
    if not new_parent.kind.may_have_children:
        raise ValidationError(
            {"new_parent": _("A %(kind)s cannot have sub-units.") % {"kind": new_parent.kind}}
        )
    if not new_parent.is_active or not unit.is_active:
        raise ValidationError(_("%s is no longer active.") % unit.name)


@transaction.atomic
def unit_move(
    *,
    actor: Any,
    unit: Unit,
    new_parent: Unit,
    effective_on: dt.date,
    decision_number: str = "",
    reason: str = "",
) -> Restructuring:
    """Move `unit` with everything below it under `new_parent`.

    Needs units.restructure over the unit (strictly above it) and over the new parent.
    """
    unit_move_validate(actor=actor, unit=unit, new_parent=new_parent)
    old_parent = unit.parent
    locked = _lock([u for u in (unit, new_parent, old_parent) if u is not None])
    by_id = {u.pk: u for u in locked}
    unit, new_parent = by_id[unit.pk], by_id[new_parent.pk]
    unit_move_validate(actor=actor, unit=unit, new_parent=new_parent)
    # The new parent too: the unit's new version must not point at a parent that was not
    # yet (or not so) in the tree on the effective date.
    _check_effective(effective_on, [unit, new_parent])
    new_path = _next_child_path(new_parent)
    count = Unit.objects.filter(subtree_q("path", unit.path)).count()
    _repath_subtree(unit, new_path)
    unit.parent = new_parent
    _set_history_user(actor, unit)
    unit.save(update_fields=["parent"])
    restructuring = _record(
        kind=RestructuringKind.MOVE,
        actor=actor,
        effective_on=effective_on,
        decision_number=decision_number,
        reason=reason,
        details={
            "old_parent": old_parent.name if old_parent else "",
            "new_parent": new_parent.name,
            "units_moved": count,
        },
    )
    _link(restructuring, unit, LinkRole.SOURCE)
    _link(restructuring, unit, LinkRole.TARGET)
    if old_parent is not None:
        _link(restructuring, old_parent, LinkRole.OLD_PARENT)
    _link(restructuring, new_parent, LinkRole.NEW_PARENT)
    _new_version(unit, effective_on, restructuring)
    return restructuring


# --- merge -------------------------------------------------------------------------


@dataclass
class NewUnitSpec:
    name: str
    code: str
    kind: UnitKind
    address: str = ""


def _move_children(source: Unit, target: Unit, effective_on: dt.date, r: Restructuring) -> int:
    moved = 0
    for child in list(source.children.filter(status=UnitStatus.ACTIVE).order_by("path")):
        new_path = _next_child_path(target)
        _repath_subtree(child, new_path)
        child.parent = target
        _set_history_user(r.actor, child)
        child.save(update_fields=["parent"])
        _new_version(child, effective_on, r)
        _link(r, child, LinkRole.MOVED)
        moved += 1
    return moved


def _retire(unit: Unit, status: str, effective_on: dt.date, actor: Any) -> None:
    unit.status = status
    unit.valid_to = effective_on
    _set_history_user(actor, unit)
    unit.save(update_fields=["status", "valid_to"])
    _close_version(unit, effective_on)
    # Role assignments at a retired unit end the day before it leaves the tree.
    last_day = max(effective_on - dt.timedelta(days=1), dt.date.min)
    from chudong.access.services import assignments_end_for_unit

    assignments_end_for_unit(unit=unit, end_date=last_day, actor=actor)


@transaction.atomic
def units_merge(
    *,
    actor: Any,
    sources: Sequence[Unit],
    effective_on: dt.date,
    into: Unit | None = None,
    new_unit: NewUnitSpec | None = None,
    new_parent: Unit | None = None,
    decision_number: str = "",
    reason: str = "",
) -> tuple[Restructuring, Unit]:
    """Merge `sources` into an existing unit `into`, or into a new unit (`new_unit`,
    founded under `new_parent`). Sub-units and records of the sources move to the result;
    the sources leave the tree with status "merged" and stay linked as its lineage."""
    if (into is None) == (new_unit is None):
        raise ValidationError(_("Choose either an existing unit or a new one to merge into."))
    sources = [s for s in sources if into is None or s.pk != into.pk]
    if len(sources) < (2 if into is None else 1):
        raise ValidationError(_("Choose at least two units to merge."))
    for source in sources:
        _require_restructure(actor, source)
        if not source.is_active:
            raise ValidationError(_("%s is no longer active.") % source.name)
    if into is not None:
        # Sub-units will be placed under `into`, as in a move: the actor needs the right
        # to found units under it (the 2025 case: a province absorbing its district unions).
        _require_create_under(actor, into)
        for source in sources:
            if into.path.startswith(source.path):
                raise ValidationError(
                    _("%(a)s lies inside %(b)s and cannot absorb it.")
                    % {"a": into.name, "b": source.name}
                )
    for locked in _lock([*sources, *([into] if into else [])]):
        # Re-read under the lock: another restructuring may have retired one of them since
        # the caller read it (or `into` was never active).
        if not locked.is_active:
            raise ValidationError(_("%s is no longer active.") % locked.name)
    children = list(
        Unit.objects.filter(parent__in=sources, status=UnitStatus.ACTIVE).order_by("path")
    )
    # Sub-units get a new version on the effective date too: it must not precede theirs.
    _check_effective(effective_on, [*sources, *([into] if into else []), *children])
    restructuring = _record(
        kind=RestructuringKind.MERGE,
        actor=actor,
        effective_on=effective_on,
        decision_number=decision_number,
        reason=reason,
        details={"sources": [s.name for s in sources]},
    )
    if into is None:
        parent = new_parent or sources[0].parent
        target = unit_create(
            actor=actor,
            parent=parent,
            kind=new_unit.kind,
            name=new_unit.name,
            code=new_unit.code,
            effective_on=effective_on,
            founded_on=effective_on,
            address=new_unit.address,
            decision_number=decision_number,
            reason=reason,
        )
        target.refresh_from_db()
    else:
        target = Unit.objects.get(pk=into.pk)
    moved: dict[str, int] = {"units": 0}
    for source in sources:
        source.refresh_from_db()
        moved["units"] += _move_children(source, target, effective_on, restructuring)
        for content in registry.contents():
            moved[content.key] = moved.get(content.key, 0) + content.move_all(
                source=source, target=target, restructuring=restructuring
            )
        _retire(source, UnitStatus.MERGED, effective_on, actor)
        _link(restructuring, source, LinkRole.SOURCE)
    _link(restructuring, target, LinkRole.TARGET)
    restructuring.details = {**restructuring.details, "target": target.name, "moved": moved}
    restructuring.save(update_fields=["details"])
    return restructuring, target


# --- split -------------------------------------------------------------------------


@transaction.atomic
def unit_split(
    *,
    actor: Any,
    unit: Unit,
    new_units: Sequence[NewUnitSpec],
    child_targets: dict[int, int],
    content_targets: dict[str, dict[int, int]],
    effective_on: dt.date,
    decision_number: str = "",
    reason: str = "",
) -> tuple[Restructuring, list[Unit]]:
    """Split `unit` into the new units described by `new_units` (at least two), founded
    under the same upper unit. `child_targets` maps each active sub-unit id to the index
    of its new unit; `content_targets[key]` does the same for each record of a registered
    content. Everything must be assigned; the original leaves the tree as "split"."""
    _require_restructure(actor, unit)
    if len(new_units) < 2:
        raise ValidationError(_("A split needs at least two new units."))
    (unit,) = _lock([unit])
    if not unit.is_active:
        raise ValidationError(_("%s is no longer active.") % unit.name)
    children = list(unit.children.filter(status=UnitStatus.ACTIVE).order_by("path"))
    # Sub-units get a new version on the effective date too: it must not precede theirs.
    _check_effective(effective_on, [unit, *children])
    unassigned = [c.name for c in children if child_targets.get(c.pk) is None]
    if unassigned:
        raise ValidationError(_("Choose a new unit for: %s") % ", ".join(unassigned[:10]))
    for content in registry.contents():
        ids = {item.id for item in content.items(unit)}
        chosen = content_targets.get(content.key, {})
        missing = ids - set(chosen)
        if missing:
            raise ValidationError(
                _("Choose a new unit for every one of the %(n)d %(what)s.")
                % {"n": len(ids), "what": content.label()}
            )
    indexes = set(child_targets.values()) | {
        i for chosen in content_targets.values() for i in chosen.values()
    }
    if any(i < 0 or i >= len(new_units) for i in indexes):
        raise ValidationError(_("An item was assigned to a unit that does not exist."))
    restructuring = _record(
        kind=RestructuringKind.SPLIT,
        actor=actor,
        effective_on=effective_on,
        decision_number=decision_number,
        reason=reason,
        details={"source": unit.name},
    )
    targets = [
        unit_create(
            actor=actor,
            parent=unit.parent,
            kind=spec.kind,
            name=spec.name,
            code=spec.code,
            effective_on=effective_on,
            founded_on=effective_on,
            address=spec.address,
            decision_number=decision_number,
            reason=reason,
        )
        for spec in new_units
    ]
    moved: dict[str, int] = {"units": 0}
    for child in children:
        target = Unit.objects.get(pk=targets[child_targets[child.pk]].pk)
        new_path = _next_child_path(target)
        _repath_subtree(child, new_path)
        child.parent = target
        _set_history_user(actor, child)
        child.save(update_fields=["parent"])
        _new_version(child, effective_on, restructuring)
        _link(restructuring, child, LinkRole.MOVED)
        moved["units"] += 1
    for content in registry.contents():
        chosen = content_targets.get(content.key, {})
        for index, target in enumerate(targets):
            ids = [item_id for item_id, i in chosen.items() if i == index]
            if ids:
                moved[content.key] = moved.get(content.key, 0) + content.move_items(
                    ids=ids, source=unit, target=target, restructuring=restructuring
                )
    for content in registry.contents():
        follow = getattr(content, "after_split", None)
        if follow is not None:
            count = follow(source=unit, targets=targets, restructuring=restructuring)
            if count:
                moved[content.key] = moved.get(content.key, 0) + count
    unit.refresh_from_db()
    _retire(unit, UnitStatus.SPLIT, effective_on, actor)
    _link(restructuring, unit, LinkRole.SOURCE)
    for target in targets:
        _link(restructuring, target, LinkRole.TARGET)
    restructuring.details = {
        **restructuring.details,
        "targets": [t.name for t in targets],
        "moved": moved,
    }
    restructuring.save(update_fields=["details"])
    return restructuring, targets


# --- dissolve ----------------------------------------------------------------------


def dissolve_blockers(unit: Unit) -> list[str]:
    """What still stands in the way of dissolving `unit`, as sentences for the user."""
    blockers = []
    children = unit.children.filter(status=UnitStatus.ACTIVE).count()
    if children:
        blockers.append(_("%d active sub-units") % children)
    for content in registry.contents():
        n = content.count(unit)
        if n:
            blockers.append(f"{n} {content.label()}")
    return blockers


@transaction.atomic
def unit_dissolve(
    *,
    actor: Any,
    unit: Unit,
    effective_on: dt.date,
    decision_number: str = "",
    reason: str = "",
) -> Restructuring:
    """Dissolve a unit that has nothing left in it (no active sub-units, no records)."""
    _require_restructure(actor, unit)
    (unit,) = _lock([unit])
    if not unit.is_active:
        raise ValidationError(_("%s is no longer active.") % unit.name)
    blockers = dissolve_blockers(unit)
    if blockers:
        raise ValidationError(
            _("%(unit)s still has %(what)s. Move or merge them first.")
            % {"unit": unit.name, "what": ", ".join(blockers)}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for dissolving the unit.")})
    _check_effective(effective_on, [unit])
    restructuring = _record(
        kind=RestructuringKind.DISSOLVE,
        actor=actor,
        effective_on=effective_on,
        decision_number=decision_number,
        reason=reason,
    )
    _retire(unit, UnitStatus.DISSOLVED, effective_on, actor)
    _link(restructuring, unit, LinkRole.SOURCE)
    return restructuring
