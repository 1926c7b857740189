"""Admission pages: the list of a unit's cases, a new case, and the case page that shows
what was recorded and the form of the next step for whoever may take it."""

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
    AdmissionCardForm,
    ApplicationForm,
    CandidateForm,
    CeremonyForm,
    ClassForm,
    CloseForm,
    DecisionForm,
    IntroducerForm,
    NominationForm,
    StateFilterForm,
    VoteForm,
)
from ..models import AdmissionCase, AdmissionState
from ..services._common import may_decide_above_grassroots, upper_unit_of
from ._common import Step, record_context, run_step, unit_context

STEPS = {
    "class": Step(
        ClassForm,
        services.admission_record_class,
        gettext_lazy("The class has been recorded."),
        gettext_lazy("2. Youth Union class"),
    ),
    "introducer": Step(
        IntroducerForm,
        services.admission_record_introducer,
        gettext_lazy("The introducer has been recorded."),
        gettext_lazy("3. Introducer"),
        form_kwargs=lambda request, case: {
            "members": selectors.introducer_candidates(actor=request.user, case=case)
        },
    ),
    "application": Step(
        ApplicationForm,
        services.admission_submit_application,
        gettext_lazy("The application and background declaration have been attached."),
        gettext_lazy("4. Application and background declaration"),
    ),
    "vote": Step(
        VoteForm,
        services.admission_record_vote,
        gettext_lazy("The branch vote has been recorded."),
        gettext_lazy("5. Branch vote"),
    ),
    "decision": Step(
        DecisionForm,
        services.admission_decide,
        gettext_lazy("The admission has been confirmed."),
        gettext_lazy("6. Confirming decision of the upper level"),
        needs="decide",
    ),
    "refuse": Step(
        CloseForm,
        services.admission_refuse,
        gettext_lazy("The admission has not been confirmed; the case is closed."),
        gettext_lazy("Do not confirm"),
        needs="decide",
    ),
    "ceremony": Step(
        CeremonyForm,
        services.admission_record_ceremony,
        gettext_lazy("The ceremony has been recorded."),
        gettext_lazy("7. Admission ceremony"),
    ),
    "card": Step(
        AdmissionCardForm,
        services.admission_issue_card,
        gettext_lazy("The card has been issued: the new member is in the register."),
        gettext_lazy("8. Membership card"),
    ),
    "withdraw": Step(
        CloseForm,
        services.admission_withdraw,
        gettext_lazy("The case has been withdrawn."),
        gettext_lazy("Withdraw the case"),
    ),
}
NEXT_STEP = {
    AdmissionState.NOMINATED: "class",
    AdmissionState.CLASS_DONE: "introducer",
    AdmissionState.INTRODUCED: "application",
    AdmissionState.APPLIED: "vote",
    AdmissionState.VOTED: "decision",
    AdmissionState.CONFIRMED: "ceremony",
    AdmissionState.CEREMONY_HELD: "card",
}
# The steps in order, for the progress list on the case page.
PATH = [
    (AdmissionState.NOMINATED, gettext_lazy("Nomination")),
    (AdmissionState.CLASS_DONE, gettext_lazy("Youth Union class")),
    (AdmissionState.INTRODUCED, gettext_lazy("Introducer")),
    (AdmissionState.APPLIED, gettext_lazy("Application")),
    (AdmissionState.VOTED, gettext_lazy("Branch vote")),
    (AdmissionState.CONFIRMED, gettext_lazy("Upper-level decision")),
    (AdmissionState.CEREMONY_HELD, gettext_lazy("Ceremony")),
    (AdmissionState.ADMITTED, gettext_lazy("Card issued")),
]
STATE_CHOICES = [
    ("open", gettext_lazy("Open cases")),
    (AdmissionState.VOTED, gettext_lazy("Waiting for the upper level")),
    (AdmissionState.ADMITTED, gettext_lazy("Admitted cases")),
    ("closed", gettext_lazy("Closed cases")),
    ("all", gettext_lazy("All cases")),
]


def _list(request, unit_id, default_state):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_VIEW, unit)
    form = StateFilterForm(request.GET or None, choices=STATE_CHOICES)
    state = default_state
    if form.is_valid() and form.cleaned_data["state"]:
        state = form.cleaned_data["state"]
    else:
        form = StateFilterForm(initial={"state": state}, choices=STATE_CHOICES)
    page = selectors.admission_list(
        actor=request.user, unit=unit, state=state, before=request.GET.get("before")
    )
    context = unit_context(
        request,
        unit,
        tab="admissions",
        form=form,
        page=page,
        state=state,
        can_manage=unit.is_active and policy.can(request.user, Cap.MEMBERS_MANAGE, unit),
    )
    return render_page(request, "procedures/admission_list.html", context, partial="results")


@policy.scoped_view
def admission_list(request, unit_id):
    return _list(request, unit_id, "open")


@policy.scoped_view
def admissions_waiting(request, unit_id):
    """The early warning's list: cases waiting for the upper level's decision."""
    return _list(request, unit_id, AdmissionState.VOTED)


@policy.scoped_view
def admission_new(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_MANAGE, unit)
    fixed = unit if unit.kind.is_branch else None
    branches = [] if fixed else member_selectors.branches_for_create(actor=request.user, unit=unit)
    form = NominationForm(
        request.POST or None,
        branches=branches[: member_selectors.BRANCH_CHOICES_LIMIT],
        fixed_unit=fixed,
        sensitive=policy.can(request.user, Cap.MEMBERS_SENSITIVE, unit),
    )
    if request.method == "POST" and form.is_valid():
        target = fixed or policy.get_unit(request.user, form.cleaned_data["unit"])

        def nominate(*, unit=None, **data):
            return services.admission_nominate(actor=request.user, unit=target, **data)

        case = run_step(
            request,
            form,
            nominate,
            _("The admission case of %s has been opened.") % form.cleaned_data["full_name"],
        )
        if case:
            return redirect("procedures:admission", admission_id=case.pk)
    context = unit_context(
        request, unit, tab="admissions", form=form, no_branch=not fixed and not branches
    )
    return render(request, "procedures/admission_new.html", context)


def _caps(request, case: AdmissionCase) -> dict:
    user = request.user
    return {
        "can_manage": case.is_open and policy.can_at_path(user, Cap.MEMBERS_MANAGE, case.unit_path),
        "can_decide": case.state == AdmissionState.VOTED
        and may_decide_above_grassroots(user, case.unit),
        "can_sensitive": policy.can_at_path(user, Cap.MEMBERS_SENSITIVE, case.unit_path),
    }


def _progress(case: AdmissionCase) -> list[dict]:
    """The eight steps, done up to where the case stands (none for a closed case)."""
    order = [state for state, _label in PATH]
    reached = order.index(case.state) if case.state in order else None
    return [
        {
            "label": label,
            "done": reached is not None and i <= reached,
            "current": reached is not None and i == reached + 1,
        }
        for i, (_state, label) in enumerate(PATH)
    ]


def _allowed(step: Step, caps: dict) -> bool:
    return caps["can_decide"] if step.needs == "decide" else caps["can_manage"]


@policy.scoped_view
def admission_detail(request, admission_id):
    case = selectors.access_admission(request.user, admission_id)
    caps = _caps(request, case)
    posted: dict = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        step = STEPS.get(action)
        if step is None:
            return HttpResponseBadRequest()
        form = step.form(
            request.POST, request.FILES, prefix=action, **step.form_kwargs(request, case)
        )
        done = run_step(
            request,
            form,
            lambda **data: step.service(actor=request.user, case=case, **data),
            step.message,
        )
        if done:
            return redirect("procedures:admission", admission_id=case.pk)
        posted[action] = form
    forms = {}
    for action in (NEXT_STEP.get(case.state), "refuse", "withdraw"):
        step = STEPS.get(action) if action else None
        if step is None or not _allowed(step, caps):
            continue
        if action == "refuse" and case.state != AdmissionState.VOTED:
            continue
        forms[action] = posted.get(action) or step.form(
            prefix=action, **step.form_kwargs(request, case)
        )
    next_action = NEXT_STEP.get(case.state)
    context = record_context(
        request,
        case,
        case=case,
        **caps,
        path=_progress(case),
        next_action=next_action,
        next_title=STEPS[next_action].title if next_action else "",
        step_form=forms.get(next_action),
        refuse_form=forms.get("refuse"),
        withdraw_form=forms.get("withdraw"),
        upper_unit=upper_unit_of(case.unit) if case.state == AdmissionState.VOTED else None,
        documents=selectors.documents(case),
        rows=selectors.record_history(actor=request.user, record=case),
    )
    return render(request, "procedures/admission_detail.html", context)


@policy.scoped_view
def admission_edit(request, admission_id):
    """Correct the candidate's data while the case is open."""
    case = selectors.access_admission(request.user, admission_id, cap=Cap.MEMBERS_MANAGE)
    sensitive = policy.can_at_path(request.user, Cap.MEMBERS_SENSITIVE, case.unit_path)
    initial = {name: getattr(case, name) for name in services.CANDIDATE_FIELDS}
    if sensitive and request.method != "POST":
        data = selectors.admission_sensitive_read(
            actor=request.user, case=case, request_path=request.path, purpose="edit"
        )
        if data:
            initial.update(ethnicity=data.ethnicity, religion=data.religion)
    form = CandidateForm(request.POST or None, initial=initial, sensitive=sensitive)
    if request.method == "POST" and case.is_open:
        done = run_step(
            request,
            form,
            lambda **data: services.admission_update_candidate(
                actor=request.user, case=case, **data
            ),
            _("Saved."),
        )
        if done:
            return redirect("procedures:admission", admission_id=case.pk)
    return render(
        request, "procedures/admission_edit.html", record_context(request, case, form=form)
    )


@policy.scoped_view
def admission_sensitive(request, admission_id):
    """The candidate's ethnicity and religion (a logged read). htmx gets the card only."""
    case = selectors.access_admission(request.user, admission_id, cap=Cap.MEMBERS_SENSITIVE)
    data = selectors.admission_sensitive_read(
        actor=request.user, case=case, request_path=request.path
    )
    context = record_context(request, case, case=case, sensitive=data)
    return render_page(request, "procedures/admission_sensitive.html", context, partial="sensitive")
