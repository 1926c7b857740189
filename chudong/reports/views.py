from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.xlsx import workbook_response
from chudong.orgs import selectors as org_selectors

from . import rollups, selectors


@policy.user_view
def index(request):
    """Reports start at the top of the user's reporting scope."""
    roots = selectors.report_roots(actor=request.user)
    if len(roots) == 1:
        return redirect("reports:structure", unit_id=roots[0].pk)
    return render(request, "reports/index.html", {"roots": roots})


def _report(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.REPORTS_VIEW, unit)
    return selectors.structure(actor=request.user, unit=unit)


@policy.scoped_view
def structure(request, unit_id):
    report = _report(request, unit_id)
    context = {
        "report": report,
        "unit": report.unit,
        "crumbs": org_selectors.breadcrumbs(actor=request.user, unit=report.unit),
    }
    return render(request, "reports/structure.html", context)


@policy.scoped_view
def structure_export(request, unit_id):
    report = _report(request, unit_id)
    headers = [
        _("Unit"), _("Code"), _("Kind"), _("Units below"), _("Grassroots unions"),
        _("Branches"), *report.figure_labels,
    ]  # fmt: skip
    language = request.LANGUAGE_CODE

    def rows():
        for row in report.rows:
            yield [
                row.unit.name, row.unit.code, row.unit.kind.label(language), row.units_below,
                row.grassroots, row.branches, *row.figures,
            ]  # fmt: skip
        total = report.total
        yield [_("Total"), "", "", total.units_below, total.grassroots, total.branches,
               *total.figures]  # fmt: skip

    today = timezone.localdate()
    return workbook_response(
        filename=f"co-cau-to-chuc-{report.unit.code}-{today:%Y%m%d}.xlsx",
        title=_("Organisation structure: %s") % report.unit.name,
        subtitle=_("As of %s") % today.strftime("%d/%m/%Y"),
        headers=headers,
        rows=rows(),
        widths=[48, 16, 30, 14, 14, 12, 14, 14],
    )


# --- dashboards ----------------------------------------------------------------------


@policy.user_view
def dashboard_home(request):
    """The dashboard of the top of the user's reporting scope (or a choice of them)."""
    roots = selectors.dashboard_roots(actor=request.user)
    if len(roots) == 1:
        return redirect("reports:dashboard", unit_id=roots[0].pk)
    return render(request, "reports/dashboard_home.html", {"roots": roots})


def _dashboard(request, unit_id) -> selectors.Dashboard:
    unit = policy.get_unit(request.user, unit_id)
    board = selectors.dashboard(actor=request.user, unit=unit)
    if board.stale:
        rollups.rollup_request_refresh()
    return board


@policy.scoped_view
def dashboard(request, unit_id):
    board = _dashboard(request, unit_id)
    context = {
        "board": board,
        "unit": board.unit,
        "crumbs": org_selectors.breadcrumbs(actor=request.user, unit=board.unit),
        "chart_data": board.chart_data(),
        "as_of": _as_of(board),
    }
    return render(request, "reports/dashboard.html", context)


def _as_of(board: selectors.Dashboard) -> str:
    if board.live:
        return _("Counted at %s") % timezone.localtime().strftime("%H:%M %d/%m/%Y")
    if board.run is None:
        return _("Figures not computed yet")
    return _("Figures as of %s") % timezone.localtime(board.run.finished_at).strftime(
        "%H:%M %d/%m/%Y"
    )


@policy.scoped_view
def dashboard_units_export(request, unit_id):
    board = _dashboard(request, unit_id)

    def rows():
        for row in board.sub_units:
            yield [row.unit.name, row.unit.code, *row.cells]
        if board.other is not None:
            yield [_("Registered directly here or in retired units"), "", *board.other.cells]
        yield [_("Total"), "", *board.sub_unit_totals.cells]

    return workbook_response(
        filename=f"doan-vien-theo-don-vi-{board.unit.code}-{timezone.localdate():%Y%m%d}.xlsx",
        title=_("Members by sub-unit: %s") % board.unit.name,
        subtitle=_as_of(board),
        headers=[_("Unit"), _("Code"), *board.columns],
        rows=rows(),
        widths=[48, 18, 14, 14, 14, 14, 14, 14],
    )


@policy.scoped_view
def dashboard_admissions_export(request, unit_id):
    board = _dashboard(request, unit_id)
    rows = [[year, admitted] for year, admitted in board.admissions]
    if board.admitted_earlier:
        rows.insert(0, [_("Earlier"), board.admitted_earlier])
    return workbook_response(
        filename=f"ket-nap-theo-nam-{board.unit.code}-{timezone.localdate():%Y%m%d}.xlsx",
        title=_("Admissions per year: %s") % board.unit.name,
        subtitle=_as_of(board),
        headers=[_("Year"), _("Admitted")],
        rows=rows,
        widths=[16, 14],
    )
