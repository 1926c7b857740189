"""Pages of the member register. Each view parses the request, gets its objects through an
access helper (policy.get_unit, selectors.access_member), calls one service or selector,
and renders."""

from __future__ import annotations

from html import escape

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.views import apply_service_errors, render_page
from chudong.orgs import selectors as org_selectors

from . import panels, selectors, services
from .forms import (
    FamilyFormSet,
    ListFilterForm,
    MemberCreateForm,
    MemberEditForm,
    PhotoForm,
    SensitiveForm,
    StatusForm,
)
from .models import MemberStatus, PartyStatus, Sex
from .selectors import MemberFilters


def _unit_context(request, unit, **extra) -> dict:
    return {
        "unit": unit,
        "crumbs": org_selectors.breadcrumbs(actor=request.user, unit=unit),
        **extra,
    }


def _member_context(request, member, **extra) -> dict:
    crumbs = org_selectors.breadcrumbs(actor=request.user, unit=member.unit)
    return {
        "member": member,
        "crumbs": [*crumbs, member.unit],
        **selectors.member_caps(request.user, member),
        **extra,
    }


@policy.user_view
def me(request):
    """A member's own pages: their record in short and what other apps offer them."""
    member = selectors.own_member(request.user)
    return render(request, "members/me.html", {"own": member, "links": panels.self_links()})


@policy.user_view
def home(request):
    """ "Member register" in the menu: the member list of the actor's unit, or a choice."""
    units = selectors.members_home_units(actor=request.user)
    if len(units) == 1:
        return redirect("members:list", unit_id=units[0].pk)
    return render(request, "members/home.html", {"units": units})


@policy.scoped_view
def member_list(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_VIEW, unit)
    caps = policy.caps_over(request.user, unit)
    form = ListFilterForm(
        request.GET or None,
        sensitive=Cap.MEMBERS_SENSITIVE in caps,
        extra_capabilities=caps,
    )
    filters = MemberFilters(**form.filter_values())
    page = selectors.member_list(
        actor=request.user,
        unit=unit,
        filters=filters,
        after=request.GET.get("after"),
        request_path=request.path,
    )
    query = request.GET.copy()
    query.pop("after", None)
    first_url = f"?{query.urlencode()}"
    next_url = None
    if page.next_cursor:
        query["after"] = page.next_cursor
        next_url = f"?{query.urlencode()}"
    # The sub-units with their member counts lead to the rest of the register; above a
    # search's or a filter's results (hundreds of chips in a province) they would push
    # the results off the screen, with counts the filter does not apply to.
    show_units = (
        not request.htmx and page.first and not unit.kind.is_branch and not filters.narrows()
    )
    context = _unit_context(
        request,
        unit,
        form=form,
        filter_fields=_filter_fields(form),
        search_box=_search_box(form),
        page=page,
        member_rows=_member_rows(page.members, show_unit_column=not unit.kind.is_branch),
        filters=filters,
        next_url=next_url,
        first_url=first_url,
        sub_units=_chips(selectors.sub_unit_counts(unit=unit)) if show_units else [],
        show_unit_column=not unit.kind.is_branch,
        can_manage=Cap.MEMBERS_MANAGE in caps and unit.is_active,
    )
    return render_page(request, "members/member_list.html", context, partial="results")


_FILTER_HTML: dict[tuple, str] = {}
_FILTER_HTML_MAX = 512


def _filter_fields(form: ListFilterForm) -> str:
    """The list filters other than the search box, as HTML rendered once per language,
    set of fields, choices and chosen values: their select widgets (54 ethnicities...)
    render through Django's widget templates, which cost a list page more than its
    queries. The search box, whose value varies endlessly, stays in the template."""
    fields = [(name, form[name]) for name in form.fields if name != "q"]
    key = (
        get_language(),
        tuple(
            (name, str(field.label), tuple((str(v), str(t)) for v, t in field.field.choices))
            for name, field in fields
        ),
        tuple(str(field.value() or "") for _name, field in fields),
    )
    html = _FILTER_HTML.get(key)
    if html is None:
        html = render_to_string("members/_filter_fields.html", {"fields": fields})
        if len(_FILTER_HTML) >= _FILTER_HTML_MAX:
            _FILTER_HTML.clear()
        _FILTER_HTML[key] = html
    return html


ROW_HTML = (
    '<tr><td><a href="{}"><strong>{}</strong></a>{}<div class="sub muted phone-only">{}{}</div>'
    '</td><td>{}</td><td class="wide-only">{}</td>{}'
    '<td class="wide-only"><span class="badge {}">{}</span></td>'
    '<td class="wide-only">{}</td><td class="wide-only">{}</td></tr>'
)


def _member_rows(members, *, show_unit_column: bool) -> str:
    """The member table's rows as one piece of HTML, made here for the same reason as the
    chips: 50 rows × a dozen template lookups, a reversed URL and two choice labels each
    were a third of a list page's time. Same markup as the template had. Labels are
    translated and escaped once per page, each value of a row escaped once."""
    sentinel = 987654321
    pattern = escape(reverse("members:detail", kwargs={"member_id": sentinel}))
    party, honorary = escape(_("Party")), escape(_("Honorary"))
    sexes = {k: escape(str(v)) for k, v in Sex.choices}
    statuses = {k: escape(str(v)) for k, v in MemberStatus.choices}
    parties = {k: escape(str(v)) for k, v in PartyStatus.choices}
    rows = []
    for m in members:
        unit_name = escape(m.unit.name) if show_unit_column else ""
        status = statuses.get(m.status) or escape(m.status)
        tone = "green" if m.status == "active" else ("amber" if m.is_current else "grey")
        badges = ""
        if m.party_status != "none":
            badges += (
                f' <span class="badge red" title="{parties.get(m.party_status, "")}">{party}</span>'
            )
        if m.is_honorary:
            badges += f' <span class="badge amber">{honorary}</span>'
        phone_status = ""
        if m.status != "active":
            phone_status = f' <span class="badge {tone}">{status}</span>'
        if not m.date_of_birth:
            born = ""
        elif m.birth_year_only:
            born = f"{m.date_of_birth:%Y}"
        else:
            born = f"{m.date_of_birth:%d/%m/%Y}"
        unit_cell = f'<td class="wide-only">{unit_name}</td>' if unit_name else ""
        rows.append(
            ROW_HTML.format(
                pattern.replace(str(sentinel), str(m.pk)),
                escape(m.full_name),
                badges,
                unit_name,
                phone_status,
                born,
                sexes.get(m.sex) or escape(m.sex),
                unit_cell,
                tone,
                status,
                escape(m.phone or "—"),
                escape(m.card_number or "—"),
            )
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value above was escaped


def _chips(sub_units: list[selectors.SubUnitCount]) -> str:
    """The sub-unit chips as one piece of HTML, made here: a province has hundreds of
    sub-units, and a URL reversed, a number formatted and a loop turn of the template per
    chip cost more than the page's queries (format_html per chip still cost a province's
    list 4 ms: each value is escaped here once, with the standard library)."""
    sentinel = "987654321"
    head, tail = escape(reverse("members:list", kwargs={"unit_id": sentinel})).split(sentinel)
    separator = escape(get_format("THOUSAND_SEPARATOR"))
    return mark_safe(  # noqa: S308 - every value below is escaped
        "".join(
            f'<a class="chip" href="{head}{item.unit_id:d}{tail}">{escape(item.name)} '
            f'<span class="chip-count">{f"{item.active:,}".replace(",", separator)}</span></a>'
            for item in sub_units
        )
    )


def _search_box(form: ListFilterForm) -> str:
    """The search input as Django's TextInput renders it (same attributes, same order),
    without its three widget templates: they cost a list page about a millisecond."""
    field = form["q"]
    value = field.value()
    widget = field.field.widget
    value_attr = f' value="{escape(str(value))}"' if value not in (None, "") else ""
    # The widget's own attributes (the field's maxlength among them), in their order; its
    # input type is written first.
    own = "".join(
        f' {name}="{escape(str(text))}"' for name, text in widget.attrs.items() if name != "type"
    )
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<input type="{escape(widget.input_type)}" name="q"{value_attr}{own} '
        f'id="{escape(field.id_for_label)}">'
    )


@policy.scoped_view
def member_create(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_MANAGE, unit)
    fixed = unit if unit.kind.is_branch else None
    branches = [] if fixed else selectors.branches_for_create(actor=request.user, unit=unit)
    too_many = len(branches) > selectors.BRANCH_CHOICES_LIMIT
    form = MemberCreateForm(
        request.POST or None, branches=branches[: selectors.BRANCH_CHOICES_LIMIT], fixed_unit=fixed
    )
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.member_values()
        target = fixed or policy.get_unit(request.user, form.cleaned_data["unit"])
        if not form.cleaned_data["confirm_new_person"]:
            duplicates = list(
                selectors.member_duplicates(
                    actor=request.user,
                    full_name=data["full_name"],
                    date_of_birth=data["date_of_birth"],
                    national_id=data["national_id"],
                )[:10]
            )
        if not duplicates:
            try:
                member = services.member_create(
                    actor=request.user,
                    unit=target,
                    unit_since=form.cleaned_data["unit_since"],
                    **data,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("%s has been registered.") % member.full_name)
                return redirect("members:detail", member_id=member.pk)
    context = _unit_context(
        request,
        unit,
        form=form,
        duplicates=duplicates,
        too_many_branches=too_many,
        no_branch=not fixed and not branches,
    )
    return render(request, "members/member_create.html", context)


@policy.scoped_view
def member_detail(request, member_id):
    member = selectors.access_member(request.user, member_id)
    context = _member_context(
        request,
        member,
        timeline=selectors.member_timeline(actor=request.user, member=member),
        duplicates=selectors.duplicates_of(actor=request.user, member=member),
        **panels.visible(request.user, member),
    )
    return render(request, "members/member_detail.html", context)


@policy.scoped_view
def member_edit(request, member_id):
    member = selectors.access_member(request.user, member_id, cap=Cap.MEMBERS_MANAGE)
    initial = {name: getattr(member, name) for name in services.EDITABLE_FIELDS}
    initial["date_of_birth"] = (member.date_of_birth, member.birth_year_only)
    initial["version"] = member.version
    form = MemberEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(
                actor=request.user,
                member=member,
                expected_version=form.cleaned_data["version"],
                **form.member_values(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("members:detail", member_id=member.pk)
    context = _member_context(request, member, form=form, photo_form=PhotoForm())
    return render(request, "members/member_edit.html", context)


@policy.scoped_view
def member_photo(request, member_id):
    """GET: the photo (or a placeholder), only for those who may see the member.
    POST: replace or remove it."""
    if request.method != "POST":
        member = selectors.access_member(request.user, member_id)
        if not member.photo:
            return HttpResponse(PLACEHOLDER_SVG, content_type="image/svg+xml")
        try:
            response = FileResponse(member.photo.open("rb"), content_type="image/jpeg")
        except FileNotFoundError:
            raise Http404 from None
        response["Cache-Control"] = "private, max-age=300"
        return response
    member = selectors.access_member(request.user, member_id, cap=Cap.MEMBERS_MANAGE)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["photo"]
        if upload or form.cleaned_data["remove"]:
            try:
                services.member_photo_set(actor=request.user, member=member, upload=upload)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("The photo has been saved."))
    return redirect("members:edit", member_id=member.pk)


PLACEHOLDER_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 60 80">'
    '<rect width="60" height="80" fill="#e8effb"/>'
    '<circle cx="30" cy="30" r="13" fill="#9fb3d6"/>'
    '<path d="M8 80c2-17 11-26 22-26s20 9 22 26z" fill="#9fb3d6"/></svg>'
)


@policy.scoped_view
def member_sensitive(request, member_id):
    """The sensitive section (a logged read). htmx gets the card only."""
    member = selectors.access_member(request.user, member_id, cap=Cap.MEMBERS_SENSITIVE)
    sensitive = selectors.member_sensitive_read(
        actor=request.user, member=member, request_path=request.path
    )
    context = _member_context(request, member, sensitive=sensitive)
    return render_page(request, "members/member_sensitive.html", context, partial="sensitive")


@policy.scoped_view
def member_sensitive_edit(request, member_id):
    member = selectors.access_member(request.user, member_id, cap=Cap.MEMBERS_SENSITIVE)
    selectors.require_member_cap(request.user, member, Cap.MEMBERS_MANAGE)
    from chudong.privacy import selectors as privacy_selectors

    from .models import MemberSensitive

    # Fields without a legal basis today (privacy: no consent) are neither shown nor
    # written: locked in the form, and the family relations kept as they are.
    visibility = privacy_selectors.visible_sensitive(member)
    hidden = {f: visibility[f].note for f in MemberSensitive.FIELDS if not visibility.shown(f)}
    family_shown = visibility.shown("family")
    if request.method == "POST":
        form = SensitiveForm(request.POST)
        family = FamilyFormSet(request.POST if family_shown else None, prefix="family")
    else:
        current = selectors.member_sensitive_read(
            actor=request.user, member=member, request_path=request.path, purpose="edit"
        )
        form = SensitiveForm(initial=SensitiveForm.initial_from(current.data))
        family = FamilyFormSet(
            prefix="family",
            initial=[
                {
                    "relation": r.relation,
                    "full_name": r.full_name,
                    "birth_year": r.birth_year,
                    "occupation": r.occupation,
                    "workplace": r.workplace,
                    "residence": r.residence,
                }
                for r in current.family
            ],
        )
    form.hide(hidden)
    if request.method == "POST" and form.is_valid() and (not family_shown or family.is_valid()):
        try:
            services.member_sensitive_update(
                actor=request.user,
                member=member,
                expected_version=form.cleaned_data["version"],
                values=form.sensitive_values(),
                family=family.relations() if family_shown else None,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("members:detail", member_id=member.pk)
    context = _member_context(
        request, member, form=form, family=family, family_state=visibility["family"]
    )
    return render(request, "members/member_sensitive_edit.html", context)


@policy.scoped_view
def member_status(request, member_id):
    member = selectors.access_member(request.user, member_id, cap=Cap.MEMBERS_MANAGE)
    form = StatusForm(request.POST or None, current=member.status)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_status_change(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The status has been changed."))
            return redirect("members:detail", member_id=member.pk)
    return render(
        request, "members/member_status.html", _member_context(request, member, form=form)
    )


@policy.scoped_view
def member_history(request, member_id):
    member = selectors.access_member(request.user, member_id)
    changes = selectors.member_history(actor=request.user, member=member, request_path=request.path)
    return render(
        request, "members/member_history.html", _member_context(request, member, changes=changes)
    )


@policy.scoped_view
def member_merge(request, member_id):
    """Merge a duplicate into this record: choose → preview → confirm."""
    keep = selectors.access_member(request.user, member_id, cap=Cap.MEMBERS_MANAGE)
    remove_id = request.POST.get("remove") or request.GET.get("remove")
    preview = None
    if remove_id:
        remove = selectors.access_member(request.user, remove_id, cap=Cap.MEMBERS_MANAGE)
        preview = selectors.merge_preview(keep=keep, remove=remove)
        if request.method == "POST" and request.POST.get("step") == "confirm":
            try:
                services.members_merge(actor=request.user, keep=keep, remove=remove)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request, _("The records have been merged into %s.") % keep.full_name
                )
                return redirect("members:detail", member_id=keep.pk)
    context = _member_context(
        request,
        keep,
        preview=preview,
        candidates=[] if preview else selectors.duplicates_of(actor=request.user, member=keep),
    )
    return render(request, "members/member_merge.html", context)


@policy.scoped_view
def unit_duplicates(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.MEMBERS_VIEW, unit)
    context = _unit_context(
        request,
        unit,
        pairs=selectors.unit_duplicate_pairs(actor=request.user, unit=unit),
        can_manage=policy.can(request.user, Cap.MEMBERS_MANAGE, unit),
    )
    return render(request, "members/unit_duplicates.html", context)
