"""Short surveys a unit sends to the members of its subtree, answered from "My pages"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.paths import is_within
from chudong.members.models import Member
from chudong.orgs.models import Unit

from ..models import Opinion, QuestionKind, Survey, SurveyQuestion, SurveyResponse
from ._common import (
    check_not_before,
    clean_block,
    clean_text,
    require_active,
    require_at_path,
    set_actor,
    today,
)
from .opinions import opinion_record, require_opinion_write

MAX_QUESTIONS = 20
MAX_CHOICES = 10
MAX_TEXT_ANSWER = 500


def _check_dates(opens_on: dt.date, closes_on: dt.date) -> None:
    if opens_on is None:
        raise ValidationError({"opens_on": _("Enter the date.")})
    if closes_on is None:
        raise ValidationError({"closes_on": _("Enter the date.")})
    check_not_before(closes_on, opens_on, "closes_on", _("the opening day"))


@transaction.atomic
def survey_create(
    *,
    actor: Any,
    unit: Unit,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    description: str = "",
) -> Survey:
    """A new survey of `unit` for the members of its subtree (care.manage over it); it
    reaches them once questions are added and it is sent (survey_publish)."""
    policy.require(actor, Cap.CARE_MANAGE, unit)
    require_active(unit)
    title = clean_text(title)
    if not title:
        raise ValidationError({"title": _("Give the survey a title.")})
    _check_dates(opens_on, closes_on)
    survey = Survey(
        unit=unit,
        unit_path=unit.path,
        title=title,
        description=clean_block(description),
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=actor,
    )
    survey.full_clean()
    set_actor(actor, survey)
    survey.save()
    return survey


def _require_draft(actor: Any, survey: Survey) -> Survey:
    require_at_path(actor, Cap.CARE_MANAGE, survey.unit_path)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.published_at is not None:
        raise ValidationError(_("The survey has been sent; its questions can no longer change."))
    return survey


def parse_choices(raw: str | list[str]) -> list[str]:
    lines = raw if isinstance(raw, list) else (raw or "").splitlines()
    seen: list[str] = []
    for line in lines:
        text = clean_text(line)
        if text and text not in seen:
            seen.append(text)
    return seen


@transaction.atomic
def survey_question_add(
    *, actor: Any, survey: Survey, text: str, kind: str, choices: Any = "", required: bool = True
) -> SurveyQuestion:
    """Add a question while the survey is not sent. Choice questions take 2 to 10
    different choices (one per line)."""
    survey = _require_draft(actor, survey)
    text = clean_text(text)
    if not text:
        raise ValidationError({"text": _("Write the question.")})
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": _("Choose how the question is answered.")})
    options = parse_choices(choices) if kind != QuestionKind.TEXT else []
    if kind != QuestionKind.TEXT and not 2 <= len(options) <= MAX_CHOICES:
        raise ValidationError(
            {"choices": _("Give between 2 and %d different choices, one per line.") % MAX_CHOICES}
        )
    count = survey.questions.count()
    if count >= MAX_QUESTIONS:
        raise ValidationError(_("A short survey has at most %d questions.") % MAX_QUESTIONS)
    last = survey.questions.aggregate(n=Max("position"))["n"] or 0
    question = SurveyQuestion(
        survey=survey, position=last + 1, text=text, kind=kind, choices=options, required=required
    )
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def survey_question_remove(*, actor: Any, question: SurveyQuestion) -> None:
    _require_draft(actor, question.survey)
    question.delete()


@transaction.atomic
def survey_publish(*, actor: Any, survey: Survey) -> Survey:
    """Send the survey to the members of the unit's subtree (care.manage)."""
    survey = _require_draft(actor, survey)
    if not survey.questions.exists():
        raise ValidationError(_("Add at least one question before sending the survey."))
    if survey.closes_on < today():
        raise ValidationError({"closes_on": _("The survey closed on a past day; change it.")})
    survey.published_at = timezone.now()
    set_actor(actor, survey)
    survey.save(update_fields=["published_at", "updated_at"])
    return survey


def survey_is_open(survey: Survey, day: dt.date | None = None) -> bool:
    day = day or today()
    return survey.published_at is not None and survey.opens_on <= day <= survey.closes_on


def _clean_answer(question: SurveyQuestion, raw: Any) -> Any:
    """The stored form of one answer: a choice index, a sorted list of them, or text;
    None when unanswered. Raises ValidationError keyed "q<id>"."""
    key = f"q{question.pk}"
    if question.kind == QuestionKind.TEXT:
        value = clean_block(raw if isinstance(raw, str) else "")
        if len(value) > MAX_TEXT_ANSWER:
            raise ValidationError(
                {key: _("Keep the answer under %d characters.") % MAX_TEXT_ANSWER}
            )
        return value or None
    values = raw if isinstance(raw, list | tuple) else ([raw] if raw not in (None, "") else [])
    try:
        picked = sorted({int(v) for v in values})
    except (TypeError, ValueError):
        raise ValidationError({key: _("Choose among the answers offered.")}) from None
    if any(not 0 <= i < len(question.choices) for i in picked):
        raise ValidationError({key: _("Choose among the answers offered.")})
    if question.kind == QuestionKind.SINGLE:
        if len(picked) > 1:
            raise ValidationError({key: _("Choose one answer.")})
        return picked[0] if picked else None
    return picked or None


@transaction.atomic
def survey_answer(
    *, actor: Any, member: Member, survey: Survey, answers: dict[int, Any]
) -> SurveyResponse:
    """A member answers a survey of their unit or a unit above it, once, while it is open.
    `member` is the actor's own record (members.selectors.require_own_member); `answers`
    maps question ids to a choice index, a list of indexes or a text."""
    if member.user_id != getattr(actor, "pk", None) or not member.is_current:
        raise Http404
    if not is_within(member.unit_path, survey.unit_path) or survey.published_at is None:
        raise Http404
    if not survey_is_open(survey):
        raise ValidationError(_("This survey is not open for answers today."))
    if SurveyResponse.objects.filter(survey=survey, member=member).exists():
        raise ValidationError(_("You have already answered this survey."))
    stored: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    for question in survey.questions.all():
        try:
            value = _clean_answer(question, answers.get(question.pk))
        except ValidationError as error:
            errors.update(error.message_dict)
            continue
        if value is None:
            if question.required:
                errors[f"q{question.pk}"] = _("Answer this question.")
            continue
        stored[str(question.pk)] = value
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return SurveyResponse.objects.create(
                survey=survey, member=member, unit_path=member.unit_path, answers=stored
            )
    except IntegrityError:
        raise ValidationError(_("You have already answered this survey.")) from None


def survey_answer_to_opinion(
    *,
    actor: Any,
    response: SurveyResponse,
    question: SurveyQuestion,
    topic: str,
    sentiment: str = "neutral",
) -> Opinion:
    """Turn a member's text answer into an opinion record of the survey's unit, raised by
    that member (care.manage and members.sensitive over the survey's unit)."""
    survey = response.survey
    require_at_path(actor, Cap.CARE_MANAGE, survey.unit_path)
    require_opinion_write(actor, Opinion(unit_path=survey.unit_path))
    if question.survey_id != survey.pk or question.kind != QuestionKind.TEXT:
        raise ValidationError(_("Only a text answer can become an opinion."))
    text = response.answers.get(str(question.pk))
    if not text:
        raise ValidationError(_("This member did not answer that question."))
    ref = f"youth.survey:{survey.pk}:q{question.pk}"
    if Opinion.objects.filter(survey_response=response, source_ref=ref).exists():
        raise ValidationError(_("This answer is already in the opinion register."))
    return opinion_record(
        actor=actor,
        unit=survey.unit,
        source="survey",
        topic=topic,
        sentiment=sentiment,
        content=text,
        raised_on=timezone.localdate(response.answered_at),
        raised_by="member",
        member=response.member,
        source_ref=ref,
        survey_response=response,
    )
