"""Pages of criterion 2.5. Each view fetches its objects through an access helper, calls
one selector or service, and renders."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core import history
from chudong.core.views import file_response as _file_response
from chudong.core.views import save_form as _save
from chudong.orgs import selectors as org_selectors
from chudong.orgs.models import Unit

from . import selectors, services
from .forms import (
    AreaForm,
    ExemplaryForm,
    InspectionForm,
    PlanForm,
    RecommendationForm,
    RemedyForm,
    ReplicationForm,
    ReviewForm,
    ShareForm,
    YearForm,
)
from .models import ExemplaryArea

FIRST_YEAR = 2000


def _context(request, unit, **extra) -> dict:
    return {
        "unit": unit,
        "crumbs": org_selectors.breadcrumbs(actor=request.user, unit=unit),
        "can_manage": policy.can(request.user, Cap.WORK_MANAGE, unit) and unit.is_active,
        **extra,
    }


def _unit(request, unit_id, cap=Cap.WORK_VIEW):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, cap, unit)
    return unit


def _year(request) -> int:
    form = YearForm(request.GET or None)
    today = timezone.localdate()
    if form.is_valid() and form.cleaned_data.get("year"):
        year = form.cleaned_data["year"]
        if FIRST_YEAR <= year <= today.year + 1:
            return year
    return today.year


def _years() -> list[int]:
    today = timezone.localdate()
    return list(range(today.year, today.year - 5, -1))


def _area(request) -> str:
    form = AreaForm(request.GET or None)
    return form.cleaned_data.get("area", "") if form.is_valid() else ""


def _history(request, record, path: str):
    if not policy.can_at_path(request.user, Cap.HISTORY_VIEW, path):
        return None
    return history.rows(record.history.all())


def _form_page(request, unit, form, heading, *, multipart=False, back=None):
    context = _context(
        request,
        unit,
        form=form,
        heading=heading,
        multipart=multipart,
        back=back or ("inspection:unit", unit.pk),
    )
    return render(request, "inspection/form.html", context)


@policy.user_view
def home(request):
    """The menu entry: the actor's unit, or a choice."""
    units = selectors.home_units(actor=request.user)
    if len(units) == 1:
        return redirect("inspection:unit", unit_id=units[0].pk)
    return render(request, "inspection/home.html", {"units": units})


# --- Inspections ---------------------------------------------------------------------


@policy.scoped_view
def unit_overview(request, unit_id):
    unit = _unit(request, unit_id)
    year = _year(request)
    today = timezone.localdate()
    context = _context(
        request,
        unit,
        year=year,
        years=_years(),
        plans=selectors.plan_list(unit=unit, year=year),
        inspections=selectors.inspection_list(unit=unit, year=year),
        overdue=selectors.overdue_remedies(unit=unit, day=today),
        counts=selectors.recognition_counts(unit=unit, year=year),
    )
    return render(request, "inspection/unit.html", context)


@policy.scoped_view
def overdue(request, unit_id):
    unit = _unit(request, unit_id)
    rows = selectors.overdue_remedies(unit=unit, day=timezone.localdate())
    return render(request, "inspection/overdue.html", _context(request, unit, rows=rows))


@policy.scoped_view
def plan_new(request, unit_id):
    unit = _unit(request, unit_id, Cap.WORK_MANAGE)
    form = PlanForm(
        request.POST or None,
        subjects=selectors.subject_choices(unit=unit),
        initial={"year": timezone.localdate().year},
    )
    done = _save(
        request,
        form,
        lambda data: services.plan_create(actor=request.user, unit=unit, data=data),
        lambda row: redirect("inspection:plan", inspection_plan_id=row.pk),
    )
    return done or _form_page(request, unit, form, _("New inspection plan"))


@policy.scoped_view
def plan_detail(request, inspection_plan_id):
    plan = selectors.access_plan(request.user, inspection_plan_id)
    context = _context(
        request,
        plan.unit,
        row=plan,
        subjects=list(plan.subjects.order_by("path")),
        inspections=selectors.plan_inspections(plan=plan),
        history_rows=_history(request, plan, plan.unit_path),
    )
    return render(request, "inspection/plan.html", context)


@policy.scoped_view
def plan_edit(request, inspection_plan_id):
    plan = selectors.access_plan(request.user, inspection_plan_id, cap=Cap.WORK_MANAGE)
    form = PlanForm(
        request.POST or None, instance=plan, subjects=selectors.subject_choices(unit=plan.unit)
    )
    done = _save(
        request,
        form,
        lambda data: services.plan_update(actor=request.user, plan=plan, data=data),
        lambda row: redirect("inspection:plan", inspection_plan_id=row.pk),
    )
    return done or _form_page(request, plan.unit, form, _("Edit the inspection plan"))


@policy.scoped_view
def inspection_new(request, unit_id):
    unit = _unit(request, unit_id, Cap.WORK_MANAGE)
    plans = selectors.plan_choices(unit=unit)
    initial = {"inspected_on": timezone.localdate()}
    plan_id = request.GET.get("plan", "")
    if plan_id.isdigit():
        initial["plan"] = plans.filter(pk=int(plan_id)).first()
    form = InspectionForm(
        request.POST or None,
        subjects=selectors.subject_choices(unit=unit),
        plans=plans,
        initial=initial,
    )
    done = _save(
        request,
        form,
        lambda data: services.inspection_create(actor=request.user, unit=unit, data=data),
        lambda row: redirect("inspection:inspection", inspection_id=row.pk),
    )
    return done or _form_page(request, unit, form, _("Record an inspection"))


@policy.scoped_view
def inspection_detail(request, inspection_id):
    """The inspection, its recommendations with their remedies; the inspecting unit adds
    recommendations here (POST)."""
    inspection = selectors.access_inspection(request.user, inspection_id)
    may_recommend = policy.can_at_path(request.user, Cap.WORK_MANAGE, inspection.unit_path)
    form = RecommendationForm(request.POST or None)
    if request.method == "POST":
        inspection = selectors.access_inspection(request.user, inspection_id, manage=True)
        done = _save(
            request,
            form,
            lambda data: services.recommendation_add(
                actor=request.user, inspection=inspection, data=data
            ),
            lambda _row: redirect("inspection:inspection", inspection_id=inspection.pk),
        )
        if done:
            return done
    plan_visible = inspection.plan_id and policy.can_at_path(
        request.user, Cap.WORK_VIEW, inspection.unit_path
    )
    context = _context(
        request,
        inspection.subject,
        row=inspection,
        form=form,
        may_recommend=may_recommend,
        plan_visible=plan_visible,
        recommendations=selectors.recommendations_of(
            inspection=inspection, day=timezone.localdate()
        ),
        history_rows=_history(request, inspection, inspection.subject_path),
    )
    return render(request, "inspection/inspection.html", context)


@policy.scoped_view
def inspection_edit(request, inspection_id):
    inspection = selectors.access_inspection(request.user, inspection_id, manage=True)
    unit = inspection.unit
    form = InspectionForm(
        request.POST or None,
        instance=inspection,
        subjects=selectors.subject_choices(unit=unit),
        plans=selectors.plan_choices(unit=unit),
        editing=True,
    )
    done = _save(
        request,
        form,
        lambda data: services.inspection_update(
            actor=request.user, inspection=inspection, data=data
        ),
        lambda row: redirect("inspection:inspection", inspection_id=row.pk),
    )
    return done or _form_page(request, unit, form, _("Edit the inspection"))


@policy.scoped_view
def remedy(request, remedy_id):
    """A recommendation and what was done about it; the inspected unit records it here."""
    row = selectors.access_recommendation(request.user, remedy_id)
    subject = row.inspection.subject
    may_record = policy.can(request.user, Cap.WORK_MANAGE, subject)
    form = RemedyForm(
        request.POST or None,
        request.FILES or None,
        instance=row,
        initial={"done_on": row.done_on or timezone.localdate()},
    )
    if request.method == "POST":
        row = selectors.access_recommendation(request.user, remedy_id, cap=Cap.WORK_MANAGE)
        done = _save(
            request,
            form,
            lambda data: services.remedy_record(
                actor=request.user,
                recommendation=row,
                data=data,
                evidence=data.get("evidence") or None,
            ),
            lambda saved: redirect("inspection:remedy", remedy_id=saved.pk),
        )
        if done:
            return done
    context = _context(
        request,
        subject,
        row=row,
        form=form,
        may_record=may_record,
        state=row.state_on(timezone.localdate()),
        history_rows=_history(request, row, row.subject_path),
    )
    return render(request, "inspection/remedy.html", context)


@policy.scoped_view
def remedy_file(request, remedy_id):
    row = selectors.access_recommendation(request.user, remedy_id)
    return _file_response(row.evidence, row.evidence_name or "minh-chung")


# --- Year-end reviews ----------------------------------------------------------------


@policy.scoped_view
def reviews(request, unit_id):
    unit = _unit(request, unit_id)
    year = _year(request)
    collective, lines = selectors.review_sheet(actor=request.user, unit=unit, year=year)
    context = _context(request, unit, year=year, years=_years(), collective=collective, lines=lines)
    return render(request, "inspection/reviews.html", context)


@policy.scoped_view
def review_new(request, unit_id):
    """Write the collective review (no `person`) or a leadership member's (`?person=`)."""
    unit = _unit(request, unit_id, Cap.WORK_MANAGE)
    year = _year(request)
    person = selectors.leader_to_review(
        actor=request.user, unit=unit, person_id=request.GET.get("person", "")
    )
    form = ReviewForm(request.POST or None, initial={"reviewed_on": timezone.localdate()})
    done = _save(
        request,
        form,
        lambda data: services.review_save(
            actor=request.user, unit=unit, person=person, data={**data, "year": year}
        ),
        lambda row: redirect("inspection:review", year_review_id=row.pk),
    )
    if done:
        return done
    if person is None:
        heading = _("Collective review of %(year)s") % {"year": year}
    else:
        heading = _("Review of %(name)s for %(year)s") % {"name": person.full_name, "year": year}
    return _form_page(request, unit, form, heading, back=("inspection:reviews", unit.pk))


@policy.scoped_view
def review_detail(request, year_review_id):
    review = selectors.access_review(request.user, year_review_id)
    context = _context(
        request, review.unit, row=review, history_rows=_history(request, review, review.unit_path)
    )
    return render(request, "inspection/review.html", context)


@policy.scoped_view
def review_edit(request, year_review_id):
    review = selectors.access_review(request.user, year_review_id, cap=Cap.WORK_MANAGE)
    form = ReviewForm(request.POST or None, instance=review)
    done = _save(
        request,
        form,
        lambda data: services.review_save(
            actor=request.user, unit=review.unit, person=review.person, review=review, data=data
        ),
        lambda row: redirect("inspection:review", year_review_id=row.pk),
    )
    return done or _form_page(
        request,
        review.unit,
        form,
        _("Edit the review"),
        back=("inspection:reviews", review.unit_id),
    )


# --- Exemplary models and people -----------------------------------------------------


@policy.scoped_view
def exemplaries(request, unit_id):
    unit = _unit(request, unit_id)
    area = _area(request)
    context = _context(
        request,
        unit,
        rows=selectors.exemplary_list(unit=unit, area=area),
        area=area,
        areas=ExemplaryArea.choices,
        tab="register",
    )
    return render(request, "inspection/exemplaries.html", context)


@policy.scoped_view
def to_replicate(request, unit_id):
    unit = _unit(request, unit_id)
    area = _area(request)
    context = _context(
        request,
        unit,
        rows=selectors.to_replicate(unit=unit, area=area),
        area=area,
        areas=ExemplaryArea.choices,
        tab="replicate",
    )
    return render(request, "inspection/to_replicate.html", context)


@policy.scoped_view
def exemplary_new(request, unit_id):
    unit = _unit(request, unit_id, Cap.WORK_MANAGE)
    form = ExemplaryForm(
        request.POST or None,
        request.FILES or None,
        members=selectors.member_choices(actor=request.user, unit=unit),
        initial={"started_on": timezone.localdate(), "commendation": "none"},
    )
    done = _save(
        request,
        form,
        lambda data: services.exemplary_create(
            actor=request.user, unit=unit, data=data, evidence=data.get("evidence") or None
        ),
        lambda row: redirect("inspection:exemplary", exemplary_id=row.pk),
    )
    return done or _form_page(
        request,
        unit,
        form,
        _("Record an exemplary model or person"),
        multipart=True,
        back=("inspection:exemplaries", unit.pk),
    )


@policy.scoped_view
def exemplary_detail(request, exemplary_id):
    """The model, where it was replicated (in units the actor sees), publishing it, and
    recording a replication by one of the actor's units (POST)."""
    row = selectors.access_exemplary(request.user, exemplary_id)
    units = selectors.manageable_units(actor=request.user).exclude(pk=row.unit_id)
    form = ReplicationForm(
        request.POST or None, units=units, initial={"started_on": timezone.localdate()}
    )
    if request.method == "POST":
        done = _save(
            request,
            form,
            lambda data: services.replication_add(actor=request.user, exemplary=row, data=data),
            lambda _r: redirect("inspection:exemplary", exemplary_id=row.pk),
        )
        if done:
            return done
    seen, elsewhere = selectors.replications_seen(actor=request.user, exemplary=row)
    in_scope = policy.can_at_path(request.user, Cap.WORK_VIEW, row.unit_path)
    share_units = (
        selectors.share_choices(actor=request.user, exemplary=row)
        if in_scope
        else Unit.objects.none()
    )
    context = _context(
        request,
        row.unit if in_scope else row.shared_by,
        row=row,
        form=form,
        may_replicate=units.exists(),
        replications=seen,
        elsewhere=elsewhere,
        in_scope=in_scope,
        share_form=ShareForm(units=share_units, initial={"by_unit": row.shared_by_id}),
        may_share=share_units.exists(),
        history_rows=_history(request, row, row.unit_path) if in_scope else None,
    )
    context["can_manage"] = in_scope and policy.can(request.user, Cap.WORK_MANAGE, row.unit)
    return render(request, "inspection/exemplary.html", context)


@policy.scoped_view
def exemplary_edit(request, exemplary_id):
    row = selectors.access_exemplary(request.user, exemplary_id, cap=Cap.WORK_MANAGE)
    form = ExemplaryForm(
        request.POST or None,
        request.FILES or None,
        instance=row,
        members=selectors.member_choices(actor=request.user, unit=row.unit),
    )
    done = _save(
        request,
        form,
        lambda data: services.exemplary_update(
            actor=request.user, exemplary=row, data=data, evidence=data.get("evidence") or None
        ),
        lambda saved: redirect("inspection:exemplary", exemplary_id=saved.pk),
    )
    return done or _form_page(
        request,
        row.unit,
        form,
        _("Edit the exemplary model or person"),
        multipart=True,
        back=("inspection:exemplaries", row.unit_id),
    )


@policy.scoped_view
def exemplary_share(request, exemplary_id):
    """Publish the model for replication (POST only; found and checked first, so that a
    model out of scope answers 404 to any method)."""
    row = selectors.access_exemplary(request.user, exemplary_id, cap=Cap.WORK_MANAGE)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ShareForm(request.POST, units=selectors.share_choices(actor=request.user, exemplary=row))
    if form.is_valid():
        try:
            services.exemplary_share(
                actor=request.user, exemplary=row, by_unit=form.cleaned_data["by_unit"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Choose a unit from the list."))
    return redirect("inspection:exemplary", exemplary_id=row.pk)


@policy.scoped_view
def exemplary_file(request, exemplary_id):
    row = selectors.access_exemplary(request.user, exemplary_id)
    return _file_response(row.evidence, row.evidence_name or "minh-chung")
