"""Pages of the care app. Each view fetches its objects through an access helper
(policy.get_unit, selectors.access_*, members' access_member), calls one selector or
service, and renders. Pages with names log their read in the selector they call."""

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
from chudong.privacy import selectors as privacy_selectors

from . import selectors, services
from .forms import (
    AssignForm,
    CloseForm,
    ConfirmForm,
    FileForm,
    HardshipFilterForm,
    HardshipForm,
    PlanDoneForm,
    PlanItemForm,
    ReferForm,
    RightsFilterForm,
    RightsForm,
    StepForm,
    SupportForm,
)
from .models import RequesterKind, RightsStatus


def _unit_context(request, unit, **extra) -> dict:
    return {
        "unit": unit,
        "crumbs": org_selectors.breadcrumbs(actor=request.user, unit=unit),
        **extra,
    }


def _case_context(request, case, **extra) -> dict:
    crumbs = org_selectors.breadcrumbs(actor=request.user, unit=case.unit)
    return {
        "case": case,
        "unit": case.unit,
        "crumbs": [*crumbs, case.unit],
        "can_manage": selectors.may_manage(request.user, case.unit),
        **extra,
    }


def _member_from(request, raw, unit):
    """The member named by a hidden id (from the member page's link), fetched through
    access (404 and 403 become a form error, never a page)."""
    if not raw:
        return None
    try:
        member = member_selectors.access_member(request.user, raw, cap=Cap.MEMBERS_SENSITIVE)
    except (Http404, PermissionDenied):
        raise ValidationError({"member": _("This member is not in your register.")}) from None
    return member


@policy.user_view
def home(request):
    """ "Youth in difficulty and rights" in the menu: the actor's unit, or a choice."""
    units = selectors.care_home_units(actor=request.user)
    if len(units) == 1:
        return redirect("care:unit", unit_id=units[0].pk)
    return render(request, "care/home.html", {"units": units})


@policy.scoped_view
def unit_overview(request, unit_id):
    """Counts for care.view (never names): the unit and each direct sub-unit."""
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.CARE_VIEW, unit)
    summary = selectors.care_summary(actor=request.user, unit=unit, day=policy.today())
    context = _unit_context(
        request,
        unit,
        heading=_("Youth in difficulty and rights"),
        summary=summary,
        can_names=selectors.may_read_names(request.user, unit),
        can_manage=selectors.may_manage(request.user, unit),
    )
    return render(request, "care/overview.html", context)


# --- Youth in difficulty ---------------------------------------------------------------


@policy.scoped_view
def hardship_list(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_SENSITIVE, unit)
    form = HardshipFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    cases = selectors.hardship_list(
        actor=request.user,
        unit=unit,
        status=filters.get("status") or "open",
        circumstance=filters.get("circumstance") or "",
        request_path=request.path,
    )
    context = _unit_context(
        request,
        unit,
        heading=_("Youth in difficult circumstances"),
        cases=cases,
        form=form,
        limit=selectors.LIST_LIMIT,
        can_manage=selectors.may_manage(request.user, unit),
    )
    return render(request, "care/hardship_list.html", context)


@policy.scoped_view
def hardship_export(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_SENSITIVE, unit)
    rows = selectors.hardship_export_rows(actor=request.user, unit=unit, request_path=request.path)
    hidden = privacy_selectors.hidden_marker()

    def cells():
        for index, case in enumerate(rows, start=1):
            if not case.content_shown:
                # A member without consent: the marker where the person and the
                # hardship would be; the case's unit, dates and status stay.
                yield [
                    index, hidden, hidden, _("Member"), hidden, hidden, hidden,
                    case.unit.name, case.opened_on, hidden, hidden, hidden,
                    case.get_status_display(), case.closed_on, hidden,
                ]  # fmt: skip
                continue
            yield [
                index,
                case.display_name,
                case.member.date_of_birth.year if case.member_id else case.birth_year,
                _("Member") if case.member_id else _("Not a member"),
                case.residence or (case.member.current_residence if case.member_id else ""),
                "; ".join(str(label) for label in case.circumstance_labels()),
                case.details,
                case.unit.name,
                case.opened_on,
                _("Yes") if case.has_plan else _("No"),
                case.support_count,
                case.support_total or 0,
                case.get_status_display(),
                case.closed_on,
                case.outcome,
            ]

    return workbook_response(
        filename=f"thanh-nien-kho-khan-{unit.code}.xlsx",
        title=_("Youth in difficult circumstances"),
        subtitle=f"{unit.name} · {policy.today():%d/%m/%Y}",
        headers=[
            _("No."),
            _("Full name"),
            _("Year of birth"),
            _("Member"),
            _("Lives at"),
            _("Circumstances"),
            _("Details"),
            _("Unit"),
            _("Listed on"),
            _("Support plan"),
            _("Times supported"),
            _("Support value (VND)"),
            _("Status"),
            _("Closed on"),
            _("Outcome"),
        ],
        rows=cells(),
        widths=[6, 26, 10, 12, 30, 36, 30, 26, 12, 10, 10, 16, 12, 12, 30],
    )


def _hardship_service_args(request, form, unit) -> dict:
    data = form.cleaned_data
    return {
        "member": _member_from(request, data.get("member"), unit),
        "person_name": data.get("person_name") or "",
        "birth_year": data.get("birth_year"),
        "residence": data.get("residence") or "",
        "circumstances": data.get("circumstances") or [],
        "details": data.get("details") or "",
        "opened_on": data["opened_on"],
    }


@policy.scoped_view
def hardship_new(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    services.require_manage(request.user, unit)
    member = None
    raw_member = request.POST.get("member") or request.GET.get("member")
    if raw_member:
        try:
            member = _member_from(request, raw_member, unit)
        except ValidationError:
            member = None
    form = HardshipForm(request.POST or None, initial={"member": member.pk if member else None})
    if request.method == "POST" and form.is_valid():
        try:
            case = services.hardship_create(
                actor=request.user, unit=unit, **_hardship_service_args(request, form, unit)
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The case was listed."))
            return redirect("care:hardship_detail", hardship_id=case.pk)
    context = _unit_context(
        request, unit, heading=_("List a young person in difficulty"), form=form, member=member
    )
    return render(request, "care/hardship_form.html", context)


@policy.scoped_view
def hardship_edit(request, hardship_id):
    case = selectors.access_hardship(request.user, hardship_id, cap=Cap.CARE_MANAGE, content=True)
    initial = {
        "member": case.member_id,
        "person_name": case.person_name,
        "birth_year": case.birth_year,
        "residence": case.residence,
        "circumstances": case.circumstances,
        "details": case.details,
        "opened_on": case.opened_on,
    }
    form = HardshipForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.hardship_update(
                actor=request.user, case=case, **_hardship_service_args(request, form, case.unit)
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The case was saved."))
            return redirect("care:hardship_detail", hardship_id=case.pk)
    selectors.log_case_read(
        actor=request.user, case=case, request_path=request.path, purpose="edit"
    )
    context = _case_context(
        request, case, heading=_("Correct the case"), form=form, member=case.member
    )
    return render(request, "care/hardship_form.html", context)


def _hardship_forms(data=None, files=None, action=""):
    """The forms of the case page, bound only for the action that was posted."""
    classes = {
        "plan": PlanItemForm,
        "done": PlanDoneForm,
        "support": SupportForm,
        "close": CloseForm,
        "file": FileForm,
    }
    return {
        name: cls(data if name == action else None, files if name == action else None, prefix=name)
        for name, cls in classes.items()
    }


def _run_hardship_action(request, case, action, form):
    data = form.cleaned_data
    if action == "plan":
        services.plan_item_add(actor=request.user, case=case, **data)
    elif action == "done":
        item = case.plan_items.filter(pk=data["item"]).first()
        if item is None:
            raise ValidationError(_("This plan item does not exist."))
        services.plan_item_done(actor=request.user, item=item, done_on=data["done_on"])
    elif action == "support":
        services.support_add(actor=request.user, case=case, **data)
    elif action == "close":
        services.hardship_close(actor=request.user, case=case, **data)
    elif action == "file":
        services.file_add(
            actor=request.user, case=case, upload=data["file"], description=data["description"]
        )


@policy.scoped_view
def hardship_detail(request, hardship_id):
    """The case (logged read); its plan, support, files and closing, for the managers."""
    case = selectors.access_hardship(request.user, hardship_id)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms = _hardship_forms(request.POST, request.FILES, action)
    if action:
        if action not in forms:
            raise Http404
        services.require_manage(request.user, case.unit)
        selectors.require_hardship_shown(case)
        form = forms[action]
        if form.is_valid():
            try:
                _run_hardship_action(request, case, action, form)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("care:hardship_detail", hardship_id=case.pk)
    data = selectors.hardship_detail(actor=request.user, case=case, request_path=request.path)
    context = _case_context(
        request,
        case,
        heading=case.display_name if case.content_shown else _("Youth in difficulty"),
        forms=forms,
        open_action=action,
        can_manage=selectors.may_manage_hardship(request.user, case),
        **data,
    )
    return render(request, "care/hardship_detail.html", context)


# --- Rights and interests ---------------------------------------------------------------


@policy.scoped_view
def rights_list(request, unit_id):
    """Rights cases of the subtree with their deadlines; overdue ones flagged."""
    return _rights_page(request, unit_id, overdue_only=False)


@policy.scoped_view
def rights_overdue(request, unit_id):
    """The early warning's page: open rights cases past a deadline."""
    return _rights_page(request, unit_id, overdue_only=True)


def _rights_page(request, unit_id, *, overdue_only: bool):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_SENSITIVE, unit)
    form = RightsFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    day = policy.today()
    overdue = overdue_only or bool(filters.get("overdue"))
    cases = selectors.rights_list(
        actor=request.user,
        unit=unit,
        day=day,
        status=filters.get("status") or "open",
        overdue=overdue,
        request_path=request.path,
    )
    rows = [{"case": c, "overdue": c.is_overdue(day)} for c in cases]
    context = _unit_context(
        request,
        unit,
        heading=_("Rights and interests"),
        rows=rows,
        form=form,
        overdue=overdue,
        limit=selectors.LIST_LIMIT,
        can_manage=selectors.may_manage(request.user, unit),
    )
    return render(request, "care/rights_list.html", context)


@policy.scoped_view
def rights_new(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    services.require_manage(request.user, unit)
    handlers = selectors.handler_choices(unit=unit)
    member = None
    raw_member = request.POST.get("member") or request.GET.get("member")
    if raw_member:
        try:
            member = _member_from(request, raw_member, unit)
        except ValidationError:
            member = None
    initial = {"member": member.pk if member else None}
    if member:
        initial["requester_kind"] = RequesterKind.MEMBER
    form = RightsForm(request.POST or None, handlers=handlers, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        by_id = {u.pk: u for u in handlers}
        try:
            data["member"] = _member_from(request, data.get("member"), unit)
            data["handler"] = by_id.get(data.get("handler"))
            case = services.rights_create(actor=request.user, unit=unit, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The request was recorded."))
            return redirect("care:rights_detail", rights_case_id=case.pk)
    context = _unit_context(
        request, unit, heading=_("Record a rights request"), form=form, member=member
    )
    return render(request, "care/rights_form.html", context)


def _rights_forms(handlers, data=None, files=None, action=""):
    classes = {
        "assign": AssignForm,
        "step": StepForm,
        "refer": ReferForm,
        "close": CloseForm,
        "confirm": ConfirmForm,
        "file": FileForm,
    }
    forms = {}
    for name, cls in classes.items():
        bound = (data, files) if name == action else (None, None)
        extra = {"handlers": handlers} if name == "assign" else {}
        forms[name] = cls(*bound, prefix=name, **extra)
    return forms


def _run_rights_action(request, case, action, form, handlers):
    data = form.cleaned_data
    if action == "assign":
        handler = {u.pk: u for u in handlers}.get(data["handler"])
        services.rights_assign(actor=request.user, case=case, handler=handler)
    elif action == "step":
        services.rights_step_add(actor=request.user, case=case, **data)
    elif action == "refer":
        services.rights_refer(actor=request.user, case=case, **data)
    elif action == "close":
        services.rights_close(actor=request.user, case=case, **data)
    elif action == "confirm":
        services.rights_confirm(actor=request.user, case=case, **data)
    elif action == "file":
        services.file_add(
            actor=request.user, case=case, upload=data["file"], description=data["description"]
        )


@policy.scoped_view
def rights_detail(request, rights_case_id):
    case = selectors.access_rights(request.user, rights_case_id)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    can_manage = selectors.may_manage(request.user, case.unit)
    handlers = selectors.handler_choices(unit=case.unit) if can_manage else []
    forms = _rights_forms(handlers, request.POST, request.FILES, action)
    if action:
        if action not in forms:
            raise Http404
        services.require_manage(request.user, case.unit)
        form = forms[action]
        if form.is_valid():
            try:
                _run_rights_action(request, case, action, form, handlers)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("care:rights_detail", rights_case_id=case.pk)
    data = selectors.rights_detail(actor=request.user, case=case, request_path=request.path)
    context = _case_context(
        request,
        case,
        heading=case.summary,
        forms=forms,
        open_action=action,
        overdue=case.is_overdue(policy.today()),
        is_closed=case.status == RightsStatus.CLOSED,
        **data,
    )
    return render(request, "care/rights_detail.html", context)


# --- Files and the member page ---------------------------------------------------------


@policy.scoped_view
def file_download(request, care_file_id):
    """A case's file, for those who may read the case (the read is logged); always a
    download with the type found from its content, never cached."""
    from django.http import FileResponse

    row = selectors.access_file(request.user, care_file_id)
    selectors.log_case_read(
        actor=request.user,
        case=row.case,
        request_path=request.path,
        purpose="file",
        fields=("file",),
    )
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=row.original_name, content_type=row.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


@policy.scoped_view
def member_cases(request, member_id):
    """The member page's card: this member's care and rights cases (members.sensitive)."""
    member = member_selectors.access_member(request.user, member_id, cap=Cap.MEMBERS_SENSITIVE)
    data = selectors.member_cases(actor=request.user, member=member, request_path=request.path)
    crumbs = org_selectors.breadcrumbs(actor=request.user, unit=member.unit)
    context = {
        "member": member,
        "crumbs": [*crumbs, member.unit],
        "heading": _("Care and rights"),
        "can_manage": selectors.may_manage(request.user, member.unit),
        **member_selectors.member_caps(request.user, member),
        **data,
    }
    return render_page(request, "care/member.html", context, partial="cases")
