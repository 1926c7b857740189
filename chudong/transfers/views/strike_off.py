"""Striking-off pages: a unit's proposals and decisions (and candidates suggested by the
meetings and dues records, once those apps register a source), the proposal form, and
one case with its decision."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.views import apply_service_errors
from chudong.members import selectors as member_selectors

from .. import selectors, services
from ..absence import absence_sources
from ..forms import StrikeOffDecideForm, StrikeOffProposeForm, WithdrawForm
from ._common import member_context, post_only, unit_context
from .maturation import _year
from .transfer import _home


@policy.user_view
def home(request):
    return _home(request, "transfers:strike_off", _("Striking off"))


@policy.scoped_view
def unit_strike_off(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_VIEW, unit)
    context = unit_context(
        request,
        unit,
        "strike_off",
        board=selectors.strike_off_board(actor=request.user, unit=unit, year=_year(request)),
        candidates=selectors.strike_off_candidates(actor=request.user, unit=unit),
        has_sources=bool(absence_sources()),
        heading=_("Striking off"),
    )
    return render(request, "transfers/unit_strike_off.html", context)


@policy.scoped_view
def strike_off_new(request, member_id):
    member = member_selectors.access_member(request.user, member_id, cap=Cap.MEMBERS_MANAGE)
    initial = {}
    if request.GET.get("months"):
        initial["months"] = request.GET["months"]
    form = StrikeOffProposeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.strike_off_propose(
                actor=request.user, member=member, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The proposal has been recorded; the branch decides next."))
            return redirect("transfers:strike_off_detail", strike_off_id=case.pk)
    context = member_context(request, member, form=form, heading=_("Propose striking off"))
    return render(request, "transfers/strike_off_new.html", context)


def _detail(request, case, *, decide=None, withdraw=None):
    can_act = selectors.strike_off_can_act(request.user, case)
    initial = {"version": case.version}
    context = {
        "case": case,
        "months": services.case_months(case),
        "can_act": can_act,
        "decide_form": decide or (StrikeOffDecideForm(initial=initial) if can_act else None),
        "withdraw_form": withdraw or (WithdrawForm(initial=initial) if can_act else None),
        "see_member": policy.can_at_path(request.user, Cap.MEMBERS_VIEW, case.member.unit_path),
    }
    return unit_context(request, case.unit, "strike_off", **context, heading=_("Striking off"))


@policy.scoped_view
def strike_off_detail(request, strike_off_id):
    case = selectors.access_strike_off(request.user, strike_off_id)
    return render(request, "transfers/strike_off_detail.html", _detail(request, case))


@policy.scoped_view
def strike_off_action(request, strike_off_id, action):
    case = selectors.access_strike_off(request.user, strike_off_id)
    if request.method != "POST":
        return post_only()
    form_class = StrikeOffDecideForm if action == "decide" else WithdrawForm
    form = form_class(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "decide":
                services.strike_off_decide(
                    actor=request.user,
                    case=case,
                    decided_on=data["decided_on"],
                    decision_number=data["decision_number"],
                    votes_present=data["votes_present"],
                    votes_for=data["votes_for"],
                    expected_version=data["version"],
                )
                messages.success(
                    request,
                    _("%s has been struck off; the decision is reported to the upper unit.")
                    % case.member.full_name,
                )
            else:
                services.strike_off_withdraw(
                    actor=request.user,
                    case=case,
                    reason=data["reason"],
                    expected_version=data["version"],
                )
                messages.success(request, _("The proposal has been withdrawn."))
            return redirect("transfers:strike_off_detail", strike_off_id=case.pk)
        except ValidationError as error:
            apply_service_errors(form, error)
    case = selectors.access_strike_off(request.user, strike_off_id)
    bound = {"decide": form} if action == "decide" else {"withdraw": form}
    return render(request, "transfers/strike_off_detail.html", _detail(request, case, **bound))
