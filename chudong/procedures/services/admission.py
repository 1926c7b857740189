"""Admission (kết nạp đoàn viên), one service per step (domain.md 2.3).

Who does what:
- the branch (members.manage over the case's branch): nominate, class, introducer,
  application, vote, ceremony, card, withdraw;
- the direct upper unit of the grassroots union (members.decide strictly above it):
  the confirming decision, or its refusal.

Each step locks the case, checks it stands at the step before, validates its dates
against the earlier steps, and writes in one transaction. The card step creates the
Member through the members services and writes the whole path onto its timeline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.accounts.models import normalize_phone
from chudong.core.text import fold
from chudong.members import services as member_services
from chudong.members.models import Member, UnitPeriodReason
from chudong.members.services._common import clean_full_name
from chudong.orgs.models import Unit

from .. import events
from ..models import (
    AdmissionCase,
    AdmissionSensitive,
    AdmissionState,
    CardOrigin,
    ClassResult,
    Collective,
    DocumentKind,
    IntroducerKind,
    MembershipCard,
)
from ._common import (
    check_not_before,
    check_not_future,
    clean_text,
    day_text,
    full_months,
    full_years,
    lock,
    require_unit_cap,
    require_upper_decider,
    set_actor,
    today,
)
from .cards import check_card_number_free
from .documents import FilesGuard, attach, check_uploads
from .rules_access import fraction_text, rule, rule_fraction

# Candidate fields the nomination form edits (besides the sensitive ones).
CANDIDATE_FIELDS = (
    "full_name",
    "sex",
    "date_of_birth",
    "national_id",
    "phone",
    "email",
    "hometown",
    "current_residence",
    "occupation",
    "workplace",
    "education_level",
)
SENSITIVE_FIELDS = AdmissionSensitive.FIELDS

# Apps that knew the young person before the case (the youth register) follow its end:
# fn(*, case, actor) runs inside the closing step's transaction, once the case is admitted
# (case.member set), not approved, refused or withdrawn.
_closing_followers: list[Callable[..., None]] = []


def register_closing_follower(follower: Callable[..., None]) -> None:
    if follower not in _closing_followers:
        _closing_followers.append(follower)


def _case_closed(case: AdmissionCase, actor: Any) -> None:
    if case.youth_id is None:
        return
    for follower in _closing_followers:
        follower(case=case, actor=actor)


def _require_branch(unit: Unit) -> None:
    if not unit.is_active:
        raise ValidationError({"unit": _("%s is no longer active.") % unit.name})
    if not unit.kind.is_branch:
        raise ValidationError(
            {
                "unit": _(
                    "Young people are admitted in a branch (chi đoàn or chi đoàn cơ sở); "
                    "%(unit)s is a %(kind)s."
                )
                % {"unit": unit.name, "kind": unit.kind.name}
            }
        )


def _expect(case: AdmissionCase, *states: str) -> None:
    if case.state not in states:
        raise ValidationError(
            _("This step does not follow from where the case stands (%s). Reload the page.")
            % case.get_state_display()
        )


def _apply_candidate(case: AdmissionCase, values: dict[str, Any]) -> None:
    for name in CANDIDATE_FIELDS:
        if name in values:
            setattr(case, name, values[name])
    case.full_name = clean_full_name(case.full_name)
    case.full_name_folded = fold(case.full_name)
    case.phone = normalize_phone(case.phone)
    case.email = (case.email or "").strip().lower()
    case.national_id = "".join((case.national_id or "").split()) or None
    for name in ("hometown", "current_residence", "occupation", "workplace", "education_level"):
        setattr(case, name, clean_text(getattr(case, name)))
    if case.date_of_birth and case.date_of_birth > today():
        raise ValidationError({"date_of_birth": _("The date of birth cannot be in the future.")})
    if case.national_id:
        registered = Member.objects.filter(national_id=case.national_id).first()
        if registered is not None:
            raise ValidationError(
                {
                    "national_id": _(
                        "This citizen ID belongs to %(name)s, already in the member register."
                    )
                    % {"name": registered.full_name}
                }
            )


def _save_sensitive(actor: Any, case: AdmissionCase, values: dict[str, Any]) -> None:
    given = {name: clean_text(values.get(name)) for name in SENSITIVE_FIELDS if name in values}
    existing = AdmissionSensitive.objects.filter(case=case).first()
    if not given or (existing is None and not any(given.values())):
        return
    if not policy.can_at_path(actor, Cap.MEMBERS_SENSITIVE, case.unit_path):
        raise PermissionDenied
    sensitive = existing or AdmissionSensitive(case=case)
    for name, value in given.items():
        setattr(sensitive, name, value)
    sensitive.full_clean()
    set_actor(actor, sensitive)
    sensitive.save()


@transaction.atomic
def admission_nominate(
    *,
    actor: Any,
    unit: Unit,
    full_name: str,
    sex: str,
    date_of_birth: dt.date,
    nominated_on: dt.date,
    nomination_note: str = "",
    youth_id: int | None = None,
    **candidate: Any,
) -> AdmissionCase:
    """Open an admission case for a young person in branch `unit` (members.manage over it).

    `candidate` holds further CANDIDATE_FIELDS and, for a holder of members.sensitive,
    ethnicity and religion; `youth_id` links the case to the young person's record in the
    youth register (which then follows the case's end). Raises ValidationError per field.
    """
    policy.require(actor, Cap.MEMBERS_MANAGE, unit)
    unknown = set(candidate) - set(CANDIDATE_FIELDS) - set(SENSITIVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown candidate fields: {sorted(unknown)}")
    _require_branch(unit)
    check_not_future(nominated_on, "nominated_on")
    case = AdmissionCase(
        unit=unit,
        unit_path=unit.path,
        nominated_on=nominated_on,
        nomination_note=clean_text(nomination_note),
        youth_id=youth_id,
        created_by=actor,
    )
    _apply_candidate(
        case, {"full_name": full_name, "sex": sex, "date_of_birth": date_of_birth, **candidate}
    )
    check_not_before(nominated_on, case.date_of_birth, "nominated_on", _("the date of birth"))
    case.full_clean()
    set_actor(actor, case)
    case.save()
    _save_sensitive(actor, case, candidate)
    return case


@transaction.atomic
def admission_update_candidate(*, actor: Any, case: AdmissionCase, **values: Any) -> AdmissionCase:
    """Correct the candidate's data while the case is open (members.manage)."""
    require_unit_cap(actor, Cap.MEMBERS_MANAGE, case.unit_path)
    unknown = set(values) - set(CANDIDATE_FIELDS) - set(SENSITIVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown candidate fields: {sorted(unknown)}")
    case = lock(AdmissionCase, case.pk)
    if not case.is_open:
        raise ValidationError(_("This case is closed; its data can no longer be changed."))
    _apply_candidate(case, values)
    check_not_before(case.nominated_on, case.date_of_birth, "date_of_birth", _("the nomination"))
    case.full_clean()
    set_actor(actor, case)
    case.save()
    _save_sensitive(actor, case, values)
    return case


@transaction.atomic
def admission_record_class(
    *,
    actor: Any,
    case: AdmissionCase,
    class_name: str,
    class_start: dt.date,
    class_end: dt.date,
    class_result: str,
    certificate: Any = None,
) -> AdmissionCase:
    """The Youth Union class (lớp bồi dưỡng nhận thức về Đoàn). A class not completed
    keeps the case at the nomination, so that a later class can be recorded."""
    require_unit_cap(actor, Cap.MEMBERS_MANAGE, case.unit_path)
    checked = check_uploads({"certificate": certificate})
    with FilesGuard() as guard:
        case = lock(AdmissionCase, case.pk)
        _expect(case, AdmissionState.NOMINATED)
        if not clean_text(class_name):
            raise ValidationError({"class_name": _("Enter the name of the class.")})
        if class_result not in ClassResult.values:
            raise ValidationError({"class_result": _("Choose the result.")})
        check_not_future(class_end, "class_end")
        check_not_before(class_end, class_start, "class_end", _("the first day of the class"))
        check_not_before(class_end, case.nominated_on, "class_end", _("the nomination"))
        case.class_name = clean_text(class_name)
        case.class_start, case.class_end, case.class_result = class_start, class_end, class_result
        if class_result == ClassResult.PASSED:
            case.state = AdmissionState.CLASS_DONE
        set_actor(actor, case)
        case.save()
        if "certificate" in checked:
            attach(
                actor=actor,
                owner=case,
                kind=DocumentKind.CLASS_CERTIFICATE,
                checked=checked["certificate"],
                guard=guard,
            )
    return case


@transaction.atomic
def admission_record_introducer(
    *,
    actor: Any,
    case: AdmissionCase,
    introducer_kind: str,
    introduced_on: dt.date,
    introducer_member: Member | None = None,
    introducer_name: str = "",
    introducer_collective: str = "",
    introducer_known_since: dt.date | None = None,
) -> AdmissionCase:
    """Who introduces the candidate: a member chosen from the register, or a Party member
    (where there is no Union) by name, who has worked or studied with the candidate for at
    least the months of the rule admission.introducer_min_months; or a collective (the
    Young Pioneers' unit, the Youth Federation's chapter, the Students' Association)."""
    require_unit_cap(actor, Cap.MEMBERS_MANAGE, case.unit_path)
    case = lock(AdmissionCase, case.pk)
    _expect(case, AdmissionState.CLASS_DONE)
    check_not_future(introduced_on, "introduced_on")
    check_not_before(introduced_on, case.class_end, "introduced_on", _("the end of the class"))
    name = clean_text(introducer_name)
    member = None
    collective = ""
    if introducer_kind == IntroducerKind.MEMBER:
        if introducer_member is None:
            raise ValidationError({"introducer_member": _("Choose the introducing member.")})
        # Chosen from the register the actor may see; a current member only.
        if not policy.can_at_path(actor, Cap.MEMBERS_VIEW, introducer_member.unit_path):
            raise ValidationError({"introducer_member": _("Choose the introducing member.")})
        if not introducer_member.is_current:
            raise ValidationError(
                {
                    "introducer_member": _("%(name)s is no longer a member (%(status)s).")
                    % {
                        "name": introducer_member.full_name,
                        "status": introducer_member.get_status_display(),
                    }
                }
            )
        member, name = introducer_member, introducer_member.full_name
    elif introducer_kind == IntroducerKind.PARTY_MEMBER:
        if not name:
            raise ValidationError({"introducer_name": _("Enter the Party member's full name.")})
        name = clean_full_name(name)
    elif introducer_kind == IntroducerKind.COLLECTIVE:
        if introducer_collective not in Collective.values:
            raise ValidationError({"introducer_collective": _("Choose the collective.")})
        collective = introducer_collective
    else:
        raise ValidationError({"introducer_kind": _("Choose who introduces the candidate.")})
    known_since = None
    if introducer_kind != IntroducerKind.COLLECTIVE:
        if introducer_known_since is None:
            raise ValidationError(
                {"introducer_known_since": _("Enter since when they have known the candidate.")}
            )
        minimum = rule(
            "admission.introducer_min_months",
            on=introduced_on,
            unit=case.unit,
            field="introducer_known_since",
        )
        months = full_months(introducer_known_since, introduced_on)
        if introducer_known_since > introduced_on or months < minimum:
            raise ValidationError(
                {
                    "introducer_known_since": _(
                        "The introducer must have worked or studied with the candidate for "
                        "at least %(min)d months by %(date)s (since %(since)s: %(months)d)."
                    )
                    % {
                        "min": minimum,
                        "date": day_text(introduced_on),
                        "since": day_text(introducer_known_since),
                        "months": max(months, 0),
                    }
                }
            )
        known_since = introducer_known_since
    case.introducer_kind = introducer_kind
    case.introducer_member = member
    case.introducer_name = name
    case.introducer_collective = collective
    case.introducer_known_since = known_since
    case.introduced_on = introduced_on
    case.state = AdmissionState.INTRODUCED
    case.full_clean()
    set_actor(actor, case)
    case.save()
    return case


@transaction.atomic
def admission_submit_application(
    *,
    actor: Any,
    case: AdmissionCase,
    application_date: dt.date,
    application: Any = None,
    background: Any = None,
) -> AdmissionCase:
    """The candidate's application (đơn xin vào Đoàn) and background declaration (lý lịch),
    both attached as files."""
    require_unit_cap(actor, Cap.MEMBERS_MANAGE, case.unit_path)
    missing = {
        field: _("Attach this document.")
        for field, upload in (("application", application), ("background", background))
        if upload is None
    }
    if missing:
        raise ValidationError(missing)
    checked = check_uploads({"application": application, "background": background})
    with FilesGuard() as guard:
        case = lock(AdmissionCase, case.pk)
        _expect(case, AdmissionState.INTRODUCED)
        check_not_future(application_date, "application_date")
        check_not_before(
            application_date, case.nominated_on, "application_date", _("the nomination")
        )
        case.application_date = application_date
        case.state = AdmissionState.APPLIED
        set_actor(actor, case)
        case.save()
        attach(
            actor=actor,
            owner=case,
            kind=DocumentKind.APPLICATION,
            checked=checked["application"],
            guard=guard,
        )
        attach(
            actor=actor,
            owner=case,
            kind=DocumentKind.BACKGROUND,
            checked=checked["background"],
            guard=guard,
        )
    return case


def vote_passes(votes_for: int, members_present: int, threshold: Fraction) -> bool:
    """More than `threshold` of the members present voted for (strictly more)."""
    return members_present > 0 and Fraction(votes_for, members_present) > threshold


def _check_votes(members_present: int, votes_for: int, votes_against: int) -> None:
    if members_present < 1:
        raise ValidationError({"members_present": _("At least one member must be present.")})
    if votes_for + votes_against > members_present:
        raise ValidationError(
            {
                "votes_against": _(
                    "Votes for and against (%(votes)d) exceed the members present (%(present)d)."
                )
                % {"votes": votes_for + votes_against, "present": members_present}
            }
        )


@transaction.atomic
def admission_record_vote(
    *,
    actor: Any,
    case: AdmissionCase,
    vote_date: dt.date,
    members_present: int,
    votes_for: int,
    votes_against: int,
    minutes: Any = None,
) -> AdmissionCase:
    """The branch meeting's vote on the candidate. It passes when more than the share of
    the rule admission.vote_threshold of the members present vote for; the case then
    waits for the upper level, otherwise it closes as not approved."""
    require_unit_cap(actor, Cap.MEMBERS_MANAGE, case.unit_path)
    checked = check_uploads({"minutes": minutes})
    with FilesGuard() as guard:
        case = lock(AdmissionCase, case.pk)
        _expect(case, AdmissionState.APPLIED)
        check_not_future(vote_date, "vote_date")
        check_not_before(vote_date, case.application_date, "vote_date", _("the application"))
        check_not_before(vote_date, case.introduced_on, "vote_date", _("the introduction"))
        _check_votes(members_present, votes_for, votes_against)
        threshold = rule_fraction(
            "admission.vote_threshold", on=vote_date, unit=case.unit, field="votes_for"
        )
        case.vote_date = vote_date
        case.members_present, case.votes_for, case.votes_against = (
            members_present,
            votes_for,
            votes_against,
        )
        if vote_passes(votes_for, members_present, threshold):
            case.state = AdmissionState.VOTED
        else:
            case.state = AdmissionState.NOT_APPROVED
            case.closed_on = vote_date
            case.closed_reason = _(
                "%(votes)d of %(present)d members present voted for; more than %(share)s "
                "was needed."
            ) % {
                "votes": votes_for,
                "present": members_present,
                "share": fraction_text(threshold),
            }
        case.full_clean()
        set_actor(actor, case)
        case.save()
        if case.state == AdmissionState.NOT_APPROVED:
            _case_closed(case, actor)
        if "minutes" in checked:
            attach(
                actor=actor,
                owner=case,
                kind=DocumentKind.MINUTES,
                checked=checked["minutes"],
                guard=guard,
            )
    return case


def check_age(case: AdmissionCase, on: dt.date, field: str = "decision_date") -> None:
    """The candidate's age in full years on `on` lies within the Charter's range."""
    low = rule("membership.min_age", on=on, unit=case.unit, field=field)
    high = rule("membership.max_age", on=on, unit=case.unit, field=field)
    age = full_years(case.date_of_birth, on)
    if not low <= age <= high:
        raise ValidationError(
            {
                field: _(
                    "On %(date)s the candidate is %(age)d full years old; young people are "
                    "admitted from %(low)d to %(high)d."
                )
                % {"date": day_text(on), "age": age, "low": low, "high": high}
            }
        )


@transaction.atomic
def admission_decide(
    *,
    actor: Any,
    case: AdmissionCase,
    decision_number: str,
    decision_date: dt.date,
    decision_signer: str,
    decision_scan: Any = None,
) -> AdmissionCase:
    """The confirming decision (quyết định chuẩn y) of the direct upper unit of the
    branch's grassroots union: members.decide strictly above the grassroots union. The
    candidate's age in full years on the decision date must lie within the rules
    membership.min_age and membership.max_age."""
    require_unit_cap(actor, Cap.MEMBERS_VIEW, case.unit_path)
    grassroots = require_upper_decider(actor, case.unit)
    checked = check_uploads({"decision_scan": decision_scan})
    with FilesGuard() as guard:
        case = lock(AdmissionCase, case.pk)
        _expect(case, AdmissionState.VOTED)
        errors = {}
        if not clean_text(decision_number):
            errors["decision_number"] = _("Enter the decision number.")
        if not clean_text(decision_signer):
            errors["decision_signer"] = _("Enter who signed the decision.")
        if errors:
            raise ValidationError(errors)
        check_not_future(decision_date, "decision_date")
        check_not_before(decision_date, case.vote_date, "decision_date", _("the branch vote"))
        check_age(case, decision_date)
        case.decision_number = clean_text(decision_number)
        case.decision_date = decision_date
        case.decision_signer = clean_text(decision_signer)
        case.decided_by_unit = grassroots.parent
        case.decided_by = actor
        case.state = AdmissionState.CONFIRMED
        set_actor(actor, case)
        case.save()
        if "decision_scan" in checked:
            attach(
                actor=actor,
                owner=case,
                kind=DocumentKind.DECISION,
                checked=checked["decision_scan"],
                guard=guard,
            )
    return case


@transaction.atomic
def admission_refuse(
    *, actor: Any, case: AdmissionCase, closed_on: dt.date, closed_reason: str
) -> AdmissionCase:
    """The upper level does not confirm the admission (same authority as the decision)."""
    require_unit_cap(actor, Cap.MEMBERS_VIEW, case.unit_path)
    grassroots = require_upper_decider(actor, case.unit)
    case = lock(AdmissionCase, case.pk)
    _expect(case, AdmissionState.VOTED)
    check_not_future(closed_on, "closed_on")
    check_not_before(closed_on, case.vote_date, "closed_on", _("the branch vote"))
    if not clean_text(closed_reason):
        raise ValidationError({"closed_reason": _("Say why the admission is not confirmed.")})
    case.state = AdmissionState.REFUSED
    case.closed_on = closed_on
    case.closed_reason = clean_text(closed_reason)
    case.decided_by_unit = grassroots.parent
    case.decided_by = actor
    set_actor(actor, case)
    case.save()
    _case_closed(case, actor)
    return case


@transaction.atomic
def admission_record_ceremony(
    *, actor: Any, case: AdmissionCase, ceremony_date: dt.date, ceremony_place: str
) -> AdmissionCase:
    """The admission ceremony (lễ kết nạp), after the confirming decision."""
    require_unit_cap(actor, Cap.MEMBERS_MANAGE, case.unit_path)
    case = lock(AdmissionCase, case.pk)
    _expect(case, AdmissionState.CONFIRMED)
    check_not_future(ceremony_date, "ceremony_date")
    check_not_before(ceremony_date, case.decision_date, "ceremony_date", _("the decision"))
    if not clean_text(ceremony_place):
        raise ValidationError({"ceremony_place": _("Enter where the ceremony was held.")})
    case.ceremony_date = ceremony_date
    case.ceremony_place = clean_text(ceremony_place)
    case.state = AdmissionState.CEREMONY_HELD
    set_actor(actor, case)
    case.save()
    return case


def _admission_place(case: AdmissionCase) -> str:
    upper = case.unit.parent
    return f"{case.unit.name}, {upper.name}" if upper is not None else case.unit.name


@transaction.atomic
def admission_issue_card(
    *, actor: Any, case: AdmissionCase, card_number: str, card_issued_on: dt.date
) -> Member:
    """Issue the card: the candidate becomes a Member (created through the members
    services from the case's data: nothing is typed twice) with the admission date, place
    and decision, and the whole admission path is written onto the member's timeline."""
    require_unit_cap(actor, Cap.MEMBERS_MANAGE, case.unit_path)
    case = lock(AdmissionCase, case.pk)
    _expect(case, AdmissionState.CEREMONY_HELD)
    check_not_future(card_issued_on, "card_issued_on")
    check_not_before(card_issued_on, case.decision_date, "card_issued_on", _("the decision"))
    number = check_card_number_free(card_number)
    member = member_services.member_create(
        actor=actor,
        unit=case.unit,
        full_name=case.full_name,
        sex=case.sex,
        date_of_birth=case.date_of_birth,
        unit_since=case.decision_date,
        reason=UnitPeriodReason.ADMITTED,
        national_id=case.national_id,
        phone=case.phone,
        email=case.email,
        hometown=case.hometown,
        current_residence=case.current_residence,
        occupation=case.occupation,
        workplace=case.workplace,
        education_level=case.education_level,
        card_number=number,
        admission_date=case.decision_date,
        admission_place=_admission_place(case),
        admission_decision=case.decision_number,
    )
    sensitive = AdmissionSensitive.objects.filter(case=case).first()
    if sensitive is not None and (sensitive.ethnicity or sensitive.religion):
        member_services.member_sensitive_update(
            actor=actor,
            member=member,
            expected_version=0,
            values={"ethnicity": sensitive.ethnicity, "religion": sensitive.religion},
        )
    card = MembershipCard(
        member=member,
        number=number,
        issued_on=card_issued_on,
        origin=CardOrigin.ADMISSION,
        created_by=actor,
    )
    card.full_clean()
    set_actor(actor, card)
    card.save()
    case.card_number = number
    case.card_issued_on = card_issued_on
    case.member = member
    case.state = AdmissionState.ADMITTED
    set_actor(actor, case)
    case.save()
    for kind, day, title, detail in admission_path(case):
        member_services.member_event_add(
            member=member,
            kind=kind,
            date=day,
            title=title,
            detail=detail,
            unit=case.unit,
            actor=actor,
            source=case,
        )
    _case_closed(case, actor)
    return member


def admission_path(case: AdmissionCase) -> list[tuple[str, dt.date, str, str]]:
    """(event kind, date, title, detail) of every step the case went through."""
    introducer = case.introducer_name or Collective(case.introducer_collective).label
    if case.introducer_kind == IntroducerKind.COLLECTIVE and case.introducer_name:
        introducer = f"{Collective(case.introducer_collective).label}: {case.introducer_name}"
    steps = [
        (
            events.ADMISSION_NOMINATED,
            case.nominated_on,
            _("Nominated for admission in %s") % case.unit.name,
            case.nomination_note,
        ),
        (
            events.ADMISSION_CLASS,
            case.class_end,
            _("Completed the Youth Union class: %s") % case.class_name,
            "",
        ),
        (
            events.ADMISSION_INTRODUCED,
            case.introduced_on,
            _("Introduced by %s") % introducer,
            "",
        ),
        (
            events.ADMISSION_APPLIED,
            case.application_date,
            _("Application and background declaration submitted"),
            "",
        ),
        (
            events.ADMISSION_VOTED,
            case.vote_date,
            _("Branch vote: %(for)d for, %(against)d against, %(present)d present")
            % {
                "for": case.votes_for,
                "against": case.votes_against,
                "present": case.members_present,
            },
            "",
        ),
        (
            events.ADMISSION_CONFIRMED,
            case.decision_date,
            _("Admission confirmed by %(unit)s, decision %(number)s")
            % {"unit": case.decided_by_unit.name, "number": case.decision_number},
            _("Signed by %s") % case.decision_signer,
        ),
        (
            events.ADMISSION_CEREMONY,
            case.ceremony_date,
            _("Admission ceremony at %s") % case.ceremony_place,
            "",
        ),
        (
            events.CARD_ISSUED,
            case.card_issued_on,
            _("Membership card No. %s issued") % case.card_number,
            "",
        ),
    ]
    return [step for step in steps if step[1] is not None]


@transaction.atomic
def admission_withdraw(
    *, actor: Any, case: AdmissionCase, closed_on: dt.date, closed_reason: str
) -> AdmissionCase:
    """Close an open case (the candidate moved away, changed their mind...):
    members.manage over the branch."""
    require_unit_cap(actor, Cap.MEMBERS_MANAGE, case.unit_path)
    case = lock(AdmissionCase, case.pk)
    if not case.is_open:
        raise ValidationError(_("This case is already closed."))
    check_not_future(closed_on, "closed_on")
    check_not_before(closed_on, case.nominated_on, "closed_on", _("the nomination"))
    if not clean_text(closed_reason):
        raise ValidationError({"closed_reason": _("Say why the case is withdrawn.")})
    case.state = AdmissionState.WITHDRAWN
    case.closed_on = closed_on
    case.closed_reason = clean_text(closed_reason)
    set_actor(actor, case)
    case.save()
    _case_closed(case, actor)
    return case
