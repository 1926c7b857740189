"""Pages of membership dues. Each view fetches its objects through an access helper,
calls one selector or service, and renders."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.views import apply_service_errors, render_page
from chudong.members import selectors as member_selectors
from chudong.orgs import selectors as org_selectors

from . import months, selectors, services
from . import rules as dues_rules
from .forms import ExemptionForm, MonthSheetForm, ProfileForm, RemittanceForm, YearForm

FIRST_YEAR = 2000


def _unit_context(request, unit, **extra) -> dict:
    return {
        "unit": unit,
        "crumbs": org_selectors.breadcrumbs(actor=request.user, unit=unit),
        **extra,
    }


def _year(request) -> int:
    form = YearForm(request.GET or None)
    today = timezone.localdate()
    if form.is_valid() and form.cleaned_data.get("year"):
        year = form.cleaned_data["year"]
        if FIRST_YEAR <= year <= today.year:
            return year
    return today.year


def _month(year: int, month: int) -> int:
    if not (1 <= month <= 12 and year >= FIRST_YEAR):
        raise Http404
    index = months.index(year, month)
    if index > months.of_date(timezone.localdate()):
        raise Http404
    return index


@policy.user_view
def home(request):
    """ "Dues" in the menu: the dues page of the actor's unit, or a choice."""
    units = member_selectors.members_home_units(actor=request.user)
    if len(units) == 1:
        return redirect("dues:unit", unit_id=units[0].pk)
    return render(request, "dues/home.html", {"units": units})


@policy.scoped_view
def unit_dues(request, unit_id):
    """A branch: its months and members in arrears. Above: dues by sub-unit."""
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_VIEW, unit)
    year = _year(request)
    today = timezone.localdate()
    context = _unit_context(
        request, unit, year=year, years=list(range(today.year, today.year - 5, -1)),
        heading=_("Membership dues"), is_branch=unit.kind.is_branch,
        can_manage=policy.can(request.user, Cap.MEMBERS_MANAGE, unit),
        this_month_year=today.year, this_month_number=today.month,
    )  # fmt: skip
    if unit.kind.is_branch:
        context["months"] = selectors.branch_year(actor=request.user, unit=unit, year=year)
        context["arrears"] = selectors.arrears_list(actor=request.user, unit=unit, min_months=1)
    else:
        context["sub_units"] = selectors.sub_unit_dues(actor=request.user, unit=unit, year=year)
    return render(request, "dues/unit.html", context)


@policy.scoped_view
def month_sheet(request, unit_id, year, month):
    """The one screen where a branch secretary ticks who paid a month's dues."""
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_VIEW, unit)
    index = _month(year, month)
    if not unit.kind.is_branch:
        branches = selectors.branches_under(actor=request.user, unit=unit)
        context = _unit_context(
            request, unit, branches=branches, year=year, month=month,
            heading=_("Dues of %s") % months.label(index),
        )  # fmt: skip
        return render(request, "dues/choose_branch.html", context)
    can_edit = policy.can(request.user, Cap.MEMBERS_MANAGE, unit) and unit.is_active
    sheet = selectors.month_sheet(actor=request.user, unit=unit, month=index)
    form = MonthSheetForm(
        request.POST if request.method == "POST" else None,
        sheet=sheet,
        disabled=not can_edit,
        initial={"paid_on": min(timezone.localdate(), months.last_day(index))},
    )
    if request.method == "POST":
        policy.require(request.user, Cap.MEMBERS_MANAGE, unit)
        if form.is_valid():
            try:
                changed = services.dues_month_save(
                    actor=request.user,
                    unit=unit,
                    month=index,
                    entries=form.entries(),
                    paid_on=form.cleaned_data["paid_on"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Saved (%d changes).") % changed)
                return redirect("dues:month", unit_id=unit.pk, year=year, month=month)
    form.bind_rows()
    previous, following = index - 1, index + 1
    context = _unit_context(
        request, unit, sheet=sheet, form=form, can_edit=can_edit, year=year, month=month,
        previous=(months.year_of(previous), months.month_of(previous)),
        following=(months.year_of(following), months.month_of(following))
        if following <= months.of_date(timezone.localdate()) else None,
        heading=_("Dues of %s") % months.label(index),
    )  # fmt: skip
    return render(request, "dues/month.html", context)


@policy.scoped_view
def arrears(request, unit_id):
    """The cases behind the warning "members with dues arrears"."""
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_VIEW, unit)
    raw = request.GET.get("min", "")
    minimum = int(raw) if raw.isdigit() and 1 <= int(raw) <= 120 else selectors.WARNING_MONTHS
    lines = selectors.arrears_list(actor=request.user, unit=unit, min_months=minimum)
    context = _unit_context(
        request, unit, lines=lines, minimum=minimum, choices=selectors.ARREARS_CHOICES,
        limit=selectors.LIST_LIMIT, heading=_("Dues arrears"),
    )  # fmt: skip
    return render(request, "dues/arrears.html", context)


@policy.scoped_view
def remittances(request, unit_id):
    """What a unit received from each sub-unit and what it owes upward; record a
    remittance, confirm a receipt."""
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_VIEW, unit)
    can_manage = policy.can(request.user, Cap.MEMBERS_MANAGE, unit) and unit.is_active
    overview = selectors.remittance_overview(actor=request.user, unit=unit)
    action = request.POST.get("action") if request.method == "POST" else None
    form = RemittanceForm(
        request.POST if action == "record" else None,
        periods=overview.periods,
        initial={"remitted_on": timezone.localdate()},
    )
    if action in ("record", "confirm"):
        policy.require(request.user, Cap.MEMBERS_MANAGE, unit)
    if action == "record" and form.is_valid():
        try:
            remittance = services.remittance_record(
                actor=request.user,
                unit=unit,
                period=form.cleaned_data["period"],
                remitted_on=form.cleaned_data["remitted_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Remittance recorded: %(sent)s đ sent to %(to)s.")
                % {"sent": f"{remittance.remitted:,}".replace(",", "."), "to": unit.parent.name},
            )
            return redirect("dues:remittances", unit_id=unit.pk)
    elif action == "confirm":
        remittance = selectors.access_remittance(
            request.user, request.POST.get("remittance"), unit=unit
        )
        try:
            services.remittance_confirm(actor=request.user, remittance=remittance)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Receipt confirmed."))
        return redirect("dues:remittances", unit_id=unit.pk)
    context = _unit_context(
        request, unit, overview=overview, form=form, can_manage=can_manage,
        heading=_("Dues remittances"),
    )  # fmt: skip
    return render(request, "dues/remittances.html", context)


@policy.scoped_view
def member_dues(request, member_id):
    """A member's dues: category, months owed, payments, exemptions. htmx gets the card
    shown on the member's page."""
    member = member_selectors.access_member(request.user, member_id)
    caps = member_selectors.member_caps(request.user, member)
    action = request.POST.get("action") if request.method == "POST" else None
    dues = selectors.member_dues(actor=request.user, member=member)
    profile_form = ProfileForm(
        request.POST if action == "profile" else None,
        initial={
            "category": dues.category,
            "months_per_payment": dues.profile.months_per_payment if dues.profile else 1,
            "consent_note": dues.profile.consent_note if dues.profile else "",
        },
    )
    exemption_form = ExemptionForm(
        request.POST if action == "exempt" else None,
        initial={"first_month": months.of_date(timezone.localdate()), "months_count": 3},
    )
    if action == "profile":
        member_selectors.require_member_cap(request.user, member, Cap.MEMBERS_MANAGE)
        if profile_form.is_valid():
            try:
                services.dues_profile_set(
                    actor=request.user, member=member, **profile_form.cleaned_data
                )
            except ValidationError as error:
                apply_service_errors(profile_form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("dues:member", member_id=member.pk)
    elif action == "exempt" and exemption_form.is_valid():
        try:
            services.dues_exemption_add(
                actor=request.user, member=member, **exemption_form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(exemption_form, error)
        else:
            messages.success(request, _("The exemption has been recorded."))
            return redirect("dues:member", member_id=member.pk)
    crumbs = org_selectors.breadcrumbs(actor=request.user, unit=member.unit)
    context = {
        "member": member,
        "crumbs": [*crumbs, member.unit],
        **caps,
        "dues": dues,
        "profile_form": profile_form,
        "exemption_form": exemption_form,
        "can_exempt": selectors.may_exempt(request.user, member),
        "max_exemption": dues_rules.exemption_max_months(timezone.localdate(), member.unit),
        "heading": _("Membership dues"),
    }
    return render_page(request, "dues/member.html", context, partial="summary")
