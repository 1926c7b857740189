"""Pages of member imports, the Excel export of the member list and the PDFs. Each view
parses the request, fetches its object through an access helper (policy.get_unit,
selectors.access_import_job, members' access_member), calls one service or selector and
renders."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.views import apply_service_errors, render_page
from chudong.core.xlsx import workbook_response
from chudong.members import selectors as member_selectors
from chudong.members.forms import ListFilterForm
from chudong.members.selectors import MemberFilters
from chudong.orgs import selectors as org_selectors

from . import documents, export, selectors, services
from .forms import BookForm, MappingForm, SheetForm, UploadForm
from .models import IssueKind, JobStatus

PDF = "application/pdf"


def _unit_context(request, unit, **extra) -> dict:
    return {
        "unit": unit,
        "crumbs": org_selectors.breadcrumbs(actor=request.user, unit=unit),
        **extra,
    }


@policy.scoped_view
def unit_import(request, unit_id):
    """Upload a list into a branch or grassroots union; elsewhere, walk down to one."""
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_MANAGE, unit)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_create(
                actor=request.user, unit=unit, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("imports:job", job_id=job.pk)
    context = _unit_context(
        request,
        unit,
        form=form,
        importable=services.importable(unit),
        children=[]
        if services.importable(unit)
        else selectors.child_units(actor=request.user, unit=unit),
        jobs=selectors.recent_jobs(actor=request.user, unit=unit),
        max_rows=services.INLINE_ROWS,
    )
    return render(request, "imports/unit_import.html", context)


@policy.scoped_view
def import_template(request, unit_id):
    """An empty list in the layout the importer reads best."""
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_MANAGE, unit)
    headers = [
        _("No."), _("Full name"), _("Date of birth"), _("Sex"), _("Citizen ID (CCCD)"),
        _("Phone no."), _("Hometown"), _("Current residence"), _("Admitted to the Union"),
        _("Card number"), _("Education"), _("Occupation"), _("Party member"),
    ]  # fmt: skip
    if not unit.kind.is_branch:
        headers.append(_("Branch"))
    return workbook_response(
        filename=f"mau-danh-sach-doan-vien-{unit.code}.xlsx",
        title=_("MEMBER LIST"),
        subtitle=unit.name,
        headers=headers,
        rows=[],
        widths=[6, 28, 12, 8, 15, 13, 30, 30, 13, 14, 10, 20, 12, 28],
    )


def _job_context(request, job, **extra) -> dict:
    report = None
    if job.status in (JobStatus.ANALYSED, JobStatus.DONE):
        report = selectors.job_report(job=job)
    return _unit_context(
        request,
        job.unit,
        job=job,
        report=report,
        kinds=IssueKind,
        statuses=JobStatus,
        **extra,
    )


@policy.scoped_view
def job_detail(request, job_id):
    """The mapping form, the progress, the preview or the result, by the job's status."""
    job = selectors.access_import_job(request.user, job_id)
    sensitive = services.may_import_sensitive(request.user, job.unit)
    mapping_form = MappingForm(
        request.POST if request.POST.get("step") == "map" else None, job=job, sensitive=sensitive
    )
    sheet_form = SheetForm(request.POST if request.POST.get("step") == "sheet" else None, job=job)
    if request.method == "POST":
        try:
            if request.POST.get("step") == "map" and mapping_form.is_valid():
                services.import_job_map(actor=request.user, job=job, mapping=mapping_form.mapping())
                return redirect("imports:job", job_id=job.pk)
            if request.POST.get("step") == "sheet" and sheet_form.is_valid():
                services.import_job_choose_sheet(
                    actor=request.user, job=job, sheet=sheet_form.cleaned_data["sheet"]
                )
                return redirect("imports:job", job_id=job.pk)
        except ValidationError as error:
            apply_service_errors(mapping_form, error)
    show_mapping = job.status == JobStatus.UPLOADED or (
        job.status in (JobStatus.ANALYSED, JobStatus.FAILED)
        and (request.GET.get("edit") or mapping_form.is_bound)
        and job.file
    )
    context = _job_context(
        request,
        job,
        mapping_form=mapping_form,
        sheet_form=sheet_form,
        columns=[(row, mapping_form[row.field_name]) for row in selectors.mapping_rows(job)],
        show_mapping=show_mapping,
        may_sensitive=sensitive,
    )
    return render(request, "imports/job.html", context)


@policy.scoped_view
def job_progress(request, job_id):
    """The progress bar htmx polls; once the work is over the page reloads itself."""
    job = selectors.access_import_job(request.user, job_id)
    response = render(request, "imports/job.html#progress", _job_context(request, job))
    if request.htmx and not job.is_running:
        response["HX-Refresh"] = "true"
    return response


def _post_only(request):
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


@policy.scoped_view
def job_confirm(request, job_id):
    job = selectors.access_import_job(request.user, job_id)
    if refused := _post_only(request):
        return refused
    try:
        job = services.import_job_confirm(actor=request.user, job=job)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if job.status == JobStatus.DONE:
            messages.success(
                request,
                ngettext(
                    "%d member has been imported.", "%d members have been imported.", job.imported
                )
                % job.imported,
            )
    return redirect("imports:job", job_id=job.pk)


@policy.scoped_view
def job_cancel(request, job_id):
    job = selectors.access_import_job(request.user, job_id)
    if refused := _post_only(request):
        return refused
    try:
        services.import_job_cancel(actor=request.user, job=job)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("imports:job", job_id=job.pk)
    messages.success(request, _("The import has been cancelled; the file was deleted."))
    return redirect("imports:unit", unit_id=job.unit_id)


@policy.scoped_view
def job_report(request, job_id):
    """Every problem of the job as a spreadsheet, to fix the file row by row."""
    job = selectors.access_import_job(request.user, job_id)
    labels = dict(IssueKind.choices)

    def rows():
        for issue in selectors.all_issues(job=job).iterator(chunk_size=2000):
            yield [issue.row or "", issue.column, str(labels.get(issue.kind, issue.kind)),
                   issue.full_name, issue.message]  # fmt: skip

    return workbook_response(
        filename=f"bao-cao-nhap-{job.pk}.xlsx",
        title=_("Import report: %s") % job.original_name,
        subtitle=f"{job.unit.name} · {timezone.localtime(job.created_at):%d/%m/%Y %H:%M}",
        headers=[_("Row"), _("Column"), _("Outcome"), _("Full name"), _("Problem")],
        rows=rows(),
        widths=[8, 8, 18, 28, 80],
    )


@policy.scoped_view
def member_export(request, unit_id):
    """The member list with the filters of the list page, as .xlsx."""
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_VIEW, unit)
    caps = policy.caps_over(request.user, unit)
    form = ListFilterForm(
        request.GET or None, sensitive=Cap.MEMBERS_SENSITIVE in caps, extra_capabilities=caps
    )
    filters = MemberFilters(**form.filter_values())
    return export.member_export(
        actor=request.user, unit=unit, filters=filters, request_path=request.path
    )


def _pdf(data: bytes, filename: str) -> FileResponse:
    response = FileResponse(io.BytesIO(data), content_type=PDF, filename=filename)
    response["Cache-Control"] = "private, no-store"
    return response


@policy.scoped_view
def member_dossier_pdf(request, member_id):
    member = member_selectors.access_member(request.user, member_id)
    data = documents.dossier_pdf(actor=request.user, member=member, request_path=request.path)
    return _pdf(data, f"ho-so-doan-vien-{member.pk}.pdf")


@policy.scoped_view
def branch_book(request, unit_id):
    """The chi đoàn book of a branch as PDF; above a branch, a page to pick one."""
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_VIEW, unit)
    if not unit.kind.is_branch:
        context = _unit_context(
            request, unit, children=selectors.child_units(actor=request.user, unit=unit)
        )
        return render_page(request, "imports/book_choose.html", context)
    form = BookForm(request.GET or None)
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or timezone.localdate().year
    data = documents.branch_book_pdf(actor=request.user, unit=unit, year=year)
    return _pdf(data, f"so-chi-doan-{unit.code}-{year}.pdf")
