"""Maturation pages: the yearly list of a unit, the batch (preview, then confirm), a
past batch with its certificates, and keeping a member on request."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.views import apply_service_errors
from chudong.members import selectors as member_selectors

from .. import pdf, selectors, services
from ..forms import BatchForm, KeepForm, YearForm
from ..models import MaturationOutcome
from ._common import member_context, unit_context
from .transfer import _home


@policy.user_view
def home(request):
    return _home(request, "transfers:maturation", _("Maturation"))


def _year(request) -> int:
    form = YearForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["year"]:
        return form.cleaned_data["year"]
    return timezone.localdate().year


@policy.scoped_view
def unit_maturation(request, unit_id):
    """The yearly list: members reaching the maturation age this year (and those
    overdue), who stays, who is skipped and why; past batches."""
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_VIEW, unit)
    year = _year(request)
    listing = selectors.maturation_preview(
        actor=request.user, unit=unit, year=year, ceremony_on=selectors.list_day(year)
    )
    this_year = timezone.localdate().year
    context = unit_context(
        request,
        unit,
        "maturation",
        listing=listing,
        year=year,
        years=[this_year + 1, this_year, this_year - 1, this_year - 2],
        batches=selectors.unit_batches(actor=request.user, unit=unit),
        heading=_("Maturation"),
    )
    return render(request, "transfers/unit_maturation.html", context)


@policy.scoped_view
def maturation_batch(request, unit_id):
    """Mature at a ceremony: choose the date → preview (nothing written) → confirm."""
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_MANAGE, unit)
    year = _year(request) if request.method != "POST" else None
    dates, suggested = selectors.ceremony_suggestions(
        unit=unit, year=year or int(request.POST.get("year") or timezone.localdate().year)
    )
    form = BatchForm(
        request.POST or None,
        initial={"year": year, "ceremony_on": suggested or timezone.localdate()},
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.ceremony_check(data["year"], data["ceremony_on"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            preview = selectors.maturation_preview(
                actor=request.user, unit=unit, year=data["year"], ceremony_on=data["ceremony_on"]
            )
            if request.POST.get("step") == "confirm":
                try:
                    batch = services.maturation_batch_confirm(
                        actor=request.user,
                        unit=unit,
                        year=data["year"],
                        ceremony_on=data["ceremony_on"],
                        expected_member_ids=form.expected_ids(),
                        decision_number=data["decision_number"],
                        note=data["note"],
                    )
                except ValidationError as error:
                    apply_service_errors(form, error)
                else:
                    messages.success(
                        request,
                        _("%(n)d members have matured; their certificates are ready.")
                        % {"n": batch.matured_count},
                    )
                    return redirect("transfers:batch", maturation_batch_id=batch.pk)
    context = unit_context(
        request,
        unit,
        "maturation",
        form=form,
        preview=preview,
        ceremony_dates=dates,
        expected=",".join(str(i) for i in preview.member_ids) if preview else "",
        heading=_("Maturation ceremony"),
    )
    return render(request, "transfers/maturation_batch.html", context)


@policy.scoped_view
def batch_detail(request, maturation_batch_id):
    batch = selectors.access_maturation_batch(request.user, maturation_batch_id)
    context = unit_context(
        request,
        batch.unit,
        "maturation",
        batch=batch,
        entries=selectors.batch_entries(batch=batch),
        heading=_("Maturation ceremony of %(date)s") % {"date": f"{batch.ceremony_on:%d/%m/%Y}"},
    )
    return render(request, "transfers/batch_detail.html", context)


@policy.scoped_view
def certificate(request, maturation_entry_id):
    """The printable certificate of one matured member (PDF)."""
    entry = selectors.access_maturation_entry(request.user, maturation_entry_id)
    if entry.outcome != MaturationOutcome.MATURED:
        raise Http404  # kept and skipped members get no certificate
    return FileResponse(
        io.BytesIO(pdf.certificate_pdf(entry, actor=request.user)),
        content_type="application/pdf",
        filename=pdf.certificate_filename(entry),
    )


@policy.scoped_view
def member_keep(request, member_id):
    """Record that the branch keeps a member who asked to stay past the maturation age."""
    member = member_selectors.access_member(request.user, member_id, cap=Cap.MEMBERS_MANAGE)
    form = KeepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.maturation_keep(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Saved: %s stays in the Union.") % member.full_name)
            return redirect("transfers:member", member_id=member.pk)
    context = member_context(request, member, form=form, heading=_("Stay past the maturation age"))
    return render(request, "transfers/member_keep.html", context)
