"""Pages of directives and plans. Each view fetches its objects through an access helper
(404 out of scope, 403 without the capability), calls one selector or service, renders."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.views import apply_service_errors
from chudong.orgs import selectors as org_selectors
from chudong.orgs.models import Unit

from . import selectors, services
from .forms import CascadeForm, DirectiveForm, PlanForm, ProgressForm, TargetForm, YearForm
from .models import Issuer


def _unit_context(request, unit, **extra) -> dict:
    return {"unit": unit, "crumbs": org_selectors.breadcrumbs(actor=request.user, unit=unit),
            **extra}  # fmt: skip


def _year(request) -> int:
    form = YearForm(request.GET or None)
    if form.is_valid() and form.cleaned_data.get("year"):
        return form.cleaned_data["year"]
    return timezone.localdate().year


@policy.user_view
def home(request):
    units = selectors.home_units(actor=request.user)
    if len(units) == 1:
        return redirect("plans:unit", unit_id=units[0].pk)
    return render(request, "plans/home.html", {"units": units})


@policy.scoped_view
def unit_plans(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.WORK_VIEW, unit)
    year = _year(request)
    this_year = timezone.localdate().year
    context = _unit_context(
        request, unit, heading=_("Directives and plans"), year=year,
        years=list(range(this_year + 1, this_year - 4, -1)),
        plans=list(selectors.unit_plans(unit=unit, year=year)),
        directives=list(selectors.unit_directives(unit=unit)[:10]),
        can_manage=policy.can(request.user, Cap.WORK_MANAGE, unit),
    )  # fmt: skip
    return render(request, "plans/unit.html", context)


@policy.scoped_view
def unit_directives(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.WORK_VIEW, unit)
    context = _unit_context(
        request, unit, heading=_("Directives received"),
        directives=list(selectors.unit_directives(unit=unit)),
        can_manage=policy.can(request.user, Cap.WORK_MANAGE, unit),
    )  # fmt: skip
    return render(request, "plans/directives.html", context)


def _directive_form_page(request, unit, directive=None):
    initial = None
    if directive is not None:
        initial = {f: getattr(directive, f) for f in services.DIRECTIVE_FIELDS}
    else:
        initial = {"issuer": Issuer.UPPER_UNION, "issued_on": timezone.localdate()}
    form = DirectiveForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("attachment", None) or None
        try:
            saved = services.directive_save(actor=request.user, unit=unit, values=data,
                                            upload=upload, directive=directive)  # fmt: skip
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("plans:directive", directive_id=saved.pk)
    heading = _("Edit the directive") if directive else _("New directive received")
    return render(
        request,
        "plans/directive_form.html",
        _unit_context(request, unit, heading=heading, form=form, directive=directive),
    )


@policy.scoped_view
@require_http_methods(["GET", "POST"])
def directive_create(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.WORK_MANAGE, unit)
    return _directive_form_page(request, unit)


@policy.scoped_view
@require_http_methods(["GET", "POST"])
def directive_edit(request, directive_id):
    directive = selectors.access_directive(request.user, directive_id, cap=Cap.WORK_MANAGE)
    return _directive_form_page(request, directive.unit, directive)


@policy.scoped_view
def directive_detail(request, directive_id):
    directive = selectors.access_directive(request.user, directive_id)
    context = _unit_context(
        request, directive.unit, heading=directive.title, directive=directive,
        plans=list(directive.plans.filter(policy.scope_q(request.user, Cap.WORK_VIEW, "unit_path"))
                   .select_related("unit").order_by("-year", "unit_path")[:100]),
        can_manage=policy.can_at_path(request.user, Cap.WORK_MANAGE, directive.unit_path),
    )  # fmt: skip
    return render(request, "plans/directive.html", context)


@policy.scoped_view
def directive_file(request, directive_id):
    directive = selectors.access_directive(request.user, directive_id)
    if not directive.attachment:
        raise Http404
    try:
        handle = directive.attachment.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, filename=directive.attachment_name, as_attachment=False)
    response["Content-Type"] = directive.attachment_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _plan_form_page(request, unit, plan=None):
    if plan is not None:
        initial = {f: getattr(plan, f) for f in services.PLAN_FIELDS}
        initial["directives"] = list(plan.directives.filter(unit=unit))
    else:
        initial = {"year": _year(request), "state": "draft"}
    form = PlanForm(request.POST or None, initial=initial,
                    directives=selectors.directive_choices(unit=unit))  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        directives = data.pop("directives")
        try:
            if plan is None:
                saved = services.plan_create(actor=request.user, unit=unit, values=data,
                                             directives=directives)  # fmt: skip
            else:
                saved = services.plan_update(actor=request.user, plan=plan, values=data,
                                             directives=directives)  # fmt: skip
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("plans:plan", work_plan_id=saved.pk)
    heading = _("Edit the plan") if plan else _("New plan")
    return render(
        request,
        "plans/plan_form.html",
        _unit_context(request, unit, heading=heading, form=form, plan=plan),
    )


@policy.scoped_view
@require_http_methods(["GET", "POST"])
def plan_create(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.WORK_MANAGE, unit)
    return _plan_form_page(request, unit)


@policy.scoped_view
@require_http_methods(["GET", "POST"])
def plan_edit(request, work_plan_id):
    plan = selectors.access_plan(request.user, work_plan_id, cap=Cap.WORK_MANAGE)
    return _plan_form_page(request, plan.unit, plan)


@policy.scoped_view
def plan_detail(request, work_plan_id):
    plan = selectors.access_plan(request.user, work_plan_id)
    page = selectors.plan_page(actor=request.user, plan=plan)
    source = plan.source if plan.source_id and policy.can_at_path(
        request.user, Cap.WORK_VIEW, plan.source.unit_path) else None  # fmt: skip
    context = _unit_context(
        request, plan.unit, heading=plan.title, plan=plan, source=source,
        can_manage=policy.can(request.user, Cap.WORK_MANAGE, plan.unit), **page,
    )  # fmt: skip
    return render(request, "plans/plan.html", context)


def _sub_units(unit: Unit):
    from chudong.core.paths import subtree_q

    return Unit.objects.filter(subtree_q("path", unit.path, include_self=False),
                               status="active").order_by("path")  # fmt: skip


def _target_form_page(request, plan, target=None):
    initial = None
    if target is not None:
        initial = {f: getattr(target, f) for f in services.TARGET_FIELDS}
    form = TargetForm(request.POST or None, initial=initial, sub_units=_sub_units(plan.unit))
    if request.method == "POST" and form.is_valid():
        try:
            if target is None:
                services.target_add(actor=request.user, plan=plan, values=form.cleaned_data)
            else:
                services.target_update(actor=request.user, target=target,
                                       values=form.cleaned_data)  # fmt: skip
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("plans:plan", work_plan_id=plan.pk)
    heading = _("Edit the target") if target else _("New target")
    return render(request, "plans/target_form.html",
                  _unit_context(request, plan.unit, heading=heading, form=form, plan=plan,
                                target=target))  # fmt: skip


@policy.scoped_view
@require_http_methods(["GET", "POST"])
def target_create(request, work_plan_id):
    plan = selectors.access_plan(request.user, work_plan_id, cap=Cap.WORK_MANAGE)
    return _target_form_page(request, plan)


@policy.scoped_view
@require_http_methods(["GET", "POST"])
def target_edit(request, plan_target_id):
    target = selectors.access_target(request.user, plan_target_id, cap=Cap.WORK_MANAGE)
    return _target_form_page(request, target.plan, target)


@policy.scoped_view
@require_http_methods(["GET", "POST"])
def target_cascade(request, plan_target_id):
    target = selectors.access_target(request.user, plan_target_id, cap=Cap.WORK_MANAGE)
    form = CascadeForm(request.POST or None,
                       initial={"scope": "children", "deadline": target.deadline})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.target_cascade(actor=request.user, target=target, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("plans:plan", work_plan_id=target.plan_id)
    context = _unit_context(request, target.unit, heading=_("Set the target for the units below"),
                            form=form, target=target, plan=target.plan)  # fmt: skip
    return render(request, "plans/cascade.html", context)


@policy.scoped_view
@require_http_methods(["GET", "POST"])
def target_progress(request, plan_target_id):
    target = selectors.access_target(request.user, plan_target_id)
    can_manage = policy.can_at_path(request.user, Cap.WORK_MANAGE, target.unit_path)
    if request.method == "POST" and not can_manage:
        policy.require(request.user, Cap.WORK_MANAGE, target.unit)
    form = ProgressForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_record(actor=request.user, target=target, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("plans:plan", work_plan_id=target.plan_id)
    context = _unit_context(
        request, target.unit, heading=_("Progress of a target"), form=form, target=target,
        plan=target.plan, updates=list(target.updates.all()[:50]), can_manage=can_manage,
    )  # fmt: skip
    return render(request, "plans/progress.html", context)
