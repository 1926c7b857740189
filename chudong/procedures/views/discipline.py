"""Discipline pages: propose (from the member), the case page with the meeting, the
decision and the appeal, the violation (a logged read) and the unit's list."""

from __future__ import annotations

from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.views import render_page
from chudong.members import selectors as member_selectors

from .. import selectors, services
from ..forms import (
    AppealForm,
    CloseForm,
    DecisionForm,
    DisciplineProposeForm,
    MeetingForm,
    StateFilterForm,
)
from ..models import DisciplineCase, DisciplineState
from ..services._common import today, upper_unit_of
from ._common import Step, member_context, record_context, run_step, unit_context

STEPS = {
    "meeting": Step(
        MeetingForm,
        services.discipline_record_meeting,
        gettext_lazy("The branch meeting has been recorded."),
        gettext_lazy("Branch meeting (secret ballot)"),
    ),
    "decision": Step(
        DecisionForm,
        services.discipline_decide,
        gettext_lazy("The disciplinary decision has been recorded."),
        gettext_lazy("Disciplinary decision"),
        needs="decide",
    ),
    "appeal": Step(
        AppealForm,
        services.discipline_record_appeal,
        gettext_lazy("The appeal has been recorded."),
        gettext_lazy("Appeal"),
        needs="appeal",
    ),
    "withdraw": Step(
        CloseForm,
        services.discipline_withdraw,
        gettext_lazy("The case has been withdrawn."),
        gettext_lazy("Withdraw the case"),
    ),
}
NEXT_STEP = {DisciplineState.PROPOSED: "meeting", DisciplineState.VOTED: "decision"}
STATE_CHOICES = [
    ("all", gettext_lazy("All cases")),
    ("open", gettext_lazy("Open cases")),
    (DisciplineState.DECIDED, gettext_lazy("Decided")),
    ("closed", gettext_lazy("Closed cases")),
]


@policy.scoped_view
def discipline_list(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_VIEW, unit)
    form = StateFilterForm(request.GET or None, choices=STATE_CHOICES)
    state = form.cleaned_data["state"] if form.is_valid() and form.cleaned_data["state"] else "all"
    page = selectors.discipline_list(
        actor=request.user, unit=unit, state=state, before=request.GET.get("before")
    )
    context = unit_context(request, unit, tab="discipline", form=form, page=page)
    return render_page(request, "procedures/discipline_list.html", context, partial="results")


@policy.scoped_view
def discipline_new(request, member_id):
    member = member_selectors.access_member(request.user, member_id, cap=Cap.MEMBERS_MANAGE)
    member_selectors.require_member_cap(request.user, member, Cap.MEMBERS_SENSITIVE)
    posts = list(services.leadership_posts(member, today()))
    form = DisciplineProposeForm(request.POST or None, posts=posts)
    if request.method == "POST":
        case = run_step(
            request,
            form,
            lambda **data: services.discipline_propose(actor=request.user, member=member, **data),
            _("The disciplinary case has been opened."),
        )
        if case:
            return redirect("procedures:discipline", discipline_id=case.pk)
    context = member_context(request, member, form=form, posts=posts)
    return render(request, "procedures/discipline_new.html", context)


def _caps(request, case: DisciplineCase) -> dict:
    user = request.user
    manage = policy.can_at_path(user, Cap.MEMBERS_MANAGE, case.unit_path)
    return {
        "can_manage": case.is_open and manage,
        "can_decide": services.may_decide(user, case),
        "can_appeal": case.state == DisciplineState.DECIDED and manage,
        "can_sensitive": policy.can_at_path(user, Cap.MEMBERS_SENSITIVE, case.unit_path),
    }


def _allowed(step: Step, caps: dict) -> bool:
    return {"decide": caps["can_decide"], "appeal": caps["can_appeal"]}.get(
        step.needs, caps["can_manage"]
    )


@policy.scoped_view
def discipline_detail(request, discipline_id):
    case = selectors.access_discipline(request.user, discipline_id)
    caps = _caps(request, case)
    posted: dict = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        step = STEPS.get(action)
        if step is None:
            return HttpResponseBadRequest()
        form = step.form(request.POST, request.FILES, prefix=action)
        done = run_step(
            request,
            form,
            lambda **data: step.service(actor=request.user, case=case, **data),
            step.message,
        )
        if done:
            return redirect("procedures:discipline", discipline_id=case.pk)
        posted[action] = form
    forms = {}
    next_action = NEXT_STEP.get(case.state)
    for action in (next_action, "appeal", "withdraw"):
        step = STEPS.get(action) if action else None
        if step is None or not _allowed(step, caps):
            continue
        initial = {}
        if action == "meeting":
            initial["branch_members"] = selectors.branch_member_count(unit_id=case.unit_id)
        forms[action] = posted.get(action) or step.form(prefix=action, initial=initial)
    context = record_context(
        request,
        case,
        case=case,
        **caps,
        next_action=next_action,
        next_title=STEPS[next_action].title if next_action else "",
        step_form=forms.get(next_action),
        appeal_form=forms.get("appeal"),
        withdraw_form=forms.get("withdraw"),
        upper_unit=upper_unit_of(case.unit) if case.upper_level_decides else None,
        documents=selectors.documents(case),
        rows=selectors.record_history(actor=request.user, record=case),
    )
    return render(request, "procedures/discipline_detail.html", context)


@policy.scoped_view
def discipline_violation(request, discipline_id):
    """The violation (a logged read of sensitive data). htmx gets the card only."""
    case = selectors.access_discipline(request.user, discipline_id, cap=Cap.MEMBERS_SENSITIVE)
    violation = selectors.discipline_violation_read(
        actor=request.user, case=case, request_path=request.path
    )
    context = record_context(request, case, case=case, violation=violation)
    return render_page(
        request, "procedures/discipline_violation.html", context, partial="violation"
    )
