"""Survey pages: a unit's surveys, a new survey, the survey's page (questions while it is
a draft, then results charted), turning a text answer into an opinion, and the member's
own pages to answer."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.members.selectors import require_own_member

from .. import selectors, services
from ..forms import AnswerForm, AnswerOpinionForm, QuestionForm, SurveyForm
from ..models import SurveyQuestion
from ._common import choose_unit, int_or_none, record_context, run, unit_context
from .opinions import _width


@policy.user_view
def surveys_home(request):
    return choose_unit(request, "youth:surveys")


@policy.scoped_view
def survey_list(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.CARE_VIEW, unit)
    context = unit_context(
        request,
        unit,
        surveys=selectors.survey_list(unit=unit),
        today=policy.today(),
        can_manage=unit.is_active and policy.can(request.user, Cap.CARE_MANAGE, unit),
    )
    return render(request, "youth/survey_list.html", context)


@policy.scoped_view
def survey_new(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    policy.require(request.user, Cap.CARE_MANAGE, unit)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def create():
            return services.survey_create(actor=request.user, unit=unit, **form.cleaned_data)

        survey = run(request, form, create, _("The survey has been created; add its questions."))
        if survey:
            return redirect("youth:survey", survey_id=survey.pk)
    return render(request, "youth/survey_form.html", unit_context(request, unit, form=form))


@policy.scoped_view
def survey_detail(request, survey_id):
    survey = selectors.access_survey(request.user, survey_id)
    path = survey.unit_path
    can_manage = policy.can_at_path(request.user, Cap.CARE_MANAGE, path)
    can_sensitive = policy.can_at_path(request.user, Cap.MEMBERS_SENSITIVE, path)
    draft = survey.published_at is None
    question_form = QuestionForm(request.POST if request.POST.get("action") == "add" else None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "add" and question_form.is_valid():

            def add():
                return services.survey_question_add(
                    actor=request.user, survey=survey, **question_form.cleaned_data
                )

            if run(request, question_form, add, _("The question has been added.")):
                return redirect("youth:survey", survey_id=survey.pk)
        elif action in ("remove", "publish"):
            try:
                if action == "remove":
                    question = SurveyQuestion.objects.filter(
                        survey=survey, pk=int_or_none(request.POST.get("question"))
                    ).first()
                    if question is None:
                        raise Http404
                    services.survey_question_remove(actor=request.user, question=question)
                    messages.success(request, _("The question has been removed."))
                else:
                    services.survey_publish(actor=request.user, survey=survey)
                    messages.success(request, _("The survey has been sent to the members."))
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            return redirect("youth:survey", survey_id=survey.pk)
    results = None
    if not draft:
        results = selectors.survey_results(survey=survey, with_texts=can_sensitive)
        for result in results.questions:
            for bar in result.bars:
                bar.width = _width(bar.percent, 100)
        if can_sensitive and any(r.texts for r in results.questions):
            policy.log_sensitive_read(
                actor=request.user,
                subject_type="youth.survey",
                subject_id=survey.pk,
                subject_label=survey.title,
                unit_path=path,
                fields=["text_answers"],
                purpose="survey results",
                request_path=request.path,
            )
    context = record_context(
        request,
        survey.unit,
        survey=survey,
        draft=draft,
        questions=list(survey.questions.all()) if draft else [],
        question_form=question_form,
        results=results,
        can_manage=can_manage,
        can_sensitive=can_sensitive,
        opinion_form=AnswerOpinionForm(auto_id=False) if can_manage and can_sensitive else None,
        is_open=services.survey_is_open(survey),
    )
    return render(request, "youth/survey_detail.html", context)


@policy.scoped_view
def answer_to_opinion(request, survey_response_id):
    response = selectors.access_response(request.user, survey_response_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = AnswerOpinionForm(request.POST)
    target = redirect("youth:survey", survey_id=response.survey_id)
    if not form.is_valid():
        messages.error(request, _("Choose the topic and the sentiment."))
        return target
    question = SurveyQuestion.objects.filter(
        survey=response.survey, pk=form.cleaned_data["question"]
    ).first()
    if question is None:
        raise Http404
    try:
        opinion = services.survey_answer_to_opinion(
            actor=request.user,
            response=response,
            question=question,
            topic=form.cleaned_data["topic"],
            sentiment=form.cleaned_data["sentiment"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return target
    messages.success(request, _("The answer is now in the opinion register."))
    return redirect("youth:opinion", opinion_id=opinion.pk)


@policy.user_view
def my_surveys(request):
    member = require_own_member(request.user)
    surveys = selectors.surveys_for_member(member=member)
    today = policy.today()
    for survey in surveys:
        survey.is_open = services.survey_is_open(survey, today)
    return render(request, "youth/my_surveys.html", {"member": member, "surveys": surveys})


@policy.user_view
def my_survey(request, survey_id):
    member = require_own_member(request.user)
    survey = selectors.own_survey(member=member, survey_id=survey_id)
    questions = list(survey.questions.all())
    answered = survey.responses.filter(member=member).exists()
    form = AnswerForm(request.POST or None, questions=questions)
    if request.method == "POST" and not answered and form.is_valid():

        def answer():
            return services.survey_answer(
                actor=request.user, member=member, survey=survey, answers=form.answers()
            )

        if run(request, form, answer, _("Thank you: your answers have been recorded.")):
            return redirect("youth:my_surveys")
    context = {
        "member": member,
        "survey": survey,
        "form": form,
        "answered": answered,
        "is_open": services.survey_is_open(survey),
    }
    return render(request, "youth/my_survey.html", context)
