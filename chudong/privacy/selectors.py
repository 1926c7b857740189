"""Reads of the privacy app, already scoped to what the actor may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from chudong.access import policy
from chudong.access import selectors as access_selectors
from chudong.access.capabilities import Cap
from chudong.core.paths import subtree_q
from chudong.core.text import fold
from chudong.members.models import Member
from chudong.orgs.models import Unit
from chudong.orgs.selectors import count_in_subtrees

from .models import (
    AnonymisationRun,
    AnonymisedMember,
    Consent,
    ConsentPurpose,
    Holiday,
    LegalBasis,
    ProcessingActivity,
    RequestStatus,
    SensitiveFieldRule,
    SubjectRequest,
)

READ_LOG_PAGE = 50
READ_LOG_EXPORT_LIMIT = 100_000
UNIT_CHOICE_LEVELS = 1


def home_units(*, actor: Any, cap: Cap) -> list[Unit]:
    roots = policy.visible_roots(actor, cap)
    return list(Unit.objects.select_related("kind").filter(path__in=roots).order_by("path"))


# --- consents ------------------------------------------------------------------------


def purposes() -> list[ConsentPurpose]:
    return list(ConsentPurpose.objects.filter(active=True))


@dataclass
class PurposeState:
    purpose: ConsentPurpose
    open: Consent | None
    past: list[Consent]


def consent_states(member: Member) -> list[PurposeState]:
    """Each purpose in use with the member's open consent (or none) and past ones."""
    consents = list(
        Consent.objects.filter(member=member).select_related(
            "purpose", "recorded_by", "withdrawn_by"
        )
    )
    states = []
    for purpose in purposes():
        mine = [c for c in consents if c.purpose_id == purpose.pk]
        states.append(
            PurposeState(
                purpose=purpose,
                open=next((c for c in mine if c.withdrawn_on is None), None),
                past=[c for c in mine if c.withdrawn_on is not None],
            )
        )
    return states


def access_consent(actor: Any, consent_id: Any) -> Consent:
    """A consent for a staff page: 404 out of scope, 403 without members.manage."""
    try:
        consent = Consent.objects.select_related("member", "member__unit", "purpose").get(
            pk=int(consent_id)
        )
    except (Consent.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not policy.can_at_path(actor, Cap.UNITS_VIEW, consent.member.unit_path):
        raise Http404
    if not policy.can_at_path(actor, Cap.MEMBERS_MANAGE, consent.member.unit_path):
        raise PermissionDenied
    return consent


def own_open_consent(member: Member, purpose_code: str) -> Consent | None:
    return (
        Consent.objects.filter(member=member, purpose__code=purpose_code, withdrawn_on__isnull=True)
        .select_related("purpose", "member")
        .first()
    )


# --- data subject requests -----------------------------------------------------------


def unit_requests(*, unit: Unit, open_only: bool = False) -> QuerySet[SubjectRequest]:
    """Requests about members of the unit's subtree: open ones by deadline first."""
    qs = SubjectRequest.objects.filter(subtree_q("unit_path", unit.path)).select_related(
        "member", "unit"
    )
    if open_only:
        return qs.filter(status=RequestStatus.OPEN).order_by("due_on", "id")
    return qs.order_by("-received_on", "-id")


def request_counts(*, unit: Unit, day: dt.date) -> dict[str, int]:
    qs = SubjectRequest.objects.filter(subtree_q("unit_path", unit.path))
    return qs.aggregate(
        open=Count("pk", filter=Q(status=RequestStatus.OPEN)),
        overdue=Count("pk", filter=Q(status=RequestStatus.OPEN, due_on__lt=day)),
        answered=Count("pk", filter=~Q(status=RequestStatus.OPEN)),
        late=Count("pk", filter=~Q(status=RequestStatus.OPEN) & Q(responded_on__gt=F("due_on"))),
    )


def overdue_counts(units: list[Unit], day: dt.date) -> dict[int, int]:
    """The unit-page warning: open requests past their deadline (partial index)."""
    overdue = SubjectRequest.objects.filter(status=RequestStatus.OPEN, due_on__lt=day)
    return count_in_subtrees(units, overdue, "unit_path")


def access_request(actor: Any, request_id: Any, *, cap: Cap = Cap.MEMBERS_MANAGE) -> SubjectRequest:
    try:
        request = SubjectRequest.objects.select_related(
            "member", "member__unit", "unit", "created_by", "responded_by"
        ).get(pk=int(request_id))
    except (SubjectRequest.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not policy.can_at_path(actor, Cap.UNITS_VIEW, request.unit_path):
        raise Http404
    if not policy.can_at_path(actor, Cap.MEMBERS_MANAGE, request.unit_path):
        raise PermissionDenied
    if cap != Cap.MEMBERS_MANAGE and not policy.can_at_path(actor, cap, request.unit_path):
        raise PermissionDenied
    return request


def member_requests(member: Member) -> list[SubjectRequest]:
    return list(SubjectRequest.objects.filter(member=member).order_by("-received_on", "-id"))


# --- the read log --------------------------------------------------------------------


@dataclass
class ReadLogFilters:
    within: Unit | None = None
    reader: str = ""
    subject: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def read_log_unit_choices(*, unit: Unit) -> QuerySet[Unit]:
    """The units one level below `unit` (a province lists its grassroots unions, not its
    branches); unsliced, so that the form validates the choice."""
    return Unit.objects.filter(
        subtree_q("path", unit.path, include_self=False), depth__lte=unit.depth + UNIT_CHOICE_LEVELS
    ).order_by("path")


def read_log(*, actor: Any, unit: Unit, filters: ReadLogFilters) -> QuerySet:
    """Reads of sensitive data about subjects in `unit`'s subtree (within the actor's
    audit.view scope, access.selectors.read_log), newest first, filtered."""
    qs = access_selectors.read_log(actor=actor).filter(
        subtree_q("unit_path", (filters.within or unit).path)
    )
    if filters.reader:
        qs = qs.filter(actor__full_name_folded__contains=fold(filters.reader))
    if filters.subject:
        qs = qs.filter(subject_label__icontains=filters.subject.strip())
    if filters.date_from:
        qs = qs.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(at__date__lte=filters.date_to)
    return qs.order_by("-id")


def read_log_page(*, actor: Any, unit: Unit, filters: ReadLogFilters, before: int | None):
    """One page (keyset on the id: no count over millions of rows) and the next key."""
    qs = read_log(actor=actor, unit=unit, filters=filters)
    if before:
        qs = qs.filter(id__lt=before)
    rows = list(qs[: READ_LOG_PAGE + 1])
    next_before = rows[READ_LOG_PAGE - 1].pk if len(rows) > READ_LOG_PAGE else None
    return rows[:READ_LOG_PAGE], next_before


def fields_label(value: str) -> str:
    """The logged field codes in words (sensitive fields by their verbose names)."""
    from django.utils.text import capfirst
    from django.utils.translation import gettext

    from chudong.members.models import MemberSensitive

    names = {
        f: capfirst(MemberSensitive._meta.get_field(f).verbose_name) for f in MemberSensitive.FIELDS
    }
    names["family"] = gettext("Family relations")
    names["all"] = gettext("All data")
    return ", ".join(str(names.get(code, code)) for code in value.split(",") if code)


def read_log_units(rows: list) -> dict[str, str]:
    """{unit path: unit name} for the rows of one page (one query)."""
    paths = {r.unit_path for r in rows}
    return dict(Unit.objects.filter(path__in=paths).values_list("path", "name"))


# --- register, holidays, anonymisation -----------------------------------------------


def processing_activities() -> list[ProcessingActivity]:
    return list(ProcessingActivity.objects.all())


def holidays(*, year: int) -> list[Holiday]:
    return list(Holiday.objects.filter(date__year=year))


def holiday_years() -> list[int]:
    return sorted({d.year for d in Holiday.objects.values_list("date", flat=True)}, reverse=True)


def anonymised_count(*, unit: Unit) -> int:
    return AnonymisedMember.objects.filter(subtree_q("unit_path", unit.path)).count()


def recent_runs(limit: int = 10) -> list[AnonymisationRun]:
    return list(AnonymisationRun.objects.select_related("actor")[:limit])


# --- what officers may see of sensitive data -----------------------------------------
#
# One decision for every place that shows a member's sensitive data to officers (the
# member page, the member list's filter, the Excel export, the API): the legal basis of
# each field in force on the day (`SensitiveFieldRule`, dated data) and, where that basis
# is consent, whether the member's consent to its purpose is open on that day. The
# capability (members.sensitive) and the read log stay with the callers.


@dataclass(frozen=True)
class FieldVisibility:
    field: str
    label: str
    shown: bool
    basis: str  # LegalBasis value, "" without a rule in force
    note: str  # shown: the basis in words; hidden: why not (the "no consent" marker)


@dataclass
class SensitiveVisibility:
    fields: dict[str, FieldVisibility]

    def shown(self, field: str) -> bool:
        state = self.fields.get(field)
        return state is not None and state.shown

    def __getitem__(self, field: str) -> FieldVisibility:
        return self.fields.get(field) or _no_rule(field)


def _no_rule(field: str) -> FieldVisibility:
    from django.utils.translation import gettext

    return FieldVisibility(
        field=field, label=field, shown=False, basis="",
        note=gettext("Not shown: no legal basis is recorded for this data."),
    )  # fmt: skip


def _consent_open_on(on: dt.date) -> Q:
    return Q(given_on__lte=on) & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))


def _in_force(rows: list[SensitiveFieldRule], on: dt.date) -> dict[str, SensitiveFieldRule]:
    """The latest version of each field's rule that has started by `on` (rows in
    (field, valid_from) order)."""
    latest: dict[str, SensitiveFieldRule] = {}
    for row in rows:
        if row.valid_from <= on:
            latest[row.field] = row
    return latest


_Memo = dict[tuple[str, dt.date | None], FieldVisibility]


def _visibility(
    rules: dict[str, SensitiveFieldRule], consented: dict[int, dt.date], language: str, memo: _Memo
) -> SensitiveVisibility:
    """`consented`: purpose id → the day the open consent was given. `memo` shares each
    field's state among the members of a page or an export chunk: it depends only on the
    rule and the day of consent (an export of 200,000 members spent 20 s translating the
    same few notes again for each)."""
    fields = {}
    for field, rule in rules.items():
        given = consented.get(rule.purpose_id) if rule.basis == LegalBasis.CONSENT else None
        if (field, given) not in memo:
            memo[(field, given)] = _field_visibility(rule, given, language)
        fields[field] = memo[(field, given)]
    return SensitiveVisibility(fields=fields)


def _field_visibility(
    rule: SensitiveFieldRule, given: dt.date | None, language: str
) -> FieldVisibility:
    """One field under its rule in force; `given`: the day of the open consent to the
    rule's purpose (None: none, or a rule whose basis is not consent)."""
    from django.utils.translation import gettext

    field = rule.field
    label = rule.text("label", language)
    note = rule.text("basis_note", language) or rule.get_basis_display()
    if rule.basis != LegalBasis.CONSENT:
        return FieldVisibility(
            field, label, True, rule.basis,
            gettext("Shown on the legal basis: %(basis)s") % {"basis": note},
        )  # fmt: skip
    if given is not None:
        return FieldVisibility(
            field, label, True, rule.basis,
            gettext("%(basis)s, given on %(date)s")
            % {"basis": note, "date": given.strftime("%d/%m/%Y")},
        )  # fmt: skip
    return FieldVisibility(
        field, label, False, rule.basis,
        gettext("Not shown: the member has not consented (or withdrew consent) to "
                "“%(purpose)s”") % {"purpose": rule.purpose.label(language)},
    )  # fmt: skip


def _rules_query(on: dt.date) -> QuerySet[SensitiveFieldRule]:
    return (
        SensitiveFieldRule.objects.filter(valid_from__lte=on)
        .select_related("purpose")
        .order_by("field", "valid_from")
    )


def visible_sensitive(member: Member, *, on: dt.date | None = None) -> SensitiveVisibility:
    """Which of `member`'s sensitive fields officers may see on `on` (today), and on what
    basis. One query: the rules in force, each with the day of the member's open consent
    to its purpose (if any)."""
    from django.utils import timezone
    from django.utils.translation import get_language

    on = on or timezone.localdate()
    given = Subquery(
        Consent.objects.filter(
            _consent_open_on(on), member_id=member.pk, purpose=OuterRef("purpose")
        )
        .order_by("-given_on")
        .values("given_on")[:1]
    )
    rows = list(_rules_query(on).annotate(consent_given_on=given))
    consented = {r.purpose_id: r.consent_given_on for r in rows if r.consent_given_on}
    return _visibility(_in_force(rows, on), consented, get_language() or "vi", {})


def visible_sensitive_many(
    member_ids: list[int], *, on: dt.date | None = None
) -> dict[int, SensitiveVisibility]:
    """`visible_sensitive` for the members of one page or one chunk of an export: two
    queries however many members (the rules, and the open consents grouped by member)."""
    from django.utils import timezone
    from django.utils.translation import get_language

    on = on or timezone.localdate()
    rules = _in_force(list(_rules_query(on)), on)
    purposes = {r.purpose_id for r in rules.values() if r.purpose_id}
    consents: dict[int, dict[int, dt.date]] = {pk: {} for pk in member_ids}
    if purposes and member_ids:
        for member_id, purpose_id, given_on in Consent.objects.filter(
            _consent_open_on(on), member_id__in=member_ids, purpose_id__in=purposes
        ).values_list("member_id", "purpose_id", "given_on"):
            consents[member_id][purpose_id] = given_on
    language = get_language() or "vi"
    memo: _Memo = {}
    return {pk: _visibility(rules, consents[pk], language, memo) for pk in member_ids}


def sensitive_shown_q(field: str, *, on: dt.date | None = None, prefix: str = "") -> Q:
    """A condition on members (`prefix` leads to the member) keeping those whose `field`
    officers may see on `on`: a filter on a sensitive value (the list's ethnicity filter)
    must not reveal it for members who have not consented."""
    from django.utils import timezone

    on = on or timezone.localdate()
    rule = _in_force(list(_rules_query(on).filter(field=field)), on).get(field)
    if rule is None:
        return Q(pk__in=[])
    if rule.basis != LegalBasis.CONSENT:
        return Q()
    consents = Consent.objects.filter(
        _consent_open_on(on), member=OuterRef(f"{prefix}pk"), purpose_id=rule.purpose_id
    )
    return Q(Exists(consents))


@dataclass(frozen=True)
class SensitiveValue:
    field: str
    label: str
    value: str
    shown: bool
    basis: str
    note: str


def sensitive_values(
    visibility: SensitiveVisibility, data: Any, fields: tuple[str, ...]
) -> list[SensitiveValue]:
    """The member page's rows: each field's value where it may be shown, else "" and the
    marker saying why (`data` is the MemberSensitive row or None)."""
    rows = []
    for field in fields:
        state = visibility[field]
        value = ""
        if state.shown and data is not None:
            display = getattr(data, f"get_{field}_display", None)
            value = str(display() if display else getattr(data, field) or "")
        rows.append(SensitiveValue(field, state.label, value, state.shown, state.basis, state.note))
    return rows


def hidden_marker() -> str:
    """What stands in a cell or a field whose value may not be shown."""
    from django.utils.translation import gettext

    return gettext("No consent: not shown")


def is_hidden_marker(value: Any) -> bool:
    """Whether a spreadsheet cell holds the marker of `hidden_marker` (in any language):
    chudong's own export writes it, and reading that file back must not take it for data."""
    from django.utils import translation

    text = fold(str(value or ""))
    if not text:
        return False
    markers = set()
    for language in ("vi", "en"):
        with translation.override(language):
            markers.add(fold(hidden_marker()))
    return text in markers
