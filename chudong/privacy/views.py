"""Pages of the personal data duties. Each view fetches its objects through an access
helper, calls one selector or service, and renders."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core import xlsx
from chudong.core.views import apply_service_errors, render_page
from chudong.members import selectors as member_selectors
from chudong.orgs import selectors as org_selectors

from . import selectors, services
from .forms import (
    HolidayForm,
    OwnConsentForm,
    OwnRequestForm,
    PaperConsentForm,
    ReadLogFilterForm,
    RespondForm,
    StaffRequestForm,
    WithdrawForm,
)
from .models import ConsentPurpose, Holiday, RequestKind
from .services.holidays import may_edit_holidays


def _unit_context(request, unit, **extra) -> dict:
    return {
        "unit": unit,
        "crumbs": org_selectors.breadcrumbs(actor=request.user, unit=unit),
        "can_manage": policy.can(request.user, Cap.MEMBERS_MANAGE, unit),
        "can_audit": policy.can(request.user, Cap.AUDIT_VIEW, unit),
        **extra,
    }


def _member_context(request, member, **extra) -> dict:
    return {
        "member": member,
        "unit": member.unit,
        "crumbs": org_selectors.breadcrumbs(actor=request.user, unit=member.unit),
        **extra,
    }


# --- entry points --------------------------------------------------------------------


@policy.user_view
def home(request):
    """The menu entry: the unit where the actor handles requests or reads the log."""
    units = selectors.home_units(actor=request.user, cap=Cap.MEMBERS_MANAGE) or (
        selectors.home_units(actor=request.user, cap=Cap.AUDIT_VIEW)
    )
    if len(units) == 1:
        return redirect("privacy:unit", unit_id=units[0].pk)
    return render(request, "privacy/home.html", {"units": units})


@policy.user_view
def read_log_home(request):
    """The menu entry of the data-protection officer: the read log of their unit."""
    units = selectors.home_units(actor=request.user, cap=Cap.AUDIT_VIEW)
    if len(units) == 1:
        return redirect("privacy:read_log", unit_id=units[0].pk)
    return render(request, "privacy/home.html", {"units": units, "read_log": True})


@policy.user_view
def register(request):
    """The register of processing activities: open to every signed-in user (members
    included: it tells them how their data is used)."""
    rows = [
        {
            "activity": a,
            **{f: a.text(f, get_language()) for f in
               ("purpose", "subjects", "categories", "legal_basis", "retention", "recipients")},
        }
        for a in selectors.processing_activities()
    ]  # fmt: skip
    return render(request, "privacy/register.html", {"rows": rows})


@policy.user_view
def holidays(request):
    """Public holidays (working-day deadlines); the central level adds and removes."""
    can_edit = may_edit_holidays(request.user)
    form = HolidayForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if "remove" in request.POST:
            try:
                holiday = Holiday.objects.get(pk=int(request.POST.get("remove", "")))
            except (Holiday.DoesNotExist, ValueError):
                raise Http404 from None
            services.holiday_remove(actor=request.user, holiday=holiday)
            messages.success(request, _("The holiday was removed."))
            return redirect("privacy:holidays")
        if form.is_valid():
            try:
                services.holiday_add(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("privacy:holidays")
    years = selectors.holiday_years()
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year") or this_year)
    except ValueError:
        year = this_year
    missing = [y for y in (this_year, this_year + 1) if y not in years]
    return render(
        request, "privacy/holidays.html",
        {"rows": selectors.holidays(year=year), "years": years, "year": year,
         "missing_years": missing, "form": form if can_edit else None},
    )  # fmt: skip


# --- the member's own pages ----------------------------------------------------------


@policy.user_view
def my_consents(request):
    member = member_selectors.require_own_member(request.user)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        code = request.POST.get("purpose", "")
        action = request.POST.get("action")
        try:
            if action == "withdraw":
                consent = selectors.own_open_consent(member, code)
                if consent is None:
                    raise Http404
                services.consent_withdraw(actor=request.user, consent=consent)
                messages.success(request, _("Your consent was withdrawn."))
                return redirect("privacy:my_consents")
            form = OwnConsentForm(request.POST)
            purpose = ConsentPurpose.objects.filter(code=code, active=True).first()
            if purpose is None or not form.is_valid():
                raise Http404
            services.consent_give(
                actor=request.user, member=member, purpose=purpose,
                confirmed=form.cleaned_data["confirmed"],
            )  # fmt: skip
            messages.success(request, _("Thank you: your consent was recorded."))
            return redirect("privacy:my_consents")
        except ValidationError as error:
            errors[code] = error.messages
    english = get_language() == "en"
    states = [
        {
            "state": s,
            "label": s.purpose.label(get_language()),
            "description": s.purpose.description_en if english else s.purpose.description,
            "data": s.purpose.data_en if english else s.purpose.data,
            "form": OwnConsentForm(
                initial={"purpose": s.purpose.code}, auto_id=f"id_{s.purpose.code}_%s"
            ),
            "errors": errors.get(s.purpose.code, []),
        }
        for s in selectors.consent_states(member)
    ]
    return render(request, "privacy/my_consents.html", {"own": member, "states": states})


@policy.user_view
def my_requests(request):
    member = member_selectors.require_own_member(request.user)
    form = OwnRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.request_create(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if row.is_open:
                messages.success(
                    request,
                    _("Your request was registered. Your branch must answer by %(date)s.")
                    % {"date": row.due_on.strftime("%d/%m/%Y")},
                )
            else:
                messages.success(request, _("Your request was registered and answered at once."))
            return redirect("privacy:my_requests")
    return render(
        request, "privacy/my_requests.html",
        {"own": member, "form": form, "rows": selectors.member_requests(member)},
    )  # fmt: skip


# --- the unit's register -------------------------------------------------------------


def _privacy_unit(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    if not (
        policy.can(request.user, Cap.MEMBERS_MANAGE, unit)
        or policy.can(request.user, Cap.AUDIT_VIEW, unit)
    ):
        raise PermissionDenied
    return unit


@policy.scoped_view
def unit(request, unit_id):
    unit = _privacy_unit(request, unit_id)
    today = timezone.localdate()
    context = _unit_context(
        request, unit, today=today,
        open_rows=selectors.unit_requests(unit=unit, open_only=True)[:200],
        recent=selectors.unit_requests(unit=unit).exclude(status="open")[:30],
        counts=selectors.request_counts(unit=unit, day=today),
        anonymised=selectors.anonymised_count(unit=unit),
    )  # fmt: skip
    return render(request, "privacy/unit.html", context)


def _read_log_filters(request, unit):
    form = ReadLogFilterForm(request.GET or None, units=selectors.read_log_unit_choices(unit=unit))
    filters = selectors.ReadLogFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.ReadLogFilters(
            within=data["within"], reader=data["reader"], subject=data["subject"],
            date_from=data["date_from"], date_to=data["date_to"],
        )  # fmt: skip
    return form, filters


@policy.scoped_view
def read_log(request, unit_id):
    """The data-protection officer's view of who read whose sensitive data."""
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.AUDIT_VIEW, unit)
    form, filters = _read_log_filters(request, unit)
    try:
        before = int(request.GET.get("before") or 0) or None
    except ValueError:
        before = None
    rows, next_before = selectors.read_log_page(
        actor=request.user, unit=unit, filters=filters, before=before
    )
    for row in rows:
        row.fields_label = selectors.fields_label(row.fields)
    query = request.GET.copy()
    query.pop("before", None)
    context = _unit_context(
        request, unit, form=form, rows=rows, next_before=next_before, first=before is None,
        units=selectors.read_log_units(rows), query=query.urlencode(),
    )  # fmt: skip
    return render(request, "privacy/read_log.html", context)


@policy.scoped_view
def read_log_xlsx(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.AUDIT_VIEW, unit)
    _form, filters = _read_log_filters(request, unit)
    qs = selectors.read_log(actor=request.user, unit=unit, filters=filters)
    limit = selectors.READ_LOG_EXPORT_LIMIT

    def rows():
        names: dict[str, str] = {}
        for row in qs[:limit].iterator(chunk_size=2000):
            if row.unit_path not in names:
                names.update(selectors.read_log_units([row]))
            yield [
                timezone.localtime(row.at).strftime("%d/%m/%Y %H:%M:%S"),
                row.actor.full_name, row.actor.username, row.subject_label, row.subject_type,
                names.get(row.unit_path, ""), selectors.fields_label(row.fields), row.purpose,
                row.request_path,
            ]  # fmt: skip

    return xlsx.workbook_response(
        filename=f"nhat-ky-doc-du-lieu-nhay-cam-{unit.code}.xlsx",
        title=_("Sensitive-data read log"),
        subtitle=_("%(unit)s, exported on %(date)s (at most %(limit)s rows, newest first)")
        % {"unit": unit.name, "date": timezone.localdate().strftime("%d/%m/%Y"), "limit": limit},
        headers=[
            _("When"),
            _("Who read"),
            _("Account"),
            _("Whose data"),
            _("Kind of record"),
            _("Unit"),
            _("What"),
            _("Purpose"),
            _("Page"),
        ],
        rows=rows(),
        widths=[19, 24, 16, 28, 14, 28, 30, 20, 30],
    )


# --- a member's consents and requests (staff) ----------------------------------------


@policy.scoped_view
def member(request, member_id):
    """A member's consents and requests; htmx gets the consents card (the member page's
    panel)."""
    member = member_selectors.access_member(request.user, member_id, cap=Cap.MEMBERS_MANAGE)
    states = [
        {"state": s, "label": s.purpose.label(get_language())}
        for s in selectors.consent_states(member)
    ]
    context = _member_context(
        request, member, states=states, requests=selectors.member_requests(member),
        today=timezone.localdate(), anonymised=hasattr(member, "anonymised"),
    )  # fmt: skip
    return render_page(request, "privacy/member.html", context, partial="panel")


@policy.scoped_view
def consent_new(request, member_id):
    member = member_selectors.access_member(request.user, member_id, cap=Cap.MEMBERS_MANAGE)
    form = PaperConsentForm(
        request.POST or None,
        purposes=ConsentPurpose.objects.filter(active=True).exclude(
            consents__member=member, consents__withdrawn_on__isnull=True
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_give(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect("privacy:member", member_id=member.pk)
    return render(
        request, "privacy/form.html",
        _member_context(request, member, form=form, heading=_("Record a signed consent")),
    )  # fmt: skip


@policy.scoped_view
def consent_withdraw(request, consent_id):
    consent = selectors.access_consent(request.user, consent_id)
    member = consent.member
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(actor=request.user, consent=consent, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The withdrawal was recorded."))
            return redirect("privacy:member", member_id=member.pk)
    heading = _("Withdraw consent: %(purpose)s") % {
        "purpose": consent.purpose.label(get_language())
    }
    return render(
        request, "privacy/form.html",
        _member_context(request, member, form=form, heading=heading, consent=consent),
    )  # fmt: skip


@policy.scoped_view
def request_new(request, member_id):
    member = member_selectors.access_member(request.user, member_id, cap=Cap.MEMBERS_MANAGE)
    form = StaffRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.request_create(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The request was registered; answer by %(date)s.")
                % {"date": row.due_on.strftime("%d/%m/%Y")},
            )
            return redirect("privacy:request", data_request_id=row.pk)
    return render(
        request, "privacy/form.html",
        _member_context(
            request, member, form=form, heading=_("Register a request about personal data")
        ),
    )  # fmt: skip


@policy.scoped_view
def request_detail(request, data_request_id):
    row = selectors.access_request(request.user, data_request_id)
    form = RespondForm(request.POST or None, kind=row.kind) if row.is_open else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.request_respond(actor=request.user, request=row, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The response was recorded."))
            return redirect("privacy:request", data_request_id=row.pk)
    member = row.member
    context = _member_context(
        request, member, row=row, form=form, today=timezone.localdate(),
        is_delete=row.kind == RequestKind.DELETE,
        can_export=policy.can_at_path(request.user, Cap.MEMBERS_SENSITIVE, row.unit_path),
        refusal=services.requests.refusal_reason() if member.is_current else "",
    )  # fmt: skip
    return render(request, "privacy/request.html", context)


@policy.scoped_view
def request_data(request, data_request_id):
    """The member's data for a request to see or export it, made on paper: the same file
    the member downloads on My pages (portal), read by the officer (logged)."""
    from chudong.portal import selectors as portal_selectors

    row = selectors.access_request(request.user, data_request_id, cap=Cap.MEMBERS_SENSITIVE)
    policy.log_member_read(
        actor=request.user, member=row.member, fields=["all"],
        purpose=f"data subject request {row.pk}", request_path=request.path,
    )  # fmt: skip
    data = portal_selectors.own_data(request.user, row.member, request_path=request.path)
    response = HttpResponse(
        portal_selectors.own_data_json(data), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="du-lieu-doan-vien-{row.member_id}.json"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
