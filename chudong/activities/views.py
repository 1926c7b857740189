"""Pages of activities and youth projects. Each view fetches its objects through an access
helper, calls one selector or service, and renders."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.views import apply_service_errors, render_page
from chudong.members import selectors as member_selectors
from chudong.orgs import selectors as org_selectors

from . import checkin, selectors, services
from .forms import CheckinForm, HandoverForm, PhotoForm, PlanForm, ResultsForm, YearForm
from .models import ActivityKind

FIRST_YEAR = 2000


def _unit_context(request, unit, **extra) -> dict:
    return {"unit": unit, "crumbs": org_selectors.breadcrumbs(actor=request.user, unit=unit),
            **extra}  # fmt: skip


def _activity_context(request, activity, **extra) -> dict:
    crumbs = org_selectors.breadcrumbs(actor=request.user, unit=activity.unit)
    return {"activity": activity, "unit": activity.unit, "crumbs": [*crumbs, activity.unit],
            "can_manage": policy.can_at_path(request.user, Cap.WORK_MANAGE, activity.unit_path)
            and activity.unit.is_active, **extra}  # fmt: skip


@policy.user_view
def home(request):
    """ "Activities" in the menu: the activities of the actor's unit, or a choice."""
    units = selectors.home_units(actor=request.user)
    if len(units) == 1:
        return redirect("activities:unit", unit_id=units[0].pk)
    return render(request, "activities/home.html", {"units": units})


@policy.scoped_view
def unit_activities(request, unit_id):
    """A unit's activities and youth projects of a year (its subtree), with the figures."""
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.WORK_VIEW, unit)
    today = timezone.localdate()
    form = YearForm(request.GET or None)
    year, kind = today.year, ""
    if form.is_valid():
        if (
            form.cleaned_data.get("year")
            and FIRST_YEAR <= form.cleaned_data["year"] <= today.year + 1
        ):
            year = form.cleaned_data["year"]
        kind = form.cleaned_data.get("kind") or ""
    rows = list(selectors.activity_list(actor=request.user, unit=unit, year=year, kind=kind))
    context = _unit_context(
        request, unit, heading=_("Activities and youth projects"), year=year, kind=kind,
        years=list(range(today.year + 1, today.year - 5, -1)), kinds=ActivityKind.choices,
        activities=[a for a in rows if not a.is_project],
        projects=[a for a in rows if a.is_project],
        figures=selectors.unit_figures(unit=unit, year=year), limit=selectors.LIST_LIMIT,
        truncated=len(rows) >= selectors.LIST_LIMIT,
        can_manage=policy.can(request.user, Cap.WORK_MANAGE, unit) and unit.is_active,
    )  # fmt: skip
    return render(request, "activities/unit.html", context)


def _plan_form(request, unit, *, initial=None):
    return PlanForm(
        request.POST if request.method == "POST" else None,
        organisers=selectors.organiser_choices(unit=unit),
        other_units=selectors.other_unit_choices(actor=request.user, unit=unit),
        initial=initial,
    )


@policy.scoped_view
def activity_create(request, unit_id):
    """Plan an activity, or a youth project (?project=1)."""
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.WORK_MANAGE, unit)
    is_project = request.GET.get("project") == "1" or request.POST.get("is_project") == "1"
    form = _plan_form(request, unit, initial={"organisers": [request.user.pk]})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            activity = services.activity_create(
                actor=request.user, unit=unit, is_project=is_project,
                organisers=list(data.pop("organisers")) or [request.user],
                other_units=list(data.pop("other_units")), **data,
            )  # fmt: skip
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("activities:detail", activity_id=activity.pk)
    heading = _("New youth project") if is_project else _("New activity")
    context = _unit_context(request, unit, form=form, heading=heading, is_project=is_project)
    return render(request, "activities/form.html", context)


@policy.scoped_view
def activity_detail(request, activity_id):
    """The activity: plan, QR check-in, participants, results, photos, hand-over."""
    activity = selectors.access_activity(request.user, activity_id)
    photo_form = PhotoForm()
    handover_form = HandoverForm(
        initial={"handed_over_on": activity.handed_over_on,
                 "handed_over_to": activity.handed_over_to}
    )  # fmt: skip
    action = request.POST.get("action") if request.method == "POST" else None
    if action in ("photo", "handover"):
        policy.require(request.user, Cap.WORK_MANAGE, activity.unit)
    if action == "photo":
        photo_form = PhotoForm(request.POST, request.FILES)
        if photo_form.is_valid():
            try:
                services.activity_photo_add(
                    actor=request.user, activity=activity, upload=photo_form.cleaned_data["photo"],
                    caption=photo_form.cleaned_data["caption"],
                )  # fmt: skip
            except ValidationError as error:
                apply_service_errors(photo_form, error)
            else:
                messages.success(request, _("The photo has been added."))
                return redirect("activities:detail", activity_id=activity.pk)
    elif action == "handover":
        handover_form = HandoverForm(request.POST, request.FILES)
        if handover_form.is_valid():
            try:
                services.project_handover(actor=request.user, activity=activity,
                                          **handover_form.cleaned_data)  # fmt: skip
            except ValidationError as error:
                apply_service_errors(handover_form, error)
            else:
                messages.success(request, _("The hand-over has been recorded."))
                return redirect("activities:detail", activity_id=activity.pk)
    detail = selectors.activity_detail(activity=activity)
    opens, closes = services.checkin_window(activity)
    checkin_url = request.build_absolute_uri(
        reverse("activities:checkin", args=[services.checkin_token(activity)])
    )
    context = _activity_context(
        request, activity, detail=detail, photo_form=photo_form, handover_form=handover_form,
        checkin_url=checkin_url, qr=checkin.qr_svg(checkin_url, box_size=6),
        opens=opens, closes=closes, checkin_open=activity.is_open and timezone.now() <= closes,
        sponsors=selectors.activity_sponsors(actor=request.user, activity=activity),
    )  # fmt: skip
    return render(request, "activities/detail.html", context)


@policy.scoped_view
def activity_edit(request, activity_id):
    """Change the plan, the state and the results."""
    activity = selectors.access_activity(request.user, activity_id, cap=Cap.WORK_MANAGE)
    detail = selectors.activity_detail(activity=activity)
    local = timezone.localtime
    plan = _plan_form(request, activity.unit, initial={
        "kind": activity.kind, "title": activity.title, "campaign": activity.campaign,
        "description": activity.description, "starts_at": local(activity.starts_at),
        "ends_at": local(activity.ends_at), "place": activity.place,
        "expected_participants": activity.expected_participants, "budget": activity.budget,
        "organisers": [u.pk for u in detail.organisers],
        "other_units": [u.pk for u in detail.other_units],
    })  # fmt: skip
    results = ResultsForm(
        request.POST if request.method == "POST" else None,
        initial={name: getattr(activity, name) for name in services.RESULT_FIELDS},
    )
    if request.method == "POST" and plan.is_valid() and results.is_valid():
        data = {**plan.cleaned_data, **results.cleaned_data}
        try:
            services.activity_update(
                actor=request.user, activity=activity, organisers=list(data.pop("organisers")),
                other_units=list(data.pop("other_units")), **data,
            )  # fmt: skip
        except ValidationError as error:
            apply_service_errors(plan, error)
            if hasattr(error, "error_dict"):
                for field in set(error.error_dict) & set(results.fields):
                    results.add_error(field, error.error_dict[field])
        else:
            messages.success(request, _("Saved."))
            return redirect("activities:detail", activity_id=activity.pk)
    context = _activity_context(
        request, activity, form=plan, results=results, heading=_("Edit: %s") % activity.title
    )
    return render(request, "activities/edit.html", context)


@policy.scoped_view
def activity_participants(request, activity_id):
    """Organisers tick the members who took part (one screen, a checkbox per member)."""
    activity = selectors.access_activity(request.user, activity_id)
    members = selectors.tickable_members(activity=activity)
    present = set(activity.participations.values_list("member_id", flat=True))
    if request.method == "POST":
        policy.require(request.user, Cap.WORK_MANAGE, activity.unit)
        ticked = {int(v) for v in request.POST.getlist("member") if v.isdigit()}
        shown = {m.pk: m for m in members}
        try:
            added, removed = services.participants_tick(
                actor=request.user, activity=activity,
                add=[shown[pk] for pk in ticked - present if pk in shown],
                remove=[shown[pk] for pk in present - ticked if pk in shown],
            )  # fmt: skip
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Saved: %(added)d ticked, %(removed)d unticked.")
                             % {"added": added, "removed": removed})  # fmt: skip
            return redirect("activities:detail", activity_id=activity.pk)
    context = _activity_context(
        request, activity, members=members, present=present, limit=selectors.TICK_LIMIT,
        heading=_("Participants: %s") % activity.title,
    )  # fmt: skip
    return render(request, "activities/participants.html", context)


@policy.scoped_view
def activity_qr(request, activity_id):
    """The printable page with the big QR code."""
    activity = selectors.access_activity(request.user, activity_id)
    url = request.build_absolute_uri(
        reverse("activities:checkin", args=[services.checkin_token(activity)])
    )
    context = _activity_context(request, activity, checkin_url=url, qr=checkin.qr_svg(url))
    return render(request, "activities/qr.html", context)


def _file_response(field_file, name: str, content_type: str | None = None):
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, filename=name, as_attachment=False)
    if content_type:
        response["Content-Type"] = content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@policy.scoped_view
def activity_photo(request, activity_id, activity_photo_id):
    activity = selectors.access_activity(request.user, activity_id)
    photo = selectors.access_photo(activity, activity_photo_id)
    return _file_response(photo.file, photo.original_name, photo.content_type)


@policy.scoped_view
def handover_minutes(request, activity_id):
    activity = selectors.access_activity(request.user, activity_id)
    if not activity.handover_minutes:
        raise Http404
    return _file_response(activity.handover_minutes, activity.handover_minutes_name)


@policy.user_view
@require_http_methods(["GET", "POST"])
def checkin_page(request, checkin_token):
    """Where the QR code leads: one tap "Điểm danh". activities.js sends the tap with the
    time it was made and, without network, keeps it until the network returns."""
    wants_json = "application/json" in request.headers.get("Accept", "")
    member = member_selectors.own_member(request.user)
    if member is None:
        context = {"error": _("Your account is not linked to a member record, so it cannot "
                              "check in. Ask your branch secretary.")}  # fmt: skip
        if wants_json:
            return JsonResponse({"ok": False, "message": context["error"]}, status=403)
        return render(request, "activities/checkin.html", context, status=403)
    try:
        activity = services.activity_for_token(checkin_token)
    except ValidationError as error:
        if wants_json:
            return JsonResponse({"ok": False, "message": error.messages[0]}, status=400)
        return render(request, "activities/checkin.html", {"error": error.messages[0]}, status=400)
    error = None
    if request.method == "POST":
        form = CheckinForm(request.POST)
        scanned_at = form.cleaned_data.get("scanned_at") if form.is_valid() else None
        try:
            services.checkin_by_token(
                actor=request.user, token=checkin_token, scanned_at=scanned_at
            )
        except ValidationError as failure:
            error = failure.messages[0]
            if wants_json:
                return JsonResponse({"ok": False, "message": error}, status=400)
        else:
            if wants_json:
                return JsonResponse({"ok": True, "redirect": request.path})
            return redirect(request.path)
    participation = activity.participations.filter(member=member).first()
    context = {"activity": activity, "member": member, "participation": participation,
               "error": error}  # fmt: skip
    return render(request, "activities/checkin.html", context, status=400 if error else 200)


@policy.scoped_view
def member_activities(request, member_id):
    """A member's activities: joined this year and in all, the rate, the latest ones.
    htmx gets the card shown on the member's page."""
    member = member_selectors.access_member(request.user, member_id)
    crumbs = org_selectors.breadcrumbs(actor=request.user, unit=member.unit)
    context = {
        "member": member, "crumbs": [*crumbs, member.unit],
        **member_selectors.member_caps(request.user, member),
        "summary": selectors.member_activities(member=member, limit=50),
        "heading": _("Activities"),
    }  # fmt: skip
    return render_page(request, "activities/member.html", context, partial="summary")


@policy.user_view
def mine(request):
    """My pages: the activities I may join, and where I checked in."""
    member = member_selectors.require_own_member(request.user)
    context = {
        "member": member,
        "upcoming": selectors.upcoming_for_member(member=member),
        "summary": selectors.member_activities(member=member, limit=30),
    }
    return render(request, "activities/mine.html", context)
