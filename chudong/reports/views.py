from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.xlsx import workbook_response
from chudong.orgs import selectors as org_selectors

from . import selectors


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
