"""Pages of the 3 chủ động cycle. Each view fetches its objects through an access helper,
calls one selector or service, and renders."""

from __future__ import annotations

import io

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core import xlsx
from chudong.core.views import apply_service_errors
from chudong.orgs import selectors as org_selectors

from . import charts, pdf, selectors, services
from .forms import (
    AssessForm,
    CopyForm,
    CriterionForm,
    DecisionForm,
    FollowForm,
    FrameworkForm,
    PlanForm,
    ReasonForm,
    YearForm,
)
from .models import CycleState

FIRST_YEAR = 2018


def _year(request) -> int:
    form = YearForm(request.GET or None)
    today = timezone.localdate()
    if form.is_valid() and form.cleaned_data.get("year"):
        year = form.cleaned_data["year"]
        if FIRST_YEAR <= year <= today.year + 1:
            return year
    return today.year


def _unit(request, unit_id, cap=Cap.RECOGNITION_VIEW):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, cap, unit)
    return unit


def _context(request, unit, **extra) -> dict:
    today = timezone.localdate()
    return {
        "unit": unit,
        "crumbs": org_selectors.breadcrumbs(actor=request.user, unit=unit),
        "years": list(range(today.year, max(FIRST_YEAR, today.year - 5) - 1, -1)),
        "can_review": policy.can(request.user, Cap.RECOGNITION_REVIEW, unit),
        "reviews_below": policy.can_create_under(request.user, Cap.RECOGNITION_REVIEW, unit),
        "can_submit": policy.can(request.user, Cap.RECOGNITION_SUBMIT, unit),
        **extra,
    }


def _run(request, form, call):
    """Run a service on a valid POSTed form; errors go on the form. True when done."""
    if request.method == "POST" and form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return True
    return False


def _error(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@policy.user_view
def home(request):
    units = selectors.home_units(actor=request.user)
    if len(units) == 1:
        return redirect("recognition:unit", unit_id=units[0].pk)
    return render(request, "recognition/home.html", {"units": units})


@policy.scoped_view
def unit_page(request, unit_id):
    """A grassroots union's year (plan, indicators, self-assessment); for an upper unit,
    the summary of the units below with links to follow, review and decide."""
    unit = _unit(request, unit_id)
    year = _year(request)
    context = _context(request, unit, year=year)
    if unit.kind.is_grassroots:
        cycle = selectors.cycle_of(unit=unit, year=year)
        context.update(
            cycle=cycle,
            framework=cycle.framework
            if cycle
            else selectors.framework_in_force(unit=unit, year=year),
            lines=selectors.indicator_lines(actor=request.user, unit=unit, year=year),
        )
    if context["reviews_below"]:
        context["counts"] = selectors.summary(unit=unit, year=year)
        context["to_review"] = selectors.cycles_to_review(unit=unit, year=year)[:10]
    return render(request, "recognition/unit.html", context)


@policy.scoped_view
def plan(request, unit_id):
    unit = _unit(request, unit_id, Cap.RECOGNITION_SUBMIT)
    year = _year(request)
    cycle = selectors.cycle_of(unit=unit, year=year)
    framework = cycle.framework if cycle else selectors.framework_in_force(unit=unit, year=year)
    if framework is None or not unit.kind.is_grassroots:
        raise PermissionDenied
    initial = {}
    if cycle is not None:
        initial = {
            "approach": cycle.approach,
            "solutions": cycle.solutions,
            "roadmap": cycle.roadmap,
            "focus": list(cycle.focus.all()),
        }
    form = PlanForm(request.POST or None, initial=initial, criteria=framework.criteria.all())
    if _run(
        request,
        form,
        lambda d: services.plan_register(actor=request.user, unit=unit, year=year, data=d),
    ):
        return redirect(f"{_url('recognition:unit', unit.pk)}?year={year}")
    context = _context(request, unit, year=year, form=form, framework=framework, cycle=cycle)
    return render(request, "recognition/plan.html", context)


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


@policy.scoped_view
def indicator_list(request, unit_id):
    unit = _unit(request, unit_id)
    year = _year(request)
    if request.method == "POST":
        count = services.indicators_refresh(actor=request.user, unit=unit, year=year)
        messages.success(request, _("Indicators recomputed (%d figures).") % count)
        return redirect(f"{_url('recognition:indicators', unit.pk)}?year={year}")
    lines = selectors.indicator_lines(actor=request.user, unit=unit, year=year)
    return render(
        request, "recognition/indicators.html", _context(request, unit, year=year, lines=lines)
    )


@policy.scoped_view
def indicator_drilldown(request, unit_id):
    unit = _unit(request, unit_id)
    year = _year(request)
    code = request.GET.get("code", "")
    if selectors.registry.get(code) is None:
        code = selectors.registry.indicators()[0].code
    indicator, rows = selectors.drilldown(actor=request.user, unit=unit, year=year, code=code)
    value = selectors.stored_values(unit=unit, year=year, codes=[indicator.code]).get(
        indicator.code
    )
    context = _context(
        request,
        unit,
        year=year,
        indicator=indicator,
        rows=rows,
        value=value,
        limit=selectors.LIST_LIMIT,
    )
    return render(request, "recognition/drilldown.html", context)


@policy.scoped_view
def follow(request, unit_id):
    unit = _unit(request, unit_id)
    year = _year(request)
    if not policy.can_create_under(request.user, Cap.RECOGNITION_REVIEW, unit):
        raise PermissionDenied
    if request.method == "POST":
        form = FollowForm(request.POST)
        if form.is_valid():
            target = policy.get_unit(
                request.user, form.cleaned_data["unit"], cap=Cap.RECOGNITION_REVIEW
            )
            if not target.path.startswith(unit.path):
                raise Http404
            follower = None
            if form.cleaned_data.get("follower"):
                follower = (
                    selectors.follower_choices(unit=target)
                    .filter(pk=form.cleaned_data["follower"])
                    .first()
                )
                if follower is None:
                    messages.error(request, _("Choose a cadre of the upper level."))
                    return redirect(f"{_url('recognition:follow', unit.pk)}?year={year}")
            try:
                services.follower_assign(
                    actor=request.user, unit=target, year=year, follower=follower
                )
            except ValidationError as error:
                _error(request, error)
            else:
                messages.success(request, _("Saved."))
        return redirect(f"{_url('recognition:follow', unit.pk)}?year={year}")
    lines = selectors.follow_lines(unit=unit, year=year)
    choices = list(selectors.cadres_at(unit=unit))
    context = _context(
        request,
        unit,
        year=year,
        lines=lines,
        choices=choices,
        codes=selectors.registry.indicators(),
    )
    return render(request, "recognition/follow.html", context)


@policy.scoped_view
def bulk_review(request, unit_id):
    unit = _unit(request, unit_id)
    year = _year(request)
    if not policy.can_create_under(request.user, Cap.RECOGNITION_REVIEW, unit):
        raise PermissionDenied
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("cycle") if i.isdigit()]
        try:
            count = services.review_accept_many(actor=request.user, upper=unit, cycle_ids=ids)
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, _("%d self-assessments accepted.") % count)
        return redirect(f"{_url('recognition:review', unit.pk)}?year={year}")
    rows = selectors.cycles_to_review(unit=unit, year=year)
    return render(
        request, "recognition/review_list.html", _context(request, unit, year=year, rows=rows)
    )


@policy.scoped_view
def decision_list(request, unit_id):
    unit = _unit(request, unit_id)
    context = _context(request, unit, rows=selectors.decisions(unit=unit), year=_year(request))
    return render(request, "recognition/decisions.html", context)


@policy.scoped_view
def decision_new(request, unit_id):
    unit = _unit(request, unit_id)
    year = _year(request)
    if not policy.can_create_under(request.user, Cap.RECOGNITION_REVIEW, unit):
        raise PermissionDenied
    from .models import Cycle

    eligible = Cycle.objects.filter(
        upper_unit=unit, year=year, state=CycleState.REVIEWED, passed=True
    ).select_related("unit")
    form = DecisionForm(
        request.POST or None,
        cycles=eligible,
        initial={"signed_on": timezone.localdate(), "cycles": list(eligible)},
    )
    result = {}

    def call(data):
        result["decision"] = services.decision_issue(
            actor=request.user, issuer=unit, year=year, data=data, cycles=list(data["cycles"])
        )

    if _run(request, form, call):
        return redirect("recognition:decision", unit_id=unit.pk, decision_id=result["decision"].pk)
    return render(
        request, "recognition/decision_new.html", _context(request, unit, year=year, form=form)
    )


@policy.scoped_view
def decision_detail(request, unit_id, decision_id):
    unit = _unit(request, unit_id)
    decision = selectors.access_decision(request.user, unit, decision_id)
    cycles = selectors.decision_cycles(decision)
    visible = [c for c in cycles if c.unit_path.startswith(unit.path)]
    context = _context(
        request,
        unit,
        decision=decision,
        cycles=visible,
        heading=_("Recognition decision %s") % decision.number,
    )
    return render(request, "recognition/decision.html", context)


@policy.scoped_view
def decision_pdf(request, unit_id, decision_id):
    unit = _unit(request, unit_id)
    decision = selectors.access_decision(request.user, unit, decision_id)
    return FileResponse(
        io.BytesIO(pdf.decision_pdf(decision)),
        filename=pdf.decision_filename(decision),
        content_type="application/pdf",
    )


@policy.scoped_view
def dashboard(request, unit_id):
    unit = _unit(request, unit_id)
    year = _year(request)
    data = selectors.dashboard(actor=request.user, unit=unit, year=year)
    labels = data["status_labels"]
    total = data["total"]
    step_names = {
        "registered": _("Plans registered"),
        "submitted": _("Self-assessed"),
        "reviewed": _("Reviewed"),
        "recognised": _("Recognised"),
    }
    steps = [
        {
            "name": step_names[step],
            "count": getattr(total, step),
            "share": total.share(getattr(total, step)),
            "bar": charts.share_bar(
                getattr(total, step),
                total.grassroots,
                step,
                caption=f"{step_names[step]}: {getattr(total, step)}/{total.grassroots}",
            ),
        }
        for step in charts.STEPS
    ]
    for child in data["children"]:
        child.bar = charts.stacked_bar(child.statuses, labels, caption=child.unit.name)
    context = _context(
        request,
        unit,
        year=year,
        steps=steps,
        total_bar=charts.stacked_bar(total.statuses, labels, caption=unit.name),
        trend_chart=charts.trend_chart(data["trend"], labels),
        legend=charts.legend(labels),
        legend_steps=charts.legend(step_names, charts.STEPS),
        **data,
    )
    return render(request, "recognition/dashboard.html", context)


@policy.scoped_view
def dashboard_pdf(request, unit_id):
    unit = _unit(request, unit_id)
    year = _year(request)
    data = selectors.dashboard(actor=request.user, unit=unit, year=year)
    summary = pdf.summary_data(unit=unit, year=year, data=data, day=timezone.localdate())
    return FileResponse(
        io.BytesIO(pdf.summary_pdf(summary)),
        filename=f"bao-cao-3-chu-dong-{unit.code}-{year}.pdf",
        content_type="application/pdf",
    )


def _dashboard_table_xlsx(request, unit, year, table):
    """The dashboard's tables (by unit below, trend, weakest criteria) as .xlsx."""
    data = selectors.dashboard(actor=request.user, unit=unit, year=year)
    steps = [_("Plans registered"), _("Self-assessed"), _("Reviewed"), _("Recognised")]
    if table == "children":
        headers = [_("Unit"), _("Code"), _("Grassroots unions"), *steps, _("Recognised (%)")]
        rows = [
            [c.unit.name, c.unit.code, c.grassroots, c.registered, c.submitted, c.reviewed,
             c.recognised, c.recognised_share]
            for c in data["children"]
        ]  # fmt: skip
        widths = [36, 14, 12, 12, 12, 12, 12, 12]
        subtitle = _("By unit below %s") % unit.name
    elif table == "trend":
        headers = [_("Year"), *steps]
        rows = [
            [t.year, t.registered, t.submitted, t.reviewed, t.recognised] for t in data["trend"]
        ]
        widths = [10, 14, 14, 14, 14]
        subtitle = _("Trend by year")
    else:
        headers = [_("Criterion"), _("Wording"), _("Share of the maximum (%)"), _("Reviews")]
        rows = [
            [w["criterion__code"], w.get("title", ""), w["share"], w["reviewed"]]
            for w in data["weakest"]
        ]
        widths = [10, 70, 14, 10]
        subtitle = _("Weakest criteria")
    return xlsx.workbook_response(
        filename=f"3-chu-dong-{table}-{unit.code}-{year}.xlsx",
        title=_("3 chủ động %(year)d – %(unit)s") % {"year": year, "unit": unit.name},
        subtitle=subtitle,
        headers=headers,
        rows=rows,
        widths=widths,
    )


@policy.scoped_view
def dashboard_xlsx(request, unit_id):
    unit = _unit(request, unit_id)
    year = _year(request)
    table = request.GET.get("table", "")
    if table in ("children", "trend", "weakest"):
        return _dashboard_table_xlsx(request, unit, year, table)
    rows = (
        [
            c.unit.name,
            c.unit.code,
            c.upper_unit.name,
            c.get_state_display(),
            c.registered_on,
            c.submitted_on,
            c.own_total,
            c.review_total,
            "" if c.passed is None else (_("yes") if c.passed else _("no")),
            c.decision.number if c.decision_id else "",
            c.follower.full_name if c.follower_id else "",
        ]
        for c in selectors.cycle_rows(unit=unit, year=year).iterator(chunk_size=2000)
    )
    return xlsx.workbook_response(
        filename=f"3-chu-dong-{unit.code}-{year}.xlsx",
        title=_("3 chủ động %(year)d – %(unit)s") % {"year": year, "unit": unit.name},
        subtitle=_("Grassroots unions below %s") % unit.name,
        headers=[
            _("Unit"),
            _("Code"),
            _("Registered with"),
            _("State"),
            _("Registered on"),
            _("Submitted on"),
            _("Own total"),
            _("Reviewed total"),
            _("Meets the rule"),
            _("Decision"),
            _("Followed by"),
        ],
        rows=rows,
        widths=[36, 14, 30, 22, 14, 14, 10, 10, 10, 18, 24],
    )


@policy.scoped_view
def framework_list(request, unit_id):
    unit = _unit(request, unit_id)
    may_issue = services.may_issue_framework(request.user, unit)
    if request.method == "POST":
        if not may_issue:
            raise PermissionDenied
        form = CopyForm(request.POST)
        if form.is_valid():
            source = selectors.access_framework(request.user, unit, form.cleaned_data["source"])
            try:
                copy = services.framework_copy(
                    actor=request.user, source=source, issuer=unit, name=form.cleaned_data["name"]
                )
            except ValidationError as error:
                _error(request, error)
            else:
                messages.success(request, _("Copied: adjust your table now."))
                return redirect("recognition:framework_edit", unit_id=unit.pk, framework_id=copy.pk)
        return redirect("recognition:frameworks", unit_id=unit.pk)
    rows = selectors.frameworks_visible(actor=request.user, unit=unit)
    in_force = selectors.framework_in_force(unit=unit, year=_year(request))
    context = _context(
        request, unit, rows=rows, may_issue=may_issue, in_force=in_force, year=_year(request)
    )
    return render(request, "recognition/frameworks.html", context)


@policy.scoped_view
def framework_detail(request, unit_id, framework_id):
    unit = _unit(request, unit_id)
    framework = selectors.access_framework(request.user, unit, framework_id)
    context = _context(
        request,
        unit,
        framework=framework,
        pillars=selectors.framework_pillars(framework),
        may_edit=framework.issuer_id == unit.pk
        and services.may_issue_framework(request.user, unit),
    )
    return render(request, "recognition/framework.html", context)


CriterionFormSet = django_forms.formset_factory(CriterionForm, extra=0)


@policy.scoped_view
def framework_edit(request, unit_id, framework_id):
    unit = _unit(request, unit_id)
    framework = selectors.access_framework(request.user, unit, framework_id)
    if framework.issuer_id != unit.pk or not services.may_issue_framework(request.user, unit):
        raise PermissionDenied
    criteria = list(framework.criteria.all())
    form = FrameworkForm(
        request.POST or None,
        initial={
            "name": framework.name,
            "document": framework.document,
            "rule": framework.rule,
            "min_points": framework.min_points,
            "min_criterion_points": framework.min_criterion_points,
        },
    )
    formset = CriterionFormSet(
        request.POST or None,
        prefix="c",
        initial=[
            {
                "id": c.pk,
                "title": c.title,
                "scoring": c.scoring,
                "max_points": c.max_points,
                "indicator_code": c.indicator_code,
                "threshold": c.threshold,
            }
            for c in criteria
        ],
    )
    for sub, criterion in zip(formset.forms, criteria, strict=False):
        sub.code = criterion.code
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.framework_update(
                actor=request.user,
                framework=framework,
                data=form.cleaned_data,
                criteria=formset.cleaned_data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("recognition:framework", unit_id=unit.pk, framework_id=framework.pk)
    context = _context(request, unit, framework=framework, form=form, formset=formset)
    return render(request, "recognition/framework_edit.html", context)


@policy.scoped_view
def cycle_detail(request, cycle_id):
    cycle = selectors.access_cycle(request.user, cycle_id)
    live = cycle.state in (CycleState.OPEN, CycleState.REGISTERED, CycleState.RETURNED)
    context = _context(
        request,
        cycle.unit,
        cycle=cycle,
        year=cycle.year,
        pillars=selectors.cycle_lines(cycle, live=live),
        live=live,
        editable=cycle.state in services.ASSESSABLE
        and policy.can(request.user, Cap.RECOGNITION_SUBMIT, cycle.unit),
        reviewable=cycle.state == CycleState.SUBMITTED
        and policy.can(request.user, Cap.RECOGNITION_REVIEW, cycle.unit),
        revocable=cycle.state == CycleState.RECOGNISED
        and policy.can(request.user, Cap.RECOGNITION_REVIEW, cycle.unit),
        heading=_("3 chủ động %d") % cycle.year,
    )
    return render(request, "recognition/cycle.html", context)


@policy.scoped_view
def cycle_assess(request, cycle_id):
    cycle = selectors.access_cycle(request.user, cycle_id, cap=Cap.RECOGNITION_SUBMIT)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = AssessForm(request.POST, request.FILES)
    if form.is_valid():
        criterion = cycle.framework.criteria.filter(pk=form.cleaned_data["criterion"]).first()
        if criterion is None:
            raise Http404
        try:
            services.criterion_assess(
                actor=request.user,
                cycle=cycle,
                criterion=criterion,
                own_score=form.cleaned_data.get("own_score"),
                narrative=form.cleaned_data.get("narrative", ""),
                upload=form.cleaned_data.get("file"),
            )
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, _("Criterion %s saved.") % criterion.code)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(f"{_url('recognition:cycle', cycle.pk)}#c{request.POST.get('criterion', '')}")


@policy.scoped_view
def cycle_submit(request, cycle_id):
    cycle = selectors.access_cycle(request.user, cycle_id, cap=Cap.RECOGNITION_SUBMIT)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.self_assessment_submit(actor=request.user, cycle=cycle)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Self-assessment submitted to %s.") % cycle.upper_unit.name)
    return redirect("recognition:cycle", cycle_id=cycle.pk)


@policy.scoped_view
def cycle_review(request, cycle_id):
    cycle = selectors.access_cycle(request.user, cycle_id, cap=Cap.RECOGNITION_REVIEW)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        if request.POST.get("action") == "return":
            services.review_return(
                actor=request.user, cycle=cycle, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Returned to the unit for revision."))
        else:
            rows = [
                {
                    "criterion_id": c.pk,
                    "score": request.POST.get(f"score_{c.pk}", ""),
                    "comment": request.POST.get(f"comment_{c.pk}", ""),
                }
                for c in cycle.framework.criteria.all()
            ]
            accept = request.POST.get("action") == "accept"
            services.review_save(
                actor=request.user,
                cycle=cycle,
                rows=rows,
                accept=accept,
                comment=request.POST.get("comment", ""),
            )
            messages.success(request, _("Review accepted.") if accept else _("Saved."))
    except ValidationError as error:
        _error(request, error)
    return redirect("recognition:cycle", cycle_id=cycle.pk)


@policy.scoped_view
def cycle_revoke(request, cycle_id):
    cycle = selectors.access_cycle(request.user, cycle_id, cap=Cap.RECOGNITION_REVIEW)
    form = ReasonForm(request.POST or None)
    if _run(
        request,
        form,
        lambda d: services.recognition_revoke(actor=request.user, cycle=cycle, reason=d["reason"]),
    ):
        return redirect("recognition:cycle", cycle_id=cycle.pk)
    context = _context(
        request, cycle.unit, cycle=cycle, form=form, heading=_("Revoke the recognition")
    )
    return render(request, "recognition/revoke.html", context)


@policy.scoped_view
def evidence_file(request, cycle_id, evidence_id):
    cycle = selectors.access_cycle(request.user, cycle_id)
    evidence = selectors.access_evidence(request.user, cycle, evidence_id)
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, filename=evidence.name, as_attachment=False)
    response["X-Content-Type-Options"] = "nosniff"
    return response
