"""Transfer pages: a unit's transfers in transit, the register, a member's procedures,
the request form, and one case with the actions of each side."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.views import apply_service_errors, render_page
from chudong.core.xlsx import workbook_response
from chudong.members import selectors as member_selectors
from chudong.members.models import MemberStatus, is_current
from chudong.orgs import selectors as org_selectors
from chudong.rules import rules

from .. import selectors, services
from ..dates import birthday, today
from ..forms import (
    CancelForm,
    EndForm,
    EndorseForm,
    IntroduceForm,
    ReceiveForm,
    RefuseForm,
    TransferRequestForm,
    YearForm,
)
from ..models import TransferKind
from ._common import member_context, post_only, unit_context


def _home(request, url_name: str, title: str):
    units = member_selectors.members_home_units(actor=request.user)
    if len(units) == 1:
        return redirect(url_name, unit_id=units[0].pk)
    return render(
        request, "transfers/home.html", {"units": units, "url_name": url_name, "title": title}
    )


@policy.user_view
def home(request):
    """ "Transfers" in the menu: the page of the actor's unit, or a choice of units."""
    return _home(request, "transfers:unit", _("Transfers"))


@policy.scoped_view
def unit_transfers(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_VIEW, unit)
    board = selectors.transfer_board(actor=request.user, unit=unit)
    context = unit_context(request, unit, "transfers", board=board, heading=_("Transfers"))
    return render(request, "transfers/unit_transfers.html", context)


def _year(request) -> int:
    form = YearForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["year"]:
        return form.cleaned_data["year"]
    return timezone.localdate().year


@policy.scoped_view
def transfer_register(request, unit_id):
    """Sổ giới thiệu và tiếp nhận sinh hoạt Đoàn: introductions out and receptions in."""
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_VIEW, unit)
    register = selectors.transfer_register(actor=request.user, unit=unit, year=_year(request))
    context = unit_context(
        request,
        unit,
        "register",
        register=register,
        years=selectors.register_years(unit=unit),
        heading=_("Register of transfer introductions and receptions"),
    )
    return render(request, "transfers/register.html", context)


def _dues(case) -> str:
    return f"{case.dues_paid_through:%m/%Y}" if case.dues_paid_through else ""


@policy.scoped_view
def transfer_register_xlsx(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_VIEW, unit)
    year = _year(request)
    register = selectors.transfer_register(actor=request.user, unit=unit, year=year)
    rows = []
    for index, case in enumerate(register.introductions, start=1):
        rows.append(
            [
                index,
                _("Introduction"),
                case.introduced_on,
                case.member.full_name,
                case.member.date_of_birth,
                case.get_kind_display(),
                case.from_unit.name,
                case.to_unit.name if case.to_unit_id else "",
                _dues(case),
                case.introduction_number,
                case.status_label(),
            ]
        )
    for index, case in enumerate(register.receptions, start=len(rows) + 1):
        rows.append(
            [
                index,
                _("Reception"),
                case.received_on,
                case.member.full_name,
                case.member.date_of_birth,
                case.get_kind_display(),
                case.from_unit.name,
                case.to_branch.name if case.to_branch_id else "",
                _dues(case),
                case.introduction_number,
                case.status_label(),
            ]
        )
    return workbook_response(
        filename=f"so-gioi-thieu-tiep-nhan-{unit.code}-{year}.xlsx",
        title=_("Register of transfer introductions and receptions"),
        subtitle=f"{unit.name} · {year}",
        headers=[
            _("No."),
            _("Entry"),
            _("Date"),
            _("Full name"),
            _("Date of birth"),
            _("Kind of transfer"),
            _("Sent from"),
            _("Sent to"),
            _("Dues paid through"),
            _("Letter number"),
            _("Outcome"),
        ],
        rows=rows,
        widths=[6, 14, 12, 26, 12, 24, 30, 30, 12, 14, 18],
    )


@policy.scoped_view
def member_procedures(request, member_id):
    """A member's transfers, maturation and striking-off cases, and what may be started."""
    member = member_selectors.access_member(request.user, member_id)
    procedures = selectors.member_procedures(actor=request.user, member=member)
    context = member_context(
        request,
        member,
        procedures=procedures,
        heading=_("Procedures"),
        can_start=is_current(member.status)
        and policy.can_at_path(request.user, Cap.MEMBERS_MANAGE, member.unit_path),
        is_active=member.status == MemberStatus.ACTIVE,
        # A request to stay is recorded from the year the member reaches the age.
        maturation_due=birthday(
            member.date_of_birth,
            int(rules.get("maturation.age", on=today(), unit=member.unit)),
        ).year
        <= today().year,
    )
    return render(request, "transfers/member_procedures.html", context)


@policy.scoped_view
def transfer_destinations(request, member_id):
    """The receiving units matching the search (htmx fragment, or part of the form)."""
    member = member_selectors.access_member(request.user, member_id, cap=Cap.MEMBERS_MANAGE)
    results = selectors.transfer_destinations(
        actor=request.user, member=member, query=request.GET.get("q", "")
    )
    return render(
        request,
        "transfers/_destinations.html",
        {"results": results, "query": request.GET.get("q", ""), "member": member},
    )


@policy.scoped_view
def transfer_new(request, member_id):
    """Request a transfer (with the branch's comment and dues), or record that the member
    works far away. The receiving unit is searched by name or code."""
    member = member_selectors.access_member(request.user, member_id, cap=Cap.MEMBERS_MANAGE)
    initial_kind = request.GET.get("kind")
    form = TransferRequestForm(
        request.POST or None,
        initial={"kind": initial_kind if initial_kind in TransferKind.values else "official"},
    )
    chosen, results = None, []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = selectors.destination_get(member=member, unit_id=data["to_unit"])
        results = selectors.transfer_destinations(
            actor=request.user, member=member, query=data["q"]
        )
        if request.POST.get("action") == "submit":
            try:
                if data["kind"] == TransferKind.WORKING_FAR:
                    services.transfer_record_working_far(
                        actor=request.user,
                        member=member,
                        destination_note=data["destination_note"],
                        reason=data["reason"],
                        start_on=data["requested_on"],
                        until=data["until"],
                    )
                    messages.success(request, _("Recorded: %s works far away.") % member.full_name)
                    return redirect("transfers:member", member_id=member.pk)
                case = services.transfer_request(
                    actor=request.user,
                    member=member,
                    kind=data["kind"],
                    to_unit=chosen,
                    reason=data["reason"],
                    destination_note=data["destination_note"],
                    until=data["until"],
                    requested_on=data["requested_on"],
                    branch_comment=data["branch_comment"],
                    dues_paid_through=data["dues_paid_through"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "The transfer request has been recorded; the grassroots union "
                        "introduces it next."
                    ),
                )
                return redirect("transfers:detail", transfer_id=case.pk)
    context = member_context(
        request,
        member,
        form=form,
        chosen=chosen,
        results=results,
        query=form.data.get("q", "") if form.is_bound else "",
        heading=_("Request a transfer"),
    )
    return render(request, "transfers/transfer_new.html", context)


def _detail_context(request, case, bound: dict | None = None) -> dict:
    """The case page with a form for each action the actor may take (one of them bound
    when a post failed)."""
    actions = selectors.transfer_actions(request.user, case)
    bound = bound or {}
    initial = {"version": case.version}
    forms = {}
    if actions.endorse:
        forms["endorse"] = bound.get("endorse") or EndorseForm(
            initial={
                **initial,
                "branch_comment": case.branch_comment,
                "dues_paid_through": case.dues_paid_through,
            }
        )
    if actions.introduce:
        forms["introduce"] = bound.get("introduce") or IntroduceForm(initial=initial)
    if actions.receive:
        branches = selectors.receiving_branches(case=case)
        forms["receive"] = bound.get("receive") or ReceiveForm(initial=initial, branches=branches)
    if actions.refuse:
        forms["refuse"] = bound.get("refuse") or RefuseForm(initial=initial)
    if actions.cancel:
        forms["cancel"] = bound.get("cancel") or CancelForm(initial=initial)
    if actions.end:
        forms["end"] = bound.get("end") or EndForm(initial=initial)
    crumbs_unit = case.from_unit if actions.sender or not case.to_unit_id else case.to_unit
    return {
        "case": case,
        "actions": actions,
        "forms": forms,
        "is_stuck": case.is_open and case.deadline_on < timezone.localdate(),
        "crumbs": org_selectors.breadcrumbs(actor=request.user, unit=crumbs_unit),
        "state": services.state_message(case),
    }


@policy.scoped_view
def transfer_detail(request, transfer_id):
    case = selectors.access_transfer(request.user, transfer_id)
    return render_page(
        request, "transfers/transfer_detail.html", _detail_context(request, case), partial="case"
    )


def _run(request, case, action: str):
    """Bind the action's form and call its service; returns (form, error or None)."""
    user, post = request.user, request.POST
    if action == "endorse":
        form = EndorseForm(post)
        call = lambda data: services.transfer_endorse(  # noqa: E731
            actor=user,
            transfer=case,
            branch_comment=data["branch_comment"],
            dues_paid_through=data["dues_paid_through"],
            expected_version=data["version"],
        )
    elif action == "introduce":
        form = IntroduceForm(post)
        call = lambda data: services.transfer_introduce(  # noqa: E731
            actor=user,
            transfer=case,
            introduced_on=data["introduced_on"],
            introduction_number=data["introduction_number"],
            expected_version=data["version"],
        )
    elif action == "receive":
        branches = list(selectors.receiving_branches(case=case))
        form = ReceiveForm(post, branches=branches)
        by_id = {b.pk: b for b in branches}
        call = lambda data: services.transfer_receive(  # noqa: E731
            actor=user,
            transfer=case,
            to_branch=by_id.get(data["to_branch"]),
            received_on=data["received_on"],
            expected_version=data["version"],
        )
    elif action == "refuse":
        form = RefuseForm(post)
        call = lambda data: services.transfer_refuse(  # noqa: E731
            actor=user, transfer=case, reason=data["reason"], expected_version=data["version"]
        )
    elif action == "cancel":
        form = CancelForm(post)
        call = lambda data: services.transfer_cancel(  # noqa: E731
            actor=user, transfer=case, reason=data["reason"], expected_version=data["version"]
        )
    else:
        form = EndForm(post)
        call = lambda data: services.transfer_end(  # noqa: E731
            actor=user,
            transfer=case,
            ended_on=data["ended_on"],
            note=data["note"],
            expected_version=data["version"],
        )
    if not form.is_valid():
        return form, False
    try:
        call(form.cleaned_data)
    except ValidationError as error:
        apply_service_errors(form, error)
        return form, False
    return form, True


SUCCESS = {
    "endorse": gettext_lazy("The branch's comment has been saved."),
    "introduce": gettext_lazy("The member has been introduced to the receiving unit."),
    "receive": gettext_lazy("The member has been received."),
    "refuse": gettext_lazy("The transfer has been refused; the sending unit sees your reason."),
    "cancel": gettext_lazy("The transfer has been cancelled."),
    "end": gettext_lazy("The arrangement has ended."),
}


@policy.scoped_view
def transfer_action(request, transfer_id, action):
    case = selectors.access_transfer(request.user, transfer_id)
    if request.method != "POST":
        return post_only()
    selectors.require_transfer_side(request.user, case, action)
    form, done = _run(request, case, action)
    if done:
        messages.success(request, str(SUCCESS[action]))
        return redirect("transfers:detail", transfer_id=case.pk)
    case = selectors.access_transfer(request.user, transfer_id)
    context = _detail_context(request, case, bound={action: form})
    if action not in context["forms"]:
        # Someone else acted first and this action is gone: say what happened, on the page.
        state = services.state_message(case)
        messages.error(request, _("Nothing was changed: %(state)s") % {"state": state})
        return redirect("transfers:detail", transfer_id=case.pk)
    return render(request, "transfers/transfer_detail.html", context)
