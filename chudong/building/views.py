"""Pages of organisation building: the 1+1 referrals of a unit with the yearly ratio per
branch, recording a referral from a member's page or from the youth register, a referral's
outcome, and founding a branch with its provisional committee."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.views import apply_service_errors, render_page
from chudong.members import selectors as member_selectors
from chudong.orgs import selectors as org_selectors
from chudong.youth import services as youth_services

from . import founding, selectors, services
from .forms import (
    FoundingForm,
    OutcomeForm,
    ReferralFromMemberForm,
    ReferralFromYouthForm,
    YearForm,
)

FIRST_YEAR = 2000


def _crumbs(request, unit, *, include=False) -> list:
    crumbs = org_selectors.breadcrumbs(actor=request.user, unit=unit)
    return [*crumbs, unit] if include else crumbs


@policy.user_view
def home(request):
    """ "1+1 referrals" in the menu: the actor's unit, or a choice."""
    units = selectors.home_units(actor=request.user)
    if len(units) == 1:
        return redirect("building:unit", unit_id=units[0].pk)
    return render(request, "building/home.html", {"units": units})


@policy.scoped_view
def unit_building(request, unit_id):
    """A unit's 1+1 figures of a year per sub-unit (rolled up) and its referrals."""
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.WORK_VIEW, unit)
    year = selectors.this_year()
    form = YearForm(request.GET or None)
    if form.is_valid() and form.cleaned_data.get("year"):
        year = max(FIRST_YEAR, min(form.cleaned_data["year"], year))
    total, rows = selectors.unit_figures(actor=request.user, unit=unit, year=year)
    referrals = selectors.referral_list(actor=request.user, unit=unit, year=year)
    context = {
        "unit": unit, "crumbs": _crumbs(request, unit), "heading": _("1+1 and new branches"),
        "year": year, "years": list(range(selectors.this_year(), selectors.this_year() - 5, -1)),
        "total": total, "rows": rows, "referrals": referrals, "limit": selectors.LIST_LIMIT,
        "truncated": len(referrals) >= selectors.LIST_LIMIT,
        "can_record": unit.is_active and policy.can(request.user, Cap.WORK_MANAGE, unit),
        "can_found": founding.may_found_under(request.user, unit),
        "can_see_youth": policy.can(request.user, Cap.CARE_VIEW, unit),
    }  # fmt: skip
    return render(request, "building/unit.html", context)


@policy.scoped_view
def member_referrals(request, member_id):
    """A member's 1+1 referrals; htmx gets the card shown on the member's page."""
    member = member_selectors.access_member(request.user, member_id)
    policy.require(request.user, Cap.WORK_VIEW, member.unit)
    context = {
        "member": member, "crumbs": _crumbs(request, member.unit, include=True),
        **member_selectors.member_caps(request.user, member),
        "referrals": selectors.member_referrals(member=member),
        "can_record": member.is_current and member.unit.is_active
        and policy.can(request.user, Cap.WORK_MANAGE, member.unit),
        "heading": _("1+1 referrals"),
    }  # fmt: skip
    return render_page(request, "building/member.html", context, partial="panel")


@policy.scoped_view
def referral_from_member(request, member_id):
    """Record a referral made by this member: a young person of the register, or a new
    one written into the register at the same time."""
    member = member_selectors.access_member(request.user, member_id)
    policy.require(request.user, Cap.WORK_MANAGE, member.unit)
    form = ReferralFromMemberForm(
        request.POST or None,
        youth_choices=selectors.youth_choices(actor=request.user, member=member),
        initial={"youth": request.GET.get("youth")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                youth = data["youth"] or youth_services.youth_create(
                    actor=request.user, unit=member.unit, full_name=data["full_name"],
                    sex=data["sex"], birth_year=data["birth_year"], phone=data["phone"],
                    status="candidate" if data["into"] == "doan" else "contact",
                )  # fmt: skip
                services.referral_create(
                    actor=request.user, member=member, youth=youth, into=data["into"],
                    referred_on=data["referred_on"], note=data["note"],
                )  # fmt: skip
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, PermissionDenied):
                error = ValidationError(
                    {
                        "full_name": _(
                            "You may not add young people to the register here; choose one from it."
                        )
                    }
                )
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The referral has been recorded."))
            return redirect("building:member", member_id=member.pk)
    context = {
        "member": member, "crumbs": _crumbs(request, member.unit, include=True),
        **member_selectors.member_caps(request.user, member), "form": form,
        "heading": _("Record a 1+1 referral"), "limit": selectors.CHOICE_LIMIT,
    }  # fmt: skip
    return render(request, "building/referral_from_member.html", context)


@policy.scoped_view
def referral_from_youth(request, youth_id):
    """Record who introduced a young person of the register."""
    youth = selectors.access_youth(request.user, youth_id)
    policy.require(request.user, Cap.WORK_MANAGE, youth.unit)
    form = ReferralFromYouthForm(
        request.POST or None,
        member_choices=selectors.member_choices(actor=request.user, youth=youth),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_create(
                actor=request.user, member=data["member"], youth=youth, into=data["into"],
                referred_on=data["referred_on"], note=data["note"],
            )  # fmt: skip
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The referral has been recorded."))
            return redirect("building:unit", unit_id=youth.unit_id)
    context = {
        "youth": youth, "unit": youth.unit, "crumbs": _crumbs(request, youth.unit, include=True),
        "form": form, "heading": _("Record a 1+1 referral"),
        "earlier": selectors.youth_referrals(youth=youth),
    }  # fmt: skip
    return render(request, "building/referral_from_youth.html", context)


@policy.scoped_view
def referral_detail(request, referral_id):
    """The referral and its outcome (set here by who records work at its branch)."""
    referral = selectors.access_referral(request.user, referral_id)
    can_manage = policy.can_at_path(request.user, Cap.WORK_MANAGE, referral.unit_path)
    form = OutcomeForm(
        request.POST or None,
        initial={"outcome": referral.outcome, "outcome_on": referral.outcome_on},
        into=referral.into,
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.referral_set_outcome(actor=request.user, referral=referral,
                                              **form.cleaned_data)  # fmt: skip
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("building:referral", referral_id=referral.pk)
    context = {
        "referral": referral, "unit": referral.unit,
        "crumbs": _crumbs(request, referral.unit, include=True), "form": form,
        "can_manage": can_manage and referral.current_outcome != "admitted",
        "can_admit": referral.into == "doan" and referral.current_outcome == "pending"
        and policy.can_at_path(request.user, Cap.MEMBERS_MANAGE, referral.youth.unit_path),
    }  # fmt: skip
    return render(request, "building/referral.html", context)


@policy.scoped_view
def branch_found(request, unit_id):
    """Found a branch under this unit with its provisional committee, in one decision."""
    parent = policy.get_unit(request.user, unit_id)
    allowed = founding.may_found_under(request.user, parent)
    if not allowed and not policy.can_create_under(request.user, Cap.UNITS_RESTRUCTURE, parent):
        raise PermissionDenied
    form = None
    if allowed:
        from chudong.orgs.models import UnitKind

        form = FoundingForm(
            request.POST or None,
            kinds=UnitKind.objects.filter(is_branch=True).order_by("order"),
            members=selectors.founding_member_choices(actor=request.user, parent=parent),
            initial={"kind": founding.default_kind(parent)},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                result = founding.branch_found(
                    actor=request.user, parent=parent, name=data["name"], kind=data["kind"],
                    founded_on=data["founded_on"], decision_number=data["decision_number"],
                    secretary=data["secretary"], deputy=data["deputy"],
                    move=list(data["move"]),
                )  # fmt: skip
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(unit)s has been founded with its provisional committee; "
                      "%(moved)d member(s) registered in it.")
                    % {"unit": result.branch.name, "moved": result.moved},
                )  # fmt: skip
                for user, password in result.passwords:
                    messages.warning(
                        request,
                        _("Temporary password for %(person)s (login: %(username)s): "
                          "%(password)s — hand it over in person; it is shown only once and "
                          "must be changed at the first login.")
                        % {"person": user, "username": user.username, "password": password},
                    )  # fmt: skip
                return redirect("orgs:unit", unit_id=result.branch.pk)
    elif request.method == "POST":
        raise PermissionDenied
    context = {
        "unit": parent, "crumbs": _crumbs(request, parent), "form": form, "allowed": allowed,
        "heading": _("Found a new branch"), "limit": selectors.CHOICE_LIMIT,
    }  # fmt: skip
    return render(request, "building/found.html", context)
