"""The one place that decides who may see and do what, where.

A role held at unit U grants its capabilities over U and every unit below it (strictly
below for capabilities in BELOW_ONLY). Everything else in chudong asks here:

- `scope_q(user, cap, field)`: the filter every selector starts from;
- `can(user, cap, unit)` / `require(...)` / `get_unit(...)`: the check every service and
  access helper uses. Out of scope is answered as "not found" (404), exactly like a unit
  that does not exist; 403 only where the user may see the object but not do this.

Every view is declared with one of `public_view`, `user_view` or `scoped_view`; the access
matrix test walks the URL configuration and fails on a view that carries none of them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from chudong.core.paths import ancestors_of, subtree_q
from chudong.core.sql import cursor as prepared_cursor

from .capabilities import BELOW_ONLY, Cap

if TYPE_CHECKING:
    from chudong.orgs.models import Unit

_CACHE_ATTR = "_chudong_grants"


@dataclass(frozen=True)
class Grant:
    """One active role assignment, reduced to what decisions need."""

    assignment_id: int
    unit_id: int
    path: str
    role_code: str
    capabilities: frozenset[Cap]
    requires_2fa: bool


def today() -> dt.date:
    return timezone.localdate()


def grants(user: Any) -> list[Grant]:
    """The user's active grants today; cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    day = connection.ops.adapt_datefield_value(today())
    with prepared_cursor() as cursor:
        cursor.execute(_grants_sql(), [user.pk, day, day])
        rows = cursor.fetchall()
    result = [
        Grant(
            assignment_id=row[0],
            unit_id=row[1],
            path=row[2],
            role_code=row[3],
            capabilities=frozenset(
                Cap(c) for c in (json.loads(row[4]) if isinstance(row[4], str) else row[4])
            ),
            requires_2fa=bool(row[5]),
        )
        for row in rows
    ]
    setattr(user, _CACHE_ATTR, result)
    return result


def _grants_sql() -> str:
    """The active grants' query: it runs on every request (core.sql: written once)."""
    from chudong.core.sql import statement
    from chudong.orgs.models import Unit, UnitKind

    from .models import Role, RoleAssignment

    return statement(
        "SELECT ra.id, ra.unit_id, u.path, r.code, r.capabilities, k.requires_2fa "
        "FROM {ra} ra JOIN {unit} u ON u.id = ra.unit_id JOIN {role} r ON r.id = ra.role_id "
        "JOIN {kind} k ON k.id = u.kind_id "
        "WHERE ra.user_id = %s AND ra.start_date <= %s AND u.status = 'active' "
        "AND (ra.end_date IS NULL OR ra.end_date >= %s)",
        ra=RoleAssignment, unit=Unit, role=Role, kind=UnitKind,
    )  # fmt: skip


def forget(user: Any) -> None:
    """Drop the cached grants (after an appointment changes them within a request)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _roots(user: Any, cap: Cap) -> list[str]:
    """Minimal set of paths where `cap` is granted (nested grants collapse into the top)."""
    paths = sorted({g.path for g in grants(user) if cap in g.capabilities})
    roots: list[str] = []
    for path in paths:
        if not roots or not path.startswith(roots[-1]):
            roots.append(path)
    return roots


def scope_q(user: Any, cap: Cap, field: str = "path") -> Q:
    """Filter for rows whose unit path (in `field`) lies where the user holds `cap`."""
    include_self = cap not in BELOW_ONLY
    roots = _roots(user, cap)
    if not roots:
        return Q(pk__in=[])
    condition = Q()
    for root in roots:
        condition |= subtree_q(field, root, include_self=include_self)
    return condition


def can_at_path(user: Any, cap: Cap, path: str) -> bool:
    include_self = cap not in BELOW_ONLY
    return any(
        cap in grant.capabilities
        and path.startswith(grant.path)
        and (include_self or path != grant.path)
        for grant in grants(user)
    )


def can(user: Any, cap: Cap, unit: Unit) -> bool:
    return can_at_path(user, cap, unit.path)


def can_anywhere(user: Any, cap: Cap) -> bool:
    return any(cap in g.capabilities for g in grants(user))


def caps_anywhere(user: Any) -> frozenset[Cap]:
    """Every capability the user holds at some unit (what the menu offers)."""
    return frozenset().union(*(g.capabilities for g in grants(user)))


def can_create_under(user: Any, cap: Cap, parent: Unit) -> bool:
    """A new unit under `parent` would be strictly below it: a grant at parent suffices."""
    return any(cap in g.capabilities and parent.path.startswith(g.path) for g in grants(user))


def caps_over(user: Any, unit: Unit) -> frozenset[Cap]:
    """Every capability the user holds over `unit` (BELOW_ONLY ones only from above)."""
    held: set[Cap] = set()
    for grant in grants(user):
        if unit.path.startswith(grant.path):
            strictly_above = unit.path != grant.path
            held |= {c for c in grant.capabilities if strictly_above or c not in BELOW_ONLY}
    return frozenset(held)


def may_grant(user: Any, capabilities: Iterable[str], unit: Unit) -> bool:
    return {Cap(c) for c in capabilities} <= caps_over(user, unit)


def require(user: Any, cap: Cap, unit: Unit, *, visible_with: Cap = Cap.UNITS_VIEW) -> None:
    """Raise 404 when the user cannot see `unit` at all, 403 when they see it but lack cap."""
    if not can(user, visible_with, unit):
        raise Http404
    if not can(user, cap, unit):
        raise PermissionDenied


def get_unit(user: Any, unit_id: Any, *, cap: Cap = Cap.UNITS_VIEW) -> Unit:
    """Fetch a unit and authorise in one call; missing and out of scope are both 404."""
    from chudong.core.sql import get_with_related
    from chudong.orgs.models import Unit

    try:
        unit = get_with_related(Unit, int(unit_id), "kind", "parent")
    except (TypeError, ValueError):
        unit = None
    if unit is None:
        raise Http404
    require(user, cap, unit)
    return unit


def visible_roots(user: Any, cap: Cap = Cap.UNITS_VIEW) -> list[str]:
    return _roots(user, cap)


def ancestor_paths_visible(user: Any, unit: Unit) -> list[str]:
    """Ancestors of `unit` the user may see (for breadcrumbs that never leak parents)."""
    return [p for p in ancestors_of(unit.path) if can_at_path(user, Cap.UNITS_VIEW, p)]


def requires_two_factor(user: Any) -> bool:
    if not settings.CHUDONG_2FA_ENFORCED:
        return False
    return any(g.requires_2fa for g in grants(user))


def log_sensitive_read(
    *,
    actor: Any,
    subject_type: str,
    subject_id: int,
    subject_label: str,
    unit_path: str,
    fields: Iterable[str],
    purpose: str = "",
    request_path: str = "",
) -> None:
    """Record that `actor` read sensitive fields of one subject. Call it before showing."""
    from .models import SensitiveReadLog

    SensitiveReadLog.objects.create(
        actor=actor,
        subject_type=subject_type,
        subject_id=subject_id,
        subject_label=subject_label[:200],
        unit_path=unit_path,
        fields=",".join(fields)[:300],
        purpose=purpose[:200],
        request_path=request_path[:300],
    )


def log_member_read(
    *, actor: Any, member: Any, fields: Iterable[str], purpose: str = "", request_path: str = ""
) -> None:
    """`log_sensitive_read` of one member's record (the subject most reads are about)."""
    log_sensitive_read(
        actor=actor,
        subject_type="member",
        subject_id=member.pk,
        subject_label=member.full_name,
        unit_path=member.unit_path,
        fields=fields,
        purpose=purpose,
        request_path=request_path,
    )


# --- View declarations -------------------------------------------------------------

VIEW_KINDS = ("public", "user", "scoped")


def _mark(kind: str) -> Callable[[Callable], Callable]:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return view(*args, **kwargs)

        wrapper.access_kind = kind  # type: ignore[attr-defined]
        if kind == "public":
            return login_not_required(wrapper)
        return wrapper

    return decorator


public_view = _mark("public")
"""No login needed (login page, language switch, health check)."""

user_view = _mark("user")
"""Any logged-in user; shows only the user's own data (profile, own settings)."""

scoped_view = _mark("scoped")
"""Objects named in the URL are fetched through access helpers (404 out of scope)."""


def access_kind(view: Callable) -> str | None:
    return getattr(view, "access_kind", None)
