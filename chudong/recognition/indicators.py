"""Indicators computed from the work units record, one registry for every app.

An `Indicator` answers, for many units at once, "how far did this unit's subtree get in
this year" as (numerator, denominator) — denominator None for a plain count — and lists
the records behind the numerator (`drilldown`), so that every figure is one click from
its evidence and the two always agree (tests/test_indicators.py checks each one).

Registering an indicator from another app (inspections, cadres, Party introduction, 1+1
referrals are being built by other apps):

    from chudong.recognition.indicators import Indicator, register_indicator
    register_indicator(Indicator(
        code="inspection.remedied", label=_("Inspections with findings remedied"),
        criterion="2.5", capability=Cap.WORK_VIEW,
        compute=lambda units, year: {...}, drilldown=lambda unit, year: Inspection.objects...,
        describe=lambda row: Row(label=..., day=..., unit=..., url=...),
    ))

in that app's wiring.connect(); then set `indicator_code` on the criterion of a framework
(the framework screen offers every registered code). Nothing here imports those apps.

`compute` must read indexed columns (a subtree is a range on `unit_path`) and issue a
bounded number of queries whatever the number of units; `recognition_compute` stores
the results in `IndicatorValue` nightly and the "recompute" button does it for one unit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chudong.access.capabilities import Cap
from chudong.core.paths import STEP_WIDTH, subtree_q


@dataclass(frozen=True)
class Row:
    """One record of a drill-down list, ready for the template."""

    label: str
    day: dt.date | None
    unit: str
    url: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Indicator:
    code: str
    label: Any
    criterion: str  # the criterion code it usually serves ("1.2")
    capability: Any  # Cap needed to open the drill-down list
    compute: Callable[[list, int], dict[int, tuple[int, int | None]]]
    drilldown: Callable[[Any, int], QuerySet]
    describe: Callable[[Any], Row]
    ratio: bool = True  # False: a plain count (no denominator)
    # The denominator's queryset for one unit (a ratio's drill-down is its numerator);
    # with it, `values_per_unit` recomputes the figure unit by unit (the tests compare).
    denominator: Callable[[Any, int], QuerySet] | None = None


_indicators: dict[str, Indicator] = {}


def register_indicator(indicator: Indicator) -> None:
    _indicators[indicator.code] = indicator


def indicators() -> list[Indicator]:
    return sorted(_indicators.values(), key=lambda i: (i.criterion, i.code))


def get(code: str) -> Indicator | None:
    return _indicators.get(code)


def choices() -> list[tuple[str, str]]:
    return [("", "—")] + [(i.code, f"{i.criterion} · {i.label}") for i in indicators()]


# --- helpers ---------------------------------------------------------------------------


def year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)


def in_year(field: str, year: int) -> Q:
    start, end = year_range(year)
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def per_unit(units: list, queryset_for: Callable[[Any], QuerySet]) -> dict[int, int]:
    """Count a queryset per unit subtree (one indexed range count per unit)."""
    return {unit.pk: queryset_for(unit).count() for unit in units}


def ratio_for(
    units: list, numerator: Callable[[Any], QuerySet], denominator: Callable[[Any], QuerySet]
) -> dict[int, tuple[int, int | None]]:
    return {unit.pk: (numerator(unit).count(), denominator(unit).count()) for unit in units}


def count_for(units: list, numerator: Callable[[Any], QuerySet]) -> dict[int, tuple[int, None]]:
    return {unit.pk: (numerator(unit).count(), None) for unit in units}


def _common_root(units: list) -> SimpleNamespace:
    """A stand-in unit whose path is the deepest common ancestor path of `units` (the
    querysets below only read `.path`)."""
    prefix = units[0].path
    for unit in units[1:]:
        while not unit.path.startswith(prefix):
            prefix = prefix[:-STEP_WIDTH]
    return SimpleNamespace(path=prefix)


def grouped_count(
    units: list, queryset_for: Callable[[Any], QuerySet], path_field: str = "unit_path"
) -> dict[int, int]:
    """Count a queryset per unit subtree with one GROUP BY query per depth among `units`
    (the nightly computation passes every union of a province, mostly at one or two
    depths): the rows under the units' common ancestor, grouped by the prefix of their
    path that names the unit at that depth. Gives what `per_unit` gives."""
    if not units:
        return {}
    queryset = queryset_for(_common_root(units)).order_by()
    by_width: dict[int, list] = {}
    for unit in units:
        by_width.setdefault(len(unit.path), []).append(unit)
    result = {}
    for width, group in by_width.items():
        counts = dict(
            queryset.annotate(_under=Substr(path_field, 1, width))
            .filter(_under__in=[u.path for u in group])
            .values_list("_under")
            .annotate(_n=Count("pk"))
            .values_list("_under", "_n")
        )
        for unit in group:
            result[unit.pk] = counts.get(unit.path, 0)
    return result


def grouped_ratio(
    units: list, numerator: Callable[[Any], QuerySet], denominator: Callable[[Any], QuerySet]
) -> dict[int, tuple[int, int | None]]:
    top, bottom = grouped_count(units, numerator), grouped_count(units, denominator)
    return {unit.pk: (top[unit.pk], bottom[unit.pk]) for unit in units}


def values_per_unit(indicator: Indicator, units: list, year: int) -> dict:
    """The figure recomputed unit by unit from the drill-down (and denominator)
    querysets: two counts per unit, the reference the grouped computation must equal."""
    result = {}
    for unit in units:
        numerator = indicator.drilldown(unit, year).count()
        if indicator.ratio and indicator.denominator is not None:
            result[unit.pk] = (numerator, indicator.denominator(unit, year).count())
        else:
            result[unit.pk] = (numerator, None)
    return result


def _url(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except Exception:
        return None


# --- built-in indicators (from the apps that exist) ------------------------------------


def _opinions(unit, year):
    from chudong.youth.models import Opinion

    return Opinion.objects.filter(subtree_q("unit_path", unit.path), in_year("raised_on", year))


def _opinions_answered(unit, year):
    return _opinions(unit, year).filter(answered_on__isnull=False).select_related("unit")


def _members_current(unit, year):
    from chudong.members.models import Member
    from chudong.members.models.member import CURRENT_STATUSES

    return Member.objects.filter(subtree_q("unit_path", unit.path), status__in=CURRENT_STATUSES)


def _members_rated(unit, year):
    from chudong.ratings.models import MemberRating

    rated = MemberRating.objects.filter(member=OuterRef("pk"), year=year)
    return _members_current(unit, year).filter(Exists(rated)).select_related("unit")


def _hardship_open(unit, year):
    from chudong.care.models import HardshipCase

    start, end = year_range(year)
    return HardshipCase.objects.filter(subtree_q("unit_path", unit.path), opened_on__lt=end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=start)
    )


def _hardship_supported(unit, year):
    from chudong.care.models import Support

    given = Support.objects.filter(case=OuterRef("pk")).filter(in_year("given_on", year))
    return _hardship_open(unit, year).filter(Exists(given)).select_related("unit")


def _dispatch_acks(unit, year):
    from chudong.dissemination.models import Acknowledgement

    return Acknowledgement.objects.filter(
        subtree_q("unit_path", unit.path), in_year("dispatch__issued_on", year)
    ).select_related("unit", "dispatch", "member")


def _rights(unit, year):
    from chudong.care.models import RightsCase

    return RightsCase.objects.filter(
        subtree_q("unit_path", unit.path), in_year("received_on", year)
    )


def _rights_closed(unit, year):
    return _rights(unit, year).filter(closed_on__isnull=False).select_related("unit")


def _targets(unit, year):
    from chudong.plans.models import Target

    return Target.objects.filter(subtree_q("unit_path", unit.path), plan__year=year)


def _targets_reached(unit, year):
    from django.db.models import F

    return (
        _targets(unit, year)
        .filter(hand_value__isnull=False, hand_value__gte=F("target_value"))
        .select_related("unit", "plan")
    )


def _projects(unit, year):
    from chudong.activities.models import Activity

    start, end = year_range(year)
    return (
        Activity.objects.filter(subtree_q("unit_path", unit.path), is_project=True)
        .filter(starts_at__date__gte=start, starts_at__date__lt=end)
        .exclude(state="cancelled")
        .select_related("unit")
    )


def _branch_years(unit, year):
    from chudong.meetings.models import MeetingYear

    return MeetingYear.objects.filter(
        subtree_q("unit_path", unit.path), year=year, due_from__isnull=False
    )


def _branches_every_period(unit, year):
    return _branch_years(unit, year).filter(first_gap_end__isnull=True).select_related("unit")


def _proposals(unit, year):
    from chudong.advisory.models import Proposal

    return Proposal.objects.filter(subtree_q("unit_path", unit.path), in_year("submitted_on", year))


def _proposals_answered(unit, year):
    return _proposals(unit, year).filter(response_on__isnull=False).select_related("unit")


def _agreements(unit, year):
    from chudong.advisory.models import Agreement

    start, end = year_range(year)
    return Agreement.objects.filter(subtree_q("unit_path", unit.path), valid_from__lt=end).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=start)
    )


def _agreements_acted(unit, year):
    from chudong.advisory.models import JointAction

    acted = JointAction.objects.filter(agreement=OuterRef("pk")).filter(in_year("done_on", year))
    return _agreements(unit, year).filter(Exists(acted)).select_related("unit")


def _resources(unit, year):
    from chudong.advisory.models import Resource

    return Resource.objects.filter(
        subtree_q("unit_path", unit.path), in_year("received_on", year)
    ).select_related("unit")


def _cadre_trainings(unit, year):
    from chudong.cadres.models import Training

    return Training.objects.filter(
        subtree_q("unit_path", unit.path), in_year("starts_on", year)
    ).select_related("unit", "cadre")


def _party_introduced(unit, year):
    from chudong.cadres.models import PartyIntroduction

    return PartyIntroduction.objects.filter(
        subtree_q("unit_path", unit.path), in_year("letter_on", year)
    ).select_related("unit", "member")


def _party_admitted(unit, year):
    from chudong.cadres.models import Outcome, PartyIntroduction

    return PartyIntroduction.objects.filter(
        subtree_q("unit_path", unit.path), in_year("outcome_on", year), outcome=Outcome.ADMITTED
    ).select_related("unit", "member")


def _members_referring(unit, year):
    """1+1: current members of the subtree who introduced at least one young person to
    the Đoàn or the Hội this year (wherever they were when they did)."""
    from chudong.building.models import Referral

    referred = Referral.objects.filter(member=OuterRef("pk"), year=year)
    return _members_current(unit, year).filter(Exists(referred)).select_related("unit")


def _ratio(numerator, denominator):
    def compute(units, year):
        return grouped_ratio(units, lambda u: numerator(u, year), lambda u: denominator(u, year))

    return compute


def _count(numerator):
    def compute(units, year):
        counts = grouped_count(units, lambda u: numerator(u, year))
        return {pk: (n, None) for pk, n in counts.items()}

    return compute


def register_builtin() -> None:
    register_indicator(Indicator(
        code="building.one_plus_one", criterion="2.4", capability=Cap.MEMBERS_VIEW,
        label=_("1+1: current members who introduced a young person this year"),
        compute=_ratio(_members_referring, _members_current),
        denominator=_members_current, drilldown=_members_referring,
        describe=lambda m: Row(m.full_name, None, m.unit.name, _url("building:member", m.pk)),
    ))  # fmt: skip
    register_indicator(Indicator(
        code="cadres.trained", criterion="3.2", capability=Cap.ADVISORY_VIEW,
        label=_("Cadre training courses started this year"), ratio=False,
        compute=_count(_cadre_trainings), drilldown=_cadre_trainings,
        describe=lambda t: Row(f"{t.course} · {t.cadre.full_name}", t.starts_on, t.unit.name,
                               _url("cadres:cadre", t.cadre_id)),
    ))  # fmt: skip
    register_indicator(Indicator(
        code="cadres.party_introduced", criterion="3.3", capability=Cap.ADVISORY_VIEW,
        label=_("Outstanding members introduced to the Party this year"), ratio=False,
        compute=_count(_party_introduced), drilldown=_party_introduced,
        describe=lambda i: Row(i.member.full_name, i.letter_on, i.unit.name,
                               _url("cadres:party_detail", i.pk), i.letter_number),
    ))  # fmt: skip
    register_indicator(Indicator(
        code="cadres.party_admitted", criterion="3.3", capability=Cap.ADVISORY_VIEW,
        label=_("Members admitted to the Party this year"), ratio=False,
        compute=_count(_party_admitted), drilldown=_party_admitted,
        describe=lambda i: Row(i.member.full_name, i.outcome_on, i.unit.name,
                               _url("cadres:party_detail", i.pk), i.party_cell),
    ))  # fmt: skip
    register_indicator(Indicator(
        code="youth.opinions_answered", criterion="1.1", capability=Cap.CARE_VIEW,
        label=_("Youth opinions raised this year that were answered"),
        compute=_ratio(_opinions_answered, _opinions),
        denominator=_opinions, drilldown=_opinions_answered,
        describe=lambda o: Row(o.get_topic_display(), o.answered_on, o.unit.name,
                               _url("youth:opinion", o.pk)),
    ))  # fmt: skip
    register_indicator(Indicator(
        code="members.rated", criterion="1.2", capability=Cap.MEMBERS_VIEW,
        label=_("Current members rated for the year"),
        compute=_ratio(_members_rated, _members_current),
        denominator=_members_current, drilldown=_members_rated,
        describe=lambda m: Row(m.full_name, None, m.unit.name, _url("members:detail", m.pk)),
    ))  # fmt: skip
    register_indicator(Indicator(
        code="care.hardship_supported", criterion="1.3", capability=Cap.CARE_VIEW,
        label=_("Youth in difficulty (open cases) given support this year"),
        compute=_ratio(_hardship_supported, _hardship_open),
        denominator=_hardship_open, drilldown=_hardship_supported,
        # Sensitive register: the list names the case number only, never the person.
        describe=lambda c: Row(f"#{c.pk} · {c.get_status_display()}", c.opened_on, c.unit.name),
    ))  # fmt: skip
    register_indicator(Indicator(
        code="dissemination.acknowledged", criterion="1.4", capability=Cap.MEMBERS_VIEW,
        label=_("Member acknowledgements of documents issued this year"), ratio=False,
        compute=_count(_dispatch_acks), drilldown=_dispatch_acks,
        describe=lambda a: Row(f"{a.dispatch.title} · {a.member.full_name}", a.at.date(),
                               a.unit.name),
    ))  # fmt: skip
    register_indicator(Indicator(
        code="care.rights_closed", criterion="1.5", capability=Cap.CARE_VIEW,
        label=_("Rights cases received this year that were settled"),
        compute=_ratio(_rights_closed, _rights),
        denominator=_rights, drilldown=_rights_closed,
        describe=lambda c: Row(f"#{c.pk} · {c.get_area_display()}", c.closed_on, c.unit.name,
                               _url("care:rights_detail", c.pk)),
    ))  # fmt: skip
    register_indicator(Indicator(
        code="plans.targets_reached", criterion="2.1", capability=Cap.WORK_VIEW,
        label=_("Plan targets of the year reached"),
        compute=_ratio(_targets_reached, _targets),
        denominator=_targets, drilldown=_targets_reached,
        describe=lambda t: Row(t.label, t.hand_on, t.unit.name),
    ))  # fmt: skip
    register_indicator(Indicator(
        code="activities.youth_projects", criterion="2.2", capability=Cap.WORK_VIEW,
        label=_("Youth projects started this year"), ratio=False,
        compute=_count(_projects), drilldown=_projects,
        describe=lambda a: Row(a.title, a.starts_at.date(), a.unit.name,
                               _url("activities:detail", a.pk)),
    ))  # fmt: skip
    register_indicator(Indicator(
        code="meetings.branches_every_period", criterion="2.3", capability=Cap.WORK_VIEW,
        label=_("Branches that met in every period owed this year"),
        compute=_ratio(_branches_every_period, _branch_years),
        denominator=_branch_years, drilldown=_branches_every_period,
        describe=lambda y: Row(y.unit.name, y.last_held_on, y.unit.name),
    ))  # fmt: skip
    register_indicator(Indicator(
        code="advisory.proposals_answered", criterion="3.1", capability=Cap.ADVISORY_VIEW,
        label=_("Proposals to the Party committee this year with a response"),
        compute=_ratio(_proposals_answered, _proposals),
        denominator=_proposals, drilldown=_proposals_answered,
        describe=lambda p: Row(p.subject, p.response_on, p.unit.name,
                               _url("advisory:proposal", p.pk)),
    ))  # fmt: skip
    register_indicator(Indicator(
        code="advisory.agreements_acted", criterion="3.4", capability=Cap.ADVISORY_VIEW,
        label=_("Coordination agreements in force with a joint action this year"),
        compute=_ratio(_agreements_acted, _agreements),
        denominator=_agreements, drilldown=_agreements_acted,
        describe=lambda a: Row(f"{a.title} · {a.partner_name}", a.signed_on, a.unit.name,
                               _url("advisory:agreement", a.pk)),
    ))  # fmt: skip
    register_indicator(Indicator(
        code="advisory.resources", criterion="3.5", capability=Cap.ADVISORY_VIEW,
        label=_("Resources mobilised this year (gifts)"), ratio=False,
        compute=_count(_resources), drilldown=_resources,
        describe=lambda r: Row(r.sponsor_name, r.received_on, r.unit.name,
                               _url("advisory:resource", r.pk), f"{r.value:,} đ"),
    ))  # fmt: skip
