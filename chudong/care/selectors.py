"""Every read of the care app.

Two kinds of reader:
- care.view at a unit sees *counts* for the unit and each direct sub-unit (by
  circumstance, with or without a plan, supported this year; rights cases by area, open
  and overdue), never a name, a circumstance of a person, or the content of a request;
- members.sensitive at the case's unit sees the people and the cases, and every such read
  (a list with names, a case, an export, a member's panel, a file) is logged through
  `policy.log_sensitive_read` before anything is shown.

A member's hardship also rests on the member's consent (privacy.SensitiveFieldRule
"hardship", decided by privacy.selectors): without it a member's case is listed, shown and
exported with the "no consent" marker in place of the person and the circumstances, a
filter on a circumstance does not match it, and its content is not read, changed or
logged. Cases of young people who are not members keep members.sensitive alone (chudong
keeps no consent for them: docs/privacy.md).

Counts are one range scan of `unit_path` grouped by the path prefix of the direct
sub-units (`Substr(unit_path, 1, len(unit.path) + STEP_WIDTH)`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.http import Http404

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.access.models import RoleAssignment
from chudong.core.paths import STEP_WIDTH, ancestors_of, subtree_q
from chudong.orgs.models import Unit, UnitStatus

from .models import (
    CIRCUMSTANCE_FIELDS,
    CareFile,
    CaseStatus,
    Circumstance,
    HardshipCase,
    RightsArea,
    RightsCase,
    RightsStatus,
)

LIST_LIMIT = 200
EXPORT_CHUNK = 500
HARDSHIP_FIELD = "hardship"  # the privacy.SensitiveFieldRule that covers a member's hardship


# --- Fetch and authorise one object ------------------------------------------------------


def _authorise(actor: Any, path: str, cap: Cap) -> None:
    if not policy.can_at_path(actor, Cap.UNITS_VIEW, path):
        raise Http404
    if not policy.can_at_path(actor, cap, path):
        raise PermissionDenied
    if cap == Cap.CARE_MANAGE and not policy.can_at_path(actor, Cap.MEMBERS_SENSITIVE, path):
        raise PermissionDenied


def access_hardship(
    actor: Any, hardship_id: Any, *, cap: Cap = Cap.MEMBERS_SENSITIVE, content: bool = False
):
    """The case with its unit and member; 404 when missing or out of sight, 403 without
    `cap` (members.sensitive to read; care.manage plus members.sensitive to change), and
    with `content` (the edit form, which shows what it changes) 403 for a member's case
    whose hardship may not be shown (`require_hardship_shown`)."""
    try:
        case = HardshipCase.objects.select_related("unit", "unit__kind", "member").get(
            pk=int(hardship_id)
        )
    except (HardshipCase.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    _authorise(actor, case.unit_path, cap)
    if content:
        require_hardship_shown(case)
    return case


def access_rights(actor: Any, rights_case_id: Any, *, cap: Cap = Cap.MEMBERS_SENSITIVE):
    """Like access_hardship, for a rights case."""
    try:
        case = RightsCase.objects.select_related("unit", "unit__kind", "member", "handler").get(
            pk=int(rights_case_id)
        )
    except (RightsCase.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    _authorise(actor, case.unit_path, cap)
    return case


def access_file(actor: Any, care_file_id: Any) -> CareFile:
    """A file of a case the actor may read (members.sensitive at the case's unit; for a
    member's hardship case, also the member's consent: 403 without it)."""
    try:
        row = CareFile.objects.select_related("hardship", "hardship__member", "rights").get(
            pk=int(care_file_id)
        )
    except (CareFile.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    _authorise(actor, row.case.unit_path, Cap.MEMBERS_SENSITIVE)
    if row.hardship_id:
        require_hardship_shown(row.hardship)
    return row


# --- Consent: what of a member's hardship officers may see ----------------------------


def hardship_state(case: HardshipCase, *, on: dt.date | None = None):
    """The privacy decision on the case's hardship (privacy.selectors.FieldVisibility:
    `shown` and the note saying on which basis, or why not), or None for a young person
    who is not a member. One query."""
    from chudong.privacy.selectors import visible_sensitive

    if not case.member_id:
        return None
    return visible_sensitive(case.member, on=on)[HARDSHIP_FIELD]


def require_hardship_shown(case: HardshipCase) -> None:
    """403 for a member's case whose hardship may not be shown: its content is neither
    read (edit form, files) nor changed (plan, support, closing) without the consent."""
    state = hardship_state(case)
    if state is not None and not state.shown:
        raise PermissionDenied(state.note)


def mark_hardship_shown(cases: list[HardshipCase], *, on: dt.date | None = None) -> None:
    """Set on each case `content_shown` (its person and circumstances may be shown) and
    `hidden_note` (why not, naming the consent purpose): two queries for the members of
    the page or the export chunk (privacy.selectors.visible_sensitive_many), none per row."""
    from chudong.privacy.selectors import visible_sensitive_many

    member_ids = sorted({case.member_id for case in cases if case.member_id})
    states = visible_sensitive_many(member_ids, on=on) if member_ids else {}
    for case in cases:
        state = states[case.member_id][HARDSHIP_FIELD] if case.member_id else None
        case.content_shown = state is None or state.shown
        case.hidden_note = "" if case.content_shown else state.note


def hardship_shown_q(*, on: dt.date | None = None) -> Q:
    """A condition on cases keeping those whose circumstances officers may see on `on`:
    a young person who is not a member, or a member whose hardship may be shown. A filter
    on a circumstance must not reveal it for a member who has not consented."""
    from chudong.privacy.selectors import sensitive_shown_q

    member_shown = sensitive_shown_q(HARDSHIP_FIELD, on=on, prefix="member__")
    if not member_shown:  # a basis other than consent: every member's hardship is shown
        return Q()
    return Q(member__isnull=True) | member_shown


def log_case_read(
    *,
    actor: Any,
    case: Any,
    request_path: str,
    purpose: str,
    fields: tuple[str, ...] = ("name", "circumstances", "content"),
) -> None:
    kind = "care_hardship" if isinstance(case, HardshipCase) else "care_rights"
    policy.log_sensitive_read(
        actor=actor,
        subject_type=kind,
        subject_id=case.pk,
        subject_label=f"#{case.pk} {case.unit.name}",
        unit_path=case.unit_path,
        fields=fields,
        purpose=purpose,
        request_path=request_path,
    )


def log_list_read(
    *, actor: Any, unit: Unit, kind: str, count: int, request_path: str, purpose: str = "list"
) -> None:
    policy.log_sensitive_read(
        actor=actor,
        subject_type=f"care_{kind}_list",
        subject_id=unit.pk,
        subject_label=f"{unit.name}: {count}",
        unit_path=unit.path,
        fields=["name", "circumstances"],
        purpose=purpose,
        request_path=request_path,
    )


def may_read_names(actor: Any, unit: Unit) -> bool:
    return policy.can(actor, Cap.MEMBERS_SENSITIVE, unit)


def may_manage(actor: Any, unit: Unit) -> bool:
    return policy.can(actor, Cap.CARE_MANAGE, unit) and may_read_names(actor, unit)


def may_manage_hardship(actor: Any, case: HardshipCase) -> bool:
    """Whether the case page offers its changes: a manager of the unit, on a case whose
    content may be shown (`mark_hardship_shown` ran: nothing is changed unseen)."""
    return case.content_shown and may_manage(actor, case.unit)


# --- Counts for care.view (never names) ------------------------------------------------


@dataclass
class CountRow:
    unit: Unit | None  # None: cases recorded at the unit itself
    hardship_open: int = 0
    hardship_closed: int = 0
    with_plan: int = 0
    without_plan: int = 0
    supported_this_year: int = 0
    by_circumstance: dict[str, int] = field(default_factory=dict)
    rights_open: int = 0
    rights_overdue: int = 0
    rights_closed: int = 0
    rights_by_area: dict[str, int] = field(default_factory=dict)

    def add(self, other: CountRow) -> None:
        for name in (
            "hardship_open",
            "hardship_closed",
            "with_plan",
            "without_plan",
            "supported_this_year",
            "rights_open",
            "rights_overdue",
            "rights_closed",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for mine, theirs in (
            (self.by_circumstance, other.by_circumstance),
            (self.rights_by_area, other.rights_by_area),
        ):
            for key, value in theirs.items():
                mine[key] = mine.get(key, 0) + value


@dataclass
class CareSummary:
    total: CountRow
    own: CountRow
    children: list[CountRow]
    circumstances: list[tuple[str, str]]
    areas: list[tuple[str, str]]

    @property
    def circumstance_counts(self) -> list[tuple[str, int]]:
        """(label, open cases) for the whole subtree, in the order of the choices."""
        return [
            (label, self.total.by_circumstance.get(code, 0)) for code, label in self.circumstances
        ]

    @property
    def area_counts(self) -> list[tuple[str, int]]:
        return [(label, self.total.rights_by_area.get(code, 0)) for code, label in self.areas]


def overdue_q(day: dt.date) -> Q:
    """Open rights cases past a deadline on `day` (no first response, or not settled)."""
    return ~Q(status=RightsStatus.CLOSED) & (
        Q(first_response_on__isnull=True, respond_by__lt=day) | Q(close_by__lt=day)
    )


def _prefix(unit: Unit):
    return Substr("unit_path", 1, len(unit.path) + STEP_WIDTH)


def care_summary(*, actor: Any, unit: Unit, day: dt.date) -> CareSummary:
    """Counts for the unit's subtree, split by direct sub-unit (3 queries). Needs care.view
    at `unit` (checked here again)."""
    policy.require(actor, Cap.CARE_VIEW, unit)
    year_start = day.replace(month=1, day=1)
    open_q = Q(status=CaseStatus.OPEN)
    hardship_aggregates = {
        "hardship_open": Count("pk", filter=open_q),
        "hardship_closed": Count("pk", filter=Q(status=CaseStatus.CLOSED)),
        "with_plan": Count("pk", filter=open_q & Q(has_plan=True)),
        "without_plan": Count("pk", filter=open_q & Q(has_plan=False)),
        "supported_this_year": Count("pk", filter=Q(last_support_on__gte=year_start)),
        **{
            f"c_{code}": Count("pk", filter=open_q & Q(**{name: True}))
            for code, name in CIRCUMSTANCE_FIELDS.items()
        },
    }
    hardship_rows = (
        HardshipCase.objects.filter(subtree_q("unit_path", unit.path))
        .annotate(prefix=_prefix(unit))
        .values("prefix")
        .annotate(**hardship_aggregates)
        .order_by()
    )
    open_rights = ~Q(status=RightsStatus.CLOSED)
    rights_aggregates = {
        "rights_open": Count("pk", filter=open_rights),
        "rights_overdue": Count("pk", filter=overdue_q(day)),
        "rights_closed": Count("pk", filter=Q(status=RightsStatus.CLOSED)),
        **{f"a_{code}": Count("pk", filter=Q(area=code)) for code in RightsArea.values},
    }
    rights_rows = (
        RightsCase.objects.filter(subtree_q("unit_path", unit.path))
        .annotate(prefix=_prefix(unit))
        .values("prefix")
        .annotate(**rights_aggregates)
        .order_by()
    )
    children = list(
        Unit.objects.filter(parent=unit).select_related("kind").order_by("status", "path")
    )
    by_path: dict[str, CountRow] = {child.path: CountRow(unit=child) for child in children}
    own = CountRow(unit=None)
    by_path[unit.path] = own
    for row in hardship_rows:
        target = by_path.get(row["prefix"])
        if target is None:
            continue
        for name in (
            "hardship_open",
            "hardship_closed",
            "with_plan",
            "without_plan",
            "supported_this_year",
        ):
            setattr(target, name, row[name])
        target.by_circumstance = {code: row[f"c_{code}"] for code in CIRCUMSTANCE_FIELDS}
    for row in rights_rows:
        target = by_path.get(row["prefix"])
        if target is None:
            continue
        for name in ("rights_open", "rights_overdue", "rights_closed"):
            setattr(target, name, row[name])
        target.rights_by_area = {code: row[f"a_{code}"] for code in RightsArea.values}
    total = CountRow(unit=unit)
    for row in by_path.values():
        total.add(row)
    shown = [
        by_path[c.path] for c in children if c.status == UnitStatus.ACTIVE or _any(by_path[c.path])
    ]
    return CareSummary(
        total=total,
        own=own,
        children=shown,
        circumstances=list(Circumstance.choices),
        areas=list(RightsArea.choices),
    )


def _any(row: CountRow) -> bool:
    return bool(row.hardship_open or row.hardship_closed or row.rights_open or row.rights_closed)


def overdue_counts(units: list[Unit], day: dt.date) -> dict[int, int]:
    """orgs.registry.Warning: open rights cases past a deadline, per unit's subtree (one
    query; each unit is a range on the indexed path)."""
    if not units:
        return {}
    aggregates = {str(u.pk): Count("pk", filter=subtree_q("unit_path", u.path)) for u in units}
    scope = Q()
    for u in units:
        scope |= subtree_q("unit_path", u.path)
    row = RightsCase.objects.filter(overdue_q(day)).filter(scope).aggregate(**aggregates)
    return {u.pk: row[str(u.pk)] or 0 for u in units}


def open_hardship_counts(units: list[Unit]) -> dict[int, int]:
    """orgs.registry.Figure: open cases in each unit's subtree (a count, no names)."""
    if not units:
        return {}
    aggregates = {str(u.pk): Count("pk", filter=subtree_q("unit_path", u.path)) for u in units}
    scope = Q()
    for u in units:
        scope |= subtree_q("unit_path", u.path)
    row = HardshipCase.objects.filter(status=CaseStatus.OPEN).filter(scope).aggregate(**aggregates)
    return {u.pk: row[str(u.pk)] or 0 for u in units}


# --- Lists and cases for members.sensitive (logged) -----------------------------------


def hardship_list(
    *,
    actor: Any,
    unit: Unit,
    status: str = "open",
    circumstance: str = "",
    request_path: str = "",
) -> list[HardshipCase]:
    """The register of the subtree (at most LIST_LIMIT rows, newest first within units).
    Needs members.sensitive; the read is logged."""
    policy.require(actor, Cap.CARE_VIEW, unit)
    policy.require(actor, Cap.MEMBERS_SENSITIVE, unit)
    qs = HardshipCase.objects.filter(subtree_q("unit_path", unit.path))
    if status in CaseStatus.values:
        qs = qs.filter(status=status)
    if circumstance in CIRCUMSTANCE_FIELDS:
        # Matching a circumstance would reveal it: members without consent never match.
        qs = qs.filter(**{CIRCUMSTANCE_FIELDS[circumstance]: True}).filter(hardship_shown_q())
    rows = list(
        qs.select_related("unit", "member").order_by("unit_path", "-opened_on", "-id")[:LIST_LIMIT]
    )
    mark_hardship_shown(rows)
    log_list_read(
        actor=actor,
        unit=unit,
        kind="hardship",
        count=sum(1 for row in rows if row.content_shown),
        request_path=request_path,
    )
    return rows


def hardship_detail(*, actor: Any, case: HardshipCase, request_path: str = "") -> dict:
    """A case with its plan, support and files; the read is logged. For a member whose
    hardship may not be shown, only the case's unit, dates and status: nothing else is
    read, nor logged, and `hidden_note` says why."""
    mark_hardship_shown([case])
    if not case.content_shown:
        return {
            "plan_items": [],
            "supports": [],
            "support_total": 0,
            "files": [],
            "hidden_note": case.hidden_note,
        }
    log_case_read(actor=actor, case=case, request_path=request_path, purpose="case")
    supports = list(case.supports.all())
    return {
        "plan_items": list(case.plan_items.all()),
        "supports": supports,
        "support_total": sum(s.value_vnd for s in supports),
        "files": list(case.files.all()),
        "hidden_note": "",
    }


def hardship_export_rows(*, actor: Any, unit: Unit, request_path: str = ""):
    """Rows of the register for the .xlsx export (every case of the subtree, open first);
    needs members.sensitive, logged."""
    policy.require(actor, Cap.MEMBERS_SENSITIVE, unit)
    qs = (
        HardshipCase.objects.filter(subtree_q("unit_path", unit.path))
        .select_related("unit", "member")
        .annotate(support_total=Sum("supports__value_vnd"), support_count=Count("supports"))
        .order_by("status", "unit_path", "-opened_on", "-id")
    )
    log_list_read(
        actor=actor,
        unit=unit,
        kind="hardship",
        count=qs.filter(hardship_shown_q()).count(),
        request_path=request_path,
        purpose="export",
    )
    return _marked_in_chunks(qs.iterator(chunk_size=EXPORT_CHUNK))


def _marked_in_chunks(rows):
    """The export's cases, each marked by `mark_hardship_shown` a chunk at a time."""
    chunk: list[HardshipCase] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == EXPORT_CHUNK:
            mark_hardship_shown(chunk)
            yield from chunk
            chunk = []
    mark_hardship_shown(chunk)
    yield from chunk


def rights_list(
    *,
    actor: Any,
    unit: Unit,
    day: dt.date,
    status: str = "open",
    overdue: bool = False,
    request_path: str = "",
) -> list[RightsCase]:
    """Rights cases of the subtree; needs members.sensitive, logged."""
    policy.require(actor, Cap.CARE_VIEW, unit)
    policy.require(actor, Cap.MEMBERS_SENSITIVE, unit)
    qs = RightsCase.objects.filter(subtree_q("unit_path", unit.path))
    if overdue:
        qs = qs.filter(overdue_q(day))
    elif status == "open":
        qs = qs.exclude(status=RightsStatus.CLOSED)
    elif status == "closed":
        qs = qs.filter(status=RightsStatus.CLOSED)
    rows = list(
        qs.select_related("unit", "member", "handler").order_by("close_by", "-id")[:LIST_LIMIT]
    )
    log_list_read(actor=actor, unit=unit, kind="rights", count=len(rows), request_path=request_path)
    return rows


def rights_detail(*, actor: Any, case: RightsCase, request_path: str = "") -> dict:
    log_case_read(actor=actor, case=case, request_path=request_path, purpose="case")
    return {
        "steps": list(case.steps.select_related("recorded_by")),
        "files": list(case.files.all()),
    }


def member_cases(*, actor: Any, member: Any, request_path: str = "") -> dict:
    """A member's cases for the member page panel; needs members.sensitive over the
    member (checked here again), logged."""
    if not policy.can_at_path(actor, Cap.MEMBERS_SENSITIVE, member.unit_path):
        raise PermissionDenied
    from chudong.privacy.selectors import visible_sensitive

    # Hardship rests on the member's consent (privacy.SensitiveFieldRule "hardship"):
    # without it the panel names no circumstance, only the marker.
    hardship_state = visible_sensitive(member)[HARDSHIP_FIELD]
    hardship = []
    if hardship_state.shown:
        hardship = list(member.hardship_cases.select_related("unit").order_by("-opened_on"))
    rights = list(member.rights_cases.select_related("unit").order_by("-received_on"))
    policy.log_member_read(
        actor=actor,
        member=member,
        fields=["care_cases", "rights_cases"] if hardship_state.shown else ["rights_cases"],
        purpose="member page",
        request_path=request_path,
    )
    return {"hardship": hardship, "rights": rights, "hardship_state": hardship_state}


def handler_choices(*, unit: Unit) -> list[Any]:
    """People who may handle a rights case of `unit`: an active role at the unit or above
    that records care work and reads sensitive data."""
    day = policy.today()
    rows = (
        RoleAssignment.objects.filter(
            unit__path__in=[*ancestors_of(unit.path), unit.path],
            start_date__lte=day,
            unit__status=UnitStatus.ACTIVE,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .select_related("user", "role")
        .order_by("-unit__path", "role__order", "user__full_name")
    )
    needed = {Cap.CARE_MANAGE.value, Cap.MEMBERS_SENSITIVE.value}
    users: dict[int, Any] = {}
    for row in rows:
        if row.user.is_active and needed <= set(row.role.capabilities):
            users.setdefault(row.user_id, row.user)
    return list(users.values())


def care_home_units(*, actor: Any) -> list[Unit]:
    """The top units where the actor sees care figures."""
    roots = policy.visible_roots(actor, Cap.CARE_VIEW)
    return list(
        Unit.objects.filter(path__in=roots, status=UnitStatus.ACTIVE)
        .select_related("kind")
        .order_by("path")
    )
