"""Every read the youth pages need, already scoped to what the actor may see.

Opinions are sensitive (political views under the personal data law): their content and
who raised them are read only with members.sensitive, and the page that shows them logs
the read (policy.log_sensitive_read). Lists and the summary hand out counts and metadata
(topic, status, dates, unit) alone.

Which member raised an opinion (and whose a survey's text answer is) also rests on the
member's consent (privacy.SensitiveFieldRule "opinions", decided by privacy.selectors):
without it the opinion reads as anonymous (the "no consent" marker stands for the name),
and the member page's panel lists none of the member's opinions.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.access.models import RoleAssignment
from chudong.core.paths import ancestors_of, subtree_q
from chudong.core.text import fold
from chudong.members.models import CURRENT_STATUSES, Member
from chudong.orgs.models import Unit, UnitStatus

from .models import (
    OPEN_OPINION_STATES,
    Opinion,
    QuestionKind,
    Survey,
    SurveyQuestion,
    SurveyResponse,
    Topic,
    Youth,
)

PER_PAGE = 50
OPINIONS_FIELD = "opinions"  # the privacy.SensitiveFieldRule of opinions under a name


def _fetch(model: type, pk: Any, *related: str) -> Any:
    try:
        return model.objects.select_related(*related).get(pk=int(pk))
    except (model.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def _authorise(actor: Any, path: str, *caps: Cap) -> None:
    if not policy.can_at_path(actor, Cap.UNITS_VIEW, path):
        raise Http404
    if not all(policy.can_at_path(actor, cap, path) for cap in caps):
        raise PermissionDenied


def access_youth(actor: Any, youth_id: Any, *, cap: Cap = Cap.CARE_VIEW) -> Youth:
    """A young person of the register: 404 missing or out of scope, 403 without `cap`
    (care.view to see the record, care.manage to change it)."""
    youth = _fetch(Youth, youth_id, "unit", "unit__kind", "member", "admission_case", "recorded_by")
    _authorise(actor, youth.unit_path, Cap.CARE_VIEW, cap)
    return youth


def access_opinion(actor: Any, opinion_id: Any, *, manage: bool = False) -> Opinion:
    """An opinion with its content: care.view and members.sensitive (and care.manage to
    change it). The caller logs the read before showing it."""
    opinion = _fetch(Opinion, opinion_id, "unit", "member", "youth", "handler", "recorded_by")
    caps = [Cap.CARE_VIEW, Cap.MEMBERS_SENSITIVE] + ([Cap.CARE_MANAGE] if manage else [])
    _authorise(actor, opinion.unit_path, *caps)
    return opinion


def access_survey(actor: Any, survey_id: Any, *, cap: Cap = Cap.CARE_VIEW) -> Survey:
    survey = _fetch(Survey, survey_id, "unit", "unit__kind")
    _authorise(actor, survey.unit_path, Cap.CARE_VIEW, cap)
    return survey


def access_response(actor: Any, response_id: Any) -> SurveyResponse:
    """A member's answers (names the member): care.manage and members.sensitive."""
    response = _fetch(SurveyResponse, response_id, "survey", "survey__unit", "member")
    _authorise(
        actor, response.survey.unit_path, Cap.CARE_VIEW, Cap.CARE_MANAGE, Cap.MEMBERS_SENSITIVE
    )
    return response


def raiser_state(opinion: Opinion):
    """The privacy decision on naming the member who raised `opinion`
    (privacy.selectors.FieldVisibility: `shown` and its note), or None when no member
    raised it (a young person's or an anonymous opinion). One query."""
    from chudong.privacy.selectors import visible_sensitive

    if not opinion.member_id:
        return None
    return visible_sensitive(opinion.member)[OPINIONS_FIELD]


def raiser_hidden(state: Any) -> bool:
    return state is not None and not state.shown


def log_opinion_read(
    actor: Any, opinion: Opinion, request_path: str = "", *, raiser_shown: bool = True
) -> None:
    """Log the read of the opinion's content and follow-up, and of who raised it when it
    is shown (the log names the member either way: it is the member's opinion)."""
    fields = ["content", "raised_by", "follow_up"] if raiser_shown else ["content", "follow_up"]
    policy.log_sensitive_read(
        actor=actor,
        subject_type="youth.opinion",
        subject_id=opinion.pk,
        subject_label=opinion.member.full_name
        if opinion.member_id
        else (opinion.youth.full_name if opinion.youth_id else str(opinion)),
        unit_path=opinion.unit_path,
        fields=fields,
        purpose="youth opinion page",
        request_path=request_path,
    )


# --- The youth register ------------------------------------------------------------


@dataclass
class Page:
    rows: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def _page(queryset: QuerySet, number: Any) -> Page:
    try:
        number = max(1, int(number or 1))
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * PER_PAGE
    rows = list(queryset[start : start + PER_PAGE + 1])
    return Page(rows=rows[:PER_PAGE], number=number, has_next=len(rows) > PER_PAGE)


def youth_list(
    *,
    actor: Any,
    unit: Unit,
    q: str = "",
    status: str = "",
    organisation: str = "",
    page: Any = 1,
) -> Page:
    """The young people of `unit`'s subtree in name order (care.view there, checked by
    the view), searched by folded name, phone or Zalo, filtered by status and organisation.
    Bounded pages (PER_PAGE rows, no count over the subtree)."""
    rows = Youth.objects.filter(subtree_q("unit_path", unit.path)).select_related("unit", "member")
    if status:
        rows = rows.filter(status=status)
    if organisation:
        rows = rows.filter(organisation=organisation)
    query = fold(q)
    if query:
        digits = "".join(ch for ch in query if ch.isdigit())
        if digits and len(digits) >= 4 and digits == query.replace(" ", ""):
            rows = rows.filter(phone__contains=digits)
        else:
            rows = rows.filter(full_name_folded__contains=query)
    return _page(rows.order_by("sort_key", "id"), page)


def youth_status_counts(*, unit: Unit) -> dict[str, int]:
    """Young people of the subtree by status (one range scan)."""
    rows = (
        Youth.objects.filter(subtree_q("unit_path", unit.path))
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["status"]: row["n"] for row in rows}


def youth_choices(*, unit: Unit, limit: int = 300) -> list[Youth]:
    """Young people of the subtree who may raise an opinion (for a select)."""
    return list(
        Youth.objects.filter(subtree_q("unit_path", unit.path))
        .exclude(status="admitted")
        .only("id", "full_name", "birth_year")
        .order_by("sort_key", "id")[:limit]
    )


def member_choices(*, unit: Unit, limit: int = 300) -> list[Member]:
    return list(
        Member.objects.filter(subtree_q("unit_path", unit.path), status__in=CURRENT_STATUSES)
        .filter(merged_into__isnull=True)
        .only("id", "full_name", "date_of_birth")
        .order_by("sort_key", "id")[:limit]
    )


def handler_choices(*, unit: Unit) -> list[Any]:
    """Users who hold care.manage over `unit` today (at it or a unit above it)."""
    day = policy.today()
    assignments = (
        RoleAssignment.objects.filter(
            unit__path__in=[*ancestors_of(unit.path), unit.path], start_date__lte=day
        )
        .exclude(end_date__lt=day)
        .select_related("user", "role")
        .order_by("user__full_name")
    )
    users = {}
    for assignment in assignments:
        if Cap.CARE_MANAGE.value in assignment.role.capabilities and assignment.user.is_active:
            users[assignment.user_id] = assignment.user
    return list(users.values())


def branch_choices(*, actor: Any, youth: Youth) -> list[Unit]:
    """Active branches where the actor may open an admission for this young person: the
    branches of the record's unit subtree, or the unit's own branch."""
    unit = youth.unit
    rows = Unit.objects.filter(
        subtree_q("path", unit.path), status=UnitStatus.ACTIVE, kind__is_branch=True
    ).filter(policy.scope_q(actor, Cap.MEMBERS_MANAGE, "path"))
    return list(rows.select_related("parent").order_by("path")[:400])


# --- Opinions ----------------------------------------------------------------------


@dataclass
class OpinionFilters:
    topic: str = ""
    status: str = ""
    source: str = ""
    year: int | None = None
    overdue: bool = False


def opinion_list(*, unit: Unit, filters: OpinionFilters, page: Any = 1) -> Page:
    """Opinions of the subtree, newest first: metadata only (the content and who raised
    it are deferred and never reach a list)."""
    rows = (
        Opinion.objects.filter(subtree_q("unit_path", unit.path))
        .select_related("unit", "handler")
        .defer("content", "action_taken", "answer", "member", "youth", "link")
    )
    if filters.topic:
        rows = rows.filter(topic=filters.topic)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.source:
        rows = rows.filter(source=filters.source)
    if filters.year:
        rows = rows.filter(
            raised_on__gte=dt.date(filters.year, 1, 1), raised_on__lte=dt.date(filters.year, 12, 31)
        )
    if filters.overdue:
        rows = rows.filter(status__in=OPEN_OPINION_STATES, due_on__lt=policy.today())
    return _page(rows.order_by("-raised_on", "-id"), page)


def member_opinions(*, actor: Any, member: Member, request_path: str = "") -> dict:
    """The member page's panel: the opinions the member raised, with `opinions_state`
    (privacy.selectors.FieldVisibility). Needs members.sensitive over the member (checked
    here again). Without the member's consent to opinions under their name none is read
    and nothing is logged; otherwise the read is logged."""
    from chudong.privacy.selectors import visible_sensitive

    if not policy.can_at_path(actor, Cap.MEMBERS_SENSITIVE, member.unit_path):
        raise PermissionDenied
    state = visible_sensitive(member)[OPINIONS_FIELD]
    if not state.shown:
        return {"opinions": [], "opinions_state": state}
    opinions = list(
        Opinion.objects.filter(member=member).select_related("unit").order_by("-raised_on", "-id")
    )
    policy.log_member_read(
        actor=actor,
        member=member,
        fields=["youth_opinions"],
        purpose="opinions raised by the member",
        request_path=request_path,
    )
    return {"opinions": opinions, "opinions_state": state}


@dataclass
class SummaryRow:
    unit: Unit | None
    label: str
    counts: dict[str, Counter] = field(default_factory=dict)  # topic -> Counter(status)

    def topic_total(self, topic: str) -> int:
        return sum(self.counts.get(topic, Counter()).values())

    @property
    def total(self) -> int:
        return sum(sum(c.values()) for c in self.counts.values())

    def status_total(self, status: str) -> int:
        return sum(c.get(status, 0) for c in self.counts.values())


@dataclass
class Summary:
    unit: Unit
    whole: SummaryRow
    children: list[SummaryRow]
    direct: SummaryRow  # recorded by the unit itself

    @property
    def max_topic(self) -> int:
        return max([self.whole.topic_total(t) for t in Topic.values] + [1])


def opinion_summary(*, unit: Unit, year: int | None = None) -> Summary:
    """Counts by topic × status for `unit`'s subtree and for each direct sub-unit's
    subtree: one grouped range scan on unit_path (the child's path prefix is the group
    key), then the active children in one query."""
    width = len(unit.path) + 4
    rows = Opinion.objects.filter(subtree_q("unit_path", unit.path))
    if year:
        rows = rows.filter(raised_on__gte=dt.date(year, 1, 1), raised_on__lte=dt.date(year, 12, 31))
    grouped = (
        rows.annotate(prefix=Substr("unit_path", 1, width))
        .values("prefix", "topic", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    whole = SummaryRow(unit=unit, label=unit.name)
    direct = SummaryRow(unit=unit, label=unit.name)
    by_prefix: dict[str, SummaryRow] = {}
    for row in grouped:
        whole.counts.setdefault(row["topic"], Counter())[row["status"]] += row["n"]
        target = (
            direct
            if row["prefix"] == unit.path
            else by_prefix.setdefault(row["prefix"], SummaryRow(unit=None, label=""))
        )
        target.counts.setdefault(row["topic"], Counter())[row["status"]] += row["n"]
    children = []
    for child in Unit.objects.filter(parent=unit).order_by("path"):
        row = by_prefix.get(child.path, SummaryRow(unit=None, label=""))
        if child.status != UnitStatus.ACTIVE and not row.counts:
            continue
        row.unit, row.label = child, child.name
        children.append(row)
    return Summary(unit=unit, whole=whole, children=children, direct=direct)


def overdue_counts(units: list[Unit], day: dt.date) -> dict[int, int]:
    """registry.Warning.count_many: open opinions past their due day, per unit's subtree
    (one range per unit and open status on the (status, unit_path, due_on) index)."""
    if not units:
        return {}
    condition = Q()
    for unit in units:
        condition |= subtree_q("unit_path", unit.path)
    per_path = (
        Opinion.objects.filter(condition, status__in=OPEN_OPINION_STATES, due_on__lt=day)
        .values("unit_path")
        .annotate(n=Count("id"))
        .order_by()
    )
    totals = {unit.pk: 0 for unit in units}
    for row in per_path:
        for unit in units:
            if row["unit_path"].startswith(unit.path):
                totals[unit.pk] += row["n"]
    return totals


def opinion_counts_figure(unit: Unit) -> int:
    return Opinion.objects.filter(subtree_q("unit_path", unit.path)).count()


# --- Surveys -----------------------------------------------------------------------


def survey_list(*, unit: Unit) -> list[Survey]:
    """Surveys of the unit and the units below it, with their answer counts."""
    return list(
        Survey.objects.filter(subtree_q("unit_path", unit.path))
        .select_related("unit")
        .annotate(answers=Count("responses"))
        .order_by("-opens_on", "-id")[:200]
    )


@dataclass
class ChoiceBar:
    label: str
    count: int
    percent: int


@dataclass
class QuestionResult:
    question: SurveyQuestion
    answered: int
    bars: list[ChoiceBar]
    texts: list[tuple[SurveyResponse, str]]


@dataclass
class SurveyResults:
    survey: Survey
    responses: int
    target: int
    questions: list[QuestionResult]

    @property
    def rate(self) -> int:
        return round(100 * self.responses / self.target) if self.target else 0


def survey_results(*, survey: Survey, with_texts: bool) -> SurveyResults:
    """Counts per choice of every question, the response rate against the current
    members of the unit's subtree (the maintained counts), and the text answers when
    `with_texts` (the caller holds members.sensitive and logs), each response marked with
    `name_shown` and `hidden_note`: the member's name stands beside an answer only with
    the member's consent to opinions under their name (two queries, none per answer)."""
    from chudong.members.selectors.lists import subtree_count
    from chudong.privacy.selectors import visible_sensitive_many

    questions = list(survey.questions.all())
    rows = SurveyResponse.objects.filter(survey=survey)
    responses = list(rows.select_related("member") if with_texts else rows.only("id", "answers"))
    results = []
    for question in questions:
        key = str(question.pk)
        answers = [(r, r.answers.get(key)) for r in responses if r.answers.get(key) is not None]
        bars, texts = [], []
        if question.kind == QuestionKind.TEXT:
            texts = [(r, a) for r, a in answers] if with_texts else []
        else:
            tally = Counter()
            for _response, value in answers:
                for index in value if isinstance(value, list) else [value]:
                    tally[index] += 1
            for index, label in enumerate(question.choices):
                count = tally.get(index, 0)
                percent = round(100 * count / len(answers)) if answers else 0
                bars.append(ChoiceBar(label=label, count=count, percent=percent))
        results.append(
            QuestionResult(question=question, answered=len(answers), bars=bars, texts=texts)
        )
    named = {r.member_id: r for result in results for r, _text in result.texts}
    if named:
        states = visible_sensitive_many(sorted(named))
        for member_id, response in named.items():
            state = states[member_id][OPINIONS_FIELD]
            response.name_shown = state.shown
            response.hidden_note = "" if state.shown else state.note
    return SurveyResults(
        survey=survey,
        responses=len(responses),
        target=subtree_count(unit=survey.unit, current=True),
        questions=results,
    )


def surveys_for_member(*, member: Member) -> list[Survey]:
    """Sent surveys of the member's unit and the units above it, newest first, each with
    `answered` set."""
    paths = [*ancestors_of(member.unit_path), member.unit_path]
    surveys = list(
        Survey.objects.filter(unit_path__in=paths, published_at__isnull=False)
        .select_related("unit")
        .order_by("-opens_on", "-id")[:50]
    )
    answered = set(
        SurveyResponse.objects.filter(member=member, survey__in=surveys).values_list(
            "survey_id", flat=True
        )
    )
    for survey in surveys:
        survey.answered = survey.pk in answered
    return surveys


def own_survey(*, member: Member, survey_id: Any) -> Survey:
    """A sent survey addressed to the member (their unit or above it); 404 otherwise."""
    survey = _fetch(Survey, survey_id, "unit")
    paths = [*ancestors_of(member.unit_path), member.unit_path]
    if survey.unit_path not in paths or survey.published_at is None:
        raise Http404
    return survey
