"""Reads of criterion 3.2: a unit's leadership against its term, a cadre's page, planning
lists, and the warnings (vacancies, posts held past the term)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.access.models import Role, RoleAssignment
from chudong.accounts.models import User
from chudong.core.paths import subtree_q
from chudong.members.models import CURRENT_STATUSES, Member
from chudong.orgs.models import Unit

from ..models import (
    BODY_ROLES,
    CADRE_ROLES,
    Evaluation,
    PartyIntroduction,
    PlanningEntry,
    PlanningStatus,
    Term,
    Training,
)
from ..rules import standing_max_share

BODY_LABELS = {
    "secretary": _("Secretary"),
    "deputy": _("Deputy secretaries"),
    "standing": _("Standing committee (BTV)"),
    "executive": _("Executive committee (BCH)"),
    "inspection": _("Inspection committee (UBKT)"),
}
BODIES = list(BODY_LABELS)


def _active_q(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


def home_units(*, actor: Any) -> list[Unit]:
    roots = policy.visible_roots(actor, Cap.ADVISORY_VIEW)
    return list(Unit.objects.select_related("kind").filter(path__in=roots).order_by("path"))


# --- Access helpers ------------------------------------------------------------------


def _visible_row(model, actor: Any, pk: Any, cap: Cap, related=("unit", "unit__kind")):
    try:
        row = model.objects.select_related(*related).get(pk=int(pk))
    except (model.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not policy.can_at_path(actor, Cap.UNITS_VIEW, row.unit_path):
        raise Http404
    if not policy.can_at_path(actor, Cap.ADVISORY_VIEW, row.unit_path):
        raise PermissionDenied
    if not policy.can_at_path(actor, cap, row.unit_path):
        raise PermissionDenied
    return row


def access_term(actor: Any, term_id: Any, *, cap: Cap = Cap.ADVISORY_VIEW) -> Term:
    """404 when missing or out of scope, 403 when seen without `cap`."""
    return _visible_row(Term, actor, term_id, cap)


def access_planning(actor: Any, entry_id: Any, *, cap: Cap = Cap.ADVISORY_VIEW) -> PlanningEntry:
    return _visible_row(
        PlanningEntry, actor, entry_id, cap, ("unit", "unit__kind", "member", "role")
    )


def access_training(actor: Any, training_id: Any) -> Training:
    return _visible_row(Training, actor, training_id, Cap.ADVISORY_VIEW)


def access_assignment(actor: Any, assignment_id: Any, *, cap: Cap = Cap.ADVISORY_VIEW):
    """A role assignment for its cadre details: 404 when missing or its unit is out of
    scope; 403 when seen without `cap`, or when it is not a leadership post."""
    try:
        assignment = RoleAssignment.objects.select_related(
            "unit", "unit__kind", "role", "user"
        ).get(pk=int(assignment_id))
    except (RoleAssignment.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    policy.require(actor, Cap.ADVISORY_VIEW, assignment.unit)
    policy.require(actor, cap, assignment.unit)
    if assignment.role.code not in CADRE_ROLES:
        raise PermissionDenied
    return assignment


@dataclass
class CadreAccess:
    cadre: User
    posts: list[RoleAssignment]  # the cadre's posts in units the actor sees (advisory.view)
    manageable: list[Unit]  # units of those posts where the actor may record


def access_cadre(actor: Any, cadre_id: Any) -> CadreAccess:
    """A cadre (an account that holds or held a leadership post). 404 when the actor sees
    none of the units of their posts; 403 when seen without advisory.view anywhere there.
    Posts in units outside the actor's scope are left out."""
    try:
        cadre = User.objects.get(pk=int(cadre_id))
    except (User.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    rows = list(
        RoleAssignment.objects.filter(user=cadre, role__code__in=CADRE_ROLES)
        .select_related("unit", "unit__kind", "role", "cadre_post", "cadre_post__term")
        .order_by("-start_date", "role__order")
    )
    seen = [a for a in rows if policy.can(actor, Cap.UNITS_VIEW, a.unit)]
    if not seen:
        raise Http404
    posts = [a for a in seen if policy.can(actor, Cap.ADVISORY_VIEW, a.unit)]
    if not posts:
        raise PermissionDenied
    manageable = []
    for a in posts:
        manages = a.unit.is_active and policy.can(actor, Cap.ADVISORY_MANAGE, a.unit)
        if manages and a.unit not in manageable:
            manageable.append(a.unit)
    return CadreAccess(cadre=cadre, posts=posts, manageable=manageable)


def unit_choices(units: list[Unit]):
    """The units of a cadre's posts the actor manages, as a queryset for a form."""
    return Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("path")


# --- A unit's leadership -------------------------------------------------------------


@dataclass
class Body:
    key: str
    label: Any
    held: int
    expected: int | None

    @property
    def vacant(self) -> int:
        return max(0, (self.expected or 0) - self.held) if self.expected is not None else 0

    @property
    def over(self) -> bool:
        return self.expected is not None and self.held > self.expected


@dataclass
class Leadership:
    unit: Unit
    day: dt.date
    term: Term | None  # the term in force, else the last one begun
    term_current: bool
    posts: list[RoleAssignment]
    bodies: list[Body]
    past_term: int  # posts held although the unit's term has ended
    terms: list[Term] = field(default_factory=list)
    share: Fraction | None = None
    standing_over_share: bool = False

    @property
    def vacancies(self) -> int:
        return sum(
            b.vacant for b in self.bodies if b.key in ("secretary", "executive", "inspection")
        )


def _bodies(rows: list[tuple[int, str]], term: Term | None) -> list[Body]:
    holders: dict[str, set[int]] = {key: set() for key in BODIES}
    for user_id, code in rows:
        for key, codes in BODY_ROLES.items():
            if code in codes:
                holders[key].add(user_id)
    return [
        Body(key, BODY_LABELS[key], len(holders[key]), term.size_of(key) if term else None)
        for key in BODIES
    ]


def unit_leadership(*, unit: Unit, day: dt.date) -> Leadership:
    """The unit's leadership on `day`: the term, each body held against its size, the
    posts (flagged when the term has ended and no new one began), the unit's terms."""
    terms = list(Term.objects.filter(unit=unit).order_by("-starts_on"))
    begun = [t for t in terms if t.starts_on <= day]
    term = begun[0] if begun else None
    current = term is not None and term.ends_on >= day
    posts = list(
        RoleAssignment.objects.filter(_active_q(day), unit=unit, role__code__in=CADRE_ROLES)
        .select_related("user", "role", "cadre_post", "cadre_post__term")
        .order_by("role__order", "user__full_name", "pk")
    )
    expired = term is not None and not current
    for post in posts:
        post.past_term = expired
        post.details = getattr(post, "cadre_post", None)
    bodies = _bodies([(p.user_id, p.role.code) for p in posts], term if current else None)
    # The Charter's share binds the elected numbers (checked when a term is recorded); a
    # term recorded before a stricter rule came into force is flagged here.
    share = standing_max_share(on=term.congress_on or term.starts_on if term else day, unit=unit)
    over_share = term is not None and term.standing_size > term.executive_size * share
    return Leadership(
        unit=unit,
        day=day,
        term=term,
        term_current=current,
        posts=posts,
        bodies=bodies,
        past_term=len(posts) if expired else 0,
        terms=terms,
        share=share,
        standing_over_share=over_share,
    )


def term_choices(unit: Unit):
    return Term.objects.filter(unit=unit).order_by("-starts_on")


# --- Cadre page ----------------------------------------------------------------------


@dataclass
class CadreRecord:
    trainings: list[Training]
    evaluations: list[Evaluation]
    planning: list[PlanningEntry]
    member: Member | None


def cadre_record(*, actor: Any, access: CadreAccess) -> CadreRecord:
    """Courses, evaluations and planning entries of a cadre, those recorded in units the
    actor sees with advisory.view."""
    cadre = access.cadre
    scope = policy.scope_q(actor, Cap.ADVISORY_VIEW, "unit_path")
    member = Member.objects.select_related("unit").filter(user=cadre).first()
    if member is not None and not policy.can_at_path(actor, Cap.MEMBERS_VIEW, member.unit_path):
        member = None  # a record the actor may not open is not even linked
    planning = []
    if member is not None:
        planning = list(
            PlanningEntry.objects.filter(scope, member=member).select_related("unit", "role")
        )
    return CadreRecord(
        trainings=list(Training.objects.filter(scope, cadre=cadre).select_related("unit")),
        evaluations=list(Evaluation.objects.filter(scope, cadre=cadre).select_related("unit")),
        planning=planning,
        member=member,
    )


# --- Planning lists ------------------------------------------------------------------


def planning_list(*, unit: Unit, include_closed: bool = False) -> list[PlanningEntry]:
    """The unit's own planning list (not the sub-units'), by post then name."""
    rows = PlanningEntry.objects.filter(unit=unit).select_related("member", "member__unit", "role")
    if not include_closed:
        rows = rows.filter(status=PlanningStatus.PLANNED)
    return list(rows.order_by("role__order", "member__sort_key", "pk"))


def cadre_roles():
    return Role.objects.filter(code__in=CADRE_ROLES).order_by("order")


def member_choices(*, unit: Unit):
    """Current members registered in the unit or in its direct sub-units (a queryset: a
    form validates a posted id). Not the whole subtree: a province's would be a select of
    hundreds of thousands of names."""
    return (
        Member.objects.filter(Q(unit=unit) | Q(unit__parent=unit), status__in=CURRENT_STATUSES)
        .select_related("unit")
        .order_by("sort_key")
    )


# --- Member panel --------------------------------------------------------------------


@dataclass
class MemberCadre:
    posts: list[RoleAssignment]
    trainings: list[Training]
    planning: list[PlanningEntry]
    introductions: list[PartyIntroduction]


def member_cadre(*, actor: Any, member: Member) -> MemberCadre:
    """What the cadres app knows of a member (the caller fetched the member through
    access_member): posts held by the member's account, courses, planning entries and
    Party introductions, each only where the actor sees advisory work."""
    scope = policy.scope_q(actor, Cap.ADVISORY_VIEW, "unit_path")
    posts: list[RoleAssignment] = []
    trainings: list[Training] = []
    if member.user_id:
        posts = [
            a
            for a in RoleAssignment.objects.filter(
                user_id=member.user_id, role__code__in=CADRE_ROLES
            )
            .select_related("unit", "role")
            .order_by("-start_date")
            if policy.can(actor, Cap.ADVISORY_VIEW, a.unit)
        ]
        trainings = list(Training.objects.filter(scope, cadre_id=member.user_id))
    return MemberCadre(
        posts=posts,
        trainings=trainings,
        planning=list(
            PlanningEntry.objects.filter(scope, member=member).select_related("unit", "role")
        ),
        introductions=list(
            PartyIntroduction.objects.filter(scope, member=member).select_related("unit")
        ),
    )


# --- Warnings ------------------------------------------------------------------------


def _either(units: list[Unit], field_name: str) -> Q:
    either = Q()
    for node in units:
        either |= subtree_q(field_name, node.path)
    return either


def past_term_counts(units: list[Unit], day: dt.date) -> dict[int, int]:
    """Warning: leadership posts still held at units whose term has ended with no new term
    begun, per unit subtree (one query: active assignments joined to the unit's terms)."""
    if not units:
        return {}
    ended = Term.objects.filter(unit=OuterRef("unit_id"), ends_on__lt=day)
    running = Term.objects.filter(unit=OuterRef("unit_id"), starts_on__lte=day, ends_on__gte=day)
    rows = (
        RoleAssignment.objects.filter(
            _active_q(day), _either(units, "unit__path"), role__code__in=CADRE_ROLES
        )
        .filter(Exists(ended))
        .exclude(Exists(running))
        .values_list("unit__path", flat=True)
    )
    paths = list(rows)
    return {node.pk: sum(1 for p in paths if p.startswith(node.path)) for node in units}


def vacancy_counts(units: list[Unit], day: dt.date) -> dict[int, int]:
    """Warning: units whose term in force has a vacant secretary, executive or inspection
    committee seat, per unit subtree (two queries: the terms in force, then the posts held
    at their units)."""
    if not units:
        return {}
    terms = list(
        Term.objects.filter(_either(units, "unit_path"), starts_on__lte=day, ends_on__gte=day)
    )
    if not terms:
        return {node.pk: 0 for node in units}
    held: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for unit_id, user_id, code in RoleAssignment.objects.filter(
        _active_q(day), unit_id__in=[t.unit_id for t in terms], role__code__in=CADRE_ROLES
    ).values_list("unit_id", "user_id", "role__code"):
        held[unit_id].append((user_id, code))
    vacant_paths = []
    for term in terms:
        bodies = _bodies(held[term.unit_id], term)
        if any(b.vacant for b in bodies if b.key in ("secretary", "executive", "inspection")):
            vacant_paths.append(term.unit_path)
    return {node.pk: sum(1 for p in vacant_paths if p.startswith(node.path)) for node in units}
