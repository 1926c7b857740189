"""Reads of the 3 chủ động cycle: the framework in force, cycles, indicator figures and
their drill-downs, dashboard roll-ups, warnings. Every list starts from a unit the caller
fetched through `policy.get_unit` (or an access helper here) and stays in its subtree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.paths import ancestors_of, subtree_q
from chudong.core.sql import cursor as prepared_cursor
from chudong.core.sql import statement
from chudong.orgs.models import Unit, UnitStatus
from chudong.orgs.selectors import subtree_bounds
from chudong.rules import rules

from . import indicators as registry
from .models import (
    REGISTERED_STATES,
    REVIEWED_STATES,
    SUBMITTED_STATES,
    CriterionScore,
    Cycle,
    CycleState,
    Decision,
    Evidence,
    Framework,
    IndicatorValue,
)

PLAN_DEADLINE_RULE = "recognition.plan_deadline_days"
REVIEW_DAYS_RULE = "recognition.review_days"
LIST_LIMIT = 500


# --- Frameworks ------------------------------------------------------------------------


def framework_in_force(*, unit: Unit, year: int) -> Framework | None:
    """The table of the nearest unit above (or at) `unit` that issued one covering
    `year`; else the central guidance's. Found from the tree, whatever the levels."""
    paths = [*ancestors_of(unit.path), unit.path]
    candidates = list(
        Framework.objects.filter(start_year__lte=year, end_year__gte=year)
        .filter(Q(issuer__isnull=True) | Q(issuer_path__in=paths))
        .order_by("-start_year")
    )
    if not candidates:
        return None
    return max(candidates, key=lambda f: (len(f.issuer_path), f.start_year))


def frameworks_visible(*, actor: Any, unit: Unit) -> list[Framework]:
    """The central tables, and the tables of `unit`, its ancestors and its subtree."""
    paths = [*ancestors_of(unit.path), unit.path]
    return list(
        Framework.objects.filter(
            Q(issuer__isnull=True) | Q(issuer_path__in=paths) | subtree_q("issuer_path", unit.path)
        ).select_related("issuer", "copied_from")
    )


def access_framework(actor: Any, unit: Unit, framework_id: Any) -> Framework:
    """A table seen from `unit` (fetched by the caller): the central ones, those issued
    at or above `unit` (they bind it) and those issued in its subtree; 404 otherwise."""
    try:
        framework = Framework.objects.select_related("issuer").get(pk=int(framework_id))
    except (Framework.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if framework.issuer_id and not (
        unit.path.startswith(framework.issuer_path) or framework.issuer_path.startswith(unit.path)
    ):
        raise Http404
    return framework


def framework_pillars(framework: Framework) -> list:
    pillars = list(framework.pillars.all())
    criteria = list(framework.criteria.all())
    for pillar in pillars:
        pillar.rows = [c for c in criteria if c.pillar_id == pillar.pk]
    return pillars


# --- Units and cycles ------------------------------------------------------------------


def home_units(*, actor: Any) -> list[Unit]:
    roots = policy.visible_roots(actor, Cap.RECOGNITION_VIEW)
    return list(Unit.objects.select_related("kind").filter(path__in=roots).order_by("path"))


def grassroots_below(*, unit: Unit) -> QuerySet[Unit]:
    """Active grassroots unions strictly below `unit` (those it follows and recognises,
    directly or through the levels between)."""
    return (
        Unit.objects.filter(
            subtree_q("path", unit.path, include_self=False),
            kind__is_grassroots=True,
            status=UnitStatus.ACTIVE,
        )
        .select_related("kind", "parent")
        .order_by("path")
    )


def follower_choices(*, unit: Unit):
    """Users holding an active role at a unit above `unit` (its upper levels' cadres)."""
    return _cadres(ancestors_of(unit.path))


def cadres_at(*, unit: Unit):
    """Users holding an active role at `unit` or above (who may follow units below it)."""
    return _cadres([*ancestors_of(unit.path), unit.path])


def _cadres(paths: list[str]):
    from chudong.access.models import RoleAssignment
    from chudong.accounts.models import User

    day = policy.today()
    assignments = RoleAssignment.objects.filter(unit__path__in=paths, start_date__lte=day).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day)
    )
    return User.objects.filter(pk__in=assignments.values("user_id"), is_active=True).order_by(
        "full_name"
    )


def access_cycle(actor: Any, cycle_id: Any, *, cap: Cap = Cap.RECOGNITION_VIEW) -> Cycle:
    """404 when missing or out of every visible unit, 403 when seen without `cap`."""
    try:
        cycle = Cycle.objects.select_related(
            "unit",
            "unit__kind",
            "unit__parent",
            "upper_unit",
            "framework",
            "follower",
            "decision",
        ).get(pk=int(cycle_id))
    except (Cycle.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    policy.require(actor, Cap.RECOGNITION_VIEW, cycle.unit)
    if cap != Cap.RECOGNITION_VIEW and not policy.can(actor, cap, cycle.unit):
        raise PermissionDenied
    return cycle


def cycle_of(*, unit: Unit, year: int) -> Cycle | None:
    return (
        Cycle.objects.select_related("framework", "upper_unit", "follower", "decision")
        .filter(unit=unit, year=year)
        .first()
    )


@dataclass
class CriterionLine:
    criterion: Any
    score: CriterionScore | None
    value: tuple[int, int | None] | None
    evidence: list = field(default_factory=list)

    @property
    def percent(self) -> float | None:
        if not self.value or not self.value[1]:
            return None
        return round(100 * self.value[0] / self.value[1], 1)

    @property
    def suggestion(self) -> bool | None:
        """Whether the indicator reaches the criterion's threshold (a hint, not a score)."""
        threshold = self.criterion.threshold
        if self.value is None or threshold is None:
            return None
        if self.value[1] is None:
            return self.value[0] >= threshold
        if not self.value[1]:
            return None
        return Decimal(100 * self.value[0]) / self.value[1] >= threshold


def cycle_lines(cycle: Cycle, *, live: bool) -> list:
    """Pillars with their criterion lines: the score rows, the indicator (live from the
    stored values while the unit works; frozen at submission afterwards) and evidence."""
    pillars = framework_pillars(cycle.framework)
    scores = {s.criterion_id: s for s in cycle.scores.all()}
    evidence: dict[int, list] = {}
    for item in cycle.evidence.all():
        evidence.setdefault(item.criterion_id, []).append(item)
    codes = [c.indicator_code for p in pillars for c in p.rows if c.indicator_code]
    values = stored_values(unit=cycle.unit, year=cycle.year, codes=codes) if live else {}
    for pillar in pillars:
        lines = []
        for criterion in pillar.rows:
            score = scores.get(criterion.pk)
            if live:
                value = values.get(criterion.indicator_code)
            elif score is not None and score.numerator is not None:
                value = (score.numerator, score.denominator)
            else:
                value = None
            lines.append(CriterionLine(criterion, score, value, evidence.get(criterion.pk, [])))
        pillar.lines = lines
    return pillars


def access_evidence(actor: Any, cycle: Cycle, evidence_id: Any) -> Evidence:
    try:
        return Evidence.objects.get(pk=int(evidence_id), cycle=cycle)
    except (Evidence.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


# --- Indicators ------------------------------------------------------------------------


def stored_values(*, unit: Unit, year: int, codes: list[str] | None = None) -> dict:
    """{code: (numerator, denominator)} as last computed for `unit` in `year`."""
    rows = IndicatorValue.objects.filter(unit=unit, year=year)
    if codes is not None:
        rows = rows.filter(code__in=codes)
    return {r.code: (r.numerator, r.denominator) for r in rows}


def live_values(*, unit: Unit, year: int, codes: list[str]) -> dict:
    """{code: (numerator, denominator)} computed now (used when a unit submits)."""
    result = {}
    for code in codes:
        indicator = registry.get(code)
        if indicator is not None:
            result[code] = indicator.compute([unit], year).get(unit.pk, (0, None))
    return result


@dataclass
class IndicatorLine:
    indicator: Any
    value: IndicatorValue | None
    may_open: bool


def indicator_lines(*, actor: Any, unit: Unit, year: int) -> list[IndicatorLine]:
    stored = {v.code: v for v in IndicatorValue.objects.filter(unit=unit, year=year)}
    return [
        IndicatorLine(i, stored.get(i.code), policy.can(actor, i.capability, unit))
        for i in registry.indicators()
    ]


def drilldown(*, actor: Any, unit: Unit, year: int, code: str) -> tuple[Any, list]:
    """The records behind an indicator's numerator (bounded), for one who may see them."""
    indicator = registry.get(code)
    if indicator is None:
        raise Http404
    if not policy.can(actor, indicator.capability, unit):
        raise PermissionDenied
    rows = [indicator.describe(obj) for obj in indicator.drilldown(unit, year)[:LIST_LIMIT]]
    return indicator, rows


# --- Upper level: follow, review, decisions, dashboard ---------------------------------


@dataclass
class FollowLine:
    unit: Unit
    cycle: Cycle | None
    values: dict


def follow_lines(*, unit: Unit, year: int) -> list[FollowLine]:
    """Every grassroots union below `unit` with its cycle and stored indicators (three
    queries whatever the number of units)."""
    units = list(grassroots_below(unit=unit)[:LIST_LIMIT])
    ids = [u.pk for u in units]
    cycles = {
        c.unit_id: c
        for c in Cycle.objects.filter(unit_id__in=ids, year=year).select_related("follower")
    }
    values: dict[int, dict] = {}
    for value in IndicatorValue.objects.filter(unit_id__in=ids, year=year):
        values.setdefault(value.unit_id, {})[value.code] = value
    return [FollowLine(u, cycles.get(u.pk), values.get(u.pk, {})) for u in units]


def cycles_to_review(*, unit: Unit, year: int) -> list[Cycle]:
    return list(
        Cycle.objects.filter(
            subtree_q("unit_path", unit.path, include_self=False),
            year=year,
            state=CycleState.SUBMITTED,
        )
        .select_related("unit", "upper_unit", "follower")
        .order_by("submitted_on", "unit_path")[:LIST_LIMIT]
    )


def cycles_to_recognise(*, unit: Unit, year: int) -> list[Cycle]:
    return list(
        Cycle.objects.filter(upper_unit=unit, year=year, state=CycleState.REVIEWED, passed=True)
        .select_related("unit")
        .order_by("unit_path")
    )


def decisions(*, unit: Unit) -> list[Decision]:
    return list(
        Decision.objects.filter(subtree_q("issuer_path", unit.path))
        .select_related("issuer")
        .annotate(units=Count("cycles"))
        .order_by("-signed_on", "-id")[:LIST_LIMIT]
    )


def access_decision(actor: Any, unit: Unit, decision_id: Any) -> Decision:
    """A decision seen from `unit` (fetched by the caller): issued at or below it, or
    recognising one of the units in its subtree (a union reads its own decision)."""
    try:
        decision = Decision.objects.select_related("issuer", "issuer__parent").get(
            pk=int(decision_id)
        )
    except (Decision.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if (
        not decision.issuer.path.startswith(unit.path)
        and not decision.cycles.filter(subtree_q("unit_path", unit.path)).exists()
    ):
        raise Http404
    return decision


def decision_cycles(decision: Decision) -> list[Cycle]:
    return list(decision.cycles.select_related("unit").order_by("unit__sort_key"))


# Display statuses of a union's year (the map, the stacked bars): the cycle states, with
# "returned" shown with "registered" (the unit is working on it again) and no cycle or an
# open one shown as not registered.
STATUSES = ("none", "registered", "submitted", "reviewed", "recognised", "revoked")
STATUS_OF_STATE = {
    CycleState.OPEN: "none",
    CycleState.REGISTERED: "registered",
    CycleState.RETURNED: "registered",
    CycleState.SUBMITTED: "submitted",
    CycleState.REVIEWED: "reviewed",
    CycleState.RECOGNISED: "recognised",
    CycleState.REVOKED: "revoked",
}


def status_labels() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {
        "none": _("Not registered"),
        "registered": _("Plan registered"),
        "submitted": _("Self-assessed, awaiting review"),
        "reviewed": _("Reviewed, not recognised"),
        "recognised": _("Recognised"),
        "revoked": _("Recognition revoked"),
    }


@dataclass
class Counts:
    unit: Unit
    grassroots: int = 0
    registered: int = 0
    submitted: int = 0
    reviewed: int = 0
    recognised: int = 0
    by_state: dict = field(default_factory=dict)
    year: int | None = None

    def share(self, n: int) -> int:
        return round(100 * n / self.grassroots) if self.grassroots else 0

    @property
    def recognised_share(self) -> int:
        return self.share(self.recognised)

    @property
    def registered_share(self) -> int:
        return self.share(self.registered)

    @property
    def submitted_share(self) -> int:
        return self.share(self.submitted)

    @property
    def reviewed_share(self) -> int:
        return self.share(self.reviewed)

    def set_states(self, by_state: dict) -> Counts:
        self.by_state = dict(by_state)
        self.registered = sum(by_state.get(s, 0) for s in REGISTERED_STATES)
        self.submitted = sum(by_state.get(s, 0) for s in SUBMITTED_STATES)
        self.reviewed = sum(by_state.get(s, 0) for s in REVIEWED_STATES)
        self.recognised = by_state.get(CycleState.RECOGNISED, 0)
        return self

    @property
    def statuses(self) -> list[tuple[str, int]]:
        """(display status, unions) in order, "none" being the unions without a plan."""
        counts = dict.fromkeys(STATUSES, 0)
        for state, n in self.by_state.items():
            counts[STATUS_OF_STATE.get(state, "none")] += n
        counts["none"] = max(self.grassroots - sum(counts.values()) + counts["none"], 0)
        return list(counts.items())

    @property
    def band(self) -> str:
        """Colour band of the share recognised (the map of sub-units)."""
        if not self.grassroots:
            return "empty"
        share = self.recognised_share
        return "good" if share >= 80 else "mid" if share >= 50 else "low"


def _counts(unit: Unit, year: int, *, include_self: bool) -> Counts:
    """The counts read live from the unit and cycle tables (what the roll-ups must give;
    the tests compare the two)."""
    counts = Counts(unit, year=year)
    counts.grassroots = Unit.objects.filter(
        subtree_q("path", unit.path, include_self=include_self),
        kind__is_grassroots=True,
        status=UnitStatus.ACTIVE,
    ).count()
    by_state = dict(
        Cycle.objects.filter(
            subtree_q("unit_path", unit.path, include_self=include_self), year=year
        )
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    return counts.set_states(by_state)


def summary(*, unit: Unit, year: int) -> Counts:
    """The counts over the grassroots unions strictly below `unit` (read live)."""
    return _counts(unit, year, include_self=False)


def _grassroots_by_prefix(unit: Unit) -> dict[str, int]:
    """Active grassroots unions strictly below `unit`, grouped by the path of the direct
    sub-unit they are under (one grouped query over the unit table)."""
    from django.db.models.functions import Substr

    from chudong.core.paths import STEP_WIDTH

    # Kept per process for GRASSROOTS_KEEP_SECONDS: the tree changes by decisions, a few
    # a year per unit, and the country's 40,000 unions grouped from 420,000 unit rows
    # cost the national dashboard ~250 ms on every view.
    key = f"recognition:grassroots-by-prefix:{unit.path}"
    counts = cache.get(key)
    if counts is None:
        cut = len(unit.path) + STEP_WIDTH
        counts = dict(
            Unit.objects.filter(
                subtree_q("path", unit.path, include_self=False),
                kind__is_grassroots=True,
                status=UnitStatus.ACTIVE,
            )
            .annotate(under=Substr("path", 1, cut))
            .values_list("under")
            .annotate(n=Count("id"))
            .values_list("under", "n")
        )
        cache.set(key, counts, GRASSROOTS_KEEP_SECONDS)
    return counts


GRASSROOTS_KEEP_SECONDS = 300


def _state_counts(unit_ids: list[int], years: list[int]) -> dict[tuple[int, int], dict]:
    """{(unit id, year): {state: cycles}} from the roll-up (one indexed query)."""
    from .models import StateCount

    result: dict[tuple[int, int], dict] = {}
    for unit_id, year, state, n in StateCount.objects.filter(
        unit_id__in=unit_ids, year__in=years, cycles__gt=0
    ).values_list("unit_id", "year", "state", "cycles"):
        result.setdefault((unit_id, year), {})[state] = n
    return result


MAP_UNIONS = 400  # above this many unions below, the map shows sub-units instead


@dataclass
class Tile:
    unit: Unit
    status: str
    label: str


@dataclass
class TileGroup:
    parent: Unit
    tiles: list


def _union_map(unit: Unit, year: int) -> list[TileGroup]:
    """Every active grassroots union below `unit` with the status of its year, grouped by
    its parent unit (two queries, at most MAP_UNIONS unions)."""
    labels = status_labels()
    unions = list(grassroots_below(unit=unit)[:MAP_UNIONS])
    states = dict(
        Cycle.objects.filter(
            subtree_q("unit_path", unit.path, include_self=False), year=year
        ).values_list("unit_id", "state")
    )
    groups: dict[int, TileGroup] = {}
    for union in unions:
        status = STATUS_OF_STATE.get(states.get(union.pk), "none")
        group = groups.setdefault(union.parent_id, TileGroup(union.parent, []))
        group.tiles.append(Tile(union, status, labels[status]))
    return list(groups.values())


def dashboard(*, actor: Any, unit: Unit, year: int) -> dict:
    """Counts over the grassroots unions below `unit` and by sub-unit, the same counts
    for the last five years, the weakest criteria, and the status map. Reads the roll-ups
    (models.StateCount, models.CriterionCount) and one grouped count of the unit table:
    a fixed number of queries whatever the size of the subtree."""
    from .models import CriterionCount

    children = list(
        unit.children.filter(status=UnitStatus.ACTIVE)
        .select_related("kind")
        .order_by("kind__order", "sort_key")[:200]
    )
    grassroots = _grassroots_by_prefix(unit)
    years = list(range(year - 4, year + 1))
    rows = _state_counts([unit.pk, *[c.pk for c in children]], years)
    own: dict[int, dict] = {}
    if unit.kind.is_grassroots:
        # The unit's own row counts its own year; the dashboard counts the unions below.
        for the_year, state in Cycle.objects.filter(unit=unit, year__in=years).values_list(
            "year", "state"
        ):
            own[the_year] = {state: 1}

    def below(the_year: int) -> dict:
        states = dict(rows.get((unit.pk, the_year), {}))
        for state, n in own.get(the_year, {}).items():
            states[state] = states.get(state, 0) - n
        return states

    total_grassroots = sum(grassroots.values())
    total = Counts(unit, grassroots=total_grassroots, year=year).set_states(below(year))
    child_counts = [
        Counts(child, grassroots=grassroots.get(child.path, 0), year=year).set_states(
            rows.get((child.pk, year), {})
        )
        for child in children
    ]
    trend = [Counts(unit, grassroots=total_grassroots, year=y).set_states(below(y)) for y in years]
    weakest = []
    for row in CriterionCount.objects.filter(unit=unit, year=year, reviewed__gt=0).values(
        "code", "reviewed", "share_sum"
    ):
        weakest.append(
            {
                "criterion__code": row["code"],
                "reviewed": row["reviewed"],
                "share": round(row["share_sum"] / row["reviewed"]),
            }
        )
    weakest.sort(key=lambda r: (r["share"], r["criterion__code"]))
    weakest = weakest[:5]
    if weakest:
        framework = framework_in_force(unit=unit, year=year)
        titles = (
            dict(framework.criteria.values_list("code", "title")) if framework is not None else {}
        )
        for row in weakest:
            row["title"] = titles.get(row["criterion__code"], "")
    union_map = _union_map(unit, year) if total_grassroots <= MAP_UNIONS else []
    return {
        "total": total,
        "children": child_counts,
        "weakest": weakest,
        "trend": trend,
        "union_map": union_map,
        "map_by_units": total_grassroots > MAP_UNIONS,
        "status_labels": status_labels(),
    }


def cycle_rows(*, unit: Unit, year: int) -> QuerySet[Cycle]:
    """Every cycle below `unit` in `year`, for the export."""
    return (
        Cycle.objects.filter(subtree_q("unit_path", unit.path, include_self=False), year=year)
        .select_related("unit", "upper_unit", "follower", "decision")
        .order_by("unit_path")
    )


# --- Warnings --------------------------------------------------------------------------


def _deadline(year: int, unit: Unit | None = None) -> dt.date:
    days = rules.get(PLAN_DEADLINE_RULE, on=dt.date(year, 1, 1), unit=unit)
    return dt.date(year, 1, 1) + dt.timedelta(days=int(days))


def unregistered_counts(units: list[Unit], day: dt.date) -> dict[int, int]:
    """Grassroots unions in each unit's subtree without a registered plan for this year,
    once the registration deadline (a dated rule) has passed."""
    result = {}
    due = [unit for unit in units if day > _deadline(day.year, unit)]
    # Registered plans from the roll-up (one query for all units), grassroots unions from
    # the unit table (one indexed count per unit).
    states = _state_counts([unit.pk for unit in due], [day.year])
    for unit in units:
        if unit not in due:
            result[unit.pk] = 0
            continue
        counts = Counts(unit, year=day.year)
        counts.grassroots = Unit.objects.filter(
            subtree_q("path", unit.path), kind__is_grassroots=True, status=UnitStatus.ACTIVE
        ).count()
        counts.set_states(states.get((unit.pk, day.year), {}))
        result[unit.pk] = max(counts.grassroots - counts.registered, 0)
    return result


MID_YEAR = (7, 1)


def weak_counts(units: list[Unit], day: dt.date) -> dict[int, int]:
    """From 1 July: registered unions whose computed indicators are below the threshold
    of at least one criterion (maintained on the cycle by the indicator computation)."""
    if (day.month, day.day) < MID_YEAR:
        return {unit.pk: 0 for unit in units}
    return {
        unit.pk: Cycle.objects.filter(
            subtree_q("unit_path", unit.path),
            year=day.year,
            weak_criteria__gt=0,
            state__in=[CycleState.REGISTERED, CycleState.RETURNED],
        ).count()
        for unit in units
    }


def overdue_review_counts(units: list[Unit], day: dt.date) -> dict[int, int]:
    """Submitted self-assessments waiting longer than the review rule allows."""
    days = rules.get(REVIEW_DAYS_RULE, on=day)
    limit = day - dt.timedelta(days=int(days))
    return {
        unit.pk: Cycle.objects.filter(
            subtree_q("unit_path", unit.path),
            state=CycleState.SUBMITTED,
            submitted_on__lt=limit,
        ).count()
        for unit in units
    }


# --- For other apps: the unit's result, and a unit-page figure -------------------------


def recognition_result(*, unit: Unit, year: int) -> bool | None:
    """Whether `unit` was recognised 3 chủ động in `year` (None: not reviewed). What the
    unit's annual rating (xếp loại tổ chức cơ sở) reads."""
    cycle = Cycle.objects.filter(unit=unit, year=year).only("state", "passed").first()
    if cycle is None or cycle.state not in REVIEWED_STATES:
        return None
    return cycle.state == CycleState.RECOGNISED


def recognised_last_year(unit: Unit) -> int | None:
    """Unit figure: grassroots unions of the subtree recognised last year (a statement
    written once per process)."""
    query = (
        "SELECT COUNT(*) FROM {cycle} WHERE unit_path >= %s AND unit_path < %s"
        " AND state = %s AND year = %s"
    )
    params = [*subtree_bounds(unit.path), CycleState.RECOGNISED.value, policy.today().year - 1]
    with prepared_cursor() as cursor:
        cursor.execute(statement(query, cycle=Cycle), params)
        return cursor.fetchone()[0]


def recognised_last_year_many(units: list[Unit]) -> dict[int, int]:
    """Grassroots unions in each unit's subtree recognised last year (one indexed count
    per unit)."""
    year = policy.today().year - 1
    return {
        unit.pk: Cycle.objects.filter(
            subtree_q("unit_path", unit.path), year=year, state=CycleState.RECOGNISED
        ).count()
        for unit in units
    }


def recognition_outcome(actor: Any, unit: Unit, year: int):
    """The unit's 3 chủ động result of `year` as a ground of its annual rating (shown on
    the ratings page through ratings.grounds), for one who may see the recognition."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from chudong.ratings.grounds import UnitOutcome

    if not policy.can(actor, Cap.RECOGNITION_VIEW, unit):
        return None
    cycle = Cycle.objects.filter(unit=unit, year=year).select_related("decision").first()
    result = recognition_result(unit=unit, year=year)
    if cycle is None or cycle.state == CycleState.OPEN:
        value = _("No plan registered")
    elif result is True:
        value = _("Recognised by decision %s") % cycle.decision.number
    elif cycle.state == CycleState.REVOKED:
        value = _("Recognition revoked: %s") % cycle.revoked_reason
    elif cycle.state == CycleState.REVIEWED and cycle.passed:
        value = _("Reviewed, meets the criteria; awaiting the decision")
        result = None
    elif result is False:
        value = _("Reviewed, not recognised")
    else:
        value = cycle.get_state_display()
    url = (
        reverse("recognition:cycle", args=[cycle.pk])
        if cycle is not None
        else reverse("recognition:unit", args=[unit.pk])
    )
    return UnitOutcome(
        label=_("3 chủ động %d") % year,
        value=value,
        good=result,
        url=url if cycle is not None else f"{url}?year={year}",
    )
