"""Pages of criteria 3.2 (cadres) and 3.3 (Party introduction). Each view fetches its
objects through an access helper, calls one selector or service, and renders."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.views import file_response as _file_response
from chudong.core.views import render_page
from chudong.core.views import save_form as _save
from chudong.members import selectors as member_selectors
from chudong.orgs import selectors as org_selectors

from . import selectors, services
from .forms import (
    ChooseForm,
    ClassForm,
    EvaluationForm,
    LetterForm,
    OutcomeForm,
    PlanningForm,
    PlanningStatusForm,
    PostForm,
    TermForm,
    TrainingForm,
    YearForm,
)

FIRST_YEAR = 2000


def _context(request, unit, **extra) -> dict:
    return {
        "unit": unit,
        "crumbs": org_selectors.breadcrumbs(actor=request.user, unit=unit),
        "can_manage": policy.can(request.user, Cap.ADVISORY_MANAGE, unit) and unit.is_active,
        **extra,
    }


def _unit(request, unit_id, cap=Cap.ADVISORY_VIEW):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.ADVISORY_VIEW, unit)
    policy.require(request.user, cap, unit)
    return unit


def _year(request) -> int:
    form = YearForm(request.GET or None)
    today = timezone.localdate()
    if form.is_valid() and form.cleaned_data.get("year"):
        year = form.cleaned_data["year"]
        if FIRST_YEAR <= year <= today.year:
            return year
    return today.year


def _form_page(request, unit, form, heading, back, *, multipart=False):
    context = _context(request, unit, form=form, heading=heading, back=back, multipart=multipart)
    return render(request, "cadres/form.html", context)


# --- Cadres (3.2) --------------------------------------------------------------------


@policy.user_view
def home(request):
    """ "Cadres" in the menu: the actor's unit, or a choice."""
    units = selectors.home_units(actor=request.user)
    if len(units) == 1:
        return redirect("cadres:unit", unit_id=units[0].pk)
    return render(
        request,
        "cadres/home.html",
        {"units": units, "target": "cadres:unit", "heading": _("Cadres and terms")},
    )


@policy.scoped_view
def unit_leadership(request, unit_id):
    """A unit's leadership: the term, each body against its size, vacancies, the posts
    (flagged past the term end), the terms, and the planning list."""
    unit = _unit(request, unit_id)
    today = timezone.localdate()
    leadership = selectors.unit_leadership(unit=unit, day=today)
    context = _context(
        request,
        unit,
        leadership=leadership,
        today=today,
        planning=selectors.planning_list(unit=unit),
        can_appoint=policy.can(request.user, Cap.ROLES_MANAGE, unit),
    )
    return render(request, "cadres/unit.html", context)


@policy.scoped_view
def term_new(request, unit_id):
    unit = _unit(request, unit_id, Cap.ADVISORY_MANAGE)
    form = TermForm(request.POST or None, initial={"deputy_size": 1})
    done = _save(
        request,
        form,
        lambda data: services.term_create(actor=request.user, unit=unit, data=data),
        lambda _row: redirect("cadres:unit", unit_id=unit.pk),
    )
    return done or _form_page(request, unit, form, _("Record a term"), "cadres:unit")


@policy.scoped_view
def term_edit(request, term_id):
    term = selectors.access_term(request.user, term_id, cap=Cap.ADVISORY_MANAGE)
    form = TermForm(request.POST or None, initial=TermForm.initial_of(term))
    done = _save(
        request,
        form,
        lambda data: services.term_update(actor=request.user, term=term, data=data),
        lambda _row: redirect("cadres:unit", unit_id=term.unit_id),
    )
    return done or _form_page(request, term.unit, form, _("Edit a term"), "cadres:unit")


@policy.scoped_view
def post_edit(request, assignment_id):
    """The cadre details of one leadership post (term, full-time, elected)."""
    assignment = selectors.access_assignment(request.user, assignment_id, cap=Cap.ADVISORY_MANAGE)
    unit = assignment.unit
    details = getattr(assignment, "cadre_post", None)
    initial = (
        {
            "term": details.term,
            "employment": details.employment,
            "mode": details.mode,
            "note": details.note,
        }
        if details
        else {}
    )
    form = PostForm(request.POST or None, terms=selectors.term_choices(unit), initial=initial)
    done = _save(
        request,
        form,
        lambda data: services.post_details_set(
            actor=request.user, assignment=assignment, data=data
        ),
        lambda _row: redirect("cadres:unit", unit_id=unit.pk),
    )
    heading = _("%(role)s: %(person)s") % {"role": assignment.role, "person": assignment.user}
    return done or _form_page(request, unit, form, heading, "cadres:unit")


@policy.scoped_view
def planning(request, unit_id):
    """The unit's planning list (quy hoạch), and the form to add a member to it."""
    unit = _unit(request, unit_id)
    can_manage = policy.can(request.user, Cap.ADVISORY_MANAGE, unit) and unit.is_active
    form = None
    if can_manage:
        form = PlanningForm(
            request.POST or None,
            members=selectors.member_choices(unit=unit),
            roles=selectors.cadre_roles(),
            initial={"added_on": timezone.localdate()},
        )
        done = _save(
            request,
            form,
            lambda data: services.planning_add(actor=request.user, unit=unit, data=data),
            lambda _row: redirect("cadres:planning", unit_id=unit.pk),
        )
        if done:
            return done
    elif request.method == "POST":
        raise PermissionDenied
    context = _context(
        request,
        unit,
        form=form,
        rows=selectors.planning_list(unit=unit, include_closed=True),
    )
    return render(request, "cadres/planning.html", context)


@policy.scoped_view
def planning_status(request, planning_id):
    entry = selectors.access_planning(request.user, planning_id, cap=Cap.ADVISORY_MANAGE)
    form = PlanningStatusForm(request.POST or None, initial={"status": entry.status})
    done = _save(
        request,
        form,
        lambda data: services.planning_status_set(actor=request.user, entry=entry, **data),
        lambda _row: redirect("cadres:planning", unit_id=entry.unit_id),
    )
    heading = _("Planning list: %(member)s") % {"member": entry.member.full_name}
    return done or _form_page(request, entry.unit, form, heading, "cadres:planning")


@policy.scoped_view
def cadre(request, cadre_id):
    """A cadre's page: posts held, courses, yearly evaluations, planning entries; forms to
    record a course or an evaluation for a unit the actor manages."""
    access = selectors.access_cadre(request.user, cadre_id)
    action = request.POST.get("action") if request.method == "POST" else None
    units = access.manageable
    if request.method == "POST" and not units:
        raise PermissionDenied
    choices = selectors.unit_choices(units)
    training_form = TrainingForm(
        request.POST if action == "training" else None,
        request.FILES if action == "training" else None,
        units=choices,
        initial={"unit": units[0] if units else None},
    )
    evaluation_form = EvaluationForm(
        request.POST if action == "evaluation" else None,
        units=choices,
        initial={"unit": units[0] if units else None, "year": timezone.localdate().year - 1},
    )
    who = access.cadre
    if action == "training":
        done = _save(
            request,
            training_form,
            lambda data: services.training_add(
                actor=request.user,
                cadre=who,
                unit=data["unit"],
                data=data,
                certificate=data.get("certificate"),
            ),
            lambda _row: redirect("cadres:cadre", cadre_id=who.pk),
        )
        if done:
            return done
    elif action == "evaluation":
        done = _save(
            request,
            evaluation_form,
            lambda data: services.evaluation_set(
                actor=request.user, cadre=who, unit=data["unit"], data=data
            ),
            lambda _row: redirect("cadres:cadre", cadre_id=who.pk),
        )
        if done:
            return done
    unit = access.posts[0].unit
    context = _context(
        request,
        unit,
        cadre=who,
        posts=access.posts,
        can_record=bool(units),
        record=selectors.cadre_record(actor=request.user, access=access),
        training_form=training_form,
        evaluation_form=evaluation_form,
        heading=who.full_name or who.username,
        today=timezone.localdate(),
    )
    return render(request, "cadres/cadre.html", context)


@policy.scoped_view
def training_file(request, training_id):
    training = selectors.access_training(request.user, training_id)
    return _file_response(training.certificate, training.certificate_name or "chung-chi")


@policy.scoped_view
def member_panel(request, member_id):
    """The member page's card: posts, courses, planning, Party introduction. htmx gets
    the card; a full request the page."""
    member = member_selectors.access_member(request.user, member_id)
    member_selectors.require_member_cap(request.user, member, Cap.ADVISORY_VIEW)
    crumbs = org_selectors.breadcrumbs(actor=request.user, unit=member.unit)
    context = {
        "member": member,
        "crumbs": [*crumbs, member.unit],
        **member_selectors.member_caps(request.user, member),
        "data": selectors.member_cadre(actor=request.user, member=member),
        "can_choose": policy.can_at_path(request.user, Cap.ADVISORY_MANAGE, member.unit_path)
        and member.is_current,
    }
    return render_page(request, "cadres/member.html", context, partial="card")


# --- Party introduction (3.3) --------------------------------------------------------


@policy.user_view
def party_home(request):
    units = selectors.home_units(actor=request.user)
    if len(units) == 1:
        return redirect("cadres:party", unit_id=units[0].pk)
    return render(
        request,
        "cadres/home.html",
        {
            "units": units,
            "target": "cadres:party",
            "heading": _("Introducing members to the Party"),
        },
    )


@policy.scoped_view
def party(request, unit_id):
    """Yearly figures that roll up (chosen, introduced, admitted), the subtree's
    introductions, and the members suggested from their ratings."""
    unit = _unit(request, unit_id)
    year = _year(request)
    today = timezone.localdate()
    total, children = selectors.party_figures(unit=unit, year=year)
    context = _context(
        request,
        unit,
        year=year,
        years=list(range(today.year, today.year - 5, -1)),
        total=total,
        children=children,
        rows=selectors.introduction_list(unit=unit, year=year),
    )
    if context["can_manage"]:
        context["candidates"] = selectors.candidates(unit=unit, day=today)
    return render(request, "cadres/party.html", context)


@policy.scoped_view
def party_choose(request, member_id):
    member = member_selectors.access_member(request.user, member_id)
    member_selectors.require_member_cap(request.user, member, Cap.ADVISORY_MANAGE)
    today = timezone.localdate()
    years = selectors.member_excellent_years(member, today)
    grounds = ""
    if years:
        grounds = _("Rated excellent (hoàn thành xuất sắc nhiệm vụ) in %(years)s.") % {
            "years": ", ".join(str(y) for y in years)
        }
    form = ChooseForm(request.POST or None, initial={"chosen_on": today, "grounds": grounds})
    done = _save(
        request,
        form,
        lambda data: services.party_choose(actor=request.user, member=member, data=data),
        lambda row: redirect("cadres:party_detail", introduction_id=row.pk),
    )
    heading = _("Choose %(member)s as an outstanding member") % {"member": member.full_name}
    return done or _form_page(request, member.unit, form, heading, "cadres:party")


_STEPS = {
    "class": (ClassForm, "certificate"),
    "letter": (LetterForm, "letter_file"),
    "outcome": (OutcomeForm, None),
}


@policy.scoped_view
def party_detail(request, introduction_id):
    """One member's path: the steps done, and the form of the next (or of a correction)."""
    row = selectors.access_introduction(request.user, introduction_id)
    unit = row.unit
    step = request.POST.get("step") if request.method == "POST" else None
    if request.method == "POST":
        policy.require(request.user, Cap.ADVISORY_MANAGE, unit)
    if step not in _STEPS:
        step = None
    forms = {}
    for key, (form_class, _file_field) in _STEPS.items():
        posted = step == key
        initial = {}
        if key == "class":
            initial = {
                "class_name": row.class_name,
                "class_from": row.class_from,
                "class_to": row.class_to,
                "class_result": row.class_result,
            }
        elif key == "letter":
            initial = {
                "letter_number": row.letter_number,
                "letter_on": row.letter_on,
                "letter_signer": row.letter_signer,
            }
        forms[key] = form_class(
            request.POST if posted else None, request.FILES if posted else None, initial=initial
        )
    if step:
        form = forms[step]
        call = {
            "class": lambda data: services.party_class_record(
                actor=request.user, row=row, data=data, certificate=data.get("certificate")
            ),
            "letter": lambda data: services.party_letter_record(
                actor=request.user, row=row, data=data, letter_file=data.get("letter_file")
            ),
            "outcome": lambda data: services.party_outcome_record(
                actor=request.user, row=row, data=data
            ),
        }[step]
        done = _save(
            request, form, call, lambda _r: redirect("cadres:party_detail", introduction_id=row.pk)
        )
        if done:
            return done
    context = _context(
        request,
        unit,
        row=row,
        forms=forms,
        posted=step,
        heading=_("Introduction to the Party: %(member)s") % {"member": row.member.full_name},
    )
    return render(request, "cadres/party_detail.html", context)


@policy.scoped_view
def party_certificate(request, introduction_id):
    row = selectors.access_introduction(request.user, introduction_id)
    return _file_response(row.certificate, row.certificate_name or "chung-nhan")


@policy.scoped_view
def party_letter_file(request, introduction_id):
    row = selectors.access_introduction(request.user, introduction_id)
    return _file_response(row.letter_file, row.letter_file_name or "thu-gioi-thieu")
