"""Anonymisation of the records of people who left long ago (the retention rule), and of
a former member's record at their request.

Identifying data is replaced, in the record and in its history: names, citizen ID, card
number, phone, e-mail, addresses, photo, the exact date of birth (the year is kept), the
sensitive data and the family relations. What statistics need stays: unit, sex, year of
birth, status and its date, admission, Party membership, education, occupation. A current
member is never touched: the candidates query excludes them and each record is checked
again under its row lock, in the transaction that changes it.

Other apps that copy a member's name or contacts into their own rows register a function
(`register_anonymiser`, from their wiring) that scrubs them with `scrub_copies`; it runs in
the same transaction, so privacy never imports those apps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, Model, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.translation import gettext as _

from chudong.core.text import fold, name_sort_key
from chudong.members.models import (
    CURRENT_STATUSES,
    FamilyRelation,
    Member,
    MemberSensitive,
    MemberStatus,
)
from chudong.rules import rules
from chudong.rules.models import Rule

from ..models import AnonymisationRun, AnonymisedMember
from .common import RETENTION_STATUSES_RULE, RETENTION_YEARS_RULE

# Member fields emptied ("") or nulled (None); the historical table carries the same names.
_EMPTIED = (
    "hometown", "birthplace", "permanent_residence", "current_residence", "phone", "email",
    "workplace", "admission_decision",
)  # fmt: skip
_NULLED = ("national_id", "card_number")
_FAMILY_EMPTIED = ("full_name", "occupation", "workplace", "residence")

_anonymisers: list[Callable[..., None]] = []


def register_anonymiser(function: Callable[..., None]) -> None:
    """`function(*, member, actor, old_name)` scrubs the member's data held by another app
    (`member` already carries its anonymous name; `old_name` is the name it replaced).
    It runs inside the anonymisation's transaction; raising aborts the whole record."""
    if function not in _anonymisers:
        _anonymisers.append(function)


def scrub_copies(
    model: type[Model],
    condition: Q,
    *,
    old_name: str,
    new_name: str,
    values: dict[str, Any] | None = None,
    replace_in: tuple[str, ...] | list[str] = (),
) -> int:
    """Scrub another app's copies of a member's data in the rows of `model` matching
    `condition`, and in those rows' older versions when the model keeps history.

    `values` are set as they are (a copied name becomes `new_name`, contacts ""); in the
    free-text fields `replace_in` every occurrence of `old_name`, and of its folded form,
    is replaced by `new_name` (SQL REPLACE, one UPDATE per table: no row is loaded). Only
    rows about this member should match `condition`: the replacement is textual.
    Returns the number of current rows changed.
    """
    updates: dict[str, Any] = dict(values or {})
    for name in replace_in:
        expression = Replace(F(name), Value(old_name), Value(new_name))
        folded = fold(old_name)
        if folded != old_name:
            expression = Replace(expression, Value(folded), Value(new_name))
        updates[name] = expression
    if not updates:
        return 0
    pks = list(model._base_manager.filter(condition).values_list("pk", flat=True))
    if not pks:
        return 0
    changed = model._base_manager.filter(pk__in=pks).update(**updates)
    history = getattr(model, "history", None)
    if history is not None:
        # Historical rows keep the original primary key under its own name, and only the
        # fields the model's history does not exclude.
        kept = {f.name for f in history.model._meta.concrete_fields}
        past = {name: value for name, value in updates.items() if name in kept}
        if past:
            history.model._base_manager.filter(**{f"{model._meta.pk.attname}__in": pks}).update(
                **past
            )
    return changed


def anonymous_name(member: Member) -> str:
    return f"Ẩn danh {member.pk}"


def retention_cutoff(on: dt.date, years: int) -> dt.date:
    """The same day `years` earlier (29 February → 28 February)."""
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


@dataclass
class _Path:
    """What rules.get needs of a unit: its path."""

    path: str


def _rule_for(member: Member, on: dt.date) -> tuple[int, set[str]]:
    unit = _Path(member.unit_path)
    years = int(rules.get(RETENTION_YEARS_RULE, on=on, unit=unit))
    statuses = set(rules.get(RETENTION_STATUSES_RULE, on=on, unit=unit))
    return years, statuses - set(CURRENT_STATUSES) - {MemberStatus.MERGED}


def _widest(on: dt.date) -> tuple[int, set[str]]:
    """The shortest retention and every status of any version in force (national or a
    unit's own): the candidates query is the union, each record then meets its own rule."""
    years, statuses = [], set()
    for key in (RETENTION_YEARS_RULE, RETENTION_STATUSES_RULE):
        issuers = Rule.objects.filter(key=key, valid_from__lte=on).values_list(
            "unit__path", flat=True
        )
        for path in set(issuers):
            value = rules.get(key, on=on, unit=_Path(path) if path else None)
            if key == RETENTION_YEARS_RULE:
                years.append(int(value))
            else:
                statuses |= set(value)
    if not years:
        raise LookupError(f"no rule {RETENTION_YEARS_RULE!r} is configured")
    return min(years), statuses - set(CURRENT_STATUSES) - {MemberStatus.MERGED}


def candidates(*, on: dt.date | None = None) -> QuerySet[Member]:
    """Former members whose record may be due for anonymisation on `on` (each is checked
    against the rule of its own unit before it is changed). Never a current member."""
    on = on or timezone.localdate()
    years, statuses = _widest(on)
    done = AnonymisedMember.objects.filter(member=OuterRef("pk"))
    return (
        Member.objects.filter(
            status__in=sorted(statuses), status_since__lt=retention_cutoff(on, years)
        )
        .exclude(status__in=sorted(CURRENT_STATUSES))
        .exclude(Exists(done))
        .order_by("pk")
    )


def _is_due(member: Member, on: dt.date) -> bool:
    years, statuses = _rule_for(member, on)
    return (
        member.status in statuses
        and not member.is_current
        and member.status_since < retention_cutoff(on, years)
    )


def _scrub_history(member: Member, name: str, birth: dt.date) -> None:
    """Older versions of the record must not keep what the record no longer holds."""
    member.history.model.objects.filter(id=member.pk).update(
        full_name=name, date_of_birth=birth, photo="",
        **{f: "" for f in _EMPTIED}, **{f: None for f in _NULLED},
    )  # fmt: skip
    MemberSensitive.history.model.objects.filter(member_id=member.pk).update(
        **{f: "" for f in MemberSensitive.FIELDS}
    )
    FamilyRelation.history.model.objects.filter(member_id=member.pk).update(
        **{f: "" for f in _FAMILY_EMPTIED}, birth_year=None
    )


def _scrub_elsewhere(member: Member, name: str) -> None:
    """Copies of the name kept by the read log and the portal's correction requests."""
    from chudong.access.models import SensitiveReadLog
    from chudong.portal.models import CorrectionRequest

    # The read log keeps who read which record when; only the copied name goes.
    SensitiveReadLog.objects.filter(subject_type="member", subject_id=member.pk).update(
        subject_label=name
    )
    for correction in CorrectionRequest.objects.filter(member=member).exclude(file=""):
        correction.file.delete(save=False)
    CorrectionRequest.objects.filter(member=member).update(
        old_value="", new_value="", reason="", file="", file_name=""
    )
    CorrectionRequest.history.model.objects.filter(member_id=member.pk).update(
        old_value="", new_value="", reason="", file="", file_name=""
    )


def _scrub_account(member: Member) -> None:
    """An account used only as this member's login is closed and emptied; an account that
    also holds (or held) a role stays, unlinked from the record."""
    from chudong.access.models import RoleAssignment

    user = member.user
    if user is None:
        return
    member.user = None
    if RoleAssignment.objects.filter(user=user).exists():
        return
    user.full_name = anonymous_name(member)
    user.full_name_folded = fold(user.full_name)
    user.email = None
    user.phone = None
    user.is_active = False
    user.set_unusable_password()
    user.save(
        update_fields=["full_name", "full_name_folded", "email", "phone", "is_active", "password"]
    )


@transaction.atomic
def anonymise_member(
    *,
    member: Member,
    actor: Any,
    reason: str,
    run: AnonymisationRun | None = None,
    request: Any = None,
) -> Member:
    """Replace the identifying data of one former member's record (the caller has checked
    the actor's right: the retention run, or a response to the member's request).

    Raises ValidationError for a current member or a record already anonymised.
    """
    member = Member.objects.select_for_update(of=("self",)).select_related("user").get(pk=member.pk)
    if member.is_current or member.status == MemberStatus.MERGED:
        raise ValidationError(_("The record of a current member is never anonymised."))
    if AnonymisedMember.objects.filter(member=member).exists():
        raise ValidationError(_("This record has already been anonymised."))
    name = anonymous_name(member)
    old_name = member.full_name
    birth = dt.date(member.date_of_birth.year, 1, 1)
    _scrub_history(member, name, birth)
    if member.photo:
        member.photo.delete(save=False)
    member.family_name, member.middle_name, member.given_name = "", "", name
    member.full_name = name
    member.full_name_folded = fold(name)
    member.sort_key = name_sort_key("", "", name)
    member.date_of_birth, member.birth_year_only = birth, True
    for name_ in _EMPTIED:
        setattr(member, name_, "")
    for name_ in _NULLED:
        setattr(member, name_, None)
    member.photo = ""
    _scrub_account(member)
    member.version += 1
    member._history_user = actor
    member._change_reason = f"anonymised: {reason}"[:100]
    member.save()
    sensitive = MemberSensitive.objects.filter(member=member).first()
    if sensitive is not None:
        for name_ in MemberSensitive.FIELDS:
            setattr(sensitive, name_, "")
        sensitive.version += 1
        sensitive._history_user = actor
        sensitive._change_reason = "anonymised"
        sensitive.save()
    for relation in FamilyRelation.objects.filter(member=member):
        relation._history_user = actor
        relation.delete()
    FamilyRelation.history.model.objects.filter(member_id=member.pk).update(
        **{f: "" for f in _FAMILY_EMPTIED}, birth_year=None
    )
    _scrub_elsewhere(member, name)
    for function in _anonymisers:
        function(member=member, actor=actor, old_name=old_name)
    AnonymisedMember.objects.create(
        member=member, unit_path=member.unit_path, run=run, request=request, reason=reason[:200]
    )
    return member


@dataclass
class RunResult:
    on: dt.date
    years: int
    cutoff: dt.date
    dry_run: bool
    due: list[int] = field(default_factory=list)
    run: AnonymisationRun | None = None

    @property
    def count(self) -> int:
        return len(self.due)


BATCH = 200


def anonymise_due(
    *, on: dt.date | None = None, dry_run: bool = False, actor: Any = None
) -> RunResult:
    """Apply the retention rule: anonymise every former member whose record is due on
    `on` (today). With `dry_run`, only list them. Each batch of records is its own
    transaction, so a run stopped half-way leaves whole records and is resumed by the
    next run; the run row records the count."""
    on = on or timezone.localdate()
    years, statuses = _widest(on)
    result = RunResult(on=on, years=years, cutoff=retention_cutoff(on, years), dry_run=dry_run)
    ids = list(candidates(on=on).values_list("pk", flat=True))
    if dry_run:
        for start in range(0, len(ids), BATCH):
            batch = Member.objects.filter(pk__in=ids[start : start + BATCH]).order_by("pk")
            result.due += [m.pk for m in batch if _is_due(m, on)]
        return result
    run = AnonymisationRun.objects.create(
        on=on, years=years, cutoff=result.cutoff, statuses=sorted(statuses), actor=actor
    )
    result.run = run
    reason = _("retention rule: left before %(date)s") % {
        "date": result.cutoff.strftime("%d/%m/%Y")
    }
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            batch = (
                Member.objects.select_for_update()
                .filter(pk__in=ids[start : start + BATCH])
                .filter(~Q(status__in=sorted(CURRENT_STATUSES)))
                .order_by("pk")
            )
            for member in batch:
                if (
                    _is_due(member, on)
                    and not AnonymisedMember.objects.filter(member=member).exists()
                ):
                    anonymise_member(member=member, actor=actor, reason=reason, run=run)
                    result.due.append(member.pk)
            AnonymisationRun.objects.filter(pk=run.pk).update(anonymised=len(result.due))
    run.anonymised = len(result.due)
    return result
