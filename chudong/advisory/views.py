"""Pages of pillar three. Each view fetches its objects through an access helper, calls
one selector or service, and renders."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.views import file_response as _file_response
from chudong.core.views import save_form as _save
from chudong.orgs import selectors as org_selectors

from . import selectors, services
from .forms import (
    AgreementForm,
    JointActionForm,
    ProposalForm,
    ResourceForm,
    ResponseForm,
    YearForm,
)

FIRST_YEAR = 2000


def _context(request, unit, **extra) -> dict:
    return {
        "unit": unit,
        "crumbs": org_selectors.breadcrumbs(actor=request.user, unit=unit),
        "can_manage": policy.can(request.user, Cap.ADVISORY_MANAGE, unit) and unit.is_active,
        **extra,
    }


def _unit(request, unit_id, cap=Cap.ADVISORY_VIEW):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, cap, unit)
    return unit


def _year(request) -> int:
    form = YearForm(request.GET or None)
    today = timezone.localdate()
    if form.is_valid() and form.cleaned_data.get("year"):
        year = form.cleaned_data["year"]
        if FIRST_YEAR <= year <= today.year:
            return year
    return today.year


@policy.user_view
def home(request):
    """ "Pillar three" in the menu: the actor's unit, or a choice."""
    units = selectors.home_units(actor=request.user)
    if len(units) == 1:
        return redirect("advisory:unit", unit_id=units[0].pk)
    return render(request, "advisory/home.html", {"units": units})


@policy.scoped_view
def unit_overview(request, unit_id):
    unit = _unit(request, unit_id)
    today = timezone.localdate()
    total, _children = selectors.resource_totals(unit=unit, year=today.year)
    agreements = [a for a in selectors.agreement_list(unit=unit, day=today) if not a.expired][:5]
    context = _context(
        request, unit, year=today.year, total=total, agreements=agreements,
        proposals=selectors.proposal_list(unit=unit, day=today, limit=5),
        counts=selectors.overview_counts(unit=unit, day=today),
    )  # fmt: skip
    return render(request, "advisory/unit.html", context)


# --- Resources -----------------------------------------------------------------------


@policy.scoped_view
def resources(request, unit_id):
    unit = _unit(request, unit_id)
    year = _year(request)
    total, children = selectors.resource_totals(unit=unit, year=year)
    today = timezone.localdate()
    context = _context(
        request, unit, year=year, years=list(range(today.year, today.year - 5, -1)),
        total=total, children=children, rows=selectors.resource_list(unit=unit, year=year),
        limit=selectors.LIST_LIMIT,
    )  # fmt: skip
    return render(request, "advisory/resources.html", context)


def _resource_form_page(request, unit, form, hardships, heading):
    """The resource form; the support cases it names are a logged read (as in care)."""
    if hardships is not None:
        selectors.log_hardship_choices(
            actor=request.user, unit=unit, choices=hardships, request_path=request.path
        )
    context = _context(request, unit, form=form, heading=heading)
    return render(request, "advisory/form.html", context)


@policy.scoped_view
def resource_new(request, unit_id):
    unit = _unit(request, unit_id, Cap.ADVISORY_MANAGE)
    hardships = selectors.hardship_choices(actor=request.user, unit=unit)
    form = ResourceForm(
        request.POST or None, activities=selectors.activity_choices(unit=unit),
        hardships=hardships, initial={"received_on": timezone.localdate()},
    )  # fmt: skip
    done = _save(
        request, form,
        lambda data: services.resource_create(actor=request.user, unit=unit, data=data),
        lambda row: redirect("advisory:resource", resource_id=row.pk),
    )  # fmt: skip
    if done:
        return done
    return _resource_form_page(request, unit, form, hardships, _("Record a resource mobilised"))


@policy.scoped_view
def resource_detail(request, resource_id):
    resource = selectors.access_resource(request.user, resource_id)
    context = _context(
        request, resource.unit, row=resource,
        funded_case=selectors.visible_hardship(
            request.user, resource, request_path=request.path
        ),
    )  # fmt: skip
    return render(request, "advisory/resource.html", context)


@policy.scoped_view
def resource_edit(request, resource_id):
    resource = selectors.access_resource(request.user, resource_id, cap=Cap.ADVISORY_MANAGE)
    unit = resource.unit
    hardships = selectors.hardship_choices(actor=request.user, unit=unit)
    form = ResourceForm(
        request.POST or None,
        instance=resource,
        activities=selectors.activity_choices(unit=unit),
        hardships=hardships,
    )
    done = _save(
        request, form,
        lambda data: services.resource_update(actor=request.user, resource=resource, data=data),
        lambda row: redirect("advisory:resource", resource_id=row.pk),
    )  # fmt: skip
    if done:
        return done
    return _resource_form_page(request, unit, form, hardships, _("Edit a resource mobilised"))


# --- Agreements ----------------------------------------------------------------------


@policy.scoped_view
def agreements(request, unit_id):
    unit = _unit(request, unit_id)
    rows = selectors.agreement_list(unit=unit, day=timezone.localdate())
    return render(request, "advisory/agreements.html", _context(request, unit, rows=rows))


@policy.scoped_view
def agreement_new(request, unit_id):
    unit = _unit(request, unit_id, Cap.ADVISORY_MANAGE)
    form = AgreementForm(request.POST or None, request.FILES or None)
    done = _save(
        request, form,
        lambda data: services.agreement_create(
            actor=request.user, unit=unit, data=data, attachment=data.get("attachment")
        ),
        lambda row: redirect("advisory:agreement", agreement_id=row.pk),
    )  # fmt: skip
    if done:
        return done
    context = _context(request, unit, form=form, heading=_("Record a coordination agreement"),
                       multipart=True)  # fmt: skip
    return render(request, "advisory/form.html", context)


@policy.scoped_view
def agreement_detail(request, agreement_id):
    agreement = selectors.access_agreement(request.user, agreement_id)
    unit = agreement.unit
    context = _context(request, unit, row=agreement)
    form = JointActionForm(
        request.POST or None, activities=selectors.activity_choices(unit=unit),
        initial={"done_on": timezone.localdate()},
    )  # fmt: skip
    if request.method == "POST":
        policy.require(request.user, Cap.ADVISORY_MANAGE, unit)
        done = _save(
            request, form,
            lambda data: services.joint_action_add(
                actor=request.user, agreement=agreement, data=data
            ),
            lambda _row: redirect("advisory:agreement", agreement_id=agreement.pk),
        )  # fmt: skip
        if done:
            return done
    context.update(
        form=form,
        expired=agreement.expired_on(timezone.localdate()),
        actions=list(agreement.actions.select_related("activity")),
    )
    return render(request, "advisory/agreement.html", context)


@policy.scoped_view
def agreement_edit(request, agreement_id):
    agreement = selectors.access_agreement(request.user, agreement_id, cap=Cap.ADVISORY_MANAGE)
    form = AgreementForm(request.POST or None, request.FILES or None, instance=agreement)
    done = _save(
        request, form,
        lambda data: services.agreement_update(
            actor=request.user, agreement=agreement, data=data,
            attachment=data.get("attachment") or None,
        ),
        lambda row: redirect("advisory:agreement", agreement_id=row.pk),
    )  # fmt: skip
    if done:
        return done
    context = _context(request, agreement.unit, form=form,
                       heading=_("Edit a coordination agreement"), multipart=True)  # fmt: skip
    return render(request, "advisory/form.html", context)


@policy.scoped_view
def agreement_file(request, agreement_id):
    agreement = selectors.access_agreement(request.user, agreement_id)
    return _file_response(agreement.attachment, agreement.attachment_name or "van-ban")


# --- Proposals -----------------------------------------------------------------------


@policy.scoped_view
def proposals(request, unit_id):
    unit = _unit(request, unit_id)
    today = timezone.localdate()
    rows = selectors.proposal_list(unit=unit, day=today)
    context = _context(
        request, unit, rows=rows, days=selectors.response_days(unit, today),
        overdue=sum(1 for r in rows if r.overdue),
    )  # fmt: skip
    return render(request, "advisory/proposals.html", context)


@policy.scoped_view
def proposal_new(request, unit_id):
    unit = _unit(request, unit_id, Cap.ADVISORY_MANAGE)
    form = ProposalForm(
        request.POST or None, request.FILES or None,
        initial={"submitted_on": timezone.localdate(), "submitted_to": "party"},
    )  # fmt: skip
    done = _save(
        request, form,
        lambda data: services.proposal_create(
            actor=request.user, unit=unit, data=data, attachment=data.get("attachment")
        ),
        lambda row: redirect("advisory:proposal", proposal_id=row.pk),
    )  # fmt: skip
    if done:
        return done
    context = _context(request, unit, form=form, heading=_("Record a proposal"), multipart=True)
    return render(request, "advisory/form.html", context)


@policy.scoped_view
def proposal_detail(request, proposal_id):
    proposal = selectors.access_proposal(request.user, proposal_id)
    today = timezone.localdate()
    days = selectors.response_days(proposal.unit, today)
    overdue = not proposal.answered and (today - proposal.submitted_on).days > days
    context = _context(
        request, proposal.unit, row=proposal, overdue=overdue, days=days,
        plan=selectors.visible_plan(request.user, proposal),
    )  # fmt: skip
    return render(request, "advisory/proposal.html", context)


@policy.scoped_view
def proposal_edit(request, proposal_id):
    proposal = selectors.access_proposal(request.user, proposal_id, cap=Cap.ADVISORY_MANAGE)
    form = ProposalForm(request.POST or None, request.FILES or None, instance=proposal)
    done = _save(
        request, form,
        lambda data: services.proposal_update(
            actor=request.user, proposal=proposal, data=data,
            attachment=data.get("attachment") or None,
        ),
        lambda row: redirect("advisory:proposal", proposal_id=row.pk),
    )  # fmt: skip
    if done:
        return done
    context = _context(request, proposal.unit, form=form, heading=_("Edit a proposal"),
                       multipart=True)  # fmt: skip
    return render(request, "advisory/form.html", context)


@policy.scoped_view
def proposal_response(request, proposal_id):
    proposal = selectors.access_proposal(request.user, proposal_id, cap=Cap.ADVISORY_MANAGE)
    form = ResponseForm(
        request.POST or None, instance=proposal, plans=selectors.plan_choices(unit=proposal.unit)
    )
    done = _save(
        request, form,
        lambda data: services.proposal_respond(actor=request.user, proposal=proposal, data=data),
        lambda row: redirect("advisory:proposal", proposal_id=row.pk),
    )  # fmt: skip
    if done:
        return done
    context = _context(request, proposal.unit, form=form,
                       heading=_("Response of the committee"))  # fmt: skip
    return render(request, "advisory/form.html", context)


@policy.scoped_view
def proposal_file(request, proposal_id):
    proposal = selectors.access_proposal(request.user, proposal_id)
    return _file_response(proposal.attachment, proposal.attachment_name or "van-ban")
