"""Youth opinion pages: the list (metadata only), a new opinion, the opinion's page with
its follow-up (content and names: members.sensitive, every read logged), the summary by
topic that rolls up the tree, and the member page's panel."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.paths import subtree_q
from chudong.core.views import render_page
from chudong.members import selectors as member_selectors
from chudong.members.models import Member

from .. import selectors, services
from ..forms import FollowUpForm, OpinionFilterForm, OpinionForm, YearForm
from ..models import OpinionStatus, Topic, Youth
from ._common import choose_unit, int_or_none, record_context, run, unit_context


@policy.user_view
def opinions_home(request):
    return choose_unit(request, "youth:opinions")


def _list(request, unit_id, *, overdue: bool):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.CARE_VIEW, unit)
    form = OpinionFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    filters = selectors.OpinionFilters(
        topic=values.get("topic", ""),
        status=values.get("status", ""),
        source=values.get("source", ""),
        year=values.get("year"),
        overdue=overdue,
    )
    page = selectors.opinion_list(unit=unit, filters=filters, page=request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = unit_context(
        request,
        unit,
        form=form,
        page=page,
        query=query.urlencode(),
        overdue=overdue,
        today=policy.today(),
        can_manage=unit.is_active and policy.can(request.user, Cap.CARE_MANAGE, unit),
        can_sensitive=policy.can(request.user, Cap.MEMBERS_SENSITIVE, unit),
    )
    return render_page(request, "youth/opinion_list.html", context, partial="results")


@policy.scoped_view
def opinion_list(request, unit_id):
    return _list(request, unit_id, overdue=False)


@policy.scoped_view
def opinions_overdue(request, unit_id):
    """The early warning's list: open opinions past the day they should be answered."""
    return _list(request, unit_id, overdue=True)


def _person(model, raw, unit):
    pk = int_or_none(raw)
    if pk is None:
        return None
    # Only people of the unit's subtree can be chosen (the service checks it again).
    return model.objects.filter(subtree_q("unit_path", unit.path), pk=pk).first()


@policy.scoped_view
def opinion_new(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.CARE_MANAGE, unit)
    # Naming who raised it reveals a person's views: offered with members.sensitive.
    named = policy.can(request.user, Cap.MEMBERS_SENSITIVE, unit)
    form = OpinionForm(
        request.POST or None,
        members=selectors.member_choices(unit=unit) if named else [],
        youths=selectors.youth_choices(unit=unit) if named else [],
        initial={
            "youth": request.GET.get("youth", ""),
            "raised_by": request.GET.get("by", "anonymous"),
        },
    )
    if not named:
        form.fields["raised_by"].choices = [("anonymous", _("Anonymous"))]
        del form.fields["member"], form.fields["youth"]
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["member"] = _person(Member, data.get("member"), unit)
        data["youth"] = _person(Youth, data.get("youth"), unit)

        def record():
            return services.opinion_record(actor=request.user, unit=unit, **data)

        opinion = run(request, form, record, _("The opinion has been recorded."))
        if opinion:
            if named:
                return redirect("youth:opinion", opinion_id=opinion.pk)
            return redirect("youth:opinions", unit_id=unit.pk)
    return render(request, "youth/opinion_form.html", unit_context(request, unit, form=form))


@policy.scoped_view
def opinion_detail(request, opinion_id):
    opinion = selectors.access_opinion(request.user, opinion_id)
    raiser = selectors.raiser_state(opinion)
    can_manage = policy.can_at_path(request.user, Cap.CARE_MANAGE, opinion.unit_path)
    handlers = selectors.handler_choices(unit=opinion.unit) if can_manage else []
    form = None
    if can_manage:
        form = FollowUpForm(
            request.POST or None,
            handlers=handlers,
            initial={
                "status": opinion.status,
                "handler": opinion.handler_id or request.user.pk,
                "action_taken": opinion.action_taken,
                "answer": opinion.answer,
                "answered_on": opinion.answered_on,
                "closed_on": opinion.closed_on,
            },
        )
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            pk = int_or_none(data.pop("handler"))
            data["handler"] = next((u for u in handlers if u.pk == pk), None)

            def follow():
                return services.opinion_follow_up(actor=request.user, opinion=opinion, **data)

            if run(request, form, follow, _("The follow-up has been saved.")):
                return redirect("youth:opinion", opinion_id=opinion.pk)
    raiser_hidden = selectors.raiser_hidden(raiser)
    selectors.log_opinion_read(request.user, opinion, request.path, raiser_shown=not raiser_hidden)
    context = record_context(
        request,
        opinion.unit,
        opinion=opinion,
        form=form,
        can_manage=can_manage,
        raiser_hidden=raiser_hidden,
        raiser_note=raiser.note if raiser_hidden else "",
        overdue=opinion.is_open and opinion.due_on < policy.today(),
    )
    return render(request, "youth/opinion_detail.html", context)


@policy.scoped_view
def opinion_edit(request, opinion_id):
    opinion = selectors.access_opinion(request.user, opinion_id, manage=True)
    unit = opinion.unit
    raiser = selectors.raiser_state(opinion)
    raiser_hidden = selectors.raiser_hidden(raiser)
    form = OpinionForm(
        request.POST or None,
        members=[] if raiser_hidden else selectors.member_choices(unit=unit),
        youths=[] if raiser_hidden else selectors.youth_choices(unit=unit),
        initial={
            "raised_on": opinion.raised_on,
            "source": opinion.source,
            "link": opinion.link,
            "topic": opinion.topic,
            "sentiment": opinion.sentiment,
            "raised_by": opinion.raised_by,
            "member": opinion.member_id,
            "youth": opinion.youth_id,
            "content": opinion.content,
        },
    )
    if raiser_hidden:
        # Who raised it may not be shown: the fields are not offered, and saving keeps
        # them as stored.
        del form.fields["raised_by"], form.fields["member"], form.fields["youth"]
    elif opinion.member_id and opinion.member not in selectors.member_choices(unit=unit):
        form.fields["member"].choices += [(str(opinion.member_id), opinion.member.full_name)]
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if raiser_hidden:
            data.update(raised_by=opinion.raised_by, member=opinion.member, youth=None)
        else:
            data["member"] = _person(Member, data.get("member"), unit)
            data["youth"] = _person(Youth, data.get("youth"), unit)

        def update():
            return services.opinion_update(actor=request.user, opinion=opinion, **data)

        if run(request, form, update, _("The opinion has been saved.")):
            return redirect("youth:opinion", opinion_id=opinion.pk)
    selectors.log_opinion_read(request.user, opinion, request.path, raiser_shown=not raiser_hidden)
    context = record_context(
        request,
        unit,
        form=form,
        opinion=opinion,
        raiser_hidden=raiser_hidden,
        raiser_note=raiser.note if raiser_hidden else "",
    )
    return render(request, "youth/opinion_form.html", context)


@policy.scoped_view
def opinion_summary(request, unit_id):
    """Counts by topic × status for the subtree and each direct sub-unit (no content)."""
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.CARE_VIEW, unit)
    form = YearForm(request.GET or None)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    summary = selectors.opinion_summary(unit=unit, year=year)
    whole = summary.whole
    biggest = summary.max_topic
    topics = []
    for code, label in Topic.choices:
        counts = whole.counts.get(code, {})
        total = whole.topic_total(code)
        topics.append(
            {
                "code": code,
                "label": label,
                "total": total,
                "segments": [
                    {
                        "status": status,
                        "label": status_label,
                        "count": counts.get(status, 0),
                        "width": _width(counts.get(status, 0), biggest),
                    }
                    for status, status_label in OpinionStatus.choices
                    if counts.get(status, 0)
                ],
                "statuses": [counts.get(status, 0) for status, _label in OpinionStatus.choices],
            }
        )
    children = [
        {
            "unit": row.unit,
            "total": row.total,
            "topics": [row.topic_total(code) for code, _label in Topic.choices],
            "open": row.status_total("new") + row.status_total("handling"),
        }
        for row in summary.children
    ]
    context = unit_context(
        request,
        unit,
        form=form,
        year=year,
        summary=summary,
        topics=topics,
        children=children,
        topic_labels=[label for _code, label in Topic.choices],
        statuses=OpinionStatus.choices,
        status_totals=[whole.status_total(s) for s, _label in OpinionStatus.choices],
        direct_total=summary.direct.total,
    )
    return render(request, "youth/summary.html", context)


def _width(count: int, biggest: int) -> int:
    """A bar's width in steps of 5% (CSS classes yw-0 … yw-100; no inline styles: CSP)."""
    if not count:
        return 0
    return max(5, round(100 * count / max(biggest, 1) / 5) * 5)


@policy.scoped_view
def member_opinions(request, member_id):
    """The member page's panel: opinions this member raised (members.sensitive and the
    member's consent to opinions under their name; logged)."""
    member = member_selectors.access_member(request.user, member_id, cap=Cap.MEMBERS_SENSITIVE)
    data = selectors.member_opinions(actor=request.user, member=member, request_path=request.path)
    context = record_context(request, member.unit, member=member, **data)
    return render_page(request, "youth/member_opinions.html", context, partial="panel")
