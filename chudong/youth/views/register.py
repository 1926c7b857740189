"""The youth register: list of a unit's subtree, new record, the record's page, editing,
and starting the admission from the record."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.paths import subtree_q
from chudong.core.views import render_page
from chudong.orgs.models import Unit, UnitStatus

from .. import selectors, services
from ..forms import AdmissionStartForm, YouthFilterForm, YouthForm
from ..models import YouthStatus
from ._common import choose_unit, record_context, run, unit_context

UNIT_CHOICES_LIMIT = 400


def _units_for_record(actor, unit: Unit) -> list[Unit]:
    """Units of `unit`'s subtree where the actor records youth (tree order, bounded)."""
    return list(
        Unit.objects.filter(subtree_q("path", unit.path), status=UnitStatus.ACTIVE)
        .filter(policy.scope_q(actor, Cap.CARE_MANAGE, "path"))
        .only("id", "name", "path")
        .order_by("path")[:UNIT_CHOICES_LIMIT]
    )


@policy.user_view
def home(request):
    return choose_unit(request, "youth:list")


@policy.scoped_view
def youth_list(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.CARE_VIEW, unit)
    form = YouthFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    page = selectors.youth_list(
        actor=request.user,
        unit=unit,
        q=values.get("q", ""),
        status=values.get("status", ""),
        organisation=values.get("organisation", ""),
        page=request.GET.get("page"),
    )
    query = request.GET.copy()
    query.pop("page", None)
    counts = selectors.youth_status_counts(unit=unit)
    context = unit_context(
        request,
        unit,
        form=form,
        page=page,
        query=query.urlencode(),
        stats=[(label, counts.get(code, 0)) for code, label in YouthStatus.choices],
        can_manage=unit.is_active and policy.can(request.user, Cap.CARE_MANAGE, unit),
    )
    return render_page(request, "youth/list.html", context, partial="results")


@policy.scoped_view
def youth_new(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.CARE_MANAGE, unit)
    units = _units_for_record(request.user, unit)
    form = YouthForm(request.POST or None, units=units, initial={"unit": unit.pk})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        target = policy.get_unit(request.user, data.pop("unit"))

        def create():
            return services.youth_create(actor=request.user, unit=target, **data)

        youth = run(request, form, create, _("%s has been recorded.") % data["full_name"])
        if youth:
            return redirect("youth:detail", youth_id=youth.pk)
    context = unit_context(request, unit, form=form)
    return render(request, "youth/form.html", context)


@policy.scoped_view
def youth_detail(request, youth_id):
    youth = selectors.access_youth(request.user, youth_id)
    path = youth.unit_path
    context = record_context(
        request,
        youth.unit,
        youth=youth,
        can_manage=policy.can_at_path(request.user, Cap.CARE_MANAGE, path),
        can_admit=services.may_start_admission(request.user, youth),
        can_sensitive=policy.can_at_path(request.user, Cap.MEMBERS_SENSITIVE, path),
        opinion_count=youth.opinions.count(),
    )
    return render(request, "youth/detail.html", context)


@policy.scoped_view
def youth_edit(request, youth_id):
    youth = selectors.access_youth(request.user, youth_id, cap=Cap.CARE_MANAGE)
    units = _units_for_record(request.user, youth.unit.parent or youth.unit)
    if youth.unit not in units:
        units = [youth.unit, *units]
    admitted = youth.status == YouthStatus.ADMITTED
    statuses = [YouthStatus.ADMITTED] if admitted else services.MANUAL_STATUSES
    initial = {name: getattr(youth, name) for name in services.youth.EDITABLE_FIELDS}
    initial.update(unit=youth.unit_id, status=youth.status)
    form = YouthForm(request.POST or None, units=units, statuses=statuses, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        target = policy.get_unit(request.user, data.pop("unit"))
        status = None if admitted else data.pop("status")
        data.pop("status", None)

        def update():
            return services.youth_update(
                actor=request.user, youth=youth, unit=target, status=status, **data
            )

        if run(request, form, update, _("The record has been saved.")):
            return redirect("youth:detail", youth_id=youth.pk)
    context = record_context(request, youth.unit, form=form, youth=youth)
    return render(request, "youth/form.html", context)


@policy.scoped_view
def youth_admission(request, youth_id):
    """Start the admission case from the record: only the branch, the full date of birth
    (when the record holds the year alone) and the nomination are asked."""
    youth = selectors.access_youth(request.user, youth_id)
    if not services.may_start_admission(request.user, youth):
        raise PermissionDenied
    branches = selectors.branch_choices(actor=request.user, youth=youth)
    form = AdmissionStartForm(
        request.POST or None, branches=branches, initial={"date_of_birth": youth.date_of_birth}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        branch = policy.get_unit(request.user, data.pop("branch"))

        def start():
            return services.youth_admission_start(
                actor=request.user, youth=youth, branch=branch, **data
            )

        case = run(
            request, form, start, _("The admission case of %s has been opened.") % youth.full_name
        )
        if case:
            return redirect("procedures:admission", admission_id=case.pk)
    context = record_context(request, youth.unit, youth=youth, form=form, no_branch=not branches)
    return render(request, "youth/admission.html", context)
