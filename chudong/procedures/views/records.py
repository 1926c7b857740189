"""A member's procedures page, commendations, cards and their reissue, honorary members."""

from __future__ import annotations

from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.members import selectors as member_selectors

from .. import selectors, services
from ..forms import (
    CardIssueForm,
    CloseForm,
    CommendationRecordForm,
    DecisionForm,
    HonoraryProposeForm,
    ReasonForm,
    ReissueApplyForm,
    ReissueDecideForm,
    ReissueProposeForm,
)
from ..models import CommendationState, HonoraryState, ReissueState
from ..services._common import may_decide_above_grassroots
from ._common import Step, member_context, record_context, run_step, unit_context


@policy.scoped_view
def member_procedures(request, member_id):
    """Cards, commendations, discipline and the admission of one member."""
    member = member_selectors.access_member(request.user, member_id)
    data = selectors.member_procedures(actor=request.user, member=member)
    caps = member_selectors.member_caps(request.user, member)
    manage = caps["can_manage"] and member.is_current
    context = member_context(
        request,
        member,
        heading=_("Card, commendations and discipline"),
        data=data,
        can_issue=manage and not member.card_number,
        can_reissue=manage and not any(r.is_open for r in data.reissues),
        can_commend=caps["can_manage"],
        can_discipline=manage and caps["can_sensitive"],
    )
    return render(request, "procedures/member_procedures.html", context)


@policy.scoped_view
def commendation_new(request, member_id):
    member = member_selectors.access_member(request.user, member_id, cap=Cap.MEMBERS_MANAGE)
    form = CommendationRecordForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        done = run_step(
            request,
            form,
            lambda **data: services.commendation_record(actor=request.user, member=member, **data),
            _("The commendation has been written into the dossier."),
        )
        if done:
            return redirect("procedures:member", member_id=member.pk)
    context = member_context(request, member, heading=_("Record a commendation"), form=form)
    return render(request, "procedures/member_form.html", context)


@policy.scoped_view
def commendation_detail(request, commendation_id):
    commendation = selectors.access_commendation(request.user, commendation_id)
    can_cancel = commendation.state == CommendationState.RECORDED and policy.can_at_path(
        request.user, Cap.MEMBERS_MANAGE, commendation.unit_path
    )
    form = None
    if can_cancel or request.method == "POST":
        form = ReasonForm(request.POST or None, prefix="cancel")
    if request.method == "POST":
        done = run_step(
            request,
            form,
            lambda **data: services.commendation_cancel(
                actor=request.user, commendation=commendation, **data
            ),
            _("The commendation has been cancelled."),
        )
        if done:
            return redirect("procedures:commendation", commendation_id=commendation.pk)
    context = record_context(
        request,
        commendation,
        commendation=commendation,
        cancel_form=form,
        documents=selectors.documents(commendation),
        rows=selectors.record_history(actor=request.user, record=commendation),
    )
    return render(request, "procedures/commendation_detail.html", context)


@policy.scoped_view
def card_issue(request, member_id):
    member = member_selectors.access_member(request.user, member_id, cap=Cap.MEMBERS_MANAGE)
    form = CardIssueForm(request.POST or None)
    if request.method == "POST":
        done = run_step(
            request,
            form,
            lambda **data: services.card_issue(actor=request.user, member=member, **data),
            _("The card has been issued."),
        )
        if done:
            return redirect("procedures:member", member_id=member.pk)
    context = member_context(request, member, heading=_("Issue a membership card"), form=form)
    return render(request, "procedures/member_form.html", context)


@policy.scoped_view
def reissue_new(request, member_id):
    member = member_selectors.access_member(request.user, member_id, cap=Cap.MEMBERS_MANAGE)
    form = ReissueApplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        reissue = run_step(
            request,
            form,
            lambda **data: services.card_reissue_apply(actor=request.user, member=member, **data),
            _("The application for a new card has been recorded."),
        )
        if reissue:
            return redirect("procedures:reissue", reissue_id=reissue.pk)
    context = member_context(
        request, member, heading=_("Reissue a lost card"), form=form, multipart=True
    )
    return render(request, "procedures/member_form.html", context)


REISSUE_STEPS = {
    "propose": Step(
        ReissueProposeForm,
        services.card_reissue_propose,
        gettext_lazy("The proposal has been recorded."),
        gettext_lazy("Proposal of the grassroots union"),
        needs="propose",
    ),
    "decide": Step(
        ReissueDecideForm,
        services.card_reissue_decide,
        gettext_lazy("The new card has been issued; the old one is void."),
        gettext_lazy("Decision and new card"),
        needs="decide",
    ),
    "withdraw": Step(
        CloseForm,
        services.card_reissue_withdraw,
        gettext_lazy("The request has been withdrawn."),
        gettext_lazy("Withdraw the request"),
    ),
}


@policy.scoped_view
def reissue_detail(request, reissue_id):
    reissue = selectors.access_reissue(request.user, reissue_id)
    user = request.user
    caps = {
        "propose": reissue.state == ReissueState.APPLIED
        and services.may_propose_reissue(user, reissue),
        "decide": reissue.state == ReissueState.PROPOSED
        and services.may_decide_reissue(user, reissue),
        "manage": reissue.is_open
        and policy.can_at_path(user, Cap.MEMBERS_MANAGE, reissue.unit_path),
    }
    posted: dict = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        step = REISSUE_STEPS.get(action)
        if step is None:
            return HttpResponseBadRequest()
        form = step.form(request.POST, request.FILES, prefix=action)
        done = run_step(
            request,
            form,
            lambda **data: step.service(actor=user, reissue=reissue, **data),
            step.message,
        )
        if done:
            return redirect("procedures:reissue", reissue_id=reissue.pk)
        posted[action] = form
    forms = {
        action: posted.get(action) or step.form(prefix=action)
        for action, step in REISSUE_STEPS.items()
        if caps[step.needs]
    }
    context = record_context(
        request,
        reissue,
        reissue=reissue,
        forms=forms,
        steps=REISSUE_STEPS,
        documents=selectors.documents(reissue),
        rows=selectors.record_history(actor=user, record=reissue),
    )
    return render(request, "procedures/reissue_detail.html", context)


@policy.scoped_view
def honorary_new(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_MANAGE, unit)
    fixed = unit if unit.kind.is_branch else None
    branches = [] if fixed else member_selectors.branches_for_create(actor=request.user, unit=unit)
    form = HonoraryProposeForm(
        request.POST or None,
        branches=branches[: member_selectors.BRANCH_CHOICES_LIMIT],
        fixed_unit=fixed,
    )
    if request.method == "POST" and form.is_valid():
        target = fixed or policy.get_unit(request.user, form.cleaned_data["unit"])

        def propose(*, unit=None, **data):
            return services.honorary_propose(actor=request.user, unit=target, **data)

        proposal = run_step(request, form, propose, _("The proposal has been recorded."))
        if proposal:
            return redirect("procedures:honorary", honorary_id=proposal.pk)
    context = unit_context(
        request, unit, tab="honorary", form=form, no_branch=not fixed and not branches
    )
    return render(request, "procedures/honorary_new.html", context)


HONORARY_STEPS = {
    "decide": Step(
        DecisionForm,
        services.honorary_decide,
        gettext_lazy("The honorary member has been admitted and registered."),
        gettext_lazy("Decision of the upper level"),
        needs="decide",
    ),
    "withdraw": Step(
        CloseForm,
        services.honorary_withdraw,
        gettext_lazy("The proposal has been withdrawn."),
        gettext_lazy("Withdraw the proposal"),
    ),
}


@policy.scoped_view
def honorary_detail(request, honorary_id):
    proposal = selectors.access_honorary(request.user, honorary_id)
    user = request.user
    waiting = proposal.state == HonoraryState.PROPOSED
    caps = {
        "decide": waiting and may_decide_above_grassroots(user, proposal.unit),
        "manage": waiting and policy.can_at_path(user, Cap.MEMBERS_MANAGE, proposal.unit_path),
    }
    posted: dict = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        step = HONORARY_STEPS.get(action)
        if step is None:
            return HttpResponseBadRequest()
        form = step.form(request.POST, request.FILES, prefix=action)
        done = run_step(
            request,
            form,
            lambda **data: step.service(actor=user, proposal=proposal, **data),
            step.message,
        )
        if done:
            return redirect("procedures:honorary", honorary_id=proposal.pk)
        posted[action] = form
    forms = {
        action: posted.get(action) or step.form(prefix=action)
        for action, step in HONORARY_STEPS.items()
        if caps[step.needs]
    }
    context = record_context(
        request,
        proposal,
        proposal=proposal,
        forms=forms,
        steps=HONORARY_STEPS,
        documents=selectors.documents(proposal),
        rows=selectors.record_history(actor=user, record=proposal),
    )
    return render(request, "procedures/honorary_detail.html", context)
