"""Pages of the unit tree: the unit page, the tree as of a date, history, and the
restructuring screens (each: form → preview → confirm)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access import selectors as access_selectors
from chudong.access.capabilities import Cap
from chudong.core import history
from chudong.core.views import apply_service_errors, render_page

from . import selectors, services
from .forms import (
    MERGE_INTO_NEW,
    MERGE_INTO_PARENT,
    MERGE_INTO_THIS,
    AsOfForm,
    DissolveForm,
    MergeForm,
    MoveForm,
    RenameForm,
    SplitForm,
    UnitCreateForm,
    UnitDetailsForm,
)
from .models import Unit


def _unit_context(request, unit: Unit, **extra) -> dict:
    user = request.user
    return {
        "unit": unit,
        "crumbs": selectors.breadcrumbs(actor=user, unit=unit),
        "can_restructure": policy.can(user, Cap.UNITS_RESTRUCTURE, unit),
        "can_create": unit.is_active
        and unit.kind.may_have_children
        and policy.can_create_under(user, Cap.UNITS_RESTRUCTURE, unit),
        "can_manage": policy.can(user, Cap.UNITS_MANAGE, unit),
        "can_roles": policy.can(user, Cap.ROLES_MANAGE, unit),
        "can_history": policy.can(user, Cap.HISTORY_VIEW, unit),
        "can_members": policy.can(user, Cap.MEMBERS_VIEW, unit),
        **extra,
    }


@policy.user_view
def home(request):
    """Start page: the units the user works at. Exactly one → straight to it."""
    units = selectors.home_units(actor=request.user)
    if len(units) == 1:
        return redirect("orgs:unit", unit_id=units[0].pk)
    return render(request, "orgs/home.html", {"units": units})


@policy.scoped_view
def unit_detail(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    context = _unit_context(
        request,
        unit,
        figures=selectors.unit_figures(actor=request.user, unit=unit),
        children=selectors.sub_unit_rows(actor=request.user, unit=unit),
        leadership=access_selectors.unit_leadership_rows(actor=request.user, unit=unit),
        restructurings=selectors.unit_restructurings(actor=request.user, unit=unit, limit=10),
        warnings=selectors.unit_warnings(
            actor=request.user, unit=unit, fresh=request.GET.get("fresh") == "1"
        ),
        link_sections=selectors.unit_link_sections(actor=request.user, unit=unit),
    )
    return render(request, "orgs/unit_detail.html", context)


@policy.scoped_view
def unit_warnings(request, unit_id):
    """Early warnings for each sub-unit: the level above follows the units below."""
    unit = policy.get_unit(request.user, unit_id)
    context = _unit_context(
        request, unit, table=selectors.sub_unit_warnings(actor=request.user, unit=unit),
        warnings=selectors.unit_warnings(actor=request.user, unit=unit),
    )  # fmt: skip
    return render(request, "orgs/unit_warnings.html", context)


@policy.scoped_view
def unit_tree(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    form = AsOfForm(request.GET or None)
    day = timezone.localdate()
    if form.is_valid() and form.cleaned_data.get("on"):
        day = form.cleaned_data["on"]
    tree = selectors.tree_as_of(actor=request.user, root=unit, day=day)
    context = _unit_context(request, unit, form=form, day=day, tree=tree)
    return render_page(request, "orgs/unit_tree.html", context, partial="tree")


@policy.scoped_view
def unit_history(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.HISTORY_VIEW, unit)
    context = _unit_context(
        request,
        unit,
        rows=history.rows(unit.history.all()),
        restructurings=selectors.unit_restructurings(actor=request.user, unit=unit),
    )
    return render(request, "orgs/unit_history.html", context)


@policy.scoped_view
def unit_edit(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.UNITS_MANAGE, unit)
    initial = {name: getattr(unit, name) for name in services.EDITABLE_FIELDS}
    form = UnitDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update_details(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("orgs:unit", unit_id=unit.pk)
    return render(
        request,
        "orgs/unit_form.html",
        _unit_context(request, unit, form=form, title=_("Edit details")),
    )


@policy.scoped_view
def unit_create(request, unit_id):
    parent = policy.get_unit(request.user, unit_id)
    if not policy.can_create_under(request.user, Cap.UNITS_RESTRUCTURE, parent):
        policy.require(request.user, Cap.UNITS_RESTRUCTURE, parent)
    form = UnitCreateForm(request.POST or None, kinds=selectors.creatable_kinds(parent=parent))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = services.unit_create(
                actor=request.user,
                parent=parent,
                kind=data["kind"],
                name=data["name"],
                code=data["code"],
                effective_on=data["effective_on"],
                founded_on=data["effective_on"],
                address=data["address"],
                decision_number=data["decision_number"],
                reason=data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("%s has been founded.") % unit.name)
            return redirect("orgs:unit", unit_id=unit.pk)
    return render(
        request,
        "orgs/unit_form.html",
        _unit_context(request, parent, form=form, title=_("Found a sub-unit")),
    )


def _preview_token(request) -> str:
    """A signature of the submitted values: confirming applies exactly what was previewed."""
    skip = {"csrfmiddlewaretoken", "step", "preview_token"}
    items = sorted((k, v) for k in request.POST if k not in skip for v in request.POST.getlist(k))
    # Bound to the page and the person too: a token never confirms another change.
    signed = repr((request.path, request.user.pk, items))
    return salted_hmac("orgs.restructure.preview", signed).hexdigest()


def _restructure_page(request, unit, action, title, form, preview, **extra):
    context = _unit_context(
        request,
        unit,
        form=form,
        preview=preview,
        preview_token=_preview_token(request) if preview else None,
        action=action,
        title=title,
        **extra,
    )
    return render(request, "orgs/restructure.html", context)


def _confirming(request) -> bool:
    """Confirm only what was previewed; changed values after the preview show a new one."""
    return (
        request.method == "POST"
        and request.POST.get("step") == "confirm"
        and constant_time_compare(request.POST.get("preview_token", ""), _preview_token(request))
    )


def _previewing(request) -> bool:
    return request.method == "POST" and request.POST.get("step") in ("preview", "confirm")


class _DryRun(Exception):
    """Raised inside a preview's transaction so that it is rolled back."""


def _attempt(request, form, run):
    """Preview: run the service in a transaction that is then rolled back, so every check
    the real change makes (dates, locks, states) runs and nothing stays. Confirm: run it.

    Returns (result, outcome) with outcome "applied", "previewed" or "refused" (the
    service's errors are then on the form)."""
    try:
        if _confirming(request):
            return run(), "applied"
        with transaction.atomic():
            run()
            raise _DryRun
    except _DryRun:
        return None, "previewed"
    except ValidationError as error:
        apply_service_errors(form, error)
        return None, "refused"


@policy.scoped_view
def unit_rename(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.UNITS_RESTRUCTURE, unit)
    form = RenameForm(request.POST if _previewing(request) else None, initial={"name": unit.name})
    preview = None
    if _previewing(request) and form.is_valid():
        data = form.cleaned_data
        preview = {"rows": [(_("Name"), unit.name, data["name"])]}
        if data["code"]:
            preview["rows"].append((_("Code"), unit.code, data["code"].upper()))
        _result, outcome = _attempt(
            request, form, lambda: services.unit_rename(actor=request.user, unit=unit, **data)
        )
        if outcome == "applied":
            messages.success(request, _("The unit has been renamed."))
            return redirect("orgs:unit", unit_id=unit.pk)
        if outcome == "refused":
            preview = None
    return _restructure_page(request, unit, "rename", _("Rename"), form, preview)


@policy.scoped_view
def unit_move(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.UNITS_RESTRUCTURE, unit)
    parents = selectors.move_targets(actor=request.user, unit=unit)
    form = MoveForm(request.POST if _previewing(request) else None, parents=parents)
    preview = None
    if _previewing(request) and form.is_valid():
        data = form.cleaned_data
        preview = selectors.move_preview(
            actor=request.user, unit=unit, new_parent=data["new_parent"]
        )
        _result, outcome = _attempt(
            request, form, lambda: services.unit_move(actor=request.user, unit=unit, **data)
        )
        if outcome == "applied":
            messages.success(request, _("The unit has been moved."))
            return redirect("orgs:unit", unit_id=unit.pk)
        if outcome == "refused":
            preview = None
    return _restructure_page(request, unit, "move", _("Move"), form, preview)


@policy.scoped_view
def unit_merge(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.UNITS_RESTRUCTURE, unit)
    siblings = selectors.merge_candidates(actor=request.user, unit=unit)
    can_into_parent = unit.parent is not None and policy.can_create_under(
        request.user, Cap.UNITS_RESTRUCTURE, unit.parent
    )
    form = MergeForm(
        request.POST if _previewing(request) else None,
        unit=unit,
        siblings=siblings,
        kinds=selectors.creatable_kinds(parent=unit.parent),
        can_into_parent=can_into_parent,
    )
    preview = None
    if _previewing(request) and form.is_valid():
        data = form.cleaned_data
        sources = [unit, *data["others"]]
        into, new_unit = None, None
        if data["result"] == MERGE_INTO_THIS:
            into = unit
        elif data["result"] == MERGE_INTO_PARENT:
            into = unit.parent
        elif data["result"] == MERGE_INTO_NEW:
            new_unit = services.NewUnitSpec(
                name=data["new_name"], code=data["new_code"], kind=data["new_kind"]
            )
        preview = selectors.merge_preview(
            actor=request.user,
            sources=[s for s in sources if s != into],
            into=into,
            new_unit=new_unit,
        )
        result, outcome = _attempt(
            request,
            form,
            lambda: services.units_merge(
                actor=request.user,
                sources=sources,
                into=into,
                new_unit=new_unit,
                effective_on=data["effective_on"],
                decision_number=data["decision_number"],
                reason=data["reason"],
            ),
        )
        if outcome == "applied":
            target = result[1]
            messages.success(request, _("The units have been merged into %s.") % target)
            return redirect("orgs:unit", unit_id=target.pk)
        if outcome == "refused":
            preview = None
    return _restructure_page(request, unit, "merge", _("Merge"), form, preview)


@policy.scoped_view
def unit_split(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.UNITS_RESTRUCTURE, unit)
    try:
        parts = min(max(int(request.POST.get("parts") or request.GET.get("parts") or 2), 2), 6)
    except ValueError:
        parts = 2
    children = list(selectors.sub_units(actor=request.user, unit=unit))
    contents = selectors.split_items(unit=unit)
    form = SplitForm(
        request.POST if _previewing(request) else None,
        parts=parts,
        unit=unit,
        kinds=selectors.creatable_kinds(parent=unit.parent),
        children=children,
        contents=contents,
    )
    preview = None
    if _previewing(request) and form.is_valid():
        specs = [services.NewUnitSpec(name=n, code=c, kind=k) for n, c, k in form.specs()]
        preview = selectors.split_preview(
            unit=unit,
            specs=specs,
            children=children,
            contents=contents,
            child_targets=form.child_targets(),
            content_targets=form.content_targets(),
        )
        _result, outcome = _attempt(
            request,
            form,
            lambda: services.unit_split(
                actor=request.user,
                unit=unit,
                new_units=specs,
                child_targets=form.child_targets(),
                content_targets=form.content_targets(),
                effective_on=form.cleaned_data["effective_on"],
                decision_number=form.cleaned_data["decision_number"],
                reason=form.cleaned_data["reason"],
            ),
        )
        if outcome == "applied":
            messages.success(request, _("%s has been split.") % unit.name)
            return redirect("orgs:unit", unit_id=unit.parent_id)
        if outcome == "refused":
            preview = None
    return _restructure_page(request, unit, "split", _("Split"), form, preview, parts=parts)


@policy.scoped_view
def unit_dissolve(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.UNITS_RESTRUCTURE, unit)
    form = DissolveForm(request.POST if _previewing(request) else None)
    blockers = services.dissolve_blockers(unit)
    preview = None
    if _previewing(request) and form.is_valid() and not blockers:
        preview = {"rows": [(_("Status"), unit.get_status_display(), _("Dissolved"))]}
        _result, outcome = _attempt(
            request,
            form,
            lambda: services.unit_dissolve(actor=request.user, unit=unit, **form.cleaned_data),
        )
        if outcome == "applied":
            messages.success(request, _("%s has been dissolved.") % unit.name)
            return redirect("orgs:unit", unit_id=unit.parent_id or unit.pk)
        if outcome == "refused":
            preview = None
    return _restructure_page(
        request, unit, "dissolve", _("Dissolve"), form, preview, blockers=blockers
    )
