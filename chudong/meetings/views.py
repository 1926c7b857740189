"""Pages of branch meetings. Each view fetches its objects through an access helper
(policy.get_unit, selectors.access_meeting, members' access_member), calls one selector or
service, and renders."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.paths import subtree_q
from chudong.core.views import apply_service_errors, render_page
from chudong.members import selectors as member_selectors
from chudong.orgs import selectors as org_selectors
from chudong.orgs.models import Unit, UnitStatus

from . import cadence, selectors, services
from .forms import CancelForm, RecordForm, ScheduleForm, YearForm
from .models import MeetingState

BRANCH_CHOICES_LIMIT = 400


def _year(request) -> int:
    form = YearForm(request.GET or None)
    if form.is_valid() and form.cleaned_data.get("year"):
        year = form.cleaned_data["year"]
        if selectors.year_is_valid(year):
            return year
    return cadence.last_ended_month_year(policy.today())


def _years(year: int) -> list[int]:
    latest = policy.today().year + 1
    return sorted({*range(latest, latest - 5, -1), year}, reverse=True)


def _unit_context(request, unit, **extra) -> dict:
    return {
        "unit": unit,
        "crumbs": org_selectors.breadcrumbs(actor=request.user, unit=unit),
        **extra,
    }


def _branches_below(request, unit) -> list[Unit]:
    """Active branches under `unit` where the actor may record (bounded)."""
    return list(
        Unit.objects.filter(subtree_q("path", unit.path))
        .filter(policy.scope_q(request.user, Cap.WORK_MANAGE, "path"))
        .filter(status=UnitStatus.ACTIVE, kind__is_branch=True)
        .select_related("parent")
        .only("id", "name", "path", "parent__name")
        .order_by("path")[: BRANCH_CHOICES_LIMIT + 1]
    )


@policy.user_view
def home(request):
    """ "Branch meetings" in the menu: the actor's unit, or a choice."""
    roots = policy.visible_roots(request.user, Cap.WORK_VIEW)
    units = list(
        Unit.objects.filter(path__in=roots, status=UnitStatus.ACTIVE)
        .select_related("kind", "parent")
        .order_by("path")
    )
    if len(units) == 1:
        return redirect("meetings:unit", unit_id=units[0].pk)
    return render(request, "meetings/home.html", {"units": units})


@policy.scoped_view
def unit_meetings(request, unit_id):
    """A branch's year (periods, meetings, missed months); above, the sub-units' table."""
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.WORK_VIEW, unit)
    year = _year(request)
    today = policy.today()
    context = _unit_context(
        request, unit, year=year, years=_years(year), today=today,
        heading=_("Branch meetings"),
        can_manage=policy.can(request.user, Cap.WORK_MANAGE, unit),
    )  # fmt: skip
    if unit.kind.is_branch:
        context["branch"] = selectors.branch_year(actor=request.user, unit=unit, year=year)
    else:
        context["lines"] = selectors.sub_unit_table(actor=request.user, unit=unit, year=year)
        context["missed"] = selectors.missed_counts([unit], today).get(unit.pk, 0)
        context["missed_year"] = cadence.last_ended_month_year(today)
    return render(request, "meetings/unit.html", context)


@policy.scoped_view
def schedule(request, unit_id):
    """Generate the year's schedule: one branch, or every branch below a unit at once."""
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.WORK_MANAGE, unit)
    today = policy.today()
    form = ScheduleForm(request.POST or None, initial={"year": today.year, "day_of_month": 15})
    if request.method == "POST" and form.is_valid():
        try:
            created = services.schedule_generate_below(
                actor=request.user, unit=unit, year=form.cleaned_data["year"],
                day_of_month=form.cleaned_data["day_of_month"],
            )  # fmt: skip
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("%(n)d meetings planned for %(year)d.")
                % {"n": len(created), "year": form.cleaned_data["year"]},
            )  # fmt: skip
            url = f"{_url('meetings:unit', unit.pk)}?year={form.cleaned_data['year']}"
            return redirect(url)
    months = cadence.months_between(unit, today.year)
    context = _unit_context(
        request, unit, form=form, months=months, heading=_("Plan the year's meetings"),
    )  # fmt: skip
    return render(request, "meetings/schedule.html", context)


def _url(name: str, *args) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


def _record(request, unit, meeting=None):
    roll = list(services.roll_of(unit).only("id", "full_name", "sort_key"))
    statuses: dict[int, str] = {}
    initial = {}
    if meeting is not None:
        if meeting.pk and meeting.is_held:
            statuses = dict(meeting.attendance.values_list("member_id", "status"))
            detail = selectors.meeting_detail(meeting=meeting)
            minutes = detail["minutes"]
            if minutes:
                initial.update(
                    agenda=minutes.agenda, content=minutes.content,
                    resolutions=minutes.resolutions, opinions=minutes.opinions,
                )  # fmt: skip
        initial.update(topic=meeting.topic, location=meeting.location, material=meeting.material,
                       mode=meeting.mode)  # fmt: skip
        if meeting.held_on:
            initial["held_on"] = meeting.held_on
    form = RecordForm(request.POST or None, roll=roll, statuses=statuses, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.meeting_record(
                actor=request.user, unit=unit, held_on=data["held_on"], mode=data["mode"],
                topic=data["topic"], location=data["location"], material=data["material"],
                agenda=data["agenda"], content=data["content"],
                resolutions=data["resolutions"], opinions=data["opinions"],
                attendance=form.attendance(), meeting=meeting,
            )  # fmt: skip
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Meeting recorded: %(present)d present, %(excused)d excused, "
                  "%(unexcused)d absent without leave.")
                % {"present": saved.present_count, "excused": saved.excused_count,
                   "unexcused": saved.unexcused_count},
            )  # fmt: skip
            return redirect("meetings:detail", branch_meeting_id=saved.pk)
    context = _unit_context(
        request, unit, form=form, meeting=meeting, rows=form.roll_rows(),
        heading=_("Record a meeting"),
    )  # fmt: skip
    return render(request, "meetings/record.html", context)


@policy.scoped_view
def record(request, unit_id):
    """The one-screen recording: date, mode, topic, roll call, short minutes, save. Above
    a branch: choose the branch."""
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.WORK_MANAGE, unit)
    if not unit.kind.is_branch:
        branches = _branches_below(request, unit)
        context = _unit_context(
            request, unit, branches=branches[:BRANCH_CHOICES_LIMIT],
            too_many=len(branches) > BRANCH_CHOICES_LIMIT, heading=_("Record a meeting"),
        )  # fmt: skip
        return render(request, "meetings/choose_branch.html", context)
    if not unit.is_active:
        raise Http404
    return _record(request, unit)


@policy.scoped_view
def record_meeting(request, branch_meeting_id):
    """Record a planned meeting, or correct a held one before its minutes are approved."""
    meeting = selectors.access_meeting(request.user, branch_meeting_id, cap=Cap.WORK_MANAGE)
    if meeting.state in (MeetingState.APPROVED, MeetingState.CANCELLED):
        return redirect("meetings:detail", branch_meeting_id=meeting.pk)
    return _record(request, meeting.unit, meeting)


@policy.scoped_view
def detail(request, branch_meeting_id):
    meeting = selectors.access_meeting(request.user, branch_meeting_id)
    can_manage = policy.can_at_path(request.user, Cap.WORK_MANAGE, meeting.unit_path)
    context = _unit_context(
        request, meeting.unit, meeting=meeting, can_manage=can_manage,
        cancel_form=CancelForm(), heading=_("Branch meeting"),
        **selectors.meeting_detail(meeting=meeting),
    )  # fmt: skip
    return render(request, "meetings/detail.html", context)


@policy.scoped_view
def approve(request, branch_meeting_id):
    meeting = selectors.access_meeting(request.user, branch_meeting_id, cap=Cap.WORK_MANAGE)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.minutes_approve(actor=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Minutes approved."))
    return redirect("meetings:detail", branch_meeting_id=meeting.pk)


@policy.scoped_view
def cancel(request, branch_meeting_id):
    meeting = selectors.access_meeting(request.user, branch_meeting_id, cap=Cap.WORK_MANAGE)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_cancel(
                actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Meeting cancelled."))
    else:
        messages.error(request, _("Say why the meeting is cancelled."))
    return redirect("meetings:detail", branch_meeting_id=meeting.pk)


@policy.scoped_view
def missed(request, unit_id):
    """Branches of the subtree that missed a meeting in the year, by sub-unit."""
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.WORK_VIEW, unit)
    year = _year(request)
    result = selectors.missed_list(actor=request.user, unit=unit, year=year)
    context = _unit_context(
        request, unit, result=result, year=year, years=_years(year),
        heading=_("Branches that missed a meeting"),
    )  # fmt: skip
    return render(request, "meetings/missed.html", context)


@policy.scoped_view
def member_panel(request, member_id):
    """Member page panel: attendance over the last twelve months."""
    member = member_selectors.access_member(request.user, member_id)
    summary = selectors.member_attendance(member=member)
    crumbs = org_selectors.breadcrumbs(actor=request.user, unit=member.unit)
    context = {
        "member": member, "summary": summary, "crumbs": [*crumbs, member.unit],
        "heading": _("Branch meetings attended"),
        **member_selectors.member_caps(request.user, member),
    }  # fmt: skip
    return render_page(request, "meetings/member.html", context, partial="panel")


@policy.user_view
def mine(request):
    """The member's own page: their branch's meetings of the year and their attendance."""
    member = member_selectors.require_own_member(request.user)
    year = _year(request) if request.GET.get("year") else policy.today().year
    context = {
        "member": member,
        "year": year,
        "years": _years(year),
        "meetings": selectors.own_meetings(member=member, year=year),
        "summary": selectors.member_attendance(member=member),
    }
    return render(request, "meetings/mine.html", context)
