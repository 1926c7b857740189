"""Pages of the annual rating and the Rèn luyện đoàn viên programme. Each view fetches its
objects through an access helper (policy.get_unit, members' access_member), calls one
selector or service, and renders."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.views import apply_service_errors, render_page
from chudong.core.xlsx import workbook_response
from chudong.members import selectors as member_selectors
from chudong.orgs import selectors as org_selectors

from . import grounds, selectors, services
from .forms import (
    CorrectionForm,
    RatingSheetForm,
    ReturnForm,
    TrainingContentForm,
    TrainingEvaluationForm,
    YearForm,
)
from .levels import rating_levels, training_result_label
from .models import SheetState, TrainingArea


def _year_from_query(request) -> int:
    form = YearForm(request.GET or None)
    if form.is_valid() and form.cleaned_data.get("year"):
        year = form.cleaned_data["year"]
        if selectors.year_is_valid(year):
            return year
    return selectors.default_year()


def _check_year(year: int) -> None:
    if not selectors.year_is_valid(year):
        raise Http404


def _unit_context(request, unit, **extra) -> dict:
    return {
        "unit": unit,
        "crumbs": org_selectors.breadcrumbs(actor=request.user, unit=unit),
        **extra,
    }


def _member_context(request, member, **extra) -> dict:
    crumbs = org_selectors.breadcrumbs(actor=request.user, unit=member.unit)
    return {
        "member": member,
        "crumbs": [*crumbs, member.unit],
        **member_selectors.member_caps(request.user, member),
        **extra,
    }


def _default_content() -> dict:
    return {"areas": list(services.DEFAULT_AREAS), "commitments": services.default_commitments()}


def _years(year: int) -> list[int]:
    latest = selectors.default_year() + 1
    return [y for y in range(latest, latest - 6, -1) if selectors.year_is_valid(y)] or [year]


@policy.user_view
def home(request):
    """ "Annual rating" in the menu: the summary of the actor's unit, or a choice."""
    units = member_selectors.members_home_units(actor=request.user)
    if len(units) == 1:
        return redirect("ratings:unit", unit_id=units[0].pk)
    return render(request, "ratings/home.html", {"units": units, "target": "ratings:unit"})


@policy.user_view
def training_home(request):
    units = member_selectors.members_home_units(actor=request.user)
    year = policy.today().year
    if len(units) == 1:
        return redirect("ratings:training", unit_id=units[0].pk, year=year)
    return render(
        request, "ratings/home.html", {"units": units, "target": "ratings:training", "year": year}
    )


@policy.scoped_view
def unit_summary(request, unit_id):
    """Roll-up of a year's ratings for a unit and each sub-unit; a branch's sheet state."""
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_VIEW, unit)
    year = _year_from_query(request)
    summary = selectors.rating_summary(actor=request.user, unit=unit, year=year)
    sheet = None
    if unit.kind.is_branch:
        sheet = selectors.sheet_of(unit=unit, year=year)
    outcomes = grounds.unit_outcomes(request.user, unit, year) if unit.kind.is_grassroots else []
    context = _unit_context(
        request, unit, summary=summary, year=year, years=_years(year), sheet=sheet,
        heading=_("Annual rating of members"), outcomes=outcomes,
    )  # fmt: skip
    return render(request, "ratings/summary.html", context)


@policy.scoped_view
def unit_summary_export(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_VIEW, unit)
    year = _year_from_query(request)
    summary = selectors.rating_summary(actor=request.user, unit=unit, year=year)
    labels = [level.label for level in summary.levels.levels]
    headers = [
        _("Unit"),
        *labels,
        _("Rated"),
        _("Good and above"),
        _("Share good and above (%)"),
        _("Reviewed (full Party members)"),
        _("Awaiting approval"),
        _("Eligible, not rated"),
    ]

    def line(row):
        share = row.share(summary.levels)
        return [
            row.label,
            *row.cells(summary.levels),
            row.rated,
            row.good_and_above(summary.levels),
            round(share * 100, 1) if share is not None else None,
            row.reviewed,
            row.pending,
            row.unrated,
        ]

    rows = [line(row) for row in summary.rows] + [line(summary.total)]
    return workbook_response(
        filename=f"xep-loai-doan-vien-{unit.code}-{year}.xlsx",
        title=_("Annual rating of members, %(year)d: %(unit)s") % {"year": year, "unit": unit.name},
        subtitle=_("Approved results; the last line is the whole unit."),
        headers=headers,
        rows=rows,
        widths=[40] + [14] * (len(headers) - 1),
    )


@policy.scoped_view
def unrated(request, unit_id):
    """The cases behind the warning "members not rated at year end"."""
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_VIEW, unit)
    year = _year_from_query(request) if request.GET.get("year") else policy.today().year - 1
    members = selectors.unrated_list(actor=request.user, unit=unit, year=year)
    context = _unit_context(
        request, unit, members=members, year=year, years=_years(year),
        heading=_("Members not rated"),
    )  # fmt: skip
    return render(request, "ratings/unrated.html", context)


def _branch_chooser(request, unit, year, target, heading):
    branches = selectors.branch_states(actor=request.user, unit=unit, year=year)
    context = _unit_context(
        request, unit, branches=branches, year=year, target=target, heading=heading,
        limit=selectors.BRANCH_LIST_LIMIT,
    )  # fmt: skip
    return render(request, "ratings/choose_branch.html", context)


@policy.scoped_view
def rating_sheet(request, unit_id, year):
    """The one screen where a branch rates all its members for a year."""
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_VIEW, unit)
    _check_year(year)
    if not unit.kind.is_branch:
        return _branch_chooser(request, unit, year, "ratings:sheet", _("Rating sheets"))
    can_edit = policy.can(request.user, Cap.MEMBERS_MANAGE, unit) and unit.is_active
    can_approve = selectors.may_approve(request.user, unit)
    sheet = selectors.rating_sheet(actor=request.user, unit=unit, year=year)
    editable = can_edit and sheet.state == SheetState.DRAFT
    action = request.POST.get("action") if request.method == "POST" else None
    form = RatingSheetForm(
        request.POST if action in ("save", "submit") else None, sheet=sheet, disabled=not editable
    )
    return_form = ReturnForm(request.POST if action == "return" else None)
    if action in ("save", "submit") and form.is_valid():
        try:
            services.rating_sheet_save(
                actor=request.user,
                unit=unit,
                year=year,
                entries=form.entries(),
                expected_version=form.cleaned_data.get("version"),
            )
            if action == "submit":
                services.rating_sheet_submit(actor=request.user, unit=unit, year=year)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Submitted to the grassroots union for approval.")
                if action == "submit"
                else _("Saved."),
            )
            return redirect("ratings:sheet", unit_id=unit.pk, year=year)
    elif action == "row" and editable:
        return _save_row(request, unit, year)
    elif action == "approve":
        try:
            services.rating_sheet_approve(actor=request.user, unit=unit, year=year)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Approved. The results are written into the dossiers."))
        return redirect("ratings:sheet", unit_id=unit.pk, year=year)
    elif action == "return" and return_form.is_valid():
        try:
            services.rating_sheet_return(
                actor=request.user, unit=unit, year=year, reason=return_form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_service_errors(return_form, error)
        else:
            messages.success(request, _("Returned to the branch for revision."))
            return redirect("ratings:sheet", unit_id=unit.pk, year=year)
    form.bind_rows()
    context = _unit_context(
        request,
        unit,
        sheet=sheet,
        form=form,
        return_form=return_form,
        year=year,
        years=_years(year),
        editable=editable,
        can_edit=can_edit,
        can_approve=can_approve,
        heading=_("Annual rating %(year)d") % {"year": year},
    )
    return render(request, "ratings/sheet.html", context)


def _save_row(request, unit, year):
    """htmx: one member's line saved as soon as it changes; the line comes back, with the
    sheet's new version for the full form (so that its own save is not taken as stale)."""
    raw = request.POST.get("member", "")
    member_id = int(raw) if raw.isdigit() else 0
    errors: list[str] = []
    try:
        services.rating_sheet_save(
            actor=request.user,
            unit=unit,
            year=year,
            entries=[
                services.RatingEntry(
                    member_id=member_id,
                    level=request.POST.get(f"level_{member_id}", ""),
                    comment=request.POST.get(f"comment_{member_id}", ""),
                )
            ],
        )
    except ValidationError as error:
        errors = error.messages
    sheet = selectors.rating_sheet(actor=request.user, unit=unit, year=year)
    row = next((r for r in sheet.rateable if r.member.pk == member_id), None)
    if row is None:
        raise Http404
    form = RatingSheetForm(sheet=sheet)
    form.bind_rows()
    context = {
        "unit": unit, "year": year, "sheet": sheet, "row": row, "form": form, "editable": True,
        "can_approve": selectors.may_approve(request.user, unit), "row_errors": errors,
        "row_saved": not errors, "oob_version": True,
    }  # fmt: skip
    return render(request, "ratings/sheet.html#row", context)


@policy.scoped_view
def member_ratings(request, member_id):
    """A member's ratings and Rèn luyện results by year; htmx gets the dossier card."""
    member = member_selectors.access_member(request.user, member_id)
    years = selectors.member_years(actor=request.user, member=member)
    context = _member_context(
        request, member, years=years, heading=_("Ratings by year"),
        can_correct=policy.can_at_path(request.user, Cap.MEMBERS_DECIDE, member.unit_path),
    )  # fmt: skip
    return render_page(request, "ratings/member.html", context, partial="summary")


@policy.scoped_view
def rating_correction(request, member_id, year):
    """The grassroots union corrects an approved result, giving a reason."""
    member = member_selectors.access_member(request.user, member_id)
    _check_year(year)
    rating = selectors.member_rating(member=member, year=year)
    if rating is not None:
        policy.require(request.user, Cap.MEMBERS_VIEW, rating.unit)
        if not selectors.may_approve(request.user, rating.unit):
            raise PermissionDenied
    elif not policy.can_at_path(request.user, Cap.MEMBERS_DECIDE, member.unit_path):
        raise PermissionDenied
    levels = rating_levels(year, rating.unit) if rating else None
    reviewed = rating is not None and rating.kind == "reviewed"
    form = CorrectionForm(
        request.POST or None,
        levels=levels,
        reviewed=reviewed,
        initial={"level": rating.level, "comment": rating.comment} if rating else None,
    )
    if rating is not None and request.method == "POST" and form.is_valid():
        try:
            services.rating_correct(
                actor=request.user,
                rating=rating,
                level=form.cleaned_data.get("level") or "",
                comment=form.cleaned_data["comment"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The rating has been corrected."))
            return redirect("ratings:member", member_id=member.pk)
    context = _member_context(
        request, member, rating=rating, form=form, year=year,
        level_label=levels.label(rating.level) if rating and rating.level else "",
        heading=_("Correct the rating for %d") % year,
    )  # fmt: skip
    return render(request, "ratings/correct.html", context)


@policy.scoped_view
def training_sheet(request, unit_id, year):
    """The branch's Rèn luyện đoàn viên screen: register everyone, then evaluate."""
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_VIEW, unit)
    _check_year(year)
    if not unit.kind.is_branch:
        return _branch_chooser(request, unit, year, "ratings:training", _("Rèn luyện đoàn viên"))
    can_edit = policy.can(request.user, Cap.MEMBERS_MANAGE, unit) and unit.is_active
    sheet = selectors.training_sheet(actor=request.user, unit=unit, year=year)
    action = request.POST.get("action") if request.method == "POST" else None
    content_form = TrainingContentForm(
        request.POST if action == "register_all" else None,
        initial=_default_content(),
    )
    evaluation_form = TrainingEvaluationForm(
        request.POST if action == "evaluate" else None, sheet=sheet, disabled=not can_edit
    )
    if action == "register_all" and content_form.is_valid():
        try:
            added = services.training_register_branch(
                actor=request.user,
                unit=unit,
                year=year,
                areas=content_form.cleaned_data["areas"],
                commitments=content_form.cleaned_data["commitments"],
            )
        except ValidationError as error:
            apply_service_errors(content_form, error)
        else:
            messages.success(request, _("%d members registered.") % added)
            return redirect("ratings:training", unit_id=unit.pk, year=year)
    elif action == "evaluate" and evaluation_form.is_valid():
        try:
            changed = services.training_evaluate(
                actor=request.user,
                unit=unit,
                year=year,
                results=evaluation_form.results(),
                evaluated_on=evaluation_form.cleaned_data["evaluated_on"],
            )
        except ValidationError as error:
            apply_service_errors(evaluation_form, error)
        else:
            messages.success(request, _("Evaluation saved (%d changed).") % changed)
            return redirect("ratings:training", unit_id=unit.pk, year=year)
    evaluation_form.bind_rows()
    context = _unit_context(
        request, unit, sheet=sheet, content_form=content_form, evaluation_form=evaluation_form,
        year=year, years=_years(year), can_edit=can_edit,
        heading=_("Rèn luyện đoàn viên %(year)d") % {"year": year},
    )  # fmt: skip
    return render(request, "ratings/training.html", context)


@policy.scoped_view
def training_member(request, member_id, year):
    """One member's Rèn luyện registration: the branch edits it."""
    member = member_selectors.access_member(request.user, member_id)
    _check_year(year)
    registration = selectors.member_training(member=member, year=year)
    can_edit = member_selectors.member_caps(request.user, member)["can_manage"]
    initial = (
        {"areas": registration.areas, "commitments": registration.commitments}
        if registration
        else _default_content()
    )
    form = TrainingContentForm(request.POST or None, initial=initial)
    if request.method == "POST":
        member_selectors.require_member_cap(request.user, member, Cap.MEMBERS_MANAGE)
        if form.is_valid():
            try:
                services.training_registration_save(
                    actor=request.user, member=member, year=year, **form.cleaned_data
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("ratings:training", unit_id=member.unit_id, year=year)
    context = _member_context(
        request, member, form=form, registration=registration, year=year, can_edit=can_edit,
        area_labels=[dict(TrainingArea.choices).get(c, c) for c in registration.areas]
        if registration else [],
        result_label=training_result_label(registration.result) if registration else "",
        heading=_("Rèn luyện đoàn viên %(year)d") % {"year": year},
    )  # fmt: skip
    return render(request, "ratings/training_member.html", context)
