"""Discipline (kỷ luật) of a member (domain.md 2.10).

The branch meeting reviews the case with a quorum (rule discipline.quorum, a share of the
branch's members) and votes by secret ballot (more than the share of the rule
discipline.vote_threshold of those present). The forms the rule discipline.upper_level_from
lists are then decided by the direct upper unit of the grassroots union (members.decide
strictly above it); the others by the branch itself (members.manage over it). Expulsion
ends the membership; removal from office ends the post.
"""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access import services as access_services
from chudong.access.capabilities import Cap
from chudong.access.models import RoleAssignment
from chudong.members import services as member_services
from chudong.members.models import Member, MemberStatus

from .. import events
from ..models import (
    DisciplineCase,
    DisciplineForm,
    DisciplineState,
    DisciplineViolation,
    DocumentKind,
)
from ._common import (
    check_not_before,
    check_not_future,
    clean_text,
    lock,
    may_decide_above_grassroots,
    require_unit_cap,
    require_upper_decider,
    set_actor,
)
from .documents import FilesGuard, attach, check_uploads
from .rules_access import fraction_text, rule, rule_fraction


def leadership_posts(member: Member, on: dt.date) -> QuerySet[RoleAssignment]:
    """The member's leadership posts held on `on` (through their linked account): what
    makes them a cadre, whom removal from office can concern."""
    if member.user_id is None:
        return RoleAssignment.objects.none()
    return (
        RoleAssignment.objects.filter(
            user_id=member.user_id, role__is_leadership=True, start_date__lte=on
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .select_related("role", "unit")
        .order_by("unit__path", "role__order")
    )


def office_label(assignment: RoleAssignment) -> str:
    return f"{assignment.role.name} — {assignment.unit.name}"


@transaction.atomic
def discipline_propose(
    *,
    actor: Any,
    member: Member,
    form: str,
    violation: str,
    proposed_on: dt.date,
    office_assignment: RoleAssignment | None = None,
) -> DisciplineCase:
    """Open a disciplinary case (members.manage and members.sensitive over the member: the
    violation is sensitive). Removal from office applies only to cadres: the member's
    linked account must hold the leadership post named in `office_assignment`."""
    require_unit_cap(actor, Cap.MEMBERS_MANAGE, member.unit_path)
    if not policy.can_at_path(actor, Cap.MEMBERS_SENSITIVE, member.unit_path):
        raise PermissionDenied
    member = Member.objects.select_for_update(of=("self",)).select_related("unit").get(pk=member.pk)
    if member.status == MemberStatus.MERGED or not member.is_current:
        raise ValidationError(
            _("%(name)s is no longer a member (%(status)s).")
            % {"name": member.full_name, "status": member.get_status_display()}
        )
    if form not in DisciplineForm.values:
        raise ValidationError({"form": _("Choose the form of discipline.")})
    check_not_future(proposed_on, "proposed_on")
    if not clean_text(violation):
        raise ValidationError({"violation": _("Describe the violation.")})
    label = ""
    if form == DisciplineForm.REMOVAL:
        posts = leadership_posts(member, proposed_on)
        if not posts.exists():
            raise ValidationError(
                {
                    "form": _(
                        "Removal from office applies only to cadres: %(name)s holds no "
                        "leadership post in the Union."
                    )
                    % {"name": member.full_name}
                }
            )
        if office_assignment is None or not posts.filter(pk=office_assignment.pk).exists():
            raise ValidationError({"office_assignment": _("Choose the post concerned.")})
        office_assignment = posts.get(pk=office_assignment.pk)
        label = office_label(office_assignment)
    else:
        office_assignment = None
    case = DisciplineCase(
        member=member,
        unit=member.unit,
        unit_path=member.unit_path,
        form=form,
        office_assignment=office_assignment,
        office_label=label,
        proposed_on=proposed_on,
        created_by=actor,
    )
    case.full_clean()
    set_actor(actor, case)
    case.save()
    detail = DisciplineViolation(case=case, violation=violation.strip())
    set_actor(actor, detail)
    detail.save()
    return case


def _expect(case: DisciplineCase, state: str) -> None:
    if case.state != state:
        raise ValidationError(
            _("This step does not follow from where the case stands (%s). Reload the page.")
            % case.get_state_display()
        )


def quorum_met(present: int, members: int, quorum: Fraction) -> bool:
    """At least `quorum` of the branch's members are present (the boundary counts)."""
    return members > 0 and Fraction(present, members) >= quorum


def vote_passes(votes_for: int, present: int, threshold: Fraction) -> bool:
    """More than `threshold` of those present voted for (strictly more)."""
    return present > 0 and Fraction(votes_for, present) > threshold


@transaction.atomic
def discipline_record_meeting(
    *,
    actor: Any,
    case: DisciplineCase,
    meeting_date: dt.date,
    branch_members: int,
    members_present: int,
    votes_for: int,
    votes_against: int,
    secret_ballot: bool,
    minutes: Any = None,
) -> DisciplineCase:
    """The branch meeting on the case (members.manage over the branch). Without a quorum
    nothing is recorded (the meeting must be held again); a vote that does not pass
    closes the case as not approved."""
    require_unit_cap(actor, Cap.MEMBERS_MANAGE, case.unit_path)
    checked = check_uploads({"minutes": minutes})
    with FilesGuard() as guard:
        case = lock(DisciplineCase, case.pk)
        _expect(case, DisciplineState.PROPOSED)
        check_not_future(meeting_date, "meeting_date")
        check_not_before(meeting_date, case.proposed_on, "meeting_date", _("the proposal"))
        if not secret_ballot:
            raise ValidationError(
                {"secret_ballot": _("The Charter requires a secret ballot on discipline.")}
            )
        if branch_members < 1:
            raise ValidationError({"branch_members": _("Enter the number of members.")})
        if members_present > branch_members:
            raise ValidationError(
                {
                    "members_present": _(
                        "More members present (%(present)d) than the branch has (%(members)d)."
                    )
                    % {"present": members_present, "members": branch_members}
                }
            )
        if votes_for + votes_against > members_present:
            raise ValidationError(
                {
                    "votes_against": _(
                        "Votes for and against (%(votes)d) exceed the members present "
                        "(%(present)d)."
                    )
                    % {"votes": votes_for + votes_against, "present": members_present}
                }
            )
        quorum = rule_fraction(
            "discipline.quorum", on=meeting_date, unit=case.unit, field="members_present"
        )
        if not quorum_met(members_present, branch_members, quorum):
            needed = math.ceil(quorum * branch_members)
            raise ValidationError(
                {
                    "members_present": _(
                        "No quorum: at least %(share)s of the %(members)d members (%(needed)d) "
                        "must be present; %(present)d were. Hold the meeting again."
                    )
                    % {
                        "share": fraction_text(quorum),
                        "members": branch_members,
                        "needed": needed,
                        "present": members_present,
                    }
                }
            )
        threshold = rule_fraction(
            "discipline.vote_threshold", on=meeting_date, unit=case.unit, field="votes_for"
        )
        upper_forms = rule(
            "discipline.upper_level_from", on=meeting_date, unit=case.unit, field="meeting_date"
        )
        case.meeting_date = meeting_date
        case.branch_members, case.members_present = branch_members, members_present
        case.votes_for, case.votes_against = votes_for, votes_against
        case.secret_ballot = True
        if vote_passes(votes_for, members_present, threshold):
            case.state = DisciplineState.VOTED
            case.upper_level_decides = case.form in upper_forms
        else:
            case.state = DisciplineState.NOT_APPROVED
            case.closed_on = meeting_date
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
        if "minutes" in checked:
            attach(
                actor=actor,
                owner=case,
                kind=DocumentKind.MINUTES,
                checked=checked["minutes"],
                guard=guard,
            )
    return case


def may_decide(actor: Any, case: DisciplineCase) -> bool:
    """Whether the actor holds the authority the case's decision needs."""
    if case.state != DisciplineState.VOTED:
        return False
    if case.upper_level_decides:
        return may_decide_above_grassroots(actor, case.unit)
    return policy.can_at_path(actor, Cap.MEMBERS_MANAGE, case.unit_path)


@transaction.atomic
def discipline_decide(
    *,
    actor: Any,
    case: DisciplineCase,
    decision_number: str,
    decision_date: dt.date,
    decision_signer: str,
    decision_scan: Any = None,
) -> DisciplineCase:
    """The disciplinary decision. By the direct upper unit of the grassroots union when the
    meeting found the form among those the upper level decides (members.decide strictly
    above the grassroots union), else by the branch (members.manage over it)."""
    require_unit_cap(actor, Cap.MEMBERS_VIEW, case.unit_path)
    if case.upper_level_decides:
        deciding_unit = require_upper_decider(actor, case.unit).parent
    else:
        require_unit_cap(actor, Cap.MEMBERS_MANAGE, case.unit_path)
        deciding_unit = case.unit
    checked = check_uploads({"decision_scan": decision_scan})
    with FilesGuard() as guard:
        case = lock(DisciplineCase, case.pk)
        _expect(case, DisciplineState.VOTED)
        errors = {}
        if not clean_text(decision_number):
            errors["decision_number"] = _("Enter the decision number.")
        if not clean_text(decision_signer):
            errors["decision_signer"] = _("Enter who signed the decision.")
        if errors:
            raise ValidationError(errors)
        check_not_future(decision_date, "decision_date")
        check_not_before(decision_date, case.meeting_date, "decision_date", _("the branch meeting"))
        member = Member.objects.select_related("unit").get(pk=case.member_id)
        case.decision_number = clean_text(decision_number)
        case.decision_date = decision_date
        case.decision_signer = clean_text(decision_signer)
        case.decided_by_unit = deciding_unit
        case.decided_by = actor
        case.state = DisciplineState.DECIDED
        set_actor(actor, case)
        case.save()
        form_label = DisciplineForm(case.form).label
        title = _("Discipline: %(form)s") % {"form": form_label}
        if case.office_label:
            title = f"{title} ({case.office_label})"
        member_services.member_event_add(
            member=member,
            kind=events.DISCIPLINE,
            date=decision_date,
            title=title,
            detail=_("Decision %(number)s of %(unit)s, signed by %(signer)s")
            % {
                "number": case.decision_number,
                "unit": deciding_unit.name,
                "signer": case.decision_signer,
            },
            actor=actor,
            source=case,
        )
        if case.form == DisciplineForm.REMOVAL and case.office_assignment_id:
            _end_office(actor, case, decision_date)
        if case.form == DisciplineForm.EXPULSION and member.status != MemberStatus.EXPELLED:
            member_services.member_status_change(
                actor=actor,
                member=member,
                status=MemberStatus.EXPELLED,
                effective_on=decision_date,
                reason=_("Expelled: decision %(number)s of %(unit)s")
                % {"number": case.decision_number, "unit": deciding_unit.name},
                source=case,
            )
        if "decision_scan" in checked:
            attach(
                actor=actor,
                owner=case,
                kind=DocumentKind.DECISION,
                checked=checked["decision_scan"],
                guard=guard,
            )
    return case


def _end_office(actor: Any, case: DisciplineCase, decision_date: dt.date) -> None:
    assignment = RoleAssignment.objects.select_related("unit").get(pk=case.office_assignment_id)
    if assignment.end_date is not None and assignment.end_date <= decision_date:
        return  # the post had already ended
    if not policy.can(actor, Cap.ROLES_MANAGE, assignment.unit):
        raise ValidationError(
            _(
                "You may not end the post %(office)s: only the level above %(unit)s can. "
                "Ask them to record this decision."
            )
            % {"office": case.office_label, "unit": assignment.unit.name}
        )
    access_services.role_end(
        actor=actor,
        assignment=assignment,
        end_date=max(decision_date, assignment.start_date),
        note=_("Removed from office: decision %s") % case.decision_number,
    )


@transaction.atomic
def discipline_record_appeal(
    *, actor: Any, case: DisciplineCase, appeal_date: dt.date, appeal_note: str
) -> DisciplineCase:
    """Note an appeal (khiếu nại) against a decided case and its outcome (members.manage
    over the branch)."""
    require_unit_cap(actor, Cap.MEMBERS_MANAGE, case.unit_path)
    case = lock(DisciplineCase, case.pk)
    _expect(case, DisciplineState.DECIDED)
    check_not_future(appeal_date, "appeal_date")
    check_not_before(appeal_date, case.decision_date, "appeal_date", _("the decision"))
    if not appeal_note.strip():
        raise ValidationError({"appeal_note": _("Describe the appeal and its outcome.")})
    first = case.appeal_date is None
    case.appeal_date = appeal_date
    case.appeal_note = appeal_note.strip()
    set_actor(actor, case)
    case.save()
    if first:
        member_services.member_event_add(
            member=Member.objects.get(pk=case.member_id),
            kind=events.DISCIPLINE_APPEAL,
            date=appeal_date,
            title=_("Appeal against the discipline (%s)") % DisciplineForm(case.form).label,
            actor=actor,
            source=case,
        )
    return case


@transaction.atomic
def discipline_withdraw(
    *, actor: Any, case: DisciplineCase, closed_on: dt.date, closed_reason: str
) -> DisciplineCase:
    """Close an open case before its decision (members.manage over the branch)."""
    require_unit_cap(actor, Cap.MEMBERS_MANAGE, case.unit_path)
    case = lock(DisciplineCase, case.pk)
    if not case.is_open:
        raise ValidationError(_("This case is already closed."))
    check_not_future(closed_on, "closed_on")
    check_not_before(closed_on, case.proposed_on, "closed_on", _("the proposal"))
    if not clean_text(closed_reason):
        raise ValidationError({"closed_reason": _("Say why the case is withdrawn.")})
    case.state = DisciplineState.WITHDRAWN
    case.closed_on = closed_on
    case.closed_reason = clean_text(closed_reason)
    set_actor(actor, case)
    case.save()
    return case
